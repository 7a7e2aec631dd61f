"""The review's shape is declared once (`ReviewForm`): the stored review, the draft and the
document snapshot are derived from it, and these tests hold the copies to it."""

from __future__ import annotations

import typing
from dataclasses import fields
from datetime import date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from iro_desktop.documents import ReviewSnapshot
from iro_desktop.domain.child_rules import ChildDetails
from iro_desktop.domain.review_form import (
    ROW_LISTS,
    AttendanceEntry,
    CarriedDecision,
    DecisionEntry,
    PlanAreaEntry,
    ReviewForm,
    is_blank,
)
from iro_desktop.services.children import add_child
from iro_desktop.services.review_record import (
    DERIVED_COLUMNS,
    ROWS,
    SCALAR_FIELDS,
    apply_form,
    form_from_review,
)
from iro_desktop.store import Store
from iro_desktop.store.models import Review

#: Columns every record has, which no form holds.
BOOKKEEPING = {"id", "created_at", "updated_at", "version", "deleted_at", "deleted_reason"}


def test_every_form_field_is_a_review_column_and_every_review_column_is_accounted_for() -> None:
    columns = {c.key for c in Review.__mapper__.column_attrs}
    assert set(SCALAR_FIELDS) <= columns
    assert columns - set(SCALAR_FIELDS) - BOOKKEEPING == DERIVED_COLUMNS


def test_every_entry_field_is_a_column_of_its_row() -> None:
    for shape in ROWS:
        columns = {c.key for c in shape.model.__mapper__.column_attrs}
        assert set(shape.values) <= columns, shape.form_list
        assert {shape.form_list for shape in ROWS} == set(ROW_LISTS)


def test_the_snapshot_copies_no_field_of_the_form() -> None:
    """Documents read the record through `snapshot.review`; a copied field would drift."""
    copied = {f.name for f in fields(ReviewSnapshot)} & {f.name for f in fields(ReviewForm)}
    assert copied == set()
    assert typing.get_type_hints(ReviewSnapshot)["review"] is ReviewForm


_text = st.text(alphabet="abcdefghij XYZ'-", max_size=20)
_day = st.dates(min_value=date(2024, 1, 1), max_value=date(2026, 12, 31))
_forms = st.builds(
    ReviewForm,
    held=st.booleans(),
    meeting_date=st.none() | _day,
    further_sittings=st.lists(_day, max_size=2),
    venue=_text,
    meeting_format=st.sampled_from(["in_person", "virtual", "hybrid"]),
    brought_forward=st.booleans(),
    late_reason=_text,
    care_plan_3_days=st.none() | st.booleans(),
    pmr_3_days=st.none() | st.booleans(),
    participation_code=st.none() | st.sampled_from(["PN1", "PN6"]),
    consultation_method=st.none() | st.just("visit"),
    young_person_views=_text,
    parents_views=_text,
    carers_views=_text,
    social_worker_update=_text,
    attendance=st.lists(st.builds(AttendanceEntry, name=_text.filter(str.strip),
                                  role=st.just("carer"), status=st.just("attended")),
                        max_size=3),
    plan_areas=st.lists(st.builds(PlanAreaEntry, area=st.sampled_from(["health", "placement"]),
                                  progress=st.none() | st.just("progressing"), notes=_text),
                        max_size=2, unique_by=lambda p: p.area),
    decisions=st.lists(st.builds(DecisionEntry, text=_text.filter(str.strip), owner=_text,
                                 target_date=st.none() | _day), max_size=3),
    carried_forward=st.lists(st.builds(CarriedDecision, decision_id=_text, text=_text,
                                       target_date=st.none() | _day), max_size=2),
    next_review_date=st.none() | _day,
    next_review_time=st.sampled_from(["", "10:00"]),
    next_review_venue=_text,
)


@given(_forms)
def test_a_draft_holds_everything_in_the_form(form: ReviewForm) -> None:
    assert ReviewForm.from_json(form.to_json()) == form


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(form=_forms)
def test_what_is_stored_reads_back_as_the_same_form(store: Store, form: ReviewForm) -> None:
    """The mapper both ways: store a form, read it back, nothing lost or changed."""
    with store.read_session() as session:
        count = session.query(Review).count()
    child_id = add_child(store, ChildDetails(
        local_id=f"LA7{count:05d}", first_name="Rowan", last_name="Featherstone-Ibe",
        date_of_birth=date(2012, 1, 1), looked_after_from=date(2023, 1, 1), legal_status="C2",
        placement_type="U4", category_of_need="N1"), date(2026, 1, 1))
    with store.session() as session:
        review = Review(child_id=child_id, status="held" if form.held else "draft")
        session.add(review)
        apply_form(session, review, form)
        session.flush()
        review_id = review.id
    with store.read_session() as session:
        stored = form_from_review(session.get(Review, review_id))  # type: ignore[arg-type]
    expected = ReviewForm.from_json(form.to_json())
    expected.carried_forward = []  # the previous review's rows, not this one's
    for name in ROW_LISTS:
        kept = [e for e in getattr(expected, name) if not is_blank(e)]
        setattr(expected, name, kept)
        for mine, theirs in zip(kept, getattr(stored, name), strict=True):
            mine.id = theirs.id
    assert stored == expected
