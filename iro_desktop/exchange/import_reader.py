"""Reading an import file: an .xlsx workbook, a folder or .zip of CSV files, or one CSV file.

The reader only finds the sheets and their rows; it never judges the values. It refuses, with
one clear message, anything that is not a spreadsheet (checked by its first bytes, not its
name), an empty file, and a file too big to be a service's history, and it streams rows so
that memory stays small until the limit is reached.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import IO

from .import_result import ImportFileError, ImportProblem
from .import_template import IGNORED_SHEETS, SHEETS, SheetSpec, normalise_name, sheet_spec

__all__ = ["MAX_BYTES", "MAX_ROWS", "Cell", "RawSheet", "ReadFile", "read_import_file"]

Cell = str | int | float | bool | date | datetime | None
#: A row with its number as Excel shows it (the heading row is 1).
Numbered = tuple[int, tuple[Cell, ...]]

MAX_BYTES = 50 * 1024 * 1024
MAX_ROWS = 200_000
MAX_COLUMNS = 100
#: Cells this far right of the last heading are still read, to catch values with no heading.
EXTRA_COLUMNS = 10

_ZIP = b"PK\x03\x04"
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_PDF = b"%PDF"


@dataclass
class RawSheet:
    """One sheet as read: its heading cells and its non-blank rows (with Excel row numbers)."""

    name: str
    header: tuple[str, ...]
    rows: list[tuple[int, tuple[Cell, ...]]] = field(default_factory=list)


@dataclass
class ReadFile:
    sheets: list[RawSheet] = field(default_factory=list)
    problems: list[ImportProblem] = field(default_factory=list)

    @property
    def row_count(self) -> int:
        return sum(len(s.rows) for s in self.sheets)


class _Budget:
    """Counts rows across every sheet and stops at the limit, naming where it was reached."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.used = 0

    def take(self, sheet: str, row: int) -> None:
        self.used += 1
        if self.used > self.limit:
            raise ImportFileError(
                f"The file has more than {self.limit:,} rows (the limit was reached at sheet "
                f"{sheet}, row {row:,}). Split it into smaller files and import them one by one.",
                sheet,
            )


def read_import_file(
    path: Path, *, max_rows: int = MAX_ROWS, max_bytes: int = MAX_BYTES
) -> ReadFile:
    """Read ``path``; raises ImportFileError when it cannot be read as a spreadsheet at all."""
    if path.is_dir():
        return _read_csv_folder(path, max_rows, max_bytes)
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
            return _read_csv_zip(path, max_rows, max_bytes)
        return _read_workbook(path, max_rows)
    if suffix in (".xlsx", ".xlsm", ".zip"):
        raise ImportFileError(
            f"{path.name} is not an Excel workbook: its contents are not a spreadsheet. "
            "Save it from Excel as .xlsx, or as .csv."
        )
    return _read_single_csv(path, max_rows)


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


# --------------------------------------------------------------------------- workbooks


def _read_workbook(path: Path, max_rows: int) -> ReadFile:
    from openpyxl import load_workbook

    result = ReadFile()
    budget = _Budget(max_rows)
    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001 - openpyxl raises many kinds for a bad file
        raise ImportFileError(
            f"{path.name} is damaged or is not an Excel workbook ({type(exc).__name__}). "
            "Open it in Excel and save it again as .xlsx, or save it as .csv."
        ) from exc
    try:
        seen: dict[str, str] = {}
        for page in book.worksheets:
            title = str(page.title)
            if normalise_name(title) in IGNORED_SHEETS:
                continue
            spec = sheet_spec(title)
            if spec is None:
                result.problems.append(_unknown_sheet(title))
                continue
            if spec.name in seen:
                result.problems.append(ImportProblem(
                    spec.name, None, None, f"There are two {spec.name} sheets ('{seen[spec.name]}' "
                    f"and '{title}'); keep one."))
                continue
            seen[spec.name] = title
            try:
                rows = page.iter_rows(values_only=True, max_col=MAX_COLUMNS)
                sheet = _collect(spec.name, _numbered(rows), budget)
            except ImportFileError:
                raise
            except Exception as exc:  # noqa: BLE001 - a damaged sheet inside a good zip
                raise ImportFileError(
                    f"The sheet {title} of {path.name} is damaged and cannot be read "
                    f"({type(exc).__name__}). Open it in Excel and save it again.", spec.name
                ) from exc
            if sheet is not None:
                result.sheets.append(sheet)
    finally:
        book.close()
    return _checked(path, result)


