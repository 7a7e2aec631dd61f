"""Word lists and weights for the demonstration store: fictional names, places, phrases.

Names are common UK first names and surnames of many heritages, combined at random, so
no generated person is anyone in particular. Places and organisations are invented;
phone numbers come from Ofcom's drama ranges and e-mail addresses from example.org.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from ..domain.codes import code_list

LOCAL_AUTHORITY = "Northmoor Metropolitan Borough Council"
TOWN = "Northmoor"

BOYS = (
    "Oliver", "Jack", "Harry", "Muhammad", "Noah", "Leo", "George", "Charlie", "Jacob",
    "Alfie", "Freddie", "Oscar", "Archie", "Ethan", "Mason", "Riley", "Kai", "Tyler",
    "Kayden", "Reuben", "Ibrahim", "Yusuf", "Aarav", "Arjun", "Rohan", "Kwame", "Kofi",
    "Tobi", "Chidi", "Luca", "Mateusz", "Jakub", "Dylan", "Callum", "Connor", "Liam",
    "Jayden", "Tyrese", "Marcus", "Daniel", "Samuel", "Joshua", "Lewis", "Ryan", "Kieran",
    "Bilal", "Hamza", "Zain", "Omar", "Ayaan", "Dominik", "Nathan", "Kacper", "Elijah",
    "Isaac", "Theo", "Finley", "Harvey", "Louie", "Jamal", "Ravi", "Sami", "Alex",
)  # fmt: skip

GIRLS = (
    "Olivia", "Amelia", "Isla", "Ava", "Mia", "Ivy", "Lily", "Isabella", "Rosie", "Sophia",
    "Grace", "Freya", "Poppy", "Evie", "Ella", "Chloe", "Jessica", "Ruby", "Aisha",
    "Maryam", "Zara", "Fatima", "Hafsa", "Amira", "Priya", "Ananya", "Simran", "Chantelle",
    "Shanice", "Abena", "Ama", "Adaeze", "Zainab", "Maja", "Zuzanna", "Julia", "Emily",
    "Megan", "Holly", "Keira", "Leah", "Courtney", "Jade", "Amber", "Niamh", "Siobhan",
    "Kayla", "Layla", "Nia", "Tia", "Imani", "Esme", "Summer", "Skye", "Paige", "Demi",
    "Aaliyah", "Sienna", "Rebecca", "Nadia", "Kiran", "Alexandra",
)  # fmt: skip

NICKNAMES = {
    "Joshua": "Josh", "Samuel": "Sam", "Daniel": "Danny", "Jessica": "Jess",
    "Isabella": "Bella", "Rebecca": "Becky", "Alexandra": "Lexi", "Nathan": "Nate",
    "Christopher": "Chris", "Muhammad": "Mo", "Oliver": "Ollie", "Amelia": "Millie",
    "Jacob": "Jake", "Elijah": "Eli", "Sophia": "Sophie", "Kieran": "Kez",
}  # fmt: skip

ADULT_FIRST = (
    "Sarah", "Claire", "Joanne", "Michelle", "Rachel", "Helen", "Nicola", "Emma", "Lisa",
    "Karen", "Amanda", "Donna", "Kelly", "Samantha", "Louise", "Gemma", "Jennifer",
    "Nasreen", "Shabana", "Rubina", "Sunita", "Anjali", "Blessing", "Patience", "Funmi",
    "Agnieszka", "Monika", "Yvonne", "Marcia", "Bernadette", "David", "Paul", "Mark",
    "Andrew", "Richard", "Steven", "Christopher", "Michael", "James", "Gary", "Darren",
    "Wayne", "Imran", "Tariq", "Asif", "Rajesh", "Sanjay", "Emeka", "Kwabena", "Tomasz",
    "Piotr", "Gareth", "Rhys", "Sean", "Dean", "Delroy", "Winston", "Farah", "Hannah",
)  # fmt: skip

SURNAMES = (
    "Smith", "Jones", "Williams", "Taylor", "Brown", "Davies", "Evans", "Wilson", "Thomas",
    "Johnson", "Roberts", "Robinson", "Thompson", "Wright", "Walker", "White", "Edwards",
    "Hughes", "Green", "Hall", "Lewis", "Harris", "Clarke", "Patel", "Jackson", "Wood",
    "Turner", "Martin", "Cooper", "Hill", "Ward", "Morris", "Moore", "Clark", "Lee", "King",
    "Baker", "Harrison", "Morgan", "Allen", "James", "Scott", "Phillips", "Watson", "Davis",
    "Parker", "Price", "Bennett", "Young", "Griffiths", "Mitchell", "Kelly", "Cook",
    "Carter", "Richardson", "Bailey", "Collins", "Bell", "Shaw", "Murphy", "Miller", "Cox",
    "Khan", "Ahmed", "Hussain", "Ali", "Begum", "Shah", "Akhtar", "Iqbal", "Rahman",
    "Singh", "Kaur", "Sharma", "Chowdhury", "Mahmood", "Okafor", "Adeyemi", "Mensah",
    "Owusu", "Boateng", "Okoro", "Campbell", "Francis", "Grant", "Reid", "Nowak",
    "Kowalczyk", "Popescu", "O'Brien", "Doyle", "Byrne", "Chen", "Wong", "Nguyen", "Demir",
    "Yilmaz", "Ibrahim", "Hassan", "Mohamed", "Abdi", "Osman", "Gordon", "Stewart",
)  # fmt: skip

STREETS = (
    "Mill Lane", "Church Street", "Victoria Road", "Park Avenue", "Albert Terrace",
    "Moorside Close", "Station Road", "Orchard Way", "Beech Grove", "Canal Street",
)  # fmt: skip

SCHOOL_PREFIXES = (
    "Northmoor", "Moorside", "St Aidan's", "Heathfield", "Brookvale", "Oakwood",
    "Riverside", "Holy Trinity", "Westgate", "Greenbank", "Ashworth", "Kingsmead",
)  # fmt: skip

CHILDRENS_HOMES = (
    "Hollybank House", "The Willows", "Larch Cottage", "Moorview", "Fernlea", "Cedar Lodge",
)  # fmt: skip

FOSTERING_AGENCIES = (
    "Northmoor Fostering Service", "Northmoor Fostering Service", "Brightpath Fostering",
    "Harbour Family Placements", "Northern Lights Fostering",
)  # fmt: skip

ADVOCACY = "Northmoor Children's Advocacy Service"

TEAMS = ("Children in Care Team 1", "Children in Care Team 2", "Children in Care Team 3",
         "Children in Care Team 4", "Leaving Care Team", "Disabled Children's Team",
         "Assessment and Intervention Team")  # fmt: skip

VENUES = ("the carer's home", "the children's home", "school", "Northmoor Civic Centre",
          "Moorside Family Centre", "the Fostering Service office")  # fmt: skip

YP_VIEWS = (
    "{name} told me they are happy where they live and get on well with their carers.",
    "{name} said they would like to see their brothers and sisters more often.",
    "{name} enjoys football after school and wants to carry on going to the club.",
    "{name} said school is going better this term and they like their new form tutor.",
    "{name} worries about mum and would like to know how she is getting on.",
    "{name} does not want to move again and asked that the plan lets them stay put.",
    "{name} would like more pocket money and to be allowed to stay out a bit later.",
    "{name} said they find the contact visits hard but still want them to happen.",
    "{name} wants to learn to cook and to do more things for themselves.",
    "{name} said their social worker listens to them and visits when she says she will.",
    "{name} asked for help with maths homework and would like a tutor.",
    "{name} would like their bedroom decorated and has chosen the colours.",
    "{name} said they feel safe and know who to talk to if something is wrong.",
    "{name} is looking forward to a holiday with the carers in the summer.",
    "{name} told me they want to go to college and study mechanics.",
)  # fmt: skip

YP_VIEWS_YOUNG = (
    "{name} is too young to share views in words. The carer describes a settled, smiley "
    "child who is meeting milestones.",
    "{name} was observed playing happily and turning to the carer for comfort.",
    "{name} is very young; the IRO saw {name} at home with the carer, content and alert.",
)  # fmt: skip

PARENT_VIEWS = (
    "Mum said she agrees with the plan and wants contact to continue as now.",
    "Dad said he would like more contact and feels he is not kept informed.",
    "Mum did not attend but told the social worker she is pleased with how school is going.",
    "The parents disagree with the plan and intend to seek legal advice.",
    "Mum said she is working with the drug and alcohol service and wants that recognised.",
    "Dad could not be contacted before the review despite several attempts.",
    "Mum thanked the carers for the photographs they send after each contact.",
)  # fmt: skip

CARER_VIEWS = (
    "The carers report a settled period, with good routines at bedtime and mealtimes.",
    "The carer says school attendance has improved and homework is getting done.",
    "The carers have noticed more anxiety before contact and have asked for support.",
    "The carer would like respite to be arranged for a weekend in the holidays.",
    "The key worker says there have been fewer incidents since the last review.",
    "The carers are committed to caring for the child for as long as needed.",
    "The carer has taken the child to the dentist and the optician this period.",
)  # fmt: skip

SW_UPDATES = (
    "Statutory visits have been completed on time and the child has been seen alone.",
    "The health assessment is up to date; the dental check is booked for next month.",
    "The PEP was reviewed last month and the targets are being met.",
    "Contact has taken place as planned, supervised at the family centre.",
    "The placement plan has been updated following the placement planning meeting.",
    "A referral has been made to CAMHS and an appointment is awaited.",
    "Life story work has started and will continue over the next three months.",
    "The permanence plan is long-term fostering; the matching panel date is set.",
)  # fmt: skip

LATE_REASONS = (
    "Carer unavailable on the planned date; review rearranged.",
    "Social worker off sick; the review was moved so the report could be completed.",
    "Child unwell on the day of the review.",
    "IRO sickness; no other IRO available before the due date.",
    "Review rearranged to allow the child to attend after school.",
    "Placement move in the week of the review; rearranged by agreement.",
)  # fmt: skip

PLAN_NOTES = {
    "permanence": ("Long-term fostering agreed at panel.", "Plan for adoption; family "
                   "finding continues.", "Rehabilitation home being assessed."),
    "placement": ("Settled placement meeting needs.", "Placement stable; carers supported by "
                  "their supervising social worker.", "Placement under strain; support plan "
                  "in place."),
    "health": ("Health assessment up to date.", "Dental check overdue; booked.",
               "Awaiting CAMHS appointment."),
    "education": ("PEP up to date; attendance 96%.", "Attendance improving; tutoring agreed.",
                  "Needs an EHCP review; school to request."),
    "family_time": ("Fortnightly supervised contact with mum.", "Monthly sibling contact "
                    "going well.", "Letterbox contact with birth family."),
    "legal_status": ("Care order in place.", "Final hearing listed.", "Section 20 consent "
                     "reviewed and still appropriate."),
    "identity": ("Life story work under way.", "Links with faith community maintained.",
                 "Hair and skin care needs met by the carers."),
    "leisure": ("Attends a football club weekly.", "Swimming lessons funded.",
                "Joined the Scouts."),
    "transition": ("Pathway plan started; personal adviser allocated.", "Staying Put "
                   "discussed with the carers.", "College application submitted."),
}  # fmt: skip

DECISIONS = {
    "social_worker": (
        "Social worker to update the care plan and share it before the next review.",
        "Social worker to arrange sibling contact during the school holidays.",
        "Social worker to complete life story work and share the book with the child.",
        "Social worker to refer to CAMHS for an assessment of emotional well-being.",
        "Social worker to apply for a passport for the child.",
        "Social worker to arrange the initial health assessment.",
    ),
    "carer": (
        "Carer to book the dental check and tell the social worker the outcome.",
        "Carer to support the child to join a leisure activity of their choice.",
        "Carer to keep a diary of the child's sleep and share it with the health visitor.",
    ),
    "school": (
        "Designated teacher to review the PEP targets and share the updated PEP.",
        "School to arrange one-to-one tutoring in maths, funded through Pupil Premium Plus.",
    ),
    "iro": (
        "IRO to visit the child before the next review to seek their views.",
        "IRO to monitor progress of the permanence plan at the midway point.",
    ),
}  # fmt: skip

GOOD_PRACTICE = (
    "The social worker's report was thorough, child-focused and shared in good time.",
    "Excellent direct work with the child, whose views were clearly recorded.",
    "Creative life story work that helped the child make sense of their history.",
    "Timely and well-planned move to long-term carers, led by the child's wishes.",
    "The social worker advocated strongly for an education placement that meets needs.",
)  # fmt: skip

QA_COMMENTS = {
    "met": "Up to date and of good quality.",
    "partly_met": "In place but needs updating.",
    "not_met": "Not available before the review.",
    "not_applicable": "Not applicable for this child.",
}  # fmt: skip

CHALLENGE_NOTES = (
    "Raised with the team manager after the review.",
    "Team manager responded with an action plan and timescales.",
    "No response within timescale; escalated.",
    "Service manager agreed the actions; IRO will monitor.",
)  # fmt: skip

# -- weights: how often each code appears (relative, not percentages) -----------------------

AGE_BANDS = {(0, 0): 5, (1, 4): 14, (5, 9): 18, (10, 15): 38, (16, 17): 25}
#: Age on leaving care; (18, 18) is leaving on the 18th birthday.
LEAVER_AGES = {(0, 0): 8, (1, 4): 16, (5, 9): 14, (10, 15): 28, (16, 17): 14, (18, 18): 20}
#: Days in care so far for children looked after today, and stay lengths of leavers.
ELAPSED_OPEN = {(0, 365): 26, (365, 730): 20, (730, 1461): 24, (1461, 4383): 30}
STAY_LENGTHS = {(7, 182): 35, (182, 730): 27, (730, 1826): 24, (1826, 4383): 14}
ETHNICITY = {
    "WBRI": 640, "WIRI": 5, "WIRT": 5, "WOTH": 40, "WROM": 10, "MWBC": 30, "MWBA": 15,
    "MWAS": 15, "MOTH": 40, "AIND": 10, "APKN": 20, "ABAN": 8, "AOTH": 20, "BCRB": 15,
    "BAFR": 40, "BOTH": 20, "CHNE": 2, "OOTH": 40, "REFU": 2, "NOBT": 5,
}  # fmt: skip
NEED = {"N1": 62, "N2": 4, "N3": 3, "N4": 8, "N5": 14, "N6": 2, "N7": 1, "N8": 7}
LEGAL_UNDER_10 = {"C2": 48, "C1": 18, "V2": 16, "E1": 14, "L2": 2, "L1": 1, "V3": 1}
LEGAL_10_PLUS = {"C2": 52, "C1": 12, "V2": 28, "J1": 3, "L1": 2, "V3": 2, "L2": 1}
PLACEMENT_UNDER_5 = {"U6": 40, "U4": 14, "U3": 14, "U1": 5, "U5": 3, "U2": 3, "A6": 10,
                     "A4": 2, "P1": 6, "R3": 3}  # fmt: skip
PLACEMENT_5_15 = {"U6": 30, "U4": 30, "U3": 8, "U1": 8, "K2": 12, "P1": 5, "S1": 2, "R1": 1,
                  "K1": 1, "Z1": 1}  # fmt: skip
PLACEMENT_16_PLUS = {"U4": 25, "U6": 15, "U1": 5, "K2": 15, "K3": 12, "H5": 12, "P2": 3,
                     "P1": 3, "K1": 1, "R5": 1}  # fmt: skip
_REASONS = {"E4A": 20, "E4B": 4, "E13": 8, "E41": 3, "E45": 4, "E46": 2, "E47": 5, "E48": 2,
            "E3": 3, "E8": 4}  # fmt: skip
REASON_UNDER_10 = {**_REASONS, "E11": 6, "E12": 6}
REASON_10_15 = {**_REASONS, "E14": 2, "E9": 1}
REASON_16_PLUS = {**REASON_10_15, "E5": 6, "E6": 1}
REASON_AGED_OUT = {"E5": 45, "E17": 30, "E6": 6, "E8": 5, "E7": 2}
REASON_RETURNED_HOME = {"E4A": 55, "E4B": 15, "E13": 20, "E41": 5, "E8": 5}
PARTICIPATION = {"PN1": 820, "PN2": 18, "PN3": 9, "PN4": 12, "PN5": 370, "PN6": 608, "PN7": 109}
_ATTENDED = {"visit": 40, "consultation_form": 25, "viewpoint": 15, "phone": 8, "video": 7,
             "letter": 5}  # fmt: skip
CONSULTATION = {
    "PN0": {"not_required": 1},
    "PN1": _ATTENDED, "PN2": _ATTENDED, "PN3": _ATTENDED, "PN4": _ATTENDED,
    "PN5": {"visit": 20, "other": 30, "phone": 20, "viewpoint": 15, "letter": 15},
    "PN6": {"viewpoint": 35, "visit": 25, "letter": 15, "phone": 10, "video": 10,
            "consultation_form": 5},
    "PN7": {"declined": 70, "other": 20, "not_required": 10},
}  # fmt: skip
LOCKDOWN = (date(2020, 3, 23), date(2021, 7, 19))
FORMAT_BEFORE = {"in_person": 96, "hybrid": 2, "virtual": 2}
FORMAT_LOCKDOWN = {"virtual": 85, "hybrid": 10, "in_person": 5}
FORMAT_AFTER = {"in_person": 55, "virtual": 25, "hybrid": 20}
PROGRESS = {"progressing": 68, "partly": 20, "not_progressing": 8, "not_applicable": 4}
SOCIAL_WORKER = {"attended": 92, "apologies": 3, "written": 5}
CARER = {"attended": 88, "apologies": 7, "written": 5}
SUPERVISING = {"attended": 60, "apologies": 30, "written": 10}
PARENT = {"attended": 45, "apologies": 35, "written": 20}
EDUCATION = {"attended": 30, "written": 45, "apologies": 25}
HEALTH = {"written": 55, "apologies": 30, "attended": 15}
ADVOCATE = {"attended": 70, "written": 30}
DECISION_OLD = {"done": 85, "outstanding": 10, "no_longer_needed": 5}
DECISION_LATEST = {"done": 60, "outstanding": 25, "open": 15}
TIMES = ("09:30", "10:00", "11:00", "13:30", "14:00", "15:45")
RESIDENTIAL = frozenset({"K1", "K2", "K3", "H5", "P2", "R1", "R5", "S1", "Z1"})

REVIEW_DEFAULTS: dict[str, Any] = {
    "brought_forward": False, "status": "draft", "further_sittings": [], "venue": "",
    "meeting_format": "in_person", "in_time": None, "late_reason": "",
    "participation_code": None, "consultation_method": None, "care_plan_3_days": None,
    "pmr_3_days": None, "young_person_views": "", "parents_views": "", "carers_views": "",
    "social_worker_update": "", "next_review_date": None, "next_review_time": "",
    "next_review_venue": "", "finalised_at": None, "decisions_issued_on": None,
    "record_issued_on": None,
}  # fmt: skip

_CHECKED = {
    "ethnicity": (ETHNICITY,),
    "category_of_need": (NEED,),
    "legal_status": (LEGAL_UNDER_10, LEGAL_10_PLUS),
    "placement": (PLACEMENT_UNDER_5, PLACEMENT_5_15, PLACEMENT_16_PLUS),
    "reason_ceased": (REASON_UNDER_10, REASON_16_PLUS, REASON_RETURNED_HOME, REASON_AGED_OUT),
    "participation": (PARTICIPATION,),
    "consultation_method": tuple(CONSULTATION.values()),
    "review_format": (FORMAT_BEFORE, FORMAT_LOCKDOWN, FORMAT_AFTER),
    "plan_progress": (PROGRESS,),
    "attendance_status": (SOCIAL_WORKER, CARER, SUPERVISING, PARENT, EDUCATION, HEALTH),
    "decision_status": (DECISION_OLD, DECISION_LATEST),
}


def check_codes() -> None:
    """Fail loudly when a weight table names a code that its list does not offer."""
    for list_name, tables in _CHECKED.items():
        active = {c.code for c in code_list(list_name).active()}
        for table in tables:
            unknown = set(table) - active
            if unknown:
                raise ValueError(f"demo weights use codes not in {list_name!r}: {sorted(unknown)}")
    plan_areas = {c.code for c in code_list("plan_area").active()}
    if plan_areas - set(PLAN_NOTES):
        raise ValueError(f"no demo notes for plan areas {sorted(plan_areas - set(PLAN_NOTES))}")


def legal_table(age: int) -> dict[str, int]:
    return LEGAL_UNDER_10 if age < 10 else LEGAL_10_PLUS


def placement_table(age: int) -> dict[str, int]:
    if age < 5:
        return PLACEMENT_UNDER_5
    return PLACEMENT_5_15 if age < 16 else PLACEMENT_16_PLUS


def reason_table(age: int, *, returned_home: bool) -> dict[str, int]:
    if returned_home:
        return REASON_RETURNED_HOME
    if age >= 18:
        return REASON_AGED_OUT
    if age < 10:
        return REASON_UNDER_10
    return REASON_10_15 if age < 16 else REASON_16_PLUS


def format_table(held: date) -> dict[str, int]:
    if held < LOCKDOWN[0]:
        return FORMAT_BEFORE
    return FORMAT_LOCKDOWN if held <= LOCKDOWN[1] else FORMAT_AFTER
