"""Open one review in the editor on its own: `python -m ui.review.review_editor_main --store PATH
--review ID`, with the passphrase in IRO_PASSPHRASE. Used by the crash test and for
screenshots; the real application opens the editor from a child's record.

Test hooks (environment variables, only read here):
- IRO_TEST_TYPE_TEXT: after showing, type this text into the young person's views with real
  key events, a few characters at a time, then print "typed" on standard output.
- IRO_TEST_RECOVER=1: after showing, recover a draft if one is offered, print
  {"offered": ..., "young_person_views": ...} as JSON and quit.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QCloseEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from iro_desktop.store import Store, StoreError
from ui.review.review_editor import ReviewEditor

CHARACTERS_PER_TICK = 4
TICK_MS = 15


def type_slowly(target: QWidget, text: str, finished: Callable[[], None]) -> QTimer:
    """Type `text` into `target` through key events, as a person would, over many ticks."""
    target.setFocus(Qt.FocusReason.OtherFocusReason)
    remaining = [text]
    timer = QTimer(target)
    timer.setInterval(TICK_MS)

    def tick() -> None:
        chunk, remaining[0] = remaining[0][:CHARACTERS_PER_TICK], remaining[0][CHARACTERS_PER_TICK:]
        QTest.keyClicks(target, chunk)
        if not remaining[0]:
            timer.stop()
            finished()

    timer.timeout.connect(tick)
    timer.start()
    return timer


class EditorWindow(ReviewEditor):
    """The editor as a top-level window that asks before closing with unsaved changes."""

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt's name
        if self.has_unsaved_changes():
            answer = QMessageBox.question(
                self, "Unsaved changes",
                "This review has changes that are not saved (an autosaved draft is kept). "
                "Save the draft before closing?",
                QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard
                | QMessageBox.StandardButton.Cancel)
            if answer == QMessageBox.StandardButton.Cancel:
                event.ignore()
                return
            if answer == QMessageBox.StandardButton.Save:
                self.save_draft()
        self.flush_autosave()
        event.accept()


def _print(data: object) -> None:
    sys.stdout.write(data if isinstance(data, str) else json.dumps(data))
    sys.stdout.write("\n")
    sys.stdout.flush()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m ui.review.review_editor_main",
                                      description="Open one review in the review editor.")
    parser.add_argument("--store", required=True, help="the store file (.irostore)")
    parser.add_argument("--review", required=True, help="the review's id")
    args = parser.parse_args(argv)
    passphrase = os.environ.get("IRO_PASSPHRASE")
    if not passphrase:
        parser.error("set IRO_PASSPHRASE to the store's passphrase")
    app = QApplication.instance() or QApplication(sys.argv[:1])
    try:
        store = Store.open(args.store, passphrase)
    except StoreError as exc:
        _print(f"Cannot open the store: {exc}")
        return 2
    editor = EditorWindow(store, args.review)
    editor.setWindowTitle(f"{editor.context.child_name} – review {editor.context.number}")
    editor.resize(1280, 900)
    editor.show()
    text = os.environ.get("IRO_TEST_TYPE_TEXT")
    if text:
        QTimer.singleShot(100, lambda: type_slowly(editor.young_person_views, text,
                                                   lambda: _print("typed")))
    if os.environ.get("IRO_TEST_RECOVER") == "1":
        def report() -> None:
            offered = editor.recovery_offered()
            editor.recover_draft()
            _print({"offered": offered,
                    "young_person_views": editor.young_person_views.toPlainText()})
            QApplication.exit(0)  # not quit(): that would ask about unsaved changes

        QTimer.singleShot(100, report)
    code = app.exec()
    editor.autosaver.stop()
    store.close()
    return code


if __name__ == "__main__":
    raise SystemExit(main())
