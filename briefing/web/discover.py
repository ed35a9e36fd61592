"""Entries of feeds (RSS 0.9x/2.0, Atom) and sitemaps (sitemap, index, news).

Feeds go through feedparser; each entry keeps its title, date and summary as
metadata. Sitemaps are parsed with defusedxml (no DTD, no entity expansion)
as a stream, bounded in size and in the number of URLs read, newest first.

A date is kept as its source wrote it, offset included ("Sun, 26 Jul 2020
07:30:00 +0800" is ``2020-07-26T07:30:00+08:00``, the source's own day),
never turned into UTC: cut to a day, a UTC time is often the day before.
A date with no offset stays without one (read later in the configured time
zone); ordering compares the instants.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zlib
from collections.abc import Iterable
from dataclasses import dataclass, field

from briefing.errors import InputError
from briefing.metadata import news_date
from briefing.untrusted import clean_line

MAX_SITEMAP_URLS = 50_000  # the sitemap protocol's own limit per file
MAX_CHILD_SITEMAPS = 50
_SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
_NEWS = "{http://www.google.com/schemas/sitemap-news/0.9}"
_HTML_START = re.compile(rb"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html)\b", re.I | re.S)


class DiscoverError(InputError):
    """A feed or sitemap that could not be read at all."""


@dataclass
class FeedLink:
    """A link found in a feed or sitemap, with what the feed says about it."""

    url: str
    title: str | None = None
    date: str | None = None  # ISO 8601 with the source's own offset (none when it gave none)
    summary: str | None = None


@dataclass
class Listing:
    """What a feed or sitemap lists: entries, child sitemaps, and problems that did not stop it."""

    entries: list[FeedLink] = field(default_factory=list)
    sitemaps: list[FeedLink] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def looks_like_html(data: bytes) -> bool:
    return bool(_HTML_START.match(data[:4096]))


def _no_entities(data: bytes, what: str) -> None:
    if b"<!ENTITY" in data[:65536].upper():
        raise DiscoverError(f"{what} declares XML entities; refused (entity expansion is never done)")


def _feed_date(raw: object) -> tuple[str | None, str | None]:
    """An entry's date (:func:`briefing.metadata.news_date`) and, when it gives one that cannot be read, why."""
    if not isinstance(raw, str) or not raw.strip():
        return None, None
    try:
        return news_date(raw), None
    except ValueError as exc:
        return None, f"{shown_date(raw)}: {exc}"


def shown_date(raw: str) -> str:
    """A date as written, quoted and cut for a message."""
    return repr(clean_line(raw)[:64])


def instant(date: str | None) -> float:
    """A date's point in time for ordering (a date without offset read as UTC; none: the earliest)."""
    if not date:
        return float("-inf")
    try:
        when = dt.datetime.fromisoformat(date)
    except ValueError:
        return float("-inf")
    return (when if when.tzinfo else when.replace(tzinfo=dt.UTC)).timestamp()


def newest_first(entries: Iterable[FeedLink]) -> list[FeedLink]:
    """Entries newest first (stable: undated ones keep their order, last)."""
    return sorted(entries, key=lambda e: instant(e.date), reverse=True)


def _text_of(html: str) -> str:
    """The text of a feed's title or summary, cleaned where it enters (:mod:`briefing.untrusted`)."""
    from briefing.reader import html_blocks
    from briefing.textnorm import normalize

    return normalize(clean_line(" ".join(b.text for b in html_blocks(html) if b.text)))


def parse_feed(data: bytes) -> Listing:
    """Entries of an RSS or Atom feed, newest first when every entry is dated."""
    import feedparser

    if looks_like_html(data):
        raise DiscoverError("is an HTML page, not a feed")
    _no_entities(data, "feed")
    parsed = feedparser.parse(data)
    listing = Listing()
    harmless = (feedparser.CharacterEncodingOverride, feedparser.NonXMLContentType)
    broken = parsed.get("bozo") and not isinstance(parsed.get("bozo_exception"), harmless)
    if not parsed.get("version") and not parsed.entries:
        raise DiscoverError("is not an RSS or Atom feed" + (f" ({parsed.get('bozo_exception')})" if broken else ""))
    if broken and not parsed.entries:
        raise DiscoverError(f"malformed feed ({parsed.get('bozo_exception')})")
    unread: list[str] = []
    for item in parsed.entries:
        link = item.get("link") or next(
            (lk.get("href") for lk in item.get("links", []) if lk.get("rel", "alternate") == "alternate"), None
        )
        if not link:
            if not broken:  # in a broken feed, a link-less entry is the breakage, said once below
                listing.problems.append(f"entry {item.get('title') or '(untitled)'!r} has no link; skipped")
            continue
        summary = item.get("summary")
        date, why = _feed_date(item.get("published") or item.get("updated"))
        if why:
            unread.append(why)
        listing.entries.append(
            FeedLink(
                url=str(link).strip(),
                title=_text_of(item["title"]) if item.get("title") else None,
                date=date,
                summary=_text_of(summary) if summary else None,
            )
        )
    if broken:
        listing.problems.append(
            f"malformed feed ({parsed.get('bozo_exception')}); read the {len(listing.entries)} entries found"
        )
    if unread:
        listing.problems.append(_unread_dates(unread))
    if listing.entries and all(e.date for e in listing.entries):
        listing.entries = newest_first(listing.entries)
    return listing


