"""Text a record may hold: what no document or export can carry is refused where it is
typed, named by its field, and the store never writes it whatever path it takes."""

from __future__ import annotations

import io
from datetime import date

import pytest
from docx import Document
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from iro_desktop.domain.child_rules import ChildDetails, validate_child
from iro_desktop.domain.text_rules import NAME_LENGTH, local_id_problem, text_problem
from iro_desktop.domain.validation import ValidationError
from iro_desktop.services import reviews
from iro_desktop.services.children import add_child
from iro_desktop.services.profile import IroDetails, set_iro_details, update_profile
from iro_desktop.store import Store
from iro_desktop.store.models import Child, Iro

TODAY = date(2026, 11, 26)


def _details(**changes: str) -> ChildDetails:
    details = ChildDetails(local_id="LA900001", first_name="Keziah", last_name="Oyelaran",
                           date_of_birth=date(2013, 4, 9), looked_after_from=date(2025, 3, 3),
                           legal_status="C2", placement_type="U4", category_of_need="N1",
                           social_worker="Ravi Tennant")
    for key, value in changes.items():
        setattr(details, key, value)
    return details


def _children(store: Store) -> int:
    with store.read_session() as session:
        return session.scalar(select(func.count()).select_from(Child)) or 0


@pytest.mark.parametrize(("field", "value", "words"), [
    ("first_name", "Kez\x00iah", "control character (U+0000)"),
    ("last_name", "Oye\x1blaran", "control character (U+001B)"),
    ("preferred_name", "Kez\ud83d", "broken character (U+D83D"),
    ("first_name", "K" * (NAME_LENGTH + 1), "the most is 100"),
    ("school", "Oakfield\nAcademy", "on one line"),
    ("local_id", "=HYPERLINK(\"http://x\",A2)", "must begin with a letter or a digit"),
    ("local_id", "-1+1", "must begin with a letter or a digit"),
    ("local_id", "@SUM(A1)", "must begin with a letter or a digit"),
    ("local_id", "LA" + "9" * 60, "the most is 50"),
])
def test_a_child_with_text_no_document_can_carry_is_refused_by_its_field(
    store: Store, field: str, value: str, words: str
) -> None:
    with pytest.raises(ValidationError) as info:
        add_child(store, _details(**{field: value}), TODAY)
    assert any(words in message for message in info.value.for_field(field))
    assert _children(store) == 0


def test_review_text_with_a_control_character_is_refused_even_in_a_draft(store: Store) -> None:
    review_id = reviews.start_review(store, add_child(store, _details(), TODAY), TODAY)
    form = reviews.load_review_form(store, review_id)
    form.young_person_views = "I want to stay\x07 here."
    with pytest.raises(ValidationError) as info:
        reviews.save_review(store, review_id, form, TODAY)
    assert "control character (U+0007)" in info.value.for_field("young_person_views")[0]
    assert reviews.load_review_form(store, review_id).young_person_views == ""


def test_the_store_refuses_unprintable_text_whatever_path_it_comes_by(store: Store) -> None:
    """Not an UnicodeEncodeError from deep in SQLite: a message, and nothing written."""
    add_child(store, _details(), TODAY)
    with pytest.raises(ValidationError) as info, store.session() as session:
        child = session.scalars(select(Child)).one()
        child.first_name = "Ke\udc00ziah"
    assert "first name contains a broken character" in str(info.value)
    with store.read_session() as session:
        assert session.scalars(select(Child.first_name)).one() == "Keziah"


def test_the_profile_and_the_iros_details_refuse_unprintable_text(store: Store) -> None:
    with pytest.raises(ValueError, match="control character"):
        set_iro_details(store, IroDetails(name="Pat\x0bReviewer"))
    with pytest.raises(ValueError, match="the most is 100"):
        set_iro_details(store, IroDetails(name="P" * 101))
    with pytest.raises(ValueError, match="Service name contains"):
        update_profile(store, {"service_name": "IRO\x00 Service"})
    with store.read_session() as session:
        assert session.scalar(select(func.count()).select_from(Iro)) == 0


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=120))
def test_any_name_the_rules_accept_can_be_written_into_a_word_document(name: str) -> None:
    """The property behind the rules: accepted text never breaks a set of minutes."""
    if text_problem("first_name", "The name", name, max_length=NAME_LENGTH) is not None:
        return
    document = Document()
    document.add_paragraph(name)
    document.core_properties.title = f"Review record: {name} {name}, 1 January 2026"[:255]
    document.save(io.BytesIO())


@given(st.text(max_size=60))
def test_an_accepted_local_id_never_looks_like_a_formula(value: str) -> None:
    if local_id_problem("local_id", value) is None and value.strip():
        assert value.strip()[0] not in "=+-@\t\r"


def test_ordinary_names_from_many_languages_are_accepted() -> None:
    for name in ("Zoë", "Siân", "Ngọc Anh", "Đorđe", "محمد", "Ólafur", "O'Connor-Smith"):
        assert validate_child(_details(first_name=name), TODAY) == []
