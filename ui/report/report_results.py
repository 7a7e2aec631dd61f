"""A produced report on screen: its title, four headline figures, then every table and chart.

The tables are the list the Word and Excel exports print (`reports.layout.report_tables`),
in the same order, each under its section's heading; each chart follows the table it
belongs to, as in the Word document.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QVBoxLayout, QWidget

from iro_desktop.reports.figures import AnnualReport
from iro_desktop.reports.table_model import pct
from ui.report.report_charts import ChartImage
from ui.report.report_period import long_date
from ui.report.report_table import ReportTableView, cell_text
from ui.report.report_tasks import ProducedReport

__all__ = [
    "HEADLINES", "ResultsPanel", "headline_details", "headline_values", "report_title",
]

#: key, caption, what it means (for screen readers and the tooltip)
HEADLINES = (
    ("reviews_held", "Reviews held", "Reviews held in the period"),
    ("children_reviewed", "Children reviewed", "Children with at least one review held"),
    ("timeliness", "Held in time", "Reviews held in time, of those with a due date"),
    (
        "participation_rate",
        "Participation rate",
        "Reviews coded PN1 to PN6, of those coded PN1 to PN7 (children aged 4 and over)",
    ),
)

STYLE = """
QFrame#headlineCard { background: palette(base); border: 1px solid palette(mid);
                      border-radius: 6px; }
QLabel#headlineValue { color: palette(link); font-size: 20pt; font-weight: 600; }
QLabel#headlineCaption { color: palette(text); font-weight: 600; }
QLabel#headlineDetail { color: palette(text); }
QLabel#tableHeading { font-weight: 600; padding-top: 10px; }
QLabel#tableNote { color: palette(text); font-style: italic; }
"""


def headline_values(report: AnnualReport) -> dict[str, str]:
    """The four figures as shown: whole numbers with separators, percentages to one place."""
    timeliness, rate = pct(report.reviews.timeliness), pct(report.participation.rate)
    return {
        "reviews_held": cell_text(report.reviews.held),
        "children_reviewed": cell_text(report.reviews.children_reviewed),
        "timeliness": "–" if timeliness is None else f"{cell_text(timeliness)}%",
        "participation_rate": "–" if rate is None else f"{cell_text(rate)}%",
    }


def report_title(report: AnnualReport) -> str:
    """'1 April 2024 to 31 March 2025, whole service' (or the IRO's or team's name)."""
    p = report.period
    return f"{long_date(p.date_from)} to {long_date(p.date_to)}, {p.scope_label}"


def headline_details(report: AnnualReport) -> dict[str, str]:
    """The counts behind each headline figure, in words."""
    r, rate = report.reviews, report.participation.rate
    return {
        "reviews_held": "in the period",
        "children_reviewed": "with at least one review",
        "timeliness": f"{r.in_time:,} of {r.timed:,} with a due date",
        "participation_rate": f"{rate.numerator:,} of {rate.denominator:,} coded PN1–PN7",
    }


class ResultsPanel(QWidget):
    """Shows one produced report; `tables`, `charts` and `headline` name what is on it."""

    def __init__(self, produced: ProducedReport, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.produced = produced
        self.setObjectName("reportResults")
        self.setAccessibleName("Report figures")
        self.setStyleSheet(STYLE)
        self.tables: dict[str, ReportTableView] = {}
        self.charts: dict[str, ChartImage] = {}
        self.headline: dict[str, QLabel] = {}
        #: (text, level, widget) for the contents list: level 0 a section, 1 a table
        self.anchors: list[tuple[str, int, QWidget]] = []
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 16)
        layout.setSpacing(6)
        report = produced.report
        service = report.period.service_name or "Independent Reviewing Service"
        title = QLabel(f"{service}: annual report")
        title.setObjectName("dialogHeading")
        title.setWordWrap(True)
        where = report.period.local_authority
        period = QLabel(f"{where}: {report_title(report)}" if where else report_title(report))
        period.setObjectName("pageIntro")
        period.setWordWrap(True)
        layout.addWidget(title)
        layout.addWidget(period)
        cards = self._headline_cards(report)
        layout.addWidget(cards)
        self.anchors.append(("Headline figures", 0, title))
        self._add_tables(layout)
        layout.addStretch(1)

    def _headline_cards(self, report: AnnualReport) -> QWidget:
        box = QWidget()
        grid = QGridLayout(box)
        grid.setContentsMargins(0, 8, 0, 8)
        grid.setHorizontalSpacing(12)
        values, details = headline_values(report), headline_details(report)
        for column, (key, caption, meaning) in enumerate(HEADLINES):
            card = QFrame()
            card.setObjectName("headlineCard")
            card.setMinimumWidth(130)
            inner = QVBoxLayout(card)
            inner.setContentsMargins(14, 10, 14, 10)
            value = QLabel(values[key])
            value.setObjectName("headlineValue")
            value.setAccessibleName(f"{caption}: {values[key]}")
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            label = QLabel(caption)
            label.setObjectName("headlineCaption")
            label.setWordWrap(True)
            detail = QLabel(details[key])
            detail.setObjectName("headlineDetail")
            detail.setWordWrap(True)
            value.setAccessibleDescription(f"{meaning}: {details[key]}")
            card.setToolTip(meaning)
            inner.addWidget(value)
            inner.addWidget(label)
            inner.addWidget(detail)
            grid.addWidget(card, 0, column)
            self.headline[key] = value
        grid.setColumnStretch(len(HEADLINES), 1)
        return box

    def _add_tables(self, layout: QVBoxLayout) -> None:
        charts = {chart.data.after: chart for chart in self.produced.charts}
        section = ""
        for table in self.produced.tables:
            if table.section != section:
                section = table.section
                heading = QLabel(section)
                heading.setObjectName("sectionHeading")
                heading.setWordWrap(True)
                layout.addSpacing(8)
                layout.addWidget(heading)
                self.anchors.append((section, 0, heading))
            heading = QLabel(table.title)
            heading.setObjectName("tableHeading")
            heading.setWordWrap(True)
            layout.addWidget(heading)
            self.anchors.append((table.title, 1, heading))
            if table.rows:
                view = ReportTableView(table)
                heading.setBuddy(view)
                self.tables[table.key] = view
                layout.addWidget(view)
            else:
                layout.addWidget(QLabel("None in this period."))
            if table.note:
                note = QLabel(table.note)
                note.setObjectName("tableNote")
                note.setWordWrap(True)
                layout.addWidget(note)
            chart = charts.get(table.key)
            if chart is not None:
                image = ChartImage(chart)
                self.charts[chart.data.key] = image
                layout.addSpacing(6)
                layout.addWidget(image)

    def fit_charts(self, width: int) -> None:
        """Fit the charts to `width`, the width of the page the panel is shown in."""
        layout = self.layout()
        assert layout is not None  # the page's layout is set once, when the panel is built
        margins = layout.contentsMargins()
        for chart in self.charts.values():
            chart.fit(width - margins.left() - margins.right())

    def focus_order(self) -> list[QWidget]:
        """The tables in reading order: Tab moves down the report one table at a time."""
        return list(self.tables.values())
