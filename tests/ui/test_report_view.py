"""The annual report view, driven through its widgets on the sample store of known counts.

Every figure on screen is compared with `build_report` called directly, and every export
is opened again (python-docx, openpyxl, json) to check it holds the same numbers.
"""

from __future__ import annotations

import json
import subprocess
import sys
import threading
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from docx import Document
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDateEdit, QWidget

from iro_desktop.domain.report_periods import (
    last_financial_year,
    last_quarter,
    last_twelve_months,
    this_financial_year,
)
from iro_desktop.reports.charts import chart_data
from iro_desktop.reports.figures import AnnualReport, build_report
from iro_desktop.reports.layout import report_tables
from iro_desktop.reports.report_docx import format_cell
from iro_desktop.reports.scope import ReportScope
from iro_desktop.store import Store
from tests.test_reports_consultation import TITLE, add_consultations
from tests.test_reports_sample import FROM, TO, build_sample, iro_id
from ui.report import report_view as report_view_module
from ui.report.report_table import cell_text
from ui.report.report_tasks import TOTAL_STEPS
from ui.report.report_view import ReportView

TODAY = date(2025, 5, 10)


@pytest.fixture
def sample(tmp_path: Path) -> Iterator[Store]:
    store = build_sample(tmp_path / "report.irostore")
    yield store
    store.close()


@pytest.fixture
def view(qtbot: Any, sample: Store) -> ReportView:
    widget = ReportView(sample, today=lambda: TODAY)
    qtbot.addWidget(widget)
    widget.resize(1280, 900)
    widget.show()
    qtbot.waitUntil(lambda: widget.scope.count() > 1, timeout=5_000)
    return widget


def type_date(qtbot: Any, edit: QDateEdit, digits: str) -> None:
    """Type a date as a person would: into the day, then on through month and year."""
    edit.setFocus(Qt.FocusReason.OtherFocusReason)
    edit.setSelectedSection(QDateEdit.Section.DaySection)
    qtbot.keyClicks(edit, digits)
    qtbot.keyClick(edit, Qt.Key.Key_Tab)


def produce(qtbot: Any, view: ReportView) -> None:
    before = view.produced
    qtbot.mouseClick(view.produce_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: view.produced is not before and not view.is_busy(), timeout=20_000)


def wait_idle(qtbot: Any, view: ReportView) -> None:
    qtbot.waitUntil(lambda: not view.is_busy(), timeout=20_000)


def direct(store: Store, **scope: Any) -> AnnualReport:
    return build_report(store, ReportScope(FROM, TO, **scope))


def shown_rows(report: AnnualReport, key: str) -> list[list[str]]:
    table = next(t for t in report_tables(report) if t.key == key)
    return [[format_cell(value) for value in row] for row in table.rows]


# -- the period -----------------------------------------------------------------------


def test_presets_follow_the_financial_year() -> None:
    assert last_financial_year(TODAY) == (date(2024, 4, 1), date(2025, 3, 31))
    assert last_financial_year(date(2025, 3, 31)) == (date(2023, 4, 1), date(2024, 3, 31))
    assert this_financial_year(TODAY) == (date(2025, 4, 1), TODAY)
    assert this_financial_year(date(2026, 1, 15)) == (date(2025, 4, 1), date(2026, 1, 15))
    assert last_quarter(TODAY) == (date(2025, 1, 1), date(2025, 3, 31))
    assert last_quarter(date(2025, 1, 2)) == (date(2024, 10, 1), date(2024, 12, 31))
    assert last_twelve_months(TODAY) == (date(2024, 5, 11), TODAY)
    assert last_twelve_months(date(2024, 2, 29)) == (date(2023, 3, 1), date(2024, 2, 29))


def test_choosing_a_preset_fills_the_dates_and_typing_dates_shows_custom(
    qtbot: Any, view: ReportView
) -> None:
    picker = view.period
    assert picker.period() == (FROM, TO)  # last financial year is the starting choice
    assert picker.date_from.displayFormat() == "dd/MM/yyyy"
    picker.preset.setCurrentIndex(picker.preset.findText("Last quarter"))
    assert picker.period() == (date(2025, 1, 1), date(2025, 3, 31))
    picker.preset.setCurrentIndex(picker.preset.findText("This financial year to date"))
    assert picker.period() == (date(2025, 4, 1), TODAY)
    type_date(qtbot, picker.date_from, "15042025")
    assert picker.period() == (date(2025, 4, 15), TODAY)
    assert picker.preset.currentText() == "Dates chosen below"


