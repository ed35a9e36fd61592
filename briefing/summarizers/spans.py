"""What an extractive summary is built from: the article's sentences, cut into
clauses, and the candidate spans a learned scorer ranks.

A span is a run of whole clauses of one sentence.  It may only start after
clauses that carry no content of their own (a date, 据悉, 在……上), so that it
keeps its subject and its attribution; it may end early.  Boilerplate that
opens a dispatch (央视网消息（新闻联播）：, 新华社北京7月8日电, 记者 X 报道) is
metadata and is taken off before anything is scored.

The features of a span are the ones known to carry over between kinds of news:
position, length, centrality in the article, repetition, and a few cues
(numbers, a dangling connective, an item of a list, a question).  Centrality and
repetition also count relative to the article's best candidate
(:func:`relative`): a short post repeats itself little, so its raw centrality
is low everywhere, but its most central clause still stands out.
"""

from __future__ import annotations

import functools
import itertools
import math
import operator
import re
from collections import Counter
from dataclasses import dataclass, field

from briefing import patterns as P
from briefing.records import Article
from briefing.sentences import CLOSERS, OPENERS, split_sentences
from briefing.textnorm import bare, has_cjk

H = P.H
_ORDINAL = re.compile(r"^(?:[一二三四五六七八九十]是|第[一二三四五六七八九十]+[，,、]|首先|其次|再次|最后)")
_CONNECTIVE = re.compile(
    r"^(?:不过|但是?|而且?|此外|另外|同时|因此|所以|然而|并且|其中|对此|为此|随后|于是|这也|这些|这一|那么|可是|他们|她们|他|她|它)"
)
# Clauses that carry no content alone and may be left out at the start of a span.
_LEADIN = re.compile(
    r"^(?:据(?:悉|了解|介绍|报道|统计|测算)|记者(?:从[^，,]{1,30})?(?:了解到|获悉|看到|注意到)"
    r"|(?:\d{4}年)?\d{1,2}月\d{1,2}日(?:[上下中]午|晚|晚间|早|凌晨|傍晚)?|(?:\d{4}年)?\d{1,2}月(?:[上中下]旬|初|底)"
    r"|近日|日前|今天|昨天|明天|当天|当日|目前|近期|近年来|如今|此前|[上下中]午|今[晨早晚]|昨[晚日]|今明两?天|未来[^，,]{1,4}天"
    r"|在[^，,]{2,40}(?:上|中|期间|之际|前夕|时|后|下))[，,]$"
)
# An opener that is page metadata, not content: a source line or dateline, a reporter credit.
_REPORTER = re.compile(
    rf"^(?:[（(]\s*)?(?:本报|本台)?(?:特约|实习|首席)?记者\s*[{H}·\s、]{{2,24}}?(?:报道|摄影报道)[）)]?\s*[，,：:]?\s*"
)
_REPORTER_PAREN = re.compile(r"^[（(]\s*(?:本报|本台)?(?:特约|实习|首席)?(?:记者|通讯员)[^（）()]{2,30}[）)]\s*")
# A clause that only sets the scene for what follows (…以来，在…中，对于…，…的，) or only
# attributes it (X表示，X预计，) cannot end a span.
_OPEN_END = re.compile(
    r"(?:以来|来|时|以后|之后|后|之前|前|当中|中|期间|之际|方面|的|对于|关于|为了|通过|随着|根据"
    r"|表示|指出|强调|认为|说|称|预计|介绍|透露|显示|表明|提出|要求|宣布|报道|获悉)[，,]$"
)
# 本报讯（记者 X）, 北京讯（通讯员 Y）: a source with its credit in brackets and no colon
_SOURCE_PAREN = re.compile(rf"^[{H}A-Za-z]{{0,12}}(?:讯|电|消息)\s*[（(][^（）()]{{1,30}}[）)]\s*[：:]?\s*")
# 综合新华社驻外记者报道：, 据外媒报道：: a source line ending in a colon
_REPORT_OPENER = re.compile(rf"^(?:据|综合)?[{H}A-Za-z]{{2,16}}(?:报道|消息)[：:]\s*")
# page furniture: a timestamp, or several labels such as 来源：作者：责任编辑：
_META_LABEL = re.compile(r"(?:来源|作者|责任编辑|编辑|稿源|发布时间|原标题)[：:]")
_TIMESTAMP = re.compile(r"^\d{4}[-./年]\d{1,2}[-./月]\d{1,2}日?\s+\d{1,2}[:：]\d{2}")
_TITLE_LINE = re.compile(r"^题[：:]")
CLAUSE_ENDS = set("，,；;：:")
MIN_SPAN = 6  # bare characters: shorter is a fragment, not a summary
COMPRESS_WITHIN = 10


