"""Run slow work off the GUI thread and hand the result back to it.

`run_task(fn, on_done=..., on_error=...)` calls `fn(progress)` on the global thread pool;
the result, the exception or each progress report comes back to the GUI thread through a
relay object's queued signals, so callbacks may touch widgets. If `parent` is deleted
before the task ends, its callbacks are skipped.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, QTimer, Signal, Slot
from PySide6.QtWidgets import QProgressDialog, QWidget

log = logging.getLogger(__name__)

Progress = Callable[[int, int, str], None]
Task = Callable[[Progress], Any]

#: The delay before a progress dialog appears: quicker work shows nothing.
PROGRESS_DELAY_MS = 500

_running: set[_Relay] = set()


class _Relay(QObject):
    """Lives in the GUI thread; signals emitted from the worker are queued to it."""

    finished = Signal(object)
    failed = Signal(object)
    progressed = Signal(int, int, str)

    def __init__(
        self,
        parent_widget: QObject | None,
        on_done: Callable[[Any], None],
        on_error: Callable[[BaseException], None],
        on_progress: Progress | None,
    ) -> None:
        super().__init__()
        self._owner = parent_widget
        self._on_done = on_done
        self._on_error = on_error
        self._on_progress = on_progress
        self.finished.connect(self._deliver_done)
        self.failed.connect(self._deliver_error)
        self.progressed.connect(self._deliver_progress)

    def _owner_alive(self) -> bool:
        return self._owner is None or shiboken6.isValid(self._owner)

    @Slot(object)
    def _deliver_done(self, result: object) -> None:
        self._release()
        if self._owner_alive():
            self._on_done(result)

    @Slot(object)
    def _deliver_error(self, error: object) -> None:
        self._release()
        if self._owner_alive():
            assert isinstance(error, BaseException)
            self._on_error(error)

    @Slot(int, int, str)
    def _deliver_progress(self, done: int, total: int, text: str) -> None:
        if self._on_progress is not None and self._owner_alive():
            self._on_progress(done, total, text)

    def _release(self) -> None:
        _running.discard(self)
        self.deleteLater()


class _Runnable(QRunnable):
    def __init__(self, fn: Task, relay: _Relay) -> None:
        super().__init__()
        self._fn = fn
        self._relay = relay

    def run(self) -> None:
        relay = self._relay

        def progress(done: int, total: int, text: str) -> None:
            with contextlib.suppress(RuntimeError):  # the application has closed
                relay.progressed.emit(done, total, text)

        try:
            result = self._fn(progress)
        except BaseException as exc:  # noqa: BLE001 - every failure goes back to the GUI
            log.debug("Background task failed", exc_info=True)
            self._post(relay.failed, exc)
        else:
            self._post(relay.finished, result)

    def _post(self, signal: Any, value: object) -> None:
        try:
            signal.emit(value)
        except RuntimeError:
            log.info("A background task finished after the application closed")


def run_task(
    fn: Task,
    *,
    on_done: Callable[[Any], None],
    on_error: Callable[[BaseException], None],
    on_progress: Progress | None = None,
    parent: QObject | None = None,
) -> None:
    """Run `fn(progress)` on the thread pool; callbacks run in the GUI thread."""
    relay = _Relay(parent, on_done, on_error, on_progress)
    _running.add(relay)
    QThreadPool.globalInstance().start(_Runnable(fn, relay))


def tasks_running() -> int:
    """How many tasks have not reported back yet (tests wait for this to reach 0)."""
    return len(_running)


def run_with_progress(
    fn: Task,
    *,
    parent: QWidget,
    label: str,
    on_done: Callable[[Any], None],
    on_error: Callable[[BaseException], None],
) -> QProgressDialog:
    """`run_task` with a window-modal progress dialog that appears after half a second."""
    dialog = QProgressDialog(label, "", 0, 0, parent)
    dialog.setWindowTitle("Please wait")
    dialog.setAccessibleName(label)
    dialog.setCancelButton(None)
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(PROGRESS_DELAY_MS)
    dialog.setAutoClose(False)
    dialog.setAutoReset(False)
    dialog.setMinimumWidth(360)
    state = {"finished": False}

    def show_if_still_running() -> None:
        if not state["finished"] and shiboken6.isValid(dialog):
            dialog.show()

    def progress(done: int, total: int, text: str) -> None:
        dialog.setMaximum(max(total, 0))
        dialog.setValue(min(done, total) if total > 0 else 0)
        if text:
            dialog.setLabelText(text)

    def finish() -> None:
        state["finished"] = True
        dialog.hide()
        dialog.deleteLater()

    def done(result: Any) -> None:
        finish()
        on_done(result)

    def error(exc: BaseException) -> None:
        finish()
        on_error(exc)

    QTimer.singleShot(PROGRESS_DELAY_MS, dialog, show_if_still_running)
    run_task(fn, on_done=done, on_error=error, on_progress=progress, parent=parent)
    return dialog
