"""Quality-assurance records for the demonstration store: audits, challenges, good practice.

Called by `demo_data` once per child with the child's held reviews in date order, so the
"two Needs Improvement grades in a row trigger a mandatory challenge" rule can be applied.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from ..domain.codes import code_list
from ..domain.working_days import add_working_days
from ..store.models import (
    Challenge,
    ChallengeCategory,
    ChallengeStage,
    GoodPractice,
    QaAudit,
    QaAuditArea,
)
from . import demo_names as names
from .demo_rows import DemoRows

ADEQUATE_UNTIL = date(2016, 1, 31)
AUDIT_SHARE = 0.80
EXTRA_CHALLENGE_SHARE = 0.065
GOOD_PRACTICE_SHARE = 0.08
ESCALATION_SHARE = 0.22
STAGE_DAYS = 5
FORMAL_STAGES = ("stage1", "stage2", "stage3")

GRADES = {"outstanding": 12, "good": 73, "needs_improvement": 12, "challenge": 3}
GRADES_BEFORE_2016 = {"outstanding": 8, "good": 60, "adequate": 18, "needs_improvement": 11,
                      "challenge": 3}  # fmt: skip
JUDGEMENTS = {
    "outstanding": {"met": 92, "partly_met": 5, "not_met": 0, "not_applicable": 3},
    "good": {"met": 75, "partly_met": 17, "not_met": 4, "not_applicable": 4},
    "adequate": {"met": 50, "partly_met": 35, "not_met": 11, "not_applicable": 4},
    "needs_improvement": {"met": 35, "partly_met": 35, "not_met": 26, "not_applicable": 4},
    "challenge": {"met": 20, "partly_met": 30, "not_met": 46, "not_applicable": 4},
}
VIEWPOINT = {"completed": 45, "declined": 40, "not_required_health": 3}
OUTCOMES = {"resolved_nfa": 82, "not_resolved_nfa": 10, "cancelled": 5}
OUTCOMES_AFTER_STAGE3 = {"resolved_nfa": 60, "not_resolved_nfa": 10, "dispute_resolution": 30}
CATEGORY_COUNTS = {1: 25, 2: 25, 3: 30, 4: 20}


@dataclass(frozen=True, slots=True)
class HeldInfo:
    """What the QA generator needs to know about one held review."""

    review_id: str
    held_on: date
    number: int
    iro_id: str
    age: int
    consultation_method: str


@dataclass(frozen=True, slots=True)
class Worker:
    """The child's social worker, team and team manager (challenges are addressed to them)."""

    social_worker: str
    team: str
    team_manager: str


def _check(list_name: str, *tables: dict[str, int]) -> None:
    """Fail loudly when a weight table names a code its list does not have."""
    known = set(code_list(list_name).codes())
    for table in tables:
        unknown = set(table) - known
        if unknown:
            raise ValueError(f"demo weights use codes not in {list_name!r}: {sorted(unknown)}")


def check_codes() -> None:
    _check("qa_grade", GRADES, GRADES_BEFORE_2016)
    _check("qa_judgement", *JUDGEMENTS.values())
    _check("viewpoint", VIEWPOINT)
    _check("challenge_outcome", OUTCOMES, OUTCOMES_AFTER_STAGE3)
    _check("challenge_stage", dict.fromkeys(("informal", *FORMAL_STAGES, "cafcass"), 1))


def add_quality_assurance(
    rows: DemoRows, child_id: str, worker: Worker, held: Sequence[HeldInfo]
) -> None:
    """Audit most reviews, challenge some, note good practice in a few."""
    rng = rows.rng
    previous_grade: str | None = None
    for review in held:
        audit_id: str | None = None
        grade: str | None = None
        mandatory = False
        if rng.random() < AUDIT_SHARE:
            audit_date = add_working_days(review.held_on, rng.randint(1, 15))
            if audit_date <= rows.today:
                grade = _grade(rows, review)
                mandatory = grade == previous_grade == "needs_improvement"
                audit_id = _audit(rows, child_id, review, audit_date, grade)
                previous_grade = grade
        if mandatory or grade == "challenge" or rng.random() < EXTRA_CHALLENGE_SHARE:
            _challenge(rows, child_id, worker, review, audit_id, mandatory)
        if rng.random() < GOOD_PRACTICE_SHARE:
            recorded = add_working_days(review.held_on, rng.randint(0, 5))
            if recorded <= rows.today:
                rows.add(
                    GoodPractice, child_id=child_id, review_id=review.review_id,
                    iro_id=review.iro_id, recorded_on=recorded,
                    social_worker=worker.social_worker, team=worker.team,
                    note=rng.choice(names.GOOD_PRACTICE),
                )  # fmt: skip


