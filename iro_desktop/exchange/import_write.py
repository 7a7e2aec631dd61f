"""Writing checked import rows into the store: match each row, then add, update or leave it.

Rows are matched the way the template documents (children by ID, periods by child and
start date, reviews by child and date, ...). A blank cell never clears what the store
already holds, so re-importing a tracker never wipes detail recorded in the application.
Everything happens in the caller's session: one transaction for the whole file.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from ..domain.timetable import review_schedule
from ..services.profile import current_iro
from ..store.models import (
    Challenge,
    ChallengeCategory,
    ChallengeStage,
    Child,
    GoodPractice,
    Iro,
    PeriodOfCare,
    QaAudit,
    QaAuditArea,
    Review,
    new_id,
)
from .import_existing import Existing
from .import_result import SheetCounts
from .import_rows import (
    AuditRow,
    ChallengeRow,
    ChildRow,
    ImportRows,
    PeriodRow,
    ReviewRow,
)
from .import_template import SHEETS

__all__ = ["IMPORTED_REVIEW_STATUS", "ImportWriter"]

#: History comes in as final records: the minutes were written in the old system.
IMPORTED_REVIEW_STATUS = "finalised"
_HELD = ("held", "finalised")


def _set(record: Any, name: str, value: object) -> bool:
    """Set a field only when it differs; True when it changed."""
    if getattr(record, name) == value:
        return False
    setattr(record, name, value)
    return True


def _set_given(record: Any, name: str, value: object) -> bool:
    """Like ``_set``, but a blank cell (None or "") leaves the stored value alone."""
    if value is None or value == "":
        return False
    return _set(record, name, value)


class ImportWriter:
    """Matches and writes the rows; with ``flush=False`` (a dry run in a read-only unit of
    work) it changes the records in memory only, counting exactly as a real import would,
    and never asks for the store's write lock."""

    def __init__(self, session: Session, existing: Existing, rows: ImportRows, *,
                 flush: bool = True) -> None:
        self.session, self.existing, self.rows = session, existing, rows
        self.flush = flush
        self.counts = {s.name: SheetCounts() for s in SHEETS if s.name in rows.columns}
        self.added_iros: list[str] = []
        self._schedules: dict[str, dict[date, tuple[int, date]]] = {}
        self._file_reviews: dict[str, list[date]] = {}
        for review in rows.reviews:
            self._file_reviews.setdefault(review.child_id, []).append(review.review_date)

    def run(self) -> dict[str, SheetCounts]:
        """Write sheet by sheet, parents first, flushing after each so keys exist."""
        with self.session.no_autoflush:
            self._iros()
            for step in (self._children, self._periods, self._reviews, self._audits,
                         self._challenges, self._good_practice):
                step()
                self._flush()
        return self.counts

    def _flush(self) -> None:
        if self.flush:
            self.session.flush()

    def _count(self, sheet: str, *, created: bool, changed: bool) -> None:
        counts = self.counts[sheet]
        if created:
            counts.new += 1
        elif changed:
            counts.updated += 1
        else:
            counts.unchanged += 1

    # -- IROs and children ---------------------------------------------------------------

    def _iros(self) -> None:
        names = [c.allocated_iro for c in self.rows.children] + [r.iro for r in self.rows.reviews]
        for name in names:
            key = name.strip().casefold()
            if key and key not in self.existing.iros:
                iro = Iro(id=new_id(), name=name.strip())
                self.session.add(iro)
                self.existing.iros[key] = iro
                self.added_iros.append(iro.name)
        self._flush()

    def iro_id(self, name: str) -> str | None:
        iro = self.existing.iros.get(name.strip().casefold()) if name.strip() else None
        return iro.id if iro is not None else None

    def _children(self) -> None:
        me = current_iro(self.session)
        for row in self.rows.children:
            child = self.existing.children.get(row.local_id)
            created = child is None
            if child is None:
                # Empty collections, set now, count as loaded: no query per new child later.
                child = Child(id=new_id(), local_id=row.local_id, periods=[], reviews=[],
                              people=[],
                              iro_id=self.iro_id(row.allocated_iro) or (me.id if me else None))
                self.session.add(child)
                self.existing.children[row.local_id] = child
            self._count("children", created=created,
                        changed=self._child_fields(child, row, created=created))

    def _child_fields(self, child: Child, row: ChildRow, *, created: bool) -> bool:
        changes = [_set(child, "first_name", row.first_name),
                   _set(child, "last_name", row.last_name),
                   _set(child, "date_of_birth", row.date_of_birth),
                   _set_given(child, "iro_id", self.iro_id(row.allocated_iro))]
        for name in ("preferred_name", "gender", "ethnicity", "school"):
            value = getattr(row, name)
            changes.append(_set(child, name, value) if created else _set_given(child, name, value))
        return any(changes)

    # -- periods and reviews ---------------------------------------------------------------

    def _periods(self) -> None:
        for row in self.rows.periods:
            child = self.existing.children[row.child_id]
            period = next((p for p in self.existing.live_periods(child)
                           if p.start_date == row.start_date), None)
            created = period is None
            if period is None:
                period = PeriodOfCare(id=new_id(), start_date=row.start_date,
                                      placement_provider="", end_date=None, reason_ceased=None)
                child.periods.append(period)
            self._count("periods", created=created, changed=self._period_fields(period, row))

    @staticmethod
    def _period_fields(period: PeriodOfCare, row: PeriodRow) -> bool:
        changes = [_set(period, "legal_status", row.legal_status),
                   _set(period, "placement_type", row.placement_type),
                   _set(period, "category_of_need", row.category_of_need),
                   _set_given(period, "placement_provider", row.placement_provider),
                   _set_given(period, "end_date", row.end_date),
                   _set_given(period, "reason_ceased", row.reason_ceased)]
        return any(changes)

    def _period_on(self, child: Child, on: date) -> PeriodOfCare:
        for period in self.existing.live_periods(child):
            if period.start_date <= on and (period.end_date is None or on <= period.end_date):
                return period
        raise LookupError(f"no period of care covers {on}")  # the checks rule this out

    def _schedule(self, child: Child, period: PeriodOfCare) -> dict[date, tuple[int, date]]:
        """Number and due date of every held review in the period: the store's and the file's."""
        cached = self._schedules.get(period.id)
        if cached is not None:
            return cached

        def inside(on: date) -> bool:
            return period.start_date <= on and (period.end_date is None or on <= period.end_date)

        held = {r.meeting_date for r in child.reviews if r.deleted_at is None
                and r.status in _HELD and r.meeting_date is not None and inside(r.meeting_date)}
        held.update(d for d in self._file_reviews.get(child.local_id, []) if inside(d))
        schedule = review_schedule(period.start_date, sorted(held))
        found = {s.held_on: (s.number, s.due) for s in schedule if s.held_on is not None}
        self._schedules[period.id] = found
        return found

    def _reviews(self) -> None:
        for row in self.rows.reviews:
            child = self.existing.children[row.child_id]
            period = self._period_on(child, row.review_date)
            number, due = self._schedule(child, period)[row.review_date]
            review = self.existing.reviews.get((row.child_id, row.review_date))
            created = review is None
            if review is None:
                review = Review(id=new_id(), period_id=period.id, number=number,
                                status=IMPORTED_REVIEW_STATUS, meeting_date=row.review_date,
                                iro_id=self.iro_id(row.iro) or child.iro_id,
                                brought_forward=bool(row.brought_forward),
                                late_reason=row.late_reason,
                                participation_code=row.participation_code)
                child.reviews.append(review)
                self.existing.reviews[(row.child_id, row.review_date)] = review
            changed = self._review_fields(review, row, period, due)
            self._count("reviews", created=created, changed=changed)

    def _review_fields(self, review: Review, row: ReviewRow, period: PeriodOfCare,
                       computed_due: date) -> bool:
        due = row.due_date or review.due_date or computed_due
        in_time = row.in_time if row.in_time is not None else review.in_time
        changes = [_set_given(review, "iro_id", self.iro_id(row.iro)),
                   _set_given(review, "participation_code", row.participation_code),
                   _set_given(review, "brought_forward", row.brought_forward),
                   _set_given(review, "late_reason", row.late_reason),
                   _set(review, "due_date", due),
                   _set(review, "in_time", row.review_date <= due if in_time is None else in_time),
                   _set_given(review, "period_id", review.period_id or period.id)]
        if review.status not in _HELD:
            changes.append(_set(review, "status", "held"))
        return any(changes)

    # -- quality assurance -----------------------------------------------------------------

    def _audits(self) -> None:
        for row in self.rows.audits:
            child = self.existing.children[row.child_id]
            review = self.existing.reviews[(row.child_id, row.review_date)]
            audit = self.existing.audits.get(review.id)
            created = audit is None
            if audit is None:
                audit = QaAudit(id=new_id(), review_id=review.id, child_id=child.id,
                                iro_id=review.iro_id, challenge_skipped_reason="",
                                manager_actions="", areas=[])
                self.session.add(audit)
                self.existing.audits[review.id] = audit
            self._count("audits", created=created, changed=self._audit_fields(audit, row))

    @staticmethod
    def _audit_fields(audit: QaAudit, row: AuditRow) -> bool:
        changes = [_set(audit, "audit_date", row.audit_date), _set(audit, "grade", row.grade),
                   _set_given(audit, "viewpoint", row.viewpoint),
                   _set_given(audit, "manager_actions", row.manager_actions)]
        areas = {a.area: a for a in audit.areas if a.deleted_at is None}
        for area, judgement in row.judgements.items():
            if judgement is None:
                continue
            if area in areas:
                changes.append(_set(areas[area], "judgement", judgement))
            else:
                audit.areas.append(QaAuditArea(area=area, judgement=judgement, comment=""))
                changes.append(True)
        return any(changes)

    def iro_on(self, child: Child, on: date) -> str | None:
        """Who chaired the child's latest review by that date; else the allocated IRO."""
        held = [r for r in child.reviews if r.deleted_at is None and r.meeting_date is not None
                and r.meeting_date <= on and r.iro_id is not None]
        if held:
            return max(held, key=lambda r: r.meeting_date or date.min).iro_id
        return child.iro_id

    def _challenges(self) -> None:
        for row in self.rows.challenges:
            child = self.existing.children[row.child_id]
            candidates = self.existing.challenges.setdefault((row.child_id, row.raised_date), [])
            challenge = next((c for c in candidates if row.categories[0] in
                              {k.category for k in c.categories if k.deleted_at is None}), None)
            created = challenge is None
            if challenge is None:
                challenge = Challenge(id=new_id(), child_id=child.id, raised_on=row.raised_date,
                                      categories=[], stages=[],
                                      iro_id=self.iro_on(child, row.raised_date),
                                      mandatory=bool(row.mandatory), addressed_to="", concern="")
                self.session.add(challenge)
                candidates.append(challenge)
            self._count("challenges", created=created,
                        changed=self._challenge_fields(challenge, row))

    @staticmethod
    def _challenge_fields(challenge: Challenge, row: ChallengeRow) -> bool:
        changes = [_set_given(challenge, "outcome", row.outcome),
                   _set_given(challenge, "closed_on", row.closed_date),
                   _set_given(challenge, "addressed_to", row.addressed_to),
                   _set_given(challenge, "concern", row.concern),
                   _set_given(challenge, "mandatory", row.mandatory)]
        live = [c.category for c in challenge.categories if c.deleted_at is None]
        if set(live) != set(row.categories):
            challenge.categories = [ChallengeCategory(category=c) for c in row.categories]
            changes.append(True)
        stages = [(s.stage, s.started_on) for s in challenge.stages if s.deleted_at is None]
        if row.stages and stages != row.stages:
            challenge.stages = [ChallengeStage(position=i, stage=stage, started_on=started)
                                for i, (stage, started) in enumerate(row.stages)]
            changes.append(True)
        return any(changes)

    def _good_practice(self) -> None:
        for row in self.rows.good_practice:
            child = self.existing.children[row.child_id]
            key = (row.child_id, row.recorded_on, row.social_worker.strip().casefold())
            entry = self.existing.good_practice.get(key)
            created = entry is None
            if entry is None:
                entry = GoodPractice(id=new_id(), child_id=child.id, recorded_on=row.recorded_on,
                                     social_worker=row.social_worker,
                                     iro_id=self.iro_on(child, row.recorded_on), team="", note="")
                self.session.add(entry)
                self.existing.good_practice[key] = entry
            changed = any([_set_given(entry, "team", row.team),
                           _set_given(entry, "note", row.note)])
            self._count("good_practice", created=created, changed=changed)
