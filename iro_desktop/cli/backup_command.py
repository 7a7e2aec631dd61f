"""`iro backup` and `iro restore`: the store and its key file, copied, checked and put back."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from ..store.backup import backup_store
from ..store.backup_catalogue import MANUAL, default_backup_dir
from ..store.keyfile import key_path_for
from ..store.restore import restore_backup
from .common import CliError, add_store_argument, guarded_passphrase, open_store, store_path


def register(sub: Any) -> None:
    backup = sub.add_parser(
        "backup",
        help="back up the store and its key file, and check the copy",
        description="Copy the store and its key file (still encrypted) and check the copy "
        "opens and is sound. Safe while IRO Desktop is open. Without --to the backup goes "
        "in the backups folder of your IRO Desktop data folder; backups you make are never "
        "deleted by the application.",
    )
    add_store_argument(backup)
    backup.add_argument(
        "--to", type=Path, default=None, metavar="DIR",
        help="the folder to write the backup in, e.g. a USB stick or a network drive",
    )
    backup.set_defaults(handler=run_backup)

    restore = sub.add_parser(
        "restore",
        help="put a backup back in place of the store (the store is backed up first)",
        description="Check BACKUP (it must have its .key file beside it, and opens with the "
        "passphrase the store had when the backup was made), keep the store as it is now as "
        "a before-restore backup, then replace the store and its key file with the backup. "
        "Close IRO Desktop first.",
    )
    restore.add_argument("backup", type=Path, metavar="BACKUP", help="the .irostore backup")
    add_store_argument(restore)
    restore.set_defaults(handler=run_restore)


def run_backup(args: argparse.Namespace) -> int:
    folder: Path | None = args.to
    if folder is not None and folder.exists() and not folder.is_dir():
        raise CliError(f"{folder} is a file; give a folder for --to")
    with open_store(args) as store:
        target = backup_store(store, reason=MANUAL, folder=folder)
    print(f"Backed up to {target}")
    print(f"      key file {key_path_for(target)}")
    print("Checked: the copy opens with the store's key and passed the page and structure checks.")
    print("Keep the two files together; the backup opens with the passphrase you use now.")
    return 0


def run_restore(args: argparse.Namespace) -> int:
    path = store_path(args)
    # Guesses at the backup's passphrase count on the backup's own unlock record.
    with guarded_passphrase(Path(args.backup)) as passphrase:
        result = restore_backup(args.backup, path, passphrase)
    print(f"Restored {result.restored_from.name} to {result.store_path}")
    if result.previous is not None:
        print(f"The store as it was is kept as {result.previous}")
    if result.other_store:
        print("Note: the backup came from a different store than the one it replaced.")
    print(
        "The store now opens with the passphrase it had when the backup was made. "
        f"Other backups are in {default_backup_dir()}."
    )
    return 0
