"""The report view's work off the GUI thread: the report with its tables and charts, exports.

Everything here runs in a worker (see `ui.common.workers.run_task`) and touches no widget, so it
can also be called directly from a test. The use case itself (scope, figures, formats, the
atomic write) is `iro_desktop.services.annual_report`, shared with `iro report`; this module
adds only what the screen needs: the charts drawn as images, and errors as plain sentences.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from iro_desktop.reports import STEPS, AnnualReport, ReportScope, ScopeError
from iro_desktop.reports.charts import Chart
from iro_desktop.reports.layout import ReportTable, report_tables
from iro_desktop.services import annual_report
from iro_desktop.services.annual_report import ReportFileError
from iro_desktop.store import Store, StoreError
from ui.report.report_charts import CHART_STEPS, chart_lock, draw_charts

__all__ = [
    "ProducedReport",
    "TOTAL_STEPS",
    "export_report",
    "problem_text",
    "produce_report",
]

log = logging.getLogger(__name__)

Progress = Callable[[int, int, str], None]
TOTAL_STEPS = STEPS + CHART_STEPS


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
    report = annual_report.produce_report(
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


def export_report(report: AnnualReport, path: Path, fmt: str) -> Path:
    """Save the report through the service; the Word export draws the charts again, so it
    holds the lock that keeps matplotlib to one thread at a time."""
    if fmt != "docx":
        return annual_report.export_report(report, path, fmt)
    with chart_lock():
        return annual_report.export_report(report, path, fmt)


def problem_text(exc: BaseException, doing: str) -> str:
    """What to tell the IRO when `doing` failed, with what to do next."""
    if isinstance(exc, ScopeError | ReportFileError | StoreError):
        return f"{doing} did not work: {exc}"
    log.error("%s failed", doing, exc_info=(type(exc), exc, exc.__traceback__))
    return (
        f"{doing} did not work because of an unexpected problem; nothing was changed. Try "
        "again; if it happens again, the details are in the log for your IT support."
    )
