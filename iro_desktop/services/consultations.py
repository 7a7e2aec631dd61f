"""The child's consultation before a review: start or continue it, save, complete, decline.

Answers are saved in one short transaction each, so young person mode can autosave them as
the child goes. Completing raises the follow-up flags in the same transaction. A
consultation attaches to the child's draft review; when there is none yet, it waits and
attaches when that review is first looked at (`consultation_for_review`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..domain.consultation_forms import Answer, age_band_for, answers_from_json, answers_to_json
from ..domain.consultation_forms import load_form as _load_form
from ..domain.consultation_rules import (
    FLAG_LABELS,
    ConsultationStatus,
    flags_for,
    minutes_sentence,
)
from ..domain.review_form import ReviewStatus
from ..domain.validation import FieldError, ValidationError
from ..store import Store
from ..store.models import Child, Consultation, ConsultationFlag, Review, not_deleted, utc_now
from .audit_trail import record_event
from .profile import current_iro

__all__ = [
    "attach_to_review",
    "ConsultationView",
    "FlagView",
    "complete_consultation",
    "consultation_for_child",
    "consultation_for_review",
    "decline_consultation",
    "flags_for_child",
    "flags_in_session",
    "mark_not_required",
    "minutes_note",
    "open_flags",
    "record_flag_action",
    "save_answers",
    "start_consultation",
]

OPEN_REVIEW = (ReviewStatus.DRAFT, ReviewStatus.HELD)


@dataclass(frozen=True)
class ConsultationView:
    """A consultation as the screens need it (no ORM objects leave the session)."""

    id: str
    child_id: str
    review_id: str | None
    child_name: str
    iro_name: str
    age_band: str
    form_version: int
    status: str
    method: str
    started_at: datetime
    completed_at: datetime | None
    consulted_on: date | None
    answers: Mapping[str, Answer]
    note: str
    version: int

    @property
    def own_words(self) -> str:
        answer = self.answers.get("own_words")
        return answer.text.strip() if answer is not None and not answer.declined else ""

    @property
    def is_completed(self) -> bool:
        return self.status == ConsultationStatus.COMPLETED


@dataclass(frozen=True)
class FlagView:
    id: str
    child_id: str
    child_name: str
    local_id: str
    consultation_id: str
    kind: str
    label: str
    detail: str
    raised_on: date
    action_taken: str
    resolved_on: date | None

    @property
    def is_open(self) -> bool:
        return self.resolved_on is None


def _first_name(child: Child) -> str:
    return child.preferred_name or child.first_name


def _view(session: Session, row: Consultation) -> ConsultationView:
    child = session.get(Child, row.child_id)
    assert child is not None
    iro = current_iro(session)
    return ConsultationView(
        id=row.id, child_id=row.child_id, review_id=row.review_id,
        child_name=_first_name(child), iro_name=iro.name if iro else "",
        age_band=row.age_band, form_version=row.form_version, status=row.status,
        method=row.method, started_at=row.started_at, completed_at=row.completed_at,
        consulted_on=row.consulted_on, answers=answers_from_json(row.answers), note=row.note,
        version=row.version,
    )


def _live_child(session: Session, child_id: str) -> Child:
    child = session.get(Child, child_id)
    if child is None or child.deleted_at is not None:
        raise LookupError("That child's record is no longer in this store.")
    return child


def _open_review_id(session: Session, child_id: str) -> str | None:
    """The child's next review, when it has been started and is not yet final."""
    return session.scalar(
        select(Review.id)
        .where(Review.child_id == child_id, Review.status.in_(OPEN_REVIEW),
               not_deleted(Review))
        .order_by(Review.created_at.desc())
        .limit(1)
    )


def _in_progress(session: Session, child_id: str) -> Consultation | None:
    return session.scalar(
        select(Consultation)
        .where(Consultation.child_id == child_id,
               Consultation.status == ConsultationStatus.IN_PROGRESS,
               not_deleted(Consultation))
        .order_by(Consultation.started_at.desc())
        .limit(1)
    )


def _get(session: Session, consultation_id: str) -> Consultation:
    row = session.get(Consultation, consultation_id)
    if row is None or row.deleted_at is not None:
        raise LookupError("That consultation is no longer in this store.")
    return row


