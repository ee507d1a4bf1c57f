"""The web pages over real HTTP (httpx keeps the cookie as a browser does): CSRF refusals,
session cookie attributes, sign-in throttling, sign-out, and the developer settings creating
and revoking tokens and applications through their forms. Both engines."""

from __future__ import annotations

import re
from collections.abc import Iterator

import httpx
import pytest

from discogs_service.accounts.service import (
    MAX_FAILURES_PER_ADDRESS,
    MAX_FAILURES_PER_NAME_AND_ADDRESS,
)
from discogs_service.web.session import COOKIE
from tests.functional.oauth_support import (
    PASSWORD,
    CallbackReceiver,
    Site,
    csrf_of,
    open_site,
    request_token,
    sign_in,
)

FORM_REFUSED = "Form refused"
THROTTLED = "Too many failed sign-ins"


def set_cookie(response: httpx.Response) -> str:
    [cookie] = [v for v in response.headers.get_list("set-cookie") if v.startswith(COOKIE + "=")]
    return cookie


def cookie_attributes(cookie: str) -> set[str]:
    return {part.strip().split("=")[0].lower() for part in cookie.split(";")[1:]}


def signed_in(site: Site, browser: httpx.Client) -> bool:
    page = browser.get("/settings/developers")
    return page.status_code == 200 and "Developer settings" in page.text


def try_password(site: Site, browser: httpx.Client, username: str, password: str) -> httpx.Response:
    page = browser.get("/account/sign-in")
    return browser.post(
        "/account/sign-in",
        data={"csrf_token": csrf_of(page), "username": username, "password": password},
    )


@pytest.fixture
def alice(site: Site) -> Iterator[httpx.Client]:
    """A browser signed in as alice."""
    with site.http() as browser:
        assert sign_in(site, browser).status_code == 303
        yield browser


# -- CSRF --------------------------------------------------------------------------------------


def test_sign_in_without_csrf_token_is_refused(site: Site) -> None:
    with site.http() as browser:
        browser.get("/account/sign-in")  # the cookie that anchors the token
        form = {"username": "alice", "password": site.password}
        answer = browser.post("/account/sign-in", data=form)
        assert answer.status_code == 403
        assert FORM_REFUSED in answer.text
        assert not signed_in(site, browser)


@pytest.mark.parametrize("token", ["", "x", "A" * 43])
def test_sign_in_with_a_wrong_csrf_token_is_refused(site: Site, token: str) -> None:
    with site.http() as browser:
        browser.get("/account/sign-in")
        form = {"csrf_token": token, "username": "alice", "password": site.password}
        answer = browser.post("/account/sign-in", data=form)
        assert answer.status_code == 403
        assert not signed_in(site, browser)


def test_csrf_token_of_another_browser_is_refused(site: Site) -> None:
    with site.http() as attacker, site.http() as victim:
        stolen = csrf_of(attacker.get("/account/sign-in"))
        victim.get("/account/sign-in")
        form = {"csrf_token": stolen, "username": "alice", "password": site.password}
        assert victim.post("/account/sign-in", data=form).status_code == 403


def test_form_without_a_cookie_is_refused(site: Site) -> None:
    with site.http() as browser:
        token = csrf_of(browser.get("/account/sign-in"))
    with site.http() as cookieless:
        form = {"csrf_token": token, "username": "alice", "password": site.password}
        assert cookieless.post("/account/sign-in", data=form).status_code == 403


def test_form_sent_from_another_site_is_refused(site: Site, alice: httpx.Client) -> None:
    page = alice.get("/settings/developers")
    answer = alice.post(
        "/settings/developers/tokens",
        data={"csrf_token": csrf_of(page), "label": "planted"},
        headers={"Origin": "https://elsewhere.example"},
    )
    assert answer.status_code == 403
    assert "planted" not in alice.get("/settings/developers").text
    # The same form from our own origin goes through.
    answer = alice.post(
        "/settings/developers/tokens",
        data={"csrf_token": csrf_of(page), "label": "wanted"},
        headers={"Origin": site.url},
    )
    assert answer.status_code == 201


