"""Feeds to subscribe to: a rolling ``feed.json`` (JSON Feed 1.1) and ``feed.atom`` (Atom 1.0).

Both hold the top stories of the last ``feed_days`` briefings in the output
folder, newest day first, read back from the published day JSON (the day
being built included), so the feeds always agree with the pages.  Every URL
is absolute, built from the configured ``base_url``: a story's permalink is
``<base_url><date>.html#<anchor>``; a link to the original article is the
JSON Feed ``external_url`` and an Atom ``related`` link.  The Atom document
is written by feedgen; its ``updated`` time is the newest story's date, so a
rerun writes the same bytes.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from typing import Any

from briefing import __version__
from briefing.archive import Day, PastItem
from briefing.errors import ConfigError
from briefing.feed import JSON_FEED

FEED_JSON = "feed.json"
FEED_ATOM = "feed.atom"


def check_base_url(url: str) -> str:
    """The base URL ending in ``/`` (added when missing); ConfigError when not absolute http(s)."""
    from briefing.config import check_base_url as problem_of

    url = url.strip()
    problem = problem_of(url)
    if problem:
        raise ConfigError(f"base_url {problem}")
    return url if not url or url.endswith("/") else url + "/"


def _entries(days: Sequence[Day], limit_days: int) -> list[tuple[Day, PastItem]]:
    recent = sorted(days, key=lambda d: d.date, reverse=True)[:limit_days]
    return [(day, item) for day in recent for item in day.top]


def _link(base_url: str, day: Day, item: PastItem) -> str:
    return f"{base_url}{day.date}.html" + (f"#{item.anchor}" if item.anchor else "")


def _published(day: Day, item: PastItem) -> str:
    try:
        return dt.datetime.fromisoformat(item.date_published).isoformat()
    except ValueError:
        return f"{day.date}T00:00:00+00:00"


def _text(item: PastItem) -> str:
    parts = [item.summary or item.title]
    if item.title_en:
        parts.append(item.title_en)
    if item.summary_en:
        parts.append(item.summary_en)
    return "\n\n".join(parts)


def json_feed(days: Sequence[Day], title: str, base_url: str, limit_days: int) -> str:
    """The rolling JSON Feed 1.1 document."""
    items = []
    for day, item in _entries(days, limit_days):
        link = _link(base_url, day, item)
        entry: dict[str, Any] = {
            "id": link,
            "url": link,
            "title": item.title,
            "content_text": _text(item),
            "summary": item.summary or item.title,
            "date_published": _published(day, item),
            "language": "zh-Hans",
        }
        if item.external_url:
            entry["external_url"] = item.external_url
        if item.source:
            entry["authors"] = [{"name": item.source}]
        items.append(entry)
    doc = {
        "version": JSON_FEED,
        "title": title,
        "home_page_url": f"{base_url}index.html",
        "feed_url": f"{base_url}{FEED_JSON}",
        "description": f"Top stories of the last {limit_days} briefings",
        "language": "zh-Hans",
        "items": items,
    }
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


def atom_feed(days: Sequence[Day], title: str, base_url: str, limit_days: int) -> bytes:
    """The rolling Atom 1.0 document (feedgen)."""
    from feedgen.feed import FeedGenerator

    entries = _entries(days, limit_days)
    fg = FeedGenerator()
    fg.id(f"{base_url}{FEED_ATOM}")
    fg.title(title or "Briefing")
    fg.link(href=f"{base_url}index.html", rel="alternate")
    fg.link(href=f"{base_url}{FEED_ATOM}", rel="self")
    fg.language("zh-Hans")
    fg.generator("briefing", version=__version__)
    times = [_published(day, item) for day, item in entries]
    newest = (
        max(times)
        if times
        else (f"{max(d.date for d in days)}T00:00:00+00:00" if days else "1970-01-01T00:00:00+00:00")
    )
    fg.updated(newest)
    for (day, item), when in zip(reversed(entries), reversed(times), strict=True):  # feedgen prepends
        fe = fg.add_entry()
        link = _link(base_url, day, item)
        fe.id(link)
        fe.title(item.title)
        fe.link(href=link, rel="alternate")
        if item.external_url:
            fe.link(href=item.external_url, rel="related")
        fe.summary(_text(item))
        fe.published(when)
        fe.updated(when)
        if item.source:
            fe.author(name=item.source)
    return _entry_link_rels(fg.atom_str(pretty=True), [bool(item.external_url) for _, item in entries])


def _entry_link_rels(atom: bytes, has_related: list[bool]) -> bytes:
    """Put back the entries' link relations: feedgen 1.0 drops ``rel`` from entry links.

    Each entry was given its permalink (alternate) first and, when known, the
    original article (related) second.
    """
    from lxml import etree

    ns = "{http://www.w3.org/2005/Atom}"
    root = etree.fromstring(atom)
    for entry, related in zip(root.iter(f"{ns}entry"), has_related, strict=True):
        links = entry.findall(f"{ns}link")
        links[0].set("rel", "alternate")
        if related:
            links[1].set("rel", "related")
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
