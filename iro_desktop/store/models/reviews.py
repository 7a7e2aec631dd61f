"""A statutory review and what it records, plus monitoring notes between reviews."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, Boolean, Date, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, RecordMixin, UTCDateTime
from .people import Child, Iro


class Review(RecordMixin, Base):
    __tablename__ = "review"

    child_id: Mapped[str] = mapped_column(ForeignKey("child.id"), index=True)
    period_id: Mapped[str | None] = mapped_column(ForeignKey("period_of_care.id"), index=True)
    iro_id: Mapped[str | None] = mapped_column(ForeignKey("iro.id"), index=True, default=None)
    number: Mapped[int] = mapped_column(Integer, default=1)
    brought_forward: Mapped[bool] = mapped_column(Boolean, default=False)
    status: Mapped[str] = mapped_column(String(20), default="draft", index=True)
    meeting_date: Mapped[date | None] = mapped_column(Date, index=True, default=None)
    further_sittings: Mapped[list[str]] = mapped_column(JSON, default=list)
    venue: Mapped[str] = mapped_column(String(200), default="")
    meeting_format: Mapped[str] = mapped_column(String(20), default="in_person")
    due_date: Mapped[date | None] = mapped_column(Date, default=None)
    in_time: Mapped[bool | None] = mapped_column(Boolean, default=None)
    late_reason: Mapped[str] = mapped_column(Text, default="")
    participation_code: Mapped[str | None] = mapped_column(String(5), default=None)
    consultation_method: Mapped[str | None] = mapped_column(String(30), default=None)
    care_plan_3_days: Mapped[bool | None] = mapped_column(Boolean, default=None)
    pmr_3_days: Mapped[bool | None] = mapped_column(Boolean, default=None)
    young_person_views: Mapped[str] = mapped_column(Text, default="")
    parents_views: Mapped[str] = mapped_column(Text, default="")
    carers_views: Mapped[str] = mapped_column(Text, default="")
    social_worker_update: Mapped[str] = mapped_column(Text, default="")
    next_review_date: Mapped[date | None] = mapped_column(Date, default=None)
    next_review_time: Mapped[str] = mapped_column(String(10), default="")
    next_review_venue: Mapped[str] = mapped_column(String(200), default="")
    finalised_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)
    decisions_issued_on: Mapped[date | None] = mapped_column(Date, default=None)
    record_issued_on: Mapped[date | None] = mapped_column(Date, default=None)

    child: Mapped[Child] = relationship(back_populates="reviews")
    iro: Mapped[Iro | None] = relationship()
    attendance: Mapped[list[Attendance]] = relationship(
        back_populates="review", cascade="all, delete-orphan", order_by="Attendance.position"
    )
    plan_areas: Mapped[list[PlanArea]] = relationship(
        back_populates="review", cascade="all, delete-orphan", order_by="PlanArea.position"
    )
    decisions: Mapped[list[Decision]] = relationship(
        back_populates="review",
        cascade="all, delete-orphan",
        order_by="Decision.position",
        foreign_keys="Decision.review_id",
    )


class Attendance(RecordMixin, Base):
    __tablename__ = "attendance"

    review_id: Mapped[str] = mapped_column(ForeignKey("review.id"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(40))
    status: Mapped[str] = mapped_column(String(20), default="attended")

    review: Mapped[Review] = relationship(back_populates="attendance")


class PlanArea(RecordMixin, Base):
    __tablename__ = "plan_area"

    review_id: Mapped[str] = mapped_column(ForeignKey("review.id"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    area: Mapped[str] = mapped_column(String(30))
    progress: Mapped[str | None] = mapped_column(String(30), default=None)
    notes: Mapped[str] = mapped_column(Text, default="")

    review: Mapped[Review] = relationship(back_populates="plan_areas")


class Decision(RecordMixin, Base):
    """An action decided at a review, with an owner and a target date."""

    __tablename__ = "decision"

    review_id: Mapped[str] = mapped_column(ForeignKey("review.id"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    text: Mapped[str] = mapped_column(Text)
    owner: Mapped[str] = mapped_column(String(200), default="")
    target_date: Mapped[date | None] = mapped_column(Date, default=None)
    status: Mapped[str] = mapped_column(String(20), default="open")
    status_note: Mapped[str] = mapped_column(Text, default="")

    review: Mapped[Review] = relationship(back_populates="decisions", foreign_keys=[review_id])


class MonitoringNote(RecordMixin, Base):
    """A midway review or monitoring visit: the IRO's dated note on progress between reviews."""

    __tablename__ = "monitoring_note"

    child_id: Mapped[str] = mapped_column(ForeignKey("child.id"), index=True)
    iro_id: Mapped[str | None] = mapped_column(ForeignKey("iro.id"), default=None)
    noted_on: Mapped[date] = mapped_column(Date)
    note: Mapped[str] = mapped_column(Text, default="")
