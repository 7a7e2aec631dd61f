"""What the `iro` command says when something it did not expect goes wrong: one line.

The cause in words on standard error, the detail (where in the code, the kind of error,
never its message) in the command's log file.
"""

from __future__ import annotations

import errno

import sqlcipher3.dbapi2 as sqlcipher
from sqlalchemy.exc import DBAPIError

from ..store.integrity import in_words


def _os_error(exc: OSError) -> str:
    name = exc.filename if exc.filename is not None else "a file"
    if exc.errno == errno.ENOSPC:
        return "the disk is full; free some space and try again"
    if isinstance(exc, PermissionError):
        return f"permission denied for {name}: choose a folder you can write to"
    if isinstance(exc, FileNotFoundError):
        return f"{name} does not exist"
    if isinstance(exc, FileExistsError):
        return f"{name} already exists and is in the way (a file where a folder should be?)"
    if isinstance(exc, IsADirectoryError):
        return f"{name} is a folder, not a file"
    if isinstance(exc, NotADirectoryError):
        return f"part of the path {name} is a file, not a folder"
    return f"{exc.strerror or 'a system error'} ({name})"


def cause_in_words(exc: BaseException) -> str:
    """The most useful sentence we can say about an unexpected error."""
    if isinstance(exc, OSError):
        return _os_error(exc)
    if isinstance(exc, DBAPIError) and exc.orig is not None:
        return in_words(exc.orig)
    if isinstance(exc, sqlcipher.Error):
        return in_words(exc)
    if isinstance(exc, MemoryError):
        return "the computer ran out of memory"
    if isinstance(exc, UnicodeError):
        return "a file has text that is not in the expected encoding (UTF-8)"
    return f"an unexpected problem ({type(exc).__name__})"
