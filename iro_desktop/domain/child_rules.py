"""Rules for a child's details and periods of care."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from .codes import code_list
from .text_rules import LINE_LENGTH, NAME_LENGTH, found, local_id_problem, text_problem
from .validation import FieldError


@dataclass
class ChildDetails:
    """What a person types to add or edit a child (and the current period of care)."""

    local_id: str = ""
    first_name: str = ""
    last_name: str = ""
    preferred_name: str = ""
    date_of_birth: date | None = None
    gender: str = ""
    ethnicity: str = ""
    school: str = ""
    looked_after_from: date | None = None
    legal_status: str = ""
    placement_type: str = ""
    placement_provider: str = ""
    category_of_need: str = ""
    social_worker: str = ""
    social_worker_team: str = ""
    iro_id: str | None = None
    extra: dict[str, str] = field(default_factory=dict)


def _code_error(field_name: str, list_name: str, value: str, what: str) -> FieldError | None:
    if not value:
        return FieldError(field_name, f"Choose the {what}.")
    codes = code_list(list_name)
    if value not in codes:
        return FieldError(field_name, f"{value} is not a known {what} code.")
    if not codes.is_selectable(value):
        return FieldError(field_name, f"{codes.label(value)} is no longer in use; choose another.")
    return None


#: The child's one-line text fields: what each is called in a message, and its longest.
TEXT_FIELDS = {
    "first_name": ("The first name", NAME_LENGTH),
    "last_name": ("The last name", NAME_LENGTH),
    "preferred_name": ("The preferred name", NAME_LENGTH),
    "school": ("The school", LINE_LENGTH),
    "placement_provider": ("The placement provider", LINE_LENGTH),
    "social_worker": ("The social worker's name", NAME_LENGTH),
    "social_worker_team": ("The social worker's team", LINE_LENGTH),
}


def validate_child(details: ChildDetails, today: date) -> list[FieldError]:
    errors: list[FieldError] = found(
        local_id_problem("local_id", details.local_id),
        *(text_problem(name, what, getattr(details, name), max_length=longest)
          for name, (what, longest) in TEXT_FIELDS.items()),
    )
    if not details.local_id.strip():
        errors.append(FieldError("local_id", "Enter the child's ID (case number)."))
    if not details.first_name.strip():
        errors.append(FieldError("first_name", "Enter the child's first name."))
    if not details.last_name.strip():
        errors.append(FieldError("last_name", "Enter the child's last name."))
    dob = details.date_of_birth
    if dob is None:
        errors.append(FieldError("date_of_birth", "Enter the date of birth."))
    elif dob > today:
        errors.append(FieldError("date_of_birth", "The date of birth cannot be in the future."))
    elif today.year - dob.year > 25:
        errors.append(FieldError("date_of_birth", "The date of birth is more than 25 years ago."))
    start = details.looked_after_from
    if start is None:
        errors.append(
            FieldError("looked_after_from", "Enter the date the child became looked after.")
        )
    else:
        if start > today:
            errors.append(
                FieldError(
                    "looked_after_from", "The date became looked after cannot be in the future."
                )
            )
        if dob is not None and start < dob:
            errors.append(
                FieldError(
                    "looked_after_from", "The date became looked after is before the date of birth."
                )
            )
    if details.gender and details.gender not in code_list("gender"):
        errors.append(FieldError("gender", f"{details.gender} is not a known gender code."))
    if details.ethnicity and details.ethnicity not in code_list("ethnicity"):
        errors.append(
            FieldError("ethnicity", f"{details.ethnicity} is not a known ethnicity code.")
        )
    for problem in (
        _code_error("legal_status", "legal_status", details.legal_status, "legal status"),
        _code_error("placement_type", "placement", details.placement_type, "placement type"),
        _code_error(
            "category_of_need", "category_of_need", details.category_of_need, "category of need"
        ),
    ):
        if problem:
            errors.append(problem)
    return errors


def validate_period_end(
    start: date, end: date | None, reason: str, today: date
) -> list[FieldError]:
    errors: list[FieldError] = []
    if end is None:
        errors.append(FieldError("end_date", "Enter the date the period of care ended."))
    else:
        if end < start:
            errors.append(
                FieldError("end_date", "The end date is before the period of care began.")
            )
        if end > today:
            errors.append(FieldError("end_date", "The end date cannot be in the future."))
    problem = _code_error("reason_ceased", "reason_ceased", reason, "reason the period ended")
    if problem:
        errors.append(problem)
    return errors


def age_on(dob: date, on: date) -> int:
    """Whole years of age on a date (a 29 February birthday counts from 1 March)."""
    years = on.year - dob.year
    if (on.month, on.day) < (dob.month, dob.day):
        years -= 1
    return years
