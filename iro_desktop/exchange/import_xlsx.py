"""Reading the sheets of an .xlsx workbook row by row, as the file really holds them.

openpyxl's read-only rows trust the sheet's ``<dimension>`` tag and pad every gap: a tag
that understates the sheet (some exporters write ``A1:C2`` over 200 rows) silently hides
rows, and one that overstates it (or a single cell at XFD1048576) makes the reader walk a
million empty rows. So the rows are taken from the sheet's XML itself, with openpyxl still
turning each cell into a value: only the rows present are visited, the tag is never read,
and the work is bounded by the limits in ``import_sheet``. A cell holding a formula or an
Excel error is refused where it is: a statutory record is built from values, never from
formulas, and nothing in an imported file is ever evaluated.
"""

from __future__ import annotations

import warnings
import zipfile
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import iterparse

from openpyxl.utils import get_column_letter
from openpyxl.xml.constants import SHEET_MAIN_NS

from .import_result import ImportFileError, ImportProblem, shown
from .import_sheet import (
    MAX_SHEET_COLUMNS,
    ZIP_ERRORS,
    Cell,
    ReadBudget,
    ReadFile,
    SparseRow,
    collect_sheet,
    unknown_sheet,
)
from .import_template import IGNORED_SHEETS, normalise_name, sheet_spec

__all__ = ["MAX_RATIO", "MAX_UNZIPPED_BYTES", "read_workbook"]

#: All the parts of a workbook, unpacked: far more than 200,000 rows of the template need.
MAX_UNZIPPED_BYTES = 512 * 1024 * 1024
#: How many times its packed size a part may unpack to (real sheets stay near 15): past
#: this, a small file would unpack to a huge one and tie the import up.
MAX_RATIO = 100
#: Parts smaller than this unpacked are never refused for their ratio.
_RATIO_FLOOR = 1024 * 1024

_ROW = f"{{{SHEET_MAIN_NS}}}row"
_CELL = f"{{{SHEET_MAIN_NS}}}c"
_DATA = f"{{{SHEET_MAIN_NS}}}sheetData"


def read_workbook(path: Path, budget: ReadBudget) -> ReadFile:
    """Every template sheet of the workbook at ``path``; ImportFileError when it cannot be read."""
    _check_parts(path)
    book = _open(path)
    result = ReadFile()
    try:
        seen: dict[str, str] = {}
        for page in book.worksheets:
            title = str(page.title)
            if normalise_name(title) in IGNORED_SHEETS:
                continue
            spec = sheet_spec(title)
            if spec is None:
                result.problems.append(unknown_sheet(title))
                continue
            if spec.name in seen:
                result.problems.append(ImportProblem(
                    spec.name, None, None, f"There are two {spec.name} sheets ('{seen[spec.name]}' "
                    f"and '{shown(title)}'); keep one."))
                continue
            seen[spec.name] = shown(title)
            rows = _SheetRows(book, page, spec.name, path.name, budget, result.problems)
            sheet = collect_sheet(spec.name, iter(rows), budget, result.problems)
            if sheet is not None:
                result.sheets.append(sheet)
    finally:
        book.close()
    return budget.record(result)


def _check_parts(path: Path) -> None:
    """Refuse, before unpacking anything, a workbook that would unpack to far more than a
    spreadsheet's data (a "zip bomb"), so a small file can never tie the import up."""
    try:
        with zipfile.ZipFile(path) as archive:
            parts = archive.infolist()
    except ZIP_ERRORS as exc:
        raise _damaged(path, exc) from exc
    total = sum(part.file_size for part in parts)
    if total > MAX_UNZIPPED_BYTES:
        raise ImportFileError(
            f"{path.name} unpacks to {total / 1048576:,.0f} MB; the limit is "
            f"{MAX_UNZIPPED_BYTES // 1048576} MB. Split it into smaller files.")
    for part in parts:
        if part.file_size > _RATIO_FLOOR and part.file_size > MAX_RATIO * max(
                part.compress_size, 1):
            raise ImportFileError(
                f"{path.name} is not a workbook that can be imported: its part "
                f"{shown(part.filename)} unpacks to {part.file_size / 1048576:,.0f} MB from "
                f"{part.compress_size / 1024:,.0f} KB, far more than a spreadsheet's data "
                "would. Open it in Excel and save it again, or save it as .csv.")


