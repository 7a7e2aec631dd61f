"""`iro import`: bring a filled-in import template into the store, all or nothing.

    iro import PATH [--dry-run] [--store PATH]
    iro import --template OUT.xlsx        (or a folder name: one blank CSV per sheet)

Every problem is printed on its own line with its sheet, row and column; when there is any,
nothing is imported and the command exits with status 1.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from ..exchange.import_apply import import_file
from ..exchange.import_template import write_template
from .common import CliError, add_store_argument, open_store

__all__ = ["register", "run"]


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the "import" sub-command to the `iro` command's parser."""
    parser = subparsers.add_parser(
        "import",
        help="import children, periods, reviews, audits, challenges and good practice",
        description="Import a filled-in import template (.xlsx, a .csv file, or a folder or "
        ".zip of .csv files). All or nothing: if any row has a problem, nothing is imported "
        "and every problem is listed. Re-importing the same file adds nothing twice.",
    )
    parser.add_argument("path", nargs="?", type=Path, metavar="PATH", help="the file to import")
    parser.add_argument("--dry-run", action="store_true",
                        help="check the file and say what would change, without importing")
    parser.add_argument("--template", type=Path, metavar="OUT",
                        help="write a blank template instead: OUT.xlsx, or a folder for CSVs")
    add_store_argument(parser)
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    if args.template is not None:
        if args.path is not None:
            raise CliError("give either PATH to import or --template OUT, not both")
        target: Path = args.template
        if target.suffix.lower() != ".xlsx" and target.exists() and not target.is_dir():
            raise CliError(f"{target} exists and is not a folder; give OUT.xlsx or a folder")
        if not target.parent.is_dir():
            raise CliError(f"the folder {target.parent} does not exist")
        written = write_template(target)
        print(f"Wrote the blank import template: {', '.join(str(p) for p in written)}")
        return 0
    if args.path is None:
        raise CliError("give the file to import (or --template OUT to write a blank template)")
    with open_store(args) as store:
        result = import_file(store, args.path, date.today(), dry_run=args.dry_run)
    if result.problems:
        for problem in result.problems:
            print(f"iro: error: {problem}", file=sys.stderr)
        count = len(result.problems)
        print(f"Nothing was imported: {count} problem{'' if count == 1 else 's'} to fix in "
              f"{result.path.name}.", file=sys.stderr)
        return 1
    for line in result.summary_lines():
        print(line)
    if result.dry_run:
        print(f"Dry run: {result.path.name} has no problems; nothing was imported.")
    else:
        print(f"Imported {result.path.name}.")
    return 0
