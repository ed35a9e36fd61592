"""What counts as a URL here: one check for settings and fetch targets, one for links that reach an output.

Only absolute http(s) URLs with a host are used anywhere: a server's base
URL, the published folder's base URL, a source, a link from a page or feed.
:func:`url_problem` says why a URL is not one (settings and fetch targets
name the reason); :func:`safe_link` is the check every link passes before it
is written into a briefing, read the way a browser reads an ``href`` (HTML
entities decoded, surrounding whitespace and control characters dropped) so
that ``java&#115;cript:``, `` javascript:`` or ``jav<TAB>ascript:`` are refused.
"""

from __future__ import annotations

import html
import ipaddress
import re
import unicodedata
from urllib.parse import urlsplit

import idna

_EDGES = re.compile(r"^[\s\x00-\x1f\x7f]+|[\s\x00-\x1f\x7f]+$")
MAX_URL = 8000  # characters: what RFC 9110 asks every client and server to take (sitemaps allow 2,048)
MAX_HOST = 253  # characters of an encoded host name (DNS)
_LABEL = re.compile(r"[a-z0-9_-]{1,63}")
_QUOTES = frozenset("<>\"'")  # never part of a link we write: they end an attribute or a tag


def _invisible(char: str) -> bool:
    """Whitespace, a control character or a format character (zero-width, bidi override)."""
    return char.isspace() or unicodedata.category(char) in {"Cc", "Cf"}


def host_problem(host: str) -> str | None:
    """Why ``host`` (a URL's host name, lower case) is no name or address a connection could be made to.

    An IP address is one; a name must encode (IDNA 2008 with the UTS 46 mapping, as HTTP clients encode
    it) to at most 253 characters in labels of 1 to 63: letters, digits, hyphens and underscores.
    """
    try:
        ipaddress.ip_address(host)
        return None
    except ValueError:
        pass
    labels = host[:-1].split(".") if host.endswith(".") else host.split(".")
    encoded = []
    for label in labels:
        if label.isascii() and not label.startswith("xn--"):
            if not _LABEL.fullmatch(label):
                return f"host {host!r} has an empty, overlong or malformed label {label!r}"
            encoded.append(label)
            continue
        try:
            encoded.append(idna.encode(label, uts46=True).decode("ascii"))
        except (idna.IDNAError, UnicodeError) as exc:
            return f"host name {host!r} cannot be encoded ({exc})"
    if len(".".join(encoded)) > MAX_HOST:
        return f"host name longer than {MAX_HOST} characters"
    return None


def url_problem(url: str, *, base: bool = False, inner_spaces: bool = False) -> str | None:
    """Why ``url``, as written, is not an absolute http(s) URL with a host; None when it is.

    ``base``: a URL other paths are appended to, so no query or fragment.
    ``inner_spaces``: a space inside is let through (a request encodes it, as a
    browser does); for what is fetched, never for what is written out.
    """
    if len(url) > MAX_URL:
        return f"is longer than {MAX_URL:,} characters ({len(url):,})"
    if any(_invisible(c) and not (inner_spaces and c == " ") for c in url):
        return "has a space or control character in it"
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises on a bad port
    except ValueError as exc:
        return f"is not a valid URL ({exc})"
    if parts.scheme.lower() not in {"http", "https"}:
        return f"only http and https URLs are accepted, not {parts.scheme or 'a relative'}:"
    if not parts.hostname:
        return "has no host"
    problem = host_problem(parts.hostname)
    if problem:
        return problem
    if base and (parts.query or parts.fragment or url.endswith(("?", "#"))):
        return "has a query or fragment"
    return None


def read_link(url: str) -> tuple[str, str | None]:
    """The link as a browser would follow it, and why it may not reach an output (None: it may).

    Entities are decoded and whitespace and control characters around it
    dropped before the scheme is judged; one left inside, or a quote or angle
    bracket, refuses the link (a browser would drop or split on it).
    """
    clean = _EDGES.sub("", html.unescape(url))
    if any(c in _QUOTES for c in clean):
        return clean, "has a quote or angle bracket in it"
    return clean, url_problem(clean)


def safe_link(url: str) -> str | None:
    """The link as a browser would follow it (:func:`read_link`), when that is an absolute http(s) URL; else
    None.  Every link passes here where it enters a record, whatever its origin."""
    clean, problem = read_link(url)
    return None if problem else clean
