"""The consultation form in the review documents: the minutes' sentence and the letter's thanks."""

from __future__ import annotations

from datetime import UTC, date, datetime

from iro_desktop.documents import NOTHING_RECORDED
from iro_desktop.documents.young_person_letter import FORM_THANKS
from iro_desktop.domain.consultation_forms import Answer, answers_to_json
from iro_desktop.services.review_snapshot import read_snapshot
from iro_desktop.store import Store
from iro_desktop.store.models import Consultation, Review

from .test_documents import Case, _doc, build_case

COMPLETED = "Ellie completed a consultation form with their IRO on 24 February 2025."
DECLINED = ("Ellie was offered a consultation form on 24 February 2025 and chose not to "
            "complete it.")


def _consult(store: Store, review_id: str, status: str = "completed") -> None:
    with store.session() as s:
        review = s.get(Review, review_id)
        assert review is not None
        s.add(Consultation(
            child_id=review.child_id, review_id=review_id, iro_id=review.iro_id,
            age_band="10-15", status=status, consulted_on=date(2025, 2, 24),
            completed_at=datetime(2025, 2, 24, 16, tzinfo=UTC) if status == "completed" else None,
            answers=answers_to_json({"feel_safe": Answer(("always",))})
            if status == "completed" else {}))


def _views_section(store: Store, review_id: str) -> list[str]:
    paragraphs = [p.text for p in _doc(store, review_id, "full").paragraphs]
    start = paragraphs.index("The young person's views")
    return paragraphs[start + 1:paragraphs.index("Parents' views")]


def test_a_completed_consultation_is_noted_first_in_the_young_persons_views(
        store: Store) -> None:
    case: Case = build_case(store)
    _consult(store, case.second)
    assert read_snapshot(store, case.second).consultation_note == COMPLETED
    assert _views_section(store, case.second) == [
        COMPLETED, "I want to stay here.", "I miss my brother."]
    letter = [p.text for p in _doc(store, case.second, "letter").paragraphs]
    assert letter.count(FORM_THANKS) == 1
    assert letter.index(FORM_THANKS) < letter.index("What we decided")
    # the other review of the same child has no consultation, so nothing is said there
    assert _views_section(store, case.first) == ["I like my school."]


def test_no_consultation_no_sentence_and_no_thanks(store: Store) -> None:
    case = build_case(store)
    assert read_snapshot(store, case.second).consultation_note == ""
    section = _views_section(store, case.second)
    assert section == ["I want to stay here.", "I miss my brother."]
    assert not any("consultation form" in line for line in section)
    letter = [p.text for p in _doc(store, case.second, "letter").paragraphs]
    assert FORM_THANKS not in letter


def test_a_declined_form_is_noted_but_not_thanked_for(store: Store) -> None:
    case = build_case(store)
    _consult(store, case.first, "declined")
    assert _views_section(store, case.first) == [DECLINED, "I like my school."]
    letter = [p.text for p in _doc(store, case.first, "letter").paragraphs]
    assert FORM_THANKS not in letter


def test_the_note_stands_with_nothing_recorded_when_the_views_are_empty(store: Store) -> None:
    case = build_case(store)
    with store.session() as s:
        review = s.get(Review, case.second)
        assert review is not None
        review.young_person_views = ""
    _consult(store, case.second)
    assert _views_section(store, case.second) == [COMPLETED, NOTHING_RECORDED]
