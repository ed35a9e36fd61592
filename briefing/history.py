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

from briefing.metadata import reader_name
from briefing.untrusted import clean_line, clean_text, shown
from briefing.urls import safe_link
from briefing.wording import DOUBTS, check_line

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
    year_guessed: bool = False  # the story's year was taken from the build date
    doubts: tuple[str, ...] = ()  # what a reader should check in its English (briefing.wording.DOUBTS)

    @property
    def check(self) -> str | None:
        """The line a reader sees when the English it carries needs checking (the page's words), or None."""
        return check_line(self.doubts) if self.title_en or self.summary_en else None


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


class _Values:
    """Reads one earlier day's values by their declared types, and notes each value refused.

    Earlier days' JSON is untrusted input (anyone who can write the output
    folder can change it): a value of the wrong type, a link that is not
    http(s) or an anchor this tool never writes is refused and left out;
    text is cleaned where it is read (:mod:`briefing.untrusted`).
    """

    def __init__(self) -> None:
        self.refused: list[str] = []

    def refuse(self, where: str, why: str) -> None:
        self.refused.append(f"{where} {why}")

    def raw(self, table: dict[str, Any], key: str, where: str, kinds: tuple[type, ...]) -> Any:
        """``table[key]`` when it is one of ``kinds`` (None: absent or null, the older layouts' way)."""
        value = table.get(key)
        if value is None or (isinstance(value, kinds) and not (bool not in kinds and isinstance(value, bool))):
            return value
        self.refuse(f"{where}.{key}", f"must be {' or '.join(_KIND_NAMES[k] for k in kinds)}, not {_kind(value)}")
        return None

    def text(self, table: dict[str, Any], key: str, where: str, line: bool = True) -> str:
        value = self.raw(table, key, where, (str,))
        if value is None:
            return ""
        return clean_line(value) if line else clean_text(value)

    def flag(self, table: dict[str, Any], key: str, where: str) -> bool:
        return self.raw(table, key, where, (bool,)) is True

    def table(self, table: dict[str, Any], key: str, where: str) -> dict[str, Any]:
        value = self.raw(table, key, where, (dict,))
        return value if isinstance(value, dict) else {}

    def link(self, table: dict[str, Any], key: str, where: str) -> str:
        value = self.raw(table, key, where, (str,))
        if not value:
            return ""
        link = safe_link(value)
        if link is None:
            self.refuse(f"{where}.{key}", f"is not an http(s) link: {shown(value)}")
        return link or ""

    def pattern(self, table: dict[str, Any], key: str, where: str, rule: re.Pattern[str], what: str) -> str:
        value = self.text(table, key, where)
        if value and not rule.fullmatch(value):
            self.refuse(f"{where}.{key}", f"is not {what}: {shown(value)}")
            return ""
        return value


_KIND_NAMES = {str: "text", bool: "true or false", dict: "a table", list: "a list", int: "a number"}


def _kind(value: Any) -> str:
    return {str: "text", bool: "a boolean", int: "a number", float: "a number", list: "a list", dict: "a table"}.get(
        type(value), type(value).__name__
    )


ANCHOR = re.compile(r"[A-Za-z0-9_-]{1,120}")  # what briefing.arrange writes, and nothing a link could break out of
_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
STATUSES = ("new", "follow-up", "repeat")


def _item(raw: Any, where: str, values: _Values) -> PastItem | None:
    """One story, or None when it has no usable title or anchor (the rest of it is then not read)."""
    if not isinstance(raw, dict):
        values.refuse(where, f"must be a table, not {_kind(raw)}")
        return None
    title = values.text(raw, "title", where)
    extra = values.table(raw, "_briefing", where)
    inner = f"{where}._briefing"
    anchor = values.pattern(extra, "anchor", inner, ANCHOR, "an anchor of a story")
    if not title or (extra.get("anchor") is not None and not anchor):
        return None  # a story that cannot be shown, or whose place on its page cannot be linked
    status = values.pattern(extra, "status", inner, re.compile("|".join(STATUSES)), "new, follow-up or repeat")
    ident = values.raw(raw, "id", where, (str, int))
    return PastItem(
        id=clean_line(str(ident)) if ident is not None else title,
        title=title,
        summary=values.text(raw, "summary", where, line=False),
        anchor=anchor,
        top=values.flag(extra, "top", inner),
        cut=values.flag(extra, "cut", inner),
        status=status or "new",
        first_seen=values.pattern(extra, "first_seen", inner, _DAY, "a date"),
        story_date="" if extra.get("date_source") == "build" else values.text(extra, "date", inner),  # no own date
        external_url=values.link(raw, "external_url", where) or values.link(extra, "external_url", inner),
        title_en=values.text(extra, "title_en", inner),
        summary_en=values.text(extra, "summary_en", inner, line=False),
        source=reader_name(values.text(extra, "source_name", inner)) or "",  # checked as a name made today is
        section=values.text(extra, "section", inner),
        year_guessed=values.flag(extra, "year_guessed", inner),
        doubts=_doubts(values.raw(extra, "english_doubts", inner, (list,))),
    )


def _doubts(raw: list[Any] | None) -> tuple[str, ...]:
    """The known doubts of a story's English as an earlier day's JSON lists them (anything else is left out:
    a reader is told only what this tool would say)."""
    return tuple(d for d in DOUBTS if d in (raw or ()))


def parse_day(date: str, data: Any, refused: list[str] | None = None) -> Day:
    """A Day from a day's JSON document (ValueError when it is not a briefing); each value refused is
    added to ``refused``, and the rest of the day is read."""
    if not isinstance(data, dict) or not isinstance(data.get("items"), list):
        raise ValueError("not a briefing (no items list)")
    values = _Values()
    extra = values.table(data, "_briefing", "$")
    items = tuple(i for n, raw in enumerate(data["items"]) if (i := _item(raw, f"items[{n}]", values)) is not None)
    title = values.text(extra, "title", "$._briefing") or values.text(data, "title", "$")
    model = values.text(values.table(extra, "english", "$._briefing"), "model", "$._briefing.english")
    if refused is not None:
        refused += values.refused
    return Day(date=date, title=title, items=items, english_model=model)


# A published file is never changed in place (a run writes new files and switches to them), so a
# day this process has parsed is known again by its file's identity: a run that publishes day after
# day (a backfill) parses each earlier day once, not once per later day.  The values refused in it are
# kept with it, so each reading of the day says the same.
_PARSED: dict[tuple[str, int, int, int, int], tuple[Day, tuple[str, ...]]] = {}
MAX_PARSED = 20_000


def _refusals(path: Path, refused: list[str]) -> str:
    """One line for every value of an earlier day that was refused."""
    first = "; ".join(refused[:2]) + (f"; and {len(refused) - 2} more" if len(refused) > 2 else "")
    return f"{path}: earlier briefing read without {len(refused)} value(s) it should not hold: {first}"


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
        parsed = _PARSED.get(known)
        if parsed is None:
            refused: list[str] = []
            parsed = parse_day(m.group(1), json.loads(path.read_text("utf-8")), refused), tuple(refused)
            if len(_PARSED) >= MAX_PARSED:
                _PARSED.clear()
            _PARSED[known] = parsed
        day, why = parsed
        return day, _refusals(path, list(why)) if why else None
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
