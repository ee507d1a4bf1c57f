"""The OpenAPI documents (``discogs-openapi.seed.yaml`` and ``discogs-openapi.head.yaml``) as a
contract for the operations on users' data (ratings by user, profiles, contributions and
submissions, the collection, the wantlist, lists), checked with schemathesis against a server
on both engines, signed in as the owner with a personal token.

* Generated requests (positive and negative, every built-in check) for every such operation of
  each document, their path parameters aimed half the time at the owner and at ids she has,
  so that requests reach the handlers and not only the 404 of an unknown user.
* Stateful sequences (``Collecting``, a hypothesis state machine: neither document has
  OpenAPI links to chain operations by): create a folder, add releases, move, rate, set a
  field, delete, delete the folder, with wants and ratings on the way, each run as a new
  user; every answer is checked against the document with the same checks, and the counts
  at the end.

Where a document contradicts the real API (live recordings win), the server is not bent:
each such place is written down in ``docs/seed-spec-deviations.md`` and relaxed in
``contract()`` below, exactly there, with the entry's number.
"""

from __future__ import annotations

import copy
import itertools
from dataclasses import dataclass
from typing import Any

import jsonschema_rs
import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    Bundle,
    RuleBasedStateMachine,
    consumes,
    multiple,
    precondition,
    rule,
    run_state_machine_as_test,
)
from schemathesis.core.transport import Response
from schemathesis.specs.openapi.checks import positive_data_acceptance

from discogs_service.limits import MAX_BIGINT
from discogs_service.services import lists
from tests.collectors import Collectors
from tests.contract.openapi_support import (
    HEAD,
    HEADERS,
    SEED,
    answer_unreadable_queries,
    empty_or,
    load,
    refuse_nul_in_text,
    refused_for_its_page_links,
    relax_paging,
    relax_uri,
)
from tests.functional.accounts_support import token_header

SEED_OPERATIONS = [
    "getReleaseRatingByUser",
    "putReleaseRatingByUser",
    "deleteReleaseRatingByUser",
    "getUserProfile",
    "postUserProfile",
    "getUserContributions",
    "getUserSubmissions",
    "getCollectionFolders",
    "postCollectionFolders",
    "getCollectionFolder",
    "postCollectionFolder",
    "deleteCollectionFolder",
    "getCollectionItemsByRelease",
    "getCollectionItemsByFolder",
    "postReleaseToCollectionFolder",
    "postChangeRatingOfRelease",
    "deleteInstanceFromCollectionFolder",
]
HEAD_OPERATIONS = [
    *SEED_OPERATIONS,
    "editFieldsInstance",
    "getCustomFields",
    "getCollectionValue",
    "getWantlist",
    "addToWantlist",
    "updateInWantlist",
    "deleteFromWantlist",
    "getLists",
    "getList",
]
DOCUMENTS = {"seed": (SEED, SEED_OPERATIONS), "head": (HEAD, HEAD_OPERATIONS)}
USERS_DATA_TAGS = {"User Identity", "User Collection", "User Wantlist", "User Lists"}

for _path, _ in DOCUMENTS.values():
    if not _path.is_file():
        pytest.skip(
            "the OpenAPI documents live beside the repository (../shared/reference), not"
            f" in it; this checkout has none at {_path}",
            allow_module_level=True,
        )


def users_data_operations(document: dict[str, Any]) -> set[str]:
    """The operations of a document on users' data: those of its users' tags, and those of
    another tag that act on a user's own things (``{username}`` in the path)."""
    return {
        operation["operationId"]
        for path, item in document["paths"].items()
        for operation in item.values()
        if isinstance(operation, dict)
        and (USERS_DATA_TAGS & set(operation.get("tags", [])) or "{username}" in path)
    }


# -- the contract: a document with the written deviations applied ---------------------------


def contract(document: dict[str, Any], operation_ids: list[str]) -> dict[str, Any]:
    """``document`` with the deviations of docs/seed-spec-deviations.md that concern its
    operations on users' data applied."""
    spec = copy.deepcopy(document)
    relax_paging(spec)  # D1, D2 and D11's page and per_page
    answer_unreadable_queries(spec, operation_ids)  # D3
    _empty_sort_is_the_default(spec)  # D11
    _ratings(spec)
    _profile(spec)
    _collection(spec)
    _basic_information(spec)
    if "getWantlist" in operation_ids:
        _head_only(spec)
    _contributions(spec)
    refuse_nul_in_text(spec, operation_ids)  # D17
    return spec


