"""`iro export-903`: the SSDA903 Header, Episodes and Reviews tables for a collection year.

    iro export-903 --year 2025 --out FOLDER [--store PATH]

`--year 2025` is the collection year 1 April 2025 – 31 March 2026 (2025-26).
"""

from __future__ import annotations

import argparse
from pathlib import Path

from ..exchange.ssda903 import collection_year, export_903_tables
from .common import CliError, add_store_argument, open_store

__all__ = ["register", "run"]


def _year(text: str) -> int:
    try:
        year = int(text)
        collection_year(year)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{text} is not a collection year: give the year it starts, e.g. 2025 for 2025-26"
        ) from None
    return year


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the "export-903" sub-command to the `iro` command's parser."""
    parser = subparsers.add_parser(
        "export-903",
        help="write the SSDA903 Header, Episodes and Reviews CSV files for a year",
        description="Write header.csv, episodes.csv and reviews.csv in the DfE SSDA903 "
        "layout for the children looked after at any time in the collection year "
        "(1 April YEAR to 31 March YEAR+1).",
    )
    parser.add_argument("--year", required=True, type=_year, metavar="YYYY",
                        help="the year the collection starts (2025 for 2025-26)")
    parser.add_argument("--out", required=True, type=Path, metavar="DIR",
                        help="the folder to write the three files into (made if missing)")
    add_store_argument(parser)
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    out: Path = args.out
    if out.exists() and not out.is_dir():
        raise CliError(f"{out} is a file; give a folder for --out")
    with open_store(args) as store:
        written, tables = export_903_tables(store, args.year, out)
    print(f"SSDA903 {tables.year}: {len(tables.header)} children, {len(tables.episodes)} "
          f"episodes, {len(tables.reviews)} reviews.")
    for path in written:
        print(f"Wrote {path}")
    for note in tables.blanked:
        print(f"note: {note}")
    return 0
