"""Each story's own date and its source's name, as a reader needs them.

A story's date comes, first found wins, from the article's own metadata (a
JSONL ``date`` or a web page's published date), its dateline's month and day
(with the year of the page date, or of the build date, never in the future
of either: a year taken from the build date is a guess, ``year_guessed``,
shown to readers), or the page's date (a transcript header such as
``(20231221)`` or a page-date line near the top).  Only when none is known is
it the build date, and the JSON says so (``date_source: "build"``).  A date
more than a day after the build date is none: news is not dated in the future.

A date is the day its source gives, in the source's own offset: a web page's
``2020-07-26T07:30:00+08:00`` is 26 July, whatever the configured time zone
(cut to a day after a conversion to UTC it would be the 25th). A date given
without an offset (a printed day or time, a page header, the build date) is a
day in the configured time zone; ``date_zone`` records which.

A source's name is the configured one (``[[inputs]] path = …, name = …``),
else the article's own (JSONL ``source``, a web page's site name), else
one derived from the page's header plus its date ("新闻联播 2023-12-21"; a
header date in the future is refused, and the name is the header's words alone),
either only when it is no path, file, URL, host or id (:func:`reader_name`;
one warning line per input names what was left out), else the agency its
dateline, byline or credit line names (新华社 of "新华社北京7月8日电",
"新华社记者 王某", "新华社发", "（据新华社电）"), else the
file's name without folder or suffix unless that is an id rather than a name
(no Chinese and a long run of digits and hex letters: ``000_923017acd90077f1``),
else "未注明来源 Unnamed source": never a local path.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import logging
import re
import reprlib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import PurePath
from typing import Any

from briefing.records import Article, Document
from briefing.untrusted import clean_line

log = logging.getLogger("briefing")
_YMD = r"(?P<y>(?:19|20)\d{2})\s*(?:年|[-./])?\s*(?P<m>[01]?\d)\s*(?:月|[-./])?\s*(?P<d>[0-3]?\d)\s*日?"
HEADER_DATE_RE = re.compile(rf"[（(\[【]\s*{_YMD}\s*[）)\]】]")
PAGE_DATE_RE = re.compile(
    r"(?P<y>(?:19|20)\d{2})\s*年\s*(?P<m>[01]?\d)\s*月\s*(?P<d>[0-3]?\d)\s*日"
    r"|(?<!\d)(?P<y2>(?:19|20)\d{2})-(?P<m2>[01]\d)-(?P<d2>[0-3]\d)(?!\d)"
    r"|(?<!\d)(?P<y3>(?:19|20)\d{2})(?P<m3>[01]\d)(?P<d3>[0-3]\d)(?!\d)"
)
# a year the dateline gives is read whatever its digits, so that an impossible one (0年) dates nothing
DATELINE_DATE_RE = re.compile(r"(?:(?P<y>\d{1,4})年)?(?P<m>[01]?\d)月(?P<d>[0-3]?\d)日")
_YEAR = re.compile(r"(?:19|20)\d{2}")  # a year a news date can have
FUTURE_DAYS = 1  # how many days after its reference (the build's or the page's day) a date may be: the zones
_NAME_STRIP = re.compile(r"[《》〈〉「」『』\"“”#*_]")
HEAD_BLOCKS = 6  # the page header and date are among the first lines
# the agency opening a dateline (新华社, 人民日报, 中新社, 央视网), but not 本报/本网/本台 ("this paper") nor a
# credit line's words (据, 转自, 来源: :func:`credited` reads those)
_AGENCY_RE = re.compile(
    r"^(?!本[报网台]|据|转自|(?:稿件)?来源)(?P<a>[\u4e00-\u9fff]{1,10}?(?:通讯社|社|日报|晚报|报|网|台))"
)
# a credit line crediting an agency's report: （据新华社电）, 据某某日报报道, 据某台消息, （来源：某某网） (not 据了解,
# 据外媒报道)
_CREDITED_RE = re.compile(
    r"^[（(]?\s*(?:据\s*(?P<a>[^（()）]{2,30}?)\s*(?:电|报道|消息)|(?:稿件)?来源\s*[：:]?\s*(?P<b>[^（()）]{2,30}?)|转自"
    r"\s*(?P<c>[^（()）]{2,30}?))\s*[）)]?$"
)
_HAN_NAME = re.compile(r"[\u4e00-\u9fff]{2,12}")
_VAGUE_CREDIT = re.compile(r"^(?:本|有关|相关|当地|多家|外|境外|海外|国外)|媒体?$|方面$")
_ID_RUN = re.compile(r"[0-9A-Fa-f]{8,}|^[\d\W_]+$")
UNNAMED = "未注明来源 Unnamed source"


@dataclass(frozen=True)
class PageHeader:
    """What a page says about itself: a name and a date (either may be unknown)."""

    name: str | None = None  # the header's words without its date
    date: str | None = None

    @property
    def source_name(self) -> str | None:
        """The page's source name for readers: its name with its date ("新闻联播 2023-12-21"), or its name
        alone when it has no date (one refused, :func:`_until`, is none: it shows nowhere)."""
        return f"{self.name} {self.date}" if self.name and self.date else self.name


def _iso(y: str | int, m: str | int, d: str | int) -> str | None:
    try:
        return dt.date(int(y), int(m), int(d)).isoformat()
    except ValueError:
        return None


class ImpossibleDate(ValueError):
    """A date in a format :func:`news_date` reads whose day or time no clock shows (hour 25, 31 June, an
    offset no place on Earth has): none, never read again for its day alone."""


def _as_iso(value: str) -> str | None:
    """An article's own date in ISO 8601 when :func:`news_date` reads it (RFC 822, ``2025/07/08 09:30``, a
    zone name), None when it is an :class:`ImpossibleDate`, else as given (:func:`parse_date` finds a day in
    it or nothing: never a guessed one)."""
    try:
        return news_date(value)
    except ImpossibleDate:
        return None
    except ValueError:
        return value


def parse_date(value: Any) -> str | None:
    """An ISO date from ``2023-12-21``, ``20231221``, ``2023年12月21日`` or an ISO datetime."""
    if not isinstance(value, str) or len(value) > 64:
        return None
    m = PAGE_DATE_RE.search(value)
    if not m:
        return None
    g = m.groupdict()
    for k in ("", "2", "3"):
        if g.get("y" + k):
            return _iso(g["y" + k], g["m" + k], g["d" + k])
    return None


def page_header(doc: Document) -> PageHeader:
    """The name and date a page's header gives (a heading or short line near the top)."""
    date = name = None
    for block in [b for b in doc.blocks if b.text.strip()][:HEAD_BLOCKS]:
        text = block.text.strip()
        if len(text) > 80:
            continue
        m = HEADER_DATE_RE.search(text)
        found = _iso(m["y"], m["m"], m["d"]) if m else parse_date(text)
        if found and date is None:
            date = found
            if block.level or m:
                rest = (HEADER_DATE_RE.sub("", text) if m else PAGE_DATE_RE.sub("", text)).strip()
                rest = _NAME_STRIP.sub("", rest).strip(" -—·|｜:：")
                if 2 <= len(rest) <= 30:
                    name = rest
    return PageHeader(name, date)


