"""The kinds of review document, in one registry: code, name, file-name suffix and renderer.

The editor's panel, the batch run and `iro minutes --kind` all read this list, so a new
kind of document is one entry here. Each renderer imports python-docx only when it is
called, so listing the kinds costs nothing at start-up.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Literal

from .errors import DocumentError
from .printable import printable
from .review_snapshot import ReviewSnapshot

if TYPE_CHECKING:
    from docx.document import Document as DocxDocument

__all__ = [
    "DOCUMENT_KINDS",
    "KINDS",
    "DocumentKind",
    "ReviewDocumentKind",
    "default_file_name",
    "document_kind",
    "render",
    "render_bytes",
]

DocumentKind = Literal["full", "decisions", "letter"]
Renderer = Callable[[ReviewSnapshot, date], "DocxDocument"]
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


@dataclass(frozen=True)
class ReviewDocumentKind:
    """One kind of review document; `name` reads in a sentence ("Wrote the full record")."""

    code: DocumentKind
    name: str
    suffix: str
    description: str
    render: Renderer

    @property
    def title(self) -> str:
        """The name as a heading or a button label starts: "Full record"."""
        return self.name[:1].upper() + self.name[1:]


def _full_record(snapshot: ReviewSnapshot, _today: date) -> DocxDocument:
    from .minutes import full_record

    return full_record(snapshot)


def _decisions_summary(snapshot: ReviewSnapshot, _today: date) -> DocxDocument:
    from .decisions_summary import decisions_summary

    return decisions_summary(snapshot)


def _young_person_letter(snapshot: ReviewSnapshot, today: date) -> DocxDocument:
    from .young_person_letter import young_person_letter

    return young_person_letter(snapshot, today)


DOCUMENT_KINDS: tuple[ReviewDocumentKind, ...] = (
    ReviewDocumentKind("full", "full record", "record",
                       "The whole record of the review, for the file and the people who "
                       "attended", _full_record),
    ReviewDocumentKind("decisions", "decisions summary", "decisions",
                       "The decisions and the next review, due within a few working days",
                       _decisions_summary),
    ReviewDocumentKind("letter", "letter to the young person", "letter",
                       "Plain words, larger type, what was decided and when the next review is",
                       _young_person_letter),
)
KINDS: tuple[DocumentKind, ...] = tuple(kind.code for kind in DOCUMENT_KINDS)


def document_kind(code: str) -> ReviewDocumentKind:
    """The registry entry for `code`, or an error that lists the codes there are."""
    for kind in DOCUMENT_KINDS:
        if kind.code == code:
            return kind
    raise DocumentError(f"Unknown kind of document {code!r}: use one of {', '.join(KINDS)}.")


def render(snapshot: ReviewSnapshot, kind: str, today: date) -> DocxDocument:
    """The document of `kind` for a review, in memory; safe to call from a worker thread."""
    return document_kind(kind).render(printable(snapshot), today)


def render_bytes(snapshot: ReviewSnapshot, kind: str, today: date) -> bytes:
    """The .docx file's bytes, so the caller decides where and how they are written."""
    buffer = io.BytesIO()
    render(snapshot, kind, today).save(buffer)
    return buffer.getvalue()


def default_file_name(snapshot: ReviewSnapshot, kind: str) -> str:
    """A name that identifies the record by ID, not by the child's name."""
    held = snapshot.meeting_date.isoformat() if snapshot.meeting_date else "undated"
    stem = f"{snapshot.local_id} review {snapshot.number} {held} {document_kind(kind).suffix}"
    return _UNSAFE.sub("-", stem).strip("-") + ".docx"
