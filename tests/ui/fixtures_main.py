"""Fixtures for the main window tests: a small fictional caseload and a loaded window.

Imported by the test modules that use them (``from .fixtures_main import ...``).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from iro_desktop.domain.child_rules import ChildDetails
from iro_desktop.services.children import add_child
from iro_desktop.store import MINIMUM_KDF, Store
from iro_desktop.store.models import Review

PASSPHRASE = "correct horse battery staple"
TODAY = date(2026, 11, 26)

# name, id, social worker, looked after from, reviews held
CHILDREN = (
    ("Amelia", "Brown", "LA100", "Sam Worker", date(2026, 9, 1), ()),        # due 29 Sep: overdue
    ("Oliver", "Smith", "LA101", "Priya Patel", date(2026, 10, 29), ()),     # due 26 Nov: this week
    ("Olivia", "Jones", "LA102", "Sam Worker", date(2026, 11, 20), ()),      # due 18 Dec: month
    ("Noah", "Khan", "LA103", "Jo Bloggs", date(2026, 1, 5), (date(2026, 2, 1),)),  # 1 May: overdue
    ("Isla", "Green", "LA104", "Kim Lee", date(2026, 6, 1),
     (date(2026, 6, 25), date(2026, 9, 20))),                               # 20 Mar 2027
)


def add_test_child(store: Store, first: str, last: str, local_id: str, worker: str,
                   looked_after: date, held: tuple[date, ...] = (), today: date = TODAY) -> str:
    child_id = add_child(store, ChildDetails(
        local_id=local_id, first_name=first, last_name=last, date_of_birth=date(2014, 5, 17),
        gender="2", looked_after_from=looked_after, legal_status="C2", placement_type="U4",
        placement_provider="Example Fostering", category_of_need="N1",
        social_worker=worker, social_worker_team="Children in Care Team 1"), today)
    with store.session() as session:
        for number, on in enumerate(held, start=1):
            session.add(Review(child_id=child_id, period_id=None, number=number, status="held",
                               meeting_date=on))
    return child_id


@pytest.fixture
def main_store(tmp_path: Path) -> Iterator[Store]:
    store = Store.create(tmp_path / "t.irostore", PASSPHRASE, kdf=MINIMUM_KDF)
    try:
        for first, last, local_id, worker, start, held in CHILDREN:
            add_test_child(store, first, last, local_id, worker, start, held)
        yield store
    finally:
        store.close()


@pytest.fixture
def empty_store(tmp_path: Path) -> Iterator[Store]:
    store = Store.create(tmp_path / "t.irostore", PASSPHRASE, kdf=MINIMUM_KDF)
    try:
        yield store
    finally:
        store.close()


def open_window(qtbot: Any, store: Store, today: date = TODAY) -> Any:
    from ui.shell.main_window import MainWindow

    window = MainWindow(store, today=lambda: today)
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    qtbot.waitExposed(window)
    qtbot.waitUntil(lambda: not window.is_loading(), timeout=10_000)
    return window


@pytest.fixture
def window(qtbot: Any, main_store: Store) -> Any:
    return open_window(qtbot, main_store)


def wait_for_record(qtbot: Any, record: Any) -> None:
    """Wait until a child's record tab has loaded its overview."""
    qtbot.waitUntil(lambda: record.overview is not None and not record._saving, timeout=10_000)