def test_a_period_ending_before_it_starts_is_explained_and_cannot_be_produced(
    qtbot: Any, view: ReportView
) -> None:
    view.period.set_period(date(2025, 3, 1), date(2025, 2, 1))
    assert not view.produce_button.isEnabled()
    assert "ends (1 February 2025) before it starts (1 March 2025)" in view.message.text()
    view.produce()
    assert view.produced is None and not view.is_busy()
    view.period.set_period(FROM, TO)
    assert view.produce_button.isEnabled()


# -- producing ------------------------------------------------------------------------


def test_the_report_produced_through_the_widgets_matches_build_report(
    qtbot: Any, view: ReportView, sample: Store
) -> None:
    view.period.set_period(date(2020, 1, 1), date(2020, 1, 1))
    type_date(qtbot, view.period.date_from, "01042024")
    type_date(qtbot, view.period.date_to, "31032025")
    assert view.period.period() == (FROM, TO)
    steps: list[int] = []
    view.progress.valueChanged.connect(steps.append)
    produce(qtbot, view)
    expected = direct(sample)
    results = view.results
    assert results is not None
    assert results.headline["participation_rate"].text() == "80.0%"
    assert expected.participation.rate.rounded(1) == 80.0
    assert results.headline["reviews_held"].text() == cell_text(expected.reviews.held) == "8"
    assert results.headline["timeliness"].text() == f"{expected.reviews.timeliness.rounded(1)}%"
    for key in ("participation", "reviews", "challenges_by_category", "audits_by_grade"):
        assert results.tables[key].cell_texts() == shown_rows(expected, key), key
    assert list(results.tables) == [t.key for t in report_tables(expected) if t.rows]
    charts = {c.key: c.alt_text for c in chart_data(expected)}
    assert {k: v.alt_text for k, v in results.charts.items()} == charts
    assert len(charts) == 5
    assert max(steps) == TOTAL_STEPS and len(set(steps)) > 5
    assert view.progress.isHidden()
    assert "The report is ready: 1 April 2024 to 31 March 2025, whole service" in (
        view.message.text()
    )
    assert all(b.isEnabled() for b in view.export_buttons.values())


def test_scope_by_iro_and_team_narrows_the_figures(
    qtbot: Any, view: ReportView, sample: Store
) -> None:
    labels = [view.scope.itemText(i) for i in range(view.scope.count())]
    assert labels == ["Whole service", "IRO: Alex Moor", "IRO: Bea Lund", "IRO: Cal Reed",
                      "Team: North", "Team: South"]
    produce(qtbot, view)
    assert view.results is not None
    whole = int(view.results.headline["reviews_held"].text())
    view.choose_scope("IRO: Alex Moor")
    assert "Press Produce report" in view.message.text()  # the figures shown are now stale
    produce(qtbot, view)
    alex = direct(sample, iro_id=iro_id(sample, "Alex Moor"))
    assert view.results is not None
    assert view.results.headline["reviews_held"].text() == str(alex.reviews.held)
    assert 0 < alex.reviews.held < whole
    assert view.results.tables["participation"].cell_texts() == shown_rows(alex, "participation")
    assert "Alex Moor" in view.message.text()
    view.choose_scope("Team: North")
    produce(qtbot, view)
    north = direct(sample, team="North")
    assert view.results.headline["reviews_held"].text() == str(north.reviews.held)
    assert alex.reviews.held < north.reviews.held < whole


def test_the_window_stays_responsive_while_the_report_is_produced(
    qtbot: Any, view: ReportView, monkeypatch: pytest.MonkeyPatch
) -> None:
    release = threading.Event()
    real = report_view_module.produce_report

    def slow(*args: Any, **kwargs: Any) -> Any:
        assert release.wait(10)
        return real(*args, **kwargs)

    monkeypatch.setattr(report_view_module, "produce_report", slow)
    view.produce()
    qtbot.waitUntil(lambda: view.progress.isVisible(), timeout=2_000)
    assert not view.produce_button.isEnabled()
    view.choose_scope("IRO: Bea Lund")  # the event loop is running: the GUI answers
    qtbot.wait(50)
    assert view.is_busy()
    release.set()
    wait_idle(qtbot, view)
    assert view.produced is not None
    assert view.produced.report.period.iro_name is None  # the scope asked for at the start


