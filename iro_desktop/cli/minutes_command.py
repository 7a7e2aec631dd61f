"""The `iro minutes` sub-command: issue a review's record, decisions or letter as a Word file."""

from __future__ import annotations

import argparse
import re
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import select

from ..documents import DOCUMENT_KINDS, KINDS, DocumentError, document_kind
from ..services.issuing import generate_document
from ..store import Store
from ..store.models import Review, not_deleted
from .common import CliError, add_store_argument, open_store, parse_date

__all__ = ["register", "run"]

MIN_PREFIX = 6
_ID_TEXT = re.compile(r"[0-9a-f-]+")


def register(subparsers: Any) -> None:
    """Add the "minutes" sub-command to the `iro` command's parser."""
    *others, last = [f"the {kind.name}" for kind in DOCUMENT_KINDS]
    parser = subparsers.add_parser(
        "minutes",
        help="write a finalised review's minutes as a Word document and record the issue",
        description=(
            f"Write {', '.join(others)} or {last} "
            "of a finalised review as a .docx file. The issue date and an audit event are "
            "recorded in the store. REVIEW_ID is the id shown by `iro list reviews` (the "
            f"first {MIN_PREFIX} or more characters are enough when they are unique)."
        ),
    )
    parser.add_argument("review_id", metavar="REVIEW_ID", help="the review to issue")
    names = [f"{kind.code} ({kind.name})" for kind in DOCUMENT_KINDS]
    parser.add_argument("--kind", choices=KINDS, default=KINDS[0],
                        help=f"{', '.join(names)}; default {KINDS[0]}")
    parser.add_argument("--out", type=Path, required=True, metavar="PATH",
                        help="the .docx file to write, or an existing folder to write it in")
    parser.add_argument("--today", type=parse_date, default=None, metavar="YYYY-MM-DD",
                        help="the issue date to record (default: today)")
    add_store_argument(parser)
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    kind = document_kind(args.kind)
    today: date = args.today or date.today()
    with open_store(args) as store:
        review_id = _resolve(store, args.review_id)
        try:
            written = generate_document(store, review_id, kind.code, args.out, today)
        except DocumentError as exc:
            raise CliError(str(exc)) from exc
    print(f"Wrote the {kind.name} to {written} (issued {today.isoformat()}).")
    return 0


def _resolve(store: Store, given: str) -> str:
    """The full id of the review named by `given`, or a clear error."""
    text = given.strip().lower()
    if not _ID_TEXT.fullmatch(text):
        raise CliError(f"{given!r} is not a review id (see `iro list reviews`)")
    if len(text) < MIN_PREFIX:
        raise CliError(f"review id {given!r} is too short: give at least {MIN_PREFIX} characters")
    with store.session() as session:
        matches = list(session.scalars(
            select(Review.id).where(Review.id.like(f"{text}%"), not_deleted(Review))
            .limit(2)
        ))
    if not matches:
        raise CliError(f"there is no review {given} in this store (see `iro list reviews`)")
    if len(matches) > 1:
        raise CliError(f"review id {given} matches more than one review; give more of it")
    return matches[0]
