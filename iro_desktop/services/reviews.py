"""Recording a review: start it, save drafts, finalise it, and amend a final record openly."""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from ..domain.review_form import (
    AttendanceEntry,
    CarriedDecision,
    DecisionEntry,
    PlanAreaEntry,
    ReviewForm,
)
from ..domain.review_rules import (
    ReviewFacts,
    participation_choices,
    plan_areas_for,
    validate_review,
)
from ..domain.timetable import HeldReview, ReviewKind, review_schedule
from ..domain.validation import FieldError, ValidationError
from ..store import ConcurrentEditError, Store
from ..store.models import (
    Child,
    Decision,
    MonitoringNote,
    PeriodOfCare,
    Review,
    not_deleted,
    utc_now,
)
from .audit_trail import record_event
from .consultations import attach_to_review
from .drafts import discard_draft
from .profile import current_iro

HELD = ("held", "finalised")
DRAFT_KIND = "review"


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
        return self.status == "finalised"

    @property
    def facts(self) -> ReviewFacts:
        return ReviewFacts(self.date_of_birth, self.number, self.due, self.looked_after_from)


def _held_in_period(
    session: Session, child_id: str, period: PeriodOfCare, exclude: str | None = None
) -> list[Review]:
    query = (
        select(Review)
        .where(
            Review.child_id == child_id,
            Review.status.in_(HELD),
            not_deleted(Review),
            Review.meeting_date.is_not(None),
            Review.meeting_date >= period.start_date,
        )
        .order_by(Review.meeting_date)
    )
    if period.end_date is not None:
        query = query.where(Review.meeting_date <= period.end_date)
    return [r for r in session.scalars(query) if r.id != exclude]


def _schedule_position(period: PeriodOfCare, earlier: list[Review]) -> tuple[int, date, str]:
    held = [HeldReview(r.meeting_date, r.brought_forward) for r in earlier if r.meeting_date]
    schedule = review_schedule(period.start_date, held)
    pending = schedule[len(held)] if len(schedule) > len(held) else None
    if pending is None:
        raise ValidationError([FieldError("review", "This period of care has ended.")])
    return pending.number, pending.due, pending.basis


def start_review(store: Store, child_id: str, today: date) -> str:
    """Open the child's next review (reusing an unfinished one), numbered and dated by the
    timetable."""
    with store.session() as session:
        child = session.get(Child, child_id)
        if child is None or child.deleted_at is not None:
            raise LookupError("That child's record is no longer in this store.")
        existing = session.scalar(
            select(Review.id).where(
                Review.child_id == child_id, Review.status == "draft", not_deleted(Review)
            )
        )
        if existing:
            return existing
        period = child.current_period
        if period is None or period.end_date is not None:
            raise ValidationError(
                [FieldError("review", "The child has no open period of care to review.")]
            )
        earlier = _held_in_period(session, child_id, period)
        number, due, _basis = _schedule_position(period, earlier)
        iro = current_iro(session)
        review = Review(
            child_id=child_id,
            period_id=period.id,
            number=number,
            due_date=due,
            status="draft",
            iro_id=iro.id if iro else child.iro_id,
        )
        for position, area in enumerate(plan_areas_for(child.date_of_birth, max(today, due))):
            review.plan_areas.append(_plan_area(position, PlanAreaEntry(area=area)))
        session.add(review)
        session.flush()
        record_event(
            session,
            "review.started",
            entity_type="review",
            entity_id=review.id,
            child_id=child_id,
            detail={"number": number},
        )
        return review.id


def _plan_area(position: int, entry: PlanAreaEntry) -> Any:
    from ..store.models import PlanArea

    return PlanArea(position=position, area=entry.area, progress=entry.progress, notes=entry.notes)


def _load(session: Session, review_id: str) -> Review:
    review = session.scalar(
        select(Review)
        .where(Review.id == review_id)
        .options(
            selectinload(Review.attendance),
            selectinload(Review.plan_areas),
            selectinload(Review.decisions),
            selectinload(Review.child),
        )
    )
    if review is None or review.deleted_at is not None:
        raise LookupError("That review is no longer in this store.")
    return review


def review_context(store: Store, review_id: str) -> ReviewContext:
    with store.read_session() as session:
        review = _load(session, review_id)
        child = review.child
        period = session.get(PeriodOfCare, review.period_id) if review.period_id else None
        basis = ""
        due = review.due_date
        number = review.number
        if period is not None:
            earlier = _held_in_period(session, child.id, period, exclude=review.id)
            if review.meeting_date is not None:
                earlier = [
                    r for r in earlier if r.meeting_date and r.meeting_date < review.meeting_date
                ]
            with contextlib.suppress(ValidationError):
                number, due, basis = _schedule_position(period, earlier)
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


