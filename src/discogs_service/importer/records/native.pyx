# cython: language_level=3, boundscheck=False, wraparound=False
"""A release's fields read from libxml2's nodes, built by Cython when the package is.

``releases.read_fields`` is the reference: this returns exactly what it returns for every
element, or None for one it leaves to it (the tests compare the two on every era's dump
excerpts and on made-up edge cases). The Python reader visits each child through an lxml
proxy object, made and freed per element; here the walk follows the C tree lxml parsed
into, and only the values become Python objects. 2,178 releases of the synthetic dump:
65-69 against 24-26 us a release, the worker's whole job 261-314 against 229-238
(benchmarks/README.md, "A compiled reader").

What lxml's API would say, said from its nodes:
* ``element.text``: the text and CDATA nodes before its first other child, joined, here ""
  for none (every caller writes ``text or ""``);
* ``element.get(name)``: the value of the attribute of that name in no namespace;
* ``child.tag == "name"``: an element of that name in no namespace (lxml writes
  "{uri}name" for one in a namespace, which no reader asks for).
The rules themselves (ids, links, sizes) stay in Python and are called from here.
"""

from libc.string cimport strcmp
from lxml.includes cimport tree
from lxml.includes.etreepublic cimport _Element, import_lxml__etree
from lxml.includes.tree cimport xmlNode

from discogs_service import documents
from discogs_service.importer.records import common

import_lxml__etree()

cdef object _link = documents.link
cdef object _reference_id = common.reference_id
cdef object _small_int = common.small_int


cdef inline bint _is_text(xmlNode* node):
    return node.type == tree.XML_TEXT_NODE or node.type == tree.XML_CDATA_SECTION_NODE


cdef inline str _decoded(const unsigned char* content):
    return (<const char*>content).decode("utf-8") if content is not NULL else ""


cdef str _text(xmlNode* element):
    cdef xmlNode* node = element.children
    if node is NULL or not _is_text(node):
        return ""
    if node.next is NULL or not _is_text(node.next):
        return _decoded(node.content)
    parts = []
    while node is not NULL and _is_text(node):
        parts.append(_decoded(node.content))
        node = node.next
    return "".join(parts)


class _NotPlain(Exception):
    """An attribute whose value is not plain text nodes (an entity reference the parser kept):
    the record is read by the Python reader instead, which asks libxml2 for the value."""


cdef object _attribute(xmlNode* element, const char* name):
    cdef tree.xmlAttr* attribute = element.properties
    cdef xmlNode* node
    while attribute is not NULL:
        if attribute.ns is NULL and strcmp(<const char*>attribute.name, name) == 0:
            node = attribute.children
            if node is NULL:
                return ""
            if node.next is NULL and node.type == tree.XML_TEXT_NODE:
                return _decoded(node.content)
            parts = []
            while node is not NULL:
                if node.type != tree.XML_TEXT_NODE:
                    raise _NotPlain()
                parts.append(_decoded(node.content))
                node = node.next
            return "".join(parts)
        attribute = attribute.next
    return None


cdef inline bint _element(xmlNode* node):
    return node.type == tree.XML_ELEMENT_NODE


cdef inline bint _named(xmlNode* node, const char* name):
    return (
        node.type == tree.XML_ELEMENT_NODE
        and node.ns is NULL
        and strcmp(<const char*>node.name, name) == 0
    )


cdef dict _credit(xmlNode* element):
    artist_id = 0
    cdef str name = "", anv = "", join = "", role = "", tracks = ""
    cdef xmlNode* child = element.children
    while child is not NULL:
        if _named(child, "name"):
            name = _text(child)
        elif _named(child, "id"):
            artist_id = _reference_id(_text(child))
        elif _named(child, "anv"):
            anv = _text(child)
        elif _named(child, "join"):
            join = _text(child)
        elif _named(child, "role"):
            role = _text(child)
        elif _named(child, "tracks"):
            tracks = _text(child)
        child = child.next
    return {
        "name": name,
        "anv": anv,
        "join": join,
        "role": role,
        "tracks": tracks,
        "id": artist_id,
        "resource_url": _link(f"/artists/{artist_id}") if artist_id else "",
    }


cdef list _credits(xmlNode* parent):
    cdef list result = []
    cdef xmlNode* child = parent.children
    while child is not NULL:
        if _named(child, "artist"):
            result.append(_credit(child))
        child = child.next
    return result


cdef list _strings(xmlNode* parent):
    cdef list result = []
    cdef xmlNode* child = parent.children
    while child is not NULL:
        if _element(child):
            result.append(_text(child))
        child = child.next
    return result


cdef list _labels(xmlNode* parent, str entity_type, str type_name):
    cdef list result = []
    cdef xmlNode* entry = parent.children
    while entry is not NULL:
        if _element(entry):
            label_id = _reference_id(_attribute(entry, "id"))
            result.append(
                {
                    "name": _attribute(entry, "name") or "",
                    "catno": _attribute(entry, "catno") or "",
                    "entity_type": entity_type,
                    "entity_type_name": type_name,
                    "id": label_id,
                    "resource_url": _link(f"/labels/{label_id}") if label_id else "",
                }
            )
        entry = entry.next
    return result


cdef list _companies(xmlNode* parent):
    cdef list result = []
    cdef xmlNode* company = parent.children
    cdef xmlNode* child
    while company is not NULL:
        if _element(company):
            values = {"id": "", "name": "", "catno": "", "entity_type": "", "entity_type_name": ""}
            child = company.children
            while child is not NULL:
                if _element(child) and child.ns is NULL:
                    tag = (<const char*>child.name).decode("utf-8")
                    if tag in values:
                        values[tag] = _text(child)
                child = child.next
            label_id = _reference_id(values["id"])
            result.append(
                {
                    "name": values["name"],
                    "catno": values["catno"],
                    "entity_type": values["entity_type"],
                    "entity_type_name": values["entity_type_name"],
                    "id": label_id,
                    "resource_url": _link(f"/labels/{label_id}") if label_id else "",
                }
            )
        company = company.next
    return result


