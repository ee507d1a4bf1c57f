"""The base of every model, and decoding that keeps what the models do not know.

msgspec would drop the keys a Struct has no field for. The API adds fields over the years,
so nothing is dropped and nothing unknown makes decoding fail:

* the fast path: the models forbid unknown keys, so msgspec's typed decoder (all in C)
  succeeds exactly when the answer holds nothing the models do not name, as nearly every
  answer does;
* the slow path, for an answer that holds a key some model lacks: the body is read as plain
  JSON, each object's unknown keys are taken out and kept aside, the rest converts into the
  models, and each object gets its own unknown keys back as ``model.extra``.

``to_builtins`` writes models back to JSON values, their unknown keys included.
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


class Model(
    msgspec.Struct, kw_only=True, dict=True, omit_defaults=True, forbid_unknown_fields=True
):
    """A JSON object of the API. Keys absent from an answer take the field's default
    (the API leaves out empty lists and unknown values rather than sending null).

    Decode answers with ``decode`` (the client does): it keeps unknown keys, where
    ``msgspec.json.decode(..., type=...)`` alone would refuse them."""

    @property
    def extra(self) -> Mapping[str, Any]:
        """The keys of this object that the model has no field for, as JSON values."""
        extra: Mapping[str, Any] = self.__dict__.get("_extra", _NOTHING)
        return extra


def decode(body: bytes, kind: type[T]) -> T:
    """``body`` as ``kind``, every unknown key kept on the object it belongs to.

    Raises msgspec.ValidationError or msgspec.DecodeError for a body of another shape."""
    try:
        value: T = _decoder(kind).decode(body)
        return value
    except msgspec.ValidationError:
        pass  # an unknown key somewhere, or a body of another shape: look closer
    raw = msgspec.json.decode(body)
    kept: dict[int, dict[str, Any]] = {}
    _take_unknown(raw, _type_info(kind), kept)
    value = msgspec.convert(raw, kind)
    _give_back(value, raw, kept)
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
_TYPE_INFOS: dict[Any, inspect.Type] = {}


def _type_info(kind: Any) -> inspect.Type:
    info = _TYPE_INFOS.get(kind)
    if info is None:
        info = _TYPE_INFOS[kind] = inspect.type_info(kind)
    return info


def _decoder(kind: Any) -> msgspec.json.Decoder[Any]:
    decoder = _DECODERS.get(kind)
    if decoder is None:
        decoder = _DECODERS[kind] = msgspec.json.Decoder(kind)
    return decoder


def _present(model: Model) -> list[tuple[str, str]]:
    """(attribute, JSON key) of the fields that differ from their default (omit_defaults)."""
    encoded = msgspec.to_builtins(model)
    return [(attr, key) for attr, key in _fields(type(model)).keys if key in encoded]


# -- the slow path -----------------------------------------------------------------------------


def _take_unknown(raw: Any, kind: inspect.Type, kept: dict[int, dict[str, Any]]) -> None:
    """Remove from each JSON object of ``raw`` the keys its model lacks, into ``kept`` (by the
    object's id: the objects live until the decode ends)."""
    if isinstance(kind, inspect.StructType):
        if isinstance(raw, dict):
            fields = _fields(kind.cls)
            unknown = raw.keys() - fields.names
            if unknown:
                kept[id(raw)] = {key: raw.pop(key) for key in unknown}
            for field in kind.fields:
                if field.encode_name in raw:
                    _take_unknown(raw[field.encode_name], field.type, kept)
    elif isinstance(kind, inspect.UnionType):
        for member in kind.types:
            if isinstance(member, inspect.StructType | inspect.ListType | inspect.DictType):
                _take_unknown(raw, member, kept)
    elif isinstance(kind, inspect.ListType | inspect.VarTupleType) and isinstance(raw, list):
        for item in raw:
            _take_unknown(item, kind.item_type, kept)
    elif isinstance(kind, inspect.DictType) and isinstance(raw, dict):
        for item in raw.values():
            _take_unknown(item, kind.value_type, kept)


def _give_back(value: Any, raw: Any, kept: dict[int, dict[str, Any]]) -> None:
    """Put the kept keys on the models made from their objects."""
    if isinstance(value, Model) and isinstance(raw, dict):
        unknown = kept.get(id(raw))
        if unknown:
            value.__dict__["_extra"] = unknown
        for attr, key in _fields(type(value)).nested:
            if key in raw:
                _give_back(getattr(value, attr), raw[key], kept)
    elif isinstance(value, list) and isinstance(raw, list):
        for item, raw_item in zip(value, raw, strict=False):
            _give_back(item, raw_item, kept)
    elif isinstance(value, dict) and isinstance(raw, dict):
        for key, item in value.items():
            _give_back(item, raw.get(key), kept)


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
