"""Backups of the store: the encrypted database and its key file, copied together."""

from __future__ import annotations

import shutil
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from ..paths import user_data_dir
from .keyfile import key_path_for

if TYPE_CHECKING:
    from .database import Store


def default_backup_dir() -> Path:
    return user_data_dir() / "backups"


def backup_store(store: Store, *, reason: str = "manual", folder: Path | None = None) -> Path:
    """Copy the (still encrypted) store and its key file; returns the backup's path.

    The WAL is checkpointed first so the single database file holds every committed change.
    Copies are written under a temporary name and renamed, so no half backup is left.
    """
    folder = folder or default_backup_dir()
    folder.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    target = folder / f"{store.path.stem}-{stamp}-{reason}{store.path.suffix}"
    store.checkpoint()
    for source, dest in (
        (store.path, target),
        (key_path_for(store.path), key_path_for(target)),
    ):
        partial = dest.with_name(dest.name + ".partial")
        shutil.copy2(source, partial)
        partial.replace(dest)
    return target
