"""Importing a good file: the counts, what lands in the store, and re-importing changing nothing."""

from __future__ import annotations

import zipfile
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from iro_desktop.exchange.import_apply import import_file
from iro_desktop.exchange.import_template import SHEETS, write_template
from iro_desktop.store import Store
from iro_desktop.store.models import (
    AuditEvent,
    Challenge,
    Child,
    GoodPractice,
    Iro,
    PeriodOfCare,
    QaAudit,
    Review,
)

from .import_helpers import (
    EXPECTED_NEW,
    TODAY,
    csv_text,
    good_rows,
    store_digest,
    write_csvs,
    write_xlsx,
)


def _new(result_counts: dict[str, object]) -> dict[str, int]:
    return {name: c.new for name, c in result_counts.items()}  # type: ignore[attr-defined]


def test_a_good_workbook_imports_and_reimporting_changes_nothing(store: Store,
                                                                 tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "history.xlsx", good_rows())
    result = import_file(store, path, TODAY)
    assert result.problems == []
    assert result.imported and not result.dry_run
    assert _new(result.counts) == EXPECTED_NEW
    assert all(c.updated == 0 and c.unchanged == 0 for c in result.counts.values())
    assert sorted(result.added_iros) == ["Alex Moore", "Sam Patel"]
    after_first = store_digest(store)

    again = import_file(store, path, TODAY)
    assert again.imported and again.problems == []
    assert {n: (c.new, c.updated, c.unchanged) for n, c in again.counts.items()} == {
        n: (0, 0, count) for n, count in EXPECTED_NEW.items()}
    counts, children, reviews = store_digest(store)
    first_counts, first_children, first_reviews = after_first
    assert (children, reviews) == (first_children, first_reviews)
    assert [(n, c) for n, c in counts if n != "audit_event"] == \
        [(n, c) for n, c in first_counts if n != "audit_event"]
    assert dict(counts)["audit_event"] == dict(first_counts)["audit_event"] + 1


def test_what_the_import_writes(store: Store, tmp_path: Path) -> None:
    import_file(store, write_xlsx(tmp_path / "history.xlsx", good_rows()), TODAY)
    with store.read_session() as session:
        tamsin = session.scalars(select(Child).where(Child.local_id == "LA100001")).one()
        assert (tamsin.first_name, tamsin.preferred_name, tamsin.date_of_birth, tamsin.gender,
                tamsin.ethnicity) == ("Tamsin", "Tam", date(2012, 5, 14), "2", "WBRI")
        sam = session.scalars(select(Iro).where(Iro.name == "Sam Patel")).one()
        assert tamsin.iro_id == sam.id
        periods = session.scalars(select(PeriodOfCare).where(PeriodOfCare.child_id == tamsin.id)
                                  .order_by(PeriodOfCare.start_date)).all()
        assert [(p.start_date, p.end_date, p.reason_ceased, p.legal_status) for p in periods] == [
            (date(2022, 3, 1), date(2022, 9, 30), "E4A", "V2"),
            (date(2023, 1, 9), None, None, "C2")]
        ben_period = session.scalars(select(PeriodOfCare).join(Child)
                                     .where(Child.local_id == "LA100002")).one()
        assert (ben_period.placement_type, ben_period.category_of_need) == ("U6", "N1")
        reviews = session.scalars(select(Review).where(Review.child_id == tamsin.id)
                                  .order_by(Review.meeting_date)).all()
        assert [(r.number, r.due_date, r.in_time, r.participation_code, r.status)
                for r in reviews] == [
            (1, date(2023, 2, 6), True, "PN1", "finalised"),  # 20 working days from 9 Jan
            (2, date(2023, 5, 3), True, "PN6", "finalised"),
            (3, date(2023, 11, 2), False, "PN5", "finalised"),  # 6 months after 2 May
        ]
        assert {r.period_id for r in reviews} == {periods[1].id}
        assert reviews[2].late_reason == "Carer unwell"
        assert reviews[2].iro_id != sam.id, "Alex Moore chaired the third review"
        audits = session.scalars(select(QaAudit).order_by(QaAudit.audit_date)).all()
        assert [(a.grade, a.viewpoint, a.review_id) for a in audits] == [
            ("good", "completed", reviews[0].id), ("needs_improvement", "declined", reviews[2].id)]
        assert {a.area: a.judgement for a in audits[0].areas} == {
            "pre_meeting_report": "met", "education": "met", "care_plan": "partly_met",
            "participation": "met", "health": "met"}
        assert {a.area: a.judgement for a in audits[1].areas} == {"pre_meeting_report": "not_met"}
        challenge = session.scalars(select(Challenge).where(Challenge.child_id == tamsin.id)).one()
        assert sorted(c.category for c in challenge.categories) == [
            "care_plan.drift_delay", "education.pep_not_completed",
            "health.health_assessment_overdue"]
        assert [(s.position, s.stage, s.started_on) for s in challenge.stages] == [
            (0, "informal", date(2023, 2, 14)), (1, "stage1", date(2023, 2, 21))]
        assert (challenge.outcome, challenge.closed_on, challenge.iro_id) == (
            "resolved_nfa", date(2023, 3, 1), sam.id)
        good = session.scalars(select(GoodPractice)).one()
        assert (good.social_worker, good.team) == ("Priya Sandhu", "Children in Care Team 2")
        event = session.scalars(select(AuditEvent).where(AuditEvent.action == "import")).one()
        assert event.detail["file"] == "history.xlsx"
        assert event.detail["counts"]["reviews"] == {"new": 4, "updated": 0, "unchanged": 0}


