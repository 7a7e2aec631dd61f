"""Quality-assurance rules: the mandatory challenge, challenge targets and a challenge's life cycle.

Pure functions over small frozen facts, so the services, the alerts panel and the reports
share one reading of the rules, and tests need no store. The decisions taken here:

- **Mandatory challenge.** A Needs Improvement audit needs a challenge when the previous
  *graded* audit of the same child was Needs Improvement too. "Previous" is by audit date
  (ties broken by audit id), never by the order audits were typed in. Ungraded audits are
  skipped. The retired "Adequate" grade is not Needs Improvement: it breaks a run.
- **Targets.** Each stage has a response target of ``stage_days`` working days from its
  start; the formal process (from the start of the first of stages 1–3) has an overall
  target of ``overall_days`` working days. A target is missed once the day after it comes.
- **Life cycle.** A challenge is open until closed with an outcome *and* a date. While open,
  escalation only goes up (informal, stage 1, 2, 3; stages may be skipped, never repeated
  or gone back to); a Cafcass referral may be added once, at any point, alongside. Stage
  dates never run backwards. Closing twice, adding a stage or a response to a closed
  challenge are refused; the only way back is to *cancel the closure*, which clears the
  outcome and date (the audit trail keeps them).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date

from .codes import code_list
from .timetable import format_date
from .validation import FieldError
from .working_days import add_working_days

__all__ = [
    "CAFCASS", "CHALLENGE_GRADE", "DEFAULT_OVERALL_DAYS", "DEFAULT_STAGE_DAYS", "ESCALATION_RANK",
    "FORMAL_STAGES", "INFORMAL", "NEEDS_IMPROVEMENT", "AreaEntry", "AuditGradeFact",
    "ChallengeFact", "ChallengeTransitionError", "MissedTarget", "StageFact",
    "audits_needing_mandatory_challenge", "challenge_grade_opens_challenge", "challenge_overdue",
    "mandatory_challenge_needed", "missed_targets", "next_stage_choices", "overall_target",
    "previous_graded_audit", "stage_target", "validate_audit", "validate_challenge",
    "with_closure", "with_response", "with_stage", "without_closure",
]

NEEDS_IMPROVEMENT = "needs_improvement"
CHALLENGE_GRADE = "challenge"
INFORMAL = "informal"
CAFCASS = "cafcass"
FORMAL_STAGES = ("stage1", "stage2", "stage3")
ESCALATION_RANK = {INFORMAL: 0, "stage1": 1, "stage2": 2, "stage3": 3}
DEFAULT_STAGE_DAYS = 5
DEFAULT_OVERALL_DAYS = 20


# --------------------------------------------------------------------- mandatory challenge

@dataclass(frozen=True, slots=True)
class AuditGradeFact:
    """One audit of a child as the mandatory rule sees it; ``grade`` None means ungraded."""

    audit_id: str
    audit_date: date
    grade: str | None


def _order(fact: AuditGradeFact) -> tuple[date, str]:
    return fact.audit_date, fact.audit_id


def previous_graded_audit(audits: Iterable[AuditGradeFact],
                          new: AuditGradeFact) -> AuditGradeFact | None:
    """The latest graded audit dated before ``new`` (same day: lower audit id first)."""
    earlier = [a for a in audits
               if a.audit_id != new.audit_id and a.grade and _order(a) < _order(new)]
    return max(earlier, key=_order, default=None)


def mandatory_challenge_needed(audits: Sequence[AuditGradeFact], new: AuditGradeFact) -> bool:
    """Two Needs Improvement grades in a row for the same child require a challenge."""
    if new.grade != NEEDS_IMPROVEMENT:
        return False
    previous = previous_graded_audit(audits, new)
    return previous is not None and previous.grade == NEEDS_IMPROVEMENT


def audits_needing_mandatory_challenge(audits: Sequence[AuditGradeFact]) -> list[str]:
    """Every audit of one child the rule catches, in date order: shows what a late entry changed."""
    return [a.audit_id for a in sorted(audits, key=_order) if mandatory_challenge_needed(audits, a)]


def challenge_grade_opens_challenge(grade: str | None) -> bool:
    """A "Challenge" grade means the IRO is challenging: the audit opens one."""
    return grade == CHALLENGE_GRADE


# --------------------------------------------------------------------- targets

def stage_target(started_on: date, days: int = DEFAULT_STAGE_DAYS) -> date:
    """The date a stage's response is due: ``days`` working days after it started."""
    if days < 1:
        raise ValueError(f"a stage target must be at least one working day (got {days})")
    return add_working_days(started_on, days)


