"""QA rules: the mandatory challenge, stage targets in working days, a challenge's life cycle."""

from __future__ import annotations

import random
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from iro_desktop.domain.qa_rules import (
    AreaEntry,
    AuditGradeFact,
    ChallengeFact,
    ChallengeTransitionError,
    StageFact,
    audits_needing_mandatory_challenge,
    challenge_grade_opens_challenge,
    challenge_overdue,
    mandatory_challenge_needed,
    missed_targets,
    next_stage_choices,
    overall_target,
    previous_graded_audit,
    stage_target,
    validate_audit,
    validate_challenge,
    with_closure,
    with_response,
    with_stage,
    without_closure,
)

NI = "needs_improvement"
TODAY = date(2026, 11, 26)


def fact(audit_id: str, on: date, grade: str | None) -> AuditGradeFact:
    return AuditGradeFact(audit_id, on, grade)


# ------------------------------------------------------------------ mandatory challenge

def test_second_needs_improvement_in_a_row_needs_a_challenge() -> None:
    first = fact("a", date(2025, 3, 1), NI)
    second = fact("b", date(2025, 9, 1), NI)
    assert mandatory_challenge_needed([first], second)
    assert not mandatory_challenge_needed([], first)


def test_a_better_grade_in_between_breaks_the_run() -> None:
    audits = [fact("a", date(2025, 3, 1), NI), fact("b", date(2025, 6, 1), "good")]
    assert not mandatory_challenge_needed(audits, fact("c", date(2025, 9, 1), NI))


def test_only_needs_improvement_triggers_the_rule() -> None:
    audits = [fact("a", date(2025, 3, 1), NI)]
    for grade in ("good", "outstanding", "challenge", None):
        assert not mandatory_challenge_needed(audits, fact("b", date(2025, 9, 1), grade))


def test_ungraded_audits_are_skipped() -> None:
    audits = [fact("a", date(2025, 3, 1), NI), fact("b", date(2025, 6, 1), None)]
    new = fact("c", date(2025, 9, 1), NI)
    assert mandatory_challenge_needed(audits, new)
    assert previous_graded_audit(audits, new) == audits[0]


def test_retired_adequate_is_not_needs_improvement_and_breaks_the_run() -> None:
    """Across the January 2016 change: Adequate, then Needs Improvement twice."""
    audits = [fact("a", date(2015, 6, 1), NI), fact("b", date(2015, 12, 1), "adequate")]
    assert not mandatory_challenge_needed(audits, fact("c", date(2016, 6, 1), NI))
    assert not mandatory_challenge_needed([fact("a", date(2015, 12, 1), "adequate")],
                                          fact("b", date(2016, 6, 1), NI))
    audits.append(fact("c", date(2016, 6, 1), NI))
    assert mandatory_challenge_needed(audits, fact("d", date(2016, 12, 1), NI))


def test_audits_out_of_date_order_use_the_audit_date() -> None:
    """An older audit typed in later is compared with what came before it by date."""
    later_good = fact("z-typed-first", date(2025, 12, 1), "good")
    earlier_ni = fact("y-typed-second", date(2025, 3, 1), NI)
    older_entry = fact("x-typed-last", date(2025, 6, 1), NI)
    assert mandatory_challenge_needed([later_good, earlier_ni], older_entry)
    # The December audit is not "previous" to a June audit even though it was entered first.
    assert not mandatory_challenge_needed([later_good], fact("w", date(2025, 6, 1), NI))


def test_a_late_entry_can_make_a_later_audit_need_a_challenge() -> None:
    audits = [fact("a", date(2025, 3, 1), NI), fact("c", date(2025, 12, 1), NI),
              fact("b", date(2025, 6, 1), "good")]
    assert audits_needing_mandatory_challenge(audits) == []
    audits[2] = fact("b", date(2025, 6, 1), NI)
    assert audits_needing_mandatory_challenge(audits) == ["b", "c"]


