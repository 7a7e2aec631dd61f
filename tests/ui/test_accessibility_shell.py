"""Every control a keyboard can reach in the shell has a name a screen reader can say."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractSpinBox, QLabel, QWidget

from iro_desktop.services.unlock_policy import UnlockThrottle
from iro_desktop.store import MINIMUM_KDF, Store
from ui.shell.first_run_wizard import FirstRunWizard
from ui.shell.lock_controller import LockPage
from ui.shell.settings_dialog import SettingsDialog
from ui.shell.unlock_dialog import UnlockDialog


def unnamed_focusable(root: QWidget) -> list[str]:
    """Focusable widgets without an accessible name (a spin box's inner editor is covered
    by the spin box itself)."""
    missing = []
    for widget in [root, *root.findChildren(QWidget)]:
        if widget.focusPolicy() == Qt.FocusPolicy.NoFocus or isinstance(widget, QLabel):
            continue
        if isinstance(widget.parentWidget(), QAbstractSpinBox):
            continue
        if not widget.accessibleName().strip():
            missing.append(f"{type(widget).__name__} {widget.objectName()!r}")
    return missing


def test_wizard_pages(qtbot: Any) -> None:
    wizard = FirstRunWizard(kdf=MINIMUM_KDF)
    qtbot.addWidget(wizard)
    wizard.show()
    for page_id in wizard.pageIds():
        assert unnamed_focusable(wizard.page(page_id)) == [], f"page {page_id}"
    assert unnamed_focusable(wizard) == []


def test_unlock_dialog(qtbot: Any, tmp_path: Path, throttle: UnlockThrottle) -> None:
    dialog = UnlockDialog(tmp_path / "caseload.irostore", throttle=throttle)
    qtbot.addWidget(dialog)
    assert unnamed_focusable(dialog) == []


def test_lock_page(qtbot: Any) -> None:
    page = LockPage("caseload.irostore")
    qtbot.addWidget(page)
    assert unnamed_focusable(page) == []


def test_settings_dialog(qtbot: Any, store: Store) -> None:
    dialog = SettingsDialog(store)
    qtbot.addWidget(dialog)
    assert unnamed_focusable(dialog) == []


def test_fields_have_labels_pointing_at_them(qtbot: Any, store: Store) -> None:
    """Each labelled field is the buddy of its label, so Alt+letter reaches it."""
    dialog = SettingsDialog(store)
    qtbot.addWidget(dialog)
    buddies = {label.buddy() for label in dialog.findChildren(QLabel) if label.buddy()}
    for field in (*dialog.iro_edits.values(), *dialog.profile_edits.values(),
                  dialog.auto_lock, dialog.current_passphrase, dialog.folder_edit):
        assert field in buddies, field.accessibleName()
