"""`iro import` and `iro export-903` from the command line: a round trip and one-line errors."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from openpyxl import load_workbook

from iro_desktop.cli import main
from iro_desktop.store import MINIMUM_KDF, Store

from .conftest import PASSPHRASE
from .import_helpers import good_rows, store_digest


@pytest.fixture
def cli_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("IRO_PASSPHRASE", PASSPHRASE)
    monkeypatch.setattr("sys.stdin.isatty", lambda: False, raising=False)
    path = tmp_path / "cli.irostore"
    Store.create(path, PASSPHRASE, kdf=MINIMUM_KDF).close()
    return path


def test_template_fill_check_import_and_export(cli_store: Path, tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    template = tmp_path / "history.xlsx"
    assert main(["import", "--template", str(template)]) == 0
    assert "Wrote the blank import template" in capsys.readouterr().out
    book = load_workbook(template)
    for sheet, rows in good_rows().items():
        for row in rows:
            book[sheet].append(row)
    book.save(template)

    assert main(["import", str(template), "--dry-run", "--store", str(cli_store)]) == 0
    out = capsys.readouterr().out
    assert "reviews: 4 new, 0 updated, 0 unchanged" in out
    assert "Dry run: history.xlsx has no problems; nothing was imported." in out
    assert main(["import", str(template), "--store", str(cli_store)]) == 0
    assert "Imported history.xlsx." in capsys.readouterr().out
    assert main(["import", str(template), "--store", str(cli_store)]) == 0
    assert "reviews: 0 new, 0 updated, 4 unchanged" in capsys.readouterr().out

    out_dir = tmp_path / "903"
    assert main(["export-903", "--year", "2023", "--out", str(out_dir),
                 "--store", str(cli_store)]) == 0
    assert "SSDA903 2023-24: 2 children, 2 episodes, 3 reviews." in capsys.readouterr().out
    with (out_dir / "reviews.csv").open(newline="") as handle:
        assert list(csv.reader(handle)) == [["CHILD", "DOB", "REVIEW", "REVIEW_CODE"],
                                            ["LA100001", "14/05/2012", "02/05/2023", "PN6"],
                                            ["LA100001", "14/05/2012", "01/12/2023", "PN5"],
                                            ["LA100002", "14/06/2021", "05/02/2024", "PN0"]]


def test_errors_are_listed_one_per_line_and_nothing_is_imported(
        cli_store: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "reviews.csv"
    bad.write_text("child_id,review_date,participation_code\n"
                   "LA1,2023-02-30,PN1\nLA2,2023-03-01,PN8\n")
    with Store.open(cli_store, PASSPHRASE) as store:
        before = store_digest(store)
    assert main(["import", str(bad), "--store", str(cli_store)]) == 1
    err = capsys.readouterr().err.splitlines()
    assert err == [
        "iro: error: sheet reviews, row 2, column review_date: 2023-02-30 is not a real date "
        "(check the day and the month).",
        "iro: error: sheet reviews, row 3, column participation_code: 'PN8' is not a code or "
        "label in the list 'participation' (Participation in the review (SSDA903 REVIEW_CODE)).",
        "Nothing was imported: 2 problems to fix in reviews.csv.",
    ]
    with Store.open(cli_store, PASSPHRASE) as store:
        assert store_digest(store) == before


def test_usage_errors(cli_store: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["import", "--store", str(cli_store)]) == 1
    assert "give the file to import" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["export-903", "--year", "25", "--out", str(tmp_path)])
    assert "is not a collection year" in capsys.readouterr().err
