"""Working days in England: weekdays that are not England bank holidays.

Statutory review timescales (the first review within 20 working days, decisions
circulated within 5 working days, the record within 15) are counted in working days,
so these functions must agree exactly with the published bank holiday calendar,
including substitute days and one-off holidays such as the 2022 state funeral.

The functions are called in hot loops over whole caseloads, so holidays are cached per
year and counting uses weekday arithmetic rather than stepping through every day.
"""

from __future__ import annotations

from bisect import bisect_right
from datetime import date
from functools import lru_cache

import holidays

__all__ = [
    "add_working_days",
    "bank_holidays",
    "is_working_day",
    "working_days_between",
]

_MONDAY_ORDINAL = 1  # date(1, 1, 1) is a Monday and has ordinal 1.


@lru_cache(maxsize=512)
def _holiday_items(year: int) -> tuple[tuple[date, str], ...]:
    """Ask the holidays package once per year because building its calendar is slow."""
    calendar = holidays.country_holidays("GB", subdiv="ENG", years=year)
    return tuple(sorted((day, str(name)) for day, name in calendar.items() if day.year == year))


@lru_cache(maxsize=512)
def _weekday_holidays(year: int) -> tuple[date, ...]:
    """Keep only holidays falling Monday to Friday, since weekends are never working days anyway."""
    return tuple(day for day, _ in _holiday_items(year) if day.weekday() < 5)


@lru_cache(maxsize=512)
def _holiday_set(year: int) -> frozenset[date]:
    """Give `is_working_day` a constant-time membership test for the year."""
    return frozenset(_weekday_holidays(year))


def bank_holidays(year: int) -> dict[date, str]:
    """Return England's bank holidays for a year, as a fresh dict so callers cannot spoil the cache.

    Weekend-dated entries (for example Christmas Day on a Saturday) are included with their
    names; the weekday substitute days that replace them are included too.
    """
    return dict(_holiday_items(year))


def is_working_day(d: date) -> bool:
    """Say whether d counts towards a statutory working-day timescale in England."""
    return d.weekday() < 5 and d not in _holiday_set(d.year)


def _weekdays_to(d: date) -> int:
    """Count weekdays from 1 January AD 1 to d inclusive, so ranges become a subtraction."""
    weeks, rest = divmod(d.toordinal() - _MONDAY_ORDINAL, 7)
    return weeks * 5 + min(rest + 1, 5)


def _date_with_weekday_count(count: int) -> date:
    """Invert `_weekdays_to`: the earliest date (always a weekday) with that many weekdays to it."""
    weeks, rest = divmod(count, 5)
    offset = (weeks - 1) * 7 + 4 if rest == 0 else weeks * 7 + rest - 1
    return date.fromordinal(offset + _MONDAY_ORDINAL)


def _weekday_holidays_in(a: date, b: date) -> int:
    """Count weekday bank holidays h with a < h <= b, which a plain weekday count includes."""
    if b <= a:
        return 0
    total = 0
    for year in range(a.year, b.year + 1):
        days = _weekday_holidays(year)
        if not days:
            continue
        total += bisect_right(days, b) - bisect_right(days, a)
    return total


def add_working_days(start: date, n: int) -> date:
    """Return the n-th working day after start (start itself not counted; n=0 gives start).

    Used for "within 20 working days" style deadlines, where the day of the event does not count.
    """
    if n < 0:
        raise ValueError(f"the number of working days must not be negative (got {n})")
    if n == 0:
        return start
    base = _weekdays_to(start)
    result = _date_with_weekday_count(base + n)
    # Every weekday bank holiday passed over pushes the deadline on by one more weekday.
    extra = _weekday_holidays_in(start, result)
    while extra:
        later = _date_with_weekday_count(_weekdays_to(result) + extra)
        extra = _weekday_holidays_in(result, later)
        result = later
    return result


def working_days_between(a: date, b: date) -> int:
    """Count working days d with a < d <= b (negative when b is before a), to measure lateness."""
    if b < a:
        return -working_days_between(b, a)
    return _weekdays_to(b) - _weekdays_to(a) - _weekday_holidays_in(a, b)
