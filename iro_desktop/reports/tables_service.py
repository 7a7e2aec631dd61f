"""The tables of the service as a whole: quality assurance, caseloads and the population."""

from __future__ import annotations

from ..domain.codes import code_list
from .figures import AnnualReport
from .queries_qa import NOT_GRADED
from .table_model import ReportTable, make_table, share_rows

__all__ = ["population_tables", "qa_tables"]


def qa_tables(report: AnnualReport) -> list[ReportTable]:
    qa, ch = report.qa_activity, report.challenges
    section = "Quality assurance"
    activity = make_table(
        "qa_activity",
        section,
        "Quality assurance activity by month",
        "QA activity",
        ("Month", "Challenges", "Good practice", "Audits"),
        [(m.month, m.challenges, m.good_practice, m.audits) for m in qa.by_month]
        + [("Total", qa.challenges, qa.good_practice, qa.audits)],
    )
    summary = make_table(
        "challenges",
        section,
        "Challenges raised",
        "Challenges",
        ("Measure", "Value"),
        [
            ("Challenges raised", ch.raised),
            ("Mandatory challenges (two Needs Improvement grades in a row)", ch.mandatory),
            ("Concerns raised (one per category)", ch.concerns),
        ],
    )
    outcome = make_table(
        "challenges_by_outcome",
        section,
        "Challenges by outcome",
        "Challenges by outcome",
        ("Outcome", "Challenges", "Share (%)"),
        share_rows(ch.by_outcome),
    )
    category = make_table(
        "challenges_by_category",
        section,
        "Challenges by category",
        "Challenges by category",
        ("Area", "Category", "Challenges"),
        [(c.group, c.label, c.count) for c in ch.by_category] + [("Total", "", ch.concerns)],
        note="A challenge counts once in each of its categories.",
    )
    group = make_table(
        "challenges_by_area",
        section,
        "Challenges by area",
        "Challenges by area",
        ("Area", "Challenges"),
        [(g.label, g.count) for g in ch.by_group] + [("Total", ch.concerns)],
    )
    grades = make_table(
        "audits_by_grade",
        section,
        "Audits by overall grade",
        "Audits by grade",
        ("Grade", "Audits", "Share of graded audits (%)"),
        share_rows(report.audits_by_grade, apart=(NOT_GRADED,)),
        note="Shares are of the audits given a grade.",
    )
    return [activity, summary, outcome, category, group, grades]


def population_tables(report: AnnualReport) -> list[ReportTable]:
    cl, pop = report.caseload, report.population
    section = "Caseloads and the looked-after population"
    when = f"{pop.as_at.day} {pop.as_at:%B %Y}"
    genders = code_list("gender")
    tables = [
        make_table(
            "caseload",
            section,
            f"Caseload per IRO at {when}",
            "Caseload",
            ("IRO", "Team", "Children"),
            [(i.name, i.team, i.children) for i in cl.per_iro]
            + [("Total", "", sum(i.children for i in cl.per_iro))],
        ),
        make_table(
            "looked_after_by_month",
            section,
            "Children looked after at each month end",
            "Looked after by month",
            ("Month end", "Children looked after"),
            [(m.month_end, m.count) for m in cl.looked_after_by_month],
        ),
        make_table(
            "age_gender",
            section,
            f"Age and gender at {when}",
            "Age and gender",
            ("Age band", genders.label("1"), genders.label("2"), "Other or not recorded", "Total"),
            [(a.band, a.male, a.female, a.other, a.total) for a in pop.age_gender]
            + [
                (
                    "Total",
                    sum(a.male for a in pop.age_gender),
                    sum(a.female for a in pop.age_gender),
                    sum(a.other for a in pop.age_gender),
                    pop.total,
                )
            ],
        ),
    ]
    for key, title, sheet, rows in (
        ("ethnic_group", "Ethnic group", "Ethnic group", pop.ethnic_group),
        ("ethnicity", "Ethnicity", "Ethnicity", pop.ethnicity),
        ("legal_status", "Legal status", "Legal status", pop.legal_status),
        ("placement", "Placement type", "Placement", pop.placement),
        ("category_of_need", "Category of need", "Category of need", pop.category_of_need),
    ):
        tables.append(
            make_table(
                key,
                section,
                f"{title} at {when}",
                sheet,
                (title, "Children", "Share (%)"),
                share_rows(rows),
            )
        )
    tables.append(
        make_table(
            "started_ceased",
            section,
            "Periods of care started and ceased in the period",
            "Started and ceased",
            ("Measure", "Periods of care"),
            [("Started", pop.started), ("Ceased", pop.ceased)],
        )
    )
    tables.append(
        make_table(
            "reasons_ceased",
            section,
            "Reasons periods of care ceased",
            "Reasons ceased",
            ("Reason", "Periods of care", "Share (%)"),
            share_rows(pop.reasons_ceased),
        )
    )
    return tables
