"""The encrypted store: keying, wrong passphrases, damaged files, read-only folders, plaintext."""

from __future__ import annotations

import hashlib
import json
import os
import shlex
import shutil
import stat
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from iro_desktop.store import (
    MINIMUM_KDF,
    NotAStoreError,
    PassphrasePolicyError,
    Store,
    StoreExistsError,
    StoreNotFoundError,
    WrongPassphraseError,
    key_path_for,
    store_files,
)
from iro_desktop.store.models import Child, PeriodOfCare

from .conftest import PASSPHRASE

CHILD_NAME = "Quillon Marrowby"


def _add_child(store: Store, first: str = "Quillon", last: str = "Marrowby") -> str:
    with store.session() as session:
        child = Child(
            local_id=f"LA{abs(hash(first + last)) % 10**6:06d}",
            first_name=first,
            last_name=last,
            date_of_birth=date(2012, 4, 1),
        )
        child.periods.append(
            PeriodOfCare(
                start_date=date(2024, 1, 8),
                legal_status="C2",
                placement_type="U4",
                category_of_need="N1",
            )
        )
        session.add(child)
        session.flush()
        return child.id


def _digests(folder: Path) -> dict[str, str]:
    return {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.iterdir())
        if p.is_file()
    }


def test_round_trip_and_version_counter(store: Store, store_path: Path) -> None:
    child_id = _add_child(store)
    with store.session() as session:
        child = session.get(Child, child_id)
        assert child is not None and child.version == 1
        child.school = "Northmoor Academy"
    store.close()
    with Store.open(store_path, PASSPHRASE) as reopened, reopened.session() as session:
        child = session.get(Child, child_id)
        assert child is not None
        assert child.school == "Northmoor Academy"
        assert child.version == 2
        assert child.created_at.tzinfo is not None


def test_no_plaintext_in_store_wal_or_temp_files(store: Store, store_path: Path) -> None:
    _add_child(store)
    with store.session() as session:
        # Sorting a big result forces SQLite to use temporary storage: it must stay in memory.
        session.execute(select(Child).order_by(Child.last_name.desc())).all()
    folder = store_path.parent
    # While open: the WAL holds fresh pages.
    for path in folder.iterdir():
        if path.is_file():
            assert CHILD_NAME.split()[0].encode() not in path.read_bytes(), path.name
    store.close()
    for path in folder.iterdir():
        data = path.read_bytes()
        assert b"Quillon" not in data and b"Marrowby" not in data, path.name
        assert b"SQLite format 3" not in data[:16], path.name


def test_wrong_passphrase_is_refused_and_changes_nothing(store: Store, store_path: Path) -> None:
    _add_child(store)
    store.close()
    before = _digests(store_path.parent)
    with pytest.raises(WrongPassphraseError, match="not right"):
        Store.open(store_path, "this is not the passphrase")
    assert _digests(store_path.parent) == before


def test_missing_store_and_missing_key_file(store: Store, store_path: Path, tmp_path: Path) -> None:
    with pytest.raises(StoreNotFoundError, match="no store"):
        Store.open(tmp_path / "nowhere.irostore", PASSPHRASE)
    store.close()
    key_path_for(store_path).rename(tmp_path / "elsewhere.key")
    with pytest.raises(StoreNotFoundError, match="key file .* is missing"):
        Store.open(store_path, PASSPHRASE)


def test_file_that_is_not_a_store(tmp_path: Path) -> None:
    bogus = tmp_path / "notes.irostore"
    bogus.write_bytes(b"Dear diary, " * 1000)
    with pytest.raises(StoreNotFoundError, match="key file"):
        Store.open(bogus, PASSPHRASE)
    plain = tmp_path / "plain.irostore"
    import sqlite3

    sqlite3.connect(plain).execute("create table t(x)").connection.close()
    key_src = tmp_path / "other.irostore"
    Store.create(key_src, PASSPHRASE, kdf=MINIMUM_KDF).close()
    key_path_for(key_src).rename(key_path_for(plain))
    with pytest.raises(NotAStoreError, match="unencrypted SQLite"):
        Store.open(plain, PASSPHRASE)


