"""Run a summarizer over articles: backend from options, cache, per-article errors."""

from __future__ import annotations

import logging
from dataclasses import asdict

from briefing.cache import Cache, make_key
from briefing.config import SummarizeOptions
from briefing.errors import BackendError
from briefing.records import Article, Summary
from briefing.summarize.base import NO_SUMMARY, Budget, Summarizer, get_summarizer_class
from briefing.summarize.extractive import extractive_summary

log = logging.getLogger("briefing")


def make_summarizer(opts: SummarizeOptions) -> Summarizer:
    """Build the configured backend and load its model now, so a missing model fails early."""
    cls = get_summarizer_class(opts.backend)
    summarizer = cls(model=opts.model, device=opts.device)
    load = getattr(summarizer, "load", None)
    if callable(load):
        load()
    return summarizer


def budget_of(opts: SummarizeOptions) -> Budget:
    return Budget(sentences=opts.sentences, max_chars=opts.max_chars, keywords=opts.keywords)


def summarize_all(
    articles: list[Article], summarizer: Summarizer, budget: Budget, cache: Cache | None = None
) -> tuple[list[Summary], list[str]]:
    """Summaries in article order, and one error line per article that failed.

    A backend failure on an article falls back to the extractive summary with
    the reason recorded, so one bad article never stops the run.
    """
    results: dict[int, Summary] = {}
    todo: list[int] = []
    keys: dict[int, str] = {}
    for n, art in enumerate(articles):
        if cache is not None:
            keys[n] = make_key("summary", summarizer.model_key, asdict(budget), art.title, art.paragraphs)
            hit = cache.get("summary", keys[n])
            if hit is not None:
                results[n] = Summary(**hit)
                continue
        todo.append(n)
    errors: list[str] = []
    if todo:
        batch = [articles[n] for n in todo]
        try:
            produced = summarizer.summarize(batch, budget)
        except BackendError as exc:
            if summarizer.extractive:
                raise
            errors.append(f"{summarizer.name}: {exc.format_message()}; extractive summaries used instead")
            reason = f"backend failed: {exc.format_message()}"
            produced = [extractive_summary(art, budget, summarizer.name, reason) for art in batch]
        for n, summary in zip(todo, produced, strict=True):
            if not summary.text:
                errors.append(f"{articles[n].source or 'article'}: «{articles[n].title}»: {NO_SUMMARY}")
            results[n] = summary
            if cache is not None and summary.text:
                cache.put("summary", keys[n], asdict(summary))
    return [results[n] for n in range(len(articles))], errors
