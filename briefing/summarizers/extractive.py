"""The default summarizer: fast, deterministic sentence extraction for news.

Each sentence is scored by what is known to work for news: its position (the
lead), its centrality (cosine of its character-bigram profile with the rest
of the article), how much of it recurs elsewhere in the article, its overlap
with the headline, and a length prior; sentences that cannot stand alone
(headline-like fragments, datelines, captions, a dangling connective, a
question) are demoted or excluded.  The best ones are picked greedily within
the budget with redundancy removal (MMR) and put back in article order.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass

from briefing import patterns as P
from briefing.records import Article, Summary
from briefing.sentences import split_sentences
from briefing.summarizers.base import Budget, Summarizer, register
from briefing.summarizers.keywords import keywords
from briefing.textnorm import bare

_ORDINAL = re.compile(r"^(?:[一二三四五六七八九十]是|第[一二三四五六七八九十]+[，,、]|首先|其次|再次|最后)")
_CONNECTIVE = re.compile(
    r"^(?:不过|但是?|而且?|此外|另外|同时|因此|所以|然而|并且|其中|对此|为此|随后|于是|这也|这些|这一|那么|可是)"
)
_PAREN = re.compile(r"[（(][^（）()]{0,30}[）)]")
_LEADIN = re.compile(r"^(?:据(?:悉|了解|介绍|报道)|记者了解到|[^，。]{0,12}?(?:近日|日前|今天|昨天|目前))[，,]")


@dataclass(frozen=True)
class Weights:
    """Tuned on LCSTS and CLTS (see benchmarks/bench_summarize.py)."""

    centrality: float = 1.0
    recurrence: float = 0.3
    position: float = 0.8
    title: float = 0.5
    length: float = 0.4
    target_len: float = 25.0
    connective: float = 0.1
    ordinal: float = 1.0
    question: float = 0.0
    redundancy: float = 0.7


def _profile(text: str) -> Counter[str]:
    s = bare(text)
    return Counter(s[i : i + 2] for i in range(len(s) - 1))


def _cos(a: Counter[str], b: Counter[str]) -> float:
    if len(a) > len(b):
        a, b = b, a
    num = sum(v * b[k] for k, v in a.items() if k in b)
    if not num:
        return 0.0
    return num / math.sqrt(sum(v * v for v in a.values()) * sum(v * v for v in b.values()))


# Sentences scored per article: news has far fewer; a megabyte page without
# punctuation cut into 300-character pieces would otherwise keep a bigram
# profile per piece (~40x the text in memory) for a summary taken from its lead.
MAX_CANDIDATES = 500


def candidate_sentences(article: Article) -> list[str]:
    """Sentences of the article body that could stand in a summary (the first MAX_CANDIDATES)."""
    out: list[str] = []
    subheads = set(article.subheads)
    for para in article.paragraphs:
        if para in subheads or para in article.captions:
            continue
        out += split_sentences(para, max_len=300)
        if len(out) >= MAX_CANDIDATES:
            return out[:MAX_CANDIDATES]
    return out


def usable(sentence: str) -> bool:
    """Whether a sentence may appear in a summary at all."""
    core = bare(sentence)
    if len(core) < 6:
        return False
    if not P.is_terminal(sentence) and len(sentence) < 40:
        return False  # a headline-like fragment
    if re.search(r"(?:——|—|：|:)$", sentence):
        return False  # a lead-in to what follows, meaningless alone
    if P.CAPTION_RE.search(sentence) or P.CREDIT_RE.match(sentence) or P.BYLINE_RE.match(sentence):
        return False
    m = P.DATELINE_RE.match(sentence)
    return not (m and len(bare(sentence[m.end() :])) < 6)


def score_sentences(sentences: list[str], title: str | None, w: Weights) -> list[float]:
    """One score per sentence; higher is more summary-worthy."""
    profiles = [_profile(s) for s in sentences]
    doc: Counter[str] = Counter()
    for p in profiles:
        doc.update(p)
    title_p = _profile(title) if title else None
    doc_sq = sum(v * v for v in doc.values())
    scores = []
    for i, (s, p) in enumerate(zip(sentences, profiles, strict=True)):
        # cosine with the rest of the article (doc - p), from p's keys alone
        dot_doc = sum(v * doc[k] for k, v in p.items())
        p_sq = sum(v * v for v in p.values())
        rest_dot = dot_doc - p_sq
        rest_sq = doc_sq - 2 * dot_doc + p_sq
        central = rest_dot / math.sqrt(p_sq * rest_sq) if rest_dot > 0 and rest_sq > 0 and p_sq else 0.0
        n = max(sum(p.values()), 1)
        recur = sum(v for k, v in p.items() if doc[k] > v) / n
        length = max(len(bare(s)), 1)
        score = (
            w.centrality * central
            + w.recurrence * recur
            + w.position / math.sqrt(1 + i)
            - w.length * abs(math.log(length / w.target_len))
        )
        if title_p:
            score += w.title * _cos(p, title_p)
        if _CONNECTIVE.match(s):
            score -= w.connective
        if _ORDINAL.match(s):
            score -= w.ordinal  # "三是……": an item of a list, meaningless alone
        if P.QUESTION_END_RE.search(s):
            score -= w.question
        scores.append(score)
    return scores


def _trim(sentence: str) -> str:
    """Drop what adds nothing out of context: a lead-in such as 据悉， and
    short parenthetical asides such as （以下简称《意见》）."""
    cut = _PAREN.sub("", _LEADIN.sub("", sentence))
    return cut if len(bare(cut)) >= 8 else sentence


def extract(article: Article, sentences: int = 0, max_chars: int = 150, weights: Weights | None = None) -> list[str]:
    """The summary sentences of an article, in article order."""
    w = weights or Weights()
    cands = [s for s in candidate_sentences(article) if usable(s)]
    if not cands:
        return []
    whole = "".join(cands)
    if (sentences and len(cands) <= sentences) or (not sentences and len(whole) <= max_chars):
        return cands  # already within the budget: returned whole, not padded
    scores = score_sentences(cands, None if article.title_derived else article.title, w)
    profiles = [_profile(s) for s in cands]
    chosen: list[int] = []
    used = 0
    order = sorted(range(len(cands)), key=lambda i: -scores[i])
    while order:
        best, best_val = None, -1e9
        for i in order:
            red = max((_cos(profiles[i], profiles[j]) for j in chosen), default=0.0)
            val = scores[i] - w.redundancy * red
            if val > best_val:
                best, best_val = i, val
        assert best is not None
        order.remove(best)
        if sentences:
            chosen.append(best)
            if len(chosen) >= sentences:
                break
        else:
            size = len(cands[best])
            if used + size > max_chars and chosen:
                continue
            chosen.append(best)
            used += size
            if used >= max_chars * 0.8:
                break
    picked = [_trim(cands[i]) for i in sorted(chosen)]
    if not sentences and len(picked) == 1:
        picked = [clip(picked[0], max_chars)]
    return picked


def clip(sentence: str, max_chars: int) -> str:
    """A sentence far over the budget, cut at its last clause break within it and marked "……".

    Only an article whose best sentence alone overflows the budget gets here
    (a page with no full stops, a run-on legal text); the mark tells the reader
    that the extract stops short.
    """
    if len(sentence) <= max_chars * 1.2:
        return sentence
    head = sentence[:max_chars]
    cut = max(head.rfind(c) for c in "，,；;、：:")
    if cut >= max_chars // 2:
        head = head[:cut]
    return head.rstrip("，,；;、：: ") + "……"


def extractive_summary(
    art: Article,
    budget: Budget,
    backend: str,
    fallback: str | None = None,
    model: str | None = None,
    weights: Weights | None = None,
) -> Summary:
    """The extractive summary of ``art``: the default backend's output, and every backend's fallback."""
    picked = extract(art, budget.sentences, budget.max_chars, weights)
    return Summary(art.id, "".join(picked), keywords(art, budget.keywords), backend, model, True, fallback)


@register
class ExtractiveSummarizer(Summarizer):
    """Embedded extractive summarizer; needs no model weights."""

    name = "extractive"
    requires = ("jieba",)
    extractive = True

    def __init__(self, weights: Weights | None = None, **_: object) -> None:
        self.weights = weights or Weights()

    def summarize(self, articles: list[Article], budget: Budget) -> list[Summary]:
        return [extractive_summary(art, budget, self.name, weights=self.weights) for art in articles]
