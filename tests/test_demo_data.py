"""The demonstration data: reproducible, statutory-timetable-true, valid codes, encrypted."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from iro_desktop.domain.child_rules import age_on
from iro_desktop.domain.codes import code_list
from iro_desktop.domain.timetable import HeldReview, review_schedule
from iro_desktop.services.demo_data import DemoSummary, generate_demo
from iro_desktop.store import MINIMUM_KDF, Store
from iro_desktop.store.models import (
    Challenge,
    Child,
    GoodPractice,
    Iro,
    PeriodOfCare,
    QaAudit,
    Review,
    ServiceProfile,
)

PASSPHRASE = "correct horse battery staple"
TODAY = date(2026, 11, 26)
CHILDREN = 30
HELD = ("held", "finalised")


def build(path: Path, seed: int = 7) -> DemoSummary:
    store = Store.create(path, PASSPHRASE, kdf=MINIMUM_KDF)
    try:
        return generate_demo(store, children=CHILDREN, years=3, seed=seed, today=TODAY)
    finally:
        store.close()


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, DemoSummary]:
    path = tmp_path_factory.mktemp("demo") / "demo.irostore"
    return path, build(path)


@pytest.fixture
def store(demo: tuple[Path, DemoSummary]) -> Iterator[Store]:
    opened = Store.open(demo[0], PASSPHRASE)
    try:
        yield opened
    finally:
        opened.close()


def snapshot(path: Path) -> tuple[list[Any], list[Any]]:
    with Store.open(path, PASSPHRASE) as store, store.session() as s:
        children = s.execute(select(Child.local_id, Child.first_name, Child.last_name,
                                    Child.date_of_birth).order_by(Child.local_id)).all()
        reviews = s.execute(select(Child.local_id, Review.meeting_date, Review.due_date)
                            .join(Review, Review.child_id == Child.id)
                            .order_by(Child.local_id, Review.meeting_date)).all()
    return children, reviews


def test_counts_match_the_summary(store: Store, demo: tuple[Path, DemoSummary]) -> None:
    summary = demo[1]
    with store.session() as s:
        def count(model: Any) -> int:
            return int(s.scalar(select(func.count()).select_from(model)) or 0)

        assert count(Child) == summary.children
        assert count(PeriodOfCare) == summary.periods
        assert count(Review) == summary.reviews
        assert count(QaAudit) == summary.audits
        assert count(Challenge) == summary.challenges
        assert count(GoodPractice) == summary.good_practice
        assert count(Iro) == summary.iros == 1
        assert count(ServiceProfile) == 1
        looked_after = s.scalar(select(func.count()).select_from(PeriodOfCare)
                                .where(PeriodOfCare.end_date.is_(None)))
        current_user = s.scalar(select(Iro.is_current_user))
    assert looked_after == CHILDREN
    assert current_user is True
    assert summary.children > CHILDREN  # children who left care during the 3 years
    assert summary.reviews > summary.children


def test_same_seed_same_store(tmp_path: Path, demo: tuple[Path, DemoSummary]) -> None:
    again = tmp_path / "again.irostore"
    assert build(again) == demo[1]
    assert snapshot(again) == snapshot(demo[0])
    other = tmp_path / "other.irostore"
    build(other, seed=8)
    assert snapshot(other)[0] != snapshot(demo[0])[0]


def test_every_child_has_a_current_period(store: Store) -> None:
    with store.session() as s:
        children = s.scalars(select(Child).options(selectinload(Child.periods))).all()
        assert children
        for child in children:
            period = child.current_period
            assert period is not None, child.local_id
            assert period.start_date >= child.date_of_birth
            assert period.end_date is None or period.reason_ceased
            assert period.end_date is None or period.end_date <= TODAY


def test_due_dates_follow_the_statutory_timetable(store: Store) -> None:
    with store.session() as s:
        periods = s.scalars(select(PeriodOfCare)).all()
        by_period: dict[str, list[Review]] = defaultdict(list)
        for review in s.scalars(select(Review)):
            by_period[str(review.period_id)].append(review)
        checked = 0
        for period in periods:
            reviews = by_period[period.id]
            held = sorted((r for r in reviews if r.status in HELD),
                          key=lambda r: r.meeting_date or date.min)
            schedule = review_schedule(
                period.start_date,
                [HeldReview(r.meeting_date, r.brought_forward) for r in held
                 if r.meeting_date is not None],
                ended_on=period.end_date,
            )
            for review, expected in zip(held, schedule, strict=False):
                assert review.due_date == expected.due
                assert review.number == expected.number
                assert review.in_time == expected.in_time
                assert bool(review.late_reason) == (not expected.in_time)
                checked += 1
            drafts = [r for r in reviews if r.status == "draft"]
            if drafts:
                assert period.end_date is None and len(drafts) == 1
                assert drafts[0].due_date == schedule[-1].due
                assert drafts[0].number == schedule[-1].number
        assert checked > 100
        in_time = s.scalar(select(func.avg(Review.in_time)).where(Review.status.in_(HELD)))
        assert 0.9 <= float(in_time or 0) <= 0.99


def test_pn0_exactly_when_under_four(store: Store) -> None:
    with store.session() as s:
        rows = s.execute(select(Child.date_of_birth, Review.meeting_date,
                                Review.participation_code)
                         .join(Review, Review.child_id == Child.id)
                         .where(Review.status.in_(HELD))).all()
    assert {code for *_, code in rows} > {"PN0", "PN1"}
    for dob, held_on, code in rows:
        assert (code == "PN0") == (age_on(dob, held_on) < 4), (dob, held_on, code)


def test_participation_codes_are_valid(store: Store) -> None:
    codes = code_list("participation")
    with store.session() as s:
        for status, code in s.execute(select(Review.status, Review.participation_code)):
            if status in HELD:
                assert codes.is_selectable(code)
            else:
                assert code is None


def test_nothing_in_the_future_is_finalised(store: Store) -> None:
    with store.session() as s:
        reviews = s.scalars(select(Review)).all()
    assert any(r.status == "draft" for r in reviews)
    for review in reviews:
        assert review.meeting_date is not None
        if review.meeting_date > TODAY:
            assert review.status == "draft"
        if review.status == "finalised":
            assert review.finalised_at is not None
            assert review.record_issued_on is not None and review.record_issued_on <= TODAY


def test_names_are_not_readable_in_the_store_file(demo: tuple[Path, DemoSummary]) -> None:
    path = demo[0]
    with Store.open(path, PASSPHRASE) as store, store.session() as s:
        children = s.execute(select(Child.local_id, Child.first_name, Child.last_name)).all()
    raw = b"".join(p.read_bytes() for p in (path, path.with_name(path.name + "-wal"))
                   if p.exists())
    assert len(raw) > 100_000
    assert b"SQLite format 3" not in raw[:16]
    long_names = [(f, s) for _, f, s in children if len(f) >= 6 and len(s) >= 6]
    assert long_names
    for first, last in long_names:
        assert first.encode() not in raw
        assert last.encode() not in raw
    for local_id, *_ in children:
        assert local_id.encode() not in raw
