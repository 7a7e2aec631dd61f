"""Bad import files: each gives a clear message naming sheet, row and column; nothing imported."""

from __future__ import annotations

import os
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from iro_desktop.exchange.import_apply import import_file
from iro_desktop.exchange.import_reader import MAX_ROWS
from iro_desktop.exchange.import_result import ImportResult
from iro_desktop.services.children import soft_delete_child
from iro_desktop.store import Store

from .import_helpers import TODAY, Sheets, csv_text, good_rows, header, store_digest, write_xlsx

Expected = tuple[str, int | None, str | None, str]


@pytest.fixture
def seeded(store: Store, tmp_path: Path) -> Iterator[Store]:
    """A store that already holds the good file, so "unchanged" means something."""
    assert import_file(store, write_xlsx(tmp_path / "seed.xlsx", good_rows()), TODAY).imported
    yield store


def _rejected(store: Store, path: Path, expected: list[Expected]) -> ImportResult:
    before = store_digest(store)
    result = import_file(store, path, TODAY)
    assert not result.imported
    for sheet, row, column, words in expected:
        assert any(p.sheet == sheet and p.row == row and p.column == column and words in p.reason
                   for p in result.problems), (
            f"no problem {sheet}/{row}/{column} saying {words!r} in:\n"
            + "\n".join(str(p) for p in result.problems))
    assert store_digest(store) == before, "a rejected file must leave the store as it was"
    return result


def _edit(change: Callable[[Sheets], None]) -> Sheets:
    rows = good_rows()
    change(rows)
    return rows


def _set(sheet: str, index: int, column: str, value: object) -> Callable[[Sheets], None]:
    def change(rows: Sheets) -> None:
        row = rows[sheet][index]
        position = header(sheet).index(column)
        row.extend([""] * (position + 1 - len(row)))
        row[position] = value
    return change


def test_wrong_columns(seeded: Store, tmp_path: Path) -> None:
    heads = {"reviews": ["child_id", "reveiw_date", "iro", "participation_code"],
             "audits": [*header("audits"), "notes"]}
    path = write_xlsx(tmp_path / "columns.xlsx", good_rows(), headers=heads)
    result = _rejected(seeded, path, [
        ("reviews", 1, "reveiw_date", "There is no column called 'reveiw_date' in the reviews "
         "sheet. Did you mean review_date?"),
        ("reviews", 1, "review_date", "The required column review_date is missing from row 1."),
        ("audits", 1, "notes", "There is no column called 'notes'"),
    ])
    assert str(result.problems[0]).startswith("sheet reviews, row 1, column reveiw_date:") or \
        any(str(p).startswith("sheet reviews, row 1, column ") for p in result.problems)


def test_bad_dates(seeded: Store, tmp_path: Path) -> None:
    rows = _edit(_set("reviews", 1, "review_date", "31/02/2023"))
    _set("audits", 0, "audit_date", "next Tuesday")(rows)
    _set("children", 1, "date_of_birth", "2021-13-01")(rows)
    _set("periods", 0, "end_date", 45000.5)(rows)
    _rejected(seeded, write_xlsx(tmp_path / "dates.xlsx", rows), [
        ("reviews", 3, "review_date", "31/02/2023 is not a real date"),
        ("audits", 2, "audit_date", "'next Tuesday' is not a date (use YYYY-MM-DD or DD/MM/YYYY)"),
        ("children", 3, "date_of_birth", "2021-13-01 is not a real date"),
        ("periods", 2, "end_date", "is not a date"),
    ])


