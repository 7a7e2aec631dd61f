"""Recording a review: start it, save drafts, finalise it, and amend a final record openly."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from ..domain.review_form import (
    CarriedDecision,
    PlanAreaEntry,
    ReviewForm,
    ReviewStatus,
)
from ..domain.review_rules import (
    participation_choices,
    plan_areas_for,
    validate_review,
)
from ..domain.validation import FieldError, ValidationError
from ..store import ConcurrentEditError, Store
from ..store.models import (
    Child,
    Decision,
    MonitoringNote,
    PlanArea,
    Review,
    not_deleted,
    utc_now,
)
from .audit_trail import record_event
from .consultations import attach_to_review
from .drafts import discard_draft_in
from .profile import current_iro
from .review_context import ReviewContext as ReviewContext  # re-exported
from .review_context import (
    carried_forward,
    context_of,
    held_in_period,
    schedule_position,
)
from .review_context import previous_final_review as previous_final_review  # re-exported
from .review_record import DERIVED_COLUMNS, ROWS, Change, apply_form, form_from_review, set_derived

DRAFT_KIND = "review"


@dataclass(frozen=True)
class SavedReview:
    """What a save leaves in the store, read back in the same unit of work: the version
    for the next optimistic check, where the review now stands, and the form with the ids
    of any rows it created."""

    version: int
    context: ReviewContext
    form: ReviewForm


def start_review(store: Store, child_id: str, today: date) -> str:
    """Open the child's next review (reusing an unfinished one), numbered and dated by the
    timetable."""
    with store.session() as session:
        child = session.get(Child, child_id)
        if child is None or child.deleted_at is not None:
            raise LookupError("That child's record is no longer in this store.")
        existing = session.scalar(
            select(Review.id).where(
                Review.child_id == child_id,
                Review.status == ReviewStatus.DRAFT,
                not_deleted(Review),
            )
        )
        if existing:
            return existing
        period = child.current_period
        if period is None or period.end_date is not None:
            raise ValidationError(
                [FieldError("review", "The child has no open period of care to review.")]
            )
        earlier = held_in_period(session, child_id, period)
        number, due, _basis = schedule_position(period, earlier)
        iro = current_iro(session)
        review = Review(
            child_id=child_id,
            period_id=period.id,
            number=number,
            due_date=due,
            status=ReviewStatus.DRAFT.value,
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


def _plan_area(position: int, entry: PlanAreaEntry) -> PlanArea:
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
        return context_of(session, _load(session, review_id))


def load_review_form(store: Store, review_id: str) -> ReviewForm:
    with store.read_session() as session:
        return _form(session, _load(session, review_id))


def _form(session: Session, review: Review) -> ReviewForm:
    form = form_from_review(review)
    form.carried_forward = carried_forward(session, review)
    return form


def _apply(session: Session, review: Review, form: ReviewForm,
           context: ReviewContext) -> list[Change]:
    """Reconcile the form into the review; every change comes back for the audit trail."""
    if form.meeting_date is not None and participation_choices(
        context.date_of_birth, form.meeting_date
    ) == ["PN0"]:
        form = replace(form, participation_code="PN0")
    changes = apply_form(session, review, form)
    changes += set_derived(
        review,
        number=context.number,
        due_date=context.due,
        in_time=(form.meeting_date <= context.due
                 if form.held and form.meeting_date and context.due else None),
    )
    changes += _record_carried(session, review, form.carried_forward)
    review.updated_at = utc_now()  # the version moves even when only rows changed
    return changes


def _record_carried(session: Session, review: Review,
                    carried: list[CarriedDecision]) -> list[Change]:
    """What this review found of the last review's decisions, written on those decisions
    (and on no others: a draft cannot reach another review's or another child's)."""
    previous = previous_final_review(session, review)
    allowed = {d.id for d in previous.decisions} if previous is not None else set()
    changes: list[Change] = []
    for entry in carried:
        decision = session.get(Decision, entry.decision_id)
        if decision is None or decision.deleted_at is not None or decision.id not in allowed:
            continue
        diff = {name: {"before": old, "after": new} for name, old, new in (
            ("status", decision.status, entry.status),
            ("status_note", decision.status_note, entry.note)) if old != new}
        if diff:
            decision.status, decision.status_note = entry.status, entry.note
            changes.append({"row": "decision", "id": decision.id, "change": "followed up",
                            "fields": diff})
    return changes


def _check_version(review: Review, expected_version: int | None) -> None:
    if expected_version is not None and review.version != expected_version:
        raise ConcurrentEditError(
            "This review was changed elsewhere since you opened it. Your text is kept; "
            "copy it, reopen the review and add it again."
        )


def _validated(session: Session, review: Review, form: ReviewForm, today: date,
               expected_version: int | None, *, finalising: bool) -> ReviewContext:
    _check_version(review, expected_version)
    context = context_of(session, review)
    errors = validate_review(form, context.facts, today, finalising=finalising)
    if errors:
        raise ValidationError(errors)
    return context


def _commit(store: Store, review_id: str, form: ReviewForm, today: date,
            expected_version: int | None, *, finalising: bool) -> SavedReview:
    """Validate and write the form in one unit of work; a consultation waiting for the
    child's review attaches to it, and the autosaved draft goes. Returns the new version."""
    with store.session() as session:
        review = _load(session, review_id)
        if review.status == ReviewStatus.FINALISED:
            message = ("This review is already final." if finalising
                       else "This review is final: record an amendment.")
            raise ValidationError([FieldError("review", message)])
        context = _validated(session, review, form, today, expected_version,
                             finalising=finalising)
        changes = _apply(session, review, form, context)
        attach_to_review(session, review.id)
        detail: dict[str, Any]
        if finalising:
            review.status = ReviewStatus.FINALISED.value
            review.finalised_at = utc_now()
            action, detail = "review.finalised", {"number": context.number,
                                                  "in_time": review.in_time}
        else:
            review.status = (ReviewStatus.HELD if form.held else ReviewStatus.DRAFT).value
            action, detail = "review.saved", {"status": review.status}
        record_event(session, action, entity_type="review", entity_id=review.id,
                     child_id=review.child_id, detail=detail | {"changes": changes})
        discard_draft_in(session, DRAFT_KIND, review_id)
        return _saved(session, review)


