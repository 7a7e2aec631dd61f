"""The QA lists: audits, challenges and good practice, filtered in SQL, as frozen rows.

Dates filter inclusively on the audit date, the date raised and the date recorded. ``team``
is the team of the child's current social worker for audits and challenges, and the team
recorded with the good practice itself.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, exists, or_, select
from sqlalchemy.orm import selectinload

from ..domain.codes import code_list
from ..domain.qa_rules import (
    CHALLENGE_GRADE,
    FORMAL_STAGES,
    NEEDS_IMPROVEMENT,
    AuditGradeFact,
    MissedTarget,
    audits_needing_mandatory_challenge,
    challenge_grade_opens_challenge,
    missed_targets,
)
from ..store import Store
from ..store.models import (
    Challenge,
    ChallengeCategory,
    ChallengeStage,
    Child,
    GoodPractice,
    Person,
    QaAudit,
    ServiceProfile,
    not_deleted,
)
from .challenges import challenge_fact

__all__ = [
    "AuditRow", "ChallengeRow", "GoodPracticeRow", "OverdueChallengeRow",
    "audits_awaiting_challenge", "list_audits", "list_challenges", "list_good_practice",
    "open_challenges_past_target",
]


@dataclass(frozen=True)
class AuditRow:
    audit_id: str
    child_id: str
    child_name: str
    local_id: str
    review_id: str | None
    audit_date: date
    grade: str | None
    grade_label: str
    viewpoint: str | None
    iro_id: str | None
    team: str
    challenge_raised: bool
    challenge_skipped_reason: str


@dataclass(frozen=True)
class ChallengeRow:
    challenge_id: str
    child_id: str
    child_name: str
    local_id: str
    review_id: str | None
    audit_id: str | None
    iro_id: str | None
    team: str
    raised_on: date
    addressed_to: str
    mandatory: bool
    categories: tuple[str, ...]
    stages: tuple[str, ...]  # in order, Cafcass included
    current_stage: str | None  # the latest escalation stage, Cafcass aside
    cafcass_referred: bool
    outcome: str | None
    closed_on: date | None

    @property
    def is_open(self) -> bool:
        return self.outcome is None and self.closed_on is None

    @property
    def current_stage_label(self) -> str:
        return code_list("challenge_stage").label(self.current_stage) if self.current_stage else ""

    @property
    def outcome_label(self) -> str:
        return code_list("challenge_outcome").label(self.outcome) if self.outcome else "Open"


@dataclass(frozen=True)
class GoodPracticeRow:
    good_practice_id: str
    child_id: str
    child_name: str
    local_id: str
    review_id: str | None
    iro_id: str | None
    recorded_on: date
    social_worker: str
    team: str
    note: str


@dataclass(frozen=True)
class OverdueChallengeRow:
    """An open challenge past a target, for the alerts panel; ``missed`` earliest first."""

    challenge_id: str
    child_id: str
    child_name: str
    local_id: str
    raised_on: date
    current_stage: str | None
    missed: tuple[MissedTarget, ...]

    @property
    def due_on(self) -> date:
        return self.missed[0].due_on

    @property
    def text(self) -> str:
        return (f"Challenge past its target: {self.child_name} ({self.local_id}), "
                f"{self.missed[0].description}")


def _name(first: str, preferred: str, last: str) -> str:
    return f"{preferred or first} {last}".strip()


def _team_column() -> Any:
    """The team of the child's current social worker, as a correlated subquery."""
    return (select(Person.team)
            .where(Person.child_id == Child.id, Person.role == "social_worker",
                   Person.active.is_(True), not_deleted(Person))
            .order_by(Person.created_at.desc()).limit(1)
            .correlate(Child).scalar_subquery())


def _in_range(column: Any, date_from: date | None, date_to: date | None) -> list[Any]:
    clauses = []
    if date_from is not None:
        clauses.append(column >= date_from)
    if date_to is not None:
        clauses.append(column <= date_to)
    return clauses


def _child_columns() -> tuple[Any, ...]:
    return Child.first_name, Child.preferred_name, Child.last_name, Child.local_id


