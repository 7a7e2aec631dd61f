"""The record keeps its identity: saving and amending a review reconciles its rows by id.

Nothing recorded against a row (the next review's follow-up of a decision) is lost when
the review that made it is amended; rows are never deleted, only soft-deleted; and the
audit trail holds every old and new value of every row.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from iro_desktop.domain.child_rules import ChildDetails
from iro_desktop.domain.review_form import (
    AttendanceEntry,
    CarriedDecision,
    DecisionEntry,
    ReviewForm,
    ReviewStatus,
)
from iro_desktop.services import reviews
from iro_desktop.services.children import add_child
from iro_desktop.store import Store
from iro_desktop.store.models import Attendance, AuditEvent, Decision, PlanArea, Review

TODAY = date(2026, 11, 26)
FIRST = date(2026, 1, 15)
SECOND = date(2026, 4, 10)


def _child(store: Store, local_id: str = "LA200001") -> str:
    return add_child(
        store,
        ChildDetails(local_id=local_id, first_name="Ffion", last_name="Marlowe-Achebe",
                     date_of_birth=date(2011, 2, 14), looked_after_from=date(2025, 12, 18),
                     legal_status="C2", placement_type="U4", category_of_need="N1",
                     social_worker="Devi Castellano", social_worker_team="Children in Care 1"),
        TODAY,
    )


def _complete(form: ReviewForm, when: date, decisions: list[DecisionEntry]) -> ReviewForm:
    form.held = True
    form.meeting_date = when
    form.venue = "Carer's home"
    form.participation_code = "PN1"
    form.care_plan_3_days = True
    form.pmr_3_days = True
    form.attendance = [AttendanceEntry("Devi Castellano", "social_worker", "attended"),
                       AttendanceEntry("Rhian Marlowe", "parent", "written")]
    form.young_person_views = "I like my school and want to stay."
    form.decisions = decisions
    for area in form.plan_areas:
        if area.area == "permanence":
            area.notes = "Long-term fostering with the current carers."
            area.progress = "progressing"
    form.next_review_date = when.replace(month=when.month + 2)
    return form


def _final_first_review(store: Store, child_id: str) -> str:
    review_id = reviews.start_review(store, child_id, TODAY)
    form = _complete(reviews.load_review_form(store, review_id), FIRST, [
        DecisionEntry("Book a dental check-up", "Foster carers", date(2026, 2, 28)),
        DecisionEntry("Apply for a passport", "Social worker", date(2026, 3, 31)),
    ])
    reviews.finalise_review(store, review_id, form, TODAY)
    return review_id


def _decisions(store: Store, review_id: str) -> list[Decision]:
    with store.read_session() as session:
        return list(session.scalars(
            select(Decision).where(Decision.review_id == review_id).order_by(Decision.position)))


def test_amending_a_review_keeps_what_the_next_review_recorded_against_its_decisions(
    store: Store,
) -> None:
    child_id = _child(store)
    first = _final_first_review(store, child_id)
    ids_before = [d.id for d in _decisions(store, first)]

    second = reviews.start_review(store, child_id, TODAY)
    form2 = reviews.load_review_form(store, second)
    assert [c.decision_id for c in form2.carried_forward] == ids_before
    form2.carried_forward[0].status = "done"
    form2.carried_forward[0].note = "completed - seen 3 Feb"
    reviews.finalise_review(store, second, _complete(form2, SECOND, [
        DecisionEntry("Update the PEP", "Designated teacher", date(2026, 6, 1))]), TODAY)

    amended = reviews.load_review_form(store, first)
    amended.venue = "Oakfield Primary School"
    reviews.amend_review(store, first, amended, "The venue was recorded wrongly.", TODAY)

    after = _decisions(store, first)
    assert [d.id for d in after] == ids_before
    assert (after[0].status, after[0].status_note) == ("done", "completed - seen 3 Feb")
    assert all(d.deleted_at is None for d in after)
    with store.read_session() as session:
        event = session.scalars(select(AuditEvent).where(
            AuditEvent.action == "review.amended")).one()
    assert event.detail["fields"] == ["venue"]
    assert event.detail["changes"] == [
        {"field": "venue", "before": "Carer's home", "after": "Oakfield Primary School"}]


def test_the_audit_trail_of_an_amendment_shows_a_decisions_old_and_new_wording(
    store: Store,
) -> None:
    first = _final_first_review(store, _child(store))
    form = reviews.load_review_form(store, first)
    decision_id = form.decisions[1].id
    form.decisions[1].text = "Apply for a passport and a birth certificate"
    form.attendance.pop()  # the parent's written views were recorded against the wrong review
    reviews.amend_review(store, first, form, "Decision wording agreed with the carers.", TODAY)

    with store.read_session() as session:
        event = session.scalars(select(AuditEvent).where(
            AuditEvent.action == "review.amended")).one()
        removed = session.scalars(select(Attendance).where(
            Attendance.review_id == first, Attendance.deleted_at.is_not(None))).one()
    changes = event.detail["changes"]
    assert {"row": "decision", "id": decision_id, "change": "changed",
            "fields": {"text": {"before": "Apply for a passport",
                                "after": "Apply for a passport and a birth certificate"}},
            } in changes
    assert {"row": "attendance", "id": removed.id, "change": "removed",
            "before": {"name": "Rhian Marlowe", "role": "parent", "status": "written"}} in changes
    assert event.detail["fields"] == ["attendance", "decisions"]
    assert [d.id for d in _decisions(store, first)][1] == decision_id


def test_a_draft_without_row_ids_still_keeps_them_by_content(store: Store) -> None:
    """A draft autosaved by an earlier version has no ids: unchanged rows keep theirs."""
    first = _final_first_review(store, _child(store))
    ids = [d.id for d in _decisions(store, first)]
    old_draft = reviews.load_review_form(store, first).to_json()
    for rows in (old_draft["decisions"], old_draft["attendance"], old_draft["plan_areas"]):
        for row in rows:
            row.pop("id")
    form = ReviewForm.from_json(old_draft)
    form.venue = "Family centre"
    reviews.amend_review(store, first, form, "Venue corrected.", TODAY)
    assert [d.id for d in _decisions(store, first)] == ids


def test_saving_an_unchanged_form_changes_no_row(store: Store) -> None:
    review_id = reviews.start_review(store, _child(store), TODAY)
    form = _complete(reviews.load_review_form(store, review_id), FIRST,
                     [DecisionEntry("Book a dental check-up", "Foster carers", date(2026, 3, 1))])
    reviews.save_review(store, review_id, form, TODAY)
    with store.read_session() as session:
        versions = {r.id: r.version for model in (Attendance, PlanArea, Decision)
                    for r in session.scalars(select(model))}
    reviews.save_review(store, review_id, reviews.load_review_form(store, review_id), TODAY)
    with store.read_session() as session:
        again = {r.id: r.version for model in (Attendance, PlanArea, Decision)
                 for r in session.scalars(select(model))}
        event = session.scalars(select(AuditEvent).where(AuditEvent.action == "review.saved")
                                .order_by(AuditEvent.created_at.desc())).first()
    assert again == versions
    assert event is not None and event.detail["changes"] == []


# A step changes the decisions and attendance of the form just loaded, then commits it.
_words = st.text(alphabet="abcdefghij ", min_size=1, max_size=12).map(lambda s: "Do " + s)
_step = st.tuples(
    st.lists(st.one_of(
        st.tuples(st.just("edit"), st.integers(0, 9), _words),
        st.tuples(st.just("add"), st.integers(0, 9), _words),
        st.tuples(st.just("remove"), st.integers(0, 9), st.just("")),
        st.tuples(st.just("swap"), st.integers(0, 9), st.just("")),
        st.tuples(st.just("person"), st.integers(0, 9), _words),
        st.tuples(st.just("unperson"), st.integers(0, 9), st.just("")),
    ), max_size=5),
    st.booleans(),  # finalise now (when still a draft)
)


def _mutate(form: ReviewForm, changes: list[tuple[str, int, str]]) -> None:
    decisions, people = form.decisions, form.attendance
    for kind, index, text in changes:
        if kind == "edit" and decisions:
            decisions[index % len(decisions)].text = text
        elif kind == "add":
            decisions.insert(index % (len(decisions) + 1),
                             DecisionEntry(text, "Social worker", date(2026, 3, 31)))
        elif kind == "remove" and len(decisions) > 1:
            decisions.pop(index % len(decisions))
        elif kind == "swap" and len(decisions) > 1:
            i = index % len(decisions)
            decisions[i - 1], decisions[i] = decisions[i], decisions[i - 1]
        elif kind == "person":
            people.append(AttendanceEntry(text, "other", "attended"))
        elif kind == "unperson" and len(people) > 1:
            people.pop(index % len(people))


@settings(max_examples=30, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=st.lists(_step, min_size=1, max_size=6))
def test_any_sequence_of_saves_and_amendments_keeps_row_ids_and_never_deletes(
    store: Store, steps: list[tuple[list[tuple[str, int, str]], bool]]
) -> None:
    with store.read_session() as session:
        number = session.scalar(select(func.count()).select_from(Review)) or 0
    review_id = reviews.start_review(store, _child(store, f"LA3{number:05d}"), TODAY)
    form = _complete(reviews.load_review_form(store, review_id), FIRST,
                     [DecisionEntry("Book a dental check-up", "Foster carers", date(2026, 3, 1))])
    reviews.save_review(store, review_id, form, TODAY)
    seen: dict[str, str] = {}  # every row id ever stored -> its table
    for changes, finalise in steps:
        form = reviews.load_review_form(store, review_id)
        kept = {e.id: e for e in (*form.decisions, *form.attendance)}
        _mutate(form, changes)
        status = reviews.review_context(store, review_id).status
        if status == ReviewStatus.FINALISED:
            reviews.amend_review(store, review_id, form, "Corrected.", TODAY)
        elif finalise:
            reviews.finalise_review(store, review_id, form, TODAY)
        else:
            reviews.save_review(store, review_id, form, TODAY)

        stored = reviews.load_review_form(store, review_id)
        # what is live in the store is exactly what was saved, in order
        strip = [replace(e, id="") for e in stored.decisions]
        assert strip == [replace(e, id="") for e in form.decisions]
        assert [(a.name, a.role, a.status) for a in stored.attendance] == [
            (a.name, a.role, a.status) for a in form.attendance]
        # every row that stayed kept its id; no id is ever reused for another row
        for entry in (*form.decisions, *form.attendance):
            if entry.id:
                assert entry.id in kept
        stored_ids = [e.id for e in (*stored.decisions, *stored.attendance)]
        assert len(set(stored_ids)) == len(stored_ids)
        assert {e.id for e in (*form.decisions, *form.attendance) if e.id} <= set(stored_ids)
        with store.read_session() as session:
            for model in (Decision, Attendance, PlanArea):
                for row in session.scalars(select(model).where(model.review_id == review_id)):
                    seen.setdefault(row.id, model.__tablename__)
            rows = {row.id: row for model in (Decision, Attendance, PlanArea)
                    for row in session.scalars(select(model).where(model.review_id == review_id))}
        assert set(seen) == set(rows), "a row was deleted outright"
        live = {i for i, row in rows.items() if row.deleted_at is None}
        assert set(stored_ids) <= live


def test_a_review_records_follow_up_only_on_the_last_reviews_decisions(store: Store) -> None:
    """A crafted or stale draft naming another child's decision changes nothing there."""
    other_first = _final_first_review(store, _child(store, "LA200002"))
    theirs = _decisions(store, other_first)[0]
    second = reviews.start_review(store, _child(store, "LA200003"), TODAY)
    form = reviews.load_review_form(store, second)
    form.carried_forward = [CarriedDecision(theirs.id, status="done", note="Seen")]
    reviews.save_review(store, second, form, TODAY)
    again = _decisions(store, other_first)[0]
    assert (again.status, again.status_note, again.version) == (
        theirs.status, theirs.status_note, theirs.version)
