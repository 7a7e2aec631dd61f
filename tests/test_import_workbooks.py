"""Workbooks as exporters really write them: the rows the sheet holds are the rows imported,
whatever its <dimension> tag says; sparse and oversized sheets cost only the rows they hold;
formulas and Excel errors are refused where they are, and formula-looking text stays text."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from iro_desktop.exchange.import_apply import import_file
from iro_desktop.exchange.import_reader import MAX_SHEET_ROWS, read_import_file
from iro_desktop.exchange.import_result import ImportFileError, ImportResult
from iro_desktop.exchange.import_xlsx import MAX_RATIO
from iro_desktop.store import Store
from iro_desktop.store.models import Child

from .import_helpers import (
    TODAY,
    Sheets,
    good_rows,
    rewrite_zip,
    sheet_part,
    store_digest,
    table_counts,
    with_dimension,
    with_rows_appended,
    write_xlsx,
)

WORKERS = 200


def _many_rows() -> Sheets:
    """The good file with 200 good-practice rows: far more than a short <dimension> admits."""
    rows = good_rows()
    rows["good_practice"] = [["LA100001", "2023-03-01", f"Worker {n}", "", "Came to the review."]
                             for n in range(WORKERS)]
    return rows


def _edit_sheets(path: Path, target: Path, edit: dict[str, bytes | str],
                 dimension: str | None = None, rows: dict[str, str] | None = None) -> Path:
    """Rewrite the XML of the named sheets: a new <dimension>, and rows appended."""
    parts = {sheet_part(path, sheet): sheet for sheet in edit}

    def change(name: str, data: bytes) -> bytes:
        sheet = parts.get(name)
        if sheet is None:
            return data
        if dimension is not None:
            data = with_dimension(data, dimension)
        if rows and sheet in rows:
            data = with_rows_appended(data, rows[sheet])
        return data

    return rewrite_zip(path, target, change)


def _refused(store: Store, path: Path) -> ImportResult:
    before = store_digest(store)
    result = import_file(store, path, TODAY)
    assert not result.imported and result.problems
    assert store_digest(store) == before, "a refused file must leave the store as it was"
    return result


@pytest.mark.parametrize("dimension", ["A1:C2", "A1", "A1:XFD1048576"])
def test_every_row_is_imported_whatever_the_dimension_tag_says(
        store: Store, tmp_path: Path, dimension: str) -> None:
    path = write_xlsx(tmp_path / "full.xlsx", _many_rows())
    sheets = {name: b"" for name in good_rows()}
    lying = _edit_sheets(path, tmp_path / "lying.xlsx", dict(sheets), dimension=dimension)
    with zipfile.ZipFile(lying) as archive:
        assert f'<dimension ref="{dimension}"/>'.encode() in archive.read(
            sheet_part(lying, "good_practice"))
    before = table_counts(store)

    result = import_file(store, lying, TODAY)

    assert result.imported, [str(p) for p in result.problems]
    after = table_counts(store)
    assert after["good_practice"] - before["good_practice"] == WORKERS
    assert after["review"] - before["review"] == 4
    assert after["child"] - before["child"] == 2
    assert result.counts["good_practice"].new == WORKERS
    read = read_import_file(lying)
    assert read.rows_visited == read.row_count + len(read.sheets), "one visit per row held"


def test_a_cell_at_the_far_corner_costs_one_row_and_is_reported_where_it_is(
        store: Store, tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "good.xlsx", good_rows())
    corner = (f'<row r="{MAX_SHEET_ROWS}"><c r="XFD{MAX_SHEET_ROWS}" t="inlineStr">'
              "<is><t>stray</t></is></c></row>")
    sparse = _edit_sheets(path, tmp_path / "sparse.xlsx", {"reviews": b""},
                          dimension=f"A1:XFD{MAX_SHEET_ROWS}", rows={"reviews": corner})
    assert sparse.stat().st_size < 30_000

    read = read_import_file(sparse)
    assert read.rows_visited == read.row_count + len(read.sheets) + 1, "the rows held, no more"
    assert read.cells_visited < 200
    [problem] = read.problems
    assert (problem.sheet, problem.row, problem.column) == ("reviews", MAX_SHEET_ROWS, "XFD")
    assert "There is a value in column XFD, which has no column name in row 1." in problem.reason
    _refused(store, sparse)


def test_rows_past_the_last_row_of_a_spreadsheet_or_out_of_order_are_damage(
        tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "good.xlsx", good_rows())
    cases = {
        f'<row r="{MAX_SHEET_ROWS + 1}"><c r="A{MAX_SHEET_ROWS + 1}" t="inlineStr"><is><t>x</t>'
        "</is></c></row>": f"goes past row {MAX_SHEET_ROWS:,}",
        '<row r="2"><c r="A2" t="inlineStr"><is><t>x</t></is></c></row>': "out of order",
        '<row r="x9"><c r="A9" t="inlineStr"><is><t>x</t></is></c></row>': "out of order",
    }
    for number, (row, words) in enumerate(cases.items()):
        bad = _edit_sheets(path, tmp_path / f"bad{number}.xlsx", {"reviews": b""},
                           rows={"reviews": row})
        with pytest.raises(ImportFileError) as caught:
            read_import_file(bad)
        assert words in str(caught.value)
        assert caught.value.problem.sheet == "reviews"
        assert caught.value.problem.row is not None


def test_the_cells_read_are_bounded_and_the_limit_is_located(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "good.xlsx", good_rows())
    blank_cells = "".join(f'<c r="{letter}6" s="0"/>' for letter in ("A", "B", "C", "D") * 50)
    wide = _edit_sheets(path, tmp_path / "wide.xlsx", {"reviews": b""},
                        rows={"reviews": f'<row r="6">{blank_cells}</row>'})
    assert read_import_file(wide).row_count == 14, "blank cells are no rows"
    with pytest.raises(ImportFileError) as caught:
        read_import_file(wide, max_cells=150)
    assert "more than 150 cells, blank or not (the limit was reached at sheet reviews, row 6)" \
        in str(caught.value)
    assert (caught.value.problem.sheet, caught.value.problem.row) == ("reviews", 6)


def test_a_part_that_would_unpack_to_far_more_than_its_size_is_refused_unread(
        tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "good.xlsx", good_rows())
    padding = b"<!--" + b" " * (4 * 1024 * 1024) + b"-->"
    part = sheet_part(path, "reviews")
    bomb = rewrite_zip(path, tmp_path / "bomb.xlsx",
                       lambda name, data: data.replace(b"<sheetData>", padding + b"<sheetData>")
                       if name == part else data)
    with zipfile.ZipFile(bomb) as archive:
        info = archive.getinfo(part)
        assert info.file_size > MAX_RATIO * info.compress_size
    with pytest.raises(ImportFileError) as caught:
        read_import_file(bomb)
    assert "far more than a spreadsheet's data would" in str(caught.value)
    assert caught.value.problem.reason.startswith("bomb.xlsx")


def _with_cells(path: Path, target: Path, cells: dict[str, object]) -> Path:
    """Set cells of the children sheet as openpyxl writes them (a str starting "=" is a
    formula unless ``cells`` gives it as ("text", value))."""
    book = load_workbook(path)
    page = book["children"]
    for ref, value in cells.items():
        if isinstance(value, tuple):
            page[ref] = value[1]
            page[ref].data_type = "s"
        else:
            page[ref] = value
    book.save(target)
    return target


def test_a_formula_cell_is_refused_where_it_is(store: Store, tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "good.xlsx", good_rows())
    formula = _with_cells(path, tmp_path / "formula.xlsx", {
        "H2": '=HYPERLINK("http://example.invalid/x","Oak Academy")', "B3": "=UPPER(C3)"})
    result = _refused(store, formula)
    located = {(p.sheet, p.row, p.column): p.reason for p in result.problems}
    assert located[("children", 2, "H")].startswith(
        'This cell holds a formula (=HYPERLINK("http://example.invalid/x","Oak Academy"))')
    assert "replace it by its value" in located[("children", 3, "B")]


def test_an_excel_error_cell_is_refused_where_it_is(store: Store, tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "good.xlsx", good_rows())
    part = sheet_part(path, "children")
    broken = rewrite_zip(path, tmp_path / "error.xlsx", lambda name, data: data.replace(
        b'<c r="H2" t="inlineStr"><is><t>Oak Academy</t></is></c>',
        b'<c r="H2" t="e"><v>#REF!</v></c>') if name == part else data)
    result = _refused(store, broken)
    assert any((p.sheet, p.row, p.column) == ("children", 2, "H")
               and "holds an Excel error (#REF!)" in p.reason for p in result.problems)


def test_formula_looking_text_is_imported_as_plain_text(store: Store, tmp_path: Path) -> None:
    texts = {"H2": '=HYPERLINK("http://example.invalid","x")', "H3": "+44 20 7946 0000",
             "D2": "-Tam-", "D3": "@home"}
    path = write_xlsx(tmp_path / "good.xlsx", good_rows())
    plain = _with_cells(path, tmp_path / "text.xlsx",
                        {ref: ("text", value) for ref, value in texts.items()})
    result = import_file(store, plain, TODAY)
    assert result.imported, [str(p) for p in result.problems]
    with store.read_session() as session:
        stored = {c.local_id: (c.preferred_name, c.school) for c in session.scalars(select(Child))}
    assert stored == {"LA100001": ("-Tam-", texts["H2"]), "LA100002": ("@home", texts["H3"])}


@pytest.mark.parametrize("damage", ["future zip version", "sheet stream", "cut short"])
def test_a_damaged_workbook_gives_one_line_and_changes_nothing(
        store: Store, tmp_path: Path, damage: str) -> None:
    path = write_xlsx(tmp_path / "good.xlsx", good_rows())
    data = bytearray(path.read_bytes())
    if damage == "future zip version":
        at = data.find(b"PK\x01\x02")
        data[at + 6] = 139  # "needs zip 13.9 to extract"
    elif damage == "sheet stream":
        with zipfile.ZipFile(path) as archive:
            info = archive.getinfo(sheet_part(path, "reviews"))
        start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
        data[start] = 0xFF  # a deflate block of the reserved type
    else:
        data = data[: len(data) * 2 // 3]
    path.write_bytes(bytes(data))
    [problem] = _refused(store, path).problems
    assert "\n" not in str(problem) and problem.reason.startswith(
        ("good.xlsx is damaged", "The sheet reviews of good.xlsx is damaged"))
