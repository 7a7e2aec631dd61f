"""The JSON, Word and Excel forms of the report hold the same numbers as the figures."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from docx import Document
from openpyxl import load_workbook

from iro_desktop.reports.charts import chart_data
from iro_desktop.reports.figures import AnnualReport, build_report
from iro_desktop.reports.json_form import TOP_LEVEL_KEYS, to_json_dict
from iro_desktop.reports.layout import Cell, report_tables
from iro_desktop.reports.report_docx import MARKING, format_cell
from iro_desktop.reports.scope import ReportScope
from iro_desktop.services.annual_report import export_report
from iro_desktop.store import Store

from .test_reports_sample import FROM, TO, build_sample


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    opened = build_sample(tmp_path_factory.mktemp("exports") / "r.irostore")
    yield opened
    opened.close()


@pytest.fixture(scope="module")
def report(store: Store) -> AnnualReport:
    return build_report(store, ReportScope(FROM, TO))


@pytest.fixture(scope="module")
def doc(report: AnnualReport, tmp_path_factory: pytest.TempPathFactory) -> Any:
    path = tmp_path_factory.mktemp("docx") / "report.docx"
    export_report(report, path, "docx")
    return Document(str(path))


@pytest.fixture(scope="module")
def workbook(report: AnnualReport, tmp_path_factory: pytest.TempPathFactory) -> Any:
    path = tmp_path_factory.mktemp("xlsx") / "report.xlsx"
    export_report(report, path, "xlsx")
    return load_workbook(path)


def test_json_has_exactly_the_documented_top_level_keys(report: AnnualReport) -> None:
    data = to_json_dict(report)
    assert set(TOP_LEVEL_KEYS) <= set(data)
    assert set(data) - set(TOP_LEVEL_KEYS) == {
        "timeliness_by_month",
        "late_reviews",
        "participation_apart",
        "challenges",
        "decisions_and_records",
    }
    json.dumps(data)  # only plain JSON types


def test_json_figures(report: AnnualReport) -> None:
    data = to_json_dict(report)
    assert data["period"]["from"] == "2024-04-01" and data["period"]["scope"] == "whole service"
    assert data["period"]["local_authority"] == "Northmoor Borough Council"
    assert data["reviews"] == {
        "held": 8,
        "children_reviewed": 6,
        "with_due_date": 7,
        "in_time": 4,
        "late": 3,
    }
    assert data["timeliness_percent"] == 57.1
    assert data["participation"] == {
        "PN1": 1,
        "PN2": 1,
        "PN3": 0,
        "PN4": 0,
        "PN5": 1,
        "PN6": 1,
        "PN7": 1,
    }
    assert data["participation_apart"] == {"PN0": 2, "not_recorded": 1}
    assert data["participation_rate_percent"] == 80.0
    assert data["qa_activity"]["totals"] == {"challenges": 4, "good_practice": 2, "audits": 7}
    outcome = {r["code"]: r["count"] for r in data["challenges_by_outcome"]}
    assert outcome == {"resolved_nfa": 1, "dispute_resolution": 1, "cancelled": 1, "open": 1}
    category = {r["code"]: r["count"] for r in data["challenges_by_category"]}
    assert category["care_plan.dispute"] == 2 and sum(category.values()) == 5
    grades = {r["code"]: r["count"] for r in data["audits_by_grade"]}
    assert grades == {
        "outstanding": 1,
        "good": 2,
        "adequate": 1,
        "needs_improvement": 2,
        "challenge": 0,
        "not_graded": 1,
    }
    assert data["viewpoint"]["performance_percent"] == 75.0
    assert data["attendance"]["parent_attended_percent"] == 25.0
    assert data["attendance"]["care_plan_3_days"] == {"yes": 4, "recorded": 6, "percent": 66.7}
    assert data["decisions_and_records"]["decisions"]["percent"] == 62.5
    assert {i["iro"]: i["children"] for i in data["caseload"]["per_iro"]}["Bea Lund"] == 3
    assert data["population"]["total"] == 7 and data["population"]["started"] == 3
    late = data["late_reviews"][0]
    assert late == {
        "child": "C2",
        "meeting_date": "2024-06-04",
        "due_date": "2024-06-01",
        "days_late": 3,
        "working_days_late": 2,
        "reason": "IRO off sick",
    }


def _xlsx_value(value: Cell) -> Cell:
    """What openpyxl gives back: dates as midnight datetimes, empty text as no value."""
    if value == "":
        return None
    if isinstance(value, date) and not isinstance(value, datetime):
        return datetime(value.year, value.month, value.day)
    return value


def test_every_table_is_a_sheet_with_the_same_cells(report: AnnualReport, workbook: Any) -> None:
    tables = report_tables(report)
    assert workbook.sheetnames == ["About", *[t.sheet for t in tables]]
    for table in tables:
        sheet = workbook[table.sheet]
        rows = list(sheet.iter_rows(values_only=True))
        assert rows[0] == table.columns
        body = [tuple(r) for r in rows[1 : len(table.rows) + 1]]
        assert body == [tuple(_xlsx_value(v) for v in r) for r in table.rows], table.key


def test_sheets_are_formatted(workbook: Any) -> None:
    for sheet in workbook.worksheets:
        assert sheet.freeze_panes == "A2"
        assert all(cell.font.bold for cell in sheet[1] if cell.value is not None)
        assert sheet.oddHeader.center.text == MARKING
    reviews = workbook["Reviews"]
    held = next(r for r in reviews.iter_rows(min_row=2) if r[0].value == "Reviews held")
    assert held[1].value == 8 and held[1].number_format == "#,##0"
    rate = next(r for r in reviews.iter_rows(min_row=2) if r[0].value == "Timeliness (%)")
    assert rate[1].value == 57.1 and rate[1].number_format == "0.0"
    late = workbook["Late reviews"]
    assert late["B2"].number_format == "d mmm yyyy"


def test_excel_holds_the_json_numbers(report: AnnualReport, workbook: Any) -> None:
    data = to_json_dict(report)
    sheet = workbook["Participation"]
    counts = {r[0]: r[2] for r in sheet.iter_rows(min_row=2, values_only=True) if r[0]}
    assert counts == data["participation"]
    rate = {
        r[0]: r[1] for r in workbook["Participation rate"].iter_rows(min_row=2, values_only=True)
    }
    assert rate["Participation rate, PN1–PN6 of PN1–PN7 (%)"] == data["participation_rate_percent"]
    grades = {
        r[0]: r[1] for r in workbook["Audits by grade"].iter_rows(min_row=2, values_only=True)
    }
    assert grades["Adequate"] == 1 and grades["Total"] == 7
    lac = [r[1] for r in workbook["Looked after by month"].iter_rows(min_row=2, values_only=True)]
    assert lac == [m["count"] for m in data["caseload"]["looked_after_by_month"]]


def test_word_document_structure(report: AnnualReport, doc: Any) -> None:
    for section in doc.sections:
        assert section.header.paragraphs[0].text == MARKING
        assert section.footer.paragraphs[0].text == MARKING
        assert not section.different_first_page_header_footer
    title = doc.paragraphs[0]
    assert title.style.name == "Title" and "annual report" in title.text
    headings = [p.text for p in doc.paragraphs if p.style.name.startswith("Heading")]
    assert "Participation of children and young people" in headings
    assert "Challenges by category" in headings
    assert any(p.text == "Period: 1 April 2024 to 31 March 2025" for p in doc.paragraphs)


def test_word_tables_hold_the_same_cells(report: AnnualReport, doc: Any) -> None:
    tables = [t for t in report_tables(report) if t.rows]
    assert len(doc.tables) == len(tables)
    for grid, table in zip(doc.tables, tables, strict=True):
        cells = [[cell.text for cell in row.cells] for row in grid.rows]
        assert cells[0] == list(table.columns)
        assert grid.rows[0]._tr.trPr.xpath("./w:tblHeader"), table.key
        assert all(run.bold for run in grid.rows[0].cells[0].paragraphs[0].runs)
        assert cells[1:] == [[format_cell(v) for v in row] for row in table.rows], table.key


def test_word_holds_the_json_numbers(report: AnnualReport, doc: Any) -> None:
    data = to_json_dict(report)
    participation = next(t for t in doc.tables if t.rows[0].cells[0].text == "Code")
    counts = {
        r.cells[0].text: int(r.cells[2].text) for r in participation.rows[1:] if r.cells[0].text
    }
    assert counts == data["participation"]
    text = "\n".join(c.text for t in doc.tables for r in t.rows for c in r.cells)
    assert f"{data['participation_rate_percent']:.1f}" in text
    assert f"{data['timeliness_percent']:.1f}" in text


def test_word_charts_are_images_with_alt_text(report: AnnualReport, doc: Any) -> None:
    expected = {c.title: c for c in chart_data(report)}
    assert {c.key for c in expected.values()} == {
        "participation",
        "timeliness_by_month",
        "audits_by_grade",
        "challenges_by_category",
        "looked_after_by_month",
    }
    shapes = {s._inline.docPr.get("title"): s._inline.docPr for s in doc.inline_shapes}
    assert set(shapes) == set(expected)
    for title, chart in expected.items():
        assert shapes[title].get("descr") == chart.alt_text
    assert "PN1: 1; PN2: 1; PN3: 0" in expected["Reviews by participation code"].alt_text


def test_exports_are_written_atomically(report: AnnualReport, tmp_path: Path) -> None:
    path = tmp_path / "report.xlsx"
    path.write_bytes(b"old")
    export_report(report, path, "xlsx")
    assert path.read_bytes()[:2] == b"PK"
    assert [p.name for p in tmp_path.iterdir()] == ["report.xlsx"]


def test_long_listings_are_cut_in_word_but_complete_in_excel(
    report: AnnualReport, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from iro_desktop.reports import report_docx

    monkeypatch.setattr(report_docx, "MAX_DOCUMENT_ROWS", 2)
    path = tmp_path / "short.docx"
    path.write_bytes(report_docx.report_docx_bytes(report, charts=False))
    document = Document(str(path))
    late = next(t for t in document.tables if t.rows[0].cells[0].text == "Child ID")
    assert len(late.rows) == 3  # header and two of the three late reviews
    notes = [p.text for p in document.paragraphs]
    assert "The first 2 of 3 rows; the Excel workbook lists them all." in notes
    assert not document.inline_shapes
