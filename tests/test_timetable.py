"""Tests for the regulation 33 review timetable, with dates worked out by hand."""

from __future__ import annotations

import random
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from iro_desktop.domain.months import add_months
from iro_desktop.domain.timetable import (
    DueStatus,
    HeldReview,
    ReviewKind,
    ScheduledReview,
    current_status,
    decisions_due,
    format_date,
    next_review,
    record_due,
    review_schedule,
)
from iro_desktop.domain.working_days import add_working_days

# Monday 3 March 2025; no bank holidays in March, so 20 working days later is Mon 31 March.
START = date(2025, 3, 3)


@pytest.mark.parametrize(
    ("looked_after_from", "first_due"),
    [
        (date(2024, 12, 18), date(2025, 1, 20)),  # skips 25, 26 Dec and 1 Jan
        (date(2025, 4, 10), date(2025, 5, 13)),  # skips Good Friday, Easter Monday, 5 May
        (date(2021, 12, 20), date(2022, 1, 20)),  # skips substitutes 27, 28 Dec and 3 Jan
        (date(2025, 3, 1), date(2025, 3, 28)),  # Saturday: Monday 3 March is day 1
        (START, date(2025, 3, 31)),
    ],
)
def test_first_review_due(looked_after_from: date, first_due: date) -> None:
    pending = next_review(looked_after_from, [])
    assert pending is not None
    assert (pending.number, pending.kind, pending.due) == (1, ReviewKind.FIRST, first_due)
    assert pending.held_on is None and pending.in_time is None
    assert pending.basis == (
        f"20 working days after becoming looked after on {format_date(looked_after_from)}"
    )


@pytest.mark.parametrize(
    ("first_held", "second_due"),
    [
        (date(2025, 1, 31), date(2025, 4, 30)),  # no 31 April
        (date(2023, 11, 30), date(2024, 2, 29)),  # leap February
        (date(2024, 11, 30), date(2025, 2, 28)),  # ordinary February
    ],
)
def test_second_review_is_three_calendar_months_after_the_first(
    first_held: date, second_due: date
) -> None:
    looked_after = first_held - timedelta(days=10)
    pending = next_review(looked_after, [first_held])
    assert pending is not None
    assert (pending.number, pending.kind, pending.due) == (2, ReviewKind.SECOND, second_due)
    assert pending.basis == f"3 months after the first review on {format_date(first_held)}"


@pytest.mark.parametrize(
    ("previous_held", "due"),
    [
        (date(2023, 8, 31), date(2024, 2, 29)),  # 31 Aug + 6 months, leap year
        (date(2024, 8, 31), date(2025, 2, 28)),  # 31 Aug + 6 months, ordinary year
    ],
)
def test_later_reviews_are_six_months_after_the_previous(previous_held: date, due: date) -> None:
    looked_after = previous_held - timedelta(days=200)
    first = previous_held - timedelta(days=100)
    pending = next_review(looked_after, [first, previous_held])
    assert pending is not None
    assert (pending.number, pending.kind, pending.due) == (3, ReviewKind.SUBSEQUENT, due)
    assert pending.basis == f"6 months after review 2 on {format_date(previous_held)}"


def test_full_schedule_with_late_in_time_and_brought_forward() -> None:
    schedule = review_schedule(
        START,
        [
            date(2025, 7, 1),  # second: due 28 June 2025, held 1 July, so late
            HeldReview(date(2025, 10, 10), brought_forward=True),  # third: due 1 Jan 2026
            date(2025, 3, 28),  # first: due 31 March 2025 (given out of order on purpose)
        ],
    )
    summary = [(r.number, r.kind, r.due, r.held_on, r.in_time, r.brought_forward) for r in schedule]
    assert summary == [
        (1, ReviewKind.FIRST, date(2025, 3, 31), date(2025, 3, 28), True, False),
        (2, ReviewKind.SECOND, date(2025, 6, 28), date(2025, 7, 1), False, False),
        (3, ReviewKind.SUBSEQUENT, date(2026, 1, 1), date(2025, 10, 10), True, True),
        # Brought forward: the fourth is due 6 months after 10 Oct 2025, not after 1 Jan 2026.
        (4, ReviewKind.SUBSEQUENT, date(2026, 4, 10), None, None, False),
    ]
    assert schedule[3].basis == "6 months after review 3 on 10 October 2025 (brought forward)"
    assert schedule[1].basis == "3 months after the first review on 28 March 2025"


def test_held_on_the_due_date_is_in_time() -> None:
    schedule = review_schedule(START, [date(2025, 3, 31), date(2025, 4, 1)])
    assert schedule[0].in_time is True  # held on the day it was due
    assert schedule[1].due == date(2025, 6, 30)


def test_first_review_brought_forward_sets_second_three_months_on() -> None:
    pending = next_review(START, [HeldReview(date(2025, 3, 14), brought_forward=True)])
    assert pending is not None
    assert pending.due == date(2025, 6, 14)
    assert pending.basis.endswith("(brought forward)")


def pending_held() -> list[date | HeldReview]:
    """First in time, second late, third brought forward: the fourth is due 10 April 2026."""
    return [date(2025, 3, 28), date(2025, 7, 1), HeldReview(date(2025, 10, 10), True)]


