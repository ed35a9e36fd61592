"""The briefing's feeds: the day's JSON (a JSON Feed 1.1 document, project fields under ``_briefing``),
and the rolling ``feed.json`` (JSON Feed 1.1) and ``feed.atom`` (Atom 1.0) to subscribe to.

The rolling feeds hold the top stories of the last ``feed_days`` briefings in
the output folder, newest day first, read back from the published day JSON
(the day being built included), so the feeds always agree with the pages.
Every URL is absolute, built from the configured ``base_url``: a story's
permalink is ``<base_url><date>.html#<anchor>`` (:func:`permalink`, the one
place it is built); a link to the original article is the JSON Feed
``external_url`` and an Atom ``related`` link.  The Atom document is written
by feedgen.

Dates: an entry is published on its briefing's day (midnight in the configured
time zone), so a feed reader files it with the day it was briefed; the
story's own date (its page, dateline or feed) is in the entry's text and in
the JSON Feed extension ``_briefing.story_date``.  The Atom feed's
``updated`` is the time of the build that changed it (a later day, an earlier
day backfilled, a day rebuilt with other news): a build that leaves its
entries as they were keeps the published ``updated``, so a rerun writes the
same bytes; an entry whose text changed is updated then too
(:func:`updated_atom`).  The build's time is now, or
``build.source_date_epoch`` (``SOURCE_DATE_EPOCH``) when set.  An entry
carrying machine English says so,
naming the model (the same credit as the pages).
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import re
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field
from html import escape
from typing import Any
from zoneinfo import ZoneInfo

from briefing import __version__
from briefing.errors import ConfigError
from briefing.history import Day, PastItem
from briefing.records import Briefing
from briefing.untrusted import shown
from briefing.wording import english_credit, flagged, story_date

log = logging.getLogger("briefing")
JSON_FEED = "https://jsonfeed.org/version/1.1"
FEED_JSON = "feed.json"
FEED_ATOM = "feed.atom"


def unique_id(wanted: str, taken: set[str]) -> str:
    """``wanted``, or ``wanted-2``, ``-3``…: JSON Feed item ids must be unique, and
    input records (JSONL ``id``) may repeat one.  Stable: stories come in a fixed order."""
    uid, n = wanted, 1
    while uid in taken:
        n += 1
        uid = f"{wanted}-{n}"
    taken.add(uid)
    return uid


def _rfc3339(when: dt.datetime) -> str:
    """``when`` as an RFC 3339 time.  RFC 3339 offsets are whole minutes, but a zone's local mean time
    before standard time has seconds (Asia/Shanghai in year 1 is +08:05:43, which Atom readers and feedgen
    refuse): such an offset is rounded to the minute, the wall time kept."""
    offset = when.utcoffset()
    if offset is None or offset % dt.timedelta(minutes=1) == dt.timedelta(0):
        return when.isoformat()
    minutes = round(offset / dt.timedelta(minutes=1))
    return when.replace(tzinfo=dt.timezone(dt.timedelta(minutes=minutes))).isoformat()


def midnight(date: str, tz: str) -> str:
    """A day as an RFC 3339 time: its midnight in the briefing's time zone."""
    return _rfc3339(dt.datetime.combine(dt.date.fromisoformat(date), dt.time(0), ZoneInfo(tz)))


def permalink(base_url: str, date: str, anchor: str = "") -> str:
    """A day page's URL, ``<base_url><date>.html``, at the story when its anchor is given; empty without a
    base URL."""
    if not base_url:
        return ""
    return f"{base_url}{date}.html" + (f"#{anchor}" if anchor else "")


