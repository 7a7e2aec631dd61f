"""What follows from a child's consultation answers: follow-up flags, the review's codes, words.

An answer that the child feels safe only sometimes or never, or does not know how to
complain, must reach the IRO as something to act on (Bradford's annual report: "The IRO
will address this before and during the review"). A skipped question or "I don't want to
answer" raises nothing: the child chose not to say, and that is respected.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from .consultation_forms import Answer
from .timetable import format_date

__all__ = [
    "FEELS_SAFE",
    "FLAG_LABELS",
    "KNOWS_HOW_TO_COMPLAIN",
    "ConsultationStatus",
    "FlagKind",
    "RaisedFlag",
    "consultation_method_for",
    "flags_for",
    "minutes_sentence",
    "suggested_participation",
]

#: Answers to feel_safe counted as feeling safe in the annual report.
FEELS_SAFE = ("always", "usually")
#: Answers to know_how_to_complain counted as knowing how to complain.
KNOWS_HOW_TO_COMPLAIN = ("yes",)
_UNSAFE = ("sometimes", "never")
_DOES_NOT_KNOW = ("no", "not_sure")


class ConsultationStatus(StrEnum):
    IN_PROGRESS = "in_progress"
    COMPLETED = "completed"
    DECLINED = "declined"
    NOT_REQUIRED = "not_required"


class FlagKind(StrEnum):
    FEELS_UNSAFE = "feels_unsafe"
    DOES_NOT_KNOW_HOW_TO_COMPLAIN = "does_not_know_how_to_complain"


FLAG_LABELS: Mapping[str, str] = {
    FlagKind.FEELS_UNSAFE: "Does not always feel safe where they live",
    FlagKind.DOES_NOT_KNOW_HOW_TO_COMPLAIN: "Does not know how to complain",
}
_ANSWER_WORDS = {"sometimes": "sometimes", "never": "never", "no": "no",
                 "not_sure": "not sure"}


@dataclass(frozen=True)
class RaisedFlag:
    kind: FlagKind
    detail: str


def _value(answers: Mapping[str, Answer], question_id: str) -> str | None:
    answer = answers.get(question_id)
    if answer is None or answer.declined or not answer.values:
        return None
    return answer.values[0]


def flags_for(answers: Mapping[str, Answer]) -> list[RaisedFlag]:
    """The follow-ups these answers call for, in a stable order."""
    flags: list[RaisedFlag] = []
    safe = _value(answers, "feel_safe")
    if safe in _UNSAFE:
        flags.append(RaisedFlag(FlagKind.FEELS_UNSAFE,
                                f"Asked if they feel safe where they live, answered "
                                f"“{_ANSWER_WORDS[safe]}”."))
    complain = _value(answers, "know_how_to_complain")
    if complain in _DOES_NOT_KNOW:
        detail = (f"Asked if they know how to complain, answered “{_ANSWER_WORDS[complain]}”.")
        if _value(answers, "want_to_be_told_who_to_talk_to") == "yes":
            detail += " They would like to be told who they can talk to."
        flags.append(RaisedFlag(FlagKind.DOES_NOT_KNOW_HOW_TO_COMPLAIN, detail))
    return flags


def consultation_method_for(status: str) -> str | None:
    """The review's "how the child was consulted" code that follows from a consultation."""
    return {
        ConsultationStatus.COMPLETED: "consultation_form",
        ConsultationStatus.DECLINED: "declined",
        ConsultationStatus.NOT_REQUIRED: "not_required",
    }.get(ConsultationStatus(status))


def suggested_participation(status: str, attended: bool | None) -> str | None:
    """A participation code to offer when the IRO has not chosen one yet.

    Completing the form conveys the child's views through the IRO: PN6 when they did not
    attend. Attending children are PN1–PN4, which depends on the meeting, so nothing is
    suggested; PN0 (under 4) is the review editor's own rule.
    """
    if attended or attended is None:
        return None
    if status == ConsultationStatus.COMPLETED:
        return "PN6"
    return None


def minutes_sentence(name: str, status: str, on: date | None) -> str:
    """The sentence the minutes give in the young person's views section."""
    when = f" on {format_date(on)}" if on is not None else ""
    if status == ConsultationStatus.COMPLETED:
        return f"{name} completed a consultation form with their IRO{when}."
    if status == ConsultationStatus.DECLINED:
        return f"{name} was offered a consultation form{when} and chose not to complete it."
    return ""
