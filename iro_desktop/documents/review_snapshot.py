"""Everything a review document shows, as plain frozen data.

Documents are written from this snapshot rather than from live ORM objects, so generation
can run in a worker thread after the session is closed, and the benchmark and the page
images can render a fictional review without any store at all. Reading it from the store
is a use case: `iro_desktop.services.review_snapshot`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from ..domain.codes import code_list
from ..domain.review_form import ReviewForm, ReviewStatus, is_blank

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
    """A finalised (or not) review with its child, people and the service's contact details.

    The review's own fields are not copied here: `review` is the record's form, the one
    declaration of its shape, and what documents print with labels is derived from it below.
    """

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
    # the review: its place in the timetable, the record itself, the review before it
    number: int
    review: ReviewForm
    previous_review_date: date | None
    # the child's consultation form: the minutes' sentence about it, or ""
    consultation_note: str = ""

    @property
    def is_final(self) -> bool:
        return self.status == ReviewStatus.FINALISED

    @property
    def consultation_completed(self) -> bool:
        """The young person filled in their consultation form for this review."""
        return COMPLETED_FORM in self.consultation_note

    @property
    def first_name(self) -> str:
        """The name the young person goes by, for the letter's greeting."""
        return self.preferred_name or self.child_name.split(" ")[0]

    # -- the record as documents print it ----------------------------------------------

    @property
    def meeting_date(self) -> date | None:
        return self.review.meeting_date

    @property
    def participation_code(self) -> str:
        return self.review.participation_code or ""

    @property
    def participation(self) -> str:
        return code_list("participation").label(self.review.participation_code)

    @property
    def meeting_format(self) -> str:
        return code_list("review_format").label(self.review.meeting_format)

    @property
    def consultation_method(self) -> str:
        return code_list("consultation_method").label(self.review.consultation_method)

    @property
    def attendance(self) -> tuple[AttendanceLine, ...]:
        """Who attended first, then apologies, then written contributions; in typed order."""
        roles, statuses = code_list("attendance_role"), code_list("attendance_status")
        order = {code: i for i, code in enumerate(statuses.codes())}
        people = sorted(enumerate(self.review.attendance),
                        key=lambda item: (order.get(item[1].status, len(order)), item[0]))
        return tuple(AttendanceLine(a.name.strip(), roles.label(a.role), a.status,
                                    statuses.label(a.status)) for _, a in people)

    @property
    def plan_areas(self) -> tuple[PlanAreaLine, ...]:
        areas, progress = code_list("plan_area"), code_list("plan_progress")
        return tuple(PlanAreaLine(areas.label(p.area), progress.label(p.progress),
                                  p.notes.strip()) for p in self.review.plan_areas)

    @property
    def decisions(self) -> tuple[DecisionLine, ...]:
        return tuple(DecisionLine(d.text.strip(), d.owner.strip(), d.target_date)
                     for d in self.review.decisions if not is_blank(d))

    @property
    def previous_decisions(self) -> tuple[DecisionLine, ...]:
        """The last review's decisions, with what this review found of each."""
        statuses = code_list("decision_status")
        return tuple(DecisionLine(c.text.strip(), c.owner.strip(), c.target_date,
                                  statuses.label(c.status), c.note.strip())
                     for c in self.review.carried_forward)
