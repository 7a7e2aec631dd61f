"""QA services on a real encrypted store: audits, the mandatory challenge, challenges, lists."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from iro_desktop.domain.qa_rules import AreaEntry
from iro_desktop.domain.validation import ValidationError
from iro_desktop.services.audits import (
    AuditInput,
    audit_for_review,
    blank_audit,
    load_audit,
    save_audit,
    skip_mandatory_challenge,
)
from iro_desktop.services.challenges import (
    ChallengeInput,
    cancel_closure,
    challenge_detail,
    close_challenge,
    escalate,
    raise_challenge,
    record_response,
    update_challenge,
)
from iro_desktop.services.good_practice import (
    GoodPracticeInput,
    good_practice_message,
    good_practice_prefill,
    record_good_practice,
)
from iro_desktop.services.qa_lists import (
    audits_awaiting_challenge,
    list_audits,
    list_challenges,
    list_good_practice,
    open_challenges_past_target,
)
from iro_desktop.store import MINIMUM_KDF, ConcurrentEditError, Store
from iro_desktop.store.models import (
    AuditEvent,
    Challenge,
    Child,
    Iro,
    PeriodOfCare,
    Person,
    QaAudit,
    Review,
)

TODAY = date(2026, 11, 26)
NI = "needs_improvement"
ACTIONS = "Team manager to update the PEP before the next review."


@pytest.fixture
def qa_store(tmp_path: Path) -> Iterator[Store]:
    store = Store.create(tmp_path / "q.irostore", "correct horse battery staple", kdf=MINIMUM_KDF)
    with store.session() as s:
        s.add(Iro(name="Pat Reviewer", email="pat@example.org", phone="01234 567890",
                  team="IRO Service", is_current_user=True))
    try:
        yield store
    finally:
        store.close()


def _child(store: Store, local_id: str, first: str, team: str = "Team North",
           *review_dates: date) -> tuple[str, list[str]]:
    with store.session() as s:
        child = Child(local_id=local_id, first_name=first, last_name="Example",
                      date_of_birth=date(2014, 5, 1))
        child.periods.append(PeriodOfCare(start_date=date(2024, 1, 10), legal_status="C2",
                                          placement_type="U4", category_of_need="N1"))
        child.people.append(Person(role="social_worker", name="Sam Worker", team=team))
        child.people.append(Person(role="team_manager", name="Tess Manager", team=team))
        for number, held in enumerate(review_dates, start=1):
            child.reviews.append(Review(number=number, status="finalised", meeting_date=held))
        s.add(child)
        s.flush()
        return child.id, [r.id for r in child.reviews]


def _audit(child_id: str, review_id: str | None, on: date, grade: str | None,
           **extra: object) -> AuditInput:
    areas = [AreaEntry("pre_meeting_report", "met", "Shared on time."),
             AreaEntry("education", "not_met", "PEP is a year old."),
             AreaEntry("care_plan", "partly_met", ""),
             AreaEntry("participation", "met", ""),
             AreaEntry("health", "not_met", "Health assessment overdue.")]
    entry = AuditInput(child_id=child_id, review_id=review_id, audit_date=on, grade=grade,
                       viewpoint="completed", areas=areas,
                       manager_actions=ACTIONS if grade == NI else "")
    return replace(entry, **extra)  # type: ignore[arg-type]


def _events(store: Store, action: str) -> list[AuditEvent]:
    with store.session() as s:
        return list(s.scalars(select(AuditEvent).where(AuditEvent.action == action)))


REVIEWS = (date(2025, 11, 3), date(2026, 5, 4), date(2026, 11, 2))


# ------------------------------------------------------------------ audits

def test_audit_round_trip_and_audit_trail(qa_store: Store) -> None:
    child, reviews = _child(qa_store, "C100", "Ava", "Team North", *REVIEWS)
    result = save_audit(qa_store, _audit(child, reviews[0], date(2025, 11, 10), "good"), TODAY)
    assert result.created and not result.challenge_required and result.challenge is None
    loaded = load_audit(qa_store, result.audit_id)
    assert loaded.grade == "good" and loaded.version == result.version
    assert [a.area for a in loaded.areas][:2] == ["pre_meeting_report", "education"]
    assert audit_for_review(qa_store, reviews[0]) == loaded
    assert audit_for_review(qa_store, reviews[1]) is None
    loaded.areas[1] = AreaEntry("education", "met", "PEP updated.")
    again = save_audit(qa_store, loaded, TODAY)
    assert not again.created and again.version == (loaded.version or 0) + 1
    (created,) = _events(qa_store, "qa_audit.created")
    (updated,) = _events(qa_store, "qa_audit.updated")
    assert created.child_id == child and updated.detail["fields"] == ["areas.education"]
    save_audit(qa_store, load_audit(qa_store, result.audit_id), TODAY)  # unchanged: no event
    assert len(_events(qa_store, "qa_audit.updated")) == 1


def test_blank_audit_offers_the_five_areas(qa_store: Store) -> None:
    entry = blank_audit("child", TODAY)
    assert [a.area for a in entry.areas] == ["pre_meeting_report", "education", "care_plan",
                                             "participation", "health"]


def test_audit_errors_say_which_field(qa_store: Store) -> None:
    child, reviews = _child(qa_store, "C101", "Ben", "Team North", *REVIEWS)
    bad = _audit(child, reviews[1], date(2026, 5, 1), NI, manager_actions="")
    with pytest.raises(ValidationError) as caught:
        save_audit(qa_store, bad, TODAY)
    assert caught.value.for_field("manager_actions")
    assert "before the review was held" in caught.value.for_field("audit_date")[0]
    save_audit(qa_store, _audit(child, reviews[0], date(2025, 11, 10), "good"), TODAY)
    with pytest.raises(ValidationError) as caught:
        save_audit(qa_store, _audit(child, reviews[0], date(2025, 11, 11), "good"), TODAY)
    assert "already been audited" in caught.value.for_field("review_id")[0]
    with pytest.raises(ValidationError) as caught:
        save_audit(qa_store, _audit(child, None, date(2025, 11, 11), "adequate"), TODAY)
    assert caught.value.for_field("grade")


def test_old_adequate_audit_stays_saveable_unchanged(qa_store: Store) -> None:
    child, _ = _child(qa_store, "C102", "Cal")
    with qa_store.session() as s:
        old = QaAudit(child_id=child, audit_date=date(2015, 6, 1), grade="adequate",
                      manager_actions="", challenge_skipped_reason="")
        s.add(old)
        s.flush()
        old_id = old.id
    entry = load_audit(qa_store, old_id)
    assert save_audit(qa_store, replace(entry, viewpoint="declined"), TODAY).audit_id == old_id
    assert load_audit(qa_store, old_id).viewpoint == "declined"
    assert load_audit(qa_store, old_id).grade == "adequate"
    good = save_audit(qa_store, _audit(child, None, date(2016, 6, 1), "good"), TODAY)
    with pytest.raises(ValidationError) as caught:
        save_audit(qa_store, replace(load_audit(qa_store, good.audit_id), grade="adequate"),
                   TODAY)
    assert "no longer used" in caught.value.for_field("grade")[0]


def test_an_edit_made_elsewhere_is_caught(qa_store: Store) -> None:
    child, reviews = _child(qa_store, "C103", "Dee", "Team North", *REVIEWS)
    result = save_audit(qa_store, _audit(child, reviews[0], date(2025, 11, 10), "good"), TODAY)
    stale = load_audit(qa_store, result.audit_id)
    save_audit(qa_store, replace(stale, viewpoint="declined"), TODAY)
    with pytest.raises(ConcurrentEditError):
        save_audit(qa_store, replace(stale, grade="outstanding"), TODAY)


# ------------------------------------------------------------------ mandatory challenge

def test_second_consecutive_needs_improvement_requires_a_prefilled_challenge(
        qa_store: Store) -> None:
    child, reviews = _child(qa_store, "C200", "Eve", "Team North", *REVIEWS)
    first = save_audit(qa_store, _audit(child, reviews[0], date(2025, 11, 10), NI), TODAY)
    assert not first.mandatory_challenge and not first.challenge_required
    second = save_audit(qa_store, _audit(child, reviews[1], date(2026, 5, 8), NI), TODAY)
    assert second.mandatory_challenge and second.challenge_required
    assert second.previous_audit_id == first.audit_id
    prefill = second.challenge
    assert prefill is not None and prefill.mandatory and prefill.audit_id == second.audit_id
    assert prefill.categories == ["education.pep_out_of_date_poor_quality",
                                  "health.health_assessment_overdue"]
    assert "PEP is a year old." in prefill.concern and "10 November 2025" in prefill.concern
    assert prefill.addressed_to == "Tess Manager, Team Manager, Team North"
    assert prefill.review_id == reviews[1] and prefill.raised_on == TODAY

    challenge_id = raise_challenge(qa_store, prefill, TODAY)
    again = save_audit(qa_store, load_audit(qa_store, second.audit_id), TODAY)
    assert again.mandatory_challenge and not again.challenge_required
    with qa_store.session() as s:
        stored = s.get(Challenge, challenge_id)
        assert stored is not None and stored.mandatory and stored.audit_id == second.audit_id


def test_skipping_needs_a_reason_which_the_audit_trail_keeps(qa_store: Store) -> None:
    child, reviews = _child(qa_store, "C201", "Fin", "Team North", *REVIEWS)
    save_audit(qa_store, _audit(child, reviews[0], date(2025, 11, 10), NI), TODAY)
    second = save_audit(qa_store, _audit(child, reviews[1], date(2026, 5, 8), NI), TODAY)
    with pytest.raises(ValidationError) as caught:
        skip_mandatory_challenge(qa_store, second.audit_id, "   ")
    assert caught.value.for_field("reason")
    assert [r.audit_id for r in audits_awaiting_challenge(qa_store)] == [second.audit_id]

    reason = "Plan changed at the review; the manager has already agreed the actions."
    skip_mandatory_challenge(qa_store, second.audit_id, reason)
    assert load_audit(qa_store, second.audit_id).challenge_skipped_reason == reason
    (event,) = _events(qa_store, "qa_audit.challenge_skipped")
    assert event.detail["reason"] == reason and event.entity_id == second.audit_id
    assert event.actor == "Pat Reviewer"
    assert not save_audit(qa_store, load_audit(qa_store, second.audit_id),
                          TODAY).challenge_required
    assert audits_awaiting_challenge(qa_store) == []


def test_skipping_is_refused_when_no_challenge_is_called_for(qa_store: Store) -> None:
    child, reviews = _child(qa_store, "C202", "Gus", "Team North", *REVIEWS)
    only = save_audit(qa_store, _audit(child, reviews[0], date(2025, 11, 10), NI), TODAY)
    with pytest.raises(ValidationError, match="does not call for a challenge"):
        skip_mandatory_challenge(qa_store, only.audit_id, "No reason needed.")


def test_challenge_grade_opens_a_challenge_and_late_entries_are_caught(qa_store: Store) -> None:
    child, reviews = _child(qa_store, "C203", "Hal", "Team North", *REVIEWS)
    graded = save_audit(qa_store, _audit(child, reviews[0], date(2025, 11, 10), "challenge"),
                        TODAY)
    assert graded.grade_opens_challenge and graded.challenge_required
    assert graded.challenge is not None and not graded.challenge.mandatory
    # Out of date order: the newest audit first, then the one before it.
    latest = save_audit(qa_store, _audit(child, reviews[2], date(2026, 11, 5), NI), TODAY)
    assert not latest.challenge_required
    middle = save_audit(qa_store, _audit(child, reviews[1], date(2026, 5, 8), NI), TODAY)
    assert not middle.mandatory_challenge  # its previous graded audit was "challenge"
    awaiting = {r.audit_id for r in audits_awaiting_challenge(qa_store)}
    assert awaiting == {graded.audit_id, latest.audit_id}


# ------------------------------------------------------------------ challenges

def _raise(store: Store, child: str, raised: date, *categories: str,
           first_stage: str | None = "stage1") -> str:
    return raise_challenge(store, ChallengeInput(
        child_id=child, raised_on=raised, categories=list(categories) or ["legal.discharge_delay"],
        concern="Application to discharge the order has not been made.",
        addressed_to="Tess Manager", first_stage=first_stage), TODAY)


def test_challenge_life_cycle_round_trip(qa_store: Store) -> None:
    child, _ = _child(qa_store, "C300", "Ivy")
    challenge_id = _raise(qa_store, child, date(2026, 3, 2), "legal.discharge_delay",
                          "drift_delay.timescales", first_stage="informal")
    assert escalate(qa_store, challenge_id, "stage2", date(2026, 3, 9), today=TODAY) == 1
    assert escalate(qa_store, challenge_id, "cafcass", date(2026, 3, 10), today=TODAY) == 2
    with pytest.raises(ValidationError) as caught:
        escalate(qa_store, challenge_id, "stage1", date(2026, 3, 11), today=TODAY)
    assert "cannot go back" in caught.value.for_field("stage")[0]
    record_response(qa_store, challenge_id, 1, date(2026, 3, 13), "Plan agreed.", today=TODAY)
    close_challenge(qa_store, challenge_id, "resolved_nfa", date(2026, 3, 20), today=TODAY)
    with pytest.raises(ValidationError, match="already closed"):
        close_challenge(qa_store, challenge_id, "resolved_nfa", date(2026, 3, 21), today=TODAY)
    with pytest.raises(ValidationError, match="cancel the closure"):
        escalate(qa_store, challenge_id, "stage3", date(2026, 3, 21), today=TODAY)

    detail = challenge_detail(qa_store, challenge_id, TODAY)
    assert [s.stage for s in detail.stages] == ["informal", "stage2", "cafcass"]
    assert detail.stages[1].target_on == date(2026, 3, 16)
    assert detail.stages[1].responded_on == date(2026, 3, 13)
    assert detail.stages[1].note == "Plan agreed."
    assert detail.outcome == "resolved_nfa" and not detail.is_open and detail.next_stages == ()

    with pytest.raises(ValidationError):
        cancel_closure(qa_store, challenge_id, "")
    cancel_closure(qa_store, challenge_id, "Closed on the wrong child's record.")
    reopened = challenge_detail(qa_store, challenge_id, TODAY)
    assert reopened.is_open and reopened.next_stages == ("stage3",)
    (cancelled,) = _events(qa_store, "challenge.closure_cancelled")
    assert cancelled.detail["outcome"] == "resolved_nfa"
    actions = [e.action for e in _events(qa_store, "challenge.raised")
               + _events(qa_store, "challenge.escalated")
               + _events(qa_store, "challenge.response_recorded")
               + _events(qa_store, "challenge.closed")]
    assert sorted(actions) == ["challenge.closed", "challenge.escalated", "challenge.escalated",
                               "challenge.raised", "challenge.response_recorded"]


def test_raising_needs_a_category_and_an_outcome_needs_a_date(qa_store: Store) -> None:
    child, _ = _child(qa_store, "C301", "Jo")
    with pytest.raises(ValidationError) as caught:
        raise_challenge(qa_store, ChallengeInput(child_id=child, raised_on=TODAY,
                                                 concern="Drift."), TODAY)
    assert caught.value.for_field("categories")
    challenge_id = _raise(qa_store, child, date(2026, 11, 2))
    with pytest.raises(ValidationError) as caught:
        close_challenge(qa_store, challenge_id, "resolved_nfa", None, today=TODAY)
    assert caught.value.for_field("closed_on")


def test_stage_targets_follow_the_service_profile(qa_store: Store) -> None:
    from iro_desktop.services.profile import update_profile

    update_profile(qa_store, {"challenge_stage_days": 10})
    child, _ = _child(qa_store, "C302", "Kit")
    christmas = date(2026, 12, 31)
    challenge_id = raise_challenge(qa_store, ChallengeInput(
        child_id=child, raised_on=date(2026, 12, 14), categories=["legal.discharge_delay"],
        concern="Delay.", first_stage="stage1"), christmas)
    assert challenge_detail(qa_store, challenge_id, christmas).stages[0].target_on == \
        date(2026, 12, 30)  # ten working days, Christmas and the Boxing Day substitute skipped


def test_update_challenge_changes_words_and_categories(qa_store: Store) -> None:
    child, _ = _child(qa_store, "C303", "Lee")
    challenge_id = _raise(qa_store, child, date(2026, 11, 2))
    update_challenge(qa_store, challenge_id, categories=["health.no_action_plan"],
                     concern="No health action plan.", addressed_to="Tess Manager")
    detail = challenge_detail(qa_store, challenge_id, TODAY)
    assert detail.categories == ("health.no_action_plan",)
    (event,) = _events(qa_store, "challenge.updated")
    assert event.detail["fields"] == ["categories", "concern"]


# ------------------------------------------------------------------ lists and alerts

def test_lists_filter_in_the_store(qa_store: Store) -> None:
    north, n_reviews = _child(qa_store, "C400", "Max", "Team North", *REVIEWS)
    south, s_reviews = _child(qa_store, "C401", "Nia", "Team South", *REVIEWS)
    save_audit(qa_store, _audit(north, n_reviews[0], date(2025, 11, 10), "good"), TODAY)
    save_audit(qa_store, _audit(north, n_reviews[1], date(2026, 5, 8), NI), TODAY)
    save_audit(qa_store, _audit(south, s_reviews[1], date(2026, 5, 6), "outstanding"), TODAY)

    assert [r.local_id for r in list_audits(qa_store)] == ["C400", "C401", "C400"]
    assert [r.grade for r in list_audits(qa_store, grade=NI)] == [NI]
    assert [r.child_name for r in list_audits(qa_store, team="Team South")] == ["Nia Example"]
    in_2026 = list_audits(qa_store, date(2026, 1, 1), date(2026, 12, 31))
    assert {r.audit_date for r in in_2026} == {date(2026, 5, 8), date(2026, 5, 6)}
    assert in_2026[0].grade_label == "Needs Improvement"

    first = _raise(qa_store, north, date(2026, 10, 1), "legal.discharge_delay")
    escalate(qa_store, first, "stage2", date(2026, 10, 8), today=TODAY)
    closed = _raise(qa_store, south, date(2026, 9, 1), "health.no_action_plan")
    close_challenge(qa_store, closed, "not_resolved_nfa", date(2026, 9, 5), today=TODAY)

    assert [r.challenge_id for r in list_challenges(qa_store)] == [first, closed]
    assert [r.challenge_id for r in list_challenges(qa_store, open_only=True)] == [first]
    assert [r.challenge_id for r in list_challenges(qa_store, stage="stage1")] == [first, closed]
    assert [r.challenge_id for r in list_challenges(qa_store, stage="stage2")] == [first]
    assert [r.challenge_id for r in list_challenges(qa_store, category="health.no_action_plan")
            ] == [closed]
    assert [r.challenge_id for r in list_challenges(qa_store, outcome="not_resolved_nfa")] == \
        [closed]
    assert [r.challenge_id for r in list_challenges(qa_store, team="Team North")] == [first]
    assert list_challenges(qa_store, date(2026, 10, 2)) == []
    (row,) = list_challenges(qa_store, open_only=True)
    assert row.current_stage == "stage2" and row.stages == ("stage1", "stage2")
    assert row.current_stage_label.startswith("Stage 2") and row.outcome_label == "Open"
    assert row.child_name == "Max Example" and row.local_id == "C400" and row.is_open

    iro_id = row.iro_id
    assert iro_id is not None
    assert len(list_challenges(qa_store, iro_id=iro_id)) == 2
    assert list_challenges(qa_store, iro_id="someone-else") == []


def test_good_practice_round_trip_filters_and_message(qa_store: Store) -> None:
    child, reviews = _child(qa_store, "C500", "Oli", "Team West", *REVIEWS)
    other, _ = _child(qa_store, "C501", "Pip", "Team East")
    entry = good_practice_prefill(qa_store, child, TODAY, reviews[2])
    assert (entry.social_worker, entry.team) == ("Sam Worker", "Team West")
    with pytest.raises(ValidationError) as caught:
        record_good_practice(qa_store, entry, today=TODAY)
    assert caught.value.for_field("note")
    entry.note = "Sam helped Oli prepare his own slides for the review."
    gp_id = record_good_practice(qa_store, entry, today=TODAY)
    record_good_practice(qa_store, GoodPracticeInput(
        child_id=other, recorded_on=date(2026, 1, 5), social_worker="Ria Worker",
        team="Team East", note="Thorough pre-meeting report."), today=TODAY)

    assert [r.team for r in list_good_practice(qa_store)] == ["Team West", "Team East"]
    (west,) = list_good_practice(qa_store, team="Team West")
    assert west.child_name == "Oli Example" and west.local_id == "C500"
    assert [r.local_id for r in list_good_practice(qa_store, date_to=date(2026, 6, 30))] == \
        ["C501"]
    assert len(_events(qa_store, "good_practice.recorded")) == 2

    message = good_practice_message(qa_store, gp_id, manager_name="Tess Manager")
    assert message.startswith("Subject: Good practice – Sam Worker (Team West)")
    assert "Dear Tess Manager," in message
    assert "O.E. (ID C500)" in message and "Oli" not in message.replace(entry.note, "")
    assert "recognise" in message and "26 November 2026" in message
    assert message.rstrip().endswith("pat@example.org")
    assert "Pat Reviewer" in message


def test_open_challenges_past_target(qa_store: Store) -> None:
    late, _ = _child(qa_store, "C600", "Quin")
    fine, _ = _child(qa_store, "C601", "Rae")
    waiting = _raise(qa_store, late, date(2026, 11, 2))  # stage 1 due 9 November
    _raise(qa_store, fine, date(2026, 11, 23))  # due 30 November
    answered = _raise(qa_store, fine, date(2026, 11, 16))
    record_response(qa_store, answered, 0, date(2026, 11, 17), today=TODAY)
    closed = _raise(qa_store, fine, date(2026, 9, 1))
    close_challenge(qa_store, closed, "cancelled", date(2026, 9, 2), today=TODAY)
    too_long = _raise(qa_store, fine, date(2026, 10, 1))  # stage 1 answered, overall passed
    record_response(qa_store, too_long, 0, date(2026, 10, 2), today=TODAY)

    rows = open_challenges_past_target(qa_store, TODAY)
    assert [r.challenge_id for r in rows] == [too_long, waiting]
    assert rows[1].due_on == date(2026, 11, 9)
    assert "Stage 1" in rows[1].text and "Quin Example (C600)" in rows[1].text
    assert rows[0].missed[0].stage is None and rows[0].due_on == date(2026, 10, 29)
    assert [r.challenge_id for r in open_challenges_past_target(qa_store, TODAY,
                                                                child_ids=[late])] == [waiting]
    assert open_challenges_past_target(qa_store, date(2026, 10, 5)) == []
