"""Date arithmetic inside SQL, kept in one place because it is the dialect-specific part.

The store is SQLite (SQLCipher), where SQLAlchemy keeps dates as ISO text
('YYYY-MM-DD'), so months and ages come from slicing that text, which is cheaper per
row than parsing it with strftime(). A PostgreSQL team store would need only this module
rewritten (``extract``, ``age`` and ``date_trunc``).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Date,
    Integer,
    SQLColumnExpression,
    cast,
    func,
    literal,
    literal_column,
    type_coerce,
)

__all__ = ["age_on", "date_value", "days_between", "month_index", "month_key", "unindexed"]


def date_value(value: date) -> ColumnElement[date]:
    """A date bound as a typed parameter, so SQL functions receive ISO text."""
    return literal(value, Date)


def month_key(column: SQLColumnExpression[Any]) -> ColumnElement[str]:
    """'YYYY-MM' of a date column."""
    return func.substr(column, 1, 7)


def month_index(column: SQLColumnExpression[Any]) -> ColumnElement[int]:
    """Months since year 0 (year * 12 + month - 1): consecutive months differ by one."""
    year = cast(func.substr(column, 1, 4), Integer)
    month = cast(func.substr(column, 6, 2), Integer)
    return year * 12 + month - 1


def _yyyymmdd(column: SQLColumnExpression[Any]) -> ColumnElement[int]:
    return cast(func.replace(column, "-", ""), Integer)


def age_on(
    date_of_birth: SQLColumnExpression[Any], on: SQLColumnExpression[Any]
) -> ColumnElement[int]:
    """Whole years of age on a date: (YYYYMMDD - YYYYMMDD) // 10000.

    A 29 February birthday counts from 1 March, as in `domain.child_rules.age_on`.
    """
    return (_yyyymmdd(on) - _yyyymmdd(date_of_birth)) // 10000


def days_between(
    start: SQLColumnExpression[Any], end: SQLColumnExpression[Any]
) -> ColumnElement[int]:
    """Calendar days from start to end (negative when end is earlier)."""
    return cast(func.julianday(end) - func.julianday(start), Integer)


def unindexed(column: SQLColumnExpression[Any]) -> ColumnElement[Any]:
    """The same date, hidden from SQLite's planner so that it scans instead of using an index.

    For a period covering most rows, one sequential scan reads each page once, where an
    index lookup per row would read the same pages many times over.
    """
    return type_coerce(column.op("||")(literal_column("''")), Date)
