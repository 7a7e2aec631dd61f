"""Reading one cell of an import file: text, dates, yes/no, codes, categories and stages.

Each reader returns the value or raises ``CellError`` with a plain reason that says what
was found and what is accepted, so the person can fix the cell without the manual.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from functools import cache

from ..domain.codes import code_list
from .import_reader import Cell
from .import_result import shown

__all__ = [
    "CellError",
    "CodeMatcher",
    "cell_text",
    "matcher",
    "parse_date",
    "parse_yes_no",
    "split_list",
]

_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_UK = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
_WITH_TIME = re.compile(r"^(\S+)[ T]\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?$")
_EXCEL_EPOCH = date(1899, 12, 30)
#: Excel serial numbers for 1 January 1900 and 31 December 2199: anything else is not a date.
_SERIAL_RANGE = (1, 109_573)
_YES = frozenset({"yes", "y", "true", "1"})
_NO = frozenset({"no", "n", "false", "0"})


class CellError(ValueError):
    """A cell's value cannot be used; the message is the plain reason."""


def cell_text(value: Cell) -> str:
    """The cell as text: whole numbers lose Excel's ".0", dates are written YYYY-MM-DD."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return str(value).strip()


def parse_date(value: Cell) -> date:
    """YYYY-MM-DD, DD/MM/YYYY, an Excel date cell, or an Excel date serial number.

    A time of day after the date (as case-system exports often have) is ignored.
    """
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        if _SERIAL_RANGE[0] <= value <= _SERIAL_RANGE[1] and float(value).is_integer():
            return _EXCEL_EPOCH + timedelta(days=int(value))
        raise CellError(f"{shown(cell_text(value))} is not a date (use {_FORMATS}).")
    text = cell_text(value)
    with_time = _WITH_TIME.match(text)
    if with_time:
        text = with_time.group(1)
    for pattern, order in ((_ISO, (0, 1, 2)), (_UK, (2, 1, 0))):
        match = pattern.match(text)
        if match:
            parts = match.groups()
            year, month, day = (int(parts[i]) for i in order)
            try:
                return date(year, month, day)
            except ValueError:
                raise CellError(f"{text} is not a real date (check the day and the month).") \
                    from None
    raise CellError(f"{shown(text)!r} is not a date (use {_FORMATS}).")


_FORMATS = "YYYY-MM-DD or DD/MM/YYYY"


def parse_yes_no(value: Cell) -> bool:
    if isinstance(value, bool):
        return value
    text = cell_text(value).lower()
    if text in _YES:
        return True
    if text in _NO:
        return False
    raise CellError(f"{shown(cell_text(value))!r} is not yes or no.")


def split_list(text: str) -> list[str]:
    """Items separated by semicolons (a new line also separates), blanks dropped."""
    return [part.strip() for part in re.split(r"[;\n]", text) if part.strip()]


def _fold(text: str) -> str:
    """Labels compare without case, extra spaces, or the difference between – and -."""
    return " ".join(text.replace("\u2013", "-").replace("\u2014", "-").casefold().split())


class CodeMatcher:
    """Finds the code a cell means: the code itself (any case) or its exact label.

    Retired codes are accepted: an import brings in history, and a grade such as
    "Adequate" was right when it was given.
    """

    def __init__(self, list_name: str) -> None:
        codes = code_list(list_name)
        self.list_name = list_name
        self.title = codes.title
        self._by_text: dict[str, str] = {}
        for entry in codes:
            self._by_text.setdefault(entry.code.casefold(), entry.code)
        for entry in codes:
            self._by_text.setdefault(_fold(entry.label), entry.code)

    def match(self, text: str) -> str:
        code = self._by_text.get(text.strip().casefold()) or self._by_text.get(_fold(text))
        if code is None:
            raise CellError(f"{shown(text)!r} is not a code or label in the list "
                            f"'{self.list_name}' ({self.title}).")
        return code


@cache
def matcher(list_name: str) -> CodeMatcher:
    return CodeMatcher(list_name)