def list_audits(store: Store, date_from: date | None = None, date_to: date | None = None,
                grade: str | None = None, iro_id: str | None = None, team: str | None = None,
                *, child_id: str | None = None) -> list[AuditRow]:
    """Audits, newest first."""
    team_col = _team_column()
    clauses = _in_range(QaAudit.audit_date, date_from, date_to)
    if grade is not None:
        clauses.append(QaAudit.grade == grade)
    if iro_id is not None:
        clauses.append(QaAudit.iro_id == iro_id)
    if team is not None:
        clauses.append(team_col == team)
    if child_id is not None:
        clauses.append(QaAudit.child_id == child_id)
    return _audit_rows(store, team_col, clauses)


def _challenge_raised() -> Any:
    return exists().where(Challenge.audit_id == QaAudit.id, not_deleted(Challenge))


def _audit_rows(store: Store, team_col: Any, clauses: list[Any]) -> list[AuditRow]:
    query: Select[Any] = (
        select(QaAudit, *_child_columns(), team_col, _challenge_raised())
        .join(Child, Child.id == QaAudit.child_id)
        .where(not_deleted(QaAudit), not_deleted(Child), *clauses)
        .order_by(QaAudit.audit_date.desc(), Child.last_name, Child.first_name))
    grades = code_list("qa_grade")
    with store.read_session() as session:
        return [
            AuditRow(a.id, a.child_id, _name(first, preferred, last), local_id, a.review_id,
                     a.audit_date, a.grade, grades.label(a.grade), a.viewpoint, a.iro_id,
                     worker_team or "", bool(has_challenge), a.challenge_skipped_reason)
            for a, first, preferred, last, local_id, worker_team, has_challenge
            in session.execute(query)]


def _is_open() -> ColumnElement[bool]:
    return and_(Challenge.outcome.is_(None), Challenge.closed_on.is_(None))


def _has_stage(*clauses: Any) -> Any:
    return exists().where(ChallengeStage.challenge_id == Challenge.id,
                          not_deleted(ChallengeStage), *clauses)


def list_challenges(store: Store, date_from: date | None = None, date_to: date | None = None,
                    *, stage: str | None = None, category: str | None = None,
                    outcome: str | None = None, open_only: bool = False,
                    iro_id: str | None = None, team: str | None = None,
                    child_id: str | None = None) -> list[ChallengeRow]:
    """Challenges, newest first. ``stage`` keeps those that reached that stage at any point."""
    team_col = _team_column()
    query: Select[Any] = (
        select(Challenge, *_child_columns(), team_col)
        .join(Child, Child.id == Challenge.child_id)
        .where(not_deleted(Challenge), not_deleted(Child),
               *_in_range(Challenge.raised_on, date_from, date_to))
        .options(selectinload(Challenge.stages), selectinload(Challenge.categories))
        .order_by(Challenge.raised_on.desc(), Child.last_name, Child.first_name))
    if stage is not None:
        query = query.where(_has_stage(ChallengeStage.stage == stage))
    if category is not None:
        query = query.where(exists().where(ChallengeCategory.challenge_id == Challenge.id,
                                           not_deleted(ChallengeCategory),
                                           ChallengeCategory.category == category))
    if outcome is not None:
        query = query.where(Challenge.outcome == outcome)
    if open_only:
        query = query.where(_is_open())
    if iro_id is not None:
        query = query.where(Challenge.iro_id == iro_id)
    if team is not None:
        query = query.where(team_col == team)
    if child_id is not None:
        query = query.where(Challenge.child_id == child_id)
    with store.read_session() as session:
        rows = []
        for c, first, preferred, last, local_id, worker_team in session.execute(query):
            fact = challenge_fact(c)
            current = fact.current_stage
            rows.append(ChallengeRow(
                c.id, c.child_id, _name(first, preferred, last), local_id, c.review_id,
                c.audit_id, c.iro_id, worker_team or "", c.raised_on, c.addressed_to,
                c.mandatory,
                tuple(cat.category for cat in c.categories if cat.deleted_at is None),
                tuple(s.stage for s in fact.ordered_stages),
                current.stage if current else None, fact.cafcass_referral is not None,
                c.outcome, c.closed_on))
        return rows


