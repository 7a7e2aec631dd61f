"""The reviews a report counts, gathered once into a temporary table.

Review rows are wide (the young person's views, the minutes' text), so reading them is
the dearest part of a report; every review figure, attendance and plan progress then
works from this narrow in-memory copy instead of reading the review table again.

The copy is made with the cheaper of two plans: through the meeting-date index when the
period holds a small share of all reviews (one year of ten), or by one sequential scan
when it holds most of them (a lookup per row would read each page many times over).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from sqlalchemy import (
    Boolean,
    Column,
    ColumnElement,
    Date,
    MetaData,
    Select,
    String,
    Table,
    Text,
    func,
    insert,
    literal_column,
    select,
    true,
)
from sqlalchemy.orm import Session

from ..domain.review_form import HELD_STATUSES as HELD
from ..store.models import Attendance, PlanArea, Review, not_deleted
from .scope import ReportScope, live_child
from .sql_dates import month_key

__all__ = ["HELD_STATUSES", "INDEX_SHARE", "ReviewSet", "gathered_reviews"]

HELD_STATUSES = HELD
#: Above this share of all reviews, a sequential scan beats an index lookup per review.
INDEX_SHARE = 0.25
TEMP_NAME = "report_review"


def _table() -> Table:
    return Table(
        TEMP_NAME,
        MetaData(),
        Column("id", String(36), primary_key=True),
        Column("child_id", String(36), nullable=False),
        Column("meeting_date", Date, nullable=False),
        Column("month", String(7), nullable=False),
        Column("due_date", Date),
        Column("in_time", Boolean),
        Column("code", String(5)),
        Column("care_plan", Boolean),
        Column("pmr", Boolean),
        Column("decisions_on", Date),
        Column("record_on", Date),
        Column("late_reason", Text),
        prefixes=["TEMPORARY"],
    )


@dataclass(frozen=True, slots=True)
class ReviewSet:
    """The gathered reviews, and whether the period covers most of the store (`wide`).

    A wide period is best read by sequential scans; a narrow one through indexes.
    """

    table: Table
    wide: bool

    def join_on(self, model: type[Attendance] | type[PlanArea]) -> ColumnElement[bool]:
        """The join of `model`'s rows (attendance, plan areas) to the gathered reviews.

        For a wide period the model's review_id index is hidden, so SQLite reads the
        table straight through and looks each row's review up in the small in-memory
        copy: an index search per review would visit the pages in random order.
        """
        key = model.review_id.concat(literal_column("''")) if self.wide else model.review_id
        return self.table.c.id == key

    def rows_of(self, model: type[Attendance] | type[PlanArea]) -> ColumnElement[bool]:
        """WHERE condition picking the rows of `model` that belong to the gathered reviews.

        For a narrow period, in three cheap steps: walk the gathered reviews, find their
        rows' rowids through the model's review_id index (an index-only search), then
        read those rows in rowid order, so each page is decrypted once, in file order.
        For a wide period the join (`join_on`) does the choosing, so this is always true.
        """
        if self.wide:
            return true()
        child = model.__table__
        assert isinstance(child, Table)
        found = child.alias(f"{child.name}_found")
        rowids: Select[Any] = (
            select(literal_column(f"{found.name}.rowid"))
            .select_from(self.table)
            .join(found, found.c.review_id == self.table.c.id.concat(literal_column("''")))
        )
        return literal_column(f"{child.name}.rowid").in_(rowids)


def _conditions(scope: ReportScope, *, wide: bool) -> tuple[ColumnElement[bool], ...]:
    # `status || ''` keeps SQLite off the status index, which matches most rows.
    status = Review.status.concat(literal_column("''"))
    return (
        status.in_(HELD_STATUSES),
        not_deleted(Review),
        scope.rows_in_period(Review, "meeting_date", scan=wide),
        scope.iro_filter(Review.iro_id),
        live_child(Review.child_id),
    )


def _is_wide(session: Session, scope: ReportScope) -> bool:
    """Two index-only counts stand in for the statistics SQLite does not have."""
    total = session.scalar(select(func.count()).select_from(Review)) or 0
    in_period = (
        session.scalar(
            select(func.count()).where(Review.meeting_date.between(scope.date_from, scope.date_to))
        )
        or 0
    )
    return in_period > INDEX_SHARE * total


@contextmanager
def gathered_reviews(session: Session, scope: ReportScope) -> Iterator[ReviewSet]:
    """The statutory reviews held in the period and scope, as a temporary table.

    The table lives on the session's connection and is dropped when the block ends.
    """
    table = _table()
    connection = session.connection()
    connection.exec_driver_sql(f"DROP TABLE IF EXISTS temp.{TEMP_NAME}")
    table.create(connection)
    try:
        in_time = func.coalesce(Review.in_time, Review.meeting_date <= Review.due_date)
        source = select(
            Review.id,
            Review.child_id,
            Review.meeting_date,
            month_key(Review.meeting_date),
            Review.due_date,
            in_time,
            Review.participation_code,
            Review.care_plan_3_days,
            Review.pmr_3_days,
            Review.decisions_issued_on,
            Review.record_issued_on,
            Review.late_reason,
        )
        wide = _is_wide(session, scope)
        source = source.where(*_conditions(scope, wide=wide))
        session.execute(insert(table).from_select([c.name for c in table.columns], source))
        yield ReviewSet(table, wide)
    finally:
        table.drop(connection)