def test_same_day_audits_are_ordered_by_id_so_only_one_needs_the_challenge() -> None:
    audits = [fact("a", date(2025, 3, 1), NI), fact("b", date(2025, 3, 1), NI)]
    assert audits_needing_mandatory_challenge(audits) == ["b"]


def test_the_new_audit_is_never_its_own_previous() -> None:
    new = fact("a", date(2025, 3, 1), NI)
    assert not mandatory_challenge_needed([new], new)


def test_challenge_grade_opens_a_challenge() -> None:
    assert challenge_grade_opens_challenge("challenge")
    assert not challenge_grade_opens_challenge(NI)
    assert not challenge_grade_opens_challenge(None)


grades = st.sampled_from(["outstanding", "good", "adequate", NI, "challenge", None])
audit_lists = st.lists(st.tuples(st.dates(date(2014, 1, 1), date(2027, 1, 1)), grades),
                       min_size=1, max_size=12)


@given(audit_lists, st.randoms(use_true_random=False))
def test_order_of_entry_never_changes_the_answer(items: list[tuple[date, str | None]],
                                                 rnd: random.Random) -> None:
    audits = [fact(f"id{i:02d}", on, grade) for i, (on, grade) in enumerate(items)]
    shuffled = list(audits)
    rnd.shuffle(shuffled)
    for new in audits:
        assert mandatory_challenge_needed(audits, new) == mandatory_challenge_needed(shuffled, new)
    assert audits_needing_mandatory_challenge(audits) == \
        audits_needing_mandatory_challenge(shuffled)


@given(audit_lists)
def test_rule_matches_a_walk_through_the_graded_audits_in_date_order(
        items: list[tuple[date, str | None]]) -> None:
    audits = [fact(f"id{i:02d}", on, grade) for i, (on, grade) in enumerate(items)]
    graded = sorted((a for a in audits if a.grade), key=lambda a: (a.audit_date, a.audit_id))
    expected = {b.audit_id for a, b in zip(graded, graded[1:], strict=False)
                if a.grade == b.grade == NI}
    assert set(audits_needing_mandatory_challenge(audits)) == expected


# ------------------------------------------------------------------ targets

def test_stage_target_is_five_working_days() -> None:
    assert stage_target(date(2026, 11, 2), 5) == date(2026, 11, 9)  # Monday to Monday
    assert stage_target(date(2026, 11, 6), 5) == date(2026, 11, 13)  # Friday to Friday


def test_stage_target_skips_christmas_and_new_year() -> None:
    # 2025: Christmas Thu 25, Boxing Day Fri 26 Dec, New Year's Day Thu 1 Jan 2026.
    assert stage_target(date(2025, 12, 22), 5) == date(2025, 12, 31)
    assert stage_target(date(2025, 12, 24), 1) == date(2025, 12, 29)
    assert stage_target(date(2025, 12, 24), 5) == date(2026, 1, 5)


def test_stage_target_skips_easter() -> None:
    # 2026: Good Friday 3 April, Easter Monday 6 April.
    assert stage_target(date(2026, 4, 1), 5) == date(2026, 4, 10)
    assert stage_target(date(2026, 4, 2), 1) == date(2026, 4, 7)


def test_overall_target_is_twenty_working_days_across_christmas() -> None:
    assert overall_target(date(2026, 11, 2)) == date(2026, 11, 30)
    # From 1 Dec 2026: Christmas Fri 25, Boxing Day (Sat) substitute Mon 28, New Year Fri 1.
    assert overall_target(date(2026, 12, 1)) == date(2026, 12, 31)
    assert overall_target(date(2026, 12, 3)) == date(2027, 1, 5)


def test_targets_refuse_nonsense_days() -> None:
    with pytest.raises(ValueError):
        stage_target(TODAY, 0)
    with pytest.raises(ValueError):
        overall_target(TODAY, -1)


