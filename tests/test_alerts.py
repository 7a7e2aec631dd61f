"""Alerts: reviews overdue or due within a week, consultation follow-ups, and open challenges
past their target."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import delete

from iro_desktop.domain.child_rules import ChildDetails
from iro_desktop.domain.consultation_forms import Answer
from iro_desktop.services.alerts import AlertKind, load_alerts
from iro_desktop.services.caseload import load_caseload
from iro_desktop.services.children import add_child
from iro_desktop.services.consultations import (
    complete_consultation,
    open_flags,
    record_flag_action,
    start_consultation,
)
from iro_desktop.services.profile import update_profile
from iro_desktop.services.qa_lists import open_challenges_past_target
from iro_desktop.store import Store
from iro_desktop.store.models import Challenge, ChallengeStage, Review, ServiceProfile

TODAY = date(2026, 11, 26)


def _child(store: Store, local_id: str, looked_after: date, first: str = "Ava") -> str:
    return add_child(store, ChildDetails(
        local_id=local_id, first_name=first, last_name="Test", date_of_birth=date(2015, 3, 1),
        looked_after_from=looked_after, legal_status="C2", placement_type="U4",
        category_of_need="N1", social_worker="Sam Worker"), TODAY)


def _hold_review(store: Store, child_id: str, on: date) -> None:
    with store.session() as s:
        s.add(Review(child_id=child_id, period_id=None, status="held", meeting_date=on))


def _challenge(store: Store, child_id: str, raised: date, *stages: tuple[str, date, date | None],
               outcome: str | None = None, responded: date | None = None) -> None:
    with store.session() as s:
        challenge = Challenge(child_id=child_id, raised_on=raised, outcome=outcome)
        for position, (stage, started, target) in enumerate(stages):
            challenge.stages.append(ChallengeStage(position=position, stage=stage,
                                                   started_on=started, target_on=target,
                                                   responded_on=responded))
        s.add(challenge)


def test_review_overdue_and_due_soon(store: Store) -> None:
    overdue = _child(store, "A1", date(2026, 9, 1))            # first review due 29 Sep 2026
    soon = _child(store, "A2", date(2026, 10, 29), "Ben")       # due 26 Nov + ... within 7 days
    fine = _child(store, "A3", date(2026, 11, 20), "Cal")       # due 18 Dec 2026
    rows = load_caseload(store, TODAY)
    alerts = load_alerts(store, TODAY, rows)
    by_child = {a.child_id: a for a in alerts}
    assert by_child[overdue].kind is AlertKind.REVIEW_OVERDUE
    assert "29 September 2026" in by_child[overdue].text
    assert by_child[soon].kind is AlertKind.REVIEW_DUE_SOON
    assert fine not in by_child
    assert [a.kind for a in alerts][0] is AlertKind.REVIEW_OVERDUE


def test_held_review_clears_overdue(store: Store) -> None:
    child = _child(store, "B1", date(2026, 9, 1))
    _hold_review(store, child, date(2026, 9, 20))
    alerts = load_alerts(store, TODAY, load_caseload(store, TODAY))
    assert all(a.child_id != child for a in alerts)


def test_challenge_stage_past_target(store: Store) -> None:
    child = _child(store, "C1", date(2026, 11, 20))
    _challenge(store, child, date(2026, 11, 2), ("stage1", date(2026, 11, 2), date(2026, 11, 9)))
    alerts = load_alerts(store, TODAY, load_caseload(store, TODAY))
    (alert,) = [a for a in alerts if a.kind is AlertKind.CHALLENGE_OVERDUE]
    assert alert.child_id == child
    assert alert.date == date(2026, 11, 9)
    assert "Stage 1" in alert.text and alert.detail.startswith("Challenge: Stage 1")


def test_challenge_within_target_or_closed_or_answered_is_quiet(store: Store) -> None:
    child = _child(store, "D1", date(2026, 11, 20))
    _challenge(store, child, date(2026, 11, 20), ("stage1", date(2026, 11, 20), date(2026, 11, 27)))
    _challenge(store, child, date(2026, 10, 1), ("stage1", date(2026, 10, 1), date(2026, 10, 8)),
               outcome="resolved_nfa")
    _challenge(store, child, date(2026, 11, 10),
               ("informal", date(2026, 11, 10), date(2026, 11, 17)),
               responded=date(2026, 11, 16))
    alerts = load_alerts(store, TODAY, load_caseload(store, TODAY))
    assert not [a for a in alerts if a.kind is AlertKind.CHALLENGE_OVERDUE]


def test_formal_challenge_past_overall_working_days(store: Store) -> None:
    child = _child(store, "E1", date(2026, 11, 20))
    # Stage 1 began 1 Oct and was answered; 20 working days from 1 Oct is 29 Oct.
    _challenge(store, child, date(2026, 10, 1), ("informal", date(2026, 9, 28), None),
               ("stage1", date(2026, 10, 1), None), responded=date(2026, 10, 5))
    alerts = [a for a in load_alerts(store, TODAY, load_caseload(store, TODAY))
              if a.kind is AlertKind.CHALLENGE_OVERDUE]
    assert [a.date for a in alerts] == [date(2026, 10, 29)]
    assert "formal process was due to end by 29 October 2026" in alerts[0].text


def test_overall_days_come_from_the_service_profile(store: Store) -> None:
    child = _child(store, "F1", date(2026, 11, 20))
    update_profile(store, {"challenge_overall_days": 60})
    _challenge(store, child, date(2026, 10, 1), ("stage1", date(2026, 10, 1), None),
               responded=date(2026, 10, 2))
    alerts = load_alerts(store, TODAY, load_caseload(store, TODAY))
    assert not [a for a in alerts if a.kind is AlertKind.CHALLENGE_OVERDUE]


def test_unanswered_stage_without_a_stored_target_uses_the_profile_days(store: Store) -> None:
    child = _child(store, "F2", date(2026, 11, 20))
    _challenge(store, child, date(2026, 11, 2), ("informal", date(2026, 11, 2), None))
    (alert,) = [a for a in load_alerts(store, TODAY, load_caseload(store, TODAY))
                if a.kind is AlertKind.CHALLENGE_OVERDUE]
    assert alert.date == date(2026, 11, 9)  # 5 working days after 2 November


def test_informal_only_challenge_has_no_overall_deadline(store: Store) -> None:
    child = _child(store, "G1", date(2026, 11, 20))
    raised = TODAY - timedelta(days=90)
    _challenge(store, child, raised, ("informal", raised, None),
               responded=raised + timedelta(days=1))
    alerts = load_alerts(store, TODAY, load_caseload(store, TODAY))
    assert not [a for a in alerts if a.kind is AlertKind.CHALLENGE_OVERDUE]


def test_alerts_agree_with_the_qa_rule(store: Store) -> None:
    """The alerts panel flags exactly the challenges the QA lists call past target."""
    late = _child(store, "J1", date(2026, 11, 20))
    fine = _child(store, "J2", date(2026, 11, 20), "Jo")
    _challenge(store, late, date(2026, 11, 2), ("stage1", date(2026, 11, 2), date(2026, 11, 9)))
    _challenge(store, late, date(2026, 10, 1), ("stage2", date(2026, 10, 1), None),
               responded=date(2026, 10, 2))
    _challenge(store, fine, date(2026, 11, 23), ("stage1", date(2026, 11, 23), None))
    alerts = [a for a in load_alerts(store, TODAY, load_caseload(store, TODAY))
              if a.kind is AlertKind.CHALLENGE_OVERDUE]
    rule = open_challenges_past_target(store, TODAY)
    assert sorted((a.child_id, a.date) for a in alerts) == \
        sorted((r.child_id, r.due_on) for r in rule)
    assert len(alerts) == 2


def test_only_children_in_the_rows_are_alerted(store: Store) -> None:
    child = _child(store, "H1", date(2026, 11, 20))
    _challenge(store, child, date(2026, 11, 2), ("stage1", date(2026, 11, 2), date(2026, 11, 9)))
    assert load_alerts(store, TODAY, []) == []


def test_alerts_read_a_store_with_no_service_profile_without_writing(store: Store) -> None:
    """A read must not create the profile: it would wait for (or fail beside) a save."""
    child = _child(store, "K1", date(2026, 11, 20))
    with store.session() as s:
        s.execute(delete(ServiceProfile))
    _challenge(store, child, date(2026, 11, 2), ("stage1", date(2026, 11, 2), None))
    rows = load_caseload(store, TODAY)
    with store.session():  # a save in progress holds the write lock meanwhile
        alerts = load_alerts(store, TODAY, rows)
    assert [a.date for a in alerts if a.kind is AlertKind.CHALLENGE_OVERDUE] == \
        [date(2026, 11, 9)]


def _consulted(store: Store, child_id: str, feel_safe: str) -> None:
    view = start_consultation(store, child_id, TODAY)
    complete_consultation(store, view.id, {"feel_safe": Answer((feel_safe,))}, TODAY)


def test_consultation_follow_up_is_alerted_until_an_action_resolves_it(store: Store) -> None:
    overdue = _child(store, "L1", date(2026, 9, 1))
    worried = _child(store, "L2", date(2026, 11, 20), "Lily")
    _consulted(store, worried, "never")
    _consulted(store, overdue, "always")                     # feels safe: nothing to follow up
    _challenge(store, worried, date(2026, 11, 2),
               ("stage1", date(2026, 11, 2), date(2026, 11, 9)))
    alerts = load_alerts(store, TODAY, load_caseload(store, TODAY))
    assert [a.kind for a in alerts] == [AlertKind.REVIEW_OVERDUE, AlertKind.CONSULTATION_FLAG,
                                        AlertKind.CHALLENGE_OVERDUE]
    flag = alerts[1]
    assert flag.child_id == worried and flag.date == TODAY
    assert flag.child == "Lily Test (L2)"
    assert flag.detail == "Follow-up: Does not always feel safe where they live"

    (open_flag,) = open_flags(store, worried)
    record_flag_action(store, open_flag.id, "Spoke with Lily and her carer.", TODAY, TODAY)
    alerts = load_alerts(store, TODAY, load_caseload(store, TODAY))
    assert AlertKind.CONSULTATION_FLAG not in [a.kind for a in alerts]


def test_follow_ups_of_children_not_in_the_rows_are_not_alerted(store: Store) -> None:
    child = _child(store, "M1", date(2026, 11, 20))
    _consulted(store, child, "sometimes")
    assert load_alerts(store, TODAY, []) == []