def overall_target(first_formal_stage_started: date, days: int = DEFAULT_OVERALL_DAYS) -> date:
    """The date the whole formal process should have ended by."""
    if days < 1:
        raise ValueError(f"the overall target must be at least one working day (got {days})")
    return add_working_days(first_formal_stage_started, days)


@dataclass(frozen=True, slots=True)
class StageFact:
    position: int
    stage: str
    started_on: date
    target_on: date | None = None
    responded_on: date | None = None


@dataclass(frozen=True, slots=True)
class ChallengeFact:
    """A challenge as the rules see it; build it from the record, change it with ``with_*``."""

    raised_on: date
    stages: tuple[StageFact, ...] = ()
    outcome: str | None = None
    closed_on: date | None = None

    @property
    def is_closed(self) -> bool:
        return self.outcome is not None or self.closed_on is not None

    @property
    def ordered_stages(self) -> list[StageFact]:
        return sorted(self.stages, key=lambda s: s.position)

    @property
    def current_stage(self) -> StageFact | None:
        """The latest escalation stage (informal to stage 3); a Cafcass referral runs alongside."""
        escalation = [s for s in self.ordered_stages if s.stage != CAFCASS]
        return escalation[-1] if escalation else None

    @property
    def cafcass_referral(self) -> StageFact | None:
        return next((s for s in self.ordered_stages if s.stage == CAFCASS), None)

    @property
    def first_formal_start(self) -> date | None:
        return min((s.started_on for s in self.stages if s.stage in FORMAL_STAGES), default=None)

    @property
    def last_stage_start(self) -> date | None:
        return max((s.started_on for s in self.stages), default=None)


@dataclass(frozen=True, slots=True)
class MissedTarget:
    """A target an open challenge has passed: a stage's response (``stage`` set) or the overall."""

    due_on: date
    stage: str | None

    @property
    def description(self) -> str:
        if self.stage is None:
            return f"the formal process was due to end by {format_date(self.due_on)}"
        label = code_list("challenge_stage").label(self.stage)
        return f"{label} response was due {format_date(self.due_on)}"


def missed_targets(challenge: ChallengeFact, today: date, stage_days: int = DEFAULT_STAGE_DAYS,
                   overall_days: int = DEFAULT_OVERALL_DAYS) -> list[MissedTarget]:
    """Targets passed without a response, earliest first; a closed challenge misses none.

    Only the current escalation stage and the Cafcass referral wait for a response: an
    earlier stage left unanswered has been overtaken by escalation. A stored target wins
    over one worked out from ``stage_days``, so changing the profile does not move old ones.
    """
    if challenge.is_closed:
        return []
    missed: list[MissedTarget] = []
    for stage in (challenge.current_stage, challenge.cafcass_referral):
        if stage is None or stage.responded_on is not None:
            continue
        due = stage.target_on or stage_target(stage.started_on, stage_days)
        if due < today:
            missed.append(MissedTarget(due, stage.stage))
    first_formal = challenge.first_formal_start
    if first_formal is not None:
        due = overall_target(first_formal, overall_days)
        if due < today:
            missed.append(MissedTarget(due, None))
    return sorted(missed, key=lambda m: (m.due_on, m.stage or ""))


def challenge_overdue(challenge: ChallengeFact, today: date, stage_days: int = DEFAULT_STAGE_DAYS,
                      overall_days: int = DEFAULT_OVERALL_DAYS) -> bool:
    return bool(missed_targets(challenge, today, stage_days, overall_days))


# --------------------------------------------------------------------- life cycle

class ChallengeTransitionError(ValueError):
    """A change the challenge's life cycle does not allow; the message says what to do instead."""

    def __init__(self, message: str, field: str = "challenge") -> None:
        super().__init__(message)
        self.field = field

    def as_field_error(self) -> FieldError:
        return FieldError(self.field, str(self))


def _refuse_if_closed(challenge: ChallengeFact, doing: str) -> None:
    if challenge.is_closed:
        when = f" on {format_date(challenge.closed_on)}" if challenge.closed_on else ""
        raise ChallengeTransitionError(
            f"This challenge was closed{when}: cancel the closure before {doing}.")


def _refuse_future(day: date, today: date | None, field: str, what: str) -> None:
    if today is not None and day > today:
        raise ChallengeTransitionError(f"The {what} cannot be in the future.", field)


