"""The briefing as a JSON Feed 1.1 document, project fields under ``_briefing``."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict
from html import escape
from typing import Any
from zoneinfo import ZoneInfo

from briefing.records import Briefing

JSON_FEED = "https://jsonfeed.org/version/1.1"


def unique_id(wanted: str, taken: set[str]) -> str:
    """``wanted``, or ``wanted-2``, ``-3``…: JSON Feed item ids must be unique, and
    input records (JSONL ``id``) may repeat one.  Stable: stories come in a fixed order."""
    uid, n = wanted, 1
    while uid in taken:
        n += 1
        uid = f"{wanted}-{n}"
    taken.add(uid)
    return uid


def story_time(date: str, tz: str) -> str:
    """A story's date as an RFC 3339 time (midnight in the briefing's time zone)."""
    return dt.datetime.combine(dt.date.fromisoformat(date), dt.time(0), ZoneInfo(tz)).isoformat()


def permalink(base_url: str, date: str, anchor: str) -> str:
    """``<base_url><date>.html#<anchor>``; empty without a base URL."""
    return f"{base_url}{date}.html#{anchor}" if base_url else ""


def feed(b: Briefing, tz: str, base_url: str = "") -> dict[str, Any]:
    """The day's JSON: every story (shown, then left out), with the project's fields under ``_briefing``."""
    items = []
    ids: set[str] = set()
    lead_of = {r.article.id: lead.article.id for lead in b.leads for r in lead.related}
    for story in [*b.stories, *b.cut]:
        art = story.article
        author = art.byline or art.credit or art.dateline or (story.sources[0] if story.sources else "unknown")
        c = story.continuity
        item: dict[str, Any] = {
            "id": unique_id(art.id, ids),
            "title": art.title,
            "content_text": "\n\n".join(art.paragraphs),
            "content_html": "".join(f"<p>{escape(p)}</p>" for p in art.paragraphs),
            "summary": story.summary.text,
            "language": "zh-Hans",
            "date_published": story_time(art.date or b.date, tz),
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
                "related_ids": [r.article.id for r in story.related],
                "date": art.date or b.date,
                "date_source": art.date_source or "build",
                "source_name": story.sources[0] if story.sources else None,
                "title_en": story.english.title_en,
                "summary_en": story.english.summary_en,
                "translation_model": story.english.model,
                "english_failure": story.english.failure,
                "key_terms": [asdict(t) for t in story.key_terms],
                "keywords": story.summary.keywords,
                "flags": story.flags,
                "sources": story.sources,
                "merged_ids": [m.id for m in story.merged],
                "section": story.section,
                "score": story.score,
                "score_parts": story.score_parts,
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