def load_review_form(store: Store, review_id: str) -> ReviewForm:
    with store.read_session() as session:
        review = _load(session, review_id)
        form = ReviewForm(
            held=review.status in HELD,
            meeting_date=review.meeting_date,
            further_sittings=[date.fromisoformat(d) for d in review.further_sittings or []],
            venue=review.venue,
            meeting_format=review.meeting_format,
            brought_forward=review.brought_forward,
            late_reason=review.late_reason,
            care_plan_3_days=review.care_plan_3_days,
            pmr_3_days=review.pmr_3_days,
            participation_code=review.participation_code,
            consultation_method=review.consultation_method,
            young_person_views=review.young_person_views,
            parents_views=review.parents_views,
            carers_views=review.carers_views,
            social_worker_update=review.social_worker_update,
            attendance=[
                AttendanceEntry(a.name, a.role, a.status)
                for a in review.attendance
                if a.deleted_at is None
            ],
            plan_areas=[PlanAreaEntry(p.area, p.progress, p.notes) for p in review.plan_areas],
            decisions=[DecisionEntry(d.text, d.owner, d.target_date) for d in review.decisions],
            next_review_date=review.next_review_date,
            next_review_time=review.next_review_time,
            next_review_venue=review.next_review_venue,
        )
        form.carried_forward = _carried_forward(session, review)
        return form


def previous_final_review(session: Session, review: Review) -> Review | None:
    """The last finalised review before this one (with its decisions): they are checked
    at this one, in the editor and in the minutes."""
    query = (
        select(Review)
        .where(
            Review.child_id == review.child_id,
            Review.id != review.id,
            Review.status == "finalised",
            not_deleted(Review),
        )
        .order_by(Review.meeting_date.desc())
        .options(selectinload(Review.decisions))
    )
    if review.meeting_date is not None:
        query = query.where(Review.meeting_date < review.meeting_date)
    return session.scalars(query.limit(1)).first()


def _carried_forward(session: Session, review: Review) -> list[CarriedDecision]:
    previous = previous_final_review(session, review)
    if previous is None:
        return []
    return [
        CarriedDecision(
            d.id,
            d.text,
            d.owner,
            d.target_date,
            d.status if d.status != "open" else "outstanding",
            d.status_note,
        )
        for d in previous.decisions
        if d.deleted_at is None
    ]


def _apply(session: Session, review: Review, form: ReviewForm, context: ReviewContext) -> None:
    from ..store.models import Attendance

    review.updated_at = utc_now()  # every save bumps the version, even if only lists changed
    review.meeting_date = form.meeting_date
    review.further_sittings = [d.isoformat() for d in form.further_sittings]
    review.venue = form.venue
    review.meeting_format = form.meeting_format
    review.brought_forward = form.brought_forward
    review.late_reason = form.late_reason
    review.care_plan_3_days = form.care_plan_3_days
    review.pmr_3_days = form.pmr_3_days
    code = form.participation_code
    if form.meeting_date is not None and participation_choices(
        context.date_of_birth, form.meeting_date
    ) == ["PN0"]:
        code = "PN0"
    review.participation_code = code
    review.consultation_method = form.consultation_method
    review.young_person_views = form.young_person_views
    review.parents_views = form.parents_views
    review.carers_views = form.carers_views
    review.social_worker_update = form.social_worker_update
    review.next_review_date = form.next_review_date
    review.next_review_time = form.next_review_time
    review.next_review_venue = form.next_review_venue
    review.number = context.number
    review.due_date = context.due
    review.in_time = (
        form.meeting_date <= context.due
        if form.held and form.meeting_date and context.due
        else None
    )
    review.attendance = [
        Attendance(position=i, name=a.name, role=a.role, status=a.status)
        for i, a in enumerate(form.attendance)
        if a.name.strip() or a.role
    ]
    review.plan_areas = [_plan_area(i, p) for i, p in enumerate(form.plan_areas)]
    review.decisions = [
        Decision(position=i, text=d.text, owner=d.owner, target_date=d.target_date)
        for i, d in enumerate(form.decisions)
        if d.text.strip() or d.owner.strip() or d.target_date
    ]
    for carried in form.carried_forward:
        decision = session.get(Decision, carried.decision_id)
        if decision is not None and (decision.status, decision.status_note) != (
            carried.status,
            carried.note,
        ):
            decision.status = carried.status
            decision.status_note = carried.note