def test_an_unexpected_failure_is_told_in_plain_words(
    qtbot: Any, view: ReportView, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*_args: Any, **_kwargs: Any) -> Any:
        raise RuntimeError("disk I/O error deep in SQLite")

    monkeypatch.setattr(report_view_module, "produce_report", broken)
    view.produce()
    wait_idle(qtbot, view)
    text = view.message.text()
    assert text.startswith("Producing the report did not work because of an unexpected problem")
    assert "SQLite" not in text
    assert view.produce_button.isEnabled()


def test_the_consultation_table_is_shown_with_the_figures(
    qtbot: Any, view: ReportView, sample: Store
) -> None:
    add_consultations(sample)
    produce(qtbot, view)
    assert view.results is not None
    shown = view.results.tables["consultation_by_age_band"]
    assert shown.cell_texts() == shown_rows(direct(sample), "consultation_by_age_band")
    assert shown.cell_texts()[-1] == ["Total", "7", "66.7", "50.0"]
    assert TITLE in [title for title, _level, _widget in view.results.anchors]


def test_tables_sort_by_value_and_keep_the_total_last(qtbot: Any, view: ReportView) -> None:
    produce(qtbot, view)
    assert view.results is not None
    table = view.results.tables["participation"]
    original = table.cell_texts()
    table.sortByColumn(2, Qt.SortOrder.DescendingOrder)
    counts = [row[2] for row in table.cell_texts()]
    assert table.cell_texts()[-1][1] == "Total"
    assert [int(c) for c in counts[:-1]] == sorted((int(c) for c in counts[:-1]), reverse=True)
    table.sortByColumn(2, Qt.SortOrder.AscendingOrder)
    assert table.cell_texts()[-1][1] == "Total"
    table.sortByColumn(-1, Qt.SortOrder.AscendingOrder)
    assert table.cell_texts() == original
    assert table.editTriggers() == table.EditTrigger.NoEditTriggers


# -- exporting ------------------------------------------------------------------------


def export(qtbot: Any, view: ReportView, path: Path, kind: str) -> None:
    with qtbot.waitSignal(view.exported, timeout=30_000):
        view.export_to(path, kind)


def test_each_export_holds_the_figures_on_screen(
    qtbot: Any, view: ReportView, tmp_path: Path
) -> None:
    produce(qtbot, view)
    export(qtbot, view, tmp_path / "report.docx", "docx")
    assert f"Saved the report as a Word document: {tmp_path / 'report.docx'}" in (
        view.message.text()
    )
    document = Document(str(tmp_path / "report.docx"))
    cells = {
        row.cells[0].text: row.cells[-1].text for table in document.tables for row in table.rows
    }
    assert cells["Participation rate, PN1–PN6 of PN1–PN7 (%)"] == "80.0"
    assert len(document.inline_shapes) == 5

    export(qtbot, view, tmp_path / "report", "xlsx")  # the suffix is added
    workbook = openpyxl.load_workbook(tmp_path / "report.xlsx")
    sheet = workbook["Participation rate"]
    assert sheet["A2"].value.startswith("Participation rate") and sheet["B2"].value == 80.0
    assert "report.xlsx" in view.message.text()

    export(qtbot, view, tmp_path / "report.json", "json")
    data = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    assert data["participation_rate_percent"] == 80.0
    assert data["reviews"]["held"] == 8
    assert data["period"]["from"] == "2024-04-01"


def test_export_problems_are_told_in_plain_words(
    qtbot: Any, view: ReportView, tmp_path: Path
) -> None:
    view.export_to(tmp_path / "early.docx", "docx")
    assert "produce the report first" in view.message.text()
    assert not view.export_buttons["docx"].isEnabled()
    produce(qtbot, view)
    missing = tmp_path / "no such folder" / "report.json"
    view.export_to(missing, "json")
    wait_idle(qtbot, view)
    assert f"the folder {missing.parent} does not exist" in view.message.text()
    assert not missing.exists()


