"""Use cases for the QA audit of a review: fill it in, save it, and act on the mandatory challenge.

Saving an audit answers the question the IRO must not miss: does this child now need a
challenge? If so the result carries a challenge form pre-filled from the audit; the IRO
raises it (`challenges.raise_challenge`) or skips it with a reason the audit trail keeps.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from ..domain.codes import code_list
from ..domain.qa_rules import (
    NEEDS_IMPROVEMENT,
    AreaEntry,
    AuditGradeFact,
    challenge_grade_opens_challenge,
    mandatory_challenge_needed,
    previous_graded_audit,
    validate_audit,
)
from ..domain.timetable import format_date
from ..domain.validation import FieldError, ValidationError
from ..store import ConcurrentEditError, Store
from ..store.models import (
    Challenge,
    Child,
    Person,
    QaAudit,
    QaAuditArea,
    Review,
    not_deleted,
    utc_now,
)
from .audit_trail import record_event
from .challenges import ChallengeInput
from .profile import current_iro

__all__ = [
    "AREA_CATEGORY", "AuditInput", "AuditResult", "audit_for_review", "blank_audit",
    "load_audit", "save_audit", "skip_mandatory_challenge",
]

#: The challenge category most likely meant when an audited area is not met.
AREA_CATEGORY = {
    "pre_meeting_report": "pre_meeting_report.poor_quality",
    "education": "education.pep_out_of_date_poor_quality",
    "care_plan": "care_plan.out_of_date_poor_quality",
    "participation": "participation.child_voice",
    "health": "health.health_assessment_overdue",
}
_FIELDS = ("audit_date", "grade", "viewpoint", "manager_actions", "review_id", "iro_id")


@dataclass
class AuditInput:
    """The audit form. ``audit_id`` None saves a new audit; ``version`` guards against edits
    made elsewhere since the form was loaded."""

    child_id: str
    audit_date: date | None = None
    review_id: str | None = None
    grade: str | None = None
    viewpoint: str | None = None
    manager_actions: str = ""
    areas: list[AreaEntry] = field(default_factory=list)
    iro_id: str | None = None
    audit_id: str | None = None
    version: int | None = None
    challenge_skipped_reason: str = ""  # read only: set by `skip_mandatory_challenge`


@dataclass(frozen=True)
class AuditResult:
    """What saving an audit means for challenges.

    ``challenge_required`` is true when the two-in-a-row rule or a Challenge grade calls for
    a challenge that has been neither raised from this audit nor skipped with a reason;
    ``challenge`` is then the pre-filled form.
    """

    audit_id: str
    version: int
    created: bool
    mandatory_challenge: bool
    grade_opens_challenge: bool
    challenge_required: bool
    previous_audit_id: str | None
    challenge: ChallengeInput | None


def blank_audit(child_id: str, today: date, review_id: str | None = None) -> AuditInput:
    """A new audit form with the five areas in order, none judged yet."""
    areas = [AreaEntry(code) for code in code_list("qa_area").codes()]
    return AuditInput(child_id=child_id, audit_date=today, review_id=review_id, areas=areas)


def _to_input(audit: QaAudit) -> AuditInput:
    return AuditInput(
        child_id=audit.child_id, audit_date=audit.audit_date, review_id=audit.review_id,
        grade=audit.grade, viewpoint=audit.viewpoint, manager_actions=audit.manager_actions,
        areas=[AreaEntry(a.area, a.judgement, a.comment)
               for a in audit.areas if a.deleted_at is None],
        iro_id=audit.iro_id, audit_id=audit.id, version=audit.version,
        challenge_skipped_reason=audit.challenge_skipped_reason)


def _load(session: Session, audit_id: str) -> QaAudit:
    audit = session.scalar(select(QaAudit).where(QaAudit.id == audit_id)
                           .options(selectinload(QaAudit.areas)))
    if audit is None or audit.deleted_at is not None:
        raise LookupError("That audit is no longer in this store.")
    return audit


def load_audit(store: Store, audit_id: str) -> AuditInput:
    with store.session() as session:
        return _to_input(_load(session, audit_id))


def audit_for_review(store: Store, review_id: str) -> AuditInput | None:
    """The review's audit if it has one (one audit per review)."""
    with store.session() as session:
        audit_id = session.scalar(select(QaAudit.id).where(QaAudit.review_id == review_id,
                                                           not_deleted(QaAudit)))
        return _to_input(_load(session, audit_id)) if audit_id else None


