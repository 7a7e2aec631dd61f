"""Restoring a backup: checked first, the current store kept, then replaced; and the CLI."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from iro_desktop.cli import main
from iro_desktop.store import Store, WrongPassphraseError, key_path_for
from iro_desktop.store.backup import BackupError, backup_store
from iro_desktop.store.backup_catalogue import backups_of, parse_backup_name
from iro_desktop.store.instance_lock import InstanceLock, StoreInUseError
from iro_desktop.store.restore import restore_backup

from .conftest import PASSPHRASE
from .test_backup import _children
from .test_integrity import damage_middle
from .test_store import _add_child


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def one_then_two(store: Store) -> tuple[Path, Path]:
    """A backup holding one child, and the store (closed) holding two."""
    _add_child(store, "Ada", "One")
    made = backup_store(store)
    _add_child(store, "Ben", "Two")
    store.close()
    return made, store.path


def test_restore_puts_the_backup_back_and_keeps_the_store_as_it_was(
    one_then_two: tuple[Path, Path],
) -> None:
    made, path = one_then_two
    result = restore_backup(made, path, PASSPHRASE)
    assert _children(path) == 1
    assert result.previous is not None and _children(result.previous) == 2
    parsed = parse_backup_name(result.previous)
    assert parsed is not None and parsed.reason == "before-restore"
    assert not result.other_store
    leftovers = [p.name for p in path.parent.iterdir() if ".restoring" in p.name]
    assert leftovers == []


def test_a_crash_left_wal_is_kept_in_the_before_restore_copy_not_replayed(
    store: Store,
) -> None:
    """After a crash the store's last saves may sit only in its WAL: the copy kept before
    restoring carries them, and the restored store is not mixed with them."""
    _add_child(store, "Ada", "One")
    made = backup_store(store)
    store.checkpoint()
    wal = store.path.with_name(store.path.name + "-wal")
    _add_child(store, "Ben", "Two")  # committed, in the WAL only
    crashed = store.path.read_bytes(), wal.read_bytes()
    store.close()  # folds the WAL in: put the files back as a crash would have left them
    store.path.write_bytes(crashed[0])
    wal.write_bytes(crashed[1])
    result = restore_backup(made, store.path, PASSPHRASE)
    assert _children(store.path) == 1
    assert result.previous is not None
    assert result.previous.with_name(result.previous.name + "-wal").exists()
    assert _children(result.previous) == 2


def test_restore_onto_a_new_laptop_where_there_is_no_store(
    one_then_two: tuple[Path, Path], tmp_path: Path
) -> None:
    made, _ = one_then_two
    new_home = tmp_path / "new-laptop" / "caseload.irostore"
    result = restore_backup(made, new_home, PASSPHRASE)
    assert result.previous is None
    assert _children(new_home) == 1


def test_restore_refuses_while_the_store_is_open_elsewhere(
    one_then_two: tuple[Path, Path],
) -> None:
    made, path = one_then_two
    before = _digest(path)
    with InstanceLock.acquire(path), pytest.raises(StoreInUseError, match="another IRO"):
        restore_backup(made, path, PASSPHRASE)
    assert _digest(path) == before


def test_the_app_restores_with_the_lock_it_holds(one_then_two: tuple[Path, Path]) -> None:
    made, path = one_then_two
    with InstanceLock.acquire(path) as lock:
        restore_backup(made, path, PASSPHRASE, lock=lock)
        assert lock.held
    assert _children(path) == 1


def test_a_damaged_backup_changes_nothing(one_then_two: tuple[Path, Path]) -> None:
    made, path = one_then_two
    damage_middle(made)
    before = _digest(path)
    with pytest.raises(BackupError, match="is damaged"):
        restore_backup(made, path, PASSPHRASE)
    assert _digest(path) == before
    assert [p.name for p in path.parent.iterdir() if ".restoring" in p.name] == []


def test_the_backup_opens_with_its_own_passphrase(one_then_two: tuple[Path, Path]) -> None:
    made, path = one_then_two
    with pytest.raises(WrongPassphraseError, match="when the backup was made"):
        restore_backup(made, path, "not the passphrase at all")


def test_a_backup_without_its_key_file_is_refused(one_then_two: tuple[Path, Path]) -> None:
    made, path = one_then_two
    key_path_for(made).unlink()
    with pytest.raises(Exception, match="key file"):
        restore_backup(made, path, PASSPHRASE)
    assert _children(path) == 2


def test_iro_backup_and_restore(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("IRO_PASSPHRASE", PASSPHRASE)
    _add_child(store, "Ada", "One")
    store.close()
    usb = tmp_path / "usb"
    assert main(["backup", "--store", str(store.path), "--to", str(usb)]) == 0
    out = capsys.readouterr().out
    [made] = backups_of(store.store_id, usb)
    assert str(made.path) in out and "Checked" in out
    with Store.open(store.path, PASSPHRASE) as reopened:
        _add_child(reopened, "Ben", "Two")
    assert main(["restore", str(made.path), "--store", str(store.path)]) == 0
    out = capsys.readouterr().out
    assert "Restored" in out and "kept as" in out
    assert _children(store.path) == 1


def test_the_unlock_record_travels_with_the_key_file(store: Store) -> None:
    """The record of failed unlocks is bound to the key file: backed up with it, put back
    with it, and a record that would not match the restored key file is not left behind."""
    from iro_desktop.store.backup_catalogue import throttle_path

    throttle_path(store.path).write_bytes(b"record at backup time")
    made = backup_store(store)
    assert throttle_path(made).read_bytes() == b"record at backup time"
    throttle_path(store.path).write_bytes(b"record since")
    store.close()
    result = restore_backup(made, store.path, PASSPHRASE)
    assert throttle_path(store.path).read_bytes() == b"record at backup time"
    assert result.previous is not None
    assert throttle_path(result.previous).read_bytes() == b"record since"
    throttle_path(made).unlink()
    restore_backup(made, store.path, PASSPHRASE)
    assert not throttle_path(store.path).exists()