def test_save_buttons_ask_for_a_file_name(
    qtbot: Any, view: ReportView, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[str] = []

    def choose(_parent: Any, title: str, suggested: str, _filter: str) -> tuple[str, str]:
        asked.append(title)
        assert suggested.endswith("IRO annual report 2024-04-01 to 2025-03-31.xlsx")
        return str(tmp_path / "chosen.xlsx"), _filter

    monkeypatch.setattr(report_view_module.QFileDialog, "getSaveFileName", staticmethod(choose))
    produce(qtbot, view)
    with qtbot.waitSignal(view.exported, timeout=30_000):
        qtbot.mouseClick(view.export_buttons["xlsx"], Qt.MouseButton.LeftButton)
    assert asked == ["Save the report as an Excel workbook"]
    assert (tmp_path / "chosen.xlsx").is_file()


# -- accessibility --------------------------------------------------------------------


def unnamed_focusable(root: QWidget) -> list[str]:
    missing = []
    for widget in [root, *root.findChildren(QWidget)]:
        if widget.window() is not root.window():
            continue
        if not widget.focusPolicy() & Qt.FocusPolicy.TabFocus:
            continue
        if not widget.accessibleName().strip():
            missing.append(f"{type(widget).__name__} {widget.objectName()!r}")
    return missing


def test_every_control_table_and_chart_is_named(qtbot: Any, view: ReportView) -> None:
    assert unnamed_focusable(view) == []
    produce(qtbot, view)
    assert unnamed_focusable(view) == []
    assert view.results is not None
    for key, table in view.results.tables.items():
        assert table.accessibleName() and table.accessibleName() == (
            next(t.title for t in view.produced.tables if t.key == key)  # type: ignore[union-attr]
        )
        assert not table.tabKeyNavigation()
    for chart in view.results.charts.values():
        assert chart.accessibleName().startswith("Chart: ")
        assert chart.accessibleDescription() == chart.alt_text
        assert chart.pixmap() is not None and not chart.pixmap().isNull()
    for key, label in view.results.headline.items():
        assert label.accessibleName().endswith(label.text()), key


def test_tab_goes_along_the_controls_then_down_the_report(qtbot: Any, view: ReportView) -> None:
    produce(qtbot, view)
    view.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is view, timeout=5_000)
    view.period.preset.setFocus(Qt.FocusReason.TabFocusReason)
    seen: list[QWidget] = []
    for _ in range(14):
        current = QApplication.focusWidget()
        assert current is not None
        seen.append(current)
        qtbot.keyClick(current, Qt.Key.Key_Tab)
    assert view.results is not None
    tables = list(view.results.tables.values())
    expected = [
        view.period.preset, view.period.date_from, view.period.date_to, view.scope,
        view.produce_button, *view.export_buttons.values(), view.contents, *tables,
    ][:14]
    assert seen == expected


def test_the_contents_move_the_page_and_enter_goes_into_the_table(
    qtbot: Any, view: ReportView
) -> None:
    produce(qtbot, view)
    entries = view.contents.items()
    assert entries[0].text(0) == "Headline figures"
    grades = next(e for e in entries if e.text(0) == "Audits by overall grade")
    view.contents.setCurrentItem(grades)
    assert view.scroll_area.verticalScrollBar().value() > 0
    view.contents.itemActivated.emit(grades, 0)
    assert view.results is not None
    assert view.results.tables["audits_by_grade"].hasFocus()


def test_matplotlib_is_not_loaded_until_a_report_is_drawn() -> None:
    code = "import sys, ui.report.report_view; print('matplotlib' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, env={"QT_QPA_PLATFORM": "offscreen", "PATH": ""})
    assert out.stdout.strip() == "False"


def test_an_empty_store_gives_a_report_of_noughts(
    qtbot: Any, store: Store
) -> None:
    view = ReportView(store, today=lambda: TODAY)
    qtbot.addWidget(view)
    view.show()
    qtbot.waitUntil(lambda: not view.is_busy() and view.scope.count() == 1, timeout=5_000)
    produce(qtbot, view)
    assert view.results is not None
    values = {k: label.text() for k, label in view.results.headline.items()}
    assert values == {"reviews_held": "0", "children_reviewed": "0", "timeliness": "–",
                      "participation_rate": "–"}
    assert view.produced is not None
    expected = build_report(store, view.produced.scope)
    assert list(view.results.charts) == [c.key for c in chart_data(expected)]
    assert "participation" not in view.results.charts  # nothing to draw
    assert view.message.property("tone") == "ok"


def test_charts_fit_a_narrow_window(qtbot: Any, view: ReportView) -> None:
    produce(qtbot, view)
    assert view.results is not None
    chart = view.results.charts["participation"]
    assert chart.width() == 900  # room to spare at 1280 wide
    view.resize(900, 700)
    qtbot.waitUntil(lambda: chart.width() < view.scroll_area.viewport().width(), timeout=2_000)
    assert view.scroll_area.horizontalScrollBar().maximum() == 0
