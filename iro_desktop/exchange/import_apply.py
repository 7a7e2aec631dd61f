"""`import_file`: bring a filled-in template into the store, all or nothing.

The file is read and each row checked before the store is touched. Then ONE unit of work
loads what the store holds for the file's children, checks the rows against it, writes
them and records an "import" event. Any problem, or a dry run, rolls the whole unit back:
a file with a bad row imports nothing, and a dry run's counts are exactly what the real
import would do.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date
from pathlib import Path

from ..services.audit_trail import record_event
from ..store import Store
from .import_existing import load_existing
from .import_reader import read_import_file
from .import_result import ImportFileError, ImportProblem, ImportResult
from .import_rows import read_rows
from .import_template import SHEETS
from .import_validate import validate_rows
from .import_write import ImportWriter

__all__ = ["MAX_PROBLEMS", "import_file"]

log = logging.getLogger(__name__)

Progress = Callable[[int, int, str], None]
#: Past this many, the list ends with a note: a file that bad needs fixing at its source.
MAX_PROBLEMS = 10_000
_STEPS = 4
_SHEET_ORDER = {sheet.name: index for index, sheet in enumerate(SHEETS)}


class _RollBack(Exception):
    """Raised inside the unit of work to undo it (problems found, or a dry run)."""


def _no_progress(done: int, total: int, text: str) -> None:
    del done, total, text


def _ordered(problems: list[ImportProblem]) -> list[ImportProblem]:
    """File problems first, then by sheet in template order, row and column."""
    ordered = sorted(problems, key=lambda p: (
        _SHEET_ORDER.get(p.sheet, -1 if not p.sheet else len(SHEETS)),
        p.row or 0, p.column or "", p.reason))
    if len(ordered) > MAX_PROBLEMS:
        more = len(ordered) - MAX_PROBLEMS
        ordered = ordered[:MAX_PROBLEMS]
        ordered.append(ImportProblem("", None, None, f"… and {more:,} more problems. Fix "
                                     "the ones listed and check the file again."))
    return ordered


def import_file(store: Store, path: Path | str, today: date, dry_run: bool = False,
                progress: Progress | None = None) -> ImportResult:
    """Check ``path`` and, unless ``dry_run`` or a problem is found, import every row of it.

    ``result.problems`` lists every problem (sheet, row as in Excel, column, reason);
    ``result.counts`` how many rows of each sheet are new, updated or unchanged;
    ``result.imported`` is True only when the rows were written.
    """
    path = Path(path)
    report = progress or _no_progress
    result = ImportResult(path=path, dry_run=dry_run)
    report(0, _STEPS, f"Reading {path.name}…")
    try:
        read = read_import_file(path)
    except ImportFileError as exc:
        result.problems = [exc.problem]
        return result
    report(1, _STEPS, "Checking every row…")
    rows, problems = read_rows(read.sheets)
    problems = read.problems + problems
    try:
        with store.session() as session:
            existing = load_existing(session, rows)
            problems += validate_rows(rows, existing.facts(), today)
            if problems:
                raise _RollBack
            report(2, _STEPS, "Matching the rows with the store…")
            writer = ImportWriter(session, existing, rows)
            result.counts = writer.run()
            result.added_iros = writer.added_iros
            record_event(session, "import", entity_type="import", detail={
                "file": path.name,
                "dry_run": dry_run,
                "counts": {name: {"new": c.new, "updated": c.updated, "unchanged": c.unchanged}
                           for name, c in result.counts.items()},
                "iros_added": len(writer.added_iros),
            })
            report(3, _STEPS, "Saving…")
            if dry_run:
                raise _RollBack
    except _RollBack:
        pass
    result.problems = _ordered(problems)
    result.imported = not dry_run and not result.problems
    if result.imported:
        log.info("Imported %s: %s", path.name, "; ".join(result.summary_lines()))
    report(_STEPS, _STEPS, "Done")
    return result
