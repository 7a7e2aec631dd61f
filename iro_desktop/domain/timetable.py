"""The statutory timetable for reviews of a looked-after child's care plan.

Care Planning, Placement and Case Review (England) Regulations 2010, regulation 33:

* the first review is due within 20 working days of the child becoming looked after;
* the second within 3 months of the date the first was actually held;
* each later review within 6 months of the date the previous one was actually held.

A review may be brought forward (for example after a change of placement); because the next
due date is always worked out from the date a review was actually held, bringing one forward
simply moves the next one earlier, and the flag is kept only so it can be reported.

All functions here work on ONE period of care. A new period of care (the child stops being
looked after and later becomes looked after again) starts the timetable afresh: call them
again with the new start date and only the reviews held in the new period.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from iro_desktop.domain.months import add_months
from iro_desktop.domain.working_days import add_working_days

__all__ = [
    "DueStatus",
    "HeldReview",
    "ReviewKind",
    "ScheduledReview",
    "current_status",
    "decisions_due",
    "format_date",
    "next_review",
    "record_due",
    "review_schedule",
]

FIRST_REVIEW_WORKING_DAYS = 20
SECOND_REVIEW_MONTHS = 3
LATER_REVIEW_MONTHS = 6
DUE_SOON_DAYS = 7

_MONTH_NAMES = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip


class ReviewKind(StrEnum):
    """Which rule sets a review's due date, as the first and second differ from the rest."""

    FIRST = "first"
    SECOND = "second"
    SUBSEQUENT = "subsequent"


class DueStatus(StrEnum):
    """How urgent the next pending review is, to drive alerts on the caseload."""

    OVERDUE = "overdue"
    DUE_SOON = "due_soon"
    ON_TRACK = "on_track"
    ENDED = "ended"


@dataclass(frozen=True)
class HeldReview:
    """A review that took place, and whether the IRO brought it forward, as recorded."""

    held_on: date
    brought_forward: bool = False


@dataclass(frozen=True)
class ScheduledReview:
    """One review in the timetable, held or pending, with an explanation of its due date."""

    number: int
    kind: ReviewKind
    due: date
    held_on: date | None
    brought_forward: bool
    basis: str

    @property
    def in_time(self) -> bool | None:
        """Whether a held review met its deadline (None while pending), the timeliness measure."""
        if self.held_on is None:
            return None
        return self.held_on <= self.due

    def status(self, today: date) -> DueStatus:
        """Classify a pending review against today so the IRO is alerted a week ahead."""
        if self.held_on is not None:
            raise ValueError(
                f"review {self.number} was held on {format_date(self.held_on)}; "
                "only a pending review has a due status"
            )
        if today > self.due:
            return DueStatus.OVERDUE
        if self.due <= today + timedelta(days=DUE_SOON_DAYS):
            return DueStatus.DUE_SOON
        return DueStatus.ON_TRACK


def format_date(d: date) -> str:
    """Write a date the British way ("3 March 2025") without depending on the system locale."""
    return f"{d.day} {_MONTH_NAMES[d.month - 1]} {d.year}"


def _kind(number: int) -> ReviewKind:
    """Map a review's position in the period of care to the rule that governs it."""
    if number == 1:
        return ReviewKind.FIRST
    if number == 2:
        return ReviewKind.SECOND
    return ReviewKind.SUBSEQUENT


def _due_and_basis(
    number: int, looked_after_from: date, previous: HeldReview | None
) -> tuple[date, str]:
    """Work out a review's due date and say in plain English how, so users can check it."""
    if number == 1 or previous is None:
        due = add_working_days(looked_after_from, FIRST_REVIEW_WORKING_DAYS)
        return due, (
            f"{FIRST_REVIEW_WORKING_DAYS} working days after becoming looked after "
            f"on {format_date(looked_after_from)}"
        )
    forward = " (brought forward)" if previous.brought_forward else ""
    if number == 2:
        due = add_months(previous.held_on, SECOND_REVIEW_MONTHS)
        return due, (
            f"{SECOND_REVIEW_MONTHS} months after the first review "
            f"on {format_date(previous.held_on)}{forward}"
        )
    due = add_months(previous.held_on, LATER_REVIEW_MONTHS)
    return due, (
        f"{LATER_REVIEW_MONTHS} months after review {number - 1} "
        f"on {format_date(previous.held_on)}{forward}"
    )


