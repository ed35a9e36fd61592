"""Arrange the day's stories: merged when duplicate, grouped by event, ranked, capped, sectioned.

Copies (5-gram containment over the body) are merged into one story; reports
of one event from different sources or pages (:mod:`briefing.events`) are
grouped under a lead story.  Leads are ranked by an importance score whose
parts stay in the JSON (position on the page, length, how many sources carry
the event, a repeat of an earlier day); the top N open the briefing, at most
``max_stories`` are shown, and the rest follow in topic sections in the
configured order. A story dated more than ``max_age_days`` before the day's
newest story (a feed's years-old entry) is left out before any of this: it
stays in the JSON, cut as "old", and is never a top story.
"""

from __future__ import annotations

import datetime as dt
import logging
import math
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import replace

from briefing.config import EditorialOptions
from briefing.continuity import REPEAT, Candidate, relate
from briefing.events import Report, days_apart, group_events, lead_text
from briefing.history import Day
from briefing.records import Arrangement, Article, Section, Story
from briefing.sections import OTHER, TOPICS
from briefing.sections import section_of as topic_of
from briefing.textnorm import bare

log = logging.getLogger("briefing")


SHINGLE_CHARS = 20_000  # texts are compared on their first 20,000 characters: a story is far shorter


def _shingles(article: Article, n: int = 5) -> set[str]:
    s = bare("".join(article.paragraphs))[:SHINGLE_CHARS]
    return {s[i : i + n] for i in range(len(s) - n + 1)}


def containment(a: set[str], b: set[str]) -> float:
    """Share of the smaller text's 5-grams that the other text also has."""
    if not a or not b:
        return 0.0
    return len(a & b) / min(len(a), len(b))


def merge_duplicates(stories: Sequence[Story], threshold: float) -> list[Story]:
    """Merge stories that are the same story (an edited copy, a trimmed version): new stories, the ones
    given are left as they were.

    An index of the kept stories' 5-grams finds the stories that share any
    text, so a day of thousands of stories compares only those.
    """
    kept: list[Story] = []
    shingles: list[set[str]] = []
    postings: dict[str, list[int]] = {}
    for story in stories:
        sh = _shingles(story.article)
        candidates = sorted({i for g in sh for i in postings.get(g, ())})  # kept stories sharing any 5-gram
        match = next((i for i in candidates if containment(sh, shingles[i]) >= threshold), None)
        if match is None:
            kept.append(story)
            shingles.append(sh)
            for g in sh:
                postings.setdefault(g, []).append(len(kept) - 1)
            continue
        host = kept[match]
        # the longer text stays the story's body; the other is listed as a source
        if len(story.article.text) > len(host.article.text):
            kept[match] = replace(story, merged=(host.article, *host.merged), sources=_union(story, host))
            for g in sh - shingles[match]:
                postings.setdefault(g, []).append(match)
            shingles[match] = sh
        else:
            kept[match] = replace(host, merged=(*host.merged, story.article), sources=_union(host, story))
        log.debug("merged «%s» with «%s»", story.article.title, host.article.title)
    return kept


def _union(first: Story, second: Story) -> tuple[str, ...]:
    return tuple(dict.fromkeys([*first.sources, *second.sources]))


# Weights of the score's parts: coverage leads, so an event carried by two sources outranks any
# single-source story however early on its page (position, length and recency add at most 1.5 together).
COVERAGE = 1.5  # per doubling of the distinct sources carrying the event
REPORTS = 0.5  # per doubling of the reports of the event (the same source's too)
POSITION = 0.5
LENGTH = 0.5
RECENCY = 0.5  # for the newest day; 1 / (1 + days behind, a part of a day by the time of day when known)


def minutes(time: str | None) -> int | None:
    """Minutes into its day of an article's ``time`` ("07:30" -> 450), or None when unknown."""
    if not time:
        return None
    hours, _, mins = time.partition(":")
    return int(hours) * 60 + int(mins) if hours.isdigit() and mins.isdigit() else None


