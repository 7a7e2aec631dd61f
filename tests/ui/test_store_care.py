"""The store's care in the application: File → Back up now… makes a checked backup, a
restore puts one back, damage found on opening is shown at once, and a second window
cannot unlock a store the first has open."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication, QMessageBox
from sqlalchemy import select

from iro_desktop.store import Store
from iro_desktop.store.backup_catalogue import backups_of
from iro_desktop.store.instance_lock import APP, InstanceLock
from iro_desktop.store.integrity import DamageWarning
from iro_desktop.store.models import Child
from ui.shell.unlock_dialog import UnlockDialog

from .fixtures_main import PASSPHRASE
from .integration_fixtures import app_store, open_app, stop_editors  # noqa: F401


def _names(store: Store) -> list[str]:
    with store.read_session() as session:
        return sorted(session.scalars(select(Child.first_name)))


def _texts(window: Any) -> list[str]:
    return [a.text().replace("&", "") for a in window.file_menu.actions()]


def test_back_up_now_makes_a_checked_backup_from_the_file_menu(
    qtbot: Any, app_store: Store  # noqa: F811
) -> None:
    window, _lock = open_app(qtbot, app_store)
    try:
        assert {"Back up now…", "Restore from a backup…"} <= set(_texts(window))
        care = window.store_care
        care.back_up_action.trigger()
        qtbot.waitUntil(lambda: care.last_backup is not None and not care.busy, timeout=30_000)
        made = backups_of(app_store.store_id)
        assert [b.path for b in made] == [care.last_backup]
        assert care.last_backup.with_name(care.last_backup.name + ".key").is_file()
        boxes = [b for b in window.findChildren(QMessageBox) if b.isVisible()]
        assert boxes and "copied and checked" in boxes[0].text()
    finally:
        stop_editors(qtbot, window)


def test_damage_found_on_opening_is_shown_at_once(
    qtbot: Any, app_store: Store, tmp_path: Path  # noqa: F811
) -> None:
    app_store.open_warning = DamageWarning(app_store.path, ("a page failed its check",),
                                           None, tmp_path)
    window, _lock = open_app(qtbot, app_store)
    try:
        box = window.store_care.warn_if_damaged()
        assert box is not None and box.isVisible()
        assert box.windowTitle() == "This store is damaged"
        assert "a page failed its check" in box.text()
    finally:
        stop_editors(qtbot, window)


def test_a_restore_puts_the_backup_back_and_keeps_todays_store(
    qtbot: Any, app_store: Store, monkeypatch: pytest.MonkeyPatch  # noqa: F811
) -> None:
    exits: list[int] = []
    monkeypatch.setattr(QApplication, "exit", lambda code=0: exits.append(code))
    monkeypatch.setattr(QMessageBox, "information", lambda *_a, **_k: None)
    window, _lock = open_app(qtbot, app_store)
    try:
        care = window.store_care
        care.back_up_now()
        qtbot.waitUntil(lambda: care.last_backup is not None and not care.busy, timeout=30_000)
        backup, before = care.last_backup, _names(app_store)
        with app_store.session() as session:
            session.scalars(select(Child)).first().first_name = "Changed"  # type: ignore[union-attr]
        assert _names(app_store) != before
        care.restore(backup, PASSPHRASE)
        qtbot.waitUntil(lambda: exits == [0], timeout=30_000)
    finally:
        stop_editors(qtbot, window)
    again = Store.open(app_store.path, PASSPHRASE)
    try:
        assert _names(again) == before
        assert any(b.path.name.endswith("before-restore.irostore")
                   for b in backups_of(again.store_id))
    finally:
        again.close()


def test_a_second_window_cannot_unlock_a_store_the_first_has_open(
    qtbot: Any, app_store: Store  # noqa: F811
) -> None:
    path = app_store.path
    app_store.close()
    held = InstanceLock.acquire(path, kind=APP)
    try:
        dialog = UnlockDialog(path)
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.keyClicks(dialog.passphrase, PASSPHRASE)
        dialog.try_unlock()
        qtbot.waitUntil(lambda: "open in another" in dialog.message.text(), timeout=10_000)
        assert dialog.unlocked_store() is None
    finally:
        held.release()
