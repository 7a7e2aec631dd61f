"""The domain's code lists, loaded from JSON files in ``resources/codes/``.

Every list a form offers or a report counts by (participation codes, legal status,
QA grades, challenge categories, ...) lives as data, one JSON file per list; the file
format is described in ``resources/codes/README.md``.

Codes are never deleted from a file: a code that is no longer used is *retired*. A
retired code keeps its label, so old records stay readable, but it is not offered for
new entries (``CodeList.active()`` / ``CodeList.is_selectable()``).

The SSDA903 lists change between DfE collection years, so their codes may carry
``"from"`` (first collection year the code is valid) and ``"until"`` (last year it is
valid). ``code_list(name, year)`` retires the codes that are not valid in ``year``; with
no year it uses the list's ``current_year``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from types import MappingProxyType
from typing import Any

from iro_desktop.paths import resource_path

__all__ = [
    "NOT_RECORDED",
    "Code",
    "CodeList",
    "CodeListError",
    "available_lists",
    "code_list",
    "load_code_list_file",
]

NOT_RECORDED = "Not recorded"

_CODES_DIR = "codes"
_NAME_RE = re.compile(r"^[a-z][a-z0-9_]*$")
_YEAR_RE = re.compile(r"^(\d{4})-(\d{2})$")
_LIST_KEYS = frozenset({"name", "title", "current_year", "codes"})
_CODE_KEYS = frozenset({"code", "label", "retired", "description", "group", "from", "until"})


class CodeListError(ValueError):
    """A code list file is missing or malformed. The message names the file."""


@dataclass(frozen=True)
class Code:
    """One entry of a code list.

    ``group`` is an optional heading the code belongs to (e.g. the area of a challenge
    category, "Care plan"; the broad ethnic group of an ethnicity code).
    """

    code: str
    label: str
    retired: bool = False
    description: str = ""
    group: str = ""


class CodeList:
    """An immutable, ordered list of codes (order as in the file)."""

    __slots__ = ("_by_code", "_codes", "_name", "_title", "_year")

    def __init__(
        self, name: str, title: str, codes: Iterable[Code], year: str | None = None
    ) -> None:
        items = tuple(codes)
        by_code: dict[str, Code] = {}
        for item in items:
            if item.code in by_code:
                raise ValueError(f"code list {name!r}: duplicate code {item.code!r}")
            by_code[item.code] = item
        self._name = name
        self._title = title
        self._codes = items
        self._by_code = MappingProxyType(by_code)
        self._year = year

    @property
    def name(self) -> str:
        """The list's identifier, e.g. ``"participation"``."""
        return self._name

    @property
    def title(self) -> str:
        """A human title, e.g. "Participation in the review (SSDA903 REVIEW_CODE)"."""
        return self._title

    @property
    def year(self) -> str | None:
        """The collection year the list was resolved for; None for unversioned lists."""
        return self._year

    def __contains__(self, code: object) -> bool:
        return isinstance(code, str) and code in self._by_code

    def __iter__(self) -> Iterator[Code]:
        return iter(self._codes)

    def __len__(self) -> int:
        return len(self._codes)

    def __repr__(self) -> str:
        year = f", year={self._year!r}" if self._year else ""
        return f"<CodeList {self._name!r}: {len(self._codes)} codes{year}>"

    def get(self, code: str) -> Code:
        """The entry for ``code`` (retired codes included); KeyError if unknown."""
        try:
            return self._by_code[code]
        except KeyError:
            raise KeyError(
                f"{code!r} is not a code in the {self._name!r} list ({self._title})"
            ) from None

    def label(self, code: str | None) -> str:
        """The label to show for a stored code, never failing.

        Empty / None gives "Not recorded"; a code not in the list gives
        "<code> (unknown code)"; retired codes give their label as usual.
        """
        if code is None or code == "":
            return NOT_RECORDED
        entry = self._by_code.get(code)
        if entry is None:
            return f"{code} (unknown code)"
        return entry.label

    def active(self) -> list[Code]:
        """The codes a form may offer for a new entry (not retired), in file order."""
        return [c for c in self._codes if not c.retired]

    def codes(self) -> list[str]:
        """Every code, retired ones included, in file order."""
        return [c.code for c in self._codes]

    def is_selectable(self, code: str | None) -> bool:
        """True when ``code`` is in the list and not retired."""
        if code is None:
            return False
        entry = self._by_code.get(code)
        return entry is not None and not entry.retired


# --------------------------------------------------------------------------- loading


def _check_year(value: str) -> str:
    """Validate a collection year such as "2025-26"; returns it unchanged."""
    match = _YEAR_RE.match(value)
    if match is None or (int(match.group(1)) + 1) % 100 != int(match.group(2)):
        raise ValueError(f"{value!r} is not a collection year like '2025-26'")
    return value


def _fail(path: Path, message: str) -> CodeListError:
    return CodeListError(f"code list file {path}: {message}")


