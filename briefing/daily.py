"""The main job behind ``briefing build``: inputs in, dated briefing files out.

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
import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from briefing import __version__
from briefing.build import Briefing, Story, arrange, merge_duplicates
from briefing.cache import Cache
from briefing.config import Options
from briefing.errors import ConfigError, NothingBuilt
from briefing.feed import feed
from briefing.reader import ReadOptions, read_inputs
from briefing.records import Document
from briefing.render import render
from briefing.splitter import split_documents
from briefing.state import atomic_write, run_lock
from briefing.summarize.service import budget_of, make_summarizer, summarize_all

log = logging.getLogger("briefing")
FORMATS = ("md", "html", "json")
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


@contextmanager
def progress(items: list[Story], label: str) -> Iterator[Iterable[Story]]:
    """A progress bar on a terminal; nothing in cron logs."""
    if sys.stderr.isatty():
        import click

        with click.progressbar(items, label=label, file=sys.stderr) as bar:
            yield bar
    else:
        yield items


def build_briefing(paths: list[str], opts: Options, date: str, cache: Cache | None) -> Briefing:
    """Read, split, summarize, translate (or gloss), merge, rank and group."""
    failures: list[str] = []
    translator = None
    if opts.translate.enabled:  # fail early, before any work, if the model is missing
        from briefing.translate.service import make_translator

        translator = make_translator(opts.translate, cache)
    summarizer = make_summarizer(opts.summarize)
    docs, errors = read_inputs(paths, ReadOptions(int(opts.max_input_mb * 1e6), opts.encoding or None))
    failures += [e.format_message() for e in errors]
    split = split_documents(docs)
    articles = split.articles
    if not articles:
        raise NothingBuilt("no article could be read from the inputs" + (f" ({failures[0]})" if failures else ""))
    summaries, errs = summarize_all(articles, summarizer, budget_of(opts.summarize), cache)
    failures += errs
    stories = [Story(a, s, [a.source]) for a, s in zip(articles, summaries, strict=True) if s.text or a.paragraphs]
    failures += storyless(docs, stories)
    if not stories:
        raise NothingBuilt("no story with text in the inputs" + (f" ({failures[0]})" if failures else ""))
    stories = merge_duplicates(stories, opts.build.dedupe_threshold)
    if translator is not None:
        from briefing.translate.service import translate_article

        with progress(stories, "Translating") as bar:
            for story in bar:
                story.english = translate_article(translator, story.article, story.summary)
    else:
        from briefing.translate.gloss import key_terms
        from briefing.translate.glossary import load_glossary

        glossary = load_glossary(opts.translate.glossary or None)
        for story in stories:
            story.key_terms = key_terms(story.article, glossary)
    sections = arrange(stories)
    sources = sorted({src for s in stories for src in s.sources})
    return Briefing(
        date=date,
        title=opts.title,
        sections=sections,
        failures=failures,
        translated=translator is not None,
        generator=f"briefing {__version__}",
        sources=sources,
    )


def storyless(docs: list[Document], stories: list[Story]) -> list[str]:
    """One line per input that had text but gave no story: an input is never dropped in silence."""
    told = {src for story in stories for src in story.sources}
    lines = []
    for doc in docs:
        own = {a.source for a in doc.articles} if doc.kind == "jsonl" else {doc.source}
        has_text = bool(doc.articles) if doc.kind == "jsonl" else any(b.text for b in doc.blocks)
        if has_text and not own & told:
            lines.append(f"{doc.source}: no article with text found in it (only page furniture or headlines); left out")
    return lines


def write_outputs(b: Briefing, out: Path, formats: list[str], templates: str, tz: str) -> list[Path]:
    """Render every format first, then write each atomically; refresh the index."""
    rendered: dict[Path, str] = {}
    if "md" in formats:
        rendered[out / f"{b.date}.md"] = render("briefing.md.j2", templates, briefing=b)
    if "html" in formats:
        rendered[out / f"{b.date}.html"] = render("briefing.html.j2", templates, briefing=b)
    if "json" in formats:
        rendered[out / f"{b.date}.json"] = (
            json.dumps(feed(b, _published(b.date, tz)), ensure_ascii=False, indent=2) + "\n"
        )
    for path, text in rendered.items():
        atomic_write(path, text)
    written = list(rendered)
    if "html" in formats:
        written.append(write_index(out, b.title, templates))
    return written


def write_index(out: Path, title: str, templates: str) -> Path:
    """The archive page: every dated briefing in ``out``, newest first."""
    entries = []
    for path in sorted(out.glob("*.html"), reverse=True):
        m = _DATED.match(path.name)
        if m:
            day = m.group(1)
            entries.append(
                {
                    "date": day,
                    "href": path.name,
                    "md": f"{day}.md" if (out / f"{day}.md").exists() else None,
                    "json": f"{day}.json" if (out / f"{day}.json").exists() else None,
                }
            )
    index = out / "index.html"
    atomic_write(index, render("index.html.j2", templates, title=title, entries=entries))
    return index


def lock_name(out: Path) -> str:
    """One lock per output folder: two cron jobs for two folders do not block each other."""
    return "build-" + hashlib.sha1(str(out.resolve()).encode()).hexdigest()[:10]


def run_build(paths: list[str], opts: Options, date: str | None = None) -> BuildResult:
    """The whole job, under the output folder's lock."""
    if not paths:
        paths = list(opts.inputs)
    if not paths:
        raise ConfigError("no inputs: give PATH arguments or set inputs in the config")
    if not opts.out:
        raise ConfigError("no output folder: give --out DIR or set out in the config")
    bad = [f for f in opts.formats if f not in FORMATS]
    if bad or not opts.formats:
        raise ConfigError(f"--formats takes a comma list of {', '.join(FORMATS)} (got {', '.join(opts.formats)})")
    day = check_date(date) if date else today(opts.timezone)
    out = Path(opts.out)
    with run_lock(lock_name(out), opts.build.lock_timeout), Cache() as cache:
        briefing = build_briefing(paths, opts, day, cache)
        written = write_outputs(briefing, out, opts.formats, opts.templates, opts.timezone)
        for kind in ("summary", "translation"):
            hits, misses = cache.hits.get(kind, 0), cache.misses.get(kind, 0)
            if hits or misses:
                log.info(
                    "%s: %d from the cache, %d computed", {"summary": "summaries"}.get(kind, kind + "s"), hits, misses
                )
    log.info("%d stories -> %s", len(briefing.stories), ", ".join(str(p) for p in written))
    return BuildResult(briefing, written)
