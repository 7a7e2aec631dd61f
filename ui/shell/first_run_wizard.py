"""The first start: choose a real or demo caseload, set the passphrase, say who you are."""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSignalBlocker, Qt, QTimer
from PySide6.QtWidgets import (
    QCheckBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from iro_desktop.paths import default_store_path, demo_store_path
from iro_desktop.services.profile import IroDetails, set_iro_details, update_profile
from iro_desktop.store import DEFAULT_KDF, KdfParams, Store, StoreExistsError
from iro_desktop.store.database import ProgressCallback, store_files
from iro_desktop.synced_folders import location_risk
from ui.common.error_message import problem_text
from ui.common.new_passphrase import NewPassphraseFields
from ui.common.widgets_common import InlineMessage, add_field, email_problem, name_buttons, new_form
from ui.common.workers import run_task

WELCOME, PASSPHRASE, IRO, PROFILE, CREATE = range(5)
DEMO_CHILDREN = 75
DEMO_EXISTS = ("A demo caseload already exists on this laptop. Close this window and open it, "
               "or choose “Set up my caseload”.")
FORGET_WARNING = (
    "If you forget this passphrase, nobody can recover your data — not IT, not us. "
    "Keep it somewhere safe that is not this laptop."
)


def _intro(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setObjectName("pageIntro")
    return label


class WelcomePage(QWizardPage):
    def __init__(self, store_path: Path) -> None:
        super().__init__()
        self.setTitle("Welcome to IRO Desktop")
        self.setSubTitle("Your caseload, reviews and minutes, kept encrypted on this laptop.")
        self.store_path = store_path
        self.real = QRadioButton("&Set up my caseload")
        self.real.setAccessibleName("Set up my caseload")
        self.demo = QRadioButton("Open a &demo caseload (fictional children, for training)")
        self.demo.setAccessibleName("Open a demo caseload (fictional children, for training)")
        self.real.setChecked(True)
        self.location = QLineEdit(str(store_path))
        self.location.setReadOnly(True)
        self.change = QPushButton("&Change…")
        self.change.setAccessibleName("Change where the caseload is kept")
        self.message = InlineMessage()
        self.location_warning = InlineMessage()  # a synced or network folder: warned, not refused
        row = QHBoxLayout()
        row.addWidget(self.location, 1)
        row.addWidget(self.change)
        where = QLabel("Caseload &kept in:")
        where.setBuddy(self.location)
        self.location.setAccessibleName("Caseload kept in")
        self.location.setCursorPosition(0)
        layout = QVBoxLayout(self)
        layout.setSpacing(12)
        layout.addWidget(_intro("What would you like to do?"))
        layout.addWidget(self.real, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.demo, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addSpacing(8)
        layout.addWidget(where)
        layout.addLayout(row)
        layout.addWidget(self.message)
        layout.addWidget(self.location_warning)
        layout.addStretch(1)
        self.real.toggled.connect(self._update)
        self.change.clicked.connect(self._choose_location)
        self._update()

    def is_demo(self) -> bool:
        return self.demo.isChecked()

    def _choose_location(self) -> None:
        chosen, _ = QFileDialog.getSaveFileName(
            self, "Where to keep the caseload", str(self.store_path),
            "IRO Desktop stores (*.irostore)")
        if chosen:
            path = Path(chosen)
            self.store_path = path if path.suffix else path.with_suffix(".irostore")
            self.location.setText(str(self.store_path))
            self._update()

    def _update(self) -> None:
        demo = self.is_demo()
        self.location.setEnabled(not demo)
        self.change.setEnabled(not demo)
        if demo:
            self.location.setText(str(demo_store_path()))
        else:
            self.location.setText(str(self.store_path))
        self.message.clear_message()
        self.location_warning.show_message(
            "" if demo else location_risk(self.store_path) or "", "warning")
        if demo and demo_store_path().exists():
            self.message.show_error(DEMO_EXISTS)
        elif not demo and any(p.exists() for p in store_files(self.store_path)):
            self.message.show_error(
                f"There is already a store at {self.store_path}. Choose another place, or "
                "close this window and open that store.")
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        return self.message.isHidden()

    def nextId(self) -> int:
        return PASSPHRASE


class PassphrasePage(QWizardPage):
    def __init__(self) -> None:
        super().__init__()
        self.setTitle("Choose a passphrase")
        self.setSubTitle("It unlocks IRO Desktop and encrypts everything in it.")
        self.fields = NewPassphraseFields("&Passphrase:")
        warning = QLabel(FORGET_WARNING)
        warning.setWordWrap(True)
        warning.setObjectName("warningBox")
        self.understand = QCheckBox("I &understand")
        self.understand.setAccessibleName("I understand that a forgotten passphrase "
                                          "cannot be recovered")
        layout = QVBoxLayout(self)
        layout.setSpacing(12)
        layout.addWidget(_intro(
            "Use at least 12 characters. Three or four random words are easy to remember "
            "and hard to guess, for example “kettle violet harbour march”."))
        layout.addWidget(self.fields)
        layout.addWidget(warning)
        layout.addWidget(self.understand, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addStretch(1)
        self.fields.changed.connect(self.completeChanged)
        self.understand.toggled.connect(self.completeChanged)

    def isComplete(self) -> bool:
        return self.fields.is_valid() and self.understand.isChecked()

    def nextId(self) -> int:
        wizard = self.wizard()
        assert isinstance(wizard, FirstRunWizard)
        return CREATE if wizard.is_demo() else IRO


class IroPage(QWizardPage):
    def __init__(self) -> None:
        super().__init__()
        self.setTitle("About you")
        self.setSubTitle("Your details go on the minutes and letters you produce.")
        self.name, self.email, self.phone, self.team = (QLineEdit() for _ in range(4))
        self.message = InlineMessage()
        form = new_form()
        add_field(form, "Your na&me (required):", self.name)
        add_field(form, "&Email:", self.email)
        add_field(form, "&Phone:", self.phone)
        add_field(form, "&Team:", self.team)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addStretch(1)
        for field in (self.name, self.email, self.phone, self.team):
            field.textChanged.connect(self._check)

    def details(self) -> IroDetails:
        name, email, phone, team = (f.text().strip()
                                    for f in (self.name, self.email, self.phone, self.team))
        return IroDetails(name=name, email=email, phone=phone, team=team)

    def _check(self) -> None:
        problem = email_problem(self.email.text())
        if not problem and not self.name.text().strip() and (
                self.email.text() or self.phone.text() or self.team.text()):
            problem = "Your name is needed: it goes on every set of minutes."
        self.message.show_error(problem)
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        return bool(self.name.text().strip()) and not email_problem(self.email.text())

    def nextId(self) -> int:
        return PROFILE


class ProfilePage(QWizardPage):
    SECTIONS = (
        ("Your IRO service", (("local_authority", "&Local authority:"),
                              ("service_phone", "IRO service p&hone:"),
                              ("service_email", "IRO service &email:"))),
        ("Independent advocacy service", (("advocacy_name", "Advocacy service na&me:"),
                                          ("advocacy_phone", "Advocacy &phone:"),
                                          ("advocacy_email", "Advoca&cy email:"))),
        ("Complaints", (("complaints_name", "Complaints &unit:"),
                        ("complaints_phone", "Complaints ph&one:"),
                        ("complaints_email", "Complaints ema&il:"))),
    )

    def __init__(self) -> None:
        super().__init__()
        self.setTitle("Your service")
        self.setSubTitle("These appear on minutes and on the letter to the young person. "
                         "You can change them later in Settings.")
        self.edits: dict[str, QLineEdit] = {}
        form = new_form()
        for heading, rows in self.SECTIONS:
            title = QLabel(heading)
            title.setObjectName("sectionHeading")
            form.addRow(title)
            for key, label in rows:
                self.edits[key] = QLineEdit()
                add_field(form, label, self.edits[key])
        self.message = InlineMessage()
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addStretch(1)
        for edit in self.edits.values():
            edit.textChanged.connect(self._check)

    def values(self) -> dict[str, Any]:
        return {key: edit.text().strip() for key, edit in self.edits.items()}

    def _problem(self) -> str:
        for key, what in (("service_email", "IRO service email"),
                          ("advocacy_email", "advocacy email"),
                          ("complaints_email", "complaints email")):
            problem = email_problem(self.edits[key].text(), what)
            if problem:
                return problem
        return ""

    def _check(self) -> None:
        self.message.show_error(self._problem())
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        return not self._problem()

    def nextId(self) -> int:
        return CREATE


class CreatePage(QWizardPage):
    """Creates the store in a worker; Finish is enabled once it exists."""

    def __init__(self) -> None:
        super().__init__()
        self.setTitle("Creating your caseload")
        self.setSubTitle("The store is encrypted with your passphrase as it is made.")
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.bar = QProgressBar()
        self.bar.setAccessibleName("Progress")
        self.bar.setTextVisible(False)
        self.message = InlineMessage()
        layout = QVBoxLayout(self)
        layout.setSpacing(12)
        layout.addWidget(self.status)
        layout.addWidget(self.bar)
        layout.addWidget(self.message)
        layout.addStretch(1)
        self.store: Store | None = None
        self.working = False

    def _wizard(self) -> FirstRunWizard:
        wizard = self.wizard()
        assert isinstance(wizard, FirstRunWizard)
        return wizard

    def initializePage(self) -> None:
        wizard = self._wizard()
        self.message.clear_message()
        self.setTitle("Creating your caseload")
        self.bar.setRange(0, 0)
        self.bar.show()
        what = "the demo caseload" if wizard.is_demo() else "your caseload"
        self.status.setText(f"Creating {what} in {wizard.target_path()}…")
        self.working = True
        # After QWizard has set its buttons for this page, so that ours stick.
        QTimer.singleShot(0, self, self._start)

    def _start(self) -> None:
        wizard = self._wizard()
        wizard.set_busy(True)
        run_task(wizard.build_task(), on_done=self._done, on_error=self._failed,
                 on_progress=self._progress, parent=self)

    def _progress(self, done: int, total: int, text: str) -> None:
        self.bar.setRange(0, max(total, 0))
        if total > 0:
            self.bar.setValue(done)
        if text:
            self.status.setText(text)

    def _done(self, store: Store) -> None:
        self.working = False
        self.store = store
        self.bar.hide()
        self.setTitle("Your caseload is ready")
        self.setSubTitle("Everything in it is encrypted on this laptop.")
        wizard = self._wizard()
        self.status.setText("All set. Choose Finish to open "
                            + ("the demo caseload." if wizard.is_demo() else "your caseload."))
        self.message.show_ok("Remember your passphrase: you will need it every time.")
        self.completeChanged.emit()
        wizard.set_busy(False, created=True)

    def _failed(self, error: BaseException) -> None:
        self.working = False
        self.bar.hide()
        wizard = self._wizard()
        if isinstance(error, StoreExistsError) and wizard.is_demo():
            text = DEMO_EXISTS
        else:
            text = problem_text(
                error, "Creating the store", lead="",
                unexpected="The caseload could not be created. Nothing was saved. Go back and "
                           "try again; if it happens again, contact IT support.")
        self.status.setText("Nothing was created.")
        self.message.show_error(text)
        wizard.set_busy(False)

    def isComplete(self) -> bool:
        return self.store is not None


class FirstRunWizard(QWizard):
    """Creates a store and returns it open; `created_store()` is None if cancelled."""

    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        store_path: Path | None = None,
        kdf: KdfParams = DEFAULT_KDF,
        demo_children: int = DEMO_CHILDREN,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Set up IRO Desktop")
        self.setWizardStyle(QWizard.WizardStyle.ModernStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage, True)
        self.setMinimumSize(680, 620)
        self.kdf = kdf
        self.demo_children = demo_children
        self.welcome = WelcomePage(store_path or default_store_path())
        self.passphrase = PassphrasePage()
        self.iro = IroPage()
        self.profile = ProfilePage()
        self.create_page = CreatePage()
        pages = (self.welcome, self.passphrase, self.iro, self.profile, self.create_page)
        for page_id, page in zip((WELCOME, PASSPHRASE, IRO, PROFILE, CREATE), pages, strict=True):
            self.setPage(page_id, page)
        self.setStartId(WELCOME)
        self.setButtonText(QWizard.WizardButton.FinishButton, "&Finish")
        name_buttons(self)

    def is_demo(self) -> bool:
        return self.welcome.is_demo()

    def created_store(self) -> Store | None:
        return self.create_page.store

    def target_path(self) -> Path:
        return demo_store_path() if self.is_demo() else self.welcome.store_path

    def build_task(self) -> Any:
        """The work done off the GUI thread, with every input captured now."""
        path, passphrase, kdf = self.target_path(), self.passphrase.fields.passphrase(), self.kdf
        demo, children = self.is_demo(), self.demo_children
        details, profile = self.iro.details(), self.profile.values()

        def task(progress: ProgressCallback) -> Store:
            progress(0, 0, "Protecting the store with your passphrase…")
            store = Store.create(path, passphrase, kdf=kdf)
            try:
                if demo:
                    from iro_desktop.services.demo_data import generate_demo

                    generate_demo(store, children=children, progress=progress)
                else:
                    progress(0, 0, "Saving your details…")
                    set_iro_details(store, details)
                    update_profile(store, profile)
            except BaseException:
                store.close()
                for leftover in store_files(path):
                    with contextlib.suppress(OSError):
                        leftover.unlink()
                raise
            return store

        return task

    def set_busy(self, busy: bool, *, created: bool = False) -> None:
        """While creating, and once created, there is no going back or cancelling."""
        for which in (QWizard.WizardButton.BackButton, QWizard.WizardButton.CancelButton):
            self.button(which).setEnabled(not busy and not created)
        if created:
            with QSignalBlocker(self.passphrase):
                self.passphrase.fields.clear()
            self.button(QWizard.WizardButton.FinishButton).setFocus()

    def reject(self) -> None:
        """Not while the store is being made; once made, closing keeps and opens it."""
        if self.create_page.working:
            return
        if self.create_page.store is not None:
            self.accept()
            return
        super().reject()
