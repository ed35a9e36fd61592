"""Continuity across days: is a story new, a follow-up of an event already
briefed, or a pure repeat of a story already published?

Earlier briefings are read back from the output folder (:mod:`briefing.history`).
A *repeat* is the same article (same id) or the same headline and summary; a
*follow-up* is a story that reports the same event as one briefed on an
earlier day, on the evidence event grouping uses (:mod:`briefing.events`: the
same counterpart, the same occasion, or headline and summary alike), never on a
shared topic alone; a day's report of a running conflict follows up an earlier one
only on what both name, never on its words (the next day's war report is new).
Both link to the day the story or event was first briefed, so a week of daily
builds over the same pages never re-announces a story as new.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from briefing.events import MIN_SHARED, POSTINGS, EventSpace, Report, days_apart
from briefing.history import Day, PastItem
from briefing.records import Continuity

NEW, FOLLOW_UP, REPEAT = "new", "follow-up", "repeat"


@dataclass(frozen=True)
class Candidate:
    """What continuity needs of one of today's stories."""

    id: str
    title: str
    summary: str


def _link(status: str, day: Day, item: PastItem) -> Continuity:
    return Continuity(status, day.date, item.anchor, item.title, item.first_seen or day.date)


def relate(
    stories: Sequence[Candidate], days: Sequence[Day], threshold: float, today: str | None = None, max_days: int = 0
) -> list[Continuity]:
    """One Continuity per story; ``days`` are earlier briefings (any order).  With ``today`` and ``max_days``,
    a follow-up is of a day at most ``max_days`` before ``today`` (an event does not last months; a repeat is
    a repeat however old)."""
    days = sorted(days, key=lambda d: d.date)
    past = [(day, item) for day in days for item in day.shown]
    if not past:
        return [Continuity() for _ in stories]
    by_id: dict[str, tuple[Day, PastItem]] = {}
    by_text: dict[tuple[str, str], tuple[Day, PastItem]] = {}
    for day, item in past:  # the earliest day wins: a repeat links to where it was first briefed
        by_id.setdefault(item.id, (day, item))
        by_text.setdefault((item.title, item.summary), (day, item))
    reports = [Report(s.title, s.summary, today) for s in stories]
    space = EventSpace([*reports, *(Report(i.title, i.summary, day.date) for day, i in past)], across_days=True)
    first = len(reports)
    postings: dict[str, list[int]] = defaultdict(list)
    for n, (day, _) in enumerate(past):
        if today and max_days and days_apart(day.date, today) > max_days:
            continue
        for k in space.keys(first + n).filed:
            if len(postings[k]) < POSTINGS:
                postings[k].append(n)
    out = []
    for n, story in enumerate(stories):
        hit = by_id.get(story.id) or by_text.get((story.title, story.summary))
        if hit:
            out.append(_link(REPEAT, *hit))
            continue
        # the earlier story it is most strongly one event with; on a tie the latest day
        weights: Counter[int] = Counter()
        for k, weight in space.keys(n).lookup.items():
            for i in postings.get(k, ()):
                weights[i] += weight
        shared = [i for i, w in weights.items() if w >= MIN_SHARED]
        near = [(space.evidence(n, first + i, threshold), past[i][0].date, i) for i in shared]
        near = [x for x in near if x[0] > 0]
        out.append(_link(FOLLOW_UP, *past[max(near)[2]]) if near else Continuity())
    return out
