"""SSRF guard: a user-given URL must not make proxywatch fetch from the machine's own network.

A feed list or a ``proxywatch run URL`` comes from users; on a server, a URL such as
``http://169.254.169.254/`` (cloud metadata), ``http://127.0.0.1:5432/`` or ``http://10.0.0.7/admin``
would turn the fetcher into a probe of the private network. Before a request is sent (the first one
and every redirect), the host is resolved and every address it resolves to must be public; private,
loopback, link-local, multicast, reserved and unspecified addresses are refused unless the setting
``allow_private_urls`` is true (tests on loopback servers, an intranet feed on purpose).

Known limit: the address is checked, then resolved again by the HTTP client. A hostile DNS server
that answers differently within milliseconds (DNS rebinding) is not stopped by this guard alone; a
deployment that must resist it should also fetch through an egress proxy that enforces the rule.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

from proxywatch.errors import SourceError

Resolver = Callable[[str, int], list[str]]
IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


def private_urls_allowed(settings: Any) -> bool:
    """The ``allow_private_urls`` setting (``PROXYWATCH_ALLOW_PRIVATE_URLS`` via :func:`load_settings`)."""
    return bool(getattr(settings, "allow_private_urls", False))


def system_resolver(host: str, port: int) -> list[str]:
    """Every address ``host`` resolves to (IPv4 and IPv6)."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


def refusal(address: IPAddress) -> str | None:
    """Why ``address`` must not be fetched from, or None when it is a public address."""
    if isinstance(address, ipaddress.IPv6Address):
        mapped = address.ipv4_mapped or address.sixtofour
        if mapped is not None:  # ::ffff:127.0.0.1 reaches 127.0.0.1
            return refusal(mapped)
    for name, flag in (
        ("loopback", address.is_loopback),
        ("link-local", address.is_link_local),
        ("multicast", address.is_multicast),
        ("unspecified", address.is_unspecified),
        ("private", address.is_private),
        ("reserved", address.is_reserved),
    ):
        if flag:
            return name
    if not address.is_global:  # shared address space (100.64/10) and other non-routable ranges
        return "non-public"
    return None


def _host_port(url: str) -> tuple[str, int]:
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as exc:
        raise SourceError(url, f"invalid URL ({exc})") from exc
    host = (parts.hostname or "").rstrip(".")
    if not host:
        raise SourceError(url, "URL has no host")
    return host, port or (443 if parts.scheme.lower() == "https" else 80)


def check_url(url: str, *, allow_private: bool = False, resolver: Resolver = system_resolver) -> None:
    """Raise SourceError unless every address the URL's host resolves to is public.

    With ``allow_private`` nothing is checked (and nothing resolved).
    """
    if allow_private:
        return
    host, port = _host_port(url)
    for address in _addresses(url, host, port, resolver):
        why = refusal(address)
        if why is not None:
            raise SourceError(
                url,
                f"refused: host {host!r} is a {why} address ({address}); "
                "set allow_private_urls to fetch from private networks",
            )


def _addresses(url: str, host: str, port: int, resolver: Resolver) -> list[IPAddress]:
    literal = _literal(host)
    if literal is not None:
        return [literal]
    try:
        resolved = resolver(host, port)
    except (OSError, UnicodeError) as exc:
        raise SourceError(url, f"cannot resolve host {host!r} ({exc})") from exc
    addresses = [_literal(a.split("%", 1)[0]) for a in resolved]  # drop an IPv6 zone id
    if not addresses or None in addresses:
        raise SourceError(url, f"host {host!r} resolves to no usable address ({resolved})")
    return [a for a in addresses if a is not None]


def _literal(text: str) -> IPAddress | None:
    try:
        return ipaddress.ip_address(text)
    except ValueError:
        return None


def guard_url(url: str, *, settings: Any) -> None:
    """:func:`check_url` with the ``allow_private_urls`` setting."""
    check_url(url, allow_private=private_urls_allowed(settings))


def request_guard(settings: Any) -> Callable[[Any], None]:
    """An httpx ``request`` event hook: every request, redirects included, passes :func:`guard_url`."""

    def hook(request: Any) -> None:
        guard_url(str(request.url), settings=settings)

    return hook