def next_stage_choices(challenge: ChallengeFact) -> list[str]:
    """The stages that may be added now, in escalation order (for the form's drop-down)."""
    if challenge.is_closed:
        return []
    current = challenge.current_stage
    reached = ESCALATION_RANK[current.stage] if current and current.stage in ESCALATION_RANK else -1
    choices = [code for code, rank in ESCALATION_RANK.items() if rank > reached]
    if challenge.cafcass_referral is None:
        choices.append(CAFCASS)
    return choices


def with_stage(challenge: ChallengeFact, stage: str, started_on: date, *,
               stage_days: int = DEFAULT_STAGE_DAYS, today: date | None = None) -> ChallengeFact:
    """Escalate (or refer to Cafcass): the new stage goes last, with its response target."""
    _refuse_if_closed(challenge, "adding a stage")
    stages = code_list("challenge_stage")
    if stage not in stages:
        raise ChallengeTransitionError(f"{stage} is not a challenge stage.", "stage")
    if stage not in next_stage_choices(challenge):
        label = stages.label(stage)
        if stage == CAFCASS:
            raise ChallengeTransitionError("This challenge has already been referred to Cafcass.",
                                           "stage")
        current = challenge.current_stage
        now = stages.label(current.stage) if current else ""
        raise ChallengeTransitionError(
            f"The challenge is already at {now}: it cannot go back or stay at {label}. "
            "Escalate to a higher stage, or close it.", "stage")
    if started_on < challenge.raised_on:
        raise ChallengeTransitionError(
            f"A stage cannot start before the challenge was raised "
            f"({format_date(challenge.raised_on)}).", "started_on")
    last = challenge.ordered_stages[-1] if challenge.stages else None
    if last is not None and started_on < last.started_on:
        raise ChallengeTransitionError(
            f"A stage cannot start before the previous one "
            f"({stages.label(last.stage)}, {format_date(last.started_on)}).", "started_on")
    _refuse_future(started_on, today, "started_on", "stage's start date")
    position = last.position + 1 if last is not None else 0
    added = StageFact(position, stage, started_on, stage_target(started_on, stage_days))
    return replace(challenge, stages=(*challenge.stages, added))


def with_response(challenge: ChallengeFact, position: int, responded_on: date, *,
                  today: date | None = None) -> ChallengeFact:
    """Record (or correct) the date a stage was answered."""
    _refuse_if_closed(challenge, "recording a response")
    stage = next((s for s in challenge.stages if s.position == position), None)
    if stage is None:
        raise ChallengeTransitionError("That stage is not part of this challenge.", "stage")
    if responded_on < stage.started_on:
        raise ChallengeTransitionError(
            f"The response cannot come before the stage started ({format_date(stage.started_on)}).",
            "responded_on")
    _refuse_future(responded_on, today, "responded_on", "response date")
    answered = replace(stage, responded_on=responded_on)
    return replace(challenge, stages=tuple(answered if s is stage else s for s in challenge.stages))


def with_closure(challenge: ChallengeFact, outcome: str | None, closed_on: date | None, *,
                 today: date | None = None) -> ChallengeFact:
    """Close with an outcome and the date; both are needed, and the date cannot run backwards."""
    if challenge.is_closed:
        label = code_list("challenge_outcome").label(challenge.outcome)
        when = format_date(challenge.closed_on) if challenge.closed_on else "an unknown date"
        raise ChallengeTransitionError(
            f"This challenge is already closed ({label}, {when}). Cancel the closure to change it.")
    outcomes = code_list("challenge_outcome")
    if not outcome:
        raise ChallengeTransitionError("Choose the outcome.", "outcome")
    if not outcomes.is_selectable(outcome):
        raise ChallengeTransitionError(f"{outcome} is not a challenge outcome.", "outcome")
    if closed_on is None:
        raise ChallengeTransitionError("Enter the date the challenge was closed.", "closed_on")
    if closed_on < challenge.raised_on:
        raise ChallengeTransitionError(
            f"A challenge cannot close before it was raised ({format_date(challenge.raised_on)}).",
            "closed_on")
    last_start = challenge.last_stage_start
    if last_start is not None and closed_on < last_start:
        raise ChallengeTransitionError(
            f"A challenge cannot close before its last stage started ({format_date(last_start)}).",
            "closed_on")
    _refuse_future(closed_on, today, "closed_on", "closing date")
    return replace(challenge, outcome=outcome, closed_on=closed_on)


