"""A small store with known counts for the annual report tests (period April 2024 – March 2025).

Every figure the report tests expect is worked out by hand from the rows below; the
comments give the reasoning. Records outside the period, drafts, cancelled reviews and
soft-deleted rows are included on purpose so that the report has to leave them out.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from iro_desktop.reports.scope import ReportScope
from iro_desktop.store import MINIMUM_KDF, Store
from iro_desktop.store.models import (
    Attendance,
    Challenge,
    ChallengeCategory,
    Child,
    GoodPractice,
    Iro,
    PeriodOfCare,
    PlanArea,
    QaAudit,
    Review,
    ServiceProfile,
)

PASSPHRASE = "correct horse battery staple"
FROM, TO = date(2024, 4, 1), date(2025, 3, 31)
DELETED = datetime(2025, 1, 1, tzinfo=UTC)

# local id: (date of birth, gender, ethnicity, IRO, periods [(start, end, reason, LS, PL, CIN)])
CHILDREN: dict[str, tuple[date, str, str, str | None, list[tuple[object, ...]]]] = {
    "C1": (date(2021, 1, 10), "1", "WBRI", "Alex Moor",
           [(date(2023, 1, 1), None, None, "C2", "U4", "N1")]),
    "C2": (date(2012, 6, 15), "2", "MWBC", "Alex Moor",
           [(date(2022, 5, 1), None, None, "C1", "K2", "N4")]),
    "C3": (date(2008, 2, 1), "1", "AIND", "Bea Lund",
           [(date(2021, 1, 1), None, None, "V2", "H5", "N2")]),
    "C4": (date(2023, 9, 1), "2", "WBRI", "Bea Lund",
           [(date(2024, 5, 10), None, None, "E1", "U4", "N1")]),
    "C5": (date(2010, 3, 3), "1", "WBRI", "Cal Reed",
           [(date(2020, 1, 1), date(2024, 10, 31), "E13", "C2", "U4", "N1")]),
    "C6": (date(2007, 7, 7), "2", "WBRI", None,
           [(date(2024, 6, 1), date(2025, 2, 1), "E41", "V2", "U6", "N5")]),
    "C7": (date(2012, 1, 1), "1", "WBRI", "Alex Moor",  # soft-deleted: never counted
           [(date(2022, 1, 1), None, None, "C2", "U4", "N1")]),
    "C8": (date(2017, 5, 1), "2", "WBRI", "Bea Lund",
           [(date(2023, 1, 1), None, None, "C2", "U4", "N1")]),
    "C9": (date(2025, 1, 5), "1", "WBRI", None,
           [(date(2025, 1, 20), None, None, "L2", "U6", "N1")]),
    "C10": (date(2019, 2, 2), "", "", "Cal Reed",
            [(date(2024, 2, 1), None, None, "C2", "U4", "N5")]),
}  # fmt: skip

T, F = True, False
# name: (child, chair, meeting, due, in_time, code, status, care plan, PMR, decisions, record)
REVIEWS: dict[str, tuple[object, ...]] = {
    "R1": ("C1", "Alex Moor", date(2024, 6, 3), date(2024, 6, 10), T, "PN0", "finalised",
           T, T, date(2024, 6, 10), date(2024, 6, 24)),
    "R2": ("C2", "Alex Moor", date(2024, 6, 4), date(2024, 6, 1), F, "PN1", "finalised",
           T, F, date(2024, 6, 11), date(2024, 6, 25)),
    "R3": ("C3", "Bea Lund", date(2024, 9, 10), date(2024, 9, 20), T, "PN5", "held",
           T, T, date(2024, 9, 18), None),
    "R4": ("C2", "Cal Reed", date(2024, 12, 2), date(2024, 12, 4), None, "PN6", "finalised",
           F, None, date(2024, 12, 7), date(2024, 12, 24)),
    "R5": ("C4", "Bea Lund", date(2024, 6, 5), date(2024, 6, 7), T, "PN0", "finalised",
           None, None, None, None),
    "R6": ("C5", "Cal Reed", date(2024, 7, 1), date(2024, 6, 28), F, "PN7", "finalised",
           T, T, date(2024, 7, 8), date(2024, 7, 22)),
    "R7": ("C3", "Bea Lund", date(2025, 3, 20), date(2025, 3, 10), None, "PN2", "finalised",
           F, None, date(2025, 3, 28), date(2025, 4, 10)),
    "R8": ("C6", "Alex Moor", date(2024, 8, 19), None, None, None, "finalised",
           None, None, date(2024, 8, 27), None),
    # Not counted: before / after the period, a draft, a cancelled review.
    "R9": ("C1", "Alex Moor", date(2024, 3, 20), date(2024, 3, 25), T, "PN1", "finalised",
           T, T, None, None),
    "R10": ("C2", "Alex Moor", date(2025, 4, 2), date(2025, 4, 5), T, "PN1", "finalised",
            T, T, None, None),
    "R11": ("C3", "Bea Lund", date(2024, 10, 1), date(2024, 10, 5), None, "PN1", "draft",
            None, None, None, None),
    "R12": ("C3", "Bea Lund", date(2024, 11, 1), date(2024, 11, 5), None, "PN1", "cancelled",
            None, None, None, None),
    "R13": ("C2", "Alex Moor", date(2024, 7, 1), date(2024, 7, 5), T, "PN1", "finalised",
            T, T, None, None),  # soft-deleted below
    "R14": ("C7", "Alex Moor", date(2024, 7, 1), date(2024, 7, 5), T, "PN1", "finalised",
            T, T, None, None),  # child soft-deleted
}  # fmt: skip

ATTENDANCE: dict[str, list[tuple[str, str]]] = {
    "R1": [("parent", "attended"), ("carer", "attended"), ("health", "apologies")],
    "R2": [("parent", "apologies"), ("social_worker", "attended"), ("education", "written")],
    "R3": [("parent", "attended"), ("parent", "attended"), ("social_worker", "attended")],
    "R4": [("social_worker", "apologies")],
    "R6": [("carer", "attended")],
    "R9": [("parent", "attended")],
}
PLAN: dict[str, list[tuple[str, str | None]]] = {
    "R1": [("health", "progressing"), ("placement", "progressing"),
           ("education", "not_applicable")],
    "R2": [("education", "progressing"), ("family_time", "not_progressing")],
    "R3": [("placement", "partly"), ("health", "progressing")],
    "R4": [("education", "not_progressing"), ("family_time", "progressing"),
           ("permanence", "progressing")],
    "R7": [("health", None), ("placement", "progressing")],
    "R9": [("health", "progressing")],
}  # fmt: skip
# (child, IRO, audit date, review, grade, viewpoint)
AUDITS = [
    ("C1", "Alex Moor", date(2024, 6, 10), "R1", "good", "not_required_age"),
    ("C2", "Alex Moor", date(2024, 6, 12), "R2", "needs_improvement", "completed"),
    ("C3", "Bea Lund", date(2024, 9, 20), "R3", "outstanding", "declined"),
    ("C2", "Cal Reed", date(2024, 12, 5), "R4", "needs_improvement", "completed"),
    ("C5", "Cal Reed", date(2024, 7, 5), "R6", None, None),
    ("C8", "Bea Lund", date(2024, 11, 11), None, "adequate", "completed"),
    ("C1", "Alex Moor", date(2025, 2, 3), None, "good", "declined"),
    ("C2", "Alex Moor", date(2024, 3, 25), "R9", "good", "completed"),  # before the period
    ("C7", "Alex Moor", date(2024, 7, 8), "R14", "good", "completed"),  # deleted child
]
# (child, IRO, raised on, categories, outcome, mandatory)
CHALLENGES = [
    ("C2", "Alex Moor", date(2024, 6, 14),
     ["action_from_last_review.outstanding_tasks", "care_plan.dispute",
      "education.pep_not_completed"], "resolved_nfa", False),
    ("C2", "Cal Reed", date(2024, 12, 10), ["care_plan.dispute", "care_plan.dispute"], None, True),
    ("C3", "Bea Lund", date(2024, 9, 25), ["placement.unsuitable"], "dispute_resolution", False),
    ("C5", "Cal Reed", date(2024, 7, 10), [], "cancelled", False),
    ("C2", "Alex Moor", date(2024, 3, 1), ["care_plan.dispute"], None, False),  # before
    ("C7", "Alex Moor", date(2024, 7, 9), ["care_plan.dispute"], None, False),  # deleted child
]  # fmt: skip
GOOD_PRACTICE = [
    ("C1", "Alex Moor", date(2024, 6, 20)),
    ("C3", "Bea Lund", date(2024, 9, 30)),
    ("C3", "Bea Lund", date(2025, 4, 1)),
]


def build_sample(path: Path) -> Store:
    """Create the sample store at `path` and return it open."""
    store = Store.create(path, PASSPHRASE, kdf=MINIMUM_KDF)
    with store.session() as s:
        s.add(
            ServiceProfile(
                local_authority="Northmoor Borough Council",
                decisions_working_days=5,
                record_working_days=15,
            )
        )
        iros = {
            name: Iro(name=name, team=team)
            for name, team in (("Alex Moor", "North"), ("Bea Lund", "South"), ("Cal Reed", "North"))
        }
        s.add_all(iros.values())
        s.flush()
        children: dict[str, Child] = {}
        for local_id, (dob, gender, ethnicity, iro, periods) in CHILDREN.items():
            child = Child(
                local_id=local_id,
                first_name="Sam",
                last_name=local_id,
                date_of_birth=dob,
                gender=gender,
                ethnicity=ethnicity,
                iro_id=iros[iro].id if iro else None,
            )
            for start, end, reason, legal, place, need in periods:
                child.periods.append(
                    PeriodOfCare(
                        start_date=start,
                        end_date=end,
                        reason_ceased=reason,
                        legal_status=legal,
                        placement_type=place,
                        category_of_need=need,
                    )
                )
            children[local_id] = child
            s.add(child)
        children["C2"].periods.append(
            PeriodOfCare(
                start_date=date(2024, 4, 15),
                legal_status="C2",
                placement_type="U4",
                category_of_need="N1",
                deleted_at=DELETED,
                deleted_reason="entered twice",
            )
        )
        s.flush()
        reviews: dict[str, Review] = {}
        for name, row in REVIEWS.items():
            (
                child_id,
                chair,
                meeting,
                due,
                in_time,
                code,
                status,
                care_plan,
                pmr,
                decisions,
                record,
            ) = row
            review = Review(
                child_id=children[str(child_id)].id,
                iro_id=iros[str(chair)].id,
                meeting_date=meeting,
                due_date=due,
                in_time=in_time,
                participation_code=code,
                status=status,
                care_plan_3_days=care_plan,
                pmr_3_days=pmr,
                decisions_issued_on=decisions,
                record_issued_on=record,
                late_reason={"R2": "IRO off sick", "R6": "Carer cancelled"}.get(name, ""),
            )
            review.attendance = [
                Attendance(name=f"{role} {i}", role=role, status=status_)
                for i, (role, status_) in enumerate(ATTENDANCE.get(name, []))
            ]
            review.plan_areas = [
                PlanArea(area=area, progress=progress) for area, progress in PLAN.get(name, [])
            ]
            reviews[name] = review
            s.add(review)
        reviews["R13"].deleted_at = DELETED
        s.flush()
        for child_id, iro, on, review_name, grade, viewpoint in AUDITS:
            s.add(
                QaAudit(
                    child_id=children[child_id].id,
                    iro_id=iros[iro].id,
                    audit_date=on,
                    review_id=reviews[review_name].id if review_name else None,
                    grade=grade,
                    viewpoint=viewpoint,
                )
            )
        for child_id, iro, on, categories, outcome, mandatory in CHALLENGES:
            challenge = Challenge(
                child_id=children[child_id].id,
                iro_id=iros[iro].id,
                raised_on=on,
                outcome=outcome,
                mandatory=mandatory,
            )
            challenge.categories = [ChallengeCategory(category=c) for c in categories]
            s.add(challenge)
        for child_id, iro, on in GOOD_PRACTICE:
            s.add(GoodPractice(child_id=children[child_id].id, iro_id=iros[iro].id, recorded_on=on))
        children["C7"].deleted_at = DELETED
        children["C7"].deleted_reason = "test"
    return store


def iro_id(store: Store, name: str) -> str:
    from sqlalchemy import select

    with store.session() as s:
        found = s.scalar(select(Iro.id).where(Iro.name == name))
    assert found is not None
    return found


@pytest.fixture
def sample(tmp_path: Path) -> Iterator[Store]:
    store = build_sample(tmp_path / "r.irostore")
    yield store
    store.close()


def test_the_sample_store_holds_what_the_tables_say(sample: Store) -> None:
    """Guard the fixture itself, so a failing figure points at the report, not the data."""
    from sqlalchemy import func, select

    with sample.session() as s:
        assert s.scalar(select(func.count()).select_from(Review)) == len(REVIEWS)
        assert s.scalar(select(func.count()).select_from(Child)) == len(CHILDREN)
        assert s.scalar(select(func.count()).select_from(QaAudit)) == len(AUDITS)


def test_the_period_is_the_2024_25_financial_year() -> None:
    scope = ReportScope(FROM, TO)
    assert (scope.date_to - scope.date_from).days == 364
