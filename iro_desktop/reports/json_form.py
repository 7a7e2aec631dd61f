"""The report as JSON-ready data (documented in docs/report-json.md).

Dates are ISO strings, percentages are rounded half up to one decimal place (null when
there is nothing to divide by), and every count is a whole number.
"""

from __future__ import annotations

from typing import Any

from ..domain.consultation_forms import SCALE
from .consultation_figures import BandFigures
from .figures import AnnualReport
from .queries_qa import NOT_GRADED
from .sections import Count, DeadlineFigures, Rate
from .tables_consultation import complain_rate, completion_rate, feel_safe_rate, told_rate

__all__ = ["TOP_LEVEL_KEYS", "to_json_dict"]

TOP_LEVEL_KEYS = (
    "period", "reviews", "timeliness_percent", "participation", "participation_rate_percent",
    "qa_activity", "challenges_by_outcome", "challenges_by_category", "audits_by_grade",
    "viewpoint", "consultation", "plan_progress", "attendance", "caseload", "population",
)  # fmt: skip


def _pct(rate: Rate) -> float | None:
    return rate.rounded(1)


def _counts(rows: tuple[Count, ...], apart: tuple[str, ...] = ()) -> list[dict[str, Any]]:
    """Rows with their share; rows coded in `apart` are left out of the shares (null)."""
    whole = sum(r.count for r in rows if r.code not in apart)
    return [
        {
            "code": r.code,
            "label": r.label,
            "count": r.count,
            "percent": None if r.code in apart else _pct(Rate(r.count, whole)),
        }
        for r in rows
    ]


def _deadline(figures: DeadlineFigures) -> dict[str, Any]:
    return {
        "working_days": figures.working_days,
        "within": figures.within,
        "late": figures.late,
        "not_issued": figures.not_issued,
        "percent": _pct(figures.rate),
    }


def to_json_dict(report: AnnualReport) -> dict[str, Any]:
    """Every figure of the report as plain dicts, lists, strings and numbers."""
    r, p = report.reviews, report.period
    return {
        "period": {
            "from": p.date_from.isoformat(),
            "to": p.date_to.isoformat(),
            "iro": p.iro_name,
            "team": p.team,
            "scope": p.scope_label,
            "local_authority": p.local_authority,
            "service_name": p.service_name,
        },
        "reviews": {
            "held": r.held,
            "children_reviewed": r.children_reviewed,
            "with_due_date": r.timed,
            "in_time": r.in_time,
            "late": r.timed - r.in_time,
        },
        "timeliness_percent": _pct(r.timeliness),
        "timeliness_by_month": [
            {
                "month": m.month,
                "held": m.held,
                "in_time": m.in_time,
                "with_due_date": m.timed,
                "percent": _pct(m.rate),
            }
            for m in r.by_month
        ],
        "late_reviews": [
            {
                "child": late.local_id,
                "meeting_date": late.meeting_date.isoformat(),
                "due_date": late.due_date.isoformat() if late.due_date else None,
                "days_late": late.days_late,
                "working_days_late": late.working_days_late,
                "reason": late.late_reason,
            }
            for late in r.late
        ],
        "participation": {c.code: c.count for c in report.participation.by_code},
        "participation_apart": {
            "PN0": report.participation.pn0,
            "not_recorded": report.participation.not_recorded,
        },
        "participation_rate_percent": _pct(report.participation.rate),
        "qa_activity": _qa_activity(report),
        "challenges": _challenges(report),
        "challenges_by_outcome": _counts(report.challenges.by_outcome),
        "challenges_by_category": [
            {"code": c.code, "label": c.label, "group": c.group, "count": c.count}
            for c in report.challenges.by_category
        ],
        "audits_by_grade": _counts(report.audits_by_grade, apart=(NOT_GRADED,)),
        "viewpoint": _viewpoint(report),
        "consultation": _consultation(report),
        "plan_progress": [
            {
                "domain": row.domain,
                "label": row.domain_label,
                "quarter": row.quarter,
                "quarter_label": row.quarter_label,
                "progressing": row.progressing,
                "assessed": row.assessed,
                "percent": _pct(row.rate),
            }
            for row in report.plan_progress
        ],
        "attendance": _attendance(report),
        "decisions_and_records": {
            "decisions": _deadline(report.decisions),
            "records": _deadline(report.records),
        },
        "caseload": _caseload(report),
        "population": _population(report),
    }


