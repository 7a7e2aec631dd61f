"""The `iro` command: the same services as the application, without a window."""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence
from typing import Any

from .. import __version__
from ..domain.validation import ValidationError
from ..store.errors import StoreError
from . import store_commands, timetable_command
from .common import CliError


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="iro",
        description="IRO Desktop from the command line: stores, demo data, the review "
        "timetable, listings and checks.",
    )
    parser.add_argument("--version", action="version", version=f"IRO Desktop {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    store_commands.register(sub)
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


def main(argv: Sequence[str] | None = None) -> int:
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    parser = build_parser()
    args = parser.parse_args(argv)
    handler = getattr(args, "handler", None)
    if handler is None:
        parser.print_help()
        return 2
    try:
        return int(handler(args))
    except (StoreError, CliError) as exc:
        print(f"iro: error: {exc}", file=sys.stderr)
        return 1
    except ValidationError as exc:
        for error in exc.errors:
            print(f"iro: error: {error.field}: {error.message}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("iro: interrupted; nothing was changed by the unfinished step.", file=sys.stderr)
        return 130