def _open(raised: date, *stages: tuple[str, date, date | None]) -> ChallengeFact:
    return ChallengeFact(raised, tuple(
        StageFact(i, stage, started, stage_target(started), responded)
        for i, (stage, started, responded) in enumerate(stages)))


def test_overdue_when_the_current_stage_is_unanswered_after_its_target() -> None:
    challenge = _open(date(2026, 11, 2), ("stage1", date(2026, 11, 2), None))
    assert not challenge_overdue(challenge, date(2026, 11, 9))  # the target day itself is in time
    assert challenge_overdue(challenge, date(2026, 11, 10))
    answered = _open(date(2026, 11, 2), ("stage1", date(2026, 11, 2), date(2026, 11, 5)))
    assert not challenge_overdue(answered, date(2026, 11, 10))


def test_an_earlier_stage_overtaken_by_escalation_is_not_waited_for() -> None:
    challenge = _open(date(2026, 11, 2), ("stage1", date(2026, 11, 2), None),
                      ("stage2", date(2026, 11, 10), None))
    assert not challenge_overdue(challenge, date(2026, 11, 16))
    assert challenge_overdue(challenge, date(2026, 11, 18))


def test_overdue_when_the_formal_process_passes_its_overall_target() -> None:
    challenge = _open(date(2026, 10, 1), ("informal", date(2026, 10, 1), date(2026, 10, 2)),
                      ("stage1", date(2026, 10, 5), date(2026, 10, 6)))
    missed = missed_targets(challenge, date(2026, 11, 3), 5, 20)
    assert [m.due_on for m in missed] == [overall_target(date(2026, 10, 5))]
    assert missed[0].stage is None
    assert "formal process" in missed[0].description
    assert not challenge_overdue(challenge, date(2026, 11, 2))


def test_informal_only_has_no_overall_target_and_closed_is_never_overdue() -> None:
    informal = _open(date(2026, 1, 5), ("informal", date(2026, 1, 5), date(2026, 1, 6)))
    assert not challenge_overdue(informal, TODAY)
    late = _open(date(2026, 1, 5), ("stage1", date(2026, 1, 5), None))
    assert challenge_overdue(late, TODAY)
    assert not challenge_overdue(with_closure(late, "resolved_nfa", date(2026, 2, 1)), TODAY)


def test_cafcass_referral_waits_alongside_escalation() -> None:
    challenge = _open(date(2026, 11, 2), ("stage2", date(2026, 11, 2), date(2026, 11, 3)),
                      ("cafcass", date(2026, 11, 4), None))
    (missed,) = missed_targets(challenge, date(2026, 11, 12), 5, 20)
    assert missed.stage == "cafcass"
    assert "Cafcass" in missed.description


def test_a_stored_target_wins_over_the_profile_days() -> None:
    challenge = ChallengeFact(date(2026, 11, 2),
                              (StageFact(0, "stage1", date(2026, 11, 2), date(2026, 11, 20)),))
    assert not challenge_overdue(challenge, date(2026, 11, 19), stage_days=5)


# ------------------------------------------------------------------ life cycle

RAISED = date(2026, 3, 2)


def test_stages_escalate_and_may_be_skipped() -> None:
    challenge = ChallengeFact(RAISED)
    assert next_stage_choices(challenge) == ["informal", "stage1", "stage2", "stage3", "cafcass"]
    challenge = with_stage(challenge, "informal", RAISED)
    challenge = with_stage(challenge, "stage2", date(2026, 3, 9))  # stage 1 skipped
    assert [s.position for s in challenge.ordered_stages] == [0, 1]
    assert challenge.ordered_stages[1].target_on == date(2026, 3, 16)
    assert next_stage_choices(challenge) == ["stage3", "cafcass"]