def _check_version(review: Review, expected_version: int | None) -> None:
    if expected_version is not None and review.version != expected_version:
        raise ConcurrentEditError(
            "This review was changed elsewhere since you opened it. Your text is kept; "
            "copy it, reopen the review and add it again."
        )


def _commit(store: Store, review_id: str, form: ReviewForm, today: date,
            expected_version: int | None, *, finalising: bool) -> int:
    """Validate, then write the form as one unit of work; a consultation waiting for the
    child's review attaches to it. Returns the review's new version."""
    context = review_context(store, review_id)
    if context.is_final:
        message = ("This review is already final." if finalising
                   else "This review is final: record an amendment.")
        raise ValidationError([FieldError("review", message)])
    errors = validate_review(form, context.facts, today, finalising=finalising)
    if errors:
        raise ValidationError(errors)
    with store.session() as session:
        review = _load(session, review_id)
        _check_version(review, expected_version)
        _apply(session, review, form, context)
        attach_to_review(session, review.id)
        detail: dict[str, Any]
        if finalising:
            review.status = "finalised"
            review.finalised_at = utc_now()
            action, detail = "review.finalised", {"number": context.number,
                                                  "in_time": review.in_time}
        else:
            review.status = "held" if form.held else "draft"
            action, detail = "review.saved", {"status": review.status}
        record_event(session, action, entity_type="review", entity_id=review.id,
                     child_id=review.child_id, detail=detail)
        session.flush()
        version = review.version
    discard_draft(store, DRAFT_KIND, review_id)
    return version


def save_review(
    store: Store, review_id: str, form: ReviewForm, today: date, expected_version: int | None = None
) -> int:
    """Save as a draft (gaps allowed); finalised reviews need `amend_review`."""
    return _commit(store, review_id, form, today, expected_version, finalising=False)


def finalise_review(
    store: Store, review_id: str, form: ReviewForm, today: date, expected_version: int | None = None
) -> int:
    """Make the review the final record: every required part must be there."""
    return _commit(store, review_id, form, today, expected_version, finalising=True)


def amend_review(
    store: Store,
    review_id: str,
    form: ReviewForm,
    reason: str,
    today: date,
    expected_version: int | None = None,
) -> int:
    """Change a final record openly: who, when and why go to the audit trail with the old values."""
    if not reason.strip():
        raise ValidationError(
            [FieldError("amendment_reason", "Say why the final record is being changed.")]
        )
    context = review_context(store, review_id)
    if not context.is_final:
        raise ValidationError([FieldError("review", "Only a final record is amended.")])
    errors = validate_review(form, context.facts, today, finalising=True)
    if errors:
        raise ValidationError(errors)
    before = load_review_form(store, review_id).to_json()
    after = form.to_json()
    changed = sorted(k for k in after if after[k] != before.get(k) and k != "carried_forward")
    if not changed:
        return context.version
    with store.session() as session:
        review = _load(session, review_id)
        _check_version(review, expected_version)
        _apply(session, review, form, context)
        record_event(
            session,
            "review.amended",
            entity_type="review",
            entity_id=review.id,
            child_id=review.child_id,
            detail={
                "reason": reason.strip(),
                "fields": changed,
                "before": {k: before.get(k) for k in changed},
            },
        )
        session.flush()
        version = review.version
    discard_draft(store, DRAFT_KIND, review_id)
    return version


def add_monitoring_note(store: Store, child_id: str, noted_on: date, note: str, today: date) -> str:
    """A midway review or monitoring visit: a dated note on how the decisions are going."""
    errors = []
    if noted_on > today:
        errors.append(FieldError("noted_on", "The note's date cannot be in the future."))
    if not note.strip():
        errors.append(FieldError("note", "Write what you found."))
    if errors:
        raise ValidationError(errors)
    with store.session() as session:
        iro = current_iro(session)
        row = MonitoringNote(
            child_id=child_id, noted_on=noted_on, note=note.strip(), iro_id=iro.id if iro else None
        )
        session.add(row)
        session.flush()
        record_event(
            session,
            "monitoring_note.added",
            entity_type="monitoring_note",
            entity_id=row.id,
            child_id=child_id,
        )
        return row.id
