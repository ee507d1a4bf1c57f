"""What listings need to know about a release, stored beside its document.

The importer writes one ``ReleaseSummary`` per release (msgspec JSON in ``releases.summary``);
artist, label and master-version listings read it instead of the full document.
"""

from __future__ import annotations

import msgspec


class ReleaseSummary(msgspec.Struct, array_like=True, frozen=True):
    title: str
    artist: str  # display credit: "Mr. Barth* & The Persuader"
    year: int
    country: str
    status: str
    format: str  # listing form: "2xCD, Comp, Mixed + Box"
    descriptions: str  # master-version form: 'CD: "Album, Stereo"' -> "Album, Stereo"
    major_formats: list[str]
    labels: list[tuple[str, str]]  # (name, catno) in dump order, series excluded
    facet_formats: list[str]  # format names and descriptions, for version filters


summary_encoder = msgspec.json.Encoder()
summary_decoder = msgspec.json.Decoder(ReleaseSummary)


# The `role` of an artist-release listing entry, stored as its index in this tuple; the order
# is the order in which the API lists the groups.
ROLES = ("Main", "Remix", "Producer", "Appearance", "TrackAppearance", "UnofficialRelease")
MAIN, REMIX, PRODUCER, APPEARANCE, TRACK_APPEARANCE, UNOFFICIAL = range(len(ROLES))
