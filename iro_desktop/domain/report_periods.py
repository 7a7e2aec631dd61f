"""The periods a service reports on: financial years, quarters, the last twelve months.

Each is worked out from `today`, so tests and screenshots can fix the date. The financial
year runs from 1 April to 31 March, and its quarters are the calendar quarters it is made
of (April–June, July–September, ...). Both dates of a period are included.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

__all__ = [
    "PRESETS",
    "Period",
    "last_financial_year",
    "last_quarter",
    "last_twelve_months",
    "this_financial_year",
]

Period = tuple[date, date]


def _financial_year_start(today: date) -> date:
    return date(today.year if today.month >= 4 else today.year - 1, 4, 1)


def last_financial_year(today: date) -> Period:
    """The last whole financial year, 1 April to 31 March."""
    start = _financial_year_start(today)
    return date(start.year - 1, 4, 1), date(start.year, 3, 31)


def this_financial_year(today: date) -> Period:
    """From 1 April to today."""
    return _financial_year_start(today), today


def last_quarter(today: date) -> Period:
    """The last whole quarter before the one that holds today."""
    this_start = date(today.year, 3 * ((today.month - 1) // 3) + 1, 1)
    end = this_start - timedelta(days=1)
    return date(end.year, end.month - 2, 1), end


def last_twelve_months(today: date) -> Period:
    """A year up to and including today (the day after the same date last year onwards)."""
    try:
        year_ago = today.replace(year=today.year - 1)
    except ValueError:  # 29 February
        year_ago = date(today.year - 1, 2, 28)
    return year_ago + timedelta(days=1), today


#: The periods offered by name, in the order a report screen lists them.
PRESETS: tuple[tuple[str, Callable[[date], Period]], ...] = (
    ("Last financial year (1 April to 31 March)", last_financial_year),
    ("This financial year to date", this_financial_year),
    ("Last quarter", last_quarter),
    ("Last 12 months", last_twelve_months),
)
