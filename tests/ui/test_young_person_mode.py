"""Young person mode driven through its real widgets: answering, skipping, declining, the
own words, leaving only with the passphrase, and the answers reaching the store and the
IRO's consultation panel."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QDialog,
    QLineEdit,
    QMainWindow,
    QPlainTextEdit,
    QWidget,
)

from iro_desktop.domain.child_rules import ChildDetails
from iro_desktop.domain.consultation_forms import Answer
from iro_desktop.services import consultations as cs
from iro_desktop.services import reviews
from iro_desktop.services.children import add_child
from iro_desktop.services.profile import IroDetails, set_iro_details
from iro_desktop.services.unlock_policy import UnlockThrottle
from iro_desktop.store import Store
from ui.consultation.consultation_panel import ConsultationPanel
from ui.consultation.consultation_pictures import PictureButton
from ui.consultation.consultation_screens import QuestionScreen
from ui.consultation.young_person_mode import YoungPersonMode

from ..conftest import PASSPHRASE

TODAY = date(2026, 11, 26)
Opener = Callable[..., YoungPersonMode]


def _child(store: Store, born: date = date(2014, 5, 17), local_id: str = "LA1") -> str:
    return add_child(store, ChildDetails(
        local_id=local_id, first_name="Amelia", last_name="Brown", date_of_birth=born,
        looked_after_from=date(2026, 9, 1), legal_status="C2", placement_type="U4",
        category_of_need="N1", social_worker="Sam Worker", social_worker_team="Team 1"), TODAY)


@pytest.fixture
def main_window(qtbot: Any) -> QMainWindow:
    window = QMainWindow()
    window.setWindowTitle("Caseload")
    qtbot.addWidget(window)
    window.show()
    return window


@pytest.fixture
def open_mode(qtbot: Any, store: Store, throttle: UnlockThrottle) -> Iterator[Opener]:
    set_iro_details(store, IroDetails(name="Jo Chair"))
    opened: list[YoungPersonMode] = []

    def opener(child_id: str) -> YoungPersonMode:
        view = cs.start_consultation(store, child_id, TODAY)
        mode = YoungPersonMode(store, view, today=lambda: TODAY, throttle=throttle,
                               autosave_debounce_ms=30, autosave_max_ms=200)
        opened.append(mode)
        mode.resize(1280, 800)
        mode.start(full_screen=False)
        qtbot.waitExposed(mode)
        return mode

    yield opener
    for mode in opened:
        mode.autosaver.stop()
        mode.guard.release()
        mode._may_close = True
        mode.close()
        mode.deleteLater()


def screen(mode: YoungPersonMode) -> QuestionScreen:
    current = mode.current_question()
    assert current is not None
    return current


def click(qtbot: Any, button: QAbstractButton) -> None:
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def goto(qtbot: Any, mode: YoungPersonMode, question_id: str) -> QuestionScreen:
    for _ in range(len(mode.questions) + 1):
        current = mode.current_question()
        if current is not None and current.question.id == question_id:
            return current
        click(qtbot, mode.next_button)
    raise AssertionError(question_id)


def leave(qtbot: Any, mode: YoungPersonMode, passphrase: str) -> None:
    if mode.pages.currentIndex() != 1:
        click(qtbot, mode.iro_button)
    qtbot.keyClicks(mode.exit_panel.passphrase, passphrase)
    click(qtbot, mode.exit_panel.leave_button)


def test_complete_a_consultation_and_leave_only_with_the_passphrase(
    qtbot: Any, store: Store, open_mode: Opener, main_window: QMainWindow,
    throttle: UnlockThrottle,
) -> None:
    child_id = _child(store)
    review_id = reviews.start_review(store, child_id, TODAY)
    mode = open_mode(child_id)
    assert not main_window.isVisible(), "nothing of the caseload may show"
    assert mode.welcome.heading.text() == "Hi Amelia"

    click(qtbot, mode.next_button)                                   # Start
    assert screen(mode).question.id == "feel_safe"
    click(qtbot, screen(mode).choices["never"])
    assert mode.next_button.text() == "Next"
    click(qtbot, mode.next_button)

    happy = screen(mode)                                             # by keyboard
    assert happy.question.id == "happy_at_home"
    qtbot.keyClick(happy.choices["always"], Qt.Key.Key_Down)
    qtbot.keyClick(happy.choices["usually"], Qt.Key.Key_Space)
    assert happy.answer() == Answer(("usually",))
    qtbot.keyClick(happy.choices["usually"], Qt.Key.Key_Right)
    assert screen(mode).question.id == "happy_at_school"
    qtbot.keyClick(screen(mode).choices["always"], Qt.Key.Key_Left)  # back and forth
    assert screen(mode) is happy and happy.answer() == Answer(("usually",))
    qtbot.keyClick(happy.choices["usually"], Qt.Key.Key_Return)

    assert mode.next_button.text() == "Skip this question"           # skipped
    click(qtbot, mode.next_button)
    family = screen(mode)
    assert family.question.id == "see_family"
    click(qtbot, family.choices["want_more"])
    click(qtbot, family.decline)                                     # changed their mind
    assert family.answer() == Answer(declined=True)
    assert not family.choices["want_more"].isChecked()

    complain = goto(qtbot, mode, "know_how_to_complain")
    qtbot.keyClick(complain.choices["yes"], Qt.Key.Key_Return)       # Enter picks and moves on
    assert complain.answer() == Answer(("yes",))
    who = goto(qtbot, mode, "who_at_review")
    click(qtbot, who.choices["me"])
    click(qtbot, who.choices["carer"])
    qtbot.keyClicks(who.other, "My nan")
    where = goto(qtbot, mode, "where_review")
    click(qtbot, where.choices["school"])
    click(qtbot, where.choices["not_at_school"])                     # one choice only
    assert where.answer() == Answer(("not_at_school",))
    words = goto(qtbot, mode, "own_words")
    qtbot.keyClicks(words.words, "I want to stay at my school.")
    assert mode.next_button.text() == "Finish"
    with qtbot.waitSignal(mode.completed, timeout=10_000) as finished:
        click(qtbot, mode.next_button)
    assert len(finished.args[0]) == 1
    assert mode.screens.currentWidget() is mode.thanks
    assert "Jo Chair" in mode.thanks.text.text()

    # The child cannot leave: close, Esc and a window-manager close are all refused.
    mode.close()
    qtbot.keyClick(mode, Qt.Key.Key_Escape)
    event = QCloseEvent()
    QApplication.sendEvent(mode, event)
    assert not event.isAccepted()
    assert mode.isVisible() and not main_window.isVisible()
    dialog = QDialog(main_window)                                   # nothing else may appear
    dialog.show()
    qtbot.waitUntil(lambda: not dialog.isVisible())

    leave(qtbot, mode, "not the passphrase")                        # wrong: refused
    qtbot.waitUntil(lambda: mode.exit_panel.message.isVisible())
    assert "not right" in mode.exit_panel.message.text()
    assert mode.isVisible() and throttle.failure_count() == 1
    with qtbot.waitSignal(mode.left, timeout=10_000) as left:
        leave(qtbot, mode, PASSPHRASE)
    assert left.args == [mode.consultation.id, True]
    assert not mode.isVisible() and main_window.isVisible()
    assert throttle.failure_count() == 0

    view = cs.consultation_for_review(store, review_id)
    assert view is not None and view.status == "completed"
    assert view.answers == {
        "feel_safe": Answer(("never",)),
        "happy_at_home": Answer(("usually",)),
        "see_family": Answer(declined=True),
        "know_how_to_complain": Answer(("yes",)),
        "who_at_review": Answer(("me", "carer"), "My nan"),
        "where_review": Answer(("not_at_school",)),
        "own_words": Answer(text="I want to stay at my school."),
    }
    assert [f.kind for f in cs.open_flags(store, child_id)] == ["feels_unsafe"]

    panel = ConsultationPanel()
    qtbot.addWidget(panel)
    panel.show_consultation(view)
    rows = dict(panel.answer_rows())
    assert rows["Feels safe where they live"] == "Never"
    assert rows["Happy at school"] == "Skipped"
    assert rows["Time with family"] == "Did not want to answer"
    assert rows["Who they want at the review"] == "Me; My carer; “My nan”"
    assert panel.words.text() == "I want to stay at my school."
    assert "does not always feel safe" in panel.follow_up.text()
    with qtbot.waitSignal(panel.use_words) as used:
        click(qtbot, panel.use_button)
    assert used.args == ["I want to stay at my school."]


def test_answers_are_autosaved_and_kept_when_the_iro_leaves_early(
    qtbot: Any, store: Store, open_mode: Opener, main_window: QMainWindow,
) -> None:
    child_id = _child(store)
    mode = open_mode(child_id)
    click(qtbot, mode.next_button)
    click(qtbot, screen(mode).choices["sometimes"])
    qtbot.waitUntil(lambda: mode.autosaver.writes >= 1, timeout=5_000)
    saved = cs.consultation_for_child(store, child_id)
    assert saved is not None and saved.answers == {"feel_safe": Answer(("sometimes",))}
    click(qtbot, mode.next_button)
    click(qtbot, screen(mode).choices["always"])                     # not yet autosaved
    with qtbot.waitSignal(mode.left, timeout=10_000) as left:
        leave(qtbot, mode, PASSPHRASE)
    assert left.args == [saved.id, False] and main_window.isVisible()
    kept = cs.consultation_for_child(store, child_id)
    assert kept is not None and kept.status == "in_progress"
    assert kept.answers["happy_at_home"] == Answer(("always",))
    assert cs.open_flags(store) == [], "no flag until the child finishes"

    again = open_mode(child_id)                                      # carries on where it was
    assert again.consultation.id == saved.id
    assert again.questions[0].choices["sometimes"].isChecked()


def test_the_exit_is_throttled_after_repeated_wrong_guesses(
    qtbot: Any, store: Store, open_mode: Opener, throttle: UnlockThrottle,
) -> None:
    mode = open_mode(_child(store))
    for _ in range(5):
        throttle.record_failure()
    leave(qtbot, mode, "a wrong passphrase")
    qtbot.waitUntil(lambda: not mode.exit_panel.leave_button.isEnabled())
    assert "Too many attempts" in mode.exit_panel.message.text()
    assert mode.isVisible()
    click(qtbot, mode.exit_panel.back_button)
    assert mode.pages.currentIndex() == 0


def test_the_youngest_children_answer_with_faces(
    qtbot: Any, store: Store, open_mode: Opener,
) -> None:
    mode = open_mode(_child(store, date(2021, 3, 14)))
    assert mode.form.age_band == "4-6"
    click(qtbot, mode.next_button)
    faces = screen(mode).choices
    assert all(isinstance(b, PictureButton) for b in faces.values())
    assert [b.accessibleName() for b in faces.values()] == ["Always", "Mostly", "Sometimes",
                                                            "Never"]
    assert [b.picture for b in faces.values()] == ["happy", "ok", "sad", "very_sad"]
    assert screen(mode).decline.text() == "I don't want to say"
    qtbot.keyClick(faces["always"], Qt.Key.Key_Return)
    assert mode.questions[0].answer() == Answer(("always",))
    assert screen(mode).question.id == "happy_at_home"


def _controls(root: QWidget) -> list[QWidget]:
    kinds = (QAbstractButton, QLineEdit, QPlainTextEdit)
    return [w for w in root.findChildren(QWidget) if isinstance(w, kinds)]


@pytest.mark.parametrize("born", [date(2021, 3, 14), date(2014, 5, 17), date(2009, 1, 1)])
def test_every_control_is_named_large_and_easy_to_touch(
    qtbot: Any, store: Store, open_mode: Opener, born: date,
) -> None:
    mode = open_mode(_child(store, born))
    for control in _controls(mode):
        assert control.accessibleName(), f"{type(control).__name__} {control.objectName()}"
    assert mode.dots.accessibleName()
    child_controls = [mode.back_button, mode.next_button]
    for question in mode.questions:
        child_controls += [*question.choices.values(), question.decline]
        assert question.title.font().pointSizeF() >= 20
    for index in range(len(mode.questions) + 2):
        mode.show_screen(index)
        for control in child_controls:
            if control.isVisible():
                assert control.font().pointSizeF() >= 20, control.accessibleName()
                assert control.height() >= 64, control.accessibleName()
    panel = ConsultationPanel()
    qtbot.addWidget(panel)
    for control in _controls(panel):
        assert control.accessibleName()


def test_open_young_person_mode_for_a_child_from_the_caseload(
    qtbot: Any, store: Store, main_window: QMainWindow, throttle: UnlockThrottle,
) -> None:
    from ui.consultation.young_person_mode import open_young_person_mode

    child_id = _child(store)
    opened: list[YoungPersonMode] = []
    open_young_person_mode(store, child_id, lambda: TODAY, on_open=opened.append,
                           on_error=pytest.fail, throttle=throttle, full_screen=False)
    qtbot.waitUntil(lambda: bool(opened))
    mode = opened[0]
    assert mode.isVisible() and not main_window.isVisible()
    assert mode.windowTitle() == "Your views", "no child's name in the task switcher"
    release = mode.guard.release
    visible_at_release: list[bool] = []

    def recording_release() -> None:
        visible_at_release.append(mode.isVisible())
        release()

    mode.guard.release = recording_release  # type: ignore[method-assign]
    with qtbot.waitSignal(mode.left, timeout=10_000):
        leave(qtbot, mode, PASSPHRASE)
    assert main_window.isVisible() and not mode.guard.engaged
    assert visible_at_release == [True], "the caseload returns before this window closes, " \
        "so the application never has no window (which would quit it)"


def test_the_form_never_asks_for_more_than_the_screen_has(
        open_mode: Opener, store: Store) -> None:
    """A 1366×768 laptop at 125 % has 1093×582 to give: the form fits, and its questions
    scroll instead of pushing Next off the screen."""
    from PySide6.QtCore import QRect, QSize
    from PySide6.QtWidgets import QScrollArea

    from ui.consultation.young_person_mode import fitting_minimum

    class SmallLaptop:
        def availableGeometry(self) -> QRect:  # noqa: N802 - Qt's name
            return QRect(0, 0, 1093, 582)

    assert fitting_minimum(QSize(1024, 700), SmallLaptop()) == QSize(1024, 582)  # type: ignore[arg-type]
    assert fitting_minimum(QSize(1024, 700), None) == QSize(1024, 700)
    mode = open_mode(_child(store))
    available = mode.screen().availableGeometry().size()
    assert mode.minimumWidth() <= available.width()
    assert mode.minimumHeight() <= available.height()
    assert isinstance(mode.screens.parentWidget().parentWidget(), QScrollArea)
