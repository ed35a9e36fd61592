"""The local engine: the backfill's stages in this process, a batch of days at a time.

The same stage functions as on Ray (:mod:`.stages`), on the run's own cache
and the run's loaded backends, so models load once for the whole range.
"""

from __future__ import annotations

from collections.abc import Iterator

from briefing.backfill.progress import NoProgress, Progress
from briefing.backfill.stages import DayWork, Summarize, Translate, read
from briefing.cache import Cache
from briefing.config import Options
from briefing.pipeline import Backends

DAYS_PER_BATCH = 16  # a translator's batches fill across days; a killed run loses at most this much work


class LocalEngine:
    """Runs the stages on batches of days and gives the days back in order."""

    name = "local"

    def __init__(self, opts: Options, backends: Backends, cache: Cache, progress: Progress | None = None) -> None:
        self.opts = opts
        self.progress = progress or NoProgress()
        self.summarize = Summarize(opts, backends.summarizer, cache)
        self.translate = Translate(backends.translator, cache) if backends.translator is not None else None

    def __enter__(self) -> LocalEngine:
        return self

    def __exit__(self, *exc: object) -> None:
        return None

    def run(self, works: list[DayWork]) -> Iterator[DayWork]:
        bars = self.progress
        bars.expect("read", len(works), "days")
        for start in range(0, len(works), DAYS_PER_BATCH):
            days = read(works[start : start + DAYS_PER_BATCH], self.opts)
            bars.advance("read", len(days))
            articles = sum(len(w.articles) for w in days)
            bars.expect("summarize", articles, "articles")
            days = self.summarize(days)
            bars.advance("summarize", articles)
            if self.translate is not None:
                texts = sum(len(w.texts) for w in days)
                bars.expect("translate", texts, "headlines and summaries")
                days = self.translate(days)
                bars.advance("translate", texts)
            yield from days