def day_feed(b: Briefing, tz: str, base_url: str = "") -> dict[str, Any]:
    """The day's JSON: every story (shown, then left out), with the project's fields under ``_briefing``."""
    items = []
    ids: set[str] = set()
    lead_of = {r.article.id: lead.article.id for lead in b.leads for r in lead.related}
    left_out: dict[str, list[str]] = {}  # reports left out of the page, by their event's lead
    for story in b.cut:
        if story.event_lead:
            lead_of[story.article.id] = story.event_lead
            left_out.setdefault(story.event_lead, []).append(story.article.id)
    for story in [*b.stories, *b.cut]:
        art = story.article
        # a dateline (新华社北京7月8日电) or a credit line (新华社发) names no author: the source does
        author = art.byline or (story.sources[0] if story.sources else "unknown")
        c = story.continuity
        item: dict[str, Any] = {
            "id": unique_id(art.id, ids),
            "title": art.title,
            "content_text": "\n\n".join(art.paragraphs),
            "content_html": "".join(f"<p>{escape(p)}</p>" for p in art.paragraphs),
            "summary": story.summary.text,
            "language": "zh-Hans",
            "date_published": midnight(b.date, tz),
            "authors": [{"name": author}],
            "tags": story.summary.keywords,
            "_briefing": {
                "anchor": story.anchor,
                "top": story.top,
                "cut": story.cut is not None,
                "cut_reason": story.cut,
                "status": c.status,
                "follows": {"date": c.date, "anchor": c.anchor, "title": c.title} if c.date else None,
                "first_seen": c.first_seen or b.date,
                "event_lead": lead_of.get(art.id),
                "related_ids": [*(r.article.id for r in story.related), *left_out.get(art.id, ())],
                "date": art.date or b.date,
                "date_source": art.date_source or "build",
                "year_guessed": art.year_guessed,
                "date_zone": art.date_zone or tz,
                "source_name": story.sources[0] if story.sources else None,
                "title_en": story.english.title_en,
                "summary_en": story.english.summary_en,
                "translation_model": story.english.model,
                "english_doubts": story.english.doubts if story.english.shown else [],
                "english_failure": story.english.failure,
                "key_terms": [asdict(t) for t in story.key_terms],
                "keywords": story.summary.keywords,
                "flags": story.flags,
                "sources": story.sources,
                "merged_ids": [m.id for m in story.merged],
                "section": story.section,
                "score": story.score,
                "score_parts": dict(story.score_parts),
                "continuation": art.continuation,
                "title_derived": art.title_derived,
                "dateline": art.dateline,
                "byline": art.byline,
                "credit": art.credit,
                "summary_backend": story.summary.backend,
                "summary_fallback": story.summary.fallback,
            },
        }
        url = permalink(base_url, b.date, story.anchor) if story.cut is None else ""
        if url:
            item["url"] = url
        if art.links:
            item["external_url"] = art.links[0]
        items.append(item)
    doc: dict[str, Any] = {
        "version": JSON_FEED,
        "title": f"{b.title} · {b.date}",
        "description": f"{len(b.stories)} stories from {len(b.sources)} sources",
        "language": "zh-Hans",
        "items": items,
        "_briefing": {
            "date": b.date,
            "title": b.title,
            "generator": b.generator,
            "translated": b.translated,
            "failures": b.failures,
            "notes": b.notes,
            "shown": len(b.stories),
            "cut": len(b.cut),
            "english": {
                "model": b.english_model or None,
                "endpoint_host": b.english_host or None,
                "stories": b.english_count,
                "of": len(b.stories),
                "lede": b.lede,
            },
        },
    }
    if base_url:
        doc["home_page_url"] = f"{base_url}{b.date}.html"
        doc["feed_url"] = f"{base_url}{b.date}.json"
    return doc


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


def _text(day: Day, item: PastItem) -> str:
    """An entry's text: the summary, its English (and what to check in it, in the page's words), the
    story's own date (marked when its year was assumed) and source, and the credit of the machine English
    when there is any."""
    parts = [item.summary or item.title]
    english = [e for e in (item.title_en, item.summary_en) if e]
    parts += english
    if item.check:
        parts.append(flagged(item.check))
    about = " · ".join(x for x in (story_date(item.story_date, item.year_guessed), item.source) if x)
    if about:
        parts.append(about)
    credit = english_credit(day.english_model, english)
    if credit:
        parts.append(credit)
    return "\n\n".join(parts)


