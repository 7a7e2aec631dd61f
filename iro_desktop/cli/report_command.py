"""`iro report`: the annual report for a period, as JSON, a Word document or an Excel workbook.

    iro report --from 2025-04-01 --to 2026-03-31 [--iro NAME] [--team TEAM]
               --format json|docx|xlsx --out PATH [--store PATH]

`--out -` prints the JSON form to standard output.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..reports import EXPORT_FORMATS, FORMAT_CODES, ScopeError, report_json
from ..services.annual_report import (
    ReportFileError,
    check_target,
    export_report,
    named_scope,
    produce_report,
)
from .common import CliError, add_store_argument, open_store, parse_date

__all__ = ["FORMATS", "register", "run"]

FORMATS = FORMAT_CODES
DEFAULT_FORMAT = "json"
STDOUT = "-"
def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the "report" sub-command to the `iro` command's parser."""
    parser = subparsers.add_parser(
        "report",
        help="the annual report for a period: JSON, Word or Excel",
        description="Compute the annual IRO report (reviews, timeliness, participation, "
        "quality assurance, caseloads and the looked-after population) for a period, for "
        "the whole service, one IRO or one team.",
    )
    parser.add_argument(
        "--from",
        dest="date_from",
        required=True,
        type=parse_date,
        metavar="YYYY-MM-DD",
        help="the first day of the period",
    )
    parser.add_argument(
        "--to",
        dest="date_to",
        required=True,
        type=parse_date,
        metavar="YYYY-MM-DD",
        help="the last day of the period (included)",
    )
    parser.add_argument(
        "--iro",
        metavar="NAME",
        default=None,
        help="only this IRO's work and caseload (the name as in the store)",
    )
    parser.add_argument(
        "--team",
        metavar="TEAM",
        default=None,
        help="only the work and caseloads of this team's IROs",
    )
    formats = ", ".join(f"{fmt.code} ({fmt.label})" for fmt in EXPORT_FORMATS)
    parser.add_argument(
        "--format",
        choices=FORMATS,
        default=DEFAULT_FORMAT,
        help=f"{formats}; default {DEFAULT_FORMAT}",
    )
    parser.add_argument(
        "--out",
        required=True,
        metavar="PATH",
        help="the file to write; '-' prints JSON to standard output",
    )
    add_store_argument(parser)
    parser.set_defaults(handler=run)


def _output_path(args: argparse.Namespace) -> Path | None:
    """None for standard output; otherwise a file name whose folder exists."""
    if args.out == STDOUT:
        if args.format != "json":
            raise CliError(f"--out - prints JSON only; give a file name for --format {args.format}")
        return None
    try:
        return check_target(Path(args.out))
    except ReportFileError as exc:
        raise CliError(str(exc)) from None


def run(args: argparse.Namespace) -> int:
    if args.date_to < args.date_from:
        raise CliError(
            f"--to {args.date_to.isoformat()} is before --from {args.date_from.isoformat()}"
        )
    out = _output_path(args)
    with open_store(args) as store:
        try:
            scope = named_scope(store, args.date_from, args.date_to, iro_name=args.iro,
                                team=args.team)
        except ScopeError as exc:
            raise CliError(str(exc)) from None
        report = produce_report(store, scope)
    if out is None:
        sys.stdout.write(report_json(report))
        return 0
    try:
        export_report(report, out, args.format)
    except ReportFileError as exc:
        raise CliError(str(exc)) from None
    print(f"Wrote the report ({args.format}) to {out}.")
    return 0
