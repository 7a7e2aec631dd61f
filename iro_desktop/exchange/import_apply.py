"""`import_file`: bring a filled-in template into the store, all or nothing.

The file is read and every row checked first, against what a read-only unit of work finds
in the store, so a long check never holds the store's write lock and the application's
saves carry on meanwhile. Then ONE short unit of work loads the file's children again,
re-checks the rows if anything they depend on changed in between (a child added, removed
or given another period by a save since), writes the rows and records an "import" event.
Any problem rolls the whole unit back: a file with a bad row imports nothing. A dry run
counts in a read-only unit of work that is always rolled back, so its counts are exactly
what the real import would do and it never asks for the write lock.
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
from .import_rows import ImportRows, read_rows
from .import_template import SHEETS
from .import_validate import StoreChild, validate_rows
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


def _write(store: Store, rows: ImportRows, checked: dict[str, StoreChild], today: date,
           result: ImportResult, report: Progress) -> list[ImportProblem]:
    """The one unit of work that writes (read-only for a dry run); the problems found if
    the store changed since the rows were ``checked`` in a way that matters."""
    unit = store.read_session if result.dry_run else store.session
    problems: list[ImportProblem] = []
    try:
        with unit() as session:
            existing = load_existing(session, rows)
            facts = existing.facts()
            if facts != checked:
                problems = validate_rows(rows, facts, today)
                if problems:
                    raise _RollBack
            writer = ImportWriter(session, existing, rows, flush=not result.dry_run)
            result.counts = writer.run()
            result.added_iros = writer.added_iros
            if result.dry_run:
                raise _RollBack
            report(3, _STEPS, "Saving…")
            record_event(session, "import", entity_type="import", detail={
                "file": result.path.name,
                "dry_run": False,
                "counts": {name: {"new": c.new, "updated": c.updated, "unchanged": c.unchanged}
                           for name, c in result.counts.items()},
                "iros_added": len(writer.added_iros),
            })
    except _RollBack:
        pass
    return problems


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
    with store.read_session() as session:
        checked = load_existing(session, rows).facts()
    problems += validate_rows(rows, checked, today)
    if not problems:
        report(2, _STEPS, "Matching the rows with the store…")
        problems = _write(store, rows, checked, today, result, report)
    result.problems = _ordered(problems)
    result.imported = not dry_run and not result.problems
    if result.imported:
        log.info("Imported %s: %s", path.name, "; ".join(result.summary_lines()))
    report(_STEPS, _STEPS, "Done")
    return result
