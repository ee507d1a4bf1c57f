"""Whether a decoded model still holds everything the JSON it came from held: each key either
in a field (with an equal value) or in the object's ``extra``."""

from __future__ import annotations

from typing import Any

from msgspec import inspect

from discogs_service_client import Model


def losses(value: Any, raw: Any, where: str = "$") -> list[str]:
    """Where ``value`` differs from ``raw``; empty when nothing was lost or changed."""
    if isinstance(value, Model):
        return _model_losses(value, raw, where)
    if isinstance(value, list):
        if not isinstance(raw, list) or len(raw) != len(value):
            return [f"{where}: {raw!r:.80} became {value!r:.80}"]
        return [
            loss for i, item in enumerate(value) for loss in losses(item, raw[i], f"{where}[{i}]")
        ]
    if isinstance(value, dict):
        if not isinstance(raw, dict) or raw.keys() != value.keys():
            return [f"{where}: keys {sorted(raw)} became {sorted(value)}"]
        return [loss for key in raw for loss in losses(value[key], raw[key], f"{where}.{key}")]
    same_kind = isinstance(value, bool) == isinstance(raw, bool)
    return [] if same_kind and value == raw else [f"{where}: {raw!r:.80} became {value!r:.80}"]


def unknown_keys(value: Any, where: str = "$") -> list[str]:
    """Where the models lack a field for a key they were given."""
    found: list[str] = []
    if isinstance(value, Model):
        found += [f"{where}.{key}" for key in value.extra]
        for attr, _key in _keys(type(value)):
            found += unknown_keys(getattr(value, attr), f"{where}.{attr}")
    elif isinstance(value, list):
        for i, item in enumerate(value):
            found += unknown_keys(item, f"{where}[{i}]")
    elif isinstance(value, dict):
        for key, item in value.items():
            found += unknown_keys(item, f"{where}.{key}")
    return found


def _model_losses(value: Model, raw: Any, where: str) -> list[str]:
    if not isinstance(raw, dict):
        return [f"{where}: {raw!r:.80} became an object"]
    attr_of = {key: attr for attr, key in _keys(type(value))}
    found: list[str] = []
    for key, item in raw.items():
        if key in attr_of:
            found += losses(getattr(value, attr_of[key]), item, f"{where}.{key}")
        elif key not in value.extra or value.extra[key] != item:
            found.append(f"{where}.{key}: lost")
    return found


def _keys(cls: type[Model]) -> list[tuple[str, str]]:
    info = inspect.type_info(cls)
    assert isinstance(info, inspect.StructType)
    return [(field.name, field.encode_name) for field in info.fields]
