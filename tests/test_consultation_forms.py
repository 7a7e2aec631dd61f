"""The consultation forms as data, and the follow-up rules that read their answers."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from iro_desktop.domain.consultation_forms import (
    AGE_BANDS,
    ANSWER_VALUES,
    QUESTION_IDS,
    Answer,
    ConsultationFormError,
    age_band_for,
    answers_from_json,
    answers_to_json,
    describe_answer,
    load_form,
    load_form_file,
)
from iro_desktop.domain.consultation_rules import (
    FlagKind,
    consultation_method_for,
    flags_for,
    minutes_sentence,
    suggested_participation,
)
from iro_desktop.paths import resource_path


@pytest.mark.parametrize("band", AGE_BANDS)
def test_every_band_asks_every_question_with_the_same_ids(band: str) -> None:
    form = load_form(band)
    assert form.age_band == band
    assert sorted(q.id for q in form.questions) == sorted(QUESTION_IDS)
    safe = form.question("feel_safe")
    assert [c.value for c in safe.offered()] == ["always", "usually", "sometimes", "never"]
    complain = form.question("know_how_to_complain")
    assert [c.value for c in complain.offered()] == ["yes", "no", "not_sure"]
    where = form.question("where_review")
    assert "not_at_school" in [c.value for c in where.offered()]
    assert form.question("own_words").kind == "text"
    assert form.question("who_at_review").kind == "multi" and form.question("who_at_review").other
    assert form.labels["decline"].startswith("I don't want to")


def test_the_youngest_children_answer_with_pictures_and_few_words() -> None:
    form = load_form("4-6")
    assert form.pictures
    for qid in ("feel_safe", "happy_at_home", "happy_at_school"):
        pictures = [c.picture for c in form.question(qid).choices]
        assert pictures == ["happy", "ok", "sad", "very_sad"]
    assert max(len(q.text.split()) for q in form.questions) <= 10
    assert all(len(c.label.split()) <= 3 for q in form.questions for c in q.choices)
    assert not load_form("10-15").pictures


@pytest.mark.parametrize(("born", "band"), [
    (date(2023, 1, 2), None),          # 3 years old on 1 January 2027
    (date(2023, 1, 1), "4-6"),         # 4 today
    (date(2020, 1, 2), "4-6"),         # 6
    (date(2020, 1, 1), "7-9"),
    (date(2017, 1, 2), "7-9"),
    (date(2017, 1, 1), "10-15"),
    (date(2011, 1, 2), "10-15"),       # 15
    (date(2011, 1, 1), "16+"),
    (date(2008, 6, 1), "16+"),
])
def test_age_band_for_a_date_of_birth(born: date, band: str | None) -> None:
    assert age_band_for(born, date(2027, 1, 1)) == band


def _write(tmp_path: Path, change: dict[str, object]) -> Path:
    doc = json.loads(resource_path("consultation", "form-10-15.json").read_text("utf-8"))
    doc.update(change)
    path = tmp_path / "form.json"
    path.write_text(json.dumps(doc), "utf-8")
    return path


def test_a_malformed_form_is_refused_naming_the_file_and_the_problem(tmp_path: Path) -> None:
    with pytest.raises(ConsultationFormError, match="form.json: the form has unknown key 'colour'"):
        load_form_file(_write(tmp_path, {"colour": "blue"}))
    doc = json.loads(resource_path("consultation", "form-10-15.json").read_text("utf-8"))
    doc["questions"][0]["choices"][0]["value"] = "mostly"
    with pytest.raises(ConsultationFormError, match="'mostly' is not an answer value"):
        load_form_file(_write(tmp_path, {"questions": doc["questions"]}))
    doc["questions"][0]["choices"][0]["value"] = "always"
    with pytest.raises(ConsultationFormError, match="question 'own_words' is missing"):
        load_form_file(_write(tmp_path, {"questions": doc["questions"][:-1]}))
    with pytest.raises(ConsultationFormError, match="unknown placeholder"):
        load_form_file(_write(tmp_path, {"title": "Hi {child}"}))
    with pytest.raises(ConsultationFormError, match="missing"):
        load_form_file(tmp_path / "nowhere.json")


def test_answers_round_trip_and_unknown_values_are_refused() -> None:
    answers = {"feel_safe": Answer(("never",)), "own_words": Answer(text="I miss my dog"),
               "know_iro": Answer(declined=True), "see_family": Answer()}
    data = answers_to_json(answers)
    assert "see_family" not in data
    assert answers_from_json(data) == {k: v for k, v in answers.items() if k != "see_family"}
    with pytest.raises(ValueError, match="Unknown answer 'maybe'"):
        answers_from_json({"feel_safe": {"values": ["maybe"]}})
    with pytest.raises(ValueError, match="Unknown consultation question"):
        answers_from_json({"favourite_colour": {"text": "blue"}})


def test_answers_in_words() -> None:
    form = load_form("10-15")
    who = form.question("who_at_review")
    assert describe_answer(who, Answer(("me", "other"), "Nan")) == "Me; “Nan”"
    assert describe_answer(who, None) == "Skipped"
    assert describe_answer(who, Answer(declined=True)) == "Did not want to answer"
    assert describe_answer(form.question("own_words"), Answer(text=" Hi ")) == "Hi"


# -- follow-up flags -------------------------------------------------------------------------

answer_for = st.one_of(
    st.none(),
    st.just(Answer(declined=True)),
    st.sampled_from(ANSWER_VALUES["feel_safe"]).map(lambda v: Answer((v,))),
)
complain_for = st.one_of(
    st.none(),
    st.just(Answer(declined=True)),
    st.sampled_from(ANSWER_VALUES["know_how_to_complain"]).map(lambda v: Answer((v,))),
)


@given(safe=answer_for, complain=complain_for)
def test_flags_are_raised_exactly_for_the_worrying_answers(
    safe: Answer | None, complain: Answer | None
) -> None:
    answers = {k: v for k, v in (("feel_safe", safe), ("know_how_to_complain", complain)) if v}
    kinds = [f.kind for f in flags_for(answers)]
    expected = []
    if safe is not None and safe.values and safe.values[0] in ("sometimes", "never"):
        expected.append(FlagKind.FEELS_UNSAFE)
    if complain is not None and complain.values and complain.values[0] in ("no", "not_sure"):
        expected.append(FlagKind.DOES_NOT_KNOW_HOW_TO_COMPLAIN)
    assert kinds == expected


def test_skipped_or_declined_answers_raise_nothing() -> None:
    assert flags_for({}) == []
    assert flags_for({"feel_safe": Answer(declined=True),
                      "know_how_to_complain": Answer(declined=True)}) == []
    assert flags_for({"feel_safe": Answer(("always",)),
                      "know_how_to_complain": Answer(("yes",))}) == []


def test_flag_detail_says_what_the_child_answered() -> None:
    flags = flags_for({"feel_safe": Answer(("never",)),
                       "know_how_to_complain": Answer(("not_sure",)),
                       "want_to_be_told_who_to_talk_to": Answer(("yes",))})
    assert "“never”" in flags[0].detail
    assert "“not sure”" in flags[1].detail and "would like to be told" in flags[1].detail


def test_what_follows_for_the_review() -> None:
    assert consultation_method_for("completed") == "consultation_form"
    assert consultation_method_for("declined") == "declined"
    assert consultation_method_for("not_required") == "not_required"
    assert consultation_method_for("in_progress") is None
    assert suggested_participation("completed", attended=False) == "PN6"
    assert suggested_participation("completed", attended=True) is None
    assert suggested_participation("declined", attended=False) is None
    assert minutes_sentence("Amelia", "completed", date(2026, 11, 3)) == (
        "Amelia completed a consultation form with their IRO on 3 November 2026.")
    assert "chose not to" in minutes_sentence("Amelia", "declined", date(2026, 11, 3))
    assert minutes_sentence("Amelia", "not_required", None) == ""