def _new(session: Session, child: Child, today: date) -> Consultation:
    band = age_band_for(child.date_of_birth, today)
    if band is None:
        raise ValidationError([FieldError(
            "consultation", "Children under 4 are not asked to fill in a consultation form; "
            "record it as not required.")])
    iro = current_iro(session)
    row = Consultation(
        child_id=child.id, review_id=_open_review_id(session, child.id),
        iro_id=iro.id if iro else child.iro_id, age_band=band,
        form_version=_load_form(band).version, status=ConsultationStatus.IN_PROGRESS,
        answers={},
    )
    session.add(row)
    session.flush()
    record_event(session, "consultation.started", entity_type="consultation",
                 entity_id=row.id, child_id=child.id, detail={"age_band": band})
    return row


def start_consultation(store: Store, child_id: str, today: date) -> ConsultationView:
    """Continue the child's unfinished consultation, or start one with the form for their age."""
    with store.session() as session:
        child = _live_child(session, child_id)
        row = _in_progress(session, child_id) or _new(session, child, today)
        if row.review_id is None:
            row.review_id = _open_review_id(session, child_id)
        return _view(session, row)


def save_answers(store: Store, consultation_id: str, answers: Mapping[str, Answer]) -> bool:
    """Keep the answers so far (autosave). False, changing nothing, once it is no longer open."""
    data = answers_to_json(answers)
    answers_from_json(data)
    with store.session() as session:
        row = _get(session, consultation_id)
        if row.status != ConsultationStatus.IN_PROGRESS:
            return False
        if row.answers != data:
            row.answers = data
        return True


def complete_consultation(
    store: Store, consultation_id: str, answers: Mapping[str, Answer], today: date
) -> list[str]:
    """Finish: keep the final answers and raise the follow-up flags; returns the flags' ids."""
    data = answers_to_json(answers)
    raised = flags_for(answers_from_json(data))
    with store.session() as session:
        row = _get(session, consultation_id)
        if row.status != ConsultationStatus.IN_PROGRESS:
            raise ValidationError([FieldError("consultation", "This consultation is already "
                                              "finished.")])
        row.answers = data
        row.status = ConsultationStatus.COMPLETED
        row.completed_at = utc_now()
        row.consulted_on = today
        if row.review_id is None:
            row.review_id = _open_review_id(session, row.child_id)
        flags = [ConsultationFlag(child_id=row.child_id, consultation_id=row.id, kind=f.kind,
                                  detail=f.detail[:300], raised_on=today) for f in raised]
        session.add_all(flags)
        session.flush()
        record_event(session, "consultation.completed", entity_type="consultation",
                     entity_id=row.id, child_id=row.child_id,
                     detail={"age_band": row.age_band, "answered": len(data),
                             "flags": [f.kind for f in raised]})
        return [f.id for f in flags]


def _close_without_answers(store: Store, child_id: str, status: ConsultationStatus,
                           today: date, note: str) -> str:
    with store.session() as session:
        child = _live_child(session, child_id)
        row = _in_progress(session, child_id)
        if row is None:
            iro = current_iro(session)
            band = age_band_for(child.date_of_birth, today) or "under-4"
            row = Consultation(child_id=child_id, iro_id=iro.id if iro else child.iro_id,
                               age_band=band, form_version=0, answers={})
            session.add(row)
        row.review_id = row.review_id or _open_review_id(session, child_id)
        row.status = status
        row.method = ""
        row.note = note.strip()
        row.consulted_on = today
        session.flush()
        record_event(session, f"consultation.{status.value}", entity_type="consultation",
                     entity_id=row.id, child_id=child_id)
        return row.id


def decline_consultation(store: Store, child_id: str, today: date, note: str = "") -> str:
    """The child did not want to fill in the form (any answers so far are kept)."""
    return _close_without_answers(store, child_id, ConsultationStatus.DECLINED, today, note)


def mark_not_required(store: Store, child_id: str, today: date, note: str = "") -> str:
    """No form this time (the child's age or health), with the reason in ``note``."""
    return _close_without_answers(store, child_id, ConsultationStatus.NOT_REQUIRED, today, note)


# -- reading ---------------------------------------------------------------------------------


def _for_review(session: Session, review: Review, attach: bool) -> Consultation | None:
    row = session.scalar(
        select(Consultation)
        .where(Consultation.review_id == review.id, not_deleted(Consultation))
        .order_by(Consultation.started_at.desc())
        .limit(1)
    )
    if row is not None or review.status not in OPEN_REVIEW:
        return row
    if _open_review_id(session, review.child_id) != review.id:
        return None
    row = session.scalar(
        select(Consultation)
        .where(Consultation.child_id == review.child_id, Consultation.review_id.is_(None),
               not_deleted(Consultation))
        .order_by(Consultation.started_at.desc())
        .limit(1)
    )
    if row is not None and attach:
        row.review_id = review.id
    return row


