"""What the store already holds for the children an import file names, loaded once.

Only the children the file mentions are loaded (in chunks, with their periods, reviews,
audits, challenges and good practice), so importing a few rows into a store of thousands of
children stays quick. The import matches its rows against these records.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from ..store.models import (
    Challenge,
    Child,
    GoodPractice,
    Iro,
    PeriodOfCare,
    QaAudit,
    Review,
    not_deleted,
)
from .import_rows import ImportRows
from .import_validate import StoreChild

__all__ = ["Existing", "load_existing"]

_CHUNK = 500


@dataclass
class Existing:
    """The store's records for the file's children, indexed the way the import matches them."""

    children: dict[str, Child] = field(default_factory=dict)
    iros: dict[str, Iro] = field(default_factory=dict)
    reviews: dict[tuple[str, date], Review] = field(default_factory=dict)
    audits: dict[str, QaAudit] = field(default_factory=dict)
    challenges: dict[tuple[str, date], list[Challenge]] = field(default_factory=dict)
    good_practice: dict[tuple[str, date, str], GoodPractice] = field(default_factory=dict)

    def live_periods(self, child: Child) -> list[PeriodOfCare]:
        return [p for p in child.periods if p.deleted_at is None]

    def facts(self) -> dict[str, StoreChild]:
        """The plain summary the checks need."""
        review_dates: dict[str, set[date]] = {}
        for local_id, held_on in self.reviews:
            review_dates.setdefault(local_id, set()).add(held_on)
        return {
            local_id: StoreChild(
                local_id, child.date_of_birth, child.deleted_at is not None,
                [(p.start_date, p.end_date) for p in self.live_periods(child)],
                review_dates.get(local_id, set()),
            )
            for local_id, child in self.children.items()
        }


def _chunks(values: Iterable[str]) -> Iterator[list[str]]:
    items = sorted(set(values))
    for start in range(0, len(items), _CHUNK):
        yield items[start:start + _CHUNK]


def _named_children(rows: ImportRows) -> set[str]:
    named = {c.local_id for c in rows.children}
    for records in (rows.periods, rows.reviews, rows.audits, rows.challenges,
                    rows.good_practice):
        named.update(r.child_id for r in records)
    return named


def load_existing(session: Session, rows: ImportRows) -> Existing:
    existing = Existing()
    for iro in session.scalars(select(Iro).where(not_deleted(Iro))):
        existing.iros.setdefault(iro.name.strip().casefold(), iro)
    ids_by_local: dict[str, str] = {}
    for chunk in _chunks(_named_children(rows)):
        query = (select(Child).where(Child.local_id.in_(chunk))
                 .options(selectinload(Child.periods), selectinload(Child.reviews)))
        for child in session.scalars(query):
            existing.children[child.local_id] = child
            ids_by_local[child.id] = child.local_id
    for child in existing.children.values():
        for review in child.reviews:
            if review.deleted_at is None and review.meeting_date is not None:
                existing.reviews.setdefault((child.local_id, review.meeting_date), review)
    child_ids = list(ids_by_local)
    for chunk in _chunks(child_ids):
        audits = select(QaAudit).where(QaAudit.child_id.in_(chunk), not_deleted(QaAudit),
                                       QaAudit.review_id.is_not(None)) \
            .options(selectinload(QaAudit.areas))
        for audit in session.scalars(audits):
            assert audit.review_id is not None
            existing.audits.setdefault(audit.review_id, audit)
        challenges = select(Challenge).where(Challenge.child_id.in_(chunk),
                                             not_deleted(Challenge)) \
            .options(selectinload(Challenge.categories), selectinload(Challenge.stages))
        for challenge in session.scalars(challenges):
            key = (ids_by_local[challenge.child_id], challenge.raised_on)
            existing.challenges.setdefault(key, []).append(challenge)
        good = select(GoodPractice).where(GoodPractice.child_id.in_(chunk),
                                          not_deleted(GoodPractice))
        for entry in session.scalars(good):
            key3 = (ids_by_local[entry.child_id], entry.recorded_on,
                    entry.social_worker.strip().casefold())
            existing.good_practice.setdefault(key3, entry)
    return existing