def _link_errors(session: Session, entry: AuditInput) -> list[FieldError]:
    errors: list[FieldError] = []
    child = session.get(Child, entry.child_id)
    if child is None or child.deleted_at is not None:
        errors.append(FieldError("child_id", "That child's record is no longer in this store."))
    if not entry.review_id:
        return errors
    review = session.get(Review, entry.review_id)
    if review is None or review.deleted_at is not None or review.child_id != entry.child_id:
        errors.append(FieldError("review_id", "That review is not one of this child's."))
        return errors
    other = session.scalar(select(QaAudit.id).where(QaAudit.review_id == entry.review_id))
    if other is not None and other != entry.audit_id:
        errors.append(FieldError("review_id",
                                 "This review has already been audited: open that audit instead."))
    if review.meeting_date and entry.audit_date and entry.audit_date < review.meeting_date:
        held = format_date(review.meeting_date)
        errors.append(FieldError(
            "audit_date", f"The audit cannot be before the review was held ({held})."))
    return errors


def _apply(audit: QaAudit, entry: AuditInput, iro_id: str | None) -> list[str]:
    """Copy the form onto the record; returns the names of what changed."""
    assert entry.audit_date is not None
    values = {"audit_date": entry.audit_date, "grade": entry.grade or None,
              "viewpoint": entry.viewpoint or None,
              "manager_actions": entry.manager_actions.strip(),
              "review_id": entry.review_id or None, "iro_id": iro_id}
    changed = [name for name in _FIELDS if getattr(audit, name) != values[name]]
    for name in changed:
        setattr(audit, name, values[name])
    current = {a.area: a for a in audit.areas if a.deleted_at is None}
    wanted = {e.area: e for e in entry.areas}
    for code, gone in current.items():
        if code not in wanted:
            audit.areas.remove(gone)
            changed.append(f"areas.{code}")
    for code, item in wanted.items():
        comment = item.comment.strip()
        row = current.get(code)
        if row is None:
            audit.areas.append(QaAuditArea(area=code, judgement=item.judgement, comment=comment))
            changed.append(f"areas.{code}")
        elif (row.judgement, row.comment) != (item.judgement, comment):
            row.judgement, row.comment = item.judgement, comment
            changed.append(f"areas.{code}")
    return changed


def save_audit(store: Store, entry: AuditInput, today: date) -> AuditResult:
    """Save a new or changed audit and say whether the child now needs a challenge."""
    with store.session() as session:
        existing = _load(session, entry.audit_id) if entry.audit_id else None
        if existing is not None and entry.version is not None \
                and existing.version != entry.version:
            raise ConcurrentEditError("This audit was changed elsewhere since you opened it. "
                                      "Reopen it and make your changes again.")
        errors = validate_audit(audit_date=entry.audit_date, grade=entry.grade or None,
                                viewpoint=entry.viewpoint, areas=entry.areas,
                                manager_actions=entry.manager_actions, today=today,
                                stored_grade=existing.grade if existing else None)
        errors.extend(_link_errors(session, entry))
        if existing is not None and existing.child_id != entry.child_id:
            errors.append(FieldError("child_id", "An audit cannot move to another child."))
        if errors:
            raise ValidationError(errors)
        iro_id = entry.iro_id
        if iro_id is None:
            iro = current_iro(session)
            iro_id = existing.iro_id if existing else (iro.id if iro else None)
        audit = existing or QaAudit(child_id=entry.child_id, challenge_skipped_reason="")
        if existing is None:
            session.add(audit)
        changed = _apply(audit, entry, iro_id)
        if existing is not None and changed:
            audit.updated_at = utc_now()  # an area-only change still moves the audit's version
        session.flush()
        if existing is None or changed:
            record_event(session, "qa_audit.created" if existing is None else "qa_audit.updated",
                         entity_type="qa_audit", entity_id=audit.id, child_id=audit.child_id,
                         detail={"grade": audit.grade, "fields": changed})
            session.flush()
        return _result(session, audit, created=existing is None, today=today)


def _grade_facts(session: Session, child_id: str) -> list[AuditGradeFact]:
    rows = session.execute(select(QaAudit.id, QaAudit.audit_date, QaAudit.grade)
                           .where(QaAudit.child_id == child_id, not_deleted(QaAudit)))
    return [AuditGradeFact(audit_id, on, grade or None) for audit_id, on, grade in rows]


