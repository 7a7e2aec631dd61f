"""What every `iro` sub-command shares: the --store option and asking for the passphrase."""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from datetime import date
from pathlib import Path

from ..paths import default_store_path
from ..store import Store

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
    return Store.open(store_path(args), ask_passphrase())


def parse_date(text: str) -> date:
    """argparse type for YYYY-MM-DD dates with a clear message."""
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text} is not a valid date (use YYYY-MM-DD)") from None
