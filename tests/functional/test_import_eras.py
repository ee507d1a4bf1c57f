"""Dumps of every era import into the documents the API serves, on both engines.

The committed files of each era (``tests/data/dumps``) are imported into an empty database
and the stored documents read back as the API serves them.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import NamedTuple

import httpx
import pytest

from discogs_service import summaries
from discogs_service.importer.files import identify
from discogs_service.importer.run import Outcome
from discogs_service.storage import Storage, open_storage
from tests.conftest import ENGINES, USER_AGENT, new_database_url, serve
from tests.dumpfiles import DUMPS, excerpt, pretty_printed, records_of, write_dump
from tests.functional.importing import (
    assert_consistent,
    credits_of,
    import_files,
    labels_of,
    link,
    rows,
    served,
    snapshot,
)

LARGEST_QUANTITY = 2**31 - 1


class Imported(NamedTuple):
    storage: Storage
    outcomes: list[Outcome]


Importer = Callable[..., Imported]


@pytest.fixture(scope="module", params=ENGINES)
def imported(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Importer]:
    """``imported(*paths)``: the files imported into an empty database of their own, once per
    engine, shared by the tests of this module that only read (a database takes about a
    second to drop)."""
    catalogues: dict[tuple[Path, ...], Imported] = {}

    def importer(*paths: Path) -> Imported:
        if paths not in catalogues:
            url = new_database_url(request.param, request, tmp_path_factory.mktemp("era"))
            store = open_storage(url)
            catalogues[paths] = Imported(store, import_files(store, *paths))
        return catalogues[paths]

    yield importer
    for catalogue in catalogues.values():
        catalogue.storage.close()


def era(name: str) -> list[Path]:
    """An era's files, artists first and releases last, as a monthly import runs."""
    order = {"artists": 0, "labels": 1, "masters": 2, "releases": 3}
    return sorted((DUMPS / name).glob("*.xml*"), key=lambda path: order[identify(path).kind])


# -- late 2019 ------------------------------------------------------------------------------------


def test_the_2019_excerpt_imports_every_record(imported: Importer) -> None:
    storage, outcomes = imported(*era("2019"))
    assert [outcome.run.added for outcome in outcomes] == [27, 5, 46, 8]
    assert storage.catalogue.counts() == {"artists": 27, "labels": 5, "masters": 46, "releases": 8}
    assert_consistent(storage)


def test_a_2019_release_has_its_derived_fields(imported: Importer) -> None:
    storage = imported(*era("2019")).storage
    release = served(storage, "releases", 1)
    assert release["title"] == "Stockholm"
    assert (release["released"], release["released_formatted"], release["year"]) == (
        "1999-03-00",
        "Mar 1999",
        1999,
    )
    assert release["format_quantity"] == 2
    assert release["uri"] == "https://www.discogs.com/release/1-The-Persuader-Stockholm"
    assert release["labels"][0] == {
        "name": "Svek",
        "catno": "SK032",
        "entity_type": "1",
        "entity_type_name": "Label",
        "id": 5,
        "resource_url": link("/labels/5"),
    }
    assert release["extraartists"][0]["name"] == "Jesper Dahlbäck"
    assert release["companies"][0]["resource_url"] == link("/labels/271046")
    assert "master_id" not in release  # release 1 has no master
    assert credits_of(storage, 1) == [(1, summaries.MAIN, ""), (239, summaries.APPEARANCE, "")]
    assert labels_of(storage, 1) == [(5, 0, "SK032")]


def test_2019_group_members_and_sublabels_carry_ids(imported: Importer) -> None:
    storage = imported(*era("2019")).storage
    assert served(storage, "artists", 2)["members"] == [
        {"id": 26, "name": "Alexi Delano", "resource_url": link("/artists/26")},
        {"id": 27, "name": "Cari Lekebusch", "resource_url": link("/artists/27")},
    ]
    planet_e = served(storage, "labels", 1)
    assert planet_e["sublabels"][0] == {
        "id": 86537,
        "name": "Antidote (4)",
        "resource_url": link("/labels/86537"),
    }
    assert planet_e["profile"].startswith("[a=Carl Craig]'s classic techno label")
    assert served(storage, "labels", 5)["parent_label"]["id"] == 4711


