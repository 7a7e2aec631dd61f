"""Problems reach the IRO in plain words; the log gets where it happened, never the message."""

from __future__ import annotations

import logging

import pytest

from iro_desktop.documents.errors import ReviewNotFinalError
from iro_desktop.domain.validation import FieldError, ValidationError
from iro_desktop.store import ConcurrentEditError
from ui.common.error_message import TRY_AGAIN, known_problem, problem_text, show_problem


def _raised(error: BaseException) -> BaseException:
    try:
        raise error
    except BaseException as caught:  # noqa: BLE001 - the test wants it with its traceback
        return caught


def test_the_core_keeps_its_own_words() -> None:
    assert known_problem(ValidationError([FieldError("a", "Give a date."),
                                          FieldError("b", "Choose a code.")])) \
        == "Give a date. Choose a code."
    assert known_problem(ConcurrentEditError("Changed elsewhere.")) == "Changed elsewhere."
    assert known_problem(ReviewNotFinalError("Finalise it first.")) == "Finalise it first."
    assert known_problem(LookupError("That child's record is no longer in this store.")) \
        == "That child's record is no longer in this store."
    assert known_problem(ValueError("Between 1 and 60."), (ValueError,)) == "Between 1 and 60."
    for fault in (KeyError("x"), IndexError("y"), ValueError("z"), RuntimeError("w")):
        assert known_problem(fault) is None


def test_a_known_problem_is_led_by_what_did_not_happen() -> None:
    error = ConcurrentEditError("Someone else changed it.")
    assert problem_text(error, "Saving the audit") \
        == "Saving the audit did not work: Someone else changed it."
    assert problem_text(error, "Saving", lead="Nothing was saved: ") \
        == "Nothing was saved: Someone else changed it."


def test_a_fault_is_logged_without_its_message(caplog: pytest.LogCaptureFixture) -> None:
    error = _raised(RuntimeError("Ruby Example, born 1 May 2015"))
    with caplog.at_level(logging.ERROR, logger="ui.common.error_message"):
        text = problem_text(error, "Saving the audit")
    assert text == ("Saving the audit did not work because of an unexpected problem; nothing "
                    f"was changed. {TRY_AGAIN}")
    assert problem_text(error, "Saving", unexpected="Not saved.") == "Not saved."
    logged = caplog.text
    assert "Saving the audit failed" in logged and "RuntimeError" in logged
    assert "test_error_message.py" in logged
    assert "Ruby" not in logged


def test_a_dialog_says_what_to_do_next(message_boxes: list[tuple[str, str]]) -> None:
    show_problem(None, "Not saved", ConcurrentEditError("Changed elsewhere."), "Saving",
                 lead="The change could not be saved: ", next_step="Close and reopen it.")
    assert message_boxes == [
        ("warning", "Not saved: The change could not be saved: Changed elsewhere.\n\n"
                    "Close and reopen it.")]
