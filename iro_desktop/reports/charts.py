"""The report's charts as PNG images, each with alt text that states what it shows.

matplotlib is imported inside `render` (it takes a moment to load and the CLI's JSON
output never needs it) and draws on the Agg canvas directly, without pyplot, so it never
touches the application's Qt event loop or any global backend setting.
"""

from __future__ import annotations

import io
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from .figures import AnnualReport

__all__ = ["Chart", "ChartData", "chart_data", "render", "report_charts"]

Kind = Literal["bar", "barh", "line"]
TOP_CATEGORIES = 12


@dataclass(frozen=True, slots=True)
class ChartData:
    """What to draw: `after` is the key of the table the chart belongs under."""

    key: str
    after: str
    title: str
    kind: Kind
    labels: tuple[str, ...]
    values: tuple[float, ...]
    y_label: str
    alt_text: str


@dataclass(frozen=True, slots=True)
class Chart:
    data: ChartData
    png: bytes


def _listing(labels: Sequence[str], values: Sequence[float], unit: str = "") -> str:
    return "; ".join(
        f"{label}: {value:g}{unit}" for label, value in zip(labels, values, strict=True)
    )


def _trend(labels: Sequence[str], values: Sequence[float], unit: str, table: str) -> str:
    low = min(range(len(values)), key=values.__getitem__)
    high = max(range(len(values)), key=values.__getitem__)
    return (
        f"From {labels[0]} to {labels[-1]}: first {values[0]:g}{unit}, last "
        f"{values[-1]:g}{unit}, lowest {values[low]:g}{unit} ({labels[low]}), highest "
        f"{values[high]:g}{unit} ({labels[high]}). The table '{table}' gives every value."
    )


def chart_data(report: AnnualReport) -> list[ChartData]:
    """The charts worth drawing: a chart with nothing to show is left out."""
    charts: list[ChartData] = []
    pn = report.participation.by_code
    if any(c.count for c in pn):
        labels, values = tuple(c.code for c in pn), tuple(float(c.count) for c in pn)
        charts.append(
            ChartData(
                "participation",
                "participation",
                "Reviews by participation code",
                "bar",
                labels,
                values,
                "Reviews",
                f"Bar chart of reviews by participation code. {_listing(labels, values)}.",
            )
        )
    months = [(m.month, m.rate.rounded(1)) for m in report.reviews.by_month]
    timed = [(m, v) for m, v in months if v is not None]
    if timed:
        labels, values = tuple(m for m, _ in timed), tuple(float(v) for _, v in timed)
        charts.append(
            ChartData(
                "timeliness_by_month",
                "timeliness_by_month",
                "Reviews held in time by month (%)",
                "line",
                labels,
                values,
                "Held in time (%)",
                "Line chart of the percentage of reviews held in time each month. "
                + _trend(labels, values, "%", "Timeliness by month"),
            )
        )
    grades = report.audits_by_grade
    if any(g.count for g in grades):
        labels, values = tuple(g.label for g in grades), tuple(float(g.count) for g in grades)
        charts.append(
            ChartData(
                "audits_by_grade",
                "audits_by_grade",
                "Audits by overall grade",
                "bar",
                labels,
                values,
                "Audits",
                f"Bar chart of audits by overall grade. {_listing(labels, values)}.",
            )
        )
    categories = sorted(report.challenges.by_category, key=lambda c: -c.count)[:TOP_CATEGORIES]
    if categories:
        more = len(report.challenges.by_category) > TOP_CATEGORIES
        title = (
            f"Challenges by category (top {TOP_CATEGORIES})" if more else "Challenges by category"
        )
        labels, values = (
            tuple(c.label for c in categories),
            tuple(float(c.count) for c in categories),
        )
        charts.append(
            ChartData(
                "challenges_by_category",
                "challenges_by_category",
                title,
                "barh",
                labels,
                values,
                "Challenges",
                f"Horizontal bar chart: {title.lower()}. {_listing(labels, values)}.",
            )
        )
    lac = report.caseload.looked_after_by_month
    if lac:
        labels = tuple(m.month_end.isoformat() for m in lac)
        values = tuple(float(m.count) for m in lac)
        charts.append(
            ChartData(
                "looked_after_by_month",
                "looked_after_by_month",
                "Children looked after at each month end",
                "line",
                labels,
                values,
                "Children",
                "Line chart of the number of children looked after at each month end. "
                + _trend(labels, values, "", "Children looked after at each month end"),
            )
        )
    return charts


def render(data: ChartData, *, dpi: int = 150) -> bytes:
    """Draw one chart as a PNG."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.ticker import MaxNLocator

    height = 4.0 if data.kind != "barh" else max(3.0, 0.45 * len(data.labels) + 1.2)
    figure = Figure(figsize=(7.5, height), dpi=dpi)
    FigureCanvasAgg(figure)
    axes = figure.add_subplot()
    positions = range(len(data.labels))
    if data.kind == "bar":
        bars = axes.bar(positions, data.values, color="#1f5f8b")
        axes.bar_label(bars, fmt="%g", fontsize=8)
        axes.set_xticks(list(positions), [textwrap.fill(x, 14) for x in data.labels], fontsize=8)
        axes.yaxis.set_major_locator(MaxNLocator(integer=True))
        axes.set_ylabel(data.y_label)
    elif data.kind == "barh":
        bars = axes.barh(positions, data.values, color="#1f5f8b")
        axes.bar_label(bars, fmt="%g", fontsize=8)
        axes.set_yticks(list(positions), [textwrap.fill(x, 45) for x in data.labels], fontsize=7)
        axes.invert_yaxis()
        axes.xaxis.set_major_locator(MaxNLocator(integer=True))
        axes.set_xlabel(data.y_label)
    else:
        axes.plot(
            list(positions),
            data.values,
            marker="o" if len(data.values) <= 24 else None,
            color="#1f5f8b",
        )
        step = max(1, len(data.labels) // 12)
        ticks = list(positions)[::step]
        axes.set_xticks(
            ticks, [data.labels[i][:7] for i in ticks], rotation=45, ha="right", fontsize=8
        )
        axes.set_ylabel(data.y_label)
        axes.grid(axis="y", alpha=0.3)
    axes.set_title(data.title)
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    figure.tight_layout()
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=dpi)
    return buffer.getvalue()


def report_charts(report: AnnualReport) -> list[Chart]:
    return [Chart(data, render(data)) for data in chart_data(report)]
