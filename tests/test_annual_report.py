"""The annual report use case the report view and `iro report` share: scope, formats, saving."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from iro_desktop.reports import EXPORT_FORMATS, FORMAT_CODES, AnnualReport, ScopeError
from iro_desktop.services import annual_report as ar
from iro_desktop.store import Store

from .test_reports_sample import FROM, TO, build_sample


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    opened = build_sample(tmp_path_factory.mktemp("annual") / "r.irostore")
    yield opened
    opened.close()


@pytest.fixture(scope="module")
def report(store: Store) -> AnnualReport:
    return ar.produce_report(store, ar.WHOLE_SERVICE.scope(FROM, TO))


def test_scope_choices_list_the_service_then_each_iro_then_each_team(store: Store) -> None:
    choices = ar.scope_choices(store)
    assert [c.label for c in choices] == [
        "Whole service", "IRO: Alex Moor", "IRO: Bea Lund", "IRO: Cal Reed",
        "Team: North", "Team: South"]
    north = choices[-2].scope(FROM, TO)
    assert (north.team, north.iro_id, north.date_from, north.date_to) == ("North", None, FROM, TO)
    with pytest.raises(ScopeError, match="before it starts"):
        choices[0].scope(TO, FROM)


def test_a_scope_chosen_from_the_list_equals_the_one_named_on_the_command_line(
        store: Store) -> None:
    alex = next(c for c in ar.scope_choices(store) if c.label == "IRO: Alex Moor")
    assert ar.named_scope(store, FROM, TO, iro_name=" alex moor ") == alex.scope(FROM, TO)
    assert ar.named_scope(store, FROM, TO, team="South").team == "South"
    with pytest.raises(ScopeError, match="no team called 'East'"):
        ar.named_scope(store, FROM, TO, team="East")


def test_one_registry_of_formats() -> None:
    assert FORMAT_CODES == ("docx", "xlsx", "json")
    assert {fmt.suffix for fmt in EXPORT_FORMATS} == {".docx", ".xlsx", ".json"}
    assert ar.with_suffix(Path("annual report"), "xlsx") == Path("annual report.xlsx")
    assert ar.with_suffix(Path("r.JSON"), "json") == Path("r.JSON")
    scope = ar.WHOLE_SERVICE.scope(FROM, TO)
    assert ar.default_file_name(scope, "docx") == (
        "IRO annual report 2024-04-01 to 2025-03-31.docx")
    with pytest.raises(ValueError, match="Unknown kind of export: 'pdf'"):
        ar.with_suffix(Path("r"), "pdf")


@pytest.mark.parametrize("fmt", FORMAT_CODES)
def test_every_format_is_written_whole_and_replaces_an_old_file(
        report: AnnualReport, tmp_path: Path, fmt: str) -> None:
    path = tmp_path / f"report.{fmt}"
    path.write_bytes(b"old")
    assert ar.export_report(report, path, fmt) == path
    data = path.read_bytes()
    if fmt == "json":
        assert json.loads(data)["reviews"]["held"] == 8
    else:
        assert data[:2] == b"PK"
    assert [p.name for p in tmp_path.iterdir()] == [path.name]


def test_where_the_file_goes_is_checked_in_words_a_person_can_act_on(
        report: AnnualReport, tmp_path: Path) -> None:
    missing = tmp_path / "nowhere" / "r.json"
    with pytest.raises(ar.ReportFileError,
                       match=f"the folder {missing.parent} does not exist. Choose another"):
        ar.export_report(report, missing, "json")
    with pytest.raises(ar.ReportFileError, match="is a folder"):
        ar.check_target(tmp_path)
    assert ar.check_target(tmp_path / "r.json") == tmp_path / "r.json"


def test_a_refused_write_says_the_file_may_be_open(
        report: AnnualReport, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def refused(*_args: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(ar, "atomic_write_bytes", refused)
    with pytest.raises(ar.ReportFileError, match="may be open in Word or Excel"):
        ar.export_report(report, tmp_path / "r.xlsx", "xlsx")

    def full(*_args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(ar, "atomic_write_bytes", full)
    with pytest.raises(ar.ReportFileError, match=r"could not be written \(No space left"):
        ar.export_report(report, tmp_path / "r.json", "json")
