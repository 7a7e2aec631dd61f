"""The tables of the annual report as frozen dataclasses: plain values, no database.

Counts are kept as whole numbers with their denominators (`Rate`), so every percentage
can be checked and an export never has to recompute anything.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

__all__ = [
    "AgeGenderRow",
    "AttendanceFigures",
    "CaseloadFigures",
    "CategoryCount",
    "ChallengeFigures",
    "Count",
    "DeadlineFigures",
    "IroCaseload",
    "LateReview",
    "MonthCount",
    "MonthQa",
    "MonthTimeliness",
    "ParticipationFigures",
    "PlanProgressRow",
    "PopulationProfile",
    "QaActivity",
    "Rate",
    "ReportPeriod",
    "ReviewFigures",
    "RoleAttendance",
    "ViewpointBand",
    "ViewpointFigures",
]


@dataclass(frozen=True, slots=True)
class Rate:
    """A share as numerator / denominator; no percentage when there is nothing to divide by."""

    numerator: int
    denominator: int

    @property
    def percent(self) -> float | None:
        if self.denominator <= 0:
            return None
        return 100.0 * self.numerator / self.denominator

    def rounded(self, places: int = 1) -> float | None:
        """The percentage rounded half up from the exact fraction (12.25 -> 12.3, not 12.2)."""
        if self.denominator <= 0:
            return None
        exact = Decimal(100 * self.numerator) / Decimal(self.denominator)
        return float(exact.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP))


@dataclass(frozen=True, slots=True)
class Count:
    """One row of a "how many of each" table: a stored code, its label and the count."""

    code: str
    label: str
    count: int


@dataclass(frozen=True, slots=True)
class ReportPeriod:
    date_from: date
    date_to: date
    iro_name: str | None
    team: str | None
    local_authority: str
    service_name: str

    @property
    def scope_label(self) -> str:
        parts = [p for p in (self.iro_name, f"team {self.team}" if self.team else None) if p]
        return ", ".join(parts) if parts else "whole service"


@dataclass(frozen=True, slots=True)
class LateReview:
    local_id: str
    meeting_date: date
    due_date: date | None
    days_late: int | None
    working_days_late: int | None
    late_reason: str


@dataclass(frozen=True, slots=True)
class MonthTimeliness:
    month: str
    held: int
    in_time: int
    timed: int

    @property
    def rate(self) -> Rate:
        return Rate(self.in_time, self.timed)


@dataclass(frozen=True, slots=True)
class ReviewFigures:
    """Reviews held in the period; timeliness counts only reviews with a known due date."""

    held: int
    children_reviewed: int
    in_time: int
    timed: int
    late: tuple[LateReview, ...]
    by_month: tuple[MonthTimeliness, ...]

    @property
    def timeliness(self) -> Rate:
        return Rate(self.in_time, self.timed)


@dataclass(frozen=True, slots=True)
class ParticipationFigures:
    """PN1–PN7 in code order; PN0 (under 4) and reviews with no code are counted apart."""

    by_code: tuple[Count, ...]
    pn0: int
    not_recorded: int

    @property
    def rate(self) -> Rate:
        counts = {c.code: c.count for c in self.by_code}
        participated = sum(counts.get(f"PN{n}", 0) for n in range(1, 7))
        return Rate(participated, participated + counts.get("PN7", 0))


@dataclass(frozen=True, slots=True)
class ViewpointBand:
    band: str
    audits: int
    completed: int
    declined: int
    not_required: int
    not_recorded: int


@dataclass(frozen=True, slots=True)
class ViewpointFigures:
    """Audits in the period by the child's age at the review; performance as Bradford counts it."""

    by_band: tuple[ViewpointBand, ...]

    def _total(self, attribute: str) -> int:
        return sum(int(getattr(band, attribute)) for band in self.by_band)

    @property
    def audits(self) -> int:
        return self._total("audits")

    @property
    def completed(self) -> int:
        return self._total("completed")

    @property
    def declined(self) -> int:
        return self._total("declined")

    @property
    def not_required(self) -> int:
        return self._total("not_required")

    @property
    def performance(self) -> Rate:
        """Completed / (audits − declined − not required)."""
        return Rate(self.completed, self.audits - self.declined - self.not_required)


@dataclass(frozen=True, slots=True)
class MonthQa:
    month: str
    challenges: int
    good_practice: int
    audits: int


@dataclass(frozen=True, slots=True)
class QaActivity:
    by_month: tuple[MonthQa, ...]

    @property
    def challenges(self) -> int:
        return sum(m.challenges for m in self.by_month)

    @property
    def good_practice(self) -> int:
        return sum(m.good_practice for m in self.by_month)

    @property
    def audits(self) -> int:
        return sum(m.audits for m in self.by_month)


@dataclass(frozen=True, slots=True)
class CategoryCount:
    code: str
    label: str
    group: str
    count: int


@dataclass(frozen=True, slots=True)
class ChallengeFigures:
    """Challenges raised in the period; a challenge counts once in each of its categories."""

    raised: int
    mandatory: int
    by_outcome: tuple[Count, ...]
    by_category: tuple[CategoryCount, ...]
    by_group: tuple[Count, ...]

    @property
    def concerns(self) -> int:
        return sum(c.count for c in self.by_category)


@dataclass(frozen=True, slots=True)
class PlanProgressRow:
    """One plan domain in one quarter (1 = the period's first): progressing out of assessed."""

    domain: str
    domain_label: str
    quarter: int
    quarter_label: str
    progressing: int
    assessed: int

    @property
    def rate(self) -> Rate:
        return Rate(self.progressing, self.assessed)


@dataclass(frozen=True, slots=True)
class RoleAttendance:
    role: str
    label: str
    attended: int
    apologies: int
    written: int

    @property
    def invited(self) -> int:
        return self.attended + self.apologies + self.written

    @property
    def attended_rate(self) -> Rate:
        return Rate(self.attended, self.invited)


@dataclass(frozen=True, slots=True)
class AttendanceFigures:
    by_role: tuple[RoleAttendance, ...]
    parent_attended: Rate
    care_plan_3_days: Rate
    pmr_3_days: Rate


@dataclass(frozen=True, slots=True)
class DeadlineFigures:
    """Decisions or records issued within a number of working days of the meeting."""

    working_days: int
    within: int
    late: int
    not_issued: int

    @property
    def rate(self) -> Rate:
        return Rate(self.within, self.within + self.late + self.not_issued)


@dataclass(frozen=True, slots=True)
class IroCaseload:
    iro_id: str | None
    name: str
    team: str
    children: int


@dataclass(frozen=True, slots=True)
class MonthCount:
    month_end: date
    count: int


@dataclass(frozen=True, slots=True)
class CaseloadFigures:
    """Children with an open period of care at the period end, by their allocated IRO."""

    as_at: date
    per_iro: tuple[IroCaseload, ...]
    looked_after_by_month: tuple[MonthCount, ...]


@dataclass(frozen=True, slots=True)
class AgeGenderRow:
    band: str
    male: int
    female: int
    other: int

    @property
    def total(self) -> int:
        return self.male + self.female + self.other


@dataclass(frozen=True, slots=True)
class PopulationProfile:
    """The looked-after population at the period end, from each child's open period of care."""

    as_at: date
    total: int
    age_gender: tuple[AgeGenderRow, ...]
    ethnicity: tuple[Count, ...]
    ethnic_group: tuple[Count, ...]
    legal_status: tuple[Count, ...]
    placement: tuple[Count, ...]
    category_of_need: tuple[Count, ...]
    started: int
    ceased: int
    reasons_ceased: tuple[Count, ...]
