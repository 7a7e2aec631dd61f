"""The first-run wizard creates a working, encrypted store through its real widgets."""

from __future__ import annotations

import sys
import types
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWizard

from iro_desktop.paths import default_store_path, demo_store_path
from iro_desktop.services.caseload import load_caseload
from iro_desktop.services.profile import get_iro_details, profile_values
from iro_desktop.store import MINIMUM_KDF, Store
from ui.shell.first_run_wizard import CREATE, IRO, PASSPHRASE, PROFILE, FirstRunWizard

NEW_PASSPHRASE = "pebble orchard lantern vivid"


@pytest.fixture
def wizard(qtbot: Any) -> FirstRunWizard:
    wiz = FirstRunWizard(kdf=MINIMUM_KDF)
    qtbot.addWidget(wiz)
    wiz.show()
    return wiz


def click(qtbot: Any, wizard: FirstRunWizard, which: QWizard.WizardButton) -> None:
    button = wizard.button(which)
    assert button.isEnabled(), f"{button.text()} is disabled"
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def fill_passphrase(qtbot: Any, wizard: FirstRunWizard, text: str = NEW_PASSPHRASE) -> None:
    page = wizard.passphrase
    qtbot.keyClicks(page.fields.first, text)
    qtbot.keyClicks(page.fields.again, text)
    qtbot.mouseClick(page.understand, Qt.MouseButton.LeftButton)


def test_creates_a_store_with_the_iro_and_profile(qtbot: Any, wizard: FirstRunWizard) -> None:
    next_button = QWizard.WizardButton.NextButton
    assert wizard.welcome.real.isChecked()
    click(qtbot, wizard, next_button)
    assert wizard.currentId() == PASSPHRASE
    fill_passphrase(qtbot, wizard)
    click(qtbot, wizard, next_button)
    assert wizard.currentId() == IRO
    assert not wizard.button(next_button).isEnabled(), "the IRO's name is required"
    qtbot.keyClicks(wizard.iro.name, "Sam Example")
    qtbot.keyClicks(wizard.iro.email, "sam.example@example.gov.uk")
    qtbot.keyClicks(wizard.iro.team, "Children in Care IRO Team")
    click(qtbot, wizard, next_button)
    assert wizard.currentId() == PROFILE
    qtbot.keyClicks(wizard.profile.edits["local_authority"], "Exampleshire County Council")
    qtbot.keyClicks(wizard.profile.edits["advocacy_name"], "Example Advocacy")
    qtbot.keyClicks(wizard.profile.edits["complaints_email"], "complaints@example.gov.uk")
    click(qtbot, wizard, next_button)
    assert wizard.currentId() == CREATE
    qtbot.waitUntil(lambda: wizard.created_store() is not None, timeout=10_000)
    assert not wizard.button(QWizard.WizardButton.BackButton).isEnabled()
    click(qtbot, wizard, QWizard.WizardButton.FinishButton)
    assert wizard.result() == QWizard.DialogCode.Accepted
    assert not wizard.is_demo()

    created = wizard.created_store()
    assert created is not None
    assert created.path == default_store_path()
    created.close()
    assert default_store_path().is_file()
    with Store.open(default_store_path(), NEW_PASSPHRASE) as reopened:
        assert get_iro_details(reopened).name == "Sam Example"
        assert get_iro_details(reopened).team == "Children in Care IRO Team"
        values = profile_values(reopened)
        assert values["local_authority"] == "Exampleshire County Council"
        assert values["advocacy_name"] == "Example Advocacy"
        assert values["complaints_email"] == "complaints@example.gov.uk"


def test_short_passphrase_keeps_next_disabled(qtbot: Any, wizard: FirstRunWizard) -> None:
    click(qtbot, wizard, QWizard.WizardButton.NextButton)
    page = wizard.passphrase
    qtbot.keyClicks(page.fields.first, "too short")
    qtbot.keyClicks(page.fields.again, "too short")
    qtbot.mouseClick(page.understand, Qt.MouseButton.LeftButton)
    assert not wizard.button(QWizard.WizardButton.NextButton).isEnabled()
    assert page.fields.message.isVisible()
    assert "at least 12" in page.fields.message.text()


