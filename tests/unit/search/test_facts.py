"""What the search index knows of a release (``search.facts``): its facts and index fields."""

from __future__ import annotations

from lxml import etree

from discogs_service.importer.records import CONVERTERS
from discogs_service.search.facts import index_fields
from tests.dumpfiles import DUMPS


def _quirks_release(release_id: str) -> etree._Element:
    root = etree.parse(DUMPS / "edge-cases" / "quirks_releases.xml").getroot()
    return next(release for release in root if release.get("id") == release_id)


def test_sub_tracks_give_the_facts_their_titles_and_credits() -> None:
    facts = CONVERTERS["releases"](_quirks_release("999000001")).search
    assert facts is not None
    assert facts.tracks == ["Side One", "Suite", "Part One", "Part Two", "Closing"]
    assert "The Persuader" in facts.credits  # credited on sub-track A1b only


def test_fields_of_a_small_vocabulary_hold_every_value_folded_each_time() -> None:
    """Genres, styles, country and formats are folded once per distinct list of values, and
    an entry that meets a list again gets the same text."""
    facts = CONVERTERS["releases"](_quirks_release("999000001")).search
    assert facts is not None
    for fields in (index_fields(facts), index_fields(facts)):
        genre, country, formats = fields[9], fields[11], fields[13]
        assert (genre, country) == ("electronic", "")
        assert formats == "vinyl lp compilation limited edition"