# -- 2020-08 ---------------------------------------------------------------------------------------


def test_the_2020_excerpt_imports_from_gzip(imported: Importer) -> None:
    storage, outcomes = imported(*era("2020-08"))
    assert [(o.dump.compressed, o.dump.dump_date) for o in outcomes] == [(True, "20200806")] * 4
    assert storage.catalogue.counts() == {
        "artists": 30,
        "labels": 30,
        "masters": 30,
        "releases": 32,
    }
    assert_consistent(storage)


def test_a_2020_unlinked_credit_has_id_zero(imported: Importer) -> None:
    storage = imported(*era("2020-08")).storage
    unlinked = [c for c in served(storage, "releases", 7)["extraartists"] if c["id"] == 0]
    assert unlinked == [
        {
            "name": "Koibito & Boku",
            "anv": "",
            "join": "",
            "role": "Other [Spirits Lifted By]",
            "tracks": "",
            "id": 0,
            "resource_url": "",
        }
    ]
    assert all(artist != 0 for artist, _role, _info in credits_of(storage, 7))


def test_a_release_by_various_links_to_an_artist_the_dump_does_not_hold(imported: Importer) -> None:
    storage = imported(*era("2020-08")).storage
    release = served(storage, "releases", 103)
    assert release["artists"][0]["id"] == 194
    assert release["artists"][0]["resource_url"] == link("/artists/194")
    assert storage.catalogue.document("artists", 194) is None
    assert (194, summaries.MAIN, "") in credits_of(storage, 103)


def test_2020_sub_tracks_make_index_tracks(imported: Importer) -> None:
    storage = imported(*era("2020-08")).storage
    tracklist = served(storage, "releases", 6084116)["tracklist"]
    first = tracklist[0]
    assert (first["type_"], first["title"], first["position"]) == ("index", "Khovantchina", "")
    assert [(t["type_"], t["position"]) for t in first["sub_tracks"]] == [("track", "A1")]


def test_2020_members_written_both_ways_are_read_once(imported: Importer) -> None:
    # 2020 dumps write each member as <id>26</id><name id="26">…</name>.
    storage = imported(*era("2020-08")).storage
    members = served(storage, "artists", 2)["members"]
    assert [(m["id"], m["name"]) for m in members] == [(26, "Alexi Delano"), (27, "Cari Lekebusch")]


# -- 2025-01 ---------------------------------------------------------------------------------------


def test_the_2025_excerpt_imports_every_record(imported: Importer) -> None:
    storage = imported(*era("2025-01")).storage
    assert storage.catalogue.counts() == {"artists": 6, "labels": 3, "masters": 2, "releases": 3}
    assert_consistent(storage)


def test_2025_members_are_names_with_id_attributes(imported: Importer) -> None:
    storage = imported(*era("2025-01")).storage
    members = served(storage, "artists", 2725)["members"]
    assert members[0] == {
        "id": 25411,
        "name": "Alan Wilder",
        "resource_url": link("/artists/25411"),
    }
    assert all(member["id"] > 0 for member in members)


def test_a_2025_credit_without_id_is_unlinked(imported: Importer) -> None:
    storage = imported(*era("2025-01")).storage
    release = served(storage, "releases", 10222)
    unlinked = [c for c in release["extraartists"] if c["id"] == 0]
    assert unlinked == [
        {
            "name": "Martin L. Gore",
            "anv": "M.L. Gore",
            "join": "",
            "role": "Written By [All Songs Written By]",
            "tracks": "",
            "id": 0,
            "resource_url": "",
        }
    ]


def test_a_2025_release_links_to_this_server_not_to_discogs(imported: Importer) -> None:
    storage = imported(*era("2025-01")).storage
    release = served(storage, "releases", 10222)
    assert release["status"] == "Accepted"
    assert release["companies"][0]["resource_url"] == link("/labels/552180")
    assert (release["master_id"], release["master_url"]) == (18080, link("/masters/18080"))
    assert release["released_formatted"] == "20 Mar 1990"
    assert served(storage, "masters", 18080)["main_release"] == 46905
    assert served(storage, "labels", 157)["parent_label"] == {
        "id": 315857,
        "name": "Reprise Records Inc.",
        "resource_url": link("/labels/315857"),
    }