def test_damaged_store_is_reported_not_opened(store: Store, store_path: Path) -> None:
    _add_child(store)
    store.close()
    data = bytearray(store_path.read_bytes())
    for offset in range(0, 64):
        data[offset] ^= 0xFF
    store_path.write_bytes(bytes(data))
    before = _digests(store_path.parent)
    with pytest.raises(NotAStoreError, match="damaged"):
        Store.open(store_path, PASSPHRASE)
    assert _digests(store_path.parent) == before


def test_key_file_from_another_store(store: Store, store_path: Path, tmp_path: Path) -> None:
    store.close()
    other = tmp_path / "other" / "b.irostore"
    Store.create(other, PASSPHRASE, kdf=MINIMUM_KDF).close()
    key_path_for(store_path).write_bytes(key_path_for(other).read_bytes())
    with pytest.raises(NotAStoreError):
        Store.open(store_path, PASSPHRASE)


def test_damaged_or_weakened_key_file(store: Store, store_path: Path) -> None:
    store.close()
    key_path = key_path_for(store_path)
    doc = json.loads(key_path.read_text())
    doc["kdf"]["memory_kib"] = 1024
    key_path.write_text(json.dumps(doc))
    with pytest.raises(NotAStoreError, match="weaker"):
        Store.open(store_path, PASSPHRASE)
    key_path.write_text("{not json")
    with pytest.raises(NotAStoreError, match="damaged"):
        Store.open(store_path, PASSPHRASE)


def _run_in_read_only_folder(folder: Path, script: str) -> subprocess.CompletedProcess[str]:
    """Run `script` with `folder` read-only: by permissions, or (as root, who ignores them)
    in a private mount namespace with a read-only bind mount, so nothing outside changes."""
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        if shutil.which("unshare") is None:
            pytest.skip("needs unshare to make a read-only folder as root")
        shell = (
            f"mount --bind {shlex.quote(str(folder))} {shlex.quote(str(folder))} && "
            f"mount -o remount,bind,ro {shlex.quote(str(folder))} && "
            f"exec {shlex.quote(sys.executable)} -c {shlex.quote(script)}"
        )
        cmd = ["unshare", "--mount", "--propagation", "private", "sh", "-c", shell]
        result = subprocess.run(cmd, capture_output=True, text=True, timeout=60)
        if "mount:" in result.stderr or "unshare:" in result.stderr:
            pytest.skip(f"cannot make a read-only mount here: {result.stderr.strip()}")
        return result
    folder.chmod(stat.S_IRUSR | stat.S_IXUSR)
    try:
        return subprocess.run(
            [sys.executable, "-c", script], capture_output=True, text=True, timeout=60
        )
    finally:
        folder.chmod(stat.S_IRWXU)


_OPEN_OR_CREATE = (
    "import sys\n"
    "from iro_desktop.store import Store, StoreError, MINIMUM_KDF\n"
    "try:\n"
    "    {call}\n"
    "except StoreError as exc:\n"
    "    print('ERR', type(exc).__name__, exc)\n"
    "    sys.exit(1)\n"
    "print('DONE')\n"
)


def test_read_only_folder_create_gives_a_clear_message(tmp_path: Path) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    call = f"Store.create({str(folder / 'x.irostore')!r}, {PASSPHRASE!r}, kdf=MINIMUM_KDF)"
    result = _run_in_read_only_folder(folder, _OPEN_OR_CREATE.format(call=call))
    assert "Traceback" not in result.stderr, result.stderr
    assert result.stdout.startswith("ERR StoreLockedError"), result.stdout + result.stderr
    assert "read-only" in result.stdout
    assert list(folder.iterdir()) == []


def test_read_only_folder_open_gives_a_clear_message(store: Store, store_path: Path) -> None:
    _add_child(store)
    store.close()
    folder = store_path.parent
    before = _digests(folder)
    call = f"Store.open({str(store_path)!r}, {PASSPHRASE!r})"
    result = _run_in_read_only_folder(folder, _OPEN_OR_CREATE.format(call=call))
    assert "Traceback" not in result.stderr, result.stderr
    assert result.stdout.startswith("ERR StoreLockedError"), result.stdout + result.stderr
    assert "read-only" in result.stdout
    assert _digests(folder) == before


def test_create_refuses_short_passphrase_and_existing_store(
    store: Store, store_path: Path, tmp_path: Path
) -> None:
    with pytest.raises(PassphrasePolicyError, match="12 characters"):
        Store.create(tmp_path / "short.irostore", "tooshort", kdf=MINIMUM_KDF)
    assert not (tmp_path / "short.irostore").exists()
    with pytest.raises(StoreExistsError):
        Store.create(store_path, PASSPHRASE, kdf=MINIMUM_KDF)


