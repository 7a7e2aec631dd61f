"""The report view's work off the GUI thread: the scope choices, the report, its exports.

Everything here runs in a worker (see `ui.common.workers.run_task`) and touches no widget, so it
can also be called directly from a test. Errors become plain sentences in `problem_text`.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select

from iro_desktop.reports.charts import Chart
from iro_desktop.reports.figures import STEPS, AnnualReport, build_report
from iro_desktop.reports.layout import ReportTable, report_tables
from iro_desktop.reports.scope import ReportScope, ScopeError
from iro_desktop.store import Store, StoreError
from iro_desktop.store.atomic import atomic_write_bytes
from iro_desktop.store.models import Iro, not_deleted
from ui.report.report_charts import CHART_STEPS, chart_lock, draw_charts

__all__ = [
    "EXPORT_KINDS",
    "ExportKind",
    "ProducedReport",
    "ScopeChoice",
    "TOTAL_STEPS",
    "WHOLE_SERVICE",
    "export_report",
    "problem_text",
    "produce_report",
    "scope_choices",
    "with_suffix",
]

log = logging.getLogger(__name__)

Progress = Callable[[int, int, str], None]
TOTAL_STEPS = STEPS + CHART_STEPS


@dataclass(frozen=True, slots=True)
class ScopeChoice:
    """One entry of the scope list: the whole service, one IRO or one team."""

    label: str
    iro_id: str | None = None
    team: str | None = None


WHOLE_SERVICE = ScopeChoice("Whole service")


def scope_choices(store: Store) -> list[ScopeChoice]:
    """The whole service, then each IRO by name, then each team named on an IRO."""
    with store.read_session() as session:
        rows = session.execute(
            select(Iro.id, Iro.name, Iro.team).where(not_deleted(Iro)).order_by(Iro.name)
        ).all()
    choices = [WHOLE_SERVICE]
    choices += [ScopeChoice(f"IRO: {name}", iro_id=iro_id) for iro_id, name, _ in rows]
    teams = sorted({team.strip() for _, _, team in rows if team and team.strip()})
    choices += [ScopeChoice(f"Team: {team}", team=team) for team in teams]
    return choices


@dataclass(frozen=True, slots=True)
class ProducedReport:
    """The figures, the tables the exports print, and the charts drawn as PNG images."""

    scope: ReportScope
    report: AnnualReport
    tables: tuple[ReportTable, ...]
    charts: tuple[Chart, ...]


def produce_report(
    store: Store, scope: ReportScope, progress: Progress, *, pixel_ratio: float = 1.0
) -> ProducedReport:
    """Compute the report, lay out its tables and draw its charts (matplotlib loads here)."""
    report = build_report(
        store, scope, lambda done, _total, what: progress(done, TOTAL_STEPS, what)
    )
    tables = tuple(report_tables(report))
    charts = draw_charts(
        report,
        lambda done, what: progress(STEPS + done, TOTAL_STEPS, what),
        pixel_ratio=pixel_ratio,
    )
    progress(TOTAL_STEPS, TOTAL_STEPS, "Finished")
    return ProducedReport(scope, report, tables, charts)


@dataclass(frozen=True, slots=True)
class ExportKind:
    name: str  # as people call the file: "a Word document"
    suffix: str
    filter: str  # for the file dialog


EXPORT_KINDS: dict[str, ExportKind] = {
    "docx": ExportKind("a Word document", ".docx", "Word document (*.docx)"),
    "xlsx": ExportKind("an Excel workbook", ".xlsx", "Excel workbook (*.xlsx)"),
    "json": ExportKind("a JSON file", ".json", "JSON file (*.json)"),
}


def with_suffix(path: Path, kind: str) -> Path:
    """Add the kind's suffix when the name typed has none of it (e.g. 'annual report')."""
    suffix = EXPORT_KINDS[kind].suffix
    return path if path.suffix.lower() == suffix else path.with_name(path.name + suffix)


def export_report(report: AnnualReport, path: Path, kind: str) -> Path:
    """Write the report to `path` as `kind` (docx, xlsx or json), all or nothing."""
    if kind == "docx":
        from iro_desktop.reports.report_docx import write_docx

        with chart_lock():  # the document draws the charts again
            write_docx(report, path)
    elif kind == "xlsx":
        from iro_desktop.reports.report_xlsx import write_xlsx

        write_xlsx(report, path)
    elif kind == "json":
        from iro_desktop.reports.json_form import to_json_dict

        text = json.dumps(to_json_dict(report), indent=2, ensure_ascii=False) + "\n"
        atomic_write_bytes(path, text.encode("utf-8"))
    else:
        raise ValueError(f"Unknown kind of export: {kind!r}")
    return path


def problem_text(exc: BaseException, doing: str, path: Path | None = None) -> str:
    """What to tell the IRO when `doing` failed, with what to do next."""
    where = f" {path}" if path is not None else ""
    if isinstance(exc, ScopeError):
        return f"{doing} did not work: {exc}"
    if isinstance(exc, FileNotFoundError):
        folder = path.parent if path is not None else "the folder"
        return f"{doing} did not work: the folder {folder} does not exist. Choose another folder."
    if isinstance(exc, PermissionError):
        return (
            f"{doing} did not work: IRO Desktop may not write{where}. The file may be open in "
            "Word or Excel, or the folder may be read-only: close the file or choose another "
            "folder."
        )
    if isinstance(exc, OSError):
        reason = exc.strerror or "the disk refused it"
        return f"{doing} did not work: the file{where} could not be written ({reason})."
    if isinstance(exc, StoreError):
        return f"{doing} did not work: {exc}"
    log.error("%s failed", doing, exc_info=(type(exc), exc, exc.__traceback__))
    return (
        f"{doing} did not work because of an unexpected problem; nothing was changed. Try "
        "again; if it happens again, the details are in the log for your IT support."
    )