def _has_challenge(session: Session, audit_id: str) -> bool:
    return session.scalar(select(Challenge.id).where(Challenge.audit_id == audit_id,
                                                     not_deleted(Challenge))
                          .limit(1)) is not None


def _result(session: Session, audit: QaAudit, *, created: bool, today: date) -> AuditResult:
    facts = _grade_facts(session, audit.child_id)
    new = AuditGradeFact(audit.id, audit.audit_date, audit.grade)
    mandatory = mandatory_challenge_needed(facts, new)
    previous = previous_graded_audit(facts, new)
    opens = challenge_grade_opens_challenge(audit.grade)
    required = (mandatory or opens) and not audit.challenge_skipped_reason \
        and not _has_challenge(session, audit.id)
    challenge = _prefill(session, audit, previous, mandatory, today) if required else None
    return AuditResult(audit.id, audit.version, created, mandatory, opens, required,
                       previous.audit_id if previous else None, challenge)


def _prefill(session: Session, audit: QaAudit, previous: AuditGradeFact | None,
             mandatory: bool, today: date) -> ChallengeInput:
    areas = [a for a in audit.areas if a.deleted_at is None]
    categories = [AREA_CATEGORY[a.area] for a in areas
                  if a.judgement == "not_met" and a.area in AREA_CATEGORY]
    return ChallengeInput(
        child_id=audit.child_id, raised_on=today, categories=categories,
        concern=_concern(audit, areas, previous if mandatory else None),
        addressed_to=_team_manager(session, audit.child_id), review_id=audit.review_id,
        audit_id=audit.id, mandatory=mandatory, iro_id=audit.iro_id)


def _concern(audit: QaAudit, areas: list[QaAuditArea],
             previous: AuditGradeFact | None) -> str:
    grades, labels, judgements = (code_list("qa_grade"), code_list("qa_area"),
                                  code_list("qa_judgement"))
    when = format_date(audit.audit_date)
    if previous is not None:
        lines = [f"The audit of {when} graded this child's review {grades.label(NEEDS_IMPROVEMENT)}"
                 f", as did the previous audit of {format_date(previous.audit_date)}: two "
                 "Needs Improvement grades in a row require a challenge."]
    else:
        lines = [f"The audit of {when} graded this child's review {grades.label(audit.grade)}."]
    noted = [a for a in areas if a.comment or a.judgement in ("not_met", "partly_met")]
    if noted:
        lines += ["", "Areas audited:"]
        for area in noted:
            text = f"- {labels.label(area.area)} ({judgements.label(area.judgement).lower()})"
            lines.append(f"{text}: {area.comment}" if area.comment else text)
    if audit.manager_actions:
        lines += ["", f"Actions for the team manager: {audit.manager_actions}"]
    return "\n".join(lines)


def _team_manager(session: Session, child_id: str) -> str:
    person = session.scalar(
        select(Person).where(Person.child_id == child_id, Person.role == "team_manager",
                             Person.active.is_(True), not_deleted(Person))
        .order_by(Person.created_at.desc()).limit(1))
    if person is None:
        return ""
    return ", ".join(part for part in (person.name, "Team Manager", person.team) if part)


def skip_mandatory_challenge(store: Store, audit_id: str, reason: str) -> None:
    """Decide not to raise the challenge an audit calls for; the reason is kept on the audit
    and in the audit trail."""
    if not reason.strip():
        raise ValidationError([FieldError(
            "reason", "Say why no challenge is being raised: the reason is kept on record.")])
    with store.session() as session:
        audit = _load(session, audit_id)
        facts = _grade_facts(session, audit.child_id)
        new = AuditGradeFact(audit.id, audit.audit_date, audit.grade)
        if not (mandatory_challenge_needed(facts, new)
                or challenge_grade_opens_challenge(audit.grade)):
            raise ValidationError([FieldError("reason",
                                              "This audit does not call for a challenge.")])
        if _has_challenge(session, audit.id):
            raise ValidationError([FieldError(
                "reason", "A challenge has already been raised from this audit.")])
        before = audit.challenge_skipped_reason
        audit.challenge_skipped_reason = reason.strip()
        record_event(session, "qa_audit.challenge_skipped", entity_type="qa_audit",
                     entity_id=audit.id, child_id=audit.child_id,
                     detail={"reason": reason.strip(), "before": before, "grade": audit.grade})
