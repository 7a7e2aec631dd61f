"""The consultation tables: forms the children filled in on IRO Desktop, by age band.

As the seed reports give them for Viewpoint: forms completed by age band, the share of
children who feel safe where they live (always or usually) and the share who know how to
complain. Shares are `Rate`s of whole numbers, so the tables and the JSON round alike.
"""

from __future__ import annotations

from .consultation_figures import BandFigures, ConsultationFigures
from .figures import AnnualReport
from .sections import Rate
from .table_model import ReportTable, make_table, pct

__all__ = [
    "completion_rate",
    "complain_rate",
    "consultation_tables",
    "feel_safe_rate",
    "told_rate",
]

SECTION = "Participation of children and young people"


def feel_safe_rate(band: BandFigures) -> Rate:
    """Feel safe always or usually, of those who answered the question."""
    return Rate(band.feel_safe, band.feel_safe_answered)


def complain_rate(band: BandFigures) -> Rate:
    """Know how to complain, of those who answered the question."""
    return Rate(band.know_how_to_complain, band.complain_answered)


def told_rate(band: BandFigures) -> Rate:
    """Want to be told who they can talk to, of the forms completed."""
    return Rate(band.want_to_be_told, band.completed)


def completion_rate(figures: ConsultationFigures) -> Rate:
    """Completed, of the forms completed or declined (not required left out)."""
    return Rate(figures.completed, figures.completed + figures.declined)


def consultation_tables(report: AnnualReport) -> list[ReportTable]:
    cf = report.consultation
    by_band = make_table(
        "consultation_by_age_band",
        SECTION,
        "Consultations completed by age band",
        "Consultations",
        ("Age band", "Completed", "Feel safe always or usually (%)", "Know how to complain (%)"),
        [
            (label, b.completed, pct(feel_safe_rate(b)), pct(complain_rate(b)))
            for label, b in [*((b.label, b) for b in cf.bands), ("Total", cf.total)]
        ],
        note=(
            "Consultation forms filled in with the IRO on IRO Desktop, counted by the date "
            "completed; age band of the form. Shares are of the children who answered the "
            "question (skipped and “I don’t want to answer” left out)."
        ),
    )
    take_up = make_table(
        "consultation_completion",
        SECTION,
        "Consultation forms completed and declined",
        "Consultation take-up",
        ("Measure", "Value"),
        [
            ("Completed", cf.completed),
            ("Declined", cf.declined),
            ("Not required (age or health)", cf.not_required),
            ("Completion rate, completed of completed and declined (%)", pct(completion_rate(cf))),
        ],
        note="Forms counted by the date completed, declined or marked not required.",
    )
    return [by_band, take_up]
