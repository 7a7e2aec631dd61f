"""Quality assurance: audits of reviews, challenges with their stages, and good practice."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Boolean, Date, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, RecordMixin
from .people import Child
from .reviews import Review


class QaAudit(RecordMixin, Base):
    __tablename__ = "qa_audit"

    review_id: Mapped[str | None] = mapped_column(ForeignKey("review.id"), unique=True)
    child_id: Mapped[str] = mapped_column(ForeignKey("child.id"), index=True)
    iro_id: Mapped[str | None] = mapped_column(ForeignKey("iro.id"), index=True, default=None)
    audit_date: Mapped[date] = mapped_column(Date, index=True)
    viewpoint: Mapped[str | None] = mapped_column(String(30), default=None)
    grade: Mapped[str | None] = mapped_column(String(30), default=None)
    manager_actions: Mapped[str] = mapped_column(Text, default="")
    challenge_skipped_reason: Mapped[str] = mapped_column(Text, default="")

    child: Mapped[Child] = relationship()
    review: Mapped[Review | None] = relationship()
    areas: Mapped[list[QaAuditArea]] = relationship(
        back_populates="audit", cascade="all, delete-orphan"
    )


class QaAuditArea(RecordMixin, Base):
    __tablename__ = "qa_audit_area"

    audit_id: Mapped[str] = mapped_column(ForeignKey("qa_audit.id"), index=True)
    area: Mapped[str] = mapped_column(String(30))
    judgement: Mapped[str | None] = mapped_column(String(30), default=None)
    comment: Mapped[str] = mapped_column(Text, default="")

    audit: Mapped[QaAudit] = relationship(back_populates="areas")


class Challenge(RecordMixin, Base):
    """The IRO's formal concern about a child's plan, escalated through stages."""

    __tablename__ = "challenge"

    child_id: Mapped[str] = mapped_column(ForeignKey("child.id"), index=True)
    review_id: Mapped[str | None] = mapped_column(ForeignKey("review.id"), default=None)
    audit_id: Mapped[str | None] = mapped_column(ForeignKey("qa_audit.id"), default=None)
    iro_id: Mapped[str | None] = mapped_column(ForeignKey("iro.id"), index=True, default=None)
    raised_on: Mapped[date] = mapped_column(Date, index=True)
    addressed_to: Mapped[str] = mapped_column(String(200), default="")
    concern: Mapped[str] = mapped_column(Text, default="")
    mandatory: Mapped[bool] = mapped_column(Boolean, default=False)
    outcome: Mapped[str | None] = mapped_column(String(30), default=None)
    closed_on: Mapped[date | None] = mapped_column(Date, default=None)

    child: Mapped[Child] = relationship()
    categories: Mapped[list[ChallengeCategory]] = relationship(
        back_populates="challenge", cascade="all, delete-orphan"
    )
    stages: Mapped[list[ChallengeStage]] = relationship(
        back_populates="challenge", cascade="all, delete-orphan", order_by="ChallengeStage.position"
    )


class ChallengeCategory(RecordMixin, Base):
    __tablename__ = "challenge_category"

    challenge_id: Mapped[str] = mapped_column(ForeignKey("challenge.id"), index=True)
    category: Mapped[str] = mapped_column(String(60))

    challenge: Mapped[Challenge] = relationship(back_populates="categories")


class ChallengeStage(RecordMixin, Base):
    __tablename__ = "challenge_stage"

    challenge_id: Mapped[str] = mapped_column(ForeignKey("challenge.id"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    stage: Mapped[str] = mapped_column(String(30))
    started_on: Mapped[date] = mapped_column(Date)
    target_on: Mapped[date | None] = mapped_column(Date, default=None)
    responded_on: Mapped[date | None] = mapped_column(Date, default=None)
    note: Mapped[str] = mapped_column(Text, default="")

    challenge: Mapped[Challenge] = relationship(back_populates="stages")


class GoodPractice(RecordMixin, Base):
    __tablename__ = "good_practice"

    child_id: Mapped[str] = mapped_column(ForeignKey("child.id"), index=True)
    review_id: Mapped[str | None] = mapped_column(ForeignKey("review.id"), default=None)
    iro_id: Mapped[str | None] = mapped_column(ForeignKey("iro.id"), index=True, default=None)
    recorded_on: Mapped[date] = mapped_column(Date, index=True)
    social_worker: Mapped[str] = mapped_column(String(200), default="")
    team: Mapped[str] = mapped_column(String(200), default="")
    note: Mapped[str] = mapped_column(Text, default="")

    child: Mapped[Child] = relationship()
