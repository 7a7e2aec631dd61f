"""The one owner of the review's shape in the store: the form read from a stored review,
and the form written back by reconciling rows by id.

Which columns the form maps to is derived from the `ReviewForm` declaration, never listed
by hand here: a field of the form is a column of the same name on `Review`, and an entry
field is a column of the same name on its row. Saving never deletes and re-creates a row:
it updates rows in place by id, inserts new ones and soft-deletes removed ones, so a
decision keeps its id, and the status the next review recorded against it, for ever.
Every change is returned as old and new values for the audit trail.
"""

from __future__ import annotations

import types
import typing
from collections.abc import Sequence
from dataclasses import dataclass, fields
from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from ..domain.review_form import HELD_STATUSES, ROW_LISTS, ReviewForm, is_blank
from ..store.models import Attendance, Decision, PlanArea, Review, live, new_id, utc_now

#: Columns of a review the service works out itself; the IRO never types them.
DERIVED_COLUMNS = frozenset({
    "child_id", "period_id", "iro_id", "number", "status", "due_date", "in_time",
    "finalised_at", "decisions_issued_on", "record_issued_on",
})
#: Form fields that are not columns of `review`: the status and the rows.
NOT_COLUMNS = frozenset({"held", "carried_forward", *ROW_LISTS})
#: The review's own columns, in the form's order.
SCALAR_FIELDS: tuple[str, ...] = tuple(
    f.name for f in fields(ReviewForm) if f.name not in NOT_COLUMNS
)
REMOVED = "Removed from the review"
Row = Attendance | PlanArea | Decision
Change = dict[str, Any]


@dataclass(frozen=True)
class RowShape:
    """A list of rows of a review: its form list, its table, and what identifies a row that
    arrives without an id (a draft from an older version, or a form built by a script)."""

    form_list: str
    model: type[Row]
    noun: str
    natural_key: tuple[str, ...]

    @property
    def entry(self) -> type[Any]:
        return ROW_LISTS[self.form_list]

    @property
    def values(self) -> tuple[str, ...]:
        return tuple(f.name for f in fields(self.entry) if f.name != "id")

    def key(self, item: object) -> tuple[Any, ...]:
        return tuple(getattr(item, name) for name in self.natural_key)


ROWS: tuple[RowShape, ...] = (
    RowShape("attendance", Attendance, "attendance", ("name", "role", "status")),
    RowShape("plan_areas", PlanArea, "plan_area", ("area",)),
    RowShape("decisions", Decision, "decision", ("text", "owner", "target_date")),
)


def form_from_review(review: Review) -> ReviewForm:
    """The form of a stored review (live rows only, in their order; carried decisions are
    added by the caller, who knows the previous review)."""
    hints = typing.get_type_hints(ReviewForm)
    values: dict[str, Any] = {
        name: _from_column(hints[name], getattr(review, name)) for name in SCALAR_FIELDS
    }
    for shape in ROWS:
        values[shape.form_list] = [
            shape.entry(**{n: getattr(row, n) for n in shape.values}, id=row.id)
            for row in sorted(live(getattr(review, shape.form_list)), key=_position)
        ]
    return ReviewForm(held=review.status in HELD_STATUSES, **values)


def apply_form(session: Session, review: Review, form: ReviewForm) -> list[Change]:
    """Write the form into the stored review by reconciling, and say what changed."""
    changes: list[Change] = []
    for name in SCALAR_FIELDS:
        before, after = getattr(review, name), _to_column(getattr(form, name))
        if before != after:
            changes.append({"field": name, "before": plain(before), "after": plain(after)})
            setattr(review, name, after)
    for shape in ROWS:
        entries = [e for e in getattr(form, shape.form_list) if not is_blank(e)]
        changes.extend(reconcile_rows(session, review, shape, entries))
    return changes


