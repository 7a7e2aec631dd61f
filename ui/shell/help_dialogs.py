"""The Help menu's windows: the keyboard shortcuts and About."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QLabel, QMessageBox, QVBoxLayout, QWidget

SHORTCUTS = (
    ("Ctrl+N", "Add a child"), ("Ctrl+F", "Find in the caseload"),
    ("Escape", "Clear the caseload filter"), ("Enter", "Open the selected child, alert or "
                                                       "timeline entry"),
    ("Ctrl+R", "New review for the child shown"), ("Ctrl+Shift+M", "Add a monitoring note"),
    ("Ctrl+Shift+Y", "Start consultation with the young person shown (young person mode)"),
    ("Ctrl+S", "Save the child's details, the review or the QA form"),
    ("Ctrl+G", "Generate minutes of a final review"), ("Ctrl+Shift+Q", "QA lists"),
    ("Ctrl+Shift+R", "Annual report"), ("Ctrl+Shift+I", "Import from a spreadsheet"),
    ("Ctrl+W", "Close the tab"), ("F5", "Refresh the caseload and alerts"),
    ("Ctrl+1", "Go to the caseload"), ("Ctrl+Shift+A", "Go to the alerts"),
    ("Ctrl+Tab", "Next tab"), ("Ctrl+L", "Lock"),
)


def show_shortcuts(parent: QWidget) -> QDialog:
    dialog = QDialog(parent)
    dialog.setWindowTitle("Keyboard shortcuts")
    dialog.setAccessibleName("Keyboard shortcuts")
    rows = "".join(f"<tr><td><b>{key}</b></td><td>&nbsp;&nbsp;{what}</td></tr>"
                   for key, what in SHORTCUTS)
    label = QLabel(f"<table cellpadding='3'>{rows}</table>")
    label.setAccessibleName("List of keyboard shortcuts")
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByKeyboard
                                  | Qt.TextInteractionFlag.TextSelectableByMouse)
    QVBoxLayout(dialog).addWidget(label)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.show()
    return dialog


def show_about(parent: QWidget) -> None:
    from iro_desktop import __version__

    QMessageBox.about(parent, "About IRO Desktop",
                      f"<b>IRO Desktop</b> {__version__}<br>For Independent Reviewing "
                      "Officers in England: the caseload, statutory reviews, quality "
                      "assurance and minutes, kept encrypted on this computer.")
