"""Use cases for a challenge: raise it, escalate it, record responses, close it or cancel a closure.

Each use case is one transaction that also writes the audit trail. The life-cycle rules live
in `domain.qa_rules`; a refused change comes back as a `ValidationError` naming the field,
so a form can show every refusal the same way.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from ..domain.codes import code_list
from ..domain.qa_rules import (
    ChallengeFact,
    ChallengeTransitionError,
    MissedTarget,
    StageFact,
    missed_targets,
    next_stage_choices,
    validate_challenge,
    with_closure,
    with_response,
    with_stage,
    without_closure,
)
from ..domain.validation import FieldError, ValidationError
from ..store import Store
from ..store.models import Challenge, ChallengeCategory, ChallengeStage, Child, QaAudit, Review
from .audit_trail import record_event
from .profile import current_iro, get_profile

__all__ = [
    "ChallengeDetail", "ChallengeInput", "StageRow", "cancel_closure", "challenge_detail",
    "challenge_fact", "close_challenge", "escalate", "raise_challenge", "record_response",
    "stage_days", "update_challenge",
]


@dataclass
class ChallengeInput:
    """What the "raise a challenge" form holds; `save_audit` hands one back pre-filled."""

    child_id: str
    raised_on: date | None = None
    categories: list[str] = field(default_factory=list)
    concern: str = ""
    addressed_to: str = ""
    review_id: str | None = None
    audit_id: str | None = None
    mandatory: bool = False
    first_stage: str | None = None
    first_stage_started_on: date | None = None  # None: the date raised
    iro_id: str | None = None  # None: the IRO using this store


@dataclass(frozen=True)
class StageRow:
    position: int
    stage: str
    label: str
    started_on: date
    target_on: date | None
    responded_on: date | None
    note: str


@dataclass(frozen=True)
class ChallengeDetail:
    """Everything the challenge screen shows, including what may be done next."""

    challenge_id: str
    child_id: str
    child_name: str
    local_id: str
    review_id: str | None
    audit_id: str | None
    raised_on: date
    addressed_to: str
    concern: str
    mandatory: bool
    categories: tuple[str, ...]
    stages: tuple[StageRow, ...]
    outcome: str | None
    closed_on: date | None
    next_stages: tuple[str, ...]
    missed: tuple[MissedTarget, ...]
    version: int

    @property
    def is_open(self) -> bool:
        return self.outcome is None and self.closed_on is None


def challenge_fact(challenge: Challenge) -> ChallengeFact:
    """The rules' view of a stored challenge (deleted stages left out)."""
    stages = tuple(
        StageFact(s.position, s.stage, s.started_on, s.target_on, s.responded_on)
        for s in challenge.stages if s.deleted_at is None
    )
    return ChallengeFact(challenge.raised_on, stages, challenge.outcome, challenge.closed_on)


def stage_days(session: Session) -> int:
    """The service profile's response time per stage, in working days."""
    return int(get_profile(session).challenge_stage_days or 5)


def _load(session: Session, challenge_id: str) -> Challenge:
    challenge = session.scalar(
        select(Challenge).where(Challenge.id == challenge_id)
        .options(selectinload(Challenge.stages), selectinload(Challenge.categories)))
    if challenge is None or challenge.deleted_at is not None:
        raise LookupError("That challenge is no longer in this store.")
    return challenge


def _refused(error: ChallengeTransitionError) -> ValidationError:
    return ValidationError([error.as_field_error()])


def _check_links(session: Session, entry: ChallengeInput) -> list[FieldError]:
    errors: list[FieldError] = []
    child = session.get(Child, entry.child_id)
    if child is None or child.deleted_at is not None:
        errors.append(FieldError("child_id", "That child's record is no longer in this store."))
    if entry.review_id:
        review = session.get(Review, entry.review_id)
        if review is None or review.child_id != entry.child_id or review.deleted_at is not None:
            errors.append(FieldError("review_id", "That review is not one of this child's."))
    if entry.audit_id:
        audit = session.get(QaAudit, entry.audit_id)
        if audit is None or audit.child_id != entry.child_id or audit.deleted_at is not None:
            errors.append(FieldError("audit_id", "That audit is not one of this child's."))
    return errors