def _operation(spec: dict[str, Any], operation_id: str) -> dict[str, Any]:
    for item in spec["paths"].values():
        for operation in item.values():
            if isinstance(operation, dict) and operation.get("operationId") == operation_id:
                return operation
    raise KeyError(operation_id)


def _body_of(operation: dict[str, Any], status: str) -> dict[str, Any]:
    schema: dict[str, Any] = operation["responses"][status]["content"]["application/json"]["schema"]
    return schema


def _empty_sort_is_the_default(spec: dict[str, Any]) -> None:
    # D11: an empty sort or sort_order is read as absent (the default).
    parameters = spec["components"]["parameters"]
    for name in ("SortField", "SortOrder"):
        parameters[name]["schema"]["enum"].append("")


def _ratings(spec: dict[str, Any]) -> None:
    # D31: PUT answers 201 with the rating, DELETE 204; a user's rating is 1 to 5.
    put = _operation(spec, "putReleaseRatingByUser")
    put["responses"]["201"] = put["responses"].pop("200")
    put["parameters"] = [
        _one_to_five(spec) if parameter.get("$ref", "").endswith("/Rating") else parameter
        for parameter in put["parameters"]
    ]
    delete = _operation(spec, "deleteReleaseRatingByUser")
    delete["responses"]["204"] = delete["responses"].pop("200")


def _one_to_five(spec: dict[str, Any]) -> dict[str, Any]:
    rating = copy.deepcopy(spec["components"]["parameters"]["Rating"])
    rating["schema"].update(minimum=1, maximum=5)
    rating["required"] = True  # D31: a PUT without a rating is refused too
    return rating


def _profile(spec: dict[str, Any]) -> None:
    # D42: a profile's home page, banner and avatar are "" when there is none.
    profile = spec["components"]["schemas"]["UserProfile"]["allOf"][1]
    relax_uri(profile, "home_page", "banner_url", "avatar_url")
    # D48: an edit's home page is "" (none) or an http(s) address; its texts are bounded.
    parameters = spec["components"]["parameters"]
    parameters["HomePage"]["schema"] = empty_or(
        {"type": "string", "pattern": WEB_ADDRESS, "maxLength": PROFILE_LENGTHS["home_page"]}
    )
    edit = _operation(spec, "postUserProfile")
    edit["parameters"] = [_bounded(spec, parameter) for parameter in edit["parameters"]]
    # D48: the home page served is the address stored, which may be an IRI (as D8's urls).
    profile["properties"]["home_page"] = empty_or({"type": "string", "pattern": WEB_ADDRESS})


# D48: the longest value of each text of a profile; a home page's form.
PROFILE_LENGTHS = {"name": 255, "home_page": 2000, "location": 255, "profile": 20000}
WEB_ADDRESS = "^[hH][tT][tT][pP][sS]?://[^\\x00-\\x20\\x7f/?#]+[^\\x00-\\x20\\x7f]*$"


def _bounded(spec: dict[str, Any], reference: dict[str, Any]) -> dict[str, Any]:
    """A profile edit's parameter as the server reads it (D48): texts with their longest
    value, the currency also empty."""
    parameter = spec["components"]["parameters"][reference["$ref"].rsplit("/", 1)[1]]
    if parameter["name"] == "curr_abbr":  # D48: an empty one is ignored, as recorded
        ignored = copy.deepcopy(parameter)
        ignored["schema"] = empty_or(ignored["schema"])
        return ignored
    if parameter["name"] not in ("name", "location", "profile"):
        return reference
    bounded = copy.deepcopy(parameter)
    bounded["schema"]["maxLength"] = PROFILE_LENGTHS[parameter["name"]]
    return bounded


