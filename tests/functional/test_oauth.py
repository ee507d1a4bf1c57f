"""OAuth 1.0a over real HTTP, without a browser: the three legs with PLAINTEXT and HMAC-SHA1,
GET and POST, parameters in the header, the query or a form body; ``oob`` and callbacks; and
every refusal the issue names. Requests are signed by oauthlib's own client; the approval
goes through the real sign-in and authorisation forms. Both engines."""

from __future__ import annotations

import logging
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import parse_qsl, urlsplit

import httpx
import pytest
from oauthlib import oauth1

from tests.functional.oauth_support import (
    Site,
    access_token,
    approve_oob,
    decide,
    expire_request_token,
    request_token,
    send_signed,
    signer,
    token_pair,
)

HMAC = oauth1.SIGNATURE_HMAC_SHA1
PLAINTEXT = oauth1.SIGNATURE_PLAINTEXT
HEADER = oauth1.SIGNATURE_TYPE_AUTH_HEADER
QUERY = oauth1.SIGNATURE_TYPE_QUERY
BODY = oauth1.SIGNATURE_TYPE_BODY
INVALID_CREDENTIALS = "Invalid consumer token. Please register an app before making requests."


def identity(
    site: Site, access: tuple[str, str], method: str = HMAC, **options: object
) -> httpx.Response:
    with site.http() as http:
        return send_signed(
            http, signer(site.app, method, access, **options), "GET", f"{site.url}/oauth/identity"
        )


def full_dance(site: Site) -> tuple[str, str]:
    with site.http() as http:
        request = request_token(site, http, site.app, "oob")
        verifier = approve_oob(site, request[0])
        return token_pair(access_token(site, http, site.app, request, verifier))


# -- the three legs, every way clients send them ----------------------------------------------


@pytest.mark.parametrize(
    ("method", "verb", "placement"),
    [
        (HMAC, "POST", "form"),  # python3-discogs-client: oauth_callback in a form body
        (HMAC, "GET", QUERY),  # every oauth_* parameter in the query string
        (HMAC, "GET", "query-callback"),  # oauth_callback in the query, the rest in the header
        (PLAINTEXT, "GET", HEADER),  # the Discogs docs' request
        (PLAINTEXT, "POST", BODY),  # every oauth_* parameter in the form body
    ],
)
def test_dance_with_each_signature_method_and_placement(
    site: Site, method: str, verb: str, placement: str
) -> None:
    with site.http() as http:
        client = signer(site.app, method)
        if placement == "form":
            answer = send_signed(
                http, client, verb, f"{site.url}/oauth/request_token", {"oauth_callback": "oob"}
            )
        elif placement == "query-callback":
            url = f"{site.url}/oauth/request_token?oauth_callback=oob"
            answer = send_signed(http, client, verb, url)
        else:
            client.callback_uri = "oob"
            answer = send_signed(
                http, client, verb, f"{site.url}/oauth/request_token", signature_type=placement
            )
        assert answer.headers["content-type"].startswith("application/x-www-form-urlencoded")
        assert answer.headers["cache-control"] == "no-store"
        fields = dict(parse_qsl(answer.text))
        assert fields["oauth_callback_confirmed"] == "true"
        request = token_pair(answer)
        assert len(request[0]) == 40 and request[0].isalnum()

        verifier = approve_oob(site, request[0])

        client = signer(site.app, method, request, verifier=verifier)
        signature_type = placement if placement in (QUERY, BODY) else HEADER
        answer = send_signed(
            http, client, verb, f"{site.url}/oauth/access_token", signature_type=signature_type
        )
        access = token_pair(answer)
        assert sorted(dict(parse_qsl(answer.text))) == ["oauth_token", "oauth_token_secret"]
        assert access[0] != request[0]

        client = signer(site.app, method, access)
        me = send_signed(http, client, "GET", f"{site.url}/oauth/identity", signature_type=HEADER)
    assert me.status_code == 200, me.text
    assert me.json() == {
        "id": 1,
        "username": "alice",
        "resource_url": f"{site.url}/users/alice",
        "consumer_name": "Crate Digger",
    }
    assert me.headers["cache-control"] == "private, no-store"


def test_signed_form_body_of_an_api_call_counts_in_the_signature(site: Site) -> None:
    access = full_dance(site)
    with site.http() as http:
        client = signer(site.app, HMAC, access)
        url = f"{site.url}/oauth/identity"
        uri, headers, _body = client.sign(
            url, "POST", "note=one", {"Content-Type": "application/x-www-form-urlencoded"}
        )
        # The body that arrives is not the one that was signed.
        tampered = http.post(uri, headers=headers, content=b"note=two")
    assert tampered.status_code == 401
    assert tampered.json() == {"message": INVALID_CREDENTIALS}


