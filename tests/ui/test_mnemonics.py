"""Alt+letter does what the keyboard user expects: the menu bar's letters (Alt+F for File…)
are not taken by a label or button on the caseload page, which Qt would prefer."""

from __future__ import annotations

import re
from typing import Any

from PySide6.QtWidgets import QAbstractButton, QLabel

from .fixtures_main import main_store, window  # noqa: F401

_MNEMONIC = re.compile(r"&([^&\s])")


def _letter(text: str) -> str | None:
    found = _MNEMONIC.search(text.replace("&&", ""))
    return found.group(1).lower() if found else None


def test_no_control_on_the_caseload_takes_a_menu_bar_letter(window: Any) -> None:  # noqa: F811
    menus = {_letter(a.text()) for a in window.menuBar().actions()} - {None}
    assert {"f", "v", "h"} <= menus
    page = window.caseload
    taken = {}
    for widget in (*page.findChildren(QLabel), *page.findChildren(QAbstractButton)):
        letter = _letter(widget.text())
        if letter is not None and widget.isVisibleTo(window):
            taken[letter] = widget.text()
    clashes = {letter: text for letter, text in taken.items() if letter in menus}
    assert not clashes, f"these take a menu bar's Alt+letter: {clashes}"