def _saved(session: Session, review: Review) -> SavedReview:
    session.flush()
    return SavedReview(review.version, context_of(session, review), _form(session, review))


def save_review(
    store: Store, review_id: str, form: ReviewForm, today: date, expected_version: int | None = None
) -> SavedReview:
    """Save as a draft (gaps allowed); finalised reviews need `amend_review`."""
    return _commit(store, review_id, form, today, expected_version, finalising=False)


def finalise_review(
    store: Store, review_id: str, form: ReviewForm, today: date, expected_version: int | None = None
) -> SavedReview:
    """Make the review the final record: every required part must be there."""
    return _commit(store, review_id, form, today, expected_version, finalising=True)


def amend_review(
    store: Store,
    review_id: str,
    form: ReviewForm,
    reason: str,
    today: date,
    expected_version: int | None = None,
) -> SavedReview:
    """Change a final record openly: who, when, why, and every old and new value (of the
    review and of each of its rows) go to the audit trail, in the same unit of work."""
    if not reason.strip():
        raise ValidationError(
            [FieldError("amendment_reason", "Say why the final record is being changed.")]
        )
    try:
        with store.session() as session:
            review = _load(session, review_id)
            if review.status != ReviewStatus.FINALISED:
                raise ValidationError([FieldError("review", "Only a final record is amended.")])
            context = _validated(session, review, form, today, expected_version, finalising=True)
            changes = _apply(session, review, form, context)
            typed = [c for c in changes if c.get("field") not in DERIVED_COLUMNS]
            if not typed:
                raise _Unchanged  # nothing the IRO typed differs: no event, no new version
            record_event(
                session,
                "review.amended",
                entity_type="review",
                entity_id=review.id,
                child_id=review.child_id,
                detail={
                    "reason": reason.strip(),
                    "fields": _changed_parts(typed),
                    "before": {c["field"]: c["before"] for c in typed if "field" in c},
                    "changes": changes,
                },
            )
            discard_draft_in(session, DRAFT_KIND, review_id)
            return _saved(session, review)
    except _Unchanged:
        with store.read_session() as session:
            return _saved(session, _load(session, review_id))


class _Unchanged(Exception):
    """An amendment that changes nothing: its unit of work is rolled back."""


def _changed_parts(changes: list[Change]) -> list[str]:
    """The parts of the record an amendment touched, by the form's names, for a summary."""
    lists = {shape.noun: shape.form_list for shape in ROWS}
    return sorted({
        c["field"] if "field" in c
        else "carried_forward" if c["change"] == "followed up"
        else lists[c["row"]]
        for c in changes
    })


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
