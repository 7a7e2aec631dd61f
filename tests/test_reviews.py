"""Recording a review through the service: numbering, validation, finalising and amendments."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from iro_desktop.domain.child_rules import ChildDetails
from iro_desktop.domain.review_form import AttendanceEntry, DecisionEntry, ReviewForm
from iro_desktop.domain.review_rules import ReviewFacts, validate_review
from iro_desktop.domain.validation import ValidationError
from iro_desktop.services import drafts, reviews
from iro_desktop.services.children import add_child
from iro_desktop.store import ConcurrentEditError, Store
from iro_desktop.store.models import AuditEvent, Consultation, Decision, Review

TODAY = date(2026, 11, 26)


def _child(store: Store, dob: date = date(2012, 6, 1), start: date = date(2025, 12, 18)) -> str:
    return add_child(
        store,
        ChildDetails(
            local_id="LA100001",
            first_name="Tamsin",
            last_name="Okonkwo-Reed",
            date_of_birth=dob,
            looked_after_from=start,
            legal_status="C2",
            placement_type="U4",
            category_of_need="N1",
            social_worker="Priya Sandhu",
            social_worker_team="Children in Care Team 2",
        ),
        TODAY,
    )


def _complete(form: ReviewForm, when: date, code: str = "PN1") -> ReviewForm:
    form.held = True
    form.meeting_date = when
    form.venue = "Carer's home"
    form.participation_code = code
    form.care_plan_3_days = True
    form.pmr_3_days = True
    form.attendance = [AttendanceEntry("Priya Sandhu", "social_worker", "attended")]
    form.young_person_views = "I want to stay at my school."
    form.decisions = [DecisionEntry("Arrange dental check", "Social worker", date(2026, 3, 1))]
    for area in form.plan_areas:
        if area.area == "permanence":
            area.notes = "Long-term fostering with current carers."
            area.progress = "progressing"
    form.next_review_date = date(2026, 4, 1)
    return form


def test_first_review_is_numbered_and_dated_by_the_timetable(store: Store) -> None:
    child_id = _child(store)
    review_id = reviews.start_review(store, child_id, TODAY)
    context = reviews.review_context(store, review_id)
    assert context.number == 1 and context.kind == "first"
    assert context.due == date(2026, 1, 20)  # 20 working days, Christmas and New Year excluded
    assert "20 working days" in context.basis
    assert reviews.start_review(store, child_id, TODAY) == review_id  # reuses the draft


def test_draft_with_gaps_saves_but_cannot_be_finalised(store: Store) -> None:
    review_id = reviews.start_review(store, _child(store), TODAY)
    form = reviews.load_review_form(store, review_id)
    form.young_person_views = "Half a thought"
    form.decisions = [DecisionEntry("Do something", "", None)]
    reviews.save_review(store, review_id, form, TODAY)
    assert reviews.load_review_form(store, review_id).young_person_views == "Half a thought"
    with pytest.raises(ValidationError) as info:
        reviews.finalise_review(store, review_id, form, TODAY)
    fields = {e.field for e in info.value.errors}
    assert {
        "held",
        "meeting_date",
        "venue",
        "participation_code",
        "attendance",
        "care_plan_3_days",
        "pmr_3_days",
        "decisions[0]",
        "next_review_date",
    } <= fields
    messages = info.value.for_field("decisions[0]")
    assert any("someone responsible" in m for m in messages)
    assert any("target date" in m for m in messages)


def test_finalise_then_second_review_carries_decisions(store: Store) -> None:
    child_id = _child(store)
    first = reviews.start_review(store, child_id, TODAY)
    form = _complete(reviews.load_review_form(store, first), date(2026, 1, 15))
    reviews.finalise_review(store, first, form, TODAY)
    with store.session() as session:
        review = session.get(Review, first)
        assert review is not None and review.status == "finalised" and review.in_time is True
    second = reviews.start_review(store, child_id, TODAY)
    context = reviews.review_context(store, second)
    assert context.number == 2 and context.due == date(2026, 4, 15)
    form2 = reviews.load_review_form(store, second)
    assert [c.text for c in form2.carried_forward] == ["Arrange dental check"]
    form2.carried_forward[0].status = "done"
    form2 = _complete(form2, date(2026, 4, 20))  # late: after 15 April
    form2.decisions = [DecisionEntry("Update the PEP", "Designated teacher", date(2026, 6, 1))]
    form2.next_review_date = date(2026, 10, 1)
    with pytest.raises(ValidationError) as info:
        reviews.finalise_review(store, second, form2, TODAY)
    assert info.value.for_field("late_reason")
    form2.late_reason = "Carer unwell; rearranged."
    reviews.finalise_review(store, second, form2, TODAY)
    with store.session() as session:
        carried = session.scalar(select(Decision).join(Review).where(Review.id == first))
        assert carried is not None and carried.status == "done"
        assert session.get(Review, second).in_time is False  # type: ignore[union-attr]


def test_permanence_plan_required_from_second_review() -> None:
    from iro_desktop.domain.review_form import PlanAreaEntry

    form = _complete(ReviewForm(plan_areas=[PlanAreaEntry("permanence")]), date(2026, 4, 1))
    facts = ReviewFacts(date(2012, 1, 1), number=2, due=date(2026, 4, 15))
    assert not [
        e
        for e in validate_review(form, facts, TODAY, finalising=True)
        if e.field == "plan.permanence"
    ]
    form.plan_areas = []
    errors = validate_review(form, facts, TODAY, finalising=True)
    assert [e.field for e in errors if e.field == "plan.permanence"] == ["plan.permanence"]


def test_validation_rules() -> None:
    facts = ReviewFacts(date(2023, 6, 1), number=1, due=date(2026, 1, 20))
    future = ReviewForm(held=True, meeting_date=date(2026, 12, 1))
    assert any(
        e.field == "meeting_date" and "future" in e.message
        for e in validate_review(future, facts, TODAY, finalising=False)
    )
    # Under 4 on the review date: only PN0.
    young = ReviewForm(meeting_date=date(2026, 1, 10), participation_code="PN1")
    assert any(
        e.field == "participation_code"
        for e in validate_review(young, facts, TODAY, finalising=False)
    )
    older = ReviewFacts(date(2012, 1, 1), 1, date(2026, 1, 20))
    pn0 = ReviewForm(meeting_date=date(2026, 1, 10), participation_code="PN0")
    assert any(
        "only for a child under 4" in e.message
        for e in validate_review(pn0, older, TODAY, finalising=False)
    )
    too_late = ReviewForm(meeting_date=date(2026, 1, 10), next_review_date=date(2026, 6, 1))
    assert any(
        "must be held by 10 April 2026" in e.message
        for e in validate_review(too_late, older, TODAY, finalising=False)
    )
    past = ReviewForm(
        meeting_date=date(2026, 1, 10), decisions=[DecisionEntry("x", "y", date(2025, 1, 1))]
    )
    assert any(
        e.field == "decisions[0]" for e in validate_review(past, older, TODAY, finalising=False)
    )


def test_pn0_is_set_automatically_for_under_fours(store: Store) -> None:
    child_id = _child(store, dob=date(2023, 3, 1))
    review_id = reviews.start_review(store, child_id, TODAY)
    form = _complete(reviews.load_review_form(store, review_id), date(2026, 1, 15), code="PN0")
    reviews.finalise_review(store, review_id, form, TODAY)
    assert reviews.load_review_form(store, review_id).participation_code == "PN0"


def test_failed_save_keeps_everything_and_changes_nothing(store: Store) -> None:
    review_id = reviews.start_review(store, _child(store), TODAY)
    form = reviews.load_review_form(store, review_id)
    form.young_person_views = "Words that must not be lost"
    form.held = True
    form.meeting_date = date(2027, 1, 1)  # in the future: refused
    with pytest.raises(ValidationError):
        reviews.save_review(store, review_id, form, TODAY)
    assert form.young_person_views == "Words that must not be lost"
    assert reviews.load_review_form(store, review_id).young_person_views == ""


def test_stale_version_is_refused(store: Store) -> None:
    review_id = reviews.start_review(store, _child(store), TODAY)
    version = reviews.review_context(store, review_id).version
    form = reviews.load_review_form(store, review_id)
    reviews.save_review(store, review_id, form, TODAY, expected_version=version)
    with pytest.raises(ConcurrentEditError):
        reviews.save_review(store, review_id, form, TODAY, expected_version=version)


def test_final_record_is_amended_openly(store: Store) -> None:
    review_id = reviews.start_review(store, _child(store), TODAY)
    form = _complete(reviews.load_review_form(store, review_id), date(2026, 1, 15))
    reviews.finalise_review(store, review_id, form, TODAY)
    form.young_person_views = "I want to stay at my school and join the football team."
    with pytest.raises(ValidationError):
        reviews.save_review(store, review_id, form, TODAY)
    with pytest.raises(ValidationError):
        reviews.amend_review(store, review_id, form, "  ", TODAY)
    reviews.amend_review(store, review_id, form, "Young person added a wish afterwards", TODAY)
    with store.session() as session:
        event = session.scalar(select(AuditEvent).where(AuditEvent.action == "review.amended"))
        assert event is not None
        assert event.detail["reason"] == "Young person added a wish afterwards"
        assert event.detail["fields"] == ["young_person_views"]
        assert event.detail["before"]["young_person_views"] == "I want to stay at my school."


def test_drafts_round_trip_and_are_cleared_by_saving(store: Store) -> None:
    child_id = _child(store)
    review_id = reviews.start_review(store, child_id, TODAY)
    form = reviews.load_review_form(store, review_id)
    form.young_person_views = "x" * 20_000
    drafts.save_draft(
        store, reviews.DRAFT_KIND, review_id, form.to_json(), child_id=child_id, summary="Review 1"
    )
    listed = drafts.list_drafts(store)
    assert len(listed) == 1 and listed[0].child_name == "Tamsin Okonkwo-Reed"
    payload = drafts.load_draft(store, reviews.DRAFT_KIND, review_id)
    assert payload is not None
    assert ReviewForm.from_json(payload) == form
    reviews.save_review(store, review_id, ReviewForm.from_json(payload), TODAY)
    assert drafts.list_drafts(store) == []


def test_saving_and_finalising_attach_the_waiting_consultation(store: Store) -> None:
    from iro_desktop.services import consultations as cs

    child_id = _child(store)
    waiting = cs.start_consultation(store, child_id, TODAY)    # before any review is started
    assert waiting.review_id is None
    review_id = reviews.start_review(store, child_id, TODAY)
    reviews.save_review(store, review_id, reviews.load_review_form(store, review_id), TODAY)
    attached = cs.consultation_for_child(store, child_id)
    assert attached is not None and attached.review_id == review_id

    with store.session() as session:                             # waiting again, then finalised
        row = session.get(Consultation, waiting.id)
        assert row is not None
        row.review_id = None
    form = _complete(reviews.load_review_form(store, review_id), date(2026, 1, 15))
    reviews.finalise_review(store, review_id, form, TODAY)
    final = cs.consultation_for_child(store, child_id)
    assert final is not None and final.review_id == review_id
