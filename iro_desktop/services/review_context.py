"""Where a review stands: its number and due date by the timetable of its period of care,
the previous final review, and that review's decisions brought forward to this one."""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from ..domain.review_form import HELD_STATUSES, CarriedDecision, DecisionStatus, ReviewStatus
from ..domain.review_rules import ReviewFacts
from ..domain.timetable import HeldReview, ReviewKind, review_schedule
from ..domain.validation import FieldError, ValidationError
from ..store.models import PeriodOfCare, Review, live, not_deleted


@dataclass(frozen=True)
class ReviewContext:
    """What the editor shows around the form: who, which review, when it is due and why."""

    review_id: str
    child_id: str
    child_name: str
    local_id: str
    date_of_birth: date
    looked_after_from: date | None
    number: int
    kind: str
    due: date | None
    basis: str
    status: str
    version: int

    @property
    def is_final(self) -> bool:
        return self.status == ReviewStatus.FINALISED

    @property
    def facts(self) -> ReviewFacts:
        return ReviewFacts(self.date_of_birth, self.number, self.due, self.looked_after_from)


def held_in_period(
    session: Session, child_id: str, period: PeriodOfCare, exclude: str | None = None
) -> list[Review]:
    query = (
        select(Review)
        .where(
            Review.child_id == child_id,
            Review.status.in_(HELD_STATUSES),
            not_deleted(Review),
            Review.meeting_date.is_not(None),
            Review.meeting_date >= period.start_date,
        )
        .order_by(Review.meeting_date)
    )
    if period.end_date is not None:
        query = query.where(Review.meeting_date <= period.end_date)
    return [r for r in session.scalars(query) if r.id != exclude]


def schedule_position(period: PeriodOfCare, earlier: list[Review]) -> tuple[int, date, str]:
    held = [HeldReview(r.meeting_date, r.brought_forward) for r in earlier if r.meeting_date]
    schedule = review_schedule(period.start_date, held)
    pending = schedule[len(held)] if len(schedule) > len(held) else None
    if pending is None:
        raise ValidationError([FieldError("review", "This period of care has ended.")])
    return pending.number, pending.due, pending.basis


def context_of(session: Session, review: Review) -> ReviewContext:
    """Who and which review, numbered and dated by the timetable of its period of care."""
    child = review.child
    period = session.get(PeriodOfCare, review.period_id) if review.period_id else None
    basis = ""
    due = review.due_date
    number = review.number
    if period is not None:
        earlier = held_in_period(session, child.id, period, exclude=review.id)
        if review.meeting_date is not None:
            earlier = [
                r for r in earlier if r.meeting_date and r.meeting_date < review.meeting_date
            ]
        with contextlib.suppress(ValidationError):
            number, due, basis = schedule_position(period, earlier)
    kind = (
        ReviewKind.FIRST
        if number == 1
        else ReviewKind.SECOND
        if number == 2
        else ReviewKind.SUBSEQUENT
    ).value
    return ReviewContext(
        review_id=review.id,
        child_id=child.id,
        child_name=child.display_name,
        local_id=child.local_id,
        date_of_birth=child.date_of_birth,
        looked_after_from=period.start_date if period else None,
        number=number,
        kind=kind,
        due=due,
        basis=basis,
        status=review.status,
        version=review.version,
    )


def previous_final_review(session: Session, review: Review) -> Review | None:
    """The last finalised review before this one (with its decisions): they are checked
    at this one, in the editor and in the minutes."""
    query = (
        select(Review)
        .where(
            Review.child_id == review.child_id,
            Review.id != review.id,
            Review.status == ReviewStatus.FINALISED,
            not_deleted(Review),
        )
        .order_by(Review.meeting_date.desc())
        .options(selectinload(Review.decisions))
    )
    if review.meeting_date is not None:
        query = query.where(Review.meeting_date < review.meeting_date)
    return session.scalars(query.limit(1)).first()


def carried_forward(session: Session, review: Review) -> list[CarriedDecision]:
    """The decisions of the last final review before this one, as this one records them."""
    return carried_from(previous_final_review(session, review))


def carried_from(previous: Review | None) -> list[CarriedDecision]:
    if previous is None:
        return []
    return [
        CarriedDecision(
            d.id,
            d.text,
            d.owner,
            d.target_date,
            d.status if d.status != DecisionStatus.OPEN else DecisionStatus.OUTSTANDING.value,
            d.status_note,
        )
        for d in sorted(live(previous.decisions), key=lambda d: d.position)
    ]
