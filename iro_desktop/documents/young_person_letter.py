"""A letter to the young person after their review, in plain, warm words and larger type.

It tells them what was decided and when the next review is, and how to reach their IRO,
an advocate, and the complaints service. It leaves out what they should not receive:
no parents' or carers' views, no professionals' update, no one's contact details but
the IRO's and the services', and people only by their role.
"""

from __future__ import annotations

from datetime import date

from docx.document import Document as DocxDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt

from ..domain.timetable import format_date
from .contacts import detail_lines
from .page_setup import DocumentInfo, content_width, start_document
from .review_snapshot import Contact, ReviewSnapshot
from .styles import LETTER_TYPE
from .writer import DocxWriter

_THANKS = {
    "PN1": "Thank you for coming to your review on {day} and telling us what you think.",
    "PN2": "Thank you for coming to your review on {day}. Your advocate made sure we heard "
           "what you think.",
    "PN3": "Thank you for coming to your review on {day} and showing us how you feel.",
    "PN4": "Thank you for coming to your review on {day}.",
    "PN5": "You did not come to your review on {day}, but your advocate told us what you "
           "think. Thank you for that.",
    "PN6": "Thank you for letting us know what you think before your review on {day}.",
    "PN7": "This letter is about your review on {day}. We did not hear from you this time. "
           "Next time you can tell me what you think in whatever way suits you: come along, "
           "write it down, send a message, or ask an advocate to speak for you.",
}
FORM_THANKS = "Thank you for filling in the form about what you think before your review."
_PLAIN = "This letter is about your review on {day}."


def young_person_letter(snapshot: ReviewSnapshot, written_on: date) -> DocxDocument:
    name = snapshot.first_name
    document = start_document(snapshot, DocumentInfo(
        title=f"Letter to {name} about the review on {_day(snapshot.meeting_date)}",
        subject="Looked After Child Review: letter to the young person",
    ), LETTER_TYPE)
    writer = DocxWriter(document, content_width(document))
    writer.title("About your review")
    writer.paragraph(format_date(written_on)).alignment = WD_ALIGN_PARAGRAPH.RIGHT
    writer.paragraph(f"Dear {name},")
    iro = snapshot.iro.name or "your Independent Reviewing Officer"
    writer.paragraph(
        f"I am {iro}, your Independent Reviewing Officer, or IRO for short. My job is to check "
        "that the plan for you is right, that it happens, and that people listen to what "
        "you think."
    )
    thanks = _THANKS.get(snapshot.participation_code, _PLAIN)
    writer.paragraph(thanks.format(day=_day(snapshot.meeting_date)))
    if snapshot.consultation_completed:
        writer.paragraph(FORM_THANKS)

    writer.heading("What we decided", 1)
    decisions = [d.text for d in snapshot.decisions if d.text]
    if decisions:
        writer.paragraph("At your review we agreed that:")
        writer.bullets(decisions)
    else:
        writer.paragraph("We did not need to make any new decisions this time. The plan for "
                         "you carries on as it is.")

    writer.heading("Your next review", 1)
    writer.paragraph(_next_review(snapshot))
    writer.paragraph("Before then, you can tell me, your social worker or your carer if there "
                     "is anything you want to talk about at your next review.")

    writer.heading("If you want to talk to me", 1)
    _contact(writer, "You can get in touch with me at any time, about anything to do with "
             "your plan or your review.", snapshot.iro, "Your IRO")

    writer.heading("Having an advocate", 1)
    _contact(writer, "An advocate is someone who is on your side. They help you say what you "
             "think and make sure you are listened to. They do not work for the social work "
             "team, and it is free.", snapshot.advocacy, "Advocacy service")

    writer.heading("If you are unhappy", 1)
    _contact(writer, "If you are unhappy about how you are being looked after, or about "
             "something that has happened, you can make a complaint. You will not get into "
             "trouble for complaining, and an advocate can help you do it.",
             snapshot.complaints, "Complaints")

    writer.paragraph("Best wishes,").paragraph_format.space_before = Pt(12)
    writer.paragraph(iro).paragraph_format.space_after = 0
    writer.paragraph("Independent Reviewing Officer")
    return document


def _day(value: date | None) -> str:
    return format_date(value) if value is not None else "the date on your invitation"


def _next_review(snapshot: ReviewSnapshot) -> str:
    if snapshot.review.next_review_date is None:
        return "I will let you know the date of your next review soon."
    text = f"Your next review will be on {format_date(snapshot.review.next_review_date)}"
    if snapshot.review.next_review_time:
        text += f" at {snapshot.review.next_review_time}"
    text += "."
    if snapshot.review.next_review_venue:
        text += f" It will be at {snapshot.review.next_review_venue}."
    return text


def _contact(writer: DocxWriter, intro: str, contact: Contact, name_label: str) -> None:
    lines = detail_lines(contact)
    if contact.name:
        lines.insert(0, (name_label, contact.name))
    writer.block(intro, lines)
