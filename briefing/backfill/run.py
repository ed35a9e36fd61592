"""Running a backfill: the days of a range built by an engine and published here, in date order.

What runs where: the engine (local or ray) reads, splits, summarizes and
translates batches of days, in parallel on Ray; this process stores the
results in the run's cache, then builds and publishes each day in date order
with the code of ``briefing build`` (:func:`briefing.publish.render_day`):
the day's summaries and translations come from the cache, its continuity from
the earlier days published just before it.  So a day's files are the bytes a
``briefing build --date D`` of its inputs writes into a folder holding the
earlier days.

Locks: one backfill per output folder for the whole run
(``OUT/.briefing/backfill.lock``); the output folder's own lock only while a
day is published, so the daily ``briefing build`` can publish between two days
of a long backfill (it waits ``build.lock_timeout`` seconds, as for any other
run).  A day that fails is one line; the others go on (exit 1 at the end).
"""

from __future__ import annotations

import dataclasses
import logging
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Protocol

from briefing.backfill.ledger import DayRecord, Ledger, day_files_of, earlier_key, relinked
from briefing.backfill.plan import DayInputs, check_range, find_days, inputs_digest, settings_fingerprint
from briefing.backfill.progress import NoProgress, Progress
from briefing.backfill.stages import DayWork, translator_key
from briefing.cache import Cache
from briefing.config import Options, validate
from briefing.errors import (
    EXIT_NOTHING,
    EXIT_OK,
    EXIT_PARTIAL,
    BriefingError,
    ConfigError,
    LockBusy,
    NothingBuilt,
    PublishError,
)
from briefing.feeds import check_base_url
from briefing.outfolder import OutFolder
from briefing.pipeline import Backends
from briefing.publish import Rendered, preflight, prune_cache, publish_rendered, render_day
from briefing.report import report_path

log = logging.getLogger("briefing")


@dataclass
class Report:
    """What a backfill did."""

    engine: str
    days: int = 0
    built: int = 0
    skipped: int = 0
    failed: list[str] = field(default_factory=list)  # one line per day that could not be published
    problems: list[str] = field(default_factory=list)  # what published days met (an input, a translation)
    stories: int = 0
    seconds: float = 0.0
    peaks: dict[str, int] = field(default_factory=dict)  # stage -> largest peak memory (KiB) of a worker
    gpus: set[str] = field(default_factory=set)  # the GPUs translating workers held

    @property
    def failures(self) -> list[str]:
        return self.failed + self.problems

    @property
    def exit_code(self) -> int:
        """0 all built or already done; 1 some days or inputs failed; 3 no day could be built."""
        if self.failed and not self.built and not self.skipped:
            return EXIT_NOTHING
        return EXIT_PARTIAL if self.failures else EXIT_OK

    def line(self) -> str:
        """The summary line: days, stories, stories per second, failures."""
        rate = self.stories / self.seconds if self.seconds > 0 else 0.0
        return (
            f"backfill ({self.engine}): {self.days} days: {self.built} built, {self.skipped} already done, "
            f"{len(self.failed)} failed; {self.stories} stories in {self.seconds:.1f} s ({rate:.1f} stories/s); "
            f"{len(self.failures)} failures"
        )


class Engine(Protocol):
    """What an engine offers a run (:class:`.local.LocalEngine`, :class:`.ray_engine.RayEngine`):
    the days given, worked on, back in the same order."""

    name: str

    def run(self, works: list[DayWork]) -> Iterator[DayWork]: ...


@contextmanager
def _one_backfill(out: OutFolder) -> Iterator[None]:
    """One backfill per output folder at a time (daily builds may still publish between its days)."""
    from filelock import FileLock, Timeout

    lock = FileLock(str(out.meta / "backfill.lock"))
    try:
        lock.acquire(timeout=0)
    except Timeout:
        raise LockBusy(f"another backfill into {out} is running ({out.meta / 'backfill.lock'})") from None
    except OSError as exc:
        raise PublishError(f"cannot lock the output folder {str(out)!r} ({exc.strerror})") from None
    try:
        yield
    finally:
        lock.release()


def _forget_if_new(out: OutFolder) -> None:
    """A folder this backfill created and published nothing into is removed, under the folder's lock as a
    build does it (:meth:`OutFolder.forget_if_new`); never while another run holds that lock."""
    try:
        with out.lock(0):
            out.forget_if_new()
    except BriefingError:
        pass  # another run holds the folder (or it cannot be locked): it stays


@contextmanager
def _day_lines(verbose: bool) -> Iterator[None]:
    """A build's info lines (a few per day: thousands in a backfill) only with ``verbose``; warnings and
    errors always."""
    logger = logging.getLogger("briefing")
    level = logger.level
    if not verbose:
        logger.setLevel(max(logger.getEffectiveLevel(), logging.WARNING))
    try:
        yield
    finally:
        logger.setLevel(level)


