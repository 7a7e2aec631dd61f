"""A fictional review, complete in every part, to preview a service template and time rendering.

Everyone here is invented. The settings screen can render it to show a service how its
template will look; the benchmark and the page images in `docs/minutes/` use it too.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from ..domain.review_form import (
    AttendanceEntry,
    CarriedDecision,
    DecisionEntry,
    PlanAreaEntry,
    ReviewForm,
)
from .review_snapshot import Contact, ReviewSnapshot

_ATTENDANCE = (
    ("Priya Shah", "social_worker", "attended"),
    ("Dawn Fellows", "carer", "attended"),
    ("Gareth Fellows", "carer", "attended"),
    ("Lena Okafor", "supervising_social_worker", "attended"),
    ("Tom Bright", "education", "attended"),
    ("Kerry Walsh", "parent", "apologies"),
    ("Dr Amir Hussain", "health", "apologies"),
    ("Jo Marsh", "advocate", "written"),
)

_PLAN = (
    ("permanence", "progressing",
     "The plan is for Ellie to stay with Dawn and Gareth until she is 18. A long-term "
     "matching report is being written for the fostering panel."),
    ("placement", "progressing",
     "Ellie is settled. Her carers describe her as funny and kind, and she has her own room, "
     "which she has decorated herself."),
    ("health", "partly",
     "Her annual health assessment is up to date. A dental check is overdue and has been "
     "booked for next month."),
    ("education", "progressing",
     "Ellie is in Year 9 at Northmoor Academy. Her attendance is 96%. The Personal "
     "Education Plan was reviewed last month and is of good quality."),
    ("family_time", "not_progressing",
     "Family time with her mother has been cancelled three times since the last review. "
     "Ellie says this upsets her and she wants to know the arrangements in advance."),
)

_DECISIONS = (
    ("Family time with Ellie's mother to be arranged for the same day each month, with "
     "the dates given to Ellie in writing.", "Priya Shah, social worker", date(2025, 4, 4)),
    ("Dental check to take place and the outcome shared with the IRO.",
     "Dawn Fellows, carer", date(2025, 4, 30)),
    ("Long-term matching report to be presented to the fostering panel.",
     "Priya Shah, social worker", date(2025, 6, 27)),
    ("Ellie to be offered an advocate to help her share her views on family time.",
     "Morgan Vale, IRO", date(2025, 3, 21)),
    ("Life story work to begin, at a pace Ellie is comfortable with.",
     "Lena Okafor, supervising social worker", date(2025, 5, 30)),
)

_PREVIOUS = (
    ("Ellie to have her own mobile phone with agreed rules.", "Dawn Fellows, carer",
     date(2024, 10, 31), "done", "Ellie has had her phone since October."),
    ("Personal Education Plan to be reviewed.", "Tom Bright, designated teacher",
     date(2024, 11, 29), "done", ""),
    ("Dental check to be booked.", "Dawn Fellows, carer", date(2024, 11, 29), "outstanding",
     "Booked twice and cancelled by the practice."),
)


def sample_snapshot() -> ReviewSnapshot:
    """One finalised third review of an invented 14-year-old in long-term foster care."""
    return ReviewSnapshot(
        review_id="00000000-0000-4000-8000-000000000001",
        child_id="00000000-0000-4000-8000-000000000002",
        status="finalised",
        version=3,
        child_name="Eleanor Walsh",
        preferred_name="Ellie",
        date_of_birth=date(2010, 7, 14),
        local_id="NB104233",
        legal_status="Full care order (C2)",
        placement_type="Foster placement with other foster carer: long term (U4)",
        looked_after_from=date(2023, 9, 4),
        social_worker=Contact("Priya Shah", "01632 960451", "priya.shah@example.org",
                              team="Children in Care Team 2"),
        iro=Contact("Morgan Vale", "01632 960123", "morgan.vale@example.org",
                    team="Independent Reviewing Service"),
        local_authority="Northmoor Borough Council",
        service=Contact("Independent Reviewing Service", "01632 960100", "iro@example.org",
                        address="Civic Centre, Market Street, Northmoor NM1 1AA"),
        advocacy=Contact("Northmoor Children's Advocacy", "0808 157 0123",
                         "advocacy@example.org", "https://advocacy.example.org"),
        complaints=Contact("Children's Complaints Team", "01632 960200",
                           "complaints@example.org", "https://www.example.org/complaints"),
        decisions_working_days=5,
        record_working_days=15,
        template_path="",
        number=3,
        review=ReviewForm(
            held=True,
            brought_forward=False,
            meeting_date=date(2025, 3, 3),
            venue="The carers' home",
            meeting_format="in_person",
            participation_code="PN1",
            consultation_method="visit",
            care_plan_3_days=True,
            pmr_3_days=False,
            young_person_views=(
                "Ellie said she is happy living with Dawn and Gareth and wants to stay until she "
                "is grown up. She likes her school, especially art and drama.\n"
                "She is upset when family time with her mum is cancelled at short notice, and "
                "wants to know the dates in advance. She would like to see her little brother "
                "more often."
            ),
            parents_views=(
                "Ellie's mother sent apologies. She told the social worker that she wants "
                "monthly family time on a Saturday and is sorry for the cancelled visits."
            ),
            carers_views=(
                "Dawn and Gareth said Ellie is a joy to live with. They are committed to caring "
                "for her long term and asked for support with life story work."
            ),
            social_worker_update=(
                "Priya has visited every six weeks and has seen Ellie alone on each visit. The "
                "long-term matching report is being written. A referral for life story work "
                "has been made."
            ),
            next_review_date=date(2025, 9, 2),
            next_review_time="16:00",
            next_review_venue="The carers' home",
            attendance=[AttendanceEntry(*row) for row in _ATTENDANCE],
            plan_areas=[PlanAreaEntry(*row) for row in _PLAN],
            decisions=[DecisionEntry(*row) for row in _DECISIONS],
            carried_forward=[CarriedDecision("", *row) for row in _PREVIOUS],
        ),
        previous_review_date=date(2024, 9, 10),
    )


def with_template(snapshot: ReviewSnapshot, template_path: str) -> ReviewSnapshot:
    """The same review, rendered on a service's own template."""
    return replace(snapshot, template_path=template_path)
