"""The people: the IRO, the service profile, children, their periods of care and network."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from sqlalchemy import Boolean, Date, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, RecordMixin

if TYPE_CHECKING:
    from .reviews import Review


class Iro(RecordMixin, Base):
    """An Independent Reviewing Officer: the laptop's user, or one of many in a team store."""

    __tablename__ = "iro"

    name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str] = mapped_column(String(200), default="")
    phone: Mapped[str] = mapped_column(String(50), default="")
    team: Mapped[str] = mapped_column(String(200), default="")
    is_current_user: Mapped[bool] = mapped_column(Boolean, default=False)


class ServiceProfile(RecordMixin, Base):
    """The local authority's IRO service: what all minutes end with, and its timescales."""

    __tablename__ = "service_profile"

    local_authority: Mapped[str] = mapped_column(String(200), default="")
    service_name: Mapped[str] = mapped_column(String(200), default="Independent Reviewing Service")
    service_phone: Mapped[str] = mapped_column(String(50), default="")
    service_email: Mapped[str] = mapped_column(String(200), default="")
    service_address: Mapped[str] = mapped_column(Text, default="")
    advocacy_name: Mapped[str] = mapped_column(String(200), default="")
    advocacy_phone: Mapped[str] = mapped_column(String(50), default="")
    advocacy_email: Mapped[str] = mapped_column(String(200), default="")
    advocacy_web: Mapped[str] = mapped_column(String(200), default="")
    complaints_name: Mapped[str] = mapped_column(String(200), default="")
    complaints_phone: Mapped[str] = mapped_column(String(50), default="")
    complaints_email: Mapped[str] = mapped_column(String(200), default="")
    complaints_web: Mapped[str] = mapped_column(String(200), default="")
    decisions_working_days: Mapped[int] = mapped_column(Integer, default=5)
    record_working_days: Mapped[int] = mapped_column(Integer, default=15)
    challenge_stage_days: Mapped[int] = mapped_column(Integer, default=5)
    challenge_overall_days: Mapped[int] = mapped_column(Integer, default=20)
    template_path: Mapped[str] = mapped_column(String(1000), default="")


class Child(RecordMixin, Base):
    __tablename__ = "child"

    local_id: Mapped[str] = mapped_column(String(50), unique=True)
    first_name: Mapped[str] = mapped_column(String(100))
    last_name: Mapped[str] = mapped_column(String(100))
    preferred_name: Mapped[str] = mapped_column(String(100), default="")
    date_of_birth: Mapped[date] = mapped_column(Date)
    gender: Mapped[str] = mapped_column(String(10), default="")
    ethnicity: Mapped[str] = mapped_column(String(10), default="")
    school: Mapped[str] = mapped_column(String(200), default="")
    iro_id: Mapped[str | None] = mapped_column(ForeignKey("iro.id"), index=True, default=None)
    notes: Mapped[str] = mapped_column(Text, default="")

    iro: Mapped[Iro | None] = relationship()
    periods: Mapped[list[PeriodOfCare]] = relationship(
        back_populates="child", order_by="PeriodOfCare.start_date", cascade="all, delete-orphan"
    )
    people: Mapped[list[Person]] = relationship(
        back_populates="child", cascade="all, delete-orphan"
    )
    reviews: Mapped[list[Review]] = relationship(
        back_populates="child", order_by="Review.meeting_date", cascade="all, delete-orphan"
    )

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    @property
    def display_name(self) -> str:
        """The name an IRO uses: preferred first name when there is one."""
        first = self.preferred_name or self.first_name
        return f"{first} {self.last_name}".strip()

    @property
    def current_period(self) -> PeriodOfCare | None:
        live = [p for p in self.periods if p.deleted_at is None]
        return live[-1] if live else None


class PeriodOfCare(RecordMixin, Base):
    """One period of being looked after; a new period starts the review timetable again."""

    __tablename__ = "period_of_care"

    child_id: Mapped[str] = mapped_column(ForeignKey("child.id"), index=True)
    start_date: Mapped[date] = mapped_column(Date)
    legal_status: Mapped[str] = mapped_column(String(10))
    placement_type: Mapped[str] = mapped_column(String(10))
    placement_provider: Mapped[str] = mapped_column(String(200), default="")
    category_of_need: Mapped[str] = mapped_column(String(10))
    end_date: Mapped[date | None] = mapped_column(Date, default=None)
    reason_ceased: Mapped[str | None] = mapped_column(String(10), default=None)

    child: Mapped[Child] = relationship(back_populates="periods")


class Person(RecordMixin, Base):
    """Someone around the child: social worker, carer, parent, advocate, school..."""

    __tablename__ = "person"

    child_id: Mapped[str] = mapped_column(ForeignKey("child.id"), index=True)
    role: Mapped[str] = mapped_column(String(40))
    name: Mapped[str] = mapped_column(String(200))
    organisation: Mapped[str] = mapped_column(String(200), default="")
    team: Mapped[str] = mapped_column(String(200), default="")
    phone: Mapped[str] = mapped_column(String(50), default="")
    email: Mapped[str] = mapped_column(String(200), default="")
    parental_responsibility: Mapped[bool] = mapped_column(Boolean, default=False)
    active: Mapped[bool] = mapped_column(Boolean, default=True)

    child: Mapped[Child] = relationship(back_populates="people")