def list_good_practice(store: Store, date_from: date | None = None,
                       date_to: date | None = None, *, team: str | None = None,
                       iro_id: str | None = None, social_worker: str | None = None,
                       child_id: str | None = None) -> list[GoodPracticeRow]:
    """Good practice, newest first."""
    query: Select[Any] = (
        select(GoodPractice, *_child_columns())
        .join(Child, Child.id == GoodPractice.child_id)
        .where(not_deleted(GoodPractice), not_deleted(Child),
               *_in_range(GoodPractice.recorded_on, date_from, date_to))
        .order_by(GoodPractice.recorded_on.desc(), Child.last_name, Child.first_name))
    if team is not None:
        query = query.where(GoodPractice.team == team)
    if iro_id is not None:
        query = query.where(GoodPractice.iro_id == iro_id)
    if social_worker is not None:
        query = query.where(GoodPractice.social_worker == social_worker)
    if child_id is not None:
        query = query.where(GoodPractice.child_id == child_id)
    with store.read_session() as session:
        return [
            GoodPracticeRow(g.id, g.child_id, _name(first, preferred, last), local_id,
                            g.review_id, g.iro_id, g.recorded_on, g.social_worker, g.team, g.note)
            for g, first, preferred, last, local_id in session.execute(query)]


def open_challenges_past_target(store: Store, today: date, *, iro_id: str | None = None,
                                child_ids: Sequence[str] | None = None
                                ) -> list[OverdueChallengeRow]:
    """Open challenges that have missed a stage or overall target, earliest missed first.

    SQL keeps only open challenges that could be late (a stage unanswered and started more
    than ``stage_days`` calendar days ago, or a formal stage started more than
    ``overall_days`` ago); the working-day rule then decides exactly.
    """
    with store.read_session() as session:
        # Read, never create: a read session must not write (get_profile would insert).
        profile = session.scalar(select(ServiceProfile)
                                 .where(not_deleted(ServiceProfile)).limit(1))
        stage_days = int((profile.challenge_stage_days if profile else None) or 5)
        overall_days = int((profile.challenge_overall_days if profile else None) or 20)
        waiting = _has_stage(ChallengeStage.responded_on.is_(None), or_(
            ChallengeStage.target_on < today,
            and_(ChallengeStage.target_on.is_(None),
                 ChallengeStage.started_on < today - timedelta(days=stage_days))))
        long_running = _has_stage(ChallengeStage.stage.in_(FORMAL_STAGES),
                                  ChallengeStage.started_on < today - timedelta(days=overall_days))
        query: Select[Any] = (
            select(Challenge, *_child_columns())
            .join(Child, Child.id == Challenge.child_id)
            .where(not_deleted(Challenge), not_deleted(Child), _is_open(),
                   or_(waiting, long_running))
            .options(selectinload(Challenge.stages)))
        if iro_id is not None:
            query = query.where(Challenge.iro_id == iro_id)
        if child_ids is not None:
            query = query.where(Challenge.child_id.in_(list(child_ids)))
        rows = []
        for c, first, preferred, last, local_id in session.execute(query):
            fact = challenge_fact(c)
            missed = missed_targets(fact, today, stage_days, overall_days)
            if missed:
                current = fact.current_stage
                rows.append(OverdueChallengeRow(
                    c.id, c.child_id, _name(first, preferred, last), local_id, c.raised_on,
                    current.stage if current else None, tuple(missed)))
    rows.sort(key=lambda r: (r.due_on, r.child_name))
    return rows


def audits_awaiting_challenge(store: Store, *, iro_id: str | None = None) -> list[AuditRow]:
    """Audits that call for a challenge not yet raised nor skipped with a reason, newest first.

    Also catches the effect of an audit entered late: a later Needs Improvement audit whose
    previous graded audit has become Needs Improvement too.
    """
    clauses = [QaAudit.grade.in_((NEEDS_IMPROVEMENT, CHALLENGE_GRADE)),
               QaAudit.challenge_skipped_reason == "", ~_challenge_raised()]
    if iro_id is not None:
        clauses.append(QaAudit.iro_id == iro_id)
    candidates = _audit_rows(store, _team_column(), clauses)
    children = {row.child_id for row in candidates if row.grade == NEEDS_IMPROVEMENT}
    facts: dict[str, list[AuditGradeFact]] = {}
    if children:
        with store.read_session() as session:
            for audit_id, child, on, grade in session.execute(
                    select(QaAudit.id, QaAudit.child_id, QaAudit.audit_date, QaAudit.grade)
                    .where(QaAudit.child_id.in_(children), not_deleted(QaAudit))):
                facts.setdefault(child, []).append(AuditGradeFact(audit_id, on, grade or None))
    caught = {audit_id for child_facts in facts.values()
              for audit_id in audits_needing_mandatory_challenge(child_facts)}
    return [row for row in candidates
            if row.audit_id in caught or challenge_grade_opens_challenge(row.grade)]
