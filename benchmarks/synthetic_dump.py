"""Write a synthetic Discogs monthly dump: releases, plus smaller matching artists, labels
and masters files, in the raw XML layout of the real dumps (2025 shape).

    .venv/bin/python benchmarks/synthetic_dump.py --releases 1000000
    .venv/bin/python benchmarks/synthetic_dump.py --releases 20000 --kinds releases --no-gzip

writes ``benchmarks/out/dumps/1000000-seed1/discogs_20260101_{releases,artists,labels,masters}
.xml.gz`` (files already there from the same arguments are reused; ``--force`` rewrites).

The layout is the raw one (see /work/shared/reference/dump-format.md): no XML declaration,
the root element on the first line, then one record per line (``<release id=".."
status="Accepted">...</release>``), text with raw newlines and ``&#13;`` inside, empty
children omitted, unlinked credits without ``<id>``.

Shapes follow the 1,000-release 2020-08 excerpt (means there: 9 tracks, 4 release credits,
5 track credits, 1.7 identifiers, 1.7 companies, 2.3 videos, notes on 64 %; a master on ~60 %
of releases, a quarter of those its main release). The rendered API documents come out at
1-30 KB: ~75 % at 2-6 KB, median ~3.0 KB, p90 ~6.3 KB, p99 ~19 KB, none above ~27 KB (the
real excerpt: median 3.5 KB, p90 8.5 KB, p99 20 KB, a few beyond 30 KB). Tracklists have
vinyl sides, CD discs, headings and index tracks with sub-tracks; release and track credits
carry roles and track ranges, 1.5 % of them unlinked; labels carry catalogue numbers, 6 % of
releases a series; formats carry descriptions; notes carry Discogs markup.

Everything is a function of ``--seed`` and the counts: the same arguments give the same
bytes, whatever ``--jobs``. Release ids rise with gaps (``release_id(k)``); a master's
releases, its main release and its artists are derived from a permutation, and names from
hashed ids, so the four files agree with each other without any state: memory stays
constant whatever ``--releases`` is (~70 MB). Speed: ~6,000 releases/s per core; a million
releases (3.4 GB of XML, 0.74 GB gzipped at the default level 1) take 2-4 minutes with two
cores.
"""

from __future__ import annotations

import argparse
import gzip
import json
import math
import multiprocessing
import os
import random
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import IO

GENERATOR_VERSION = 3  # bump when the output changes, so cached files are regenerated
DEFAULT_OUT = Path(__file__).resolve().parent / "out" / "dumps"
DEFAULT_DATE = "20260101"
KINDS = ("releases", "artists", "labels", "masters")


# -- vocabulary (already XML-escaped) ------------------------------------------------------


def _split(text: str, separator: str | None = None) -> tuple[str, ...]:
    return tuple(part.strip() for part in text.split(separator) if part.strip())


