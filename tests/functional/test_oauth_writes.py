"""OAuth 1.0a-signed writes work as token writes do (issue 12), on both engines, over a real
socket.

Alice gets an access token for her application through the whole dance (signed token
requests, the real sign-in and authorisation pages) and makes the writes of issue 12 with
requests oauthlib signs: JSON bodies as python3-discogs-client sends them (the body is no
part of the signature), form bodies signed with their parameters, and no body. Bob makes
the same writes with his personal token. Each write answers both with the status
api-surface.md gives and the same body (their names and ids aside), and what each wrote reads
back the same. A wrongly signed write (bad signature, replayed nonce, wrong consumer secret)
is refused as a read signed the same wrong way is, and changes nothing.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
from oauthlib import oauth1

from tests.collectors import Collectors
from tests.functional.accounts_support import INVALID_CREDENTIALS, PASSWORD_OF
from tests.functional.oauth_support import (
    Site,
    access_token,
    approve_oob,
    discogs_client_for,
    request_token,
    send_signed,
    send_signed_json,
    signer,
    token_pair,
)

# Releases of the small catalogue, their ids above any folder or instance id the tests make,
# so that making those impersonal (below) never touches a release id.
RATED, WANTED, DROPPED = 30, 31, 32

# A body: ("json", fields) sent as python3-discogs-client sends it, ("form", fields), or None.
Body = tuple[str, dict[str, Any]] | None
Send = Callable[[str, str, Body], httpx.Response]


@dataclass(frozen=True)
class Step:
    """One write of the script: its path names ``{user}`` and the ids earlier steps kept."""

    label: str
    method: str
    path: str
    body: Body
    status: int  # api-surface.md, sections 2-4
    keeps: tuple[str, str] | None = None  # (name, key of the answer) of an id to keep


FOLDERS = "/users/{user}/collection/folders"
ITEMS = FOLDERS + "/{folder}/releases/" + str(RATED)
INSTANCE = FOLDERS + "/1/releases/" + str(RATED) + "/instances/{instance}"
SCRIPT = [
    Step("rate", "PUT", f"/releases/{RATED}/rating/{{user}}", ("json", {"rating": 4}), 201),
    Step("withdraw the rating", "DELETE", f"/releases/{RATED}/rating/{{user}}", None, 204),
    Step(
        "rate by form", "PUT", f"/releases/{RATED}/rating/{{user}}", ("form", {"rating": "2"}), 201
    ),
    Step("make a folder", "POST", FOLDERS, ("json", {"name": "Jazz"}), 201, ("folder", "id")),
    Step("make a spare", "POST", FOLDERS, ("form", {"name": "Spare"}), 201, ("spare", "id")),
    Step("rename", "POST", FOLDERS + "/{folder}", ("json", {"name": "Jazz & Soul"}), 200),
    Step("delete the spare", "DELETE", FOLDERS + "/{spare}", None, 204),
    Step("add", "POST", ITEMS, None, 201, ("instance", "instance_id")),
    Step("add again", "POST", ITEMS, None, 201, ("other", "instance_id")),
    Step(
        "rate and move",
        "POST",
        ITEMS + "/instances/{instance}",
        ("json", {"rating": 5, "folder_id": 1}),
        204,
    ),
    Step("set a field", "POST", INSTANCE + "/fields/3", ("form", {"value": "signed copy"}), 204),
    Step("set another", "POST", INSTANCE + "/fields/1", ("json", {"value": "Mint (M)"}), 204),
    Step("remove the other", "DELETE", ITEMS + "/instances/{other}", None, 204),
    Step("want", "PUT", f"/users/{{user}}/wants/{WANTED}", ("json", {"notes": "first"}), 201),
    Step(
        "edit the want",
        "POST",
        f"/users/{{user}}/wants/{WANTED}",
        ("form", {"notes": "edited", "rating": "3"}),
        200,
    ),
    Step("want another", "PUT", f"/users/{{user}}/wants/{DROPPED}", None, 201),
    Step("drop it", "DELETE", f"/users/{{user}}/wants/{DROPPED}", None, 204),
]


# -- the two ways of signing ------------------------------------------------------------------


def token_sender(http: httpx.Client) -> Send:
    def send(method: str, path: str, body: Body) -> httpx.Response:
        if body is None:
            return http.request(method, path)
        kind, fields = body
        if kind == "json":
            return http.request(method, path, json=fields)
        return http.request(method, path, data=fields)

    return send


def oauth_sender(http: httpx.Client, sign: Callable[[], oauth1.Client]) -> Send:
    """Each request signed by a new oauthlib client (``sign()``): a fresh nonce each."""

    def send(method: str, path: str, body: Body) -> httpx.Response:
        url = str(http.base_url).rstrip("/") + path
        if body is None:
            return send_signed(http, sign(), method, url)
        kind, fields = body
        if kind == "json":
            return send_signed_json(http, sign(), method, url, fields)
        return send_signed(http, sign(), method, url, form=fields)

    return send


@dataclass
class Signed:
    """Alice signing with OAuth, Bob with his token, on the collectors' server."""

    collectors: Collectors
    site: Site
    access: tuple[str, str]
    http: httpx.Client

    def signer(self, **options: Any) -> oauth1.Client:
        return signer(self.site.app, oauth1.SIGNATURE_HMAC_SHA1, self.access, **options)

    @property
    def alice(self) -> Send:
        return oauth_sender(self.http, self.signer)

    @property
    def bob(self) -> Send:
        return token_sender(self.collectors.bob.client)


