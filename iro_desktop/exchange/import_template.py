"""The documented import template: its sheets, their columns, and the blank files people fill in.

One spreadsheet (or one CSV file per sheet) brings a service's history in from its old
tracker or its case system's export. The sheets are listed here once, and everything else
(the reader, the checks, the blank template, the README sheet) is driven by this list, so
the documentation in ``docs/import-template.md`` and the code cannot drift apart.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from ..domain.codes import code_list
from ..store.atomic import atomic_write_bytes

__all__ = [
    "DATE_FORMATS_TEXT",
    "IGNORED_SHEETS",
    "SHEETS",
    "ColumnSpec",
    "Kind",
    "SheetSpec",
    "normalise_name",
    "sheet_spec",
    "write_template",
    "write_template_csvs",
    "write_template_xlsx",
]

DATE_FORMATS_TEXT = "YYYY-MM-DD, DD/MM/YYYY or an Excel date"
#: Sheets a workbook may have besides the data sheets; their contents are never read.
IGNORED_SHEETS = frozenset({"readme", "lists"})
#: Code lists whose codes mean nothing to people: the template's drop-downs offer labels.
_OFFER_LABELS = frozenset({"gender", "qa_grade", "qa_judgement", "viewpoint", "challenge_outcome"})
_DROPDOWN_ROWS = 20000


class Kind(StrEnum):
    """What a column holds, which decides how a cell is read."""

    TEXT = "text"
    DATE = "date"
    CODE = "code"
    YES_NO = "yes/no"
    CATEGORIES = "categories"
    STAGES = "stages"


@dataclass(frozen=True)
class ColumnSpec:
    name: str
    kind: Kind
    required: bool
    description: str
    code_list: str | None = None
    max_length: int = 200
    example: str = ""

    @property
    def accepted(self) -> str:
        """The accepted values, in words, for the README sheet and the docs."""
        if self.kind is Kind.DATE:
            return DATE_FORMATS_TEXT
        if self.kind is Kind.YES_NO:
            return "yes / no (also y / n, true / false, 1 / 0)"
        if self.kind is Kind.CODE:
            return f"a code or its exact label from the '{self.code_list}' list"
        if self.kind is Kind.CATEGORIES:
            return "codes or labels from the 'challenge_category' list, separated by ;"
        if self.kind is Kind.STAGES:
            return "stage:date pairs separated by ; (stage code or label from 'challenge_stage')"
        return f"text, at most {self.max_length} characters"


@dataclass(frozen=True)
class SheetSpec:
    name: str
    description: str
    key: str
    columns: tuple[ColumnSpec, ...]

    def column(self, name: str) -> ColumnSpec:
        for column in self.columns:
            if column.name == name:
                return column
        raise KeyError(name)

    @property
    def column_names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)

    @property
    def required(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns if c.required)


def _text(name: str, description: str, *, required: bool = False, max_length: int = 200,
          example: str = "") -> ColumnSpec:
    return ColumnSpec(name, Kind.TEXT, required, description, None, max_length, example)


def _date(name: str, description: str, *, required: bool = False, example: str = "") -> ColumnSpec:
    return ColumnSpec(name, Kind.DATE, required, description, example=example)


def _code(name: str, list_name: str, description: str, *, required: bool = False,
          example: str = "") -> ColumnSpec:
    return ColumnSpec(name, Kind.CODE, required, description, list_name, example=example)


def _yes_no(name: str, description: str) -> ColumnSpec:
    return ColumnSpec(name, Kind.YES_NO, False, description, example="yes")


_CHILD_ID = _text("child_id", "The child's ID, as in the children sheet or already in the store.",
                  required=True, max_length=50, example="LA100001")

SHEETS: tuple[SheetSpec, ...] = (
    SheetSpec("children", "One row per child.", "local_id", (
        _text("local_id", "The child's ID in your case system (case number); unique.",
              required=True, max_length=50, example="LA100001"),
        _text("first_name", "First name.", required=True, max_length=100, example="Tamsin"),
        _text("last_name", "Last name.", required=True, max_length=100, example="Reed"),
        _text("preferred_name", "The name the child likes to be called, if different.",
              max_length=100),
        _date("date_of_birth", "Date of birth.", required=True, example="2012-05-14"),
        _code("gender", "gender", "SSDA903 SEX: 1 male, 2 female.", example="Female"),
        _code("ethnicity", "ethnicity", "DfE ethnicity code.", example="WBRI"),
        _text("school", "School or college."),
        _text("allocated_iro", "The allocated IRO's name; an IRO not yet in the store is "
              "added. Blank: the IRO using this store.", example="Sam Patel"),
    )),
    SheetSpec("periods", "One row per period of care (the child became looked after).",
              "child_id + start_date", (
        _CHILD_ID,
        _date("start_date", "The date the child became looked after.", required=True,
              example="2023-01-09"),
        _code("legal_status", "legal_status", "SSDA903 LS.", required=True, example="C2"),
        _code("placement_type", "placement", "SSDA903 PLACE.", required=True, example="U6"),
        _text("placement_provider", "The carer or provider (free text, or a PR0–PR5 code)."),
        _code("category_of_need", "category_of_need", "SSDA903 CIN.", required=True,
              example="N1"),
        _date("end_date", "The date the period of care ended; blank while it goes on."),
        _code("reason_ceased", "reason_ceased", "SSDA903 REC; needed when there is an end date."),
    )),
    SheetSpec("reviews", "One row per review held.", "child_id + review_date", (
        _CHILD_ID,
        _date("review_date", "The date the review was held (its first sitting).", required=True,
              example="2023-02-03"),
        _text("iro", "The chairing IRO's name; an IRO not yet in the store is added. Blank: "
              "the child's allocated IRO.", example="Sam Patel"),
        _code("participation_code", "participation", "SSDA903 REVIEW_CODE (PN0–PN7); PN0 "
              "exactly when the child was under 4 on the review date.", example="PN1"),
        _yes_no("in_time", "Whether the review was held on or before its due date. Blank: "
                "worked out from the due date."),
        _date("due_date", "The statutory due date. Blank: worked out from the timetable "
              "(20 working days, then 3 months, then 6 months)."),
        _text("late_reason", "Why the review was late, if it was.", max_length=2000),
        _yes_no("brought_forward", "Whether the IRO brought the review forward."),
    )),
    SheetSpec("audits", "One row per QA audit of a review.", "child_id + review_date", (
        _CHILD_ID,
        _date("review_date", "The date of the review audited (in the reviews sheet or the "
              "store).", required=True, example="2023-02-03"),
        _date("audit_date", "The date of the audit.", required=True, example="2023-02-10"),
        _code("grade", "qa_grade", "The overall grade.", required=True, example="Good"),
        _code("pre_meeting_report", "qa_judgement", "Judgement for the pre-meeting report.",
              example="Met"),
        _code("education", "qa_judgement", "Judgement for education (PEP).", example="Met"),
        _code("care_plan", "qa_judgement", "Judgement for the care / pathway plan.",
              example="Partly met"),
        _code("participation", "qa_judgement", "Judgement for participation.", example="Met"),
        _code("health", "qa_judgement", "Judgement for health.", example="Met"),
        _code("viewpoint", "viewpoint", "The Viewpoint questionnaire.", example="Completed"),
        _text("manager_actions", "Actions for the manager.", max_length=4000),
    )),
    SheetSpec("challenges", "One row per challenge (formal concern).",
              "child_id + raised_date + first category", (
        _CHILD_ID,
        _date("raised_date", "The date the challenge was raised.", required=True,
              example="2023-02-14"),
        ColumnSpec("categories", Kind.CATEGORIES, True, "One or more categories, separated "
                   "by ;.", "challenge_category", 4000,
                   "care_plan.drift_delay; health.health_assessment_overdue"),
        ColumnSpec("stages", Kind.STAGES, False, "The stages reached, in order, each with "
                   "the date it started.", "challenge_stage", 4000,
                   "informal:2023-02-14; stage1:2023-02-21"),
        _code("outcome", "challenge_outcome", "The outcome, once closed."),
        _date("closed_date", "The date the challenge was closed; needs an outcome."),
        _text("addressed_to", "Who the challenge was addressed to."),
        _text("concern", "The concern, in words.", max_length=4000),
        _yes_no("mandatory", "Whether it was a mandatory challenge (two Needs Improvement "
                "grades in a row)."),
    )),
    SheetSpec("good_practice", "One row per recognition of good practice.",
              "child_id + date + social_worker", (
        _CHILD_ID,
        _date("date", "The date it was recorded.", required=True, example="2023-03-01"),
        _text("social_worker", "The worker recognised.", required=True, example="Priya Sandhu"),
        _text("team", "Their team."),
        _text("note", "What was good, and the difference it made.", required=True,
              max_length=4000),
    )),
)  # fmt: skip

_BY_NAME = {sheet.name: sheet for sheet in SHEETS}


def normalise_name(text: str) -> str:
    """How sheet and column names are compared: case, spaces and hyphens do not matter."""
    return "_".join(text.strip().lower().replace("-", " ").split())


def sheet_spec(name: str) -> SheetSpec | None:
    return _BY_NAME.get(normalise_name(name))


# --------------------------------------------------------------------------- blank template


def readme_lines() -> Iterator[tuple[str, str, str, str, str]]:
    """(sheet, column, required, accepted values, meaning) rows describing the template."""
    for sheet in SHEETS:
        yield sheet.name, "", "", f"Matched on re-import by: {sheet.key}", sheet.description
        for column in sheet.columns:
            yield ("", column.name, "required" if column.required else "optional",
                   column.accepted, column.description)


_README_INTRO = (
    "IRO Desktop import template",
    "Fill in any of the sheets below (one row per record, the column names in row 1) and "
    "import the file with File > Import… or `iro import FILE`.",
    "All or nothing: if any row has a problem, nothing is imported and every problem is "
    "listed with its sheet, row and column.",
    "Re-importing the same file adds nothing twice: rows are matched to what is already "
    "in the store (see 'Matched on re-import by') and updated.",
    f"Dates: {DATE_FORMATS_TEXT}. Codes: the code or its exact label (see the lists sheet).",
    "Values, not formulas: a cell holding a formula is refused (copy the cells, then Paste "
    "Special, Values). Text that only looks like a formula is imported as it is.",
)


def write_template_xlsx(path: Path) -> None:
    """A blank workbook: README, one sheet per data sheet with its header, and drop-downs."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    book = Workbook()
    readme = book.active
    assert readme is not None
    readme.title = "README"
    for line in _README_INTRO:
        readme.append([line])
    readme.append([])
    readme.append(["sheet", "column", "required", "accepted values", "meaning"])
    for cell in readme[readme.max_row]:
        cell.font = Font(bold=True)
    for described in readme_lines():
        readme.append(list(described))
    for letter, width in zip("ABCDE", (16, 22, 10, 60, 80), strict=True):
        readme.column_dimensions[letter].width = width

    ranges = _write_lists(book)
    for sheet in SHEETS:
        page = book.create_sheet(sheet.name)
        page.append(list(sheet.column_names))
        page.freeze_panes = "A2"
        for index, column in enumerate(sheet.columns, start=1):
            letter = get_column_letter(index)
            page[f"{letter}1"].font = Font(bold=True)
            page.column_dimensions[letter].width = max(14, len(column.name) + 4)
            if column.kind is Kind.CODE and column.code_list in ranges:
                check = DataValidation(type="list", formula1=ranges[column.code_list],
                                       allow_blank=True, errorStyle="warning",
                                       error="Choose from the list (the code or its label).",
                                       errorTitle=column.name, showErrorMessage=True)
                check.add(f"{letter}2:{letter}{_DROPDOWN_ROWS}")
                page.add_data_validation(check)
    buffer = io.BytesIO()
    book.save(buffer)
    atomic_write_bytes(path, buffer.getvalue())


