"""The `iro timetable` sub-command: a child's statutory review timetable for one period of care.

It lets an IRO or a developer check due dates from the command line without the desktop app,
using exactly the same rules as the caseload view.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from datetime import date
from typing import Any

from iro_desktop.domain.timetable import (
    DueStatus,
    HeldReview,
    ScheduledReview,
    format_date,
    review_schedule,
)

__all__ = ["register", "run"]

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")

_STATUS_LABELS = {
    DueStatus.OVERDUE: "overdue",
    DueStatus.DUE_SOON: "due soon",
    DueStatus.ON_TRACK: "on track",
    DueStatus.ENDED: "period of care ended",
}


class _UsageError(Exception):
    """A problem with the command line, reported as one line and exit status 2."""


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the "timetable" sub-command to the `iro` command's parser."""
    parser = subparsers.add_parser(
        "timetable",
        help="show the statutory review timetable for one period of care",
        description=(
            "Work out when each review is due under regulation 33 of the Care Planning, "
            "Placement and Case Review (England) Regulations 2010, for one period of care. "
            "Dates are YYYY-MM-DD."
        ),
    )
    parser.add_argument(
        "--looked-after-from",
        required=True,
        metavar="YYYY-MM-DD",
        help="the date the child became looked after (start of this period of care)",
    )
    parser.add_argument(
        "--review",
        action="append",
        default=[],
        metavar="YYYY-MM-DD",
        help="the date a review was held (repeat for each review)",
    )
    parser.add_argument(
        "--brought-forward",
        action="append",
        default=[],
        metavar="YYYY-MM-DD",
        help="mark the review held on this date as brought forward (repeatable)",
    )
    parser.add_argument(
        "--ended", metavar="YYYY-MM-DD", help="the date this period of care ended, if it has"
    )
    parser.add_argument(
        "--today", metavar="YYYY-MM-DD", help="the date to judge the next review against"
    )
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
    parser.set_defaults(handler=run)


def _parse_date(option: str, value: str) -> date:
    """Read a strict YYYY-MM-DD date, so 2025-02-30 or 3/3/2025 are refused rather than guessed."""
    if _ISO_DATE.fullmatch(value):
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    raise _UsageError(f"{option} {value} is not a valid date (use YYYY-MM-DD)")


def _held_reviews(reviews: list[str], brought_forward: list[str]) -> list[HeldReview]:
    """Combine --review and --brought-forward, refusing a brought-forward date with no review."""
    held = [_parse_date("--review", value) for value in reviews]
    forward = {_parse_date("--brought-forward", value): value for value in brought_forward}
    for day, value in forward.items():
        if day not in held:
            raise _UsageError(f"--brought-forward {value} is not one of the --review dates")
    return [HeldReview(day, brought_forward=day in forward) for day in held]


def _outcome(review: ScheduledReview, today: date) -> str:
    """Describe a held review's timeliness or a pending review's urgency in a few words."""
    if review.held_on is None:
        return _STATUS_LABELS[review.status(today)]
    text = "in time" if review.in_time else "late"
    return f"{text}, brought forward" if review.brought_forward else text


def _as_json(
    looked_after_from: date,
    ended_on: date | None,
    today: date,
    schedule: list[ScheduledReview],
) -> dict[str, Any]:
    """Build the machine-readable form, with ISO dates so other tools can read it."""
    reviews: list[dict[str, Any]] = []
    next_due: str | None = None
    for review in schedule:
        entry: dict[str, Any] = {
            "number": review.number,
            "kind": str(review.kind),
            "due": review.due.isoformat(),
            "held_on": review.held_on.isoformat() if review.held_on is not None else None,
            "in_time": review.in_time,
            "brought_forward": review.brought_forward,
            "basis": review.basis,
        }
        if review.held_on is None:
            entry["status"] = str(review.status(today))
            next_due = review.due.isoformat()
        reviews.append(entry)
    return {
        "looked_after_from": looked_after_from.isoformat(),
        "ended_on": ended_on.isoformat() if ended_on is not None else None,
        "today": today.isoformat(),
        "reviews": reviews,
        "next_due": next_due,
    }


def _as_table(
    looked_after_from: date,
    ended_on: date | None,
    today: date,
    schedule: list[ScheduledReview],
) -> str:
    """Lay the schedule out as aligned columns for reading in a terminal."""
    header = ("No.", "Kind", "Due", "Held", "Outcome", "Basis")
    rows = [
        (
            str(review.number),
            str(review.kind),
            format_date(review.due),
            format_date(review.held_on) if review.held_on is not None else "-",
            _outcome(review, today),
            review.basis,
        )
        for review in schedule
    ]
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header) - 1)]
    lines = [f"Looked after from {format_date(looked_after_from)}", ""]
    if not rows:
        lines.append("No reviews in this period of care.")
    for row in [header, *rows] if rows else []:
        cells = [cell.ljust(width) for cell, width in zip(row, widths, strict=False)]
        lines.append("  ".join([*cells, row[-1]]).rstrip())
    lines.append("")
    pending = schedule[-1] if schedule and schedule[-1].held_on is None else None
    if pending is not None:
        lines.append(
            f"Next review (review {pending.number}) due {format_date(pending.due)}: "
            f"{_outcome(pending, today)} as at {format_date(today)}."
        )
    elif ended_on is not None:
        lines.append(
            f"The period of care ended on {format_date(ended_on)}: no further review is due."
        )
    return "\n".join(lines)


def run(args: argparse.Namespace) -> int:
    """Print the timetable and return the exit status (2 for bad input, with one line on stderr)."""
    try:
        looked_after_from = _parse_date("--looked-after-from", args.looked_after_from)
        held = _held_reviews(list(args.review or []), list(args.brought_forward or []))
        ended_on = _parse_date("--ended", args.ended) if args.ended else None
        today = _parse_date("--today", args.today) if args.today else date.today()
        schedule = review_schedule(looked_after_from, held, ended_on=ended_on)
    except (_UsageError, ValueError) as error:
        print(f"iro: error: {error}", file=sys.stderr)
        return 2
    if args.json:
        document = _as_json(looked_after_from, ended_on, today, schedule)
        print(json.dumps(document, indent=2))
    else:
        print(_as_table(looked_after_from, ended_on, today, schedule))
    return 0
