"""British English spell-checking for the long text fields, when a dictionary is available.

Uses PyEnchant with the en_GB Hunspell dictionary (bundled in PyEnchant's Windows wheels;
on Linux it needs the system's libenchant-2 and hunspell-en-gb). Entirely optional: without
them, `attach_spelling` returns None and the fields work as plain text boxes.
"""

from __future__ import annotations

import logging
import re
from functools import cache
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QSyntaxHighlighter, QTextCharFormat, QTextDocument
from PySide6.QtWidgets import QPlainTextEdit

log = logging.getLogger(__name__)

LANGUAGE = "en_GB"
_WORD = re.compile(r"[A-Za-z][A-Za-z'’]*[A-Za-z]|[A-Za-z]")

#: Words of the work that a general dictionary lacks; never underlined.
SERVICE_WORDS = frozenset({
    "IRO", "IROs", "PEP", "PEPs", "PMR", "SSDA903", "Viewpoint", "CAMHS", "SGO", "Cafcass",
    "LAC", "CLA", "SENCO", "EHCP", "s20", "PN0", "PN1", "PN2", "PN3", "PN4", "PN5", "PN6",
    "PN7", "carer", "carers", "Ofsted", "WhatsApp", "TikTok", "Snapchat", "YouTube",
})


@cache
def british_dictionary() -> Any | None:
    """The en_GB dictionary, or None when PyEnchant or the dictionary is not installed."""
    try:
        import enchant

        return enchant.Dict(LANGUAGE)
    except Exception:  # noqa: BLE001 - missing library, missing dictionary: no spell-check
        log.info("British English spell-checking is not available", exc_info=True)
        return None


def spelling_available() -> bool:
    return british_dictionary() is not None


class SpellingHighlighter(QSyntaxHighlighter):
    """Underlines words the British dictionary does not know, with a wavy red line.

    Capitalised words are left alone: reviews are full of names of people, schools and
    places that no dictionary holds, and a page of red names hides the real slips.
    """

    def __init__(self, document: QTextDocument, dictionary: Any) -> None:
        super().__init__(document)
        self._dictionary = dictionary
        self._known: dict[str, bool] = {}
        self._format = QTextCharFormat()
        self._format.setUnderlineStyle(QTextCharFormat.UnderlineStyle.SpellCheckUnderline)
        self._format.setUnderlineColor(QColor(Qt.GlobalColor.red))

    def is_known(self, word: str) -> bool:
        word = word.replace("’", "'")
        known = self._known.get(word)
        if known is None:
            known = (word in SERVICE_WORDS or word[0].isupper()
                     or bool(self._dictionary.check(word)))
            self._known[word] = known
        return known

    def misspelt(self, text: str) -> list[str]:
        return [m.group() for m in _WORD.finditer(text) if not self.is_known(m.group())]

    def highlightBlock(self, text: str) -> None:  # noqa: N802 - Qt's name
        for match in _WORD.finditer(text):
            if not self.is_known(match.group()):
                self.setFormat(match.start(), match.end() - match.start(), self._format)


def attach_spelling(edit: QPlainTextEdit) -> SpellingHighlighter | None:
    """Spell-check a text box in British English if possible; None when not available."""
    dictionary = british_dictionary()
    if dictionary is None:
        return None
    return SpellingHighlighter(edit.document(), dictionary)
