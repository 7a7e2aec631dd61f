"""Published tables from the Bradford IRO annual report (seeds/000_*) rebuilt from a store.

The report's figures must give the published ones: the participation rate (section 5),
Viewpoint performance (6), QA activity by period (8.1), challenges by outcome (8.4) and
audits by overall grade (8.9–8.12).
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

import pytest
from sqlalchemy import insert

from iro_desktop.reports.figures import AnnualReport, build_report
from iro_desktop.reports.json_form import to_json_dict
from iro_desktop.reports.scope import ReportScope
from iro_desktop.reports.sections import Rate
from iro_desktop.store import MINIMUM_KDF, Store
from iro_desktop.store.models import Challenge, Child, GoodPractice, QaAudit, Review, new_id

from .test_reports_sample import PASSPHRASE

# Section 5: participation of children aged 4 and over, 2015-16.
PN_COUNTS = {"PN1": 820, "PN2": 18, "PN3": 9, "PN4": 12, "PN5": 370, "PN6": 608, "PN7": 109}
# Section 4.2: 2,427 review meetings for 1,044 children; those not in the table of children
# aged 4 and over (2,427 - 1,946 = 481) are taken to be reviews of under-4s (PN0).
REVIEWS_HELD, CHILDREN_REVIEWED = 2427, 1044
YEAR_FROM, YEAR_TO = date(2015, 4, 1), date(2016, 3, 31)
# Section 8.1: (first day, last day, challenges, good practice, audits).
QA_PERIODS = [
    (date(2015, 9, 17), date(2015, 11, 30), 37, 16, 94),
    (date(2015, 12, 1), date(2015, 12, 31), 9, 3, 36),
    (date(2016, 1, 1), date(2016, 3, 31), 21, 19, 186),
    (date(2016, 4, 1), date(2016, 9, 30), 33, 13, 148),
]
QA_FROM, QA_TO = date(2015, 9, 17), date(2016, 9, 30)
GRADED_FROM = date(2015, 11, 23)  # grades began on 23 November 2015 (8.10)
GRADES = {"outstanding": 86, "good": 167, "adequate": 72, "needs_improvement": 54, "challenge": 4}
OUTCOMES = {"resolved_nfa": 90, "not_resolved_nfa": 6, "dispute_resolution": 2, "cancelled": 2}
# Section 6: 106 completed; 234 declined or not required (the split is not published).
VIEWPOINT = {"completed": 106, "declined": 200, "not_required_age": 20, "not_required_health": 14}


def _spread(first: date, last: date, count: int) -> list[date]:
    days = (last - first).days + 1
    return [first + timedelta(days=i * days // count) for i in range(count)]


def _expand(counts: dict[str, int]) -> list[str]:
    return [code for code, n in counts.items() for _ in range(n)]


def _children(session: Any, count: int) -> list[str]:
    ids = [new_id() for _ in range(count)]
    session.execute(
        insert(Child),
        [
            {
                "id": cid,
                "local_id": f"B{n:05d}",
                "first_name": "Child",
                "last_name": f"{n}",
                "date_of_birth": date(2005, 1, 1) + timedelta(days=n * 3),
            }
            for n, cid in enumerate(ids)
        ],
    )
    return ids


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    opened = Store.create(
        tmp_path_factory.mktemp("bradford") / "b.irostore", PASSPHRASE, kdf=MINIMUM_KDF
    )
    with opened.session() as s:
        children = _children(s, CHILDREN_REVIEWED)
        codes = _expand(PN_COUNTS) + ["PN0"] * (REVIEWS_HELD - sum(PN_COUNTS.values()))
        dates = _spread(YEAR_FROM, YEAR_TO, len(codes))
        s.execute(
            insert(Review),
            [
                {
                    "id": new_id(),
                    "child_id": children[n % len(children)],
                    "status": "finalised",
                    "meeting_date": on,
                    "participation_code": code,
                    "number": 2,
                }
                for n, (code, on) in enumerate(zip(codes, dates, strict=True))
            ],
        )
        _quality_assurance(s, children)
    yield opened
    opened.close()


def _quality_assurance(session: Any, children: list[str]) -> None:
    audit_dates, challenge_dates, gp_dates = [], [], []
    for first, last, challenges, good, audits in QA_PERIODS:
        if first < GRADED_FROM <= last:  # 81 ungraded audits before grading began
            ungraded = sum(p[4] for p in QA_PERIODS) - sum(GRADES.values())
            audit_dates += _spread(first, GRADED_FROM - timedelta(days=1), ungraded)
            audit_dates += _spread(GRADED_FROM, last, audits - ungraded)
        else:
            audit_dates += _spread(first, last, audits)
        challenge_dates += _spread(first, last, challenges)
        gp_dates += _spread(first, last, good)
    ungraded = sum(1 for d in audit_dates if d < GRADED_FROM)
    grades: list[str | None] = [None] * ungraded + _expand(GRADES)
    no_viewpoint = len(audit_dates) - sum(VIEWPOINT.values())
    viewpoints: list[str | None] = [None] * no_viewpoint + _expand(VIEWPOINT)
    session.execute(
        insert(QaAudit),
        [
            {
                "id": new_id(),
                "child_id": children[n],
                "audit_date": on,
                "grade": grade,
                "viewpoint": viewpoint,
            }
            for n, (on, grade, viewpoint) in enumerate(
                zip(audit_dates, grades, viewpoints, strict=True)
            )
        ],
    )
    session.execute(
        insert(Challenge),
        [
            {"id": new_id(), "child_id": children[n], "raised_on": on, "outcome": outcome}
            for n, (on, outcome) in enumerate(zip(challenge_dates, _expand(OUTCOMES), strict=True))
        ],
    )
    session.execute(
        insert(GoodPractice),
        [
            {"id": new_id(), "child_id": children[n], "recorded_on": on}
            for n, on in enumerate(gp_dates)
        ],
    )


@pytest.fixture(scope="module")
def year(store: Store) -> AnnualReport:
    return build_report(store, ReportScope(YEAR_FROM, YEAR_TO))


@pytest.fixture(scope="module")
def qa_year(store: Store) -> AnnualReport:
    return build_report(store, ReportScope(QA_FROM, QA_TO))


def test_bradford_reviews_and_children(year: AnnualReport) -> None:
    assert year.reviews.held == REVIEWS_HELD
    assert year.reviews.children_reviewed == CHILDREN_REVIEWED


def test_bradford_participation_rate_2015_16(year: AnnualReport) -> None:
    p = year.participation
    assert {c.code: c.count for c in p.by_code} == PN_COUNTS
    assert p.pn0 == 481
    assert (p.rate.numerator, p.rate.denominator) == (1837, 1946)
    percent = p.rate.percent
    assert percent is not None
    # 1837 / 1946 = 94.399%: Bradford printed 94.3%, the figure cut (not rounded) to one
    # decimal place. The report rounds half up, so it says 94.4.
    assert math.floor(percent * 10) / 10 == 94.3
    assert to_json_dict(year)["participation_rate_percent"] == 94.4


def test_bradford_viewpoint_performance(qa_year: AnnualReport) -> None:
    vp = qa_year.viewpoint
    assert vp.audits == 464 and vp.completed == 106
    assert vp.declined + vp.not_required == 234
    assert (vp.performance.numerator, vp.performance.denominator) == (106, 230)
    assert vp.performance.rounded(0) == 46.0  # "106 / 230 audits = 46 %"


def test_bradford_qa_activity_by_period(qa_year: AnnualReport) -> None:
    months = {m.month: m for m in qa_year.qa_activity.by_month}
    for first, last, challenges, good, audits in QA_PERIODS:
        inside = [
            m
            for key, m in months.items()
            if first.strftime("%Y-%m") <= key <= last.strftime("%Y-%m")
        ]
        assert sum(m.challenges for m in inside) == challenges
        assert sum(m.good_practice for m in inside) == good
        assert sum(m.audits for m in inside) == audits
    qa = qa_year.qa_activity
    assert (qa.challenges, qa.good_practice, qa.audits) == (100, 51, 464)  # "Grand Total"


def test_bradford_challenges_by_outcome(qa_year: AnnualReport) -> None:
    outcomes = {c.code: c.count for c in qa_year.challenges.by_outcome}
    assert outcomes == OUTCOMES
    assert Rate(outcomes["resolved_nfa"], qa_year.challenges.raised).rounded(0) == 90.0


def test_bradford_audits_by_grade(qa_year: AnnualReport) -> None:
    grades = {c.code: c.count for c in qa_year.audits_by_grade}
    assert grades == {**GRADES, "not_graded": 464 - 383}
    graded = sum(GRADES.values())
    assert graded == 383
    # 8.12: 22% outstanding, 62% good or adequate, 14% needs improvement.
    assert Rate(grades["outstanding"], graded).rounded(0) == 22.0
    assert Rate(grades["good"] + grades["adequate"], graded).rounded(0) == 62.0
    assert Rate(grades["needs_improvement"], graded).rounded(0) == 14.0


def test_bradford_grade_shares_in_the_json_leave_ungraded_audits_out(
    qa_year: AnnualReport,
) -> None:
    shares = {r["code"]: r["percent"] for r in to_json_dict(qa_year)["audits_by_grade"]}
    assert shares == {
        "outstanding": 22.5,
        "good": 43.6,
        "adequate": 18.8,
        "needs_improvement": 14.1,
        "challenge": 1.0,
        "not_graded": None,
    }
