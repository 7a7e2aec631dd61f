"""The consultation forms a child fills in before a review, loaded from ``resources/consultation/``.

The wording is data (one JSON file per age band, described in that folder's README) so a
service can change it without a new release. Question ids and answer values are fixed
here: follow-up flags and the annual report count them, so every band must use the same.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

from iro_desktop.paths import resource_path

from .child_rules import age_on

__all__ = [
    "AGE_BANDS",
    "ANSWER_VALUES",
    "BAND_LABELS",
    "PICTURES",
    "QUESTION_IDS",
    "QUESTION_SUMMARIES",
    "SCALE",
    "YES_NO",
    "Answer",
    "Choice",
    "ConsultationForm",
    "ConsultationFormError",
    "Question",
    "age_band_for",
    "answers_from_json",
    "answers_to_json",
    "describe_answer",
    "fill",
    "load_form",
    "load_form_file",
]

AGE_BANDS = ("4-6", "7-9", "10-15", "16+")
BAND_LABELS = {"4-6": "4–6", "7-9": "7–9", "10-15": "10–15", "16+": "16+"}
_BAND_FILES = {"4-6": "form-4-6.json", "7-9": "form-7-9.json", "10-15": "form-10-15.json",
               "16+": "form-16-plus.json"}

SCALE = ("always", "usually", "sometimes", "never")
YES_NO = ("yes", "no", "not_sure")
CONTACT = ("about_right", "want_more", "want_less", "not_sure")
#: Every question and the values its answers may take (empty: free text only).
ANSWER_VALUES: Mapping[str, tuple[str, ...]] = {
    "feel_safe": SCALE,
    "happy_at_home": SCALE,
    "happy_at_school": SCALE,
    "see_family": CONTACT,
    "see_friends": CONTACT,
    "know_iro": YES_NO,
    "know_social_worker": YES_NO,
    "know_how_to_complain": YES_NO,
    "want_to_be_told_who_to_talk_to": YES_NO,
    "who_at_review": ("me", "carer", "family", "social_worker", "teacher", "advocate", "friend",
                      "other"),
    "where_review": ("where_i_live", "school", "not_at_school", "somewhere_else", "dont_mind"),
    "own_words": (),
}
QUESTION_IDS = tuple(ANSWER_VALUES)
#: What each question is about, in the IRO's words (the forms speak to the child).
QUESTION_SUMMARIES: Mapping[str, str] = {
    "feel_safe": "Feels safe where they live",
    "happy_at_home": "Happy where they live",
    "happy_at_school": "Happy at school",
    "see_family": "Time with family",
    "see_friends": "Time with friends",
    "know_iro": "Knows who their IRO is",
    "know_social_worker": "Knows who their social worker is",
    "know_how_to_complain": "Knows how to complain",
    "want_to_be_told_who_to_talk_to": "Wants to be told who they can talk to",
    "who_at_review": "Who they want at the review",
    "where_review": "Where they want the review",
    "own_words": "In their own words",
}
PICTURES = frozenset({"happy", "ok", "sad", "very_sad", "yes", "no", "not_sure", "more", "less"})
KINDS = frozenset({"single", "multi", "text"})
LABEL_KEYS = ("start", "back", "next", "skip", "finish", "decline", "iro_only")

_FORM_KEYS = frozenset({"format", "age_band", "version", "title", "pictures", "welcome",
                        "thank_you", "labels", "questions"})
_QUESTION_KEYS = frozenset({"id", "kind", "text", "hint", "choices", "other", "placeholder"})
_CHOICE_KEYS = frozenset({"value", "label", "picture", "retired"})
_PLACEHOLDER = re.compile(r"\{(\w+)\}")


class ConsultationFormError(ValueError):
    """A form file is missing or malformed; the message names the file and the problem."""


@dataclass(frozen=True)
class Choice:
    value: str
    label: str
    picture: str = ""
    retired: bool = False


@dataclass(frozen=True)
class Question:
    id: str
    kind: str
    text: str
    hint: str = ""
    choices: tuple[Choice, ...] = ()
    other: str = ""
    placeholder: str = ""

    @property
    def summary(self) -> str:
        return QUESTION_SUMMARIES[self.id]

    def offered(self) -> tuple[Choice, ...]:
        return tuple(c for c in self.choices if not c.retired)

    def label(self, value: str) -> str:
        for choice in self.choices:
            if choice.value == value:
                return choice.label
        return value.replace("_", " ").capitalize()


@dataclass(frozen=True)
class ConsultationForm:
    age_band: str
    version: int
    title: str
    pictures: bool
    welcome_heading: str
    welcome_text: str
    thank_you_heading: str
    thank_you_text: str
    labels: Mapping[str, str]
    questions: tuple[Question, ...]

    def question(self, question_id: str) -> Question:
        for question in self.questions:
            if question.id == question_id:
                return question
        raise KeyError(question_id)


@dataclass(frozen=True)
class Answer:
    """One answer: the chosen values, any words, or "I don't want to answer" (declined).

    A question the child skipped has no Answer at all.
    """

    values: tuple[str, ...] = ()
    text: str = ""
    declined: bool = False

    @property
    def is_empty(self) -> bool:
        return not self.values and not self.text.strip() and not self.declined

    def to_json(self) -> dict[str, Any]:
        return {"values": list(self.values), "text": self.text, "declined": self.declined}


def age_band_for(date_of_birth: date, on: date) -> str | None:
    """The form for a child of this age on that date; None under 4 (not consulted by form)."""
    age = age_on(date_of_birth, on)
    if age < 4:
        return None
    if age <= 6:
        return "4-6"
    if age <= 9:
        return "7-9"
    return "10-15" if age <= 15 else "16+"


def answers_to_json(answers: Mapping[str, Answer]) -> dict[str, Any]:
    return {qid: a.to_json() for qid, a in answers.items() if not a.is_empty}


def answers_from_json(data: Mapping[str, Any] | None) -> dict[str, Answer]:
    """Read stored answers, refusing question ids and values the forms do not know."""
    answers: dict[str, Answer] = {}
    for qid, raw in (data or {}).items():
        if qid not in ANSWER_VALUES:
            raise ValueError(f"Unknown consultation question {qid!r}.")
        if not isinstance(raw, Mapping):
            raise ValueError(f"The answer to {qid} is not an object.")
        values = tuple(str(v) for v in raw.get("values") or ())
        unknown = [v for v in values if v not in ANSWER_VALUES[qid]]
        if unknown:
            raise ValueError(f"Unknown answer {unknown[0]!r} to {qid}.")
        answer = Answer(values, str(raw.get("text") or ""), bool(raw.get("declined")))
        if answer.declined:
            answer = Answer(declined=True)
        if not answer.is_empty:
            answers[qid] = answer
    return answers


def describe_answer(question: Question, answer: Answer | None) -> str:
    """The answer in words, for the IRO's panel and documents."""
    if answer is None or answer.is_empty:
        return "Skipped"
    if answer.declined:
        return "Did not want to answer"
    parts = [question.label(v) for v in answer.values if v != "other" or not answer.text]
    if answer.text.strip():
        parts.append(f"“{answer.text.strip()}”" if question.kind != "text" else answer.text.strip())
    return "; ".join(parts)