def attach_to_review(session: Session, review_id: str) -> str | None:
    """Inside a review's own unit of work (saving or finalising it): attach the child's
    waiting consultation to it. Returns the consultation's id, if there is one."""
    review = session.get(Review, review_id)
    if review is None or review.deleted_at is not None:
        return None
    row = _for_review(session, review, attach=True)
    return row.id if row is not None else None


def consultation_for_review(store: Store, review_id: str) -> ConsultationView | None:
    """The consultation for this review, attaching the child's waiting one to an open review."""
    with store.session() as session:
        review = session.get(Review, review_id)
        if review is None or review.deleted_at is not None:
            return None
        row = _for_review(session, review, attach=True)
        return _view(session, row) if row is not None else None


def consultation_for_child(store: Store, child_id: str) -> ConsultationView | None:
    """The child's latest consultation, for their record."""
    with store.read_session() as session:
        row = session.scalar(
            select(Consultation)
            .where(Consultation.child_id == child_id, not_deleted(Consultation))
            .order_by(Consultation.started_at.desc())
            .limit(1)
        )
        return _view(session, row) if row is not None else None


def minutes_note(session: Session, review_id: str) -> str:
    """The minutes' sentence on the consultation ("Amelia completed a consultation form with
    their IRO on 3 November 2026."), or "" when there is nothing to say. Reads only."""
    review = session.get(Review, review_id)
    if review is None:
        return ""
    row = _for_review(session, review, attach=False)
    child = session.get(Child, review.child_id)
    if row is None or child is None:
        return ""
    return minutes_sentence(_first_name(child), row.status, row.consulted_on)


# -- follow-up flags ---------------------------------------------------------------------------


def flags_in_session(session: Session, child_id: str | None = None,
                     open_only: bool = True) -> list[FlagView]:
    """Follow-ups read inside a unit of work the caller already has (the alerts' one)."""
    query = (
        select(ConsultationFlag, Child)
        .join(Child, Child.id == ConsultationFlag.child_id)
        .where(not_deleted(ConsultationFlag), not_deleted(Child))
        .order_by(ConsultationFlag.raised_on, ConsultationFlag.created_at)
    )
    if child_id is not None:
        query = query.where(ConsultationFlag.child_id == child_id)
    if open_only:
        query = query.where(ConsultationFlag.resolved_on.is_(None))
    return [
        FlagView(id=flag.id, child_id=child.id, child_name=child.display_name,
                 local_id=child.local_id, consultation_id=flag.consultation_id, kind=flag.kind,
                 label=FLAG_LABELS.get(flag.kind, flag.kind), detail=flag.detail,
                 raised_on=flag.raised_on, action_taken=flag.action_taken,
                 resolved_on=flag.resolved_on)
        for flag, child in session.execute(query).all()
    ]


def open_flags(store: Store, child_id: str | None = None) -> list[FlagView]:
    """Follow-ups not yet resolved, oldest first: for the alerts panel and the child's record."""
    with store.read_session() as session:
        return flags_in_session(session, child_id, open_only=True)


def flags_for_child(store: Store, child_id: str) -> list[FlagView]:
    """Every follow-up of one child, resolved ones too, oldest first."""
    with store.read_session() as session:
        return flags_in_session(session, child_id, open_only=False)


def record_flag_action(store: Store, flag_id: str, action: str, resolved_on: date | None,
                       today: date | None = None) -> None:
    """Record what the IRO did; a date marks the follow-up resolved."""
    errors: list[FieldError] = []
    if not action.strip():
        errors.append(FieldError("action_taken", "Say what action was taken."))
    with store.session() as session:
        flag = session.get(ConsultationFlag, flag_id)
        if flag is None or flag.deleted_at is not None:
            raise LookupError("That follow-up is no longer in this store.")
        if resolved_on is not None and resolved_on < flag.raised_on:
            errors.append(FieldError("resolved_on", "The date is before the follow-up was raised."))
        if resolved_on is not None and today is not None and resolved_on > today:
            errors.append(FieldError("resolved_on", "The date cannot be in the future."))
        if errors:
            raise ValidationError(errors)
        flag.action_taken = action.strip()
        flag.resolved_on = resolved_on
        record_event(session, "consultation_flag.actioned", entity_type="consultation_flag",
                     entity_id=flag.id, child_id=flag.child_id,
                     detail={"kind": flag.kind, "resolved": resolved_on is not None})
