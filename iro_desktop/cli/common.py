"""What every `iro` sub-command shares: the --store option and asking for the passphrase.

Every command that takes a passphrase goes through the store's one unlock throttle
(services/unlock_policy.py), the same one the application uses: `open_store` for those
that open the store, `guarded_passphrase` for those that hand the passphrase to another
part of the core. A refused wait is one line and exit 1, before the passphrase is asked.
"""

from __future__ import annotations

import argparse
import contextlib
import getpass
import os
import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path

from ..paths import default_store_path
from ..services.unlock_policy import UnlockThrottle, refuse_while_waiting, unlock_store
from ..store import Store, WrongPassphraseError

PASSPHRASE_ENV = "IRO_PASSPHRASE"


class CliError(Exception):
    """A problem with what was asked of the command, shown as one line."""


def add_store_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--store",
        type=Path,
        default=None,
        metavar="PATH",
        help="the store file (default: caseload.irostore in your IRO Desktop data folder)",
    )


def store_path(args: argparse.Namespace) -> Path:
    path: Path | None = getattr(args, "store", None)
    return path if path is not None else default_store_path()


def interactive() -> bool:
    return sys.stdin.isatty()


def ask_passphrase(*, confirm: bool = False) -> str:
    from_env = os.environ.get(PASSPHRASE_ENV)
    if from_env:
        return from_env
    if not interactive():
        raise CliError(f"no passphrase: set {PASSPHRASE_ENV} or run the command in a terminal")
    first = getpass.getpass("Passphrase: ")
    if confirm:
        second = getpass.getpass("Passphrase again: ")
        if first != second:
            raise CliError("the two passphrases are different; nothing was created")
    return first


def open_store(args: argparse.Namespace) -> Store:
    return open_store_at(store_path(args))


def open_store_at(path: Path) -> Store:
    """Open the store with the passphrase asked for, through the unlock throttle."""
    throttle = UnlockThrottle.for_store(path)
    refuse_while_waiting(throttle)
    return unlock_store(path, ask_passphrase(), throttle=throttle)


@contextlib.contextmanager
def guarded_passphrase(path: Path) -> Iterator[str]:
    """The passphrase for the store at `path`, through the unlock throttle: a
    WrongPassphraseError raised in the block counts as a failed guess, a block that ends
    normally as a success."""
    throttle = UnlockThrottle.for_store(path)
    refuse_while_waiting(throttle)
    passphrase = ask_passphrase()
    try:
        yield passphrase
    except WrongPassphraseError:
        throttle.record_failure()
        raise
    throttle.record_success()


def parse_date(text: str) -> date:
    """argparse type for YYYY-MM-DD dates with a clear message."""
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text} is not a valid date (use YYYY-MM-DD)") from None