def test_2025_joins_and_name_variations_make_the_credit_line(imported: Importer) -> None:
    storage = imported(*era("2025-01")).storage
    release = served(storage, "releases", 3870362)
    assert release["artists_sort"] == "Marteria • Yasha Conen • Platnum"
    assert (
        release["uri"]
        == "https://www.discogs.com/release/3870362-Marteria-Yasha-Conen-Platnum-Lila-Wolken"
    )
    assert rows(storage, "SELECT artist FROM masters WHERE id = 482870") == [
        ("Marteria • Yasha* • Miss Platnum*",)
    ]


# -- 2026 shape ------------------------------------------------------------------------------------


def test_a_2026_release_gets_status_accepted(imported: Importer) -> None:
    storage = imported(excerpt("2026", "discogs_20260301_releases.xml")).storage
    for release_id in (10222, 3870362, 2460568):
        release = served(storage, "releases", release_id)
        assert release["status"] == "Accepted"
        assert release["community"]["status"] == "Accepted"


def test_a_2026_company_gets_its_resource_url_built(imported: Importer) -> None:
    storage = imported(excerpt("2026", "discogs_20260301_releases.xml")).storage
    companies = served(storage, "releases", 10222)["companies"]
    assert companies
    assert all(c["resource_url"] == link(f"/labels/{c['id']}") for c in companies)


def test_a_2026_master_id_of_zero_means_no_master(imported: Importer) -> None:
    storage = imported(excerpt("2026", "discogs_20260301_releases.xml")).storage
    release = served(storage, "releases", 2460568)
    assert "master_id" not in release
    assert "master_url" not in release
    assert rows(storage, "SELECT master_id FROM releases WHERE id = 2460568") == [(0,)]


def test_a_2026_record_converts_to_the_same_document_as_in_2025(storage: Storage) -> None:
    import_files(storage, excerpt("2025-01", "discogs_20250101_releases.xml.gz"))
    (outcome,) = import_files(storage, excerpt("2026", "discogs_20260301_releases.xml"))
    # Only the release whose master became 0 changed; status and company links are the same.
    assert (outcome.run.unchanged, outcome.run.updated, outcome.run.added) == (2, 1, 0)


def test_a_2026_release_is_served_over_http(imported: Importer) -> None:
    storage = imported(excerpt("2026", "discogs_20260301_releases.xml")).storage
    with serve(storage) as url:
        response = httpx.get(f"{url}/releases/10222", headers={"User-Agent": USER_AGENT})
    assert response.status_code == 200
    release = response.json()
    assert release["status"] == "Accepted"
    assert release["companies"][0]["resource_url"] == f"{url}/labels/552180"
    assert release["resource_url"] == f"{url}/releases/10222"


# -- 2017 shape ------------------------------------------------------------------------------------


def test_2017_members_come_from_id_and_name_sibling_pairs(imported: Importer) -> None:
    storage = imported(*era("2017")).storage
    assert served(storage, "artists", 2)["members"] == [
        {"id": 26, "name": "Alexi Delano", "resource_url": link("/artists/26")},
        {"id": 27, "name": "Cari Lekebusch", "resource_url": link("/artists/27")},
    ]


def test_2017_references_without_ids_are_kept_by_name(imported: Importer) -> None:
    storage = imported(*era("2017")).storage
    assert served(storage, "artists", 1)["aliases"][0] == {
        "id": 0,
        "name": "Jesper Dahlbäck",
        "resource_url": "",
    }
    assert served(storage, "labels", 5)["parent_label"] == {
        "id": 0,
        "name": "Goldhead Music",
        "resource_url": "",
    }
    assert served(storage, "labels", 1)["sublabels"][0] == {
        "id": 0,
        "name": "Antidote (4)",
        "resource_url": "",
    }


def test_2017_release_labels_without_ids_are_not_listed_under_a_label(imported: Importer) -> None:
    storage = imported(*era("2017")).storage
    release = served(storage, "releases", 2)
    assert [(label["id"], label["name"], label["catno"]) for label in release["labels"]] == [
        (0, "Svek", "SK 026"),
        (0, "Svek", "SK026"),
    ]
    assert release["labels"][0]["resource_url"] == ""
    assert labels_of(storage, 2) == []
    # <master_id> without is_main_release, written before <data_quality>
    assert (release["master_id"], release["data_quality"]) == (713738, "Correct")


