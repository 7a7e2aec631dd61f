"""`iro report`: the annual report for a period, as JSON, a Word document or an Excel workbook.

    iro report --from 2025-04-01 --to 2026-03-31 [--iro NAME] [--team TEAM]
               --format json|docx|xlsx --out PATH [--store PATH]

`--out -` prints the JSON form to standard output.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from ..reports.figures import build_report
from ..reports.json_form import to_json_dict
from ..reports.scope import ScopeError, resolve_scope
from ..store.atomic import atomic_write_bytes
from .common import CliError, add_store_argument, open_store, parse_date

__all__ = ["FORMATS", "register", "run"]

FORMATS = ("json", "docx", "xlsx")
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
    parser.add_argument(
        "--format",
        choices=FORMATS,
        default="json",
        help="json (default), docx (Word) or xlsx (Excel)",
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
    """None for standard output; otherwise a path whose folder exists."""
    if args.out == STDOUT:
        if args.format != "json":
            raise CliError(f"--out - prints JSON only; give a file name for --format {args.format}")
        return None
    path = Path(args.out)
    if path.is_dir():
        raise CliError(f"{path} is a folder; give a file name for --out")
    if not path.parent.is_dir():
        raise CliError(f"the folder {path.parent} does not exist")
    return path


def run(args: argparse.Namespace) -> int:
    if args.date_to < args.date_from:
        raise CliError(
            f"--to {args.date_to.isoformat()} is before --from {args.date_from.isoformat()}"
        )
    out = _output_path(args)
    with open_store(args) as store:
        try:
            with store.read_session() as session:
                scope = resolve_scope(
                    session, args.date_from, args.date_to, iro_name=args.iro, team=args.team
                )
        except ScopeError as exc:
            raise CliError(str(exc)) from None
        report = build_report(store, scope)
    if args.format == "json":
        text = json.dumps(to_json_dict(report), indent=2, ensure_ascii=False) + "\n"
        if out is None:
            sys.stdout.write(text)
            return 0
        atomic_write_bytes(out, text.encode("utf-8"))
    else:
        assert out is not None
        if args.format == "docx":
            from ..reports.report_docx import write_docx

            write_docx(report, out)
        else:
            from ..reports.report_xlsx import write_xlsx

            write_xlsx(report, out)
    print(f"Wrote the report ({args.format}) to {out}.")
    return 0
