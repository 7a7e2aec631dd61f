"""Everything a child's record page shows besides the editable details, read in one unit of work.

Periods of care, the people around the child, a timeline of the IRO's work, and the next
review with the plain-English reason for its date. Plain frozen dataclasses, so the UI can
hold them without a session.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from ..domain.child_rules import age_on
from ..domain.codes import code_list
from ..domain.review_form import HELD_STATUSES, ReviewStatus
from ..domain.timetable import (
    DueStatus,
    ScheduledReview,
    decisions_due,
    format_date,
    record_due,
    review_schedule,
)
from ..store import Store
from ..store.models import (
    Challenge,
    Child,
    GoodPractice,
    MonitoringNote,
    QaAudit,
    Review,
    ServiceProfile,
    not_deleted,
)
from .children import load_child
from .issuing import issue_timeliness

__all__ = [
    "ChildOverview",
    "PeriodRow",
    "PersonRow",
    "TimelineEntry",
    "TimelineKind",
    "load_overview",
]

SUMMARY_LENGTH = 90


class TimelineKind(StrEnum):
    REVIEW = "Review"
    QA_AUDIT = "QA audit"
    CHALLENGE = "Challenge"
    GOOD_PRACTICE = "Good practice"
    MONITORING = "Midway review / monitoring note"


@dataclass(frozen=True, slots=True)
class PeriodRow:
    start: date
    end: date | None
    legal_status: str
    placement: str
    reason_ended: str


@dataclass(frozen=True, slots=True)
class PersonRow:
    role: str
    name: str
    team_or_organisation: str
    phone: str
    email: str
    active: bool


@dataclass(frozen=True, slots=True)
class TimelineEntry:
    on: date
    kind: TimelineKind
    summary: str
    entity_id: str
    #: For a final review: whether the decisions and the full record went out in time.
    decisions_sent: str = ""
    record_sent: str = ""


@dataclass(frozen=True, slots=True)
class ChildOverview:
    child_id: str
    name: str
    local_id: str
    date_of_birth: date
    age: int
    period_open: bool
    periods: tuple[PeriodRow, ...]
    people: tuple[PersonRow, ...]
    timeline: tuple[TimelineEntry, ...]
    next_review: ScheduledReview | None
    reviews_held: int
    status: DueStatus
    #: The most recent review held (or finalised): what "Audit this review" audits by default.
    latest_held_review: str | None = None


def load_overview(store: Store, child_id: str, today: date) -> ChildOverview:
    """Raises LookupError when the child is not (or no longer) in the store."""
    with store.read_session() as session:
        child = load_child(session, child_id)
        periods = [p for p in child.periods if p.deleted_at is None]
        current = periods[-1] if periods else None
        held: list[date] = []
        if current is not None:
            held = sorted(d for d in session.scalars(
                select(Review.meeting_date).where(
                    Review.child_id == child_id, not_deleted(Review),
                    Review.status.in_(HELD_STATUSES), Review.meeting_date.is_not(None),
                    Review.meeting_date >= current.start_date)
            ) if d is not None)
            if current.end_date is not None:
                held = [d for d in held if d <= current.end_date]
        next_review = None
        if current is not None and current.end_date is None:
            next_review = review_schedule(current.start_date, sorted(set(held)))[-1]
        status = next_review.status(today) if next_review is not None else DueStatus.ENDED
        return ChildOverview(
            child_id=child.id, name=child.display_name, local_id=child.local_id,
            date_of_birth=child.date_of_birth, age=age_on(child.date_of_birth, today),
            period_open=current is not None and current.end_date is None,
            periods=tuple(_period_rows(child)), people=tuple(_people_rows(child)),
            timeline=tuple(_timeline(session, child_id, today)), next_review=next_review,
            reviews_held=len(held), status=status,
            latest_held_review=session.scalar(
                select(Review.id).where(
                    Review.child_id == child_id, not_deleted(Review),
                    Review.status.in_(HELD_STATUSES), Review.meeting_date.is_not(None))
                .order_by(Review.meeting_date.desc()).limit(1)),
        )


def _period_rows(child: Child) -> list[PeriodRow]:
    legal, placement = code_list("legal_status"), code_list("placement")
    reasons = code_list("reason_ceased")
    rows = [
        PeriodRow(start=p.start_date, end=p.end_date,
                  legal_status=f"{p.legal_status} {legal.label(p.legal_status)}",
                  placement=f"{p.placement_type} {placement.label(p.placement_type)}",
                  reason_ended=(f"{p.reason_ceased} {reasons.label(p.reason_ceased)}"
                                if p.reason_ceased else ""))
        for p in child.periods if p.deleted_at is None
    ]
    return sorted(rows, key=lambda r: r.start, reverse=True)


def _people_rows(child: Child) -> list[PersonRow]:
    roles = code_list("person_role")
    people = [p for p in child.people if p.deleted_at is None]
    people.sort(key=lambda p: (not p.active, roles.codes().index(p.role)
                               if p.role in roles else 99, p.name))
    return [
        PersonRow(role=roles.label(p.role) + ("" if p.active else " (former)"), name=p.name,
                  team_or_organisation=", ".join(x for x in (p.team, p.organisation) if x),
                  phone=p.phone, email=p.email, active=p.active)
        for p in people
    ]


def _short(text: str) -> str:
    line = " ".join(text.split())
    return line if len(line) <= SUMMARY_LENGTH else line[: SUMMARY_LENGTH - 1].rstrip() + "…"


def _sent(issued: date | None, in_time: bool | None, days: int, due: date) -> str:
    if in_time:
        return f"Within {days} working days"
    if issued is not None:
        return f"Late, on {format_date(issued)}"
    if in_time is False:
        return f"Not sent: due {format_date(due)}"
    return f"Due by {format_date(due)}"


def minutes_sent(review: Review, profile: ServiceProfile, today: date) -> tuple[str, str]:
    """Whether a final review's decisions and full record went out within the profile's days
    (``issue_timeliness``); empty for a review not final."""
    if review.status != ReviewStatus.FINALISED or review.meeting_date is None:
        return "", ""
    decisions_ok, record_ok = issue_timeliness(review, profile, today)
    decision_days = profile.decisions_working_days or 5
    record_days = profile.record_working_days or 15
    return (_sent(review.decisions_issued_on, decisions_ok, decision_days,
                  decisions_due(review.meeting_date, decision_days)),
            _sent(review.record_issued_on, record_ok, record_days,
                  record_due(review.meeting_date, record_days)))


def _profile_for_reading(session: Session) -> ServiceProfile:
    """The service profile, or its defaults: this is a read-only session, so never create it."""
    profile = session.scalar(select(ServiceProfile).where(not_deleted(ServiceProfile))
                             .limit(1))
    return profile or ServiceProfile(decisions_working_days=5, record_working_days=15)


def _timeline(session: Session, child_id: str, today: date) -> list[TimelineEntry]:
    entries: list[TimelineEntry] = []
    profile = _profile_for_reading(session)
    statuses, participation = code_list("review_status"), code_list("participation")
    for review in session.scalars(select(Review).where(
            Review.child_id == child_id, not_deleted(Review))):
        on = review.meeting_date or review.due_date or review.created_at.date()
        parts = [f"Review {review.number}", statuses.label(review.status).lower()]
        if review.participation_code:
            parts.append(f"{review.participation_code} "
                         f"{participation.label(review.participation_code).lower()}")
        if review.in_time is False:
            parts.append("held late")
        if review.status == ReviewStatus.DRAFT and on > today:
            parts.append("planned")
        entries.append(TimelineEntry(on, TimelineKind.REVIEW, _short(", ".join(parts)), review.id,
                                     *minutes_sent(review, profile, today)))
    grades = code_list("qa_grade")
    for audit in session.scalars(select(QaAudit).where(
            QaAudit.child_id == child_id, not_deleted(QaAudit))):
        grade = f"graded {grades.label(audit.grade)}" if audit.grade else "not yet graded"
        entries.append(TimelineEntry(audit.audit_date, TimelineKind.QA_AUDIT,
                                     f"Audit of the review, {grade}", audit.id))
    outcomes, stages = code_list("challenge_outcome"), code_list("challenge_stage")
    for challenge in session.scalars(select(Challenge).where(
            Challenge.child_id == child_id, not_deleted(Challenge))
            .options(selectinload(Challenge.stages))):
        live = [s for s in challenge.stages if s.deleted_at is None]
        where = stages.label(live[-1].stage) if live else "raised"
        state = outcomes.label(challenge.outcome) if challenge.outcome else f"Open, {where}"
        concern = f": {challenge.concern}" if challenge.concern.strip() else ""
        entries.append(TimelineEntry(challenge.raised_on, TimelineKind.CHALLENGE,
                                     _short(f"{state}{concern}"), challenge.id))
    for good in session.scalars(select(GoodPractice).where(
            GoodPractice.child_id == child_id, not_deleted(GoodPractice))):
        who = ", ".join(x for x in (good.social_worker, good.team) if x) or "Good practice"
        note = f": {good.note}" if good.note.strip() else ""
        entries.append(TimelineEntry(good.recorded_on, TimelineKind.GOOD_PRACTICE,
                                     _short(who + note), good.id))
    for visit in session.scalars(select(MonitoringNote).where(
            MonitoringNote.child_id == child_id, not_deleted(MonitoringNote))):
        entries.append(TimelineEntry(visit.noted_on, TimelineKind.MONITORING,
                                     _short(visit.note or "Monitoring note"), visit.id))
    entries.sort(key=lambda e: (e.on, e.kind.value), reverse=True)
    return entries