# -- before mid-2014 -------------------------------------------------------------------------------


def test_a_pre_2014_file_without_root_element_imports(imported: Importer) -> None:
    storage, outcomes = imported(*era("pre-2014"))
    assert [(o.dump.rootless, o.run.added) for o in outcomes] == [(True, 2), (True, 2)]
    assert_consistent(storage)


def test_pre_2014_control_characters_are_dropped(imported: Importer) -> None:
    storage = imported(*era("pre-2014")).storage
    assert served(storage, "artists", 2)["profile"] == "Swedish duo."
    notes = served(storage, "releases", 1)["notes"]
    assert "Recorded at the Globe Studio, Stockholm\n" in notes
    assert not any(ord(c) < 32 and c not in "\t\n\r" for c in notes)


def test_pre_2014_records_keep_their_old_shapes(imported: Importer) -> None:
    storage = imported(*era("pre-2014")).storage
    artist = served(storage, "artists", 1)
    assert artist["name"] == "Persuader, The"
    assert artist["uri"] == "https://www.discogs.com/artist/1-Persuader-The"
    assert artist["images"][0]["uri"] == "http://api.discogs.com/image/A-1-1.jpeg"
    members = served(storage, "artists", 2)["members"]
    assert [(m["id"], m["name"], m["resource_url"]) for m in members] == [
        (0, "Alexi Delano", ""),
        (0, "Cari Lekebusch", ""),
    ]


def test_a_mid_2014_file_with_its_root_but_control_characters_imports(
    storage: Storage, tmp_path: Path
) -> None:
    # The July and August 2014 dumps had their root element and still control characters
    # (philipmat/discogs-xml2db issue #51: "not well-formed (invalid token)").
    records = records_of(excerpt("pre-2014", "discogs_20110107_releases.xml"), "releases")
    path = write_dump(tmp_path / "discogs_20140801_releases.xml", "releases", records)
    (outcome,) = import_files(storage, path)
    assert (outcome.dump.rootless, outcome.run.added) == (False, 2)
    assert "Recorded at the Globe Studio, Stockholm\n" in served(storage, "releases", 1)["notes"]


# -- edge cases ------------------------------------------------------------------------------------


def test_the_pretty_printed_box_set_9536040_has_typed_tracks(imported: Importer) -> None:
    storage = imported(excerpt("edge-cases", "release-9536040.xml")).storage
    release = served(storage, "releases", 9536040)
    tracklist = release["tracklist"]
    assert Counter(track["type_"] for track in tracklist) == {
        "track": 63,
        "index": 70,
        "heading": 16,
    }
    heading, first_track = tracklist[0], tracklist[1]
    assert (heading["type_"], heading["title"], heading["position"]) == (
        "heading",
        "CD 1: Orchestral Works & Ballets",
        "",
    )
    assert (first_track["type_"], first_track["position"]) == ("track", "1-1")
    index = next(track for track in tracklist if track["title"] == "En Habit De Cheval (1911)")
    assert index["type_"] == "index"
    assert [(t["type_"], t["position"]) for t in index["sub_tracks"]] == [
        ("track", "1-6"),
        ("track", "1-7"),
        ("track", "1-8"),
        ("track", "1-9"),
    ]


def test_the_box_set_9536040_counts_its_cds_not_the_box(imported: Importer) -> None:
    storage = imported(excerpt("edge-cases", "release-9536040.xml")).storage
    release = served(storage, "releases", 9536040)
    assert [(f["name"], f["qty"]) for f in release["formats"]] == [("Box Set", "1"), ("CD", "10")]
    assert release["format_quantity"] == 10
    assert rows(storage, "SELECT format FROM releases WHERE id = 9536040") == [
        ("Box, Comp + 10xCD, RE",)
    ]


def test_release_4497890_has_index_tracks_with_credits(imported: Importer) -> None:
    storage = imported(excerpt("edge-cases", "release_4497890.xml")).storage
    release = served(storage, "releases", 4497890)
    concerto = release["tracklist"][1]
    assert (concerto["type_"], concerto["title"]) == ("index", "Piano Concerto No. 1")
    assert concerto["extraartists"][0]["name"] == "Keith Emerson"
    assert concerto["sub_tracks"][0]["title"] == "Third Movement"
    assert release["format_quantity"] == 2
    assert release["identifiers"][1] == {
        "type": "Matrix / Runout",
        "value": "SMDCD370/A *043193",
        "description": "CD1 (Variation 1)",
    }


