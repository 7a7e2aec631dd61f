"""One sheet of an import file as read, and the limits that keep reading bounded.

Both readers (workbooks and CSV files) hand over each row as the cells it really has, so
the rules are the same for both: row 1 holds the column names, blank rows cost nothing,
a value with no column name is reported where it is (never dropped in silence), and no
file, however it was made, can make the reader do more than the documented limits allow.
"""

from __future__ import annotations

import lzma
import struct
import zipfile
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime

from openpyxl.utils import get_column_letter

from .import_result import ImportFileError, ImportProblem, shown
from .import_template import SHEETS

__all__ = [
    "MAX_CELLS",
    "MAX_COLUMNS",
    "MAX_ROWS",
    "MAX_SHEET_COLUMNS",
    "MAX_SHEET_ROWS",
    "Cell",
    "RawSheet",
    "ReadBudget",
    "ReadFile",
    "ZIP_ERRORS",
    "SparseRow",
    "blank",
    "collect_sheet",
    "unknown_sheet",
]

#: What the zip module raises for a damaged archive or a file inside it that cannot be read.
ZIP_ERRORS = (zipfile.BadZipFile, zlib.error, lzma.LZMAError, EOFError, OSError, RuntimeError,
              NotImplementedError, ValueError, OverflowError, struct.error)

Cell = str | int | float | bool | date | datetime | None
#: A row as read: its number as Excel shows it, and its cells as (column from 1, value).
SparseRow = tuple[int, list[tuple[int, Cell]]]

#: Rows with a value, across the whole file: a service's history fits many times over.
MAX_ROWS = 200_000
#: Columns with a name in row 1; the widest sheet of the template has a dozen.
MAX_COLUMNS = 100
#: The last row and column a spreadsheet can have (Excel's limits); past them a file is damaged.
MAX_SHEET_ROWS = 1_048_576
MAX_SHEET_COLUMNS = 16_384
#: Cells read, blank or not, across the file: 200,000 rows of the widest sheet fit with room.
MAX_CELLS = 5_000_000


@dataclass
class RawSheet:
    """One sheet as read: its heading cells and its non-blank rows (with Excel row numbers).

    Each row has exactly one value per heading cell; a value past the last heading is
    reported as a problem by the reader instead of being kept.
    """

    name: str
    header: tuple[str, ...]
    rows: list[tuple[int, tuple[Cell, ...]]] = field(default_factory=list)


@dataclass
class ReadFile:
    sheets: list[RawSheet] = field(default_factory=list)
    problems: list[ImportProblem] = field(default_factory=list)
    #: How much reading was done (rows and cells visited, blank or not): the work bound.
    rows_visited: int = 0
    cells_visited: int = 0

    @property
    def row_count(self) -> int:
        return sum(len(s.rows) for s in self.sheets)


class ReadBudget:
    """Counts what the reader does across every sheet and stops at the limits, naming where."""

    def __init__(self, max_rows: int = MAX_ROWS, max_cells: int = MAX_CELLS) -> None:
        self.max_rows, self.max_cells = max_rows, max_cells
        self.rows_taken = 0
        self.rows_visited = 0
        self.cells_visited = 0

    def visit(self, sheet: str, row: int, cells: int) -> None:
        """A row was read from the file, with ``cells`` cells (blank ones count too)."""
        if row > MAX_SHEET_ROWS:
            raise ImportFileError(
                f"Sheet {sheet} goes past row {MAX_SHEET_ROWS:,}, the last row a spreadsheet "
                "can have. Check that this is the right file; delete the empty rows below the "
                "data, or split it into smaller files.", sheet, row)
        self.rows_visited += 1
        self.cells_visited += cells
        if self.cells_visited > self.max_cells:
            raise ImportFileError(
                f"The file holds more than {self.max_cells:,} cells, blank or not (the limit "
                f"was reached at sheet {sheet}, row {row:,}). Delete the empty rows and columns "
                "below and right of the data, or split it into smaller files.", sheet, row)

    def take(self, sheet: str, row: int) -> None:
        """A row with a value will be imported."""
        self.rows_taken += 1
        if self.rows_taken > self.max_rows:
            raise ImportFileError(
                f"The file has more than {self.max_rows:,} rows (the limit was reached at sheet "
                f"{sheet}, row {row:,}). Split it into smaller files and import them one by one.",
                sheet,
            )

    def record(self, result: ReadFile) -> ReadFile:
        result.rows_visited, result.cells_visited = self.rows_visited, self.cells_visited
        return result


def blank_value(value: Cell) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def blank(values: Iterable[Cell]) -> bool:
    return all(blank_value(v) for v in values)


def _blank_row(cells: list[tuple[int, Cell]]) -> bool:
    return all(blank_value(v) for _, v in cells)


def collect_sheet(name: str, rows: Iterator[SparseRow], budget: ReadBudget,
                  problems: list[ImportProblem]) -> RawSheet | None:
    """The heading row (row 1) and every non-blank row after it; None for an empty sheet."""
    first = next(rows, None)
    if first is None:
        return None
    number, cells = first
    if number != 1 or _blank_row(cells):
        if not _blank_row(cells) or any(not _blank_row(c) for _, c in rows):
            raise ImportFileError(
                f"Sheet {name}: row 1 is empty. Put the column names in row 1.", name, 1)
        return None
    header = _header(name, cells)
    sheet = RawSheet(name, header)
    width = len(header)
    for number, cells in rows:
        if _blank_row(cells):
            continue
        values: list[Cell] = [None] * width
        stray: list[int] = []
        for column, value in cells:
            if column <= width:
                values[column - 1] = value
            elif not blank_value(value):
                stray.append(column)
        if stray:
            problems.append(_stray(name, number, stray))
        if not blank(values):
            budget.take(name, number)
            sheet.rows.append((number, tuple(values)))
    return sheet


def _header(name: str, cells: list[tuple[int, Cell]]) -> tuple[str, ...]:
    """Row 1's names up to the last one given; a name past MAX_COLUMNS stops the import."""
    named = [(column, str(value).strip()) for column, value in cells if not blank_value(value)]
    last = max(column for column, _ in named)
    if last > MAX_COLUMNS:
        letter = get_column_letter(last)
        raise ImportFileError(
            f"Sheet {name} has a column name in column {letter}; at most {MAX_COLUMNS} columns "
            "are read. Delete the columns that are not in the template.", name, 1, letter)
    header = [""] * last
    for column, text in named:
        header[column - 1] = text
    return tuple(header)


def _stray(name: str, row: int, columns: list[int]) -> ImportProblem:
    letter = get_column_letter(columns[0])
    more = f" (and {len(columns) - 1:,} more to its right)" if len(columns) > 1 else ""
    return ImportProblem(name, row, letter, f"There is a value in column {letter}{more}, which "
                         "has no column name in row 1.")


def unknown_sheet(title: str) -> ImportProblem:
    known = ", ".join(s.name for s in SHEETS)
    return ImportProblem(title, None, None, f"There is no sheet called '{shown(title)}' in the "
                         f"template; the sheets are {known} (and README, lists).")
