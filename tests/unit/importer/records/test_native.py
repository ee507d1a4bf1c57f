"""The compiled release reader (importer/records/native.pyx) against the Python one.

``releases.read_fields`` is the reference; the compiled reader must return the same fields
for every element: every era's committed releases, and made-up records that put text,
CDATA, entities, namespaces and missing parts where the dumps could.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape, quoteattr

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from discogs_service.importer import files, xmlstream
from discogs_service.importer.records import releases
from tests.compiled import compiled
from tests.dumpfiles import DUMPS


def _compiled_fields(element: Any) -> dict[str, Any] | None:
    native = compiled("discogs_service.importer.records.native")
    fields: dict[str, Any] | None = native.read_release_fields(element, releases.absent_fields())
    return fields


def _release_files() -> list[Path]:
    return sorted(
        path
        for path in DUMPS.rglob("*.xml*")
        if "releases" in path.name or path.name.startswith("release")
    )


def _elements(path: Path) -> list[Any]:
    dump = files.identify(path)
    with dump.open() as reader:
        # iter_elements clears each record once the next is asked for: read it now.
        return [
            (element.get("id"), releases.read_fields(element), _compiled_fields(element))
            for element in xmlstream.iter_elements(dump, reader.stream)
        ]


def test_the_importer_uses_the_compiled_reader_when_it_is_built() -> None:
    native = compiled("discogs_service.importer.records.native")
    assert releases._compiled_reader is native.read_release_fields


@pytest.mark.parametrize("path", _release_files(), ids=lambda path: path.name)
def test_every_committed_release_reads_the_same(path: Path) -> None:
    read = _elements(path)
    assert read, f"no releases in {path}"
    for record_id, python, native_fields in read:
        assert native_fields == python, f"release {record_id} of {path.name}"


def _parsed(xml: str) -> Any:
    return etree.fromstring(xml.encode(), xmlstream.safe_parser())


def test_text_runs_cdata_and_references_read_as_lxml_reads_them() -> None:
    element = _parsed(
        '<release id="7"><title>A &amp; <![CDATA[<b>&]]>t&#233;</title>'
        "<country><![CDATA[]]></country><notes/><released>  </released>"
        '<labels><label name="A &amp; B&#65;" catno="" id=" 12 "/><label/></labels>'
        "</release>"
    )
    fields = _compiled_fields(element)
    assert fields == releases.read_fields(element)
    assert fields["title"] == "A & <b>&té"
    assert fields["country"] == ""
    assert fields["labels"][0]["name"] == "A & BA"
    assert fields["labels"][0]["id"] == 12
    assert fields["labels"][1]["name"] == ""


def test_namespaced_children_and_attributes_are_not_the_dumps_own() -> None:
    element = _parsed(
        '<release id="7" xmlns:x="urn:x"><x:title>not this</x:title><title>This</title>'
        '<formats><format x:name="no" qty="2"><x:descriptions><description>No</description>'
        "</x:descriptions></format></formats>"
        "<tracklist><x:track><title>skipped</title></x:track><track><x:position>9</x:position>"
        "<title>Kept</title></track></tracklist></release>"
    )
    fields = _compiled_fields(element)
    assert fields == releases.read_fields(element)
    assert fields["title"] == "This"
    assert fields["formats"] == [{"name": "", "qty": "2", "descriptions": []}]
    assert [track["title"] for track in fields["tracklist"]] == ["Kept"]


def test_an_attribute_holding_an_entity_reference_goes_to_the_python_reader() -> None:
    # Only a document with its own DTD keeps such a reference; a dump's chunk cannot.
    element = _parsed(
        '<!DOCTYPE release [<!ENTITY e "Expanded">]>'
        '<release id="7"><labels><label name="a &e;" id="3"/></labels></release>'
    )
    assert _compiled_fields(element) is None
    converted = releases.convert_release(element)
    assert converted.document["labels"][0]["name"] == "a Expanded"


# -- made-up records ------------------------------------------------------------------------

_ANY_TEXT = st.text(
    alphabet=st.characters(
        codec="utf-8", exclude_categories=["Cs", "Cc"], exclude_characters="\ufffe\uffff"
    )
    | st.sampled_from(["\t", "\n", " ", "&", "<", "]", "'", '"']),
    max_size=12,
)
# Values as the dumps have them too: empty, spaced, numbers (ids, sizes), "true".
_TEXT = st.one_of(
    _ANY_TEXT,
    _ANY_TEXT.map(lambda text: f" {text}\n"),
    st.sampled_from(["", " ", "12", " 7 ", "0", "-3", "99999999999999999999", "true", "False"]),
)


@st.composite
def _text_content(draw: st.DrawFn) -> str:
    """Element content: escaped text and CDATA sections, in any order."""
    parts = draw(st.lists(st.tuples(st.booleans(), _TEXT), max_size=3))
    return "".join(
        f"<![CDATA[{text}]]>" if cdata and "]]>" not in text else escape(text)
        for cdata, text in parts
    )


def _simple(tag: str) -> st.SearchStrategy[str]:
    return st.one_of(
        st.just(f"<{tag}/>"), _text_content().map(lambda content: f"<{tag}>{content}</{tag}>")
    )


def _attributes(names: list[str]) -> st.SearchStrategy[str]:
    chosen = st.lists(st.sampled_from(names), unique=True)
    values = st.lists(_TEXT, min_size=len(names), max_size=len(names))
    return st.tuples(chosen, values).map(
        lambda pair: "".join(
            f" {name}={quoteattr(value)}" for name, value in zip(*pair, strict=False)
        )
    )


def _one_of_tags(tags: list[str]) -> st.SearchStrategy[str]:
    return st.one_of(*(_simple(tag) for tag in tags))


_CREDIT = st.lists(
    _one_of_tags(["name", "id", "anv", "join", "role", "tracks", "other"]), max_size=7
).map(lambda children: f"<artist>{''.join(children)}</artist>")


def _listing(tag: str, entry: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return st.lists(entry, max_size=3).map(lambda entries: f"<{tag}>{''.join(entries)}</{tag}>")


def _empty_with(tag: str, names: list[str]) -> st.SearchStrategy[str]:
    return _attributes(names).map(lambda attributes: f"<{tag}{attributes}/>")


_TRACK = st.lists(
    st.one_of(
        _one_of_tags(["position", "title", "duration"]),
        _listing("artists", _CREDIT),
        _listing("extraartists", _CREDIT),
        _listing("sub_tracks", st.just("<track><position>1a</position><title>S</title></track>")),
    ),
    max_size=5,
).map(lambda children: f"<track>{''.join(children)}</track>")

_FORMAT = st.tuples(
    _attributes(["name", "qty", "text"]),
    st.lists(_listing("descriptions", _simple("description")), max_size=2),
).map(lambda pair: f"<format{pair[0]}>{''.join(pair[1])}</format>")

_VIDEO = st.tuples(
    _attributes(["src", "duration", "embed"]),
    st.lists(_one_of_tags(["title", "description"]), max_size=2),
).map(lambda pair: f"<video{pair[0]}>{''.join(pair[1])}</video>")

_COMPANY = st.lists(
    _one_of_tags(["id", "name", "catno", "entity_type", "entity_type_name", "resource_url"]),
    max_size=6,
).map(lambda children: f"<company>{''.join(children)}</company>")

_CHILD = st.one_of(
    _one_of_tags(["title", "country", "released", "notes", "data_quality", "unknown"]),
    _listing("artists", _CREDIT),
    _listing("extraartists", _CREDIT),
    _listing("labels", _empty_with("label", ["name", "catno", "id"])),
    _listing("series", _empty_with("series", ["name", "catno", "id"])),
    _listing("companies", _COMPANY),
    _listing("formats", _FORMAT),
    _listing("genres", _simple("genre")),
    _listing("styles", _simple("style")),
    _listing("tracklist", _TRACK),
    _listing("identifiers", _empty_with("identifier", ["type", "value", "description"])),
    _listing("videos", _VIDEO),
    _listing("images", _empty_with("image", ["type", "uri", "uri150", "width", "height"])),
    st.tuples(_attributes(["is_main_release"]), _text_content()).map(
        lambda pair: f"<master_id{pair[0]}>{pair[1]}</master_id>"
    ),
)


@settings(max_examples=500, deadline=None)
@given(children=st.lists(_CHILD, max_size=8))
def test_made_up_releases_read_the_same(children: list[str]) -> None:
    element = _parsed(f'<release id="1" status="Accepted">{"".join(children)}</release>')
    assert _compiled_fields(element) == releases.read_fields(element)