def test_a_carriage_return_in_text_survives(imported: Importer) -> None:
    storage = imported(excerpt("edge-cases", "artist_11037.xml")).storage
    assert served(storage, "artists", 11037)["realname"] == (
        "M. Marsico, L. Macchiaizzano\rif  M. Marsico & L. M"
    )


def test_label_212_without_a_name_is_imported(imported: Importer) -> None:
    storage = imported(excerpt("edge-cases", "quirks_labels.xml")).storage
    label = served(storage, "labels", 212)
    assert label["name"] == ""
    assert label["uri"] == "https://www.discogs.com/label/212"
    assert label["resource_url"] == link("/labels/212")


def test_markup_in_text_is_served_as_it_is(imported: Importer) -> None:
    storage = imported(excerpt("edge-cases", "quirks_labels.xml")).storage
    assert served(storage, "labels", 1)["profile"] == (
        "[a=Carl Craig]'s classic techno label founded in 1991. See [l=Planet E Communications]"
        " and [url=http://planet-e.net]the website[/url]."
    )


def test_an_artist_named_by_a_non_breaking_space_is_imported(imported: Importer) -> None:
    storage = imported(excerpt("edge-cases", "quirks_artists.xml")).storage
    artist = served(storage, "artists", 66827)
    assert artist["name"] == "\u00a0"
    assert artist["uri"] == "https://www.discogs.com/artist/66827"


def test_a_64_digit_format_quantity_does_not_break_the_import(imported: Importer) -> None:
    storage, (outcome,) = imported(excerpt("edge-cases", "quirks_releases.xml"))
    assert outcome.run.added == 2
    release = served(storage, "releases", 8262262)
    assert release["formats"][0]["qty"] == "1" + "0" * 63  # served as the dump has it
    assert release["format_quantity"] == LARGEST_QUANTITY
    assert (release["released"], release["released_formatted"], release["year"]) == (
        "1999-00-00",
        "1999",
        1999,
    )
    assert "master_id" not in release


def test_quirky_credits_are_unlinked_or_dangling_but_kept(imported: Importer) -> None:
    storage = imported(excerpt("edge-cases", "quirks_releases.xml")).storage
    release = served(storage, "releases", 999000001)
    assert [(c["name"], c["id"], c["resource_url"]) for c in release["extraartists"]] == [
        ("Unknown Engineer", 0, ""),
        ("Someone Unlinked", 0, ""),
        ("Not In The Dump", 118760, link("/artists/118760")),
    ]
    assert credits_of(storage, 999000001) == [
        (1, summaries.TRACK_APPEARANCE, "Part Two"),
        (194, summaries.MAIN, ""),
        (118760, summaries.PRODUCER, ""),
    ]


def test_quirky_tracklists_have_headings_and_index_tracks(imported: Importer) -> None:
    storage = imported(excerpt("edge-cases", "quirks_releases.xml")).storage
    release = served(storage, "releases", 999000001)
    assert [(t["type_"], t["title"]) for t in release["tracklist"]] == [
        ("heading", "Side One"),
        ("index", "Suite"),
        ("track", "Closing"),
    ]
    assert release["notes"].startswith("Compiled by [a=Carl Craig] for [l=Planet E].")
    assert (release["released"], release["year"]) == ("", 0)
    assert "released_formatted" not in release


def test_a_pretty_printed_copy_imports_like_the_raw_file(
    storage: Storage, make_storage: object, tmp_path: Path
) -> None:
    raw = excerpt("2019", "discogs_2019_releases.xml")
    pretty = tmp_path / "releases-pretty.xml"
    pretty.write_bytes(pretty_printed("releases", records_of(raw, "releases")))
    assert not identify(pretty).line_layout  # read by iterparse, not cut into chunks
    import_files(storage, pretty)
    engine = storage.engine.dialect.name
    reference = make_storage(engine)  # type: ignore[operator]
    import_files(reference, raw)
    assert snapshot(storage) == snapshot(reference)
