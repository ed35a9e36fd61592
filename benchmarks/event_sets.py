"""The labelled pair sets and section labels of the event benchmarks, resolved against ``../shared``
(``benchmarks/bench_events.py`` measures the product on them, built as it ships).

Dataset loaders live here, beside the benchmarks, not in the package: they know
the layout of ``../shared``, which a user's install never has.
"""

from __future__ import annotations

import json
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path

from briefing.errors import InputError
from briefing.evaluate import read_lines


@dataclass
class EventPair:
    """Two stories (headline and date) and whether a reader would call them one event."""

    a: tuple[str, str | None]
    b: tuple[str, str | None]
    same: bool
    part: str  # "tune" or "test"


def load_event_pairs(pairs_file: Path, shared: Path) -> list[EventPair]:
    """The labelled pair set (``tests/data/event_pairs.jsonl``) with each story's headline and date.

    The file holds references, not text: an id of ``xwlb_headline_train``, or
    a page file of ``xwlb_pages``/``seeds`` and the headline the splitter gives
    one of its articles.  The texts are read from ``shared`` (``../shared``).
    """
    import glob

    from briefing.config import Options
    from briefing.pipeline import read_and_split

    train: dict[str, tuple[str, str | None]] = {}
    for line in read_lines(shared / "data" / "xwlb_headline_train" / "data.jsonl"):
        obj = json.loads(line)
        day = obj["date"]
        train[obj["id"]] = (obj["summary"], f"{day[:4]}-{day[4:6]}-{day[6:]}")
    pages = sorted(glob.glob(str(shared / "data" / "xwlb_pages" / "*.txt"))) + sorted(
        glob.glob(str(shared / "seeds" / "*.txt"))
    )
    articles = read_and_split(pages, Options()).split.articles
    headed = {(Path(a.source).name, a.title): (a.title, a.date) for a in articles}

    def story(ref: dict[str, str]) -> tuple[str, str | None]:
        if ref["set"] == "xwlb_headline_train":
            return train[ref["id"]]
        return headed[(ref["file"], ref["title"])]

    pairs = []
    for n, line in enumerate(read_lines(pairs_file), 1):
        try:
            obj = json.loads(line)
            pairs.append(EventPair(story(obj["a"]), story(obj["b"]), bool(obj["same"]), obj["part"]))
        except (json.JSONDecodeError, KeyError, TypeError) as exc:
            raise InputError(f"{pairs_file}:{n}: not a labelled pair with known stories ({exc})") from exc
    return pairs


# --- the natural pair sets and the section labels of issue #21, as ids ---------------------------


@dataclass(frozen=True)
class IdPair:
    """Two stories of ``xwlb_headline_train`` by id (``a`` the earlier), and the label."""

    a: str
    b: str
    label: str  # events: "same" | "different"; follow-ups: "follow-up" | "repeat" | "different"
    part: str  # "tune" | "test"
    stratum: str  # "entity" | "random" | "enriched"


@dataclass(frozen=True)
class SectionLabel:
    id: str
    date: str
    section: str
    part: str
    ambiguous: bool


def _rows(path: Path) -> list[dict]:
    out = []
    for n, line in enumerate(read_lines(path), 1):
        try:
            out.append(json.loads(line))
        except json.JSONDecodeError as exc:
            raise InputError(f"{path}:{n}: not JSON ({exc})") from exc
    return out


def load_natural_event_pairs(path: Path) -> list[IdPair]:
    """``event_pairs_natural.jsonl``: same/next-day pairs of ``xwlb_headline_train`` ids."""
    return [
        IdPair(r["a"]["id"], r["b"]["id"], "same" if r["same"] else "different", r["part"], r["stratum"])
        for r in _rows(path)
    ]


def load_event_days(path: Path, part: str, skip: Collection[frozenset[str]] = ()) -> list[IdPair]:
    """A day-partition file (``event_days_*.jsonl``: every story of each labelled day with its event's label)
    as every same-day pair of those days: "same" when both stories carry one label.  ``skip`` leaves out pairs
    labelled elsewhere already (their ids as a frozenset), so a set drawn on days of earlier sets counts only
    pairs never labelled before."""
    days: dict[str, list[dict]] = {}
    for r in _rows(path):
        days.setdefault(date_of(r["id"]), []).append(r)
    pairs = []
    for rows in days.values():
        for i, a in enumerate(rows):
            for b in rows[i + 1 :]:
                if frozenset((a["id"], b["id"])) in skip:
                    continue
                label = "same" if a["event"] == b["event"] else "different"
                pairs.append(IdPair(a["id"], b["id"], label, part, "day"))
    return pairs


def load_followup_pairs(path: Path) -> list[IdPair]:
    """``followup_pairs.jsonl``: (earlier, later) pairs 1 to 7 days apart."""
    return [IdPair(r["earlier"]["id"], r["later"]["id"], r["label"], r["part"], r["stratum"]) for r in _rows(path)]


def load_section_labels(path: Path) -> list[SectionLabel]:
    """``section_labels.jsonl``: one labelled item of ``xwlb_headline_train`` per line."""
    return [SectionLabel(r["id"], r["date"], r["section"], r["part"], bool(r.get("ambiguous"))) for r in _rows(path)]


def date_of(item_id: str) -> str:
    """The ISO date embedded in an ``xwlb_headline_train`` id (``xwlb-YYYYMMDD-…``)."""
    day = item_id.split("-")[1]
    return f"{day[:4]}-{day[4:6]}-{day[6:]}"