def alices_access(site: Site) -> tuple[str, str]:
    """An access token through the whole dance: signed requests and the real pages."""
    with site.http() as http:
        request = request_token(site, http, site.app, "oob")
        verifier = approve_oob(site, request[0])
        return token_pair(access_token(site, http, site.app, request, verifier))


@pytest.fixture
def signed(collectors: Collectors) -> Iterator[Signed]:
    alice = collectors.accounts.user("alice")
    app = collectors.accounts.create_application(alice, "Crate Digger", "Sorts records.")
    site = Site(
        collectors.url,
        collectors.storage,
        collectors.accounts,
        app,
        app,
        callback_origin="",
        password=PASSWORD_OF.format("alice"),
    )
    with site.http() as http:
        yield Signed(collectors, site, alices_access(site), http)


# -- what a script did, without whose it was --------------------------------------------------


def run_script(send: Send, user: str) -> tuple[list[tuple[str, int, Any]], dict[str, Any]]:
    """(label, status, answer) of each step, and the ids the steps kept."""
    ids: dict[str, Any] = {"user": user}
    done = []
    for step in SCRIPT:
        answer = send(step.method, step.path.format(**ids), step.body)
        body = answer.json() if answer.content else None
        if step.keeps and answer.status_code < 300:
            name, key = step.keeps
            ids[name] = body[key]
        done.append((step.label, answer.status_code, body))
    return done, ids


# The ids a script keeps, by what they are, and where each shows in an answer.
FOLDER_IDS = ("folder", "spare")
INSTANCE_IDS = ("instance", "other")
KEYS_OF = {"id": FOLDER_IDS, "folder_id": FOLDER_IDS, "instance_id": INSTANCE_IDS}
LINKS_OF = {"/folders/": FOLDER_IDS, "/instances/": INSTANCE_IDS, "instance_id=": INSTANCE_IDS}


def impersonal(value: Any, ids: dict[str, Any]) -> Any:
    """``value`` with the user's name, the folder and instance ids the script kept and dates
    put as names: what two users' identical writes should leave identical. (Release ids
    are above any kept id, so an ``id`` equal to a kept folder's is that folder's.)"""
    if isinstance(value, dict):
        return {key: _impersonal_item(key, item, ids) for key, item in value.items()}
    if isinstance(value, list):
        return [impersonal(item, ids) for item in value]
    if isinstance(value, str):
        text = value.replace(f"/users/{ids['user']}/", "/users/<user>/")
        for link, names in LINKS_OF.items():
            for name in names:
                text = re.sub(rf"({re.escape(link)}){ids.get(name)}\b", rf"\g<1><{name}>", text)
        return "<user>" if text == ids["user"] else text
    return value


