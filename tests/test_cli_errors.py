"""No traceback ever reaches a user of `iro`: every sub-command, given bad input, says one
thing in words on standard error and exits non-zero; a closed pipe ends quietly."""

from __future__ import annotations

import argparse
import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest

from iro_desktop.cli import build_parser, main
from iro_desktop.log_file import CLI_LOG, PrivateRotatingFileHandler, log_path
from iro_desktop.services.demo_data import generate_demo
from iro_desktop.store import MINIMUM_KDF, Store

from .conftest import PASSPHRASE


def iro(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "iro_desktop.cli", *args],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "IRO_PASSPHRASE": PASSPHRASE},
        stdin=subprocess.DEVNULL,
        cwd=cwd,
    )


def subcommands() -> set[str]:
    parser = build_parser()
    actions = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    return set(actions[0].choices)


@pytest.fixture(scope="module")
def places(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    folder = tmp_path_factory.mktemp("bad-input")
    store = folder / "full.irostore"
    with Store.create(store, PASSPHRASE, kdf=MINIMUM_KDF) as opened:
        generate_demo(opened, children=2, years=1, seed=2)
    garbage = folder / "garbage.irostore"
    garbage.write_bytes(os.urandom(8192))
    a_file = folder / "a-file.txt"
    a_file.write_text("not a folder", encoding="utf-8")
    return {"store": str(store), "garbage": str(garbage), "file": str(a_file),
            "folder": str(folder)}


#: For each sub-command, input it must refuse in words.
BAD_INPUT = {
    "init": ["init", "--store", "{file}/inside-a-file.irostore"],
    "demo": ["demo", "--store", "{store}", "--children", "2"],
    "list": ["list", "children", "--store", "{garbage}"],
    "check": ["check", "--store", "{garbage}"],
    "backup": ["backup", "--store", "{store}", "--to", "{file}"],
    "restore": ["restore", "{garbage}", "--store", "{folder}/restored.irostore"],
    "timetable": ["timetable", "--looked-after-from", "2026-02-30"],
    "minutes": ["minutes", "zzzzzzzz", "--store", "{store}", "--out", "{folder}"],
    "report": ["report", "--from", "2026-04-01", "--to", "2025-03-31", "--format", "json",
               "--out", "{file}/x.json", "--store", "{store}"],
    "import": ["import", "{folder}/no-such-file.xlsx", "--store", "{store}"],
    "export-903": ["export-903", "--year", "2025", "--out", "{file}", "--store", "{store}"],
}


def test_every_subcommand_has_bad_input_to_try() -> None:
    assert set(BAD_INPUT) == subcommands()


@pytest.mark.parametrize("command", sorted(BAD_INPUT))
def test_bad_input_is_one_line_in_words_never_a_traceback(
    command: str, places: dict[str, str]
) -> None:
    args = [part.format(**places) for part in BAD_INPUT[command]]
    result = iro(*args)
    assert result.returncode != 0, result.stdout
    assert "Traceback" not in result.stderr, result.stderr
    assert "Traceback" not in result.stdout
    lines = [line for line in result.stderr.splitlines() if ": error: " in line]
    assert lines, result.stderr


def test_a_closed_pipe_ends_quietly(places: dict[str, str]) -> None:
    """`iro list reviews | head -1`: the reader goes away before the output is written."""
    reader_gone = subprocess.Popen(
        [sys.executable, "-m", "iro_desktop.cli", "list", "reviews", "--store", places["store"]],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
        env={**os.environ, "IRO_PASSPHRASE": PASSPHRASE},
    )
    assert reader_gone.stdout is not None and reader_gone.stderr is not None
    reader_gone.stdout.close()
    err = reader_gone.stderr.read().decode("utf-8")
    reader_gone.wait(timeout=120)
    assert "Traceback" not in err and "BrokenPipeError" not in err, err
    assert "Exception ignored" not in err


def test_an_unexpected_error_is_one_line_and_the_log_has_no_personal_data(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    name = "".join(("Quil", "lon"))  # not in this file's source, which the log may quote

    def explode(_args: argparse.Namespace) -> int:
        raise KeyError(f"{name} Marrowby")  # a message that quotes a child

    monkeypatch.setattr("iro_desktop.cli.timetable_command.run", explode)
    status = main(["timetable", "--looked-after-from", "2026-01-05"])
    err = capsys.readouterr().err
    assert status == 1
    assert err.count("\n") == 1 and "unexpected problem (KeyError)" in err
    assert "Traceback" not in err
    assert not any(  # main leaves logging as it found it
        isinstance(h, PrivateRotatingFileHandler) for h in logging.getLogger().handlers
    )
    logged = log_path(CLI_LOG).read_text(encoding="utf-8")
    assert "KeyError" in logged and name not in logged


def test_demo_into_a_store_with_an_iro_is_refused_in_words(tmp_path: Path) -> None:
    path = tmp_path / "inited.irostore"
    assert iro("init", "--store", str(path), "--iro-name", "Morgan Vale").returncode == 0
    result = iro("demo", "--store", str(path), "--children", "2")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr.startswith("iro: error: inited.irostore is not empty")