class Backfill:
    """One run: its settings, backends, cache, ledger and report."""

    def __init__(self, opts: Options, out: OutFolder, cache: Cache, backends: Backends, report: Report) -> None:
        self.opts = opts
        self.out = out
        self.cache = cache
        self.backends = backends
        self.report = report
        self.settings = settings_fingerprint(opts, backends)
        self.ledger = Ledger(out).load()
        self.max_bytes = int(opts.max_input_mb * 1_000_000)

    def todo(self, days: list[DayInputs], digests: dict[str, str]) -> list[DayInputs]:
        """The days not finished with these inputs and settings (their earlier days are checked in turn)."""
        return [d for d in days if not self.ledger.finished(d.date, digests[d.date], self.settings)]

    def _check_producers(self, work: DayWork) -> None:
        """The workers' models must be this machine's: else their results would never be found here."""
        mine = {"summary": self.backends.summarizer.fingerprint}
        if self.backends.translator is not None:
            mine["translation"] = translator_key(self.backends.translator)
        for stage, theirs in work.producers.items():
            if stage in mine and theirs != mine[stage]:
                role = {"summary": "summarizer"}.get(stage, "translator")
                raise ConfigError(
                    f"the workers' {role} is not this machine's (other model files, settings or version): "
                    f"give every node the same model files and briefing version ({work.date})"
                )

    def publish(self, day: DayInputs, inputs: str, work: DayWork | None) -> None:
        """Build and publish one day from what its workers computed; a failure is one line."""
        report = self.report
        if work is not None:
            for stage, peak in work.peaks.items():
                report.peaks[stage] = max(report.peaks.get(stage, 0), peak)
            report.gpus.update(work.gpus)
            if work.error:
                log.warning("%s: %s; building the day here", day.date, work.error)
            self._check_producers(work)
            self.cache.put_entries(work.entries)
        earlier = earlier_key(self.out, day.date, self.opts)
        try:
            with self.out.lock(self.opts.build.lock_timeout):
                rendered = render_day(list(day.paths), self.opts, day.date, self.out, self.cache, self.backends)
                self.ledger.record(self._records(day, inputs, earlier, rendered))
                published = publish_rendered(self.out, rendered)  # its files, then its run report
        except PublishError:
            raise  # a full or broken disk: every later day would fail alike
        except BriefingError as exc:
            report.failed.append(f"{day.date}: {exc.message}")
            return
        except Exception as exc:  # any failure on hostile input costs this day only
            log.debug("%s failed", day.date, exc_info=True)
            report.failed.append(f"{day.date}: {exc.__class__.__name__}: {exc}")
            return
        report.built += 1
        report.stories += len(published.briefing.stories)
        report.problems += [f"{day.date}: {problem}" for problem in published.briefing.failures]

    def _records(self, day: DayInputs, inputs: str, earlier: str, rendered: Rendered) -> list[DayRecord]:
        """What the ledger says once ``rendered`` is published: the day (unless it met problems: it is built
        again next time, a server may be back) and the finished days whose pages it re-links.  Recorded
        before the switch: a run killed in between finds the files not as recorded, or the day's run report
        missing, and builds the day again."""
        records = relinked(self.ledger.days, day.date, rendered.files)
        if not rendered.briefing.failures:
            records.append(DayRecord(day.date, inputs, self.settings, earlier, day_files_of(day.date, rendered.files)))
        return records

    def run(self, days: list[DayInputs], engine: Engine, progress: Progress) -> None:
        digests = {d.date: inputs_digest(d.paths, self.max_bytes) for d in days}
        todo = self.todo(days, digests)
        planned = {d.date for d in todo}
        progress.expect("publish", len(days), "days")
        stream = engine.run([DayWork(d.date, d.paths) for d in todo])
        for day in days:
            work = None
            if day.date in planned:
                work = next(stream, None)
                if work is None or work.date != day.date:
                    raise RuntimeError(f"the {engine.name} engine did not give {day.date} back in its turn")
            elif self.ledger.finished(
                day.date, digests[day.date], self.settings, earlier_key(self.out, day.date, self.opts)
            ) and report_path(self.out.path, day.date).is_file():  # a run killed before the report: build again
                self.report.skipped += 1
                progress.advance("publish")
                continue
            self.publish(day, digests[day.date], work)
            progress.advance("publish")
        if self.ledger.wasteful:
            self.ledger.compact()


def run_backfill(
    paths: list[str],
    opts: Options,
    start: str | None = None,
    end: str | None = None,
    progress: Progress | None = None,
    verbose: bool = False,
) -> Report:
    """Build and publish one briefing per day of the range that has inputs; see the module's docstring."""
    started = time.monotonic()
    validate(opts)
    progress = progress or NoProgress()
    start, end = check_range(start, end)
    if not paths:
        raise ConfigError("no inputs: give the folders or files of the days to build (named YYYY-MM-DD...)")
    opts = dataclasses.replace(opts, base_url=check_base_url(opts.base_url))
    found = find_days(paths, start, end)
    for note in found.notes:
        log.warning("warning: %s", note)
    if not found.days:
        span = f"{start or 'the first day'} to {end or 'the last'}"
        raise NothingBuilt(f"no inputs dated {span} in {', '.join(paths)}")
    report = Report(opts.backfill.engine, days=len(found.days))
    ray_engine = None
    if opts.backfill.engine == "ray":
        from briefing.backfill.ray_engine import RayEngine

        # Ray Data draws a bar per operator (per stage) itself; two sets of bars would garble each other
        ray_engine = RayEngine(opts, verbose, progress_bars=not isinstance(progress, NoProgress))
        progress = NoProgress()
    out = preflight(opts, None, found.days[0].date, [d.date for d in found.days[1:]])
    try:
        with _one_backfill(out), Cache() as cache:
            backends = Backends.load(opts, cache)
            backfill = Backfill(opts, out, cache, backends, report)
            if ray_engine is None:
                from briefing.backfill.local import LocalEngine

                engine: LocalEngine | RayEngine = LocalEngine(opts, backends, cache, progress)
            else:
                engine = ray_engine
            with engine, _day_lines(verbose):
                backfill.run(found.days, engine, progress)
            prune_cache(cache, opts.build.cache_days)
    except BaseException:
        _forget_if_new(out)
        raise
    finally:
        progress.close()
    report.seconds = time.monotonic() - started
    return report
