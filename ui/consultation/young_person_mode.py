"""Young person mode: the child answers the consultation form on the IRO's laptop.

A separate full-screen window with large type and large targets, one question a screen,
Back and Next (and the keyboard: arrows, Enter, Tab, Space). While it is open every other
window of the application is hidden (see `young_person_guard.py`), so nothing of the
caseload can be seen or reached. Leaving needs the IRO's passphrase; Esc, Alt+F4 and the
window's close button do nothing. Answers are autosaved as in the review editor.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QObject, QSize, Qt, Signal
from PySide6.QtGui import (
    QAccessible,
    QAccessibleAnnouncementEvent,
    QCloseEvent,
    QKeyEvent,
    QScreen,
)
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from iro_desktop.domain.consultation_forms import (
    Answer,
    answers_from_json,
    answers_to_json,
    fill,
    load_form,
)
from iro_desktop.services.consultations import (
    ConsultationView,
    complete_consultation,
    save_answers,
    start_consultation,
)
from iro_desktop.services.unlock_policy import UnlockThrottle
from iro_desktop.store import Store
from ui.common.autosave import Autosaver, Snapshot
from ui.common.error_message import log_problem
from ui.common.palettes import make_palette
from ui.common.widgets_common import InlineMessage
from ui.common.workers import run_task
from ui.consultation.consultation_pictures import KidButton
from ui.consultation.consultation_screens import STYLE, MessageScreen, ProgressDots, QuestionScreen
from ui.consultation.young_person_exit import IroExitPanel
from ui.consultation.young_person_guard import WindowGuard

WINDOW_TITLE = "Your views"
_open_modes: set[YoungPersonMode] = set()


def fitting_minimum(wanted: QSize, screen: QScreen | None) -> QSize:
    """The size the form needs, but never more than the screen has: on a 1366×768 laptop
    at 125 % only 1093×582 is there, and a window larger than that hides its buttons."""
    if screen is None:
        return wanted
    return wanted.boundedTo(screen.availableGeometry().size())


class _QuestionsArea(QScrollArea):
    """Scrolls, but leaves the arrow keys and Enter to the form, which uses them to move
    between questions (the area would otherwise take them to scroll)."""

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt override
        event.ignore()


def _scrolling(screens: QWidget) -> QScrollArea:
    """The questions scroll on a small screen, so Next and Back are never pushed off it."""
    area = _QuestionsArea()
    area.setWidget(screens)
    screens.setAutoFillBackground(False)  # setWidget turns it on: the form's own colour shows
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    area.setAccessibleName("Questions")
    area.viewport().setObjectName("questionsViewport")
    area.setStyleSheet("QScrollArea, #questionsViewport { background: transparent; }")
    return area


class YoungPersonMode(QWidget):
    """`start()` shows it (full screen) and hides the rest; `left` once the IRO has left."""

    #: consultation id, and whether the child finished the form
    left = Signal(str, bool)
    #: the ids of the follow-up flags the answers raised
    completed = Signal(list)

    def __init__(self, store: Store, consultation: ConsultationView, *,
                 today: Callable[[], date] = date.today, throttle: UnlockThrottle | None = None,
                 autosave_debounce_ms: int | None = None, autosave_max_ms: int | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.store, self.consultation, self.today = store, consultation, today
        self.form = load_form(consultation.age_band)
        self.is_completed = consultation.is_completed
        self._may_close = False
        self._busy = False
        self._after_idle: Callable[[], None] | None = None
        self._throttle = throttle
        self.setObjectName("youngPersonMode")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setWindowTitle(WINDOW_TITLE)
        self.setAccessibleName("Your views: questions before your review")
        self.setPalette(make_palette("light"))  # its own bright look, whatever the system's
        self.setStyleSheet(STYLE)
        self.setMinimumSize(fitting_minimum(QSize(1024, 700), self.screen()))
        self._build()
        for screen in self.questions:
            screen.set_answer(consultation.answers.get(screen.question.id))
        self.autosaver = Autosaver(self._snapshot, self._write, debounce_ms=autosave_debounce_ms,
                                   max_interval_ms=autosave_max_ms, parent=self)
        self.autosaver.mark_written(self._snapshot().text)
        self.autosaver.idle.connect(self._autosave_idle)
        self.guard = WindowGuard(self)
        self._connect()
        self.show_screen(len(self.questions) + 1 if self.is_completed else 0)

    # -- building ---------------------------------------------------------------------------

    def _build(self) -> None:
        labels, name = self.form.labels, self.consultation.child_name
        iro = self.consultation.iro_name
        self.title = QLabel(self.form.title)
        self.title.setObjectName("formTitle")
        self.title.setAccessibleName(self.form.title)
        self.iro_button = KidButton(labels["iro_only"])
        self.iro_button.setObjectName("iroOnly")
        self.iro_button.setMinimumHeight(32)
        self.iro_button.setAutoDefault(False)
        self.iro_button.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self.iro_button.setAccessibleName("IRO only: leave young person mode")
        top = QHBoxLayout()
        top.addWidget(self.title, 1)
        top.addWidget(self.iro_button, 0, Qt.AlignmentFlag.AlignTop)

        self.welcome = MessageScreen(fill(self.form.welcome_heading, name, iro),
                                     fill(self.form.welcome_text, name, iro))
        self.questions = [QuestionScreen(q, labels["decline"], self.form.pictures)
                          for q in self.form.questions]
        self.thanks = MessageScreen(fill(self.form.thank_you_heading, name, iro),
                                    fill(self.form.thank_you_text, name, iro))
        self.screens = QStackedWidget()
        for screen in (self.welcome, *self.questions, self.thanks):
            self.screens.addWidget(screen)

        self.back_button = KidButton(labels["back"])
        self.back_button.setObjectName("back")
        self.next_button = KidButton(labels["next"])
        self.next_button.setObjectName("next")
        self.dots = ProgressDots(len(self.questions))
        for widget in (self.back_button, self.dots, self.next_button):
            policy = widget.sizePolicy()
            policy.setRetainSizeWhenHidden(True)
            widget.setSizePolicy(policy)
        self.counter = QLabel()
        self.counter.setObjectName("hint")
        self.counter.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.counter.setAccessibleName("Question number")
        progress = QVBoxLayout()
        progress.setSpacing(2)
        progress.addWidget(self.dots, 0, Qt.AlignmentFlag.AlignHCenter)
        progress.addWidget(self.counter)
        nav = QHBoxLayout()
        nav.addWidget(self.back_button)
        nav.addStretch(1)
        nav.addLayout(progress)
        nav.addStretch(1)
        nav.addWidget(self.next_button)
        self.message = InlineMessage()

        page = QWidget()
        column = QVBoxLayout(page)
        column.setContentsMargins(48, 24, 48, 32)
        column.addLayout(top)
        column.addWidget(_scrolling(self.screens), 1)
        column.addWidget(self.message)
        column.addLayout(nav)
        self.exit_panel = IroExitPanel(self.store, self._throttle)
        exit_page = QWidget()
        exit_layout = QVBoxLayout(exit_page)
        exit_layout.addStretch(1)
        exit_layout.addWidget(self.exit_panel, 0, Qt.AlignmentFlag.AlignHCenter)
        exit_layout.addStretch(2)
        self.pages = QStackedWidget()
        self.pages.addWidget(page)
        self.pages.addWidget(exit_page)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.pages)

    def _connect(self) -> None:
        self.back_button.clicked.connect(self.go_back)
        self.next_button.clicked.connect(self.go_next)
        self.iro_button.clicked.connect(self.ask_for_passphrase)
        self.exit_panel.confirmed.connect(self._leave)
        self.exit_panel.cancelled.connect(self._back_to_questions)
        for screen in self.questions:
            screen.changed.connect(self._answer_changed)

    # -- showing ------------------------------------------------------------------------------

    def start(self, full_screen: bool = True) -> None:
        """Hide every other window, then show this one (full screen on a real laptop)."""
        _open_modes.add(self)
        if full_screen:
            self.showFullScreen()
        else:
            self.show()
        self.guard.engage()
        self.raise_()
        self.activateWindow()
        self._focus_screen()

    def current_index(self) -> int:
        return self.screens.currentIndex()

    def current_question(self) -> QuestionScreen | None:
        widget = self.screens.currentWidget()
        return widget if isinstance(widget, QuestionScreen) else None

    def show_screen(self, index: int) -> None:
        last = len(self.questions) + 1
        index = max(0, min(index, last))
        self.screens.setCurrentIndex(index)
        on_question = 0 < index < last
        self.back_button.setVisible(on_question)
        self.next_button.setVisible(index < last)
        self.dots.setVisible(on_question)
        self.message.clear_message()
        self._refresh_nav()
        self._focus_screen()
        screen = self.current_question()
        if screen is not None:
            self._announce(f"Question {index} of {len(self.questions)}. {screen.question.text}")
        elif index == last:
            self._announce(self.thanks.heading.text())

    def _refresh_nav(self) -> None:
        labels, index = self.form.labels, self.current_index()
        screen = self.current_question()
        if screen is None:
            text = labels["start"]
        elif index == len(self.questions):
            text = labels["finish"]
        else:
            text = labels["next"] if screen.answer() is not None else labels["skip"]
        self.next_button.setText(text)
        self.next_button.setAccessibleName(text)
        answered = {i for i, s in enumerate(self.questions) if s.answer() is not None}
        self.dots.set_state(index - 1, answered)
        self.counter.setText(f"{index} of {len(self.questions)}" if screen is not None else "")

    def _focus_screen(self) -> None:
        screen = self.current_question()
        target = screen.first_focus() if screen is not None else self.next_button
        if self.next_button.isHidden() and screen is None:
            target = self.iro_button
        target.setFocus(Qt.FocusReason.OtherFocusReason)

    def _announce(self, text: str) -> None:
        event = QAccessibleAnnouncementEvent(self, text)
        event.setPoliteness(QAccessible.AnnouncementPoliteness.Polite)
        QAccessible.updateAccessibility(event)

    # -- moving on ----------------------------------------------------------------------------

    def go_next(self) -> None:
        if self._busy or self.pages.currentIndex() != 0:
            return
        index = self.current_index()
        if index == len(self.questions):
            self.finish()
        elif index < len(self.questions):
            self.autosaver.save_now()
            self.show_screen(index + 1)

    def go_back(self) -> None:
        if self._busy or self.pages.currentIndex() != 0:
            return
        index = self.current_index()
        if 0 < index <= len(self.questions):
            self.show_screen(index - 1)

    def answers(self) -> dict[str, Answer]:
        return {s.question.id: a for s in self.questions if (a := s.answer()) is not None}

    def _answer_changed(self) -> None:
        self._refresh_nav()
        self.autosaver.note_change()

    # -- saving -------------------------------------------------------------------------------

    def _snapshot(self) -> Snapshot:
        payload = answers_to_json(self.answers())
        return Snapshot(payload, json.dumps(payload, sort_keys=True, ensure_ascii=False))

    def _write(self, snap: Snapshot) -> None:
        save_answers(self.store, self.consultation.id, answers_from_json(snap.payload))

    def _when_saved(self, then: Callable[[], None]) -> None:
        """Stop autosaving, and go on once no autosave is still being written."""
        self.autosaver.stop()
        if self.autosaver.busy:
            self._after_idle = then
        else:
            then()

    def _autosave_idle(self) -> None:
        then, self._after_idle = self._after_idle, None
        if then is not None:
            then()

    def finish(self) -> None:
        """The child pressed Finish: keep the answers, raise any follow-ups, say thank you."""
        if self._busy or self.is_completed:
            return
        self._busy = True
        self.next_button.setEnabled(False)
        answers, store, cid, today = self.answers(), self.store, self.consultation.id, self.today()
        self._when_saved(lambda: run_task(
            lambda _p: complete_consultation(store, cid, answers, today),
            on_done=self._finished, on_error=self._finish_failed, parent=self))

    def _finished(self, flag_ids: list[str]) -> None:
        self._busy = False
        self.is_completed = True
        self.next_button.setEnabled(True)
        self.show_screen(len(self.questions) + 1)
        self.completed.emit(flag_ids)

    def _finish_failed(self, error: BaseException) -> None:
        self._busy = False
        self.next_button.setEnabled(True)
        log_problem(error, "Completing the consultation")
        self.message.show_error(f"Your answers could not be finished. Please ask "
                                f"{self.consultation.iro_name or 'your IRO'} to help.")
        self.autosaver.resume()

    # -- leaving ------------------------------------------------------------------------------

    def ask_for_passphrase(self) -> None:
        if self._busy:
            return
        self.pages.setCurrentIndex(1)
        self.exit_panel.reset()

    def _back_to_questions(self) -> None:
        self.pages.setCurrentIndex(0)
        self._focus_screen()

    def _leave(self) -> None:
        """The passphrase was right: keep the latest answers, then give the laptop back."""
        if self.is_completed:
            self._close_and_restore()
            return
        self._busy = True
        answers, store, cid = self.answers(), self.store, self.consultation.id
        self._when_saved(lambda: run_task(
            lambda _p: save_answers(store, cid, answers),
            on_done=lambda _r: self._close_and_restore(), on_error=self._leave_failed,
            parent=self))

    def _leave_failed(self, error: BaseException) -> None:
        self._busy = False
        log_problem(error, "Saving the consultation before leaving")
        self.exit_panel.message.show_error(
            "The latest answers could not be saved. Type the passphrase to try again.")
        self.autosaver.resume()

    def _close_and_restore(self) -> None:
        self._busy = False
        self._may_close = True
        self.autosaver.stop()
        self.guard.release()  # first: closing the only visible window would quit the app
        self.close()
        _open_modes.discard(self)
        self.left.emit(self.consultation.id, self.is_completed)

    # -- refusing to be closed ----------------------------------------------------------------

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt override
        if self._may_close:
            event.accept()
        else:
            event.ignore()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt override
        key = event.key()
        if key == Qt.Key.Key_Escape:
            if self.pages.currentIndex() == 1:
                self.exit_panel.cancelled.emit()
            event.accept()
        elif self.pages.currentIndex() != 0:
            super().keyPressEvent(event)
        elif key == Qt.Key.Key_Left:
            self.go_back()
        elif key in (Qt.Key.Key_Right, Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.go_next()
        else:
            super().keyPressEvent(event)


def open_young_person_mode(
    store: Store, child_id: str, today: Callable[[], date], *,
    on_open: Callable[[YoungPersonMode], None] | None = None,
    on_error: Callable[[BaseException], None], throttle: UnlockThrottle | None = None,
    full_screen: bool = True, parent: QObject | None = None,
) -> None:
    """Start or continue the child's consultation (in a worker), then open young person mode."""

    def opened(view: ConsultationView) -> None:
        mode = YoungPersonMode(store, view, today=today, throttle=throttle)
        mode.left.connect(lambda *_: mode.deleteLater())
        mode.start(full_screen)
        if on_open is not None:
            on_open(mode)

    run_task(lambda _p: start_consultation(store, child_id, today()), on_done=opened,
             on_error=on_error, parent=parent)
