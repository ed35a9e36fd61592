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
from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from briefing.cache import Cache
from briefing.config import Options
from briefing.errors import ConfigError
from briefing.feed import feed
from briefing.outfolder import OutFolder
from briefing.pipeline import build_briefing
from briefing.records import Briefing
from briefing.render import render
from briefing.web.archive import day_of, is_archive_day

log = logging.getLogger("briefing")
_DATED = re.compile(r"^(\d{4}-\d{2}-\d{2})\.html$")


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


def _published(date: str, tz: str) -> str:
    return dt.datetime.combine(dt.date.fromisoformat(date), dt.time(0), ZoneInfo(tz)).isoformat()


def dated_names(date: str, formats: list[str]) -> list[str]:
    """The file names a run for ``date`` publishes (the archive page with HTML)."""
    return [f"{date}.{fmt}" for fmt in formats] + (["index.html"] if "html" in formats else [])


def render_outputs(b: Briefing, names: list[str], templates: str, tz: str) -> dict[str, bytes]:
    """Every file of the run, rendered before anything is published."""
    rendered: dict[str, str] = {}
    if f"{b.date}.md" in names:
        rendered[f"{b.date}.md"] = render("briefing.md.j2", templates, briefing=b)
    if f"{b.date}.html" in names:
        rendered[f"{b.date}.html"] = render("briefing.html.j2", templates, briefing=b)
    if f"{b.date}.json" in names:
        rendered[f"{b.date}.json"] = json.dumps(feed(b, _published(b.date, tz)), ensure_ascii=False, indent=2) + "\n"
    return {name: text.encode("utf-8") for name, text in rendered.items()}


def render_index(title: str, names: list[str], templates: str) -> bytes:
    """The archive page: every dated briefing of the set, newest first."""
    entries = []
    for name in sorted(names, reverse=True):
        m = _DATED.match(name)
        if m:
            day = m.group(1)
            entries.append(
                {
                    "date": day,
                    "href": name,
                    "md": f"{day}.md" if f"{day}.md" in names else None,
                    "json": f"{day}.json" if f"{day}.json" in names else None,
                }
            )
    return render("index.html.j2", templates, title=title, entries=entries).encode("utf-8")


def check_templates(formats: list[str], templates: str) -> None:
    """Load (parse) every template the run needs, so a broken one stops the run before any work."""
    from briefing.render import load_template

    for name in (["briefing.md.j2"] if "md" in formats else []) + (
        ["briefing.html.j2", "index.html.j2"] if "html" in formats else []
    ):
        load_template(name, templates)


def preflight(opts: Options, date: str | None, day: str | None = None) -> OutFolder:
    """What a build needs besides inputs, checked before any work (and before any fetching):
    the date, the templates and the output folder (created if missing, writable, room on its disk)."""
    if not opts.out:
        raise ConfigError("no output folder: give --out DIR or set out in the config")
    if date is not None:
        check_date(date)
    check_templates(opts.formats, opts.templates)
    out = OutFolder(opts.out)
    out.check(dated_names(day or (check_date(date) if date is not None else today(opts.timezone)), opts.formats))
    return out


def _locked_run(
    paths: list[str], opts: Options, day: str, names: list[str], out: OutFolder
) -> tuple[Briefing, list[Path]]:
    with out.lock(opts.build.lock_timeout), Cache() as cache:
        out.clean()
        briefing = build_briefing(paths, opts, day, cache)
        files = render_outputs(briefing, names, opts.templates, opts.timezone)
        if "index.html" in names:
            files["index.html"] = render_index(briefing.title, sorted({*out.published(), *files}), opts.templates)
        written = out.publish(files)
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
    return briefing, written


def run_build(paths: list[str], opts: Options, date: str | None = None) -> BuildResult:
    """The whole job: check the settings' targets, then work and publish under the output folder's lock."""
    if not paths:
        paths = list(opts.inputs)
    if not paths:
        raise ConfigError("no inputs: give PATH arguments or set inputs in the config")
    archived = [day_of(Path(p)) for p in paths if is_archive_day(Path(p))]
    day = check_date(date) if date is not None else next((d for d in archived if d), None) or today(opts.timezone)
    names = dated_names(day, opts.formats)
    out = preflight(opts, date, day)
    try:
        briefing, written = _locked_run(paths, opts, day, names, out)
    except BaseException:
        out.forget_if_new()
        raise
    log.info("%d stories -> %s", len(briefing.stories), ", ".join(str(p) for p in written))
    return BuildResult(briefing, written)
