"""A challenge: the form that raises one (blank, or pre-filled from an audit) and, once raised,
its detail view with escalation, responses and closure (`qa_challenge_detail`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import date

from PySide6.QtCore import QSortFilterProxyModel, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from iro_desktop.domain.codes import code_list
from iro_desktop.domain.validation import ValidationError
from iro_desktop.services.challenges import ChallengeInput, raise_challenge
from iro_desktop.store import Store
from ui.common.error_message import problem_text
from ui.common.form_fields import CodeCombo, OptionalDateEdit
from ui.common.task_runner import Runner, run_now
from ui.common.widgets_common import InlineMessage, new_form
from ui.qa.qa_challenge_detail import ChallengeDetailView
from ui.qa.qa_fields import (
    MESSAGE_STYLE,
    FieldErrors,
    add_checked_field,
    child_heading,
    error_label,
    field_cell,
    heading,
    text_box,
)

CODE_ROLE = Qt.ItemDataRole.UserRole + 1
SEARCH_ROLE = Qt.ItemDataRole.UserRole + 2


class CategoryPicker(QWidget):
    """The challenge categories grouped by area, each with a tick box, and a box to find them."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.search = QLineEdit()
        self.search.setPlaceholderText("Type to find a category, e.g. PEP, drift, health")
        self.search.setAccessibleName("Find a category")
        self.search.setClearButtonEnabled(True)
        self.model = QStandardItemModel(self)
        self._items: dict[str, QStandardItem] = {}
        groups: dict[str, QStandardItem] = {}
        for code in code_list("challenge_category").active():
            group = groups.get(code.group)
            if group is None:
                group = groups[code.group] = QStandardItem(code.group)
                group.setFlags(Qt.ItemFlag.ItemIsEnabled)
                group.setData(code.group, SEARCH_ROLE)
                self.model.appendRow(group)
            issue = code.label.removeprefix(f"{code.group} – ")
            item = QStandardItem(issue)
            item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
                          | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            item.setData(code.code, CODE_ROLE)
            item.setData(code.label, SEARCH_ROLE)
            item.setData(code.label, Qt.ItemDataRole.ToolTipRole)
            item.setData(code.label, Qt.ItemDataRole.AccessibleTextRole)
            group.appendRow(item)
            self._items[code.code] = item
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setFilterRole(SEARCH_ROLE)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.proxy.setRecursiveFilteringEnabled(True)
        self.tree = QTreeView()
        self.tree.setModel(self.proxy)
        self.tree.setHeaderHidden(True)
        self.tree.setUniformRowHeights(True)
        self.tree.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.tree.setAccessibleName("Challenge categories")
        self.tree.setAccessibleDescription("Tick every category that applies: Space ticks the "
                                           "selected category.")
        self.tree.setMinimumHeight(220)
        self.tree.expandAll()
        self.chosen = QLabel()
        self.chosen.setWordWrap(True)
        self.chosen.setAccessibleName("Categories chosen")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.search)
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.chosen)
        self.search.textChanged.connect(self._filter)
        self.search.returnPressed.connect(lambda: self.tree.setFocus())
        self.model.itemChanged.connect(self._item_changed)
        self._show_chosen()

    def _filter(self, text: str) -> None:
        self.proxy.setFilterFixedString(text.strip())
        self.tree.expandAll()
        first = self.proxy.index(0, 0)
        if first.isValid() and self.proxy.rowCount(first):
            self.tree.setCurrentIndex(self.proxy.index(0, 0, first))

    def _item_changed(self, _item: QStandardItem) -> None:
        self._show_chosen()
        self.changed.emit()

    def _show_chosen(self) -> None:
        labels = code_list("challenge_category")
        chosen = [labels.label(code) for code in self.codes()]
        self.chosen.setText(f"{len(chosen)} chosen: " + "; ".join(chosen) if chosen
                            else "No category chosen yet: choose at least one.")

    def codes(self) -> list[str]:
        """The ticked categories, in the order of the list."""
        return [code for code, item in self._items.items()
                if item.checkState() == Qt.CheckState.Checked]

    def set_codes(self, codes: Sequence[str]) -> None:
        for code, item in self._items.items():
            item.setCheckState(Qt.CheckState.Checked if code in codes
                               else Qt.CheckState.Unchecked)

    def set_checked(self, code: str, checked: bool = True) -> None:
        self._items[code].setCheckState(Qt.CheckState.Checked if checked
                                        else Qt.CheckState.Unchecked)


