"""The looked-after population: caseloads, month-end counts, the profile, starts and ceases.

A child is looked after on a date when a period of care has started on or before it and
has not ended on or before it (a period ending on 31 March is not counted at 31 March,
as in the SSDA903 return). IRO and team scopes use the child's allocated IRO today:
the store does not keep the history of allocations.
"""

from __future__ import annotations

import calendar
from collections import defaultdict
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, Table, func, literal, or_, select, union_all
from sqlalchemy.orm import Session

from ..domain.codes import code_list
from ..store.models import Iro, not_deleted
from .labels import labelled_counts
from .scope import ReportScope
from .sections import (
    AgeGenderRow,
    CaseloadFigures,
    Count,
    IroCaseload,
    MonthCount,
    PopulationProfile,
)
from .sql_dates import age_on, date_value, month_index

__all__ = ["AGE_BANDS", "caseload_figures", "month_ends", "population_profile"]

#: The DfE age bands of the looked-after population tables.
AGE_BANDS = ("Under 1", "1–4", "5–9", "10–15", "16–17", "18+")
UNALLOCATED = "Not allocated to an IRO"


def _open_on(periods: Table, on: date) -> tuple[ColumnElement[bool], ...]:
    p = periods.c
    return (p.start_date <= on, or_(p.end_date.is_(None), p.end_date > on))


def month_ends(date_from: date, date_to: date) -> list[date]:
    """Each month end in the period; the period's last day when it ends mid-month."""
    ends: list[date] = []
    year, month = date_from.year, date_from.month
    while True:
        end = date(year, month, calendar.monthrange(year, month)[1])
        if end >= date_to:
            ends.append(date_to)
            return ends
        ends.append(end)
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)


def caseload_figures(session: Session, scope: ReportScope, periods: Table) -> CaseloadFigures:
    """Children with an open period at the period end by allocated IRO (zero included)."""
    p = periods.c
    counts = (
        select(p.iro_id, func.count(func.distinct(p.child_id)).label("n"))
        .where(*_open_on(periods, scope.date_to))
        .group_by(p.iro_id)
        .subquery()
    )
    rows = session.execute(
        select(Iro.id, Iro.name, Iro.team, func.coalesce(counts.c.n, 0))
        .outerjoin(counts, counts.c.iro_id == Iro.id)
        .where(not_deleted(Iro), scope.iro_filter(Iro.id))
        .order_by(Iro.name)
    ).all()
    per_iro = [IroCaseload(iro_id, name, team, int(n)) for iro_id, name, team, n in rows]
    unallocated = session.scalar(select(counts.c.n).where(counts.c.iro_id.is_(None)))
    if unallocated:
        per_iro.append(IroCaseload(None, UNALLOCATED, "", int(unallocated)))
    by_month = _looked_after_by_month(session, scope, periods)
    return CaseloadFigures(scope.date_to, tuple(per_iro), by_month)


def _looked_after_by_month(
    session: Session, scope: ReportScope, periods: Table
) -> tuple[MonthCount, ...]:
    """Starts minus ends by month, added up with a window function: one pass over periods.

    A period counts from the month it starts (months before the period fold into the
    first) until the month it ends, whose month end it is no longer open at.
    """
    p = periods.c
    base = month_index(date_value(scope.date_from))

    def bucket(column: Any) -> ColumnElement[int]:
        return func.max(month_index(column) - base, 0)

    starts = select(bucket(p.start_date).label("bucket"), literal(1).label("delta")).where(
        p.start_date <= scope.date_to
    )
    ends = select(bucket(p.end_date).label("bucket"), literal(-1).label("delta")).where(
        p.start_date <= scope.date_to, p.end_date.is_not(None), p.end_date <= scope.date_to
    )
    events = union_all(starts, ends).subquery()
    net = (
        select(events.c.bucket, func.sum(events.c.delta).label("net"))
        .group_by(events.c.bucket)
        .subquery()
    )
    running = select(net.c.bucket, func.sum(net.c.net).over(order_by=net.c.bucket))
    totals = {int(b): int(n) for b, n in session.execute(running).all()}
    result: list[MonthCount] = []
    current = 0
    for index, end in enumerate(month_ends(scope.date_from, scope.date_to)):
        current = totals.get(index, current)
        result.append(MonthCount(end, current))
    return tuple(result)


def population_profile(session: Session, scope: ReportScope, periods: Table) -> PopulationProfile:
    """The children looked after at the period end, by age and gender and by each code."""
    on = scope.date_to
    p = periods.c
    age = age_on(p.date_of_birth, date_value(on))
    is_open = _open_on(periods, on)

    def by(name: str, column: Any, gender: Any = None) -> Any:
        second = literal("") if gender is None else gender
        group = (column,) if gender is None else (column, gender)
        return select(literal(name), column, second, func.count()).where(*is_open).group_by(*group)

    query: Any = union_all(
        by("age", age, p.gender),
        by("ethnicity", p.ethnicity),
        by("legal_status", p.legal_status),
        by("placement", p.placement_type),
        by("category_of_need", p.category_of_need),
    )
    found: dict[str, dict[Any, int]] = defaultdict(dict)
    ages: dict[str, list[int]] = {name: [0, 0, 0] for name in AGE_BANDS}
    for dimension, key, gender, count in session.execute(query).all():
        if dimension == "age":
            ages[_age_band(int(key))][{"1": 0, "2": 1}.get(gender, 2)] += int(count)
        else:
            found[dimension][key] = int(count)
    ethnicity = labelled_counts("ethnicity", found["ethnicity"])
    started, ceased, reasons = _starts_and_ends(session, scope, periods)
    return PopulationProfile(
        as_at=on,
        total=sum(sum(v) for v in ages.values()),
        age_gender=tuple(AgeGenderRow(name, *ages[name]) for name in AGE_BANDS),
        ethnicity=ethnicity,
        ethnic_group=_ethnic_groups(ethnicity),
        legal_status=labelled_counts("legal_status", found["legal_status"]),
        placement=labelled_counts("placement", found["placement"]),
        category_of_need=labelled_counts("category_of_need", found["category_of_need"]),
        started=started,
        ceased=ceased,
        reasons_ceased=reasons,
    )


def _age_band(age: int) -> str:
    for band, upper in zip(AGE_BANDS, (0, 4, 9, 15, 17), strict=False):
        if age <= upper:
            return band
    return AGE_BANDS[-1]


def _ethnic_groups(ethnicity: tuple[Count, ...]) -> tuple[Count, ...]:
    codes = code_list("ethnicity")
    groups: dict[str, int] = {}
    for row in ethnicity:
        group = codes.get(row.code).group if row.code in codes else ""
        name = group or row.label
        groups[name] = groups.get(name, 0) + row.count
    return tuple(Count(name, name, count) for name, count in groups.items())


def _starts_and_ends(
    session: Session, scope: ReportScope, periods: Table
) -> tuple[int, int, tuple[Count, ...]]:
    """Periods of care that started, and that ended (by reason), within the period."""
    p = periods.c
    query: Any = union_all(
        select(literal("started"), literal(""), func.count()).where(scope.in_period(p.start_date)),
        select(literal("ceased"), p.reason_ceased, func.count())
        .where(scope.in_period(p.end_date))
        .group_by(p.reason_ceased),
    )
    started = 0
    reasons: dict[str | None, int] = {}
    for kind, reason, count in session.execute(query).all():
        if kind == "started":
            started = int(count)
        else:
            reasons[reason] = int(count)
    return started, sum(reasons.values()), labelled_counts("reason_ceased", reasons)
