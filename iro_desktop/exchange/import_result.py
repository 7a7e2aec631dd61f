"""What an import reports back: every problem with where it is, and counts per sheet."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..domain.validation import FieldError

__all__ = ["ImportFileError", "ImportProblem", "ImportResult", "SheetCounts"]


@dataclass(frozen=True, order=True)
class ImportProblem:
    """One problem, located the way a person finds it in Excel (the header is row 1).

    ``row`` and ``column`` are None for problems with the whole file or a whole sheet.
    """

    sheet: str
    row: int | None
    column: str | None
    reason: str

    @property
    def where(self) -> str:
        parts = [f"sheet {self.sheet}" if self.sheet else "file"]
        if self.row is not None:
            parts.append(f"row {self.row}")
        if self.column:
            parts.append(f"column {self.column}")
        return ", ".join(parts)

    def __str__(self) -> str:
        return f"{self.where}: {self.reason}"

    def as_field_error(self) -> FieldError:
        """The same problem as a form-style message, its field being the location."""
        return FieldError(self.where, self.reason)


class ImportFileError(Exception):
    """The file cannot be read at all (not a spreadsheet, empty, too big)."""

    def __init__(self, reason: str, sheet: str = "") -> None:
        super().__init__(reason)
        self.problem = ImportProblem(sheet, None, None, reason)


@dataclass
class SheetCounts:
    new: int = 0
    updated: int = 0
    unchanged: int = 0

    @property
    def total(self) -> int:
        return self.new + self.updated + self.unchanged


@dataclass
class ImportResult:
    """``imported`` is True only when the rows were written (not a dry run, no problems)."""

    path: Path
    dry_run: bool
    counts: dict[str, SheetCounts] = field(default_factory=dict)
    problems: list[ImportProblem] = field(default_factory=list)
    imported: bool = False
    added_iros: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def summary_lines(self) -> list[str]:
        """One line per sheet: "reviews: 12 new, 3 updated, 40 unchanged"."""
        lines = [
            f"{name}: {c.new} new, {c.updated} updated, {c.unchanged} unchanged"
            for name, c in self.counts.items()
        ]
        if self.added_iros:
            lines.append(f"IROs added: {', '.join(self.added_iros)}")
        return lines
