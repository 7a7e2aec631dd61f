"""New passphrases: at least 12 characters (NCSC) and not quickly guessed (zxcvbn score 3)."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from iro_desktop.domain.passphrase_rules import (
    MIN_PASSPHRASE_LENGTH,
    judge_passphrase,
    passphrase_problem,
)
from iro_desktop.store import MINIMUM_KDF, PassphrasePolicyError, Store

#: Plain words a person might pick at random from a dictionary.
WORDS = [
    "pebble", "orchard", "lantern", "vivid", "kettle", "violet", "harbour", "march", "copper",
    "meadow", "quarry", "biscuit", "thistle", "garnet", "ferry", "walnut", "saddle", "comet",
    "velvet", "badger", "pylon", "marble", "crumpet", "hazel", "tundra", "wicket", "beacon",
    "ladle", "spindle", "oyster",
]


@pytest.mark.parametrize("weak", ["qwertyuiop12", "letmeinletmein", "Password1234",
                                  "monkeymonkey", "abcdefghijkl", "p@ssw0rd1234",
                                  "iro desktop 2025", "111111111111"])
def test_long_enough_but_easily_guessed_passphrases_are_refused(weak: str) -> None:
    problem = passphrase_problem(weak)
    assert problem.startswith("Guessing tools would find this passphrase quickly")
    assert "Three or four random words" in problem


def test_the_two_from_the_attack_are_refused_by_the_store(tmp_path: Path) -> None:
    for weak in ("qwertyuiop12", "letmeinletmein"):
        with pytest.raises(PassphrasePolicyError, match="Guessing tools"):
            Store.create(tmp_path / "weak.irostore", weak, kdf=MINIMUM_KDF)
    assert list(tmp_path.iterdir()) == []


def test_four_random_words_are_accepted() -> None:
    rng = random.Random(12)
    for _ in range(25):
        phrase = " ".join(rng.sample(WORDS, 4))
        verdict = judge_passphrase(phrase)
        assert verdict.acceptable, (phrase, verdict)
        assert verdict.score >= 3


def test_short_passphrases_are_refused_first() -> None:
    verdict = judge_passphrase("violet sky")
    assert not verdict.acceptable and verdict.label == "Too short"
    assert f"at least {MIN_PASSPHRASE_LENGTH} characters" in verdict.problem


def test_messages_are_plain_british_english() -> None:
    for weak in ("qwertyuiop12", "letmeinletmein", "P4ssw0rd1234", "asdfghjkl;'#",
                 "drowssapdrowssap", "19841984198419", "Jennifer1234"):
        problem = passphrase_problem(weak)
        assert problem and "\n" not in problem
        for american in ("Capitalization", "Avoid", "abcabcabc", "aren't"):
            assert american not in problem


def test_words_about_the_user_count_against_a_passphrase() -> None:
    assert judge_passphrase("ottiliebrask").acceptable
    assert not judge_passphrase("ottiliebrask", personal=["Ottilie", "Brask"]).acceptable


def test_the_two_boxes_must_match() -> None:
    assert "different" in passphrase_problem("pebble orchard lantern vivid", "pebble orchard")
    assert passphrase_problem("pebble orchard lantern vivid",
                              "pebble orchard lantern vivid") == ""


def test_very_long_passphrases_are_judged_without_error() -> None:
    assert judge_passphrase(" ".join(WORDS)).acceptable
    assert not judge_passphrase("a" * 500).acceptable


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=120))
def test_any_text_gets_a_verdict(text: str) -> None:
    verdict = judge_passphrase(text)
    assert 0 <= verdict.score <= 4
    assert verdict.acceptable == (not verdict.problem)
    if len(text) < MIN_PASSPHRASE_LENGTH:
        assert not verdict.acceptable