def raise_challenge(store: Store, entry: ChallengeInput, today: date) -> str:
    """Record a new challenge (and its first stage, if chosen); returns its id."""
    errors = validate_challenge(
        raised_on=entry.raised_on, categories=entry.categories, concern=entry.concern,
        first_stage=entry.first_stage, first_stage_started_on=entry.first_stage_started_on,
        today=today)
    with store.session() as session:
        errors.extend(_check_links(session, entry))
        if errors:
            raise ValidationError(errors)
        assert entry.raised_on is not None
        review_id = entry.review_id
        if review_id is None and entry.audit_id:
            review_id = session.scalar(select(QaAudit.review_id)
                                       .where(QaAudit.id == entry.audit_id))
        iro = current_iro(session)
        challenge = Challenge(
            child_id=entry.child_id, review_id=review_id, audit_id=entry.audit_id,
            iro_id=entry.iro_id or (iro.id if iro else None), raised_on=entry.raised_on,
            addressed_to=entry.addressed_to.strip(), concern=entry.concern.strip(),
            mandatory=entry.mandatory, outcome=None, closed_on=None)
        challenge.categories = [ChallengeCategory(category=c) for c in entry.categories]
        if entry.first_stage:
            start = entry.first_stage_started_on or entry.raised_on
            try:
                fact = with_stage(ChallengeFact(entry.raised_on), entry.first_stage, start,
                                  stage_days=stage_days(session), today=today)
            except ChallengeTransitionError as exc:
                raise _refused(exc) from exc
            challenge.stages = [_new_stage(fact.stages[-1])]
        session.add(challenge)
        session.flush()
        record_event(session, "challenge.raised", entity_type="challenge",
                     entity_id=challenge.id, child_id=challenge.child_id,
                     detail={"categories": list(entry.categories), "mandatory": entry.mandatory,
                             "audit_id": entry.audit_id, "first_stage": entry.first_stage})
        return challenge.id


def _new_stage(stage: StageFact) -> ChallengeStage:
    return ChallengeStage(position=stage.position, stage=stage.stage, started_on=stage.started_on,
                          target_on=stage.target_on, responded_on=None, note="")


def escalate(store: Store, challenge_id: str, stage: str, started_on: date, *,
             today: date | None = None) -> int:
    """Add the next stage (or a Cafcass referral); returns its position."""
    today = today or date.today()
    with store.session() as session:
        challenge = _load(session, challenge_id)
        try:
            fact = with_stage(challenge_fact(challenge), stage, started_on,
                              stage_days=stage_days(session), today=today)
        except ChallengeTransitionError as exc:
            raise _refused(exc) from exc
        added = fact.stages[-1]
        challenge.stages.append(_new_stage(added))
        record_event(session, "challenge.escalated", entity_type="challenge",
                     entity_id=challenge.id, child_id=challenge.child_id,
                     detail={"stage": stage, "started_on": started_on.isoformat(),
                             "target_on": added.target_on.isoformat() if added.target_on else None})
        return added.position


def record_response(store: Store, challenge_id: str, stage_position: int, responded_on: date,
                    note: str = "", *, today: date | None = None) -> None:
    """Record (or correct) when a stage was answered, with a note of the answer."""
    today = today or date.today()
    with store.session() as session:
        challenge = _load(session, challenge_id)
        try:
            with_response(challenge_fact(challenge), stage_position, responded_on, today=today)
        except ChallengeTransitionError as exc:
            raise _refused(exc) from exc
        row = next(s for s in challenge.stages
                   if s.position == stage_position and s.deleted_at is None)
        before = row.responded_on
        row.responded_on = responded_on
        row.note = note.strip()
        record_event(session, "challenge.response_recorded", entity_type="challenge",
                     entity_id=challenge.id, child_id=challenge.child_id,
                     detail={"stage": row.stage, "responded_on": responded_on.isoformat(),
                             "before": before.isoformat() if before else None})