@pytest.mark.parametrize(
    ("today", "status"),
    [
        (date(2026, 4, 2), DueStatus.ON_TRACK),  # due 10 April is 8 days away
        (date(2026, 4, 3), DueStatus.DUE_SOON),  # exactly 7 days away
        (date(2026, 4, 10), DueStatus.DUE_SOON),  # due today
        (date(2026, 4, 11), DueStatus.OVERDUE),  # a day late
    ],
)
def test_pending_status(today: date, status: DueStatus) -> None:
    pending = next_review(START, pending_held())
    assert pending is not None and pending.due == date(2026, 4, 10)
    assert pending.status(today) is status
    assert current_status(START, pending_held(), today=today) is status


def test_status_of_a_held_review_is_an_error() -> None:
    held = review_schedule(START, [date(2025, 3, 28)])[0]
    with pytest.raises(ValueError, match="only a pending review"):
        held.status(date(2025, 4, 1))


def test_period_ended_on_or_before_the_next_due_date_has_no_pending_review() -> None:
    # Second review due 28 June 2025.
    for ended in (date(2025, 6, 28), date(2025, 4, 15)):
        schedule = review_schedule(START, [date(2025, 3, 28)], ended_on=ended)
        assert [r.number for r in schedule] == [1]
        assert next_review(START, [date(2025, 3, 28)], ended_on=ended) is None
        assert current_status(START, [date(2025, 3, 28)], today=ended, ended_on=ended) is (
            DueStatus.ENDED
        )
    # Ended before the first review was ever due: no reviews at all.
    assert review_schedule(START, [], ended_on=date(2025, 3, 20)) == []


def test_review_missed_before_the_period_ended_stays_overdue() -> None:
    ended = date(2025, 7, 15)  # after the second review fell due on 28 June
    pending = next_review(START, [date(2025, 3, 28)], ended_on=ended)
    assert pending is not None and pending.due == date(2025, 6, 28)
    assert pending.status(ended) is DueStatus.OVERDUE


@pytest.mark.parametrize(
    ("held", "ended_on", "message"),
    [
        ([date(2025, 4, 1), date(2025, 4, 1)], None, "listed more than once"),
        ([date(2025, 4, 1), HeldReview(date(2025, 4, 1), True)], None, "listed more than once"),
        ([date(2025, 2, 28)], None, "before the child became looked after"),
        ([date(2025, 8, 1)], date(2025, 7, 1), "after the period of care ended"),
        ([], date(2025, 3, 2), "before it started"),
    ],
)
def test_invalid_input(held: list[date | HeldReview], ended_on: date | None, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        review_schedule(START, held, ended_on=ended_on)


def test_review_on_the_day_of_becoming_looked_after_is_allowed() -> None:
    assert review_schedule(START, [START])[0].in_time is True


def test_decisions_and_record_deadlines() -> None:
    review = date(2024, 12, 16)  # Monday before Christmas
    assert decisions_due(review) == date(2024, 12, 23)  # 17, 18, 19, 20, 23
    # ... 24, 27, 30, 31 Dec, 2, 3, 6, 7, 8, 9 Jan: 15 working days ends Thu 9 Jan 2025.
    assert record_due(review) == date(2025, 1, 9)
    assert record_due(review, days=20) == date(2025, 1, 16)  # the handbook's 20 days
    assert decisions_due(review, days=0) == review


def test_format_date() -> None:
    assert format_date(date(2025, 3, 3)) == "3 March 2025"
    assert format_date(date(2024, 12, 25)) == "25 December 2024"


def test_scheduled_review_is_frozen() -> None:
    review = review_schedule(START, [])[0]
    assert isinstance(review, ScheduledReview)
    with pytest.raises(AttributeError):
        review.due = date(2030, 1, 1)  # type: ignore[misc]


@st.composite
def periods(draw: st.DrawFn) -> tuple[date, list[HeldReview], date | None]:
    start = draw(st.dates(min_value=date(2000, 1, 1), max_value=date(2040, 12, 31)))
    gaps = draw(st.lists(st.integers(min_value=0, max_value=250), max_size=8))
    held: list[HeldReview] = []
    day = start
    for i, gap in enumerate(gaps):
        day = day + timedelta(days=gap if i == 0 else gap + 1)
        held.append(HeldReview(day, draw(st.booleans())))
    ended = draw(st.none() | st.integers(min_value=0, max_value=400))
    ended_on = None if ended is None else (held[-1].held_on if held else start) + timedelta(ended)
    return start, held, ended_on


@given(periods(), st.randoms())
def test_schedule_properties(
    period: tuple[date, list[HeldReview], date | None], rng: random.Random
) -> None:
    start, held, ended_on = period
    shuffled = list(held)
    rng.shuffle(shuffled)
    schedule = review_schedule(start, shuffled, ended_on=ended_on)
    assert [r.number for r in schedule] == list(range(1, len(schedule) + 1))
    held_part = [r for r in schedule if r.held_on is not None]
    assert [r.held_on for r in held_part] == [h.held_on for h in held]
    assert len(schedule) - len(held_part) in (0, 1)
    previous = start
    for review in schedule:
        assert review.due > previous  # always after the previous held date
        if review.held_on is not None:
            assert review.in_time == (review.held_on <= review.due)
            previous = review.held_on
        else:
            assert review.in_time is None
            assert ended_on is None or ended_on > review.due
    expected_first = add_working_days(start, 20)
    assert schedule == [] or schedule[0].due == expected_first
    if len(schedule) >= 2:
        assert schedule[1].due == add_months(held[0].held_on, 3)
    for i in range(2, len(schedule)):
        assert schedule[i].due == add_months(held[i - 1].held_on, 6)
        assert schedule[i].kind is ReviewKind.SUBSEQUENT
    if ended_on is None:
        assert schedule[-1].held_on is None
