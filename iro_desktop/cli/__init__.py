"""The `iro` command: the same services as the application, without a window.

Nothing reaches the user as a traceback: the core's own errors are printed as they are,
anything unexpected as one line with its cause in words (the detail goes to the log), and
a closed pipe (`iro list children | head`) ends the command quietly, as Python's
documentation recommends for SIGPIPE.
"""

from __future__ import annotations

import argparse
import contextlib
import logging
import os
import sys
from collections.abc import Iterator, Sequence
from typing import Any

from .. import __version__
from ..domain.validation import ValidationError
from ..log_file import CLI_LOG, configure_file_logging, log_failure, log_path
from ..store.errors import StoreError
from ..store.instance_lock import CLI, InstanceLock
from . import backup_command, store_commands, timetable_command
from .common import CliError, store_path
from .failure import cause_in_words

#: Failures logged here go to the log file only: standard error gets one line in words.
log = logging.getLogger("iro_desktop.cli.failure")

#: Commands that change the store take its lock, so they never run beside an open window.
#: `restore` takes it itself; `init` makes a store nobody can have open yet.
WRITING_COMMANDS = frozenset({"demo", "import", "minutes", "export-903"})


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="iro",
        description="IRO Desktop from the command line: stores, demo data, the review "
        "timetable, listings, checks and backups.",
    )
    parser.add_argument("--version", action="version", version=f"IRO Desktop {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    store_commands.register(sub)
    backup_command.register(sub)
    timetable_command.register(sub)
    for name in ("minutes_command", "report_command", "import_command", "export903_command"):
        module = _optional(name)
        if module is not None:
            module.register(sub)
    return parser


def _optional(name: str) -> Any:
    import importlib

    try:
        return importlib.import_module(f"{__name__}.{name}")
    except ModuleNotFoundError as exc:
        if exc.name == f"{__name__}.{name}":
            return None
        raise


def _writes_store(args: argparse.Namespace) -> bool:
    if args.command not in WRITING_COMMANDS:
        return False
    return not (
        args.command == "import"
        and (getattr(args, "template", None) is not None or getattr(args, "dry_run", False))
    )


@contextlib.contextmanager
def _store_lock(args: argparse.Namespace) -> Iterator[None]:
    """The store's lock for a command that writes; none when its folder does not exist
    yet (a new store, which nobody can have open)."""
    if not _writes_store(args) or not store_path(args).parent.is_dir():
        yield
        return
    with InstanceLock.acquire(store_path(args), kind=CLI, what=args.command):
        yield


@contextlib.contextmanager
def _command_logging() -> Iterator[None]:
    """Warnings on standard error as one line each (never a traceback); everything from
    INFO up in the command's own private log file. Only while the command runs, so
    `main` called in-process (tests, scripts) leaves logging as it found it."""
    root = logging.getLogger()
    before, level = list(root.handlers), root.level
    console = _StderrHandler()
    console.setLevel(logging.WARNING)
    console.addFilter(lambda record: record.name != log.name)
    console.setFormatter(_OneLineFormatter("iro: %(levelname)s: %(message)s"))
    root.addHandler(console)
    configure_file_logging(CLI_LOG)
    try:
        yield
    finally:
        for handler in root.handlers[:]:
            if handler not in before:
                root.removeHandler(handler)
                handler.close()
        root.setLevel(level)


class _StderrHandler(logging.StreamHandler):  # type: ignore[type-arg]
    """Writes to whatever sys.stderr is when a record comes (tests swap it)."""

    def emit(self, record: logging.LogRecord) -> None:
        self.stream = sys.stderr
        super().emit(record)

    def handleError(self, record: logging.LogRecord) -> None:  # noqa: N802 - logging's name
        """A closed or broken standard error must not print a traceback either."""


class _OneLineFormatter(logging.Formatter):
    def formatException(self, ei: Any) -> str:  # noqa: N802 - logging's name
        return ""

    def formatStack(self, stack_info: str) -> str:  # noqa: N802 - logging's name
        return ""

    def format(self, record: logging.LogRecord) -> str:
        record.exc_text = None
        saved, record.exc_info = record.exc_info, None
        try:
            return super().format(record).splitlines()[0]
        finally:
            record.exc_info = saved


def _quiet_stdout() -> None:
    """After a broken pipe: point stdout at devnull so the flush at exit cannot fail."""
    with contextlib.suppress(OSError, ValueError, AttributeError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())


def _error(text: str) -> None:
    with contextlib.suppress(OSError, ValueError):
        print(f"iro: error: {text}", file=sys.stderr)


def main(argv: Sequence[str] | None = None) -> int:
    with _command_logging():
        return _run(argv)


def _run(argv: Sequence[str] | None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    handler = getattr(args, "handler", None)
    if handler is None:
        parser.print_help()
        return 2
    try:
        with _store_lock(args):
            status = int(handler(args))
        sys.stdout.flush()
        return status
    except BrokenPipeError:
        _quiet_stdout()
        return 1
    except (StoreError, CliError) as exc:
        _error(str(exc))
        return 1
    except ValidationError as exc:
        for error in exc.errors:
            _error(f"{error.field}: {error.message}")
        return 1
    except KeyboardInterrupt:
        _error("interrupted; nothing was changed by the unfinished step.")
        return 130
    except Exception as exc:  # noqa: BLE001 - the last line of defence: never a traceback
        log_failure(log, f"iro {args.command}", exc)
        _error(f"{cause_in_words(exc)}. The details are in the log: {log_path(CLI_LOG)}")
        return 1
