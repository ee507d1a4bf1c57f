"""``GET /releases/{id}``, its rating and stats, over HTTP on both engines.

Expectations come from the references: the live 2026 recording of release 5134861
(DiscogsApiClient ``Database.ReleasesTests.GetRelease_ShouldReturnRelease_WhenIdIsValid``),
whose catalogue data ``tests/data/api`` carries, the discogs4s and go-discogs release fixtures
for the keys that recording lacks, and ``api-behaviour.md`` §9 and §13.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import httpx
import pytest

from tests.conftest import RunningServer
from tests.functional.support import assert_links_on, error_message

# Key order of the 2026 recording of release 5134861, without ``estimated_weight`` (the dumps
# do not carry it, dump-format.md "What the API has that the dumps lack").
RELEASE_5134861_KEYS = [
    "id",
    "status",
    "year",
    "resource_url",
    "uri",
    "artists",
    "artists_sort",
    "labels",
    "series",
    "companies",
    "formats",
    "data_quality",
    "community",
    "format_quantity",
    "date_added",
    "date_changed",
    "num_for_sale",
    "lowest_price",
    "master_id",
    "master_url",
    "title",
    "country",
    "released",
    "notes",
    "released_formatted",
    "identifiers",
    "videos",
    "genres",
    "styles",
    "tracklist",
    "images",
    "thumb",
    "blocked_from_sale",
    "is_offensive",
]

# The recording's tracklist of release 5134861.
TRACKLIST_5134861 = [
    {"position": str(n), "type_": "track", "title": title, "duration": duration}
    for n, (title, duration) in enumerate(
        [
            ("The Dragon Lies Bleeding", "4:23"),
            ("The Metal Age", "4:29"),
            ("Hammerfall", "4:47"),
            ("I Believe", "4:54"),
            ("Child Of The Damned", "3:43"),
            ("Steel Meets Steel", "4:02"),
            ("Stone Cold", "5:43"),
            ("Unchained", "5:38"),
            ("Glory To The Brave", "7:20"),
        ],
        start=1,
    )
]

RELEASE_NOT_FOUND = "That release does not exist or may have been deleted."
SUB_RESOURCE_NOT_FOUND = "Release does not exist or may have been deleted."


def test_release_has_the_key_order_of_the_live_recording(api: httpx.Client) -> None:
    body = api.get("/releases/5134861").json()
    assert list(body) == RELEASE_5134861_KEYS


def test_release_values_match_the_live_recording(
    api: httpx.Client, catalogue_server: RunningServer
) -> None:
    base = catalogue_server.url
    response = api.get("/releases/5134861")
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json"
    body = response.json()

    assert body["id"] == 5134861
    assert body["status"] == "Accepted"
    assert body["year"] == 1997
    assert body["resource_url"] == f"{base}/releases/5134861"
    assert body["uri"] == "https://www.discogs.com/release/5134861-HammerFall-Glory-To-The-Brave"
    # Artist and label entries: the recording's keys, less thumbnail_url (not in the dumps).
    assert body["artists"] == [
        {
            "name": "HammerFall",
            "anv": "",
            "join": "",
            "role": "",
            "tracks": "",
            "id": 287459,
            "resource_url": f"{base}/artists/287459",
        }
    ]
    assert body["artists_sort"] == "HammerFall"
    assert body["labels"] == [
        {
            "name": "Nuclear Blast",
            "catno": "NB 265-2",
            "entity_type": "1",
            "entity_type_name": "Label",
            "id": 11499,
            "resource_url": f"{base}/labels/11499",
        }
    ]
    assert body["series"] == []
    assert body["companies"] == []
    assert body["formats"] == [{"name": "CD", "qty": "1", "descriptions": ["Album", "Promo"]}]
    assert body["data_quality"] == "Correct"
    assert body["format_quantity"] == 1
    assert body["master_id"] == 156551
    assert body["master_url"] == f"{base}/masters/156551"
    assert body["title"] == "Glory To The Brave"
    assert body["country"] == "Germany"
    assert body["released"] == "1997"
    assert body["released_formatted"] == "1997"
    assert body["notes"] == "Promotional version in a cardboard sleeve.\r\n"
    assert body["identifiers"] == [{"type": "Barcode", "value": "7 27361 62652 5"}]
    assert body["genres"] == ["Rock"]
    assert body["styles"] == ["Heavy Metal"]
    assert body["tracklist"] == TRACKLIST_5134861
    assert list(body["tracklist"][0]) == ["position", "type_", "title", "duration"]
    assert body["videos"] == [
        {
            "uri": "https://www.youtube.com/watch?v=YLQtS84ccyk",
            "title": "HAMMERFALL - Glory To The Brave (OFFICIAL MUSIC VIDEO)",
            "description": "Official Music Video for Glory To The Brave by Hammerfall",
            "duration": 346,
            "embed": True,
        }
    ]
    assert body["blocked_from_sale"] is False
    assert body["is_offensive"] is False


def test_release_community_and_marketplace_when_nobody_has_it(api: httpx.Client) -> None:
    body = api.get("/releases/5134861").json()
    # The recording's community keys (DAC 2026); the dumps name no submitter or contributors
    # (docs/seed-spec-deviations.md, D30).
    assert list(body["community"]) == [
        "have", "want", "rating", "submitter", "contributors", "data_quality", "status",
    ]  # fmt: skip
    assert body["community"]["have"] == 0
    assert body["community"]["want"] == 0
    assert body["community"]["rating"] == {"count": 0, "average": 0.0}
    assert body["community"]["submitter"] == {"username": "", "resource_url": ""}
    assert body["community"]["contributors"] == []
    assert body["community"]["data_quality"] == body["data_quality"]
    assert body["community"]["status"] == "Accepted"
    # Nothing for sale: 0 and null (DAC marketplace stats 2026; discogs4s contributions).
    assert body["num_for_sale"] == 0
    assert body["lowest_price"] is None


def test_release_dates_are_pacific_time_as_the_live_api_writes_them(api: httpx.Client) -> None:
    # "2026-08-23T10:02:27-07:00" (api-behaviour.md, "Dates"): the moment of the import.
    body = api.get("/releases/5134861").json()
    for key in ("date_added", "date_changed"):
        moment = datetime.fromisoformat(body[key])
        assert moment.utcoffset() in (timedelta(hours=-8), timedelta(hours=-7)), body[key]
        assert abs(datetime.now(UTC) - moment) < timedelta(days=1), body[key]


def test_release_without_images_from_the_dump_keeps_thumb_and_no_images(
    api: httpx.Client,
) -> None:
    body = api.get("/releases/7001").json()
    assert "images" not in body
    assert body["thumb"] == ""


def test_release_without_a_master_has_no_master_keys(api: httpx.Client) -> None:
    body = api.get("/releases/7200").json()
    assert body["title"] == "Kaos"
    assert "master_id" not in body
    assert "master_url" not in body


def test_release_credits_sit_between_tracklist_and_thumb(
    api: httpx.Client, catalogue_server: RunningServer
) -> None:
    # discogs4s get-release.json and go-discogs Test_GetRelease.json: ..., tracklist,
    # extraartists, images, thumb, ...
    body = api.get("/releases/7202").json()
    keys = list(body)
    assert keys.index("tracklist") + 1 == keys.index("extraartists")
    assert keys.index("extraartists") + 1 == keys.index("thumb")
    assert body["extraartists"] == [
        {
            "name": "Cosmic Persuader",
            "anv": "",
            "join": "",
            "role": "Remix",
            "tracks": "",
            "id": 800,
            "resource_url": f"{catalogue_server.url}/artists/800",
        }
    ]


def test_release_without_release_date_has_no_released_keys(api: httpx.Client) -> None:
    body = api.get("/releases/7201").json()
    assert "released" not in body
    assert "released_formatted" not in body
    assert body["year"] == 0


def test_release_links_are_on_this_server(
    api: httpx.Client, catalogue_server: RunningServer
) -> None:
    for release_id in (5134861, 7001, 7202, 7203):
        assert assert_links_on(api.get(f"/releases/{release_id}").json(), catalogue_server.url)


def test_sample_release_links_are_on_this_server(
    http: httpx.Client, sample_server: RunningServer
) -> None:
    for release_id in (1, 10222, 3870362):
        body = http.get(f"/releases/{release_id}").json()
        assert body["id"] == release_id
        assert assert_links_on(body, sample_server.url) > 1


@pytest.mark.parametrize("currency", ["EUR", "USD", "XYZ", ""])
def test_curr_abbr_is_accepted_and_ignored(api: httpx.Client, currency: str) -> None:
    # api-surface.md: curr_abbr on /releases/{id} is ignored, invalid values too (200).
    plain = api.get("/releases/5134861")
    priced = api.get("/releases/5134861", params={"curr_abbr": currency})
    assert priced.status_code == 200
    assert priced.json() == plain.json()


def test_release_rating_without_votes(api: httpx.Client) -> None:
    response = api.get("/releases/5134861/rating")
    assert response.status_code == 200
    body = response.json()
    # Keys as in discogs4s's recorded answer (get-community-release-rating.json), whose user
    # rating answers have the live 2026 key orders too; the 2014 docs put rating first.
    assert list(body) == ["release_id", "rating"]
    assert body == {"release_id": 5134861, "rating": {"count": 0, "average": 0.0}}


def test_release_stats_carry_the_live_flag_and_the_documented_counts(
    api: httpx.Client,
) -> None:
    response = api.get("/releases/5134861/stats")
    assert response.status_code == 200
    body = response.json()
    assert body["is_offensive"] is False  # discogs4s get-release-stats.json
    assert body["num_have"] == 0  # the docs' GET__releases__release_id__stats__200.json
    assert body["num_want"] == 0


@pytest.mark.parametrize("release_id", [2147483647, 1, 99999999999999999999])
def test_unknown_release(api: httpx.Client, release_id: int) -> None:
    # 2147483647: the id of the live recording GetRelease_ShouldThrowResourceNotFound...
    assert error_message(api.get(f"/releases/{release_id}"), 404) == RELEASE_NOT_FOUND


@pytest.mark.parametrize("sub", ["rating", "stats"])
@pytest.mark.parametrize("release_id", [2147483647, 99999999999999999999])
def test_rating_and_stats_of_an_unknown_release(
    api: httpx.Client, sub: str, release_id: int
) -> None:
    response = api.get(f"/releases/{release_id}/{sub}")
    assert error_message(response, 404) == SUB_RESOURCE_NOT_FOUND
