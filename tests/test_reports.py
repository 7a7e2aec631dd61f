"""The annual report's figures, checked one by one against a store with known counts.

The data is in `test_reports_sample.py`; each expected figure below says where it comes from.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from iro_desktop.reports.figures import STEPS, AnnualReport, build_report
from iro_desktop.reports.scope import ReportScope, ScopeError, resolve_scope
from iro_desktop.services.profile import update_profile
from iro_desktop.store import Store

from .test_reports_sample import FROM, TO, build_sample, iro_id


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    opened = build_sample(tmp_path_factory.mktemp("reports") / "r.irostore")
    yield opened
    opened.close()


@pytest.fixture(scope="module")
def report(store: Store) -> AnnualReport:
    return build_report(store, ReportScope(FROM, TO))


def by_code(rows: object) -> dict[str, int]:
    return {row.code: row.count for row in rows}  # type: ignore[attr-defined]


def test_reviews_held_and_children_reviewed(report: AnnualReport) -> None:
    # R1–R8; not R9/R10 (outside), R11 (draft), R12 (cancelled), R13 (deleted), R14 (deleted child).
    assert report.reviews.held == 8
    assert report.reviews.children_reviewed == 6  # C1, C2, C3, C4, C5, C6


def test_timeliness_uses_the_flag_or_the_due_date(report: AnnualReport) -> None:
    # In time: R1, R3, R5 (flag), R4 (2 Dec <= 4 Dec). Late: R2, R6 (flag), R7 (20 Mar > 10 Mar).
    # R8 has no due date and is left out of the rate.
    r = report.reviews
    assert (r.in_time, r.timed) == (4, 7)
    assert r.timeliness.rounded(1) == 57.1
    months = {m.month: (m.held, m.in_time, m.timed) for m in r.by_month}
    assert months == {
        "2024-06": (3, 2, 3),
        "2024-07": (1, 0, 1),
        "2024-08": (1, 0, 0),
        "2024-09": (1, 1, 1),
        "2024-12": (1, 1, 1),
        "2025-03": (1, 0, 1),
    }


def test_late_reviews_are_listed_with_days_late_and_why(report: AnnualReport) -> None:
    late = [
        (x.local_id, x.meeting_date, x.due_date, x.days_late, x.working_days_late, x.late_reason)
        for x in report.reviews.late
    ]
    assert late == [
        ("C2", date(2024, 6, 4), date(2024, 6, 1), 3, 2, "IRO off sick"),
        ("C5", date(2024, 7, 1), date(2024, 6, 28), 3, 1, "Carer cancelled"),
        ("C3", date(2025, 3, 20), date(2025, 3, 10), 10, 8, ""),
    ]


def test_participation_by_code_and_rate_with_pn0_apart(report: AnnualReport) -> None:
    p = report.participation
    assert by_code(p.by_code) == {
        "PN1": 1,
        "PN2": 1,
        "PN3": 0,
        "PN4": 0,
        "PN5": 1,
        "PN6": 1,
        "PN7": 1,
    }
    assert [c.code for c in p.by_code] == [f"PN{n}" for n in range(1, 8)]
    assert p.pn0 == 2  # R1, R5: children under 4, outside the rate
    assert p.not_recorded == 1  # R8
    assert (p.rate.numerator, p.rate.denominator) == (4, 5)
    assert p.rate.rounded(1) == 80.0


def test_viewpoint_by_age_band_and_performance(report: AnnualReport) -> None:
    bands = {
        b.band: (b.audits, b.completed, b.declined, b.not_required, b.not_recorded)
        for b in report.viewpoint.by_band
    }
    assert bands == {
        "Under 4": (1, 0, 0, 1, 0),  # C1 aged 3 at R1
        "4–6": (1, 0, 1, 0, 0),  # C1 aged 4 on 3 Feb 2025 (no review: audit date)
        "7–9": (1, 1, 0, 0, 0),  # C8 aged 7
        "10–15": (3, 2, 0, 0, 1),  # C2 at R2 (11) and R4 (12); C5 at R6 (14)
        "16+": (1, 0, 1, 0, 0),  # C3 aged 16 at R3
    }
    vp = report.viewpoint
    assert (vp.audits, vp.completed, vp.declined, vp.not_required) == (7, 3, 2, 1)
    assert vp.performance.rounded(1) == 75.0  # 3 / (7 - 2 - 1)


def test_qa_activity_by_month(report: AnnualReport) -> None:
    months = {
        m.month: (m.challenges, m.good_practice, m.audits) for m in report.qa_activity.by_month
    }
    assert months == {
        "2024-06": (1, 1, 2),
        "2024-07": (1, 0, 1),
        "2024-09": (1, 1, 1),
        "2024-11": (0, 0, 1),
        "2024-12": (1, 0, 1),
        "2025-02": (0, 0, 1),
    }
    qa = report.qa_activity
    assert (qa.challenges, qa.good_practice, qa.audits) == (4, 2, 7)


def test_challenges_by_outcome_with_open_ones(report: AnnualReport) -> None:
    ch = report.challenges
    assert ch.raised == 4
    assert ch.mandatory == 1
    outcomes = {c.label: c.count for c in ch.by_outcome}
    assert outcomes == {
        "Resolved – no further action": 1,
        "Escalated to the dispute resolution process": 1,
        "Cancelled": 1,
        "Open": 1,
    }


def test_a_challenge_counts_once_in_each_of_its_categories(report: AnnualReport) -> None:
    categories = {c.code: c.count for c in report.challenges.by_category}
    # The first challenge names 3 categories and counts in each; the second names
    # "dispute" twice and counts once in it.
    assert categories == {
        "action_from_last_review.outstanding_tasks": 1,
        "care_plan.dispute": 2,
        "education.pep_not_completed": 1,
        "placement.unsuitable": 1,
    }
    assert report.challenges.concerns == 5
    groups = {g.label: g.count for g in report.challenges.by_group}
    assert groups == {
        "Action from the last review": 1,
        "Care plan": 2,
        "Education": 1,
        "Placement": 1,
    }
    labels = {c.code: c.label for c in report.challenges.by_category}
    assert labels["care_plan.dispute"] == "Care plan – dispute in care plan"


def test_audits_by_grade_keep_adequate_for_old_records(report: AnnualReport) -> None:
    grades = [(c.label, c.count) for c in report.audits_by_grade]
    assert grades == [
        ("Outstanding", 1),
        ("Good", 2),
        ("Adequate", 1),
        ("Needs Improvement", 2),
        ("Challenge", 0),
        ("Not graded", 1),
    ]


def test_plan_progress_by_domain_and_quarter(report: AnnualReport) -> None:
    rows = {(p.domain, p.quarter): (p.progressing, p.assessed) for p in report.plan_progress}
    assert len(rows) == 16  # four domains x four quarters
    expected = {
        ("education", 1): (1, 1),  # R2 progressing; R1 "not applicable" is not assessed
        ("health", 1): (1, 1),
        ("placement", 1): (1, 1),
        ("family_time", 1): (0, 1),
        ("placement", 2): (0, 1),
        ("health", 2): (1, 1),
        ("education", 3): (0, 1),
        ("family_time", 3): (1, 1),
        ("placement", 4): (1, 1),
        ("health", 4): (0, 0),  # R7 health not assessed
    }
    for key, value in rows.items():
        assert value == expected.get(key, (0, 0)), key
    labels = {p.quarter: p.quarter_label for p in report.plan_progress}
    assert labels == {1: "Apr–Jun 2024", 2: "Jul–Sep 2024", 3: "Oct–Dec 2024", 4: "Jan–Mar 2025"}
    health_q4 = next(p for p in report.plan_progress if (p.domain, p.quarter) == ("health", 4))
    assert health_q4.rate.percent is None


def test_attendance_by_role_and_parents(report: AnnualReport) -> None:
    roles = {a.role: (a.attended, a.apologies, a.written) for a in report.attendance.by_role}
    assert roles == {
        "social_worker": (2, 1, 0),
        "carer": (2, 0, 0),
        "parent": (3, 1, 0),
        "education": (0, 0, 1),
        "health": (0, 1, 0),
    }
    assert [a.role for a in report.attendance.by_role] == [
        "social_worker",
        "carer",
        "parent",
        "education",
        "health",
    ]  # code list order
    parent = report.attendance.parent_attended
    assert (parent.numerator, parent.denominator) == (2, 8)  # R1 and R3 (two parents: once)


def test_care_plan_and_pmr_three_working_days_ahead(report: AnnualReport) -> None:
    at = report.attendance
    assert (at.care_plan_3_days.numerator, at.care_plan_3_days.denominator) == (4, 6)
    assert (at.pmr_3_days.numerator, at.pmr_3_days.denominator) == (3, 4)
    assert at.care_plan_3_days.rounded(1) == 66.7


def test_decisions_and_records_within_working_days(report: AnnualReport) -> None:
    d, r = report.decisions, report.records
    # R8: held 19 Aug 2024, decisions 27 Aug: 5 working days because 26 Aug is a bank holiday.
    # R3 and R7 took 6 working days; R5 has none issued.
    assert (d.working_days, d.within, d.late, d.not_issued) == (5, 5, 2, 1)
    # R4's record took 16 working days; R3, R5 and R8 have no record issued.
    assert (r.working_days, r.within, r.late, r.not_issued) == (15, 4, 1, 3)
    assert d.rate.rounded(1) == 62.5 and r.rate.rounded(1) == 50.0


def test_working_day_targets_come_from_the_service_profile(tmp_path: Path) -> None:
    store = build_sample(tmp_path / "profile.irostore")
    try:
        update_profile(store, {"decisions_working_days": 6, "record_working_days": 16})
        result = build_report(store, ReportScope(FROM, TO))
    finally:
        store.close()
    assert (result.decisions.within, result.decisions.late) == (7, 0)
    assert (result.records.within, result.records.late) == (5, 0)


def test_caseload_per_iro_at_the_period_end(report: AnnualReport) -> None:
    caseload = {i.name: i.children for i in report.caseload.per_iro}
    # C5 ceased on 31 October; C6 on 1 February; C7 is deleted; C9 has no IRO.
    assert caseload == {"Alex Moor": 2, "Bea Lund": 3, "Cal Reed": 1, "Not allocated to an IRO": 1}


def test_children_looked_after_at_each_month_end(report: AnnualReport) -> None:
    counts = [(m.month_end, m.count) for m in report.caseload.looked_after_by_month]
    assert [c for _, c in counts] == [6, 7, 8, 8, 8, 8, 7, 7, 7, 8, 7, 7]
    assert counts[0][0] == date(2024, 4, 30) and counts[-1][0] == date(2025, 3, 31)
    assert counts[-1][1] == report.population.total


def test_population_profile_at_the_period_end(report: AnnualReport) -> None:
    pop = report.population
    assert pop.total == 7  # C1, C2, C3, C4, C8, C9, C10
    ages = {a.band: (a.male, a.female, a.other) for a in pop.age_gender}
    assert ages == {
        "Under 1": (1, 0, 0),
        "1–4": (1, 1, 0),
        "5–9": (0, 1, 1),
        "10–15": (0, 1, 0),
        "16–17": (1, 0, 0),
        "18+": (0, 0, 0),
    }
    assert by_code(pop.ethnicity) == {"WBRI": 4, "MWBC": 1, "AIND": 1, "": 1}
    assert {g.label: g.count for g in pop.ethnic_group} == {
        "White": 4,
        "Mixed": 1,
        "Asian or Asian British": 1,
        "Not recorded": 1,
    }
    assert by_code(pop.legal_status) == {"C1": 1, "C2": 3, "E1": 1, "V2": 1, "L2": 1}
    assert by_code(pop.placement) == {"H5": 1, "K2": 1, "U4": 4, "U6": 1}
    assert by_code(pop.category_of_need) == {"N1": 4, "N2": 1, "N4": 1, "N5": 1}


def test_started_and_ceased_in_the_period_with_reasons(report: AnnualReport) -> None:
    pop = report.population
    assert pop.started == 3  # C4, C6, C9
    assert pop.ceased == 2
    assert by_code(pop.reasons_ceased) == {"E13": 1, "E41": 1}


def test_scope_by_iro(store: Store) -> None:
    alex = build_report(store, ReportScope(FROM, TO, iro_id=iro_id(store, "Alex Moor")))
    assert alex.period.iro_name == "Alex Moor"
    assert alex.reviews.held == 3  # R1, R2, R8 chaired by Alex
    assert alex.reviews.children_reviewed == 3
    assert alex.participation.pn0 == 1 and alex.participation.not_recorded == 1
    assert alex.participation.rate.rounded(1) == 100.0
    assert {i.name: i.children for i in alex.caseload.per_iro} == {"Alex Moor": 2}
    assert alex.population.total == 2  # C1 and C2, allocated to Alex
    assert alex.challenges.raised == 1 and alex.qa_activity.audits == 3
    assert [m.count for m in alex.caseload.looked_after_by_month] == [2] * 12


def test_scope_by_team(store: Store) -> None:
    north = build_report(store, ReportScope(FROM, TO, team="North"))
    assert north.reviews.held == 5  # Alex: R1, R2, R8; Cal: R4, R6
    assert {i.name: i.children for i in north.caseload.per_iro} == {"Alex Moor": 2, "Cal Reed": 1}
    assert north.challenges.mandatory == 1 and north.challenges.raised == 3


def test_resolve_scope_finds_names_and_refuses_unknown_ones(store: Store) -> None:
    with store.read_session() as s:
        scope = resolve_scope(s, FROM, TO, iro_name="  bea lund ")
        assert scope.iro_id == iro_id(store, "Bea Lund")
        with pytest.raises(ScopeError, match="no IRO called 'Dana'.*Alex Moor, Bea Lund"):
            resolve_scope(s, FROM, TO, iro_name="Dana")
        with pytest.raises(ScopeError, match="no team called 'East'"):
            resolve_scope(s, FROM, TO, team="East")
    with pytest.raises(ScopeError, match="ends"):
        ReportScope(TO, FROM)


def test_progress_is_reported_for_every_step(store: Store) -> None:
    seen: list[tuple[int, int, str]] = []
    build_report(store, ReportScope(FROM, TO), progress=lambda *a: seen.append(a))
    assert [s[0] for s in seen] == list(range(1, STEPS + 1))
    assert all(s[1] == STEPS and s[2] for s in seen)


def test_an_empty_period_gives_zeros_not_errors(store: Store) -> None:
    empty = build_report(store, ReportScope(date(2010, 1, 1), date(2010, 12, 31)))
    assert empty.reviews.held == 0 and empty.reviews.timeliness.percent is None
    assert empty.participation.rate.rounded(1) is None
    assert empty.viewpoint.performance.percent is None
    assert empty.population.total == 0


def test_index_and_scan_plans_give_the_same_report(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The narrow plan (indexes) and the wide plan (scans) must agree figure for figure."""
    from iro_desktop.reports import review_set

    scope = ReportScope(FROM, TO)
    monkeypatch.setattr(review_set, "INDEX_SHARE", 1.0)
    narrow = build_report(store, scope)
    monkeypatch.setattr(review_set, "INDEX_SHARE", 0.0)
    wide = build_report(store, scope)
    assert narrow == wide


def test_the_temporary_table_is_dropped_afterwards(store: Store) -> None:
    from iro_desktop.reports.review_set import gathered_reviews

    def temporary(session: Session) -> list[str]:
        rows = session.execute(text("SELECT name FROM sqlite_temp_master WHERE type = 'table'"))
        return [str(name) for (name,) in rows]

    with store.read_session() as session:
        with gathered_reviews(session, ReportScope(FROM, TO)) as gathered:
            assert temporary(session) == ["report_review"]
            assert session.execute(select(func.count()).select_from(gathered.table)).scalar() == 8
        assert temporary(session) == []