def _impersonal_item(key: str, value: Any, ids: dict[str, Any]) -> Any:
    if key == "date_added":
        return "<date>"
    for name in KEYS_OF.get(key, ()):
        if ids.get(name) == value:
            return f"<{name}>"
    return impersonal(value, ids)


PROFILE_FIGURES = ("num_collection", "num_wantlist", "releases_rated", "rating_avg")


def state(member: Any) -> dict[str, Any]:
    """What the user's writes leave, read back through the API with their token."""
    user = member.name
    reads = {
        "folders": f"/users/{user}/collection/folders",
        "collection": f"/users/{user}/collection/folders/0/releases",
        "instances": f"/users/{user}/collection/releases/{RATED}",
        "wantlist": f"/users/{user}/wants",
        "rating": f"/releases/{RATED}/rating/{user}",
    }
    seen = {}
    for name, path in reads.items():
        answer = member.get(path)
        assert answer.status_code == 200, (path, answer.text)
        seen[name] = answer.json()
    profile = member.get(f"/users/{user}").json()
    seen["profile"] = {figure: profile[figure] for figure in PROFILE_FIGURES}
    return seen


# -- the writes -------------------------------------------------------------------------------


def test_signed_writes_answer_and_change_what_token_writes_do(signed: Signed) -> None:
    by_oauth, alices = run_script(signed.alice, "alice")
    by_token, bobs = run_script(signed.bob, "bob")
    expected = [(step.label, step.status) for step in SCRIPT]
    assert [(label, status) for label, status, _ in by_oauth] == expected, by_oauth
    assert [(label, status) for label, status, _ in by_token] == expected, by_token
    for (label, _, alice), (_, _, bob) in zip(by_oauth, by_token, strict=True):
        assert impersonal(alice, alices) == impersonal(bob, bobs), label
    written = state(signed.collectors.alice)
    assert impersonal(written, alices) == impersonal(state(signed.collectors.bob), bobs)
    # What the script meant to leave, so that the two cannot agree on doing nothing.
    folders = {f["name"] for f in written["folders"]["folders"]}
    assert folders == {"All", "Uncategorized", "Jazz & Soul"}
    (item,) = written["instances"]["releases"]
    assert (item["instance_id"], item["folder_id"], item["rating"]) == (alices["instance"], 1, 5)
    assert item["notes"] == [
        {"field_id": 1, "value": "Mint (M)"},
        {"field_id": 3, "value": "signed copy"},
    ]
    (want,) = written["wantlist"]["wants"]
    assert (want["id"], want["notes"], want["rating"]) == (WANTED, "edited", 3)
    assert written["profile"] == {
        "num_collection": 1, "num_wantlist": 1, "releases_rated": 2, "rating_avg": 4.0,
    }  # fmt: skip


# -- wrongly signed writes --------------------------------------------------------------------


WRITES: list[tuple[str, str, Body]] = [
    ("POST", "/users/alice/collection/folders", ("json", {"name": "Forged"})),
    ("POST", "/users/alice/collection/folders", ("form", {"name": "Forged"})),
    ("PUT", f"/users/alice/wants/{WANTED}", ("json", {"notes": "forged"})),
    ("DELETE", f"/releases/{RATED}/rating/alice", None),
    ("DELETE", f"/users/alice/wants/{DROPPED}", None),
]
WRITE_IDS = ["folder by JSON", "folder by form", "want", "withdraw a rating", "drop a want"]
READ = "/users/alice/collection/folders"


def with_something_to_undo(signed: Signed) -> dict[str, Any]:
    """A rating and a want for the forged DELETEs to try to take away; the state then."""
    alice = signed.collectors.alice
    assert alice.put(f"/releases/{RATED}/rating/alice", json={"rating": 4}).status_code == 201
    assert alice.put(f"/users/alice/wants/{DROPPED}").status_code == 201
    return state(alice)


