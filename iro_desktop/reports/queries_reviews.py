"""Reviews held: counts, timeliness, participation and the working-day deadlines, in SQL.

Every query reads the narrow copy of the reviews in scope (`review_set`). One grouped
query by month and participation code gives nearly every review figure; the Python that
follows only adds up at most a few hundred aggregated rows.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import Any

from sqlalchemy import (
    ColumnElement,
    SQLColumnExpression,
    Table,
    case,
    func,
    select,
)
from sqlalchemy.orm import Session

from ..domain.working_days import working_days_between
from ..store.models import Child
from .labels import labelled_counts
from .sections import (
    DeadlineFigures,
    LateReview,
    MonthTimeliness,
    ParticipationFigures,
    Rate,
    ReviewFigures,
)
from .sql_dates import days_between
from .working_calendar import working_calendar

__all__ = [
    "PARTICIPATION_CODES",
    "ReviewTotals",
    "count_if",
    "deadline_figures",
    "late_reviews",
    "review_figures",
    "review_totals",
]

PARTICIPATION_CODES = tuple(f"PN{n}" for n in range(1, 8))


def count_if(condition: SQLColumnExpression[Any]) -> ColumnElement[int]:
    """SUM(CASE WHEN condition THEN 1 ELSE 0 END): NULL conditions count as not met."""
    return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)


class ReviewTotals:
    """The figures of the grouped review query, summed in Python over its few rows."""

    def __init__(self, rows: Iterable[Any]) -> None:
        self.months: dict[str, list[int]] = {}
        self.codes: Counter[str | None] = Counter()
        self.care_plan = [0, 0]
        self.pmr = [0, 0]
        for month, code, held, in_time, timed, cp_yes, cp_known, pmr_yes, pmr_known in rows:
            totals = self.months.setdefault(str(month), [0, 0, 0])
            totals[0] += int(held)
            totals[1] += int(in_time)
            totals[2] += int(timed)
            self.codes[code] += int(held)
            self.care_plan[0] += int(cp_yes)
            self.care_plan[1] += int(cp_known)
            self.pmr[0] += int(pmr_yes)
            self.pmr[1] += int(pmr_known)

    @property
    def held(self) -> int:
        return sum(t[0] for t in self.months.values())

    def by_month(self) -> tuple[MonthTimeliness, ...]:
        return tuple(
            MonthTimeliness(month, t[0], t[1], t[2]) for month, t in sorted(self.months.items())
        )

    def participation(self) -> ParticipationFigures:
        pn: dict[str | None, int] = {
            code: n for code, n in self.codes.items() if code in PARTICIPATION_CODES
        }
        other = sum(
            n for code, n in self.codes.items() if code not in PARTICIPATION_CODES and code != "PN0"
        )
        return ParticipationFigures(
            by_code=labelled_counts("participation", pn, always=PARTICIPATION_CODES),
            pn0=self.codes.get("PN0", 0),
            not_recorded=other,
        )

    def care_plan_rate(self) -> Rate:
        return Rate(self.care_plan[0], self.care_plan[1])

    def pmr_rate(self) -> Rate:
        return Rate(self.pmr[0], self.pmr[1])


def review_totals(session: Session, reviews: Table) -> ReviewTotals:
    r = reviews.c
    query = select(
        r.month,
        r.code,
        func.count(),
        count_if(r.in_time),
        count_if(r.in_time.is_not(None)),
        count_if(r.care_plan),
        count_if(r.care_plan.is_not(None)),
        count_if(r.pmr),
        count_if(r.pmr.is_not(None)),
    ).group_by(r.month, r.code)
    return ReviewTotals(session.execute(query).all())


def review_figures(session: Session, reviews: Table, totals: ReviewTotals) -> ReviewFigures:
    children = session.scalar(select(func.count(func.distinct(reviews.c.child_id))))
    by_month = totals.by_month()
    return ReviewFigures(
        held=totals.held,
        children_reviewed=int(children or 0),
        in_time=sum(m.in_time for m in by_month),
        timed=sum(m.timed for m in by_month),
        late=late_reviews(session, reviews),
        by_month=by_month,
    )


def late_reviews(session: Session, reviews: Table) -> tuple[LateReview, ...]:
    """Reviews held after their due date, with calendar and working days late, and why."""
    r = reviews.c
    query = (
        select(
            Child.local_id,
            r.meeting_date,
            r.due_date,
            days_between(r.due_date, r.meeting_date),
            r.late_reason,
        )
        .join(Child, Child.id == r.child_id)
        .where(r.in_time.is_not(None), ~r.in_time)
        .order_by(r.meeting_date, Child.local_id)
    )
    late: list[LateReview] = []
    for local_id, held_on, due, days, reason in session.execute(query).all():
        working = working_days_between(due, held_on) if due is not None else None
        late.append(LateReview(local_id, held_on, due, days, working, reason or ""))
    return tuple(late)


def deadline_figures(
    session: Session, reviews: Table, decisions_days: int, record_days: int
) -> tuple[DeadlineFigures, DeadlineFigures]:
    """Decisions and records issued within N and M working days of the meeting.

    Within N working days: no more than N working days passed between the meeting and
    the issue date (`working_days_between`). Counted in SQL against a numbered calendar
    of working days covering every date involved.
    """
    r = reviews.c
    bounds = session.execute(
        select(
            func.min(r.meeting_date),
            func.min(r.decisions_on),
            func.min(r.record_on),
            func.max(r.meeting_date),
            func.max(r.decisions_on),
            func.max(r.record_on),
        )
    ).one()
    firsts = [d for d in bounds[:3] if d is not None]
    lasts = [d for d in bounds[3:] if d is not None]
    if not firsts:
        return DeadlineFigures(decisions_days, 0, 0, 0), DeadlineFigures(record_days, 0, 0, 0)
    with working_calendar(session, min(firsts), max(lasts)) as calendar:
        held, decided, recorded = (calendar.alias(n) for n in ("held", "decided", "recorded"))
        decisions_gap = decided.c.n - held.c.n
        record_gap = recorded.c.n - held.c.n
        query = (
            select(
                count_if(decisions_gap <= decisions_days),
                count_if(decisions_gap > decisions_days),
                count_if(r.decisions_on.is_(None)),
                count_if(record_gap <= record_days),
                count_if(record_gap > record_days),
                count_if(r.record_on.is_(None)),
            )
            .select_from(reviews)
            .join(held, held.c.day == r.meeting_date)
            .outerjoin(decided, decided.c.day == r.decisions_on)
            .outerjoin(recorded, recorded.c.day == r.record_on)
        )
        d_in, d_late, d_none, r_in, r_late, r_none = session.execute(query).one()
    return (
        DeadlineFigures(decisions_days, d_in, d_late, d_none),
        DeadlineFigures(record_days, r_in, r_late, r_none),
    )
