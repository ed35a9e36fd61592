"""The archive: every fetched page stored as it came, one folder per day.

``<archive>/<YYYY-MM-DD>/`` holds, per fetched URL, the body bytes and a small
JSON (URL, canonical and final URL, status, the headers that matter, fetch
time, source name, the feed's title/date/summary, the day's fetch run that
stored it), plus ``archive.json``: every fetch run of the day with its
problems and notes. ``briefing build <day folder>`` reads only this folder,
so it rebuilds that day's briefing offline, byte for byte: the archive is
the audit trail of what was published.

A day may be fetched several times. A page a later run finds changed is
stored beside the earlier version (its name gets ``-r<run>``), never over it,
so the day as any run left it can be read again (``build.archive_run``): the
pages stored up to that run, each in its latest version, and that run's
problems, which is what the build published after it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from briefing.errors import ConfigError, InputError
from briefing.records import Article
from briefing.state import Refused, atomic_write, read_inside
from briefing.untrusted import clean_line, clean_text, shown
from briefing.urls import read_link

MANIFEST = "archive.json"
FORMAT = 1
_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
MAX_RECORD_BYTES = 4_000_000  # a record or the manifest (a few KB as this tool writes them)
ROLES = ("feed", "sitemap", "page", "article")
_SHA256 = re.compile(r"[0-9a-f]{64}")
_EXT = {"text/html": ".html", "application/xhtml+xml": ".html", "text/plain": ".txt", "text/markdown": ".md"}


@dataclass
class Record:
    """The JSON stored beside one archived body."""

    url: str  # as linked or configured
    canonical: str  # the page's own canonical URL (rel=canonical, tracking parameters dropped)
    final_url: str  # after redirects
    status: int
    headers: dict[str, str]
    fetched_at: str
    source: str
    role: str  # feed | sitemap | page | article
    order: list[int]  # [source index, item index]: the build's reading order
    section: str | None = None
    entry: dict[str, str | None] = field(default_factory=dict)  # the feed's or sitemap's title, date, summary
    body: str = ""
    sha256: str = ""
    run: int = 1  # the day's fetch run that stored it (1: the first)


def is_archive_day(path: Path) -> bool:
    """A day folder of the archive (it holds the manifest)."""
    return path.is_dir() and (path / MANIFEST).is_file()


def holds_archive_days(path: Path) -> bool:
    """An archive's root folder (its stored pages must never be read as plain input files)."""
    try:
        return path.is_dir() and any(is_archive_day(child) for child in path.iterdir() if day_of(child))
    except OSError:
        return False


def day_of(path: Path) -> str | None:
    """The date an archive day folder is named after."""
    return path.name if _DAY.match(path.name) else None


class ArchiveDay:
    """Writes one fetch run into a day's folder; thread-safe as every write is atomic and named by URL."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        folder.mkdir(parents=True, exist_ok=True)
        self.earlier = _runs(folder)
        self.run = len(self.earlier) + 1

    def store(self, record: Record, body: bytes) -> Path | None:
        """Body first, then its JSON: a record on disk always has its body. A page an earlier run of the day
        stored with the same bytes is kept as it is (None); one with other bytes is stored beside it."""
        key = hashlib.sha1(record.canonical.encode("utf-8")).hexdigest()[:16]
        record.sha256 = hashlib.sha256(body).hexdigest()
        record.run = self.run
        if self.run > 1:
            same = [old for old in self._versions(key) if old.sha256 == record.sha256]
            if same:
                return None
            key = f"{key}-r{self.run}"
        ctype = record.headers.get("content-type", "").split(";")[0].strip().lower()
        ext = _EXT.get(ctype, ".xml" if "xml" in ctype or record.role in {"feed", "sitemap"} else ".bin")
        record.body = f"{key}{ext}"
        atomic_write(self.folder / record.body, body)
        path = self.folder / f"{key}.json"
        atomic_write(path, json.dumps(asdict(record), ensure_ascii=False, indent=1, sort_keys=True) + "\n")
        return path

    def _versions(self, key: str) -> list[Record]:
        """The records earlier runs of the day stored for one page."""
        found = []
        for path in [self.folder / f"{key}.json", *self.folder.glob(f"{key}-r*.json")]:
            try:
                found.append(parse_record(_load_json(path)))
            except (InputError, ValueError):
                continue  # missing or damaged: this run's version is stored anew
        return found

    def finish(self, failures: list[str], notes: list[str], sources: list[str]) -> None:
        """Write the manifest: the folder is now an archive day, with every run's problems and notes (the
        last run's also at the top, as a reader of the first format looks for them)."""
        this = {"run": self.run, "sources": sources, "failures": failures, "notes": notes}
        data = {"format": FORMAT, "sources": sources, "failures": failures, "notes": notes}
        data["runs"] = [*self.earlier, this]
        atomic_write(self.folder / MANIFEST, json.dumps(data, ensure_ascii=False, indent=1) + "\n")


