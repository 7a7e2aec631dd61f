"""What the review editor holds: a plain, serialisable form of one review.

The same dataclass is what autosave writes to an encrypted draft, what validation checks
and what the review service saves, so nothing typed can be lost between them.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from datetime import date
from typing import Any

TEXT_SECTIONS = ("young_person_views", "parents_views", "carers_views", "social_worker_update")


@dataclass
class AttendanceEntry:
    name: str = ""
    role: str = "other"
    status: str = "attended"


@dataclass
class PlanAreaEntry:
    area: str = ""
    progress: str | None = None
    notes: str = ""


@dataclass
class DecisionEntry:
    text: str = ""
    owner: str = ""
    target_date: date | None = None


@dataclass
class CarriedDecision:
    """A decision of the last review, brought forward with its status."""

    decision_id: str = ""
    text: str = ""
    owner: str = ""
    target_date: date | None = None
    status: str = "outstanding"
    note: str = ""


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
        known = {f.name for f in fields(cls)}
        values = {k: v for k, v in data.items() if k in known}
        for key in ("meeting_date", "next_review_date"):
            values[key] = _date(values.get(key))
        values["further_sittings"] = [
            d for d in map(_date, values.get("further_sittings", [])) if d
        ]
        values["attendance"] = [_entry(AttendanceEntry, a) for a in values.get("attendance", [])]
        values["plan_areas"] = [_entry(PlanAreaEntry, p) for p in values.get("plan_areas", [])]
        values["decisions"] = [_entry(DecisionEntry, d) for d in values.get("decisions", [])]
        values["carried_forward"] = [
            _entry(CarriedDecision, c) for c in values.get("carried_forward", [])
        ]
        return cls(**values)

    def text_length(self) -> int:
        return sum(len(getattr(self, name)) for name in TEXT_SECTIONS)


def _entry(cls: type[Any], data: dict[str, Any]) -> Any:
    known = {f.name for f in fields(cls)}
    values = {k: v for k, v in data.items() if k in known}
    if "target_date" in values:
        values["target_date"] = _date(values["target_date"])
    return cls(**values)


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