def _str_field(path: Path, where: str, data: dict[str, Any], key: str, *, required: bool) -> str:
    if key not in data:
        if required:
            raise _fail(path, f"{where}: missing {key!r}")
        return ""
    value = data[key]
    if not isinstance(value, str):
        raise _fail(path, f"{where}: {key!r} must be a string, not {type(value).__name__}")
    if required and not value.strip():
        raise _fail(path, f"{where}: {key!r} must not be empty")
    return value


def _year_field(path: Path, where: str, data: dict[str, Any], key: str) -> str | None:
    if key not in data or data[key] is None:
        return None
    value = data[key]
    if not isinstance(value, str):
        raise _fail(path, f"{where}: {key!r} must be a collection year string like '2025-26'")
    try:
        return _check_year(value)
    except ValueError as exc:
        raise _fail(path, f"{where}: {key!r}: {exc}") from None


def _valid_in(year: str, valid_from: str | None, valid_until: str | None) -> bool:
    # "YYYY-YY" strings sort in year order.
    if valid_from is not None and year < valid_from:
        return False
    return not (valid_until is not None and year > valid_until)


def load_code_list_file(path: Path, year: str | None = None) -> CodeList:
    """Read and validate one code list file (uncached; see :func:`code_list`)."""
    if year is not None:
        _check_year(year)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise _fail(path, "file not found") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise _fail(path, f"cannot be read: {exc}") from None
    try:
        raw: object = json.loads(text)
    except json.JSONDecodeError as exc:
        raise _fail(
            path, f"not valid JSON (line {exc.lineno}, column {exc.colno}): {exc.msg}"
        ) from None

    if not isinstance(raw, dict):
        raise _fail(path, "the top level must be a JSON object")
    unknown = sorted(set(raw) - _LIST_KEYS)
    if unknown:
        raise _fail(path, f"unknown top-level key(s): {', '.join(unknown)}")
    name = _str_field(path, "top level", raw, "name", required=True)
    if name != path.stem:
        raise _fail(path, f"'name' is {name!r} but the file is called {path.name!r}")
    title = _str_field(path, "top level", raw, "title", required=True)
    current_year = _year_field(path, "top level", raw, "current_year")

    entries = raw.get("codes")
    if not isinstance(entries, list) or not entries:
        raise _fail(path, "'codes' must be a non-empty list")

    effective_year = (year or current_year) if current_year is not None else None
    codes: list[Code] = []
    seen: set[str] = set()
    for index, entry in enumerate(entries):
        where = f"codes[{index}]"
        if not isinstance(entry, dict):
            raise _fail(path, f"{where} must be a JSON object")
        code = _str_field(path, where, entry, "code", required=True)
        where = f"code {code!r}"
        unknown = sorted(set(entry) - _CODE_KEYS)
        if unknown:
            raise _fail(path, f"{where}: unknown key(s): {', '.join(unknown)}")
        if code in seen:
            raise _fail(path, f"duplicate code {code!r}")
        seen.add(code)
        label = _str_field(path, where, entry, "label", required=True)
        description = _str_field(path, where, entry, "description", required=False)
        group = _str_field(path, where, entry, "group", required=False)
        retired = entry.get("retired", False)
        if not isinstance(retired, bool):
            raise _fail(path, f"{where}: 'retired' must be true or false")
        valid_from = _year_field(path, where, entry, "from")
        valid_until = _year_field(path, where, entry, "until")
        if valid_from is not None or valid_until is not None:
            if current_year is None:
                raise _fail(path, f"{where}: 'from'/'until' need a top-level 'current_year'")
            if valid_from is not None and valid_until is not None and valid_from > valid_until:
                raise _fail(path, f"{where}: 'from' {valid_from} is after 'until' {valid_until}")
        if effective_year is not None and not _valid_in(effective_year, valid_from, valid_until):
            retired = True
        codes.append(Code(code, label, retired, description, group))

    return CodeList(name, title, codes, effective_year)


def _codes_dir() -> Path:
    return resource_path(_CODES_DIR)


@cache
def code_list(name: str, year: str | None = None) -> CodeList:
    """The code list ``name`` (e.g. ``"participation"``), cached.

    ``year`` is an SSDA903 collection year such as ``"2025-26"``: codes not valid in
    that year are returned as retired. None means the list's ``current_year``.
    Lists that are not versioned by year ignore ``year``.
    Raises CodeListError when the file is missing or malformed.
    """
    if not _NAME_RE.match(name):
        raise CodeListError(f"{name!r} is not a valid code list name")
    if year is not None:
        _check_year(year)
    path = _codes_dir() / f"{name}.json"
    if not path.is_file():
        known = ", ".join(available_lists()) or "none"
        raise CodeListError(f"no code list {name!r} (looked for {path}; known lists: {known})")
    return load_code_list_file(path, year)


def available_lists() -> list[str]:
    """The names of the code lists shipped in ``resources/codes/``, sorted."""
    folder = _codes_dir()
    if not folder.is_dir():
        return []
    return sorted(p.stem for p in folder.glob("*.json") if _NAME_RE.match(p.stem))