def _collection(spec: dict[str, Any]) -> None:
    # D19: the folders list has no pagination.
    folders = _body_of(_operation(spec, "getCollectionFolders"), "200")
    folders["required"].remove("pagination")
    # D46: a folder's name is required, 1 to 255 characters.
    for operation_id in ("postCollectionFolders", "postCollectionFolder"):
        _require_a_folder_name(spec, _operation(spec, operation_id))
    # D24: a move to a folder that does not exist answers the 422 ``detail`` body.
    move = _operation(spec, "postChangeRatingOfRelease")
    _detail_or_message(move)
    if "requestBody" in move:  # the head document's
        # D47: the body is a JSON object; any other JSON is refused with 400.
        body = copy.deepcopy(spec["components"]["requestBodies"]["MoveInstance"])
        body["content"]["application/json"]["schema"]["type"] = "object"
        # D49: a number in a body is at most a 64-bit integer.
        body["content"]["application/json"]["schema"]["properties"]["folder_id"]["maximum"] = (
            MAX_BIGINT
        )
        move["requestBody"] = body
        move["responses"]["400"] = _error_answer("The request body cannot be read.")


def _require_a_folder_name(spec: dict[str, Any], operation: dict[str, Any]) -> None:
    operation["parameters"] = [
        _folder_name(spec, parameter) if parameter.get("$ref", "").endswith("/Name") else parameter
        for parameter in operation["parameters"]
    ]


def _folder_name(spec: dict[str, Any], reference: dict[str, Any]) -> dict[str, Any]:
    """The shared ``Name`` with the operation's own words, required, of 1 to 255 characters
    and not blank: some character that is not white space as Python counts it, which besides
    a regular expression's ``\\s`` also counts the separators U+001C-U+001F and U+0085."""
    name = copy.deepcopy(spec["components"]["parameters"]["Name"])
    name.update({key: value for key, value in reference.items() if key != "$ref"})
    name["required"] = True
    name["schema"].update(minLength=1, maxLength=255, pattern="[^\\s\\x1c-\\x1f\\x85]")
    return name


def _error_answer(description: str) -> dict[str, Any]:
    return {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ServiceError"}}},
    }


def _basic_information(spec: dict[str, Any]) -> None:
    # D43: a collection item's or a want's basic_information is the short form of a release;
    # D5: its thumb and cover_image are "".
    schemas = spec["components"]["schemas"]
    schemas["BasicInformation"] = {
        "type": "object",
        "properties": {
            "id": {"type": "integer"},
            "master_id": {"type": "integer"},
            "master_url": {"type": ["string", "null"], "format": "uri"},
            "resource_url": {"type": "string", "format": "uri"},
            "thumb": {"type": "string", "const": ""},
            "cover_image": {"type": "string", "const": ""},
            "title": {"type": "string"},
            "year": {"type": "integer"},
            "formats": {"type": "array", "items": {"$ref": "#/components/schemas/ReleaseFormat"}},
            "labels": {"type": "array", "items": {"$ref": "#/components/schemas/LabelId"}},
            "artists": {"type": "array", "items": {"$ref": "#/components/schemas/ArtistId"}},
            "genres": {"type": "array", "items": {"type": "string"}},
            "styles": {"type": "array", "items": {"type": "string"}},
        },
    }
    schemas["BasicInformation"]["required"] = list(schemas["BasicInformation"]["properties"])
    item = schemas["ReleaseInFolder"]["properties"]
    item["basic_information"] = {"$ref": "#/components/schemas/BasicInformation"}
    # D9: credits and labels without a Discogs page (no id) have no resource_url.
    relax_uri(schemas["ArtistId"], "resource_url")
    relax_uri(schemas["LabelId"], "resource_url")


def _detail_or_message(operation: dict[str, Any]) -> None:
    """The 422 of ``operation`` is D3's body or the API's other form, ``{"detail":
    [{"loc", "msg", "type"}], "message"}``."""
    detail = {
        "type": "object",
        "properties": {
            "message": {"type": "string"},
            "detail": {
                "type": "array",
                "items": {
                    "type": "object",
                    "properties": {
                        "loc": {"type": "array"},
                        "msg": {"type": "string"},
                        "type": {"type": "string"},
                    },
                    "required": ["loc", "msg", "type"],
                },
            },
        },
        "required": ["detail", "message"],
    }
    answer = operation["responses"]["422"]["content"]["application/json"]
    answer["schema"] = {"anyOf": [answer["schema"], detail]}


def _head_only(spec: dict[str, Any]) -> None:
    """The deviations of what only the head document has: fields, wants, lists."""
    # D25: a field edit's unknown folder and field answer the 422 ``detail`` body.
    _detail_or_message(_operation(spec, "editFieldsInstance"))
    # D45: the custom fields of a public collection answer without credentials.
    del _operation(spec, "getCustomFields")["security"]
    _wantlist(spec)
    _lists(spec)