class NewChallengePanel(QWidget):
    """The fields of a new challenge; ``entry()`` reads them on top of the links it came with."""

    def __init__(self, entry: ChallengeInput, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._entry = entry
        self.title = heading("New challenge", name="Challenge heading")
        self.note = InlineMessage()
        self.message = InlineMessage()
        self.errors = FieldErrors(self.message)
        self.categories = CategoryPicker()
        self.concern = text_box(5, "What is wrong with the plan, and what needs to happen")
        self.addressed_to = QLineEdit()
        self.addressed_to.setPlaceholderText("e.g. the team manager's name and team")
        self.raised_on = OptionalDateEdit()
        self.first_stage = CodeCombo("challenge_stage", show_code=False, blank="None yet")
        self.first_stage_started_on = OptionalDateEdit()
        form = new_form()
        label = QLabel("&Categories:")
        label.setBuddy(self.categories.search)
        error = error_label("Categories")
        self.errors.register("categories", self.categories.tree, error)
        form.addRow(label, field_cell(self.categories, error))
        add_checked_field(form, self.errors, "concern", "C&oncern:", self.concern)
        add_checked_field(form, self.errors, "addressed_to", "&Addressed to:", self.addressed_to)
        add_checked_field(form, self.errors, "raised_on", "Date rai&sed:", self.raised_on)
        add_checked_field(form, self.errors, "first_stage", "&First stage (optional):",
                          self.first_stage,
                          description="Informal resolution, a formal stage, or a Cafcass referral")
        add_checked_field(form, self.errors, "first_stage_started_on", "First stage s&tarted:",
                          self.first_stage_started_on,
                          description="Leave as Not entered to use the date raised")
        self.save_button = QPushButton("&Raise challenge")
        self.save_button.setAccessibleName("Raise challenge")
        self.save_button.setToolTip("Save the challenge (Ctrl+S)")
        buttons = QHBoxLayout()
        buttons.addWidget(self.message, 1)
        buttons.addStretch(0)
        buttons.addWidget(self.save_button, 0, Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.addWidget(self.title)
        layout.addWidget(self.note)
        layout.addLayout(form)
        layout.addLayout(buttons)
        layout.addStretch(1)
        self.first_stage.currentIndexChanged.connect(self._stage_changed)
        for name, signal in (("concern", self.concern.textChanged),
                             ("categories", self.categories.changed),
                             ("raised_on", self.raised_on.dateChanged),
                             ("first_stage_started_on", self.first_stage_started_on.dateChanged)):
            signal.connect(lambda *_, n=name: self.errors.clear_field(n))
        order = [self.categories.search, self.categories.tree, self.concern, self.addressed_to,
                 self.raised_on, self.first_stage, self.first_stage_started_on, self.save_button]
        for first, second in zip(order, order[1:], strict=False):
            QWidget.setTabOrder(first, second)
        self.show_entry(entry)

    def show_entry(self, entry: ChallengeInput) -> None:
        self._entry = replace(entry)
        self.categories.set_codes(entry.categories)
        self.concern.setPlainText(entry.concern)
        self.addressed_to.setText(entry.addressed_to)
        self.raised_on.set_value(entry.raised_on)
        self.first_stage.set_code(entry.first_stage)
        self.first_stage_started_on.set_value(entry.first_stage_started_on)
        self._entry = self.entry()  # categories in list order, as the picker reads them
        if entry.mandatory:
            self.note.show_message("Mandatory: the last two audits of this child were graded "
                                   "Needs Improvement. This form is filled in from the audit; "
                                   "check it before raising the challenge.", "warning")
        elif entry.audit_id:
            self.note.show_info("Filled in from the audit: check it before raising the "
                                "challenge.")
        self._stage_changed()

    def _stage_changed(self) -> None:
        self.first_stage_started_on.setEnabled(bool(self.first_stage.code()))
        self.errors.clear_field("first_stage")

    def entry(self) -> ChallengeInput:
        stage = self.first_stage.code() or None
        return replace(self._entry, categories=self.categories.codes(),
                       concern=self.concern.toPlainText(), addressed_to=self.addressed_to.text(),
                       raised_on=self.raised_on.value(), first_stage=stage,
                       first_stage_started_on=self.first_stage_started_on.value() if stage
                       else None)

    def is_dirty(self) -> bool:
        return self.entry() != self._entry


class ChallengeForm(QWidget):
    """Raise a challenge (from ``entry``, or blank for ``child_id``) or show ``challenge_id``."""

    saved = Signal(str)  # a challenge was raised
    changed = Signal(str)  # an existing challenge was escalated, answered, closed or reopened
    title_changed = Signal(str)

    def __init__(self, store: Store, entry: ChallengeInput | None = None, *,
                 child_id: str | None = None, challenge_id: str | None = None,
                 today: Callable[[], date] = date.today, runner: Runner = run_now,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        if entry is None and child_id is None and challenge_id is None:
            raise ValueError("A challenge form needs a challenge, a pre-filled form or a child.")
        self._store, self._today, self._run = store, today, runner
        self.challenge_id = challenge_id
        self._busy = False
        self._heading = ""
        self.setAccessibleName("Challenge")
        self.setStyleSheet(MESSAGE_STYLE)
        self.detail = ChallengeDetailView(store, today, runner)
        self.stack = QStackedWidget()
        self.new: NewChallengePanel | None = None
        if challenge_id is None:
            start = entry or ChallengeInput(child_id=child_id or "", raised_on=today())
            if start.raised_on is None:
                start = replace(start, raised_on=today())
            self.new = NewChallengePanel(start)
            self.stack.addWidget(self._scrolled(self.new))
            self.new.save_button.clicked.connect(self.save)
            self._load_heading(start.child_id)
        self.stack.addWidget(self._scrolled(self.detail))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack)
        shortcut = QShortcut(QKeySequence.StandardKey.Save, self)
        shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        shortcut.activated.connect(self.save)
        self.detail.changed.connect(self._detail_changed)
        self.detail.loaded.connect(self._detail_loaded)
        if challenge_id is not None:
            self.detail.load(challenge_id)

    @staticmethod
    def _scrolled(widget: QWidget) -> QScrollArea:
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        scroll.setWidget(widget)
        return scroll

    def _load_heading(self, child_id: str) -> None:
        store = self._store
        self._run(lambda: child_heading(store, child_id), self._heading_loaded,
                  self._heading_failed)

    def _heading_failed(self, exc: BaseException) -> None:
        text = problem_text(exc, "Opening the child's record")
        if self.new is not None:
            self.new.message.show_error(text)

    def _heading_loaded(self, text: str) -> None:
        self._heading = text
        if self.new is not None:
            self.new.title.setText(f"New challenge: {text}")
        self.title_changed.emit(self.tab_title())

    def has_unsaved_changes(self) -> bool:
        return self.challenge_id is None and self.new is not None and self.new.is_dirty()

    def tab_title(self) -> str:
        if self.challenge_id is None:
            return f"New challenge: {self._heading}" if self._heading else "New challenge"
        return f"Challenge: {self._heading}" if self._heading else "Challenge"

    def save(self) -> None:
        if self.new is None or self.challenge_id is not None or self._busy:
            return
        entry, store, today = self.new.entry(), self._store, self._today()
        self.new.errors.clear()
        self._busy = True
        self.new.save_button.setEnabled(False)
        self._run(lambda: raise_challenge(store, entry, today), self._raised, self._failed)

    def _raised(self, challenge_id: str) -> None:
        self._busy = False
        self.challenge_id = challenge_id
        self.stack.setCurrentIndex(1)
        self.detail.load(challenge_id, "Challenge raised.")
        self.detail.setFocus(Qt.FocusReason.OtherFocusReason)
        self.saved.emit(challenge_id)

    def _failed(self, exc: BaseException) -> None:
        self._busy = False
        assert self.new is not None
        self.new.save_button.setEnabled(True)
        if isinstance(exc, ValidationError):
            self.new.errors.show(exc.errors)
        else:
            self.new.message.show_error(problem_text(exc, "Raising the challenge"))

    def _detail_loaded(self, heading_text: str) -> None:
        self._heading = heading_text
        self.title_changed.emit(self.tab_title())

    def _detail_changed(self) -> None:
        if self.challenge_id is not None:
            self.changed.emit(self.challenge_id)