_ASIDE = re.compile(r"[（(][^（）()]{0,20}[）)]")


def _leadin(clause: str) -> bool:
    """A clause with no content of its own: a date, 据悉, 在……上 (asides such as （5月20日） ignored)."""
    return bool(_LEADIN.match(_ASIDE.sub("", clause)))


_ENGLISH_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"'(])")


def strip_opener(text: str) -> str:
    """``text`` without a dispatch's boilerplate opener (repeatedly: a dateline then a reporter)."""
    for _ in range(3):
        before = text
        for rx in (P.SOURCE_OPENER_RE, P.DATELINE_RE, _SOURCE_PAREN, _REPORTER_PAREN, _REPORTER, _REPORT_OPENER):
            m = rx.match(text)
            if m and m.end() < len(text):
                text = text[m.end() :].lstrip("　 ，,：:")
        if text == before:
            break
    return text


def split_clauses(sentence: str) -> list[str]:
    """Clauses of a sentence, cut after ，；： outside quotes, brackets and 《titles》."""
    out: list[str] = []
    stack: list[str] = []
    start = 0
    for i, c in enumerate(sentence):
        if c == '"':
            if stack and stack[-1] == '"':
                stack.pop()
            else:
                stack.append(c)
        elif c in OPENERS:
            stack.append(c)
        elif c in CLOSERS and stack and stack[-1] == CLOSERS[c]:
            stack.pop()
        elif c in CLAUSE_ENDS and not stack:
            out.append(sentence[start : i + 1])
            start = i + 1
    if start < len(sentence):
        out.append(sentence[start:])
    return out


def bigrams(text: str) -> list[str]:
    """Character bigrams of ``text`` without punctuation (a lone character for a one-character text)."""
    s = bare(text)
    return list(map(operator.add, s, s[1:])) if len(s) > 1 else list(s)


def profile(text: str) -> Counter[str]:
    return Counter(bigrams(text))


@dataclass
class Sentence:
    text: str
    index: int  # among the article's usable sentences
    paragraph: int
    clauses: list[str]
    grams: list[list[str]]  # the bigrams of each clause
    whole: Counter[str] = field(default_factory=Counter)

    @functools.cached_property
    def profiles(self) -> list[Counter[str]]:
        """The bigram profile of each clause (only spans shorter than the sentence need them)."""
        return [Counter(g) for g in self.grams]


def usable(sentence: str) -> bool:
    """Whether a sentence may appear in a summary at all."""
    core = bare(sentence)
    if len(core) < MIN_SPAN:
        return False
    if not P.is_terminal(sentence) and len(sentence) < 40:
        return False  # a headline-like fragment
    if re.search(r"(?:——|—|：|:)$", sentence):
        return False  # a lead-in to what follows, meaningless alone
    if P.CAPTION_RE.search(sentence) or P.CREDIT_RE.match(sentence) or P.BYLINE_RE.match(sentence):
        return False
    if _TIMESTAMP.match(sentence) or len(_META_LABEL.findall(sentence)) >= 2:
        return False  # page furniture: 2020-07-26 05:03 来源：… 作者：…
    return not _TITLE_LINE.match(sentence)  # 题：…, the dispatch's own headline


# Sentences an article is scored on: news has far fewer; a megabyte page without
# punctuation cut into 300-character pieces would otherwise keep bigram profiles
# per piece (~40x the text in memory) for a summary the position prior takes
# from the lead anyway.
MAX_SENTENCES = 500


