"""Settings save the profile and auto-lock time, and change the passphrase safely."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from iro_desktop.services.profile import (
    IroDetails,
    get_iro_details,
    get_setting,
    profile_values,
    set_iro_details,
)
from iro_desktop.services.unlock_policy import UnlockThrottle
from iro_desktop.store import Store, WrongPassphraseError
from tests.conftest import PASSPHRASE
from ui.common.widgets_common import plain
from ui.shell.app import install_shell_actions, open_settings
from ui.shell.lock_controller import LockController
from ui.shell.main_window import MainWindow
from ui.shell.settings_dialog import SettingsDialog

NEW_PASSPHRASE = "lantern quarry biscuit meadow"


@pytest.fixture
def dialog(qtbot: Any, store: Store) -> Iterator[SettingsDialog]:
    set_iro_details(store, IroDetails(name="Sam Example"))
    dlg = SettingsDialog(store)
    qtbot.addWidget(dlg)
    dlg.show()
    yield dlg


def save(qtbot: Any, dialog: SettingsDialog) -> None:
    with qtbot.waitSignal(dialog.saved, timeout=10_000):
        qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Save),
                         Qt.MouseButton.LeftButton)


def test_shows_what_is_stored(dialog: SettingsDialog) -> None:
    assert dialog.iro_edits["name"].text() == "Sam Example"
    assert dialog.auto_lock.value() == 5
    assert dialog.profile_edits["record_working_days"].value() == 15  # type: ignore[union-attr]


def test_saves_auto_lock_and_profile(qtbot: Any, dialog: SettingsDialog, store: Store,
                                     tmp_path: Path) -> None:
    dialog.auto_lock.clear()
    qtbot.keyClicks(dialog.auto_lock, "9")
    authority = dialog.profile_edits["local_authority"]
    qtbot.keyClicks(authority, "Exampleshire County Council")
    record_days = dialog.profile_edits["record_working_days"]
    record_days.setValue(10)  # type: ignore[union-attr]
    qtbot.keyClicks(dialog.iro_edits["team"], "North IRO team")
    dialog.folder_edit.setText(str(tmp_path))
    save(qtbot, dialog)
    assert dialog.auto_lock_minutes() == 9
    assert get_setting(store, "auto_lock_minutes") == "9"
    assert get_setting(store, "documents_folder") == str(tmp_path)
    values = profile_values(store)
    assert values["local_authority"] == "Exampleshire County Council"
    assert values["record_working_days"] == 10
    assert get_iro_details(store).team == "North IRO team"


def test_auto_lock_is_limited_to_fifteen_minutes(qtbot: Any, dialog: SettingsDialog) -> None:
    dialog.auto_lock.clear()
    qtbot.keyClicks(dialog.auto_lock, "60")
    assert dialog.auto_lock.value() <= 15


def test_problems_are_shown_and_nothing_typed_is_lost(
    qtbot: Any, dialog: SettingsDialog, store: Store
) -> None:
    dialog.iro_edits["name"].clear()
    qtbot.keyClicks(dialog.profile_edits["local_authority"], "Exampleshire")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible()
    assert "name is needed" in dialog.message.text()
    assert dialog.tabs.currentIndex() == 0
    assert dialog.profile_edits["local_authority"].text() == "Exampleshire"  # type: ignore[union-attr]
    assert get_iro_details(store).name == "Sam Example"

    qtbot.keyClicks(dialog.iro_edits["name"], "Sam Example")
    qtbot.keyClicks(dialog.profile_edits["advocacy_email"], "not-an-address")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert "advocacy email" in dialog.message.text()
    assert dialog.tabs.currentIndex() == 1


def test_a_failed_save_keeps_what_was_typed(
    qtbot: Any, dialog: SettingsDialog, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*_args: Any) -> None:
        raise ValueError("Working-day targets must be between 1 and 60.")

    monkeypatch.setattr("ui.shell.settings_dialog.update_profile", broken)
    qtbot.keyClicks(dialog.profile_edits["local_authority"], "Exampleshire")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.save_button.isEnabled(), timeout=10_000)
    assert dialog.isVisible()
    assert "Nothing was saved" in dialog.message.text()
    assert dialog.profile_edits["local_authority"].text() == "Exampleshire"  # type: ignore[union-attr]


def change(qtbot: Any, dialog: SettingsDialog, current: str, new: str) -> None:
    dialog.tabs.setCurrentIndex(3)
    qtbot.keyClicks(dialog.current_passphrase, current)
    qtbot.keyClicks(dialog.new_passphrase.first, new)
    qtbot.keyClicks(dialog.new_passphrase.again, new)
    assert dialog.change_button.isEnabled()
    qtbot.mouseClick(dialog.change_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog._changing, timeout=10_000)


def test_change_passphrase(qtbot: Any, dialog: SettingsDialog, store: Store,
                           store_path: Path) -> None:
    change(qtbot, dialog, PASSPHRASE, NEW_PASSPHRASE)
    assert "Passphrase changed" in dialog.change_message.text()
    assert dialog.current_passphrase.text() == ""
    with Store.open(store_path, NEW_PASSPHRASE) as reopened:
        assert get_iro_details(reopened).name == "Sam Example"
    with pytest.raises(WrongPassphraseError):
        Store.open(store_path, PASSPHRASE)


def test_wrong_current_passphrase_changes_nothing(
    qtbot: Any, dialog: SettingsDialog, store_path: Path
) -> None:
    change(qtbot, dialog, "this is not the passphrase", NEW_PASSPHRASE)
    assert "current passphrase is not right" in dialog.change_message.text()
    assert dialog.new_passphrase.passphrase() == NEW_PASSPHRASE
    Store.open(store_path, PASSPHRASE).close()


def test_weak_new_passphrase_cannot_be_submitted(qtbot: Any, dialog: SettingsDialog) -> None:
    qtbot.keyClicks(dialog.current_passphrase, PASSPHRASE)
    qtbot.keyClicks(dialog.new_passphrase.first, "short")
    qtbot.keyClicks(dialog.new_passphrase.again, "short")
    assert not dialog.change_button.isEnabled()
    assert "at least 12" in dialog.new_passphrase.message.text()


def test_shell_actions_and_settings_apply_the_auto_lock_time(
    qtbot: Any, store: Store, throttle: UnlockThrottle
) -> None:
    window = MainWindow(store)
    qtbot.addWidget(window)
    window.show()
    lock = LockController(window, store, throttle=throttle)
    install_shell_actions(window, store, lock)
    texts = [plain(a.text()) for a in window.file_menu.actions() if not a.isSeparator()]
    assert texts[-3:] == ["Settings…", "Lock", "Quit"]
    install_shell_actions(window, store, lock)
    assert [plain(a.text()) for a in window.file_menu.actions()].count("Quit") == 1

    dialog = open_settings(window, store, lock)
    qtbot.keyClicks(dialog.iro_edits["name"], "Sam Example")
    dialog.auto_lock.setValue(11)
    save(qtbot, dialog)
    assert lock.timeout_ms == 11 * 60_000
    qtbot.waitUntil(lambda: not window.is_loading(), timeout=10_000)