def test_mismatch_and_unticked_keep_next_disabled(qtbot: Any, wizard: FirstRunWizard) -> None:
    click(qtbot, wizard, QWizard.WizardButton.NextButton)
    page = wizard.passphrase
    next_button = wizard.button(QWizard.WizardButton.NextButton)
    qtbot.keyClicks(page.fields.first, NEW_PASSPHRASE)
    qtbot.keyClicks(page.fields.again, NEW_PASSPHRASE + "x")
    qtbot.mouseClick(page.understand, Qt.MouseButton.LeftButton)
    assert not next_button.isEnabled()
    assert "different" in page.fields.message.text()
    page.fields.again.clear()
    qtbot.keyClicks(page.fields.again, NEW_PASSPHRASE)
    assert next_button.isEnabled()
    qtbot.mouseClick(page.understand, Qt.MouseButton.LeftButton)
    assert not next_button.isEnabled(), "the warning must be acknowledged"


def test_common_passphrase_is_refused(qtbot: Any, wizard: FirstRunWizard) -> None:
    click(qtbot, wizard, QWizard.WizardButton.NextButton)
    page = wizard.passphrase
    qtbot.keyClicks(page.fields.first, "Password1234")
    assert "guessing tools" in page.fields.message.text().lower()
    assert page.fields.meter.word.text() == "Too weak"


def test_existing_store_is_not_overwritten(qtbot: Any, store: Store, store_path: Path) -> None:
    wiz = FirstRunWizard(kdf=MINIMUM_KDF, store_path=store_path)
    qtbot.addWidget(wiz)
    wiz.show()
    assert not wiz.button(QWizard.WizardButton.NextButton).isEnabled()
    assert "already a store" in wiz.welcome.message.text()


def test_demo_path_skips_the_iro_and_profile_pages(
    qtbot: Any, wizard: FirstRunWizard, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[int] = []

    def fake_generate(store: Store, children: int = 75, **kwargs: Any) -> None:
        calls.append(children)
        progress = kwargs.get("progress")
        if progress is not None:
            progress(children, children, "Adding fictional children…")

    module = types.ModuleType("iro_desktop.services.demo_data")
    module.generate_demo = fake_generate  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "iro_desktop.services.demo_data", module)

    qtbot.mouseClick(wizard.welcome.demo, Qt.MouseButton.LeftButton)
    assert wizard.is_demo()
    click(qtbot, wizard, QWizard.WizardButton.NextButton)
    fill_passphrase(qtbot, wizard)
    click(qtbot, wizard, QWizard.WizardButton.NextButton)
    assert wizard.currentId() == CREATE
    qtbot.waitUntil(lambda: wizard.created_store() is not None, timeout=10_000)
    assert calls == [75]
    created = wizard.created_store()
    assert created is not None
    assert created.path.name == "demo-caseload.irostore"
    created.close()


def test_the_example_passphrase_is_refused(qtbot: Any, wizard: FirstRunWizard) -> None:
    click(qtbot, wizard, QWizard.WizardButton.NextButton)
    qtbot.keyClicks(wizard.passphrase.fields.first, "Kettle violet harbour march")
    assert "guessing tools" in wizard.passphrase.fields.message.text()


def test_demo_path_fills_a_real_demo_store(qtbot: Any) -> None:
    wizard = FirstRunWizard(kdf=MINIMUM_KDF, demo_children=4)
    qtbot.addWidget(wizard)
    wizard.show()
    qtbot.mouseClick(wizard.welcome.demo, Qt.MouseButton.LeftButton)
    click(qtbot, wizard, QWizard.WizardButton.NextButton)
    fill_passphrase(qtbot, wizard)
    click(qtbot, wizard, QWizard.WizardButton.NextButton)
    qtbot.waitUntil(lambda: wizard.created_store() is not None, timeout=30_000)
    created = wizard.created_store()
    assert created is not None
    assert created.path == demo_store_path()
    assert len(load_caseload(created, date.today())) >= 4
    created.close()