# -- loading -------------------------------------------------------------------------------


@cache
def load_form(age_band: str) -> ConsultationForm:
    """The current form of an age band (read once)."""
    if age_band not in _BAND_FILES:
        raise ConsultationFormError(f"There is no consultation form for age band {age_band!r}.")
    return load_form_file(resource_path("consultation", _BAND_FILES[age_band]))


def load_form_file(path: Path) -> ConsultationForm:
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise ConsultationFormError(f"{path.name}: the consultation form is missing.") from exc
    except (OSError, ValueError) as exc:
        raise ConsultationFormError(f"{path.name}: not valid JSON ({exc}).") from exc
    try:
        return _parse(doc)
    except (KeyError, TypeError, ValueError) as exc:
        raise ConsultationFormError(f"{path.name}: {exc}") from exc


def _check_keys(data: Any, allowed: frozenset[str], where: str) -> None:
    if not isinstance(data, dict):
        raise TypeError(f"{where} must be an object")
    extra = sorted(set(data) - allowed)
    if extra:
        raise ValueError(f"{where} has unknown key {extra[0]!r}")


def _text(data: Mapping[str, Any], key: str, where: str, required: bool = True) -> str:
    value = data.get(key, "")
    if not isinstance(value, str) or (required and not value.strip()):
        raise ValueError(f"{where}: {key!r} must be non-empty text")
    for name in _PLACEHOLDER.findall(value):
        if name not in ("name", "iro"):
            raise ValueError(f"{where}: unknown placeholder {{{name}}} (use {{name}} or {{iro}})")
    return value


