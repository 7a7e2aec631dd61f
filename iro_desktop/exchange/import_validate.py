"""The checks across rows and against the store: duplicates, references, dates in order.

``validate_rows`` sees the file's good rows and a plain summary of what the store already
holds for the children the file names (``StoreChild``), so it needs no database and every
rule can be tested on its own. It returns every problem it finds, never just the first.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from dataclasses import dataclass, field
from datetime import date

from ..domain.child_rules import age_on
from ..domain.timetable import format_date
from .import_result import ImportProblem
from .import_rows import ImportRows

__all__ = ["StoreChild", "validate_rows"]


@dataclass
class StoreChild:
    """What the store holds for one child ID: enough to check references and dates."""

    local_id: str
    date_of_birth: date
    deleted: bool = False
    periods: list[tuple[date, date | None]] = field(default_factory=list)
    review_dates: set[date] = field(default_factory=set)


@dataclass
class _Child:
    date_of_birth: date
    periods: dict[date, tuple[date | None, int | None]]  # start -> (end, file row or None)
    review_dates: set[date]


class _Checker:
    def __init__(self, rows: ImportRows, store: dict[str, StoreChild], today: date) -> None:
        self.rows, self.store, self.today = rows, store, today
        self.problems: list[ImportProblem] = []
        self.children = self._merge()

    def add(self, sheet: str, row: int, column: str, reason: str) -> None:
        self.problems.append(ImportProblem(sheet, row, column, reason))

    def _merge(self) -> dict[str, _Child]:
        """Each child's date of birth, periods and review dates: the file's over the store's."""
        merged: dict[str, _Child] = {}
        for known in self.store.values():
            if not known.deleted:
                merged[known.local_id] = _Child(
                    known.date_of_birth, {start: (end, None) for start, end in known.periods},
                    set(known.review_dates))
        for child in self.rows.children:
            if child.local_id in merged:
                merged[child.local_id].date_of_birth = child.date_of_birth
            elif not self.deleted(child.local_id):
                merged[child.local_id] = _Child(child.date_of_birth, {}, set())
        for period in self.rows.periods:
            if period.child_id in merged:
                merged[period.child_id].periods[period.start_date] = (period.end_date, period.row)
        for review in self.rows.reviews:
            if review.child_id in merged:
                merged[review.child_id].review_dates.add(review.review_date)
        return merged

    def deleted(self, local_id: str) -> bool:
        known = self.store.get(local_id)
        return known is not None and known.deleted

    def child(self, sheet: str, row: int, local_id: str) -> _Child | None:
        found = self.children.get(local_id)
        if found is None:
            if self.deleted(local_id):
                reason = (f"The child with ID {local_id} was removed from this store; restore "
                          "the record before importing rows for them.")
            else:
                reason = (f"There is no child with ID {local_id} in the children sheet or in "
                          "the store.")
            self.add(sheet, row, "child_id", reason)
        return found

    def duplicates(self, sheet: str, keyed: Iterable[tuple[int, Hashable]], column: str,
                   what: str) -> None:
        first_row: dict[Hashable, int] = {}
        for row, key in keyed:
            if key in first_row:
                self.add(sheet, row, column, f"{what} is also on row {first_row[key]}; each "
                         "record may appear only once.")
            else:
                first_row[key] = row

    def not_future(self, sheet: str, row: int, column: str, value: date | None) -> None:
        if value is not None and value > self.today:
            self.add(sheet, row, column, f"{column} {format_date(value)} is in the future.")

    def not_before(self, sheet: str, row: int, column: str, value: date | None, earliest: date,
                   what: str) -> None:
        if value is not None and value < earliest:
            self.add(sheet, row, column,
                     f"{column} {format_date(value)} is before {what} ({format_date(earliest)}).")

    def after_birth(self, sheet: str, row: int, column: str, value: date | None,
                    child: _Child) -> None:
        self.not_before(sheet, row, column, value, child.date_of_birth, "the date of birth")


def validate_rows(
    rows: ImportRows, store: dict[str, StoreChild], today: date
) -> list[ImportProblem]:
    """Every problem across rows; ``store`` holds the children of the file found in the store."""
    check = _Checker(rows, store, today)
    _children(check)
    _periods(check)
    _reviews(check)
    _audits(check)
    _challenges(check)
    _good_practice(check)
    return check.problems


def _children(check: _Checker) -> None:
    rows = check.rows.children
    check.duplicates("children", ((c.row, c.local_id) for c in rows), "local_id",
                     "This child ID")
    for child in rows:
        check.not_future("children", child.row, "date_of_birth", child.date_of_birth)
        if check.deleted(child.local_id):
            check.add("children", child.row, "local_id", f"The child with ID {child.local_id} "
                      "was removed from this store; restore the record before importing it.")


def _periods(check: _Checker) -> None:
    rows = check.rows.periods
    check.duplicates("periods", ((p.row, (p.child_id, p.start_date)) for p in rows),
                     "start_date", "This child's period of care starting on this date")
    for period in rows:
        sheet, row = "periods", period.row
        check.not_future(sheet, row, "start_date", period.start_date)
        check.not_future(sheet, row, "end_date", period.end_date)
        check.not_before(sheet, row, "end_date", period.end_date, period.start_date,
                         "the start_date")
        if period.end_date is not None and period.reason_ceased is None:
            check.add(sheet, row, "reason_ceased", "The period has an end_date, so give the "
                      "reason it ended (reason_ceased).")
        if period.end_date is None and period.reason_ceased is not None:
            check.add(sheet, row, "end_date", "There is a reason_ceased but no end_date.")
        child = check.child(sheet, row, period.child_id)
        if child is not None:
            check.after_birth(sheet, row, "start_date", period.start_date, child)
    for child in check.children.values():
        _overlaps(check, child)


