"""Bookkeeping records: the audit trail, autosaved drafts and local settings."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, RecordMixin, UTCDateTime, utc_now


class AuditEvent(RecordMixin, Base):
    """Who did what to which record and when; kept inside the encrypted store."""

    __tablename__ = "audit_event"

    at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utc_now, index=True)
    actor: Mapped[str] = mapped_column(String(200), default="")
    action: Mapped[str] = mapped_column(String(60), index=True)
    entity_type: Mapped[str] = mapped_column(String(40), default="")
    entity_id: Mapped[str] = mapped_column(String(36), default="", index=True)
    child_id: Mapped[str | None] = mapped_column(ForeignKey("child.id"), index=True, default=None)
    detail: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class Draft(RecordMixin, Base):
    """Unsaved work autosaved from an editor, so a crash never loses what was typed."""

    __tablename__ = "draft"

    kind: Mapped[str] = mapped_column(String(40))
    entity_id: Mapped[str | None] = mapped_column(String(36), index=True, default=None)
    child_id: Mapped[str | None] = mapped_column(ForeignKey("child.id"), index=True, default=None)
    summary: Mapped[str] = mapped_column(String(300), default="")
    payload: Mapped[str] = mapped_column(Text, default="{}")


class Setting(RecordMixin, Base):
    """A local preference kept in the store (auto-lock minutes, save folder...)."""

    __tablename__ = "setting"

    key: Mapped[str] = mapped_column(String(100), unique=True)
    value: Mapped[str] = mapped_column(Text, default="")
