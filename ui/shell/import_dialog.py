"""File > Import…: choose a filled-in template, check it, see what would change, then import.

"Check file" runs a dry run on a worker and shows either the counts per sheet (new, updated,
unchanged) or every problem with its sheet, row and column. "Import" is enabled only when
the check of the file now named passed; it runs the real import, all or nothing, on a worker.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from iro_desktop.exchange.import_apply import import_file
from iro_desktop.exchange.import_result import ImportResult
from iro_desktop.exchange.import_template import write_template
from iro_desktop.store import Store
from ui.common.error_message import log_problem, problem_text
from ui.common.record_tables import RowsModel, make_table
from ui.common.widgets_common import InlineMessage
from ui.common.workers import run_task
from ui.qa.qa_fields import MESSAGE_STYLE

FILE_FILTER = "Spreadsheets (*.xlsx *.csv *.zip);;All files (*)"


def count_rows(result: ImportResult) -> list[tuple[str, ...]]:
    return [(name.replace("_", " ").capitalize(), str(c.new), str(c.updated), str(c.unchanged))
            for name, c in result.counts.items()]


def problem_rows(result: ImportResult) -> list[tuple[str, ...]]:
    return [(p.sheet or "(file)", "" if p.row is None else str(p.row), p.column or "", p.reason)
            for p in result.problems]


class ImportDialog(QDialog):
    """``imported`` carries the ImportResult after rows were written (the window refreshes)."""

    imported = Signal(object)

    def __init__(self, store: Store, today: Callable[[], date] = date.today,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._store, self._today = store, today
        self._checked_path: Path | None = None
        self.busy = False
        self._build()
        self._connect()
        self._update_buttons()

    # -- building ----------------------------------------------------------------------

    def _build(self) -> None:
        self.setWindowTitle("Import from a spreadsheet")
        self.setAccessibleName("Import from a spreadsheet")
        self.setStyleSheet(MESSAGE_STYLE)
        self.setMinimumSize(720, 480)
        intro = QLabel("Bring in children, periods of care, reviews, audits, challenges and "
                       "good practice from a filled-in import template (.xlsx, or .csv files). "
                       "Nothing is imported if any row has a problem.")
        intro.setWordWrap(True)
        intro.setAccessibleName("About importing")
        file_label = QLabel("&File:")
        self.path_edit = QLineEdit()
        self.path_edit.setAccessibleName("File to import")
        self.path_edit.setPlaceholderText("Choose the .xlsx, .csv or .zip file to import")
        file_label.setBuddy(self.path_edit)
        self.choose_button = self._button("C&hoose…", "Choose the file to import")
        self.template_button = self._button("Save blank &template…",
                                            "Save a blank import template")
        file_row = QHBoxLayout()
        file_row.addWidget(file_label)
        file_row.addWidget(self.path_edit, 1)
        file_row.addWidget(self.choose_button)
        self.message = InlineMessage()
        self.progress = QProgressBar()
        self.progress.setAccessibleName("Progress")
        self.progress.setRange(0, 0)
        self.progress.hide()
        self.counts_model = RowsModel(("Sheet", "New", "Updated", "Unchanged"), self)
        self.counts_table = make_table(self.counts_model, "What the import would change",
                                       (180, 90, 90, 90))
        self.problems_model = RowsModel(("Sheet", "Row", "Column", "Problem"), self)
        self.problems_table = make_table(self.problems_model, "Problems to fix",
                                         (110, 60, 150, 400))
        self.problems_table.setWordWrap(True)
        self.results = QStackedWidget()
        self.results.setAccessibleName("Check results")
        self.results.addWidget(self.counts_table)
        self.results.addWidget(self.problems_table)
        self.results.hide()
        self.check_button = self._button("&Check file", "Check the file without importing")
        self.import_button = self._button("&Import", "Import the checked file")
        self.close_button = self._button("Close", "Close the import window")
        buttons = QHBoxLayout()
        buttons.addWidget(self.template_button)
        buttons.addStretch(1)
        buttons.addWidget(self.check_button)
        buttons.addWidget(self.import_button)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(file_row)
        layout.addWidget(self.message)
        layout.addWidget(self.progress)
        layout.addWidget(self.results, 1)
        layout.addStretch(0)
        layout.addLayout(buttons)
        QWidget.setTabOrder(self.path_edit, self.choose_button)
        QWidget.setTabOrder(self.choose_button, self.results)
        QWidget.setTabOrder(self.results, self.template_button)
        QWidget.setTabOrder(self.template_button, self.check_button)
        QWidget.setTabOrder(self.check_button, self.import_button)
        QWidget.setTabOrder(self.import_button, self.close_button)

    def _button(self, text: str, name: str) -> QPushButton:
        button = QPushButton(text)
        button.setAccessibleName(name)
        button.setAutoDefault(False)
        return button

    def _connect(self) -> None:
        self.path_edit.textChanged.connect(self._path_changed)
        self.path_edit.returnPressed.connect(self.check)
        self.choose_button.clicked.connect(self.choose_file)
        self.template_button.clicked.connect(self.save_template)
        self.check_button.clicked.connect(self.check)
        self.import_button.clicked.connect(self.run_import)
        self.close_button.clicked.connect(self.reject)

    # -- state -------------------------------------------------------------------------

    def path(self) -> Path | None:
        text = self.path_edit.text().strip()
        return Path(text) if text else None

    def _path_changed(self) -> None:
        self._checked_path = None
        self._update_buttons()

    def _update_buttons(self) -> None:
        ready = self._checked_path is not None and self._checked_path == self.path()
        self.import_button.setEnabled(ready and not self.busy)
        self.import_button.setDefault(ready)
        self.check_button.setEnabled(self.path() is not None and not self.busy)
        for widget in (self.path_edit, self.choose_button, self.template_button):
            widget.setEnabled(not self.busy)

    def _start(self, text: str) -> None:
        self.busy = True
        self.progress.setRange(0, 0)
        self.progress.show()
        self.message.show_info(text)
        self._update_buttons()

    def _finish(self) -> None:
        self.busy = False
        self.progress.hide()
        self._update_buttons()

    def _progress(self, done: int, total: int, text: str) -> None:
        self.progress.setRange(0, max(total, 0))
        self.progress.setValue(done)
        if text:
            self.progress.setFormat(text)

    # -- actions -----------------------------------------------------------------------

    def choose_file(self) -> None:
        chosen, _ = QFileDialog.getOpenFileName(self, "Choose the file to import",
                                                self.path_edit.text(), FILE_FILTER)
        if chosen:
            self.path_edit.setText(chosen)
            self.check()

    def save_template(self) -> None:
        chosen, _ = QFileDialog.getSaveFileName(self, "Save a blank import template",
                                                "iro-import-template.xlsx",
                                                "Excel workbook (*.xlsx)")
        if not chosen:
            return
        target = Path(chosen).with_suffix(".xlsx")
        try:
            write_template(target)
        except OSError as exc:
            log_problem(exc, "Saving the import template")
            self.message.show_error(f"The template could not be saved: {exc.strerror}. "
                                    "Choose another folder.")
            return
        self.message.show_ok(f"Saved a blank template as {target.name}: fill it in, then "
                             "choose it here.")

    def check(self) -> None:
        path = self.path()
        if path is None or self.busy:
            return
        self._checked_path = None
        self._start(f"Checking {path.name}…")
        store, today = self._store, self._today()
        run_task(lambda progress: import_file(store, path, today, dry_run=True,
                                              progress=progress),
                 on_done=self._checked, on_error=self._failed, on_progress=self._progress,
                 parent=self)

    def _checked(self, result: ImportResult) -> None:
        self._finish()
        self._show(result)
        if result.ok:
            self._checked_path = result.path if result.path == self.path() else None
            self.message.show_ok(f"{result.path.name} has no problems. Check what will "
                                 "change, then choose Import.")
        self._update_buttons()

    def _show(self, result: ImportResult) -> None:
        self.results.show()
        if result.ok:
            self.counts_model.set_rows(count_rows(result))
            self.results.setCurrentWidget(self.counts_table)
            return
        self.problems_model.set_rows(problem_rows(result))
        self.results.setCurrentWidget(self.problems_table)
        count = len(result.problems)
        self.message.show_error(f"{count} problem{'' if count == 1 else 's'} to fix in "
                                f"{result.path.name}; nothing can be imported until "
                                "they are fixed.")

    def run_import(self) -> None:
        path = self.path()
        if path is None or path != self._checked_path or self.busy:
            return
        self._start(f"Importing {path.name}…")
        store, today = self._store, self._today()
        run_task(lambda progress: import_file(store, path, today, progress=progress),
                 on_done=self._imported, on_error=self._failed, on_progress=self._progress,
                 parent=self)

    def _imported(self, result: ImportResult) -> None:
        self._finish()
        self._checked_path = None
        self._show(result)
        self._update_buttons()
        if not result.imported:
            return
        new = sum(c.new for c in result.counts.values())
        updated = sum(c.updated for c in result.counts.values())
        self.message.show_ok(f"Imported {result.path.name}: {new} new and {updated} updated "
                             "records.")
        self.close_button.setFocus(Qt.FocusReason.OtherFocusReason)
        self.imported.emit(result)

    def _failed(self, exc: BaseException) -> None:
        self._finish()
        self.message.show_error(problem_text(
            exc, "Importing", lead="The import could not be finished and nothing was changed: ",
            unexpected="The import could not be finished and nothing was changed. Try again; "
                       "if it happens again, restart IRO Desktop."))
