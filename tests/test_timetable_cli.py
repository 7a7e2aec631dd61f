"""Tests for the `iro timetable` sub-command, run through its own parser."""

from __future__ import annotations

import argparse
import json
from datetime import date
from typing import Any

import pytest

from iro_desktop.cli.timetable_command import register

FULL = [
    "--looked-after-from", "2025-03-03",
    "--review", "2025-03-28",
    "--review", "2025-07-01",
    "--review", "2025-10-10",
    "--brought-forward", "2025-10-10",
]  # fmt: skip


def invoke(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="iro")
    subparsers = parser.add_subparsers()
    register(subparsers)
    args = parser.parse_args(["timetable", *argv])
    result: int = args.handler(args)
    return result


def invoke_json(argv: list[str], capsys: pytest.CaptureFixture[str]) -> dict[str, Any]:
    assert invoke([*argv, "--json"]) == 0
    document: dict[str, Any] = json.loads(capsys.readouterr().out)
    return document


def test_table(capsys: pytest.CaptureFixture[str]) -> None:
    assert invoke([*FULL, "--today", "2026-04-05"]) == 0
    out = capsys.readouterr().out
    assert "Looked after from 3 March 2025" in out
    lines = out.splitlines()
    first = next(line for line in lines if line.startswith("1 "))
    assert "31 March 2025" in first and "28 March 2025" in first and "in time" in first
    second = next(line for line in lines if line.startswith("2 "))
    assert "28 June 2025" in second and "late" in second
    third = next(line for line in lines if line.startswith("3 "))
    assert "brought forward" in third
    fourth = next(line for line in lines if line.startswith("4 "))
    assert "10 April 2026" in fourth and "due soon" in fourth
    assert "6 months after review 3 on 10 October 2025 (brought forward)" in fourth
    assert "Next review (review 4) due 10 April 2026: due soon as at 5 April 2026." in out


def test_json(capsys: pytest.CaptureFixture[str]) -> None:
    document = invoke_json([*FULL, "--today", "2026-04-11"], capsys)
    assert document["looked_after_from"] == "2025-03-03"
    assert document["next_due"] == "2026-04-10"
    reviews = document["reviews"]
    assert [r["number"] for r in reviews] == [1, 2, 3, 4]
    assert reviews[0] == {
        "number": 1,
        "kind": "first",
        "due": "2025-03-31",
        "held_on": "2025-03-28",
        "in_time": True,
        "brought_forward": False,
        "basis": "20 working days after becoming looked after on 3 March 2025",
    }
    assert reviews[1]["in_time"] is False
    assert reviews[2]["brought_forward"] is True
    assert reviews[3]["held_on"] is None and reviews[3]["in_time"] is None
    assert reviews[3]["status"] == "overdue"
    assert all("status" not in r for r in reviews[:3])


def test_no_reviews_yet_uses_working_days(capsys: pytest.CaptureFixture[str]) -> None:
    # Wed 18 Dec 2024 + 20 working days, skipping 25, 26 Dec and 1 Jan = Mon 20 Jan 2025.
    document = invoke_json(["--looked-after-from", "2024-12-18", "--today", "2025-01-10"], capsys)
    assert document["next_due"] == "2025-01-20"
    assert document["reviews"][0]["status"] == "on_track"


def test_period_ended(capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["--looked-after-from", "2025-03-03", "--review", "2025-03-28", "--ended", "2025-06-01"]
    document = invoke_json(argv, capsys)
    assert document["next_due"] is None
    assert len(document["reviews"]) == 1
    assert invoke(argv) == 0
    assert "ended on 1 June 2025: no further review is due" in capsys.readouterr().out


def test_today_defaults_to_the_real_date(capsys: pytest.CaptureFixture[str]) -> None:
    document = invoke_json(["--looked-after-from", "2025-03-03"], capsys)
    assert document["today"] == date.today().isoformat()


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (
            ["--looked-after-from", "2025-03-03", "--review", "2025-02-30"],
            "iro: error: --review 2025-02-30 is not a valid date (use YYYY-MM-DD)",
        ),
        (
            ["--looked-after-from", "3/3/2025"],
            "iro: error: --looked-after-from 3/3/2025 is not a valid date (use YYYY-MM-DD)",
        ),
        (
            ["--looked-after-from", "2025-03-03", "--today", "20250303"],
            "iro: error: --today 20250303 is not a valid date (use YYYY-MM-DD)",
        ),
        (
            ["--looked-after-from", "2025-03-03", "--review", "2025-03-28",
             "--brought-forward", "2025-04-01"],
            "iro: error: --brought-forward 2025-04-01 is not one of the --review dates",
        ),
        (
            ["--looked-after-from", "2025-03-03", "--review", "2025-03-01"],
            "iro: error: the review on 1 March 2025 is before the child became looked after",
        ),
        (
            ["--looked-after-from", "2025-03-03", "--review", "2025-03-28",
             "--review", "2025-03-28"],
            "iro: error: the review on 28 March 2025 is listed more than once",
        ),
    ],
)  # fmt: skip
def test_errors_are_one_line_with_status_2(
    argv: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert invoke(argv) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith(message)
    assert captured.err.count("\n") == 1
