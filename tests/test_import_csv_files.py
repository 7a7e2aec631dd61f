"""CSV files as people really send them: UTF-16 from Excel's "Unicode text", Windows-1252,
tabs or semicolons; and damaged ones (a bad or truncated .zip, bytes that are no text, NUL
bytes) each give one clear line and change nothing."""

from __future__ import annotations

import struct
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import select

from iro_desktop.exchange.import_apply import import_file
from iro_desktop.exchange.import_result import ImportResult
from iro_desktop.store import Store
from iro_desktop.store.models import Child

from .import_helpers import EXPECTED_NEW, TODAY, csv_text, good_rows, store_digest, table_counts

ZOE: list[object] = ["LA100003", "Zoë", "Ångström", "", "2011-02-03", "Female", "WBRI",
                     "École Saint-Gény"]


def _children_csv(path: Path, encoding: str, delimiter: str = ",", bom: bytes = b"") -> Path:
    text = csv_text("children", [ZOE])
    if delimiter != ",":
        text = text.replace(",", delimiter)
    path.write_bytes(bom + text.encode(encoding))
    return path


ENCODINGS = {
    "utf-8": ("utf-8", ",", b""),
    "utf-8 with BOM": ("utf-8", ",", b"\xef\xbb\xbf"),
    "utf-8 with the BOM twice": ("utf-8", ",", b"\xef\xbb\xbf\xef\xbb\xbf"),
    "utf-16 LE (Excel Unicode text)": ("utf-16-le", "\t", b"\xff\xfe"),
    "utf-16 BE": ("utf-16-be", ",", b"\xfe\xff"),
    "utf-32 LE": ("utf-32-le", ",", b"\xff\xfe\x00\x00"),
    "Windows-1252": ("cp1252", ",", b""),
    "semicolons": ("utf-8", ";", b""),
}


@pytest.mark.parametrize("form", list(ENCODINGS))
def test_text_in_every_encoding_excel_writes_is_read(store: Store, tmp_path: Path,
                                                     form: str) -> None:
    encoding, delimiter, bom = ENCODINGS[form]
    path = _children_csv(tmp_path / "children.csv", encoding, delimiter, bom)
    result = import_file(store, path, TODAY)
    assert result.imported, [str(p) for p in result.problems]
    with store.read_session() as session:
        child = session.scalars(select(Child)).one()
        assert (child.first_name, child.last_name, child.school) == (ZOE[1], ZOE[2], ZOE[7])


