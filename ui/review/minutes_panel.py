"""Generate minutes from the review editor: an inline panel, not a dialog (locking keeps it).

Choose the document (full record, decisions summary, letter to the young person) and the
folder (the documents folder from Settings, then the folder used last); the document is
written on a worker. The core's refusals (a review not final, contact details missing from
the service profile) are shown as they are worded: they already say what to do.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QButtonGroup,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from iro_desktop.documents import DOCUMENT_KINDS, DocumentError, document_kind
from iro_desktop.services.issuing import generate_document
from iro_desktop.services.profile import get_setting, set_setting
from iro_desktop.store import Store
from ui.common.documents_folder import documents_folder
from ui.common.tones import panel_style
from ui.common.widgets_common import InlineMessage
from ui.common.workers import run_task

log = logging.getLogger(__name__)

LAST_FOLDER = "minutes_folder"


def default_folder(store: Store) -> str:
    """The folder used last, else the documents folder from Settings, else Documents."""
    for key in (LAST_FOLDER, "documents_folder"):
        folder = get_setting(store, key, "")
        if folder and Path(folder).is_dir():
            return folder
    return str(documents_folder())


def open_folder(folder: Path) -> bool:
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))


class MinutesPanel(QFrame):
    """``generated(path)`` once a document is written and its issue recorded."""

    generated = Signal(Path)

    def __init__(self, store: Store, review_id: str, today: Callable[[], date],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store, self.review_id, self.today = store, review_id, today
        self.last_path: Path | None = None
        self.busy = False
        self.setObjectName("minutesPanel")
        self.setAccessibleName("Generate minutes")
        self.setStyleSheet(panel_style("QFrame#minutesPanel"))
        heading = QLabel("<b>Generate minutes</b> — a Word document of this final record; the "
                         "date it is issued is recorded.")
        heading.setWordWrap(True)
        heading.setAccessibleName("Generate minutes")
        self.kinds = QButtonGroup(self)
        kind_row = QHBoxLayout()
        kind_label = QLabel("Document:")
        kind_row.addWidget(kind_label)
        for position, kind in enumerate(DOCUMENT_KINDS):
            radio = QRadioButton(f"&{kind.title}")
            radio.setAccessibleName(kind.title)
            radio.setAccessibleDescription(kind.description)
            radio.setToolTip(kind.description)
            self.kinds.addButton(radio, position)
            kind_row.addWidget(radio)
        kind_row.addStretch(1)
        self.kinds.button(0).setChecked(True)
        self.folder = QLineEdit()
        self.folder.setAccessibleName("Folder to save the document in")
        folder_label = QLabel("F&older:")
        folder_label.setBuddy(self.folder)
        self.choose_button = QPushButton("C&hoose…")
        self.choose_button.setAccessibleName("Choose the folder")
        self.generate_button = QPushButton("Generate &now")
        self.generate_button.setAccessibleName("Generate the document")
        self.generate_button.setDefault(True)
        self.close_button = QPushButton("Close")
        self.close_button.setAccessibleName("Close the generate minutes panel")
        folder_row = QHBoxLayout()
        folder_row.addWidget(folder_label)
        folder_row.addWidget(self.folder, 1)
        folder_row.addWidget(self.choose_button)
        folder_row.addSpacing(12)
        folder_row.addWidget(self.generate_button)
        folder_row.addWidget(self.close_button)
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)
        self.progress.setTextVisible(False)
        self.progress.setFixedHeight(6)
        self.progress.setAccessibleName("Generating the document")
        self.progress.hide()
        self.message = InlineMessage()
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                             | Qt.TextInteractionFlag.TextSelectableByKeyboard)
        self.open_button = QPushButton("&Open folder")
        self.open_button.setAccessibleName("Open the folder the document was saved in")
        self.open_button.hide()
        result_row = QHBoxLayout()
        result_row.addWidget(self.message, 1)
        result_row.addWidget(self.open_button, 0, Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 8)
        layout.addWidget(heading)
        layout.addLayout(kind_row)
        layout.addLayout(folder_row)
        layout.addWidget(self.progress)
        layout.addLayout(result_row)
        self.choose_button.clicked.connect(self.choose_folder)
        self.generate_button.clicked.connect(self.generate)
        self.folder.returnPressed.connect(self.generate)
        self.close_button.clicked.connect(self.hide)
        self.open_button.clicked.connect(self.open_folder)
        self.hide()

    # -- what the editor calls ------------------------------------------------------------

    def start(self) -> None:
        """Show the panel with the folder filled in, the document choice focused."""
        if not self.folder.text().strip():
            self.folder.setText(default_folder(self.store))
        self.show()
        checked = self.kinds.checkedButton()
        if checked is not None:
            checked.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def kind(self) -> str:
        return DOCUMENT_KINDS[max(self.kinds.checkedId(), 0)].code

    def set_kind(self, kind: str) -> None:
        position = next(i for i, entry in enumerate(DOCUMENT_KINDS) if entry.code == kind)
        self.kinds.button(position).setChecked(True)

    def choose_folder(self) -> None:
        chosen = QFileDialog.getExistingDirectory(self, "Save the minutes in",
                                                  self.folder.text().strip())
        if chosen:
            self.folder.setText(chosen)

    # -- generating -----------------------------------------------------------------------

    def generate(self) -> None:
        if self.busy:
            return
        folder_text = self.folder.text().strip()
        if not folder_text:
            self.message.show_error("Choose the folder to save the document in.")
            self.folder.setFocus()
            return
        folder, kind, today = Path(folder_text), self.kind(), self.today()
        store, review_id = self.store, self.review_id
        self._set_busy(True)
        self.open_button.hide()
        self.message.show_info("Writing the document…")

        def work(_progress: object) -> Path:
            path = generate_document(store, review_id, kind, folder, today)
            set_setting(store, LAST_FOLDER, str(folder))
            return path

        run_task(work, on_done=self._done, on_error=self._failed, parent=self)

    def _set_busy(self, busy: bool) -> None:
        self.busy = busy
        self.progress.setVisible(busy)
        for widget in (self.generate_button, self.choose_button, self.folder):
            widget.setEnabled(not busy)

    def _done(self, path: Path) -> None:
        self._set_busy(False)
        self.last_path = path
        self.message.show_ok(f"{document_kind(self.kind()).title} saved as {path}")
        self.open_button.show()
        self.open_button.setFocus(Qt.FocusReason.OtherFocusReason)
        self.generated.emit(path)

    def _failed(self, error: BaseException) -> None:
        self._set_busy(False)
        if isinstance(error, DocumentError):
            self.message.show_error(str(error))
        else:
            log.error("Generating minutes failed: %s", type(error).__name__, exc_info=error)
            self.message.show_error("The document could not be generated. Nothing was issued; "
                                    "try again, and if it keeps happening contact IT support.")

    def open_folder(self) -> None:
        if self.last_path is not None:
            open_folder(self.last_path.parent)
