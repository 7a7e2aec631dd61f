"""The store's last line of defence for text: nothing that a document or export cannot
carry (control characters, NUL, a lone surrogate) is ever written, whatever path it came
by. Forms and imports check the same rule first and name the field; this catches the rest.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import event, inspect
from sqlalchemy.orm import Session, sessionmaker

from ..domain.text_rules import illegal_character
from ..domain.validation import FieldError, ValidationError

#: Columns that hold machine text (JSON payloads of drafts, audit details) are not checked.
_EXEMPT = frozenset({("draft", "payload")})


def _check(session: Session, _context: Any, _instances: Any) -> None:
    problems: list[FieldError] = []
    for obj in (*session.new, *session.dirty):
        state = inspect(obj)
        table = getattr(obj, "__tablename__", "")
        for attr in state.mapper.column_attrs:
            if (table, attr.key) in _EXEMPT:
                continue
            if not state.pending and not state.attrs[attr.key].history.has_changes():
                continue  # text kept from before is not this write's to refuse
            value = getattr(obj, attr.key, None)
            if isinstance(value, str):
                bad = illegal_character(value)
                if bad is not None:
                    problems.append(FieldError(
                        attr.key, f"The {attr.key.replace('_', ' ')} contains {bad}: retype "
                                  "it or paste it as plain text. Nothing was saved."))
    if problems:
        raise ValidationError(problems)


def install(sessions: sessionmaker[Session]) -> None:
    """Check every flush of the sessions a store hands out."""
    event.listen(sessions, "before_flush", _check)
