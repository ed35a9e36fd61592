"""The briefing as a JSON Feed 1.1 document, project fields under ``_briefing``."""

from __future__ import annotations

from dataclasses import asdict
from html import escape
from typing import Any

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


def feed(b: Briefing, date_published: str) -> dict[str, Any]:
    items = []
    ids: set[str] = set()
    for story in b.stories:
        art = story.article
        author = art.byline or art.credit or art.dateline or art.source or "unknown"
        item: dict[str, Any] = {
            "id": unique_id(art.id, ids),
            "title": art.title,
            "content_text": "\n\n".join(art.paragraphs),
            "content_html": "".join(f"<p>{escape(p)}</p>" for p in art.paragraphs),
            "summary": story.summary.text,
            "language": "zh-Hans",
            "date_published": date_published,
            "authors": [{"name": author}],
            "tags": story.summary.keywords,
            "_briefing": {
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
        if art.links:
            item["url"] = art.links[0]
        items.append(item)
    return {
        "version": JSON_FEED,
        "title": f"{b.title} · {b.date}",
        "description": f"{len(items)} stories from {len(b.sources)} sources",
        "language": "zh-Hans",
        "items": items,
        "_briefing": {
            "date": b.date,
            "generator": b.generator,
            "translated": b.translated,
            "failures": b.failures,
            "english": {
                "model": b.english_model or None,
                "endpoint_host": b.english_host or None,
                "stories": b.english_count,
                "of": len(b.stories),
                "lede": b.lede,
            },
        },
    }