def test_change_passphrase_re_keys_the_database(store: Store, store_path: Path) -> None:
    """A new data key, not only a re-wrapped one: old key files stop working (test_rekey)."""
    _add_child(store)
    store.checkpoint()
    db_before = hashlib.sha256(store_path.read_bytes()).hexdigest()
    new = "a completely different passphrase"
    with pytest.raises(WrongPassphraseError):
        store.change_passphrase("wrong wrong wrong", new)
    store.change_passphrase(PASSPHRASE, new)
    store.close()
    assert hashlib.sha256(store_path.read_bytes()).hexdigest() != db_before
    with pytest.raises(WrongPassphraseError):
        Store.open(store_path, PASSPHRASE)
    with Store.open(store_path, new) as reopened, reopened.session() as session:
        assert session.scalar(select(Child.first_name)) == "Quillon"


def test_unit_of_work_rolls_back_everything(store: Store) -> None:
    with pytest.raises(RuntimeError), store.session() as session:
        session.add(
            Child(local_id="LA1", first_name="A", last_name="B", date_of_birth=date(2015, 1, 1))
        )
        session.flush()
        raise RuntimeError("boom")
    with store.session() as session:
        assert session.scalar(select(Child.id)) is None


def test_integrity_check_is_clean_and_durable_settings(store: Store) -> None:
    _add_child(store)
    assert store.integrity_check() == []
    with store.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
        assert conn.exec_driver_sql("PRAGMA temp_store").scalar() == 2  # MEMORY
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1


def test_store_files_lists_the_key(store_path: Path) -> None:
    assert key_path_for(store_path) in store_files(store_path)


def test_core_never_imports_qt() -> None:
    code = (
        "import iro_desktop, sys; import iro_desktop.store, iro_desktop.domain, "
        "iro_desktop.services.caseload, iro_desktop.cli; "
        "assert 'PySide6' not in sys.modules, 'Qt imported by the core'"
    )
    subprocess.run([sys.executable, "-c", code], check=True, timeout=60)


def test_a_read_that_turns_into_a_write_waits_instead_of_failing(store: Store) -> None:
    """Two units of work at once: the second waits for the first rather than failing."""
    import threading

    child_id = _add_child(store)
    started, release = threading.Event(), threading.Event()

    def slow_writer() -> None:
        with store.session() as session:
            child = session.get(Child, child_id)
            assert child is not None
            child.school = "First writer"
            started.set()
            release.wait(5)

    thread = threading.Thread(target=slow_writer)
    thread.start()
    started.wait(5)
    threading.Timer(0.3, release.set).start()
    with store.session() as session:  # begins only once the first has committed
        child = session.get(Child, child_id)
        assert child is not None and child.school == "First writer"
        child.school = "Second writer"
    thread.join()
    with store.read_session() as session:
        assert session.get(Child, child_id).school == "Second writer"  # type: ignore[union-attr]


def test_a_save_that_waits_out_the_busy_timeout_says_so_in_words(
    store: Store, store_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another writer keeps the store: the save waits its turn, then gives up in words.

    The other writer holds on until the test lets go, so the outcome never depends on the
    machine's speed; the short timeout only keeps the wait brief."""
    from iro_desktop.store import database
    from iro_desktop.store.errors import StoreBusyError

    _add_child(store)
    monkeypatch.setattr(database, "BUSY_TIMEOUT_SECONDS", 0.05)
    with Store.open(store_path, PASSPHRASE) as waiting, store.session() as holding:
        holding.add(
            Child(local_id="LA2", first_name="Hold", last_name="On", date_of_birth=date(2015, 1, 1))
        )
        holding.flush()  # the other writer has the write lock
        with (
            pytest.raises(StoreBusyError, match="another program") as busy,
            waiting.session() as session,
        ):
            session.add(
                Child(local_id="LA3", first_name="Wait", last_name="Ing",
                      date_of_birth=date(2015, 1, 1))
            )
        assert "not saved" in str(busy.value) and "try again" in str(busy.value)
    with store.read_session() as session:
        assert len(session.scalars(select(Child)).all()) == 2
