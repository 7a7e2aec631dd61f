"""The rows of an import file as typed records, and the checks that need only the row itself.

Every sheet's heading row is checked against the template first (unknown, repeated and
missing columns); then each row's cells are read by the column's kind. A row with any bad
cell is reported and left out, so the checks across rows only ever see good records.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from openpyxl.utils import get_column_letter

from .import_reader import Cell, RawSheet
from .import_result import ImportProblem, shown
from .import_template import SheetSpec, normalise_name, sheet_spec
from .import_values import CellError, cell_text, matcher, parse_date, parse_yes_no, split_list

__all__ = [
    "AUDIT_AREAS",
    "AuditRow",
    "ChallengeRow",
    "ChildRow",
    "GoodPracticeRow",
    "ImportRows",
    "PeriodRow",
    "ReviewRow",
    "read_rows",
]

#: Characters no record may hold: C0 and C1 controls (tab and line breaks are fine) and the
#: two non-characters XML refuses.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")
AUDIT_AREAS = ("pre_meeting_report", "education", "care_plan", "participation", "health")
_NO_DATE = date.min


@dataclass
class ChildRow:
    row: int
    local_id: str
    first_name: str
    last_name: str
    preferred_name: str
    date_of_birth: date
    gender: str
    ethnicity: str
    school: str
    allocated_iro: str


@dataclass
class PeriodRow:
    row: int
    child_id: str
    start_date: date
    legal_status: str
    placement_type: str
    placement_provider: str
    category_of_need: str
    end_date: date | None
    reason_ceased: str | None


@dataclass
class ReviewRow:
    row: int
    child_id: str
    review_date: date
    iro: str
    participation_code: str | None
    in_time: bool | None
    due_date: date | None
    late_reason: str
    brought_forward: bool | None


@dataclass
class AuditRow:
    row: int
    child_id: str
    review_date: date
    audit_date: date
    grade: str
    judgements: dict[str, str | None]
    viewpoint: str | None
    manager_actions: str


@dataclass
class ChallengeRow:
    row: int
    child_id: str
    raised_date: date
    categories: list[str]
    stages: list[tuple[str, date]]
    outcome: str | None
    closed_date: date | None
    addressed_to: str
    concern: str
    mandatory: bool | None


@dataclass
class GoodPracticeRow:
    row: int
    child_id: str
    recorded_on: date
    social_worker: str
    team: str
    note: str


@dataclass
class ImportRows:
    """The good rows of each sheet, and the columns each sheet had."""

    children: list[ChildRow] = field(default_factory=list)
    periods: list[PeriodRow] = field(default_factory=list)
    reviews: list[ReviewRow] = field(default_factory=list)
    audits: list[AuditRow] = field(default_factory=list)
    challenges: list[ChallengeRow] = field(default_factory=list)
    good_practice: list[GoodPracticeRow] = field(default_factory=list)
    columns: dict[str, frozenset[str]] = field(default_factory=dict)


class _Row:
    """Reads the cells of one row by column name, noting every bad cell as a problem."""

    def __init__(self, spec: SheetSpec, positions: dict[str, int], number: int,
                 values: tuple[Cell, ...], problems: list[ImportProblem]) -> None:
        self.spec, self.positions, self.number = spec, positions, number
        self.values, self.problems = values, problems
        self.ok = True

    def fail(self, column: str, reason: str) -> None:
        self.ok = False
        self.problems.append(ImportProblem(self.spec.name, self.number, column, reason))

    def raw(self, name: str) -> Cell:
        index = self.positions.get(name)
        if index is None or index >= len(self.values):
            return None
        value = self.values[index]
        return None if isinstance(value, str) and not value.strip() else value

    def _missing(self, name: str) -> bool:
        if self.raw(name) is not None:
            return False
        if self.spec.column(name).required:
            self.fail(name, f"{name} is required: this cell is empty.")
        return True

    def text(self, name: str) -> str:
        if self._missing(name):
            return ""
        text = cell_text(self.raw(name))
        limit = self.spec.column(name).max_length
        if len(text) > limit:
            self.fail(name, f"{name} is {len(text)} characters long; at most {limit} fit.")
        return text

    def optional_date(self, name: str) -> date | None:
        if self._missing(name):
            return None
        try:
            return parse_date(self.raw(name))
        except CellError as exc:
            self.fail(name, str(exc))
            return None

    def required_date(self, name: str) -> date:
        return self.optional_date(name) or _NO_DATE

    def code(self, name: str) -> str | None:
        if self._missing(name):
            return None
        list_name = self.spec.column(name).code_list
        assert list_name is not None
        try:
            return matcher(list_name).match(cell_text(self.raw(name)))
        except CellError as exc:
            self.fail(name, str(exc))
            return None

    def yes_no(self, name: str) -> bool | None:
        if self._missing(name):
            return None
        try:
            return parse_yes_no(self.raw(name))
        except CellError as exc:
            self.fail(name, str(exc))
            return None

    def categories(self, name: str) -> list[str]:
        found: list[str] = []
        for item in split_list(self.text(name)):
            try:
                code = matcher("challenge_category").match(item)
            except CellError as exc:
                self.fail(name, str(exc))
                continue
            if code in found:
                self.fail(name, f"The category {shown(item)!r} is listed twice.")
            found.append(code)
        if not found and self.ok and self.raw(name) is not None:
            self.fail(name, "Give at least one category.")
        return found

    def stages(self, name: str) -> list[tuple[str, date]]:
        found: list[tuple[str, date]] = []
        for item in split_list(self.text(name)):
            stage_text, colon, date_text = item.partition(":")
            if not colon or not date_text.strip():
                self.fail(name, f"{shown(item)!r} is not stage:date (for example "
                          "stage1:2024-03-01).")
                continue
            try:
                found.append((matcher("challenge_stage").match(stage_text),
                              parse_date(date_text.strip())))
            except CellError as exc:
                self.fail(name, f"In {shown(item)!r}: {exc}")
        return found


def read_rows(sheets: list[RawSheet]) -> tuple[ImportRows, list[ImportProblem]]:
    """Check the headings of each sheet and read its rows; returns the good rows and problems."""
    rows = ImportRows()
    problems: list[ImportProblem] = []
    for sheet in sheets:
        spec = sheet_spec(sheet.name)
        assert spec is not None, "the reader only keeps template sheets"
        positions = _check_header(spec, sheet.header, problems)
        if positions is None:
            continue
        rows.columns[spec.name] = frozenset(positions)
        for number, values in sheet.rows:
            row = _Row(spec, positions, number, values, problems)
            _check_unnamed(row, sheet.header)
            _check_characters(row, sheet.header)
            record = _READERS[spec.name](row)
            if row.ok:
                getattr(rows, spec.name).append(record)
    return rows, problems


def _check_header(spec: SheetSpec, header: tuple[str, ...],
                  problems: list[ImportProblem]) -> dict[str, int] | None:
    """Where each template column is; None when a required column is missing."""
    positions: dict[str, int] = {}
    for index, text in enumerate(header):
        if not text:
            continue
        name = normalise_name(text)
        if name not in spec.column_names:
            close = difflib.get_close_matches(name, spec.column_names, n=1)
            hint = f" Did you mean {close[0]}?" if close else ""
            problems.append(ImportProblem(
                spec.name, 1, text, f"There is no column called '{shown(text)}' in the {spec.name} "
                f"sheet.{hint} The columns are: {', '.join(spec.column_names)}."))
        elif name in positions:
            problems.append(ImportProblem(spec.name, 1, text,
                                          f"The column {name} appears twice; keep one."))
        else:
            positions[name] = index
    missing = [name for name in spec.required if name not in positions]
    for name in missing:
        problems.append(ImportProblem(spec.name, 1, name,
                                      f"The required column {name} is missing from row 1."))
    return None if missing else positions


def _check_characters(row: _Row, header: tuple[str, ...]) -> None:
    """Control characters cannot be shown, printed or put in a Word document: refused here,
    where the person can find them, rather than failing later in a letter or the minutes."""
    for index, value in enumerate(row.values):
        if isinstance(value, str):
            found = _CONTROL.search(value)
            if found is not None:
                column = header[index] if index < len(header) and header[index] else \
                    get_column_letter(index + 1)
                row.fail(column, f"This cell holds a control character (U+{ord(found.group()):04X}"
                         "), which cannot be shown or printed; delete it.")


def _check_unnamed(row: _Row, header: tuple[str, ...]) -> None:
    for index, value in enumerate(row.values):
        named = index < len(header) and header[index]
        if not named and value is not None and cell_text(value):
            letter = get_column_letter(index + 1)
            row.fail(letter, f"There is a value in column {letter}, which has no column name "
                     "in row 1.")


def _child(r: _Row) -> ChildRow:
    return ChildRow(r.number, r.text("local_id"), r.text("first_name"), r.text("last_name"),
                    r.text("preferred_name"), r.required_date("date_of_birth"),
                    r.code("gender") or "", r.code("ethnicity") or "", r.text("school"),
                    r.text("allocated_iro"))


def _period(r: _Row) -> PeriodRow:
    return PeriodRow(r.number, r.text("child_id"), r.required_date("start_date"),
                     r.code("legal_status") or "", r.code("placement_type") or "",
                     r.text("placement_provider"), r.code("category_of_need") or "",
                     r.optional_date("end_date"), r.code("reason_ceased"))


def _review(r: _Row) -> ReviewRow:
    return ReviewRow(r.number, r.text("child_id"), r.required_date("review_date"), r.text("iro"),
                     r.code("participation_code"), r.yes_no("in_time"), r.optional_date("due_date"),
                     r.text("late_reason"), r.yes_no("brought_forward"))


def _audit(r: _Row) -> AuditRow:
    return AuditRow(r.number, r.text("child_id"), r.required_date("review_date"),
                    r.required_date("audit_date"), r.code("grade") or "",
                    {area: r.code(area) for area in AUDIT_AREAS}, r.code("viewpoint"),
                    r.text("manager_actions"))


def _challenge(r: _Row) -> ChallengeRow:
    return ChallengeRow(r.number, r.text("child_id"), r.required_date("raised_date"),
                        r.categories("categories"), r.stages("stages"), r.code("outcome"),
                        r.optional_date("closed_date"), r.text("addressed_to"), r.text("concern"),
                        r.yes_no("mandatory"))


def _good_practice(r: _Row) -> GoodPracticeRow:
    return GoodPracticeRow(r.number, r.text("child_id"), r.required_date("date"),
                           r.text("social_worker"), r.text("team"), r.text("note"))


_READERS: dict[str, Callable[[_Row], object]] = {
    "children": _child,
    "periods": _period,
    "reviews": _review,
    "audits": _audit,
    "challenges": _challenge,
    "good_practice": _good_practice,
}
