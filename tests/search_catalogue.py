"""A purpose-made catalogue for the search tests: a few dozen records whose names need folding
("Björk", "Motörhead", "Östermalm"), punctuation ("AC/DC", ``"Heroes"``, "!!!"), catalogue
numbers and barcodes written with spaces and dashes, words that are FTS operators ("Near",
"Not", "And"), and near misses for ranking (an Oasis track "Don't Look Back In Anger" beside
AC/DC's "Back In Black").

The records are described in Python below and written as dump files (2020-era layout, one
record per line, monthly names) by ``write_catalogue``; ``tests/conftest.py`` imports them into
a database of each engine once per session (``search_storage``) and serves it
(``search_server``, ``find``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

DATE = "20240101"

# -- records ------------------------------------------------------------------------------------

ARTISTS: dict[int, tuple[str, str, tuple[str, ...]]] = {
    # id: (name, realname, name variations)
    10: ("AC/DC", "", ("AC / DC",)),
    11: ("Björk", "Björk Guðmundsdóttir", ("Björk Gudmundsdottir",)),
    12: ("Motörhead", "", ("Motorhead",)),
    13: ("Sigur Rós", "", ()),
    14: ("Oasis", "", ("Oasis (2)",)),
    15: ("David Bowie", "David Robert Jones", ("Bowie",)),
    16: ('Robert John "Mutt" Lange', "Robert John Lange", ("Mutt Lange", "R.J. Lange")),
    17: ("Kungsholmen Kollektiv", "", ()),
    18: ("Tangerine Dream", "", ()),
    19: ("!!!", "", ("Chk Chk Chk",)),
    60: ("Brian Eno", "Brian Peter George Eno", ("Eno",)),
}

LABELS: dict[int, str] = {
    20: "Atlantic",
    21: "Östermalm Records",
    22: "One Little Indian",
    23: "Bronze",
    24: "Creation Records",
    25: "RCA",
    26: "Smekkleysa",
    27: "Varèse Sarabande",
    28: "Warp Records",
    29: "Albert Productions",
    61: "Epic",
}


@dataclass
class Release:
    id: int
    artists: Sequence[tuple[int, str, str]]  # (id, name, anv)
    title: str
    labels: Sequence[tuple[int, str]]  # (label id, catno)
    formats: Sequence[tuple[str, str, Sequence[str]]]  # (name, qty, descriptions)
    genres: Sequence[str]
    styles: Sequence[str]
    tracks: Sequence[str]
    country: str = ""
    released: str = ""
    master: tuple[int, bool] | None = None  # (master id, is the main release)
    credits: Sequence[tuple[int, str, str]] = ()  # (artist id, name, role)
    identifiers: Sequence[tuple[str, str]] = ()  # (type, value)
    track_credits: dict[int, Sequence[tuple[int, str, str]]] = field(default_factory=dict)


LP = ("Vinyl", "1", ("LP", "Album"))
CD = ("CD", "1", ("Album",))

RELEASES = [
    Release(
        40,
        [(10, "AC/DC", "")],
        "Back In Black",
        [(20, "SD 16018")],
        [LP],
        ["Rock"],
        ["Hard Rock"],
        [
            "Hells Bells",
            "Shoot To Thrill",
            "What Do You Do For Money Honey",
            "Givin The Dog A Bone",
            "Let Me Put My Love Into You",
            "Back In Black",
            "You Shook Me All Night Long",
            "Have A Drink On Me",
            "Shake A Leg",
            "Rock And Roll Ain't Noise Pollution",
        ],
        country="US",
        released="1980-07-25",
        master=(30, True),
        credits=[(16, 'Robert John "Mutt" Lange', "Producer")],
    ),
    Release(
        41,
        [(10, "AC/DC", "")],
        "Back In Black",
        [(61, "510765 2"), (29, "ALB-001")],
        [("CD", "1", ("Album", "Reissue", "Remastered"))],
        ["Rock"],
        ["Hard Rock"],
        ["Hells Bells", "Back In Black", "You Shook Me All Night Long"],
        country="Europe",
        released="2003",
        master=(30, False),
        identifiers=[("Barcode", "5 099751 076520"), ("Matrix / Runout", "510765 2 01")],
    ),
    Release(
        42,
        [(11, "Björk", "")],
        "Homogenic",
        [(22, "TPLP71CD")],
        [CD],
        ["Electronic"],
        ["Trip Hop", "Experimental"],
        ["Hunter", "Jóga", "Unravel", "Bachelorette", "All Is Full Of Love"],
        country="UK",
        released="1997-09-22",
        master=(31, True),
        identifiers=[("Barcode", "5-016958-031320")],
    ),
    Release(
        43,
        [(11, "Björk", "Bjørk")],
        "Debut",
        [(22, "TPLP 31")],
        [LP],
        ["Electronic", "Pop"],
        ["Downtempo"],
        ["Human Behaviour", "Venus As A Boy", "Big Time Sensuality"],
        country="UK",
        released="1993-07-05",
    ),
    Release(
        44,
        [(13, "Sigur Rós", "")],
        "Ágætis Byrjun",
        [(26, "SM 79 CD")],
        [CD],
        ["Rock"],
        ["Post Rock"],
        ["Svefn-G-Englar", "Starálfur", "Olsen Olsen"],
        country="Iceland",
        released="1999-06-12",
    ),
    Release(
        45,
        [(14, "Oasis (2)", "Oasis")],
        "(What's The Story) Morning Glory?",
        [(24, "CRECD 189")],
        [CD],
        ["Rock"],
        ["Britpop"],
        ["Wonderwall", "Don't Look Back In Anger", "Champagne Supernova"],
        country="UK",
        released="1995-10-02",
        master=(32, True),
        identifiers=[("Barcode", "5 017556 601891")],
    ),
    Release(
        46,
        [(15, "David Bowie", "")],
        '"Heroes"',
        [(25, "PL 12522")],
        [LP],
        ["Rock"],
        ["Art Rock"],
        ["Beauty And The Beast", "Joe The Lion", '"Heroes"', "V-2 Schneider", "Neuköln"],
        country="UK",
        released="1977-10-14",
        credits=[(60, "Brian Eno", "Synthesizer")],
    ),
    Release(
        47,
        [(12, "Motörhead", "")],
        "Ace Of Spades",
        [(23, "BRON 531")],
        [LP],
        ["Rock"],
        ["Heavy Metal"],
        ["Ace Of Spades", "Love Me Like A Reptile", "The Chase Is Better Than The Catch"],
        country="UK",
        released="1980-11-08",
    ),
    Release(
        48,
        [(17, "Kungsholmen Kollektiv", "")],
        "Östermalm",
        [(21, "ÖST-001")],
        [("Vinyl", "1", ('12"', "33 ⅓ RPM"))],
        ["Electronic"],
        ["Deep House"],
        ["Östermalm (Dub)", "Södermalm"],
        country="Sweden",
        released="2001",
    ),
    Release(
        49,
        [(18, "Tangerine Dream", "")],
        "Near Dark",
        [(27, "VSD-5945")],
        [CD],
        ["Stage & Screen"],
        ["Soundtrack"],
        ["Caleb's Blues", "Pick-Up At High Noon", "Not And Or"],
        country="US",
        released="1987",
    ),
    Release(
        50,
        [(19, "!!!", "")],
        "Myth Takes",
        [(28, "WARPCD153")],
        [CD],
        ["Electronic", "Rock"],
        ["Dance-punk"],
        ["Myth Takes", "All My Heroes Are Weirdos"],
        country="UK",
        released="2007-03-05",
    ),
    Release(
        51,
        [(15, "David Bowie", "Bowie")],
        "Untitled Demo",
        [(25, "none")],
        [("CDr", "1", ())],
        ["Rock"],
        [],
        ["Demo 1"],
    ),
]

MASTERS: dict[int, tuple[int, int, str, str, Sequence[str], Sequence[str]]] = {
    # id: (main release, artist id, title, year, genres, styles)
    30: (40, 10, "Back In Black", "1980", ["Rock"], ["Hard Rock"]),
    31: (42, 11, "Homogenic", "1997", ["Electronic"], ["Trip Hop", "Experimental"]),
    32: (45, 14, "(What's The Story) Morning Glory?", "1995", ["Rock"], ["Britpop"]),
}


# -- dump files ---------------------------------------------------------------------------------


def _credit(artist_id: int, name: str, anv: str = "", role: str = "") -> str:
    return (
        f"<artist><id>{artist_id}</id><name>{escape(name)}</name><anv>{escape(anv)}</anv>"
        f"<join></join><role>{escape(role)}</role><tracks/></artist>"
    )


def _elements(tag: str, values: Sequence[str]) -> str:
    inner = "".join(f"<{tag[:-1]}>{escape(v)}</{tag[:-1]}>" for v in values)
    return f"<{tag}>{inner}</{tag}>"


def release_xml(r: Release) -> str:
    labels = "".join(
        f"<label name={quoteattr(LABELS[lid])} catno={quoteattr(catno)} id={quoteattr(str(lid))}/>"
        for lid, catno in r.labels
    )
    formats = "".join(
        f"<format name={quoteattr(name)} qty={quoteattr(qty)} text=''>"
        f"{_elements('descriptions', descriptions)}</format>"
        for name, qty, descriptions in r.formats
    )
    tracks = "".join(
        f"<track><position>{n}</position><title>{escape(title)}</title><duration>3:00</duration>"
        + (
            "<extraartists>"
            + "".join(_credit(a, name, role=role) for a, name, role in r.track_credits[n])
            + "</extraartists>"
            if n in r.track_credits
            else ""
        )
        + "</track>"
        for n, title in enumerate(r.tracks, 1)
    )
    master = ""
    if r.master:
        main = "true" if r.master[1] else "false"
        master = f'<master_id is_main_release="{main}">{r.master[0]}</master_id>'
    identifiers = "".join(
        f"<identifier type={quoteattr(kind)} value={quoteattr(value)}/>"
        for kind, value in r.identifiers
    )
    return (
        f'<release id="{r.id}" status="Accepted"><artists>'
        + "".join(_credit(a, name, anv) for a, name, anv in r.artists)
        + f"</artists><title>{escape(r.title)}</title><labels>{labels}</labels><extraartists>"
        + "".join(_credit(a, name, role=role) for a, name, role in r.credits)
        + f"</extraartists><formats>{formats}</formats>{_elements('genres', r.genres)}"
        + _elements("styles", r.styles)
        + (f"<country>{escape(r.country)}</country>" if r.country else "")
        + (f"<released>{r.released}</released>" if r.released else "")
        + f"<data_quality>Correct</data_quality>{master}<tracklist>{tracks}</tracklist>"
        + f"<identifiers>{identifiers}</identifiers><videos></videos><companies></companies>"
        + "</release>"
    )


def artist_xml(artist_id: int) -> str:
    name, realname, variations = ARTISTS[artist_id]
    return (
        f"<artist><id>{artist_id}</id><name>{escape(name)}</name>"
        + (f"<realname>{escape(realname)}</realname>" if realname else "")
        + "<profile/><data_quality>Correct</data_quality>"
        + (_elements("namevariations", variations).replace("namevariation>", "name>"))
        + "</artist>"
    )


def label_xml(label_id: int) -> str:
    return (
        f"<label><id>{label_id}</id><name>{escape(LABELS[label_id])}</name><profile/>"
        "<data_quality>Correct</data_quality></label>"
    )


def master_xml(master_id: int) -> str:
    main, artist_id, title, year, genres, styles = MASTERS[master_id]
    return (
        f'<master id="{master_id}"><main_release>{main}</main_release><artists>'
        + _credit(artist_id, ARTISTS[artist_id][0])
        + f"</artists>{_elements('genres', genres)}{_elements('styles', styles)}"
        + f"<year>{year}</year><title>{escape(title)}</title>"
        + "<data_quality>Correct</data_quality></master>"
    )


def write_dump(directory: Path, kind: str, records: Sequence[str], date: str = DATE) -> Path:
    path = directory / f"discogs_{date}_{kind}.xml"
    path.write_text(f"<{kind}>\n" + "".join(r + "\n" for r in records) + f"</{kind}>\n", "utf-8")
    return path


def write_catalogue(directory: Path) -> list[Path]:
    directory.mkdir(parents=True, exist_ok=True)
    return [
        write_dump(directory, "artists", [artist_xml(i) for i in ARTISTS]),
        write_dump(directory, "labels", [label_xml(i) for i in LABELS]),
        write_dump(directory, "releases", [release_xml(r) for r in RELEASES]),
        write_dump(directory, "masters", [master_xml(i) for i in MASTERS]),
    ]
