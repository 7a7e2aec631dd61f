"""An import checks its rows without the store's write lock: the application's saves go on
meanwhile, and whatever they change is checked again in the one short write at the end.

Each test holds the import inside its check with events (never sleeps), does the other
work on another connection, then lets the import finish.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from iro_desktop.domain.child_rules import ChildDetails
from iro_desktop.exchange import import_apply
from iro_desktop.exchange.import_apply import import_file
from iro_desktop.exchange.import_result import ImportResult
from iro_desktop.exchange.import_validate import validate_rows
from iro_desktop.services.children import add_child, soft_delete_child
from iro_desktop.store import Store
from iro_desktop.store.models import Child, Iro, new_id

from .import_helpers import EXPECTED_NEW, TODAY, good_rows, store_digest, table_counts, write_xlsx

WAIT = 60  # seconds: only a safety net so a broken test fails instead of hanging


class HeldCheck:
    """Once armed, holds the first call of the import's row check until released, and
    counts the calls."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.inside, self.release = threading.Event(), threading.Event()
        self.armed = False
        self.calls = 0
        real = validate_rows

        def held(*args: Any, **kwargs: Any) -> Any:
            if self.armed:
                self.calls += 1
                if self.calls == 1:
                    self.inside.set()
                    assert self.release.wait(WAIT), "the test never released the import"
            return real(*args, **kwargs)

        monkeypatch.setattr(import_apply, "validate_rows", held)

    def start(self, run: Callable[[], ImportResult]) -> tuple[threading.Thread, dict[str, Any]]:
        """Run the import in a thread and return once it is held inside its check."""
        self.armed = True
        thread, outcome = _in_thread(run)
        assert self.inside.wait(WAIT), "the import never reached its check"
        return thread, outcome


def _in_thread(run: Callable[[], ImportResult]) -> tuple[threading.Thread, dict[str, Any]]:
    outcome: dict[str, Any] = {}

    def target() -> None:
        try:
            outcome["result"] = run()
        except BaseException as exc:  # noqa: BLE001 - handed to the test thread
            outcome["error"] = exc

    thread = threading.Thread(target=target, daemon=True)
    thread.start()
    return thread, outcome


def _finish(thread: threading.Thread, outcome: dict[str, Any]) -> ImportResult:
    thread.join(WAIT)
    assert not thread.is_alive(), "the import did not finish"
    if "error" in outcome:
        raise outcome["error"]
    result: ImportResult = outcome["result"]
    return result


@pytest.fixture
def held(monkeypatch: pytest.MonkeyPatch) -> Iterator[HeldCheck]:
    check = HeldCheck(monkeypatch)
    yield check
    check.release.set()


def test_a_save_completes_while_an_import_is_being_checked(store: Store, tmp_path: Path,
                                                           held: HeldCheck) -> None:
    path = write_xlsx(tmp_path / "history.xlsx", good_rows())
    thread, outcome = held.start(lambda: import_file(store, path, TODAY))

    with store.session() as session:  # the application saving: waits for no import
        session.add(Iro(id=new_id(), name="Saved meanwhile"))
    with store.read_session() as session:
        assert session.scalars(select(Iro.name).where(Iro.name == "Saved meanwhile")).one()

    held.release.set()
    result = _finish(thread, outcome)
    assert result.imported, [str(p) for p in result.problems]
    assert {n: c.new for n, c in result.counts.items()} == EXPECTED_NEW
    assert held.calls == 1, "nothing the rows depend on changed: no second check"


def test_a_child_removed_meanwhile_is_caught_by_the_check_in_the_write(
        store: Store, tmp_path: Path, held: HeldCheck) -> None:
    path = write_xlsx(tmp_path / "history.xlsx", good_rows())
    assert import_file(store, path, TODAY).imported
    thread, outcome = held.start(lambda: import_file(store, path, TODAY))

    with store.read_session() as session:
        child_id = session.scalars(select(Child.id).where(Child.local_id == "LA100002")).one()
    soft_delete_child(store, child_id, "Entered in error")
    before = store_digest(store)

    held.release.set()
    result = _finish(thread, outcome)
    assert not result.imported and held.calls == 2
    assert any((p.sheet, p.row, p.column) == ("children", 3, "local_id")
               and "was removed from this store" in p.reason for p in result.problems)
    assert store_digest(store) == before, "all or nothing, even after the second check"


def test_a_child_added_meanwhile_is_matched_not_duplicated(store: Store, tmp_path: Path,
                                                           held: HeldCheck) -> None:
    path = write_xlsx(tmp_path / "history.xlsx", good_rows())
    thread, outcome = held.start(lambda: import_file(store, path, TODAY))

    add_child(store, ChildDetails(
        local_id="LA100001", first_name="Tamsin", last_name="Reed",
        date_of_birth=date(2012, 5, 14), looked_after_from=date(2023, 1, 9),
        legal_status="C2", placement_type="U4", category_of_need="N1"), TODAY)

    held.release.set()
    result = _finish(thread, outcome)
    assert result.imported, [str(p) for p in result.problems]
    assert held.calls == 2
    assert result.counts["children"].new == 1 and result.counts["children"].updated == 1
    assert result.counts["periods"].new == 2, "the period added meanwhile is matched"
    assert table_counts(store)["child"] == 2


def test_a_dry_run_never_asks_for_the_write_lock(store: Store, tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "history.xlsx", good_rows())
    before = store_digest(store)
    with store.session() as session:  # another unit of work holds the write lock throughout
        session.add(Iro(id=new_id(), name="Holding the lock"))
        session.flush()
        thread, outcome = _in_thread(lambda: import_file(store, path, TODAY, dry_run=True))
        result = _finish(thread, outcome)
        assert result.problems == [] and not result.imported
        assert {n: c.new for n, c in result.counts.items()} == EXPECTED_NEW
    counts, children, reviews = store_digest(store)
    assert (children, reviews) == before[1:]
    assert dict(counts)["iro"] == dict(before[0])["iro"] + 1  # type: ignore[call-overload]
