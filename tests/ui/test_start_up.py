"""A start that fails says why, and Qt's own messages reach the log at their level."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from PySide6.QtCore import QtMsgType
from PySide6.QtWidgets import QMessageBox

from ui.shell import start_failure
from ui.shell.qt_log import qt_message
from ui.shell.start_failure import linux_display_problem, required_linux_libraries

ROOT = Path(__file__).resolve().parents[2]
PLUGIN_LIBRARIES = {"libxcb-cursor.so.0", "libxcb-icccm.so.4"}


def test_qt_messages_are_logged_at_their_own_level(
    caplog: pytest.LogCaptureFixture, capsys: pytest.CaptureFixture[str]
) -> None:
    caplog.set_level(logging.DEBUG)
    plugin = SimpleNamespace(category="qt.qpa.plugin")
    qt_message(QtMsgType.QtWarningMsg, plugin, "xcb-cursor0 is needed")
    qt_message(QtMsgType.QtInfoMsg, SimpleNamespace(category="default"), "just so")
    qt_message(QtMsgType.QtFatalMsg, plugin, "Could not load the Qt platform plugin")
    seen = [(r.name, r.levelno, r.getMessage()) for r in caplog.records]
    assert seen == [("qt.qpa.plugin", logging.WARNING, "xcb-cursor0 is needed"),
                    ("qt", logging.INFO, "just so"),
                    ("qt.qpa.plugin", logging.CRITICAL, "Could not load the Qt platform plugin")]
    assert capsys.readouterr().err == "Qt: Could not load the Qt platform plugin\n"


def test_a_real_qt_warning_reaches_the_log() -> None:
    script = ("import logging, sys; logging.basicConfig(stream=sys.stdout, "
              "format='%(levelname)s %(name)s %(message)s');"
              "from ui.shell.qt_log import install_qt_log; install_qt_log();"
              "from PySide6.QtCore import qWarning; qWarning('a warning from Qt')")
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True,
                          text=True, encoding="utf-8", timeout=60, check=True)
    assert "WARNING qt a warning from Qt" in done.stdout


def fake_loader(missing: set[str]) -> Any:
    def load(name: str) -> object:
        if name.endswith("libqxcb.so") and missing:
            raise OSError(f"{sorted(missing)[0]}: cannot open shared object file")
        if name in missing:
            raise OSError(f"{name}: cannot open shared object file")
        return object()
    return load


@pytest.fixture
def linux(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    monkeypatch.setattr(start_failure.sys, "platform", "linux")
    plugin = tmp_path / "libqxcb.so"
    plugin.write_bytes(b"")
    return plugin


def test_missing_xcb_libraries_are_named_with_the_command_to_install_them(linux: Path) -> None:
    problem = linux_display_problem({"DISPLAY": ":0"}, fake_loader(PLUGIN_LIBRARIES), linux)
    assert problem is not None
    assert "libxcb-cursor0, libxcb-icccm4" in problem
    assert "sudo apt-get install libxcb-cursor0 libxcb-icccm4" in problem


def test_no_problem_when_the_plugin_loads_or_another_platform_is_chosen(linux: Path) -> None:
    assert linux_display_problem({"DISPLAY": ":0"}, fake_loader(set()), linux) is None
    assert linux_display_problem({"QT_QPA_PLATFORM": "offscreen"},
                                 fake_loader(PLUGIN_LIBRARIES), linux) is None
    assert linux_display_problem({"WAYLAND_DISPLAY": "wayland-0"},
                                 fake_loader(PLUGIN_LIBRARIES), linux) is None


def test_no_display_is_said_plainly(linux: Path) -> None:
    problem = linux_display_problem({}, fake_loader(set()), linux)
    assert problem is not None and "DISPLAY is not set" in problem


def test_the_library_list_names_the_xcb_plugin_needs() -> None:
    packages = {package for _library, package in required_linux_libraries()}
    assert {"libxcb-icccm4", "libxcb-keysyms1", "libxcb-cursor0", "libxkbcommon-x11-0",
            "libxcb-image0", "libxcb-render-util0", "libxcb-shape0"} <= packages


def run_app(args: list[str], env_extra: dict[str, str],
            data_dir: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "IRO_DATA_DIR": str(data_dir), **env_extra}
    env.pop("DISPLAY", None)
    return subprocess.run([sys.executable, "-m", "ui", *args], env=env, capture_output=True,
                          text=True, encoding="utf-8", timeout=60, cwd=ROOT, check=False)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="X11 is Linux's")
def test_starting_without_a_display_exits_with_the_reason(tmp_path: Path) -> None:
    done = run_app([], {"QT_QPA_PLATFORM": "xcb"}, tmp_path)
    assert done.returncode == 1
    assert "IRO Desktop could not start" in done.stderr
    assert "DISPLAY is not set" in done.stderr
    assert "Start-up failed" in (tmp_path / "logs" / "iro-desktop.log").read_text(
        encoding="utf-8")


def test_a_store_that_cannot_be_opened_stops_the_start_with_the_reason(tmp_path: Path) -> None:
    broken = tmp_path / "broken.irostore"
    broken.write_bytes(b"this is not a store" * 100)
    done = run_app(["--smoke", "--store", str(broken)],
                   {"QT_QPA_PLATFORM": "offscreen", "IRO_PASSPHRASE": "a long passphrase here"},
                   tmp_path)
    assert done.returncode == 1, done.stderr
    assert "IRO Desktop could not start" in done.stderr
    assert "Traceback" not in done.stderr


def test_a_failed_start_shows_a_message_box_once_qt_is_up(
    qapp: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown: list[tuple[str, str]] = []

    def exec_(box: QMessageBox) -> int:
        shown.append((box.windowTitle(), box.text()))
        return 0

    monkeypatch.setattr(QMessageBox, "exec", exec_)
    start_failure.report_start_failure("The store's key file is missing.", details="trace")
    assert shown and shown[0][0] == "IRO Desktop could not start"
    assert "key file is missing" in shown[0][1]
