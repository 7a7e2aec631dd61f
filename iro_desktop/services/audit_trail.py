"""Writing the audit trail: every change and export a person makes, inside the same transaction."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..store.models import AuditEvent, Iro


def current_actor(session: Session) -> str:
    """The name of the IRO using this store, for the audit trail."""
    name = session.scalar(select(Iro.name).where(Iro.is_current_user.is_(True)).limit(1))
    return name or "IRO Desktop user"


def record_event(
    session: Session,
    action: str,
    *,
    entity_type: str = "",
    entity_id: str = "",
    child_id: str | None = None,
    detail: dict[str, Any] | None = None,
    actor: str | None = None,
) -> AuditEvent:
    event = AuditEvent(
        actor=actor or current_actor(session),
        action=action,
        entity_type=entity_type,
        entity_id=entity_id,
        child_id=child_id,
        detail=detail or {},
    )
    session.add(event)
    return event