def test_going_back_from_stage_2_to_stage_1_is_refused() -> None:
    challenge = with_stage(ChallengeFact(RAISED), "stage2", RAISED)
    with pytest.raises(ChallengeTransitionError, match="cannot go back") as caught:
        with_stage(challenge, "stage1", date(2026, 3, 9))
    assert caught.value.field == "stage"
    with pytest.raises(ChallengeTransitionError):
        with_stage(challenge, "stage2", date(2026, 3, 9))
    with pytest.raises(ChallengeTransitionError):
        with_stage(challenge, "informal", date(2026, 3, 9))


def test_cafcass_alongside_stage_2_is_allowed_once() -> None:
    challenge = with_stage(ChallengeFact(RAISED), "stage2", RAISED)
    challenge = with_stage(challenge, "cafcass", date(2026, 3, 4))
    assert challenge.current_stage is not None and challenge.current_stage.stage == "stage2"
    challenge = with_stage(challenge, "stage3", date(2026, 3, 10))  # escalation carries on
    assert challenge.cafcass_referral is not None
    with pytest.raises(ChallengeTransitionError, match="already been referred to Cafcass"):
        with_stage(challenge, "cafcass", date(2026, 3, 11))


def test_stage_dates_cannot_run_backwards() -> None:
    with pytest.raises(ChallengeTransitionError, match="before the challenge was raised"):
        with_stage(ChallengeFact(RAISED), "stage1", date(2026, 3, 1))
    challenge = with_stage(ChallengeFact(RAISED), "stage1", date(2026, 3, 5))
    with pytest.raises(ChallengeTransitionError, match="before the previous one") as caught:
        with_stage(challenge, "cafcass", date(2026, 3, 4))
    assert caught.value.field == "started_on"
    with pytest.raises(ChallengeTransitionError, match="future"):
        with_stage(challenge, "stage2", TODAY + timedelta(days=1), today=TODAY)
    with pytest.raises(ChallengeTransitionError, match="not a challenge stage"):
        with_stage(challenge, "stage9", TODAY)


def test_responses_are_recorded_and_checked() -> None:
    challenge = with_stage(ChallengeFact(RAISED), "stage1", RAISED)
    answered = with_response(challenge, 0, date(2026, 3, 6))
    assert answered.stages[0].responded_on == date(2026, 3, 6)
    with pytest.raises(ChallengeTransitionError, match="before the stage started"):
        with_response(challenge, 0, date(2026, 3, 1))
    with pytest.raises(ChallengeTransitionError, match="not part of this challenge"):
        with_response(challenge, 5, date(2026, 3, 6))


def test_closing_needs_an_outcome_and_a_date() -> None:
    challenge = with_stage(ChallengeFact(RAISED), "stage1", date(2026, 3, 10))
    with pytest.raises(ChallengeTransitionError, match="date the challenge was closed") as caught:
        with_closure(challenge, "resolved_nfa", None)
    assert caught.value.field == "closed_on"
    with pytest.raises(ChallengeTransitionError, match="Choose the outcome"):
        with_closure(challenge, None, date(2026, 3, 12))
    with pytest.raises(ChallengeTransitionError, match="not a challenge outcome"):
        with_closure(challenge, "won", date(2026, 3, 12))
    with pytest.raises(ChallengeTransitionError, match="last stage started"):
        with_closure(challenge, "resolved_nfa", date(2026, 3, 9))
    with pytest.raises(ChallengeTransitionError, match="before it was raised"):
        with_closure(ChallengeFact(RAISED), "cancelled", date(2026, 3, 1))
    closed = with_closure(challenge, "dispute_resolution", date(2026, 3, 12))
    assert closed.is_closed and closed.outcome == "dispute_resolution"