def build_time(epoch: int, tz: str) -> str:
    """The build's time as an RFC 3339 time in the briefing's zone, to the second: ``epoch`` (Unix seconds;
    0 is 1970-01-01T00:00:00Z) when given, else (negative) now."""
    zone = ZoneInfo(tz)
    when = dt.datetime.fromtimestamp(epoch, zone) if epoch >= 0 else dt.datetime.now(zone).replace(microsecond=0)
    return _rfc3339(when)


_ATOM = "{http://www.w3.org/2005/Atom}"


@dataclass(frozen=True)
class PublishedAtom:
    """What a published Atom document says (untrusted: anyone who can write the output folder can change
    it): its ``updated``, and each entry's ``updated``, title and text by id.  A time that is no RFC 3339
    date-time with a zone from 1970 to ``latest`` (:func:`_time`) is None; ``damaged`` holds such times as
    they were written."""

    updated: str | None = None
    entries: Mapping[str, tuple[str | None, str, str]] = field(default_factory=dict)
    damaged: tuple[str, ...] = ()

    @classmethod
    def read(cls, atom: bytes | None, latest: dt.datetime) -> PublishedAtom:
        from lxml import etree

        if not atom:
            return cls()
        try:
            root = etree.fromstring(atom, etree.XMLParser(resolve_entities=False, no_network=True))
        except etree.XMLSyntaxError:
            return cls()
        damaged: list[str] = []

        def when(node: Any) -> str | None:
            text = node.findtext(f"{_ATOM}updated")
            good = _time(text, latest)
            if good is None:
                damaged.append(text or "(none)")
            return good

        entries = {}
        for entry in root.iterfind(f"{_ATOM}entry"):
            ident = entry.findtext(f"{_ATOM}id") or ""
            if ident:
                texts = (entry.findtext(f"{_ATOM}title") or "", entry.findtext(f"{_ATOM}summary") or "")
                entries[ident] = (when(entry), *texts)
        return cls(when(root), entries, tuple(damaged))


_RFC3339 = re.compile(r"\d{4}-\d\d-\d\d[T ]\d\d:\d\d:\d\d(\.\d{1,9})?(Z|[+-]\d\d:\d\d)")
_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)


def _time(text: str | None, latest: dt.datetime) -> str | None:
    """``text`` when it is an RFC 3339 date-time with a zone from 1970 to ``latest``, else None: feedgen
    refuses a date alone, a week date or a time without a zone, and a time outside that range is no time
    this tool wrote."""
    text = (text or "").strip()
    if not _RFC3339.fullmatch(text):
        return None
    try:
        when = dt.datetime.fromisoformat(text)
    except ValueError:
        return None
    return text if _EPOCH <= when <= latest else None


def updated_atom(
    days: Sequence[Day],
    title: str,
    base_url: str,
    limit_days: int,
    tz: str,
    now: str,
    published: bytes | None,
    where: str = FEED_ATOM,
) -> bytes:
    """The rolling Atom document as of the build at ``now``: an entry the published feed (``published``)
    holds with another title or text, or with a damaged ``updated``, is updated at ``now``, one it holds
    alike keeps its ``updated``, a new one is updated when it is published (its briefing's day); the feed
    keeps its published ``updated`` (and bytes) when nothing changed, else it is updated at ``now``.  A
    published time before 1970 or more than a day after the latest this build could write (``now``, or the
    newest day's midnight when a later day is built) is damaged, as is one that is no RFC 3339 date-time with
    a zone: one warning naming the published file (``where``).  ``now`` is written as given: an RFC 3339
    time as :func:`build_time` writes it (the form feedgen writes).  The document is rendered once."""
    newest = max((midnight(day.date, tz) for day in days), default=now, key=dt.datetime.fromisoformat)
    latest = max(dt.datetime.fromisoformat(now), dt.datetime.fromisoformat(newest))
    try:
        latest += dt.timedelta(days=1)
    except OverflowError:  # a briefing of 9999-12-31
        latest = dt.datetime.max.replace(tzinfo=dt.UTC)
    before = PublishedAtom.read(published, latest)
    if before.damaged:
        n = len(before.damaged)
        log.warning(
            "warning: %s: %d updated time%s not RFC 3339 with a zone from 1970 to a day after this build (%s):"
            " the build's time used instead",
            where, n, " is" if n == 1 else "s are", shown(before.damaged[0]),
        )  # fmt: skip
    changed: dict[str, str] = {}
    for day, item in _entries(days, limit_days):
        link = permalink(base_url, day.date, item.anchor)
        if link in before.entries:
            when, old_title, old_text = before.entries[link]
            alike = (old_title, old_text) == (item.title, _text(day, item))
            changed[link] = when if alike and when is not None else now
    # rendered once, as published when it was: a feed whose bytes then changed differs only in its updated
    document = atom_document(days, title, base_url, limit_days, tz, before.updated or now, changed)
    if before.updated is not None:
        same = atom_bytes(document)
        if same == published:
            return same
        document.find(f"{_ATOM}updated").text = now
    return atom_bytes(document)