def close_challenge(store: Store, challenge_id: str, outcome: str | None, closed_on: date | None,
                    *, today: date | None = None) -> None:
    """Close with an outcome and the date it was closed."""
    today = today or date.today()
    with store.session() as session:
        challenge = _load(session, challenge_id)
        try:
            fact = with_closure(challenge_fact(challenge), outcome, closed_on, today=today)
        except ChallengeTransitionError as exc:
            raise _refused(exc) from exc
        challenge.outcome, challenge.closed_on = fact.outcome, fact.closed_on
        record_event(session, "challenge.closed", entity_type="challenge",
                     entity_id=challenge.id, child_id=challenge.child_id,
                     detail={"outcome": outcome, "closed_on": fact.closed_on.isoformat()
                             if fact.closed_on else None})


def cancel_closure(store: Store, challenge_id: str, reason: str) -> None:
    """Open a challenge closed in error; the old outcome and the reason go to the audit trail."""
    if not reason.strip():
        raise ValidationError([FieldError("reason", "Say why the closure is being cancelled.")])
    with store.session() as session:
        challenge = _load(session, challenge_id)
        try:
            without_closure(challenge_fact(challenge))
        except ChallengeTransitionError as exc:
            raise _refused(exc) from exc
        detail = {"reason": reason.strip(), "outcome": challenge.outcome,
                  "closed_on": challenge.closed_on.isoformat() if challenge.closed_on else None}
        challenge.outcome, challenge.closed_on = None, None
        record_event(session, "challenge.closure_cancelled", entity_type="challenge",
                     entity_id=challenge.id, child_id=challenge.child_id, detail=detail)


def update_challenge(store: Store, challenge_id: str, *, categories: Sequence[str],
                     concern: str, addressed_to: str) -> None:
    """Correct the words of a challenge: its categories, concern and who it is addressed to."""
    with store.session() as session:
        challenge = _load(session, challenge_id)
        errors = validate_challenge(raised_on=challenge.raised_on, categories=categories,
                                    concern=concern, first_stage=None,
                                    first_stage_started_on=None, today=challenge.raised_on)
        if errors:
            raise ValidationError(errors)
        old = sorted(c.category for c in challenge.categories if c.deleted_at is None)
        changed = [name for name, now, then in (
            ("categories", sorted(categories), old),
            ("concern", concern.strip(), challenge.concern),
            ("addressed_to", addressed_to.strip(), challenge.addressed_to)) if now != then]
        if not changed:
            return
        if "categories" in changed:
            challenge.categories = [ChallengeCategory(category=c) for c in categories]
        challenge.concern, challenge.addressed_to = concern.strip(), addressed_to.strip()
        record_event(session, "challenge.updated", entity_type="challenge",
                     entity_id=challenge.id, child_id=challenge.child_id,
                     detail={"fields": changed, "categories_before": old})


def challenge_detail(store: Store, challenge_id: str, today: date) -> ChallengeDetail:
    with store.session() as session:
        challenge = _load(session, challenge_id)
        child = challenge.child
        profile = get_profile(session)
        fact = challenge_fact(challenge)
        labels = code_list("challenge_stage")
        stages = tuple(
            StageRow(s.position, s.stage, labels.label(s.stage), s.started_on, s.target_on,
                     s.responded_on, s.note)
            for s in challenge.stages if s.deleted_at is None)
        return ChallengeDetail(
            challenge_id=challenge.id, child_id=child.id, child_name=child.display_name,
            local_id=child.local_id, review_id=challenge.review_id, audit_id=challenge.audit_id,
            raised_on=challenge.raised_on, addressed_to=challenge.addressed_to,
            concern=challenge.concern, mandatory=challenge.mandatory,
            categories=tuple(c.category for c in challenge.categories if c.deleted_at is None),
            stages=stages, outcome=challenge.outcome, closed_on=challenge.closed_on,
            next_stages=tuple(next_stage_choices(fact)),
            missed=tuple(missed_targets(fact, today, int(profile.challenge_stage_days or 5),
                                        int(profile.challenge_overall_days or 20))),
            version=challenge.version)