def _numbered(rows: Iterable[tuple[object, ...]]) -> Iterator[Numbered]:
    for number, values in enumerate(rows, start=1):
        yield number, tuple(_cell(v) for v in values)


def _cell(value: object) -> Cell:
    if value is None or isinstance(value, str | int | float | bool | date | datetime):
        return value
    return str(value)


def _collect(name: str, rows: Iterator[Numbered], budget: _Budget) -> RawSheet | None:
    """The heading row (row 1) and every non-blank row after it; None for an empty sheet."""
    first = next(rows, None)
    if first is None or _blank(first[1]):
        if any(not _blank(values) for _, values in rows):
            raise ImportFileError(
                f"Sheet {name}: row 1 is empty. Put the column names in row 1.", name)
        return None
    header = _trimmed_header(first[1])
    width = len(header) + EXTRA_COLUMNS
    sheet = RawSheet(name, header)
    for number, values in rows:
        if _blank(values):
            continue
        budget.take(name, number)
        sheet.rows.append((number, values[:width]))
    return sheet


def _trimmed_header(values: tuple[Cell, ...]) -> tuple[str, ...]:
    header = ["" if v is None else str(v).strip() for v in values]
    while header and not header[-1]:
        header.pop()
    return tuple(header)


def _blank(values: tuple[Cell, ...]) -> bool:
    return all(v is None or (isinstance(v, str) and not v.strip()) for v in values)


def _unknown_sheet(title: str) -> ImportProblem:
    known = ", ".join(s.name for s in SHEETS)
    return ImportProblem(title, None, None, f"There is no sheet called '{title}' in the "
                         f"template; the sheets are {known} (and README, lists).")


def _checked(path: Path, result: ReadFile) -> ReadFile:
    if not result.sheets and not result.problems:
        raise ImportFileError(f"{path.name} has no rows to import: its sheets are empty.")
    if result.sheets and result.row_count == 0 and not result.problems:
        raise ImportFileError(
            f"{path.name} has column names but no rows to import: add one row per record "
            "under the column names."
        )
    return result


# --------------------------------------------------------------------------- CSV files

Opener = Callable[[], IO[bytes]]


def _read_single_csv(path: Path, max_rows: int) -> ReadFile:
    sheet = _parse_csv(path.name, lambda: path.open("rb"), _Budget(max_rows), guess=True)
    return _checked(path, ReadFile([sheet] if sheet else []))


def _read_csv_folder(folder: Path, max_rows: int, max_bytes: int) -> ReadFile:
    files = sorted(p for p in folder.iterdir() if p.suffix.lower() == ".csv" and p.is_file())
    if not files:
        raise ImportFileError(f"The folder {folder.name} has no .csv files to import.")
    total = sum(p.stat().st_size for p in files)
    if total > max_bytes:
        raise ImportFileError(
            f"The CSV files in {folder.name} add up to {total / 1048576:.0f} MB; the limit is "
            f"{max_bytes // 1048576} MB. Import them in smaller parts."
        )
    members = [(p.name, _file_opener(p)) for p in files]
    return _read_csv_members(folder, members, max_rows)


def _file_opener(path: Path) -> Opener:
    return lambda: path.open("rb")


