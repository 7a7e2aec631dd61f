"""The `iro` command: init, list, check and its one-line errors."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from iro_desktop import __version__
from iro_desktop.cli import main
from iro_desktop.services.profile import get_iro_details, profile_values
from iro_desktop.store import Store

from .conftest import PASSPHRASE


@pytest.fixture
def passphrase_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("IRO_PASSPHRASE", PASSPHRASE)
    monkeypatch.setattr("sys.stdin.isatty", lambda: False, raising=False)


def _iro(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    exe = Path(sys.executable).with_name("iro")
    cmd = [str(exe)] if exe.exists() else [sys.executable, "-m", "iro_desktop.cli"]
    return subprocess.run(
        [*cmd, *args],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, **(env or {})},
        stdin=subprocess.DEVNULL,
    )


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["--version"])
    assert exit_info.value.code == 0
    assert __version__ in capsys.readouterr().out


def test_init_without_terminal_uses_env_and_defaults(
    tmp_path: Path, passphrase_env: None, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "cli.irostore"
    assert (
        main(
            [
                "init",
                "--store",
                str(path),
                "--iro-name",
                "Morgan Vale",
                "--local-authority",
                "Northmoor Borough Council",
            ]
        )
        == 0
    )
    assert "Created an encrypted store" in capsys.readouterr().out
    with Store.open(path, PASSPHRASE) as store:
        assert get_iro_details(store).name == "Morgan Vale"
        assert profile_values(store)["local_authority"] == "Northmoor Borough Council"


def test_init_refuses_existing_store(
    tmp_path: Path, passphrase_env: None, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "cli.irostore"
    assert main(["init", "--store", str(path)]) == 0
    capsys.readouterr()
    assert main(["init", "--store", str(path)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("iro: error: A store already exists") and err.count("\n") == 1


def test_no_passphrase_and_no_terminal_is_one_clear_line(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "IRO_PASSPHRASE"}
    result = subprocess.run(
        [sys.executable, "-m", "iro_desktop.cli", "init", "--store", str(tmp_path / "x.irostore")],
        capture_output=True,
        text=True,
        env=env,
        stdin=subprocess.DEVNULL,
        timeout=60,
    )
    assert result.returncode == 1
    assert result.stderr.strip() == (
        "iro: error: no passphrase: set IRO_PASSPHRASE or run the command in a terminal"
    )
    assert not (tmp_path / "x.irostore").exists()


def test_wrong_passphrase_missing_and_corrupt_store_via_real_command(tmp_path: Path) -> None:
    path = tmp_path / "s.irostore"
    assert _iro("init", "--store", str(path), env={"IRO_PASSPHRASE": PASSPHRASE}).returncode == 0
    wrong = _iro("check", "--store", str(path), env={"IRO_PASSPHRASE": "not the right one!"})
    assert wrong.returncode == 1
    assert wrong.stderr == "iro: error: The passphrase is not right for this store.\n"
    missing = _iro(
        "list",
        "children",
        "--store",
        str(tmp_path / "none.irostore"),
        env={"IRO_PASSPHRASE": PASSPHRASE},
    )
    assert missing.returncode == 1 and "There is no store at" in missing.stderr
    assert "Traceback" not in missing.stderr
    path.write_bytes(os.urandom(8192))
    corrupt = _iro("check", "--store", str(path), env={"IRO_PASSPHRASE": PASSPHRASE})
    assert corrupt.returncode == 1 and "damaged" in corrupt.stderr
    assert "Traceback" not in corrupt.stderr and corrupt.stderr.count("\n") == 1


def test_check_and_list(
    tmp_path: Path, passphrase_env: None, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "c.irostore"
    main(["init", "--store", str(path)])
    capsys.readouterr()
    assert main(["check", "--store", str(path)]) == 0
    out = capsys.readouterr().out
    assert "Integrity: ok" in out and "needs upgrading" not in out
    assert main(["list", "children", "--store", str(path), "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == []


def test_demo_then_list_children_and_reviews(
    tmp_path: Path, passphrase_env: None, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "demo.irostore"
    assert main(["demo", "--store", str(path), "--children", "12", "--years", "2"]) == 0
    assert "12 fictional children looked after now" in capsys.readouterr().out
    assert main(["list", "children", "--store", str(path), "--json"]) == 0
    children = json.loads(capsys.readouterr().out)
    assert len(children) == 12
    assert {c["status"] for c in children} <= {"overdue", "due_soon", "on_track"}
    assert main(["list", "reviews", "--store", str(path), "--json"]) == 0
    reviews = json.loads(capsys.readouterr().out)
    assert reviews and all(r["status"] in {"draft", "held", "finalised"} for r in reviews)
    assert main(["demo", "--store", str(path)]) == 1
    assert "is not empty" in capsys.readouterr().err
