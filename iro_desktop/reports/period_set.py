"""The periods of care a report counts, joined to their children once, in a temporary table.

Caseloads, month-end counts, the population profile and starts and ceases all read the
same periods with the same child details; one join into this narrow copy replaces a join
per query.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Column, Date, MetaData, String, Table, insert, select
from sqlalchemy.orm import Session

from ..store.models import Child, PeriodOfCare, not_deleted
from .scope import ReportScope

__all__ = ["gathered_periods"]

TEMP_NAME = "report_period"


def _table() -> Table:
    return Table(
        TEMP_NAME,
        MetaData(),
        Column("child_id", String(36), nullable=False),
        Column("iro_id", String(36)),
        Column("gender", String(10)),
        Column("ethnicity", String(10)),
        Column("date_of_birth", Date, nullable=False),
        Column("start_date", Date, nullable=False),
        Column("end_date", Date),
        Column("reason_ceased", String(10)),
        Column("legal_status", String(10)),
        Column("placement_type", String(10)),
        Column("category_of_need", String(10)),
        prefixes=["TEMPORARY"],
    )


@contextmanager
def gathered_periods(session: Session, scope: ReportScope) -> Iterator[Table]:
    """Live periods of care of live children allocated in scope; dropped when the block ends."""
    table = _table()
    connection = session.connection()
    connection.exec_driver_sql(f"DROP TABLE IF EXISTS temp.{TEMP_NAME}")
    table.create(connection)
    try:
        source = (
            select(
                PeriodOfCare.child_id,
                Child.iro_id,
                Child.gender,
                Child.ethnicity,
                Child.date_of_birth,
                PeriodOfCare.start_date,
                PeriodOfCare.end_date,
                PeriodOfCare.reason_ceased,
                PeriodOfCare.legal_status,
                PeriodOfCare.placement_type,
                PeriodOfCare.category_of_need,
            )  # fmt: skip
            .join(Child, Child.id == PeriodOfCare.child_id)
            .where(
                not_deleted(PeriodOfCare),
                not_deleted(Child),
                scope.iro_filter(Child.iro_id),
            )
        )
        session.execute(insert(table).from_select([c.name for c in table.columns], source))
        yield table
    finally:
        table.drop(connection)
