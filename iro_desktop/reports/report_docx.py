"""The annual report as a Word document: title, OFFICIAL-SENSITIVE marking, tables, charts.

Every table has a header row that repeats on each page; every chart carries alt text.
The document is built in memory as bytes; `services.annual_report` writes them atomically,
so a failed export never leaves a half-written document behind.
"""

from __future__ import annotations

import io
from datetime import date

from docx import Document
from docx.document import Document as DocumentType
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Inches, Pt
from docx.table import Table

from .charts import Chart, report_charts
from .figures import AnnualReport
from .layout import ReportTable, report_tables
from .table_model import Cell, format_cell

__all__ = ["MARKING", "MAX_DOCUMENT_ROWS", "format_cell", "report_docx_bytes"]

MARKING = "OFFICIAL-SENSITIVE"
#: Long listings (late reviews over many years) are cut here; the workbook has every row.
MAX_DOCUMENT_ROWS = 200
TABLE_WIDTH_INCHES = 6.3
TABLE_FONT_POINTS = 9


def long_date(value: date) -> str:
    return f"{value.day} {value:%B %Y}"


def report_docx_bytes(report: AnnualReport, *, charts: bool = True) -> bytes:
    document = Document()
    document.styles["Table Grid"].font.size = Pt(TABLE_FONT_POINTS)
    _mark_every_page(document)
    _title(document, report)
    drawn = report_charts(report) if charts else []
    section = ""
    for table in report_tables(report):
        if table.section != section:
            section = table.section
            document.add_heading(section, level=1)
        _add_table(document, table)
        for chart in drawn:
            if chart.data.after == table.key:
                _add_chart(document, chart)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _mark_every_page(document: DocumentType) -> None:
    for section in document.sections:
        section.different_first_page_header_footer = False
        for part in (section.header, section.footer):
            paragraph = part.paragraphs[0]
            paragraph.text = ""
            run = paragraph.add_run(MARKING)
            run.bold = True
            run.font.size = Pt(10)
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER


def _title(document: DocumentType, report: AnnualReport) -> None:
    p = report.period
    name = p.service_name or "Independent Reviewing Service"
    document.add_heading(f"{name}: annual report", level=0)
    lines = [
        p.local_authority,
        f"Period: {long_date(p.date_from)} to {long_date(p.date_to)}",
        f"Scope: {p.scope_label}",
    ]
    for line in filter(None, lines):
        document.add_paragraph(line)


def _add_table(document: DocumentType, table: ReportTable) -> None:
    document.add_heading(table.title, level=2)
    rows = table.rows
    if not rows:
        document.add_paragraph("None in this period.")
        return
    cut = len(rows) > MAX_DOCUMENT_ROWS
    if cut:
        rows = rows[:MAX_DOCUMENT_ROWS]
    grid = document.add_table(rows=len(rows) + 1, cols=len(table.columns))
    grid.style = "Table Grid"
    _fill(grid, table.columns, rows)
    _size_columns(grid, table.columns, rows)
    if cut:
        document.add_paragraph(
            f"The first {MAX_DOCUMENT_ROWS} of {len(table.rows):,} rows; the Excel workbook "
            "lists them all."
        )
    if table.note:
        note = document.add_paragraph()
        note.add_run(table.note).italic = True


def _fill(grid: Table, columns: tuple[str, ...], rows: tuple[tuple[Cell, ...], ...]) -> None:
    header = grid.rows[0]
    _repeat_as_header(header._tr)
    for cell, title in zip(header.cells, columns, strict=True):
        cell.paragraphs[0].add_run(title).bold = True
    for row, values in zip(grid.rows[1:], rows, strict=True):
        for cell, value in zip(row.cells, values, strict=True):
            cell.text = format_cell(value)
            if isinstance(value, int | float) and not isinstance(value, bool):
                cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT


def _size_columns(
    grid: Table, columns: tuple[str, ...], rows: tuple[tuple[Cell, ...], ...]
) -> None:
    """Share the page width so no word is split and long text (a reason) gets the most room."""
    weights = []
    for index, title in enumerate(columns):
        texts = [title] + [format_cell(row[index]) for row in rows[:50]]
        longest_word = max(len(word) for text in texts for word in (text.split() or [""]))
        average = sum(len(text) for text in texts) / len(texts)
        weights.append(max(longest_word + 3, min(30.0, 0.5 * average)))
    total = sum(weights)
    widths = [Inches(TABLE_WIDTH_INCHES * w / total) for w in weights]
    grid.autofit = False
    for column, width in zip(grid.columns, widths, strict=True):
        column.width = width
    for row in grid.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = width


def _repeat_as_header(tr: object) -> None:
    """Mark a row as the table's header: screen readers announce it, Word repeats it."""
    properties = tr.get_or_add_trPr()  # type: ignore[attr-defined]
    flag = OxmlElement("w:tblHeader")
    flag.set(qn("w:val"), "true")
    properties.append(flag)


def _add_chart(document: DocumentType, chart: Chart) -> None:
    shape = document.add_picture(io.BytesIO(chart.png), width=Inches(TABLE_WIDTH_INCHES))
    properties = shape._inline.docPr
    properties.set("descr", chart.data.alt_text)
    properties.set("title", chart.data.title)
    caption = document.add_paragraph()
    caption.add_run(chart.data.title).italic = True