_FIRST = _split(
    "John Paul George Ringo Alan Martin Dave Andrew Vince Daniel Mark Steve Peter Phil Dennis "
    "Dick Daryl Ricky Anton François Jesper Carl Derrick Juan Kevin Laurent Sven Marcel Jeff "
    "Richie Ken Tom Maria Anna Sophie Lisa Julia Emma Nina Kate Sarah Laura Claire Björk Chloé "
    "Zoë José Jürgen Søren Ákos Miguel Hiroshi Yuki Kenji Olga Ivan Dmitri Pierre Hans Karl "
    "Giorgio Luca Marco Ahmed Fatima Kwame Ade Tony Lee Sam Chris Alex Jamie Robin Charlie"
)
_LAST = _split(
    "Gore Wilder Fletcher Gahan Clarke Miller Flood Browne Meaney Flannery Corbijn Lyon Legg "
    "Hotoda Mitchell Iversen Gregorie Kevorkian Dahlbäck Craig May Saunderson Atkins Garnier "
    "Villalobos Mills Hawtin Shima Smith Jones Brown Taylor Wilson Davies Evans Thomas Johnson "
    "Roberts Walker Wright Robinson Thompson White Hughes Edwards Green Hall Wood Harris Martin "
    "Jackson Clark Müller Schmidt Schneider Fischer Weber Meyer Wagner Becker Schulz Hoffmann "
    "Dupont Durand Lefèvre Moreau Rossi Russo Ferrari Esposito García Fernández López Martínez "
    "Sánchez Pérez Kowalski Nowak Novák Svoboda Nielsen Jensen Hansen Andersson Johansson Tanaka"
)
_WORDS = _split(
    "Love Night Dream Light Dark Heart Soul Fire Rain Sun Moon Star Sky Sea River Road City "
    "Dance Time World Life Blue Red Black White Gold Silver Electric Cosmic Deep Lost Found "
    "Free Wild Sweet Cold Hot Slow Fast High Low New Old Young Last First Secret Silent Broken "
    "Golden Perfect Strange Sacred Hidden Eternal Midnight Morning Summer Winter Spring Autumn "
    "Violator Enjoy Silence Policy Truth Personal Jesus Halo Waiting Clean Blue Dress World "
    "Eyes Sweetest Perfection Machine Body Mind Signal Pulse Echo Shadow Mirror Garden Ocean "
    "Desert Forest Mountain Island Station Voyage Journey Return Rise Fall Motion Memory "
    "Wolken Lila Feuer Kreuzberg Meer Autoboy Straße Träume Nächte Liebe Herz Ciel Nuit Été "
    "Amour Cœur Sueño Corazón Noche Cielo Música Ritmo Fuego Tiempo Öl Ünder Ærø Łódź "
    "Москва Ночь Любовь Звезда 東京 夜 愛 音楽 Rock&amp;Roll R&amp;B Drum&amp;Bass "
    "Part II III IV Remix Edit Mix Version Dub Instrumental Live Acoustic Extended Radio Club"
)
_BAND_NOUNS = _split(
    "Persuaders Machines Experience Collective Orchestra Ensemble Project Sound System Crew "
    "Brothers Sisters Kings Queens Lovers Ghosts Robots Satellites Pilots Dreamers Rebels "
    "Strangers Angels Wolves Tigers Birds Lions Ravens Trio Quartet Quintet Band Singers"
)
_LABEL_WORDS = _split(
    "Planet E|Mute|Sire|Reprise|Warp|Ninja Tune|Tresor|Kompakt|R&amp;S|Rough Trade|Factory|"
    "Creation|Island|Polydor|Virgin|Elektra|Atlantic|Motown|Blue Note|Verve|Impulse!|ECM|"
    "Deutsche Grammophon|Decca|Columbia|Epic|Capitol|Parlophone|Harvest|Chrysalis|Sub Pop|"
    "Matador|Domino|Beggars|4AD|XL|Hyperdub|Ostgut|Perlon|Cocoon|Drumcode|Minus|Transmat|"
    "Underground Resistance|Metroplex|KMS|Strictly Rhythm|Nervous|Defected|Azuli|Soma|Skint",
    "|",
)
_LABEL_SUFFIX = (
    *_split(
        "Records|Recordings|Music|Records|Schallplatten|Tonträger|Disques|Discos|Label|"
        "Productions|Entertainment|Ltd.|Inc.|GmbH|Audio",
        "|",
    ),
    "",
    "",
)
_GENRES = tuple(
    (genre, _split(styles, "|"))
    for genre, styles in (
        (
            "Electronic",
            "House|Techno|Deep House|Minimal|Trance|Ambient|Synth-pop|Electro|"
            "Drum n Bass|Breakbeat|Downtempo|Tech House|IDM",
        ),
        (
            "Rock",
            "Pop Rock|Alternative Rock|Indie Rock|Punk|Hard Rock|Prog Rock|"
            "Psychedelic Rock|New Wave|Post-Punk|Shoegaze|Garage Rock",
        ),
        ("Pop", "Europop|Ballad|Vocal|Chanson|Schlager|Synth-pop|Indie Pop"),
        ("Hip Hop", "Boom Bap|Conscious|Gangsta|Trap|Instrumental|Pop Rap"),
        ("Jazz", "Hard Bop|Bop|Free Jazz|Fusion|Soul-Jazz|Cool Jazz|Big Band"),
        ("Funk / Soul", "Soul|Funk|Disco|Rhythm &amp; Blues|Neo Soul|Boogie"),
        ("Classical", "Baroque|Romantic|Modern|Contemporary|Opera|Choral"),
        ("Folk, World, &amp; Country", "Folk|Country|Celtic|African|Latin|Fado"),
        ("Reggae", "Roots Reggae|Dub|Dancehall|Ska|Rocksteady|Lovers Rock"),
        ("Latin", "Salsa|Cumbia|Bossa Nova|Samba|Son|Tango|Merengue"),
        ("Blues", "Chicago Blues|Delta Blues|Electric Blues|Rhythm &amp; Blues"),
        ("Stage &amp; Screen", "Soundtrack|Score|Musical|Theme"),
    )
)
_COUNTRIES = _split(
    "US|UK|Germany|France|Japan|Netherlands|Italy|Canada|Europe|Spain|Sweden|Belgium|"
    "Australia|Brazil|Russia|Poland|Unknown|Worldwide|UK &amp; Europe|USA &amp; Canada|Mexico|"
    "Argentina|Greece",
    "|",
)
_QUALITY = (
    ("Needs Vote", 0.63),
    ("Correct", 0.35),
    ("Complete and Correct", 0.013),
    ("Needs Minor Changes", 0.006),
    ("Needs Major Changes", 0.001),
)
_CREDIT_ROLES = _split(
    "Producer|Producer [Produced By]|Mixed By|Written-By|Written-By, Producer|Engineer|"
    "Engineer [Assisted By]|Mastered By|Lacquer Cut By|Design|Artwork|Photography By|Remix|"
    "Co-producer|Arranged By|Composed By|Lyrics By|Music By|Vocals|Lead Vocals|Backing Vocals|"
    "Guitar|Bass|Drums|Keyboards|Synthesizer|Piano|Saxophone|Trumpet|Percussion|"
    "Programmed By|Recorded By|Executive-Producer|Liner Notes|Sleeve [Sleeve By]|"
    "Performer, Lead Vocals|Written By [All Songs Written By]|Featuring|Edited By|Management|"
    "A&amp;R|Other [Thanks]|Strings|Conductor",
    "|",
)
_TRACK_ROLES = _split(
    "Remix|Producer|Written-By|Featuring|Vocals|Mixed By|Co-producer|Written-By, Producer|"
    "Guitar|Bass|Drums|Keyboards|Edited By|Remix, Producer [Additional]|Lyrics By|Music By|"
    "Engineer",
    "|",
)
_JOINS = ("&amp;", ",", "Feat.", "Vs.", "And", "&amp;", "/", "With", "Presents")
_COMPANY_TYPES = tuple(
    tuple(pair.split(":"))
    for pair in _split(
        "21:Published By|13:Phonographic Copyright (p)|14:Copyright (c)|23:Recorded At|"
        "10:Manufactured By|8:Marketed By|9:Distributed By|29:Mastered At|17:Pressed By|"
        "27:Mixed At|6:Licensed From|31:Glass Mastered At|4:Record Company|19:Printed By|"
        "30:Lacquer Cut At|26:Produced At",
        "|",
    )
)
_HEADINGS = _split(
    "Side One|Side Two|CD 1|CD 2|Bonus Tracks|Part One|Part Two|Live At The Roundhouse|"
    "DJ Mix|Original Mixes|Remixes|Disc 1|Disc 2",
    "|",
)
_MARKUP = (
    "Recorded &amp; mixed at [l=Logic Studios], Milan.",
    "Mastered at [l=Dubplates &amp; Mastering], Berlin.",
    "[b]Limited to 500 copies.[/b]",
    "Track B2 is a remix of [r=10222].",
    "Thanks to [a=Carl Craig] and [a2725] for support.",
    "Distributed by [l2346] in Europe.",
    "[url=http://www.discogs.com/release/8823759]Long Box version[/url]",
    "Made In U.S.A. By WEA Manufacturing",
    "© 1990 Sire Records Company&#13;\n℗ 1989, 1990 Sire Records Company",
    "Printed sleeve with die-cut centre hole. Comes in a [i]shrink-wrap[/i] with hype sticker.",
    "All tracks written &amp; produced by the artist except A2 (with [a=Flood]).",
    "Catalogue number on spine: 9 26081-2. Barcode on back cover.",
    "Originally released in 1978. Remastered from the original analogue tapes.",
    "Some copies came with a poster. [b]Promo only[/b] - not for sale.",
)
_VIDEO_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
_SPARS = ("AAD", "ADD", "DDD")
_RIGHTS = _split("GEMA BIEM ASCAP BMI SACEM JASRAC STEMRA PRS MCPS")


