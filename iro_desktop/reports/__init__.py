"""The annual report's figures: queries over the store for a period and a scope, and exports.

Every report query lives in this package. Services use only what this facade exports
(the use case of producing and saving a report is `services.annual_report`); importing it
loads neither python-docx, openpyxl nor matplotlib.
"""

from __future__ import annotations

from .consultation_figures import BandFigures, ConsultationFigures, consultation_figures
from .exports import EXPORT_FORMATS, FORMAT_CODES, ExportFormat, export_format, report_json
from .figures import STEPS, AnnualReport, ProgressCallback, build_report
from .scope import ReportScope, ScopeError, resolve_scope

__all__ = [
    "EXPORT_FORMATS",
    "FORMAT_CODES",
    "STEPS",
    "AnnualReport",
    "BandFigures",
    "ConsultationFigures",
    "ExportFormat",
    "ProgressCallback",
    "ReportScope",
    "ScopeError",
    "build_report",
    "consultation_figures",
    "export_format",
    "report_json",
    "resolve_scope",
]
