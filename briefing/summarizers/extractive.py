"""The default summarizer: fast, deterministic extraction with a learned scorer.

A linear scorer (``scorer.json``, reproduced by ``benchmarks/train_summarizer.py``
from news items and their printed headlines) rates candidate spans of the
article's sentences on features that carry over between kinds of news
(:mod:`briefing.summarizers.spans`).

- One sentence: the best span, a whole sentence or its leading clauses (a
  clause keeps its subject and attribution: only content-free lead-ins such as
  a date or 据悉 may be left out at its start).  A shortened sentence ends in "…".
- Several sentences: a passage of that many consecutive sentences, from the
  best-rated one on; a passage reads as the article does, with no dangling
  "此外" or "他".
- A character budget: whole sentences, best first and not repeating each
  other, within the budget; a hard limit: when nothing whole fits, the best
  sentence is cut at a clause break (never inside a number, a quote, a
  《title》 or a name) and marked "…".

When the title is shown with the summary, a sentence that says nothing beyond
the title is skipped.
"""

from __future__ import annotations

import functools
import json
import operator
import re
from collections import Counter
from dataclasses import dataclass
from importlib import resources
from typing import Any

from briefing.cache import make_key
from briefing.records import Article, Summary
from briefing.summarizers.base import NO_SUMMARY, Budget, Summarizer, register
from briefing.summarizers.keywords import keywords
from briefing.summarizers.spans import FEATURES, Doc, Sentence, profile, sentences_of

ELLIPSIS = "…"
REPEAT = 0.7  # share of a sentence's bigrams found in the title above which it only repeats the title
REDUNDANT = 0.5  # cosine above which a second sentence repeats a chosen one
NOTHING_BEYOND_TITLE = "the article says nothing beyond its headline"
_CONNECTIVE, _ORDINAL = FEATURES.index("connective"), FEATURES.index("ordinal")


@functools.cache
def scorer() -> dict[str, list[float]]:
    """The learned weights, read once from the package."""
    weights: dict[str, list[float]] = json.loads(
        resources.files("briefing.summarizers").joinpath("scorer.json").read_text("utf-8")
    )
    return weights


@functools.cache
def tuned_digests() -> frozenset[str]:
    """Digests of the articles the scorer was trained on (``tuned_on.txt``, written with it)."""
    text = resources.files("briefing.summarizers").joinpath("tuned_on.txt").read_text("utf-8")
    return frozenset(text.split())


def _dot(w: list[float], x: list[float]) -> float:
    total: float = sum(map(operator.mul, w, x))
    return total


@dataclass
class Extract:
    """What the extractive summarizer picked, and how."""

    pieces: list[str]
    trimmed: bool = False  # a sentence was shortened (clauses left out, or cut to the budget)
    reason: str | None = None  # why there is no summary


def _repeats(p: Counter[str], title: Counter[str] | None) -> bool:
    if not title or not p:
        return False
    return sum((p & title).values()) / sum(p.values()) >= REPEAT


def _cos(a: Counter[str], b: Counter[str]) -> float:
    num = sum(v * b[k] for k, v in a.items() if k in b)
    if not num:
        return 0.0
    cos: float = num / (sum(v * v for v in a.values()) * sum(v * v for v in b.values())) ** 0.5
    return cos


def extract(
    article: Article, sentences: int = 0, max_chars: int = 150, weights: dict[str, list[float]] | None = None
) -> Extract:
    """The summary pieces of an article, in article order (see the module docstring).

    ``weights`` replaces the packaged scorer (the benchmarks score each
    cross-validated post with the scorer that never saw it).
    """
    sents = sentences_of(article)
    if not sents:
        return Extract([], reason=NO_SUMMARY)
    title = None if article.title_derived or not article.title.strip() else profile(article.title)
    doc = Doc(sents)
    weights = weights or scorer()
    fresh = [s for s in sents if not _repeats(s.whole, title)]
    if sentences == 1 or not fresh:
        # a sentence that repeats the title may still hold a clause that does not
        best = _best_span(doc, sents, weights["span"], title, max_chars if not sentences else 0)
        if not best.pieces and not sentences:  # nothing fits the budget whole: cut the best
            best = _best_span(doc, sents, weights["span"], title)
            best = Extract([clip(p, max_chars) for p in best.pieces], trimmed=True)
        return best if best.pieces else Extract([], reason=NOTHING_BEYOND_TITLE)
    rating = {s.index: _dot(weights["sentence"], f) for s, _, _, f in doc.candidates(compress=False, among=fresh)}
    rated = sorted(fresh, key=lambda s: -rating[s.index])
    if sentences:
        start = min(fresh.index(rated[0]), max(len(fresh) - sentences, 0))
        return Extract([s.text for s in fresh[start : start + sentences]])
    return _within(doc, rated, weights["span"], title, max_chars)


