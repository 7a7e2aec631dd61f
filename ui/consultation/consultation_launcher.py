"""Opens young person mode for a child from the main window, one child at a time.

Before the mode hides the window, every open review writes its autosaved draft (``flush``),
as before locking. When the IRO leaves the mode with the passphrase, ``left`` tells the
window to read the child's record, follow-ups and alerts again, and the lock controller
that the IRO is back (its idle timer saw no input while the window was hidden).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date

import shiboken6
from PySide6.QtCore import QObject, Signal

from iro_desktop.store import Store
from ui.consultation.young_person_mode import YoungPersonMode, open_young_person_mode

log = logging.getLogger(__name__)

Failed = Callable[[BaseException], None]


class ConsultationLauncher(QObject):
    """``start(child_id)`` opens the mode; ``opened(mode)`` once shown, ``left(child_id,
    completed)`` once the IRO has left it."""

    opened = Signal(object)
    left = Signal(str, bool)

    def __init__(self, store: Store, today: Callable[[], date], flush: Callable[[], None],
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._store, self._today, self._flush = store, today, flush
        self._opening = False
        self.mode: YoungPersonMode | None = None
        self.full_screen = True

    def is_open(self) -> bool:
        return self._opening or (self.mode is not None and shiboken6.isValid(self.mode))

    def start(self, child_id: str, on_error: Failed | None = None) -> bool:
        """Open the mode for this child; False (and nothing happens) while one is opening."""
        if self.is_open():
            return False
        try:
            self._flush()
        except Exception:  # noqa: BLE001 - the drafts are a safety net, not a gate
            log.exception("Writing drafts before young person mode failed")
        self._opening = True

        def failed(exc: BaseException) -> None:
            self._opening = False
            log.warning("Young person mode was not opened: %s", type(exc).__name__)
            if on_error is not None:
                on_error(exc)

        open_young_person_mode(self._store, child_id, self._today,
                               on_open=lambda mode: self._opened(child_id, mode),
                               on_error=failed, full_screen=self.full_screen, parent=self)
        return True

    def _opened(self, child_id: str, mode: YoungPersonMode) -> None:
        self._opening = False
        self.mode = mode
        mode.left.connect(lambda _id, completed: self._left(child_id, completed))
        self.opened.emit(mode)

    def _left(self, child_id: str, completed: bool) -> None:
        self.mode = None
        self.left.emit(child_id, completed)
