"""The annual report: every table, computed from the store in one read transaction.

`build_report` runs a dozen SQL aggregates (see the `queries_*` modules) and returns a
frozen `AnnualReport`; the Word, Excel and JSON exports only format what it holds.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..store import Store
from ..store.models import Consultation, Iro, ServiceProfile, not_deleted
from . import queries_meeting, queries_population, queries_qa, queries_reviews
from .consultation_figures import ConsultationFigures, figures_in_session
from .period_set import gathered_periods
from .review_set import gathered_reviews
from .scope import ReportScope
from .sections import (
    AttendanceFigures,
    CaseloadFigures,
    ChallengeFigures,
    Count,
    DeadlineFigures,
    ParticipationFigures,
    PlanProgressRow,
    PopulationProfile,
    QaActivity,
    ReportPeriod,
    ReviewFigures,
    ViewpointFigures,
)

__all__ = ["STEPS", "AnnualReport", "ProgressCallback", "build_report"]

ProgressCallback = Callable[[int, int, str], None]

STEPS = 10
DEFAULT_DECISIONS_DAYS = 5
DEFAULT_RECORD_DAYS = 15


@dataclass(frozen=True, slots=True)
class AnnualReport:
    """Every figure of the annual report for one period and scope."""

    period: ReportPeriod
    reviews: ReviewFigures
    participation: ParticipationFigures
    viewpoint: ViewpointFigures
    qa_activity: QaActivity
    challenges: ChallengeFigures
    audits_by_grade: tuple[Count, ...]
    plan_progress: tuple[PlanProgressRow, ...]
    attendance: AttendanceFigures
    decisions: DeadlineFigures
    records: DeadlineFigures
    caseload: CaseloadFigures
    population: PopulationProfile
    consultation: ConsultationFigures


def build_report(
    store: Store, scope: ReportScope, progress: ProgressCallback | None = None
) -> AnnualReport:
    """Compute the report; `progress(done, total, what)` is called as each step finishes."""

    def step(done: int, what: str) -> None:
        if progress is not None:
            progress(done, STEPS, what)

    with store.read_session() as session, gathered_reviews(session, scope) as gathered:
        reviews, scan = gathered.table, gathered.wide
        period, decisions_days, record_days = _period(session, scope)
        totals = queries_reviews.review_totals(session, reviews)
        figures = queries_reviews.review_figures(session, reviews, totals)
        step(1, "Reviews held and participation")
        decisions, records = queries_reviews.deadline_figures(
            session, reviews, decisions_days, record_days
        )
        step(2, "Decisions and records issued")
        attendance = queries_meeting.attendance_figures(
            session, gathered, totals.held, totals.care_plan_rate(), totals.pmr_rate()
        )
        step(3, "Attendance")
        plan = queries_meeting.plan_progress(session, gathered, scope.date_from, scope.date_to)
        step(4, "Progress of the plan")
        qa = queries_qa.qa_counts(session, scope, scan=scan)
        activity, grades = qa.activity(), qa.grades()
        step(5, "Quality assurance activity")
        viewpoint = queries_qa.viewpoint_figures(session, scope, reviews, scan=scan)
        step(6, "Viewpoint")
        consultation = figures_in_session(
            session,
            scope.date_from,
            scope.date_to,
            condition=scope.iro_filter(Consultation.iro_id),
        )
        step(7, "Consultations")
        challenges = queries_qa.challenge_figures(session, scope, qa, scan=scan)
        step(8, "Challenges")
        with gathered_periods(session, scope) as periods:
            caseload = queries_population.caseload_figures(session, scope, periods)
            step(9, "Caseloads and children looked after")
            population = queries_population.population_profile(session, scope, periods)
            step(10, "Population profile")
    return AnnualReport(
        period=period,
        reviews=figures,
        participation=totals.participation(),
        viewpoint=viewpoint,
        qa_activity=activity,
        challenges=challenges,
        audits_by_grade=grades,
        plan_progress=plan,
        attendance=attendance,
        decisions=decisions,
        records=records,
        caseload=caseload,
        population=population,
        consultation=consultation,
    )


def _period(session: Session, scope: ReportScope) -> tuple[ReportPeriod, int, int]:
    """The period and scope as people name them, and the service's working-day targets."""
    profile = session.execute(
        select(
            ServiceProfile.local_authority,
            ServiceProfile.service_name,
            ServiceProfile.decisions_working_days,
            ServiceProfile.record_working_days,
        )
        .where(not_deleted(ServiceProfile))
        .limit(1)
    ).first()
    iro_name = None
    if scope.iro_id is not None:
        iro_name = session.scalar(select(Iro.name).where(Iro.id == scope.iro_id))
    local_authority, service_name = "", "Independent Reviewing Service"
    decisions_days, record_days = DEFAULT_DECISIONS_DAYS, DEFAULT_RECORD_DAYS
    if profile is not None:
        local_authority, service_name = profile[0], profile[1] or service_name
        decisions_days, record_days = profile[2], profile[3]
    period = ReportPeriod(
        scope.date_from, scope.date_to, iro_name, scope.team, local_authority, service_name
    )
    return period, decisions_days, record_days
