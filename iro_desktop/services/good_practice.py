"""Recognising good practice: record it against a child and compose a note for the worker's manager.

The note to the manager names the child by initials and ID only: it leaves the store by
email, and the manager can look the child up; nothing more personal needs to travel.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..domain.timetable import format_date
from ..domain.validation import FieldError, ValidationError
from ..store import Store
from ..store.models import Child, GoodPractice, Person, Review, not_deleted
from .audit_trail import record_event
from .profile import current_iro, get_profile

__all__ = [
    "GoodPracticeInput", "compose_good_practice_message", "good_practice_message",
    "good_practice_prefill", "record_good_practice", "validate_good_practice",
]


@dataclass
class GoodPracticeInput:
    child_id: str
    recorded_on: date | None = None
    social_worker: str = ""
    team: str = ""
    note: str = ""
    review_id: str | None = None
    iro_id: str | None = None  # None: the IRO using this store


def validate_good_practice(entry: GoodPracticeInput, today: date) -> list[FieldError]:
    errors: list[FieldError] = []
    if entry.recorded_on is None:
        errors.append(FieldError("recorded_on", "Enter the date."))
    elif entry.recorded_on > today:
        errors.append(FieldError("recorded_on", "The date cannot be in the future."))
    if not entry.social_worker.strip():
        errors.append(FieldError("social_worker", "Enter the worker's name."))
    if not entry.note.strip():
        errors.append(FieldError("note", "Describe the good practice."))
    return errors


def _social_worker(session: Session, child_id: str) -> Person | None:
    return session.scalar(
        select(Person).where(Person.child_id == child_id, Person.role == "social_worker",
                             Person.active.is_(True), not_deleted(Person))
        .order_by(Person.created_at.desc()).limit(1))


def good_practice_prefill(store: Store, child_id: str, today: date,
                          review_id: str | None = None) -> GoodPracticeInput:
    """A new entry with the child's current social worker and team filled in."""
    with store.session() as session:
        worker = _social_worker(session, child_id)
        return GoodPracticeInput(child_id=child_id, recorded_on=today, review_id=review_id,
                                 social_worker=worker.name if worker else "",
                                 team=worker.team if worker else "")


def record_good_practice(store: Store, entry: GoodPracticeInput, *,
                         today: date | None = None) -> str:
    """Save a recognition of good practice; returns its id."""
    errors = validate_good_practice(entry, today or date.today())
    with store.session() as session:
        child = session.get(Child, entry.child_id)
        if child is None or child.deleted_at is not None:
            errors.append(FieldError("child_id", "That child's record is no longer in this store."))
        if entry.review_id:
            review = session.get(Review, entry.review_id)
            if review is None or review.child_id != entry.child_id:
                errors.append(FieldError("review_id", "That review is not one of this child's."))
        if errors:
            raise ValidationError(errors)
        assert entry.recorded_on is not None
        iro = current_iro(session)
        row = GoodPractice(
            child_id=entry.child_id, review_id=entry.review_id or None,
            iro_id=entry.iro_id or (iro.id if iro else None), recorded_on=entry.recorded_on,
            social_worker=entry.social_worker.strip(), team=entry.team.strip(),
            note=entry.note.strip())
        session.add(row)
        session.flush()
        record_event(session, "good_practice.recorded", entity_type="good_practice",
                     entity_id=row.id, child_id=row.child_id, detail={"team": row.team})
        return row.id


def _initials(child: Child) -> str:
    first = child.preferred_name or child.first_name
    return "".join(f"{part[0].upper()}." for part in (first, child.last_name) if part)


def compose_good_practice_message(*, social_worker: str, team: str, child_reference: str,
                                  recorded_on: date, note: str, iro_name: str,
                                  service_name: str, local_authority: str = "",
                                  iro_contact: str = "", manager_name: str = "") -> str:
    """The text of a short email or letter thanking a worker, addressed to their manager."""
    worker = social_worker.strip()
    team_text = f" ({team.strip()})" if team.strip() else ""
    service = ", ".join(part for part in (service_name, local_authority) if part)
    lines = [
        f"Subject: Good practice – {worker}{team_text}",
        "",
        f"Dear {manager_name.strip() or 'Team Manager'},",
        "",
        f"I would like to recognise some good practice by {worker}{team_text}, which I noted "
        f"on {format_date(recorded_on)} as the Independent Reviewing Officer for "
        f"{child_reference}.",
        "",
        note.strip(),
        "",
        f"Please pass my thanks on to {worker}. Recognising what works well helps us all to "
        "improve outcomes for children in care.",
        "",
        "Kind regards,",
        "",
        iro_name.strip() or "Independent Reviewing Officer",
        "Independent Reviewing Officer",
    ]
    lines += [part for part in (service, iro_contact.strip()) if part]
    return "\n".join(lines)


def good_practice_message(store: Store, good_practice_id: str, *,
                          manager_name: str = "") -> str:
    """The note to send to the worker's manager about a recorded piece of good practice."""
    with store.session() as session:
        row = session.get(GoodPractice, good_practice_id)
        if row is None or row.deleted_at is not None:
            raise LookupError("That good practice record is no longer in this store.")
        profile = get_profile(session)
        iro = current_iro(session)
        contact = " | ".join(part for part in ((iro.phone, iro.email) if iro else ()) if part)
        return compose_good_practice_message(
            social_worker=row.social_worker, team=row.team,
            child_reference=f"{_initials(row.child)} (ID {row.child.local_id})",
            recorded_on=row.recorded_on, note=row.note, iro_name=iro.name if iro else "",
            service_name=profile.service_name, local_authority=profile.local_authority,
            iro_contact=contact, manager_name=manager_name)
