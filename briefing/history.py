"""The output folder's earlier briefings, read back from their ``<date>.json``.

Continuity (new / follow-up / repeat), the rolling feeds, the index and the
day-to-day navigation all read the same published JSON, so what a reader saw
on a day is what later days compare with; a run reads each file once
(:func:`read_history`) and passes the days where they are needed, and a
process that publishes day after day (a backfill) parses each file once
(:func:`read_day` knows a parsed file again by its identity).  A file that
is not a briefing of this tool, is damaged, or was written in an older layout
never stops a build: a damaged one is skipped with one line naming it; an
older layout is read for what it has (a missing field is empty, never a crash).
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

log = logging.getLogger("briefing")

DAY_JSON = re.compile(r"^(\d{4}-\d{2}-\d{2})\.json$")
MAX_DAY_BYTES = 64_000_000


@dataclass(frozen=True)
class PastItem:
    """One story of an earlier briefing, as published."""

    id: str
    title: str
    summary: str = ""
    anchor: str = ""
    top: bool = False
    cut: bool = False
    status: str = "new"
    first_seen: str = ""  # the day the story or its event was first briefed
    story_date: str = ""  # the story's own date (its page, dateline or feed), not the briefing's
    external_url: str = ""
    title_en: str = ""
    summary_en: str = ""
    source: str = ""
    section: str = ""


@dataclass(frozen=True)
class Day:
    """One earlier briefing: its date, title and stories (reading order)."""

    date: str
    title: str = ""
    items: tuple[PastItem, ...] = ()
    english_model: str = ""  # the model that translated its English ("": none)

    @property
    def shown(self) -> list[PastItem]:
        return [i for i in self.items if not i.cut]

    @property
    def top(self) -> list[PastItem]:
        tops = [i for i in self.shown if i.top]
        return tops or self.shown[:3]  # an older layout has no top flag: its first stories


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""


def _table(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _item(raw: Any) -> PastItem | None:
    if not isinstance(raw, dict):
        return None
    extra = _table(raw.get("_briefing"))
    title = _text(raw.get("title"))
    if not title:
        return None
    return PastItem(
        id=_text(raw.get("id")) or title,
        title=title,
        summary=_text(raw.get("summary")),
        anchor=_text(extra.get("anchor")),
        top=extra.get("top") is True,
        cut=extra.get("cut") is True,
        status=_text(extra.get("status")) or "new",
        first_seen=_text(extra.get("first_seen")),
        story_date=_text(extra.get("date")),
        external_url=_text(raw.get("external_url")) or _text(extra.get("external_url")),
        title_en=_text(extra.get("title_en")),
        summary_en=_text(extra.get("summary_en")),
        source=_text(extra.get("source_name")) or "",
        section=_text(extra.get("section")),
    )


def parse_day(date: str, data: Any) -> Day:
    """A Day from a day's JSON document; ValueError when it is not a briefing."""
    if not isinstance(data, dict) or not isinstance(data.get("items"), list):
        raise ValueError("not a briefing (no items list)")
    extra = _table(data.get("_briefing"))
    items = tuple(i for i in (_item(raw) for raw in data["items"]) if i is not None)
    title = _text(extra.get("title")) or _text(data.get("title"))
    model = _text(_table(extra.get("english")).get("model"))
    return Day(date=date, title=title, items=items, english_model=model)


# A published file is never changed in place (a run writes new files and switches to them), so a
# day this process has parsed is known again by its file's identity: a run that publishes day after
# day (a backfill) parses each earlier day once, not once per later day.
_PARSED: dict[tuple[str, int, int, int, int], Day] = {}
MAX_PARSED = 20_000


def read_day(path: Path) -> tuple[Day | None, str | None]:
    """One ``<date>.json``: the Day, or None and one line saying why it was skipped."""
    m = DAY_JSON.match(path.name)
    if not m:
        return None, None
    try:
        st = path.stat()
        if st.st_size > MAX_DAY_BYTES:
            raise ValueError(f"larger than {MAX_DAY_BYTES // 1_000_000} MB")
        known = (path.name, st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns)
        day = _PARSED.get(known)
        if day is None:
            day = parse_day(m.group(1), json.loads(path.read_text("utf-8")))
            if len(_PARSED) >= MAX_PARSED:
                _PARSED.clear()
            _PARSED[known] = day
        return day, None
    except json.JSONDecodeError as exc:
        return None, f"{path}: earlier briefing skipped: invalid JSON (line {exc.lineno})"
    except (OSError, UnicodeDecodeError, ValueError, RecursionError) as exc:
        return None, f"{path}: earlier briefing skipped: {exc}"


def day_files(out: Path) -> list[tuple[str, Path]]:
    """The dated JSON files in ``out``, oldest first."""
    if not out.is_dir():
        return []
    found = []
    for path in out.iterdir():
        m = DAY_JSON.match(path.name)
        if m and path.is_file():
            try:
                dt.date.fromisoformat(m.group(1))
            except ValueError:
                continue
            found.append((m.group(1), path))
    return sorted(found)


@dataclass(frozen=True)
class History:
    """The published days a run for one date needs, each file read once (:func:`read_history`).

    The date's own file is never read: the run writes it anew.
    """

    dates: tuple[str, ...] = ()  # every dated JSON in the folder, oldest first, read or not (day links)
    earlier: tuple[Day, ...] = ()  # the days of the last ``window`` files before the date (continuity, feeds)
    problems: tuple[str, ...] = ()  # one line per file of that window that was skipped
    later: tuple[Day, ...] = ()  # the days after the date, when an older day is rebuilt (feeds, index)
    older: tuple[Day, ...] = ()  # the days before the window, read only for the index

    @property
    def days(self) -> list[Day]:
        """Every day read, oldest first."""
        return [*self.older, *self.earlier, *self.later]


def _read(paths: list[Path]) -> tuple[list[Day], list[str]]:
    days, problems = [], []
    for path in paths:
        day, problem = read_day(path)
        if day is not None:
            days.append(day)
        if problem:
            problems.append(problem)
    return days, problems


def read_history(out: Path, date: str, window: int, everything: bool = False) -> History:
    """The published days of ``out`` around ``date``: the last ``window`` files before it (a damaged one
    is skipped with one line), every later day, and with ``everything`` the older days too.  A damaged
    later or older file is left out without a line: no story is compared with it."""
    files = day_files(out)
    before = [path for d, path in files if d < date]
    recent = before[-window:] if window > 0 else []
    earlier, problems = _read(recent)
    return History(
        dates=tuple(d for d, _ in files),
        earlier=tuple(earlier),
        problems=tuple(problems),
        later=tuple(_read([path for d, path in files if d > date])[0]),
        older=tuple(_read(before[: len(before) - len(recent)] if everything else [])[0]),
    )