def test_approval_needs_csrf_token_and_a_signed_in_user(site: Site) -> None:
    with site.http() as http:
        token, _secret = request_token(site, http, site.app, "oob")
    with site.http() as stranger:
        page = stranger.get("/oauth/authorize", params={"oauth_token": token})
        assert page.status_code == 200
        form = {"oauth_token": token, "decision": "approve"}
        assert stranger.post("/oauth/authorize", data=form).status_code == 403
        form["csrf_token"] = csrf_of(page)
        answer = stranger.post("/oauth/authorize", data=form)
        assert answer.status_code == 401  # not signed in
        # Still waiting for an answer.
        assert stranger.get("/oauth/authorize", params={"oauth_token": token}).status_code == 200


# -- what a form may hold ----------------------------------------------------------------------

NUL_REFUSED = "expected text without NUL characters."


@pytest.mark.parametrize("field", ["username", "password"])
def test_a_nul_in_the_sign_in_form_is_a_form_error(site: Site, field: str) -> None:
    """Refused alike on both engines (PostgreSQL's text cannot hold a NUL), nothing counted."""
    with site.http() as browser:
        form = {"username": "alice", "password": site.password, field: "a\x00b"}
        answer = try_password(site, browser, form["username"], form["password"])
        assert answer.status_code == 400
        assert f"Invalid {field}: {NUL_REFUSED}" in answer.text
        assert answer.headers["content-type"].startswith("text/html")
        assert not signed_in(site, browser)
        assert try_password(site, browser, "alice", site.password).status_code == 303


def test_a_nul_in_a_developer_form_is_a_form_error(site: Site, alice: httpx.Client) -> None:
    page = alice.get("/settings/developers")
    answer = alice.post(
        "/settings/developers/tokens", data={"csrf_token": csrf_of(page), "label": "a\x00b"}
    )
    assert answer.status_code == 400
    assert f"Invalid label: {NUL_REFUSED}" in answer.text
    assert "<td>a" not in alice.get("/settings/developers").text


def test_a_nul_in_the_authorization_request_is_refused(site: Site, alice: httpx.Client) -> None:
    page = alice.get("/oauth/authorize", params={"oauth_token": "a\x00b"})
    assert page.status_code == 422
    assert page.json() == {"message": f"Invalid oauth_token: {NUL_REFUSED}"}
    with site.http() as http:
        token, _secret = request_token(site, http, site.app, "oob")
    page = alice.get("/oauth/authorize", params={"oauth_token": token})
    form = {"csrf_token": csrf_of(page), "oauth_token": "a\x00b", "decision": "approve"}
    answer = alice.post("/oauth/authorize", data=form)
    assert answer.status_code == 400
    assert f"Invalid oauth_token: {NUL_REFUSED}" in answer.text


# -- cookies and headers -----------------------------------------------------------------------


def test_session_cookie_attributes_over_http(site: Site) -> None:
    with site.http() as browser:
        page = browser.get("/account/sign-in")
        anchor = set_cookie(page)
        assert {"httponly", "samesite", "path"} <= cookie_attributes(anchor)
        assert "secure" not in cookie_attributes(anchor)
        assert "samesite=lax" in anchor.lower()
        answer = browser.post(
            "/account/sign-in",
            data={"csrf_token": csrf_of(page), "username": "alice", "password": site.password},
        )
        assert answer.status_code == 303
        session = set_cookie(answer)
        assert {"httponly", "samesite", "max-age"} <= cookie_attributes(session)
        # A new token at sign-in: one planted before signing in does not become a session.
        assert session.split(";")[0] != anchor.split(";")[0]


def test_session_cookie_is_secure_behind_an_https_public_url(
    database_url: str, callback_receiver: CallbackReceiver
) -> None:
    sites = open_site(database_url, callback_receiver.origin, public_url="https://discogs.example")
    secure_site = next(sites)
    try:
        with secure_site.http() as browser:
            cookie = set_cookie(browser.get("/account/sign-in"))
        assert {"secure", "httponly", "samesite"} <= cookie_attributes(cookie)
    finally:
        sites.close()


def test_pages_forbid_framing_and_caching(site: Site) -> None:
    with site.http() as browser:
        page = browser.get("/account/sign-in")
    assert page.headers["x-frame-options"] == "DENY"
    assert "frame-ancestors 'none'" in page.headers["content-security-policy"]
    assert page.headers["cache-control"] == "no-store"
    assert page.headers["referrer-policy"] == "same-origin"


# -- signing in and out ------------------------------------------------------------------------


