"""A master's versions filters as the live API lists them (``services.masters.filter_facets``)."""

from __future__ import annotations

from discogs_service.services.masters import FACETS, filter_facets

NOTHING: dict[str, dict[str, int]] = {facet: {} for facet, _title, _multiple in FACETS}


def test_every_facet_is_listed_in_order_even_without_values() -> None:
    assert filter_facets(NOTHING) == [
        {"title": "Format", "id": "format", "values": [], "allows_multiple_values": True},
        {"title": "Label", "id": "label", "values": [], "allows_multiple_values": True},
        {"title": "Country", "id": "country", "values": [], "allows_multiple_values": True},
        {"title": "Released", "id": "released", "values": [], "allows_multiple_values": True},
    ]


def test_values_keep_their_order_and_count_and_are_url_encoded() -> None:
    available = {
        **NOTHING,
        "label": {"R & S Records": 3, "Planet E": 1},
        "country": {"UK & US": 2},
    }
    label, country = filter_facets(available)[1:3]
    assert label["values"] == [
        {"title": "R & S Records", "value": "R+%26+S+Records", "count": 3},
        {"title": "Planet E", "value": "Planet+E", "count": 1},
    ]
    assert country["values"] == [{"title": "UK & US", "value": "UK+%26+US", "count": 2}]
