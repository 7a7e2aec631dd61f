"""One program at a time changes a store: a lock file beside it (`NAME.irostore.lock`).

Two IRO Desktop windows on one store (or a window and `iro import`) would each keep their
own unsaved drafts and overwrite each other's. The window takes this lock when it unlocks
a store and keeps it until it closes; the `iro` commands that write take it for as long as
they run; reading (`iro list`, `iro check`, `iro backup`) needs none.

The lock is the operating system's own advisory lock on the file (flock on POSIX,
msvcrt.locking on Windows), the mechanism the `filelock` package uses, written here in a
few lines rather than adding a dependency. The system drops it when the process ends, so
a crash or a power cut never leaves a stale lock behind, and there is no guessing from
process ids (which are reused) or boot times. The file itself is never deleted (deleting
a lock file lets two programs hold "the" lock on two different files); it stays behind,
empty, and means nothing unless a live process holds its lock. While held, it names the
holder (program, process, computer, since when) so the message can say who has the store.
"""

from __future__ import annotations

import contextlib
import json
import os
import socket
import sys
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from ..paths import PRIVATE_FILE_MODE, make_private
from .errors import StoreLockedError

APP = "app"
CLI = "cli"

#: Windows locks a byte range: lock one byte far past the holder's details, so another
#: program can still read them.
_WINDOWS_LOCK_OFFSET = 1 << 20
_MAX_INFO_BYTES = 4096


class StoreInUseError(StoreLockedError):
    """Another IRO Desktop window or `iro` command has the store open for writing."""


def lock_path_for(store_path: Path) -> Path:
    return store_path.with_name(store_path.name + ".lock")


if sys.platform == "win32":
    import msvcrt

    def _try_lock(fd: int) -> bool:
        os.lseek(fd, _WINDOWS_LOCK_OFFSET, os.SEEK_SET)
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True

    def _unlock(fd: int) -> None:
        os.lseek(fd, _WINDOWS_LOCK_OFFSET, os.SEEK_SET)
        with contextlib.suppress(OSError):
            msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _try_lock(fd: int) -> bool:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True

    def _unlock(fd: int) -> None:
        with contextlib.suppress(OSError):
            fcntl.flock(fd, fcntl.LOCK_UN)


@dataclass(frozen=True)
class LockHolder:
    kind: str
    what: str
    pid: int
    host: str
    since: datetime

    def to_json(self) -> bytes:
        return json.dumps(
            {
                "kind": self.kind,
                "what": self.what,
                "pid": self.pid,
                "host": self.host,
                "since": self.since.isoformat(),
            }
        ).encode("utf-8")

    @classmethod
    def from_json(cls, raw: bytes) -> LockHolder | None:
        try:
            doc = json.loads(raw.decode("utf-8"))
            return cls(
                kind=str(doc["kind"]),
                what=str(doc["what"]),
                pid=int(doc["pid"]),
                host=str(doc["host"]),
                since=datetime.fromisoformat(str(doc["since"])),
            )
        except (ValueError, KeyError, TypeError, UnicodeDecodeError):
            return None


def _this_host() -> str:
    return socket.gethostname() or "this computer"


def in_use_message(holder: LockHolder | None, store_name: str) -> str:
    """Who has the store, in words, and what to do."""
    why = "two programs changing one store would overwrite each other's unsaved work"
    if holder is None:
        return (
            f"This store ({store_name}) is open in another IRO Desktop window or being "
            f"changed by the iro command. Close that first, then try again: {why}."
        )
    since = holder.since.astimezone().strftime("%H:%M on %d %b %Y")
    if holder.host != _this_host():
        return (
            f"This store ({store_name}) is open in IRO Desktop on the computer {holder.host} "
            f"(since {since}). Close it there first: {why}."
        )
    if holder.kind == CLI:
        return (
            f"This store ({store_name}) is being changed by the command `iro {holder.what}` "
            f"on this laptop (process {holder.pid}, since {since}). Wait for it to finish, "
            "then try again."
        )
    return (
        f"This store ({store_name}) is open in another IRO Desktop window on this laptop "
        f"(since {since}). Use that window, or close it and try again: {why}."
    )


def _read_holder(path: Path) -> LockHolder | None:
    try:
        with path.open("rb") as handle:
            return LockHolder.from_json(handle.read(_MAX_INFO_BYTES))
    except OSError:
        return None


class InstanceLock:
    """The store's lock, held until `release` (or the end of a `with` block)."""

    def __init__(self, store_path: Path, fd: int) -> None:
        self.store_path = store_path
        self.path = lock_path_for(store_path)
        self._fd: int | None = fd

    @classmethod
    def acquire(cls, store_path: Path, *, kind: str = APP, what: str = "") -> InstanceLock:
        """Take the lock or raise StoreInUseError naming who has it."""
        path = lock_path_for(store_path)
        try:
            fd = os.open(path, os.O_RDWR | os.O_CREAT | getattr(os, "O_BINARY", 0),
                         PRIVATE_FILE_MODE)
        except OSError as exc:
            raise StoreLockedError(
                f"The store {store_path.name} cannot be opened for writing: its lock file "
                f"cannot be created in {store_path.parent} ({exc.strerror})."
            ) from exc
        if not _try_lock(fd):
            os.close(fd)
            raise StoreInUseError(in_use_message(_read_holder(path), store_path.name))
        make_private(path)
        holder = LockHolder(kind, what, os.getpid(), _this_host(), datetime.now(UTC))
        with contextlib.suppress(OSError):  # the details are a courtesy; the lock is what counts
            os.ftruncate(fd, 0)
            os.lseek(fd, 0, os.SEEK_SET)
            os.write(fd, holder.to_json())
        return cls(store_path, fd)

    @property
    def held(self) -> bool:
        return self._fd is not None

    def release(self) -> None:
        fd, self._fd = self._fd, None
        if fd is None:
            return
        with contextlib.suppress(OSError):
            os.ftruncate(fd, 0)
        _unlock(fd)
        os.close(fd)

    def __enter__(self) -> InstanceLock:
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()

    def __del__(self) -> None:
        self.release()
