"""A child's consultation before a review (their answers to the form) and its follow-ups."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Date, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, RecordMixin, UTCDateTime, utc_now


class Consultation(RecordMixin, Base):
    """One consultation form, filled in by the child (or declined, or not required).

    ``review_id`` is empty until the child's next review exists; the answers then attach to
    it. ``consulted_on`` is the local date it was completed or declined: the annual report
    counts by it.
    """

    __tablename__ = "consultation"

    child_id: Mapped[str] = mapped_column(ForeignKey("child.id"), index=True)
    review_id: Mapped[str | None] = mapped_column(ForeignKey("review.id"), index=True,
                                                  default=None)
    iro_id: Mapped[str | None] = mapped_column(ForeignKey("iro.id"), index=True, default=None)
    age_band: Mapped[str] = mapped_column(String(10))
    form_version: Mapped[int] = mapped_column(Integer, default=1)
    status: Mapped[str] = mapped_column(String(20), default="in_progress", index=True)
    method: Mapped[str] = mapped_column(String(30), default="young_person_mode")
    started_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utc_now)
    completed_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)
    consulted_on: Mapped[date | None] = mapped_column(Date, index=True, default=None)
    answers: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    note: Mapped[str] = mapped_column(Text, default="")

    flags: Mapped[list[ConsultationFlag]] = relationship(
        back_populates="consultation", order_by="ConsultationFlag.kind"
    )


class ConsultationFlag(RecordMixin, Base):
    """A follow-up an answer calls for (feels unsafe, does not know how to complain)."""

    __tablename__ = "consultation_flag"

    child_id: Mapped[str] = mapped_column(ForeignKey("child.id"), index=True)
    consultation_id: Mapped[str] = mapped_column(ForeignKey("consultation.id"), index=True)
    kind: Mapped[str] = mapped_column(String(40))
    detail: Mapped[str] = mapped_column(String(300), default="")
    raised_on: Mapped[date] = mapped_column(Date)
    action_taken: Mapped[str] = mapped_column(Text, default="")
    resolved_on: Mapped[date | None] = mapped_column(Date, index=True, default=None)

    consultation: Mapped[Consultation] = relationship(back_populates="flags")