def _write_lists(book: object) -> dict[str, str]:
    """A 'lists' sheet with each code list (code, label); returns the drop-down range of each."""
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter
    from openpyxl.workbook import Workbook

    assert isinstance(book, Workbook)
    page = book.create_sheet("lists")
    names = sorted({c.code_list for s in SHEETS for c in s.columns
                    if c.code_list is not None})
    ranges: dict[str, str] = {}
    for index, name in enumerate(names):
        codes = list(code_list(name))
        code_col, label_col = get_column_letter(2 * index + 1), get_column_letter(2 * index + 2)
        page[f"{code_col}1"] = f"{name} code"
        page[f"{label_col}1"] = f"{name} label"
        page[f"{code_col}1"].font = page[f"{label_col}1"].font = Font(bold=True)
        for row, entry in enumerate(codes, start=2):
            page[f"{code_col}{row}"] = entry.code
            page[f"{label_col}{row}"] = entry.label
        offered = label_col if name in _OFFER_LABELS else code_col
        ranges[name] = f"lists!${offered}$2:${offered}${len(codes) + 1}"
        page.column_dimensions[code_col].width = 14
        page.column_dimensions[label_col].width = 40
    return ranges


def write_template_csvs(folder: Path) -> list[Path]:
    """One CSV per sheet with its header row (UTF-8 with a BOM so Excel reads it), and a README."""
    folder.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    for sheet in SHEETS:
        buffer = io.StringIO()
        csv.writer(buffer).writerow(sheet.column_names)
        path = folder / f"{sheet.name}.csv"
        atomic_write_bytes(path, buffer.getvalue().encode("utf-8-sig"))
        written.append(path)
    text = "\n".join(_README_INTRO) + "\n\n" + "\n".join(
        " | ".join(part for part in line if part) for line in readme_lines()) + "\n"
    readme = folder / "README.txt"
    atomic_write_bytes(readme, text.encode("utf-8"))
    written.append(readme)
    return written


def write_template(target: Path) -> list[Path]:
    """``*.xlsx``: a workbook; anything else: a folder of CSV files."""
    if target.suffix.lower() == ".xlsx":
        write_template_xlsx(target)
        return [target]
    return write_template_csvs(target)