def in_time(date: str, reference: str) -> bool:
    """Whether ``date`` is no more than :data:`FUTURE_DAYS` after ``reference`` (both ISO dates): the one
    rule for how far after its build (or its page's day) a story may be dated, a year assumed or given."""
    return (dt.date.fromisoformat(date) - dt.date.fromisoformat(reference)).days <= FUTURE_DAYS


def dateline_date(dateline: str | None, reference: str) -> str | None:
    """The date in a dateline ("新华社北京7月8日电"): with the year it gives (none when that is no year news has),
    else the latest day of its month and day that is :func:`in_time` for ``reference`` (12月6日 of a
    2026-12-05 build is 2026-12-06, 1月1日 of a 2026-12-31 build 2027-01-01, 12月7日 of 2026-12-05
    2025-12-07)."""
    if not dateline:
        return None
    m = DATELINE_DATE_RE.search(dateline)
    if not m:
        return None
    if m["y"]:
        return _iso(m["y"], m["m"], m["d"]) if _YEAR.fullmatch(m["y"]) else None
    year = dt.date.fromisoformat(reference).year
    for found in (_iso(y, m["m"], m["d"]) for y in (year + 1, year, year - 1)):
        if found and in_time(found, reference):
            return found
    return None


# Zone abbreviations a news date may end in, as UTC offsets in minutes. ``CST`` is China Standard Time
# (+08:00), which is what a Chinese news feed means by it (RFC 822 reads it as US Central, -06:00); the
# other US names keep their RFC 822 meaning. Any other name is refused: a guessed offset is a wrong time.
ZONE_NAMES = {
    "Z": 0, "UT": 0, "UTC": 0, "GMT": 0,
    "CST": 480, "北京时间": 480, "BJT": 480, "HKT": 480, "SGT": 480, "AWST": 480, "JST": 540, "KST": 540,
    "EST": -300, "EDT": -240, "CDT": -300, "MST": -420, "MDT": -360, "PST": -480, "PDT": -420,
}  # fmt: skip
_ZONE = r"(?P<zone>[+-]\d{1,2}(?::?\d{2})?|(?:UTC|GMT|UT)(?:\s?[+-]\d{1,2}(?::?\d{2})?)?|[A-Za-z]{1,5}|北京时间)"
_TAIL_ZONE_RE = re.compile(rf"(?:(?<=:\d\d)|\s+)[(（]?{_ZONE}[)）]?$")
_MONTHS = "jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec"
# RFC 822 without its zone (split off before): [weekday,] day month year time, or asctime's order
_RFC822_RE = re.compile(
    rf"(?:[a-z]{{3}},?\s*)?(?:\d{{1,2}}\s+(?:{_MONTHS})[a-z]*\.?\s+\d{{4}}|(?:{_MONTHS})[a-z]*\s+\d{{1,2}}\s+\d{{4}})"
    r"\s+\d{1,2}:\d{2}(?::\d{2})?|[a-z]{3}\s+(?:" + _MONTHS + r")\s+\d{1,2}\s+\d{1,2}:\d{2}:\d{2}\s+\d{4}",
    re.I,
)
_YEAR_RE = re.compile(r"(?<![\d:])\d{4}(?![\d:])")  # an RFC 822 date's year: its one number of four digits
_NUMERIC_DATE_RE = re.compile(
    r"(?P<y>\d{4})\s*(?:[-/.]|年)\s*(?P<m>\d{1,2})\s*(?:[-/.]|月)\s*(?P<d>\d{1,2})\s*日?"
    r"(?:\s*[(（]?\s*(?:星期|周)[一二三四五六日天]\s*[)）]?)?"
    r"(?:(?:\s*|T)(?P<H>\d{1,2})[:：](?P<M>\d{2})(?:[:：](?P<S>\d{2})(?:[.,]\d{1,9})?)?)?"
)