def scored(story: Story, newest: str | None = None, latest: Mapping[str, int] | None = None) -> Story:
    """The story with its importance, part by part (``score_parts``): how many sources and reports carry the
    event, early on its page, substantial, recent, not a repeat.

    Recent: days behind the newest story of the build, plus, when the story's time of day is known, the part
    of a day it was published before the latest timed story of its date (``latest``: date -> minutes into
    the day); a story whose time is unknown loses nothing within its day."""
    reports = 1 + len(story.related) + len(story.merged)
    art = story.article
    behind = float(days_apart(art.date, newest)) if art.date and newest else 0.0
    at = minutes(art.time)
    if at is not None and art.date and latest and art.date in latest:
        behind += max(0, latest[art.date] - at) / (24 * 60)
    parts = {
        "coverage": COVERAGE * math.log2(max(1, len(story.source_names))),
        "reports": REPORTS * math.log2(reports),
        "position": POSITION / math.sqrt(1 + story.article.position),
        "length": LENGTH * min(1.0, math.log1p(len(story.article.text)) / math.log1p(3000)),
        "recency": RECENCY / (1 + behind),
    }
    if story.article.continuation and story.article.title_derived:
        parts["fragment"] = -0.3  # a headless continuation is a part of a story
    if story.continuity.status == REPEAT:
        parts["repeat"] = -3.0  # published before: never a top story again
    return replace(story, score_parts={k: round(v, 3) for k, v in parts.items()}, score=round(sum(parts.values()), 4))


def _rank(stories: Sequence[Story]) -> list[Story]:
    """The stories scored anew, most important first."""
    newest = max((s.article.date for s in stories if s.article.date), default=None)
    latest: dict[str, int] = {}
    for s in stories:
        at = minutes(s.article.time)
        if at is not None and s.article.date:
            latest[s.article.date] = max(at, latest.get(s.article.date, at))
    ranked = (scored(s, newest, latest) for s in stories)
    return sorted(ranked, key=lambda s: (-s.score, s.article.source, s.article.position, s.article.id))


def group(stories: Sequence[Story], threshold: float, max_days: int) -> list[Story]:
    """Stories about one event (different sources or pages) under one lead; the leads, ranked."""
    ordered = _rank(stories)
    reports = [Report(s.article.title, lead_text(s.article.paragraphs), s.article.date, s.article.id) for s in ordered]
    groups = group_events(reports, threshold, max_days)
    return _rank([replace(ordered[first], related=tuple(ordered[i] for i in rest)) for first, *rest in groups])


def _anchor(story: Story, used: set[str]) -> str:
    base = "s-" + (re.sub(r"[^A-Za-z0-9_-]", "", story.article.id)[:40] or "story")
    anchor, n = base, 2
    while anchor in used:
        anchor, n = f"{base}-{n}", n + 1
    used.add(anchor)
    return anchor


def _marked(leads: list[Story], earlier: Sequence[Day], ed: EditorialOptions, day: str | None) -> list[Story]:
    """The leads and their other reports, each marked new, follow-up or repeat of an earlier day."""
    flat = [s for lead in leads for s in (lead, *lead.related)]
    candidates = [Candidate(s.article.id, s.article.title, s.summary.text) for s in flat]
    marks = iter(relate(candidates, earlier, ed.event_threshold, day, ed.continuity_days))
    out = []
    for lead in leads:
        mark = next(marks)
        related = tuple(replace(r, continuity=next(marks)) for r in lead.related)
        out.append(replace(lead, continuity=mark, related=related))
    return out


