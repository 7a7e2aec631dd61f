"""Backups of the store: the encrypted database and its key file, made and checked together.

The copy is made with SQLite's `VACUUM INTO` on one of the store's own connections rather
than by copying the file. It reads one consistent snapshot (a read transaction, which in
WAL mode never holds up a save in the application), so a backup taken while the IRO is
working is never half of one save and half of the next; it writes a compact file encrypted
with the same key, with nothing left in a WAL to carry along; and it reads every row, so a
store that is already damaged fails to back up loudly instead of filling the rotation with
copies of the damage. (The online backup API would also be consistent, but copies pages
as they are and needs a second connection keyed by hand.)

Every backup is then flushed to disk (fsync) and verified: the copy is attached to a store
connection (so opened with the store's key) and SQLCipher's page check and SQLite's
quick_check run over it. A copy that fails is deleted and the failure reported.
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

import sqlcipher3.dbapi2 as sqlcipher

from .atomic import create_private_file, fsync_directory, fsync_file
from .backup_catalogue import (
    AUTOMATIC,
    MANUAL,
    backup_folder,
    backup_name,
    backups_of,
    default_backup_dir,
    delete_backup,
    thin_backups,
    throttle_path,
)
from .errors import StoreError
from .integrity import in_words, run_checks, store_connection
from .keyfile import key_path_for

if TYPE_CHECKING:
    from .database import Store

__all__ = [
    "AUTOMATIC_INTERVAL",
    "BackupError",
    "automatic_backup",
    "backup_store",
    "default_backup_dir",
    "reserve_backup_path",
]

log = logging.getLogger(__name__)

#: An automatic backup is made when the newest is older than this (as Anki does).
AUTOMATIC_INTERVAL = timedelta(minutes=30)
_ATTACHED = "backup_copy"
_CLASHES = 1000


class BackupError(StoreError):
    """A backup could not be made, or did not pass its check (and was deleted)."""


def _reason(text: str) -> str:
    return re.sub(r"[^a-z0-9.]+", "-", text.lower()).strip("-") or MANUAL


def reserve_backup_path(folder: Path, stem: str, reason: str, now: datetime) -> Path:
    """Create the backup's (empty, owner-only) file under a name nobody else can take."""
    for clash in range(_CLASHES):
        candidate = folder / backup_name(stem, now, _reason(reason), clash)
        try:
            create_private_file(candidate)
        except FileExistsError:
            continue
        return candidate
    raise BackupError(f"No free backup name in {folder}; delete some old backups.")


@contextlib.contextmanager
def _attached(store: Store, copy: Path) -> Iterator[Any]:
    """A store connection with the copy attached: so opened with the store's own key."""
    with store_connection(store) as conn:
        conn.execute(f"ATTACH DATABASE ? AS {_ATTACHED}", (str(copy),))
        try:
            yield conn
        finally:
            with contextlib.suppress(sqlcipher.Error):
                conn.execute(f"DETACH DATABASE {_ATTACHED}")


def verify_backup(store: Store, copy: Path) -> list[str]:
    """SQLCipher's page check and SQLite's quick_check over the copy; empty means sound.

    quick_check rather than the full integrity_check: the copy was just rebuilt row by row,
    so what can go wrong is the write (a bad sector, a full disk, a cut-short file), which
    the page HMACs and the b-tree walk find, at a third of the time on a large store.
    """
    report = run_checks(lambda: _attached(store, copy), _ATTACHED, thorough=False)
    return report.problem_lines()


def _copy_database(store: Store, target: Path) -> None:
    with store_connection(store) as conn:
        conn.execute("VACUUM INTO ?", (str(target),))
    fsync_file(target)


def _write_new(target: Path, data: bytes) -> None:
    create_private_file(target)
    with target.open("wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())


def _copy_key(store: Store, target: Path) -> bytes:
    """The key file, and the unlock record bound to it when there is one."""
    key_bytes = key_path_for(store.path).read_bytes()
    _write_new(key_path_for(target), key_bytes)
    with contextlib.suppress(FileNotFoundError):
        _write_new(throttle_path(target), throttle_path(store.path).read_bytes())
    return key_bytes


def backup_store(
    store: Store,
    *,
    reason: str = MANUAL,
    folder: Path | None = None,
    now: datetime | None = None,
) -> Path:
    """Back up the store and its key file, check the copy, thin the automatic series.

    Returns the backup's path (its key file is beside it). Raises BackupError, having
    deleted the copy, if it cannot be made or does not verify.
    """
    target_folder = backup_folder(folder)
    now = now or datetime.now(UTC)
    target = reserve_backup_path(target_folder, store.path.stem, reason, now)
    try:
        key_bytes = _copy_key(store, target)
        _copy_database(store, target)
        problems = verify_backup(store, target)
        if key_path_for(store.path).read_bytes() != key_bytes:
            problems.append("the passphrase was changed while the backup was being made")
    except (OSError, sqlcipher.Error, StoreError) as exc:
        delete_backup(target)
        what = exc.strerror if isinstance(exc, OSError) else in_words(exc)
        raise BackupError(
            f"The backup of {store.path.name} could not be made in {target_folder}: {what}."
        ) from exc
    except BaseException:
        delete_backup(target)
        raise
    if problems:
        delete_backup(target)
        log.error("A backup failed its check and was deleted (%d problems)", len(problems))
        raise BackupError(
            f"The backup of {store.path.name} did not pass its check and was deleted "
            f"({problems[0]}). Run `iro check` on the store, and check the disk."
        )
    fsync_directory(target_folder)
    if reason != MANUAL:
        thin_backups(store.store_id, target_folder)
    return target


def automatic_backup(
    store: Store, *, folder: Path | None = None, now: datetime | None = None
) -> Path | None:
    """Back up if the newest automatic backup is older than AUTOMATIC_INTERVAL.

    For the application: on unlocking, every half hour while open, and on closing (in a
    worker: on the authority-scale store a backup takes seconds). Returns the new backup,
    or None when a recent one is already there.
    """
    now = now or datetime.now(UTC)
    recent = [b for b in backups_of(store.store_id, folder) if b.automatic]
    if recent and now - recent[0].made_at < AUTOMATIC_INTERVAL:
        return None
    return backup_store(store, reason=AUTOMATIC, folder=folder, now=now)