def _qa_activity(report: AnnualReport) -> dict[str, Any]:
    qa = report.qa_activity
    return {
        "by_month": [
            {
                "month": m.month,
                "challenges": m.challenges,
                "good_practice": m.good_practice,
                "audits": m.audits,
            }
            for m in qa.by_month
        ],
        "totals": {
            "challenges": qa.challenges,
            "good_practice": qa.good_practice,
            "audits": qa.audits,
        },
    }


def _challenges(report: AnnualReport) -> dict[str, Any]:
    ch = report.challenges
    return {
        "raised": ch.raised,
        "mandatory": ch.mandatory,
        "concerns": ch.concerns,
        "by_group": [{"group": g.label, "count": g.count} for g in ch.by_group],
    }


def _viewpoint(report: AnnualReport) -> dict[str, Any]:
    vp = report.viewpoint
    return {
        "by_age_band": [
            {
                "band": b.band,
                "audits": b.audits,
                "completed": b.completed,
                "declined": b.declined,
                "not_required": b.not_required,
                "not_recorded": b.not_recorded,
            }
            for b in vp.by_band
        ],
        "audits": vp.audits,
        "completed": vp.completed,
        "declined": vp.declined,
        "not_required": vp.not_required,
        "performance_percent": _pct(vp.performance),
    }


def _band(band: BandFigures) -> dict[str, Any]:
    return {
        "code": band.age_band,
        "band": band.label,
        "completed": band.completed,
        "feel_safe_answers": {value: band.feel_safe_counts.get(value, 0) for value in SCALE},
        "feel_safe": band.feel_safe,
        "feel_safe_answered": band.feel_safe_answered,
        "feel_safe_percent": _pct(feel_safe_rate(band)),
        "know_how_to_complain": band.know_how_to_complain,
        "complain_answered": band.complain_answered,
        "know_how_to_complain_percent": _pct(complain_rate(band)),
        "want_to_be_told": band.want_to_be_told,
        "want_to_be_told_percent": _pct(told_rate(band)),
    }


def _consultation(report: AnnualReport) -> dict[str, Any]:
    cf = report.consultation
    return {
        "by_age_band": [_band(b) for b in cf.bands],
        "total": _band(cf.total),
        "completed": cf.completed,
        "declined": cf.declined,
        "not_required": cf.not_required,
        "completion_rate_percent": _pct(completion_rate(cf)),
        "feel_safe_percent": _pct(feel_safe_rate(cf.total)),
        "know_how_to_complain_percent": _pct(complain_rate(cf.total)),
    }


def _attendance(report: AnnualReport) -> dict[str, Any]:
    at = report.attendance
    return {
        "by_role": [
            {
                "role": a.role,
                "label": a.label,
                "attended": a.attended,
                "apologies": a.apologies,
                "written": a.written,
                "invited": a.invited,
                "attended_percent": _pct(a.attended_rate),
            }
            for a in at.by_role
        ],
        "reviews_with_parent_attending": at.parent_attended.numerator,
        "parent_attended_percent": _pct(at.parent_attended),
        "care_plan_3_days": {
            "yes": at.care_plan_3_days.numerator,
            "recorded": at.care_plan_3_days.denominator,
            "percent": _pct(at.care_plan_3_days),
        },
        "pmr_3_days": {
            "yes": at.pmr_3_days.numerator,
            "recorded": at.pmr_3_days.denominator,
            "percent": _pct(at.pmr_3_days),
        },
    }


def _caseload(report: AnnualReport) -> dict[str, Any]:
    cl = report.caseload
    return {
        "as_at": cl.as_at.isoformat(),
        "per_iro": [{"iro": i.name, "team": i.team, "children": i.children} for i in cl.per_iro],
        "looked_after_by_month": [
            {"month_end": m.month_end.isoformat(), "count": m.count}
            for m in cl.looked_after_by_month
        ],
    }


def _population(report: AnnualReport) -> dict[str, Any]:
    pop = report.population
    return {
        "as_at": pop.as_at.isoformat(),
        "total": pop.total,
        "age_gender": [
            {"band": a.band, "male": a.male, "female": a.female, "other": a.other, "total": a.total}
            for a in pop.age_gender
        ],
        "ethnicity": _counts(pop.ethnicity),
        "ethnic_group": _counts(pop.ethnic_group),
        "legal_status": _counts(pop.legal_status),
        "placement": _counts(pop.placement),
        "category_of_need": _counts(pop.category_of_need),
        "started": pop.started,
        "ceased": pop.ceased,
        "reasons_ceased": _counts(pop.reasons_ceased),
    }