def _runs(folder: Path) -> list[dict[str, Any]]:
    """The fetch runs a day's manifest records (a manifest from before runs were kept is one run)."""
    try:
        manifest = _load_json(folder / MANIFEST)
    except InputError:
        return []
    if not isinstance(manifest, dict):
        return []
    runs = manifest.get("runs")
    if isinstance(runs, list) and all(isinstance(r, dict) for r in runs):
        return runs
    return [{"run": 1, "failures": manifest.get("failures", []), "notes": manifest.get("notes", [])}]


def _load_json(path: Path) -> Any:
    """A JSON file of the archive day, read only where it is (a link out, a pipe or a device is refused)."""
    try:
        data, _ = read_inside(path.parent, path.name, MAX_RECORD_BYTES)
        return json.loads(data.decode("utf-8"))
    except Refused as exc:
        raise InputError(f"{path}: archive file {exc}; not read") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError, RecursionError) as exc:
        raise InputError(f"{path}: damaged archive file ({exc})") from exc


def _kind(value: Any) -> str:
    return "null" if value is None else type(value).__name__


def _field(data: dict[str, Any], key: str, kind: type, what: str) -> Any:
    """``data[key]`` when it is a ``kind`` (a bool is never a number); ValueError naming it else."""
    value = data.get(key)
    if not isinstance(value, kind) or (isinstance(value, bool) and kind is not bool):
        raise ValueError(f"{key} must be {what}, not {_kind(value)}")
    return value


def _text_table(data: dict[str, Any], key: str, empty: bool) -> dict[str, str | None]:
    """A table of text (``empty``: a value may be null)."""
    table: dict[str, str | None] = _field(data, key, dict, "a table")
    for name, value in table.items():
        if not isinstance(value, str) and not (empty and value is None):
            raise ValueError(f"{key}.{shown(name)} must be text, not {_kind(value)}")
    return table


def parse_record(data: Any) -> Record:
    """A Record from an archived record's JSON, every field read by its type (archive records are untrusted:
    anyone who can write the folder can change them); ValueError naming the first field that is wrong.

    The canonical URL becomes the story's link, so it passes the one link check; the body must be a file
    name in the day's folder; text is cleaned where it is read (:mod:`briefing.untrusted`)."""
    if not isinstance(data, dict):
        raise ValueError(f"must be a table, not {_kind(data)}")
    url = _field(data, "url", str, "text")
    canonical, problem = read_link(_field(data, "canonical", str, "text"))
    if problem:
        raise ValueError(f"canonical {shown(canonical)} {problem}")
    status = _field(data, "status", int, "a number")
    if not 100 <= status <= 599:
        raise ValueError(f"status must be an HTTP status (100 to 599), not {status}")
    fetched_at = _field(data, "fetched_at", str, "text")
    try:
        when = dt.datetime.fromisoformat(fetched_at)
        if when.tzinfo is None:
            raise ValueError
        when.astimezone(dt.UTC)
    except (ValueError, OverflowError):
        raise ValueError(f"fetched_at must be a date and time with its UTC offset, not {shown(fetched_at)}") from None
    role = _field(data, "role", str, "text")
    if role not in ROLES:
        raise ValueError(f"role must be one of {', '.join(ROLES)}, not {shown(role)}")
    order = _field(data, "order", list, "a list")
    if len(order) != 2 or not all(isinstance(n, int) and not isinstance(n, bool) and n >= 0 for n in order):
        raise ValueError(f"order must be two whole numbers (source, item), not {shown(json.dumps(order))}")
    section = data.get("section")
    if section is not None and not isinstance(section, str):
        raise ValueError(f"section must be text or null, not {_kind(section)}")
    body = _field(data, "body", str, "text")
    if not body or Path(body).name != body or body in {".", ".."} or "\\" in body or "\0" in body:
        raise ValueError(f"body must be a file name in the archive day, not {shown(body)}")
    sha256 = _field(data, "sha256", str, "text")
    if not _SHA256.fullmatch(sha256):
        raise ValueError(f"sha256 must be 64 hexadecimal digits, not {shown(sha256)}")
    entry = _text_table(data, "entry", empty=True) if "entry" in data else {}
    run = data.get("run", 1)
    if not isinstance(run, int) or isinstance(run, bool) or run < 1:
        raise ValueError(f"run must be a whole number from 1, not {shown(json.dumps(run))}")
    return Record(
        url=clean_line(url),
        canonical=canonical,
        final_url=clean_line(_field(data, "final_url", str, "text")),
        status=status,
        headers={clean_line(k): clean_line(str(v)) for k, v in _text_table(data, "headers", empty=False).items()},
        fetched_at=fetched_at,
        source=clean_line(_field(data, "source", str, "text")),
        role=role,
        order=list(order),
        section=clean_line(section) if section else None,
        entry={k: None if v is None else clean_text(v) if k == "summary" else clean_line(v) for k, v in entry.items()},
        body=body,
        sha256=sha256,
        run=run,
    )


