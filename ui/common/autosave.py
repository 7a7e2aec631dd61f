"""Autosave: every change reaches an encrypted draft within seconds, without blocking typing.

The GUI thread only takes a snapshot (the editor builds its form and `json.dumps` it); the
encrypted write runs on a worker. A change restarts a short debounce timer, and a longer
timer guarantees a save while typing never pauses. One write is in flight at a time: changes
made meanwhile are coalesced and the latest content is written next.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from ui.common.workers import run_task

log = logging.getLogger(__name__)

#: Save this long after typing stops.
DEBOUNCE_MS = 2_000
#: ...and at least this often while typing goes on.
MAX_INTERVAL_MS = 10_000
#: After a failed write, try again this much later.
RETRY_MS = 5_000


@dataclass(frozen=True)
class Snapshot:
    """What to write: the form as JSON-ready data, and its JSON text to tell if it changed."""

    payload: dict[str, Any]
    text: str


class Autosaver(QObject):
    """Debounces changes into background draft writes; `status_changed` drives a small label."""

    status_changed = Signal(str)
    draft_written = Signal()
    #: No write in flight and none waiting: the editor may now save the review itself.
    idle = Signal()

    def __init__(
        self,
        snapshot: Callable[[], Snapshot],
        write: Callable[[Snapshot], None],
        *,
        debounce_ms: int | None = None,
        max_interval_ms: int | None = None,
        clock: Callable[[], datetime] = datetime.now,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._snapshot = snapshot
        self._write = write
        self._clock = clock
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(DEBOUNCE_MS if debounce_ms is None else debounce_ms)
        self._debounce.timeout.connect(self.save_now)
        self._deadline = QTimer(self)
        self._deadline.setSingleShot(True)
        self._deadline.setInterval(MAX_INTERVAL_MS if max_interval_ms is None else max_interval_ms)
        self._deadline.timeout.connect(self.save_now)
        self._in_flight = False
        self._again = False
        self._paused = False
        self._written_text: str | None = None
        self.last_saved_at: datetime | None = None
        #: GUI-thread milliseconds the last snapshot took (the benchmark reads this).
        self.last_snapshot_ms = 0.0
        self.writes = 0

    # -- what the editor calls -------------------------------------------------------------

    def note_change(self) -> None:
        """Something changed: (re)start the debounce, and the deadline if not running yet."""
        if self._paused:
            return
        self._debounce.start()
        if not self._deadline.isActive():
            self._deadline.start()

    def save_now(self) -> None:
        """Write the current content unless it is what was last written; coalesces."""
        self._debounce.stop()
        self._deadline.stop()
        if self._paused:
            return
        if self._in_flight:
            self._again = True
            return
        started = time.perf_counter()
        snap = self._snapshot()
        self.last_snapshot_ms = (time.perf_counter() - started) * 1000
        if snap.text == self._written_text:
            return
        self._in_flight = True
        self.status_changed.emit("Saving…")
        run_task(lambda _progress: self._write(snap), on_done=lambda _r: self._done(snap),
                 on_error=self._failed, parent=self)

    def mark_written(self, text: str | None) -> None:
        """Tell the autosaver what the store already holds (after a load, save or discard)."""
        self._written_text = text

    def pause(self) -> None:
        """Stop writing (while the review itself is being saved); pending changes are kept."""
        self._paused = True
        self._debounce.stop()
        self._deadline.stop()

    def resume(self) -> None:
        self._paused = False
        self.note_change()

    def stop(self) -> None:
        self.pause()
        self._again = False

    @property
    def busy(self) -> bool:
        return self._in_flight

    @property
    def pending(self) -> bool:
        return self._debounce.isActive() or self._again

    # -- worker results --------------------------------------------------------------------

    def _done(self, snap: Snapshot) -> None:
        self._in_flight = False
        self._written_text = snap.text
        self.writes += 1
        self.last_saved_at = self._clock()
        self.status_changed.emit(f"Draft saved {self.last_saved_at:%H:%M}")
        self.draft_written.emit()
        self._continue()

    def _failed(self, error: BaseException) -> None:
        self._in_flight = False
        log.warning("Autosave failed: %s", type(error).__name__)
        self.status_changed.emit("Draft not saved: the store could not be written. "
                                 "Trying again…")
        if not self._paused:
            QTimer.singleShot(RETRY_MS, self, self.save_now)
        self._continue()

    def _continue(self) -> None:
        if self._again and not self._paused:
            self._again = False
            self.save_now()
        if not self._in_flight:
            self.idle.emit()
