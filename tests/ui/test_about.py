"""Help > About names the versions IT support asks for and the bundled libraries' licences."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import qVersion
from PySide6.QtWidgets import QTextBrowser

from iro_desktop import __version__
from iro_desktop.about import components, licences_dir, sqlcipher_versions
from ui.shell.help_dialogs import show_about


def test_about_shows_versions_and_the_lgpl_notice(qtbot: Any) -> None:
    dialog = show_about(None)  # type: ignore[arg-type]
    qtbot.addWidget(dialog)
    browser = dialog.findChild(QTextBrowser)
    assert browser is not None
    shown = browser.toPlainText()
    cipher, sqlite = sqlcipher_versions()
    for fact in (__version__, qVersion(), cipher, sqlite, "Lesser General Public License",
                 "PySide6-Essentials", "sqlcipher3", "python-docx"):
        assert fact in shown
    assert cipher.startswith("4.")


def test_every_bundled_library_has_a_licence_and_qt_notice_ships() -> None:
    found = components()
    assert {"PySide6-Essentials", "sqlcipher3", "SQLAlchemy", "cryptography"} <= {
        c.name for c in found}
    assert all(c.licence for c in found)
    assert (licences_dir() / "LGPL-3.0.txt").is_file()
    assert (licences_dir() / "Qt-LGPL-NOTICE.txt").is_file()
