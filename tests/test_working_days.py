"""Tests for England working-day arithmetic, checked by hand against the published calendar."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from iro_desktop.domain.working_days import (
    add_working_days,
    bank_holidays,
    is_working_day,
    working_days_between,
)

dates = st.dates(min_value=date(1990, 1, 1), max_value=date(2060, 12, 31))


def _naive_add(start: date, n: int) -> date:
    """Step a day at a time, as a slow but obvious reference."""
    d = start
    while n:
        d += timedelta(days=1)
        if is_working_day(d):
            n -= 1
    return d


@pytest.mark.parametrize(
    ("day", "name_part"),
    [
        (date(2021, 12, 27), "Christmas"),  # substitute for Saturday 25 Dec 2021
        (date(2021, 12, 28), "Boxing"),  # substitute for Sunday 26 Dec 2021
        (date(2022, 1, 3), "New Year"),  # substitute for Saturday 1 Jan 2022
        (date(2022, 6, 2), "Spring"),  # spring bank holiday moved to Thursday for the jubilee
        (date(2022, 6, 3), "Jubilee"),  # one-off: platinum jubilee
        (date(2022, 9, 19), "Funeral"),  # one-off: state funeral of Queen Elizabeth II
        (date(2023, 5, 8), "Coronation"),  # one-off: coronation of King Charles III
        (date(2025, 4, 18), "Good Friday"),
        (date(2025, 4, 21), "Easter Monday"),
        (date(2025, 5, 5), "May"),
    ],
)
def test_bank_holidays_include_substitute_and_one_off_days(day: date, name_part: str) -> None:
    holidays_that_year = bank_holidays(day.year)
    assert day in holidays_that_year
    assert name_part.lower() in holidays_that_year[day].lower()
    assert not is_working_day(day)


def test_ordinary_days() -> None:
    assert is_working_day(date(2025, 3, 3))  # Monday
    assert is_working_day(date(2022, 5, 30))  # the usual late-May Monday, moved in 2022
    assert not is_working_day(date(2025, 3, 1))  # Saturday
    assert not is_working_day(date(2025, 3, 2))  # Sunday
    assert is_working_day(date(2021, 12, 29))  # Wednesday after the substitute days


def test_bank_holidays_returns_a_fresh_dict() -> None:
    first = bank_holidays(2025)
    first.clear()
    assert len(bank_holidays(2025)) == 8  # England has 8 bank holidays in 2025


@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        # Wed 18 Dec 2024: 19, 20, 23, 24 Dec (4); skip 25, 26; 27, 30, 31 (7); skip 1 Jan;
        # 2, 3 (9); 6-10 (14); 13-17 (19); Mon 20 Jan 2025 is the 20th.
        (date(2024, 12, 18), 20, date(2025, 1, 20)),
        # Thu 10 Apr 2025: 11, 14-17 (5); skip Good Friday 18, Easter Monday 21; 22-25 (9);
        # 28 Apr-2 May (14); skip early May bank holiday 5 May; 6-9 (18); 12, Tue 13 May (20).
        (date(2025, 4, 10), 20, date(2025, 5, 13)),
        # Mon 20 Dec 2021: 21-24 (4); skip substitutes 27, 28; 29-31 (7); skip 3 Jan 2022
        # substitute; 4-7 (11); 10-14 (16); 17, 18, 19, Thu 20 Jan 2022 (20).
        (date(2021, 12, 20), 20, date(2022, 1, 20)),
        # Saturday 1 Mar 2025: Mon 3 Mar is the 1st; four clear weeks end Friday 28 Mar.
        (date(2025, 3, 1), 20, date(2025, 3, 28)),
        (date(2025, 3, 2), 20, date(2025, 3, 28)),  # Sunday start: same answer
        (date(2025, 2, 28), 20, date(2025, 3, 28)),  # Friday start: same answer
        # Starting on a bank holiday (Mon 26 May 2025): Tue 27 is the 1st; Mon 23 Jun the 20th.
        (date(2025, 5, 26), 20, date(2025, 6, 23)),
        # Wed 25 May 2022: 26, 27, 30, 31 May, 1 Jun (5); skip 2 and 3 Jun (jubilee);
        # 6-10 (10); 13-17 (15); 20-24 (20): Fri 24 Jun 2022.
        (date(2022, 5, 25), 20, date(2022, 6, 24)),
        # Mon 12 Sep 2022: 13-16 (4); skip state funeral 19 Sep; 20-23 (8); 26-30 (13);
        # 3-7 Oct (18); 10, Tue 11 Oct 2022 (20).
        (date(2022, 9, 12), 20, date(2022, 10, 11)),
        # Small counts.
        (date(2025, 3, 7), 1, date(2025, 3, 10)),  # Friday + 1 = Monday
        (date(2025, 3, 8), 0, date(2025, 3, 8)),  # n=0 returns start, even a Saturday
        (date(2024, 12, 24), 1, date(2024, 12, 27)),  # Christmas Eve + 1 skips 25, 26
    ],
)
def test_add_working_days_hand_checked(start: date, n: int, expected: date) -> None:
    assert add_working_days(start, n) == expected
    if n:
        assert working_days_between(start, expected) == n


def test_add_working_days_rejects_negative() -> None:
    with pytest.raises(ValueError, match="must not be negative"):
        add_working_days(date(2025, 1, 1), -1)


def test_working_days_between_hand_checked() -> None:
    assert working_days_between(date(2025, 3, 3), date(2025, 3, 3)) == 0
    assert working_days_between(date(2025, 3, 3), date(2025, 3, 10)) == 5
    assert working_days_between(date(2025, 3, 10), date(2025, 3, 3)) == -5
    # Fri 24 Dec 2021 to Wed 29 Dec 2021: 27 and 28 are substitute days, so only the 29th.
    assert working_days_between(date(2021, 12, 24), date(2021, 12, 29)) == 1
    # Whole of 2025: 261 weekdays less 8 bank holidays, all on weekdays.
    assert working_days_between(date(2024, 12, 31), date(2025, 12, 31)) == 253


@given(dates, st.integers(min_value=1, max_value=400))
def test_result_is_a_working_day_after_start(start: date, n: int) -> None:
    result = add_working_days(start, n)
    assert result > start
    assert is_working_day(result)


@given(dates, st.integers(min_value=0, max_value=400))
def test_between_inverts_add(start: date, n: int) -> None:
    assert working_days_between(start, add_working_days(start, n)) == n


@given(dates, st.integers(min_value=0, max_value=60))
def test_matches_day_by_day_reference(start: date, n: int) -> None:
    assert add_working_days(start, n) == _naive_add(start, n)


@given(dates, st.integers(min_value=0, max_value=200))
def test_add_is_monotonic_in_n(start: date, n: int) -> None:
    assert add_working_days(start, n) < add_working_days(start, n + 1)


@given(dates, dates)
def test_add_is_monotonic_in_start(a: date, b: date) -> None:
    if a <= b:
        assert add_working_days(a, 20) <= add_working_days(b, 20)


@given(dates, dates)
def test_between_is_antisymmetric_and_counts_days(a: date, b: date) -> None:
    assert working_days_between(a, b) == -working_days_between(b, a)
    if a <= b and (b - a).days <= 120:
        expected = sum(
            1 for k in range(1, (b - a).days + 1) if is_working_day(a + timedelta(days=k))
        )
        assert working_days_between(a, b) == expected
