"""Text as the search index sees it, the same for indexing and for queries on both engines.

Folding: case, diacritics ("Björk" ~ "bjork", "Östermalm" ~ "ostermalm"), the letters
Unicode does not decompose ("ø", "æ", "ß", ...) and apostrophes ("What's" ~ "whats").
Tokens: runs of letters and digits, so punctuation separates ("AC/DC" -> "ac", "dc"). Text
of symbols only (the band "!!!") has no letters to find it by, so it becomes one token
naming its symbols ("sym212121").
Compact forms join a value's tokens ("acdc", catalogue number "SK-032" -> "sk032", barcode
"7 27361 62652 5" -> "727361626525"), so a query written with or without spaces and dashes
finds it.
"""

from __future__ import annotations

import functools
import re
import sys
import unicodedata
from collections.abc import Callable, Iterable

# The folds beyond Unicode's decomposition (NFKD) and dropping combining marks: ``fold`` is
# NFKD of the case-folded text, without combining marks, translated with these.
EXTRA_FOLDS = str.maketrans(
    {
        "ø": "o",
        "æ": "ae",
        "œ": "oe",
        "ß": "ss",
        "đ": "d",
        "ð": "d",
        "ł": "l",
        "þ": "th",
        "ı": "i",
        # Apostrophes join: "What's" is "whats", "Don’t" is "dont".
        "'": "",
        "’": "",
        "ʼ": "",
    }
)
_TOKEN = re.compile(r"[^\W_]+")
MAX_TOKEN_LENGTH = 64


@functools.cache
def _combining_marks() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """Runs of combining characters (canonical combining class above 0) of this Python's
    Unicode tables: those of the Basic Multilingual Plane, and the others. Built once per
    process (~0.2 s), on the first text that is not ASCII.

    Two patterns, each a class of single characters: ``re`` tests such a class of BMP
    characters with one bitmap lookup (2 us for 120 characters of text), but walks a class
    that has ranges or characters beyond the BMP one entry at a time (16-115 us)."""
    basic: list[str] = []
    beyond: list[str] = []
    for code in range(sys.maxunicode + 1):
        if unicodedata.combining(chr(code)):
            (basic if code <= 0xFFFF else beyond).append(chr(code))
    return _class_of(basic), _class_of(beyond)


def _class_of(characters: list[str]) -> re.Pattern[str]:
    return re.compile(f"[{re.escape(''.join(characters))}]+")


_BEYOND_BMP = re.compile("[\U00010000-\U0010ffff]")
# The folds above that apply to ASCII text: all of them drop a character.
_ASCII_DROPS = tuple(chr(c) for c, to in EXTRA_FOLDS.items() if c < 128)
assert all(EXTRA_FOLDS[ord(c)] == "" for c in _ASCII_DROPS)
# The folds one at a time: str.translate looks every character up in a dict (20 us for 120
# characters), a replace runs only for a letter that is there. Their outputs are ASCII
# letters that no fold replaces again, so the order does not matter.
_FOLD_PAIRS = tuple((chr(c), to) for c, to in EXTRA_FOLDS.items())


def fold(text: str) -> str:
    """Lower case, without diacritics."""
    if text.isascii():
        # Most catalogue text. Nothing to decompose, and the general path below costs
        # half of an import's conversion time (measured on synthetic releases).
        folded = text.lower()
        for drop in _ASCII_DROPS:
            if drop in folded:
                folded = folded.replace(drop, "")
        return folded
    return _without_marks(_decomposed(text))


def _decomposed(text: str) -> str:
    """NFKD of the case-folded text, with ``EXTRA_FOLDS`` applied: neither their letters nor
    their replacements are combining marks, so dropping the marks before or after is alike."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    for letter, replacement in _FOLD_PAIRS:
        if letter in decomposed:
            decomposed = decomposed.replace(letter, replacement)
    return decomposed


def _without_marks(decomposed: str) -> str:
    basic, beyond = _combining_marks()
    folded = basic.sub("", decomposed)
    if _BEYOND_BMP.search(folded):
        folded = beyond.sub("", folded)
    return folded


def tokens(text: str) -> list[str]:
    folded, spaced = _folded_or_spaced(text)
    if spaced:
        if found := folded.split():
            if max(map(len, found)) > MAX_TOKEN_LENGTH:
                return [t[:MAX_TOKEN_LENGTH] for t in found]
            return found
        folded = fold(text)  # no letter or digit: the symbols are named from the fold
    found = [t[:MAX_TOKEN_LENGTH] for t in _TOKEN.findall(folded)]
    if not found and (symbols := "".join(folded.split())):
        found = [symbol_token(symbols)]
    return found


def symbol_token(symbols: str) -> str:
    """A token of letters and digits only (no engine reads it as an operator) for text
    without any: its code points in hex."""
    return ("sym" + "".join(f"{ord(c):x}" for c in symbols))[:MAX_TOKEN_LENGTH]


def with_compact(text: str) -> list[str]:
    """The value's tokens, plus all of them joined when there are several."""
    found = tokens(text)
    if len(found) > 1:
        found.append("".join(found)[:MAX_TOKEN_LENGTH])
    return found


def field_text(values: Iterable[str], *, compact: bool = False) -> str:
    """What one index field holds: the distinct tokens of its values, space-separated."""
    if _compiled_field_text is not None:
        return _compiled_field_text(values, compact)
    return python_field_text(values, compact=compact)


