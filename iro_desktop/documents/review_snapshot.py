"""Everything a review document shows, as plain frozen data.

Documents are written from this snapshot rather than from live ORM objects, so generation
can run in a worker thread after the session is closed, and the benchmark and the page
images can render a fictional review without any store at all. Reading it from the store
is a use case: `iro_desktop.services.review_snapshot`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

NOTHING_RECORDED = "Nothing was recorded for this section."
#: What `minutes_note` says only when the child completed the form (not when they declined).
COMPLETED_FORM = " completed a consultation form"


@dataclass(frozen=True)
class Contact:
    """A person or service and the ways to reach them; empty strings are left out."""

    name: str
    phone: str = ""
    email: str = ""
    web: str = ""
    address: str = ""
    team: str = ""

    def means(self) -> tuple[str, ...]:
        """The ways to get in touch, in the order a reader tries them."""
        return tuple(part for part in (self.phone, self.email, self.web) if part)

    def is_reachable(self) -> bool:
        return bool(self.name.strip()) and bool(self.means())


@dataclass(frozen=True)
class AttendanceLine:
    name: str
    role: str
    status: str
    status_label: str


@dataclass(frozen=True)
class PlanAreaLine:
    area: str
    progress: str
    notes: str


@dataclass(frozen=True)
class DecisionLine:
    text: str
    owner: str
    target_date: date | None
    status: str = ""
    status_note: str = ""


@dataclass(frozen=True)
class ReviewSnapshot:
    """A finalised (or not) review with its child, people and the service's contact details."""

    review_id: str
    child_id: str
    status: str
    version: int
    # the child and the period of care
    child_name: str
    preferred_name: str
    date_of_birth: date
    local_id: str
    legal_status: str
    placement_type: str
    looked_after_from: date | None
    # the people
    social_worker: Contact | None
    iro: Contact
    # the service profile
    local_authority: str
    service: Contact
    advocacy: Contact
    complaints: Contact
    decisions_working_days: int
    record_working_days: int
    template_path: str
    # the review
    number: int
    brought_forward: bool
    meeting_date: date | None
    further_sittings: tuple[date, ...]
    venue: str
    meeting_format: str
    participation_code: str
    participation: str
    consultation_method: str
    care_plan_3_days: bool | None
    pmr_3_days: bool | None
    young_person_views: str
    parents_views: str
    carers_views: str
    social_worker_update: str
    next_review_date: date | None
    next_review_time: str
    next_review_venue: str
    attendance: tuple[AttendanceLine, ...]
    plan_areas: tuple[PlanAreaLine, ...]
    decisions: tuple[DecisionLine, ...]
    previous_review_date: date | None
    previous_decisions: tuple[DecisionLine, ...]
    # the child's consultation form: the minutes' sentence about it, or ""
    consultation_note: str = ""

    @property
    def is_final(self) -> bool:
        return self.status == "finalised"

    @property
    def consultation_completed(self) -> bool:
        """The young person filled in their consultation form for this review."""
        return COMPLETED_FORM in self.consultation_note

    @property
    def first_name(self) -> str:
        """The name the young person goes by, for the letter's greeting."""
        return self.preferred_name or self.child_name.split(" ")[0]
