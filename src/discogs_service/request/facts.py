"""What the API needs to know of a request before routing it, read once from either server
interface: ASGI's scope or RSGI's (:class:`RequestReader`).

Both entry points hand a :class:`RequestFacts` to the same code: the hot path
(``api.hot_path``) answers from it alone, and the general path keeps it in the scope for the
handlers (:func:`facts_of`), so the base URL and the client address are worked out in one
place, once per request.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from typing import Any, NamedTuple

from discogs_service.request.asgi import Scope
from discogs_service.request.client_addresses import ClientAddresses

# The scope key under which the app keeps the request's facts.
FACTS = "discogs.request"

_HOST = re.compile(r"^(?:[A-Za-z0-9.\-]+|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$")
# The names a Host header may give links when no hosts are configured (besides the address
# the request came in on): a server reached under another name is told it by configuration.
LOCAL_NAMES = ("localhost", "127.0.0.1", "::1")


class RequestFacts(NamedTuple):
    """Of a repeated header, the first value counts (``X-Forwarded-For``: every value)."""

    method: str
    path: str
    has_query: bool
    has_user_agent: bool  # a User-Agent header that is not blank
    has_authorization: bool
    has_body: bool
    if_none_match: str
    accept_encoding: str
    base_url: str  # every link in the answer starts with it
    client: str  # the address the request counts against


class RequestReader:
    """Reads a request's facts with the server's settings: its public URL, the host names
    links may take from a Host header, and the proxies whose ``X-Forwarded-For`` it trusts."""

    def __init__(
        self,
        public_url: str | None,
        client_addresses: ClientAddresses,
        allowed_hosts: Sequence[str] = (),
    ) -> None:
        self.public_url = public_url
        self.client_addresses = client_addresses
        self.allowed_hosts = frozenset(allowed_hosts or LOCAL_NAMES)

    def of_scope(self, scope: Scope) -> RequestFacts:
        """The facts of an ASGI request."""
        first: dict[bytes, str] = {}
        forwarded: list[str] = []
        has_user_agent = False
        for name, value in scope["headers"]:
            if name == b"user-agent":
                has_user_agent = has_user_agent or bool(value.strip())
            elif name == b"x-forwarded-for":
                forwarded.append(value.decode("latin-1"))
            elif name in _ASGI_WANTED and name not in first:
                first[name] = value.decode("latin-1")
        client = scope.get("client")
        return RequestFacts(
            scope["method"],
            scope["path"],
            bool(scope["query_string"]),
            has_user_agent,
            b"authorization" in first,
            first.get(b"content-length", "0") != "0" or b"transfer-encoding" in first,
            first.get(b"if-none-match", ""),
            first.get(b"accept-encoding", ""),
            self.base_url(scope["scheme"], first.get(b"host", ""), asgi_address(scope)),
            self.client_addresses.of(client[0] if client else "", forwarded),
        )

    def of_rsgi(self, scope: Any) -> RequestFacts:
        """The facts of an RSGI request (granian's scope: headers by lower-case name)."""
        headers = scope.headers
        user_agent = headers.get("user-agent", "")
        return RequestFacts(
            scope.method,
            scope.path,
            bool(scope.query_string),
            bool(user_agent.strip()) or any(v.strip() for v in headers.get_all("user-agent")),
            "authorization" in headers,
            headers.get("content-length", "0") != "0" or "transfer-encoding" in headers,
            headers.get("if-none-match", ""),
            headers.get("accept-encoding", ""),
            self.base_url(scope.scheme, headers.get("host", ""), rsgi_address(scope.server)),
            self.client_addresses.of(
                scope.client.rpartition(":")[0].strip("[]"),
                headers.get_all("x-forwarded-for") if "x-forwarded-for" in headers else (),
            ),
        )

    def base_url(self, scheme: str, host: str, server: tuple[str, int] | None) -> str:
        """``DISCOGS_PUBLIC_URL``, or the scheme and host the request was sent to when that
        host is allowed, else the address it came in on."""
        return self.public_url or request_base(scheme, host, server, self.allowed_hosts)


def asgi_address(scope: Scope) -> tuple[str, int] | None:
    """The address the request came in on. ASGI allows any pair (Starlette's TestClient
    and others send a list): a tuple, so that the base URL's cache can key on it."""
    server = scope.get("server")
    return (server[0], server[1]) if server else None


_ASGI_WANTED = frozenset(
    (
        b"host",
        b"if-none-match",
        b"accept-encoding",
        b"authorization",
        b"content-length",
        b"transfer-encoding",
    )
)


@functools.lru_cache(maxsize=256)
def request_base(
    scheme: str, host: str, server: tuple[str, int] | None, allowed: frozenset[str]
) -> str:
    """``scheme://host`` of the address a request was sent to. A Host header is client input
    spliced into answers that shared caches keep (Cache-Control: public): only a plain
    ``host[:port]`` of an allowed name is used, else the address the request came in on -
    one client's header must not set everyone's links."""
    address, port = server or ("127.0.0.1", 80)
    if not (_HOST.match(host) and _is_allowed(_host_name(host), address, allowed)):
        host = f"[{address}]:{port}" if ":" in address else f"{address}:{port}"
    return f"{scheme}://{host}"


def _host_name(host: str) -> str:
    """``host[:port]`` without the port, in lower case; IPv6 without brackets."""
    if host.startswith("["):
        return host[1 : host.index("]")].lower()
    return host.partition(":")[0].lower()


def _is_allowed(name: str, address: str, allowed: frozenset[str]) -> bool:
    if name in allowed or name == address.lower():
        return True
    return any(entry[0] == "." and (name.endswith(entry) or name == entry[1:]) for entry in allowed)


@functools.lru_cache(maxsize=4096)
def rsgi_address(text: str, unix: tuple[str, int] | None = None) -> tuple[str, int] | None:
    """RSGI's ``"host:port"`` (``"[::1]:port"`` for IPv6) as ASGI's (host, port); ``unix``
    on a Unix socket, which has no address."""
    host, sep, port = text.rpartition(":")
    if not sep or not port.isdigit():
        return unix
    return host.strip("[]"), int(port)


def facts_of(scope: Scope) -> RequestFacts:
    """The facts the app read for this request."""
    facts: RequestFacts = scope[FACTS]
    return facts


def header(scope: Scope, name: bytes) -> str:
    """One request header's first value, without building Starlette's Headers object."""
    for key, value in scope["headers"]:
        if key == name:
            return str(value.decode("latin-1"))
    return ""
