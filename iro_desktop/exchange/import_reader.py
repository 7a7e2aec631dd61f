"""Reading an import file: an .xlsx workbook, a folder or .zip of CSV files, or one CSV file.

The reader only finds the sheets and their rows; it never judges the values. It refuses, with
one clear message, anything that is not a spreadsheet (checked by its first bytes, not its
name), an empty file, a file too big to be a service's history, and a damaged one; the rows
are streamed and every limit is counted as they are read (``import_sheet``), so neither
memory nor time can run away whatever the file holds. Workbooks are read by
``import_xlsx``, CSV files by ``import_csv``.
"""

from __future__ import annotations

from pathlib import Path

from .import_csv import read_csv_folder, read_csv_zip, read_single_csv
from .import_result import ImportFileError
from .import_sheet import (
    MAX_CELLS,
    MAX_COLUMNS,
    MAX_ROWS,
    MAX_SHEET_ROWS,
    Cell,
    RawSheet,
    ReadBudget,
    ReadFile,
)
from .import_xlsx import read_workbook

__all__ = [
    "MAX_BYTES",
    "MAX_CELLS",
    "MAX_COLUMNS",
    "MAX_ROWS",
    "MAX_SHEET_ROWS",
    "Cell",
    "RawSheet",
    "ReadFile",
    "read_import_file",
]

MAX_BYTES = 50 * 1024 * 1024

_ZIP = b"PK\x03\x04"
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_PDF = b"%PDF"


def read_import_file(
    path: Path, *, max_rows: int = MAX_ROWS, max_bytes: int = MAX_BYTES,
    max_cells: int = MAX_CELLS,
) -> ReadFile:
    """Read ``path``; raises ImportFileError when it cannot be read as a spreadsheet at all."""
    try:
        return _checked(path, _read(path, ReadBudget(max_rows, max_cells), max_bytes))
    except OSError as exc:
        raise ImportFileError(f"{path.name} cannot be read: {exc.strerror or exc}.") from exc


def _read(path: Path, budget: ReadBudget, max_bytes: int) -> ReadFile:
    if path.is_dir():
        return read_csv_folder(path, budget, max_bytes)
    if not path.is_file():
        raise ImportFileError(f"There is no file at {path}.")
    size = path.stat().st_size
    if size == 0:
        raise ImportFileError(f"{path.name} is empty: there is nothing to import.")
    if size > max_bytes:
        raise ImportFileError(
            f"{path.name} is {size / 1048576:.0f} MB; the limit is {max_bytes // 1048576} MB. "
            "Split it into smaller files and import them one by one."
        )
    with path.open("rb") as handle:
        head = handle.read(8)
    suffix = path.suffix.lower()
    _refuse_known_formats(path, head, suffix)
    if head.startswith(_ZIP):
        if suffix == ".zip":
            return read_csv_zip(path, budget, max_bytes)
        return read_workbook(path, budget)
    if suffix in (".xlsx", ".xlsm", ".zip"):
        raise ImportFileError(
            f"{path.name} is not an Excel workbook: its contents are not a spreadsheet. "
            "Save it from Excel as .xlsx, or as .csv."
        )
    return read_single_csv(path, budget)


def _refuse_known_formats(path: Path, head: bytes, suffix: str) -> None:
    if head.startswith(_PDF):
        raise ImportFileError(
            f"{path.name} is a PDF document, not a spreadsheet. Import the .xlsx or .csv "
            "file it was made from."
        )
    if head.startswith(_OLE):
        raise ImportFileError(
            f"{path.name} is an old-style Excel 97–2003 workbook (.xls) or a password-protected "
            "workbook. Open it in Excel, remove any password and save it as .xlsx."
        )
    if head.startswith(_ZIP) and suffix in (".docx", ".pptx", ".odt", ".ods"):
        raise ImportFileError(f"{path.name} is not a spreadsheet; save it as .xlsx or .csv.")


def _checked(path: Path, result: ReadFile) -> ReadFile:
    if not result.sheets and not result.problems:
        raise ImportFileError(f"{path.name} has no rows to import: its sheets are empty.")
    if result.sheets and result.row_count == 0 and not result.problems:
        raise ImportFileError(
            f"{path.name} has column names but no rows to import: add one row per record "
            "under the column names."
        )
    return result