def without_closure(challenge: ChallengeFact) -> ChallengeFact:
    """Cancel a closure made in error: the challenge is open again, at the stage it had reached."""
    if not challenge.is_closed:
        raise ChallengeTransitionError("This challenge is open: there is no closure to cancel.")
    return replace(challenge, outcome=None, closed_on=None)


# --------------------------------------------------------------------- validation

@dataclass(frozen=True, slots=True)
class AreaEntry:
    """One audited area: a ``qa_area`` code, a ``qa_judgement`` code (None: not yet judged)."""

    area: str
    judgement: str | None = None
    comment: str = ""


def validate_audit(*, audit_date: date | None, grade: str | None, viewpoint: str | None,
                   areas: Sequence[AreaEntry], manager_actions: str, today: date,
                   stored_grade: str | None = None) -> list[FieldError]:
    """Problems with an audit form, by field ("audit_date", "grade", "viewpoint",
    "manager_actions", "areas", or "areas.<area code>").

    ``stored_grade`` is the grade already saved (None for a new audit): a retired grade
    such as Adequate may stay on an old audit saved unchanged, but is never chosen anew.
    """
    errors: list[FieldError] = []
    if audit_date is None:
        errors.append(FieldError("audit_date", "Enter the date of the audit."))
    elif audit_date > today:
        errors.append(FieldError("audit_date", "The audit date cannot be in the future."))
    grades = code_list("qa_grade")
    if grade:
        if grade not in grades:
            errors.append(FieldError("grade", f"{grade} is not a known grade."))
        elif not grades.is_selectable(grade) and grade != stored_grade:
            errors.append(FieldError(
                "grade", f"{grades.label(grade)} is no longer used as a grade; choose another."))
    if grade == NEEDS_IMPROVEMENT and not manager_actions.strip():
        errors.append(FieldError(
            "manager_actions", "Say what the team manager needs to do: the grade is Needs "
                               "Improvement."))
    if viewpoint and viewpoint not in code_list("viewpoint"):
        errors.append(FieldError("viewpoint", f"{viewpoint} is not a known Viewpoint answer."))
    errors.extend(_area_errors(areas))
    return errors


def _area_errors(areas: Sequence[AreaEntry]) -> list[FieldError]:
    known, judgements = code_list("qa_area"), code_list("qa_judgement")
    errors: list[FieldError] = []
    seen: set[str] = set()
    for entry in areas:
        if entry.area not in known:
            errors.append(FieldError("areas", f"{entry.area} is not an audit area."))
            continue
        if entry.area in seen:
            errors.append(FieldError(f"areas.{entry.area}",
                                     f"{known.label(entry.area)} is audited twice."))
        seen.add(entry.area)
        if entry.judgement and not judgements.is_selectable(entry.judgement):
            errors.append(FieldError(f"areas.{entry.area}",
                                     f"{entry.judgement} is not a known judgement."))
    return errors


def validate_challenge(*, raised_on: date | None, categories: Sequence[str], concern: str,
                       first_stage: str | None, first_stage_started_on: date | None,
                       today: date) -> list[FieldError]:
    """Problems with a new challenge, by field ("raised_on", "categories", "concern",
    "first_stage", "first_stage_started_on")."""
    errors: list[FieldError] = []
    if raised_on is None:
        errors.append(FieldError("raised_on", "Enter the date the challenge was raised."))
    elif raised_on > today:
        errors.append(FieldError("raised_on", "The date raised cannot be in the future."))
    known = code_list("challenge_category")
    if not categories:
        errors.append(FieldError("categories", "Choose at least one category."))
    for code in categories:
        if not known.is_selectable(code):
            errors.append(FieldError("categories", f"{code} is not a challenge category in use."))
    if len(set(categories)) != len(categories):
        errors.append(FieldError("categories", "A category is chosen twice."))
    if not concern.strip():
        errors.append(FieldError("concern", "Describe the concern in words."))
    if first_stage and first_stage not in code_list("challenge_stage"):
        errors.append(FieldError("first_stage", f"{first_stage} is not a challenge stage."))
    start = first_stage_started_on or raised_on
    if first_stage and start is not None and raised_on is not None and raised_on <= today:
        if start < raised_on:
            errors.append(FieldError(
                "first_stage_started_on",
                "The first stage cannot start before the challenge was raised."))
        elif start > today:
            errors.append(FieldError("first_stage_started_on",
                                     "The first stage's start cannot be in the future."))
    return errors