def _damaged(path: Path, exc: BaseException) -> ImportFileError:
    return ImportFileError(
        f"{path.name} is damaged or is not an Excel workbook ({type(exc).__name__}). "
        "Open it in Excel and save it again as .xlsx, or save it as .csv.")


def _open(path: Path) -> Any:
    from openpyxl import load_workbook

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return load_workbook(path, read_only=True, data_only=False, keep_links=False)
    except Exception as exc:  # noqa: BLE001 - openpyxl raises many kinds for a bad file
        raise _damaged(path, exc) from exc


class _SheetRows:
    """The rows one sheet's XML holds, in order, each with the cells it has.

    Uses openpyxl's own cell parser (``WorkSheetParser.parse_cell``: shared strings, date
    styles, inline strings) on the workbook's read-only parts, so cell values read exactly
    as openpyxl reads them; only the walk over the rows is ours.
    """

    def __init__(self, book: Any, page: Any, sheet: str, file_name: str, budget: ReadBudget,
                 problems: list[ImportProblem]) -> None:
        from openpyxl.worksheet._reader import WorkSheetParser

        self.page, self.sheet, self.file_name = page, sheet, file_name
        self.budget, self.problems = budget, problems
        self.parser = WorkSheetParser(None, page._shared_strings, data_only=False,
                                      epoch=book.epoch, date_formats=book._date_formats,
                                      timedelta_formats=book._timedelta_formats)

    def __iter__(self) -> Iterator[SparseRow]:
        previous = 0
        try:
            with self.page._get_source() as source:
                data: Any = None
                for event, element in iterparse(source, events=("start", "end")):
                    if event == "start":
                        if element.tag == _DATA:
                            data = element
                        continue
                    if element.tag == _ROW:
                        previous = self._number(element, previous)
                        yield previous, self._cells(element, previous)
                        element.clear()
                        if data is not None:
                            del data[:]
                    elif element.tag == _DATA:
                        return  # nothing after the rows is needed
        except ImportFileError:
            raise
        except Exception as exc:  # noqa: BLE001 - a damaged part inside a good zip
            raise ImportFileError(
                f"The sheet {self.sheet} of {self.file_name} is damaged and cannot be read "
                f"after row {previous:,} ({type(exc).__name__}). Open it in Excel and save it "
                "again.", self.sheet, previous or None) from exc

    def _number(self, element: Any, previous: int) -> int:
        text = element.get("r")
        try:
            number = int(text) if text is not None else previous + 1
        except ValueError:
            number = -1
        if number <= previous:
            raise ImportFileError(
                f"The sheet {self.sheet} of {self.file_name} is damaged: its rows are out of "
                f"order after row {previous:,}. Open it in Excel and save it again.",
                self.sheet, previous or None)
        return number

    def _cells(self, element: Any, number: int) -> list[tuple[int, Cell]]:
        parser = self.parser
        parser.row_counter, parser.col_counter = number, 0
        found: list[tuple[int, Cell]] = []
        count = 0
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # a date out of range becomes an error cell
            for child in element:
                if child.tag != _CELL:
                    continue
                count += 1
                column, value = self._cell(child, number)
                if value is not None:
                    found.append((column, value))
        self.budget.visit(self.sheet, number, count)
        return found

    def _cell(self, element: Any, number: int) -> tuple[int, Cell]:
        """The cell's column and value; a formula or an error is kept as its text, and
        reported."""
        parsed = self.parser.parse_cell(element)
        column = int(parsed["column"])
        if not 1 <= column <= MAX_SHEET_COLUMNS:
            raise ImportFileError(
                f"The sheet {self.sheet} of {self.file_name} is damaged: a cell in row "
                f"{number:,} is outside the sheet. Open it in Excel and save it again.",
                self.sheet, number)
        value = parsed["value"]
        kind = parsed["data_type"]
        if kind == "f":
            text = str(getattr(value, "text", value) or "=")
            self._refuse(number, column, f"This cell holds a formula ({shown(text)}). An "
                         "imported record is built from values, not formulas: replace it by "
                         "its value (copy the cells, then Paste Special, Values).")
            return column, text
        if kind == "e":
            text = str(value)
            self._refuse(number, column, f"This cell holds an Excel error ({shown(text)}); "
                         "put the value itself.")
            return column, text
        return column, _value(value)

    def _refuse(self, row: int, column: int, reason: str) -> None:
        self.problems.append(ImportProblem(self.sheet, row, get_column_letter(column), reason))


def _value(value: object) -> Cell:
    if value is None or isinstance(value, str | int | float | bool | date):
        return value
    return str(value)