def _overlaps(check: _Checker, child: _Child) -> None:
    ordered = sorted(child.periods.items())
    for (start, (end, first_row)), (next_start, (_, next_row)) in zip(ordered, ordered[1:],
                                                                     strict=False):
        if end is not None and end <= next_start:
            continue
        row = next_row if next_row is not None else first_row
        if row is None:
            continue
        until = "has not ended" if end is None else f"ends on {format_date(end)}"
        check.add("periods", row, "start_date",
                  f"Periods of care overlap: the one starting on {format_date(start)} {until}, "
                  f"after the next one starts on {format_date(next_start)}.")


def _in_period(child: _Child, on: date) -> bool:
    return any(start <= on and (end is None or on <= end)
               for start, (end, _) in child.periods.items())


def _reviews(check: _Checker) -> None:
    rows = check.rows.reviews
    check.duplicates("reviews", ((r.row, (r.child_id, r.review_date)) for r in rows),
                     "review_date", "A review of this child on this date")
    for review in rows:
        sheet, row, held = "reviews", review.row, review.review_date
        check.not_future(sheet, row, "review_date", held)
        if review.due_date is not None and review.in_time is not None:
            late = held > review.due_date
            if review.in_time == late:
                check.add(sheet, row, "in_time", f"in_time says {'yes' if review.in_time else 'no'}"
                          f" but the review was held {'after' if late else 'on or before'} its "
                          f"due_date ({format_date(review.due_date)}).")
        child = check.child(sheet, row, review.child_id)
        if child is None:
            continue
        check.after_birth(sheet, row, "review_date", held, child)
        if held >= child.date_of_birth and not _in_period(child, held):
            check.add(sheet, row, "review_date", f"The child was not looked after on "
                      f"{format_date(held)}: no period of care in the periods sheet or the "
                      "store covers this date.")
        code = review.participation_code
        if code is not None and held >= child.date_of_birth:
            under_4 = age_on(child.date_of_birth, held) < 4
            if under_4 and code != "PN0":
                check.add(sheet, row, "participation_code", f"The child was under 4 on the "
                          f"review date, so the code is PN0, not {code}.")
            if not under_4 and code == "PN0":
                check.add(sheet, row, "participation_code", "PN0 is only for a child under 4 "
                          "on the review date; this child was older.")


def _audits(check: _Checker) -> None:
    rows = check.rows.audits
    check.duplicates("audits", ((a.row, (a.child_id, a.review_date)) for a in rows),
                     "review_date", "An audit of this child's review on this date")
    for audit in rows:
        sheet, row = "audits", audit.row
        check.not_future(sheet, row, "audit_date", audit.audit_date)
        check.not_before(sheet, row, "audit_date", audit.audit_date, audit.review_date,
                         "the review it audits")
        child = check.child(sheet, row, audit.child_id)
        if child is not None and audit.review_date not in child.review_dates:
            check.add(sheet, row, "review_date", f"There is no review of child "
                      f"{audit.child_id} on {format_date(audit.review_date)} in the reviews "
                      "sheet or in the store.")


def _challenges(check: _Checker) -> None:
    rows = check.rows.challenges
    check.duplicates("challenges", ((c.row, (c.child_id, c.raised_date, c.categories[0]))
                                    for c in rows if c.categories),
                     "raised_date", "A challenge of this child raised on this date with this "
                     "first category")
    for challenge in rows:
        sheet, row, raised = "challenges", challenge.row, challenge.raised_date
        check.not_future(sheet, row, "raised_date", raised)
        previous = raised
        for stage, started in challenge.stages:
            check.not_future(sheet, row, "stages", started)
            if started < previous:
                check.add(sheet, row, "stages", f"The stage {stage} starts on "
                          f"{format_date(started)}, before {format_date(previous)}: list the "
                          "stages in order, none before the raised_date.")
            previous = max(previous, started)
        if challenge.closed_date is not None:
            check.not_future(sheet, row, "closed_date", challenge.closed_date)
            check.not_before(sheet, row, "closed_date", challenge.closed_date, previous,
                             "the challenge was raised or its last stage began")
            if challenge.outcome is None:
                check.add(sheet, row, "outcome", "The challenge has a closed_date, so give its "
                          "outcome.")
        child = check.child(sheet, row, challenge.child_id)
        if child is not None:
            check.after_birth(sheet, row, "raised_date", raised, child)


def _good_practice(check: _Checker) -> None:
    rows = check.rows.good_practice
    check.duplicates("good_practice",
                     ((g.row, (g.child_id, g.recorded_on, g.social_worker.casefold()))
                      for g in rows),
                     "social_worker", "Good practice by this worker for this child on this date")
    for entry in rows:
        check.not_future("good_practice", entry.row, "date", entry.recorded_on)
        child = check.child("good_practice", entry.row, entry.child_id)
        if child is not None:
            check.after_birth("good_practice", entry.row, "date", entry.recorded_on, child)