def _read_csv_zip(path: Path, max_rows: int, max_bytes: int) -> ReadFile:
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as exc:
        raise ImportFileError(
            f"{path.name} is damaged: it cannot be opened as a zip file.") from exc
    with archive:
        members = [m for m in archive.infolist() if not m.is_dir()
                   and m.filename.lower().endswith(".csv")
                   and not Path(m.filename).name.startswith((".", "__"))
                   and "__MACOSX" not in m.filename]
        if not members:
            raise ImportFileError(f"{path.name} holds no .csv files to import.")
        total = sum(m.file_size for m in members)
        if total > max_bytes:
            raise ImportFileError(
                f"The CSV files in {path.name} add up to {total / 1048576:.0f} MB once unzipped; "
                f"the limit is {max_bytes // 1048576} MB. Import them in smaller parts."
            )
        try:
            return _read_csv_members(
                path, [(Path(m.filename).name, _member_opener(archive, m)) for m in members],
                max_rows)
        except (zipfile.BadZipFile, OSError, RuntimeError, EOFError) as exc:
            raise ImportFileError(
                f"{path.name} is damaged: a file inside it cannot be read.") from exc


def _member_opener(archive: zipfile.ZipFile, member: zipfile.ZipInfo) -> Opener:
    return lambda: archive.open(member)


def _read_csv_members(source: Path, members: list[tuple[str, Opener]], max_rows: int) -> ReadFile:
    result = ReadFile()
    budget = _Budget(max_rows)
    seen: set[str] = set()
    for name, opener in members:
        spec = sheet_spec(Path(name).stem)
        if spec is None:
            result.problems.append(_unknown_sheet(Path(name).stem))
            continue
        if spec.name in seen:
            result.problems.append(ImportProblem(spec.name, None, None,
                                                 f"There are two {spec.name} files; keep one."))
            continue
        seen.add(spec.name)
        sheet = _parse_csv(name, opener, budget, guess=False)
        if sheet is not None:
            result.sheets.append(sheet)
    return _checked(source, result)


def _refuse_binary(name: str, opener: Opener) -> None:
    with opener() as raw:
        head = raw.read(8192)
    if head.startswith(_PDF):
        raise ImportFileError(f"{name} is a PDF document, not a spreadsheet.")
    if b"\x00" in head or head.startswith((_ZIP, _OLE)):
        raise ImportFileError(
            f"{name} is not a CSV text file (it holds binary data). Save the spreadsheet "
            "as .xlsx or as CSV (comma delimited)."
        )


def _parse_csv(name: str, opener: Opener, budget: _Budget, *, guess: bool) -> RawSheet | None:
    """Stream the rows as UTF-8 (with or without a BOM); if that fails, start again as
    Windows-1252, which Excel uses for "CSV (comma delimited)" on Windows."""
    _refuse_binary(name, opener)
    for encoding in ("utf-8-sig", "cp1252"):
        used = budget.used
        try:
            with opener() as raw:
                text = io.TextIOWrapper(raw, encoding=encoding, newline="")
                return _parse_text(name, text, budget, guess=guess)
        except UnicodeDecodeError:
            budget.used = used
        except csv.Error as exc:
            raise ImportFileError(f"{name} cannot be read as CSV: {exc}.", Path(name).stem) from exc
    raise ImportFileError(f"{name} is not a text file that can be read; save it as CSV UTF-8.")


def _parse_text(name: str, text: IO[str], budget: _Budget, *, guess: bool) -> RawSheet | None:
    stem = Path(name).stem
    rows = ((number, tuple(values)) for number, values in enumerate(csv.reader(text), start=1))
    first = next(rows, None)
    if first is None or _blank(first[1]):
        return None
    spec = sheet_spec(stem)
    if spec is None and guess:
        spec = _guess_sheet(_trimmed_header(first[1]))
    if spec is None:
        known = ", ".join(f"{s.name}.csv" for s in SHEETS)
        raise ImportFileError(
            f"{name}: cannot tell which sheet this file holds from its name or its "
            f"columns. Name it after its sheet ({known}).", stem)
    return _collect(spec.name, _prepend(first, rows), budget)


def _prepend(first: Numbered, rest: Iterator[Numbered]) -> Iterator[Numbered]:
    yield first
    yield from rest


def _guess_sheet(header: tuple[str, ...]) -> SheetSpec | None:
    """The sheet whose required columns are all there and which shares most columns."""
    names = {normalise_name(h) for h in header}
    best: SheetSpec | None = None
    best_overlap = 0
    for spec in SHEETS:
        if set(spec.required) <= names:
            overlap = len(names & set(spec.column_names))
            if overlap > best_overlap:
                best, best_overlap = spec, overlap
    return best