def _day(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None


def too_old(stories: Sequence[Story], max_age_days: int, day: str | None = None) -> list[bool]:
    """Per story, whether it is dated more than ``max_age_days`` before the newest story of the day (the
    newest whose date is known, not the build date's stand-in, and no later than ``day``, the briefing's
    date): an old entry of a feed. The newest story, not the build date, is the measure, so a page of an
    earlier day built today keeps its stories."""
    dates = [_day(s.article.date) for s in stories]
    until = _day(day)
    known = [
        d
        for d, s in zip(dates, stories, strict=True)
        if d is not None and s.article.date_source != "build" and (until is None or d <= until)
    ]
    if not max_age_days or not known:
        return [False] * len(stories)
    oldest = max(known) - dt.timedelta(days=max_age_days)
    return [d is not None and d < oldest for d in dates]


def _left_out(reports: Sequence[Story], reason: str, lead: Story) -> list[Story]:
    """Reports of ``lead``'s event left out of the page for ``reason``; each still names its event's lead."""
    return [replace(s, cut=reason, event_lead=lead.article.id) for s in reports]


def _capped(leads: Sequence[Story], max_stories: int) -> tuple[list[Story], list[Story]]:
    """At most ``max_stories`` stories, every distinct event before any event's other reports: the first
    ``max_stories`` leads in rank order are shown, and the room they leave goes to their events' other
    reports in the same order (an event of sixty reports no longer pushes every other event off the page).
    Returns the shown leads (with the reports kept under each) and what is cut: the leads left out whole and
    the reports of shown leads there was no room for, each cut as "cap"."""
    cut = [
        c
        for lead in leads[max_stories:]
        for c in (replace(lead, cut="cap", related=()), *_left_out(lead.related, "cap", lead))
    ]
    room = max_stories - len(leads[:max_stories])
    kept: list[Story] = []
    for lead in leads[:max_stories]:
        take = lead.related[:room]
        room -= len(take)
        kept.append(replace(lead, related=take))
        cut += _left_out(lead.related[len(take) :], "cap", lead)
    return kept, cut


def arrange(
    stories: Sequence[Story], ed: EditorialOptions, earlier: Sequence[Day] = (), day: str | None = None
) -> Arrangement:
    """Set old stories aside, group events, mark continuity, rank, cap, pick the top stories and fill the
    sections in fixed order (``day`` is the briefing's date).

    Returns new stories; the ones given are left as they were.
    """
    old = too_old(stories, ed.max_age_days, day)
    stale = [replace(s, cut="old") for s, o in zip(stories, old, strict=True) if o]
    stories = [s for s, o in zip(stories, old, strict=True) if not o]
    leads = group(stories, ed.event_threshold, ed.event_days)
    if earlier:
        leads = _rank(_marked(leads, earlier, ed, day))  # repeats sink
    cut: list[Story] = []
    eligible: list[Story] = []
    for lead in leads:
        if ed.drop_repeats and all(s.continuity.status == REPEAT for s in (lead, *lead.related)):
            cut += [replace(lead, cut="repeat", related=()), *_left_out(lead.related, "repeat", lead)]
        else:
            eligible.append(lead)
    kept, capped = _capped(eligible, ed.max_stories)
    cut += capped
    top, rest = kept[: ed.top_stories], kept[ed.top_stories :]
    topics = [topic_of(s.article) for s in rest]
    order = [  # "other" comes last unless placed
        (key, [s for s, t in zip(rest, topics, strict=True) if t == key])
        for key in dict.fromkeys([*ed.sections, "other"])
    ]
    reading = [s for lead in [*top, *(s for _, members in order for s in members)] for s in (lead, *lead.related)]
    titles = Counter(s.article.title for s in reading)
    used: set[str] = set()

    def placed(story: Story, top: bool = False) -> Story:
        """The story with its section, anchor (unique, in reading order) and tag; a lead's reports after it."""
        tag = (story.sources[0] if story.sources else "") if titles[story.article.title] > 1 else story.tag
        head = replace(story, section=topic_of(story.article), anchor=_anchor(story, used), tag=tag, top=top)
        return replace(head, related=tuple(placed(r) for r in story.related))

    top_placed = tuple(placed(s, top=True) for s in top)
    sections = tuple(
        Section(key, *(TOPICS[key][:2] if key in TOPICS else OTHER), tuple(placed(s) for s in members))
        for key, members in order
        if members
    )
    return Arrangement(top_placed, sections, tuple(placed(s) for s in [*cut, *stale]))