def _normalise(
    looked_after_from: date, held: Sequence[date | HeldReview], ended_on: date | None
) -> list[HeldReview]:
    """Sort and check the held reviews, refusing data that cannot belong to this period of care."""
    if ended_on is not None and ended_on < looked_after_from:
        raise ValueError(
            f"the period of care cannot end on {format_date(ended_on)}, before it started "
            f"on {format_date(looked_after_from)}"
        )
    reviews = sorted(
        (item if isinstance(item, HeldReview) else HeldReview(item) for item in held),
        key=lambda review: review.held_on,
    )
    for earlier, later in zip(reviews, reviews[1:], strict=False):
        if earlier.held_on == later.held_on:
            raise ValueError(f"the review on {format_date(later.held_on)} is listed more than once")
    for review in reviews:
        if review.held_on < looked_after_from:
            raise ValueError(
                f"the review on {format_date(review.held_on)} is before the child became "
                f"looked after on {format_date(looked_after_from)}; "
                "a new period of care starts the timetable again"
            )
        if ended_on is not None and review.held_on > ended_on:
            raise ValueError(
                f"the review on {format_date(review.held_on)} is after the period of care "
                f"ended on {format_date(ended_on)}"
            )
    return reviews


def review_schedule(
    looked_after_from: date,
    held: Sequence[date | HeldReview],
    *,
    ended_on: date | None = None,
) -> list[ScheduledReview]:
    """List every held review with its due date, then the next pending one, for one period of care.

    The pending review is left out when the period of care ended on or before its due date,
    because no further review is then required. Held reviews are sorted by date; a review
    listed twice, one before ``looked_after_from`` or one after ``ended_on`` raises ValueError.
    """
    reviews = _normalise(looked_after_from, held, ended_on)
    schedule: list[ScheduledReview] = []
    previous: HeldReview | None = None
    for number, review in enumerate(reviews, start=1):
        due, basis = _due_and_basis(number, looked_after_from, previous)
        schedule.append(
            ScheduledReview(
                number=number,
                kind=_kind(number),
                due=due,
                held_on=review.held_on,
                brought_forward=review.brought_forward,
                basis=basis,
            )
        )
        previous = review
    number = len(reviews) + 1
    due, basis = _due_and_basis(number, looked_after_from, previous)
    if ended_on is None or ended_on > due:
        schedule.append(
            ScheduledReview(
                number=number,
                kind=_kind(number),
                due=due,
                held_on=None,
                brought_forward=False,
                basis=basis,
            )
        )
    return schedule


def next_review(
    looked_after_from: date,
    held: Sequence[date | HeldReview],
    *,
    ended_on: date | None = None,
) -> ScheduledReview | None:
    """Return the review still to be held, or None when the period of care has ended before it."""
    schedule = review_schedule(looked_after_from, held, ended_on=ended_on)
    if schedule and schedule[-1].held_on is None:
        return schedule[-1]
    return None


def current_status(
    looked_after_from: date,
    held: Sequence[date | HeldReview],
    *,
    today: date,
    ended_on: date | None = None,
) -> DueStatus:
    """Give one status per child for the caseload view, ENDED when no further review is due.

    A review that fell due before the period ended but was never held stays OVERDUE, so a
    missed review is not hidden by the child leaving care.
    """
    pending = next_review(looked_after_from, held, ended_on=ended_on)
    return DueStatus.ENDED if pending is None else pending.status(today)


def decisions_due(review_date: date, days: int = 5) -> date:
    """Deadline for circulating decisions; days is a setting because authorities differ."""
    return add_working_days(review_date, days)


def record_due(review_date: date, days: int = 15) -> date:
    """Deadline for the full review record; days is a setting because authorities differ."""
    return add_working_days(review_date, days)
