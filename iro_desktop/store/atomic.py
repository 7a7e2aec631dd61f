"""Write a file so that it is either entirely the old version or entirely the new one.

Everything written here may hold children's data, so files are created owner-only (0600)
on POSIX whatever the umask; on Windows the user's profile folder's ACLs keep them
private (see paths.make_private).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

from ..paths import PRIVATE_FILE_MODE, make_private


def fsync_directory(folder: Path) -> None:
    """Make a rename durable. Only POSIX can open and fsync a folder; on Windows a rename
    is made durable by NTFS's own journal, so there is nothing to do."""
    if os.name != "posix":
        return
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def fsync_file(path: Path) -> None:
    """Flush a file that another library wrote (SQLite's VACUUM INTO) to the disk."""
    with path.open("rb+") as handle:
        os.fsync(handle.fileno())


def create_private_file(path: Path) -> None:
    """Create an empty owner-only file; refuses (FileExistsError) if the name is taken,
    so two writers can never pick the same name and overwrite each other."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0),
                 PRIVATE_FILE_MODE)
    os.close(fd)
    make_private(path)


def _private_temp(path: Path) -> tuple[int, Path]:
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    tmp = Path(tmp_name)
    make_private(tmp)
    return fd, tmp


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Write to a temporary file in the same folder, flush it to disk, then rename over."""
    _atomically(path, lambda handle: handle.write(data))


def atomic_copy(source: Path, target: Path) -> None:
    """Copy a file so that `target` is either absent/old or the complete, flushed copy."""
    with source.open("rb") as src:
        _atomically(target, lambda handle: shutil.copyfileobj(src, handle, 1024 * 1024))


def _atomically(target: Path, write: Callable[[BinaryIO], object]) -> None:
    """`write` into a private temporary file beside `target`, flushed to disk, then renamed
    over it; on any failure the temporary file goes and `target` is as it was."""
    fd, tmp = _private_temp(target)
    try:
        with os.fdopen(fd, "wb") as handle:
            write(handle)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    fsync_directory(target.parent)
