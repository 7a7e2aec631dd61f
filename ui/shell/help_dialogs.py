"""The Help menu's windows: the keyboard shortcuts, and About (versions and licences)."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt, QUrl, qVersion
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from iro_desktop.about import components, licences_dir, versions

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


def about_html() -> str:
    """Versions for IT support, then every bundled library and its licence."""
    import PySide6

    facts = [*versions(), ("Qt", qVersion()), ("PySide6", PySide6.__version__)]
    rows = "".join(f"<tr><td><b>{html.escape(k)}</b></td><td>{html.escape(v)}</td></tr>"
                   for k, v in facts)
    libraries = "".join(
        f"<tr><td>{html.escape(c.name)}</td><td>{html.escape(c.version)}</td>"
        f"<td>{html.escape(c.licence)}</td></tr>" for c in components())
    folder = licences_dir()
    link = QUrl.fromLocalFile(str(folder)).toString()
    return (
        "<p><b>IRO Desktop</b>: for Independent Reviewing Officers in England: the caseload, "
        "statutory reviews, quality assurance and minutes, kept encrypted on this computer.</p>"
        f"<table cellpadding='2'>{rows}</table>"
        "<h3>Qt and the LGPL</h3>"
        "<p>IRO Desktop uses Qt through Qt for Python (PySide6), under the GNU Lesser General "
        "Public License v3. Qt's libraries are separate files in the installation folder and "
        "may be replaced with your own build of the same version; Qt's source code is at "
        "<a href='https://code.qt.io/'>code.qt.io</a>. The licence texts are in "
        f"<a href='{link}'>{html.escape(str(folder))}</a>.</p>"
        "<h3>Libraries included</h3>"
        f"<table cellpadding='2'><tr><th align='left'>Library</th><th align='left'>Version"
        f"</th><th align='left'>Licence</th></tr>{libraries}</table>")


def show_about(parent: QWidget) -> QDialog:
    dialog = QDialog(parent)
    dialog.setWindowTitle("About IRO Desktop")
    dialog.setAccessibleName("About IRO Desktop")
    text = QTextBrowser()
    text.setAccessibleName("Versions and licences")
    text.setOpenExternalLinks(True)
    text.setHtml(about_html())
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
    buttons.rejected.connect(dialog.reject)
    layout = QVBoxLayout(dialog)
    layout.addWidget(text)
    layout.addWidget(buttons)
    dialog.resize(620, 520)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.show()
    return dialog