cdef list _formats(xmlNode* parent):
    cdef list result = []
    cdef xmlNode* fmt = parent.children
    cdef xmlNode* child
    while fmt is not NULL:
        if _element(fmt):
            descriptions = []
            child = fmt.children
            while child is not NULL:
                if _named(child, "descriptions"):
                    descriptions = _strings(child)
                child = child.next
            entry = {"name": _attribute(fmt, "name") or "", "qty": _attribute(fmt, "qty") or ""}
            text = _attribute(fmt, "text")
            if text:
                entry["text"] = text
            entry["descriptions"] = descriptions
            result.append(entry)
        fmt = fmt.next
    return result


cdef list _identifiers(xmlNode* parent):
    cdef list result = []
    cdef xmlNode* identifier = parent.children
    while identifier is not NULL:
        if _element(identifier):
            entry = {
                "type": _attribute(identifier, "type") or "",
                "value": _attribute(identifier, "value") or "",
            }
            description = _attribute(identifier, "description")
            if description:
                entry["description"] = description
            result.append(entry)
        identifier = identifier.next
    return result


cdef list _tracklist(xmlNode* parent):
    cdef list result = []
    cdef xmlNode* child = parent.children
    while child is not NULL:
        if _named(child, "track"):
            result.append(_track(child))
        child = child.next
    return result


cdef dict _track(xmlNode* element):
    cdef str position = "", title = "", duration = ""
    artists = extraartists = sub_tracks = None
    cdef xmlNode* child = element.children
    while child is not NULL:
        if _named(child, "position"):
            position = _text(child)
        elif _named(child, "title"):
            title = _text(child)
        elif _named(child, "duration"):
            duration = _text(child)
        elif _named(child, "artists"):
            artists = _credits(child)
        elif _named(child, "extraartists"):
            extraartists = _credits(child)
        elif _named(child, "sub_tracks"):
            sub_tracks = _tracklist(child)
        child = child.next
    if sub_tracks:
        kind = "index"
    elif not position and not duration:
        kind = "heading"
    else:
        kind = "track"
    track = {"position": position, "type_": kind, "title": title}
    if artists:
        track["artists"] = artists
    if extraartists:
        track["extraartists"] = extraartists
    track["duration"] = duration
    if sub_tracks:
        track["sub_tracks"] = sub_tracks
    return track


cdef list _videos(xmlNode* parent):
    cdef list result = []
    cdef xmlNode* video = parent.children
    cdef xmlNode* child
    while video is not NULL:
        if _named(video, "video"):
            title = description = ""
            child = video.children
            while child is not NULL:
                if _named(child, "title"):
                    title = _text(child)
                elif _named(child, "description"):
                    description = _text(child)
                child = child.next
            result.append(
                {
                    "uri": _attribute(video, "src") or "",
                    "title": title,
                    "description": description,
                    "duration": _small_int(_attribute(video, "duration")),
                    "embed": (_attribute(video, "embed") or "true").strip().lower() == "true",
                }
            )
        video = video.next
    return result


cdef list _images(xmlNode* parent):
    cdef list result = []
    cdef xmlNode* image = parent.children
    while image is not NULL:
        if _named(image, "image"):
            uri = _attribute(image, "uri") or ""
            result.append(
                {
                    "type": _attribute(image, "type") or "secondary",
                    "uri": uri,
                    "resource_url": uri,
                    "uri150": _attribute(image, "uri150") or "",
                    "width": _small_int(_attribute(image, "width")),
                    "height": _small_int(_attribute(image, "height")),
                }
            )
        image = image.next
    return result


def read_release_fields(_Element element not None, dict fields not None):
    """``releases.read_fields(element)``, the children read into ``fields`` (what a release
    without them says); None when the record needs the Python reader."""
    try:
        return _release_fields(element, fields)
    except _NotPlain:
        return None


cdef dict _release_fields(_Element element, dict fields):
    cdef xmlNode* child = element._c_node.children
    while child is not NULL:
        if _named(child, "title"):
            fields["title"] = _text(child)
        elif _named(child, "country"):
            fields["country"] = _text(child)
        elif _named(child, "released"):
            fields["released"] = _text(child)
        elif _named(child, "notes"):
            fields["notes"] = _text(child)
        elif _named(child, "data_quality"):
            fields["data_quality"] = _text(child)
        elif _named(child, "artists"):
            fields["artists"] = _credits(child)
        elif _named(child, "extraartists"):
            fields["extraartists"] = _credits(child)
        elif _named(child, "labels"):
            fields["labels"] = _labels(child, "1", "Label")
        elif _named(child, "series"):
            fields["series"] = _labels(child, "2", "Series")
        elif _named(child, "companies"):
            fields["companies"] = _companies(child)
        elif _named(child, "formats"):
            fields["formats"] = _formats(child)
        elif _named(child, "genres"):
            fields["genres"] = _strings(child)
        elif _named(child, "styles"):
            fields["styles"] = _strings(child)
        elif _named(child, "tracklist"):
            fields["tracklist"] = _tracklist(child)
        elif _named(child, "identifiers"):
            fields["identifiers"] = _identifiers(child)
        elif _named(child, "videos"):
            fields["videos"] = _videos(child)
        elif _named(child, "images"):
            fields["images"] = _images(child)
        elif _named(child, "master_id"):
            fields["master_id"] = _reference_id(_text(child))
            fields["is_main_release"] = _attribute(child, "is_main_release") == "true"
        child = child.next
    return fields
