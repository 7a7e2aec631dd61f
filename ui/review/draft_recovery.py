"""After unlocking, offer every unsaved draft left by a crash or a closed laptop.

Each draft shows whose it is, what it is, when it was written, how large it is and a preview
of its text, so the IRO can tell which one holds the paragraph they lost.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from iro_desktop.services import drafts, reviews
from iro_desktop.services.drafts import DraftInfo
from iro_desktop.store import Store
from ui.common.error_message import problem_text
from ui.common.widgets_common import InlineMessage
from ui.common.workers import run_task
from ui.review.review_header import when_text

KIND_TEXT = {reviews.DRAFT_KIND: "Review"}


def pending_drafts(store: Store) -> list[DraftInfo]:
    """The drafts to offer after unlocking, newest first (empty: show nothing)."""
    return drafts.list_drafts(store)


def describe(info: DraftInfo) -> tuple[str, str]:
    """What the draft is (its summary's first line) and a preview of its text (the rest)."""
    what, _, preview = info.summary.partition("\n")
    return what or KIND_TEXT.get(info.kind, info.kind.replace("_", " ").capitalize()), preview


class DraftRecoveryDialog(QDialog):
    """Lists the drafts; Recover asks the shell to open the review, Discard deletes the draft."""

    recover_requested = Signal(str)

    def __init__(self, store: Store, items: list[DraftInfo] | None = None,
                 today: date | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.today = today or date.today()
        self.items = list(items if items is not None else pending_drafts(store))
        self.setWindowTitle("Recover unsaved work")
        self.setAccessibleName("Recover unsaved work")
        self.resize(820, 480)
        intro = QLabel("IRO Desktop closed before this work was saved. Nothing was lost: each "
                       "item below is an autosaved draft. Recover it to open it, or discard it.")
        intro.setWordWrap(True)
        self.table = QTableWidget(0, 4)
        self.table.setHorizontalHeaderLabels(["Child", "What", "When", "Size"])
        self.table.setAccessibleName("Unsaved drafts")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.preview = QPlainTextEdit()
        self.preview.setReadOnly(True)
        self.preview.setAccessibleName("Preview of the draft's text")
        self.preview.setMaximumHeight(130)
        preview_label = QLabel("&Preview:")
        preview_label.setBuddy(self.preview)
        self.message = InlineMessage()
        self.recover_button = QPushButton("&Recover")
        self.recover_button.setAccessibleName("Recover the selected draft")
        self.discard_button = QPushButton("&Discard")
        self.discard_button.setAccessibleName("Discard the selected draft")
        self.close_button = QPushButton("Decide &later")
        self.close_button.setAccessibleName("Close and decide later")
        buttons = QHBoxLayout()
        buttons.addWidget(self.recover_button)
        buttons.addWidget(self.discard_button)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table, 1)
        layout.addWidget(preview_label)
        layout.addWidget(self.preview)
        layout.addWidget(self.message)
        layout.addLayout(buttons)
        self.table.currentCellChanged.connect(lambda *_: self._show_selected())
        self.recover_button.clicked.connect(self.recover_selected)
        self.discard_button.clicked.connect(self.discard_selected)
        self.close_button.clicked.connect(self.reject)
        self._fill()

    def _fill(self) -> None:
        self.table.setRowCount(0)
        for info in self.items:
            row = self.table.rowCount()
            self.table.insertRow(row)
            what, _preview = describe(info)
            for column, text in enumerate((
                    info.child_name or "No child", what, when_text(info.updated_at, self.today),
                    f"{info.characters:,} characters")):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, info.id)
                self.table.setItem(row, column, item)
        if self.items:
            self.table.setCurrentCell(0, 0)
        self._show_selected()

    def selected(self) -> DraftInfo | None:
        row = self.table.currentRow()
        return self.items[row] if 0 <= row < len(self.items) else None

    def _show_selected(self) -> None:
        info = self.selected()
        preview = describe(info)[1] if info else ""
        self.preview.setPlainText(preview or ("(No text to preview.)" if info else ""))
        can_open = info is not None and info.kind == reviews.DRAFT_KIND and bool(info.entity_id)
        self.recover_button.setEnabled(can_open)
        self.recover_button.setToolTip("" if can_open or info is None else
                                       "Open this record to recover it.")
        self.discard_button.setEnabled(info is not None)
        if not self.items:
            self.message.show_ok("No unsaved drafts are left.")

    def recover_selected(self) -> None:
        info = self.selected()
        if info is not None and info.entity_id and info.kind == reviews.DRAFT_KIND:
            self.recover_requested.emit(info.entity_id)
            self.accept()

    def discard_selected(self) -> None:
        info = self.selected()
        if info is None:
            return
        self.discard_button.setEnabled(False)
        run_task(lambda _p: drafts.discard_draft(self.store, info.kind, info.entity_id),
                 on_done=lambda _r: self._discarded(info), on_error=self._failed, parent=self)

    def _discarded(self, info: DraftInfo) -> None:
        self.items = [i for i in self.items if i.id != info.id]
        self._fill()
        self.message.show_info(f"The draft for {info.child_name or 'this record'} was discarded.")
        if not self.items:
            self.accept()

    def _failed(self, error: BaseException) -> None:
        self.discard_button.setEnabled(True)
        self.message.show_error(problem_text(
            error, "Discarding a draft", lead="The draft could not be discarded: ",
            unexpected="The draft could not be discarded: the store could not be written. "
                       "Try again."))
