"""Autosaved drafts: unsaved editor content kept encrypted in the store until saved or discarded."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..store import Store
from ..store.models import Child, Draft


@dataclass(frozen=True)
class DraftInfo:
    id: str
    kind: str
    entity_id: str | None
    child_id: str | None
    child_name: str
    summary: str
    updated_at: datetime
    characters: int


def save_draft(
    store: Store,
    kind: str,
    entity_id: str | None,
    payload: dict[str, Any],
    *,
    child_id: str | None = None,
    summary: str = "",
) -> None:
    """Insert or replace the draft for (kind, entity) in one short transaction."""
    # ASCII escapes: a broken character pasted into a form cannot stop the draft being kept
    text = json.dumps(payload, ensure_ascii=True, separators=(",", ":"))
    with store.session() as session:
        draft = session.scalar(
            select(Draft).where(Draft.kind == kind, Draft.entity_id == entity_id)
        )
        if draft is None:
            session.add(
                Draft(
                    kind=kind,
                    entity_id=entity_id,
                    child_id=child_id,
                    summary=summary[:300],
                    payload=text,
                )
            )
        else:
            draft.payload = text
            draft.summary = summary[:300]


def load_draft(store: Store, kind: str, entity_id: str | None) -> dict[str, Any] | None:
    with store.read_session() as session:
        text = session.scalar(
            select(Draft.payload).where(Draft.kind == kind, Draft.entity_id == entity_id)
        )
    return None if text is None else dict(json.loads(text))


def discard_draft(store: Store, kind: str, entity_id: str | None) -> None:
    with store.session() as session:
        discard_draft_in(session, kind, entity_id)


def discard_draft_in(session: Session, kind: str, entity_id: str | None) -> None:
    """Drop the draft inside the unit of work that saved what it held."""
    for draft in session.scalars(
        select(Draft).where(Draft.kind == kind, Draft.entity_id == entity_id)
    ):
        session.delete(draft)


def list_drafts(store: Store) -> list[DraftInfo]:
    """Every draft left behind, newest first: what a start after a crash offers to recover."""
    with store.read_session() as session:
        rows = session.execute(
            select(Draft, Child.first_name, Child.preferred_name, Child.last_name)
            .outerjoin(Child, Child.id == Draft.child_id)
            .order_by(Draft.updated_at.desc())
        ).all()
        return [
            DraftInfo(
                id=draft.id,
                kind=draft.kind,
                entity_id=draft.entity_id,
                child_id=draft.child_id,
                child_name=f"{preferred or first} {last}".strip() if last else "",
                summary=draft.summary,
                updated_at=draft.updated_at,
                characters=len(draft.payload),
            )
            for draft, first, preferred, last in rows
        ]
