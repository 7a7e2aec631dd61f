"""What the review editor holds: a plain, serialisable form of one review.

The same dataclass is what autosave writes to an encrypted draft, what validation checks
and what the review service saves, so nothing typed can be lost between them. It is also
the one declaration of the review's shape: `services/review_record.py` derives the mapping
to the stored review from these fields, so a new field is declared here once.

Rows (people, plan areas, decisions) carry the id of the stored row they came from, so a
save updates that row in place and anything recorded against it elsewhere keeps its anchor.
"""

from __future__ import annotations

import types
import typing
from dataclasses import asdict, dataclass, field, fields
from datetime import date
from enum import StrEnum
from typing import Any

TEXT_SECTIONS = ("young_person_views", "parents_views", "carers_views", "social_worker_update")


class ReviewStatus(StrEnum):
    """Where a review record is in its life (codes of the `review_status` list)."""

    DRAFT = "draft"
    HELD = "held"
    FINALISED = "finalised"
    CANCELLED = "cancelled"


#: A review that took place: it counts in the timetable and the report.
HELD_STATUSES = (ReviewStatus.HELD, ReviewStatus.FINALISED)


class DecisionStatus(StrEnum):
    """What became of a decision, as recorded at the next review."""

    OPEN = "open"
    DONE = "done"
    OUTSTANDING = "outstanding"
    NO_LONGER_NEEDED = "no_longer_needed"


@dataclass
class AttendanceEntry:
    name: str = ""
    role: str = "other"
    status: str = "attended"
    id: str = ""


@dataclass
class PlanAreaEntry:
    area: str = ""
    progress: str | None = None
    notes: str = ""
    id: str = ""


@dataclass
class DecisionEntry:
    text: str = ""
    owner: str = ""
    target_date: date | None = None
    id: str = ""


@dataclass
class CarriedDecision:
    """A decision of the last review, brought forward with its status."""

    decision_id: str = ""
    text: str = ""
    owner: str = ""
    target_date: date | None = None
    status: str = DecisionStatus.OUTSTANDING.value
    note: str = ""


def is_blank(entry: AttendanceEntry | DecisionEntry | PlanAreaEntry) -> bool:
    """An untouched empty line of a table, which is never stored (plan areas always are)."""
    if isinstance(entry, PlanAreaEntry):
        return False
    return entry == type(entry)(id=entry.id)


@dataclass
class ReviewForm:
    held: bool = False
    meeting_date: date | None = None
    further_sittings: list[date] = field(default_factory=list)
    venue: str = ""
    meeting_format: str = "in_person"
    brought_forward: bool = False
    late_reason: str = ""
    care_plan_3_days: bool | None = None
    pmr_3_days: bool | None = None
    participation_code: str | None = None
    consultation_method: str | None = None
    young_person_views: str = ""
    parents_views: str = ""
    carers_views: str = ""
    social_worker_update: str = ""
    attendance: list[AttendanceEntry] = field(default_factory=list)
    plan_areas: list[PlanAreaEntry] = field(default_factory=list)
    decisions: list[DecisionEntry] = field(default_factory=list)
    carried_forward: list[CarriedDecision] = field(default_factory=list)
    next_review_date: date | None = None
    next_review_time: str = ""
    next_review_venue: str = ""

    def to_json(self) -> dict[str, Any]:
        encoded: dict[str, Any] = _encode(asdict(self))
        return encoded

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> ReviewForm:
        """Rebuild a form from a draft; unknown keys (from a newer version) are ignored."""
        form: ReviewForm = _decode_dataclass(cls, data)
        return form

    def text_length(self) -> int:
        return sum(len(getattr(self, name)) for name in TEXT_SECTIONS)


#: The form's lists of rows and the entry each holds (derived from the declaration above).
ROW_LISTS: dict[str, type[Any]] = {
    "attendance": AttendanceEntry,
    "plan_areas": PlanAreaEntry,
    "decisions": DecisionEntry,
}


_HINTS: dict[type[Any], dict[str, Any]] = {}


def _hints(cls: type[Any]) -> dict[str, Any]:
    if cls not in _HINTS:
        _HINTS[cls] = typing.get_type_hints(cls)
    return _HINTS[cls]


def _decode_dataclass(cls: type[Any], data: dict[str, Any]) -> Any:
    hints = _hints(cls)
    values = {f.name: _decode(hints[f.name], data[f.name]) for f in fields(cls) if f.name in data}
    return cls(**values)


def _decode(hint: Any, value: Any) -> Any:
    """Turn JSON back into the declared type: dates from ISO strings, lists of entries."""
    if isinstance(hint, types.UnionType):
        if value is None:
            return None
        inner = [a for a in typing.get_args(hint) if a is not type(None)]
        return _decode(inner[0], value) if len(inner) == 1 else value
    if hint is date:
        return _date(value)
    if typing.get_origin(hint) is list:
        (item,) = typing.get_args(hint)
        decoded = [_decode(item, v) for v in value or []]
        return [v for v in decoded if v is not None] if item is date else decoded
    if isinstance(hint, type) and hasattr(hint, "__dataclass_fields__"):
        return _decode_dataclass(hint, value)
    return value


def _date(value: Any) -> date | None:
    if value in (None, ""):
        return None
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value))


def _encode(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _encode(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_encode(v) for v in value]
    return value
