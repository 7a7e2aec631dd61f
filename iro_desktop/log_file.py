"""The log file: technical detail for IT support, private to the user.

One file per program (the application's and the `iro` command's), in the log folder from
platformdirs, so two processes never rotate the same file. Entries say what failed, the
kind of error and where in the code; never the error's message, which may quote a child's
details (see `log_failure`).
"""

from __future__ import annotations

import logging
import logging.handlers
import os
import sys
import traceback
from io import TextIOWrapper
from pathlib import Path

from . import __version__
from .paths import PRIVATE_FILE_MODE, log_dir, make_private, private_dir, user_data_dir

APP_LOG = "iro-desktop.log"
CLI_LOG = "iro.log"
MAX_BYTES = 1_000_000
BACKUP_COUNT = 3
FORMAT = "%(asctime)s %(levelname)s %(process)d %(name)s: %(message)s"


class PrivateRotatingFileHandler(logging.handlers.RotatingFileHandler):
    """A rotating log whose every file is created owner-only (0600) on POSIX; on Windows
    the log folder under the user's profile is private through its ACLs."""

    def _open(self) -> TextIOWrapper:
        flags = os.O_WRONLY | os.O_CREAT | os.O_APPEND | getattr(os, "O_BINARY", 0)
        fd = os.open(self.baseFilename, flags, PRIVATE_FILE_MODE)
        make_private(Path(self.baseFilename))
        stream = open(fd, self.mode, encoding=self.encoding, errors=self.errors)  # noqa: SIM115
        assert isinstance(stream, TextIOWrapper)
        return stream

    def handleError(self, record: logging.LogRecord) -> None:  # noqa: N802 - logging's name
        """A log that cannot be written (full disk, a file another process is rotating on
        Windows) must never print a traceback at the user; the record is dropped."""


def log_path(name: str) -> Path:
    return log_dir() / name


def configure_file_logging(name: str, level: int = logging.INFO) -> Path:
    """Send the process's log records to `name` in the private log folder; returns its path.

    If the folder cannot be made (a locked-down profile), the process runs without a log
    file rather than failing. Called again (the `iro` command run in-process by tests, or
    another data folder), it moves the log rather than adding a second handler.
    """
    path = log_path(name)
    root = logging.getLogger()
    for existing in root.handlers[:]:
        if isinstance(existing, PrivateRotatingFileHandler) and existing.name == name:
            if Path(existing.baseFilename) == path.absolute():
                return path
            root.removeHandler(existing)
            existing.close()
    try:
        private_dir(user_data_dir(), tighten=True)  # made 0755 by earlier versions (or Qt)
        private_dir(path.parent, tighten=True)
        handler = PrivateRotatingFileHandler(
            path, maxBytes=MAX_BYTES, backupCount=BACKUP_COUNT, encoding="utf-8"
        )
    except OSError:
        return path
    handler.set_name(name)
    handler.setFormatter(logging.Formatter(FORMAT))
    root.setLevel(level)
    root.addHandler(handler)
    return path


def failure_details(error: BaseException) -> str:
    """Where it happened and the kind of error, without its message (which may quote data)."""
    frames = traceback.format_tb(error.__traceback__)
    cause = error.__cause__ or error.__context__
    tail = f"{type(error).__module__}.{type(error).__qualname__}"
    if cause is not None:
        tail += f" (caused by {type(cause).__module__}.{type(cause).__qualname__})"
    return f"IRO Desktop {__version__}, Python {sys.version.split()[0]}\n{''.join(frames)}{tail}"


def log_failure(logger: logging.Logger, doing: str, error: BaseException) -> None:
    logger.error("%s failed\n%s", doing, failure_details(error))