def set_derived(review: Review, **values: Any) -> list[Change]:
    """Set columns the service works out (number, due date, in time…), noting changes."""
    changes: list[Change] = []
    for name, after in values.items():
        assert name in DERIVED_COLUMNS, name
        before = getattr(review, name)
        if before != after:
            changes.append({"field": name, "before": plain(before), "after": plain(after)})
            setattr(review, name, after)
    return changes


def reconcile_rows(session: Session, review: Review, shape: RowShape,
                   entries: Sequence[Any]) -> list[Change]:
    """Update rows in place by id, insert new ones, soft-delete the ones no longer there."""
    rows: list[Row] = list(getattr(review, shape.form_list))
    chosen = _match(rows, shape, entries)
    taken = {row.id for row in chosen if row is not None}
    changes: list[Change] = []
    for position, (entry, row) in enumerate(zip(entries, chosen, strict=True)):
        values = {n: getattr(entry, n) for n in shape.values} | {"position": position}
        if row is None:
            row = shape.model(id=_fresh_id(session, shape, entry.id), **values)
            getattr(review, shape.form_list).append(row)
            taken.add(row.id)
            changes.append({"row": shape.noun, "id": row.id, "change": "added",
                            "after": _plain_values(values)})
            continue
        diff = {n: {"before": plain(getattr(row, n)), "after": plain(v)}
                for n, v in values.items() if getattr(row, n) != v}
        restored = row.deleted_at is not None
        if restored:
            row.deleted_at, row.deleted_reason = None, None
        for name in diff:
            setattr(row, name, values[name])
        if diff or restored:
            changes.append({"row": shape.noun, "id": row.id,
                            "change": "restored" if restored else "changed", "fields": diff})
    for row in live(rows):
        if row.id not in taken:
            row.deleted_at, row.deleted_reason = utc_now(), REMOVED
            changes.append({"row": shape.noun, "id": row.id, "change": "removed",
                            "before": _plain_values({n: getattr(row, n) for n in shape.values})})
    return changes


def _match(rows: list[Row], shape: RowShape, entries: Sequence[Any]) -> list[Row | None]:
    """Each entry's row: by id first (a removed row comes back), then, for an entry with no
    id, a live row with the same content that no other entry has claimed."""
    by_id = {row.id: row for row in rows}
    chosen: list[Row | None] = []
    taken: set[str] = set()
    for entry in entries:
        row = by_id.get(entry.id) if entry.id else None
        if row is not None and row.id not in taken:
            taken.add(row.id)
            chosen.append(row)
        else:
            chosen.append(None)
    for index, entry in enumerate(entries):
        if chosen[index] is not None or (entry.id and entry.id in by_id):
            continue
        key = shape.key(entry)
        row = next((r for r in live(rows) if r.id not in taken and shape.key(r) == key), None)
        if row is not None:
            taken.add(row.id)
            chosen[index] = row
    return chosen


def _position(row: Row) -> int:
    return row.position


def _fresh_id(session: Session, shape: RowShape, proposed: str) -> str:
    """Keep an id made elsewhere (another laptop, a draft) unless a row already has it."""
    if proposed and session.get(shape.model, proposed) is None:
        return proposed
    return new_id()


def _to_column(value: Any) -> Any:
    if isinstance(value, list):
        return [v.isoformat() if isinstance(v, date) else v for v in value]
    return value


def _from_column(hint: Any, value: Any) -> Any:
    if typing.get_origin(hint) is list and typing.get_args(hint) == (date,):
        return [date.fromisoformat(v) for v in value or [] if _is_iso(v)]
    if isinstance(hint, types.UnionType) and value is None:
        return None
    return value


def _is_iso(value: Any) -> bool:
    try:
        date.fromisoformat(value)
    except (TypeError, ValueError):
        return False
    return True


def plain(value: Any) -> Any:
    """A value as the audit trail keeps it (JSON)."""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list):
        return [plain(v) for v in value]
    return value


def _plain_values(values: dict[str, Any]) -> dict[str, Any]:
    return {k: plain(v) for k, v in values.items()}

