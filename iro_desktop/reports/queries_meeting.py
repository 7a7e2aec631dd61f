"""What happened at the meetings: who attended, and how the plan was progressing by quarter."""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from ..domain.codes import code_list
from ..store.models import Attendance, PlanArea, not_deleted
from .queries_reviews import count_if
from .review_set import ReviewSet
from .sections import AttendanceFigures, PlanProgressRow, Rate, RoleAttendance

__all__ = ["PLAN_DOMAINS", "attendance_figures", "plan_progress", "quarter_label"]

#: The four domains the Portsmouth report follows (family time is the plan's "contact").
PLAN_DOMAINS = ("education", "health", "placement", "family_time")
ASSESSED = ("progressing", "partly", "not_progressing")
STATUSES = ("attended", "apologies", "written")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def attendance_figures(
    session: Session, reviews: ReviewSet, held: int, care_plan: Rate, pmr: Rate
) -> AttendanceFigures:
    """Invitations by role and status, and the share of reviews a parent attended.

    The distinct count only sees reviews where a parent attended (NULL otherwise), so
    it stays small; a COUNT(DISTINCT review_id) in every group would cost more than the
    rest of the query.
    """
    parent_attended = (Attendance.role == "parent") & (Attendance.status == "attended")
    query = (
        select(
            Attendance.role,
            Attendance.status,
            func.count(),
            func.count(func.distinct(case((parent_attended, Attendance.review_id)))),
        )
        .join(reviews.table, reviews.join_on(Attendance))
        .where(reviews.rows_of(Attendance), not_deleted(Attendance))
        .group_by(Attendance.role, Attendance.status)
    )
    counts: dict[str, dict[str, int]] = defaultdict(dict)
    parent_reviews = 0
    for role, status, count, with_parent in session.execute(query).all():
        counts[role][status] = count
        parent_reviews += with_parent
    roles = code_list("attendance_role")
    order = [c.code for c in roles if c.code in counts]
    order += sorted(set(counts) - set(order))
    by_role = tuple(
        RoleAttendance(role, roles.label(role), *(counts[role].get(s, 0) for s in STATUSES))
        for role in order
    )
    return AttendanceFigures(by_role, Rate(parent_reviews, held), care_plan, pmr)


def plan_progress(
    session: Session, reviews: ReviewSet, date_from: date, date_to: date
) -> tuple[PlanProgressRow, ...]:
    """Plan areas "progressing" out of those assessed (not "not applicable"), by quarter.

    Quarters run from the first month of the period, so an April–March period gives
    the financial quarters Q1–Q4 of the Portsmouth report.
    """
    month = reviews.table.c.month
    query = (
        select(
            PlanArea.area,
            month,
            count_if(PlanArea.progress == "progressing"),
            count_if(PlanArea.progress.in_(ASSESSED)),
        )
        .join(reviews.table, reviews.join_on(PlanArea))
        .where(
            reviews.rows_of(PlanArea),
            not_deleted(PlanArea),
            PlanArea.area.in_(PLAN_DOMAINS),
        )
        .group_by(PlanArea.area, month)
    )
    start = date_from.year * 12 + date_from.month - 1
    found: dict[tuple[str, int], list[int]] = defaultdict(lambda: [0, 0])
    for area, key, yes, assessed in session.execute(query).all():
        year, number = (int(part) for part in str(key).split("-"))
        totals = found[(area, (year * 12 + number - 1 - start) // 3)]
        totals[0] += int(yes)
        totals[1] += int(assessed)
    quarters = _quarter_count(date_from, date_to)
    areas = code_list("plan_area")
    return tuple(
        PlanProgressRow(
            domain,
            areas.label(domain),
            q + 1,
            quarter_label(date_from, q),
            *found.get((domain, q), (0, 0)),
        )
        for domain in PLAN_DOMAINS
        for q in range(quarters)
    )


def _quarter_count(start: date, end: date) -> int:
    months = (end.year * 12 + end.month) - (start.year * 12 + start.month) + 1
    return (months + 2) // 3


def quarter_label(start: date, quarter: int) -> str:
    """'Apr–Jun 2025' for the first quarter of a period starting in April 2025.

    A quarter that crosses a new year names both years ('Nov 2025–Jan 2026').
    """
    first = start.year * 12 + start.month - 1 + 3 * quarter
    last = first + 2
    fy, fm = divmod(first, 12)
    ly, lm = divmod(last, 12)
    if fy == ly:
        return f"{_MONTHS[fm]}–{_MONTHS[lm]} {ly}"
    return f"{_MONTHS[fm]} {fy}–{_MONTHS[lm]} {ly}"
