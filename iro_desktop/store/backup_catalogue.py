"""The backups of a store: their names, finding them, and thinning the automatic ones.

A backup is `STEM-YYYYMMDDTHHMMSSffffffZ-REASON.irostore` with its key file beside it
(`….irostore.key`). The time is UTC to the microsecond and the file is created with
O_EXCL, so two backups in the same second never overwrite each other (a clash within the
same microsecond takes the next free `-2`, `-3` suffix). Which store a backup belongs to
is read from its key file's store id, not guessed from its name.

Thinning, after Anki's: of the automatic backups (made on unlock, while working and on
closing, before an upgrade and before a restore) keep
  - the RECENT_KEPT most recent,
  - then the newest of each of the DAILY_KEPT most recent days that have one,
  - the newest of each of the WEEKLY_KEPT most recent ISO weeks that have one,
  - the newest of each of the MONTHLY_KEPT most recent months that have one,
and delete the rest. Days, weeks and months are counted in UTC. Backups the user asked for
(`iro backup`, File → Back up) are never deleted by the application.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from ..paths import private_dir, user_data_dir
from .errors import StoreError
from .keyfile import KeyFile, key_path_for

RECENT_KEPT = 5
DAILY_KEPT = 7
WEEKLY_KEPT = 4
MONTHLY_KEPT = 12

MANUAL = "manual"
AUTOMATIC = "auto"

STORE_SUFFIX = ".irostore"
_STAMP_FORMAT = "%Y%m%dT%H%M%S%fZ"
_NAME = re.compile(
    r"^(?P<stem>.+)-(?P<stamp>\d{8}T\d{12}Z)(?:-(?P<clash>\d+))?-(?P<reason>[a-z0-9-]+)"
    + re.escape(STORE_SUFFIX)
    + "$"
)
_REASON = re.compile(r"[a-z0-9]+(?:-[a-z0-9.]+)*")


def throttle_path(store_or_backup: Path) -> Path:
    """The record of failed unlocks beside a store (store/throttle_record.py). It is bound
    to the key file, so it travels with it: into every backup, and back on restore."""
    return store_or_backup.with_name(store_or_backup.name + ".throttle")


def default_backup_dir() -> Path:
    return user_data_dir() / "backups"


def backup_folder(folder: Path | None) -> Path:
    """The folder to write backups in, created owner-only (the default one tightened)."""
    if folder is None:
        return private_dir(default_backup_dir(), tighten=True)
    return private_dir(folder)


@dataclass(frozen=True)
class BackupFile:
    """One backup on disk: the database copy; its key file is `key_path_for(path)`."""

    path: Path
    made_at: datetime
    reason: str

    @property
    def key_path(self) -> Path:
        return key_path_for(self.path)

    @property
    def automatic(self) -> bool:
        return self.reason != MANUAL

    def describe(self) -> str:
        local = self.made_at.astimezone()
        return f"{self.path.name} (made {local:%d %b %Y at %H:%M})"


def backup_name(stem: str, made_at: datetime, reason: str, clash: int = 0) -> str:
    if not _REASON.fullmatch(reason):
        raise ValueError(f"backup reason {reason!r} must be lower-case words and hyphens")
    suffix = f"-{clash}" if clash else ""
    stamp = made_at.astimezone(UTC).strftime(_STAMP_FORMAT)
    return f"{stem}-{stamp}{suffix}-{reason}{STORE_SUFFIX}"


def parse_backup_name(path: Path) -> BackupFile | None:
    match = _NAME.match(path.name)
    if match is None:
        return None
    made_at = datetime.strptime(match["stamp"], _STAMP_FORMAT).replace(tzinfo=UTC)
    return BackupFile(path=path, made_at=made_at, reason=match["reason"])


def store_id_of(backup: Path) -> str | None:
    """The store id in a backup's key file, or None when it is missing or unreadable."""
    try:
        return KeyFile.read(key_path_for(backup)).store_id
    except StoreError:
        return None


def backups_of(store_id: str, folder: Path | None = None) -> list[BackupFile]:
    """Every backup of the store with this id in `folder`, newest first."""
    folder = folder or default_backup_dir()
    if not folder.is_dir():
        return []
    found = [
        parsed
        for candidate in folder.glob(f"*{STORE_SUFFIX}")
        if (parsed := parse_backup_name(candidate)) is not None
        and store_id_of(candidate) == store_id
    ]
    return sorted(found, key=lambda b: b.made_at, reverse=True)


def newest_backup(store_id: str, folder: Path | None = None) -> BackupFile | None:
    found = backups_of(store_id, folder)
    return found[0] if found else None


def _newest_per_bucket(
    backups: list[BackupFile], bucket: Callable[[datetime], object], count: int
) -> set[Path]:
    kept: set[Path] = set()
    seen: list[object] = []
    for backup in backups:  # newest first, so the first of a bucket is its newest
        key = bucket(backup.made_at)
        if key in seen:
            continue
        if len(seen) == count:
            break
        seen.append(key)
        kept.add(backup.path)
    return kept


def backups_to_keep(backups: Iterable[BackupFile]) -> set[Path]:
    """The automatic backups the thinning keeps (see the module's docstring)."""
    newest_first = sorted(
        (b for b in backups if b.automatic), key=lambda b: b.made_at, reverse=True
    )
    kept = {b.path for b in newest_first[:RECENT_KEPT]}
    kept |= _newest_per_bucket(newest_first, lambda t: t.date(), DAILY_KEPT)
    kept |= _newest_per_bucket(newest_first, lambda t: t.isocalendar()[:2], WEEKLY_KEPT)
    kept |= _newest_per_bucket(newest_first, lambda t: (t.year, t.month), MONTHLY_KEPT)
    return kept


def delete_backup(backup: Path) -> None:
    """Remove a backup's database copy, its key file and anything SQLite left beside it."""
    for companion in (
        backup,
        key_path_for(backup),
        throttle_path(backup),
        backup.with_name(backup.name + "-wal"),
        backup.with_name(backup.name + "-shm"),
        backup.with_name(backup.name + "-journal"),
    ):
        with contextlib.suppress(FileNotFoundError):
            companion.unlink()


def thin_backups(store_id: str, folder: Path | None = None) -> list[Path]:
    """Delete the automatic backups the thinning does not keep; returns what went."""
    backups = backups_of(store_id, folder)
    kept = backups_to_keep(backups)
    removed = [b.path for b in backups if b.automatic and b.path not in kept]
    for path in removed:
        delete_backup(path)
    return removed
