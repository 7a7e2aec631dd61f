"""Whether a store sits in a synced or network folder, where SQLite is not safe.

The store is an SQLite database in write-ahead-log mode: beside it live a -wal and a -shm
file that SQLite writes and maps into memory while it is open. A sync client (OneDrive,
Dropbox, iCloud Drive, Google Drive) copies the files one by one, at moments of its own
choosing, so another laptop (or the same one after a conflict) can get a database and a
log from different moments; a network share cannot give SQLite the shared memory and
locks it relies on. Either can corrupt the caseload. The IRO is warned, not stopped: a
council may know its share is safe.

Detected by the folder's path (the sync clients' own folder names, a UNC path) and, on
Windows, by asking the system whether the drive letter is a network drive.
"""

from __future__ import annotations

import ctypes
import os
import sys
from collections.abc import Callable
from pathlib import Path, PureWindowsPath

#: Folder names the sync clients create, matched case-insensitively against each part.
SYNC_FOLDERS = {
    "onedrive": "OneDrive", "dropbox": "Dropbox", "icloud drive": "iCloud Drive",
    "iclouddrive": "iCloud Drive", "mobile documents": "iCloud Drive",
    "google drive": "Google Drive", "googledrive": "Google Drive", "my drive": "Google Drive",
    "box sync": "Box", "cloudstorage": "a cloud storage provider",
}
#: Environment variables Windows sets to the OneDrive folders (also when it is renamed).
ONEDRIVE_VARIABLES = ("OneDrive", "OneDriveCommercial", "OneDriveConsumer")
DRIVE_REMOTE = 4


def sync_service(path: Path) -> str | None:
    """The sync client whose folder holds ``path``, by folder name, or None."""
    for part in PureWindowsPath(path).parts if _windows_style(path) else path.parts:
        lowered = part.lower()
        for folder, service in SYNC_FOLDERS.items():
            if lowered == folder or (folder == "onedrive" and lowered.startswith("onedrive -")):
                return service
    for variable in ONEDRIVE_VARIABLES:
        root = os.environ.get(variable)
        if root and _is_within(path, Path(root)):
            return "OneDrive"
    return None


def is_network_path(path: Path, drive_type: Callable[[str], int] | None = None) -> bool:
    """A UNC path (\\\\server\\share), or on Windows a drive letter mapped to a share."""
    text = str(path)
    if text.startswith(("\\\\", "//")) and not text.startswith(("\\\\?\\", "\\\\.\\")):
        return True
    if drive_type is not None or sys.platform == "win32":
        return _windows_drive_is_remote(path, drive_type or _get_drive_type())
    return False


def location_risk(path: Path) -> str | None:
    """Why the store's folder is unsafe for it, in plain words, or None when it is fine."""
    service = sync_service(path)
    if service is not None:
        where = f"a folder that {service} keeps in sync"
    elif is_network_path(path):
        where = "a network folder"
    else:
        return None
    return (f"The caseload is in {where}. The store must stay on this computer's own disk: "
            "while it is open, SQLite keeps two working files beside it that a sync or a "
            "network share can copy half-written, which can damage the caseload. Keep it "
            "in the suggested folder, and keep copies elsewhere as backups.")


def _windows_style(path: Path) -> bool:
    text = str(path)
    return "\\" in text or (len(text) > 1 and text[1] == ":")


def _is_within(path: Path, root: Path) -> bool:
    try:
        return os.path.normcase(os.path.abspath(path)).startswith(
            os.path.normcase(os.path.abspath(root)) + os.sep)
    except (OSError, ValueError):
        return False


def _windows_drive_is_remote(path: Path, drive_type: Callable[[str], int]) -> bool:
    """GetDriveTypeW on the drive's root: DRIVE_REMOTE for a mapped network drive."""
    if sys.platform == "win32":
        path = Path(os.path.abspath(path))
    drive = PureWindowsPath(path).drive
    if not drive or drive.startswith("\\\\"):
        return bool(drive)
    try:
        return drive_type(drive + "\\") == DRIVE_REMOTE
    except OSError:
        return False


def _get_drive_type() -> Callable[[str], int]:
    if sys.platform == "win32":
        get: Callable[[str], int] = ctypes.windll.kernel32.GetDriveTypeW
        return get
    return lambda _root: 0
