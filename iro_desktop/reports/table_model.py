"""The shape shared by the Word and Excel exports: titled tables of plain cells.

Laying the figures out once means the document and the workbook cannot disagree: both
print the same cells. Percentages are numbers rounded to one decimal place, shown in
columns whose heading ends "(%)"; no value (None) marks a percentage with nothing to
divide by.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from .sections import Count, Rate

__all__ = ["Cell", "ReportTable", "format_cell", "make_table", "pct", "share_rows"]

Cell = str | int | float | date | None

def format_cell(value: Cell) -> str:
    """How a cell reads on screen and in the document: 1,946 / 94.4 / 3 June 2024 / – for none."""
    if value is None:
        return "–"
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, float):
        return f"{value:,.1f}"
    if isinstance(value, date):
        return f"{value.day} {value:%B %Y}"
    return value



@dataclass(frozen=True, slots=True)
class ReportTable:
    """One table: `key` names it in code, `sheet` is its worksheet name (31 characters at most)."""

    key: str
    section: str
    title: str
    sheet: str
    columns: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]
    note: str = ""


def pct(rate: Rate) -> float | None:
    """One decimal place, rounded half up; None with nothing to divide by."""
    return rate.rounded(1)


def share_rows(
    rows: tuple[Count, ...], *, with_code: bool = False, apart: tuple[str, ...] = ()
) -> list[tuple[Cell, ...]]:
    """Rows with their share of the total, then a Total row; `apart` rows have no share."""
    shared = sum(r.count for r in rows if r.code not in apart)
    total = sum(r.count for r in rows)
    out: list[tuple[Cell, ...]] = []
    for r in rows:
        share = None if r.code in apart else pct(Rate(r.count, shared))
        cells: tuple[Cell, ...] = (r.label, r.count, share)
        out.append((r.code, *cells) if with_code else cells)
    whole = pct(Rate(total, total)) if shared == total else None
    total_row: tuple[Cell, ...] = ("Total", total, whole)
    out.append(("", *total_row) if with_code else total_row)
    return out


def make_table(
    key: str,
    section: str,
    title: str,
    sheet: str,
    columns: tuple[str, ...],
    rows: Sequence[tuple[Cell, ...]],
    note: str = "",
) -> ReportTable:
    return ReportTable(key, section, title, sheet, columns, tuple(rows), note)
