"""Every problem that reaches the IRO, in plain words with what to do next.

The core raises some errors on purpose, with a message written for the IRO (a rule broken, a
record changed elsewhere, a store that cannot be opened, a document that cannot be made):
those keep their own words. Anything else is a fault: the IRO is told what did not happen and
what to do, and the log gets the kind of error and where it happened, never its message, which
may quote a child's details.
"""

from __future__ import annotations

import logging
import sys
import traceback
from types import TracebackType

from PySide6.QtWidgets import QMessageBox, QWidget

from iro_desktop import __version__
from iro_desktop.documents.errors import DocumentError
from iro_desktop.domain.validation import ValidationError
from iro_desktop.store import StoreError

log = logging.getLogger(__name__)

#: What to do after an unexpected problem, when the caller has nothing better to say.
TRY_AGAIN = "Try again; if it happens again, the details are in the log for your IT support."


def technical_details(exc_type: type[BaseException], exc: BaseException,
                      tb: TracebackType | None, *, with_message: bool) -> str:
    """Where it happened; the message (which may quote data) only for the screen."""
    lines = traceback.format_tb(tb)
    last = f"{exc_type.__name__}: {exc}" if with_message else exc_type.__name__
    return f"IRO Desktop {__version__}, Python {sys.version.split()[0]}\n" + "".join(lines) + last


def known_problem(error: BaseException,
                  also: tuple[type[BaseException], ...] = ()) -> str | None:
    """The core's own words for an error it raises on purpose; None for anything else.

    ``also`` adds errors whose message the caller knows is written for the IRO (a service's
    ``ValueError``, say). A ``KeyError`` or ``IndexError`` is a fault, not a missing record.
    """
    if isinstance(error, ValidationError):
        return " ".join(e.message for e in error.errors)
    if isinstance(error, KeyError | IndexError):
        return None
    if isinstance(error, (StoreError, DocumentError, LookupError, *also)):
        return str(error)
    return None


def log_problem(error: BaseException, doing: str) -> None:
    """Put what failed, the kind of error and where it happened in the log."""
    log.error("%s failed\n%s", doing, technical_details(
        type(error), error, error.__traceback__, with_message=False))


def problem_text(error: BaseException, doing: str, *, lead: str | None = None,
                 unexpected: str | None = None,
                 also: tuple[type[BaseException], ...] = ()) -> str:
    """What to tell the IRO when ``doing`` ("Saving the audit") failed.

    A known problem is ``lead`` (by default "<doing> did not work: ") and the core's words;
    anything else is logged and told as ``unexpected`` (by default: nothing was changed, try
    again, the details are in the log).
    """
    known = known_problem(error, also)
    if known is not None:
        return (f"{doing} did not work: " if lead is None else lead) + known
    log_problem(error, doing)
    if unexpected is not None:
        return unexpected
    return (f"{doing} did not work because of an unexpected problem; nothing was changed. "
            + TRY_AGAIN)


def show_problem(parent: QWidget | None, title: str, error: BaseException, doing: str, *,
                 lead: str | None = None, unexpected: str | None = None, next_step: str = "",
                 also: tuple[type[BaseException], ...] = ()) -> None:
    """`problem_text` in a warning box, with ``next_step`` as a paragraph of its own."""
    text = problem_text(error, doing, lead=lead, unexpected=unexpected, also=also)
    QMessageBox.warning(parent, title, f"{text}\n\n{next_step}" if next_step else text)
