"""Settings: who you are, your service, timescales, documents, auto-lock and passphrase."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from iro_desktop.services.profile import (
    PROFILE_FIELDS,
    IroDetails,
    get_iro_details,
    get_setting,
    profile_values,
    set_iro_details,
    set_setting,
    update_profile,
)
from iro_desktop.store import Store, WrongPassphraseError
from ui.common.error_message import problem_text
from ui.common.new_passphrase import NewPassphraseFields
from ui.common.passphrase_field import PassphraseField
from ui.common.widgets_common import InlineMessage, add_field, email_problem, name_buttons, new_form
from ui.common.workers import Progress, run_task
from ui.shell.lock_controller import DEFAULT_MINUTES, MAX_MINUTES, MIN_MINUTES, clamp_minutes

SERVICE_SECTIONS = (
    ("Your IRO service", (
        ("local_authority", "&Local authority:"), ("service_name", "Service na&me:"),
        ("service_phone", "Service p&hone:"), ("service_email", "Service &email:"),
        ("service_address", "Service a&ddress:"))),
    ("Independent advocacy service", (
        ("advocacy_name", "&Advocacy service:"), ("advocacy_phone", "Advocacy phone:"),
        ("advocacy_email", "Advocacy email:"), ("advocacy_web", "Advocacy website:"))),
    ("Complaints", (
        ("complaints_name", "Complaints un&it:"), ("complaints_phone", "Complaints phone:"),
        ("complaints_email", "Complaints email:"), ("complaints_web", "Complaints website:"))),
)
DAY_FIELDS = (
    ("decisions_working_days", "&Decisions sent within:", "Working days after the review"),
    ("record_working_days", "&Record sent within:", "Working days after the review"),
    ("challenge_stage_days", "Each &challenge stage:", "Working days for each stage"),
    ("challenge_overall_days", "Challenge res&olved within:", "Working days overall"),
)
EMAIL_FIELDS = {"service_email": "service email", "advocacy_email": "advocacy email",
                "complaints_email": "complaints email"}


def _path_row(edit: QLineEdit, button: QPushButton) -> QWidget:
    row = QWidget()
    layout = QHBoxLayout(row)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.addWidget(edit, 1)
    layout.addWidget(button)
    return row


def _scrolling(content: QWidget, name: str) -> QScrollArea:
    area = QScrollArea()
    area.setAccessibleName(name)
    area.setWidgetResizable(True)
    area.setFrameShape(QScrollArea.Shape.NoFrame)
    area.setWidget(content)
    return area


class SettingsDialog(QDialog):
    """Everything is saved together by Save; the passphrase is changed by its own button."""

    saved = Signal()

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.setWindowTitle("Settings")
        self.setMinimumSize(620, 560)
        self._saving = False
        self._changing = False
        self.tabs = QTabWidget()
        self.tabs.setAccessibleName("Settings sections")
        self.tabs.tabBar().setAccessibleName("Settings sections")
        self.tabs.addTab(self._you_tab(), "&You")
        self.tabs.addTab(_scrolling(self._service_tab(), "Service details"), "Ser&vice")
        self.tabs.addTab(self._timescales_tab(), "&Timescales and documents")
        self.tabs.addTab(self._security_tab(), "Sec&urity")
        self.message = InlineMessage()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        name_buttons(self)
        self._load()

    # -- building ----------------------------------------------------------------------

    def _you_tab(self) -> QWidget:
        page = QWidget()
        form = new_form()
        self.iro_edits = {key: QLineEdit() for key in ("name", "email", "phone", "team")}
        add_field(form, "Your &name:", self.iro_edits["name"], description="Required")
        add_field(form, "&Email:", self.iro_edits["email"])
        add_field(form, "&Phone:", self.iro_edits["phone"])
        add_field(form, "Tea&m:", self.iro_edits["team"])
        note = QLabel("Your name and contact details go on the minutes and letters.")
        note.setWordWrap(True)
        layout = QVBoxLayout(page)
        layout.addWidget(note)
        layout.addLayout(form)
        layout.addStretch(1)
        return page

    def _service_tab(self) -> QWidget:
        page = QWidget()
        form = new_form()
        self.profile_edits: dict[str, QLineEdit | QPlainTextEdit | QSpinBox] = {}
        for heading, rows in SERVICE_SECTIONS:
            title = QLabel(heading)
            title.setObjectName("sectionHeading")
            form.addRow(title)
            for key, label in rows:
                edit: QLineEdit | QPlainTextEdit
                if key == "service_address":
                    edit = QPlainTextEdit()
                    edit.setTabChangesFocus(True)
                    edit.setFixedHeight(72)
                else:
                    edit = QLineEdit()
                self.profile_edits[key] = edit
                add_field(form, label, edit)
        QVBoxLayout(page).addLayout(form)
        return page

    def _timescales_tab(self) -> QWidget:
        page = QWidget()
        form = new_form()
        for key, label, hint in DAY_FIELDS:
            spin = QSpinBox()
            spin.setRange(1, 60)
            spin.setSuffix(" working days")
            self.profile_edits[key] = spin
            add_field(form, label, spin, description=hint)
        self.template_edit = QLineEdit()
        self.template_edit.setPlaceholderText("The built-in layout")
        self.template_button = QPushButton("Choose…")
        self.template_button.setAccessibleName("Choose a Word template")
        self.template_button.setAutoDefault(False)
        self.template_button.clicked.connect(self._choose_template)
        self.profile_edits["template_path"] = self.template_edit
        template_label = QLabel("&Word template:")
        template_label.setBuddy(self.template_edit)
        self.template_edit.setAccessibleName("Word template")
        form.addRow(template_label, _path_row(self.template_edit, self.template_button))
        self.folder_edit = QLineEdit()
        self.folder_edit.setPlaceholderText("Your Documents folder")
        self.folder_button = QPushButton("Choose…")
        self.folder_button.setAccessibleName("Choose the folder for documents")
        self.folder_button.setAutoDefault(False)
        self.folder_button.clicked.connect(self._choose_folder)
        folder_label = QLabel("Save documents &in:")
        folder_label.setBuddy(self.folder_edit)
        self.folder_edit.setAccessibleName("Save documents in")
        form.addRow(folder_label, _path_row(self.folder_edit, self.folder_button))
        layout = QVBoxLayout(page)
        layout.addLayout(form)
        layout.addStretch(1)
        return page

    def _security_tab(self) -> QWidget:
        page = QWidget()
        lock_form = new_form()
        self.auto_lock = QSpinBox()
        self.auto_lock.setRange(MIN_MINUTES, MAX_MINUTES)
        self.auto_lock.setSuffix(" minutes")
        add_field(lock_form, "&Lock after:", self.auto_lock,
                  description="Minutes without use before IRO Desktop locks itself")
        lock_note = QLabel("IRO Desktop locks itself when it has not been used for this long. "
                           "Press Ctrl+L to lock it at once.")
        lock_note.setWordWrap(True)

        group = QGroupBox("Change passphrase")
        self.current_passphrase = PassphraseField("&Current passphrase:")
        current_form = new_form()
        current_form.addRow(self.current_passphrase.label, self.current_passphrase)
        self.new_passphrase = NewPassphraseFields("Ne&w passphrase:")
        self.change_button = QPushButton("C&hange passphrase")
        self.change_button.setAccessibleName("Change passphrase")
        self.change_button.setAutoDefault(False)
        self.change_button.setEnabled(False)
        self.change_busy = QProgressBar()
        self.change_busy.setRange(0, 0)
        self.change_busy.setTextVisible(False)
        self.change_busy.setFixedHeight(6)
        self.change_busy.setAccessibleName("Changing the passphrase")
        self.change_busy.hide()
        self.change_message = InlineMessage()
        inner = QVBoxLayout(group)
        inner.addLayout(current_form)
        inner.addWidget(self.new_passphrase)
        inner.addWidget(self.change_busy)
        inner.addWidget(self.change_message)
        inner.addWidget(self.change_button, 0, Qt.AlignmentFlag.AlignRight)
        self.current_passphrase.textChanged.connect(self._update_change_button)
        self.new_passphrase.changed.connect(self._update_change_button)
        self.change_button.clicked.connect(self.change_passphrase)

        layout = QVBoxLayout(page)
        layout.addLayout(lock_form)
        layout.addWidget(lock_note)
        layout.addSpacing(8)
        layout.addWidget(group)
        layout.addStretch(1)
        return page

    # -- loading and saving ------------------------------------------------------------

    def _load(self) -> None:
        details = get_iro_details(self.store)
        for key, edit in self.iro_edits.items():
            edit.setText(getattr(details, key))
        values = profile_values(self.store)
        for key in PROFILE_FIELDS:
            widget = self.profile_edits[key]
            value = values.get(key)
            if isinstance(widget, QSpinBox):
                widget.setValue(int(value or 1))
            elif isinstance(widget, QPlainTextEdit):
                widget.setPlainText(str(value or ""))
            else:
                widget.setText(str(value or ""))
        self.auto_lock.setValue(clamp_minutes(
            get_setting(self.store, "auto_lock_minutes", str(DEFAULT_MINUTES))))
        self.folder_edit.setText(get_setting(self.store, "documents_folder", ""))

    def _profile_from_form(self) -> dict[str, Any]:
        values: dict[str, Any] = {}
        for key, widget in self.profile_edits.items():
            if isinstance(widget, QSpinBox):
                values[key] = widget.value()
            elif isinstance(widget, QPlainTextEdit):
                values[key] = widget.toPlainText().strip()
            else:
                values[key] = widget.text().strip()
        return values

    def _first_problem(self) -> tuple[str, QWidget] | None:
        name = self.iro_edits["name"]
        if not name.text().strip():
            return "Your name is needed: it goes on every set of minutes.", name
        problem = email_problem(self.iro_edits["email"].text(), "email address")
        if problem:
            return problem, self.iro_edits["email"]
        for key, what in EMAIL_FIELDS.items():
            edit = self.profile_edits[key]
            assert isinstance(edit, QLineEdit)
            problem = email_problem(edit.text(), what)
            if problem:
                return problem, edit
        template = self.template_edit.text().strip()
        if template and not Path(template).is_file():
            return "The Word template cannot be found. Choose it again or clear the box.", \
                self.template_edit
        folder = self.folder_edit.text().strip()
        if folder and not Path(folder).is_dir():
            return "The folder for documents cannot be found. Choose another.", self.folder_edit
        return None

    def _show_problem(self, text: str, widget: QWidget) -> None:
        for index in range(self.tabs.count()):
            tab = self.tabs.widget(index)
            if tab is not None and tab.isAncestorOf(widget):
                self.tabs.setCurrentIndex(index)
                break
        self.message.show_error(text)
        widget.setFocus()

    def save(self) -> None:
        """Check everything, then save it all in a worker; on failure nothing typed is lost."""
        if self._saving:
            return
        problem = self._first_problem()
        if problem is not None:
            self._show_problem(*problem)
            return
        store = self.store
        details = IroDetails(**{k: e.text().strip() for k, e in self.iro_edits.items()})
        profile = self._profile_from_form()
        minutes = str(self.auto_lock.value())
        folder = self.folder_edit.text().strip()

        def task(_progress: Any) -> None:
            set_iro_details(store, details)
            update_profile(store, profile)
            set_setting(store, "auto_lock_minutes", minutes)
            set_setting(store, "documents_folder", folder)

        self._set_saving(True)
        self.message.show_info("Saving…")
        run_task(task, on_done=self._saved, on_error=self._save_failed, parent=self)

    def _set_saving(self, saving: bool) -> None:
        self._saving = saving
        self.save_button.setEnabled(not saving)
        self.tabs.setEnabled(not saving)

    def _saved(self, _result: object) -> None:
        self._set_saving(False)
        self.message.clear_message()
        self.saved.emit()
        self.accept()

    def _save_failed(self, error: BaseException) -> None:
        self._set_saving(False)
        self.message.show_error(problem_text(
            error, "Saving the settings", lead="Nothing was saved: ", also=(ValueError,),
            unexpected="Nothing was saved because of an unexpected problem. Your changes are "
                       "still here; try Save again."))

    def reject(self) -> None:
        if not self._saving:
            super().reject()

    def auto_lock_minutes(self) -> int:
        return self.auto_lock.value()

    # -- passphrase --------------------------------------------------------------------

    def _update_change_button(self) -> None:
        ready = bool(self.current_passphrase.text()) and self.new_passphrase.is_valid()
        self.change_button.setEnabled(ready and not self._changing)

    def change_passphrase(self) -> None:
        if not self.change_button.isEnabled():
            return
        store, current = self.store, self.current_passphrase.text()
        new = self.new_passphrase.passphrase()
        self._changing = True
        self.change_busy.show()
        self.change_button.setEnabled(False)
        self.change_message.show_info(
            "Changing the passphrase: the store is copied under a new key, so old copies of "
            "the key file stop working. Keep the application open until it finishes.")
        self.change_busy.setRange(0, 0)

        def task(progress: Progress) -> None:
            store.change_passphrase(
                current, new, progress=lambda done, total: progress(done, total, ""))

        run_task(task, on_done=self._passphrase_changed, on_error=self._passphrase_failed,
                 on_progress=self._rekey_progress, parent=self)

    def _rekey_progress(self, done: int, total: int, _text: str) -> None:
        """A bar that fills as the store is copied under its new key."""
        if total > 0:
            self.change_busy.setRange(0, total)
            self.change_busy.setValue(min(done, total))

    def _passphrase_changed(self, _result: object) -> None:
        self._changing = False
        self.change_busy.hide()
        self.current_passphrase.clear()
        self.new_passphrase.clear()
        self.change_message.show_ok("Passphrase changed. Use the new one from now on.")
        self._update_change_button()

    def _passphrase_failed(self, error: BaseException) -> None:
        self._changing = False
        self.change_busy.hide()
        if isinstance(error, WrongPassphraseError):
            self.change_message.show_error("The current passphrase is not right. Nothing "
                                           "was changed.")
            self.current_passphrase.selectAll()
            self.current_passphrase.setFocus()
        else:
            self.change_message.show_error(problem_text(
                error, "Changing the passphrase", lead="Nothing was changed: ",
                unexpected="The passphrase could not be changed; the old one still works. "
                           "Try again later."))
        self._update_change_button()

    # -- pickers -----------------------------------------------------------------------

    def _choose_template(self) -> None:
        chosen, _ = QFileDialog.getOpenFileName(
            self, "Choose a Word template", self.template_edit.text(),
            "Word documents and templates (*.docx *.dotx)")
        if chosen:
            self.template_edit.setText(chosen)

    def _choose_folder(self) -> None:
        chosen = QFileDialog.getExistingDirectory(
            self, "Folder for documents", self.folder_edit.text())
        if chosen:
            self.folder_edit.setText(chosen)
