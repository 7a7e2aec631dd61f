"""Rules for recording a review: what may be saved as a draft and what a final record needs."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from .child_rules import age_on
from .codes import code_list
from .months import add_months
from .review_form import ReviewForm
from .text_rules import LINE_LENGTH, SECTION_LENGTH, found, text_problem
from .timetable import format_date
from .validation import FieldError

#: Plan areas in the order an IRO works through them.
PLAN_AREA_ORDER = (
    "permanence",
    "placement",
    "health",
    "education",
    "family_time",
    "legal_status",
    "identity",
    "leisure",
    "transition",
)


@dataclass(frozen=True)
class ReviewFacts:
    """What the rules need to know about the child and the review beyond the form."""

    date_of_birth: date
    number: int
    due: date | None
    looked_after_from: date | None = None


def under_four(dob: date, on: date) -> bool:
    return age_on(dob, on) < 4


def participation_choices(dob: date, review_date: date | None) -> list[str]:
    """PN0 exactly when the child is under 4 on the review date (DfE validation rule)."""
    if review_date is not None and under_four(dob, review_date):
        return ["PN0"]
    return [c.code for c in code_list("participation").active() if c.code != "PN0"]


def plan_areas_for(dob: date, on: date) -> list[str]:
    """Transition / pathway planning is discussed from 16."""
    return [a for a in PLAN_AREA_ORDER if a != "transition" or age_on(dob, on) >= 16]


def statutory_next_due(review_date: date, number: int) -> date:
    """The latest date for the next review: 3 months after the first, else 6 months."""
    return add_months(review_date, 3 if number == 1 else 6)


def validate_review(
    form: ReviewForm, facts: ReviewFacts, today: date, *, finalising: bool
) -> list[FieldError]:
    """Draft saves only refuse impossible values; finalising also needs every required part."""
    errors: list[FieldError] = []
    when = form.meeting_date

    if when is not None and form.held and when > today:
        errors.append(
            FieldError("meeting_date", "A review marked as held cannot have a date in the future.")
        )
    if when is not None and facts.looked_after_from and when < facts.looked_after_from:
        errors.append(
            FieldError("meeting_date", "The review date is before the child became looked after.")
        )
    for sitting in form.further_sittings:
        if when is not None and sitting < when:
            errors.append(
                FieldError(
                    "further_sittings", "A further sitting cannot be before the first meeting."
                )
            )
            break

    code = form.participation_code
    if code and when is not None:
        choices = participation_choices(facts.date_of_birth, when)
        if code not in choices:
            errors.append(
                FieldError(
                    "participation_code",
                    "PN0 is only for a child under 4 on the review date."
                    if code == "PN0"
                    else "The child is under 4 on the review date, so the code is PN0.",
                )
            )
    if code and code not in code_list("participation"):
        errors.append(FieldError("participation_code", f"{code} is not a participation code."))

    for index, decision in enumerate(form.decisions):
        if (
            not decision.text.strip()
            and not decision.owner.strip()
            and decision.target_date is None
        ):
            continue
        if decision.target_date is not None and when is not None and decision.target_date < when:
            errors.append(
                FieldError(
                    f"decisions[{index}]",
                    f"Decision {index + 1}: the target date is before the review.",
                )
            )

    if form.next_review_date is not None and when is not None:
        latest = statutory_next_due(when, facts.number)
        if form.next_review_date <= when:
            errors.append(FieldError("next_review_date", "The next review must be after this one."))
        elif form.next_review_date > latest:
            errors.append(
                FieldError(
                    "next_review_date",
                    f"The next review must be held by {format_date(latest)} (statutory timescale); "
                    "an earlier date is fine.",
                )
            )

    errors.extend(_text_problems(form))
    if finalising:
        errors.extend(_required_for_final(form, facts))
    return errors


#: The review's own text: what each is called in a message, its longest, and whether it
#: may run over several lines.
_TEXT = {
    "venue": ("The venue", LINE_LENGTH, False),
    "late_reason": ("The reason the review was late", SECTION_LENGTH, True),
    "young_person_views": ("The young person's views", SECTION_LENGTH, True),
    "parents_views": ("The parents' views", SECTION_LENGTH, True),
    "carers_views": ("The carers' views", SECTION_LENGTH, True),
    "social_worker_update": ("The social worker's update", SECTION_LENGTH, True),
    "next_review_time": ("The time of the next review", 10, False),
    "next_review_venue": ("The venue of the next review", LINE_LENGTH, False),
}


def _text_problems(form: ReviewForm) -> list[FieldError]:
    """Text every document can carry: checked on drafts too, so nothing saved is unprintable."""
    problems = [text_problem(name, what, getattr(form, name), max_length=longest,
                             multiline=multiline)
                for name, (what, longest, multiline) in _TEXT.items()]
    for index, person in enumerate(form.attendance):
        problems.append(text_problem("attendance", f"Person {index + 1}'s name", person.name,
                                     max_length=LINE_LENGTH))
    for plan in form.plan_areas:
        problems.append(text_problem(f"plan.{plan.area}", "The plan notes", plan.notes,
                                     max_length=SECTION_LENGTH, multiline=True))
    for index, decision in enumerate(form.decisions):
        field = f"decisions[{index}]"
        problems.append(text_problem(field, f"Decision {index + 1}", decision.text,
                                     max_length=SECTION_LENGTH, multiline=True))
        problems.append(text_problem(field, f"Decision {index + 1}'s owner", decision.owner,
                                     max_length=LINE_LENGTH))
    for index, carried in enumerate(form.carried_forward):
        problems.append(text_problem("carried_forward", f"The note on carried decision "
                                     f"{index + 1}", carried.note, max_length=SECTION_LENGTH,
                                     multiline=True))
    return found(*problems)


def _required_for_final(form: ReviewForm, facts: ReviewFacts) -> list[FieldError]:
    errors: list[FieldError] = []
    if not form.held:
        errors.append(FieldError("held", "Mark the review as held before finalising it."))
    if form.meeting_date is None:
        errors.append(FieldError("meeting_date", "Enter the date of the review."))
    if not form.venue.strip():
        errors.append(FieldError("venue", "Enter where the review was held."))
    if not form.participation_code:
        errors.append(FieldError("participation_code", "Choose the participation code."))
    if not form.attendance:
        errors.append(FieldError("attendance", "Record who attended or sent apologies."))
    if form.care_plan_3_days is None:
        errors.append(
            FieldError(
                "care_plan_3_days", "Say whether the care plan arrived 3 working days before."
            )
        )
    if form.pmr_3_days is None:
        errors.append(
            FieldError(
                "pmr_3_days", "Say whether the pre-meeting report arrived 3 working days before."
            )
        )
    if facts.number >= 2:
        permanence = next((p for p in form.plan_areas if p.area == "permanence"), None)
        if permanence is None or not (permanence.notes.strip() or permanence.progress):
            errors.append(
                FieldError(
                    "plan.permanence", "The permanence plan is required from the second review."
                )
            )
    real = [d for d in form.decisions if d.text.strip() or d.owner.strip() or d.target_date]
    for index, decision in enumerate(form.decisions):
        if decision not in real:
            continue
        if not decision.text.strip():
            errors.append(
                FieldError(f"decisions[{index}]", f"Decision {index + 1}: say what is to be done.")
            )
        if not decision.owner.strip():
            errors.append(
                FieldError(
                    f"decisions[{index}]", f"Decision {index + 1} needs someone responsible."
                )
            )
        if decision.target_date is None:
            errors.append(
                FieldError(f"decisions[{index}]", f"Decision {index + 1} needs a target date.")
            )
    if (
        form.meeting_date is not None
        and facts.due is not None
        and form.meeting_date > facts.due
        and not form.late_reason.strip()
    ):
        errors.append(
            FieldError("late_reason", "The review is late: record why, for the annual report.")
        )
    if form.next_review_date is None:
        errors.append(FieldError("next_review_date", "Set the date of the next review."))
    return errors
