"""Which URLs may be fetched, and one canonical spelling per page (courlan's).

Only http(s) is fetched (the rule of :mod:`briefing.urls`). Links found in a
feed or sitemap may lead to private, loopback or link-local addresses only
when the source itself is on one (or ``[fetch] allow_private`` is set): a feed on the web must not make the fetcher
read ``http://127.0.0.1:…`` or a cloud metadata address. Host names are
resolved and every address they resolve to is checked.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Callable
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

from briefing.errors import InputError
from briefing.untrusted import shown
from briefing.urls import url_problem

Resolver = Callable[[str], list[str]]

# Query parameters that only track where a click came from, beyond courlan's list.
_TRACKING = {"spm"}


def system_resolver(host: str) -> list[str]:
    """Every address ``host`` resolves to (an IP literal resolves to itself)."""
    try:
        return [str(ipaddress.ip_address(host))]
    except ValueError:
        pass
    try:
        infos = socket.getaddrinfo(host, None, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise InputError(f"cannot resolve host {host!r} ({exc})") from exc
    return sorted({str(info[4][0]).split("%")[0] for info in infos})


def is_private(address: str) -> bool:
    """Loopback, private, link-local, multicast, reserved: anything not on the public internet."""
    ip = ipaddress.ip_address(address)
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return not ip.is_global or ip.is_multicast


def check_scheme(url: str) -> str:
    """The URL (stripped) if it may be fetched: http(s) with a host (:func:`briefing.urls.url_problem`);
    else an InputError naming it and why."""
    url = url.strip()
    problem = url_problem(url, inner_spaces=True)
    if problem:
        raise InputError(f"{shown(url)}: {problem}")
    return url


def absolute(base: str, link: str) -> str:
    """``link`` resolved against ``base``; a link with its own scheme is kept as written (so it is named as written)."""
    link = link.strip()
    try:
        return link if urlsplit(link).scheme else urljoin(base, link)
    except ValueError:
        return link


def host_key(url: str) -> str:
    """``host:port`` of a URL: the unit of politeness (one request at a time, the delay)."""
    parts = urlsplit(url)
    port = parts.port or (443 if parts.scheme == "https" else 80)
    return f"{(parts.hostname or '').lower()}:{port}"


def canonical_url(url: str) -> str:
    """One spelling per page: courlan's normalization (lower-case scheme and host, no default port, sorted
    query, tracking parameters such as ``utm_*``, ``fbclid``, ``gclid`` out) with no fragment, and a
    Chinese sites' click tracker (``spm``) out too."""
    import courlan

    try:
        normal = courlan.normalize_url(url.strip())
    except ValueError:  # a port out of range, a broken IPv6 literal: the spelling as it came, fragment out
        normal = url.strip()
    parts = urlsplit(normal)
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k.lower() not in _TRACKING]
    return urlunsplit((parts.scheme.lower(), parts.netloc, parts.path or "/", urlencode(query), ""))


class AddressPolicy:
    """Where one source's requests may go.

    The source's own URL is always allowed; every other URL (its links and
    every redirect hop) may resolve to a non-public address only when the
    source itself does, or when private addresses are allowed outright.
    """

    def __init__(self, source_url: str, allow_private: bool, resolve: Resolver) -> None:
        self.source_url = source_url
        self.resolve = resolve
        self.allow_private = allow_private or self._source_is_private()

    def _source_is_private(self) -> bool:
        host = urlsplit(self.source_url).hostname or ""
        try:
            return any(is_private(a) for a in self.resolve(host))
        except InputError:
            return False  # the fetch of the source itself will name the failure

    def addresses(self, host: str) -> list[str]:
        """The addresses a connection to ``host`` may use, resolved now (the connection uses these, no other)."""
        found = self.resolve(host)
        if not self.allow_private:
            bad = [a for a in found if is_private(a)]
            if bad:
                raise InputError(
                    f"refused, {host} resolves to a private or local address ({bad[0]}) when connecting "
                    "and the source is on the public internet"
                )
        return found

    def check(self, url: str) -> None:
        """Raise InputError if ``url`` may not be fetched for this source."""
        check_scheme(url)
        if self.allow_private or url == self.source_url:
            return
        host = urlsplit(url).hostname or ""
        try:
            addresses = self.resolve(host)
        except InputError as exc:
            raise InputError(f"{url}: {exc.message}") from exc
        bad = [a for a in addresses if is_private(a)]
        if bad:
            raise InputError(
                f"{url}: refused, {host} resolves to a private or local address ({bad[0]}) "
                "and the source is on the public internet (set [fetch] allow_private = true to allow)"
            )
