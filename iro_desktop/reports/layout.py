"""The report as a list of titled tables, in the order of the document.

The Word and Excel exports both print this list (see `table_model`), so they hold the
same numbers cell for cell.
"""

from __future__ import annotations

from .figures import AnnualReport
from .table_model import Cell, ReportTable
from .tables_consultation import consultation_tables
from .tables_reviews import meeting_tables, participation_tables, review_tables
from .tables_service import population_tables, qa_tables

__all__ = ["Cell", "ReportTable", "report_tables"]


def report_tables(report: AnnualReport) -> list[ReportTable]:
    """Every table of the report, in the order of the document."""
    return [
        *review_tables(report),
        *participation_tables(report),
        *consultation_tables(report),
        *qa_tables(report),
        *meeting_tables(report),
        *population_tables(report),
    ]
