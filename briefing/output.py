"""What the one-off commands print: split articles, summaries, translations.

The CLI only parses arguments and prints what these functions return; the
daily briefing itself is rendered by the templates (:mod:`briefing.render`).
The Markdown of ``summarize`` comes from a template too, and shares the
story partial of the briefing.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Sequence
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING, Any

from briefing.records import SplitResult, Story, Translation
from briefing.registry import BackendInfo
from briefing.summarizers.base import NO_SUMMARY
from briefing.summarizers.extractive import NOTHING_BEYOND_TITLE
from briefing.wording import english_credit

if TYPE_CHECKING:
    from briefing.cache import StatsRow
    from briefing.verify import Verification


def to_json(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2)


def split_text(result: SplitResult) -> str:
    """Each article with its flags, metadata and paragraphs, numbered."""
    lines: list[str] = []
    for n, art in enumerate(result.articles, 1):
        flags = [f for f, on in (("continuation", art.continuation), ("derived title", art.title_derived)) if on]
        lines.append(f"[{n}] {art.title}" + (f"  ({', '.join(flags)})" if flags else ""))
        fields = (("dateline", art.dateline), ("byline", art.byline), ("credit", art.credit))
        meta = [f"{k}: {v}" for k, v in fields if v]
        if meta:
            lines.append("    " + " | ".join(meta))
        lines += [f"    {para}" for para in art.paragraphs]
        lines.append("")
    return "\n".join(lines)


def summary_row(story: Story, translated: bool) -> dict[str, Any]:
    """One article of ``briefing summarize --format json``."""
    art, summ = story.article, story.summary
    row: dict[str, Any] = {
        "id": art.id,
        "title": art.title,
        "summary": summ.text,
        "keywords": summ.keywords,
        "backend": summ.backend,
        "extractive": summ.extractive,
        "fallback": summ.fallback,
        "error": None if summ.text or summ.reason == NOTHING_BEYOND_TITLE else summ.reason or NO_SUMMARY,
        "reason": summ.reason,  # why the summary is empty (a headline-only item is not an error)
        "trimmed": summ.trimmed,  # a sentence was shortened: clauses left out, or cut at the budget
        "source": art.source,
        "title_derived": art.title_derived,
        "continuation": art.continuation,
    }
    if story.key_terms:
        row["key_terms"] = [asdict(t) for t in story.key_terms]
    if translated:
        row.update(
            title_en=story.english.title_en,
            summary_en=story.english.summary_en,
            translation_model=story.english.model,
            translation_flags=story.english.flags,
            translation_cached=story.english.cached,
            english_failure=story.english.failure,
        )
    return row


def summaries(stories: Sequence[Story], fmt: str, translated: bool, model: str = "") -> str:
    """``briefing summarize`` output in ``fmt`` (json, md or text); ``model`` made the English (its name is
    credited in Markdown when a story shows English)."""
    if fmt == "json":
        return to_json({"articles": [summary_row(s, translated) for s in stories]})
    if fmt == "md":
        from briefing.render import render

        credit = english_credit(model, (s.english.shown for s in stories))
        page = render("summaries.md.j2", stories=stories, translated=translated, credit=credit)
        return re.sub(r"\n{3,}", "\n\n", page).strip()
    lines: list[str] = []
    for n, story in enumerate(stories, 1):
        lines.append(f"[{n}] {story.article.title}")
        lines.append(f"    {story.summary.text or f'({story.summary.reason or NO_SUMMARY})'}")
        if story.english.ok:
            lines.append(f"    EN: {story.english.title_en} — {story.english.summary_en or ''}")
            lines += [f"    ! {flag}" for flag in story.english.flags]
        elif translated:
            lines.append(f"    EN: none ({story.english.failure}); key terms instead")
        if story.key_terms:
            lines.append(
                "    Key terms (glosses, not a translation): "
                + "; ".join(f"{t.term} — {t.gloss}" for t in story.key_terms)
            )
        lines.append(f"    关键词: {'、'.join(story.summary.keywords)}")
        if story.summary.fallback:
            lines.append(f"    (extractive fallback: {story.summary.fallback})")
        lines.append("")
    return "\n".join(lines)


def translations(results: list[Translation], fmt: str) -> tuple[str, list[str]]:
    """``briefing translate`` output, and the warnings for stderr."""
    warnings = [
        problem
        for r in results
        for problem in (
            [f"untranslated: {s}" for s in r.untranslated]
            + [f"translator failed: {f}" for f in r.failures]
            + [f"refused by the checks: {why}" for why in r.rejected]
            + [f"number mismatch: {', '.join(r.number_mismatch)}"] * bool(r.number_mismatch)
            + [f"glossary term not rendered: {', '.join(r.glossary_missing)}"] * bool(r.glossary_missing)
            + [f"name not rendered: {', '.join(r.names_missing)}"] * bool(r.names_missing)
        )
    ]
    if fmt == "json":
        return to_json([asdict(r) for r in results]), []
    return "\n".join(r.text or "[untranslated]" for r in results), warnings


def backends(entries: list[BackendInfo], fmt: str) -> str:
    """``briefing backends``: each backend's role, name, origin and missing requirements."""
    if fmt == "json":
        return to_json([asdict(e) for e in entries])
    lines = []
    for e in entries:
        state = f"needs {', '.join(e.missing)} (pip install 'briefing[neural,ct2]')" if e.missing else "ready"
        lines.append(f"{e.kind:<12} {e.name:<12} {e.origin:<20} {state}")
    return "\n".join(lines)


def models(rows: list[dict[str, Any]], fmt: str) -> str:
    """``briefing models list``: each catalog model, its license and whether it is on this machine."""
    if fmt == "json":
        return to_json(rows)
    lines = []
    for r in rows:
        state = f"present ({r['local_mb']} MB)" if r["present"] else "not present"
        if r["ct2"]:
            state += ", CTranslate2 ready"
        lines.append(f"{r['name']:<24} {r['task']:<14} {r['backend']:<9} ~{r['size_mb']} MB  {r['license']}")
        lines.append(f"{'':<24} {r['hub_id']} - {state}")
    return "\n".join(lines)


def cache_stats(where: Path, rows: list[StatsRow], fmt: str) -> str:
    """``briefing cache stats``: entries, size and last use per stage and model, and the totals."""
    if fmt == "json":
        return to_json({"path": str(where), "rows": [asdict(r) for r in rows]})
    lines = [str(where), f"{'stage':<12} {'entries':>8} {'size':>10}  {'last used':<16}  model"]
    for r in rows:
        used = dt.datetime.fromtimestamp(r.last_used).strftime("%Y-%m-%d %H:%M")
        lines.append(f"{r.kind:<12} {r.entries:>8} {r.bytes / 1024:>8.1f} kB  {used:<16}  {r.producer or '-'}")
    lines.append(f"{sum(r.entries for r in rows)} entries, {sum(r.bytes for r in rows) / 1024:.1f} kB")
    return "\n".join(lines)


def verification(result: Verification, fmt: str) -> str:
    """``briefing models verify``: the scores and the verdict."""
    if fmt == "json":
        return json.dumps(asdict(result) | {"verdict": result.verdict, "works": result.works}, indent=2)
    return result.table()
