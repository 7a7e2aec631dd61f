"""The annual report as an Excel workbook: a sheet per table, numbers kept as numbers.

Each sheet has a bold, frozen header row, number formats (whole numbers, one-decimal
percentages, dates) and the OFFICIAL-SENSITIVE marking in its printed header and
footer. A first "About" sheet names the period and scope.
"""

from __future__ import annotations

import io
from datetime import date
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from ..domain.text_rules import spreadsheet_safe
from .figures import AnnualReport
from .layout import Cell, ReportTable, report_tables

__all__ = ["DATE_FORMAT", "INTEGER_FORMAT", "PERCENT_FORMAT", "report_xlsx_bytes"]

MARKING = "OFFICIAL-SENSITIVE"
INTEGER_FORMAT = "#,##0"
PERCENT_FORMAT = "0.0"
DATE_FORMAT = "d mmm yyyy"
_BOLD = Font(bold=True)
_FORBIDDEN = str.maketrans({c: " " for c in "[]:*?/\\"})


def report_xlsx_bytes(report: AnnualReport) -> bytes:
    workbook = Workbook()
    about = workbook.active
    assert about is not None
    _about(about, report)
    used = {about.title}
    for table in report_tables(report):
        sheet = workbook.create_sheet(_sheet_name(table.sheet, used))
        _write_table(sheet, table)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _sheet_name(wanted: str, used: set[str]) -> str:
    """Excel allows 31 characters, no []:*?/\\ and no duplicates (ignoring case)."""
    base = wanted.translate(_FORBIDDEN)[:31].strip() or "Sheet"
    name, n = base, 2
    while name.casefold() in {u.casefold() for u in used}:
        suffix = f" ({n})"
        name, n = base[: 31 - len(suffix)] + suffix, n + 1
    used.add(name)
    return name


def _append(sheet: Worksheet, values: list[Any]) -> None:
    """Every cell as data: text that looks like a formula (an IRO or team named "=…") is
    written as text a spreadsheet shows, never as a formula it runs."""
    sheet.append([spreadsheet_safe(value) for value in values])


def _mark(sheet: Worksheet) -> None:
    sheet.oddHeader.center.text = MARKING
    sheet.oddFooter.center.text = MARKING


def _about(sheet: Worksheet, report: AnnualReport) -> None:
    sheet.title = "About"
    p = report.period
    rows: list[tuple[str, Cell]] = [
        ("Report", f"{p.service_name}: annual report"),
        ("Local authority", p.local_authority),
        ("From", p.date_from),
        ("To", p.date_to),
        ("Scope", p.scope_label),
        ("Marking", MARKING),
    ]
    _append(sheet, ["Item", "Value"])
    for row in rows:
        _append(sheet, list(row))
    _style(sheet, 2, len(rows))
    sheet.column_dimensions["B"].width = 50


def _write_table(sheet: Worksheet, table: ReportTable) -> None:
    _append(sheet, list(table.columns))
    for row in table.rows:
        _append(sheet, list(row))
    if table.note:
        _append(sheet, [])
        _append(sheet, [table.note])
    _style(sheet, len(table.columns), len(table.rows), table)


def _style(sheet: Worksheet, width: int, rows: int, table: ReportTable | None = None) -> None:
    _mark(sheet)
    sheet.freeze_panes = "A2"
    for cell in sheet[1]:
        cell.font = _BOLD
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    percent_columns: set[int] = set()
    if table is not None:
        percent_columns = {i + 1 for i, name in enumerate(table.columns) if "(%)" in name}
        last = len(table.rows) + 1
        if table.rows and str(table.rows[-1][0]) == "Total":
            for cell in sheet[last]:
                cell.font = _BOLD
    widths = [10] * width
    for row in sheet.iter_rows(min_row=2, max_row=rows + 1, max_col=width):
        for cell in row:
            value = cell.value
            col = int(cell.column)
            if isinstance(value, bool):
                continue
            if isinstance(value, int | float) and col in percent_columns:
                cell.number_format = PERCENT_FORMAT
            elif isinstance(value, int):
                cell.number_format = INTEGER_FORMAT
            elif isinstance(value, float):
                cell.number_format = PERCENT_FORMAT
            elif isinstance(value, date):
                cell.number_format = DATE_FORMAT
            text = len(str(value)) if value is not None else 0
            widths[col - 1] = max(widths[col - 1], min(text + 2, 60))
    for index, name in enumerate(sheet[1][:width], start=1):
        header = len(str(name.value or "")) + 2
        sheet.column_dimensions[get_column_letter(index)].width = max(
            widths[index - 1], min(header, 30)
        )