def test_a_zip_of_utf16_csvs_imports_like_utf8(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "history.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, rows in good_rows().items():
            text = csv_text(name, rows).replace(",", "\t") if name != "challenges" else \
                csv_text(name, rows)
            archive.writestr(f"{name}.csv", b"\xff\xfe" + text.encode("utf-16-le"))
    result = import_file(store, path, TODAY)
    assert result.imported, [str(p) for p in result.problems]
    assert {n: c.new for n, c in result.counts.items()} == EXPECTED_NEW


def _good_zip(path: Path, compression: int = zipfile.ZIP_DEFLATED) -> Path:
    with zipfile.ZipFile(path, "w", compression) as archive:
        for name, rows in good_rows().items():
            archive.writestr(f"{name}.csv", csv_text(name, rows))
    return path


def _member_span(path: Path, member: str) -> tuple[int, int]:
    """Where the packed bytes of ``member`` start in the .zip, and how many there are."""
    with zipfile.ZipFile(path) as archive:
        info = archive.getinfo(member)
    data = path.read_bytes()
    name_length, extra_length = struct.unpack("<HH", data[info.header_offset + 26:
                                                          info.header_offset + 30])
    return info.header_offset + 30 + name_length + extra_length, info.compress_size


def _patched(path: Path, change: Callable[[bytearray], None]) -> Path:
    data = bytearray(path.read_bytes())
    change(data)
    path.write_bytes(bytes(data))
    return path


def _damaged_zips(tmp_path: Path) -> dict[str, tuple[Path, str]]:
    cases: dict[str, tuple[Path, str]] = {}
    bad = tmp_path / "notzip.zip"
    bad.write_bytes(b"PK\x03\x04" + b"\x00garbage" * 100)
    cases["not a zip"] = (bad, "is damaged: it cannot be opened as a zip file.")

    cut = _good_zip(tmp_path / "cut.zip")
    cut.write_bytes(cut.read_bytes()[: cut.stat().st_size // 2])
    cases["cut short"] = (cut, "is damaged: it cannot be opened as a zip file.")

    def zero_tail(member: str, stored: bool = False) -> Callable[[bytearray], None]:
        def change(data: bytearray) -> None:
            start, size = _member_span(target, member)
            data[start + size // 2: start + size] = b"\x00" * (size - size // 2)
        return change

    for label, compression in (("deflated", zipfile.ZIP_DEFLATED),
                               ("stored", zipfile.ZIP_STORED)):
        target = _good_zip(tmp_path / f"truncated-{label}.zip", compression)
        cases[f"truncated member ({label})"] = (
            _patched(target, zero_tail("reviews.csv")), "the file reviews.csv inside it cannot "
            "be read")

    target = _good_zip(tmp_path / "stream.zip")

    def bad_block(data: bytearray) -> None:
        start, _ = _member_span(target, "reviews.csv")
        data[start] = 0xFF  # a deflate block of the reserved type: zlib refuses it

    cases["corrupt deflate stream"] = (_patched(target, bad_block), "the file reviews.csv inside "
                                       "it cannot be read. Make the .zip again")

    target = _good_zip(tmp_path / "version.zip")

    def future_version(data: bytearray) -> None:
        at = data.find(b"PK\x01\x02")
        data[at + 6] = 99  # "needs zip 9.9 to extract"

    cases["future zip version"] = (_patched(target, future_version),
                                   "is damaged: it cannot be opened as a zip file.")

    target = _good_zip(tmp_path / "method.zip")

    def unknown_method(data: bytearray) -> None:
        for signature, offset in ((b"PK\x03\x04", 8), (b"PK\x01\x02", 10)):
            at = data.find(signature)
            data[at + offset: at + offset + 2] = struct.pack("<H", 9)  # Deflate64

    cases["unsupported method"] = (_patched(target, unknown_method), "inside it cannot be read")

    target = _good_zip(tmp_path / "locked.zip")

    def encrypted(data: bytearray) -> None:
        for signature, offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
            at = data.find(signature)
            data[at + offset] |= 1

    cases["encrypted member"] = (_patched(target, encrypted), "inside it cannot be read")
    return cases


def _zip_with(path: Path, member: str, data: bytes) -> Path:
    """The good CSVs in a .zip, with ``member`` holding ``data`` instead."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, rows in good_rows().items():
            if f"{name}.csv" != member:
                archive.writestr(f"{name}.csv", csv_text(name, rows))
        archive.writestr(member, data)
    return path


def _undecodable(tmp_path: Path) -> dict[str, tuple[Path, str]]:
    head = csv_text("reviews", []).encode()
    late = head + b"\n" * 9000
    return {
        "undefined bytes": (_zip_with(tmp_path / "bytes.zip", "reviews.csv",
                                      head + b"LA100001,2023-02-03,\x81\x8d\x90,PN1\n"),
                            "reviews.csv is not a text file that can be read"),
        "UTF-16 mark, then no UTF-16": (
            _zip_with(tmp_path / "utf16.zip", "reviews.csv",
                      b"\xff\xfe" + "child_id".encode("utf-16-le") + b"\x00\xdc\x00\xdc"),
            "reviews.csv begins with the mark of UTF-16 text but holds bytes that are not"),
        "NUL bytes at the start": (
            _zip_with(tmp_path / "nul.zip", "reviews.csv", b"child\x00id\x00" + late),
            "reviews.csv is not a CSV text file (it holds binary data)"),
        "NUL byte far in": (
            _zip_with(tmp_path / "late-nul.zip", "reviews.csv",
                      late + b"LA100001,2023-05-02,Sam\x00Patel,PN6\n"),
            "This cell holds a control character (U+0000)"),
    }


def _refused(store: Store, path: Path, words: str) -> ImportResult:
    before = store_digest(store)
    result = import_file(store, path, TODAY)
    assert not result.imported
    assert any(words in p.reason for p in result.problems), [str(p) for p in result.problems]
    for problem in result.problems:
        assert "\n" not in str(problem)
        assert problem.sheet or path.name in problem.reason or ".csv" in problem.reason
    assert store_digest(store) == before
    return result


def test_a_damaged_zip_gives_one_line_and_changes_nothing(store: Store, tmp_path: Path) -> None:
    assert import_file(store, _good_zip(tmp_path / "seed.zip"), TODAY).imported
    for label, (path, words) in _damaged_zips(tmp_path).items():
        result = _refused(store, path, words)
        assert len(result.problems) == 1, label
        assert result.problems[0].reason.startswith(path.name), label


def test_bytes_that_are_not_text_are_refused_clearly(store: Store, tmp_path: Path) -> None:
    assert import_file(store, _good_zip(tmp_path / "seed.zip"), TODAY).imported
    for label, (path, words) in _undecodable(tmp_path).items():
        result = _refused(store, path, words)
        if label == "NUL byte far in":
            [problem] = result.problems
            assert (problem.sheet, problem.row, problem.column) == ("reviews", 9002, "iro")


def test_a_value_right_of_the_last_column_name_is_reported_not_dropped(
        store: Store, tmp_path: Path) -> None:
    path = tmp_path / "reviews.csv"
    row: list[object] = ["LA100001", "2023-02-03", "", "PN1", *[""] * 40, "stray"]
    path.write_text(csv_text("reviews", [row]))
    result = _refused(store, path, "There is a value in column AS, which has no column name")
    assert ("reviews", 2, "AS") in [(p.sheet, p.row, p.column) for p in result.problems]


def test_a_blank_first_line_above_the_rows_is_not_skipped_in_silence(
        store: Store, tmp_path: Path) -> None:
    path = _zip_with(tmp_path / "gap.zip", "good_practice.csv",
                     b"\n" + csv_text("good_practice", [["LA100001", "2023-04-01", "A Worker",
                                                        "", "Note"]]).encode())
    _refused(store, path, "row 1 is empty. Put the column names in row 1.")


def test_formula_looking_csv_text_is_plain_text(store: Store, tmp_path: Path) -> None:
    rows = good_rows()
    rows["children"][0][7] = '=HYPERLINK("http://example.invalid","x")'
    rows["children"][0][3] = "@SUM(A1)"
    folder = tmp_path / "csv"
    folder.mkdir()
    for name, sheet_rows in rows.items():
        (folder / f"{name}.csv").write_text(csv_text(name, sheet_rows))
    before = table_counts(store)
    result = import_file(store, folder, TODAY)
    assert result.imported, [str(p) for p in result.problems]
    assert table_counts(store)["child"] == before["child"] + 2
    with store.read_session() as session:
        child = session.scalars(select(Child).where(Child.local_id == "LA100001")).one()
        assert (child.preferred_name, child.school) == ("@SUM(A1)", rows["children"][0][7])


def test_a_line_too_long_to_be_a_row_is_refused_without_reading_it_whole(
        store: Store, tmp_path: Path) -> None:
    path = tmp_path / "reviews.csv"
    path.write_text(csv_text("reviews", []) + "," * 1_500_000 + "\n")
    _refused(store, path, "reviews.csv: line 2 is longer than 1,000,000 characters")


def test_a_row_wider_than_any_spreadsheet_is_refused_where_it_is(store: Store,
                                                                 tmp_path: Path) -> None:
    path = tmp_path / "reviews.csv"
    path.write_text("child_id" + ",x" * 20_000 + "\n")
    [problem] = _refused(store, path, "row 1 has 20,001 columns; a spreadsheet can have at "
                         "most 16,384").problems
    assert (problem.sheet, problem.row) == ("reviews", 1)