# -- callbacks ---------------------------------------------------------------------------------


def test_approval_redirects_to_the_callback_with_token_and_verifier(site: Site) -> None:
    callback = f"{site.callback_origin}/oauth/callback?state=s1"
    with site.http() as http:
        request = request_token(site, http, site.web_app, callback)
        answer = decide(site, request[0], "approve")
        assert answer.status_code == 303
        location = urlsplit(answer.headers["location"])
        assert f"{location.scheme}://{location.netloc}{location.path}" == callback.split("?")[0]
        query = dict(parse_qsl(location.query))
        assert query["state"] == "s1"
        assert query["oauth_token"] == request[0]
        access = token_pair(
            access_token(site, http, site.web_app, request, query["oauth_verifier"])
        )
    assert access[0] and access[1]


def test_without_a_callback_the_registered_one_is_used(site: Site) -> None:
    with site.http() as http:
        client = signer(site.web_app)
        request = token_pair(send_signed(http, client, "POST", f"{site.url}/oauth/request_token"))
    answer = decide(site, request[0], "approve")
    assert answer.status_code == 303
    assert answer.headers["location"].startswith(f"{site.callback_origin}/oauth/callback?")


def test_without_any_callback_the_verifier_is_shown(site: Site) -> None:
    with site.http() as http:
        client = signer(site.app)  # no callback sent, none registered
        request = token_pair(send_signed(http, client, "POST", f"{site.url}/oauth/request_token"))
    assert approve_oob(site, request[0])


@pytest.mark.parametrize(
    "callback", ["http://elsewhere.example/oauth/callback", "javascript:alert(1)"]
)
def test_callback_off_the_registered_origin_is_refused(site: Site, callback: str) -> None:
    with site.http() as http:
        answer = send_signed(
            http,
            signer(site.web_app, callback_uri=callback),
            "POST",
            f"{site.url}/oauth/request_token",
        )
    assert answer.status_code == 400
    assert answer.text == "Invalid callback URL."


def test_denial_redirects_with_denied_and_the_token_is_gone(site: Site) -> None:
    callback = f"{site.callback_origin}/oauth/callback"
    with site.http() as http:
        request = request_token(site, http, site.web_app, callback)
        answer = decide(site, request[0], "deny")
        assert answer.status_code == 303
        assert answer.headers["location"] == f"{callback}?denied={request[0]}"
        refused = access_token(site, http, site.web_app, request, "A" * 30)
        assert refused.status_code == 400
        assert refused.text.startswith("Invalid or expired request token")
        page = http.get("/oauth/authorize", params={"oauth_token": request[0]})
    assert page.status_code == 400
    assert "Authorization request expired" in page.text


# -- refusals ----------------------------------------------------------------------------------


def test_bad_signature_is_refused(site: Site) -> None:
    wrong = oauth1.Client(site.app.consumer_key, client_secret="not-the-secret", callback_uri="oob")
    with site.http() as http:
        answer = send_signed(http, wrong, "POST", f"{site.url}/oauth/request_token")
    assert answer.status_code == 401
    assert answer.text == "Invalid signature."
    assert answer.headers["content-type"].startswith("text/plain")


def test_bad_signature_on_an_api_call_is_never_anonymous(site: Site) -> None:
    access = full_dance(site)
    wrong = oauth1.Client(
        site.app.consumer_key,
        client_secret=site.app.consumer_secret,
        resource_owner_key=access[0],
        resource_owner_secret="not-the-token-secret",
    )
    with site.http() as http:
        answer = send_signed(http, wrong, "GET", f"{site.url}/")
    assert answer.status_code == 401
    assert answer.json() == {"message": INVALID_CREDENTIALS}


def test_unknown_consumer_is_refused(site: Site) -> None:
    stranger = oauth1.Client("K" * 20, client_secret="S" * 32, callback_uri="oob")
    with site.http() as http:
        answer = send_signed(http, stranger, "POST", f"{site.url}/oauth/request_token")
    assert answer.status_code == 401
    assert answer.text == "Invalid consumer."


def test_unsigned_token_request_names_the_missing_parameter(site: Site) -> None:
    with site.http() as http:
        answer = http.post("/oauth/request_token")
    assert answer.status_code == 400
    assert answer.text == "Parameter not found: oauth_consumer_key"