def _wantlist(spec: dict[str, Any]) -> None:
    # D35: a want's notes are text of at most 10,000 characters.
    notes = spec["components"]["parameters"]["Notes"]["schema"]
    notes["maxLength"] = 10000
    # D44: a want's notes are a string (the collection's notes are field values).
    want = copy.deepcopy(spec["components"]["schemas"]["ReleaseInFolder"])
    want["properties"]["notes"] = {"type": "string"}
    spec["components"]["schemas"]["Want"] = want
    for operation_id in ("getWantlist", "addToWantlist", "updateInWantlist"):
        _point_at_want(_operation(spec, operation_id))


def _point_at_want(operation: dict[str, Any]) -> None:
    for answer in operation["responses"].values():
        body = answer.get("content", {}).get("application/json", {}).get("schema", {})
        target = body["properties"]["wants"]["items"] if "properties" in body else body
        if target.get("$ref", "").endswith("/ReleaseInFolder"):
            target["$ref"] = "#/components/schemas/Want"


def _lists(spec: dict[str, Any]) -> None:
    schemas = spec["components"]["schemas"]
    # D40: a list has the 2026 shape: the summary's keys, its owner and its image, then items.
    summary = schemas["ListId"]
    summary["properties"]["image_url"] = {"type": "string", "const": ""}
    summary["required"] += ["user", "image_url"]
    the_list = schemas["List"]
    items = the_list["properties"]["items"]
    the_list["properties"] = {**summary["properties"], "items": items}
    the_list["required"] = [*summary["required"], "items"]
    item = items["items"]
    # D41: items of masters too; D5/D40: an item's image_url is "".
    item["properties"]["type"]["enum"].append("master")
    item["properties"]["image_url"] = empty_or(item["properties"]["image_url"])
    item["required"].append("comment")


def _contributions(spec: dict[str, Any]) -> None:
    # D36: contributions are a list of release documents under ``contributions``.
    body = _body_of(_operation(spec, "getUserContributions"), "200")
    del body["properties"]["submissions"]
    body["properties"]["contributions"] = {
        "type": "array",
        "items": {"$ref": "#/components/schemas/Release"},
    }


# -- the owner's collection, the ids the requests are aimed at ------------------------------

OWNER = "alice"
# What ``owned()`` makes, in an empty database: ids are assigned in that order.
AIMED = {
    "username": OWNER,
    "release_id": 1,
    "folder_id": 2,
    "instance_id": 1,
    "field_id": 3,
    "list_id": 1,
}


@dataclass
class Owned:
    """The server, the owner's token, what she has."""

    collectors: Collectors
    token: str

    @property
    def url(self) -> str:
        return self.collectors.url

    @property
    def headers(self) -> dict[str, str]:
        return {**HEADERS, **token_header(self.token)}


@pytest.fixture
def owned(collectors: Collectors) -> Owned:
    """Alice with a folder holding release 1 (instance 1), release 2 in Uncategorized, a
    want, a rating and a public list; ids as ``AIMED`` says."""
    alice = collectors.alice
    folder = alice.post(f"/users/{OWNER}/collection/folders", json={"name": "Jazz"}).json()
    added = alice.post(f"/users/{OWNER}/collection/folders/{folder['id']}/releases/1").json()
    alice.post(f"/users/{OWNER}/collection/folders/1/releases/2")
    alice.put(f"/users/{OWNER}/wants/3", json={"notes": "a clean copy"})
    alice.put(f"/releases/1/rating/{OWNER}", json={"rating": 4})
    assert alice.user is not None
    list_id = lists.create_list(collectors.storage.lists, alice.user, "Jazz", "Nights.", True)
    lists.add_item(collectors.storage.lists, alice.user, list_id, "release", 1, "a favourite")
    assert (folder["id"], added["instance_id"], list_id) == (
        AIMED["folder_id"],
        AIMED["instance_id"],
        AIMED["list_id"],
    )
    return Owned(collectors, alice.token)


def schema_of(name: str) -> Any:
    """The contract of the named document, its users'-data operations only, path parameters
    aimed at the owner's things half the time."""
    path, operation_ids = DOCUMENTS[name]
    spec = contract(load(path), operation_ids)
    loaded = schemathesis.openapi.from_dict(spec).include(operation_id=operation_ids)
    loaded.hook("flatmap_path_parameters")(aim_path_parameters)
    return loaded


