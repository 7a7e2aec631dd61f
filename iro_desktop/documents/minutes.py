"""The full record of a looked-after child's review (the minutes).

The young person's views come first, as their own section, before anything the
professionals say; the record ends with how to contact the IRO, an advocate and the
complaints unit. A section with nothing in it says so rather than disappearing.
"""

from __future__ import annotations

from datetime import date

from docx.document import Document as DocxDocument

from ..domain.timetable import format_date
from .contacts import write_closing_section
from .page_setup import DocumentInfo, content_width, start_document
from .review_snapshot import NOTHING_RECORDED, DecisionLine, ReviewSnapshot
from .styles import RECORD_TYPE
from .writer import DocxWriter

NOT_RECORDED = "Not recorded"
YOUNG_PERSON_VIEWS = "The young person's views"


def full_record(snapshot: ReviewSnapshot) -> DocxDocument:
    document = start_document(snapshot, DocumentInfo(
        title=f"Review record: {snapshot.child_name}, {when(snapshot.meeting_date)}",
        subject="Looked After Child Review: full record of the review",
    ), RECORD_TYPE)
    writer = DocxWriter(document, content_width(document))
    writer.title(f"Record of the review for {snapshot.child_name}")
    writer.paragraph(intro(snapshot))
    write_details(writer, snapshot, full=True)
    _attendance(writer, snapshot)
    writer.heading(YOUNG_PERSON_VIEWS, 1)
    if snapshot.consultation_note:
        writer.paragraph(snapshot.consultation_note)
    writer.text(snapshot.review.young_person_views.strip())
    writer.heading("Parents' views", 1)
    writer.text(snapshot.review.parents_views.strip())
    writer.heading("Carers' views", 1)
    writer.text(snapshot.review.carers_views.strip())
    writer.heading("Social worker's update", 1)
    writer.text(snapshot.review.social_worker_update.strip())
    _plan(writer, snapshot)
    _previous_decisions(writer, snapshot)
    write_decisions(writer, snapshot)
    write_next_review(writer, snapshot)
    write_closing_section(writer, snapshot)
    return document


def when(value: date | None, missing: str = NOT_RECORDED) -> str:
    return format_date(value) if value is not None else missing


def intro(snapshot: ReviewSnapshot) -> str:
    return (f"Review {snapshot.number} of the care plan for {snapshot.child_name}, "
            f"held on {_held_on(snapshot)} and chaired by {snapshot.iro.name or 'the IRO'}, "
            "Independent Reviewing Officer.")


def write_details(writer: DocxWriter, snapshot: ReviewSnapshot, *, full: bool) -> None:
    writer.heading("Review details", 1)
    name = snapshot.child_name
    if snapshot.preferred_name and not name.startswith(f"{snapshot.preferred_name} "):
        name = f"{name} (known as {snapshot.preferred_name})"
    worker = snapshot.social_worker
    rows = [
        ("Name", name),
        ("Date of birth", format_date(snapshot.date_of_birth)),
        ("ID number", snapshot.local_id),
        ("Legal status", snapshot.legal_status),
        ("Placement type", snapshot.placement_type),
        ("Social worker and team", _named(worker.name, worker.team) if worker else NOT_RECORDED),
        ("Independent Reviewing Officer", snapshot.iro.name or NOT_RECORDED),
        ("Date of review", _held_on(snapshot)),
        ("Review number", str(snapshot.number)
         + (" (brought forward)" if snapshot.review.brought_forward else "")),
        ("Venue", snapshot.review.venue or NOT_RECORDED),
        ("Format", snapshot.meeting_format),
    ]
    if full:
        rows += [
            ("Care plan shared 3 working days before",
             _yes_no(snapshot.review.care_plan_3_days)),
            ("Pre-meeting report shared 3 working days before",
             _yes_no(snapshot.review.pmr_3_days)),
        ]
    writer.details_table(rows, "Review details")


def write_decisions(writer: DocxWriter, snapshot: ReviewSnapshot) -> None:
    writer.heading("Decisions of this review", 1)
    if not snapshot.decisions:
        writer.text("", empty="No new decisions were made at this review.")
        return
    writer.grid(
        ("Decision", "Who is responsible", "By when"),
        [(d.text, d.owner or NOT_RECORDED, when(d.target_date, "Not set"))
         for d in snapshot.decisions],
        (0.52, 0.26, 0.22),
        "Decisions of this review",
        "Each decision, the person responsible for it and the date it is due.",
    )


def write_next_review(writer: DocxWriter, snapshot: ReviewSnapshot) -> None:
    writer.heading("Next review", 1)
    if snapshot.review.next_review_date is None and not snapshot.review.next_review_venue:
        writer.text("")
        return
    writer.block("", [("Date", when(snapshot.review.next_review_date)),
                      ("Time", snapshot.review.next_review_time or "To be confirmed"),
                      ("Venue", snapshot.review.next_review_venue or "To be confirmed")])


def _attendance(writer: DocxWriter, snapshot: ReviewSnapshot) -> None:
    writer.heading("Attendance and participation", 1)
    if snapshot.attendance:
        writer.grid(
            ("Name", "Role", "Attendance"),
            [(a.name or NOT_RECORDED, a.role, a.status_label) for a in snapshot.attendance],
            (0.38, 0.32, 0.30),
            "Attendance",
            "Who attended, who sent apologies and who contributed in writing, by role.",
        )
    else:
        writer.text("", empty=f"{NOTHING_RECORDED} No attendance was recorded.")
    code = snapshot.participation_code
    writer.labelled(f"How {snapshot.preferred_name or 'the young person'} took part",
                    f"{snapshot.participation} ({code})" if code else snapshot.participation)
    writer.labelled("How their views were gathered", snapshot.consultation_method)


def _plan(writer: DocxWriter, snapshot: ReviewSnapshot) -> None:
    writer.heading("The care plan", 1)
    if not snapshot.plan_areas:
        writer.text("")
        return
    for area in snapshot.plan_areas:
        writer.heading(area.area, 2)
        writer.labelled("Progress", area.progress).paragraph_format.keep_with_next = True
        writer.text(area.notes)


def _previous_decisions(writer: DocxWriter, snapshot: ReviewSnapshot) -> None:
    writer.heading("Decisions from the last review", 1)
    if not snapshot.previous_decisions:
        writer.text("", empty="This is the first review, so there were no earlier decisions."
                    if snapshot.number <= 1 else NOTHING_RECORDED)
        return
    writer.paragraph(f"Decisions made at the review on {when(snapshot.previous_review_date)}, "
                     "and what has happened since.")
    writer.grid(
        ("Decision", "Who was responsible", "By when", "Status"),
        [(d.text, d.owner or NOT_RECORDED, when(d.target_date, "Not set"), _status(d))
         for d in snapshot.previous_decisions],
        (0.36, 0.22, 0.19, 0.23),
        "Decisions from the last review",
        "Each decision of the last review, who was responsible, when it was due and its status.",
    )


def _status(decision: DecisionLine) -> str:
    if decision.status_note:
        return f"{decision.status}\n{decision.status_note}"
    return decision.status


def _held_on(snapshot: ReviewSnapshot) -> str:
    further = [format_date(d) for d in snapshot.review.further_sittings]
    dates = [when(snapshot.meeting_date), *further]
    return dates[0] if len(dates) == 1 else ", ".join(dates[:-1]) + " and " + dates[-1]


def _named(name: str, team: str) -> str:
    return f"{name}, {team}" if team else name


def _yes_no(value: bool | None) -> str:
    return NOT_RECORDED if value is None else ("Yes" if value else "No")
