"""Open the main window on a simulated laptop screen, check that it fits, and grab it.

    .venv/bin/python scripts/screen_fit.py --screen 1366x768 --scale 1.25 [--palette dark]
        [--shots docs/screenshots] [--check]

Qt's offscreen platform is given one screen of that many physical pixels, less a 40-pixel
taskbar, and ``QT_SCALE_FACTOR`` the scaling, as Windows would at 125 % or 150 %. The
main window opens at the size it chooses for itself over a demo caseload of fictional
children, in its own temporary data folder. With ``--check`` it prints what it measured as
JSON and exits 1 when a window, or the review editor's Save and Finalise buttons, do not
fit on the screen. ``--palette`` applies the light, dark or high-contrast palette of
ui/common/palettes.py, as the system would.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
TASKBAR = 40
TODAY = date(2026, 11, 26)


def configure_screen(size: str, scale: float, base: Path) -> None:
    """Before Qt starts: the simulated screen and scaling, and a private data folder."""
    width, height = (int(part) for part in size.lower().split("x"))
    config = base / "screen.json"
    config.write_text(json.dumps({"screens": [{
        "name": f"laptop {size}", "x": 0, "y": 0, "width": width, "height": height - TASKBAR,
        "logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1}]}), encoding="utf-8")
    os.environ["QT_QPA_PLATFORM"] = f"offscreen:configfile={config}"
    os.environ["QT_SCALE_FACTOR"] = str(scale)
    os.environ["IRO_DATA_DIR"] = str(base / "data")
    sys.path.insert(0, str(ROOT))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--screen", default="1366x768")
    parser.add_argument("--scale", type=float, default=1.25)
    parser.add_argument("--palette", choices=("system", "light", "dark", "contrast"),
                        default="system")
    parser.add_argument("--shots", type=Path, default=None, help="folder for the grabs")
    parser.add_argument("--prefix", default="", help="start of each grab's file name")
    parser.add_argument("--check", action="store_true")
    args = parser.parse_args(argv)
    base = Path(tempfile.mkdtemp(prefix="iro-screen-fit-"))
    try:
        configure_screen(args.screen, args.scale, base)
        report = run(args, base)
    finally:
        shutil.rmtree(base, ignore_errors=True)
    print(json.dumps(report, indent=1))
    return 0 if report["fits"] or not args.check else 1


def run(args: argparse.Namespace, base: Path) -> dict[str, Any]:
    from PySide6.QtGui import QGuiApplication
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QWidget

    from iro_desktop.services import reviews
    from iro_desktop.services.demo_data import generate_demo
    from iro_desktop.store import MINIMUM_KDF, Store
    from ui.common.palettes import apply_palette
    from ui.common.workers import tasks_running
    from ui.shell.app import create_application, open_main_window
    from ui.shell.window_state import fits_on_screen

    app = create_application()
    if args.palette != "system":
        apply_palette(app, args.palette)

    def settle(until: Callable[[], bool] = lambda: True) -> None:
        QTest.qWait(120)
        for _ in range(800):
            if not tasks_running() and until():
                break
            QTest.qWait(25)
        QTest.qWait(60)

    screen = QGuiApplication.primaryScreen()
    available = screen.availableGeometry()
    report: dict[str, Any] = {
        "screen": args.screen, "scale": args.scale, "palette": args.palette,
        "available": [available.width(), available.height()], "scenes": {}}
    store = Store.create(base / "caseload.irostore", "copper lantern meadow sixty",
                         kdf=MINIMUM_KDF)
    try:
        generate_demo(store, children=25, years=2, today=date(2026, 11, 12))
        window, _lock = open_main_window(store, lambda: TODAY, offer_drafts=False)
        settle(lambda: not window.is_loading())

        def scene(name: str, widget: QWidget, *, also: list[QWidget] | None = None) -> None:
            settle()
            frame = window.frameGeometry()
            visible = [w.isVisible() and not w.visibleRegion().isEmpty() for w in also or []]
            report["scenes"][name] = {
                "window": [window.width(), window.height()],
                "minimum": [window.minimumSizeHint().width(),
                            window.minimumSizeHint().height()],
                "frame": [frame.x(), frame.y(), frame.width(), frame.height()],
                "fits": fits_on_screen(window) and all(visible)}
            if args.shots is not None:
                args.shots.mkdir(parents=True, exist_ok=True)
                widget.grab().save(str(args.shots / f"{args.prefix}{name}.png"))

        scene("caseload", window)
        row = next(r for r in window.caseload.model.rows if r.last_review is not None)
        record = window.open_child(row.child_id)
        settle(lambda: record.overview is not None)
        scene("child-record", window)
        review_id = reviews.start_review(store, row.child_id, TODAY)
        editor = window.reviews.open_review(review_id)
        settle()
        scene("review-editor", window, also=[editor.save_button, editor.finalise_button])
        window.open_qa_lists()
        scene("qa-lists", window)
        editor.autosaver.stop()
        window.hide()
        window.deleteLater()
        settle()
    finally:
        store.close()
    report["fits"] = all(s["fits"] for s in report["scenes"].values())
    return report


if __name__ == "__main__":
    raise SystemExit(main())
