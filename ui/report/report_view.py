"""The annual report screen: pick a period and scope, produce the report, read it, save it.

The report is computed and its charts drawn in a worker (`ui.common.workers.run_task`) while a
progress bar follows the core's steps, so the window never freezes; the exports are
written in a worker too. What is on screen is one produced report (`produced`): the
exports save exactly that, whatever the period controls say now.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, QObject, QStandardPaths, Qt, Signal
from PySide6.QtGui import QAccessible, QAccessibleAnnouncementEvent
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from iro_desktop.reports import EXPORT_FORMATS, ReportScope, export_format
from iro_desktop.services.annual_report import (
    WHOLE_SERVICE,
    ScopeChoice,
    default_file_name,
    scope_choices,
    with_suffix,
)
from iro_desktop.store import Store
from ui.common.widgets_common import InlineMessage
from ui.common.workers import run_task
from ui.report.report_contents import ReportContents
from ui.report.report_period import PeriodPicker
from ui.report.report_results import ResultsPanel, report_title
from ui.report.report_tasks import (
    TOTAL_STEPS,
    ProducedReport,
    export_report,
    problem_text,
    produce_report,
)

__all__ = ["ReportView"]

PLACEHOLDER = (
    "Choose a period and a scope, then press Produce report. The figures, tables and charts "
    "appear here, and can then be saved as a Word document, an Excel workbook or JSON."
)


class ReportView(QWidget):
    """`produced_ready` fires when a report is on screen; `exported(path)` after a save."""

    produced_ready = Signal()
    exported = Signal(str)

    def __init__(
        self, store: Store, today: Callable[[], date] = date.today, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.store, self.today = store, today
        self.produced: ProducedReport | None = None
        self.results: ResultsPanel | None = None
        self._busy = ""
        self._generation = 0
        self._folder = Path(
            QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
            or Path.home()
        )
        self.setObjectName("reportView")
        self.setAccessibleName("Annual report")
        self._build()
        self._connect()
        self._load_scopes()

    # -- building ----------------------------------------------------------------------

    def _build(self) -> None:
        self.period = PeriodPicker(self.today)
        self.scope = QComboBox()
        self.scope.addItem(WHOLE_SERVICE.label, WHOLE_SERVICE)
        self.scope.setAccessibleName("Scope")
        self.scope.setAccessibleDescription("The whole service, one IRO or one team")
        self.scope.setToolTip("The whole service, one IRO or one team")
        self.scope.setMinimumContentsLength(18)
        self.scope.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        scope_label = QLabel("&Scope:")
        scope_label.setBuddy(self.scope)
        self.produce_button = QPushButton("&Produce report")
        self.produce_button.setAccessibleName("Produce report")
        self.produce_button.setToolTip("Work out every figure of the report for this period")
        self.produce_button.setDefault(True)
        self.progress = QProgressBar()
        self.progress.setAccessibleName("Producing the report")
        self.progress.setRange(0, TOTAL_STEPS)
        self.progress.setMinimumWidth(260)
        self.progress.hide()
        self.message = InlineMessage()
        self.message.setAccessibleName("Report message")

        controls = QHBoxLayout()
        controls.addWidget(self.period)
        controls.addWidget(scope_label)
        controls.addWidget(self.scope)
        controls.addSpacing(8)
        controls.addWidget(self.produce_button)
        controls.addStretch(1)

        self.export_buttons: dict[str, QPushButton] = {}
        exports = QHBoxLayout()
        exports.addWidget(self.progress)
        exports.addStretch(1)
        for fmt in EXPORT_FORMATS:
            button = QPushButton(f"Save as &{fmt.short}…")
            button.setAccessibleName(f"Save as {fmt.short}")
            button.setToolTip(f"Save the report as {fmt.name}: {fmt.contents}")
            button.setEnabled(False)
            self.export_buttons[fmt.code] = button
            exports.addWidget(button)

        self.placeholder = QLabel(PLACEHOLDER)
        self.placeholder.setObjectName("pageIntro")
        self.placeholder.setWordWrap(True)
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.placeholder.setContentsMargins(12, 12, 12, 12)
        self.scroll_area = QScrollArea()
        self.scroll_area.setAccessibleName("Report")
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setWidget(self.placeholder)
        self.scroll_area.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.scroll_area.viewport().installEventFilter(self)
        self.contents = ReportContents(self.scroll_area)
        self.contents.hide()
        body = QHBoxLayout()
        body.addWidget(self.contents)
        body.addWidget(self.scroll_area, 1)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 10, 10, 6)
        layout.addLayout(controls)
        layout.addLayout(exports)
        layout.addWidget(self.message)
        layout.addLayout(body, 1)
        self._chain_tab_order([])

    def _connect(self) -> None:
        self.produce_button.clicked.connect(self.produce)
        self.period.changed.connect(self._choice_changed)
        self.scope.currentIndexChanged.connect(self._choice_changed)
        for kind, button in self.export_buttons.items():
            button.clicked.connect(lambda _checked=False, k=kind: self.ask_and_export(k))

    def _chain_tab_order(self, tables: list[QWidget]) -> None:
        """Left to right along the controls, then the save buttons, then down the report."""
        chain: list[QWidget] = [
            self.period.preset,
            self.period.date_from,
            self.period.date_to,
            self.scope,
            self.produce_button,
            *self.export_buttons.values(),
            self.contents,
            *tables,
        ]
        for first, second in zip(chain, chain[1:], strict=False):
            QWidget.setTabOrder(first, second)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        """Charts follow the page's width, so a narrow window needs no sideways scrolling."""
        if (
            event.type() == QEvent.Type.Resize
            and watched is self.scroll_area.viewport()
            and self.results is not None
        ):
            self.results.fit_charts(self.scroll_area.viewport().width())
        return super().eventFilter(watched, event)

    # -- scope choices -----------------------------------------------------------------

    def _load_scopes(self) -> None:
        store = self.store
        run_task(
            lambda _progress: scope_choices(store),
            on_done=self._scopes_loaded,
            on_error=lambda exc: self.message.show_error(
                problem_text(exc, "Listing the IROs and teams")
            ),
            parent=self,
        )

    def _scopes_loaded(self, choices: list[ScopeChoice]) -> None:
        current = self.scope.currentData()
        self.scope.blockSignals(True)
        try:
            self.scope.clear()
            for choice in choices:
                self.scope.addItem(choice.label, choice)
            found = self.scope.findText(current.label) if current else -1
            self.scope.setCurrentIndex(max(found, 0))
        finally:
            self.scope.blockSignals(False)

    def choose_scope(self, label: str) -> None:
        """Pick a scope by the text shown ('IRO: Alex Moor', 'Team: North', 'Whole service')."""
        index = self.scope.findText(label)
        if index < 0:
            raise LookupError(f"No scope called {label!r}")
        self.scope.setCurrentIndex(index)

    def current_scope(self) -> ReportScope:
        """The scope the controls describe (raises ScopeError when the dates are reversed)."""
        start, end = self.period.period()
        choice = self.scope.currentData()
        if not isinstance(choice, ScopeChoice):
            choice = WHOLE_SERVICE
        return choice.scope(start, end)

    # -- producing ---------------------------------------------------------------------

    def is_busy(self) -> bool:
        return bool(self._busy)

    def produce(self) -> None:
        """Start producing the report for the period and scope chosen."""
        problem = self.period.problem()
        if problem:
            self.message.show_error(problem)
            self.period.date_to.setFocus(Qt.FocusReason.OtherFocusReason)
            return
        if self.is_busy():
            return
        scope, store, ratio = self.current_scope(), self.store, self.devicePixelRatioF()
        self._generation += 1
        generation = self._generation
        self._set_busy("Producing the report")
        self.message.show_info("Producing the report…")
        run_task(
            lambda progress: produce_report(store, scope, progress, pixel_ratio=ratio),
            on_done=lambda produced: self._produced(generation, produced),
            on_error=lambda exc: self._failed(generation, exc, "Producing the report"),
            on_progress=self._progressed,
            parent=self,
        )

    def _progressed(self, done: int, total: int, what: str) -> None:
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(min(done, total))
        self.progress.setFormat(f"{what} (%p%)" if what else "%p%")
        self.progress.setAccessibleDescription(f"Step {done} of {total}: {what}")

    def _produced(self, generation: int, produced: ProducedReport) -> None:
        if generation != self._generation:
            return
        self.produced = produced
        self._set_busy("")
        self.results = ResultsPanel(produced)
        self.results.fit_charts(self.scroll_area.viewport().width())
        self.scroll_area.setWidget(self.results)  # the old panel is deleted by the scroll area
        self.scroll_area.verticalScrollBar().setValue(0)
        self.contents.set_anchors(self.results.anchors)
        self.contents.show()
        self._chain_tab_order(self.results.focus_order())
        text = f"The report is ready: {report_title(produced.report)}."
        self.message.show_ok(text)
        _announce(self, text)
        self.produced_ready.emit()

    def _failed(self, generation: int, exc: BaseException, doing: str) -> None:
        if generation != self._generation:
            return
        self._set_busy("")
        self.message.show_error(problem_text(exc, doing))

    def _choice_changed(self) -> None:
        problem = self.period.problem()
        if problem:
            self.message.show_error(problem)
        elif self.produced is not None and not self.is_busy():
            shown = self.produced.scope
            try:
                same = self.current_scope() == shown
            except ValueError:
                same = False
            if same:
                self.message.clear_message()
            else:
                self.message.show_info(
                    f"The figures below are for {report_title(self.produced.report)}. "
                    "Press Produce report to see the period and scope now chosen."
                )
        elif not self.is_busy():
            self.message.clear_message()
        self.produce_button.setEnabled(not problem and not self.is_busy())

    def _set_busy(self, what: str) -> None:
        self._busy = what
        busy = bool(what)
        self.produce_button.setEnabled(not busy and not self.period.problem())
        for button in self.export_buttons.values():
            button.setEnabled(not busy and self.produced is not None)
        self.progress.setVisible(busy)
        if busy:
            self.progress.setAccessibleName(what)
            self.progress.setRange(0, 0)  # moving until the first step reports
            self.progress.setFormat(what)
        if busy:
            self.setCursor(Qt.CursorShape.BusyCursor)
        else:
            self.unsetCursor()

    # -- exporting ---------------------------------------------------------------------

    def default_file_name(self, kind: str) -> str:
        assert self.produced is not None
        return default_file_name(self.produced.scope, kind)

    def ask_and_export(self, kind: str) -> None:
        """Ask where to save (a file dialog), then `export_to` that file."""
        if self.produced is None:
            return
        export = export_format(kind)
        chosen, _filter = QFileDialog.getSaveFileName(
            self,
            f"Save the report as {export.name}",
            str(self._folder / self.default_file_name(kind)),
            f"{export.label} (*{export.suffix})",
        )
        if chosen:
            self.export_to(Path(chosen), kind)

    def export_to(self, path: Path | str, kind: str) -> None:
        """Write the report on screen to `path` (suffix added if missing) in a worker."""
        doing = f"Saving the report as {export_format(kind).name}"
        if self.produced is None:
            self.message.show_error(f"{doing} did not work: produce the report first.")
            return
        if self.is_busy():
            return
        target, report = with_suffix(Path(path), kind), self.produced.report
        self._folder = target.parent
        self._set_busy(doing)
        self.message.show_info(f"{doing}…")
        self._generation += 1
        generation = self._generation
        run_task(
            lambda _progress: export_report(report, target, kind),
            on_done=lambda written: self._exported(generation, written, kind),
            on_error=lambda exc: self._export_failed(generation, exc, doing),
            parent=self,
        )

    def _exported(self, generation: int, path: Path, kind: str) -> None:
        if generation != self._generation:
            return
        self._set_busy("")
        text = f"Saved the report as {export_format(kind).name}: {path}"
        self.message.show_ok(text)
        _announce(self, text)
        self.exported.emit(str(path))

    def _export_failed(self, generation: int, exc: BaseException, doing: str) -> None:
        if generation != self._generation:
            return
        self._set_busy("")
        self.message.show_error(problem_text(exc, doing))


def _announce(widget: Any, text: str) -> None:
    """Tell a screen reader, politely, that something has finished."""
    event = QAccessibleAnnouncementEvent(widget, text)
    event.setPoliteness(QAccessible.AnnouncementPoliteness.Polite)
    QAccessible.updateAccessibility(event)
