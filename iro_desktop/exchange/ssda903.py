"""The SSDA903 looked-after children return: Header, Episodes and Reviews as DfE CSV tables.

``export_903(store, 2025, out_dir)`` writes the tables for the collection year 1 April
2025 – 31 March 2026 ("2025-26"), in the DfE column layout, with dates as DD/MM/YYYY and
codes checked against that year's code lists. Assumptions, because the store is an IRO's
record rather than the case system (see ``docs/ssda903-export.md``):

* one episode per period of care: placement changes within a period are not tracked yet,
  so every period is one episode with RNE "S" (started to be looked after), except a
  period that follows one ended "X1" on the same day, which gets L, P or B from what
  changed;
* a value the store does not hold is left blank (UPN is "UN1" for a child not yet of
  school age, as DfE rule 209 allows); a code not valid in the year (e.g. placement H5
  after 2024-25) is left blank and reported in ``Ssda903Tables.blanked``;
* SEX is written in the year's coding: the stored gender 1/2 becomes M/F from 2024-25
  (``resources/codes/ssda903_sex.json``);
* REASON_PLACE_CHANGE, HOME_POST, PL_POST, URN, MOTHER and MC_DOB are blank;
  PLACE_PROVIDER is the provider when it is a PR0–PR5 code, and PR0 for placement P1.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..domain.codes import CodeList, code_list
from ..domain.review_form import HELD_STATUSES
from ..domain.text_rules import spreadsheet_safe
from ..services.audit_trail import record_event
from ..store import Store
from ..store.atomic import atomic_write_bytes
from ..store.models import Child, PeriodOfCare, Review, not_deleted

__all__ = [
    "EPISODE_COLUMNS",
    "HEADER_COLUMNS",
    "REVIEW_COLUMNS",
    "Ssda903Tables",
    "build_903",
    "collection_year",
    "export_903",
    "export_903_tables",
]

HEADER_COLUMNS = ("CHILD", "SEX", "DOB", "ETHNIC", "UPN", "MOTHER", "MC_DOB")
EPISODE_COLUMNS = ("CHILD", "DECOM", "RNE", "LS", "CIN", "PLACE", "PLACE_PROVIDER", "DEC",
                   "REC", "REASON_PLACE_CHANGE", "HOME_POST", "PL_POST", "URN")
REVIEW_COLUMNS = ("CHILD", "DOB", "REVIEW", "REVIEW_CODE")
PROVIDER_CODES = frozenset({"PR0", "PR1", "PR2", "PR3", "PR4", "PR5"})
_HELD = HELD_STATUSES
#: The same sex in the return's two codings: the store keeps the ``gender`` list's 1/2,
#: the return wants 1/2 until 2023-24 and M/F from 2024-25 (DfE validation rule 101).
_SEX_CODINGS = (("1", "M"), ("2", "F"))
_FILES = (("header.csv", HEADER_COLUMNS), ("episodes.csv", EPISODE_COLUMNS),
          ("reviews.csv", REVIEW_COLUMNS))


def collection_year(year: int) -> tuple[str, date, date]:
    """("2025-26", 1 April 2025, 31 March 2026) for ``year`` 2025."""
    if not 2000 <= year <= 2099:
        raise ValueError(f"{year} is not a collection year (give the year it starts, e.g. 2025)")
    return f"{year}-{(year + 1) % 100:02d}", date(year, 4, 1), date(year + 1, 3, 31)


def _dfe_date(value: date | None) -> str:
    return "" if value is None else value.strftime("%d/%m/%Y")


@dataclass
class Ssda903Tables:
    """The three tables' rows (each a tuple in the column order) and what was left blank."""

    year: str
    header: list[tuple[str, ...]] = field(default_factory=list)
    episodes: list[tuple[str, ...]] = field(default_factory=list)
    reviews: list[tuple[str, ...]] = field(default_factory=list)
    blanked: list[str] = field(default_factory=list)


class _Codes:
    """The year's code lists; a code not valid in the year is blanked and noted."""

    def __init__(self, year: str, blanked: list[str]) -> None:
        self.lists: dict[str, CodeList] = {
            name: code_list(name, year)
            for name in ("legal_status", "placement", "category_of_need", "reason_ceased",
                         "reason_new_episode", "participation", "ethnicity", "ssda903_sex")
        }
        self.blanked = blanked

    def sex(self, gender: str | None, child: str) -> str:
        """The stored gender in the year's SEX coding (1/2 until 2023-24, M/F from 2024-25)."""
        if not gender:
            return ""
        sexes = self.lists["ssda903_sex"]
        pair = next((pair for pair in _SEX_CODINGS if gender in pair), (gender,))
        written = next((code for code in pair if sexes.is_selectable(code)), gender)
        return self.valid("ssda903_sex", written, child, "SEX")

    def valid(self, list_name: str, value: str | None, child: str, field_name: str) -> str:
        if not value:
            return ""
        if self.lists[list_name].is_selectable(value):
            return value
        self.blanked.append(f"{child} {field_name}: {value} is not a {list_name} code valid in "
                            f"{self.lists[list_name].year or 'this year'}; left blank")
        return ""


