"""Which stories report the same event: TF-IDF over character n-grams.

Two reports of one event rarely share sentences (an agency story and an
explainer about it, two broadcasts a day apart), but their headlines share
the rare names, numbers and terms of the event.  Character 2- and 3-grams of
the headline are weighted by sublinear TF times smoothed IDF over the stories
compared, and two stories are one event when the cosine of their vectors
reaches a threshold tuned on a labelled pair set
(``tests/data/event_pairs.jsonl``, see ``tests/data/event_pairs.md``).
Headlines alone (without a column kicker) did better on the tuning part than
headline plus lead, or headline plus body: leads of different events share
formulae ("来华出席…峰会").

Only pairs that share at least one n-gram rarer than ``COMMON_SHARE`` of the
documents are scored, so a day of thousands of stories stays fast; a pair
that shares only very common n-grams has a cosine far below any threshold.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections import Counter, defaultdict
from collections.abc import Sequence

from briefing.config import EditorialOptions
from briefing.textnorm import bare

NGRAMS = (2, 3)
COMMON_SHARE = 0.2
# A day's few dozen headlines are too few to estimate IDF: they are weighed
# as if among this many documents, in which their n-grams are otherwise absent.
BACKGROUND_DOCS = 1000


_KICKER = re.compile(r"^\s*[【\[][^】\]]{1,30}[】\]]\s*")


def event_text(title: str) -> str:
    """The text two stories are compared on: the headline without a leading column kicker (【…】).

    Stories of one column (【权威部门话开局】…) share the kicker, not the event.
    """
    return _KICKER.sub("", title).strip() or title.strip()


def _grams(text: str) -> Counter[str]:
    s = bare(text)
    out: Counter[str] = Counter()
    for n in NGRAMS:
        out.update(s[i : i + n] for i in range(len(s) - n + 1))
    return out


class EventSpace:
    """TF-IDF vectors of a set of texts, fitted on those texts (and any extra ones)."""

    def __init__(self, texts: Sequence[str], background: Sequence[str] = ()) -> None:
        counts = [_grams(t) for t in texts]
        df: Counter[str] = Counter()
        for c in counts:
            df.update(c.keys())
        for t in background:
            df.update(_grams(t).keys())
        n = len(counts) + len(background)
        self.n_docs = n
        self.idf_docs = max(n, BACKGROUND_DOCS)
        self.df = df
        self.vectors = [self._weigh(c) for c in counts]

    def _weigh(self, counts: Counter[str]) -> dict[str, float]:
        n = self.idf_docs
        vec = {g: (1 + math.log(tf)) * (math.log((1 + n) / (1 + self.df.get(g, 0))) + 1) for g, tf in counts.items()}
        norm = math.sqrt(sum(w * w for w in vec.values())) or 1.0
        return {g: w / norm for g, w in vec.items()}

    def vector(self, text: str) -> dict[str, float]:
        """A vector for a text outside the fitted set (IDF from the fitted set)."""
        return self._weigh(_grams(text))

    def similarity(self, i: int, j: int) -> float:
        return cosine(self.vectors[i], self.vectors[j])

    def candidate_pairs(self) -> set[tuple[int, int]]:
        """Pairs (i < j) sharing at least one n-gram that is not common."""
        limit = max(2, int(COMMON_SHARE * self.n_docs))
        postings: dict[str, list[int]] = defaultdict(list)
        for i, vec in enumerate(self.vectors):
            for g in vec:
                if self.df[g] <= limit:
                    postings[g].append(i)
        pairs: set[tuple[int, int]] = set()
        for docs in postings.values():
            for a in range(len(docs)):
                for b in range(a + 1, len(docs)):
                    pairs.add((docs[a], docs[b]))
        return pairs


class Index:
    """Vectors searchable by cosine: dot products over shared n-grams only."""

    def __init__(self, vectors: Sequence[dict[str, float]]) -> None:
        self.postings: dict[str, list[tuple[int, float]]] = defaultdict(list)
        for i, vec in enumerate(vectors):
            for g, w in vec.items():
                self.postings[g].append((i, w))

    def scores(self, vec: dict[str, float]) -> dict[int, float]:
        acc: dict[int, float] = defaultdict(float)
        for g, w in vec.items():
            for i, v in self.postings.get(g, ()):
                acc[i] += w * v
        return acc


def cosine(a: dict[str, float], b: dict[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(w * b.get(g, 0.0) for g, w in a.items())


def days_apart(a: str | None, b: str | None) -> int:
    """Days between two ISO dates (0 when either is unknown)."""
    if not a or not b:
        return 0
    try:
        return abs((dt.date.fromisoformat(a) - dt.date.fromisoformat(b)).days)
    except ValueError:
        return 0


def same_event(
    space: EventSpace, i: int, j: int, threshold: float, dates: Sequence[str | None], max_days: int
) -> float:
    """The pair's similarity when it counts as one event (close enough in time), else 0."""
    if dates and days_apart(dates[i], dates[j]) > max_days:
        return 0.0
    sim = space.similarity(i, j)
    return sim if sim >= threshold else 0.0


def group_events(
    texts: Sequence[str],
    threshold: float,
    keys: Sequence[str] | None = None,
    dates: Sequence[str | None] = (),
    max_days: int = EditorialOptions.event_days,
) -> list[list[int]]:
    """Group texts (already in rank order) into events: each joins the best earlier lead above the threshold.

    A text is compared with group leads only, so a chain of loosely similar
    stories does not snowball into one group.  ``keys`` (e.g. article ids) are
    never grouped with an equal key; stories dated more than ``max_days``
    apart are never one event.
    """
    space = EventSpace(texts)
    near: dict[int, list[tuple[float, int]]] = defaultdict(list)
    for i, j in space.candidate_pairs():
        sim = same_event(space, i, j, threshold, dates, max_days)
        if sim:
            near[max(i, j)].append((sim, min(i, j)))
    groups: dict[int, list[int]] = {}
    for i in range(len(texts)):
        leads = sorted(
            ((s, j) for s, j in near.get(i, []) if j in groups and (keys is None or keys[j] != keys[i])),
            reverse=True,
        )
        if leads:
            lead = leads[0][1]
            groups[lead].append(i)
        else:
            groups[i] = [i]
    return list(groups.values())