def test_a_dry_run_counts_but_writes_nothing(store: Store, tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "history.xlsx", good_rows())
    before = store_digest(store)
    result = import_file(store, path, TODAY, dry_run=True)
    assert result.problems == [] and not result.imported
    assert _new(result.counts) == EXPECTED_NEW
    assert store_digest(store) == before


def test_a_changed_row_is_updated_and_a_blank_cell_keeps_the_stored_value(
        store: Store, tmp_path: Path) -> None:
    import_file(store, write_xlsx(tmp_path / "first.xlsx", good_rows()), TODAY)
    rows = good_rows()
    rows["reviews"][0][3] = "PN2"  # the code changed
    rows["children"][0][3] = ""  # the preferred name left blank
    result = import_file(store, write_xlsx(tmp_path / "second.xlsx", rows), TODAY)
    assert result.problems == []
    counts = result.counts
    assert (counts["reviews"].updated, counts["reviews"].unchanged) == (1, 3)
    assert (counts["children"].updated, counts["children"].unchanged) == (0, 2)
    with store.read_session() as session:
        tamsin = session.scalars(select(Child).where(Child.local_id == "LA100001")).one()
        assert tamsin.preferred_name == "Tam"
        first = session.scalars(select(Review).where(Review.meeting_date == date(2023, 2, 3))).one()
        assert first.participation_code == "PN2"


def test_a_later_file_can_add_to_children_already_in_the_store(store: Store,
                                                               tmp_path: Path) -> None:
    import_file(store, write_xlsx(tmp_path / "first.xlsx", good_rows()), TODAY)
    later = {"reviews": [["LA100001", "2024-05-20", "Sam Patel", "PN1"]],
             "audits": [["LA100001", "2023-02-03", "2023-02-11", "Outstanding"]]}
    result = import_file(store, write_xlsx(tmp_path / "later.xlsx", later), TODAY)
    assert result.problems == []
    assert (result.counts["reviews"].new, result.counts["audits"].updated) == (1, 1)
    with store.read_session() as session:
        review = session.scalars(select(Review).where(Review.meeting_date == date(2024, 5, 20)))\
            .one()
        assert (review.number, review.due_date, review.in_time) == (4, date(2024, 6, 1), True)


@pytest.mark.parametrize("form", ["folder", "zip"])
def test_csv_folders_and_zips_import_the_same(store: Store, tmp_path: Path, form: str) -> None:
    folder = write_csvs(tmp_path / "csv", good_rows())
    path = folder
    if form == "zip":
        path = tmp_path / "history.zip"
        with zipfile.ZipFile(path, "w") as archive:
            for csv_file in folder.iterdir():
                archive.write(csv_file, f"export/{csv_file.name}")
    result = import_file(store, path, TODAY)
    assert result.problems == []
    assert _new(result.counts) == EXPECTED_NEW


def test_single_csv_files_import_one_sheet_each(store: Store, tmp_path: Path) -> None:
    rows = good_rows()
    for name in ("children", "periods"):
        path = tmp_path / f"{name}.csv"
        path.write_text(csv_text(name, rows[name]), encoding="utf-8-sig")
        assert import_file(store, path, TODAY).problems == []
    unnamed = tmp_path / "tracker export.csv"  # the sheet is told by its columns
    unnamed.write_bytes(csv_text("reviews", rows["reviews"]).encode("cp1252"))
    result = import_file(store, unnamed, TODAY)
    assert result.problems == [] and list(result.counts) == ["reviews"]
    assert result.counts["reviews"].new == 4


def test_excel_dates_and_numbers_are_read(store: Store, tmp_path: Path) -> None:
    rows = good_rows()
    rows["children"][0][0] = 100001  # an ID typed as a number
    for sheet in ("periods", "reviews", "audits", "challenges", "good_practice"):
        for row in rows[sheet]:
            if row[0] == "LA100001":
                row[0] = 100001.0
    rows["children"][0][4] = date(2012, 5, 14)  # an Excel date cell
    rows["reviews"][0][1] = 44960  # an Excel serial number: 3 February 2023
    result = import_file(store, write_xlsx(tmp_path / "typed.xlsx", rows), TODAY)
    assert result.problems == []
    with store.read_session() as session:
        child = session.scalars(select(Child).where(Child.local_id == "100001")).one()
        assert child.date_of_birth == date(2012, 5, 14)
        assert session.scalar(select(Review.id).where(Review.meeting_date == date(2023, 2, 3)))


def test_the_blank_template_documents_every_sheet(tmp_path: Path) -> None:
    [path] = write_template(tmp_path / "template.xlsx")
    book = load_workbook(path)
    assert book.sheetnames == ["README", "lists", *[s.name for s in SHEETS]]
    for sheet in SHEETS:
        assert [c.value for c in book[sheet.name][1]] == list(sheet.column_names)
    readme = "\n".join(str(c.value) for row in book["README"].iter_rows() for c in row if c.value)
    assert "All or nothing" in readme
    assert "Values, not formulas" in readme
    assert "Matched on re-import by: child_id + review_date" in readme
    reviews = book["reviews"]
    [check] = reviews.data_validations.dataValidation
    assert check.formula1.startswith("lists!$") and "D2:D" in str(check.sqref)
    csvs = write_template(tmp_path / "blank")
    assert sorted(p.name for p in csvs) == sorted(
        [f"{s.name}.csv" for s in SHEETS] + ["README.txt"])


def test_the_blank_template_imports_as_empty(store: Store, tmp_path: Path) -> None:
    [path] = write_template(tmp_path / "template.xlsx")
    result = import_file(store, path, TODAY)
    assert [p.reason for p in result.problems] == [
        "template.xlsx has column names but no rows to import: add one row per record under "
        "the column names."]
