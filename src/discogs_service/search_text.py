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

import re
import unicodedata
from collections.abc import Iterable

_EXTRA_FOLDS = str.maketrans(
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


# The combining marks of Latin letters, dropped in one pass before the general (slower) test
# of each remaining character.
_LATIN_DIACRITICS = re.compile(
    "[" + "".join(c for c in map(chr, range(0x300, 0x370)) if unicodedata.combining(c)) + "]+"
)
# The folds above that apply to ASCII text: all of them drop a character.
_ASCII_DROPS = tuple(chr(c) for c, to in _EXTRA_FOLDS.items() if c < 128)
assert all(_EXTRA_FOLDS[ord(c)] == "" for c in _ASCII_DROPS)


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
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    folded = _LATIN_DIACRITICS.sub("", decomposed).translate(_EXTRA_FOLDS)
    if folded.isascii():
        return folded
    return "".join(c for c in folded if not unicodedata.combining(c))


def tokens(text: str) -> list[str]:
    folded = fold(text)
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
    seen: dict[str, None] = {}
    for value in values:
        if value:
            seen.update(dict.fromkeys(with_compact(value) if compact else tokens(value)))
    return " ".join(seen)
