"""Run a summarizer over articles: backend from its context, cache, per-article errors."""

from __future__ import annotations

import logging
from dataclasses import asdict, fields
from typing import Any

from briefing.backends import BackendContext
from briefing.cache import Cache, output_key
from briefing.config import SummarizeOptions
from briefing.errors import BackendError
from briefing.records import Article, Summary
from briefing.summarizers.base import NO_SUMMARY, Budget, Summarizer, summarizers
from briefing.summarizers.extractive import NOTHING_BEYOND_TITLE, extractive_summary

log = logging.getLogger("briefing")
SUMMARY_FIELDS = {f.name for f in fields(Summary)}  # entries cached by older versions may hold more


def make_summarizer(context: BackendContext[SummarizeOptions]) -> Summarizer:
    """Build the configured backend (``summarize.backend``) from its context and load its
    model now, so a missing model fails early (:func:`briefing.backends.summarizer_context`)."""
    return summarizers.build(context.options.backend, context)


def budget_of(opts: SummarizeOptions) -> Budget:
    return Budget(sentences=opts.sentences, max_chars=opts.max_chars, keywords=opts.keywords)


def summarized(art: Article) -> dict[str, Any]:
    """Every part of an article a summarizer reads (its id aside): what a cached summary is keyed by."""
    return {
        "title": art.title,
        "title_derived": art.title_derived,  # a derived title is not shown, so it is not avoided
        "paragraphs": art.paragraphs,
        "subheads": art.subheads,
        "captions": art.captions,
    }


def _attempt(summarizer: Summarizer, batch: list[Article], budget: Budget) -> list[Summary | BackendError]:
    """The batch in one call; if that fails, each article alone, so one bad article costs only itself."""
    try:
        return list(summarizer.summarize(batch, budget))
    except BackendError as exc:
        if summarizer.extractive:
            raise
        if len(batch) == 1:
            return [exc]
        log.info("%s: a batch of %d failed (%s); retrying one by one", summarizer.name, len(batch), exc.message)
    out: list[Summary | BackendError] = []
    for art in batch:
        out += _attempt(summarizer, [art], budget)
    return out


def summarize_all(
    articles: list[Article], summarizer: Summarizer, budget: Budget, cache: Cache | None = None
) -> tuple[list[Summary], list[str]]:
    """Summaries in article order, and one error line per article that failed.

    Articles go to the backend in batches; a failed batch is retried article
    by article, and an article that still fails gets the extractive summary
    with the reason recorded, so one bad article never stops the run.  Such a
    fallback is never cached (the next run asks the backend again); a guard's
    rejection of a working backend's output is, with its reason.
    """
    results: dict[int, Summary] = {}
    todo: list[int] = []
    keys: dict[int, str] = {}
    fingerprint = summarizer.fingerprint if cache is not None else ""  # once: it may read the model's files
    for n, art in enumerate(articles):
        if cache is not None:
            keys[n] = output_key("summary", fingerprint, asdict(budget), summarized(art))
            hit = cache.get("summary", keys[n])
            if hit is not None:
                kept = {k: v for k, v in hit.items() if k in SUMMARY_FIELDS}
                results[n] = Summary(**{**kept, "article_id": art.id})  # the same text may come with another id
                continue
        todo.append(n)
    errors: list[str] = []
    size = max(1, getattr(summarizer, "batch_size", 0) or len(todo) or 1)
    for start in range(0, len(todo), size):
        group = todo[start : start + size]
        outcomes = _attempt(summarizer, [articles[n] for n in group], budget)
        errors += summarizer.take_failures()  # requests a server did not answer (their articles fell back)
        done: list[tuple[str, dict[str, object]]] = []  # stored in one transaction per batch: one disk sync
        for n, outcome in zip(group, outcomes, strict=True):
            art = articles[n]
            if isinstance(outcome, BackendError):
                reason = f"backend failed: {outcome.message}"
                errors.append(f"{art.source or 'article'}: «{art.title}»: {summarizer.name} {reason}; extractive used")
                results[n] = extractive_summary(art, budget, summarizer.name, reason)
                continue
            if not outcome.text and outcome.reason != NOTHING_BEYOND_TITLE:  # a headline-only item is no failure
                errors.append(f"{art.source or 'article'}: «{art.title}»: {outcome.reason or NO_SUMMARY}")
            results[n] = outcome
            if cache is not None and outcome.text and summarizer.cacheable(outcome):
                done.append((keys[n], asdict(outcome)))
        if cache is not None and done:
            cache.put_many("summary", done, summarizer.model_key)
    return [results[n] for n in range(len(articles))], errors
