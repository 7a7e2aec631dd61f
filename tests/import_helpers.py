"""Fictional import files for the import tests, and a digest that shows a store is unchanged."""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Callable
from datetime import date
from pathlib import Path

from sqlalchemy import select, text

from iro_desktop.exchange.import_template import SHEETS, write_template_xlsx
from iro_desktop.store import Store
from iro_desktop.store.models import Child, Review

TODAY = date(2026, 1, 15)

Sheets = dict[str, list[list[object]]]


def good_rows() -> Sheets:
    """Two children, three periods, four reviews, two audits, two challenges, one good practice.

    Columns follow the template order; trailing optional cells may be left off.
    """
    return {
        "children": [
            ["LA100001", "Tamsin", "Reed", "Tam", "2012-05-14", "Female", "WBRI", "Oak Academy",
             "Sam Patel"],
            ["LA100002", "Ben", "Cole", "", "14/06/2021", "1", "MWBC", "", ""],
        ],
        "periods": [
            ["LA100001", "2022-03-01", "V2", "U6", "", "N4", "2022-09-30", "E4A"],
            ["LA100001", "2023-01-09", "C2", "U4", "Mr and Mrs Hale", "N1"],
            ["LA100002", "09/01/2024", "C1", "Foster placement with other foster carer(s) – "
             "not long-term or fostering for adoption / concurrent planning", "", "n1"],
        ],
        "reviews": [
            ["LA100001", "2023-02-03", "Sam Patel", "PN1"],
            ["LA100001", "2023-05-02", "Sam Patel", "PN6", "yes", "2023-05-03"],
            ["LA100001", "2023-12-01", "Alex Moore", "PN5", "no", "", "Carer unwell"],
            ["LA100002", "2024-02-05", "", "PN0"],
        ],
        "audits": [
            ["LA100001", "2023-02-03", "2023-02-10", "Good", "Met", "Met", "Partly met", "met",
             "Met", "Completed"],
            ["LA100001", "2023-12-01", "2023-12-08", "needs_improvement", "Not met", "", "",
             "", "", "Declined", "Team manager to chase the PEP."],
        ],
        "challenges": [
            ["LA100001", "2023-02-14", "care_plan.drift_delay; Health – health assessment "
             "overdue; education.pep_not_completed", "informal:2023-02-14; Stage 1 – team "
             "manager:21/02/2023", "Resolved – no further action", "2023-03-01",
             "Jo Bennett", "Plan drifting"],
            ["LA100002", "2024-03-01", "placement.poor_stability"],
        ],
        "good_practice": [
            ["LA100001", "2023-03-01", "Priya Sandhu", "Children in Care Team 2",
             "Prepared Tamsin for her review with a visit."],
        ],
    }


EXPECTED_NEW = {"children": 2, "periods": 3, "reviews": 4, "audits": 2, "challenges": 2,
                "good_practice": 1}


def header(sheet: str) -> list[str]:
    return list(next(s for s in SHEETS if s.name == sheet).column_names)


def write_xlsx(path: Path, sheets: Sheets, *, headers: dict[str, list[str]] | None = None) -> Path:
    """The blank template with these rows appended (and, if given, other heading rows)."""
    from openpyxl import load_workbook

    write_template_xlsx(path)
    book = load_workbook(path)
    for name in [s.name for s in SHEETS]:
        if name not in sheets:
            del book[name]
    for name, rows in sheets.items():
        page = book[name]
        if headers and name in headers:
            page.delete_rows(1)
            page.insert_rows(1)
            for index, text in enumerate(headers[name], start=1):
                page.cell(row=1, column=index, value=text)
        for row in rows:
            page.append(row)
    book.save(path)
    return path


def csv_text(sheet: str, rows: list[list[object]], head: list[str] | None = None) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(head or header(sheet))
    writer.writerows(rows)
    return buffer.getvalue()


def write_csvs(folder: Path, sheets: Sheets) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, rows in sheets.items():
        (folder / f"{name}.csv").write_text(csv_text(name, rows), encoding="utf-8")
    return folder


def store_digest(store: Store) -> tuple[object, ...]:
    """Row counts of every table in the database, plus the children's IDs and the reviews."""
    with store.read_session() as session:
        names = session.scalars(text(
            "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")).all()
        counts = tuple(
            (name, session.scalar(text(f'SELECT count(*) FROM "{name}"'))) for name in names
        )
        children = tuple(session.scalars(select(Child.local_id).order_by(Child.local_id)))
        reviews = tuple(session.execute(
            select(Review.meeting_date, Review.participation_code, Review.version)
            .order_by(Review.meeting_date)).all())
    return counts, children, reviews


def rewrite_zip(source: Path, target: Path, edit: Callable[[str, bytes], bytes | None]) -> Path:
    """Copy a zip (a workbook or a .zip of CSVs), passing each member through ``edit``;
    a member it returns None for is left out."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            data = edit(info.filename, old.read(info.filename))
            if data is not None:
                new.writestr(info.filename, data)
    return target


def sheet_part(path: Path, sheet: str) -> str:
    """The name of the part inside the workbook that holds ``sheet``'s XML."""
    from openpyxl import load_workbook

    book = load_workbook(path, read_only=True)
    try:
        return str(book[sheet]._worksheet_path)
    finally:
        book.close()


def with_dimension(xml: bytes, ref: str) -> bytes:
    """The sheet XML with its <dimension> tag saying ``ref``, whatever the sheet holds."""
    return re.sub(rb'<dimension ref="[^"]*"/>', f'<dimension ref="{ref}"/>'.encode(), xml)


def with_rows_appended(xml: bytes, rows: str) -> bytes:
    """The sheet XML with the given <row> elements added after its last row."""
    return xml.replace(b"</sheetData>", rows.encode() + b"</sheetData>")


def table_counts(store: Store) -> dict[str, int]:
    """Rows in each table of the store."""
    with store.read_session() as session:
        names = session.scalars(text("SELECT name FROM sqlite_master WHERE type = 'table'")).all()
        return {name: int(session.scalar(text(f'SELECT count(*) FROM "{name}"')) or 0)
                for name in names}
