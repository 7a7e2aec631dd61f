"""What an import reports back: every problem with where it is, and counts per sheet."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..domain.validation import FieldError

__all__ = ["ImportFileError", "ImportProblem", "ImportResult", "SheetCounts", "one_line", "shown"]

#: How much of a cell's value a message quotes: enough to find it, never a whole essay.
SHOWN_LENGTH = 60


def one_line(text: str) -> str:
    """``text`` with line breaks and other unprintable characters as spaces: a message
    stays one line wherever it is shown, whatever the file held."""
    if text.isprintable():
        return text
    return "".join(ch if ch.isprintable() else " " for ch in text)


def shown(text: str, limit: int = SHOWN_LENGTH) -> str:
    """A value from the file as a message quotes it: one line, cut short when long."""
    flat = one_line(text)
    return flat if len(flat) <= limit else flat[:limit - 1] + "…"


@dataclass(frozen=True, order=True)
class ImportProblem:
    """One problem, located the way a person finds it in Excel (the header is row 1).

    ``row`` and ``column`` are None for problems with the whole file or a whole sheet.
    """

    sheet: str
    row: int | None
    column: str | None
    reason: str

    def __post_init__(self) -> None:
        """Sheet and column names come from the file: quoted short and on one line."""
        object.__setattr__(self, "sheet", shown(self.sheet))
        if self.column is not None:
            object.__setattr__(self, "column", shown(self.column))
        object.__setattr__(self, "reason", one_line(self.reason))

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
    """The file cannot be read at all (not a spreadsheet, empty, too big, damaged).

    ``sheet``, ``row`` and ``column`` say where reading stopped, when that is known, so the
    person can find the place in Excel.
    """

    def __init__(self, reason: str, sheet: str = "", row: int | None = None,
                 column: str | None = None) -> None:
        super().__init__(reason)
        self.problem = ImportProblem(sheet, row, column, reason)


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
