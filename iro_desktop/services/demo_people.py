"""The people in the demonstration store: IROs, the service profile, each child's network,
who came to each review and who owns each decision. All names and numbers are fictional.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from ..store.models import Attendance, Decision, Iro, Person, ServiceProfile
from . import demo_names as names
from .demo_qa import Worker
from .demo_rows import DemoRows

IRO_TEAM = "Independent Reviewing Service"
ADVOCATE_SHARE = 0.25
TARGET_DAYS = (14, 28, 42, 56, 84)


@dataclass(frozen=True, slots=True)
class Network:
    """The people around one child (chosen for the child's current placement)."""

    worker: Worker
    carer: str
    carer_role: str
    carer_org: str
    supervising: str
    parents: tuple[str, ...]
    advocate: str
    has_advocate: bool
    teacher: str
    school: str
    nurse: str
    provider: str
    venue: str


def phone(rng_value: int, freephone: bool = False) -> str:
    """A number from Ofcom's drama ranges, which are never allocated to real lines."""
    return f"0808 157 0{rng_value % 1000:03d}" if freephone else f"01632 960{rng_value % 1000:03d}"


def email(name: str) -> str:
    local = ".".join(part for part in name.lower().replace("'", "").split() if part != "and")
    return f"{local}@example.org"


class People:
    """Pools of fictional professionals shared between children, and the rows that name them."""

    def __init__(self, rows: DemoRows, children: int) -> None:
        self.rows = rows
        rng = rows.rng
        self.iro_names: dict[str, str] = {}
        managers = {team: self._adult() for team in names.TEAMS}
        self.workers = []
        for _ in range(max(4, children // 12)):
            team = rng.choice(names.TEAMS[:4]) if rng.random() < 0.85 else rng.choice(names.TEAMS)
            self.workers.append(Worker(self._adult(), team, managers[team]))
        self.schools: list[tuple[str, str, bool]] = []
        for _ in range(max(6, children // 8)):
            secondary = rng.random() < 0.45
            kind = rng.choice(("High School", "Academy") if secondary
                              else ("Primary School", "Primary Academy", "Infant School"))
            self.schools.append((f"{rng.choice(names.SCHOOL_PREFIXES)} {kind}", self._adult(),
                                 secondary))
        self.nurses = [self._adult() for _ in range(4)]

    def _adult(self) -> str:
        return f"{self.rows.rng.choice(names.ADULT_FIRST)} {self.rows.rng.choice(names.SURNAMES)}"

    def _phone(self, freephone: bool = False) -> str:
        return phone(self.rows.rng.randrange(1000), freephone)

    def add_iros(self, count: int) -> list[str]:
        ids: list[str] = []
        for index in range(count):
            name = self._adult()
            while name in self.iro_names.values():
                name = self._adult()
            iro_id = self.rows.add(Iro, name=name, email=email(name), phone=self._phone(),
                                   team=IRO_TEAM, is_current_user=index == 0)
            self.iro_names[iro_id] = name
            ids.append(iro_id)
        return ids

    def add_service_profile(self) -> None:
        self.rows.add(
            ServiceProfile, local_authority=names.LOCAL_AUTHORITY, service_name=IRO_TEAM,
            service_phone="01632 960100", service_email="iro.service@example.org",
            service_address=f"{names.TOWN} Civic Centre\n1 Market Street\n{names.TOWN} NM1 1AA",
            advocacy_name=names.ADVOCACY, advocacy_phone="0808 157 0123",
            advocacy_email="advocacy@example.org", advocacy_web="https://advocacy.example.org",
            complaints_name="Children's Complaints Team", complaints_phone="01632 960200",
            complaints_email="complaints@example.org",
            complaints_web="https://www.example.org/complaints", decisions_working_days=5,
            record_working_days=15, challenge_stage_days=5, challenge_overall_days=20,
            template_path="",
        )  # fmt: skip

    def network(self, placement: str, age: int, surname: str) -> Network:
        rng = self.rows.rng
        carer, role, org, supervising, provider = "", "carer", "", "", ""
        venue = rng.choice(names.VENUES[2:])
        if placement in names.RESIDENTIAL:
            carer, role = self._adult(), "residential_key_worker"
            org = provider = venue = rng.choice(names.CHILDRENS_HOMES)
        elif placement != "P1":
            first = rng.choice(names.ADULT_FIRST)
            carer = self._adult() if rng.random() < 0.4 else \
                f"{first} and {rng.choice(names.ADULT_FIRST)} {rng.choice(names.SURNAMES)}"
            org = rng.choice(names.FOSTERING_AGENCIES)
            supervising, provider, venue = self._adult(), carer, "the carer's home"
        else:
            venue = "the family home"
        mother = f"{rng.choice(names.ADULT_FIRST)} {surname}"
        parents = (mother, self._adult()) if rng.random() < 0.7 else (mother,)
        school, teacher = "", ""
        if age >= 4:
            options = [s for s in self.schools if s[2] == (age >= 11)] or self.schools
            school, teacher, _ = rng.choice(options)
        return Network(
            worker=rng.choice(self.workers), carer=carer, carer_role=role, carer_org=org,
            supervising=supervising, parents=parents, advocate=self._adult(),
            has_advocate=rng.random() < ADVOCATE_SHARE, teacher=teacher, school=school,
            nurse=rng.choice(self.nurses), provider=provider, venue=venue,
        )  # fmt: skip

    def add_people(self, child_id: str, net: Network) -> None:
        la, rng = names.LOCAL_AUTHORITY, self.rows.rng
        people: list[tuple[str, str, str, str, bool]] = [
            ("social_worker", net.worker.social_worker, la, net.worker.team, False),
            ("team_manager", net.worker.team_manager, la, net.worker.team, False),
        ]
        if net.carer:
            people.append((net.carer_role, net.carer, net.carer_org, "", False))
        if net.supervising:
            people.append(("supervising_social_worker", net.supervising, net.carer_org, "", False))
        for index, parent in enumerate(net.parents):
            people.append(("parent", parent, "", "", index == 0 or rng.random() < 0.75))
        if net.has_advocate:
            people.append(("advocate", net.advocate, names.ADVOCACY, "", False))
        if net.teacher:
            people.append(("school", net.teacher, net.school, "", False))
        people.append(("health", net.nurse, f"{names.TOWN} Looked After Children's Health Team",
                       "", False))
        for role, name, org, team, responsible in people:
            professional = role not in ("parent", "carer")
            self.rows.add(
                Person, child_id=child_id, role=role, name=name, organisation=org, team=team,
                phone=self._phone(role == "advocate"),
                email=email(name) if professional else "",
                parental_responsibility=responsible, active=True,
            )  # fmt: skip

    def add_attendance(self, review_id: str, net: Network, age: int, code: str) -> None:
        rng = self.rows.rng
        invited: list[tuple[str, str, dict[str, int]]] = [
            (net.worker.social_worker, "social_worker", names.SOCIAL_WORKER)
        ]
        if net.carer:
            invited.append((net.carer, net.carer_role, names.CARER))
        if net.supervising and rng.random() < 0.55:
            invited.append((net.supervising, "supervising_social_worker", names.SUPERVISING))
        invited.extend((p, "parent", names.PARENT) for p in net.parents if rng.random() < 0.6)
        if net.teacher and age >= 4 and rng.random() < 0.85:
            invited.append((net.teacher, "education", names.EDUCATION))
        if rng.random() < 0.5:
            invited.append((net.nurse, "health", names.HEALTH))
        if code in ("PN2", "PN5") or (net.has_advocate and rng.random() < 0.5):
            invited.append((net.advocate, "advocate", names.ADVOCATE))
        for position, (name, role, table) in enumerate(invited):
            self.rows.add(Attendance, review_id=review_id, position=position, name=name,
                          role=role, status=self.rows.pick(table))

    def add_decisions(self, review_id: str, net: Network, iro_id: str, age: int, held: date,
                      *, latest: bool) -> None:
        rows = self.rows
        rng = rows.rng
        owners = {"social_worker": net.worker.social_worker, "carer": net.carer,
                  "school": net.teacher if age >= 4 else "", "iro": self.iro_names[iro_id]}
        pool = [(owner, text) for owner, texts in names.DECISIONS.items() if owners[owner]
                for text in texts]  # fmt: skip
        for position, (owner, text) in enumerate(rng.sample(pool, rng.randint(3, 6))):
            target = held + timedelta(days=rng.choice(TARGET_DAYS))
            if not latest:
                status = rows.pick(names.DECISION_OLD)
            elif target < rows.today:
                status = rows.pick(names.DECISION_LATEST)
            else:
                status = "open"
            rows.add(Decision, review_id=review_id, position=position, text=text,
                     owner=owners[owner], target_date=target, status=status, status_note="")
