"""The SSDA903 Header, Episodes and Reviews tables for a collection year, row by row."""

from __future__ import annotations

import csv
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from sqlalchemy import select

from iro_desktop.exchange.ssda903 import (
    EPISODE_COLUMNS,
    HEADER_COLUMNS,
    REVIEW_COLUMNS,
    build_903,
    collection_year,
    export_903,
)
from iro_desktop.store import Store
from iro_desktop.store.models import AuditEvent, Child, PeriodOfCare, Review


def _child(local_id: str, dob: date, gender: str = "2", ethnicity: str = "WBRI",
           periods: list[PeriodOfCare] | None = None, reviews: list[Review] | None = None,
           deleted: bool = False) -> Child:
    child = Child(local_id=local_id, first_name="Test", last_name=local_id, date_of_birth=dob,
                  gender=gender, ethnicity=ethnicity)
    child.periods = periods or []
    child.reviews = reviews or []
    if deleted:
        child.deleted_at = datetime(2025, 6, 1, tzinfo=UTC)
        child.deleted_reason = "Entered in error"
    return child


def _period(start: date, end: date | None = None, reason: str | None = None, ls: str = "C2",
            place: str = "U4", cin: str = "N1", provider: str = "") -> PeriodOfCare:
    return PeriodOfCare(start_date=start, end_date=end, reason_ceased=reason, legal_status=ls,
                        placement_type=place, category_of_need=cin, placement_provider=provider)


def _review(held: date, code: str | None, status: str = "finalised") -> Review:
    return Review(meeting_date=held, participation_code=code, status=status)


@pytest.fixture
def small_store(store: Store) -> Store:
    """Children in and around the 2025-26 collection year (1 April 2025 – 31 March 2026)."""
    with store.session() as session:
        session.add_all([
            _child("LA001", date(2015, 6, 10), periods=[_period(date(2023, 5, 1))], reviews=[
                _review(date(2025, 3, 31), "PN1"),  # the day before the year: left out
                _review(date(2025, 4, 1), "PN1"),
                _review(date(2025, 10, 10), "PN6"),
                _review(date(2025, 12, 1), None, status="draft"),  # planned, not held
                _review(date(2026, 3, 31), "PN5"),
                _review(date(2026, 4, 1), "PN1"),  # the day after the year: left out
            ]),
            _child("LA002", date(2022, 9, 1), gender="1", ethnicity="", periods=[
                _period(date(2025, 9, 1), date(2026, 2, 10), "E4A", ls="V2", place="P1",
                        cin="N4")],
                reviews=[_review(date(2025, 9, 20), "PN0")]),
            _child("LA003", date(2010, 1, 1), periods=[
                _period(date(2020, 1, 1), date(2025, 3, 31), "E13")]),  # ended before
            _child("LA004", date(2010, 1, 1), periods=[_period(date(2026, 4, 1))]),  # starts after
            _child("LA005", date(2008, 2, 29), gender="1", ethnicity="BAFR", periods=[
                _period(date(2019, 1, 1), date(2025, 5, 1), "X1", ls="C1", place="U6",
                        provider="pr1"),
                _period(date(2025, 5, 1), date(2026, 6, 1), "E17", ls="C2", place="U6",
                        provider="PR1"),
            ]),
            _child("LA006", date(2012, 1, 1), periods=[
                _period(date(2024, 1, 1), date(2025, 4, 1), "E45", place="K3")]),
            _child("LA007", date(2012, 1, 1), periods=[_period(date(2026, 3, 31))]),
            _child("LA008", date(2012, 1, 1), periods=[_period(date(2024, 1, 1))], deleted=True),
        ])
    return store


