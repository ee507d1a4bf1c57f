"""Every real answer recorded from the API decodes into the client's model, losing nothing:
each key lands in a field with its value, or in the object's ``extra``. And the models name
every key the API has been seen to send (``extra`` stays empty on the recordings)."""

from __future__ import annotations

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
