"""The archive: every fetched page stored as it came, one folder per day.

``<archive>/<YYYY-MM-DD>/`` holds, per fetched URL, the body bytes and a small
JSON (URL, canonical and final URL, status, the headers that matter, fetch
time, source name, the feed's title/date/summary), plus ``archive.json``
(the problems of the day's last fetch run). ``briefing build <day folder>``
reads only this folder, so it rebuilds that day's briefing offline, byte for
byte: the archive is the audit trail of what was published.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from briefing.errors import InputError
from briefing.records import Article
from briefing.state import atomic_write

MANIFEST = "archive.json"
FORMAT = 1
_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
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
    """Writes one day's folder; thread-safe as every write is atomic and named by URL."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        folder.mkdir(parents=True, exist_ok=True)

    def store(self, record: Record, body: bytes) -> Path:
        """Body first, then its JSON: a record on disk always has its body."""
        key = hashlib.sha1(record.canonical.encode("utf-8")).hexdigest()[:16]
        ctype = record.headers.get("content-type", "").split(";")[0].strip().lower()
        ext = _EXT.get(ctype, ".xml" if "xml" in ctype or record.role in {"feed", "sitemap"} else ".bin")
        record.body = f"{key}{ext}"
        record.sha256 = hashlib.sha256(body).hexdigest()
        atomic_write(self.folder / record.body, body)
        path = self.folder / f"{key}.json"
        atomic_write(path, json.dumps(asdict(record), ensure_ascii=False, indent=1, sort_keys=True) + "\n")
        return path

    def finish(self, failures: list[str], notes: list[str], sources: list[str]) -> None:
        """Write the manifest: the folder is now an archive day, with this run's problems and notes."""
        data = {"format": FORMAT, "sources": sources, "failures": failures, "notes": notes}
        atomic_write(self.folder / MANIFEST, json.dumps(data, ensure_ascii=False, indent=1) + "\n")


def _load_json(path: Path) -> Any:
    try:
        return json.loads(path.read_text("utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputError(f"{path}: damaged archive file ({exc})") from exc


def load_day(folder: Path) -> tuple[list[Article], list[str]]:
    """The articles of an archive day folder, in the fetch's reading order, and the day's problems.

    Pages are extracted again from their stored bytes; a page two feeds led
    to (same canonical URL) is read once.
    """
    from briefing.web.extract import PageMeta, page_articles

    failures: list[str] = []
    try:
        manifest = _load_json(folder / MANIFEST)
    except InputError as exc:
        return [], [exc.format_message()]
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        return [], [f"{folder / MANIFEST}: not an archive manifest of format {FORMAT}; folder not read"]
    failures += [str(f) for f in manifest.get("failures", [])]
    records: list[Record] = []
    for path in sorted(folder.glob("*.json")):
        if path.name == MANIFEST:
            continue
        try:
            data = _load_json(path)
            records.append(Record(**data))
        except (InputError, TypeError) as exc:
            failures.append(str(exc) if isinstance(exc, InputError) else f"{path}: damaged archive record ({exc})")
    records.sort(key=lambda r: (r.order, r.canonical))
    articles: list[Article] = []
    seen: set[str] = set()
    for rec in records:
        if rec.role not in {"page", "article"} or rec.canonical in seen:
            continue
        seen.add(rec.canonical)
        try:
            body = (folder / rec.body).read_bytes()
        except OSError as exc:
            failures.append(f"{rec.source}: {rec.url}: archived body missing ({exc.strerror or exc})")
            continue
        if hashlib.sha256(body).hexdigest() != rec.sha256:
            failures.append(f"{rec.source}: {rec.url}: archived body does not match its checksum; not read")
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
            failures.append(f"{rec.source}: {exc.format_message()}")
            continue
        for article in found:
            if len(found) == 1:
                article.position = rec.order[1]  # its place in the feed or sitemap
            article.section = rec.section
        articles += found
    return articles, failures
