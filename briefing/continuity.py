"""Continuity across days: is a story new, a follow-up of an event already
briefed, or a pure repeat of a story already published?

Earlier briefings are read back from the output folder (:mod:`briefing.history`).
A *repeat* is the same article (same id) or the same headline and summary; a
*follow-up* is a story whose headline is about the same event as one briefed
on an earlier day (the event similarity and threshold of
:mod:`briefing.events`).  Both link to the day the story or event was first
briefed, so a week of daily builds over the same pages never re-announces a
story as new.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from briefing.events import EventSpace, Index, event_text
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


def relate(stories: Sequence[Candidate], days: Sequence[Day], threshold: float) -> list[Continuity]:
    """One Continuity per story; ``days`` are earlier briefings (any order)."""
    days = sorted(days, key=lambda d: d.date)
    past = [(day, item) for day in days for item in day.shown]
    if not past:
        return [Continuity() for _ in stories]
    by_id: dict[str, tuple[Day, PastItem]] = {}
    by_text: dict[tuple[str, str], tuple[Day, PastItem]] = {}
    for day, item in past:  # the earliest day wins: a repeat links to where it was first briefed
        by_id.setdefault(item.id, (day, item))
        by_text.setdefault((item.title, item.summary), (day, item))
    space = EventSpace([event_text(s.title) for s in stories], background=[event_text(i.title) for _, i in past])
    index = Index([space.vector(event_text(i.title)) for _, i in past])
    out = []
    for n, story in enumerate(stories):
        hit = by_id.get(story.id) or by_text.get((story.title, story.summary))
        if hit:
            out.append(_link(REPEAT, *hit))
            continue
        # the closest earlier story above the threshold; on a tie the latest day
        near = [(sim, past[i][0].date, i) for i, sim in index.scores(space.vectors[n]).items() if sim >= threshold]
        out.append(_link(FOLLOW_UP, *past[max(near)[2]]) if near else Continuity())
    return out
