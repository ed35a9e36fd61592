"""Publishing ``briefing build``: the pipeline's briefing out as dated files.

Safe for cron: a lock per output folder, atomic writes, summaries and
translations cached by content and model (a rerun recomputes nothing and
writes byte-identical files), and exit codes that tell what happened.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from briefing.archive import Day, day_files, parse_day, read_days
from briefing.cache import Cache
from briefing.config import Options
from briefing.errors import ConfigError
from briefing.feed import feed
from briefing.mail import edition
from briefing.metadata import input_names
from briefing.pipeline import build_briefing
from briefing.records import Briefing
from briefing.render import render
from briefing.state import atomic_write, run_lock
from briefing.syndication import FEED_ATOM, FEED_JSON, atom_feed, check_base_url, json_feed
from briefing.web.archive import day_of, is_archive_day

log = logging.getLogger("briefing")
FORMATS = ("md", "html", "json")
_DATED = re.compile(r"^(\d{4}-\d{2}-\d{2})\.html$")
INDEX_HEADLINES = 3


@dataclass
class BuildResult:
    briefing: Briefing
    written: list[Path]

    @property
    def failures(self) -> list[str]:
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


def navigation(out: Path, date: str, formats: list[str], base_url: str) -> dict[str, Any]:
    """Links of the day page: the previous and next briefing in ``out``, its other formats, the feeds."""
    pages = {m.group(1) for p in out.glob("*.html") if (m := _DATED.match(p.name))} if out.is_dir() else set()
    days = sorted((pages | {d for d, _ in day_files(out)}) - {date})
    nav: dict[str, Any] = {
        "prev": max((d for d in days if d < date), default=""),
        "next": min((d for d in days if d > date), default=""),
        "md": f"{date}.md" if "md" in formats else "",
        "json": f"{date}.json" if "json" in formats else "",
        "feeds": {"json": FEED_JSON, "atom": FEED_ATOM} if base_url and "json" in formats else {},
    }
    return nav


_NAV_RE = re.compile(r'<nav class="daynav".*?</nav>', re.DOTALL)


def relink(path: Path, date: str, out: Path, formats: list[str], base_url: str, templates: str) -> bool:
    """Refresh the day links of an earlier page (it now has a next day); False when it is not ours."""
    try:
        html = path.read_text("utf-8")
    except (OSError, UnicodeDecodeError):
        return False
    nav = render("_daynav.html.j2", templates, nav=navigation(out, date, formats, base_url))
    fresh, n = _NAV_RE.subn(lambda _: nav.strip(), html, count=1)
    if n != 1 or fresh == html:
        return False
    atomic_write(path, fresh)
    return True


def write_outputs(b: Briefing, out: Path, opts: Options, earlier: list[Day]) -> list[Path]:
    """Render every file of the day (and the rolling feeds) first, then write each atomically; refresh the index."""
    formats, templates, tz, base_url = opts.formats, opts.templates, opts.timezone, opts.base_url
    b.nav = navigation(out, b.date, formats, base_url)
    rendered: dict[Path, str | bytes] = {}
    if "md" in formats:
        rendered[out / f"{b.date}.md"] = render("briefing.md.j2", templates, briefing=b)
    if "html" in formats:
        rendered[out / f"{b.date}.html"] = render("briefing.html.j2", templates, briefing=b)
        html, text = edition(b, templates, base_url, opts.mail.max_kb)
        rendered[out / f"{b.date}.email.html"] = html
        rendered[out / f"{b.date}.email.txt"] = text
    if "json" in formats:
        day_json = feed(b, tz, base_url)
        rendered[out / f"{b.date}.json"] = json.dumps(day_json, ensure_ascii=False, indent=2) + "\n"
        if base_url:
            recent = [d for d in earlier if d.date < b.date] + [parse_day(b.date, day_json)]
            recent += [d for d in read_days(out)[0] if d.date > b.date]  # a rebuild of an older day
            rendered[out / FEED_JSON] = json_feed(recent, b.title, base_url, opts.editorial.feed_days)
            rendered[out / FEED_ATOM] = atom_feed(recent, b.title, base_url, opts.editorial.feed_days)
    for path, data in rendered.items():
        atomic_write(path, data)
    written = list(rendered)
    if "html" in formats:
        for neighbour in (b.nav["prev"], b.nav["next"]):
            page = out / f"{neighbour}.html"
            if neighbour and page.exists() and relink(page, neighbour, out, formats, base_url, templates):
                written.append(page)
        written.append(write_index(out, b.title, templates, b.nav["feeds"]))
    return written


def write_index(out: Path, title: str, templates: str, feeds: dict[str, str] | None = None) -> Path:
    """The archive page: every dated briefing in ``out``, newest first, with its top headlines and count."""
    pages = {m.group(1) for p in out.glob("*.html") if (m := _DATED.match(p.name))}
    days = {d.date: d for d in read_days(out)[0]}
    entries = []
    for day in sorted(pages, reverse=True):
        record = days.get(day)
        entries.append(
            {
                "date": day,
                "href": f"{day}.html",
                "md": f"{day}.md" if (out / f"{day}.md").exists() else None,
                "json": f"{day}.json" if record else None,
                "count": len(record.shown) if record else 0,
                "headlines": record.top[:INDEX_HEADLINES] if record else [],
            }
        )
    index = out / "index.html"
    atomic_write(index, render("index.html.j2", templates, title=title, entries=entries, feeds=feeds or {}))
    return index


def lock_name(out: Path) -> str:
    """One lock per output folder: two cron jobs for two folders do not block each other."""
    return "build-" + hashlib.sha1(str(out.resolve()).encode()).hexdigest()[:10]


def preflight(opts: Options, date: str | None) -> None:
    """What a build needs besides inputs, checked before any work (and before any fetching)."""
    if not opts.out:
        raise ConfigError("no output folder: give --out DIR or set out in the config")
    if date is not None:
        check_date(date)


def run_build(paths: list[str], opts: Options, date: str | None = None) -> BuildResult:
    """The whole job, under the output folder's lock."""
    if not paths:
        paths, _ = input_names(opts.inputs)
    if not paths:
        raise ConfigError("no inputs: give PATH arguments or set inputs in the config")
    preflight(opts, date)
    opts.base_url = check_base_url(opts.base_url)
    archived = [day_of(Path(p)) for p in paths if is_archive_day(Path(p))]
    day = check_date(date) if date is not None else next((d for d in archived if d), None) or today(opts.timezone)
    out = Path(opts.out)
    with run_lock(lock_name(out), opts.build.lock_timeout), Cache() as cache:
        earlier, problems = read_days(
            out, before=day, limit=max(opts.editorial.continuity_days, opts.editorial.feed_days)
        )
        recent = earlier[-opts.editorial.continuity_days :] if opts.editorial.continuity_days > 0 else []
        briefing = build_briefing(paths, opts, day, cache, recent)
        briefing.failures += problems
        written = write_outputs(briefing, out, opts, earlier)
        for kind in ("summary", "translation"):
            hits, misses = cache.hits.get(kind, 0), cache.misses.get(kind, 0)
            if hits or misses:
                log.info(
                    "%s: %d from the cache, %d computed", {"summary": "summaries"}.get(kind, kind + "s"), hits, misses
                )
        if opts.build.cache_days > 0:
            pruned = cache.prune(opts.build.cache_days)
            if pruned:
                log.info("cache: %d entries unused for %g days pruned", pruned, opts.build.cache_days)
    log.info("%d stories -> %s", len(briefing.stories), ", ".join(str(p) for p in written))
    return BuildResult(briefing, written)