# -- deterministic hashing and tables: ids -> names without state --------------------------

_MASK = (1 << 64) - 1
_NAME_TABLE = 1 << 16
_TITLE_TABLE = 1 << 15


def _mix(value: int) -> int:
    """splitmix64 finaliser: a well-spread 64-bit hash of ``value``."""
    value = (value + 0x9E3779B97F4A7C15) & _MASK
    value = ((value ^ (value >> 30)) * 0xBF58476D1CE4E5B9) & _MASK
    value = ((value ^ (value >> 27)) * 0x94D049BB133111EB) & _MASK
    return value ^ (value >> 31)


def release_id(k: int) -> int:
    """The id of the k-th release (0-based): rising, gaps of 1-2, ~62 % of the id range used."""
    return 1 + k + (k * 5) // 8


def _words(rnd: Callable[[], float], low: int, high: int) -> str:
    n = len(_WORDS)
    return " ".join(_WORDS[int(rnd() * n)] for _ in range(low + int(rnd() * (high - low + 1))))


class Tables:
    """Names, titles and catalogue numbers drawn once from the seed, then indexed by hashes:
    an id always gets the same name, in every file, without remembering anything."""

    def __init__(self, seed: int) -> None:
        rng = random.Random(_mix(seed ^ 0x7AB1E5))
        rnd = rng.random
        names = []
        for _ in range(_NAME_TABLE):
            kind = rnd()
            if kind < 0.6:  # a person
                names.append(f"{_FIRST[int(rnd() * len(_FIRST))]} {_LAST[int(rnd() * len(_LAST))]}")
            elif kind < 0.8:  # a group
                names.append(
                    f"The {_WORDS[int(rnd() * len(_WORDS))]} "
                    f"{_BAND_NOUNS[int(rnd() * len(_BAND_NOUNS))]}"
                )
            else:  # a project
                names.append(_words(rnd, 1, 3))
        self.artist_names = names
        labels = []
        for _ in range(_NAME_TABLE // 4):
            name = _LABEL_WORDS[int(rnd() * len(_LABEL_WORDS))]
            if rnd() < 0.3:
                name += " " + _WORDS[int(rnd() * len(_WORDS))]
            suffix = _LABEL_SUFFIX[int(rnd() * len(_LABEL_SUFFIX))]
            labels.append(f"{name} {suffix}" if suffix else name)
        self.label_names = labels
        self.titles = [_words(rnd, 1, 5) for _ in range(_TITLE_TABLE)]
        self.sentences = [_words(rnd, 4, 14) for _ in range(_TITLE_TABLE // 4)]
        self.catnos = [_catno(rnd) for _ in range(_TITLE_TABLE)]
        self.durations = [f"{m}:{s:02d}" for m in range(1, 10) for s in range(60)]
        self.first_names = _FIRST

    def artist(self, artist_id: int, salt: int) -> str:
        h = ((artist_id ^ salt) * 0x9E3779B97F4A7C15) & _MASK
        h ^= h >> 29
        name = self.artist_names[h & 0xFFFF]
        return name if (h >> 16) & 3 else f"{name} ({(h >> 18) % 40 + 2})"

    def label(self, label_id: int, salt: int) -> str:
        h = ((label_id ^ salt ^ 0x5A5A) * 0x9E3779B97F4A7C15) & _MASK
        h ^= h >> 29
        name = self.label_names[h & 0x3FFF]
        return name if (h >> 16) % 3 else f"{name} ({(h >> 18) % 60 + 2})"


def _catno(rnd: Callable[[], float]) -> str:
    style = rnd()
    number = int(rnd() * 9999)
    if style < 0.5:
        letters = "ABCDEFGHKLMNPRSTUVWXZ"
        prefix = "".join(letters[int(rnd() * len(letters))] for _ in range(2 + int(rnd() * 3)))
        return f"{prefix} {number:03d}"
    if style < 0.8:
        return f"{int(rnd() * 9) + 1} {number:05d}-{int(rnd() * 9) + 1}"
    if style < 0.95:
        return f"CD-{number:04d}"
    return "none"


# -- the shared plan: counts, seed, and the release <-> master permutation ------------------


@dataclass(frozen=True)
class Plan:
    """Counts and seed of a synthetic dump, and what follows from them alone.

    Release k (0-based) has id ``release_id(k)``. A permutation p of 0..N-1 decides masters:
    release k has master ``p(k) % masters + 1`` when ``p(k) < 0.6 N`` (~60 % of releases)
    and is that master's main release when ``p(k) < masters``; so master m's main release is
    ``release_id(p⁻¹(m - 1))``, computable when writing the masters file.
    """

    releases: int
    artists: int
    labels: int
    masters: int
    seed: int

    @classmethod
    def for_releases(
        cls,
        releases: int,
        seed: int = 1,
        artists: int | None = None,
        labels: int | None = None,
        masters: int | None = None,
    ) -> Plan:
        # Real ratios (2026): ~0.5 artists, 0.12 labels, 0.13 masters per release. The
        # artists file is kept smaller than that.
        return cls(
            releases=releases,
            artists=artists if artists is not None else max(100, releases // 10),
            labels=labels if labels is not None else max(20, releases // 40),
            masters=masters if masters is not None else max(1, releases // 7),
            seed=seed,
        )

    def __post_init__(self) -> None:
        if self.releases < 1 or not 0 < self.masters <= self.releases:
            raise ValueError("need at least one release and 1..releases masters")
        if self.artists < 1 or self.labels < 1:
            raise ValueError("need at least one artist and one label")
        salt = _mix(self.seed)
        n = self.releases
        a = (salt | 1) % n or 1
        while math.gcd(a, n) != 1:
            a += 1
        object.__setattr__(self, "salt", salt)
        object.__setattr__(self, "mastered", max(self.masters, (n * 3) // 5))
        object.__setattr__(self, "_a", a)
        object.__setattr__(self, "_b", (salt >> 17) % n)
        object.__setattr__(self, "_a_inverse", pow(a, -1, n))

    def master_of(self, k: int) -> tuple[int, bool]:
        """(master id or 0, is the main release) of the k-th release."""
        p = (self._a * k + self._b) % self.releases  # type: ignore[attr-defined]
        if p >= self.mastered:  # type: ignore[attr-defined]
            return 0, False
        return p % self.masters + 1, p < self.masters

    def main_release(self, master_id: int) -> int:
        k = (self._a_inverse * (master_id - 1 - self._b)) % self.releases  # type: ignore[attr-defined]
        return release_id(k)

    def master_artists(self, master_id: int) -> list[tuple[int, str]]:
        """(artist id, join) of a master's main artists; its releases credit the same."""
        h = _mix(master_id ^ self.salt ^ 0xA11)  # type: ignore[attr-defined]
        if h % 25 == 0:
            return [(194, "")]  # Various
        count = 1 if h % 5 else 2 + (h >> 4) % 2
        h >>= 8
        result = []
        for i in range(count):
            result.append((1 + h % self.artists, _JOINS[(h >> 32) % 9] if i < count - 1 else ""))
            h = _mix(h)
        return result

    def master_title(self, master_id: int, tables: Tables) -> str:
        return tables.titles[_mix(master_id ^ self.salt ^ 0x717) % _TITLE_TABLE]  # type: ignore[attr-defined]

    def master_genres(self, master_id: int) -> tuple[str, list[str]]:
        h = _mix(master_id ^ self.salt ^ 0x6E6)  # type: ignore[attr-defined]
        genre, styles = _GENRES[h % len(_GENRES)]
        return genre, [styles[(h >> (12 + 4 * i)) % len(styles)] for i in range((h >> 8) % 3)]

    def master_year(self, master_id: int) -> int:
        return 1950 + _mix(master_id ^ self.salt ^ 0x7EA) % 76  # type: ignore[attr-defined]


# -- releases -------------------------------------------------------------------------------

BLOCK = 1000  # releases per independently seeded block (the unit of parallel work)
# Longest release record written, in characters: its API document is ~1.2-1.45x as long.
XML_CAP = 20_000


def _heaviness(u: float) -> float:
    """How far into the size tail a release is, 0..1, from a uniform draw: 0 for most
    releases; long tracklists and many credits for the top ~15 %."""
    return 0.0 if u < 0.85 else ((u - 0.85) / 0.15) ** 2


class ReleaseWriter:
    """Builds release records; block b of ``BLOCK`` releases is seeded by (seed, b) alone, so
    blocks can be written in any process and the output does not depend on the job count."""

    def __init__(self, plan: Plan, *, status: bool = True) -> None:
        self.plan = plan
        self.tables = Tables(plan.seed)
        self.status = status
        self.rnd: Callable[[], float] = random.random

    def block(self, block: int) -> str:
        self.rnd = random.Random(_mix(self.plan.seed * 1_000_003 + block)).random
        start = block * BLOCK
        end = min(start + BLOCK, self.plan.releases)
        return "".join([self.release(k) for k in range(start, end)])

    def _artist_ref(self) -> int:
        r = self.rnd()
        return 1 + int(r * r * self.plan.artists)  # popular artists recur

    def _label_ref(self) -> int:
        r = self.rnd()
        return 1 + int(r * r * self.plan.labels)

    def _credit(self, out: list[str], artist: int, role: str, tracks: str, join: str) -> None:
        """One ``<artist>`` credit; ``artist`` 0 writes an unlinked credit (no ``<id>``)."""
        rnd = self.rnd
        tables = self.tables
        if artist:
            out.append(
                f"<artist><id>{artist}</id><name>{tables.artist(artist, self.plan.salt)}</name>"
            )
        else:
            out.append(f"<artist><name>{tables.artist_names[int(rnd() * _NAME_TABLE)]}</name>")
        if rnd() < 0.06:
            out.append(f"<anv>{_FIRST[int(rnd() * len(_FIRST))]}</anv>")
        if join:
            out.append(f"<join>{join}</join>")
        if role:
            out.append(f"<role>{role}</role>")
        if tracks:
            out.append(f"<tracks>{tracks}</tracks>")
        out.append("</artist>")

    def _extra(self, out: list[str], count: int, roles: tuple[str, ...], ranges: list[str]) -> None:
        rnd = self.rnd
        out.append("<extraartists>")
        for _ in range(count):
            pick = rnd()
            self._credit(
                out,
                self._artist_ref() if pick >= 0.015 else 0,  # 1.5 % unlinked
                roles[int(rnd() * len(roles))],
                ranges[int(pick * 4 * len(ranges)) % len(ranges)] if ranges and pick > 0.75 else "",
                "",
            )
        out.append("</extraartists>")

    def _tracklist(
        self, out: list[str], fmt: str, discs: int, tracks: int, heavy: float, various: bool
    ) -> None:
        rnd = self.rnd
        titles = self.tables.titles
        durations = self.tables.durations
        positions = _positions(fmt, discs, tracks)
        heading_every = 0
        if rnd() < 0.08:
            heading_every = max(2, tracks // max(1, 2 * discs if fmt == "Vinyl" else discs))
        index_at = len(positions) // 2 if rnd() < 0.025 + 0.1 * heavy else -1
        track_artists = various or rnd() < 0.08
        credits = 0.55 + heavy if rnd() < 0.36 + 0.6 * heavy else 0.0
        out.append("<tracklist>")
        for i, position in enumerate(positions):
            if heading_every and i % heading_every == 0:
                out.append(
                    f"<track><title>{_HEADINGS[int(rnd() * len(_HEADINGS))]}</title></track>"
                )
            if i == index_at:
                out.append(
                    f"<track><title>{titles[int(rnd() * _TITLE_TABLE)]}</title>"
                    f"<duration>{int(rnd() * 20) + 8}:{int(rnd() * 60):02d}</duration>"
                    "<sub_tracks>"
                )
                for j in range(2 + int(rnd() * 5)):
                    out.append(
                        f"<track><position>{position}.{j + 1}</position>"
                        f"<title>{titles[int(rnd() * _TITLE_TABLE)]}</title>"
                        f"<duration>{durations[int(rnd() * 300)]}</duration></track>"
                    )
                out.append("</sub_tracks></track>")
                continue
            out.append(
                f"<track><position>{position}</position>"
                f"<title>{titles[int(rnd() * _TITLE_TABLE)]}</title>"
            )
            pick = rnd()
            if pick < 0.85:
                out.append(f"<duration>{durations[int(pick * 630) % 540]}</duration>")
            if track_artists and pick < 0.9:
                out.append("<artists>")
                self._credit(out, self._artist_ref(), "", "", "")
                out.append("</artists>")
            if credits and rnd() < credits:
                self._extra(out, 1 + int(rnd() * (1 + 5 * heavy)), _TRACK_ROLES, [])
            out.append("</track>")
        out.append("</tracklist>")

    def release(self, k: int) -> str:
        """The k-th release record, one line (plus newlines inside its text)."""
        heavy = _heaviness(self.rnd())
        while True:
            record = self._release(k, heavy)
            if len(record) <= XML_CAP:
                return record
            heavy *= 0.6  # keep the document under ~30 KB: draw again, lighter

    def _release(self, k: int, heavy: float) -> str:
        plan = self.plan
        tables = self.tables
        rnd = self.rnd
        salt = plan.salt  # type: ignore[attr-defined]
        rid = release_id(k)
        master, is_main = plan.master_of(k)
        out: list[str] = [
            f'<release id="{rid}" status="Accepted">' if self.status else f'<release id="{rid}">'
        ]
        # main artists and title: the master's when there is one
        if master:
            artists = plan.master_artists(master)
            title = plan.master_title(master, tables)
            if not is_main and rnd() < 0.2:
                title += f" ({_WORDS[int(rnd() * len(_WORDS))]} Edition)"
        else:
            pick = rnd()
            if pick < 0.04:
                artists = [(194, "")]
            elif pick < 0.88:
                artists = [(self._artist_ref(), "")]
            else:
                artists = [(self._artist_ref(), _JOINS[int(rnd() * 9)]), (self._artist_ref(), "")]
            title = tables.titles[int(rnd() * _TITLE_TABLE)]
        various = artists[0][0] == 194
        out.append("<artists>")
        for artist, join in artists:
            if artist == 194:
                out.append("<artist><id>194</id><name>Various</name></artist>")
            else:
                self._credit(out, artist, "", "", join)
        out.append(f"</artists><title>{title}</title><labels>")
        catnos = tables.catnos
        for _ in range(1 if rnd() < 0.85 else 2 + int(rnd() * 3)):
            label = self._label_ref()
            out.append(
                f'<label name="{tables.label(label, salt)}" '
                f'catno="{catnos[int(rnd() * _TITLE_TABLE)]}" id="{label}"/>'
            )
        out.append("</labels>")
        if rnd() < 0.06:
            series = self._label_ref()
            out.append(
                f'<series><series name="{tables.label(series, salt)} Series" '
                f'catno="{int(rnd() * 200) + 1}" id="{series}"/></series>'
            )
        fmt, discs, tracks, descriptions, text = self._format(heavy)
        ranges = _ranges(fmt, discs, tracks)
        pick = rnd()
        credits = int(pick * pick * 16) if rnd() < 0.6 else 0
        credits += int(heavy * 45)
        if credits:
            self._extra(out, credits, _CREDIT_ROLES, ranges)
        out.append(f'<formats><format name="{fmt}" qty="{discs}" text="{text}">')
        if descriptions:
            out.append("<descriptions>")
            out.extend([f"<description>{d}</description>" for d in descriptions])
            out.append("</descriptions>")
        out.append("</format>")
        if fmt != "Box Set" and rnd() < 0.03:
            out.append(
                '<format name="All Media" qty="1" text=""><descriptions>'
                "<description>Limited Edition</description></descriptions></format>"
            )
        out.append("</formats>")
        if master:
            genre, styles = plan.master_genres(master)
        else:
            genre, choices = _GENRES[int(rnd() * len(_GENRES))]
            styles = [choices[int(rnd() * len(choices))] for _ in range(int(rnd() * 3))]
        out.append(f"<genres><genre>{genre}</genre>")
        if rnd() < 0.2:
            other = _GENRES[int(rnd() * len(_GENRES))][0]
            if other != genre:
                out.append(f"<genre>{other}</genre>")
        out.append("</genres>")
        if styles:
            out.append("<styles>")
            out.extend([f"<style>{style}</style>" for style in dict.fromkeys(styles)])
            out.append("</styles>")
        if rnd() < 0.97:
            out.append(f"<country>{_COUNTRIES[int(rnd() * len(_COUNTRIES))]}</country>")
        pick = rnd()
        if pick < 0.88:
            year = plan.master_year(master) + int(rnd() * 4) if master else 1950 + int(rnd() * 76)
            if pick < 0.44:
                released = str(year)
            elif pick < 0.8:
                released = f"{year}-{int(rnd() * 12) + 1:02d}-{int(rnd() * 28) + 1:02d}"
            elif pick < 0.86:
                released = f"{year}-{int(rnd() * 12) + 1:02d}-00"
            else:
                released = f"{year}-00-00"
            out.append(f"<released>{released}</released>")
        if rnd() < 0.64:
            out.append(f"<notes>{self._notes(heavy)}</notes>")
        out.append(f"<data_quality>{_quality(rnd())}</data_quality>")
        if master:
            main = "true" if is_main else "false"
            out.append(f'<master_id is_main_release="{main}">{master}</master_id>')
        self._tracklist(out, fmt, discs, tracks, heavy, various)
        self._identifiers(out, fmt, heavy)
        self._videos(out, heavy)
        self._companies(out, heavy)
        out.append("</release>\n")
        return "".join(out)

    def _format(self, heavy: float) -> tuple[str, int, int, list[str], str]:
        rnd = self.rnd
        pick = rnd()
        discs = 1
        if pick < 0.42:
            fmt = "Vinyl"
            size = rnd()
            if size < 0.45:
                descriptions = ["LP", "Album"]
                tracks = 6 + int(rnd() * 9)
            elif size < 0.8:
                descriptions = ['12"', "33 ⅓ RPM" if rnd() < 0.5 else "45 RPM"]
                tracks = 2 + int(rnd() * 4)
            else:
                descriptions = ['7"', "45 RPM", "Single"]
                tracks = 2
            if rnd() < 0.12:
                discs = 2
                tracks *= 2
        elif pick < 0.75:
            fmt = "CD"
            album = rnd() < 0.7
            descriptions = ["Album"] if album else ["Single"]
            tracks = 8 + int(rnd() * 10) if album else 2 + int(rnd() * 4)
            if rnd() < 0.08:
                discs = 2 + int(rnd() * 2)
                tracks *= discs
        elif pick < 0.87:
            fmt = "File"
            descriptions = ["MP3", "Single"] if rnd() < 0.5 else ["FLAC", "Album"]
            tracks = 1 + int(rnd() * 12)
            discs = tracks
        elif pick < 0.96:
            fmt = "Cassette"
            descriptions = ["Album"]
            tracks = 6 + int(rnd() * 10)
        else:
            fmt = "Box Set"
            descriptions = ["Compilation", "Limited Edition"]
            discs = 3 + int(rnd() * 4)
            tracks = discs * (6 + int(rnd() * 5))
        extra = rnd()
        if extra < 0.2:
            descriptions.append("Reissue")
        elif extra < 0.3:
            descriptions.append("Promo")
        elif extra < 0.37:
            descriptions.append("Compilation")
        elif extra < 0.42:
            descriptions.append("Limited Edition")
        elif extra < 0.44:
            descriptions.append("Unofficial Release")
        if heavy:
            tracks = int(tracks * (1 + heavy * 3)) + 2
        text = ""
        if extra > 0.88:
            text = ("Red", "White", "320 kbps", "Gatefold", "Clear", "Numbered")[int(rnd() * 6)]
        return fmt, discs, max(1, tracks), descriptions, text

    def _notes(self, heavy: float) -> str:
        rnd = self.rnd
        count = 1 + int(rnd() * rnd() * 5) + int(heavy * 10)
        return "\n".join([_MARKUP[int(rnd() * len(_MARKUP))] for _ in range(count)])

    def _identifiers(self, out: list[str], fmt: str, heavy: float) -> None:
        rnd = self.rnd
        if rnd() >= 0.53 + 0.4 * heavy:
            return
        out.append("<identifiers>")
        if rnd() < 0.6:
            out.append(f'<identifier type="Barcode" value="{int(rnd() * 1e12):012d}"/>')
        catno = self.tables.catnos[int(rnd() * _TITLE_TABLE)]
        for side in range(int(rnd() * rnd() * 6 + heavy * 8)):
            letter = "ABCDEFGH"[side % 8]
            out.append(
                f'<identifier type="Matrix / Runout" description="Side {letter}" '
                f'value="{catno} {letter}{side // 8 + 1} {int(rnd() * 99)}"/>'
            )
        pick = rnd()
        if pick < 0.3:
            out.append(f'<identifier type="Rights Society" value="{_RIGHTS[int(pick * 30)]}"/>')
        if fmt == "CD" and pick > 0.7:
            out.append(f'<identifier type="SPARS Code" value="{_SPARS[int(pick * 10) - 7]}"/>')
        if rnd() < 0.2:
            out.append(f'<identifier type="Label Code" value="LC {int(rnd() * 99999):05d}"/>')
        out.append("</identifiers>")

    def _videos(self, out: list[str], heavy: float) -> None:
        rnd = self.rnd
        if rnd() >= 0.5 + 0.3 * heavy:
            return
        tables = self.tables
        out.append("<videos>")
        for _ in range(1 + int(rnd() * rnd() * 7 + heavy * 8)):
            h = int(rnd() * (1 << 62))
            code = "".join([_VIDEO_CHARS[(h >> (6 * i)) & 63] for i in range(10)]) + "Q"
            out.append(
                f'<video src="https://www.youtube.com/watch?v={code}" '
                f'duration="{h % 600}" embed="true">'
                f"<title>{tables.titles[(h >> 12) % _TITLE_TABLE]}</title>"
            )
            if h & 0x300:
                out.append(
                    f"<description>{tables.sentences[(h >> 20) % len(tables.sentences)]}"
                    "</description>"
                )
            out.append("</video>")
        out.append("</videos>")

    def _companies(self, out: list[str], heavy: float) -> None:
        rnd = self.rnd
        if rnd() >= 0.45 + 0.4 * heavy:
            return
        salt = self.plan.salt  # type: ignore[attr-defined]
        tables = self.tables
        out.append("<companies>")
        for _ in range(1 + int(rnd() * rnd() * 6 + heavy * 8)):
            company = self._label_ref()
            code, kind = _COMPANY_TYPES[int(rnd() * len(_COMPANY_TYPES))]
            out.append(f"<company><id>{company}</id><name>{tables.label(company, salt)}</name>")
            if code in ("21", "6"):
                out.append(f"<catno>{tables.catnos[company % _TITLE_TABLE]}</catno>")
            out.append(
                f"<entity_type>{code}</entity_type><entity_type_name>{kind}</entity_type_name>"
            )
            if self.status:  # 2025 shape; 2026 dumps dropped both
                out.append(f"<resource_url>https://api.discogs.com/labels/{company}</resource_url>")
            out.append("</company>")
        out.append("</companies>")


def _positions(fmt: str, discs: int, tracks: int) -> list[str]:
    if fmt in ("Vinyl", "Cassette"):
        sides = "ABCDEFGHIJKLMNOP"[: max(2, 2 * discs)]
        per_side = -(-tracks // len(sides))
        return [f"{sides[i // per_side]}{i % per_side + 1}" for i in range(tracks)]
    if fmt == "Box Set" or (fmt == "CD" and discs > 1):
        per_disc = -(-tracks // discs)
        return [f"{i // per_disc + 1}-{i % per_disc + 1}" for i in range(tracks)]
    return [str(i + 1) for i in range(tracks)]


def _ranges(fmt: str, discs: int, tracks: int) -> list[str]:
    positions = _positions(fmt, discs, min(tracks, 12))
    if len(positions) < 3:
        return positions
    return [
        f"{positions[0]} to {positions[-1]}",
        f"{positions[1]}, {positions[2]}",
        positions[0],
        f"{positions[0]} to {positions[len(positions) // 2]}",
    ]


def _quality(value: float) -> str:
    for name, share in _QUALITY:
        if value < share:
            return name
        value -= share
    return _QUALITY[0][0]


def iter_releases(plan: Plan, *, status: bool = True, jobs: int = 1) -> Iterator[str]:
    """Release records in id order, as text blocks of up to ``BLOCK`` records."""
    blocks = range(-(-plan.releases // BLOCK))
    if jobs <= 1:
        writer = ReleaseWriter(plan, status=status)
        for block in blocks:
            yield writer.block(block)
        return
    context = multiprocessing.get_context("fork")
    with context.Pool(jobs, _init_worker, (plan, status)) as pool:
        # imap keeps order; the writer (gzip) is faster than the workers, so little queues up.
        yield from pool.imap(_write_block, blocks, chunksize=1)
        # Every block is written: let the workers end on their own. The with statement's
        # terminate() kills them, and one killed while holding the task queue's lock left the
        # other waiting for it for ever, and the generation with it (2026-12-06, 1M releases).
        pool.close()
        pool.join()


_worker: ReleaseWriter | None = None


def _init_worker(plan: Plan, status: bool) -> None:
    global _worker
    _worker = ReleaseWriter(plan, status=status)


def _write_block(block: int) -> str:
    assert _worker is not None
    return _worker.block(block)


# -- the smaller files ------------------------------------------------------------------------


def iter_artists(plan: Plan) -> Iterator[str]:
    rnd = random.Random(_mix(plan.seed ^ 0xA)).random
    salt = plan.salt  # type: ignore[attr-defined]
    tables = Tables(plan.seed)
    for artist in range(1, plan.artists + 1):
        name = tables.artist(artist, salt)
        out = [f"<artist><id>{artist}</id><name>{name}</name>"]
        if rnd() < 0.3:
            out.append(f"<realname>{tables.artist_names[int(rnd() * _NAME_TABLE)]}</realname>")
        if rnd() < 0.55:
            markup = " ".join(_MARKUP[int(rnd() * len(_MARKUP))] for _ in range(1 + int(rnd() * 4)))
            sentence = tables.sentences[int(rnd() * len(tables.sentences))]
            out.append(f"<profile>{markup}&#13;\n{sentence}</profile>")
        out.append(f"<data_quality>{_quality(rnd())}</data_quality>")
        if rnd() < 0.3:
            out.append("<urls>")
            for site in ("https://www.facebook.com/", "https://soundcloud.com/", "http://www.")[
                : 1 + int(rnd() * 3)
            ]:
                out.append(f"<url>{site}artist{artist}</url>")
            out.append("</urls>")
        if rnd() < 0.4:
            out.append("<namevariations>")
            for _ in range(1 + int(rnd() * rnd() * 10)):
                variation = name.upper() if "&" not in name and rnd() < 0.3 else _words(rnd, 1, 2)
                out.append(f"<name>{variation}</name>")
            out.append("</namevariations>")
        if rnd() < 0.2:
            out.append("<aliases>")
            for _ in range(1 + int(rnd() * 3)):
                alias = 1 + int(rnd() * plan.artists)
                out.append(f'<name id="{alias}">{tables.artist(alias, salt)}</name>')
            out.append("</aliases>")
        tag = "members" if name.startswith("The ") else "groups"
        if rnd() < (0.8 if tag == "members" else 0.15):
            out.append(f"<{tag}>")
            for _ in range(1 + int(rnd() * 4)):
                other = 1 + int(rnd() * plan.artists)
                out.append(f'<name id="{other}">{tables.artist(other, salt)}</name>')
            out.append(f"</{tag}>")
        out.append("</artist>\n")
        yield "".join(out)


def iter_labels(plan: Plan) -> Iterator[str]:
    rnd = random.Random(_mix(plan.seed ^ 0xB)).random
    salt = plan.salt  # type: ignore[attr-defined]
    tables = Tables(plan.seed)
    for label in range(1, plan.labels + 1):
        out = [f"<label><id>{label}</id><name>{tables.label(label, salt)}</name>"]
        if rnd() < 0.35:
            out.append(
                f"<contactinfo>{label} Melrose Avenue&#13;\nHollywood 46 California&#13;\n"
                f"U.S.A.&#13;\n(obsolete)</contactinfo>"
            )
        if rnd() < 0.6:
            markup = " ".join(_MARKUP[int(rnd() * len(_MARKUP))] for _ in range(1 + int(rnd() * 5)))
            out.append(f"<profile>{markup}</profile>")
        out.append(f"<data_quality>{_quality(rnd())}</data_quality>")
        if rnd() < 0.15:
            parent = 1 + int(rnd() * plan.labels)
            out.append(f'<parentLabel id="{parent}">{tables.label(parent, salt)}</parentLabel>')
        if rnd() < 0.4:
            out.append(f"<urls><url>https://label{label}.bandcamp.com/</url></urls>")
        if rnd() < 0.1:
            out.append("<sublabels>")
            for _ in range(1 + int(rnd() * rnd() * 12)):
                sub = 1 + int(rnd() * plan.labels)
                out.append(f'<label id="{sub}">{tables.label(sub, salt)}</label>')
            out.append("</sublabels>")
        out.append("</label>\n")
        yield "".join(out)


def iter_masters(plan: Plan) -> Iterator[str]:
    rnd = random.Random(_mix(plan.seed ^ 0xC)).random
    salt = plan.salt  # type: ignore[attr-defined]
    tables = Tables(plan.seed)
    for master in range(1, plan.masters + 1):
        out = [
            f'<master id="{master}"><main_release>{plan.main_release(master)}</main_release>'
            "<artists>"
        ]
        for artist, join in plan.master_artists(master):
            name = "Various" if artist == 194 else tables.artist(artist, salt)
            out.append(f"<artist><id>{artist}</id><name>{name}</name>")
            if join:
                out.append(f"<join>{join}</join>")
            out.append("</artist>")
        genre, styles = plan.master_genres(master)
        out.append(f"</artists><genres><genre>{genre}</genre></genres>")
        if styles:
            out.append("<styles>")
            out.extend(f"<style>{style}</style>" for style in dict.fromkeys(styles))
            out.append("</styles>")
        if rnd() < 0.1:
            out.append(f"<notes>{_MARKUP[int(rnd() * len(_MARKUP))]}</notes>")
        out.append(
            f"<year>{plan.master_year(master)}</year>"
            f"<title>{plan.master_title(master, tables)}</title>"
            f"<data_quality>{_quality(rnd())}</data_quality>"
        )
        if rnd() < 0.6:
            out.append("<videos>")
            for _ in range(1 + int(rnd() * rnd() * 10)):
                h = int(rnd() * (1 << 62))
                code = "".join([_VIDEO_CHARS[(h >> (6 * i)) & 63] for i in range(10)]) + "g"
                out.append(
                    f'<video src="https://www.youtube.com/watch?v={code}" '
                    f'duration="{h % 600}" embed="true">'
                    f"<title>{tables.titles[(h >> 12) % _TITLE_TABLE]}</title></video>"
                )
            out.append("</videos>")
        out.append("</master>\n")
        yield "".join(out)


# -- files ------------------------------------------------------------------------------------


def dump_path(out_dir: Path, kind: str, date: str = DEFAULT_DATE, *, compress: bool = True) -> Path:
    return out_dir / (f"discogs_{date}_{kind}.xml" + (".gz" if compress else ""))


@contextmanager
def _open(path: Path, compress: bool, level: int) -> Iterator[IO[bytes]]:
    with path.open("wb") as raw:
        if not compress:
            yield raw
            return
        # mtime=0 and no file name in the header: the same arguments give the same bytes.
        with gzip.GzipFile(
            filename="", mode="wb", fileobj=raw, compresslevel=level, mtime=0
        ) as stream:
            yield stream


def write_file(
    path: Path,
    kind: str,
    plan: Plan,
    *,
    compress: bool = True,
    level: int = 1,
    jobs: int = 1,
    progress: Callable[[int], None] | None = None,
) -> int:
    """Write one dump file (atomically, through a temporary name); returns records written.

    ``jobs`` > 1 builds releases in that many worker processes (same bytes as one job)."""
    if kind == "releases":
        texts, total, per_text = iter_releases(plan, jobs=jobs), plan.releases, BLOCK
    else:
        records = {"artists": iter_artists, "labels": iter_labels, "masters": iter_masters}
        texts, total, per_text = records[kind](plan), getattr(plan, kind), 1
    temporary = path.with_name(path.name + ".partial")
    count = 0
    pending: list[str] = []
    size = 0
    with _open(temporary, compress, level) as stream:
        stream.write(f"<{kind}>\n".encode())
        for text in texts:
            pending.append(text)
            size += len(text)
            count = min(total, count + per_text)
            if size >= 1 << 20:
                stream.write("".join(pending).encode())
                pending.clear()
                size = 0
                if progress:
                    progress(count)
        stream.write(("".join(pending) + f"</{kind}>\n").encode())
    os.replace(temporary, path)
    return count


def cache_dir(plan: Plan, root: Path = DEFAULT_OUT) -> Path:
    """Where the benchmarks keep the files of a plan: ``root/<releases>-seed<seed>``."""
    return root / f"{plan.releases}-seed{plan.seed}"


def ensure_dump(
    directory: Path,
    kind: str,
    plan: Plan,
    *,
    compress: bool = True,
    level: int = 1,
    jobs: int = 1,
    date: str = DEFAULT_DATE,
    force: bool = False,
    log: Callable[[str], None] = print,
) -> Path:
    """The dump file of ``kind`` for ``plan`` in ``directory``, written unless an identical
    one is there already (a ``.meta.json`` beside each file records what made it)."""
    directory.mkdir(parents=True, exist_ok=True)
    path = dump_path(directory, kind, date, compress=compress)
    meta_path = path.with_name(path.name + ".meta.json")
    meta = {"version": GENERATOR_VERSION, "kind": kind, "level": level, **asdict(plan)}
    if not force and path.exists() and meta_path.exists():
        try:
            if json.loads(meta_path.read_text()) == meta:
                log(f"reusing {path} ({path.stat().st_size / 1e6:,.1f} MB)")
                return path
        except ValueError:
            pass
    meta_path.unlink(missing_ok=True)
    log(f"writing {path} ...")
    started = time.perf_counter()
    count = write_file(
        path, kind, plan, compress=compress, level=level, jobs=jobs, progress=_reporter(kind)
    )
    elapsed = time.perf_counter() - started
    meta_path.write_text(json.dumps(meta) + "\n")
    log(
        f"wrote {count:,} {kind} in {elapsed:,.1f} s ({count / elapsed:,.0f}/s), "
        f"{path.stat().st_size / 1e6:,.1f} MB"
    )
    return path


def _reporter(kind: str) -> Callable[[int], None]:
    """A progress callback that prints the count and rate every 10 seconds."""
    started = last = time.perf_counter()

    def report(count: int) -> None:
        nonlocal last
        now = time.perf_counter()
        if now - last >= 10:
            last = now
            print(f"  {kind}: {count:,} ({count / (now - started):,.0f}/s)", file=sys.stderr)

    return report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0],
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="Output names: discogs_<date>_<kind>.xml[.gz], as the monthly dumps are named.",
    )
    parser.add_argument("--releases", type=int, default=100_000, help="releases (default 100000)")
    parser.add_argument("--artists", type=int, help="artists (default releases/10)")
    parser.add_argument("--labels", type=int, help="labels (default releases/40)")
    parser.add_argument("--masters", type=int, help="masters (default releases/7)")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    parser.add_argument(
        "--out",
        type=Path,
        help=f"directory (default {DEFAULT_OUT}/<releases>-seed<seed>, shared with the benchmarks)",
    )
    parser.add_argument("--date", default=DEFAULT_DATE, help="date in the names (20260101)")
    parser.add_argument(
        "--kinds", default=",".join(KINDS), help="comma-separated kinds (default: all four)"
    )
    parser.add_argument(
        "--gzip", action=argparse.BooleanOptionalAction, default=True, help="gzip (default on)"
    )
    parser.add_argument("--level", type=int, default=1, help="gzip level 1-9 (default 1: fast)")
    parser.add_argument(
        "--jobs",
        type=int,
        default=os.cpu_count() or 1,
        help="processes building releases (default: one per core; the output is the same)",
    )
    parser.add_argument(
        "--force", action="store_true", help="rewrite files even when identical ones exist"
    )
    args = parser.parse_args(argv)
    kinds = [kind.strip() for kind in args.kinds.split(",") if kind.strip()]
    unknown = set(kinds) - set(KINDS)
    if unknown:
        parser.error(f"unknown kinds: {', '.join(sorted(unknown))}")
    plan = Plan.for_releases(args.releases, args.seed, args.artists, args.labels, args.masters)
    directory = args.out or cache_dir(plan)
    for kind in kinds:
        ensure_dump(
            directory,
            kind,
            plan,
            compress=args.gzip,
            level=args.level,
            jobs=args.jobs,
            date=args.date,
            force=args.force,
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
