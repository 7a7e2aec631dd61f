"""Turning grouped counts by stored code into labelled rows, in the code list's order."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from ..domain.codes import NOT_RECORDED, code_list
from .sections import Count

__all__ = ["OPEN", "labelled_counts"]

OPEN = "Open"


def labelled_counts(
    list_name: str,
    counts: Mapping[str | None, int],
    *,
    always: Iterable[str] = (),
    missing_label: str = NOT_RECORDED,
    missing_code: str = "",
) -> tuple[Count, ...]:
    """Rows in code list order: codes with a count, plus `always`, then unknown codes, then blank.

    Retired codes (such as the "Adequate" grade) appear only when something was recorded
    with them, so old records stay counted without cluttering this year's table.
    """
    codes = code_list(list_name)
    wanted = set(always)
    merged: dict[str, int] = {}
    blank = 0
    for code, count in counts.items():
        if code is None or code == "":
            blank += count
        else:
            merged[code] = merged.get(code, 0) + count
    rows = [
        Count(entry.code, entry.label, merged.get(entry.code, 0))
        for entry in codes
        if merged.get(entry.code, 0) or entry.code in wanted
    ]
    rows.extend(
        Count(code, codes.label(code), count)
        for code, count in sorted(merged.items())
        if code not in codes and count
    )
    if blank:
        rows.append(Count(missing_code, missing_label, blank))
    return tuple(rows)