def test_sign_in_goes_back_to_a_local_page_only(site: Site) -> None:
    for target, expected in [
        ("/oauth/authorize?oauth_token=x", "/oauth/authorize?oauth_token=x"),
        ("https://elsewhere.example/", "/settings/developers"),
        ("//elsewhere.example/", "/settings/developers"),
    ]:
        with site.http() as browser:
            page = browser.get("/account/sign-in", params={"next": target})
            answer = browser.post(
                "/account/sign-in",
                data={
                    "csrf_token": csrf_of(page),
                    "username": "alice",
                    "password": site.password,
                    "next": target,
                },
            )
            assert answer.headers["location"] == expected


def test_wrong_password_is_refused(site: Site) -> None:
    with site.http() as browser:
        answer = try_password(site, browser, "alice", "not the password")
        assert answer.status_code == 401
        assert "Wrong username or password." in answer.text
        assert not signed_in(site, browser)


def test_sign_out_ends_the_session(site: Site, alice: httpx.Client) -> None:
    old_cookie = alice.cookies[COOKIE]
    page = alice.get("/settings/developers")
    answer = alice.post("/account/sign-out", data={"csrf_token": csrf_of(page)})
    assert answer.status_code == 303
    assert not signed_in(site, alice)
    with site.http(cookies={COOKIE: old_cookie}) as replayed:
        assert not signed_in(site, replayed)  # the old cookie is dead on the server too


def test_developer_settings_need_sign_in(site: Site) -> None:
    with site.http() as browser:
        answer = browser.get("/settings/developers")
    assert answer.status_code == 303
    assert answer.headers["location"] == "/account/sign-in?next=%2Fsettings%2Fdevelopers"


# -- throttling --------------------------------------------------------------------------------


def test_sign_in_throttled_after_failures_for_a_name_from_an_address(site: Site) -> None:
    with site.http() as browser:
        for _ in range(MAX_FAILURES_PER_NAME_AND_ADDRESS):
            assert try_password(site, browser, "alice", "guess").status_code == 401
        # Now even the right password waits.
        answer = try_password(site, browser, "alice", site.password)
        assert answer.status_code == 429
        assert THROTTLED in answer.text
        assert not signed_in(site, browser)


def test_sign_in_throttled_after_failures_from_an_address(site: Site) -> None:
    with site.http() as browser:
        for number in range(MAX_FAILURES_PER_ADDRESS):
            assert try_password(site, browser, f"nobody{number}", "guess").status_code == 401
        answer = try_password(site, browser, "alice", site.password)
    assert answer.status_code == 429


def test_failures_count_per_client_behind_a_trusted_proxy(
    database_url: str, callback_receiver: CallbackReceiver
) -> None:
    sites = open_site(database_url, callback_receiver.origin, trusted_proxies=("127.0.0.1",))
    proxied = next(sites)
    try:
        with proxied.http(headers={"X-Forwarded-For": "192.0.2.7"}) as guesser:
            for number in range(MAX_FAILURES_PER_ADDRESS):
                assert try_password(proxied, guesser, f"nobody{number}", "guess").status_code == 401
            assert try_password(proxied, guesser, "alice", proxied.password).status_code == 429
        with proxied.http(headers={"X-Forwarded-For": "198.51.100.9"}) as someone_else:
            assert try_password(proxied, someone_else, "alice", PASSWORD).status_code == 303
    finally:
        sites.close()


def test_guessing_from_one_address_does_not_lock_the_owner_out(
    database_url: str, callback_receiver: CallbackReceiver
) -> None:
    """Failures count per name and address together: the guesser is throttled, alice signing
    in from her own address is not, and her success does not lift the guesser's throttle."""
    sites = open_site(database_url, callback_receiver.origin, trusted_proxies=("127.0.0.1",))
    proxied = next(sites)
    try:
        with proxied.http(headers={"X-Forwarded-For": "192.0.2.66"}) as guesser:
            for _ in range(MAX_FAILURES_PER_NAME_AND_ADDRESS + 2):
                assert try_password(proxied, guesser, "alice", "guess").status_code in (401, 429)
            answer = try_password(proxied, guesser, "alice", proxied.password)
            assert answer.status_code == 429
            assert THROTTLED in answer.text
        with proxied.http(headers={"X-Forwarded-For": "198.51.100.9"}) as owner:
            assert try_password(proxied, owner, "alice", PASSWORD).status_code == 303
            assert signed_in(proxied, owner)
        with proxied.http(headers={"X-Forwarded-For": "192.0.2.66"}) as guesser:
            assert try_password(proxied, guesser, "alice", proxied.password).status_code == 429
    finally:
        sites.close()


