"""The per-article work of a backfill, on batches of days: read and split, summarize, translate.

Both engines run these same functions: the local engine in this process on
the run's cache, the ray engine in tasks and in actor pools that load a model
once per worker.  A worker keeps what it computed in an in-memory cache and
hands the entries over with the batch's first day; the publishing side stores
them in the run's cache, where the day's build (the same code as ``briefing
build``) finds every summary and translation already made.  A translation is
made for every headline and summary of a day, before the day is arranged: a
superset of what the page shows, so nothing is missing whatever earlier days
the arrangement meets.

A day whose work raises is marked with one line and goes on to be published
on its own (which builds it here, alone); the other days of its batch are
not held up.
"""

from __future__ import annotations

import logging
import resource
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from briefing.cache import IN_MEMORY, Cache, Entry, make_key
from briefing.pipeline import Backends, Stage, english_texts, read_and_split, summarize
from briefing.records import Article, SplitResult

if TYPE_CHECKING:
    from briefing.config import Options
    from briefing.summarizers.base import Summarizer
    from briefing.translators.service import EnglishTranslator

log = logging.getLogger("briefing")


@dataclass
class DayWork:
    """One day on its way through the stages."""

    date: str
    paths: tuple[str, ...]
    articles: list[Article] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)  # headlines and summaries to translate
    entries: list[Entry] = field(default_factory=list)  # results a worker computed (its batch's, on its first day)
    producers: dict[str, str] = field(default_factory=dict)  # stage -> fingerprint of the backend that worked
    peaks: dict[str, int] = field(default_factory=dict)  # stage -> peak memory (KiB) of the process that worked
    gpus: list[str] = field(default_factory=list)  # the GPUs the translating worker held (ray engine)
    error: str = ""


def translator_key(translator: EnglishTranslator) -> str:
    """What decides a sentence's English (the backend's fingerprint and the translator's settings, as in
    its cache keys): a worker's and the publishing machine's must be the same, or the worker's results
    would never be found."""
    return make_key(translator.backend.fingerprint, translator.settings)


def _peak_kib() -> int:
    return int(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)  # KiB on Linux


def by_day(works: list[DayWork], stage: str, work: Callable[[list[DayWork]], None]) -> list[DayWork]:
    """Run ``work`` on the days not failed yet, all at once; if it raises, on each day alone,
    so one day's failure costs only that day (it is marked with the reason)."""
    live = [w for w in works if not w.error]
    try:
        work(live)
    except Exception as exc:  # any failure on hostile input: the day is marked, the run goes on
        if len(live) > 1:
            for w in live:
                by_day([w], stage, work)
            return works
        if live:
            log.debug("%s failed on %s", stage, live[0].date, exc_info=True)
            live[0].error = f"{stage} failed: {exc.__class__.__name__}: {exc}"
        return works
    peak = _peak_kib()
    for w in live:
        w.peaks[stage] = max(w.peaks.get(stage, 0), peak)
    return works


def _hand_over(works: list[DayWork], cache: Cache, own: Cache | None) -> None:
    """A worker's in-memory results travel with the batch's first day (the run's own cache needs no hand-over)."""
    if own is None and works:
        works[0].entries += cache.entries()
        cache.close()


def read(works: list[DayWork], opts: Options) -> list[DayWork]:
    """Read and split each day's inputs (its problems are reported when the day is built)."""

    def work(days: list[DayWork]) -> None:
        for w in days:
            w.articles = read_and_split(list(w.paths), opts, w.date).split.articles

    return by_day(works, "read", work)


class Summarize:
    """Summaries of every article of a batch of days, in one pass of the summarizer."""

    def __init__(self, opts: Options, summarizer: Summarizer, cache: Cache | None = None) -> None:
        self.opts = opts
        self.summarizer = summarizer
        self.cache = cache  # None: a fresh in-memory cache per batch, handed over with it
        self.translating = opts.translate.enabled

    @classmethod
    def loaded(cls, opts: Options) -> Summarize:
        """A worker's own summarizer, loaded once."""
        return cls(opts, Backends.summarizer_for(opts))

    def __call__(self, works: list[DayWork]) -> list[DayWork]:
        return by_day(works, "summarize", self._batch)

    def _batch(self, works: list[DayWork]) -> None:
        cache = self.cache or Cache(IN_MEMORY)
        articles = [a for w in works for a in w.articles]
        stories = iter(summarize(Stage(SplitResult(articles)), self.opts, cache, self.summarizer).stories)
        for w in works:
            own = [next(stories) for _ in w.articles]
            w.texts = english_texts(own) if self.translating else []
            w.producers["summary"] = self.summarizer.fingerprint
        _hand_over(works, cache, self.cache)


class Translate:
    """English for every headline and summary of a batch of days, in one pass of the translator."""

    def __init__(self, translator: EnglishTranslator, cache: Cache | None = None) -> None:
        self.translator = translator
        self.cache = cache  # None: a fresh in-memory cache per batch, handed over with it

    @classmethod
    def loaded(cls, opts: Options) -> Translate:
        """A worker's own translator, loaded once."""
        return cls(Backends.translator_for(opts, None))

    def __call__(self, works: list[DayWork]) -> list[DayWork]:
        return by_day(works, "translate", self._batch)

    def _batch(self, works: list[DayWork]) -> None:
        cache = self.cache or Cache(IN_MEMORY)
        self.translator.cache = cache
        self.translator.translate_all([t for w in works for t in w.texts])
        for w in works:
            w.producers["translation"] = translator_key(self.translator)
        _hand_over(works, cache, self.cache)
