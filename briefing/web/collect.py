"""Run the sources: fetch feeds, sitemaps and pages, then the articles they list, into the day's archive.

Two passes, each spread over hosts (``concurrency`` hosts at once, one request
per host at a time): first every source's own URL, then every article link
found, de-duplicated across sources by canonical URL so a story two feeds
carry is fetched once. Every problem is one line naming the source and the
URL; the other sources go on. What a normal day holds is a note, not a
problem: a link two feeds list (fetched once), a link robots.txt asks to
leave alone. Notes are logged (seen with ``-v``) and kept in the archive, and
never make a run fail.

One fetch run at a time per archive: its lock file lives in the archive
folder it protects (``<archive>/.fetch.lock``).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from briefing.config import FetchOptions, Options, SourceOptions
from briefing.errors import EXIT_NOTHING, BriefingError, ConfigError, InputError
from briefing.state import home
from briefing.untrusted import shown
from briefing.urls import read_link
from briefing.web.discover import FeedLink, newest_first, parse_feed, parse_sitemap
from briefing.web.extract import canonical_link
from briefing.web.fetcher import Disallowed, Fetched, Fetcher, Unfinished, ValidatorStore
from briefing.web.store import ArchiveDay, Record
from briefing.web.urls import AddressPolicy, Resolver, absolute, canonical_url, check_scheme, host_key, system_resolver

log = logging.getLogger("briefing")


def sources_from_config(tables: list[SourceOptions]) -> list[SourceOptions]:
    """The configured ``[[sources]]`` (each already checked by the settings declaration), each named."""
    for n, table in enumerate(tables):
        if not table.url:
            raise ConfigError(f"sources[{n}].url: every [[sources]] table needs a url")
    return [replace(table, name=table.name or table.url) for table in tables]


def archive_root(opts: FetchOptions, override: str | None = None) -> Path:
    return Path(override or opts.archive or home() / "archive")


@dataclass
class SourceReport:
    """What one source gave this run."""

    name: str
    fetched: int = 0
    not_modified: int = 0
    skipped: int = 0  # links left alone: robots.txt asks so, or another link led to the same page
    failed: int = 0
    pending: int = 1  # the source's own URL, then each of its article links

    def line(self) -> str:
        skipped = f"{self.skipped} left alone, " if self.skipped else ""
        return f"{self.name}: {self.fetched} fetched, {self.not_modified} not modified, {skipped}{self.failed} failed"


@dataclass
class FetchReport:
    """What a fetch run did: per source counts, the problems, the day folder written."""

    folder: Path
    sources: list[SourceReport]
    failures: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # links left alone, by robots.txt or as duplicates

    @property
    def fetched(self) -> int:
        return sum(s.fetched for s in self.sources)

    @property
    def not_modified(self) -> int:
        return sum(s.not_modified for s in self.sources)

    def summary(self) -> str:
        """One line for cron logs."""
        left = f"{len(self.notes)} left alone (-v names them), " if self.notes else ""
        return (
            f"fetch: {len(self.sources)} sources, {self.fetched} pages fetched, {self.not_modified} not modified, "
            f"{left}{len(self.failures)} problems -> {self.folder}"
        )


class ArchiveError(BriefingError):
    """The archive folder cannot be written: the run stops, as nothing fetched could be kept."""

    exit_code = EXIT_NOTHING


@dataclass
class _Job:
    source_index: int
    item: int
    url: str
    entry: FeedLink | None = None


class _Run:
    """One fetch run over a list of sources."""

    def __init__(
        self,
        sources: list[SourceOptions],
        opts: FetchOptions,
        day: ArchiveDay,
        on_source_done: Callable[[SourceReport], None] | None,
        resolve: Resolver,
    ) -> None:
        self.sources = sources
        self.opts = opts
        self.day = day
        self.on_source_done = on_source_done
        self.resolve = resolve
        self.store = ValidatorStore()  # one that cannot be used means full downloads (one warning)
        self.fetcher = Fetcher(opts, self.store)
        self.reports = [SourceReport(s.name) for s in sources]
        self.failures: list[tuple[int, str]] = []
        self.notes: list[tuple[int, str]] = []
        self.unfinished: dict[int, list[str]] = {}  # per source: URLs the run deadline left unfetched or cut off
        self.policies: dict[int, AddressPolicy] = {}
        self.canonicals: dict[str, int] = {}
        self.lock = threading.Lock()

    def close(self) -> None:
        self.fetcher.close()
        self.store.close()

    # -- bookkeeping -------------------------------------------------------

    def _line(self, si: int, message: str) -> str:
        name = self.sources[si].name
        return message if message.startswith(f"{name}:") else f"{name}: {message}"  # a URL-named source once

    def fail(self, si: int, message: str) -> None:
        line = self._line(si, message)
        with self.lock:
            self.failures.append((si, line))
        log.debug("%s", line)

    def note(self, si: int, message: str) -> None:
        """A link left alone as a normal day has them (no failure): said with ``-v``, kept in the archive."""
        line = self._line(si, message)
        with self.lock:
            self.notes.append((si, line))
        log.debug("note: %s", line)

    def _count(self, si: int, what: str, done: int = 1) -> None:
        report = self.reports[si]
        with self.lock:
            if what:
                setattr(report, what, getattr(report, what) + 1)
            report.pending -= done
            finished = report.pending == 0
        if finished and self.on_source_done is not None:
            self.on_source_done(report)

    def _add_pending(self, si: int, n: int) -> None:
        with self.lock:
            self.reports[si].pending += n

    # -- fetching ----------------------------------------------------------

    def _get(self, si: int, url: str, kind: str) -> Fetched | str | None:
        """Fetch for source ``si``: the response; "skipped" (and a note) when robots.txt asks to leave the
        URL alone; None (and one failure line) when it cannot be had."""
        try:
            return self.fetcher.fetch(url, self.policies[si], kind)
        except Disallowed as exc:
            self.note(si, exc.message)
            return "skipped"
        except Unfinished as exc:  # said once per source at the end of the run
            with self.lock:
                self.unfinished.setdefault(si, []).append(exc.message)
            return None
        except InputError as exc:
            self.fail(si, exc.message)
            return None

    def _archive(self, si: int, got: Fetched, role: str, canonical: str, item: int, entry: FeedLink | None) -> None:
        src = self.sources[si]
        record = Record(
            url=got.url,
            canonical=canonical,
            final_url=got.final_url,
            status=got.status,
            headers=got.headers,
            fetched_at=got.fetched_at,
            source=src.name,
            role=role,
            order=[si, item],
            section=src.section or None,
            entry={"title": entry.title, "date": entry.date, "summary": entry.summary} if entry else {},
        )
        try:
            self.day.store(record, got.body)
        except OSError as exc:  # a full disk or a read-only archive: no later page could be kept either
            raise ArchiveError(f"{self.day.folder}: cannot write the archive ({exc.strerror or exc})") from exc

    def _listing(self, si: int, got: Fetched) -> list[FeedLink]:
        """Article links of a feed or sitemap (child sitemaps of an index fetched here)."""
        src = self.sources[si]
        try:
            listing = parse_feed(got.body) if src.kind == "feed" else parse_sitemap(got.body, self.fetcher.max_bytes)
        except InputError as exc:
            self.fail(si, f"{src.url}: {exc.message}")
            return []
        for problem in listing.problems:
            self.fail(si, f"{src.url}: {problem}")
        entries = listing.entries
        for child in listing.sitemaps:
            if len(entries) >= src.max_items:
                break
            url = absolute(got.final_url, child.url)
            sub = self._get(si, url, "sitemap")
            if not isinstance(sub, Fetched) or sub.not_modified:
                continue
            self._archive(si, sub, "sitemap", canonical_url(sub.final_url), 0, None)
            try:
                child_listing = parse_sitemap(sub.body, self.fetcher.max_bytes)
            except InputError as exc:
                self.fail(si, f"{url}: {exc.message}")
                continue
            for problem in child_listing.problems:
                self.fail(si, f"{url}: {problem}")
            if child_listing.sitemaps:
                self.fail(si, f"{url}: a sitemap index inside a sitemap index; not followed")
            entries = entries + child_listing.entries
        if listing.sitemaps:
            entries = newest_first(entries)
        return entries[: src.max_items]

    def index(self, si: int) -> list[_Job]:
        """Fetch a source's own URL; return the article links it lists."""
        src = self.sources[si]
        got = self._get(si, src.url, src.kind)
        if not isinstance(got, Fetched):
            self._count(si, "failed" if got is None else "skipped")
            return []
        if got.not_modified:
            self._count(si, "not_modified")
            return []
        self._archive(si, got, src.kind, canonical_url(got.final_url), 0, None)
        jobs = []
        if src.kind != "page":
            jobs = [_Job(si, n, absolute(got.final_url, e.url), e) for n, e in enumerate(self._listing(si, got))]
        self._add_pending(si, len(jobs))
        self._count(si, "fetched")
        return jobs

    def article(self, job: _Job) -> None:
        """Fetch one linked article page and archive it, unless another link led to the same page."""
        si = job.source_index
        got = self._get(si, job.url, "page")
        if not isinstance(got, Fetched):
            self._count(si, "failed" if got is None else "skipped")
            return
        if got.not_modified:
            self._count(si, "not_modified")
            return
        canonical = self._canonical(si, job.url, got)
        with self.lock:
            first = self.canonicals.get(canonical)
            if first is None:
                self.canonicals[canonical] = si
        if first is not None:
            self.note(si, f"{job.url}: same page as an entry of {self.sources[first].name} ({canonical}); read once")
            self._count(si, "skipped")
            return
        self._archive(si, got, "article", canonical, job.item, job.entry)
        self._count(si, "fetched")

    def _canonical(self, si: int, url: str, got: Fetched) -> str:
        """The page's one URL: its ``<link rel=canonical>`` when that is an http(s) link (the one link check,
        :func:`briefing.urls.read_link`), else its final URL, with one line naming the link refused."""
        link = canonical_link(got.body)
        if link:
            resolved, problem = read_link(absolute(got.final_url, link))
            if problem is None:
                return canonical_url(resolved)
            self.fail(si, f"{url}: its canonical link {shown(link)} {problem}; the page's own URL is kept")
        return canonical_url(got.final_url)

    # -- scheduling --------------------------------------------------------

    def _by_host(self, jobs: list[Any], url_of: Callable[[Any], str], work: Callable[[Any], Any]) -> list[Any]:
        """Run ``work`` over jobs: one worker per host (in order), ``concurrency`` hosts at once."""
        groups: dict[str, list[Any]] = {}
        for job in jobs:
            groups.setdefault(host_key(url_of(job)), []).append(job)

        def run_group(group: list[Any]) -> list[Any]:
            return [work(job) for job in group]

        with ThreadPoolExecutor(max_workers=self.opts.concurrency, thread_name_prefix="briefing-host") as pool:
            results = list(pool.map(run_group, groups.values()))
        return [r for group in results for r in group]

    def run(self) -> None:
        ready = []
        for si, src in enumerate(self.sources):
            try:
                check_scheme(src.url)
            except InputError as exc:
                self.fail(si, exc.message)
                self._count(si, "failed")
                continue
            self.policies[si] = AddressPolicy(src.url, self.opts.allow_private, self.resolve)
            ready.append(si)
        listed = self._by_host(ready, lambda si: self.sources[si].url, self.index)
        jobs = self._dedupe([job for group in listed for job in group])
        self._by_host(jobs, lambda job: job.url, self.article)
        for si, lines in sorted(self.unfinished.items()):
            first, more = sorted(lines)[0], len(lines) - 1
            self.fail(si, first + (f" (and {more} more of this source's URLs, by the run deadline)" if more else ""))

    def _dedupe(self, jobs: list[_Job]) -> list[_Job]:
        """One fetch per page: a link two sources (or one source twice) list is kept for the first."""
        kept: list[_Job] = []
        first: dict[str, _Job] = {}
        for job in sorted(jobs, key=lambda j: (j.source_index, j.item)):
            try:
                check_scheme(job.url)
            except InputError as exc:
                self.fail(job.source_index, exc.message)
                self._count(job.source_index, "failed")
                continue
            key = canonical_url(job.url)
            if key in first:
                other = self.sources[first[key].source_index].name
                self.note(job.source_index, f"{job.url}: duplicate of an entry of {other}; fetched once")
                self._count(job.source_index, "skipped")
                continue
            first[key] = job
            kept.append(job)
        return kept

    @staticmethod
    def in_order(lines: list[tuple[int, str]]) -> list[str]:
        """By source, then by text: the same problems give the same lines whatever order threads met them."""
        return [message for _, message in sorted(lines)]