def test_unknown_codes(seeded: Store, tmp_path: Path) -> None:
    rows = _edit(_set("reviews", 0, "participation_code", "PN9"))
    _set("audits", 0, "grade", "Excellent")(rows)
    _set("periods", 1, "legal_status", "Care order")(rows)
    _set("challenges", 0, "categories", "care_plan.drift_delay; Care plan – bad")(rows)
    _set("challenges", 0, "stages", "stage9:2023-02-14")(rows)
    _set("children", 0, "gender", "F")(rows)
    _rejected(seeded, write_xlsx(tmp_path / "codes.xlsx", rows), [
        ("reviews", 2, "participation_code", "'PN9' is not a code or label in the list "
         "'participation'"),
        ("audits", 2, "grade", "'Excellent' is not a code or label in the list 'qa_grade'"),
        ("periods", 3, "legal_status", "'Care order' is not a code or label"),
        ("challenges", 2, "categories", "'Care plan – bad' is not a code or label"),
        ("challenges", 2, "stages", "In 'stage9:2023-02-14': 'stage9' is not a code"),
        ("children", 2, "gender", "'F' is not a code or label in the list 'gender'"),
    ])


def test_duplicate_ids(seeded: Store, tmp_path: Path) -> None:
    rows = good_rows()
    rows["children"].append(list(rows["children"][0]))
    rows["reviews"].append(["LA100001", "03/02/2023", "", "PN1"])
    rows["periods"].append(["LA100002", "2024-01-09", "C1", "U6", "", "N1"])
    _rejected(seeded, write_xlsx(tmp_path / "dupes.xlsx", rows), [
        ("children", 4, "local_id", "This child ID is also on row 2"),
        ("reviews", 6, "review_date", "A review of this child on this date is also on row 2"),
        ("periods", 5, "start_date", "is also on row 4"),
    ])


def test_references_and_dates_out_of_order(seeded: Store, tmp_path: Path) -> None:
    rows = good_rows()
    rows["reviews"].append(["LA999999", "2023-02-03", "", "PN1"])
    rows["reviews"].append(["LA100001", "2022-12-01", "", "PN1"])  # between two periods
    rows["reviews"].append(["LA100002", "2024-06-01", "", "PN1"])  # aged 2: must be PN0
    rows["reviews"].append(["LA100001", "2026-02-01", "", "PN1"])  # after today
    rows["periods"].append(["LA100002", "2025-01-10", "C2", "U6", "", "N1", "2025-01-01", "E13"])
    rows["audits"].append(["LA100001", "2023-05-02", "2023-05-01", "Good"])
    rows["audits"].append(["LA100001", "2023-06-01", "2023-06-02", "Good"])
    rows["challenges"].append(["LA100002", "2024-04-01", "health.no_action_plan",
                               "stage1:2024-03-01", "", "2024-05-01"])
    rows["good_practice"].append(["LA100002", "2019-01-01", "Priya Sandhu", "", "Early"])
    _rejected(seeded, write_xlsx(tmp_path / "order.xlsx", rows), [
        ("reviews", 6, "child_id", "There is no child with ID LA999999 in the children sheet "
         "or in the store."),
        ("reviews", 7, "review_date", "The child was not looked after on 1 December 2022"),
        ("reviews", 8, "participation_code", "The child was under 4 on the review date, so "
         "the code is PN0, not PN1."),
        ("reviews", 9, "review_date", "review_date 1 February 2026 is in the future."),
        ("periods", 5, "end_date", "end_date 1 January 2025 is before the start_date"),
        ("periods", 5, "start_date", "Periods of care overlap"),
        ("audits", 4, "audit_date", "audit_date 1 May 2023 is before the review it audits"),
        ("audits", 5, "review_date", "There is no review of child LA100001 on 1 June 2023"),
        ("challenges", 4, "stages", "The stage stage1 starts on 1 March 2024, before "
         "1 April 2024"),
        ("challenges", 4, "outcome", "The challenge has a closed_date, so give its outcome."),
        ("good_practice", 3, "date", "date 1 January 2019 is before the date of birth"),
    ])


def test_one_bad_row_among_good_ones_imports_nothing(store: Store, tmp_path: Path) -> None:
    rows = _edit(_set("good_practice", 0, "note", ""))
    result = _rejected(store, write_xlsx(tmp_path / "one-bad.xlsx", rows), [
        ("good_practice", 2, "note", "note is required: this cell is empty."),
    ])
    assert len(result.problems) == 1 and result.counts == {}