def aim_path_parameters(context: Any, path_parameters: dict[str, Any] | None) -> Any:
    """flatmap_path_parameters: the generated values, or the owner's ids in their place.
    A value its schema refuses (a negative case) is kept: aiming it would make the case
    positive while schemathesis still expects a refusal."""
    if not path_parameters:
        return st.just(path_parameters)
    schemas = context.operation.path_parameters.schema["properties"]
    aimed = {
        name: AIMED[name] if name in AIMED and _is_valid(schemas[name], value) else value
        for name, value in path_parameters.items()
    }
    return st.sampled_from([path_parameters, aimed])


def _is_valid(schema: dict[str, Any], value: Any) -> bool:
    return bool(jsonschema_rs.is_valid(schema, value))


SCHEMAS = {name: schema_of(name) for name in DOCUMENTS}


# -- coverage ------------------------------------------------------------------------------


@pytest.mark.parametrize("name", DOCUMENTS)
def test_the_contract_covers_every_users_data_operation(name: str) -> None:
    path, operation_ids = DOCUMENTS[name]
    assert set(operation_ids) == users_data_operations(load(path))
    included = {
        result.ok().definition.raw["operationId"] for result in SCHEMAS[name].get_all_operations()
    }
    assert included == set(operation_ids)


# -- generated requests --------------------------------------------------------------------

GENERATED = settings(
    max_examples=25,
    deadline=None,
    database=None,
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.filter_too_much,
        HealthCheck.function_scoped_fixture,
    ],
)


# Refusals of valid input that depend on what the owner has, not on the request's shape:
# a schema cannot state them, so a valid request may meet them (the entry of each).
STATE_REFUSALS = (
    "cannot be renamed.",  # D20
    "cannot be deleted.",  # D20
    "releases cannot be added to folder 0.",  # D20
    "A folder must be empty before it can be deleted.",  # D21
    "Invalid folder_id: folder does not exist.",  # D24, D25
)


def check(case: schemathesis.Case, response: Response, headers: dict[str, str]) -> None:
    """Every check on the answer; a written refusal of valid input (D18, STATE_REFUSALS)
    is still checked against the document, only not counted as valid input refused."""
    if refused_for_its_page_links(response):
        return
    excluded = [positive_data_acceptance] if refused_by_state(response) else []
    case.validate_response(response, headers=headers, excluded_checks=excluded)


def refused_by_state(response: Response) -> bool:
    return response.status_code == 422 and any(text in response.text for text in STATE_REFUSALS)


def _check(case: schemathesis.Case, owned: Owned) -> None:
    check(case, case.call(base_url=owned.url, headers=owned.headers), owned.headers)


@SCHEMAS["seed"].parametrize()
@GENERATED
def test_generated_requests_seed(case: schemathesis.Case, owned: Owned) -> None:
    _check(case, owned)


@SCHEMAS["head"].parametrize()
@GENERATED
def test_generated_requests_head(case: schemathesis.Case, owned: Owned) -> None:
    _check(case, owned)


# -- stateful sequences ----------------------------------------------------------------------

RELEASES = st.integers(min_value=1, max_value=40)  # the small catalogue's
UNCATEGORIZED = 1
_RUNS = itertools.count()
FOLDER_NAMES = st.text(st.characters(categories=["L", "N"]), min_size=1, max_size=40)
INSTANCE = (
    "/users/{username}/collection/folders/{folder_id}/releases/{release_id}/instances/{instance_id}"
)


@dataclass
class Copy:
    """An instance as the machine expects the server to hold it."""

    release_id: int
    folder_id: int