def _best_span(
    doc: Doc, sents: list[Sentence], w: list[float], title: Counter[str] | None = None, max_chars: int = 0
) -> Extract:
    """The best-rated span of ``sents`` that does not repeat the title (and fits ``max_chars`` when given).

    A span that depends on what came before (一是…, 此外…, 他…) stands alone only
    when no other fits: read alone it names no subject.
    """
    best: tuple[bool, float, Sentence, int, int] | None = None
    for s, a, b, features in doc.candidates(compress=True, among=sents):
        text = "".join(s.clauses[a:b])
        if max_chars and len(text) + (b < len(s.clauses)) > max_chars:
            continue
        if title and _repeats(profile(text), title):
            continue
        rank = (not (features[_CONNECTIVE] or features[_ORDINAL]), _dot(w, features))
        if best is None or rank > best[:2]:
            best = (*rank, s, a, b)
    if best is None:
        return Extract([])
    *_, s, a, b = best
    if (a, b) == (0, len(s.clauses)):
        return Extract([s.text])
    text = "".join(s.clauses[a:b])
    if b < len(s.clauses):
        text = text.rstrip("，,；;：: ") + ELLIPSIS
    return Extract([text], trimmed=True)


def _within(doc: Doc, rated: list[Sentence], w: list[float], title: Counter[str] | None, max_chars: int) -> Extract:
    """Whole sentences, best first, within ``max_chars``; else the best span or cut that fits."""
    chosen: list[Sentence] = []
    used = 0
    for s in rated:
        if used + len(s.text) > max_chars:
            continue
        if any(_cos(s.whole, c.whole) > REDUNDANT for c in chosen):
            continue
        chosen.append(s)
        used += len(s.text)
    if chosen:
        return Extract([s.text for s in sorted(chosen, key=lambda s: s.index)])
    span = _best_span(doc, rated, w, title, max_chars)
    if span.pieces:
        return span
    return Extract([clip(rated[0].text, max_chars)], trimmed=True)


# Where a cut may not fall: inside a number, a Latin word, a quote, brackets or a 《title》.
_UNCUTTABLE = re.compile(r"[0-9０-９.,%％A-Za-z]+|“[^”]*”|《[^》]*》|（[^）]*）|\([^)]*\)|「[^」]*」|【[^】]*】")


def clip(sentence: str, max_chars: int) -> str:
    """``sentence`` cut to at most ``max_chars`` characters, the "…" included.

    The cut falls at the last clause break that fits (，；：、), else before the
    number, word, quote or title that the limit would break.
    """
    if len(sentence) <= max_chars:
        return sentence
    room = max_chars - len(ELLIPSIS)
    whole = [(m.start(), m.end()) for m in _UNCUTTABLE.finditer(sentence, 0, room + 200)]
    limit = next((a for a, b in whole if a < room < b), room)
    breaks = [i for i, c in enumerate(sentence[:limit]) if c in "，,；;：:、"]
    breaks = [i for i in breaks if not any(a < i < b - 1 for a, b in whole)]
    head = sentence[: breaks[-1]] if breaks and breaks[-1] >= limit // 2 else sentence[:limit]
    head = head.rstrip("，,；;：:、 ")
    return (head or sentence[:room]) + ELLIPSIS


def extractive_summary(
    art: Article,
    budget: Budget,
    backend: str,
    fallback: str | None = None,
    model: str | None = None,
) -> Summary:
    """The extractive summary of ``art``: the default backend's output, and every backend's fallback."""
    ex = extract(art, budget.sentences, budget.max_chars)
    return Summary(
        art.id,
        "".join(ex.pieces),
        keywords(art, budget.keywords),
        backend,
        model,
        True,
        fallback,
        trimmed=ex.trimmed,
        reason=ex.reason,
    )


@register
class ExtractiveSummarizer(Summarizer):
    """Embedded extractive summarizer; needs no model weights."""

    name = "extractive"
    requires = ("jieba",)
    extractive = True
    version = 3  # 2: the learned span scorer; 3: keywords keep invented words only as names or recurring terms

    def identity(self) -> dict[str, Any]:
        return {"scorer": make_key(scorer())}  # the weights in use: new weights never serve old output

    def tuned_on(self) -> frozenset[str]:
        return tuned_digests()

    def summarize(self, articles: list[Article], budget: Budget) -> list[Summary]:
        return [extractive_summary(art, budget, self.name) for art in articles]
