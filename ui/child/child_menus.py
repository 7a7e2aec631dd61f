"""The Child and Quality assurance menus: the record's buttons, with shortcuts, for the tab shown.

Each action works on the child's record in the current tab (or, from a review editor, on
nothing: its own buttons serve it) and is disabled when there is no saved child to act on.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu, QMenuBar, QWidget

from ui.child.child_record import ChildRecord


class ChildMenus(QObject):
    """Builds both menus into ``menu_bar``; ``current()`` gives the record shown, if any."""

    def __init__(self, window: QWidget, menu_bar: QMenuBar,
                 current: Callable[[], ChildRecord | None],
                 open_qa_lists: Callable[[], object]) -> None:
        super().__init__(window)
        self.window, self.current = window, current
        self.record_actions: list[QAction] = []
        self.child_menu: QMenu = menu_bar.addMenu("&Child")
        self.new_review = self._record_action(
            "New &review", ChildRecord.new_review, "Ctrl+R",
            "Start the next review of the child shown, or carry on with the one started")
        self.note = self._record_action(
            "Add monitoring &note", ChildRecord.add_note, "Ctrl+Shift+M",
            "A midway review or monitoring note in the child's timeline")
        self.consult = self._record_action(
            "Start consultation with the &young person…", ChildRecord.start_consultation,
            "Ctrl+Shift+Y", "The child answers questions before their review on this laptop, "
            "in young person mode; you leave it with your passphrase")
        self.child_menu.addActions([self.new_review, self.note, self.consult])

        self.qa_menu: QMenu = menu_bar.addMenu("&Quality assurance")
        self.qa_lists = QAction("QA &lists", window)
        self.qa_lists.setShortcut(QKeySequence("Ctrl+Shift+Q"))
        self.qa_lists.setStatusTip("Audits, challenges and good practice")
        self.qa_lists.triggered.connect(lambda: open_qa_lists())
        self.qa_menu.addAction(self.qa_lists)
        self.qa_menu.addSeparator()
        self.audit = self._record_action("&Audit this review", ChildRecord.audit_review,
                                         tip="Audit the review selected in the child's "
                                             "timeline, or the latest review held")
        self.challenge = self._record_action("Raise a &challenge", ChildRecord.raise_challenge)
        self.good_practice = self._record_action("Record &good practice",
                                                 ChildRecord.record_good_practice)
        self.child_qa = self._record_action("QA for this c&hild", ChildRecord.show_qa)
        self.qa_menu.addActions([self.audit, self.challenge, self.good_practice,
                                 self.child_qa])
        for menu in (self.child_menu, self.qa_menu):
            menu.aboutToShow.connect(self.update)
        self.update()

    def _record_action(self, text: str, method: Callable[[ChildRecord], None],
                       shortcut: str = "", tip: str = "") -> QAction:
        action = QAction(text, self.window)
        if shortcut:
            action.setShortcut(QKeySequence(shortcut))
        if tip:
            action.setStatusTip(tip)
        action.triggered.connect(lambda: self._on_record(method))
        self.record_actions.append(action)
        return action

    def _on_record(self, method: Callable[[ChildRecord], None]) -> None:
        record = self.current()
        if record is not None and record.child_id is not None:
            method(record)

    def update(self) -> None:
        """Enable the record actions only while a saved child's record is shown."""
        record = self.current()
        saved = record is not None and record.child_id is not None
        for action in self.record_actions:
            action.setEnabled(saved)
        self.consult.setEnabled(saved and record is not None and not record.consult_refusal())
