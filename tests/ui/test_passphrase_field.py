"""The one passphrase box and prompt that unlocking, the lock page and young person mode share."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit

from ui.common.passphrase_field import TYPE_IT_FIRST, PassphraseField, PassphrasePrompt


def test_the_box_hides_what_is_typed_and_is_labelled(qtbot: Any) -> None:
    field = PassphraseField("&Current passphrase:", description="The one you use now")
    qtbot.addWidget(field)
    assert field.echoMode() is QLineEdit.EchoMode.Password
    assert field.inputMethodHints() & Qt.InputMethodHint.ImhSensitiveData
    assert field.label.buddy() is field
    assert field.accessibleName() == "Current passphrase"
    assert field.accessibleDescription() == field.toolTip() == "The one you use now"


def test_the_prompt_asks_for_something_typed_and_shows_it_is_busy(qtbot: Any) -> None:
    prompt = PassphrasePrompt(accessible_name="IRO passphrase", busy_name="Unlocking")
    qtbot.addWidget(prompt)
    prompt.show()
    assert prompt.field.accessibleName() == "IRO passphrase"
    assert prompt.busy.accessibleName() == "Unlocking" and prompt.busy.isHidden()
    assert prompt.typed() is None and prompt.message.text() == TYPE_IT_FIRST
    qtbot.keyClicks(prompt.field, "kettle violet")
    assert prompt.typed() == "kettle violet"
    prompt.set_busy(True)
    assert prompt.busy.isVisible() and not prompt.field.isEnabled()
    prompt.set_busy(False)
    prompt.refuse("That passphrase is not right. Try again.")
    assert prompt.field.selectedText() == "kettle violet"
    assert prompt.message.text() == "That passphrase is not right. Try again."
