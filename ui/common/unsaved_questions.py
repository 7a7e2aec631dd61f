"""The questions the main window asks before unsaved work could be lost: closing a tab, quitting.

Plain `QMessageBox.question` calls (tests patch the static), No being the default, so a
stray Enter never throws work away.
"""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget

_YES_NO = QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No


def close_anyway(parent: QWidget, name: str) -> bool:
    """True when the IRO chose to close a tab whose changes are not saved."""
    answer = QMessageBox.question(
        parent, "Close without saving?",
        f"{name} has changes that are not saved.\n\nClose it and lose them?",
        _YES_NO, QMessageBox.StandardButton.No)
    return answer == QMessageBox.StandardButton.Yes


def quit_anyway(parent: QWidget, unsaved: list[str], drafts_kept: bool) -> bool:
    """True when the IRO chose to quit although these tabs hold unsaved changes."""
    drafts = (" Reviews keep an autosaved draft, offered the next time you unlock."
              if drafts_kept else "")
    answer = QMessageBox.question(
        parent, "Quit without saving?",
        "These tabs have changes that are not saved:\n\n• " + "\n• ".join(unsaved)
        + f"\n\nQuit and lose the changes?{drafts}",
        _YES_NO, QMessageBox.StandardButton.No)
    return answer == QMessageBox.StandardButton.Yes
