"""The row buffer behind the demonstration store: seeded ids and choices, bulk writes.

Rows wait here as plain dicts, one list per table, and are written in one transaction per
chunk with SQLAlchemy Core bulk inserts (one `executemany` per table), which is what
makes an authority-scale store quick to build.
"""

from __future__ import annotations

import random
import uuid
from bisect import bisect
from collections import Counter
from collections.abc import Mapping
from datetime import UTC, date, datetime
from itertools import accumulate
from typing import Any, TypeVar

from sqlalchemy import insert

from ..domain.codes import code_list
from ..store import Store
from ..store.models import (
    Attendance,
    Base,
    Challenge,
    ChallengeCategory,
    ChallengeStage,
    Child,
    Decision,
    GoodPractice,
    Iro,
    PeriodOfCare,
    Person,
    PlanArea,
    QaAudit,
    QaAuditArea,
    Review,
    ServiceProfile,
)

K = TypeVar("K")

CACHE_KIB = 65536
#: Parents before children, so foreign keys hold at every insert.
TABLES: tuple[type[Base], ...] = (
    Iro, ServiceProfile, Child, PeriodOfCare, Person, Review, Attendance, PlanArea, Decision,
    QaAudit, QaAuditArea, Challenge, ChallengeCategory, ChallengeStage, GoodPractice,
)  # fmt: skip


class DemoRows:
    """The seeded random source and the rows waiting to be written, one list per table."""

    def __init__(self, rng: random.Random, today: date) -> None:
        self.rng = rng
        self.today = today
        self.stamp = datetime.now(UTC)
        self.tables: dict[type[Base], list[dict[str, Any]]] = {model: [] for model in TABLES}
        self.written: Counter[type[Base]] = Counter()
        self.qa_areas = [c.code for c in code_list("qa_area").active()]
        self.plan_areas = [c.code for c in code_list("plan_area").active()]
        self.challenge_categories = code_list("challenge_category").active()
        self._weights: dict[int, tuple[Mapping[Any, float], list[Any], list[float]]] = {}

    def uid(self) -> str:
        """A version-4 UUID drawn from the seeded generator, so ids are reproducible."""
        return str(uuid.UUID(int=self.rng.getrandbits(128), version=4))

    def add(self, model: type[Base], row_id: str | None = None, **values: Any) -> str:
        row_id = row_id or self.uid()
        values.update(id=row_id, created_at=self.stamp, updated_at=self.stamp, version=1)
        self.tables[model].append(values)
        return row_id

    def pick(self, table: Mapping[K, float]) -> K:
        """A weighted choice from a module-level table (the cache keeps the table alive)."""
        cached = self._weights.get(id(table))
        if cached is None or cached[0] is not table:
            cached = (table, list(table), list(accumulate(table.values())))
            self._weights[id(table)] = cached
        _, keys, cumulative = cached
        result: K = keys[bisect(cumulative, self.rng.random() * cumulative[-1])]
        return result

    def flush(self, store: Store) -> None:
        """Write the pending rows in one transaction, parents before children."""
        with store.session() as session:
            connection = session.connection()
            cache = connection.exec_driver_sql("PRAGMA cache_size").scalar_one()
            # Random UUID keys touch pages all over each index: a bigger page cache and
            # rows sorted by key cut the time spent inside SQLCipher by about a third.
            connection.exec_driver_sql(f"PRAGMA cache_size = -{CACHE_KIB}")
            try:
                for model in TABLES:
                    batch = self.tables[model]
                    if batch:
                        batch.sort(key=_row_id)
                        connection.execute(insert(Base.metadata.tables[model.__tablename__]), batch)
                        self.written[model] += len(batch)
                        self.tables[model] = []
            finally:
                connection.exec_driver_sql(f"PRAGMA cache_size = {int(cache)}")


def _row_id(row: dict[str, Any]) -> str:
    return str(row["id"])
