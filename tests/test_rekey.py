"""Changing the passphrase re-keys the store: old key files stop working, nothing is lost,
an interrupted change is finished or rolled back when the store is next opened."""

from __future__ import annotations

import hashlib
import json
import shutil
import threading
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select

from iro_desktop.store import (
    NotAStoreError,
    PassphrasePolicyError,
    Store,
    WrongPassphraseError,
    key_path_for,
    rekey,
)
from iro_desktop.store.keyfile import KeyFile
from iro_desktop.store.models import Child
from iro_desktop.store.rekey import RekeyFiles
from iro_desktop.store.throttle_record import throttle_path_for

from .conftest import PASSPHRASE
from .keyfile_legacy import version_1_key_file

NEW = "pebble orchard lantern vivid"


def _add_child(store: Store, n: int) -> str:
    with store.session() as session:
        child = Child(local_id=f"RK{n:04d}", first_name="Ottilie", last_name=f"Brask{n}",
                      date_of_birth=date(2014, 3, 1))
        session.add(child)
        session.flush()
        return child.id


def _children(store: Store) -> int:
    with store.read_session() as session:
        return int(session.scalar(select(func.count()).select_from(Child)) or 0)


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_old_key_files_no_longer_open_the_store(
    store: Store, store_path: Path, tmp_path: Path
) -> None:
    _add_child(store, 1)
    old_key = tmp_path / "usb-stick-copy.key"
    shutil.copy2(key_path_for(store_path), old_key)
    store.checkpoint()
    db_before = _sha(store_path)
    store.change_passphrase(PASSPHRASE, NEW)
    store.close()
    assert _sha(store_path) != db_before, "the database itself must be re-encrypted"
    with Store.open(store_path, NEW) as reopened:
        assert _children(reopened) == 1
    with pytest.raises(WrongPassphraseError):
        Store.open(store_path, PASSPHRASE)
    # The old key file, with the old passphrase, unwraps the old data key: it opens nothing.
    shutil.copy2(old_key, key_path_for(store_path))
    with pytest.raises(NotAStoreError):
        Store.open(store_path, PASSPHRASE)


def test_store_stays_open_and_usable_after_the_change(store: Store, store_path: Path) -> None:
    _add_child(store, 1)
    store.change_passphrase(PASSPHRASE, NEW)
    _add_child(store, 2)
    assert store.verify_passphrase(NEW) and not store.verify_passphrase(PASSPHRASE)
    assert store.integrity_check() == []
    with store.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
    store.close()
    with Store.open(store_path, NEW) as reopened:
        assert _children(reopened) == 2
    assert sorted(p.name for p in store_path.parent.iterdir() if "rekey" in p.name) == []


def test_wrong_current_or_weak_new_passphrase_changes_nothing(
    store: Store, store_path: Path
) -> None:
    _add_child(store, 1)
    store.checkpoint()
    before = {p.name: _sha(p) for p in (store_path, key_path_for(store_path))}
    with pytest.raises(WrongPassphraseError):
        store.change_passphrase("not the passphrase at all", NEW)
    with pytest.raises(PassphrasePolicyError, match="Guessing tools"):
        store.change_passphrase(PASSPHRASE, "qwertyuiop12")
    assert {p.name: _sha(p) for p in (store_path, key_path_for(store_path))} == before
    assert _children(store) == 1


def test_progress_runs_from_nothing_to_everything(store: Store) -> None:
    from iro_desktop.services.demo_data import generate_demo

    generate_demo(store, children=20, years=2, seed=3)  # a store of a few megabytes
    seen: list[tuple[int, int]] = []
    store.change_passphrase(PASSPHRASE, NEW, progress=lambda done, total: seen.append(
        (done, total)))
    assert seen[0][0] == 0 and seen[-1][0] == seen[-1][1] > 0
    assert len(seen) >= 3
    assert all(0 <= done <= total for done, total in seen)
    assert [d for d, _ in seen[:-1]] == sorted(d for d, _ in seen[:-1])