def json_feed(days: Sequence[Day], title: str, base_url: str, limit_days: int, tz: str) -> str:
    """The rolling JSON Feed 1.1 document."""
    items = []
    for day, item in _entries(days, limit_days):
        link = permalink(base_url, day.date, item.anchor)
        entry: dict[str, Any] = {
            "id": link,
            "url": link,
            "title": item.title,
            "content_text": _text(day, item),
            "summary": item.summary or item.title,
            "date_published": midnight(day.date, tz),
            "language": "zh-Hans",
            "_briefing": {
                "briefing_date": day.date,
                "story_date": item.story_date or None,
                "year_guessed": item.year_guessed,
            },
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


def atom_document(
    days: Sequence[Day],
    title: str,
    base_url: str,
    limit_days: int,
    tz: str,
    updated: str,
    entries_updated: Mapping[str, str] | None = None,
) -> Any:
    """The rolling Atom 1.0 document (feedgen) as an lxml tree, to write with :func:`atom_bytes`: ``updated``
    at that RFC 3339 time; each entry updated when it is published (its briefing's day), or at the time
    ``entries_updated`` gives for its id."""
    from feedgen.feed import FeedGenerator

    entries = _entries(days, limit_days)
    fg = FeedGenerator()
    fg.id(f"{base_url}{FEED_ATOM}")
    fg.title(title or "Briefing")
    fg.link(href=f"{base_url}index.html", rel="alternate")
    fg.link(href=f"{base_url}{FEED_ATOM}", rel="self")
    fg.language("zh-Hans")
    fg.generator("briefing", version=__version__)
    fg.updated(updated)
    for day, item in reversed(entries):  # feedgen prepends
        fe = fg.add_entry()
        link = permalink(base_url, day.date, item.anchor)
        fe.id(link)
        fe.title(item.title)
        fe.link(href=link, rel="alternate")
        if item.external_url:
            fe.link(href=item.external_url, rel="related")
        fe.summary(_text(day, item))
        fe.published(midnight(day.date, tz))
        fe.updated((entries_updated or {}).get(link) or midnight(day.date, tz))
        if item.source:
            fe.author(name=item.source)
    return _entry_link_rels(fg.atom_str(pretty=True), [bool(item.external_url) for _, item in entries])


def _entry_link_rels(atom: bytes, has_related: list[bool]) -> Any:
    """The document as an lxml tree, with the entries' link relations put back: feedgen 1.0 drops ``rel``
    from entry links.

    Each entry was given its permalink (alternate) first and, when known, the
    original article (related) second.
    """
    from lxml import etree

    root = etree.fromstring(atom)
    for entry, related in zip(root.iter(f"{_ATOM}entry"), has_related, strict=True):
        links = entry.findall(f"{_ATOM}link")
        links[0].set("rel", "alternate")
        if related:
            links[1].set("rel", "related")
    return root


def atom_bytes(document: Any) -> bytes:
    """An Atom document's bytes as the feed is published."""
    from lxml import etree

    out: bytes = etree.tostring(document, xml_declaration=True, encoding="UTF-8", pretty_print=True)
    return out