def _grade(rows: DemoRows, review: HeldInfo) -> str:
    table = GRADES_BEFORE_2016 if review.held_on <= ADEQUATE_UNTIL else GRADES
    return rows.pick(table)


def _viewpoint(rows: DemoRows, review: HeldInfo) -> str:
    if review.age < 4:
        return "not_required_age"
    if review.consultation_method == "viewpoint":
        return "completed"
    if review.consultation_method == "declined":
        return "declined"
    if review.consultation_method == "not_required":
        return "not_required_health"
    return rows.pick(VIEWPOINT)


def _audit(rows: DemoRows, child_id: str, review: HeldInfo, audit_date: date, grade: str) -> str:
    actions = ""
    if grade in ("needs_improvement", "challenge"):
        actions = "Team manager to make sure the pre-meeting report and the plans are up to " \
                  "date and shared three working days before the next review."
    audit_id = rows.add(
        QaAudit, review_id=review.review_id, child_id=child_id, iro_id=review.iro_id,
        audit_date=audit_date, viewpoint=_viewpoint(rows, review), grade=grade,
        manager_actions=actions, challenge_skipped_reason="",
    )  # fmt: skip
    weights = JUDGEMENTS[grade]
    for area in rows.qa_areas:
        if area == "education" and review.age < 4:
            judgement = "not_applicable"
        else:
            judgement = rows.pick(weights)
        rows.add(QaAuditArea, audit_id=audit_id, area=area, judgement=judgement,
                 comment=names.QA_COMMENTS[judgement])
    return audit_id


def _challenge(
    rows: DemoRows,
    child_id: str,
    worker: Worker,
    review: HeldInfo,
    audit_id: str | None,
    mandatory: bool,
) -> None:
    rng = rows.rng
    raised = add_working_days(review.held_on, rng.randint(1, 10))
    if raised > rows.today:
        return
    pool = rows.challenge_categories
    if review.number == 1:
        pool = [c for c in pool if c.code != "drift_delay.permanence_plan"]
    chosen = rng.sample(pool, rows.pick(CATEGORY_COUNTS))
    challenge_id = rows.uid()
    for code in chosen:
        rows.add(ChallengeCategory, challenge_id=challenge_id, category=code.code)
    stages = ["informal", *FORMAL_STAGES] if rng.random() < 0.7 else list(FORMAL_STAGES)
    started = raised
    responded: date | None = None
    reached = ""
    for position, stage in enumerate(stages):
        reached = stage
        target = add_working_days(started, STAGE_DAYS)
        responded = add_working_days(started, rng.randint(2, 9))
        if responded > rows.today:
            responded = None
        rows.add(
            ChallengeStage, challenge_id=challenge_id, position=position, stage=stage,
            started_on=started, target_on=target, responded_on=responded,
            note=names.CHALLENGE_NOTES[min(position, len(names.CHALLENGE_NOTES) - 1)],
        )  # fmt: skip
        if responded is None or rng.random() >= ESCALATION_SHARE:
            break
        started = responded
    outcome: str | None = None
    closed: date | None = None
    recent = (rows.today - raised).days < 120
    if responded is not None and not (recent and rng.random() < 0.25):
        outcome = rows.pick(OUTCOMES_AFTER_STAGE3 if reached == "stage3" else OUTCOMES)
        closed = responded
    concern = "; ".join(code.label for code in chosen) + "."
    rows.add(
        Challenge, row_id=challenge_id, child_id=child_id, review_id=review.review_id,
        audit_id=audit_id, iro_id=review.iro_id, raised_on=raised,
        addressed_to=f"{worker.team_manager}, Team Manager, {worker.team}",
        concern=concern, mandatory=mandatory, outcome=outcome, closed_on=closed,
    )  # fmt: skip
