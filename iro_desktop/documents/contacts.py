"""How to reach the IRO, an independent advocate and the complaints unit.

Every set of minutes ends with these details and repeats them in the page footer; they
come from the service profile (and the IRO's own record), never from code.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .review_snapshot import Contact, ReviewSnapshot

if TYPE_CHECKING:  # python-docx is loaded only to write, not to check the contact details
    from .writer import DocxWriter

SEPARATOR = " · "
CLOSING_TITLE = "How to contact your IRO, get an advocate, or make a complaint"


def compact(contact: Contact, means: int = 2) -> str:
    """One short line: the name and the first ways to reach them (phone, email, website)."""
    parts = [contact.name.strip() or "details not set"]
    parts += [_short_web(part) for part in contact.means()[:means]]
    return SEPARATOR.join(parts)


def footer_lines(snapshot: ReviewSnapshot) -> list[str]:
    return [
        f"Your IRO: {compact(snapshot.iro)}",
        f"Advocacy: {compact(snapshot.advocacy)}",
        f"Complaints: {compact(snapshot.complaints)}",
    ]


def detail_lines(contact: Contact) -> list[tuple[str, str]]:
    """Labelled lines for the closing section of a document."""
    lines = []
    if contact.phone:
        lines.append(("Phone", contact.phone))
    if contact.email:
        lines.append(("Email", contact.email))
    if contact.web:
        lines.append(("Website", contact.web))
    if contact.address:
        lines.append(("Address", " ".join(contact.address.split())))
    return lines


def missing_contact_details(snapshot: ReviewSnapshot) -> list[str]:
    """What the service profile still needs before minutes may be issued."""
    missing = []
    if not snapshot.iro.is_reachable():
        missing.append("the IRO's name and a phone number or email address")
    if not snapshot.advocacy.is_reachable():
        missing.append("the independent advocacy service's name and a phone, email or website")
    if not snapshot.complaints.is_reachable():
        missing.append("the complaints unit's name and a phone, email or website")
    return missing


def _short_web(text: str) -> str:
    for prefix in ("https://", "http://"):
        if text.startswith(prefix):
            return text[len(prefix):].rstrip("/")
    return text


def write_closing_section(writer: DocxWriter, snapshot: ReviewSnapshot) -> None:
    """The section every set of minutes ends with."""
    writer.heading(CLOSING_TITLE, 1)
    writer.heading("Your Independent Reviewing Officer (IRO)", 2)
    _contact_block(writer, snapshot.iro, (
        f"{snapshot.iro.name or 'Your IRO'} chaired this review. Contact them if you have "
        "questions about the review, the plan, or these minutes."
    ), None)
    writer.heading("Independent advocacy", 2)
    _contact_block(writer, snapshot.advocacy, (
        "An advocate is independent of children's services. They can help a child or young "
        "person say what they think and make sure they are heard. It is free."
    ), "Service")
    writer.heading("Making a complaint", 2)
    _contact_block(writer, snapshot.complaints, (
        "If you are unhappy with the service a child or family has received, you can make a "
        "complaint. Children and young people can ask an advocate to help them complain."
    ), "Contact")


def _contact_block(writer: DocxWriter, contact: Contact, intro: str,
                   name_label: str | None) -> None:
    """An explanation and the contact lines, kept together on one page."""
    lines = detail_lines(contact)
    if name_label is not None:
        lines.insert(0, (name_label, contact.name or "Ask the IRO service"))
    writer.block(intro, lines)