def _unread_dates(unread: list[str]) -> str:
    """One line for a listing's dates that could not be read: how many, and the first one and why."""
    return f"{len(unread)} entry date(s) not understood, those entries left undated (first: {unread[0]})"


def _when(value: str | None, unread: list[str]) -> str | None:
    """A sitemap date (:func:`briefing.metadata.news_date`), or None; why it could not be read goes to ``unread``."""
    date, why = _feed_date(value)
    if why:
        unread.append(why)
    return date


def _gunzip(data: bytes, max_bytes: int) -> bytes:
    """Decompress a gzipped sitemap, refusing one that grows past ``max_bytes``."""
    out = zlib.decompressobj(16 + zlib.MAX_WBITS)
    try:
        body = out.decompress(data, max_bytes + 1)
    except zlib.error as exc:
        raise DiscoverError(f"damaged gzip data ({exc})") from exc
    if len(body) > max_bytes or out.unconsumed_tail:
        raise DiscoverError(f"unpacks to more than {max_bytes / 1e6:g} MB; not read")
    return body


def parse_sitemap(data: bytes, max_bytes: int) -> Listing:
    """URLs (or child sitemaps) of a sitemap, newest first, at most ``MAX_SITEMAP_URLS`` read."""
    from xml.etree.ElementTree import ParseError

    from defusedxml import DefusedXmlException
    from defusedxml.ElementTree import iterparse

    if data[:2] == b"\x1f\x8b":
        data = _gunzip(data, max_bytes)
    if looks_like_html(data):
        raise DiscoverError("is an HTML page, not a sitemap")
    _no_entities(data, "sitemap")
    listing = Listing()
    unread: list[str] = []
    read = 0
    root = ""
    try:
        for event, elem in iterparse(io.BytesIO(data), events=("start", "end"), forbid_dtd=True):
            tag = elem.tag.split("}")[-1]
            if event == "start":
                root = root or tag
                continue
            if tag not in {"url", "sitemap"}:
                continue
            read += 1
            if read > MAX_SITEMAP_URLS:
                listing.problems.append(f"lists more than {MAX_SITEMAP_URLS} URLs; only the first ones read")
                break
            loc = (elem.findtext(f"{_SM}loc") or elem.findtext("loc") or "").strip()
            news = elem.find(f"{_NEWS}news")
            date = _when(news.findtext(f"{_NEWS}publication_date") if news is not None else None, unread)
            date = date or _when(elem.findtext(f"{_SM}lastmod") or elem.findtext("lastmod"), unread)
            title = news.findtext(f"{_NEWS}title") if news is not None else None
            if loc:
                entry = FeedLink(loc, clean_line(title) if title else None, date)
                (listing.sitemaps if tag == "sitemap" else listing.entries).append(entry)
            elem.clear()
    except (ParseError, DefusedXmlException) as exc:
        if not (listing.entries or listing.sitemaps):
            raise DiscoverError(f"malformed sitemap ({exc})") from exc
        listing.problems.append(f"malformed sitemap ({exc}); read the {read} URLs before it")
    if root not in {"urlset", "sitemapindex"}:
        raise DiscoverError(f"is not a sitemap (root element <{root or '?'}>)")
    if unread:
        listing.problems.append(_unread_dates(unread))
    listing.entries, listing.sitemaps = newest_first(listing.entries), newest_first(listing.sitemaps)
    if len(listing.sitemaps) > MAX_CHILD_SITEMAPS:
        listing.problems.append(
            f"index lists {len(listing.sitemaps)} sitemaps; only the newest {MAX_CHILD_SITEMAPS} read"
        )
        del listing.sitemaps[MAX_CHILD_SITEMAPS:]
    return listing
