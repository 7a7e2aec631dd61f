"""What a new passphrase must be: long enough (NCSC), and not quickly guessed (zxcvbn).

Length alone let `qwertyuiop12` and `letmeinletmein` through, and a word list only ever
knows the passwords someone thought to write down. zxcvbn, Dropbox's estimator, scores a
passphrase by how a guessing tool would attack it (dictionaries, keyboard rows, repeats,
sequences, dates) and we refuse anything it scores below 3 ("safely unguessable" against
an online attack; Argon2id then makes offline guessing slow). Its feedback is in US
English and changes between versions, so the message is built here from the pattern it
found, in plain British English, with the same advice every time.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from zxcvbn import zxcvbn

#: NCSC / Cyber Essentials: length is what matters most.
MIN_PASSPHRASE_LENGTH = 12
#: zxcvbn's scale is 0 to 4; 3 means about 10^8 guesses or more.
MIN_SCORE = 3
#: zxcvbn refuses longer input (its matching grows faster than linearly); a passphrase
#: this long is judged on its first 72 characters, which only ever under-rates it.
_ZXCVBN_MAX_LENGTH = 72
#: Words anyone who knows the product would try first.
SERVICE_WORDS = (
    "iro", "irodesktop", "iro desktop", "independent reviewing officer", "reviewing",
    "caseload", "looked after", "lookedafter", "children", "social worker", "socialworker",
    "council", "review", "passphrase", "password",
)

ADVICE = "Three or four random words make a good passphrase."
LABELS = ("Too weak", "Too weak", "Weak", "Good", "Strong")


@dataclass(frozen=True)
class PassphraseVerdict:
    """How strong a passphrase is (zxcvbn's 0 to 4), a word for it, and why it is refused."""

    score: int
    label: str
    problem: str

    @property
    def acceptable(self) -> bool:
        return not self.problem


def judge_passphrase(text: str, personal: Iterable[str] = ()) -> PassphraseVerdict:
    """Score a new passphrase; `personal` holds words about the user (their name, the
    authority) that a guesser who knows them would try."""
    if not text:
        return PassphraseVerdict(0, "", "Type a passphrase.")
    inputs = [*SERVICE_WORDS, *(word.lower() for word in personal if word)]
    result = zxcvbn(text[:_ZXCVBN_MAX_LENGTH], user_inputs=inputs)
    score = int(result["score"])
    if len(text) < MIN_PASSPHRASE_LENGTH:
        return PassphraseVerdict(
            min(score, 1),
            "Too short",
            f"Too short: {len(text)} of at least {MIN_PASSPHRASE_LENGTH} characters. {ADVICE}",
        )
    if score < MIN_SCORE:
        reason = _reason(result.get("sequence") or [])
        return PassphraseVerdict(
            score, LABELS[score], f"Guessing tools would find this passphrase quickly: {reason} "
            f"{ADVICE}")
    return PassphraseVerdict(score, LABELS[score], "")


def passphrase_problem(text: str, again: str | None = None,
                       personal: Iterable[str] = ()) -> str:
    """Why this new passphrase cannot be used, in plain words; empty when it is fine."""
    problem = judge_passphrase(text, personal).problem
    if problem:
        return problem
    if again is not None and again != text:
        return "The two passphrases are different. Type the same passphrase in both boxes."
    return ""


def _reason(sequence: list[Mapping[str, Any]]) -> str:
    """One sentence about the weakest part: the longest pattern zxcvbn matched."""
    if not sequence:
        return "it is too predictable."
    longest = max(sequence, key=lambda match: len(str(match.get("token", ""))))
    pattern = longest.get("pattern")
    if pattern == "dictionary":
        return _dictionary_reason(longest, alone=len(sequence) == 1)
    if pattern == "spatial":
        return "rows and patterns of keys on the keyboard are easy to guess."
    if pattern == "repeat":
        return "repeated words or characters add very little."
    if pattern == "sequence":
        return "sequences such as abc or 6543 are easy to guess."
    if pattern in ("regex", "date"):
        return "years and dates are easy to guess."
    return "it is too short for how predictable it is."


def _dictionary_reason(match: Mapping[str, Any], *, alone: bool) -> str:
    name = match.get("dictionary_name")
    if name == "passwords":
        return ("it is one of the passwords guessing tools try first."
                if alone and not match.get("l33t") else
                "it is too like a commonly used password.")
    if name == "user_inputs":
        return "it uses words about IRO work or about you, which are the first ones tried."
    if match.get("l33t"):
        return "swapping letters for look-alike symbols (@ for a) does not fool guessing tools."
    if match.get("reversed"):
        return "a word spelt backwards is hardly harder to guess."
    if name in ("surnames", "male_names", "female_names"):
        return "names are easy to guess."
    if alone:
        return "a single word is easy to guess."
    return "common words and phrases are easy to guess; uncommon words are better."
