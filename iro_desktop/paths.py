"""Where IRO Desktop finds its shipped resources and keeps the user's data."""

from __future__ import annotations

import contextlib
import os
import stat
import sys
from pathlib import Path

import platformdirs

APP_NAME = "IRO Desktop"
APP_AUTHOR = "IRO Desktop"


def resources_dir() -> Path:
    """The `resources/` folder: beside the package in a checkout, or inside a frozen build."""
    override = os.environ.get("IRO_RESOURCES")
    if override:
        return Path(override)
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        return Path(frozen) / "resources"
    return Path(__file__).resolve().parent.parent / "resources"


def resource_path(*parts: str) -> Path:
    return resources_dir().joinpath(*parts)


def user_data_dir() -> Path:
    """The per-user data folder; `IRO_DATA_DIR` overrides it (tests, portable installs)."""
    override = os.environ.get("IRO_DATA_DIR")
    if override:
        return Path(override)
    return Path(platformdirs.user_data_dir(APP_NAME, APP_AUTHOR))


def default_store_path() -> Path:
    return user_data_dir() / "caseload.irostore"


def demo_store_path() -> Path:
    return user_data_dir() / "demo-caseload.irostore"


def log_dir() -> Path:
    override = os.environ.get("IRO_DATA_DIR")
    if override:
        return Path(override) / "logs"
    return Path(platformdirs.user_log_dir(APP_NAME, APP_AUTHOR))


#: Owner-only modes for what holds children's data: the store, its key file, backups, the
#: log, and the folders they live in.
PRIVATE_FILE_MODE = 0o600
PRIVATE_DIR_MODE = 0o700


def make_private(path: Path) -> None:
    """Give a file or folder owner-only permissions on POSIX, whatever the umask.

    On Windows the mode bits mean nothing beyond read-only: there the user's profile
    folder (where platformdirs puts the data and log folders) is already private through
    its ACLs, and nothing here changes ACLs. No Windows check is claimed by the tests.
    """
    if os.name != "posix":
        return
    mode = PRIVATE_DIR_MODE if path.is_dir() else PRIVATE_FILE_MODE
    with contextlib.suppress(OSError):  # not ours (a shared folder): leave it as it is
        if stat.S_IMODE(path.stat().st_mode) != mode:
            os.chmod(path, mode)


def private_dir(folder: Path, *, tighten: bool = False) -> Path:
    """Create `folder` and any missing parents owner-only; returns it.

    Folders that already exist are left alone (a store may live in the user's Documents),
    unless `tighten` says the folder is the application's own (data, backups, logs), which
    earlier versions created readable by everyone.
    """
    missing: list[Path] = []
    current = folder
    while not current.exists() and current != current.parent:
        missing.append(current)
        current = current.parent
    folder.mkdir(mode=PRIVATE_DIR_MODE, parents=True, exist_ok=True)
    for created in missing:
        make_private(created)
    if tighten:
        make_private(folder)
    return folder
