"""Fictional children with finalised reviews, made through the services, for the QA UI tests."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractSpinBox, QComboBox, QWidget

from iro_desktop.domain.child_rules import ChildDetails
from iro_desktop.domain.review_form import AttendanceEntry, DecisionEntry, ReviewForm
from iro_desktop.services import reviews
from iro_desktop.services.children import add_child
from iro_desktop.store import Store

TODAY = date(2026, 11, 26)
FIRST_HELD = date(2026, 1, 15)
SECOND_HELD = date(2026, 4, 10)


def today_fn(day: date = TODAY) -> Callable[[], date]:
    return lambda: day


def make_child(store: Store, local_id: str = "LA100001", first: str = "Tamsin",
               last: str = "Okonkwo-Reed", team: str = "Children in Care Team 2",
               worker: str = "Priya Sandhu") -> str:
    return add_child(store, ChildDetails(
        local_id=local_id, first_name=first, last_name=last, date_of_birth=date(2012, 6, 1),
        looked_after_from=date(2025, 12, 18), legal_status="C2", placement_type="U4",
        category_of_need="N1", social_worker=worker, social_worker_team=team), TODAY)


def _complete(form: ReviewForm, when: date, next_review: date) -> ReviewForm:
    form.held = True
    form.meeting_date = when
    form.venue = "Carer's home"
    form.participation_code = "PN1"
    form.care_plan_3_days = True
    form.pmr_3_days = True
    form.attendance = [AttendanceEntry("Priya Sandhu", "social_worker", "attended")]
    form.young_person_views = "I want to stay at my school."
    form.decisions = [DecisionEntry("Arrange dental check", "Social worker",
                                    date(when.year, when.month + 1, 1))]
    for area in form.plan_areas:
        if area.area == "permanence":
            area.notes = "Long-term fostering with current carers."
            area.progress = "progressing"
    for carried in form.carried_forward:
        carried.status = "done"
    form.next_review_date = next_review
    return form


def finalised_review(store: Store, child_id: str, held: date, next_review: date) -> str:
    review_id = reviews.start_review(store, child_id, TODAY)
    form = _complete(reviews.load_review_form(store, review_id), held, next_review)
    reviews.finalise_review(store, review_id, form, TODAY)
    return review_id


def child_with_two_reviews(store: Store, **child: str) -> tuple[str, str, str]:
    """A child whose first and second reviews (15 January, 10 April 2026) are finalised."""
    child_id = make_child(store, **child)
    first = finalised_review(store, child_id, FIRST_HELD, date(2026, 4, 15))
    second = finalised_review(store, child_id, SECOND_HELD, date(2026, 10, 9))
    return child_id, first, second


def choose(combo: QComboBox, code: str) -> None:
    """Pick the item whose data is ``code``, as a keyboard user would land on it."""
    index = combo.findData(code)
    assert index >= 0, f"{code} is not offered"
    combo.setFocus()
    combo.setCurrentIndex(index)


def unnamed_focusable(root: QWidget) -> list[str]:
    """Focusable, visible widgets without an accessible name (the parts of a spin box or
    combo box are named through their owner)."""
    missing = []
    for widget in root.findChildren(QWidget):
        if widget.focusPolicy() == Qt.FocusPolicy.NoFocus or not widget.isVisibleTo(root):
            continue
        parent = widget.parentWidget()
        if isinstance(parent, (QAbstractSpinBox, QComboBox)):
            continue
        if not widget.accessibleName():
            missing.append(f"{type(widget).__name__} {widget.objectName()!r}")
    return missing
