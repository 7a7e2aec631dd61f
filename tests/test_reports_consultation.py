"""The annual report's consultation figures, on the sample store plus consultations of known
answers: the figures, the JSON, the Excel sheet and the Word table all give the same numbers.

Whole service, April 2024 – March 2025 (worked out by hand from CONSULTATIONS):

| band  | completed | feel safe (always/usually)     | know how to complain        |
| 4–6   | 1         | usually: 1 of 1 = 100.0        | yes: 1 of 1 = 100.0         |
| 7–9   | 1         | usually: 1 of 1 = 100.0        | no: 0 of 1 = 0.0            |
| 10–15 | 3         | always, sometimes, usually: 2/3 | yes, not sure, yes: 2/3     |
| 16+   | 2         | never, declined: 0 of 1 = 0.0  | no, skipped: 0 of 1 = 0.0   |
| Total | 7         | 4 of 6 = 66.7                  | 3 of 6 = 50.0               |

plus one declined (C5) and one not required (C4): completion 7 / (7 + 1) = 87.5%.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from docx import Document
from openpyxl import load_workbook
from sqlalchemy import select

from iro_desktop.domain.consultation_forms import Answer, answers_to_json
from iro_desktop.reports.figures import STEPS, AnnualReport, build_report
from iro_desktop.reports.json_form import TOP_LEVEL_KEYS, to_json_dict
from iro_desktop.reports.layout import report_tables
from iro_desktop.reports.scope import ReportScope
from iro_desktop.services.annual_report import export_report
from iro_desktop.store import Store
from iro_desktop.store.models import Child, Consultation, Iro

from .test_reports_sample import DELETED, FROM, TO, build_sample, iro_id

TITLE = "Consultations completed by age band"
COLUMNS = ("Age band", "Completed", "Feel safe always or usually (%)", "Know how to complain (%)")
WHOLE_SERVICE = [
    ("4–6", 1, 100.0, 100.0),
    ("7–9", 1, 100.0, 0.0),
    ("10–15", 3, 66.7, 66.7),
    ("16+", 2, 0.0, 0.0),
    ("Total", 7, 66.7, 50.0),
]
SKIP = object()  # a question left out
DECLINE = Answer(declined=True)

# (child, IRO who held it, band, status, date, feel safe, complain, want to be told)
CONSULTATIONS: list[tuple[str, str, str, str, date | None, object, object, object]] = [
    ("C2", "Alex Moor", "10-15", "completed", date(2024, 6, 1), "always", "yes", "yes"),
    ("C2", "Alex Moor", "10-15", "completed", date(2024, 11, 20), "sometimes", "not_sure", "no"),
    # held by Cal, though C2 is allocated to Alex: a consultation counts for whoever held it
    ("C2", "Cal Reed", "10-15", "completed", date(2025, 1, 15), "usually", "yes", "yes"),
    ("C8", "Bea Lund", "7-9", "completed", date(2024, 9, 1), "usually", "no", "yes"),
    ("C3", "Bea Lund", "16+", "completed", date(2024, 9, 5), "never", "no", DECLINE),
    ("C3", "Bea Lund", "16+", "completed", date(2025, 3, 31), DECLINE, SKIP, SKIP),
    ("C10", "Cal Reed", "4-6", "completed", date(2024, 4, 1), "usually", "yes", SKIP),
    ("C5", "Cal Reed", "10-15", "declined", date(2024, 7, 1), SKIP, SKIP, SKIP),
    ("C4", "Bea Lund", "under-4", "not_required", date(2024, 6, 1), SKIP, SKIP, SKIP),
    # Not counted: outside the period, unfinished, soft-deleted, of a soft-deleted child.
    ("C2", "Alex Moor", "10-15", "completed", date(2024, 3, 31), "never", "no", "yes"),
    ("C2", "Alex Moor", "10-15", "completed", date(2025, 4, 1), "never", "no", "yes"),
    ("C3", "Bea Lund", "16+", "in_progress", None, "never", "no", "yes"),
    ("C5", "Cal Reed", "10-15", "completed", date(2024, 8, 1), "never", "no", "yes"),
    ("C7", "Alex Moor", "10-15", "completed", date(2024, 8, 1), "never", "no", "yes"),
]
DELETED_ROW = 12


def _answer(value: object) -> Answer | None:
    if value is SKIP:
        return None
    return value if isinstance(value, Answer) else Answer((str(value),))


def add_consultations(store: Store) -> None:
    with store.session() as s:
        children = {c.local_id: c.id for c in s.scalars(select(Child))}
        iros = {i.name: i.id for i in s.scalars(select(Iro))}
        for n, (child, iro, band, status, on, safe, complain, told) in enumerate(CONSULTATIONS):
            answers = {
                qid: answer
                for qid, value in (
                    ("feel_safe", safe),
                    ("know_how_to_complain", complain),
                    ("want_to_be_told_who_to_talk_to", told),
                )
                if (answer := _answer(value)) is not None
            }
            s.add(
                Consultation(
                    child_id=children[child],
                    iro_id=iros[iro],
                    age_band=band,
                    status=status,
                    consulted_on=on,
                    answers=answers_to_json(answers),
                    completed_at=datetime(on.year, on.month, on.day, 15, tzinfo=UTC)
                    if on is not None and status == "completed"
                    else None,
                    deleted_at=DELETED if n == DELETED_ROW else None,
                )
            )


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    opened = build_sample(tmp_path_factory.mktemp("consultation") / "r.irostore")
    add_consultations(opened)
    yield opened
    opened.close()


@pytest.fixture(scope="module")
def report(store: Store) -> AnnualReport:
    return build_report(store, ReportScope(FROM, TO))


def _rows(report: AnnualReport, key: str = "consultation_by_age_band") -> list[tuple[Any, ...]]:
    return [tuple(r) for r in next(t for t in report_tables(report) if t.key == key).rows]


def test_figures_by_age_band(report: AnnualReport) -> None:
    cf = report.consultation
    assert [(b.label, b.completed) for b in cf.bands] == [
        ("4–6", 1),
        ("7–9", 1),
        ("10–15", 3),
        ("16+", 2),
    ]
    teens = cf.bands[2]
    assert (teens.feel_safe, teens.feel_safe_answered) == (2, 3)
    assert (teens.know_how_to_complain, teens.complain_answered) == (2, 3)
    assert teens.feel_safe_counts == {"always": 1, "sometimes": 1, "usually": 1}
    assert (cf.completed, cf.declined, cf.not_required) == (7, 1, 1)
    assert (cf.total.feel_safe, cf.total.feel_safe_answered) == (4, 6)
    assert (cf.total.know_how_to_complain, cf.total.complain_answered) == (3, 6)
    assert cf.total.want_to_be_told == 3
    assert cf.completion_rate == pytest.approx(7 / 8)


def test_the_table_is_in_the_participation_section(report: AnnualReport) -> None:
    tables = report_tables(report)
    keys = [t.key for t in tables]
    assert keys.index("consultation_by_age_band") == keys.index("viewpoint_performance") + 1
    table = tables[keys.index("consultation_by_age_band")]
    assert (table.title, table.columns) == (TITLE, COLUMNS)
    assert table.section == "Participation of children and young people"
    assert _rows(report) == WHOLE_SERVICE
    assert _rows(report, "consultation_completion") == [
        ("Completed", 7),
        ("Declined", 1),
        ("Not required (age or health)", 1),
        ("Completion rate, completed of completed and declined (%)", 87.5),
    ]


def test_scope_by_iro_and_team_counts_the_iro_who_held_it(store: Store) -> None:
    alex = build_report(store, ReportScope(FROM, TO, iro_id=iro_id(store, "Alex Moor")))
    assert _rows(alex) == [
        ("4–6", 0, None, None),
        ("7–9", 0, None, None),
        ("10–15", 2, 50.0, 50.0),
        ("16+", 0, None, None),
        ("Total", 2, 50.0, 50.0),
    ]
    north = build_report(store, ReportScope(FROM, TO, team="North"))  # Alex and Cal
    assert _rows(north)[-1] == ("Total", 4, 75.0, 75.0)
    assert (north.consultation.declined, north.consultation.not_required) == (1, 0)
    bea = build_report(store, ReportScope(FROM, TO, iro_id=iro_id(store, "Bea Lund")))
    assert _rows(bea)[-1] == ("Total", 3, 50.0, 0.0)
    assert (bea.consultation.declined, bea.consultation.not_required) == (0, 1)


def test_an_empty_period_gives_zeros_and_no_shares(store: Store) -> None:
    empty = build_report(store, ReportScope(date(2010, 1, 1), date(2010, 12, 31)))
    assert _rows(empty)[-1] == ("Total", 0, None, None)
    assert to_json_dict(empty)["consultation"]["completion_rate_percent"] is None


def test_consultations_are_a_step_of_their_own(store: Store) -> None:
    seen: list[str] = []
    build_report(store, ReportScope(FROM, TO), progress=lambda _d, _t, what: seen.append(what))
    assert len(seen) == STEPS and "Consultations" in seen


def test_json(report: AnnualReport) -> None:
    assert "consultation" in TOP_LEVEL_KEYS
    data = json.loads(json.dumps(to_json_dict(report)))["consultation"]
    assert [(b["code"], b["band"], b["completed"]) for b in data["by_age_band"]] == [
        ("4-6", "4–6", 1),
        ("7-9", "7–9", 1),
        ("10-15", "10–15", 3),
        ("16+", "16+", 2),
    ]
    assert data["by_age_band"][2] == {
        "code": "10-15",
        "band": "10–15",
        "completed": 3,
        "feel_safe_answers": {"always": 1, "usually": 1, "sometimes": 1, "never": 0},
        "feel_safe": 2,
        "feel_safe_answered": 3,
        "feel_safe_percent": 66.7,
        "know_how_to_complain": 2,
        "complain_answered": 3,
        "know_how_to_complain_percent": 66.7,
        "want_to_be_told": 2,
        "want_to_be_told_percent": 66.7,
    }
    total = data["total"]
    assert (
        total["completed"],
        total["feel_safe_percent"],
        total["know_how_to_complain_percent"],
        total["want_to_be_told_percent"],
    ) == (7, 66.7, 50.0, 42.9)
    assert {
        k: data[k]
        for k in (
            "completed",
            "declined",
            "not_required",
            "completion_rate_percent",
            "feel_safe_percent",
            "know_how_to_complain_percent",
        )
    } == {
        "completed": 7,
        "declined": 1,
        "not_required": 1,
        "completion_rate_percent": 87.5,
        "feel_safe_percent": 66.7,
        "know_how_to_complain_percent": 50.0,
    }


def test_excel(report: AnnualReport, tmp_path: Path) -> None:
    export_report(report, tmp_path / "report.xlsx", "xlsx")
    workbook = load_workbook(tmp_path / "report.xlsx")
    rows = list(workbook["Consultations"].iter_rows(values_only=True))
    assert rows[0] == COLUMNS
    assert [tuple(r) for r in rows[1:6]] == WHOLE_SERVICE
    assert workbook["Consultations"]["C4"].number_format == "0.0"
    take_up = {
        r[0]: r[1]
        for r in workbook["Consultation take-up"].iter_rows(min_row=2, values_only=True)
        if r[0]
    }
    assert take_up["Completion rate, completed of completed and declined (%)"] == 87.5


def test_word(report: AnnualReport, tmp_path: Path) -> None:
    export_report(report, tmp_path / "report.docx", "docx")
    document = Document(str(tmp_path / "report.docx"))
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 2"]
    assert TITLE in headings
    table = next(t for t in document.tables if tuple(c.text for c in t.rows[0].cells) == COLUMNS)
    assert [[c.text for c in row.cells] for row in table.rows[1:]] == [
        ["4–6", "1", "100.0", "100.0"],
        ["7–9", "1", "100.0", "0.0"],
        ["10–15", "3", "66.7", "66.7"],
        ["16+", "2", "0.0", "0.0"],
        ["Total", "7", "66.7", "50.0"],
    ]