def test_closing_twice_and_changing_a_closed_challenge_are_refused() -> None:
    closed = with_closure(with_stage(ChallengeFact(RAISED), "stage1", RAISED),
                          "resolved_nfa", date(2026, 3, 12))
    with pytest.raises(ChallengeTransitionError, match="already closed"):
        with_closure(closed, "not_resolved_nfa", date(2026, 3, 13))
    with pytest.raises(ChallengeTransitionError, match="cancel the closure"):
        with_stage(closed, "stage2", date(2026, 3, 13))
    with pytest.raises(ChallengeTransitionError, match="cancel the closure"):
        with_response(closed, 0, date(2026, 3, 13))
    assert next_stage_choices(closed) == []


def test_cancelling_a_closure_reopens_at_the_stage_reached() -> None:
    closed = with_closure(with_stage(ChallengeFact(RAISED), "stage2", RAISED),
                          "cancelled", date(2026, 3, 12))
    reopened = without_closure(closed)
    assert not reopened.is_closed
    assert next_stage_choices(reopened) == ["stage3", "cafcass"]
    with pytest.raises(ChallengeTransitionError, match="no closure to cancel"):
        without_closure(reopened)


# ------------------------------------------------------------------ validation

AREAS = [AreaEntry("pre_meeting_report", "met"), AreaEntry("health", "not_met", "Overdue.")]


def _audit_errors(**overrides: object) -> dict[str, str]:
    values: dict[str, object] = dict(audit_date=date(2026, 11, 20), grade="good",
                                     viewpoint="completed", areas=AREAS, manager_actions="",
                                     today=TODAY)
    values.update(overrides)
    return {e.field: e.message for e in validate_audit(**values)}  # type: ignore[arg-type]


def test_a_complete_audit_is_valid_and_an_ungraded_one_too() -> None:
    assert _audit_errors() == {}
    assert _audit_errors(grade=None, viewpoint=None, areas=[]) == {}


def test_adequate_is_not_selectable_but_an_old_adequate_audit_saves_unchanged() -> None:
    assert "no longer used" in _audit_errors(grade="adequate")["grade"]
    assert "grade" in _audit_errors(grade="adequate", stored_grade="good")
    assert _audit_errors(grade="adequate", stored_grade="adequate") == {}
    assert "not a known grade" in _audit_errors(grade="excellent")["grade"]


def test_needs_improvement_needs_manager_actions() -> None:
    assert "team manager" in _audit_errors(grade=NI)["manager_actions"]
    assert _audit_errors(grade=NI, manager_actions="Update the PEP.") == {}


def test_audit_dates_areas_and_viewpoint_are_checked() -> None:
    assert "future" in _audit_errors(audit_date=TODAY + timedelta(days=1))["audit_date"]
    assert "Enter" in _audit_errors(audit_date=None)["audit_date"]
    assert "Viewpoint" in _audit_errors(viewpoint="maybe")["viewpoint"]
    assert "not an audit area" in _audit_errors(areas=[AreaEntry("housing", "met")])["areas"]
    assert "twice" in _audit_errors(areas=[AreaEntry("health"), AreaEntry("health")])[
        "areas.health"]
    assert "judgement" in _audit_errors(areas=[AreaEntry("health", "great")])["areas.health"]


def test_challenge_validation_names_each_field() -> None:
    errors = {e.field: e.message for e in validate_challenge(
        raised_on=TODAY + timedelta(days=1), categories=[], concern=" ", first_stage="stage7",
        first_stage_started_on=None, today=TODAY)}
    assert set(errors) == {"raised_on", "categories", "concern", "first_stage"}
    errors = {e.field: e.message for e in validate_challenge(
        raised_on=RAISED, categories=["health.no_action_plan", "health.no_action_plan"],
        concern="No plan.", first_stage="stage1", first_stage_started_on=date(2026, 3, 1),
        today=TODAY)}
    assert set(errors) == {"categories", "first_stage_started_on"}
    assert validate_challenge(raised_on=RAISED, categories=["legal.discharge_delay"],
                              concern="Delay.", first_stage=None, first_stage_started_on=None,
                              today=TODAY) == []