def _offset(zone: str) -> dt.timezone:
    """A zone written after a time (``+0800``, ``+08:00``, ``GMT+8``, ``CST``) as a fixed offset."""
    name = zone.upper().replace(" ", "")
    if name in ZONE_NAMES:
        return dt.timezone(dt.timedelta(minutes=ZONE_NAMES[name]))
    m = re.fullmatch(r"(?:UTC|GMT|UT)?([+-])(\d{1,2}):?(\d{2})?", name)
    if not m or int(m[2]) > 14 or int(m[3] or 0) > 59:
        raise ValueError(f"unknown time zone {zone!r}")
    minutes = int(m[2]) * 60 + int(m[3] or 0)
    return dt.timezone(dt.timedelta(minutes=-minutes if m[1] == "-" else minutes))


def _real_offset(when: dt.date) -> str:
    """``when`` as ISO 8601, refused when its offset is none a place on Earth has (beyond -12:00..+14:00, or
    not whole minutes: ``+08:00:30`` would be shown as +08:00)."""
    offset = when.utcoffset() if isinstance(when, dt.datetime) else None
    if offset is not None and (
        not dt.timedelta(hours=-12) <= offset <= dt.timedelta(hours=14) or offset % dt.timedelta(minutes=1)
    ):
        raise ImpossibleDate(f"unknown time zone offset {dt.timezone(offset).tzname(None).removeprefix('UTC')!r}")
    return when.isoformat()


