"""Putting a backup back in place of the store.

In order, so that nothing is lost whatever fails:
 1. the store's lock is taken, so no window or command has the store open;
 2. the backup, its key file and the unlock record bound to it (when there is one) are
    copied beside the store under temporary names, and the copy is opened with the
    backup's key (unwrapped with the passphrase the store had when the backup was made)
    and checked; a damaged or wrong backup stops here with nothing changed;
 3. the store as it is now (database, any WAL, key file, unlock record) is kept as a
    `before-restore` backup, copied as it is: the store may be damaged, which is often
    why it is restored;
 4. the old WAL and shared-memory files are removed (SQLite would otherwise replay the old
    store's WAL into the restored file) and the checked copies are renamed over the key
    file, the unlock record and the store, then the folder is flushed.
Between the renames of step 4 the store and key file could briefly belong to different
copies; a crash exactly then is mended by restoring again (the `before-restore` backup
holds what was there).
"""

from __future__ import annotations

import contextlib
import logging
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from .atomic import atomic_copy, fsync_directory
from .backup import BackupError, reserve_backup_path
from .backup_catalogue import backup_folder, thin_backups, throttle_path
from .errors import StoreError, StoreNotFoundError, WrongPassphraseError
from .instance_lock import CLI, InstanceLock
from .integrity import run_checks, store_connection
from .keyfile import KeyFile, key_path_for

log = logging.getLogger(__name__)

_SQLITE_SIDE_FILES = ("-wal", "-shm", "-journal")


@dataclass(frozen=True)
class RestoreResult:
    store_path: Path
    restored_from: Path
    #: The store as it was before, kept as a backup; None when there was no store.
    previous: Path | None
    #: The backup came from a different store than the one it replaced.
    other_store: bool


def _side(path: Path, suffix: str) -> Path:
    return path.with_name(path.name + suffix)


def _remove_with_side_files(path: Path) -> None:
    for candidate in (path, *(_side(path, s) for s in _SQLITE_SIDE_FILES)):
        with contextlib.suppress(FileNotFoundError):
            candidate.unlink()


def _read_backup_key(backup: Path, passphrase: str) -> tuple[KeyFile, bytes]:
    if not backup.is_file():
        raise StoreNotFoundError(f"There is no backup at {backup}.")
    key_file = KeyFile.read(key_path_for(backup))
    try:
        return key_file, key_file.unwrap(passphrase)
    except WrongPassphraseError:
        raise WrongPassphraseError(
            f"The passphrase is not right for the backup {backup.name}. A backup opens "
            "with the passphrase the store had when the backup was made."
        ) from None


def _remove_staging(staging: Path) -> None:
    _remove_with_side_files(staging)
    for companion in (key_path_for(staging), throttle_path(staging)):
        with contextlib.suppress(FileNotFoundError):
            companion.unlink()


def _checked_copy(backup: Path, key_file: KeyFile, data_key: bytes, staging: Path) -> None:
    """The backup copied beside the store under a temporary name, and checked there."""
    from .database import JOURNAL_MODE, Store

    _remove_staging(staging)
    atomic_copy(backup, staging)
    atomic_copy(key_path_for(backup), key_path_for(staging))
    if throttle_path(backup).is_file():
        atomic_copy(throttle_path(backup), throttle_path(staging))
    copy = Store(staging, data_key, key_file, JOURNAL_MODE)
    try:
        problems = run_checks(lambda: store_connection(copy), thorough=False).problem_lines()
    finally:
        copy.close()
    for suffix in ("-wal", "-shm"):
        with contextlib.suppress(FileNotFoundError):
            _side(staging, suffix).unlink()
    if problems:
        raise BackupError(
            f"The backup {backup.name} is damaged ({problems[0]}); nothing was changed. "
            "Restore an older backup instead."
        )


def _keep_current(store_path: Path, folder: Path | None) -> Path:
    """Copy the store as it is, WAL and key file included, into the backups folder."""
    target_folder = backup_folder(folder)
    target = reserve_backup_path(target_folder, store_path.stem, "before-restore",
                                 datetime.now(UTC))
    atomic_copy(store_path, target)
    for suffix in ("-wal",):
        if _side(store_path, suffix).is_file():
            atomic_copy(_side(store_path, suffix), _side(target, suffix))
    for companion in (key_path_for, throttle_path):
        if companion(store_path).is_file():
            atomic_copy(companion(store_path), companion(target))
    return target


def _put_companions_in_place(staging: Path, store_path: Path) -> None:
    """The key file, and the unlock record bound to it: the backup's, or none (an old
    record would not match the restored key file)."""
    key_path_for(staging).replace(key_path_for(store_path))
    if throttle_path(staging).is_file():
        throttle_path(staging).replace(throttle_path(store_path))
    else:
        with contextlib.suppress(FileNotFoundError):
            throttle_path(store_path).unlink()


def _store_id(store_path: Path) -> str | None:
    try:
        return KeyFile.read(key_path_for(store_path)).store_id
    except StoreError:
        return None


def restore_backup(
    backup: Path,
    store_path: Path,
    passphrase: str,
    *,
    backup_dir: Path | None = None,
    lock: InstanceLock | None = None,
) -> RestoreResult:
    """Check the backup, keep the current store as a backup, then put the backup in place.

    The application passes the lock it took on unlocking (after closing its Store); the
    command takes the lock itself. Raises StoreInUseError when another program has the
    store, WrongPassphraseError, BackupError when the backup is damaged.
    """
    backup, store_path = backup.resolve(), store_path.resolve()
    if backup == store_path:
        raise BackupError("That is the store itself, not a backup of it.")
    key_file, data_key = _read_backup_key(backup, passphrase)
    store_path.parent.mkdir(parents=True, exist_ok=True)
    own_lock = lock is None
    held = lock or InstanceLock.acquire(store_path, kind=CLI, what="restore")
    staging = store_path.with_name(f".{store_path.name}.restoring")
    try:
        _checked_copy(backup, key_file, data_key, staging)
        old_id = _store_id(store_path)
        previous = _keep_current(store_path, backup_dir) if store_path.is_file() else None
        for suffix in _SQLITE_SIDE_FILES:
            with contextlib.suppress(FileNotFoundError):
                _side(store_path, suffix).unlink()
        _put_companions_in_place(staging, store_path)
        staging.replace(store_path)
        fsync_directory(store_path.parent)
    except BaseException:
        _remove_staging(staging)
        raise
    finally:
        if own_lock:
            held.release()
    if old_id is not None:
        thin_backups(old_id, backup_folder(backup_dir))
    log.info("Restored a backup over the store (kept the previous store: %s)", bool(previous))
    return RestoreResult(
        store_path=store_path,
        restored_from=backup,
        previous=previous,
        other_store=old_id is not None and old_id != key_file.store_id,
    )