WRONG_SIGNERS: dict[str, Callable[[Signed], oauth1.Client]] = {
    "bad signature": lambda s: oauth1.Client(
        s.site.app.consumer_key,
        client_secret=s.site.app.consumer_secret,
        resource_owner_key=s.access[0],
        resource_owner_secret="not-the-token-secret",
    ),
    "wrong consumer secret": lambda s: oauth1.Client(
        s.site.app.consumer_key,
        client_secret="not-the-consumer-secret",
        resource_owner_key=s.access[0],
        resource_owner_secret=s.access[1],
    ),
}


@pytest.mark.parametrize("wrong", list(WRONG_SIGNERS))
@pytest.mark.parametrize(("method", "path", "body"), WRITES, ids=WRITE_IDS)
def test_a_wrongly_signed_write_is_refused_as_a_read_is_and_changes_nothing(
    signed: Signed, wrong: str, method: str, path: str, body: Body
) -> None:
    before = with_something_to_undo(signed)
    send = oauth_sender(signed.http, lambda: WRONG_SIGNERS[wrong](signed))
    read = send("GET", READ, None)
    assert (read.status_code, read.json()) == (401, {"message": INVALID_CREDENTIALS})
    write = send(method, path, body)
    assert (write.status_code, write.headers["content-type"], write.content) == (
        read.status_code,
        read.headers["content-type"],
        read.content,
    )
    assert state(signed.collectors.alice) == before


def fixed_nonce(signed: Signed, nonce: str) -> Send:
    """Every request signed with the same nonce and timestamp: the second is a replay."""
    timestamp = str(int(time.time()))
    return oauth_sender(signed.http, lambda: signed.signer(nonce=nonce, timestamp=timestamp))


@pytest.mark.parametrize(("method", "path", "body"), WRITES, ids=WRITE_IDS)
def test_a_replayed_write_is_refused_as_a_replayed_read_is_and_changes_nothing(
    signed: Signed, method: str, path: str, body: Body
) -> None:
    with_something_to_undo(signed)
    read = fixed_nonce(signed, "readnonce1")
    assert read("GET", READ, None).status_code == 200
    read_again = read("GET", READ, None)
    assert read_again.status_code == 401
    write = fixed_nonce(signed, "writenonce1")
    assert write(method, path, body).status_code < 300
    after_once = state(signed.collectors.alice)
    replayed = write(method, path, body)
    assert (replayed.status_code, replayed.headers["content-type"], replayed.content) == (
        read_again.status_code,
        read_again.headers["content-type"],
        read_again.content,
    )
    assert state(signed.collectors.alice) == after_once


def test_a_signed_form_body_that_is_not_the_one_sent_is_refused(signed: Signed) -> None:
    """A form's fields are part of the signature: a changed body does not verify."""
    before = state(signed.collectors.alice)
    url = f"{signed.collectors.url}{READ}"
    form = {"Content-Type": "application/x-www-form-urlencoded"}
    uri, headers, _body = signed.signer().sign(url, "POST", "name=Signed", form)
    tampered = signed.http.post(uri, headers=headers, content=b"name=Forged")
    assert (tampered.status_code, tampered.json()) == (401, {"message": INVALID_CREDENTIALS})
    assert state(signed.collectors.alice) == before


def test_the_discogs_client_writes_with_its_oauth_token(signed: Signed) -> None:
    """The unmodified python3-discogs-client, signed in with Alice's access token, writes
    through its own models (JSON bodies, and a POST without one)."""
    client = discogs_client_for(signed.site, signed.site.app)
    client.set_token(*signed.access)
    me = client.identity()
    assert me.username == "alice"
    me.wantlist.add(WANTED, notes="from the client", rating=3)
    me.wantlist.add(DROPPED)
    me.wantlist.remove(DROPPED)
    uncategorized = next(f for f in me.collection_folders if f.id == 1)
    uncategorized.add_release(RATED)
    written = state(signed.collectors.alice)
    (want,) = written["wantlist"]["wants"]
    assert (want["id"], want["notes"], want["rating"]) == (WANTED, "from the client", 3)
    (item,) = written["instances"]["releases"]
    assert item["folder_id"] == 1
    assert written["profile"]["num_collection"] == 1
