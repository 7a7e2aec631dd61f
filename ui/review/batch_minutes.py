"""File > Generate all finalised records not yet issued…: the batch, with a progress bar.

The folder defaults to the documents folder from Settings; the run happens on a worker
(`generate_all_unissued` issues one review per transaction and carries on past a review it
cannot issue), and a summary says how many were written and which were not, and why.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date
from pathlib import Path

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from iro_desktop.documents import DocumentError
from iro_desktop.services.issuing import generate_all_unissued
from iro_desktop.services.profile import get_setting
from iro_desktop.store import Store
from ui.common.documents_folder import documents_folder
from ui.common.widgets_common import plain
from ui.common.workers import run_with_progress
from ui.review.minutes_panel import open_folder

log = logging.getLogger(__name__)


def summary_text(written: int, failed: list[tuple[str, str]], folder: Path) -> str:
    if not written and not failed:
        return "Every finalised review's full record has already been issued: nothing to do."
    lines = [f"{written} full record{'' if written == 1 else 's'} written to {folder}."
             if written else "No record was written."]
    if failed:
        lines.append(f"{len(failed)} could not be issued; see the details for why.")
    return "\n".join(lines)


class BatchMinutes(QObject):
    """Owns the menu action; ``finished`` after a run (the window refreshes its timelines)."""

    finished = Signal()

    def __init__(self, window: QWidget, store: Store, today: Callable[[], date]) -> None:
        super().__init__(window)
        self.window, self.store, self.today = window, store, today
        self.running = False
        self.summary: QMessageBox | None = None
        self.action = QAction("&Generate all finalised records not yet issued…", window)
        self.action.setStatusTip("Write the full record of every finalised review whose "
                                 "record has not been issued yet")
        self.action.triggered.connect(self.choose_and_run)

    def choose_and_run(self) -> None:
        if self.running:
            return
        start = get_setting(self.store, "documents_folder", "") or str(documents_folder())
        chosen = QFileDialog.getExistingDirectory(
            self.window, "Save the review records in", start)
        if chosen:
            self.run(Path(chosen))

    def run(self, folder: Path) -> None:
        """Generate on a worker; the progress dialog appears if it takes over half a second."""
        self.running = True
        self.action.setEnabled(False)
        store, today = self.store, self.today()
        run_with_progress(
            lambda progress: generate_all_unissued(store, folder, today, progress),
            parent=self.window, label="Generating the review records not yet issued…",
            on_done=lambda result: self._done(folder, result),
            on_error=self._failed)

    def _finish(self) -> None:
        self.running = False
        self.action.setEnabled(True)
        self.finished.emit()

    def _done(self, folder: Path, result: object) -> None:
        written = list(getattr(result, "written", []))
        failed = list(getattr(result, "failed", []))
        self._finish()
        box = self._box("Review records generated", summary_text(len(written), failed, folder),
                        QMessageBox.Icon.Information if not failed else QMessageBox.Icon.Warning)
        if failed:
            box.setDetailedText("\n\n".join(reason for _review_id, reason in failed))
        if written:
            button = box.addButton("&Open folder", QMessageBox.ButtonRole.ActionRole)
            button.setAccessibleName("Open folder")
            button.clicked.connect(lambda: open_folder(folder))
        box.open()

    def _failed(self, error: BaseException) -> None:
        self._finish()
        if isinstance(error, DocumentError):
            text = str(error)
        else:
            log.error("The batch of review records failed: %s", type(error).__name__,
                      exc_info=error)
            text = ("The review records could not be generated. Those already written are "
                    "issued; run it again to carry on.")
        self._box("Review records not generated", text, QMessageBox.Icon.Warning).open()

    def _box(self, title: str, text: str, icon: QMessageBox.Icon) -> QMessageBox:
        box = QMessageBox(self.window)
        box.setWindowTitle(title)
        box.setIcon(icon)
        box.setText(text)
        box.setAccessibleName(title)
        box.addButton(QMessageBox.StandardButton.Close)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        for button in box.buttons():
            button.setAccessibleName(button.accessibleName() or plain(button.text()))
        self.summary = box
        return box