def test_units_of_work_wait_for_the_change_and_land_in_the_new_store(
    store: Store, store_path: Path
) -> None:
    started, finished = threading.Event(), threading.Event()
    written: list[str] = []
    threads: list[threading.Thread] = []

    def save_during_change() -> None:
        started.set()
        written.append(_add_child(store, 99))
        finished.set()

    def on_progress(_done: int, _total: int) -> None:
        if not threads:
            threads.append(threading.Thread(target=save_during_change))
            threads[0].start()
            assert started.wait(30)
        assert not finished.is_set(), "a save ran while the store was being re-keyed"

    store.change_passphrase(PASSPHRASE, NEW, progress=on_progress)
    threads[0].join(30)
    assert written
    store.close()
    with Store.open(store_path, NEW) as reopened, reopened.read_session() as session:
        assert session.get(Child, written[0]) is not None


def test_uncommitted_leftovers_are_rolled_back_at_open(store: Store, store_path: Path) -> None:
    _add_child(store, 1)
    store.close()
    files = RekeyFiles.of(store_path)
    files.new_store.write_bytes(b"half a copy")
    files.new_key.write_bytes(b"{}")
    with Store.open(store_path, PASSPHRASE) as reopened:
        assert _children(reopened) == 1
    assert not files.new_store.exists() and not files.new_key.exists()


class _Killed(BaseException):
    """Stands for the process dying (it is not an Exception, so nothing catches it)."""


def _crash_after_commit(monkeypatch: pytest.MonkeyPatch) -> None:
    """The process dies just after the commit point, before any file is moved."""

    def die(_files: RekeyFiles) -> None:
        raise _Killed

    monkeypatch.setattr(rekey, "_finish", die)


def test_committed_change_is_finished_at_open(
    store: Store, store_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _add_child(store, 1)
    real_finish = rekey._finish
    _crash_after_commit(monkeypatch)
    with pytest.raises(_Killed):
        store.change_passphrase(PASSPHRASE, NEW)
    store.close()
    files = RekeyFiles.of(store_path)
    assert files.marker.exists() and files.new_store.exists() and files.new_key.exists()
    monkeypatch.setattr(rekey, "_finish", real_finish)
    with pytest.raises(WrongPassphraseError):
        Store.open(store_path, PASSPHRASE)  # recovery has now finished the change
    assert not files.marker.exists()
    with Store.open(store_path, NEW) as reopened:
        assert _children(reopened) == 1


def test_a_damaged_or_mismatched_commit_is_refused_not_guessed(
    store: Store, store_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_finish = rekey._finish
    _crash_after_commit(monkeypatch)
    with pytest.raises(_Killed):
        store.change_passphrase(PASSPHRASE, NEW)
    store.close()
    monkeypatch.setattr(rekey, "_finish", real_finish)
    files = RekeyFiles.of(store_path)
    good_key = files.new_key.read_bytes()
    files.new_key.write_bytes(key_path_for(store_path).read_bytes())
    with pytest.raises(NotAStoreError, match="does not match"):
        Store.open(store_path, NEW)
    files.new_key.write_bytes(good_key)
    marker = files.marker.read_bytes()
    files.marker.write_text("{garbled", encoding="utf-8")
    with pytest.raises(NotAStoreError, match="damaged"):
        Store.open(store_path, NEW)
    files.marker.write_bytes(marker)
    Store.open(store_path, NEW).close()


def test_a_version_1_key_file_is_re_keyed_to_version_2(
    store: Store, store_path: Path
) -> None:
    store.close()
    key_path = key_path_for(store_path)
    current = KeyFile.read(key_path)
    as_written_before = _as_version_1(current, current.unwrap(PASSPHRASE))
    as_written_before.write(key_path)
    assert json.loads(key_path.read_text())["version"] == 1
    throttle_path_for(store_path).unlink()
    with Store.open(store_path, PASSPHRASE) as reopened:
        reopened.change_passphrase(PASSPHRASE, NEW)
    doc = json.loads(key_path.read_text())
    assert doc["version"] == 2 and "throttle_key" in doc
    assert throttle_path_for(store_path).exists()


def _as_version_1(key_file: KeyFile, data_key: bytes) -> KeyFile:
    """What an earlier IRO Desktop wrote: no throttle key, the version 1 associated data."""
    return version_1_key_file(key_file, data_key, PASSPHRASE)
