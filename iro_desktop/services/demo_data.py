"""Fill an empty store with a fictional but realistic caseload, for demonstrations and benchmarks.

Everything is invented (see `demo_names`) and reproducible: one `random.Random(seed)`
drives every choice, including the record ids, so the same seed and `today` give the
same store. The population is in a steady state, as in a real service: `children` are
looked after today and, over the `years`, about 40% of that number leave care each year
(and as many come in), so the figures for each past year look like this year's. Review
dates follow the statutory timetable (`domain.timetable`): about 95% in time,
participation codes in Bradford's proportions, a QA audit for most reviews.

Rows are built as plain dicts and written with bulk inserts, a chunk of children per
transaction, so an authority-scale store (1,000 children looked after, 10 years, 13 IROs:
about 5,000 children and 30,000 reviews) takes seconds, not minutes.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import func, select

from ..domain.child_rules import age_on
from ..domain.months import add_months
from ..domain.review_form import ReviewStatus
from ..domain.timetable import HeldReview, review_schedule
from ..domain.working_days import add_working_days, is_working_day
from ..store import Store
from ..store.models import (
    Attendance,
    Challenge,
    Child,
    Decision,
    GoodPractice,
    Iro,
    PeriodOfCare,
    Person,
    PlanArea,
    QaAudit,
    Review,
    ServiceProfile,
)
from . import demo_names as names
from .demo_people import Network, People
from .demo_qa import HeldInfo, add_quality_assurance, check_codes
from .demo_rows import DemoRows

ProgressCallback = Callable[[int, int, str], None]

CHUNK_CHILDREN = 500
PROGRESS_EVERY = 100
LEAVERS_PER_YEAR = 0.40
EARLIER_PERIOD_SHARE = 0.08
LATE_SHARE = 0.045
BROUGHT_FORWARD_SHARE = 0.03
#: Of the open cases whose review fell due in the last three weeks, the share still waiting
#: for it, so a training caseload shows overdue reviews as a real one does.
OVERDUE_SHARE = 0.4
CHAIRED_BY_OWN_IRO = 0.92


@dataclass(frozen=True)
class DemoSummary:
    """How many records of each kind `generate_demo` wrote."""

    children: int
    periods: int
    reviews: int
    audits: int
    challenges: int
    good_practice: int
    iros: int
    people: int = 0
    attendance: int = 0
    plan_areas: int = 0
    decisions: int = 0


def _on_or_before(day: date) -> date:
    """The latest working day on or before `day`: reviews are not held at weekends."""
    while not is_working_day(day):
        day -= timedelta(days=1)
    return day


@dataclass(frozen=True, slots=True)
class _Period:
    id: str
    start: date
    end: date | None


def generate_demo(
    store: Store,
    *,
    children: int = 75,
    years: int = 3,
    iros: int = 1,
    seed: int = 1,
    today: date | None = None,
    progress: ProgressCallback | None = None,
) -> DemoSummary:
    """Fill an empty store with fictional children, `children` of them looked after today.

    Children who left care during the last `years` are added too (about
    `children * 0.4 * years` of them), so the store holds more children than `children`;
    the summary gives the real counts. The first IRO is the laptop's user
    (`is_current_user`); with several IROs the children are shared between them and
    most reviews are chaired by the child's own IRO. `today` defaults to the system date.
    Raises ValueError when the store already holds children or IROs; an existing service
    profile is kept.
    """
    if children < 1 or years < 1 or iros < 1:
        raise ValueError("children, years and iros must all be at least 1")
    with store.session() as session:
        if session.scalar(select(func.count()).select_from(Child)) or \
                session.scalar(select(func.count()).select_from(Iro)):
            raise ValueError("The demonstration data can only be added to an empty store.")
        has_profile = bool(session.scalar(select(func.count()).select_from(ServiceProfile)))
    names.check_codes()
    check_codes()
    rows = DemoRows(random.Random(seed), today or date.today())
    people = People(rows, children)
    iro_ids = people.add_iros(iros)
    if not has_profile:
        people.add_service_profile()
    rows.flush(store)
    builder = _Builder(rows, people, iro_ids, years)
    looked_after = [True] * children + [False] * round(children * LEAVERS_PER_YEAR * years)
    rows.rng.shuffle(looked_after)
    total = len(looked_after)
    local_ids = rows.rng.sample(range(100000, 1000000), total)
    for index, still_looked_after in enumerate(looked_after):
        builder.child(f"LA{local_ids[index]}", iro_ids[index % iros], still_looked_after)
        done = index + 1
        if done % CHUNK_CHILDREN == 0 or done == total:
            rows.flush(store)
        if progress is not None and (done % PROGRESS_EVERY == 0 or done == total):
            progress(done, total, "Writing reviews")
    store.checkpoint()
    n = rows.written
    return DemoSummary(
        children=n[Child], periods=n[PeriodOfCare], reviews=n[Review], audits=n[QaAudit],
        challenges=n[Challenge], good_practice=n[GoodPractice], iros=n[Iro],
        people=n[Person], attendance=n[Attendance], plan_areas=n[PlanArea],
        decisions=n[Decision],
    )  # fmt: skip


class _Builder:
    """Makes one child at a time: the child, periods of care, network, reviews and QA."""

    def __init__(self, rows: DemoRows, people: People, iro_ids: list[str], years: int) -> None:
        self.rows = rows
        self.rng = rows.rng
        self.today = rows.today
        self.people = people
        self.iro_ids = iro_ids
        self.window_start = add_months(rows.today, -12 * years)

    def child(self, local_id: str, iro_id: str, still_looked_after: bool) -> None:
        rng, rows = self.rng, self.rows
        if still_looked_after:
            dob = self._birth_date(self.today, names.AGE_BANDS)
            spans = self._open_spans(dob)
        else:
            dob, spans = self._leaver_span()
        boy = rng.random() < 0.55
        first = rng.choice(names.BOYS if boy else names.GIRLS)
        last = rng.choice(names.SURNAMES)
        preferred = names.NICKNAMES.get(first, "") if rng.random() < 0.5 else ""
        last_start, last_end = spans[-1]
        placement = rows.pick(names.placement_table(age_on(dob, last_start)))
        network = self.people.network(placement, age_on(dob, last_end or self.today), last)
        child_id = rows.add(
            Child, local_id=local_id, first_name=first, last_name=last,
            preferred_name=preferred, date_of_birth=dob, gender="1" if boy else "2",
            ethnicity=rows.pick(names.ETHNICITY), school=network.school, iro_id=iro_id, notes="",
        )  # fmt: skip
        self.people.add_people(child_id, network)
        ctx = _ChildCtx(child_id, preferred or first, dob, iro_id, network)
        held: list[HeldInfo] = []
        for number, (start, end) in enumerate(spans):
            latest = number == len(spans) - 1
            period = self._period(child_id, dob, start, end, placement if latest else "",
                                  network.provider if latest else "", latest)
            held.extend(self._reviews(ctx, period))
        add_quality_assurance(self.rows, child_id, network.worker, held)

    def _birth_date(self, on: date, bands: Mapping[tuple[int, int], float]) -> date:
        """A date of birth giving an age drawn from `bands` on the date `on`."""
        low, high = self.rows.pick(bands)
        age = self.rng.randint(low, high)
        if age == 18:
            return add_months(on, -12 * 18)
        return add_months(on, -12 * age) - timedelta(days=self.rng.randint(8, 364))

    def _days(self, bands: Mapping[tuple[int, int], float]) -> timedelta:
        low, high = self.rows.pick(bands)
        return timedelta(days=self.rng.randint(low, high))

    def _open_spans(self, dob: date) -> list[tuple[date, date | None]]:
        """The current period of care, sometimes after an earlier one that ended."""
        start = max(dob, self.today - self._days(names.ELAPSED_OPEN))
        earliest = max(dob, start - timedelta(days=2200))
        room = (start - earliest).days
        if room < 120 or self.rng.random() >= EARLIER_PERIOD_SHARE:
            return [(start, None)]
        earlier_end = start - timedelta(days=self.rng.randint(30, room // 2))
        earlier_start = earlier_end - timedelta(days=self.rng.randint(14, room // 2 - 1))
        return [(earlier_start, earlier_end), (start, None)]

    def _leaver_span(self) -> tuple[date, list[tuple[date, date | None]]]:
        """A child who left care during the window; the stay may have begun before it."""
        window = (self.today - self.window_start).days
        end = self.window_start + timedelta(days=self.rng.randint(0, window - 7))
        dob = self._birth_date(end, names.LEAVER_AGES)
        start = max(dob, end - self._days(names.STAY_LENGTHS))
        return dob, [(start, end)]

    def _period(self, child_id: str, dob: date, start: date, end: date | None,
                placement: str, provider: str, latest: bool) -> _Period:
        rows = self.rows
        age = age_on(dob, start)
        reason: str | None = None
        if end is not None:
            reason = rows.pick(names.reason_table(age_on(dob, end), returned_home=not latest))
        period_id = rows.add(
            PeriodOfCare, child_id=child_id, start_date=start,
            legal_status=rows.pick(names.legal_table(age)),
            placement_type=placement or rows.pick(names.placement_table(age)),
            placement_provider=provider, category_of_need=rows.pick(names.NEED),
            end_date=end, reason_ceased=reason,
        )  # fmt: skip
        return _Period(period_id, start, end)

    # -- reviews -------------------------------------------------------------------------

    def _reviews(self, ctx: _ChildCtx, period: _Period) -> list[HeldInfo]:
        held, late_reasons, planned = self._meeting_dates(period)
        schedule = review_schedule(period.start, held, ended_on=period.end)
        dates = [h.held_on for h in held] + [planned]
        infos: list[HeldInfo] = []
        for index, scheduled in enumerate(schedule):
            if scheduled.held_on is None:
                if period.end is None:
                    self._pending(ctx, period, scheduled.number, planned, scheduled.due)
                continue
            reason = ""
            if not scheduled.in_time:
                reason = late_reasons[index] or self.rng.choice(names.LATE_REASONS)
            infos.append(self._held(ctx, period, scheduled.number, scheduled.held_on,
                                    scheduled.due, scheduled.brought_forward, reason,
                                    dates[index + 1]))
        return infos

    def _meeting_dates(self, period: _Period) -> tuple[list[HeldReview], list[str], date]:
        """Held reviews up to today (or the end of the period), and the next planned date."""
        limit = period.end or self.today
        held: list[HeldReview] = []
        reasons: list[str] = []
        previous: date | None = None
        while True:
            number = len(held) + 1
            if previous is None:
                due = add_working_days(period.start, 20)
            else:
                due = add_months(previous, 3 if number == 2 else 6)
            floor = previous or period.start
            when, forward, reason = self._meeting_date(due, floor, number)
            if (period.end is None and 0 < (self.today - due).days <= 21
                    and self.rng.random() < OVERDUE_SHARE):
                return held, reasons, due
            if period.end is not None and when > period.end >= due:
                when, forward, reason = _on_or_before(due), False, ""
                if when <= floor:
                    return held, reasons, due
            if when > limit:
                return held, reasons, when
            held.append(HeldReview(when, forward))
            reasons.append(reason)
            previous = when

    def _meeting_date(self, due: date, floor: date, number: int) -> tuple[date, bool, str]:
        rng = self.rng
        roll = rng.random()
        forward = False
        if number > 1 and roll < BROUGHT_FORWARD_SHARE:
            when, forward = due - timedelta(days=rng.randint(25, 70)), True
        elif roll < BROUGHT_FORWARD_SHARE + LATE_SHARE:
            late = add_working_days(due, rng.choice((1, 1, 2, 3, 5, 8, 12, 20)))
            return late, False, rng.choice(names.LATE_REASONS)
        else:
            when = due - timedelta(days=int(rng.triangular(0, 21, 2)))
        when = _on_or_before(when)
        if when <= floor:
            when = add_working_days(floor, 1)
        return when, forward, ""

    def _held(self, ctx: _ChildCtx, period: _Period, number: int, held: date, due: date,
              forward: bool, late_reason: str, next_date: date) -> HeldInfo:
        rng, rows, today = self.rng, self.rows, self.today
        age = age_on(ctx.dob, held)
        code = "PN0" if age < 4 else rows.pick(names.PARTICIPATION)
        method = rows.pick(names.CONSULTATION[code])
        iro_id = ctx.iro_id
        if len(self.iro_ids) > 1 and rng.random() > CHAIRED_BY_OWN_IRO:
            iro_id = rng.choice(self.iro_ids)
        fast = rng.random() < 0.9
        decisions_on = add_working_days(held, rng.randint(1, 5) if fast else rng.randint(6, 10))
        fast = rng.random() < 0.85
        record_on = add_working_days(held, rng.randint(4, 15) if fast else rng.randint(16, 25))
        finalised = record_on <= today
        meeting_format = rows.pick(names.format_table(held))
        venue = "Microsoft Teams" if meeting_format == "virtual" else ctx.network.venue
        review_id = self._review_row(
            child_id=ctx.child_id, period_id=period.id, iro_id=iro_id, number=number,
            brought_forward=forward,
            status=(ReviewStatus.FINALISED if finalised else ReviewStatus.HELD).value,
            meeting_date=held, venue=venue, meeting_format=meeting_format, due_date=due,
            in_time=held <= due, late_reason=late_reason, participation_code=code,
            consultation_method=method, care_plan_3_days=rng.random() < 0.9,
            pmr_3_days=rng.random() < 0.85,
            further_sittings=[(held + timedelta(days=7)).isoformat()]
            if rng.random() < 0.01 else [],
            young_person_views=self._views(ctx.name, code),
            parents_views=self._sentences(names.PARENT_VIEWS, 1 if ctx.network.parents else 0),
            carers_views=self._sentences(names.CARER_VIEWS, 2 if ctx.network.carer else 0),
            social_worker_update=self._sentences(names.SW_UPDATES, 2),
            next_review_date=next_date, next_review_time=rng.choice(names.TIMES),
            next_review_venue=venue,
            finalised_at=datetime.combine(record_on, time(rng.randint(9, 16),
                                                          rng.randint(0, 59)), UTC)
            if finalised else None,
            decisions_issued_on=decisions_on if decisions_on <= today else None,
            record_issued_on=record_on if finalised else None,
        )  # fmt: skip
        self.people.add_attendance(review_id, ctx.network, age, code)
        self._plan(review_id, age, number)
        self.people.add_decisions(review_id, ctx.network, iro_id, age, held,
                                  latest=next_date > today)
        return HeldInfo(review_id, held, number, iro_id, age, method)

    def _pending(self, ctx: _ChildCtx, period: _Period, number: int, planned: date,
                 due: date) -> None:
        """The next review, planned but not yet held: a draft with its due date."""
        self._review_row(
            child_id=ctx.child_id, period_id=period.id, iro_id=ctx.iro_id, number=number,
            meeting_date=planned, venue=ctx.network.venue, due_date=due,
        )

    def _review_row(self, **values: Any) -> str:
        return self.rows.add(Review, **{**names.REVIEW_DEFAULTS, **values})

    def _views(self, name: str, code: str) -> str:
        if code == "PN0":
            return self.rng.choice(names.YP_VIEWS_YOUNG).format(name=name)
        if code == "PN7":
            return f"{name} did not take part and chose not to share views for this review."
        return " ".join(self.rng.sample(names.YP_VIEWS, 2)).format(name=name)

    def _sentences(self, phrases: tuple[str, ...], count: int) -> str:
        return " ".join(self.rng.sample(phrases, count)) if count else ""

    def _plan(self, review_id: str, age: int, number: int) -> None:
        rng, rows = self.rng, self.rows
        wanted = {"placement", "health", "family_time"}
        if number >= 2:
            wanted.add("permanence")
        if age >= 3:
            wanted.add("education")
        if age >= 16:
            wanted.add("transition")
        for area, share in (("legal_status", 0.3), ("identity", 0.4), ("leisure", 0.4)):
            if rng.random() < share:
                wanted.add(area)
        position = 0
        for area in rows.plan_areas:
            if area in wanted:
                rows.add(PlanArea, review_id=review_id, position=position, area=area,
                         progress=rows.pick(names.PROGRESS),
                         notes=rng.choice(names.PLAN_NOTES[area]))
                position += 1


@dataclass(frozen=True, slots=True)
class _ChildCtx:
    child_id: str
    name: str
    dob: date
    iro_id: str
    network: Network

