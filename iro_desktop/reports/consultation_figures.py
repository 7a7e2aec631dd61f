"""The annual report's consultation figures: forms completed by age band, the share of
children who feel safe, and the share who know how to complain (as the seed reports give
for Viewpoint). One grouped SQL query; the JSON answers are read with portable JSON paths,
so the same query runs on the team store's PostgreSQL.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import Session

from ..domain.consultation_forms import AGE_BANDS, BAND_LABELS, SCALE, YES_NO
from ..domain.consultation_rules import FEELS_SAFE, KNOWS_HOW_TO_COMPLAIN, ConsultationStatus
from ..store import Store
from ..store.models import Child, Consultation, not_deleted

__all__ = ["BandFigures", "ConsultationFigures", "consultation_figures", "figures_in_session"]


def _share(part: int, whole: int) -> float | None:
    return part / whole if whole else None


@dataclass(frozen=True)
class BandFigures:
    """One age band's row; shares are out of the children who answered that question."""

    age_band: str
    label: str
    completed: int = 0
    feel_safe_counts: Mapping[str, int] = field(default_factory=dict)
    complain_counts: Mapping[str, int] = field(default_factory=dict)
    want_to_be_told: int = 0

    @property
    def feel_safe_answered(self) -> int:
        return sum(self.feel_safe_counts.get(v, 0) for v in SCALE)

    @property
    def feel_safe(self) -> int:
        return sum(self.feel_safe_counts.get(v, 0) for v in FEELS_SAFE)

    @property
    def feel_safe_share(self) -> float | None:
        return _share(self.feel_safe, self.feel_safe_answered)

    @property
    def complain_answered(self) -> int:
        return sum(self.complain_counts.get(v, 0) for v in YES_NO)

    @property
    def know_how_to_complain(self) -> int:
        return sum(self.complain_counts.get(v, 0) for v in KNOWS_HOW_TO_COMPLAIN)

    @property
    def know_how_to_complain_share(self) -> float | None:
        return _share(self.know_how_to_complain, self.complain_answered)

    @property
    def want_to_be_told_share(self) -> float | None:
        return _share(self.want_to_be_told, self.completed)


@dataclass(frozen=True)
class ConsultationFigures:
    date_from: date
    date_to: date
    iro_id: str | None
    bands: tuple[BandFigures, ...]
    declined: int = 0
    not_required: int = 0

    @property
    def total(self) -> BandFigures:
        safe: Counter[str] = Counter()
        complain: Counter[str] = Counter()
        for band in self.bands:
            safe.update(band.feel_safe_counts)
            complain.update(band.complain_counts)
        return BandFigures("all", "All ages", sum(b.completed for b in self.bands), dict(safe),
                           dict(complain), sum(b.want_to_be_told for b in self.bands))

    @property
    def completed(self) -> int:
        return self.total.completed

    @property
    def feel_safe_share(self) -> float | None:
        return self.total.feel_safe_share

    @property
    def know_how_to_complain_share(self) -> float | None:
        return self.total.know_how_to_complain_share

    @property
    def completion_rate(self) -> float | None:
        """Completed out of completed and declined (not required left out), the way the
        annual report works out Viewpoint performance."""
        return _share(self.completed, self.completed + self.declined)


def figures_in_session(session: Session, date_from: date, date_to: date,
                       iro_id: str | None = None, *,
                       condition: ColumnElement[bool] | None = None) -> ConsultationFigures:
    """The figures for consultations completed (or declined) between the dates, inclusive.

    `condition` narrows them further, e.g. a report's `scope.iro_filter(Consultation.iro_id)`
    for one team.
    """
    safe = Consultation.answers[("feel_safe", "values", 0)].as_string()
    complain = Consultation.answers[("know_how_to_complain", "values", 0)].as_string()
    told = Consultation.answers[("want_to_be_told_who_to_talk_to", "values", 0)].as_string()
    query = (
        select(Consultation.status, Consultation.age_band, safe, complain, told, func.count())
        .join(Child, Child.id == Consultation.child_id)
        .where(
            not_deleted(Consultation),
            not_deleted(Child),
            Consultation.consulted_on >= date_from,
            Consultation.consulted_on <= date_to,
            Consultation.status != ConsultationStatus.IN_PROGRESS,
        )
        .group_by(Consultation.status, Consultation.age_band, safe, complain, told)
    )
    if iro_id is not None:
        query = query.where(Consultation.iro_id == iro_id)
    if condition is not None:
        query = query.where(condition)
    completed: Counter[str] = Counter()
    safe_counts: dict[str, Counter[str]] = {band: Counter() for band in AGE_BANDS}
    complain_counts: dict[str, Counter[str]] = {band: Counter() for band in AGE_BANDS}
    told_yes: Counter[str] = Counter()
    others: Counter[str] = Counter()
    for status, band, safe_value, complain_value, told_value, count in session.execute(query):
        if status != ConsultationStatus.COMPLETED or band not in safe_counts:
            others[status] += count
            continue
        completed[band] += count
        if safe_value:
            safe_counts[band][safe_value] += count
        if complain_value:
            complain_counts[band][complain_value] += count
        if told_value == "yes":
            told_yes[band] += count
    bands = tuple(
        BandFigures(band, BAND_LABELS[band], completed[band], dict(safe_counts[band]),
                    dict(complain_counts[band]), told_yes[band])
        for band in AGE_BANDS
    )
    return ConsultationFigures(date_from, date_to, iro_id, bands,
                               declined=others[ConsultationStatus.DECLINED],
                               not_required=others[ConsultationStatus.NOT_REQUIRED])


def consultation_figures(store: Store, date_from: date, date_to: date,
                         iro_id: str | None = None) -> ConsultationFigures:
    with store.read_session() as session:
        return figures_in_session(session, date_from, date_to, iro_id)
