"""The base of every model, and decoding that keeps what the models do not know.

msgspec decodes straight into the typed Structs and would drop keys it has no field for.
The API adds fields over the years, so the decoder also reads the body as plain JSON and
walks both side by side: each object's keys without a field are kept on that object
(``model.extra``), and ``to_builtins`` writes them back. Nothing a server sent is lost, and
nothing unknown makes decoding fail.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from types import MappingProxyType
from typing import Any, TypeVar

import msgspec
from msgspec import inspect

__all__ = ["Model", "decode", "to_builtins"]

T = TypeVar("T")
_NOTHING: Mapping[str, Any] = MappingProxyType({})


class Model(msgspec.Struct, kw_only=True, dict=True, omit_defaults=True):
    """A JSON object of the API. Keys absent from an answer take the field's default
    (the API leaves out empty lists and unknown values rather than sending null)."""

    @property
    def extra(self) -> Mapping[str, Any]:
        """The keys of this object that the model has no field for, as JSON values."""
        extra: Mapping[str, Any] = self.__dict__.get("_extra", _NOTHING)
        return extra


def decode(body: bytes, kind: type[T]) -> T:
    """``body`` as ``kind``, every unknown key kept on the object it belongs to.

    Raises msgspec.ValidationError or msgspec.DecodeError for a body of another shape."""
    value: T = _decoder(kind).decode(body)
    _keep_unknown(value, msgspec.json.decode(body))
    return value


def to_builtins(value: Any) -> Any:
    """A model as JSON values, with the unknown keys it was decoded with."""
    if isinstance(value, Model):
        out = {key: to_builtins(getattr(value, attr)) for attr, key in _present(value)}
        out.update(value.extra)
        return out
    if isinstance(value, list | tuple):
        return [to_builtins(item) for item in value]
    if isinstance(value, dict):
        return {key: to_builtins(item) for key, item in value.items()}
    return msgspec.to_builtins(value)


_DECODERS: dict[Any, msgspec.json.Decoder[Any]] = {}


def _decoder(kind: Any) -> msgspec.json.Decoder[Any]:
    decoder = _DECODERS.get(kind)
    if decoder is None:
        decoder = _DECODERS[kind] = msgspec.json.Decoder(kind)
    return decoder


def _present(model: Model) -> list[tuple[str, str]]:
    """(attribute, JSON key) of the fields that differ from their default (omit_defaults)."""
    encoded = msgspec.to_builtins(model)
    return [(attr, key) for attr, key in _fields(type(model)).keys if key in encoded]


def _keep_unknown(value: Any, raw: Any) -> None:
    if isinstance(value, Model):
        if isinstance(raw, dict):
            _keep_unknown_of_model(value, raw)
    elif isinstance(value, list):
        if isinstance(raw, list):
            for item, raw_item in zip(value, raw, strict=False):
                _keep_unknown(item, raw_item)
    elif isinstance(value, dict) and isinstance(raw, dict):
        for key, item in value.items():
            _keep_unknown(item, raw.get(key))


def _keep_unknown_of_model(model: Model, raw: dict[str, Any]) -> None:
    fields = _fields(type(model))
    unknown = raw.keys() - fields.names
    if unknown:
        model.__dict__["_extra"] = {key: raw[key] for key in unknown}
    for attr, key in fields.nested:
        _keep_unknown(getattr(model, attr), raw.get(key))


class _Fields:
    """A model's JSON keys, and the fields that can hold other models."""

    def __init__(self, cls: type[Model]) -> None:
        info = inspect.type_info(cls)
        assert isinstance(info, inspect.StructType)
        self.keys = [(field.name, field.encode_name) for field in info.fields]
        self.names = frozenset(key for _, key in self.keys)
        self.nested = [
            (field.name, field.encode_name) for field in info.fields if _may_hold(field.type)
        ]


@cache
def _fields(cls: type[Model]) -> _Fields:
    return _Fields(cls)


def _may_hold(kind: inspect.Type) -> bool:
    """Whether a value of this type can contain a model."""
    if isinstance(kind, inspect.StructType):
        return True
    if isinstance(kind, inspect.UnionType):
        return any(_may_hold(member) for member in kind.types)
    if isinstance(kind, inspect.ListType | inspect.VarTupleType):
        return _may_hold(kind.item_type)
    if isinstance(kind, inspect.DictType):
        return _may_hold(kind.value_type)
    return False