def test_success_forgets_the_failures_of_the_name(site: Site) -> None:
    with site.http() as browser:
        for _ in range(2):  # the failures of both rounds together would reach the limit
            for _ in range(MAX_FAILURES_PER_NAME_AND_ADDRESS - 1):
                assert try_password(site, browser, "alice", "guess").status_code == 401
            assert try_password(site, browser, "alice", site.password).status_code == 303


# -- developer settings ------------------------------------------------------------------------


def created_secret(answer: httpx.Response, element: str) -> str:
    assert answer.status_code == 201, answer.text
    found = re.search(rf'id="{element}">([^<]+)<', answer.text)
    assert found, answer.text
    return found.group(1)


def test_personal_token_created_and_revoked_through_the_page(
    site: Site, alice: httpx.Client
) -> None:
    page = alice.get("/settings/developers")
    answer = alice.post(
        "/settings/developers/tokens", data={"csrf_token": csrf_of(page), "label": "my scripts"}
    )
    token = created_secret(answer, "new-token")
    with site.http(headers={"Authorization": f"Discogs token={token}"}) as api:
        me = api.get("/oauth/identity")
        assert me.status_code == 200
        assert me.json()["username"] == "alice"

        page = alice.get("/settings/developers")
        assert "my scripts" in page.text
        assert token not in page.text  # shown once, never again
        [token_id] = re.findall(r"/settings/developers/tokens/(\d+)/revoke", page.text)
        revoked = alice.post(
            f"/settings/developers/tokens/{token_id}/revoke", data={"csrf_token": csrf_of(page)}
        )
        assert revoked.status_code == 303
        assert "my scripts" not in alice.get("/settings/developers").text
        assert api.get("/oauth/identity").status_code == 401


def test_application_created_and_revoked_through_the_page(site: Site, alice: httpx.Client) -> None:
    page = alice.get("/settings/developers")
    answer = alice.post(
        "/settings/developers/applications",
        data={
            "csrf_token": csrf_of(page),
            "name": "Label Lookup",
            "description": "",
            "website": "https://lookup.example",
            "callback_url": "",
        },
    )
    key = created_secret(answer, "consumer-key")
    secret = created_secret(answer, "consumer-secret")
    pair = {"Authorization": f"Discogs key={key}, secret={secret}"}
    with site.http(headers=pair) as api:
        assert api.get("/").status_code == 200
        assert api.get("/oauth/identity").status_code == 401  # an application is not a user

        page = alice.get("/settings/developers")
        assert key in page.text and secret not in page.text
        revoke = re.search(
            r"Label Lookup</td>.*?/settings/developers/applications/(\d+)/revoke", page.text, re.S
        )
        assert revoke
        answer = alice.post(
            f"/settings/developers/applications/{revoke.group(1)}/revoke",
            data={"csrf_token": csrf_of(page)},
        )
        assert answer.status_code == 303
        assert api.get("/").status_code == 401


def test_invalid_application_is_explained(site: Site, alice: httpx.Client) -> None:
    page = alice.get("/settings/developers")
    answer = alice.post(
        "/settings/developers/applications",
        data={"csrf_token": csrf_of(page), "name": "Bad", "callback_url": "ftp://x.example"},
    )
    assert answer.status_code == 400
    assert "The callback URL must be an http:// or https:// URL." in answer.text


def test_another_users_token_cannot_be_revoked(site: Site, alice: httpx.Client) -> None:
    bob = site.accounts.create_user("bob", "bob@example.org", "bob's long passphrase")
    token_id, token = site.accounts.create_token(bob, "bob's")
    page = alice.get("/settings/developers")
    answer = alice.post(
        f"/settings/developers/tokens/{token_id}/revoke", data={"csrf_token": csrf_of(page)}
    )
    assert answer.status_code == 400
    with site.http(headers={"Authorization": f"Discogs token={token}"}) as api:
        assert api.get("/oauth/identity").json()["username"] == "bob"
