"""What a child's record page shows: periods, people, timeline, next review and its basis."""

from __future__ import annotations

from datetime import date

import pytest

from iro_desktop.domain.child_rules import ChildDetails
from iro_desktop.domain.timetable import DueStatus
from iro_desktop.services.child_overview import TimelineKind, load_overview
from iro_desktop.services.children import add_child, end_period, start_new_period
from iro_desktop.store import Store
from iro_desktop.store.models import (
    Challenge,
    ChallengeStage,
    GoodPractice,
    MonitoringNote,
    Person,
    QaAudit,
    Review,
)

TODAY = date(2026, 11, 26)


def _child(store: Store) -> str:
    return add_child(store, ChildDetails(
        local_id="K1", first_name="Keira", preferred_name="Kiki", last_name="Test",
        date_of_birth=date(2012, 2, 29), looked_after_from=date(2026, 1, 5), legal_status="C2",
        placement_type="U4", category_of_need="N1", social_worker="Sam Worker",
        social_worker_team="Team 1"), TODAY)


def test_next_review_with_its_basis_and_status(store: Store) -> None:
    child_id = _child(store)
    with store.session() as s:
        s.add(Review(child_id=child_id, period_id=None, number=1, status="finalised",
                     meeting_date=date(2026, 1, 30)))
        s.add(Review(child_id=child_id, period_id=None, number=2, status="held",
                     meeting_date=date(2026, 4, 28)))
        s.add(Review(child_id=child_id, period_id=None, number=3, status="draft",
                     meeting_date=date(2026, 12, 1)))
    overview = load_overview(store, child_id, TODAY)
    assert overview.name == "Kiki Test" and overview.age == 14
    assert overview.reviews_held == 2
    assert overview.next_review is not None
    assert overview.next_review.due == date(2026, 10, 28)
    assert overview.next_review.basis == "6 months after review 2 on 28 April 2026"
    assert overview.status is DueStatus.OVERDUE
    assert overview.period_open


def test_timeline_is_newest_first_and_covers_every_kind(store: Store) -> None:
    child_id = _child(store)
    with store.session() as s:
        s.add(Review(child_id=child_id, period_id=None, number=1, status="held",
                     meeting_date=date(2026, 1, 30), participation_code="PN1"))
        s.add(QaAudit(child_id=child_id, audit_date=date(2026, 2, 10), grade="adequate"))
        challenge = Challenge(child_id=child_id, raised_on=date(2026, 3, 1),
                              concern="Plan drifting")
        challenge.stages.append(ChallengeStage(stage="stage1", started_on=date(2026, 3, 1)))
        s.add(challenge)
        s.add(GoodPractice(child_id=child_id, recorded_on=date(2026, 4, 1),
                           social_worker="Sam Worker", note="Thorough report"))
        s.add(MonitoringNote(child_id=child_id, noted_on=date(2026, 5, 1),
                             note="Visit  went\nwell"))
    timeline = load_overview(store, child_id, TODAY).timeline
    assert [e.kind for e in timeline] == [TimelineKind.MONITORING, TimelineKind.GOOD_PRACTICE,
                                          TimelineKind.CHALLENGE, TimelineKind.QA_AUDIT,
                                          TimelineKind.REVIEW]
    assert timeline[0].summary == "Visit went well"
    assert "Stage 1" in timeline[2].summary and "Plan drifting" in timeline[2].summary
    assert timeline[3].summary == "Audit of the review, graded Adequate"  # retired, still readable
    assert "PN1" in timeline[4].summary


def test_periods_and_people(store: Store) -> None:
    child_id = _child(store)
    end_period(store, child_id, date(2026, 6, 1), "E13", TODAY)
    start_new_period(store, child_id, ChildDetails(
        looked_after_from=date(2026, 9, 1), legal_status="V2", placement_type="K2",
        category_of_need="N4"), TODAY)
    with store.session() as s:
        s.add(Person(child_id=child_id, role="carer", name="Jo Carer", organisation="Fostering"))
        s.add(Person(child_id=child_id, role="social_worker", name="Old Worker", active=False))
    overview = load_overview(store, child_id, TODAY)
    assert [p.start for p in overview.periods] == [date(2026, 9, 1), date(2026, 1, 5)]
    assert overview.periods[1].reason_ended.startswith("E13")
    assert overview.reviews_held == 0
    assert overview.next_review is not None and overview.next_review.due == date(2026, 9, 29)
    assert [p.role for p in overview.people] == ["Social worker", "Carer",
                                                 "Social worker (former)"]
    assert overview.people[0].team_or_organisation == "Team 1"


def test_ended_period_has_no_next_review(store: Store) -> None:
    child_id = _child(store)
    end_period(store, child_id, date(2026, 1, 20), "E13", TODAY)
    overview = load_overview(store, child_id, TODAY)
    assert overview.next_review is None and overview.status is DueStatus.ENDED
    assert not overview.period_open


def test_unknown_child(store: Store) -> None:
    with pytest.raises(LookupError):
        load_overview(store, "no-such-child", TODAY)


def test_timeline_says_whether_the_minutes_went_out_in_time(store: Store) -> None:
    child_id = _child(store)
    with store.session() as s:
        # Held Monday 2 Nov: decisions due 9 Nov (5 working days), record due 23 Nov (15).
        s.add(Review(child_id=child_id, period_id=None, number=1, status="finalised",
                     meeting_date=date(2026, 11, 2), decisions_issued_on=date(2026, 11, 6)))
        s.add(Review(child_id=child_id, period_id=None, number=2, status="held",
                     meeting_date=date(2026, 11, 20)))
    overview = load_overview(store, child_id, TODAY)
    final, held = (e for e in reversed(overview.timeline))
    assert final.decisions_sent == "Within 5 working days"
    assert final.record_sent == "Not sent: due 23 November 2026"
    assert (held.decisions_sent, held.record_sent) == ("", "")
    assert overview.latest_held_review == held.entity_id
    assert TimelineKind.MONITORING.value == "Midway review / monitoring note"