def _read(path: Path) -> list[list[str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.reader(handle))


def test_the_three_tables_for_2025_26(small_store: Store, tmp_path: Path) -> None:
    written = export_903(small_store, 2025, tmp_path / "out")
    assert [p.name for p in written] == ["header.csv", "episodes.csv", "reviews.csv"]
    header, episodes, reviews = (_read(p) for p in written)
    assert header == [
        list(HEADER_COLUMNS),
        ["LA001", "F", "10/06/2015", "WBRI", "", "", ""],
        ["LA002", "M", "01/09/2022", "", "UN1", "", ""],
        ["LA005", "M", "29/02/2008", "BAFR", "", "", ""],
        ["LA006", "F", "01/01/2012", "WBRI", "", "", ""],
        ["LA007", "F", "01/01/2012", "WBRI", "", "", ""],
    ]
    assert episodes == [
        list(EPISODE_COLUMNS),
        ["LA001", "01/05/2023", "S", "C2", "N1", "U4", "", "", "", "", "", "", ""],
        ["LA002", "01/09/2025", "S", "V2", "N4", "P1", "PR0", "10/02/2026", "E4A", "", "", "",
         ""],
        ["LA005", "01/01/2019", "S", "C1", "N1", "U6", "PR1", "01/05/2025", "X1", "", "", "",
         ""],
        ["LA005", "01/05/2025", "L", "C2", "N1", "U6", "PR1", "", "", "", "", "", ""],
        ["LA006", "01/01/2024", "S", "C2", "N1", "K3", "", "01/04/2025", "E45", "", "", "", ""],
        ["LA007", "31/03/2026", "S", "C2", "N1", "U4", "", "", "", "", "", "", ""],
    ]
    assert reviews == [
        list(REVIEW_COLUMNS),
        ["LA001", "10/06/2015", "01/04/2025", "PN1"],
        ["LA001", "10/06/2015", "10/10/2025", "PN6"],
        ["LA001", "10/06/2015", "31/03/2026", "PN5"],
        ["LA002", "01/09/2022", "20/09/2025", "PN0"],
    ]
    assert (tmp_path / "out" / "header.csv").read_bytes().endswith(b"\r\n")
    with small_store.read_session() as session:
        event = session.scalars(select(AuditEvent)
                                .where(AuditEvent.action == "export.ssda903")).one()
        assert event.detail == {"year": "2025-26", "children": 5, "episodes": 6, "reviews": 4,
                                "blanked": 0}


def test_the_previous_year_sees_other_children(small_store: Store) -> None:
    with small_store.read_session() as session:
        tables = build_903(session, 2024)
    assert [row[0] for row in tables.header] == ["LA001", "LA003", "LA005", "LA006"]
    assert ("LA003", "01/01/2020", "S", "C2", "N1", "U4", "", "31/03/2025", "E13", "", "", "",
            "") in tables.episodes
    assert ("LA005", "01/01/2019", "S", "C1", "N1", "U6", "PR1", "", "", "", "", "", "") in \
        tables.episodes, "the X1 ending falls in the next year"
    assert tables.reviews == [("LA001", "10/06/2015", "31/03/2025", "PN1")]
    assert ("LA002", "UN1") not in [(h[0], h[4]) for h in tables.header]


def test_codes_not_valid_in_the_year_are_left_blank(small_store: Store) -> None:
    """K3 (registered supported accommodation) is valid from 2023-24 only."""
    with small_store.session() as session:
        session.add(_child("LA009", date(2005, 1, 1), periods=[
            _period(date(2022, 6, 1), date(2023, 3, 1), "E45", place="K3")]))
    with small_store.read_session() as session:
        tables = build_903(session, 2022)
    [episode] = [e for e in tables.episodes if e[0] == "LA009"]
    assert episode[5] == "" and episode[8] == "E45"
    assert tables.blanked == ["LA009 PLACE: K3 is not a placement code valid in 2022-23; "
                              "left blank"]
    with small_store.read_session() as session:
        older = build_903(session, 2019)
    assert [e for e in older.episodes if e[0] == "LA009"] == []


def test_collection_years() -> None:
    assert collection_year(2025) == ("2025-26", date(2025, 4, 1), date(2026, 3, 31))
    assert collection_year(2099)[0] == "2099-00"
    with pytest.raises(ValueError, match="is not a collection year"):
        collection_year(25)


def test_an_empty_store_gives_headers_only(store: Store, tmp_path: Path) -> None:
    written = export_903(store, 2025, tmp_path)
    assert [_read(p) for p in written] == [[list(HEADER_COLUMNS)], [list(EPISODE_COLUMNS)],
                                           [list(REVIEW_COLUMNS)]]


# ------------------------------------------------------------------ codes by collection year
# Sources (see resources/codes/README.md): the DfE "Children looked after return <year>:
# technical specifications" validation rules, as implemented in the public validator
# data-to-insight/csc-validator-be-903 (lac_validator/rules/lac<year>/): rule 101 (SEX is 1/2
# until 2023-24, M/F/U from 2024-25) and rule 146 (placement codes; Z11-Z14 from 2025-26).


@pytest.fixture
def year_store(store: Store) -> Store:
    """Fictional children whose periods of care run across 2023-24 to 2026-27."""
    with store.session() as session:
        session.add_all([
            _child("YR001", date(2012, 5, 5), gender="1",
                   periods=[_period(date(2023, 4, 1), place="K3", provider="PR1")]),
            _child("YR002", date(2011, 7, 7), gender="2",
                   periods=[_period(date(2023, 6, 1), place="Z11")]),
            _child("YR003", date(2009, 9, 9), gender="",
                   periods=[_period(date(2023, 5, 1), place="U4")]),
        ])
    return store


def _by_child(rows: list[tuple[str, ...]], column: int) -> dict[str, str]:
    return {row[0]: row[column] for row in rows}


@pytest.mark.parametrize(("year", "sex", "place", "blanked"), [
    # 2023-24: SEX 1/2 (rule 101, 2022-23 version); Z11 not yet a code (rule 146).
    (2023, {"YR001": "1", "YR002": "2", "YR003": ""},
     {"YR001": "K3", "YR002": "", "YR003": "U4"},
     ["YR002 PLACE: Z11 is not a placement code valid in 2023-24; left blank"]),
    # 2024-25: SEX M/F/U (rule 101, 2024-25 version); Z11 still not a code.
    (2024, {"YR001": "M", "YR002": "F", "YR003": ""},
     {"YR001": "K3", "YR002": "", "YR003": "U4"},
     ["YR002 PLACE: Z11 is not a placement code valid in 2024-25; left blank"]),
    # 2025-26: M/F; Z11-Z14 are codes (rule 146, 2025-26 version).
    (2025, {"YR001": "M", "YR002": "F", "YR003": ""},
     {"YR001": "K3", "YR002": "Z11", "YR003": "U4"}, []),
    # 2026-27: no change to these lists in the 2026-27 rules (only the new DoLO table).
    (2026, {"YR001": "M", "YR002": "F", "YR003": ""},
     {"YR001": "K3", "YR002": "Z11", "YR003": "U4"}, []),
])
def test_sex_and_placement_follow_the_collection_year(
        year_store: Store, year: int, sex: dict[str, str], place: dict[str, str],
        blanked: list[str]) -> None:
    with year_store.read_session() as session:
        tables = build_903(session, year)
    assert _by_child(tables.header, 1) == sex
    assert _by_child(tables.episodes, 5) == place
    assert tables.blanked == blanked


def test_an_unknown_gender_is_reported_not_written(year_store: Store) -> None:
    with year_store.session() as session:
        session.add(_child("YR004", date(2010, 1, 1), gender="X",
                           periods=[_period(date(2024, 1, 1))]))
    with year_store.read_session() as session:
        tables = build_903(session, 2025)
    assert _by_child(tables.header, 1)["YR004"] == ""
    assert tables.blanked == ["YR004 SEX: X is not a ssda903_sex code valid in 2025-26; "
                              "left blank"]


def test_the_reason_for_new_episode_is_checked_against_the_year(year_store: Store) -> None:
    with year_store.read_session() as session:
        tables = build_903(session, 2025)
    assert {row[2] for row in tables.episodes} == {"S"}
    assert tables.blanked == []
