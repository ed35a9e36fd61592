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
import re
import unicodedata
from urllib.parse import urlsplit

_EDGES = re.compile(r"^[\s\x00-\x1f\x7f]+|[\s\x00-\x1f\x7f]+$")
_QUOTES = frozenset("<>\"'")  # never part of a link we write: they end an attribute or a tag


def _invisible(char: str) -> bool:
    """Whitespace, a control character or a format character (zero-width, bidi override)."""
    return char.isspace() or unicodedata.category(char) in {"Cc", "Cf"}


def url_problem(url: str, *, base: bool = False, inner_spaces: bool = False) -> str | None:
    """Why ``url``, as written, is not an absolute http(s) URL with a host; None when it is.

    ``base``: a URL other paths are appended to, so no query or fragment.
    ``inner_spaces``: a space inside is let through (a request encodes it, as a
    browser does); for what is fetched, never for what is written out.
    """
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
    if base and (parts.query or parts.fragment or url.endswith(("?", "#"))):
        return "has a query or fragment"
    return None


def safe_link(url: str) -> str | None:
    """The link as a browser would follow it, when that is an absolute http(s) URL; else None.

    Entities are decoded and whitespace and control characters around it
    dropped before the scheme is judged; one left inside, or a quote or angle
    bracket, refuses the link (a browser would drop or split on it).
    """
    clean = _EDGES.sub("", html.unescape(url))
    if any(c in _QUOTES for c in clean):
        return None
    return None if url_problem(clean) else clean