class Collecting(RuleBasedStateMachine):
    """Create folders, add releases, move, rate, set fields, remove, delete folders, want and
    rate releases, signed in as the owner; every answer is checked against the document, and
    the counts the server shows against what the machine did. Each run is a new user's, so
    that every run starts from an empty collection."""

    folders = Bundle("folders")
    instances = Bundle("instances")

    def __init__(self, collectors: Collectors, schema: Any) -> None:
        super().__init__()
        member = collectors.member(f"collector{next(_RUNS)}")
        member.client.close()
        self.username = member.name
        self.headers = {**HEADERS, **token_header(member.token)}
        self.url = collectors.url
        self.schema = schema
        self.operation_ids = {
            result.ok().definition.raw["operationId"] for result in schema.get_all_operations()
        }
        self.folder_ids = {UNCATEGORIZED}
        self.copies: dict[int, Copy] = {}
        self.wants: set[int] = set()
        self.rated: set[int] = set()

    def has(self, operation_id: str) -> bool:
        return operation_id in self.operation_ids

    def send(
        self,
        method: str,
        path: str,
        status: int,
        *,
        path_parameters: dict[str, Any] | None = None,
        query: dict[str, Any] | None = None,
        body: Any = None,
    ) -> Any:
        """The request through the document's operation, every check on its answer, and the
        status the machine expects."""
        json_body = {"body": body, "media_type": "application/json"} if body is not None else {}
        case = self.schema[path][method].Case(
            path_parameters={"username": self.username, **(path_parameters or {})},
            query=query,
            **json_body,
        )
        response = case.call(base_url=self.url, headers=self.headers)
        check(case, response, self.headers)
        assert response.status_code == status, (method, path, response.text)
        return response.json() if response.content else None

    def wanted(self) -> set[int]:
        page = self.send("GET", "/users/{username}/wants", 200, query={"per_page": 100})
        return {want["id"] for want in page["wants"]}

    # -- folders -----------------------------------------------------------------------------

    @rule(target=folders, name=FOLDER_NAMES)
    def create_folder(self, name: str) -> int:
        folder = self.send(
            "POST", "/users/{username}/collection/folders", 201, query={"name": name}
        )
        assert (folder["name"], folder["count"]) == (name, 0)
        self.folder_ids.add(folder["id"])
        return int(folder["id"])

    @rule(folder_id=folders, name=FOLDER_NAMES)
    def rename_folder(self, folder_id: int, name: str) -> None:
        renamed = self.send(
            "POST", "/users/{username}/collection/folders/{folder_id}",
            200 if folder_id in self.folder_ids else 404,
            path_parameters={"folder_id": folder_id}, query={"name": name},
        )  # fmt: skip
        if folder_id in self.folder_ids:
            assert renamed["name"] == name

    @rule(folder_id=consumes(folders))
    def delete_folder(self, folder_id: int) -> None:
        held = any(kept.folder_id == folder_id for kept in self.copies.values())
        exists = folder_id in self.folder_ids
        self.send(
            "DELETE", "/users/{username}/collection/folders/{folder_id}",
            (422 if held else 204) if exists else 404,  # D21
            path_parameters={"folder_id": folder_id},
        )  # fmt: skip
        if not held:
            self.folder_ids.discard(folder_id)

    # -- instances ---------------------------------------------------------------------------

    @rule(target=instances, folder_id=folders | st.just(UNCATEGORIZED), release_id=RELEASES)
    def add(self, folder_id: int, release_id: int) -> Any:
        exists = folder_id in self.folder_ids
        item = self.send(
            "POST", "/users/{username}/collection/folders/{folder_id}/releases/{release_id}",
            201 if exists else 404,
            path_parameters={"folder_id": folder_id, "release_id": release_id},
        )  # fmt: skip
        if not exists:
            return multiple()
        self.copies[item["instance_id"]] = Copy(release_id, folder_id)
        return item["instance_id"]

    @rule(instance_id=instances, folder_id=folders | st.just(UNCATEGORIZED))
    def move(self, instance_id: int, folder_id: int) -> None:
        if instance_id not in self.copies:
            return
        exists = folder_id in self.folder_ids
        self.send(
            "POST", INSTANCE, 204 if exists else 422,  # D24
            path_parameters=self.path_of(instance_id), **self.move_to(folder_id),
        )  # fmt: skip
        if exists:
            self.copies[instance_id].folder_id = folder_id

    def move_to(self, folder_id: int) -> dict[str, Any]:
        """A move's field: in the head document's JSON body; the seed has none: the query."""
        if self.has("editFieldsInstance"):
            return {"body": {"folder_id": folder_id}}
        return {"query": {"folder_id": folder_id}}

    @rule(instance_id=instances, rating=st.integers(min_value=0, max_value=5))
    def rate_instance(self, instance_id: int, rating: int) -> None:
        if instance_id not in self.copies:
            return
        self.send(
            "POST", INSTANCE, 204,
            path_parameters=self.path_of(instance_id), query={"rating": rating},
        )  # fmt: skip
        # The rating of an instance is the owner's rating of its release (0 withdraws it).
        if rating:
            self.rated.add(self.copies[instance_id].release_id)
        else:
            self.rated.discard(self.copies[instance_id].release_id)

    @precondition(lambda self: self.has("editFieldsInstance"))
    @rule(instance_id=instances, field_id=st.integers(min_value=1, max_value=3), value=st.text())
    def set_field(self, instance_id: int, field_id: int, value: str) -> None:
        if instance_id not in self.copies:
            return
        self.send(
            "POST", INSTANCE + "/fields/{field_id}",
            422 if "\x00" in value else 204,  # D17
            path_parameters={**self.path_of(instance_id), "field_id": field_id},
            query={"value": value},
        )  # fmt: skip

    @rule(instance_id=consumes(instances))
    def remove(self, instance_id: int) -> None:
        if instance_id not in self.copies:
            return
        self.send("DELETE", INSTANCE, 204, path_parameters=self.path_of(instance_id))
        del self.copies[instance_id]

    def path_of(self, instance_id: int) -> dict[str, int]:
        kept = self.copies[instance_id]
        return {
            "folder_id": kept.folder_id,
            "release_id": kept.release_id,
            "instance_id": instance_id,
        }

    # -- wants and ratings -------------------------------------------------------------------

    @precondition(lambda self: self.has("addToWantlist"))
    @rule(release_id=RELEASES)
    def want(self, release_id: int) -> None:
        self.send(
            "PUT", "/users/{username}/wants/{release_id}", 201,
            path_parameters={"release_id": release_id},
        )  # fmt: skip
        self.wants.add(release_id)

    @precondition(lambda self: self.has("deleteFromWantlist"))
    @rule(release_id=RELEASES)
    def unwant(self, release_id: int) -> None:
        self.send(
            "DELETE", "/users/{username}/wants/{release_id}",
            204,  # wanted or not (DAC 2026, api-surface.md section 5)
            path_parameters={"release_id": release_id},
        )  # fmt: skip
        self.wants.discard(release_id)

    @rule(release_id=RELEASES, rating=st.integers(min_value=1, max_value=5))
    def rate_release(self, release_id: int, rating: int) -> None:
        rated = self.send(
            "PUT", "/releases/{release_id}/rating/{username}", 201,
            path_parameters={"release_id": release_id}, query={"rating": rating},
        )  # fmt: skip
        assert rated == {"release_id": release_id, "rating": rating, "username": self.username}
        self.rated.add(release_id)

    @rule(release_id=RELEASES)
    def unrate_release(self, release_id: int) -> None:
        self.send(
            "DELETE", "/releases/{release_id}/rating/{username}", 204,
            path_parameters={"release_id": release_id},
        )  # fmt: skip
        self.rated.discard(release_id)

    # -- the counts --------------------------------------------------------------------------

    def teardown(self) -> None:
        """The counts the server shows are those of what the machine did."""
        listed = self.send("GET", "/users/{username}/collection/folders", 200)["folders"]
        counts = {folder["id"]: folder["count"] for folder in listed}
        expected = {folder_id: 0 for folder_id in self.folder_ids}
        for kept in self.copies.values():
            expected[kept.folder_id] += 1
        assert counts == {0: len(self.copies), **expected}
        everything = self.send(
            "GET", "/users/{username}/collection/folders/{folder_id}/releases", 200,
            path_parameters={"folder_id": 0}, query={"per_page": 100},
        )["releases"]  # fmt: skip
        held = {item["instance_id"]: Copy(item["id"], item["folder_id"]) for item in everything}
        assert held == self.copies
        profile = self.send("GET", "/users/{username}", 200)
        assert profile["num_collection"] == len(self.copies)
        assert profile["releases_rated"] == len(self.rated)
        if self.has("getWantlist"):
            assert self.wanted() == self.wants
            assert profile["num_wantlist"] == len(self.wants)


@pytest.mark.parametrize("name", DOCUMENTS)
def test_stateful_sequences(collectors: Collectors, name: str) -> None:
    run_state_machine_as_test(
        lambda: Collecting(collectors, SCHEMAS[name]),
        settings=settings(
            max_examples=15,
            stateful_step_count=20,
            deadline=None,
            database=None,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
        ),
    )
