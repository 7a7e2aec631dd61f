"""Tests for calendar-month arithmetic clamped to the month end."""

from __future__ import annotations

import calendar
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from iro_desktop.domain.months import add_months

dates = st.dates(min_value=date(1900, 1, 1), max_value=date(2200, 12, 31))


@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        (date(2025, 1, 31), 1, date(2025, 2, 28)),  # no 31 Feb; 2025 is not a leap year
        (date(2024, 1, 31), 1, date(2024, 2, 29)),  # leap year
        (date(2025, 1, 31), 3, date(2025, 4, 30)),  # April has 30 days
        (date(2024, 2, 29), 12, date(2025, 2, 28)),  # leap day a year on
        (date(2024, 2, 29), 48, date(2028, 2, 29)),  # leap day four years on
        (date(2023, 8, 31), 6, date(2024, 2, 29)),  # 31 Aug + 6 months into a leap February
        (date(2024, 8, 31), 6, date(2025, 2, 28)),  # ... and an ordinary February
        (date(2023, 11, 30), 3, date(2024, 2, 29)),  # 30 Nov + 3 months
        (date(2025, 3, 3), 3, date(2025, 6, 3)),  # ordinary day: same day number
        (date(2025, 10, 15), 6, date(2026, 4, 15)),  # across the year end
        (date(2025, 12, 31), 2, date(2026, 2, 28)),
        (date(2025, 3, 31), -1, date(2025, 2, 28)),  # backwards works too
        (date(2025, 1, 15), -1, date(2024, 12, 15)),
        (date(2025, 5, 17), 0, date(2025, 5, 17)),
    ],
)
def test_hand_checked(start: date, n: int, expected: date) -> None:
    assert add_months(start, n) == expected


def test_out_of_range_raises_overflow() -> None:
    with pytest.raises(OverflowError):
        add_months(date(9999, 12, 1), 1)


def test_fixed_day_counts_would_be_wrong() -> None:
    # Why this module exists: +91 days from 30 Nov 2023 lands on 29 Feb 2024 by luck,
    # but from 31 Jan 2025 it gives 2 May 2025 instead of 30 April.
    assert add_months(date(2025, 1, 31), 3) == date(2025, 4, 30)
    assert date.fromordinal(date(2025, 1, 31).toordinal() + 91) == date(2025, 5, 2)


@given(dates, st.integers(min_value=-240, max_value=240))
def test_month_arithmetic_and_clamping(d: date, n: int) -> None:
    result = add_months(d, n)
    assert (result.year * 12 + result.month) - (d.year * 12 + d.month) == n
    assert result.day <= d.day
    last = calendar.monthrange(result.year, result.month)[1]
    assert result.day == min(d.day, last)


@given(dates, st.integers(min_value=0, max_value=120), st.integers(min_value=0, max_value=120))
def test_composition_never_overshoots(d: date, m: int, n: int) -> None:
    assert add_months(add_months(d, m), n) <= add_months(d, m + n)


@given(dates)
def test_three_plus_three_within_six(d: date) -> None:
    assert add_months(add_months(d, 3), 3) <= add_months(d, 6)


@given(dates, dates, st.integers(min_value=0, max_value=120))
def test_monotonic(a: date, b: date, n: int) -> None:
    if a <= b:
        assert add_months(a, n) <= add_months(b, n)


@given(dates, st.integers(min_value=1, max_value=120))
def test_moves_forward(d: date, n: int) -> None:
    assert add_months(d, n) > d
