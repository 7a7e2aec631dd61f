"""The report's charts: drawn to PNG in the worker, shown as images that describe themselves.

`draw_charts` runs on the worker thread and is the only place the view's code reaches
matplotlib (through `iro_desktop.reports.charts.render`, which imports it on first use).
matplotlib keeps shared state (font caches, text layout) that is not safe to use from
two threads at once, so every drawing holds `chart_lock`. `ChartImage` shows the PNG with
the same title and alt text the Word export gives the picture.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from PySide6.QtCore import Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QLabel, QSizePolicy, QWidget

from iro_desktop.reports.charts import Chart, chart_data, render
from iro_desktop.reports.figures import AnnualReport

__all__ = ["CHART_STEPS", "ChartImage", "chart_lock", "draw_charts"]

#: At most this many charts (participation, timeliness, audits, challenges, looked after).
CHART_STEPS = 5
#: The resolution `render` draws at for a standard screen; high-DPI screens get more.
BASE_DPI = 150
#: Charts are shown this wide (in points) when there is room, narrower when there is not:
#: wide enough that the smallest labels (7 pt at 150 dpi) read at about 12 points.
CHART_WIDTH = 900

_lock = threading.Lock()


@contextmanager
def chart_lock() -> Iterator[None]:
    with _lock:
        yield


def draw_charts(
    report: AnnualReport,
    progress: Callable[[int, str], None] | None = None,
    *,
    pixel_ratio: float = 1.0,
) -> tuple[Chart, ...]:
    """Every chart worth drawing, as PNG bytes; `progress(done, what)` after each one.

    `pixel_ratio` is the screen's device pixel ratio: a high-DPI screen gets a sharper image.
    """
    drawn: list[Chart] = []
    dpi = round(BASE_DPI * min(max(pixel_ratio, 1.0), 3.0))
    with chart_lock():
        for data in chart_data(report):
            drawn.append(Chart(data, render(data, dpi=dpi)))
            if progress is not None:
                progress(len(drawn), f"Drawing the charts: {data.title}")
    return tuple(drawn)


class ChartImage(QLabel):
    """One chart as a picture; its accessible name is the title, its description the alt text.

    `fit(width)` shows it at most `CHART_WIDTH` points wide, scaled smoothly to fit.
    """

    def __init__(self, chart: Chart, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.chart = chart
        self._original = QPixmap()
        self._shown_width = 0
        if not self._original.loadFromData(chart.png, "PNG"):
            self.setText(f"{chart.data.title}: the chart could not be shown.")
        self.setObjectName("reportChart")
        self.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.setAccessibleName(f"Chart: {chart.data.title}")
        self.setAccessibleDescription(chart.data.alt_text)
        self.setToolTip(chart.data.alt_text)
        self.fit(CHART_WIDTH)

    @property
    def alt_text(self) -> str:
        return self.chart.data.alt_text

    def fit(self, width: int) -> None:
        if self._original.isNull():
            return
        logical = max(200, min(CHART_WIDTH, width))
        if logical == self._shown_width:
            return
        self._shown_width = logical
        wanted = round(logical * max(self.devicePixelRatioF(), 1.0))
        pixmap = self._original
        if pixmap.width() > wanted:
            pixmap = pixmap.scaledToWidth(wanted, Qt.TransformationMode.SmoothTransformation)
        pixmap.setDevicePixelRatio(pixmap.width() / logical)
        self.setPixmap(pixmap)
