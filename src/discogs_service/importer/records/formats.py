"""Derived release fields the dump does not carry: format strings, quantity, dates, year.

The listing format string is how discogs.com and the API's artist/label release lists print a
release's formats: ``2xCD, Comp, Mixed``, ``10x12", Ltd, Red``, ``Cass, Mixed, Promo, C90``.
A vinyl record is named by its size or type (12", LP); descriptions are abbreviated; several
formats are joined with " + ".
"""

from __future__ import annotations

from typing import Any

_NAME_ABBREVIATIONS = {
    "Cassette": "Cass",
    "Box Set": "Box",
    "Minidisc": "MD",
    "Reel-To-Reel": "Reel",
    "8-Track Cartridge": "8-Trk",
    "Floppy Disk": "Floppy",
    "Lathe Cut": "Lathe",
    "Flexi-disc": "Flexi",
}

_DESCRIPTION_ABBREVIATIONS = {
    "Compilation": "Comp",
    "Limited Edition": "Ltd",
    "Reissue": "RE",
    "Remastered": "RM",
    "Repress": "RP",
    "Partially Mixed": "P/Mixed",
    "Partially Unofficial": "P/Unofficial",
    "Unofficial Release": "Unofficial",
    "Numbered": "Num",
    "Special Edition": "S/Edition",
    "Test Pressing": "TP",
    "White Label": "W/Lbl",
    "Enhanced": "Enh",
    "Picture Disc": "Pic",
    "Single Sided": "S/Sided",
    "Sampler": "Smplr",
    "Club Edition": "Club",
    "Deluxe Edition": "Dlx",
    "Copy Protected": "Copy Prot.",
    "Etched": "Etch",
    "Jukebox": "Juke",
    "Maxi-Single": "Maxi",
    "Mini-Album": "MiniAlbum",
    "Quadraphonic": "Quad",
    "Card Backed": "Card",
    "Mispress": "Mispress",
}

# Descriptions that name a vinyl record better than "Vinyl" does.
_VINYL_HEADS = frozenset(
    ["LP", '12"', '10"', '7"', '11"', '9"', '8"', '6"', '5"', '16"', '3"', '4"', "78 RPM"]
)

# Containers and downloads: not counted in format_quantity (release 9536040, Box Set + 10xCD,
# has format_quantity 10; a 9-file digital release has 0).
_NOT_COUNTED = frozenset({"Box Set", "File", "All Media"})
_MAX_QUANTITY = 2**31 - 1

_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def quantity(qty: str) -> int:
    """A format's quantity as a number: 0 when it is not one, capped at 2**31-1 (one real
    release has a 64-digit quantity)."""
    qty = qty.strip()
    if not qty.isdigit() or not qty.isascii():
        return 0
    digits = qty.lstrip("0")
    if len(digits) > 10:  # more than 2**31-1 for sure; int() of it could even raise
        return _MAX_QUANTITY
    return min(int(digits or "0"), _MAX_QUANTITY)


def format_quantity(formats: list[dict[str, Any]]) -> int:
    total = sum(quantity(f["qty"]) for f in formats if f["name"] not in _NOT_COUNTED)
    return min(total, _MAX_QUANTITY)


def listing_format(formats: list[dict[str, Any]]) -> str:
    return " + ".join(_one_listing_format(f) for f in formats)


def _one_listing_format(fmt: dict[str, Any]) -> str:
    descriptions = [_DESCRIPTION_ABBREVIATIONS.get(d, d) for d in fmt["descriptions"]]
    name = fmt["name"]
    if name == "Vinyl" and descriptions and descriptions[0] in _VINYL_HEADS:
        head = descriptions.pop(0)
    else:
        head = _NAME_ABBREVIATIONS.get(name, name)
    count = quantity(fmt["qty"])
    if count > 1:
        head = f"{count}x{head}"
    tokens = [head, *descriptions]
    if fmt.get("text"):
        tokens.append(fmt["text"])
    return ", ".join(tokens)


def version_format(formats: list[dict[str, Any]]) -> str:
    """A master version's ``format``: its descriptions, unabbreviated ("12\", 33 ⅓ RPM")."""
    return ", ".join(d for f in formats for d in f["descriptions"])


def major_formats(formats: list[dict[str, Any]]) -> list[str]:
    return list(dict.fromkeys(f["name"] for f in formats if f["name"]))


def facet_formats(formats: list[dict[str, Any]]) -> list[str]:
    values = dict.fromkeys(f["name"] for f in formats if f["name"])
    values.update(dict.fromkeys(d for f in formats for d in f["descriptions"] if d))
    return list(values)


def release_year(released: str) -> int:
    """Leading four digits of ``released`` ("1999-03-00" -> 1999); 0 when unknown."""
    head = released[:4]
    if len(head) == 4 and head.isdigit() and head.isascii() and head != "0000":
        return int(head)
    return 0


def released_formatted(released: str) -> str:
    """ "1997" -> "1997", "2006-11-14" -> "14 Nov 2006", "1999-03-00" -> "Mar 1999"."""
    parts = released.split("-")
    if not all(p.isdigit() and p.isascii() for p in parts):
        return released
    if len(parts) == 1 or (len(parts) == 3 and parts[1] in ("00", "0")):
        return parts[0]
    if len(parts) != 3:
        return released
    year, month, day = parts[0], int(parts[1]), int(parts[2])
    if not 1 <= month <= 12:
        return year
    if day == 0:
        return f"{_MONTHS[month - 1]} {year}"
    if day > 31:
        return f"{_MONTHS[month - 1]} {year}"
    return f"{day:02d} {_MONTHS[month - 1]} {year}"
