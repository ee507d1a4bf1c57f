"""What the python3-discogs-client tests share: the unmodified client pointed at one of our
servers, and a check that it never left it.

The client is pointed at the server only through ``client._base_url`` (it has no public way
to name another host); everything else it reaches by following the links the server hands
out. ``LoggingDelegator`` (the client's own request log) records every URL it fetched.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import discogs_client
from discogs_client.fetchers import LoggingDelegator

from tests.conftest import USER_AGENT, RunningServer


def make_client(server: RunningServer) -> discogs_client.Client:
    client = discogs_client.Client(USER_AGENT)
    client._base_url = server.url
    client._fetcher = LoggingDelegator(client._fetcher)
    return client


def requested(client: discogs_client.Client) -> list[str]:
    return [url for _method, url, _data, _headers in client._fetcher.requests]


@contextmanager
def client_of(server: RunningServer) -> Iterator[discogs_client.Client]:
    """A client of ``server``; afterwards, it must have made requests, all to ``server``."""
    client = make_client(server)
    yield client
    urls = requested(client)
    assert urls, "the test made no request"
    assert all(url.startswith(f"{server.url}/") for url in urls), urls