NOT_OAUTH = ["Discogs token=abcdef0123456789", "Basic YWxpY2U6c2VjcmV0", "OAuth garbage"]


@pytest.mark.parametrize("authorization", NOT_OAUTH)
@pytest.mark.parametrize("endpoint", ["/oauth/request_token", "/oauth/access_token"])
def test_an_authorization_that_is_not_oauth_is_a_bad_request(
    site: Site, caplog: pytest.LogCaptureFixture, endpoint: str, authorization: str
) -> None:
    """As an unsigned request: no OAuth parameter to read, no server error."""
    with site.http({"Authorization": authorization}) as http:
        for answer in (http.get(endpoint), http.post(endpoint)):
            assert answer.status_code == 400, answer.text
            assert answer.text == "Parameter not found: oauth_consumer_key"
            assert answer.headers["content-type"].startswith("text/plain")
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]


def test_a_malformed_oauth_header_is_a_bad_request(
    site: Site, caplog: pytest.LogCaptureFixture
) -> None:
    header = f'OAuth oauth_consumer_key="{site.app.consumer_key}", oauth_signature="x&", garbage'
    with site.http({"Authorization": header}) as http:
        token_call = http.post("/oauth/request_token")
        api_call = http.get("/oauth/identity")
    with site.http() as http:
        bad_query = http.get(
            f"/oauth/request_token?oauth_consumer_key={site.app.consumer_key}&x=%ZZ"
        )
    assert token_call.status_code == 400
    assert token_call.text == "Invalid OAuth request: Malformed authorization header"
    assert bad_query.status_code == 400
    assert bad_query.text == "Invalid OAuth request: Invalid hex encoding in query string"
    # On an API call, credentials that cannot be read are credentials that do not verify.
    assert api_call.status_code == 401
    assert api_call.json() == {"message": INVALID_CREDENTIALS}
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]


def test_a_nul_in_an_oauth_parameter_is_refused_alike_on_both_engines(site: Site) -> None:
    """The callback is stored: PostgreSQL's text cannot hold a NUL, SQLite's can."""
    callback = "http://127.0.0.1/back\x00"
    with site.http() as http:
        for placement in (HEADER, BODY):
            client = signer(site.app, callback_uri=callback)
            answer = send_signed(
                http, client, "POST", f"{site.url}/oauth/request_token", signature_type=placement
            )
            assert answer.status_code == 400, answer.text
            assert answer.text == "Invalid OAuth request: A parameter holds a NUL character"
        access = full_dance(site)
        signed = signer(site.app, HMAC, access, nonce="a\x00b")
        api_call = send_signed(http, signed, "GET", f"{site.url}/oauth/identity")
        assert api_call.status_code == 401
        assert api_call.json() == {"message": INVALID_CREDENTIALS}
        signed = signer(site.app, HMAC, access)
        edit = send_signed(http, signed, "POST", f"{site.url}/users/alice", {"name": "a\x00b"})
        assert edit.status_code == 422
        assert edit.json() == {"message": "Invalid name: expected text without NUL characters."}
        in_query = http.get(
            "/oauth/identity",
            params={"oauth_consumer_key": site.app.consumer_key, "oauth_token": "a\x00b"},
        )
        assert in_query.status_code == 422
        assert in_query.json() == {
            "message": "Invalid oauth_token: expected text without NUL characters."
        }


def test_wrong_verifier_is_refused_and_the_right_one_still_works(site: Site) -> None:
    with site.http() as http:
        request = request_token(site, http, site.app, "oob")
        verifier = approve_oob(site, request[0])
        wrong = access_token(site, http, site.app, request, "B" * 30)
        assert wrong.status_code == 400
        assert wrong.text == "Invalid or expired verifier."
        assert token_pair(access_token(site, http, site.app, request, verifier))


def test_verifier_is_exchanged_once(site: Site) -> None:
    with site.http() as http:
        request = request_token(site, http, site.app, "oob")
        verifier = approve_oob(site, request[0])
        assert token_pair(access_token(site, http, site.app, request, verifier))
        again = access_token(site, http, site.app, request, verifier)
    assert again.status_code == 400


def test_unapproved_request_token_cannot_be_exchanged(site: Site) -> None:
    with site.http() as http:
        request = request_token(site, http, site.app, "oob")
        answer = access_token(site, http, site.app, request, "C" * 30)
    assert answer.status_code == 400
    assert answer.text.startswith("Invalid or expired request token")


