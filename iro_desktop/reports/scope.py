"""What a report covers: a date range and, optionally, one IRO or one team.

A review counts in the period by its meeting date; QA records by their own dates
(audit date, date raised, date recorded). "Team" is `Iro.team`, so a team report
covers the work of every IRO in that team.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Select,
    SQLColumnExpression,
    Table,
    and_,
    func,
    literal_column,
    select,
    true,
)
from sqlalchemy.orm import Session

from ..store.models import Base, Child, Iro, not_deleted
from .sql_dates import unindexed

__all__ = ["ReportScope", "ScopeError", "resolve_scope"]


class ScopeError(ValueError):
    """The scope asked for does not exist in the store (an unknown IRO or team)."""


@dataclass(frozen=True, slots=True)
class ReportScope:
    """A period (both dates inclusive) and an optional IRO id and/or team name."""

    date_from: date
    date_to: date
    iro_id: str | None = None
    team: str | None = None

    def __post_init__(self) -> None:
        if self.date_to < self.date_from:
            raise ScopeError(
                f"The period ends ({self.date_to.isoformat()}) before it starts "
                f"({self.date_from.isoformat()})."
            )

    def iro_filter(self, column: SQLColumnExpression[str | None]) -> ColumnElement[bool]:
        """Restrict rows whose IRO is `column` to this scope's IRO and/or team."""
        conditions: list[ColumnElement[bool]] = []
        if self.iro_id is not None:
            conditions.append(column == self.iro_id)
        if self.team is not None:
            conditions.append(column.in_(team_iro_ids(self.team)))
        return and_(true(), *conditions)

    def in_period(
        self, column: SQLColumnExpression[date | None], *, scan: bool = False
    ) -> ColumnElement[bool]:
        """Both ends inclusive; `scan` keeps SQLite off the column's index (see `unindexed`)."""
        value = unindexed(column) if scan else column
        return and_(value >= self.date_from, value <= self.date_to)

    def rows_in_period(
        self, model: type[Base], date_column: str, *, scan: bool
    ) -> ColumnElement[bool]:
        """The rows of `model` dated in the period, read in the cheapest order.

        With `scan` (a period covering most of the store) the table is read straight
        through. Otherwise the date's index finds the rows' rowids (an index-only search)
        and the rows are then read in rowid order, so each page is decrypted once, in
        file order, instead of once per row in date order.
        """
        table = model.__table__
        assert isinstance(table, Table)
        if scan:
            return self.in_period(table.c[date_column], scan=True)
        found = table.alias(f"{table.name}_in_period")
        rowids: Select[Any] = select(literal_column(f"{found.name}.rowid")).where(
            self.in_period(found.c[date_column])
        )
        return literal_column(f"{table.name}.rowid").in_(rowids)


def team_iro_ids(team: str) -> Select[str]:
    return select(Iro.id).where(Iro.team == team, not_deleted(Iro))


def live_child(column: SQLColumnExpression[str]) -> ColumnElement[bool]:
    """Leave out the records of soft-deleted children."""
    return column.not_in(select(Child.id).where(Child.deleted_at.is_not(None)))


def resolve_scope(
    session: Session,
    date_from: date,
    date_to: date,
    *,
    iro_name: str | None = None,
    team: str | None = None,
) -> ReportScope:
    """Turn the names a person types into a scope, with a plain message when one is unknown.

    IRO names match without regard to case or surrounding spaces.
    """
    iro_id: str | None = None
    if iro_name is not None:
        wanted = iro_name.strip().casefold()
        rows = session.execute(
            select(Iro.id, Iro.name).where(not_deleted(Iro)).order_by(Iro.name)
        ).all()
        matches = [row_id for row_id, name in rows if name.strip().casefold() == wanted]
        if not matches:
            known = ", ".join(name for _, name in rows) or "none"
            raise ScopeError(f"There is no IRO called {iro_name!r} in this store (IROs: {known}).")
        if len(matches) > 1:
            raise ScopeError(
                f"More than one IRO is called {iro_name!r}; rename one to tell them apart."
            )
        iro_id = matches[0]
    if team is not None:
        teams = session.scalars(
            select(func.distinct(Iro.team)).where(not_deleted(Iro)).order_by(Iro.team)
        ).all()
        if team not in teams:
            known = ", ".join(t for t in teams if t) or "none"
            raise ScopeError(f"There is no team called {team!r} in this store (teams: {known}).")
    return ReportScope(date_from, date_to, iro_id=iro_id, team=team)
