"""Quality assurance: audits and their grades, Viewpoint, challenges and good practice."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Table, func, literal, select, union_all
from sqlalchemy.orm import Session

from ..domain.codes import code_list
from ..store.models import (
    Challenge,
    ChallengeCategory,
    Child,
    GoodPractice,
    QaAudit,
    Review,
    not_deleted,
)
from .labels import OPEN, labelled_counts
from .queries_reviews import count_if
from .scope import ReportScope, live_child
from .sections import (
    CategoryCount,
    ChallengeFigures,
    Count,
    MonthQa,
    QaActivity,
    ViewpointBand,
    ViewpointFigures,
)
from .sql_dates import age_on, month_key

__all__ = [
    "NOT_GRADED",
    "VIEWPOINT_BANDS",
    "QaCounts",
    "challenge_figures",
    "qa_counts",
    "viewpoint_figures",
]

#: Age bands of the Viewpoint table; "Under 4" keeps the totals whole (Viewpoint starts at 4).
VIEWPOINT_BANDS = ("Under 4", "4–6", "7–9", "10–15", "16+")
NOT_REQUIRED = ("not_required_age", "not_required_health")
#: The code of the "Not graded" row of audits by grade, left out of the grade shares.
NOT_GRADED = "not_graded"


def _audits(scope: ReportScope, scan: bool) -> tuple[ColumnElement[bool], ...]:
    return (
        not_deleted(QaAudit),
        scope.rows_in_period(QaAudit, "audit_date", scan=scan),
        scope.iro_filter(QaAudit.iro_id),
        live_child(QaAudit.child_id),
    )


def _challenges(scope: ReportScope, scan: bool) -> tuple[ColumnElement[bool], ...]:
    return (
        not_deleted(Challenge),
        scope.rows_in_period(Challenge, "raised_on", scan=scan),
        scope.iro_filter(Challenge.iro_id),
        live_child(Challenge.child_id),
    )


@dataclass(frozen=True, slots=True)
class QaCounts:
    """The period's QA records counted in one pass over each table.

    `rows` holds (kind, month, code, count, mandatory): kind 0 for audits (code = grade),
    1 for challenges (code = outcome; mandatory = how many were mandatory) and 2 for
    good practice.
    """

    rows: tuple[tuple[int, str, str | None, int, int], ...]

    def activity(self) -> QaActivity:
        """Challenges raised, good practice recorded and audits completed, month by month."""
        months: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
        for kind, month, _code, count, _mandatory in self.rows:
            months[month][(2, 0, 1)[kind]] += count
        return QaActivity(tuple(MonthQa(m, *values) for m, values in sorted(months.items())))

    def grades(self) -> tuple[Count, ...]:
        """Audits by overall grade; "Adequate" shows when old records use it."""
        counts: dict[str | None, int] = defaultdict(int)
        for kind, _month, code, count, _mandatory in self.rows:
            if kind == 0:
                counts[code] += count
        active = [c.code for c in code_list("qa_grade").active()]
        return labelled_counts(
            "qa_grade", counts, always=active, missing_label="Not graded", missing_code=NOT_GRADED
        )

    def outcomes(self) -> tuple[dict[str | None, int], int]:
        """Challenges by outcome, and how many were mandatory."""
        counts: dict[str | None, int] = defaultdict(int)
        mandatory = 0
        for kind, _month, code, count, flagged in self.rows:
            if kind == 1:
                counts[code] += count
                mandatory += flagged
        return counts, mandatory


def qa_counts(session: Session, scope: ReportScope, *, scan: bool = False) -> QaCounts:
    """Audits by month and grade, challenges by month and outcome, good practice by month.

    `scan` reads the tables sequentially, which is quicker when the period covers most rows.
    """
    gp_conditions = (
        not_deleted(GoodPractice),
        scope.rows_in_period(GoodPractice, "recorded_on", scan=scan),
        scope.iro_filter(GoodPractice.iro_id),
        live_child(GoodPractice.child_id),
    )
    audit_month = month_key(QaAudit.audit_date)
    challenge_month = month_key(Challenge.raised_on)
    gp_month = month_key(GoodPractice.recorded_on)
    query: Any = union_all(
        select(literal(0), audit_month, QaAudit.grade, func.count(), literal(0))
        .where(*_audits(scope, scan))
        .group_by(audit_month, QaAudit.grade),
        select(literal(1), challenge_month, Challenge.outcome, func.count(),
               count_if(Challenge.mandatory))
        .where(*_challenges(scope, scan))
        .group_by(challenge_month, Challenge.outcome),
        select(literal(2), gp_month, literal(None), func.count(), literal(0))
        .where(*gp_conditions)
        .group_by(gp_month),
    )  # fmt: skip
    rows = tuple(
        (int(kind), str(month), code, int(count), int(mandatory))
        for kind, month, code, count, mandatory in session.execute(query).all()
    )
    return QaCounts(rows)


def _band(age: int) -> int:
    """Index into VIEWPOINT_BANDS."""
    for index, upper in enumerate((3, 6, 9, 15)):
        if age <= upper:
            return index
    return len(VIEWPOINT_BANDS) - 1


def viewpoint_figures(
    session: Session, scope: ReportScope, reviews: Table, *, scan: bool = False
) -> ViewpointFigures:
    """Audits by the child's age on the review date (the audit date when no review is linked).

    Most audited reviews are among the reviews gathered for the report; the review table
    is read only for the few that are not (held before the period, or chaired out of scope).
    SQL counts by single year of age; the bands are added up from those few rows.
    """
    elsewhere = select(Review.meeting_date).where(Review.id == QaAudit.review_id).scalar_subquery()
    reviewed_on = func.coalesce(reviews.c.meeting_date, elsewhere, QaAudit.audit_date)
    age = age_on(Child.date_of_birth, reviewed_on)
    query = (
        select(age, QaAudit.viewpoint, func.count())
        .join(Child, Child.id == QaAudit.child_id)
        .outerjoin(reviews, reviews.c.id == QaAudit.review_id)
        .where(*_audits(scope, scan))
        .group_by(age, QaAudit.viewpoint)
    )
    bands = [[0, 0, 0, 0, 0] for _ in VIEWPOINT_BANDS]
    for years, viewpoint, count in session.execute(query).all():
        totals = bands[_band(int(years))]
        totals[0] += count
        if viewpoint == "completed":
            totals[1] += count
        elif viewpoint == "declined":
            totals[2] += count
        elif viewpoint in NOT_REQUIRED:
            totals[3] += count
        elif not viewpoint:
            totals[4] += count
    return ViewpointFigures(
        tuple(
            ViewpointBand(name, *totals)
            for name, totals in zip(VIEWPOINT_BANDS, bands, strict=True)
        )
    )


def challenge_figures(
    session: Session, scope: ReportScope, counts: QaCounts, *, scan: bool = False
) -> ChallengeFigures:
    """Outcomes (no outcome yet = "Open") and categories, each challenge once per category."""
    conditions = _challenges(scope, scan)
    outcomes, mandatory = counts.outcomes()
    categories = session.execute(
        select(ChallengeCategory.category, func.count(func.distinct(Challenge.id)))
        .join(Challenge, Challenge.id == ChallengeCategory.challenge_id)
        .where(*conditions, not_deleted(ChallengeCategory))
        .group_by(ChallengeCategory.category)
    ).all()
    by_category = _categories(dict(categories))
    groups: dict[str, int] = defaultdict(int)
    for row in by_category:
        groups[row.group] += row.count
    return ChallengeFigures(
        raised=sum(outcomes.values()),
        mandatory=mandatory,
        by_outcome=labelled_counts(
            "challenge_outcome", outcomes, missing_label=OPEN, missing_code="open"
        ),
        by_category=by_category,
        by_group=tuple(Count(name, name, count) for name, count in groups.items()),
    )


def _categories(counts: dict[str, int]) -> tuple[CategoryCount, ...]:
    """Categories in code list order (so groups stay together); unknown codes at the end."""
    codes = code_list("challenge_category")
    rows = [
        CategoryCount(c.code, c.label, c.group or c.label, counts[c.code])
        for c in codes
        if counts.get(c.code)
    ]
    rows += [
        CategoryCount(code, codes.label(code), "Other", count)
        for code, count in sorted(counts.items())
        if code not in codes and count
    ]
    return tuple(rows)