def sentences_of(article: Article, max_len: int = 300) -> list[Sentence]:
    """The usable sentences of the article body (the first MAX_SENTENCES), openers taken off, cut into clauses."""
    skip = set(article.subheads) | set(article.captions)
    out: list[Sentence] = []
    for p, para in enumerate(article.paragraphs):
        if para in skip:
            continue
        if len(out) >= MAX_SENTENCES:
            break
        first = True
        pieces = split_sentences(para, max_len=max_len)[: MAX_SENTENCES - len(out)]
        if not has_cjk(para):  # an English paragraph: its sentences end at ". "
            pieces = [x for piece in pieces for x in _ENGLISH_END.split(piece)]
        for s in pieces:
            if first:
                s = strip_opener(s)
                first = False
            if not usable(s):
                continue
            clauses = split_clauses(s)
            grams = [bigrams(c) for c in clauses]
            whole = Counter(itertools.chain.from_iterable(grams))
            out.append(Sentence(s, len(out), p, clauses, grams, whole))
    return out


FEATURES = (
    "bias",
    "position",  # 1 / sqrt(1 + sentence index)
    "first",  # the first usable sentence
    "relpos",  # index / number of sentences
    "starts",  # span starts at the sentence's start
    "ends",  # span ends at the sentence's end
    "loglen",
    "loglen2",
    "central",  # cosine with the rest of the article
    "recur",  # share of bigrams that recur elsewhere
    "digits",
    "connective",
    "ordinal",
    "question",
    "coverage",  # share of the sentence's clauses kept
    "doclen",  # log of the article's length: longer articles bear longer summaries
    "lenxdoc",  # loglen * doclen
    "last",  # the last usable sentence of several (a post often ends on its point)
    "lastxdoc",  # last * doclen
)
# Features of a span relative to the other candidates of its article: see relative().
RELATIVE = (
    "central_rel",  # central / the highest central among the candidates
    "recur_rel",  # recur / the highest recur
    "most_central",  # the most central candidate
    "central_relxdoc",  # central_rel * doclen
)
_CENTRAL, _RECUR, _DOCLEN = FEATURES.index("central"), FEATURES.index("recur"), FEATURES.index("doclen")


def relative(rows: list[list[float]]) -> list[list[float]]:
    """``rows`` (feature vectors of one article's candidates) with the RELATIVE features appended."""
    top_central = max((r[_CENTRAL] for r in rows), default=0.0)
    top_recur = max((r[_RECUR] for r in rows), default=0.0)
    out = []
    for r in rows:
        central_rel = r[_CENTRAL] / top_central if top_central > 0 else 0.0
        recur_rel = r[_RECUR] / top_recur if top_recur > 0 else 0.0
        most = float(top_central > 0 and r[_CENTRAL] == top_central)
        out.append([*r, central_rel, recur_rel, most, central_rel * r[_DOCLEN]])
    return out


