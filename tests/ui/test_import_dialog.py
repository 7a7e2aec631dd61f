"""File > Import…: checking a file shows what would change or every problem; importing adds."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from sqlalchemy import select

from iro_desktop.store import Store
from iro_desktop.store.models import Child
from tests.import_helpers import TODAY, good_rows, store_digest, write_xlsx
from tests.ui.qa_fixtures import unnamed_focusable
from ui.common.workers import tasks_running
from ui.shell.import_dialog import ImportDialog


def _dialog(qtbot: Any, store: Store) -> ImportDialog:
    dialog = ImportDialog(store, today=lambda: TODAY)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def _cells(model: Any) -> list[list[str]]:
    return [[model.index(r, c).data() for c in range(model.columnCount())]
            for r in range(model.rowCount())]


def _check(qtbot: Any, dialog: ImportDialog, path: Path) -> None:
    dialog.path_edit.clear()
    qtbot.keyClicks(dialog.path_edit, str(path))
    assert not dialog.import_button.isEnabled()
    qtbot.mouseClick(dialog.check_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.busy and tasks_running() == 0, timeout=15_000)


def test_checking_a_good_file_previews_the_counts_and_changes_nothing(
        qtbot: Any, store: Store, tmp_path: Path) -> None:
    dialog = _dialog(qtbot, store)
    assert unnamed_focusable(dialog) == []
    assert not dialog.check_button.isEnabled() and not dialog.import_button.isEnabled()
    before = store_digest(store)
    _check(qtbot, dialog, write_xlsx(tmp_path / "history.xlsx", good_rows()))
    assert dialog.results.currentWidget() is dialog.counts_table
    assert _cells(dialog.counts_model) == [
        ["Children", "2", "0", "0"], ["Periods", "3", "0", "0"], ["Reviews", "4", "0", "0"],
        ["Audits", "2", "0", "0"], ["Challenges", "2", "0", "0"],
        ["Good practice", "1", "0", "0"]]
    assert "has no problems" in dialog.message.text()
    assert dialog.import_button.isEnabled()
    assert store_digest(store) == before, "a check is a dry run"
    assert unnamed_focusable(dialog) == []
    qtbot.keyClicks(dialog.path_edit, "x")
    assert not dialog.import_button.isEnabled(), "another file needs its own check"


def test_a_bad_file_lists_every_problem_and_import_stays_disabled(
        qtbot: Any, store: Store, tmp_path: Path) -> None:
    rows = good_rows()
    rows["reviews"][0][3] = "PN9"
    rows["audits"][0][2] = "31/02/2023"
    dialog = _dialog(qtbot, store)
    _check(qtbot, dialog, write_xlsx(tmp_path / "bad.xlsx", rows))
    assert dialog.results.currentWidget() is dialog.problems_table
    problems = _cells(dialog.problems_model)
    assert [p[:3] for p in problems] == [["reviews", "2", "participation_code"],
                                         ["audits", "2", "audit_date"]]
    assert problems[1][3] == "31/02/2023 is not a real date (check the day and the month)."
    assert dialog.message.text().startswith("2 problems to fix in bad.xlsx")
    assert not dialog.import_button.isEnabled()
    not_a_sheet = tmp_path / "minutes.xlsx"
    not_a_sheet.write_bytes(b"%PDF-1.7 not a spreadsheet")
    _check(qtbot, dialog, not_a_sheet)
    assert _cells(dialog.problems_model)[0][:3] == ["(file)", "", ""]
    assert "is a PDF document" in _cells(dialog.problems_model)[0][3]
    assert not dialog.import_button.isEnabled()


def test_importing_a_checked_file_adds_the_children(qtbot: Any, store: Store,
                                                    tmp_path: Path) -> None:
    dialog = _dialog(qtbot, store)
    _check(qtbot, dialog, write_xlsx(tmp_path / "history.xlsx", good_rows()))
    with qtbot.waitSignal(dialog.imported, timeout=15_000) as imported:
        qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    assert imported.args[0].imported
    with store.read_session() as session:
        assert sorted(session.scalars(select(Child.local_id))) == ["LA100001", "LA100002"]
    assert dialog.message.text() == "Imported history.xlsx: 14 new and 0 updated records."
    assert not dialog.import_button.isEnabled(), "one import per check"
    _check(qtbot, dialog, tmp_path / "history.xlsx")
    assert _cells(dialog.counts_model)[0] == ["Children", "0", "0", "2"]