def _parse(doc: Any) -> ConsultationForm:
    _check_keys(doc, _FORM_KEYS, "the form")
    if doc.get("format") != 1:
        raise ValueError("'format' must be 1")
    band = doc.get("age_band")
    if band not in AGE_BANDS:
        raise ValueError(f"'age_band' must be one of {', '.join(AGE_BANDS)}")
    version = doc.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise ValueError("'version' must be a whole number from 1")
    labels = doc.get("labels") or {}
    _check_keys(labels, frozenset(LABEL_KEYS), "'labels'")
    missing_labels = [k for k in LABEL_KEYS if k not in labels]
    if missing_labels:
        raise ValueError(f"'labels' needs {missing_labels[0]!r}")
    welcome, thanks = doc.get("welcome") or {}, doc.get("thank_you") or {}
    _check_keys(welcome, frozenset({"heading", "text"}), "'welcome'")
    _check_keys(thanks, frozenset({"heading", "text"}), "'thank_you'")
    raw_questions = doc.get("questions")
    if not isinstance(raw_questions, list):
        raise TypeError("'questions' must be a list")
    questions = tuple(_question(q, i) for i, q in enumerate(raw_questions, 1))
    ids = [q.id for q in questions]
    if len(set(ids)) != len(ids):
        raise ValueError("a question id is used twice")
    missing = [qid for qid in QUESTION_IDS if qid not in ids]
    if missing:
        raise ValueError(f"question {missing[0]!r} is missing (every band asks every question)")
    return ConsultationForm(
        age_band=band, version=version, title=_text(doc, "title", "the form"),
        pictures=bool(doc.get("pictures", False)),
        welcome_heading=_text(welcome, "heading", "'welcome'"),
        welcome_text=_text(welcome, "text", "'welcome'"),
        thank_you_heading=_text(thanks, "heading", "'thank_you'"),
        thank_you_text=_text(thanks, "text", "'thank_you'"),
        labels={k: _text(labels, k, "'labels'") for k in LABEL_KEYS},
        questions=questions,
    )


def _question(raw: Any, number: int) -> Question:
    where = f"question {number}"
    _check_keys(raw, _QUESTION_KEYS, where)
    qid = raw.get("id")
    if qid not in ANSWER_VALUES:
        raise ValueError(f"{where}: unknown id {qid!r}")
    where = f"question {qid!r}"
    kind = raw.get("kind")
    if kind not in KINDS:
        raise ValueError(f"{where}: 'kind' must be single, multi or text")
    if (kind == "text") != (not ANSWER_VALUES[qid]):
        expected = "single or multi" if ANSWER_VALUES[qid] else "text"
        raise ValueError(f"{where}: must be of kind {expected}")
    choices = tuple(_choice(c, qid, where) for c in raw.get("choices") or ())
    if kind != "text" and not [c for c in choices if not c.retired]:
        raise ValueError(f"{where}: needs at least one choice")
    values = [c.value for c in choices]
    if len(set(values)) != len(values):
        raise ValueError(f"{where}: a choice value is used twice")
    return Question(
        id=qid, kind=kind, text=_text(raw, "text", where), hint=_text(raw, "hint", where, False),
        choices=choices, other=_text(raw, "other", where, False),
        placeholder=_text(raw, "placeholder", where, False),
    )


def _choice(raw: Any, qid: str, where: str) -> Choice:
    _check_keys(raw, _CHOICE_KEYS, f"{where}: a choice")
    value = raw.get("value")
    if value not in ANSWER_VALUES[qid]:
        raise ValueError(f"{where}: {value!r} is not an answer value of {qid} "
                         f"({', '.join(ANSWER_VALUES[qid])})")
    picture = raw.get("picture", "")
    if picture and picture not in PICTURES:
        raise ValueError(f"{where}: unknown picture {picture!r} ({', '.join(sorted(PICTURES))})")
    return Choice(value=value, label=_text(raw, "label", where), picture=picture,
                  retired=bool(raw.get("retired", False)))


def fill(text: str, name: str, iro: str) -> str:
    """Put the child's and the IRO's names into a form's wording."""
    return text.replace("{name}", name).replace("{iro}", iro or "your IRO")