def news_date(text: str) -> str:
    """A news date as ISO 8601, in the offset it was written in (none when it gave none); a date alone
    stays a date. Reads ISO 8601/W3C (``2025-07-08T09:30:00+08:00``, ``2025-07-08 09:30``), RFC 822
    (``Tue, 08 Jul 2025 09:30:00 +0800``) and year-first numeric dates (``2025/07/08 09:30``,
    ``2025.7.8``, ``2025年7月8日 09:30``), each with an optional zone (an offset, ``GMT+8`` or a name of
    ``ZONE_NAMES``). Raises ValueError saying why for anything else (a day-first or month-first
    ``08/07/2025`` is ambiguous): an unread date is left out, never guessed."""
    text = " ".join(text.split())
    if not text or len(text) > 64:
        raise ValueError("empty" if not text else "longer than 64 characters")
    try:
        return dt.date.fromisoformat(text).isoformat()  # a day alone (2025-07-08, 20250708) stays a day
    except ValueError:
        pass
    try:
        when = dt.datetime.fromisoformat(text)
    except ValueError:
        pass
    else:
        return _real_offset(when)  # an offset no place has is refused, not read again another way
    zone = None
    body = text
    if (tail := _TAIL_ZONE_RE.search(text)) is not None:
        body = text[: tail.start()].rstrip()
        zone = _offset(tail["zone"])
    if (m := _NUMERIC_DATE_RE.fullmatch(body)) is not None:
        try:
            day = dt.date(int(m["y"]), int(m["m"]), int(m["d"]))
            time = None if m["H"] is None else dt.time(int(m["H"]), int(m["M"]), int(m["S"] or 0), tzinfo=zone)
        except ValueError as exc:
            raise ImpossibleDate(f"an impossible date or time ({exc})") from None
        if time is None:
            if zone is not None:
                raise ValueError("a time zone without a time of day")
            return day.isoformat()
        return _real_offset(dt.datetime.combine(day, time))
    if not _RFC822_RE.fullmatch(body):
        raise ValueError("not a date format read here (ISO 8601, RFC 822 or year, month, day in numbers)")
    written = int(_YEAR_RE.findall(body)[-1])
    if zone is not None:
        minutes = int(zone.utcoffset(None).total_seconds() // 60)
        body += f" {'-' if minutes < 0 else '+'}{abs(minutes) // 60:02d}{abs(minutes) % 60:02d}"
    try:
        when = email.utils.parsedate_to_datetime(body)
    except (TypeError, ValueError, IndexError) as exc:
        raise ValueError(f"not a valid RFC 822 date ({exc})") from None
    if when.year != written:  # email.utils reads a year below 100 as two digits: 0025 would be 2025
        raise ValueError(f"not a valid RFC 822 date (year {written:04d})")
    return _real_offset(when)


_TIME = re.compile(r"(?:\d[T ]|日)\s*(?P<H>[01]?\d|2[0-3]):(?P<M>[0-5]\d)(?!\d)")


def time_of_day(value: str | None) -> str | None:
    """The time of day an ISO 8601 date-time carries ("07:30" of ``2025-07-08T07:30:00+08:00``, read in its
    own offset, like its day), or None for a bare date or an impossible time."""
    if not value or len(value) > 64:
        return None
    m = _TIME.search(value)
    return f"{int(m['H']):02d}:{m['M']}" if m else None


def date_zone(value: str | None) -> str | None:
    """The UTC offset an ISO 8601 time carries ("+08:00"), or None when it carries none."""
    if not value or len(value) > 64:
        return None
    try:
        offset = dt.datetime.fromisoformat(value.strip()).utcoffset()
    except ValueError:
        return None
    if offset is None:
        return None
    minutes = int(offset.total_seconds() // 60)
    sign = "-" if minutes < 0 else "+"
    return f"{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


def input_names(inputs: Iterable[Any]) -> tuple[list[str], dict[str, str]]:
    """Configured inputs (paths, or ``[[inputs]]`` tables with ``path`` and ``name``) as paths and names."""
    paths: list[str] = []
    names: dict[str, str] = {}
    for entry in inputs:
        if isinstance(entry, str):
            paths.append(entry)
            continue
        paths.append(entry.path)
        if entry.name.strip():
            names[entry.path] = entry.name.strip()
    return paths, names


def _configured(source: str, names: dict[str, str]) -> str | None:
    best = None
    for path, name in names.items():
        p = path.rstrip("/")
        if (source == p or source.startswith(p + "/") or source.startswith(p + ":")) and (
            best is None or len(p) > len(best[0])
        ):
            best = (p, name)
    return best[1] if best else None


def _file_name(source: str) -> str:
    """A file's name as a source name: its stem, unless that is an id rather than a name."""
    base = re.sub(r":\d+$", "", source)  # a JSONL line number
    stem = PurePath(base).stem if base not in {"-", "<stdin>"} else "stdin"
    return stem if stem and not id_like(stem) else UNNAMED


# What a name readers know never looks like: a path or URL (a slash), a URL's or a drive's scheme without
# slashes (file:x, mailto:, s3:bucket, C:; "BBC: World" with its space is a name), a file's name (a dot and a
# short suffix: feed.txt), a host's name (labels joined by dots, the last of two or more letters, maybe a
# final dot: news.example.com, intranet.internal, HOST.EXAMPLE.COM.; "U.S. News", "Bloomberg L.P." are
# names), a host and port, an address (@), a folder of the operator's (~, a leading dot), a machine's own
# names, a percent-encoded path (%2F), a shell's or Windows' variable ($HOME, ${X}, $(cmd), %APPDATA%).
NAME_CHARS = 200  # a source's name is short: a longer one from outside is no name to show
_OPERATOR_DETAIL = re.compile(
    r"[/\\@]|^[~.]|^[A-Za-z][A-Za-z0-9+.-]*:(?!\s)|\.[A-Za-z][A-Za-z0-9]{0,5}$"
    r"|(?<![A-Za-z0-9_.-])[A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]+)*\.[A-Za-z][A-Za-z0-9-]+\.?(?![A-Za-z0-9-])"
    r"|:\d{1,5}$|^(?:localhost|127\.|0\.0\.0\.0)|%[0-9A-F]{2}|\$[A-Za-z_({]|%[A-Za-z_][A-Za-z0-9_]*%",
    re.I,
)


def reader_name(name: str | None) -> str | None:
    """``name`` when it may stand as a source's name on reader surfaces, else None: a name from outside (a
    JSONL ``source``, a page's header, an earlier day's JSON) that is a path, a file's name, a URL, a host or
    an id is an operator's detail, never shown; one that is a credit line (（据新华社电）, 来源：人民日报)
    is the outlet it credits (:func:`credited`). A name is one clean line (no control or format character:
    an unbalanced bidi override would reverse what follows it on a page)."""
    name = clean_line(name or "")
    if len(name) > NAME_CHARS:  # no outlet's name is this long (and the patterns below stay cheap)
        return None
    name = credited(name) or name
    return name if name and not _OPERATOR_DETAIL.search(name) and not id_like(name) else None


def id_like(name: str) -> bool:
    """A file name that is an id, not a name a reader knows: no Chinese, and a long run of digits and
    hex letters, or nothing but digits and punctuation."""
    return not re.search(r"[\u4e00-\u9fff]", name) and bool(_ID_RUN.search(name))


def agency(art: Article) -> str | None:
    """The agency the article's dateline, byline or credit line opens with (新华社 of "新华社北京7月8日电",
    "新华社记者 王某", "新华社发"), or whose report the credit line credits (新华社 of "（据新华社电）"),
    or None."""
    for line in (art.dateline, art.byline, art.credit):
        m = _AGENCY_RE.match(line or "")
        if m:
            return m["a"]
    for line in (art.credit or "").split("；"):  # the credit lines of an article are joined with ；
        if found := credited(line):
            return found
    return None


def credited(line: str) -> str | None:
    """The outlet a credit line credits (新华社 of "（据新华社电）", "据新华社北京7月8日电", "来源：新华社",
    "转自新华社"), or None when ``line`` is no credit line or credits none by name (据外媒报道)."""
    m = _CREDITED_RE.match(line.strip())
    if m is None:
        return None
    outlet = m["a"] or m["b"] or m["c"]
    if DATELINE_DATE_RE.search(outlet):  # 据新华社北京7月8日电: a dateline's agency
        found = _AGENCY_RE.match(outlet)
        return found["a"] if found else None
    return outlet if _HAN_NAME.fullmatch(outlet) and not _VAGUE_CREDIT.search(outlet) else None


def _until(date: str | None, build_date: str) -> str | None:
    """``date``, unless it is not :func:`in_time` for the build date: news is not dated in the future, and a
    feed's or a page's year 2099 would rank its story first and date it so."""
    return date if date is not None and in_time(date, build_date) else None


def unread_date(art: Article, value: object, why: str) -> None:
    """The one warning line for an article's own date that is not read (``why``): the story is dated as if it
    gave none."""
    shown = repr(value) if isinstance(value, str) else reprlib.repr(value)
    log.warning("%s: «%s»: date %s not read (%s); the story is dated as if it gave none", art.source,
                art.title[:40], shown, why)  # fmt: skip


def apply(articles: list[Article], docs: list[Document], names: dict[str, str], build_date: str) -> None:
    """Give each article its source name and own date (see the module docstring)."""
    pages = {doc.source: page_header(doc) for doc in docs if doc.kind != "jsonl"}
    files = {doc.source for doc in docs}
    dropped: dict[str, list[str]] = {}  # an input and the source names of it that no reader is shown
    for art in articles:
        doc_source = re.sub(r":\d+$", "", art.source) if art.source not in pages else art.source
        header = pages.get(doc_source, PageHeader())
        page = PageHeader(header.name, _until(header.date, build_date))  # a date refused here is in no name
        # an article of no file (a fetched web page) carries its source's configured name already
        fallback = _file_name(art.source) if doc_source in files else art.source
        own_name = reader_name(art.source_name)
        named = own_name or reader_name(page.source_name)
        if art.source_name and own_name is None:  # its own name was a detail: nor is its file's a name
            dropped.setdefault(doc_source, []).append(art.source_name)
            fallback = UNNAMED
        art.source_name = _configured(art.source, names) or named or agency(art) or fallback
        raw = _as_iso(art.date) if art.date else None  # None: it gave none, or an impossible one
        read = parse_date(raw) if raw else None
        own = _until(read, build_date)
        reference = page.date or build_date
        # its own month and day without a year (a JSONL "7月8日"), read as a dateline's: the year assumed
        month_day = _until(dateline_date(raw, reference), build_date) if raw and not read else None
        if art.date and not own and not month_day:
            if raw is None:
                why = "an impossible day or time"
            elif read:
                why = f"more than {FUTURE_DAYS} day after the build date: news is not dated in the future"
            else:
                why = "a year, month and day are needed"
            unread_date(art, art.date, why)
        if own:
            art.date, art.date_source, art.date_zone = own, "article", date_zone(raw)
            art.time = time_of_day(raw)
        elif month_day is not None:
            art.date, art.date_source, art.year_guessed = month_day, "article", page.date is None
        elif (found := _until(dateline_date(art.dateline, reference), build_date)) is not None:
            art.date, art.date_source = found, "dateline"
            given = DATELINE_DATE_RE.search(art.dateline or "")
            art.year_guessed = page.date is None and not (given and given["y"])
        elif page.date:
            art.date, art.date_source = page.date, "page"
        else:
            art.date, art.date_source = build_date, "build"
    for where, left in dropped.items():
        shown = ", ".join(repr(n) for n in list(dict.fromkeys(left))[:3])
        what = "source name" if len(left) == 1 else "source names"
        log.warning("%s: %d %s not shown to readers (%s): a path, file, URL or host", where, len(left), what, shown)
