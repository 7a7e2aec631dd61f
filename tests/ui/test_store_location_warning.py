"""The IRO is warned, in the wizard and at each start, when the store is in a synced folder."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QMainWindow, QWizard

from iro_desktop.store import MINIMUM_KDF
from ui.shell.app import warn_about_location
from ui.shell.first_run_wizard import FirstRunWizard


def test_the_wizard_warns_but_lets_the_iro_go_on(qtbot: Any, tmp_path: Path) -> None:
    synced = tmp_path / "OneDrive - Northmoor Council" / "caseload.irostore"
    wizard = FirstRunWizard(store_path=synced, kdf=MINIMUM_KDF)
    qtbot.addWidget(wizard)
    wizard.show()
    page = wizard.page(wizard.currentId())
    warning = page.location_warning  # type: ignore[attr-defined]
    assert warning.isVisible()
    assert "OneDrive" in warning.text() and "own disk" in warning.text()
    assert warning.property("tone") == "warning"
    assert wizard.button(QWizard.WizardButton.NextButton).isEnabled()
    page.demo.setChecked(True)  # type: ignore[attr-defined]
    assert not warning.isVisible()


def test_no_warning_for_the_default_place(qtbot: Any, tmp_path: Path) -> None:
    wizard = FirstRunWizard(store_path=tmp_path / "caseload.irostore", kdf=MINIMUM_KDF)
    qtbot.addWidget(wizard)
    wizard.show()
    assert not wizard.page(wizard.currentId()).location_warning.isVisible()  # type: ignore[attr-defined]


def test_each_start_warns_about_a_store_on_a_share(qtbot: Any) -> None:
    window = QMainWindow()
    qtbot.addWidget(window)
    box = warn_about_location(window, Path("\\\\fileserver\\iro\\caseload.irostore"))
    assert box is not None and "network folder" in box.text()
    box.close()
    assert warn_about_location(window, Path("/home/jo/caseload.irostore")) is None
