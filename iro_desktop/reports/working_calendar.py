"""A temporary table numbering the working days, so SQL can count working days by subtraction.

Each day d in the range gets n(d), the number of working days from the range's first day
up to and including d (England's bank holidays come from `domain.working_days`). Then
`working_days_between(a, b)` is simply n(b) - n(a), and the decisions-within-5-days
figure is one SQL aggregate over all reviews instead of a Python call per review.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, timedelta

from sqlalchemy import Column, Date, Integer, MetaData, Table, insert
from sqlalchemy.orm import Session

from ..domain.working_days import is_working_day

__all__ = ["working_calendar"]

TEMP_NAME = "report_calendar"


@contextmanager
def working_calendar(session: Session, first: date, last: date) -> Iterator[Table]:
    """The table (day, n) for every day from `first` to `last`, dropped when the block ends."""
    table = Table(
        TEMP_NAME,
        MetaData(),
        Column("day", Date, primary_key=True),
        Column("n", Integer, nullable=False),
        prefixes=["TEMPORARY"],
    )
    connection = session.connection()
    connection.exec_driver_sql(f"DROP TABLE IF EXISTS temp.{TEMP_NAME}")
    table.create(connection)
    try:
        rows = []
        count, day = 0, first
        while day <= last:
            if is_working_day(day) and day != first:
                count += 1
            rows.append({"day": day, "n": count})
            day += timedelta(days=1)
        if rows:
            session.execute(insert(table), rows)
        yield table
    finally:
        table.drop(connection)
