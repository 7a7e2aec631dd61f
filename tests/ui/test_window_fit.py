"""The main window fits the screen's available area at any scaling, and remembers its place."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

from PySide6.QtCore import QRect
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QMainWindow, QTableView

from ui.shell.window_state import (
    default_frame,
    fit_rect,
    fits_on_screen,
    restore_window,
    save_window,
    window_settings,
)

ROOT = Path(__file__).resolve().parents[2]
#: 1366×768 at 125 % and 1920×1080 at 150 %, less a 40-pixel taskbar, in Qt's units.
SMALL_LAPTOP = QRect(0, 0, 1093, 582)
FULL_HD_150 = QRect(0, 0, 1280, 693)


def test_the_default_size_is_clamped_to_the_available_area() -> None:
    for available in (SMALL_LAPTOP, FULL_HD_150):
        frame = default_frame(available)
        assert available.contains(frame)
        assert frame.height() < available.height() and frame.width() <= 1280
    roomy = default_frame(QRect(0, 0, 2560, 1400))
    assert (roomy.width(), roomy.height()) == (1280, 800)


def test_a_remembered_frame_is_shrunk_and_moved_onto_the_screen() -> None:
    from_big_monitor = QRect(1500, 900, 1917, 1197)
    fitted = fit_rect(from_big_monitor, SMALL_LAPTOP)
    assert SMALL_LAPTOP.contains(fitted)
    assert fitted.size() == SMALL_LAPTOP.size()
    inside = QRect(10, 10, 400, 300)
    assert fit_rect(inside, SMALL_LAPTOP) == inside


def test_a_window_remembered_larger_than_the_screen_reopens_inside_it(qtbot: Any) -> None:
    available = QGuiApplication.primaryScreen().availableGeometry()
    first, table = QMainWindow(), QTableView()
    qtbot.addWidget(first)
    first.setCentralWidget(table)
    first.setGeometry(available.x() + 300, available.y() + 200,
                      available.width() * 3, available.height() * 2)
    save_window(first, table)
    assert window_settings().value("main/geometry") is not None

    again, again_table = QMainWindow(), QTableView()
    qtbot.addWidget(again)
    again.setCentralWidget(again_table)
    restore_window(again, again_table)
    again.show()
    qtbot.waitUntil(lambda: fits_on_screen(again))
    assert again.width() <= available.width() and again.height() <= available.height()


def test_the_window_and_its_pages_fit_small_scaled_laptop_screens() -> None:
    """The real main window over a demo caseload: caseload, a child's record, the review
    editor (Save and Finalise on screen) and the QA lists, on 1366×768 at 125 % and on
    1920×1080 at 150 %."""
    runs = [subprocess.Popen(
        [sys.executable, str(ROOT / "scripts" / "screen_fit.py"), "--screen", screen,
         "--scale", scale, "--check"], cwd=ROOT, stdout=subprocess.PIPE,
        stderr=subprocess.PIPE, text=True, encoding="utf-8")
        for screen, scale in (("1366x768", "1.25"), ("1920x1080", "1.5"))]
    for run in runs:
        out, err = run.communicate(timeout=180)
        assert run.returncode in (0, 1), err
        report = json.loads(out)
        assert report["fits"], json.dumps(report, indent=1)
        assert set(report["scenes"]) == {"caseload", "child-record", "review-editor", "qa-lists"}
