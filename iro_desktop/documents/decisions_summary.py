"""The decisions of a review: the short document due within a few working days of it."""

from __future__ import annotations

from docx.document import Document as DocxDocument

from .contacts import write_closing_section
from .minutes import when, write_decisions, write_details, write_next_review
from .page_setup import DocumentInfo, content_width, start_document
from .review_snapshot import ReviewSnapshot
from .styles import RECORD_TYPE
from .writer import DocxWriter


def decisions_summary(snapshot: ReviewSnapshot) -> DocxDocument:
    document = start_document(snapshot, DocumentInfo(
        title=f"Review decisions: {snapshot.child_name}, {when(snapshot.meeting_date)}",
        subject="Looked After Child Review: decisions of the review",
    ), RECORD_TYPE)
    writer = DocxWriter(document, content_width(document))
    writer.title(f"Decisions of the review for {snapshot.child_name}")
    writer.paragraph(
        f"These are the decisions of review {snapshot.number}, held on "
        f"{when(snapshot.meeting_date)}. The full record of the review follows within "
        f"{snapshot.record_working_days} working days of the meeting."
    )
    write_details(writer, snapshot, full=False)
    write_decisions(writer, snapshot)
    write_next_review(writer, snapshot)
    write_closing_section(writer, snapshot)
    return document
