"""Reading single cells of an import file: dates in every accepted form, yes/no, codes."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from iro_desktop.exchange.import_values import (
    CellError,
    matcher,
    parse_date,
    parse_yes_no,
    split_list,
)

DATES = st.dates(min_value=date(1900, 3, 1), max_value=date(2199, 12, 31))


@given(DATES)
def test_every_accepted_date_form_gives_the_same_date(day: date) -> None:
    serial = (day - date(1899, 12, 30)).days
    forms = [day.isoformat(), day.strftime("%d/%m/%Y"), f"{day.day}/{day.month}/{day.year}",
             datetime(day.year, day.month, day.day), day, serial, float(serial),
             f"{day.isoformat()} 00:00:00", f"{day.isoformat()}T09:30"]
    assert {parse_date(form) for form in forms} == {day}


@given(st.text(max_size=12))
def test_text_that_is_not_a_date_gives_a_plain_reason(text: str) -> None:
    try:
        parse_date(text)
    except CellError as exc:
        assert "date" in str(exc)


@pytest.mark.parametrize("text", ["2023-02-30", "30/02/2023", "13/13/2023", "2023/02/01",
                                  "02/01/23", "20230201", "tomorrow"])
def test_not_dates(text: str) -> None:
    with pytest.raises(CellError):
        parse_date(text)


def test_serial_numbers_outside_the_range_are_not_dates() -> None:
    for value in (0, -5, 20230201, 45000.5, True):
        with pytest.raises(CellError):
            parse_date(value)


def test_yes_and_no() -> None:
    assert [parse_yes_no(v) for v in ("Yes", "y", "TRUE", 1, True, "no", "N", "false", 0.0)] == \
        [True] * 5 + [False] * 4
    with pytest.raises(CellError, match="'maybe' is not yes or no"):
        parse_yes_no("maybe")


def test_codes_match_by_code_or_label_and_retired_codes_are_accepted() -> None:
    grades = matcher("qa_grade")
    assert [grades.match(t) for t in ("good", "Good", " GOOD ", "Needs Improvement",
                                      "Adequate")] == \
        ["good", "good", "good", "needs_improvement", "adequate"]
    categories = matcher("challenge_category")
    assert categories.match("Care plan - drift / delay in implementation") == \
        "care_plan.drift_delay"
    assert matcher("participation").match("pn3") == "PN3"
    with pytest.raises(CellError, match="'Brilliant' is not a code or label in the list"):
        grades.match("Brilliant")


def test_lists_split_on_semicolons_and_new_lines() -> None:
    assert split_list(" a; b ;\nc;; ") == ["a", "b", "c"]


def test_dates_a_day_apart_stay_a_day_apart() -> None:
    day = date(2024, 2, 28)
    assert parse_date("29/02/2024") - parse_date(day.isoformat()) == timedelta(days=1)
