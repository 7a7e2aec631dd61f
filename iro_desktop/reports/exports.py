"""The annual report's file formats, in one registry: code, names, suffix and renderer.

The report view's save buttons and `iro report --format` both read this list. Each
renderer turns a computed report into bytes and loads python-docx or openpyxl only when
it is called; where and how the bytes are written is the service's business.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass

from .figures import AnnualReport

__all__ = ["EXPORT_FORMATS", "FORMAT_CODES", "ExportFormat", "export_format", "report_json"]


@dataclass(frozen=True, slots=True)
class ExportFormat:
    """One file format; `name` reads in a sentence ("Saved the report as a Word document")."""

    code: str
    short: str
    label: str
    name: str
    suffix: str
    contents: str
    render: Callable[[AnnualReport], bytes]


def report_json(report: AnnualReport) -> str:
    """The JSON form as text, indented and ending in a new line (docs/report-json.md)."""
    from .json_form import to_json_dict

    return json.dumps(to_json_dict(report), indent=2, ensure_ascii=False) + "\n"


def _docx(report: AnnualReport) -> bytes:
    from .report_docx import report_docx_bytes

    return report_docx_bytes(report)


def _xlsx(report: AnnualReport) -> bytes:
    from .report_xlsx import report_xlsx_bytes

    return report_xlsx_bytes(report)


def _json(report: AnnualReport) -> bytes:
    return report_json(report).encode("utf-8")


EXPORT_FORMATS: tuple[ExportFormat, ...] = (
    ExportFormat("docx", "Word", "Word document", "a Word document", ".docx",
                 "tables and charts", _docx),
    ExportFormat("xlsx", "Excel", "Excel workbook", "an Excel workbook", ".xlsx",
                 "a sheet per table", _xlsx),
    ExportFormat("json", "JSON", "JSON file", "a JSON file", ".json",
                 "the figures only, for other systems", _json),
)
FORMAT_CODES: tuple[str, ...] = tuple(fmt.code for fmt in EXPORT_FORMATS)


def export_format(code: str) -> ExportFormat:
    """The registry entry for `code`; a ValueError names the formats there are."""
    for fmt in EXPORT_FORMATS:
        if fmt.code == code:
            return fmt
    raise ValueError(f"Unknown kind of export: {code!r} (use one of {', '.join(FORMAT_CODES)})")