@dataclass
class DayRead:
    """What an archive day gives a build: its articles, and the problems and notes of the run read."""

    articles: list[Article] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    pages: int | None = None  # pages stored up to that run (0: the day brought nothing new; None: not read)


def _strings(value: Any) -> list[str]:
    """Stored problems or notes: archive text, one clean line each (a line break would forge a log line)."""
    return [clean_line(str(x)) for x in value] if isinstance(value, list) else []


def load_day(folder: Path, max_bytes: int, run: int = 0) -> DayRead:
    """The articles of an archive day folder as its fetch run ``run`` left it (0: the last run), in the
    fetch's reading order, and that run's problems and notes.

    Pages are extracted again from their stored bytes; a page two feeds led
    to (same canonical URL) is read once, in its latest version up to that run.
    Every record is checked (:func:`parse_record`) and a body is read only from
    a regular file of the folder, at most ``max_bytes``: a wrong record is one
    line naming it.
    """
    from briefing.web.extract import PageMeta, page_articles

    try:
        manifest = _load_json(folder / MANIFEST)
    except InputError as exc:
        return DayRead(failures=[exc.message])
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        return DayRead(failures=[f"{folder / MANIFEST}: not an archive manifest of format {FORMAT}; folder not read"])
    runs = _runs(folder)
    if run > len(runs):
        raise ConfigError(f"--archive-run {run}: {folder} holds {len(runs)} fetch run(s) of its day")
    chosen = runs[(run or len(runs)) - 1]
    read = DayRead(failures=_strings(chosen.get("failures")), notes=_strings(chosen.get("notes")))
    latest: dict[str, Record] = {}
    for path in sorted(folder.glob("*.json")):
        if path.name == MANIFEST:
            continue
        try:
            rec = parse_record(_load_json(path))
        except InputError as exc:
            read.failures.append(exc.message)
            continue
        except ValueError as exc:
            read.failures.append(f"{path}: damaged archive record: {exc}; not read")
            continue
        page = rec.role in {"page", "article"} and (not run or rec.run <= run)
        if page and (rec.canonical not in latest or rec.run > latest[rec.canonical].run):
            latest[rec.canonical] = rec
    records = sorted(latest.values(), key=lambda r: (r.order, r.canonical))
    read.pages = len(records)
    for rec in records:
        where = f"{shown(rec.source)}: {shown(rec.url)}: archived body"
        try:
            body, _ = read_inside(folder, rec.body, max_bytes)
        except Refused as exc:
            read.failures.append(f"{where} {shown(rec.body)} {exc}; not read")
            continue
        except OSError as exc:
            read.failures.append(f"{where} missing ({exc.strerror or exc})")
            continue
        if hashlib.sha256(body).hexdigest() != rec.sha256:
            read.failures.append(f"{where} does not match its checksum; not read")
            continue
        meta = PageMeta(
            url=rec.canonical,
            source=rec.source,
            fetched_at=rec.fetched_at,
            role=rec.role,
            title=rec.entry.get("title"),
            date=rec.entry.get("date"),
            content_language=rec.headers.get("content-language"),
            content_type=rec.headers.get("content-type", "").split(";")[0].strip().lower(),
        )
        try:
            found = page_articles(body, meta)
        except InputError as exc:
            read.failures.append(f"{rec.source}: {exc.message}")
            continue
        for article in found:
            if len(found) == 1:
                article.position = rec.order[1]  # its place in the feed or sitemap
            article.section = rec.section
        read.articles += found
    return read


def last_pages(folder: Path) -> str | None:
    """The newest day of the archive before ``folder`` whose runs stored pages (for "nothing new since")."""
    try:
        days = sorted((d for d in folder.parent.iterdir() if day_of(d) and d.name < folder.name), reverse=True)
    except OSError:
        return None
    for day in days:
        if is_archive_day(day) and any(_page_record(p) for p in day.glob("*.json") if p.name != MANIFEST):
            return day.name
    return None


def _page_record(path: Path) -> bool:
    try:
        return parse_record(_load_json(path)).role in {"page", "article"}
    except (InputError, ValueError):
        return False