def fetch_sources(
    sources: list[SourceOptions],
    opts: FetchOptions,
    folder: Path,
    on_source_done: Callable[[SourceReport], None] | None = None,
    resolve: Resolver | None = None,
) -> FetchReport:
    """Fetch every source into the archive day ``folder``; never raises for one bad source or page."""
    day = ArchiveDay(folder)
    run = _Run(sources, opts, day, on_source_done, resolve or system_resolver)
    try:
        run.run()
    finally:
        run.close()
    failures, notes = run.in_order(run.failures), run.in_order(run.notes)
    day.finish(failures, notes, [s.name for s in sources])
    return FetchReport(folder, run.reports, failures, notes)


FETCH_LOCK = ".fetch.lock"  # in the archive folder: two fetch runs never write one archive at once


def run_fetch(
    sources: list[SourceOptions],
    opts: Options,
    archive: str | None = None,
    on_source_done: Callable[[SourceReport], None] | None = None,
) -> FetchReport:
    """Fetch into today's archive folder (in the configured time zone), under the archive's lock."""
    from briefing.publish import today
    from briefing.state import run_lock

    if not sources:
        raise ConfigError("no sources: give URLs, --feed or --sitemap, or configure [[sources]]")
    root = archive_root(opts.fetch, archive)
    folder = root / today(opts.timezone)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ConfigError(f"{folder}: cannot create the archive folder ({exc.strerror or exc})") from exc
    with run_lock(root / FETCH_LOCK, opts.build.lock_timeout, f"the archive {root}"):
        return fetch_sources(sources, opts.fetch, folder, on_source_done)