def test_expired_verifier_is_refused(site: Site) -> None:
    with site.http() as http:
        request = request_token(site, http, site.app, "oob")
        verifier = approve_oob(site, request[0])
        expire_request_token(site, request[0])
        answer = access_token(site, http, site.app, request, verifier)
    assert answer.status_code == 400
    assert answer.text == "Invalid or expired request token: request tokens last 15 minutes."


# Past the 300 s window with a margin: a skew of 301 was accepted whenever a second passed
# between signing and the server's check (seen on a loaded machine).
@pytest.mark.parametrize("skew", [-330, 330])
def test_timestamp_outside_the_window_is_refused(site: Site, skew: int) -> None:
    stale = str(int(time.time()) + skew)
    with site.http() as http:
        client = signer(site.app, callback_uri="oob", timestamp=stale)
        answer = send_signed(http, client, "POST", f"{site.url}/oauth/request_token")
    assert answer.status_code == 400
    assert "Timestamp" in answer.text


def test_timestamp_inside_the_window_is_accepted(site: Site) -> None:
    access = full_dance(site)
    answer = identity(site, access, timestamp=str(int(time.time()) - 200))
    assert answer.status_code == 200


def test_stale_timestamp_on_an_api_call_is_refused(site: Site) -> None:
    access = full_dance(site)
    answer = identity(site, access, timestamp=str(int(time.time()) - 400))
    assert answer.status_code == 401


def test_replayed_request_token_call_is_refused(site: Site) -> None:
    client = signer(
        site.app, callback_uri="oob", nonce="samenonce1", timestamp=str(int(time.time()))
    )
    with site.http() as http:
        first = send_signed(http, client, "POST", f"{site.url}/oauth/request_token")
        second = send_signed(http, client, "POST", f"{site.url}/oauth/request_token")
    assert first.status_code == 200
    assert second.status_code == 401
    assert second.text == "Invalid nonce: it was used before."


def test_revoked_access_token_is_refused(site: Site) -> None:
    access = full_dance(site)
    assert identity(site, access).status_code == 200
    alice = site.accounts.user("alice")
    [grant] = site.accounts.list_authorizations(alice)
    site.accounts.revoke_authorization(grant.id, alice)
    answer = identity(site, access)
    assert answer.status_code == 401
    assert answer.json() == {"message": INVALID_CREDENTIALS}


def test_revoking_the_application_ends_its_access_tokens(site: Site) -> None:
    access = full_dance(site)
    site.accounts.revoke_application_by_key(site.app.consumer_key)
    assert identity(site, access).status_code == 401


def test_request_token_is_not_an_access_token(site: Site) -> None:
    with site.http() as http:
        request = request_token(site, http, site.app, "oob")
        approve_oob(site, request[0])
    assert identity(site, request).status_code == 401


def test_access_token_works_only_with_its_own_application(site: Site) -> None:
    access = full_dance(site)
    with site.http() as http:
        other = signer(site.web_app, HMAC, access)
        answer = send_signed(http, other, "GET", f"{site.url}/oauth/identity")
    assert answer.status_code == 401


def test_consumer_signature_alone_identifies_no_user(site: Site) -> None:
    with site.http() as http:
        consumer_only = signer(site.app, PLAINTEXT)
        me = send_signed(http, consumer_only, "GET", f"{site.url}/oauth/identity")
        root = send_signed(http, signer(site.app, HMAC), "GET", f"{site.url}/")
    assert me.status_code == 401
    assert me.json() == {"message": "You must authenticate to access this resource."}
    assert root.status_code == 200


def test_verifier_exchanged_once_when_sent_together(site: Site) -> None:
    """Clients racing with one verifier (different nonces): one access token, not several."""
    with site.http() as http:
        request = request_token(site, http, site.app, "oob")
    verifier = approve_oob(site, request[0])
    start = threading.Barrier(6)

    def exchange() -> int:
        with site.http() as http:
            client = signer(site.app, HMAC, request, verifier=verifier)
            url = f"{site.url}/oauth/access_token"
            uri, headers, _body = client.sign(url, "POST")
            start.wait()
            return http.post(uri, headers=headers).status_code

    with ThreadPoolExecutor(6) as pool:
        statuses = sorted(pool.map(lambda _n: exchange(), range(6)))
    assert statuses == [200, 400, 400, 400, 400, 400]
    alice = site.accounts.user("alice")
    assert len(site.accounts.list_authorizations(alice)) == 1
