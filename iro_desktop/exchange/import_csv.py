"""Reading CSV files: one file, a folder of them, or a .zip of them.

The text's encoding is decided by its first bytes: a byte order mark says UTF-8, UTF-16
(little or big endian: Excel's "Unicode text") or UTF-32; without one the text is read as
UTF-8 and, if that fails, read again as Windows-1252 (Excel's "CSV (comma delimited)" on
Windows). The delimiter is the one the column names are separated by: a comma, a tab
(Unicode text) or a semicolon (Excel in much of Europe). A file with NUL bytes and no byte
order mark is binary, not text, and is refused. Lines are read with a length limit and a
damaged .zip names the file inside it that cannot be read, so no file gives a traceback
or ties the import up.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Callable, Iterator
from itertools import chain
from pathlib import Path
from typing import IO

from .import_result import ImportFileError, ImportProblem, shown
from .import_sheet import (
    MAX_SHEET_COLUMNS,
    ZIP_ERRORS,
    RawSheet,
    ReadBudget,
    ReadFile,
    SparseRow,
    collect_sheet,
    unknown_sheet,
)
from .import_template import SHEETS, SheetSpec, normalise_name, sheet_spec

__all__ = ["MAX_LINE", "read_csv_folder", "read_csv_zip", "read_single_csv"]

Opener = Callable[[], IO[bytes]]

#: The longest line read, in characters: far past any row of the template.
MAX_LINE = 1_000_000
_HEAD = 8192
_PDF = b"%PDF"
_ZIP = b"PK\x03\x04"
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
#: Longest first: the UTF-32 little-endian mark begins with the UTF-16 one.
_BOMS = (
    (b"\xff\xfe\x00\x00", "utf-32", "UTF-32"),
    (b"\x00\x00\xfe\xff", "utf-32", "UTF-32"),
    (b"\xef\xbb\xbf", "utf-8-sig", "UTF-8"),
    (b"\xff\xfe", "utf-16", "UTF-16"),
    (b"\xfe\xff", "utf-16", "UTF-16"),
)
_DELIMITERS = (",", "\t", ";")


def read_single_csv(path: Path, budget: ReadBudget) -> ReadFile:
    result = ReadFile()
    sheet = _parse(path.name, _file_opener(path), budget, result.problems, guess=True)
    if sheet is not None:
        result.sheets.append(sheet)
    return budget.record(result)


def read_csv_folder(folder: Path, budget: ReadBudget, max_bytes: int) -> ReadFile:
    files = sorted(p for p in folder.iterdir() if p.suffix.lower() == ".csv" and p.is_file())
    if not files:
        raise ImportFileError(f"The folder {folder.name} has no .csv files to import.")
    total = sum(p.stat().st_size for p in files)
    if total > max_bytes:
        raise ImportFileError(
            f"The CSV files in {folder.name} add up to {total / 1048576:.0f} MB; the limit is "
            f"{max_bytes // 1048576} MB. Import them in smaller parts."
        )
    return _read_members([(p.name, _file_opener(p)) for p in files], budget)


def _file_opener(path: Path) -> Opener:
    return lambda: path.open("rb")


def read_csv_zip(path: Path, budget: ReadBudget, max_bytes: int) -> ReadFile:
    try:
        archive = zipfile.ZipFile(path)
    except ZIP_ERRORS as exc:
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
        named = [(Path(m.filename).name, _member_opener(path, archive, m)) for m in members]
        return _read_members(named, budget)


def _member_opener(path: Path, archive: zipfile.ZipFile, member: zipfile.ZipInfo) -> Opener:
    return lambda: io.BufferedReader(_MemberFile(path, archive, member))


class _MemberFile(io.RawIOBase):
    """A file inside the .zip, read so that any sign of damage becomes one clear message."""

    def __init__(self, path: Path, archive: zipfile.ZipFile, member: zipfile.ZipInfo) -> None:
        super().__init__()
        self._where = f"{path.name} is damaged: the file {shown(member.filename)} inside it"
        try:
            self._inner: IO[bytes] = archive.open(member)
        except ZIP_ERRORS as exc:
            raise self._damaged() from exc

    def _damaged(self) -> ImportFileError:
        return ImportFileError(f"{self._where} cannot be read. Make the .zip again from the "
                               "CSV files.")

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        try:
            data = self._inner.read(len(buffer))
        except ZIP_ERRORS as exc:
            raise self._damaged() from exc
        buffer[:len(data)] = data
        return len(data)

    def close(self) -> None:
        self._inner.close()
        super().close()


def _read_members(members: list[tuple[str, Opener]], budget: ReadBudget) -> ReadFile:
    result = ReadFile()
    seen: set[str] = set()
    for name, opener in members:
        spec = sheet_spec(Path(name).stem)
        if spec is None:
            result.problems.append(unknown_sheet(Path(name).stem))
            continue
        if spec.name in seen:
            result.problems.append(ImportProblem(spec.name, None, None,
                                                 f"There are two {spec.name} files; keep one."))
            continue
        seen.add(spec.name)
        sheet = _parse(name, opener, budget, result.problems, guess=False)
        if sheet is not None:
            result.sheets.append(sheet)
    return budget.record(result)


def _encodings(name: str, head: bytes) -> list[tuple[str, str]]:
    """The encodings to try, in order, each with its name for people; refuses binary data."""
    if head.startswith(_PDF):
        raise ImportFileError(f"{shown(name)} is a PDF document, not a spreadsheet.")
    for mark, encoding, label in _BOMS:
        if head.startswith(mark):
            return [(encoding, label)]
    if b"\x00" in head or head.startswith((_ZIP, _OLE)):
        raise ImportFileError(
            f"{shown(name)} is not a CSV text file (it holds binary data). Save the spreadsheet "
            "as .xlsx or as CSV UTF-8 (comma delimited)."
        )
    return [("utf-8", "UTF-8"), ("cp1252", "Windows-1252")]


def _parse(name: str, opener: Opener, budget: ReadBudget, problems: list[ImportProblem], *,
           guess: bool) -> RawSheet | None:
    """Stream the rows in the first encoding that reads the whole file."""
    try:
        with opener() as raw:
            head = raw.read(_HEAD)
    except OSError as exc:
        raise ImportFileError(f"{shown(name)} cannot be read: {exc.strerror or exc}.") from exc
    encodings = _encodings(name, head)
    for encoding, _ in encodings:
        counts = (budget.rows_taken, budget.rows_visited, budget.cells_visited)
        noted = len(problems)
        try:
            with opener() as raw:
                text = io.TextIOWrapper(raw, encoding=encoding, newline="")
                return _parse_text(name, text, budget, problems, guess=guess)
        except UnicodeError:
            budget.rows_taken, budget.rows_visited, budget.cells_visited = counts
            del problems[noted:]
        except OSError as exc:
            raise ImportFileError(f"{shown(name)} cannot be read: {exc.strerror or exc}.") \
                from exc
    if len(encodings) == 1:
        raise ImportFileError(
            f"{shown(name)} begins with the mark of {encodings[0][1]} text but holds bytes "
            "that are not; save it again as CSV UTF-8.")
    raise ImportFileError(f"{shown(name)} is not a text file that can be read; save it as CSV "
                          "UTF-8.")


def _parse_text(name: str, text: IO[str], budget: ReadBudget, problems: list[ImportProblem],
                *, guess: bool) -> RawSheet | None:
    stem = Path(name).stem
    first_line = text.readline(MAX_LINE + 1).lstrip("\ufeff")  # a second byte order mark
    delimiter = max(_DELIMITERS, key=first_line.count) if first_line else ","
    reader = csv.reader(_lines(name, text, first_line), delimiter=delimiter)
    try:
        first = next(reader, None)
        if first is None:
            return None
        spec = sheet_spec(stem)
        if spec is None and guess and any(v.strip() for v in first):
            spec = _guess_sheet(tuple(v.strip() for v in first))
        if spec is None and any(v.strip() for v in first):
            known = ", ".join(f"{s.name}.csv" for s in SHEETS)
            raise ImportFileError(
                f"{shown(name)}: cannot tell which sheet this file holds from its name or its "
                f"columns. Name it after its sheet ({known}).", shown(stem))
        sheet = spec.name if spec is not None else shown(stem)
        return collect_sheet(sheet, _records(sheet, first, reader, budget), budget, problems)
    except csv.Error as exc:
        raise ImportFileError(f"{shown(name)} cannot be read as CSV at line "
                              f"{reader.line_num:,}: {exc}.", shown(stem)) from exc


def _lines(name: str, text: IO[str], first: str) -> Iterator[str]:
    """The file's lines, refusing one so long it cannot be a row of the template."""
    line, number = first, 1
    while line:
        if len(line) > MAX_LINE:
            raise ImportFileError(
                f"{shown(name)}: line {number:,} is longer than {MAX_LINE:,} characters, far "
                "more than a row of the template; check that this is the right file.")
        yield line
        line = text.readline(MAX_LINE + 1)
        number += 1


def _records(sheet: str, first: list[str], reader: Iterator[list[str]],
             budget: ReadBudget) -> Iterator[SparseRow]:
    for number, values in enumerate(chain([first], reader), start=1):
        budget.visit(sheet, number, len(values))
        if len(values) > MAX_SHEET_COLUMNS:
            raise ImportFileError(
                f"Sheet {sheet}: row {number:,} has {len(values):,} columns; a spreadsheet can "
                f"have at most {MAX_SHEET_COLUMNS:,}. Check that this is the right file.",
                sheet, number)
        yield number, [(column, value) for column, value in enumerate(values, start=1)
                       if value.strip()]


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
