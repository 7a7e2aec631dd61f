"""What text a record may hold: characters every output can carry, at lengths it can print.

Everything typed ends up in a Word document (XML 1.0), a spreadsheet or a DfE CSV. XML
cannot carry control characters (other than tab and line breaks), NUL, the non-characters
U+FFFE/U+FFFF or a lone surrogate (which cannot even be encoded to store it), so such text
is refused where it is typed or imported, with the field named, rather than failing later
when every set of minutes for that child is issued. Identifiers are held to the characters
their formats allow, which also keeps formula-looking values (`=`, `+`, `-`, `@`) out.
"""

from __future__ import annotations

import re

from .validation import FieldError

#: A name (first, last, preferred, a person's or the IRO's): one line, and short enough
#: for the document properties and the page header that print it.
NAME_LENGTH = 100
#: A one-line entry such as a venue, a team or a provider.
LINE_LENGTH = 200
#: A free-text section of a record (views, notes): long, but bounded.
SECTION_LENGTH = 100_000
#: A local ID (case number): as the case management system writes it.
LOCAL_ID_LENGTH = 50

_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
_LINE_BREAKS = re.compile("[\r\n\t\u2028\u2029]")
_LOCAL_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9 ./_-]*")


def illegal_character(value: str) -> str | None:
    """The first character no document or export can carry, described, or None."""
    found = _ILLEGAL.search(value)
    if found is None:
        return None
    code = ord(found.group())
    if 0xD800 <= code <= 0xDFFF:
        return f"a broken character (U+{code:04X}, half of a pair)"
    return f"an invisible control character (U+{code:04X})"


def without_illegal_characters(value: str) -> str:
    """The text with every character no document can carry taken out."""
    return _ILLEGAL.sub("", value)


def text_problem(field: str, what: str, value: str, *, max_length: int,
                 multiline: bool = False) -> FieldError | None:
    """Why `value` cannot be kept as `what`, or None: characters first, then length."""
    bad = illegal_character(value)
    if bad is not None:
        return FieldError(field, f"{what} contains {bad}: retype it or paste it as plain text.")
    if not multiline and _LINE_BREAKS.search(value.strip()):
        return FieldError(field, f"{what} must be on one line.")
    if len(value) > max_length:
        return FieldError(field, f"{what} is {len(value):,} characters long; the most is "
                                 f"{max_length:,}.")
    return None


def local_id_problem(field: str, value: str) -> FieldError | None:
    """A case number: letters and digits first, then also spaces, '.', '/', '_' and '-'."""
    value = value.strip()
    if not value:
        return None
    if len(value) > LOCAL_ID_LENGTH:
        return FieldError(field, f"The child's ID is {len(value)} characters long; the most is "
                                 f"{LOCAL_ID_LENGTH}.")
    if not _LOCAL_ID.fullmatch(value):
        return FieldError(field, "The child's ID may hold letters, digits, spaces and . / _ - "
                                 "and must begin with a letter or a digit.")
    return None


def found(*problems: FieldError | None) -> list[FieldError]:
    """The problems found, dropping the None of every field that was fine."""
    return [p for p in problems if p is not None]


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")
_PLAIN_NUMBER = re.compile(r"[+-]?\d+(\.\d+)?%?")


def spreadsheet_safe(value: object) -> object:
    """Text as a spreadsheet must show it, never run it (OWASP's advice on CSV injection):
    text that would start a formula gets a leading apostrophe; numbers stay numbers."""
    if (isinstance(value, str) and value.startswith(_FORMULA_START)
            and not _PLAIN_NUMBER.fullmatch(value)):
        return "'" + value
    return value
