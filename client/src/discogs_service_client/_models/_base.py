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
from typing import Any, TypeVar, cast

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
    found = _take_unknown(raw, kind)
    value = msgspec.convert(raw, kind)
    _give_back(value, found)
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
#
# Both steps run in Python, so they go only where models can be: a walker per type visits the
# fields and items that can hold a model and nothing else, and the unknown keys are put back
# by the path where they were found, not by a second walk.

Path = tuple[str | int, ...]
Walker = Any  # Callable[[Any, Path, list[tuple[Path, dict[str, Any]]]], None]


def _take_unknown(raw: Any, kind: Any) -> list[tuple[Path, dict[str, Any]]]:
    """Remove from each JSON object of ``raw`` the keys its model lacks: (path, keys)."""
    found: list[tuple[Path, dict[str, Any]]] = []
    walker = _walker(_type_info(kind))
    if walker is not None:
        walker(raw, (), found)
    return found


def _give_back(value: Any, found: list[tuple[Path, dict[str, Any]]]) -> None:
    """Put each object's unknown keys on the model made from it."""
    for path, unknown in found:
        target = value
        for step in path:
            if isinstance(target, Model):
                target = getattr(target, _fields(type(target)).attr_of[str(step)])
            else:
                target = target[step]
        target.__dict__["_extra"] = unknown


def _walker(kind: inspect.Type) -> Walker | None:
    """What visits a JSON value of ``kind`` for models; None when it cannot hold one."""
    if isinstance(kind, inspect.StructType):
        return _struct_walker(cast(type[Model], kind.cls))
    if isinstance(kind, inspect.UnionType):
        members = [w for w in map(_walker, kind.types) if w is not None]
        return members[0] if len(members) == 1 else None  # msgspec allows one object type
    if isinstance(kind, inspect.ListType | inspect.VarTupleType):
        return _list_walker(kind.item_type)
    if isinstance(kind, inspect.DictType):
        return _dict_walker(kind.value_type)
    return None


def _struct_walker(cls: type[Model]) -> Walker:
    known = _struct_walkers.get(cls)
    if known is not None:
        return known
    fields = _fields(cls)
    nested: list[tuple[str, Walker]] = []

    def walk(raw: Any, path: Path, found: list[tuple[Path, dict[str, Any]]]) -> None:
        if not isinstance(raw, dict):
            return
        if not raw.keys() <= fields.names:
            found.append((path, {key: raw.pop(key) for key in raw.keys() - fields.names}))
        for key, inner in nested:
            if key in raw:
                inner(raw[key], (*path, key), found)

    # Filled after ``walk`` is remembered, so that a model that holds itself (a track's
    # sub_tracks) finds its own walker instead of recursing forever.
    info = _type_info(cls)
    assert isinstance(info, inspect.StructType)
    _struct_walkers[cls] = walk
    for field in info.fields:
        inner = _walker(field.type)
        if inner is not None:
            nested.append((field.encode_name, inner))
    return walk


_struct_walkers: dict[type[Model], Walker] = {}


def _list_walker(item: inspect.Type) -> Walker | None:
    inner = _walker(item)
    if inner is None:
        return None

    def walk(raw: Any, path: Path, found: list[tuple[Path, dict[str, Any]]]) -> None:
        if isinstance(raw, list):
            for index, value in enumerate(raw):
                inner(value, (*path, index), found)

    return walk


def _dict_walker(value_type: inspect.Type) -> Walker | None:
    inner = _walker(value_type)
    if inner is None:
        return None

    def walk(raw: Any, path: Path, found: list[tuple[Path, dict[str, Any]]]) -> None:
        if isinstance(raw, dict):
            for key, value in raw.items():
                inner(value, (*path, key), found)

    return walk


class _Fields:
    """A model's JSON keys, and the fields that can hold other models."""

    def __init__(self, cls: type[Model]) -> None:
        info = inspect.type_info(cls)
        assert isinstance(info, inspect.StructType)
        self.keys = [(field.name, field.encode_name) for field in info.fields]
        self.names = frozenset(key for _, key in self.keys)
        self.attr_of = {key: attr for attr, key in self.keys}
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
