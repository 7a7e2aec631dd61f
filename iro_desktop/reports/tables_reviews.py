"""The tables drawn from the reviews held: timeliness, deadlines, participation, meetings."""

from __future__ import annotations

from .figures import AnnualReport
from .sections import DeadlineFigures
from .table_model import Cell, ReportTable, make_table, pct, share_rows

__all__ = ["meeting_tables", "participation_tables", "review_tables"]


def review_tables(report: AnnualReport) -> list[ReportTable]:
    r = report.reviews
    section = "Reviews and timeliness"
    summary = make_table(
        "reviews",
        section,
        "Reviews held",
        "Reviews",
        ("Measure", "Value"),
        [
            ("Reviews held", r.held),
            ("Children reviewed", r.children_reviewed),
            ("Reviews with a due date", r.timed),
            ("Held in time", r.in_time),
            ("Held late", r.timed - r.in_time),
            ("Timeliness (%)", pct(r.timeliness)),
        ],
    )
    by_month = make_table(
        "timeliness_by_month",
        section,
        "Timeliness by month",
        "Timeliness by month",
        ("Month", "Reviews held", "Held in time", "With a due date", "In time (%)"),
        [(m.month, m.held, m.in_time, m.timed, pct(m.rate)) for m in r.by_month],
    )
    late = make_table(
        "late_reviews",
        section,
        "Reviews held late",
        "Late reviews",
        ("Child ID", "Review date", "Due date", "Days late", "Working days late", "Reason"),
        [
            (
                x.local_id,
                x.meeting_date,
                x.due_date,
                x.days_late,
                x.working_days_late,
                x.late_reason,
            )
            for x in r.late
        ],
    )
    deadlines = make_table(
        "decisions_and_records",
        section,
        "Decisions and records issued",
        "Decisions and records",
        (
            "Document",
            "Target (working days)",
            "Within target",
            "Late",
            "Not yet issued",
            "Within target (%)",
        ),
        [
            _deadline_row("Decisions", report.decisions),
            _deadline_row("Full record", report.records),
        ],
    )
    return [summary, by_month, late, deadlines]


def _deadline_row(name: str, figures: DeadlineFigures) -> tuple[Cell, ...]:
    return (
        name,
        figures.working_days,
        figures.within,
        figures.late,
        figures.not_issued,
        pct(figures.rate),
    )


def participation_tables(report: AnnualReport) -> list[ReportTable]:
    p = report.participation
    section = "Participation of children and young people"
    by_code = make_table(
        "participation",
        section,
        "Participation by code (children aged 4 and over)",
        "Participation",
        ("Code", "Meaning", "Reviews", "Share (%)"),
        share_rows(p.by_code, with_code=True),
    )
    rate = make_table(
        "participation_rate",
        section,
        "Participation rate",
        "Participation rate",
        ("Measure", "Value"),
        [
            ("Participation rate, PN1–PN6 of PN1–PN7 (%)", pct(p.rate)),
            ("Reviews of children under 4 (PN0)", p.pn0),
            ("Reviews with no participation code", p.not_recorded),
        ],
    )
    vp = report.viewpoint
    viewpoint = make_table(
        "viewpoint",
        section,
        "Viewpoint questionnaires by age band",
        "Viewpoint",
        ("Age band", "Audits", "Completed", "Declined", "Not required", "Not recorded"),
        [
            (b.band, b.audits, b.completed, b.declined, b.not_required, b.not_recorded)
            for b in vp.by_band
        ]
        + [
            (
                "Total",
                vp.audits,
                vp.completed,
                vp.declined,
                vp.not_required,
                sum(b.not_recorded for b in vp.by_band),
            )
        ],
        note="Age on the date of the audited review.",
    )
    performance = make_table(
        "viewpoint_performance",
        section,
        "Viewpoint performance",
        "Viewpoint performance",
        ("Measure", "Value"),
        [
            ("Audits", vp.audits),
            ("Viewpoint declined or not required", vp.declined + vp.not_required),
            ("Viewpoint completed", vp.completed),
            ("Viewpoint performance (%)", pct(vp.performance)),
        ],
        note="Viewpoint performance = completed / (audits − declined − not required).",
    )
    return [by_code, rate, viewpoint, performance]


def meeting_tables(report: AnnualReport) -> list[ReportTable]:
    at = report.attendance
    section = "The review meeting"
    plan = make_table(
        "plan_progress",
        section,
        "Progress of the plan by domain and quarter",
        "Plan progress",
        ("Domain", "Quarter", "Progressing", "Assessed", "Progressing (%)"),
        [
            (p.domain_label, p.quarter_label, p.progressing, p.assessed, pct(p.rate))
            for p in report.plan_progress
        ],
        note="Plan areas recorded as progressing, of those assessed (not 'not applicable').",
    )
    roles = make_table(
        "attendance",
        section,
        "Attendance by role",
        "Attendance",
        ("Role", "Attended", "Sent apologies", "Contributed in writing", "Invited", "Attended (%)"),
        [
            (a.label, a.attended, a.apologies, a.written, a.invited, pct(a.attended_rate))
            for a in at.by_role
        ],
    )
    ahead = make_table(
        "documents_ahead",
        section,
        "Parents and papers",
        "Parents and papers",
        ("Measure", "Yes", "Recorded", "Yes (%)"),
        [
            (
                "A parent attended the review",
                at.parent_attended.numerator,
                at.parent_attended.denominator,
                pct(at.parent_attended),
            ),
            (
                "Care plan received 3 working days before",
                at.care_plan_3_days.numerator,
                at.care_plan_3_days.denominator,
                pct(at.care_plan_3_days),
            ),
            (
                "Pre-meeting report received 3 working days before",
                at.pmr_3_days.numerator,
                at.pmr_3_days.denominator,
                pct(at.pmr_3_days),
            ),
        ],
    )
    return [plan, roles, ahead]
