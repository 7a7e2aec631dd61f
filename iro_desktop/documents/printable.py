"""Only printable text reaches a document.

New text is checked where it is typed (and by the store), but a record kept by an older
version may still hold a control character or a broken one, which Word's XML cannot carry:
one such character would stop every set of minutes for that child. Here they are dropped
from a copy of the snapshot just before rendering, so the rest of the record still prints.
"""

from __future__ import annotations

import dataclasses
from typing import Any, TypeVar

from ..domain.text_rules import without_illegal_characters

T = TypeVar("T")


def printable(value: T) -> T:
    """A copy of `value` (a snapshot, its form, entries, contacts) with printable text only."""
    cleaned: T = _clean(value)
    return cleaned


def _clean(value: Any) -> Any:
    if isinstance(value, str):
        return without_illegal_characters(value)
    if isinstance(value, tuple):
        return tuple(_clean(v) for v in value)
    if isinstance(value, list):
        return [_clean(v) for v in value]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        changes = {f.name: _clean(getattr(value, f.name)) for f in dataclasses.fields(value)
                   if f.init}
        return dataclasses.replace(value, **changes)
    return value
