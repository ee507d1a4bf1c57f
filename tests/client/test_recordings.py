"""Every real answer recorded from the API decodes into the client's model, losing nothing:
each key lands in a field with its value, or in the object's ``extra``. And the models name
every key the API has been seen to send (``extra`` stays empty on the recordings)."""

from __future__ import annotations

import json
import typing
from typing import Any

import pytest

from discogs_service_client._models._base import decode
from tests.client.lossless import losses, unknown_keys
from tests.client.recordings import Recording, model_for, recordings, require_responses

RECORDINGS = list(recordings())


def _id(recording: Recording) -> str:
    return recording.source


@pytest.fixture(autouse=True)
def _responses() -> None:
    require_responses()


def test_there_are_recordings_of_every_kind() -> None:
    """Guards the loaders: a changed file layout must not turn into zero cases."""
    assert len(RECORDINGS) >= 100
    assert len({model_for(r.method, r.path) for r in RECORDINGS}) >= 35


@pytest.mark.parametrize("recording", RECORDINGS, ids=_id)
def test_recording_decodes_with_nothing_lost(recording: Recording) -> None:
    kind = model_for(recording.method, recording.path)
    assert kind is not None, f"no model for {recording.method} {recording.path}"
    value = decode(recording.body, kind)
    assert losses(value, recording.json) == []


@pytest.mark.parametrize("recording", RECORDINGS, ids=_id)
def test_models_name_every_key_of_the_recording(recording: Recording) -> None:
    value = decode(recording.body, model_for(recording.method, recording.path))
    assert unknown_keys(value) == []


def with_a_key_of_tomorrow(
    value: Any, found: list[str], mappings: tuple[str, ...], where: str = "$"
) -> Any:
    """``value`` with a key no model names added to every JSON object in it that is a model
    (not to those in ``mappings``: JSON objects that are dicts of anything, such as price
    suggestions by condition); ``found`` collects where."""
    if isinstance(value, dict):
        out = {
            key: with_a_key_of_tomorrow(item, found, mappings, f"{where}.{key}")
            for key, item in value.items()
        }
        if not where.startswith(mappings):
            out["field_of_tomorrow"] = {"nested": [1, 2]}
            found.append(f"{where}.field_of_tomorrow")
        return out
    if isinstance(value, list):
        return [
            with_a_key_of_tomorrow(item, found, mappings, f"{where}[{i}]")
            for i, item in enumerate(value)
        ]
    return value


@pytest.mark.parametrize("recording", RECORDINGS, ids=_id)
def test_unknown_keys_everywhere_are_kept_where_they_were(recording: Recording) -> None:
    """The slow path: the same recording with a new key in every object decodes, keeps each
    new key on the object it was in, and loses nothing else."""
    kind = model_for(recording.method, recording.path)
    mappings = ("$.filters.applied", "$.filters.available")
    added: list[str] = []
    if typing.get_origin(kind) is dict:  # the root is a mapping: a new key only in its values
        changed = {
            key: with_a_key_of_tomorrow(item, added, mappings, f"$.{key}")
            for key, item in recording.json.items()
        }
    else:
        changed = with_a_key_of_tomorrow(recording.json, added, mappings)
    value = decode(json.dumps(changed).encode(), kind)
    assert losses(value, changed) == []
    # Paths name attributes where the JSON names keys; the one renamed field is "from".
    assert sorted(unknown_keys(value)) == sorted(p.replace(".from.", ".from_.") for p in added)
