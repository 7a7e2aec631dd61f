"""The whole application as the IRO meets it after unlocking, for the integration tests.

A store with the IRO's details, a complete service profile (minutes need the advocacy and
complaints contacts) and the small fictional caseload of ``fixtures_main``; the window is
opened by the shell's own ``open_main_window``, with its lock and File menu entries.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from iro_desktop.services.profile import IroDetails, set_iro_details, update_profile
from iro_desktop.store import MINIMUM_KDF, Store
from ui.review.review_editor import ReviewEditor

from .fixtures_main import CHILDREN, PASSPHRASE, TODAY, add_test_child

PROFILE = {
    "local_authority": "Exampleshire County Council",
    "service_name": "Exampleshire IRO Service", "service_phone": "01632 960000",
    "advocacy_name": "Example Advocacy", "advocacy_phone": "0808 000 0000",
    "complaints_name": "Exampleshire Complaints Unit",
    "complaints_email": "complaints@example.gov.uk",
}


def fill_store(store: Store, profile: bool = True) -> None:
    set_iro_details(store, IroDetails(name="Pat Reviewer", email="pat@example.org",
                                      phone="01632 960001"))
    if profile:
        update_profile(store, PROFILE)
    for first, last, local_id, worker, start, held in CHILDREN:
        add_test_child(store, first, last, local_id, worker, start, held)


@pytest.fixture
def app_store(tmp_path: Path) -> Iterator[Store]:
    store = Store.create(tmp_path / "caseload.irostore", PASSPHRASE, kdf=MINIMUM_KDF)
    try:
        fill_store(store)
        yield store
    finally:
        store.close()


def open_app(qtbot: Any, store: Store, *, offer_drafts: bool = True) -> tuple[Any, Any]:
    """The window and its lock controller, shown, active and loaded."""
    from ui.shell.app import open_main_window

    window, lock = open_main_window(store, lambda: TODAY, offer_drafts=offer_drafts)
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.activateWindow()
    qtbot.waitExposed(window)
    qtbot.waitUntil(lambda: not window.is_loading(), timeout=10_000)
    return window, lock


def open_child_from_caseload(qtbot: Any, window: Any, local_id: str) -> Any:
    """Select the child's row in the caseload and press Enter, as an IRO would."""
    view = window.caseload
    proxy = view.proxy
    row = next(r for r in range(proxy.rowCount())
               if any(proxy.index(r, c).data() == local_id for c in range(proxy.columnCount())))
    view.table.setFocus()
    view.table.setCurrentIndex(proxy.index(row, 0))
    qtbot.keyClick(view.table, Qt.Key.Key_Return)
    record = window.tabs.currentWidget()
    qtbot.waitUntil(lambda: record.overview is not None and not record._saving, timeout=10_000)
    return record


def current_editor(qtbot: Any, window: Any) -> ReviewEditor:
    qtbot.waitUntil(lambda: isinstance(window.tabs.currentWidget(), ReviewEditor),
                    timeout=10_000)
    editor = window.tabs.currentWidget()
    assert isinstance(editor, ReviewEditor)
    return editor


def stop_editors(qtbot: Any, window: Any) -> None:
    """Stop the autosave timers so no write starts after the store is closed."""
    from ui.common.workers import tasks_running

    for editor in window.reviews.editors():
        editor.autosaver.stop()
    qtbot.waitUntil(lambda: tasks_running() == 0, timeout=10_000)
