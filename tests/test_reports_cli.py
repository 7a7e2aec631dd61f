"""`iro report`: JSON to standard output or a file, Word and Excel files, one-line errors."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from docx import Document
from openpyxl import load_workbook

from iro_desktop.cli import main

from .test_reports_sample import PASSPHRASE, build_sample

PERIOD = ["--from", "2024-04-01", "--to", "2025-03-31"]


@pytest.fixture
def store_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    path = tmp_path / "r.irostore"
    build_sample(path).close()
    monkeypatch.setenv("IRO_PASSPHRASE", PASSPHRASE)
    monkeypatch.setattr("sys.stdin.isatty", lambda: False, raising=False)
    yield path


def report(store_file: Path, *args: str) -> int:
    return main(["report", *PERIOD, "--store", str(store_file), *args])


def test_json_to_standard_output(store_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert report(store_file, "--format", "json", "--out", "-") == 0
    data = json.loads(capsys.readouterr().out)
    assert data["reviews"]["held"] == 8
    assert data["participation_rate_percent"] == 80.0


def test_json_for_one_iro_to_a_file(
    store_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "alex.json"
    assert report(store_file, "--iro", "Alex Moor", "--format", "json", "--out", str(out)) == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["period"]["iro"] == "Alex Moor"
    assert data["reviews"]["held"] == 3
    assert str(out) in capsys.readouterr().out


def test_team_scope(store_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert report(store_file, "--team", "North", "--out", "-") == 0
    assert json.loads(capsys.readouterr().out)["reviews"]["held"] == 5


def test_word_and_excel_files(store_file: Path, tmp_path: Path) -> None:
    docx_path, xlsx_path = tmp_path / "report.docx", tmp_path / "report.xlsx"
    assert report(store_file, "--format", "docx", "--out", str(docx_path)) == 0
    assert report(store_file, "--format", "xlsx", "--out", str(xlsx_path)) == 0
    assert Document(str(docx_path)).sections[0].header.paragraphs[0].text == "OFFICIAL-SENSITIVE"
    workbook = load_workbook(xlsx_path)
    rows = {r[0]: r[1] for r in workbook["Reviews"].iter_rows(min_row=2, values_only=True)}
    assert rows["Reviews held"] == 8


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--iro", "Dana Fox", "--out", "-"],
            "iro: error: There is no IRO called 'Dana Fox' in this store "
            "(IROs: Alex Moor, Bea Lund, Cal Reed).\n",
        ),
        (
            ["--team", "East", "--out", "-"],
            "iro: error: There is no team called 'East' in this store (teams: North, South).\n",
        ),
        (
            ["--format", "docx", "--out", "-"],
            "iro: error: --out - prints JSON only; give a file name for --format docx\n",
        ),
    ],
)
def test_one_line_errors(
    store_file: Path, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    assert report(store_file, *args) == 1
    captured = capsys.readouterr()
    assert captured.err == message and captured.out == ""


def test_period_the_wrong_way_round(store_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(
        [
            "report",
            "--from",
            "2025-03-31",
            "--to",
            "2024-04-01",
            "--out",
            "-",
            "--store",
            str(store_file),
        ]
    )
    assert code == 1
    assert capsys.readouterr().err == "iro: error: --to 2024-04-01 is before --from 2025-03-31\n"


def test_missing_output_folder(
    store_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert report(store_file, "--out", str(tmp_path / "nowhere" / "r.json")) == 1
    assert "does not exist" in capsys.readouterr().err


def test_bad_date_is_refused_by_the_parser(
    store_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit):
        main(["report", "--from", "2024-02-30", "--to", "2025-03-31", "--out", "-"])
    assert "2024-02-30 is not a valid date" in capsys.readouterr().err
