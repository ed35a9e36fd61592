"""Publishing ``briefing build``: the pipeline's briefing out as dated files.

Safe for cron: the settings and the output folder are checked before any
work, one run per output folder (its lock lives there), every file of the run
rendered before anything is published, the whole set published with one
atomic switch (:mod:`briefing.outfolder`), summaries and translations cached
by content and model (a rerun recomputes nothing and writes byte-identical
files), and exit codes that tell what happened.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from briefing.cache import Cache
from briefing.config import Options, validate
from briefing.errors import ConfigError
from briefing.feeds import FEED_ATOM, FEED_JSON, build_time, check_base_url, day_feed, json_feed, updated_atom
from briefing.history import MAX_DAY_BYTES, Day, History, parse_day, read_history
from briefing.mail import edition
from briefing.metadata import input_names
from briefing.outfolder import OutFolder
from briefing.pipeline import Backends, build_briefing
from briefing.records import Briefing, DayLinks
from briefing.render import Limits, load_template, render
from briefing.report import report_path, report_text
from briefing.state import Refused, atomic_write, read_inside
from briefing.web.store import day_of, is_archive_day
from briefing.wording import english_credit

if TYPE_CHECKING:
    from collections.abc import Callable

    from briefing.web.collect import FetchReport, SourceReport

log = logging.getLogger("briefing")
_DATED = re.compile(r"^(\d{4}-\d{2}-\d{2})\.html$")
INDEX_HEADLINES = 3


@dataclass
class BuildResult:
    briefing: Briefing
    written: list[Path]

    @property
    def failures(self) -> tuple[str, ...]:
        return self.briefing.failures


def today(tz: str) -> str:
    try:
        return dt.datetime.now(ZoneInfo(tz)).date().isoformat()
    except ZoneInfoNotFoundError as exc:
        raise ConfigError(f"unknown time zone {tz!r}") from exc


def check_date(date: str) -> str:
    try:
        return dt.date.fromisoformat(date).isoformat()
    except ValueError as exc:
        raise ConfigError(f"--date must be YYYY-MM-DD, not {date!r}") from exc


def dated_names(date: str, formats: list[str], base_url: str = "") -> list[str]:
    """The file names a run for ``date`` publishes: its formats, the e-mail edition and the archive page
    with HTML, the rolling feeds with JSON and a base URL."""
    names = [f"{date}.{fmt}" for fmt in formats]
    if "html" in formats:
        names += [f"{date}.email.html", f"{date}.email.txt", "index.html"]
    if "json" in formats and base_url:
        names += [FEED_JSON, FEED_ATOM]
    return names


def navigation(
    out: Path, date: str, formats: list[str], base_url: str, dated: Sequence[str], also: str = ""
) -> DayLinks:
    """Links of a day page: the previous and next briefing in ``out`` (its day pages, and ``dated``: the
    days of its JSON files; ``also``: the day being built), its other formats, the feeds."""
    pages = {m.group(1) for p in out.glob("*.html") if (m := _DATED.match(p.name))} if out.is_dir() else set()
    days = sorted((pages | set(dated) | ({also} if also else set())) - {date})
    return DayLinks(
        prev=max((d for d in days if d < date), default=""),
        next=min((d for d in days if d > date), default=""),
        md=f"{date}.md" if "md" in formats else "",
        json=f"{date}.json" if "json" in formats else "",
        feeds={"json": FEED_JSON, "atom": FEED_ATOM} if base_url and "json" in formats else {},
    )


_NAV_RE = re.compile(r'<nav class="daynav".*?</nav>', re.DOTALL)


def relinked(path: Path, nav: DayLinks, templates: str, limits: Limits | None = None) -> bytes | None:
    """An earlier day page with fresh day links (it now has a next day); None when it is not ours or unchanged."""
    try:
        html = path.read_text("utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    fresh, n = _NAV_RE.subn(lambda _: render("_daynav.html.j2", templates, limits, nav=nav).strip(), html, count=1)
    return fresh.encode("utf-8") if n == 1 and fresh != html else None


def render_outputs(b: Briefing, names: list[str], opts: Options, history: History, out: Path) -> dict[str, bytes]:
    """Every file of the run, rendered before anything is published (the rolling feeds and the
    neighbouring days' re-linked pages included); ``b`` has its day links (``nav``)."""
    templates, tz, base_url, limits = opts.templates, opts.timezone, opts.base_url, Limits.of(opts)
    rendered: dict[str, str | bytes] = {}
    if f"{b.date}.md" in names:
        rendered[f"{b.date}.md"] = render("briefing.md.j2", templates, limits, briefing=b)
    if f"{b.date}.html" in names:
        rendered[f"{b.date}.html"] = render("briefing.html.j2", templates, limits, briefing=b)
        html, text = edition(b, templates, base_url, opts.mail.max_kb, limits)
        rendered[f"{b.date}.email.html"], rendered[f"{b.date}.email.txt"] = html, text
        for neighbour in (b.nav.prev, b.nav.next):
            page = out / f"{neighbour}.html"
            if neighbour and page.is_file():
                nav = navigation(out, neighbour, opts.formats, base_url, history.dates, also=b.date)
                fresh = relinked(page, nav, templates, limits)
                if fresh is not None:
                    rendered[page.name] = fresh
    if f"{b.date}.json" in names:
        day_json = day_feed(b, tz, base_url)
        rendered[f"{b.date}.json"] = json.dumps(day_json, ensure_ascii=False, indent=2) + "\n"
        if FEED_JSON in names:
            recent = [*history.earlier, parse_day(b.date, day_json), *history.later]
            rendered[FEED_JSON] = json_feed(recent, b.title, base_url, opts.editorial.feed_days, tz)
            now = build_time(opts.build.source_date_epoch, tz)
            published = _published(out, FEED_ATOM)
            rendered[FEED_ATOM] = updated_atom(
                recent, b.title, base_url, opts.editorial.feed_days, tz, now, published, str(out / FEED_ATOM)
            )
    return {name: data if isinstance(data, bytes) else data.encode("utf-8") for name, data in rendered.items()}


def _published(out: Path, name: str) -> bytes | None:
    """A published file of the output folder as it is (None: none, or not one this tool reads)."""
    try:
        return read_inside(out, name, MAX_DAY_BYTES)[0]
    except (OSError, Refused):
        return None


def render_index(
    title: str, names: list[str], templates: str, days: dict[str, Day], feeds: Mapping[str, str], limits: Limits
) -> bytes:
    """The archive page: every dated briefing of the set, newest first, with its top headlines and count."""
    entries = []
    for name in sorted(names, reverse=True):
        m = _DATED.match(name)
        if m:
            day = m.group(1)
            record = days.get(day)
            headlines = record.top[:INDEX_HEADLINES] if record else []
            entries.append(
                {
                    "date": day,
                    "href": name,
                    "md": f"{day}.md" if f"{day}.md" in names else None,
                    "json": f"{day}.json" if f"{day}.json" in names and record else None,
                    "count": len(record.shown) if record else 0,
                    "headlines": headlines,
                    "credit": english_credit(record.english_model, (h.title_en for h in headlines)) if record else "",
                }
            )
    return render("index.html.j2", templates, limits, title=title, entries=entries, feeds=feeds).encode("utf-8")


def write_report(out: Path, b: Briefing) -> str | None:
    """Write the operator's report of the run (:mod:`briefing.report`); the problem in one line, or None."""
    path = report_path(out, b.date)
    try:
        atomic_write(path, report_text(b))
    except OSError as exc:
        return f"cannot write the run report {str(path)!r} ({exc.strerror or exc.__class__.__name__})"
    log.info("report: %s", path)
    return None


def check_templates(formats: list[str], templates: str, limits: Limits | None = None) -> None:
    """Load (parse) every template the run needs, so a broken one stops the run before any work."""
    for name in (["briefing.md.j2"] if "md" in formats else []) + (
        ["briefing.html.j2", "index.html.j2", "email.html.j2", "email.txt.j2"] if "html" in formats else []
    ):
        load_template(name, templates, limits)


def output_folder(opts: Options) -> Path:
    """The configured output folder (``build`` writes it, ``send`` reads it), or else a ConfigError."""
    if not opts.out:
        raise ConfigError("no output folder: give --out DIR or set out in the config")
    return Path(opts.out)


def preflight(opts: Options, date: str | None, day: str | None = None, more_days: Sequence[str] = ()) -> OutFolder:
    """What a build needs besides inputs, checked before any work (and before any fetching):
    the date, the templates and the output folder (created if missing, writable, room on its disk,
    no folder where a file of ``day`` or of ``more_days`` goes)."""
    folder = output_folder(opts)
    if date is not None:
        check_date(date)
    check_templates(opts.formats, opts.templates, Limits.of(opts))
    out = OutFolder(folder)
    day = day or (check_date(date) if date is not None else today(opts.timezone))
    out.check([name for d in (day, *more_days) for name in dated_names(d, opts.formats, opts.base_url)])
    return out


@dataclass
class Rendered:
    """One day's briefing and every file of its switch (name -> content), not yet published."""

    briefing: Briefing
    files: dict[str, bytes]


def render_day(
    paths: list[str],
    opts: Options,
    day: str,
    out: OutFolder,
    cache: Cache | None,
    backends: Backends | None = None,
) -> Rendered:
    """Build ``day`` from ``paths`` and render every file its publication into ``out`` switches (the
    caller holds ``out``'s lock, and publishes with ``out.publish``).

    Continuity, navigation, the feeds and the index read the folder's earlier
    days as published, so days built one after another must be built in date order.
    """
    ed = opts.editorial
    names = dated_names(day, opts.formats, opts.base_url)
    out.clean()
    # the earlier days are read once: continuity, the feeds, the day links and the index share them
    history = read_history(out.path, day, max(ed.continuity_days, ed.feed_days), everything="index.html" in names)
    window = history.earlier[-ed.continuity_days :] if ed.continuity_days else ()
    briefing = build_briefing(paths, opts, day, cache, window, backends)
    nav = navigation(out.path, day, opts.formats, opts.base_url, history.dates)
    briefing = replace(briefing, failures=(*briefing.failures, *history.problems), nav=nav)
    files = render_outputs(briefing, names, opts, history, out.path)
    if "index.html" in names:
        days = {d.date: d for d in history.days}
        if f"{day}.json" in files:
            days[day] = parse_day(day, json.loads(files[f"{day}.json"]))
        set_names = sorted({*out.published(), *files})
        files["index.html"] = render_index(
            briefing.title, set_names, opts.templates, days, briefing.nav.feeds, Limits.of(opts)
        )
    return Rendered(briefing, files)


def publish_rendered(out: OutFolder, rendered: Rendered) -> BuildResult:
    """Publish a rendered day into ``out`` (the caller holds its lock), then write the day's run report;
    a report that cannot be written is one more failure of the run."""
    written = out.publish(rendered.files)
    briefing = rendered.briefing
    problem = write_report(out.path, briefing)
    if problem:
        briefing = replace(briefing, failures=(*briefing.failures, problem))
    return BuildResult(briefing, written)


def log_cache_use(cache: Cache) -> None:
    """How many summaries and translations came from the cache, and how many were computed."""
    for kind in ("summary", "translation"):
        hits, misses = cache.hits.get(kind, 0), cache.misses.get(kind, 0)
        if hits or misses:
            log.info("%s: %d from the cache, %d computed", {"summary": "summaries"}.get(kind, kind + "s"), hits, misses)


def prune_cache(cache: Cache, days: float) -> None:
    """Drop the cache entries no run used for ``days`` days (0: never)."""
    if days > 0:
        pruned = cache.prune(days)
        if pruned:
            log.info("cache: %d entries unused for %g days pruned", pruned, days)


def _locked_run(paths: list[str], opts: Options, day: str, out: OutFolder) -> BuildResult:
    """Build and publish under the output folder's lock; a folder this run created and published nothing into
    is removed before the lock is let go (never by a run the lock refused: the holder may be publishing)."""
    with out.lock(opts.build.lock_timeout):
        try:
            with Cache() as cache:
                result = publish_rendered(out, render_day(paths, opts, day, out, cache))
                log_cache_use(cache)
                prune_cache(cache, opts.build.cache_days)
            return result
        except BaseException:
            out.forget_if_new()
            raise


def run_build(paths: list[str], opts: Options, date: str | None = None) -> BuildResult:
    """The whole job: check the settings and their targets, then work and publish under the output folder's lock."""
    validate(opts)
    if not paths:
        paths, _ = input_names(opts.inputs)
    if not paths:
        raise ConfigError("no inputs: give PATH arguments or set inputs in the config")
    archived = [day_of(Path(p)) for p in paths if is_archive_day(Path(p))]
    day = check_date(date) if date is not None else next((d for d in archived if d), None) or today(opts.timezone)
    opts = replace(opts, base_url=check_base_url(opts.base_url))  # a copy: the caller's options stay as given
    out = preflight(opts, date, day)
    result = _locked_run(paths, opts, day, out)
    log.info("%d stories -> %s", len(result.briefing.stories), ", ".join(str(p) for p in result.written))
    return result


def fetch_and_build(
    paths: list[str],
    opts: Options,
    date: str | None,
    on_source_done: Callable[[SourceReport], None] | None = None,
    on_fetched: Callable[[FetchReport], None] | None = None,
) -> BuildResult:
    """``build --sources``: check what the build needs (before fetching anything), fetch the configured
    ``[[sources]]`` into today's archive folder, then build from it and ``paths`` (else the configured
    inputs).  ``on_fetched`` hears of the fetch before the build starts, so its problems are told even
    when the build then fails."""
    from briefing.web.collect import run_fetch, sources_from_config

    validate(opts)
    preflight(opts, date)
    report = run_fetch(sources_from_config(opts.sources), opts, None, on_source_done)
    if on_fetched is not None:
        on_fetched(report)
    return run_build([*(paths or input_names(opts.inputs)[0]), str(report.folder)], opts, date)
