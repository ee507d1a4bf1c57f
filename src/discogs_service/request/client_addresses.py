"""The client address a request is counted against.

The peer of the socket, unless that peer is a trusted proxy (``DISCOGS_TRUSTED_PROXIES``):
then ``X-Forwarded-For`` is read from the right - each proxy appends the address it was
connected from - skipping addresses that are trusted proxies themselves; the first one that
is not is the client. Everything to the left of it was written by the client and is ignored,
so a client cannot choose its own address by sending the header. When every hop is a trusted
proxy, the leftmost is taken; when a hop cannot be read as an address (``unknown``, garbage),
the nearest readable hop to its right is taken. A request from a peer that is not trusted is
counted against the peer, whatever headers it sends.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Callable, Sequence
from functools import lru_cache

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


class ClientAddresses:
    """``of(peer, forwarded_for)``: the client address of a request, as a string."""

    def __init__(self, trusted_proxies: tuple[str, ...] = ()) -> None:
        self.networks = tuple(ipaddress.ip_network(n, strict=False) for n in trusted_proxies)
        self.is_trusted: Callable[[str], bool] = lru_cache(maxsize=4096)(self._is_trusted)

    def of(self, peer: str, forwarded_for: Sequence[str]) -> str:
        """The client behind the socket's ``peer`` (``""`` on a Unix socket, where there is
        none), given the request's ``X-Forwarded-For`` values in order."""
        return self._behind_proxies(peer, forwarded_for) if self.networks else peer

    def _is_trusted(self, address: str) -> bool:
        parsed = parse_address(address)
        return parsed is not None and any(parsed in network for network in self.networks)

    def _behind_proxies(self, peer: str, forwarded_for: Sequence[str]) -> str:
        if not self.is_trusted(peer) or not forwarded_for:
            return peer
        client = peer
        for hop in reversed(",".join(forwarded_for).split(",")):
            address = parse_address(hop)
            if address is None:
                return client
            client = str(address)
            if not self.is_trusted(client):
                return client
        return client


def parse_address(text: str) -> IPAddress | None:
    """An address as proxies write it (``203.0.113.9``, ``2001:db8::1``, ``[2001:db8::1]:443``,
    ``203.0.113.9:51234``); an IPv4-mapped IPv6 address as the IPv4 address. None when it
    is not an address."""
    text = text.strip()
    if text.startswith("["):
        end = text.find("]")
        if end < 0:
            return None
        text = text[1:end]
    elif text.count(":") == 1:
        text = text.split(":", 1)[0]
    try:
        address = ipaddress.ip_address(text)
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return address.ipv4_mapped
    return address