def python_field_text(values: Iterable[str], *, compact: bool = False) -> str:
    """``field_text`` in Python: the reference of ``native``, and what runs without it."""
    present = [value for value in values if value]
    if not compact and len(present) > 1:
        joined = _joined_tokens(present)
        if joined is not None:
            return joined
    seen: dict[str, None] = {}
    for value in present:
        seen.update(dict.fromkeys(with_compact(value) if compact else tokens(value)))
    return " ".join(seen)


# Folding and tokenising are per character, so the values of a field can be folded and split
# in one pass with a separator between them that is neither a token character nor catalogue
# text (XML cannot hold NUL). One pass instead of one per value: a release's track titles and
# credits are dozens of values, and this was a third of an import's conversion time.
_SEPARATOR = "\x00"
_TOKEN_OR_SEPARATOR = re.compile(r"[^\W_]+|\x00")


def _joined_tokens(values: list[str]) -> str | None:
    """``field_text`` of several values in one pass; None when a value needs the per-value
    rules (it has no token at all, or a token past the length bound)."""
    folded, spaced = _folded_or_spaced(_SEPARATOR.join(values))
    if spaced:
        # A value without tokens shows as two separators with only spaces between them.
        if _SEPARATOR * 2 in _SEPARATOR + folded.replace(" ", "") + _SEPARATOR:
            return None
        distinct = dict.fromkeys(folded.replace(_SEPARATOR, " ").split())
        if max(map(len, distinct)) > MAX_TOKEN_LENGTH:
            return None
        return " ".join(distinct)
    found = _TOKEN_OR_SEPARATOR.findall(folded + _SEPARATOR)
    # A value without tokens shows as a separator first or right after another one.
    if found[0] == _SEPARATOR or _SEPARATOR * 2 in "".join(found):
        return None
    distinct = dict.fromkeys(found)
    del distinct[_SEPARATOR]
    if max(map(len, distinct)) > MAX_TOKEN_LENGTH:
        return None
    return " ".join(distinct)


# Text whose fold is ASCII (nearly all catalogue text, and most of what is not ASCII: "Zoë",
# "Straße") is tokenised by bytes.translate and str.split instead of the regular expressions
# above, which test every character against Unicode's tables: 6.7 against 12.5 us for a
# field of eleven track titles with three accented letters, 4.2 against 7.7 us without them.
# Letters and digits are kept (lowered, for text that is ASCII to begin with), separators
# too, every other byte is a space and apostrophes go (EXTRA_FOLDS).
_LOWERED_WORDS = (
    bytes(ord(chr(c).lower()) if chr(c).isalnum() else c if c == 0 else 0x20 for c in range(128))
    + b" " * 128
)
_WORDS = bytes(c if chr(c).isalnum() or c == 0 else 0x20 for c in range(128)) + b" " * 128
_APOSTROPHE = b"'"


@functools.cache
def _not_ascii_nor_mark() -> re.Pattern[str]:
    """Any character but ASCII and the combining marks of the BMP (one bitmap lookup each)."""
    basic, _beyond = _combining_marks()
    return re.compile("[^\x00-\x7f" + basic.pattern[1:-2] + "]")


def _folded_or_spaced(text: str) -> tuple[str, bool]:
    """``fold(text)`` and False; or, when the fold is ASCII, the fold with every character
    but letters, digits and NUL as a space, and True. NFKD text of ASCII and combining marks
    only folds to its ASCII characters once the marks go (``EXTRA_FOLDS`` are applied before,
    their replacements being ASCII letters or nothing). NFKD may leave capitals (U+210C,
    black-letter H, gives "H"), which ``fold`` keeps, and so does this. Text is decomposed
    once either way: most text that is not ASCII folds to ASCII or is in another script."""
    if text.isascii():
        return text.encode().translate(_LOWERED_WORDS, _APOSTROPHE).decode(), True
    decomposed = _decomposed(text)
    if _not_ascii_nor_mark().search(decomposed) is not None:
        return _without_marks(decomposed), False
    return decomposed.encode("ascii", "ignore").translate(_WORDS).decode(), True


def folded_character(character: str) -> bytes:
    """One character's fold as tokens are read from it, in UTF-8: its letters and digits
    (what ``_TOKEN`` takes), a space for anything else, nothing for what folding drops
    ("é" -> b"e", "ﬁ" -> b"fi", "½" -> b"1 2", "Ж" -> "ж" in UTF-8, U+2019 -> b"").

    A value's fold is its characters' folds in turn: case folding and NFKD work a character
    at a time, and canonical reordering only moves combining marks, which the fold drops. So
    a value's tokens are the words of its characters' folds, each cut to MAX_TOKEN_LENGTH
    (unless it has none: ``tokens`` names its symbols), and the compiled text
    (search/native.pyx) reads values through a table of these."""
    folded = _without_marks(_decomposed(character))
    return "".join(c if c.isalnum() else " " for c in folded).encode()


# Built by setup.py where a compiler was found (search/native.pyx): the same text,
# folded and split in C. Imported last, as it reads this module's rules.
_compiled_field_text: Callable[[Iterable[str], bool], str] | None
try:
    from discogs_service.search.native import field_text as _compiled_field_text
except ImportError:  # pragma: no cover - a build without a compiler
    _compiled_field_text = None