class Doc:
    """An article prepared for scoring: sentences, clause profiles, the article profile."""

    def __init__(self, sentences: list[Sentence]) -> None:
        self.sentences = sentences
        self.total: Counter[str] = Counter(itertools.chain.from_iterable(s.whole.elements() for s in sentences))
        total_sq = sum(v * v for v in self.total.values())
        self.doclen = math.log(max(sum(self.total.values()), 1))
        # |rest|^2 per sentence, where rest = the article without that sentence
        self.rest_sq = [total_sq - sum(v * (2 * self.total[k] - v) for k, v in s.whole.items()) for s in sentences]

    def spans(self, sent: Sentence, compress: bool) -> list[tuple[int, int]]:
        """Clause ranges [a, b) of ``sent`` that may stand as a summary.

        Only the first COMPRESS_WITHIN sentences are shortened (the position
        prior makes a shortened later sentence a rare pick); later ones stay whole.
        """
        n = len(sent.clauses)
        if not compress or n == 1 or sent.index >= COMPRESS_WITHIN:
            return [(0, n)]
        starts = [0]
        for a in range(1, n):
            if not _leadin(sent.clauses[a - 1]):
                break
            starts.append(a)
        out = []
        for a in starts:
            size = 0
            for b in range(a + 1, n + 1):
                size += len(bare(sent.clauses[b - 1]))
                last = sent.clauses[b - 1]
                if b < n and (last[-1] in "：:" or _leadin(last) or _OPEN_END.search(last)):
                    continue  # ends on a lead-in: says nothing yet
                if size >= MIN_SPAN:
                    out.append((a, b))
        return out or [(0, n)]

    def scored_spans(self, sent: Sentence, compress: bool) -> list[tuple[int, int, list[float]]]:
        """Every span of ``sent`` with its feature vector (order of FEATURES).

        Sums over a span are built clause by clause, so all spans of a sentence
        cost about as much as reading it once per possible start.  A sentence
        that stands only whole is summed once from its profile (the same
        integers as clause by clause: its clauses partition its text, and its
        profile is the sum of theirs).
        """
        n = len(sent.clauses)
        i = sent.index
        total, whole = self.total, sent.whole
        last = float(i == len(self.sentences) - 1 and i > 0)
        question = float(bool(P.QUESTION_END_RE.search(sent.text)))
        own = (1 / math.sqrt(1 + i), float(i == 0), i / max(len(self.sentences), 1), last, question)
        wanted = self.spans(sent, compress)
        if wanted == [(0, n)]:
            sums = (
                sum(v * (total[k] - v) for k, v in whole.items()),
                sum(v for k, v in whole.items() if total[k] > v),
                sum(whole.values()),
                len(bare(sent.text)),
                any(c.isdigit() for c in sent.text),
                sum(v * v for v in whole.values()),
            )
            return [(0, n, self._vector(sent, own, 0, n, sums))]
        stats = []
        for pr, clause in zip(sent.profiles, sent.clauses, strict=True):
            rest = sum(v * (total[k] - whole[k]) for k, v in pr.items())
            recur = sum(v for k, v in pr.items() if total[k] > whole[k])
            stats.append((rest, recur, sum(pr.values()), len(bare(clause)), any(c.isdigit() for c in clause)))
        out = []
        for a in sorted({a for a, _ in wanted}):
            ends = {b for a2, b in wanted if a2 == a}
            p: dict[str, int] = {}
            p_sq = rest_dot = recur = grams = length = 0
            digits = False
            for b in range(a + 1, n + 1):
                pr = sent.profiles[b - 1]
                for k, v in pr.items():
                    old = p.get(k, 0)
                    p_sq += v * (2 * old + v)
                    p[k] = old + v
                r, rc, g, ln, d = stats[b - 1]
                rest_dot += r
                recur += rc
                grams += g
                length += ln
                digits = digits or d
                if b in ends:
                    out.append((a, b, self._vector(sent, own, a, b, (rest_dot, recur, grams, length, digits, p_sq))))
        return out

    def _vector(
        self, sent: Sentence, own: tuple[float, ...], a: int, b: int, sums: tuple[int, int, int, int, bool, int]
    ) -> list[float]:
        """The FEATURES of span [a, b) of ``sent``, from the sentence's own features (position,
        first, relpos, last, question) and the span's sums: the dot product of its bigram profile
        with the rest of the article, its recurring bigrams, its bigrams, its bare length, whether
        it has a digit, and its profile's squared norm."""
        position, first, relpos, last, question = own
        rest_dot, recur, grams, length, digits, p_sq = sums
        n, rest_norm = len(sent.clauses), self.rest_sq[sent.index]
        central = rest_dot / math.sqrt(p_sq * rest_norm) if rest_dot > 0 and rest_norm > 0 and p_sq else 0.0
        ll = math.log(max(length, 1))
        start = sent.clauses[a]
        return [
            1.0,
            position,
            first,
            relpos,
            float(a == 0),
            float(b == n),
            ll,
            ll * ll,
            central,
            recur / max(grams, 1),
            float(digits),
            float(bool(_CONNECTIVE.match(start))),
            float(bool(_ORDINAL.match(start))),
            question * (b == n),
            (b - a) / n,
            self.doclen,
            ll * self.doclen,
            last,
            last * self.doclen,
        ]

    def candidates(
        self, compress: bool, among: list[Sentence] | None = None
    ) -> list[tuple[Sentence, int, int, list[float]]]:
        """Every candidate of the article (spans when ``compress``, else whole
        sentences) of ``among`` (default: all sentences), with FEATURES + RELATIVE.
        """
        found = [
            (s, a, b, f)
            for s in (self.sentences if among is None else among)
            for a, b, f in self.scored_spans(s, compress)
        ]
        rows = relative([f for *_, f in found])
        return [(s, a, b, row) for (s, a, b, _), row in zip(found, rows, strict=True)]