def test_a_removed_child_is_not_brought_back_silently(seeded: Store, tmp_path: Path) -> None:
    from sqlalchemy import select

    from iro_desktop.store.models import Child

    with seeded.read_session() as session:
        child_id = session.scalars(select(Child.id).where(Child.local_id == "LA100002")).one()
    soft_delete_child(seeded, child_id, "Entered in error")
    _rejected(seeded, write_xlsx(tmp_path / "again.xlsx", good_rows()), [
        ("children", 3, "local_id", "was removed from this store"),
        ("periods", 4, "child_id", "The child with ID LA100002 was removed from this store"),
    ])


def test_unknown_sheets_and_unnamed_columns(seeded: Store, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    path = write_xlsx(tmp_path / "extra.xlsx", good_rows())
    book = load_workbook(path)
    book.create_sheet("Revews").append(["child_id"])
    book["good_practice"].cell(row=2, column=8, value="stray note")
    book.save(path)
    _rejected(seeded, path, [
        ("Revews", None, None, "There is no sheet called 'Revews' in the template"),
        ("good_practice", 2, "H", "There is a value in column H, which has no column name"),
    ])


@pytest.mark.parametrize("name", ["empty.xlsx", "empty.csv"])
def test_an_empty_file(seeded: Store, tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_bytes(b"")
    [problem] = _rejected(seeded, path, [("", None, None, "is empty: there is nothing to "
                                                          "import.")]).problems
    assert str(problem) == f"file: {name} is empty: there is nothing to import."


def test_a_file_with_only_column_names(seeded: Store, tmp_path: Path) -> None:
    path = tmp_path / "reviews.csv"
    path.write_text(csv_text("reviews", []) + "\n,,,\n")
    _rejected(seeded, path, [("", None, None, "has column names but no rows to import")])


def test_a_huge_file_is_refused_with_the_row_where_the_limit_was_reached(
        seeded: Store, tmp_path: Path) -> None:
    path = tmp_path / "reviews.csv"
    lines = ",".join(header("reviews")) + "\n" + "LA100001,2023-02-03,,PN1\n" * (MAX_ROWS + 5)
    path.write_text(lines)
    _rejected(seeded, path, [("reviews", None, None, f"The file has more than {MAX_ROWS:,} "
                              f"rows (the limit was reached at sheet reviews, row "
                              f"{MAX_ROWS + 2:,})")])


def test_a_file_over_the_size_limit_is_refused_before_reading(seeded: Store,
                                                              tmp_path: Path) -> None:
    path = tmp_path / "huge.xlsx"
    with path.open("wb") as handle:
        handle.truncate(51 * 1024 * 1024)  # sparse: instant, and never read
    _rejected(seeded, path, [("", None, None, "huge.xlsx is 51 MB; the limit is 50 MB")])


def _not_spreadsheets(tmp_path: Path) -> Iterator[tuple[Path, str]]:
    random_bytes = os.urandom(4096)
    yield _write(tmp_path / "random.xlsx", random_bytes), "is not an Excel workbook"
    pdf = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n"
    yield _write(tmp_path / "minutes.pdf", pdf), "is a PDF document, not a spreadsheet"
    yield _write(tmp_path / "renamed.xlsx", pdf), "is a PDF document, not a spreadsheet"
    yield _write(tmp_path / "old.xlsx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + random_bytes), \
        "Excel 97–2003 workbook (.xls) or a password-protected workbook"
    yield _write(tmp_path / "binary.csv", b"child_id\x00\x01\x02" + random_bytes), \
        "is not a CSV text file"
    other_zip = tmp_path / "photos.xlsx"
    with zipfile.ZipFile(other_zip, "w") as archive:
        archive.writestr("photo.jpg", random_bytes)
    yield other_zip, "is damaged or is not an Excel workbook"


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def test_files_that_are_not_spreadsheets(seeded: Store, tmp_path: Path) -> None:
    for path, words in _not_spreadsheets(tmp_path):
        result = _rejected(seeded, path, [("", None, None, words)])
        assert len(result.problems) == 1, path.name
        assert result.problems[0].reason.startswith(path.name)