def _upn(dob: date, start_year: int) -> str:
    """UN1 ("not of school age") only for a child under 4 on 31 August before the year began."""
    reference = date(start_year - 1, 8, 31)
    fourth_birthday = date(dob.year + 4, dob.month, 28 if (dob.month, dob.day) == (2, 29)
                           else dob.day)
    return "UN1" if fourth_birthday > reference else ""


def _rne(period: PeriodOfCare, previous: PeriodOfCare | None) -> str:
    """S for a new period of care; after an "X1" ending on the same day, what changed."""
    if previous is None or previous.reason_ceased != "X1" \
            or previous.end_date != period.start_date:
        return "S"
    legal = previous.legal_status != period.legal_status
    placement = (previous.placement_type, previous.placement_provider.strip().casefold()) != \
        (period.placement_type, period.placement_provider.strip().casefold())
    if legal and placement:
        return "B"
    return "L" if legal else "P"


def _provider(period: PeriodOfCare) -> str:
    text = period.placement_provider.strip().upper()
    if text in PROVIDER_CODES:
        return text
    return "PR0" if period.placement_type == "P1" else ""


def build_903(session: Session, year: int) -> Ssda903Tables:
    """The rows of the three tables for the children looked after at any time in the year."""
    label, first, last = collection_year(year)
    tables = Ssda903Tables(label)
    codes = _Codes(label, tables.blanked)
    periods = session.execute(
        select(PeriodOfCare, Child)
        .join(Child, Child.id == PeriodOfCare.child_id)
        .where(not_deleted(PeriodOfCare), not_deleted(Child),
               PeriodOfCare.start_date <= last)
        .order_by(Child.local_id, PeriodOfCare.start_date)
    ).all()
    previous: dict[str, PeriodOfCare] = {}
    children: dict[str, Child] = {}
    for period, child in periods:
        before = previous.get(child.id)
        previous[child.id] = period
        if period.end_date is not None and period.end_date < first:
            continue
        children.setdefault(child.id, child)
        ended = period.end_date if period.end_date is not None and period.end_date <= last \
            else None
        cid = child.local_id
        tables.episodes.append((
            cid, _dfe_date(period.start_date),
            codes.valid("reason_new_episode", _rne(period, before), cid, "RNE"),
            codes.valid("legal_status", period.legal_status, cid, "LS"),
            codes.valid("category_of_need", period.category_of_need, cid, "CIN"),
            codes.valid("placement", period.placement_type, cid, "PLACE"),
            _provider(period), _dfe_date(ended),
            codes.valid("reason_ceased", period.reason_ceased, cid, "REC") if ended else "",
            "", "", "", "",
        ))
    for child in children.values():
        tables.header.append((
            child.local_id, codes.sex(child.gender, child.local_id),
            _dfe_date(child.date_of_birth),
            codes.valid("ethnicity", child.ethnicity, child.local_id, "ETHNIC"),
            _upn(child.date_of_birth, year), "", "",
        ))
    tables.reviews = _reviews(session, children, codes, first, last)
    return tables


def _reviews(session: Session, children: dict[str, Child], codes: _Codes, first: date,
             last: date) -> list[tuple[str, ...]]:
    if not children:
        return []
    rows: list[tuple[str, ...]] = []
    ids = list(children)
    for start in range(0, len(ids), 500):
        query = (select(Review.child_id, Review.meeting_date, Review.participation_code)
                 .where(Review.child_id.in_(ids[start:start + 500]),
                        not_deleted(Review), Review.status.in_(_HELD),
                        Review.meeting_date.between(first, last)))
        for child_id, held_on, code in session.execute(query):
            assert held_on is not None, "the query keeps dated reviews only"
            child = children[child_id]
            rows.append((child.local_id, _dfe_date(child.date_of_birth), _dfe_date(held_on),
                         codes.valid("participation", code, child.local_id, "REVIEW_CODE"),
                         held_on.isoformat()))
    rows.sort(key=lambda r: (r[0], r[4]))
    return [r[:4] for r in rows]


def _csv_bytes(columns: Sequence[str], rows: list[tuple[str, ...]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(columns)
    writer.writerows([[spreadsheet_safe(value) for value in row] for row in rows])
    return buffer.getvalue().encode("utf-8")


def export_903(store: Store, year: int, out_dir: Path | str) -> list[Path]:
    """Write header.csv, episodes.csv and reviews.csv into ``out_dir`` (each atomically)."""
    return export_903_tables(store, year, out_dir)[0]


def export_903_tables(store: Store, year: int,
                      out_dir: Path | str) -> tuple[list[Path], Ssda903Tables]:
    """``export_903``, also giving the tables written (with the values left blank, and why)."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    with store.read_session() as session:
        tables = build_903(session, year)
    written: list[Path] = []
    for (name, columns), rows in zip(_FILES, (tables.header, tables.episodes, tables.reviews),
                                     strict=True):
        path = out / name
        atomic_write_bytes(path, _csv_bytes(columns, rows))
        written.append(path)
    with store.session() as session:
        record_event(session, "export.ssda903", entity_type="export", detail={
            "year": tables.year, "children": len(tables.header),
            "episodes": len(tables.episodes), "reviews": len(tables.reviews),
            "blanked": len(tables.blanked),
        })
    return written, tables
