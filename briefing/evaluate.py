"""Character-level ROUGE for Chinese, and evaluation of summarizers on JSONL sets.

The default rouge tokenizers drop non-Latin text, so Chinese is scored on
characters with punctuation and whitespace removed.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from briefing.config import SummarizeOptions
from briefing.errors import ConfigError, InputError

if TYPE_CHECKING:
    from briefing.config import Options


def chars(text: str) -> list[str]:
    """Tokens for ROUGE: characters, without punctuation, symbols and spaces."""
    text = unicodedata.normalize("NFKC", text).lower()
    return [c for c in text if not c.isspace() and unicodedata.category(c)[0] not in "PSZC"]


def _f1(overlap: int, n_pred: int, n_ref: int) -> float:
    if not overlap or not n_pred or not n_ref:
        return 0.0
    p, r = overlap / n_pred, overlap / n_ref
    return 2 * p * r / (p + r)


def _ngrams(tokens: list[str], n: int) -> Counter[tuple[str, ...]]:
    return Counter(tuple(tokens[i : i + n]) for i in range(len(tokens) - n + 1))


def _lcs(a: list[str], b: list[str]) -> int:
    if not a or not b:
        return 0
    prev = [0] * (len(b) + 1)
    for x in a:
        cur = [0]
        for j, y in enumerate(b, 1):
            cur.append(prev[j - 1] + 1 if x == y else max(prev[j], cur[j - 1]))
        prev = cur
    return prev[-1]


def rouge(pred: str, ref: str) -> dict[str, float]:
    """ROUGE-1/2/L F1 (0..100) on characters."""
    p, r = chars(pred), chars(ref)
    scores = {}
    for n in (1, 2):
        pn, rn = _ngrams(p, n), _ngrams(r, n)
        scores[f"rouge{n}"] = 100 * _f1(sum((pn & rn).values()), sum(pn.values()), sum(rn.values()))
    scores["rougeL"] = 100 * _f1(_lcs(p, r), len(p), len(r))
    return scores


@dataclass
class EvalItem:
    id: str
    text: str
    reference: str
    title: str | None = None


def read_lines(path: Path) -> list[str]:
    """The lines of a UTF-8 evaluation file; a file that cannot be read is one InputError."""
    try:
        return path.read_text("utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: cannot read ({exc})") from exc


def load_aligned(source: Path, reference: Path) -> tuple[list[str], list[str]]:
    """Source and reference lines of a translation test set, which must be aligned."""
    src, ref = read_lines(source), read_lines(reference)
    if len(src) != len(ref):
        raise InputError(f"{source} has {len(src)} lines but {reference} has {len(ref)}: they must be aligned")
    return src, ref


def load_eval(path: Path) -> list[EvalItem]:
    """Lines with ``text`` (or ``article``) and a reference ``summary``."""
    items = []
    for n, line in enumerate(read_lines(path), 1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
            text = obj.get("text") or obj["article"]
            summary, title = obj["summary"], obj.get("title")
            if not isinstance(text, str) or not isinstance(summary, str) or not isinstance(title, str | None):
                raise TypeError("text, summary and title must be strings")
            items.append(EvalItem(str(obj.get("id", n))[:200], text, summary, title))
        except (ValueError, KeyError, TypeError, AttributeError, RecursionError) as exc:
            # ValueError: bad JSON, or an integer longer than Python reads
            raise InputError(f'{path}:{n}: needs "text" (or "article") and "summary" ({exc})') from exc
    if not items:
        raise InputError(f"{path}: no evaluation items")
    return items


_KICKER = re.compile(r"^【[^】]{1,30}】")


def load_page_pairs(paths: list[str], opts: Options | None = None) -> list[EvalItem]:
    """Body -> headline pairs from news pages (a printed headline is a reference summary).

    The articles are given without their titles; a bracketed kicker such as
    【专题名】 is dropped from the reference.
    """
    from briefing.config import Options
    from briefing.pipeline import headed_articles

    articles, failures = headed_articles(paths, opts or Options())
    if failures:
        raise InputError(failures[0])
    items = [EvalItem(a.id, "\n".join(a.paragraphs), _KICKER.sub("", a.title)) for a in articles]
    if not items:
        raise InputError(f"{', '.join(paths)}: no headed articles to evaluate on")
    return items


def mean_scores(rows: list[dict[str, float]]) -> dict[str, float]:
    keys = ("rouge1", "rouge2", "rougeL")
    return {k: sum(r[k] for r in rows) / max(len(rows), 1) for k in keys}


@dataclass
class Row:
    name: str
    scores: dict[str, float]
    ms_per_item: float


@dataclass
class Report:
    dataset_size: int
    rows: list[Row]
    name: str = ""  # the evaluation set
    tuned: int = 0  # items the summarizer was tuned on

    def table(self) -> str:
        head = f"set: {self.name or 'unnamed'} (n={self.dataset_size})"
        if self.tuned:
            head += f"; {self.tuned} of them tuned on: not an out-of-sample number"
        lines = [head, f"{'system':<28} {'R-1':>6} {'R-2':>6} {'R-L':>6} {'ms/article':>11}"]
        for r in self.rows:
            s = r.scores
            lines.append(f"{r.name:<28} {s['rouge1']:6.1f} {s['rouge2']:6.1f} {s['rougeL']:6.1f} {r.ms_per_item:11.2f}")
        return "\n".join(lines)


def lead(text: str, n: int, max_chars: int = SummarizeOptions.max_chars) -> str:
    """The Lead baseline: the first ``n`` sentences (or about ``max_chars``)."""
    from briefing.sentences import split_sentences

    sents = split_sentences(text)
    if n:
        return "".join(sents[:n])
    out = ""
    for s in sents:
        if out and len(out) + len(s) > max_chars:
            break
        out += s
    return out


def set_name(path: str) -> str:
    """A readable name for an evaluation set: the folder of a ``data.jsonl``, else the file or folder name."""
    p = Path(path).resolve()
    return p.parent.name if p.is_file() and p.stem == "data" else p.stem if p.is_file() else p.name


def evaluate_data(data: str, opts: Options, limit: int = 0) -> Report:
    """``briefing eval summarize``: the configured summarizer and Lead-N on DATA, a JSONL file of
    ``{"text", "summary"}`` lines or news pages (their printed headlines the references); the first
    ``limit`` items only, unless 0."""
    from briefing.backends import summarizer_context
    from briefing.summarizers.service import budget_of, make_summarizer

    items = load_eval(Path(data)) if data.endswith((".jsonl", ".ndjson")) else load_page_pairs([data], opts)
    if limit:
        items = items[:limit]
    summarizer = make_summarizer(summarizer_context(opts))
    name = set_name(data) + (f", first {len(items)}" if limit else "")
    return evaluate_summarizer(items, summarizer, budget_of(opts.summarize), name)


def evaluate_summarizer(items: list[EvalItem], summarizer, budget, name: str = "") -> Report:  # type: ignore[no-untyped-def]
    """Score ``summarizer`` and Lead-N on the same items, side by side.

    Only summaries are scored, so keywords are not computed and not timed.
    """
    import dataclasses
    import time

    budget = dataclasses.replace(budget, keywords=0)
    from briefing.records import Article
    from briefing.summarizers.base import text_digest

    articles = [
        Article(
            title=i.title or "",
            paragraphs=[p for p in i.text.splitlines() if p.strip()],
            title_derived=not i.title,
            id=i.id,
        )
        for i in items
    ]
    summarizer.summarize(articles[:1], budget)  # warm-up: one-time loads are not per-article cost
    t0 = time.perf_counter()
    summaries = summarizer.summarize(articles, budget)
    ms = (time.perf_counter() - t0) * 1000 / max(len(items), 1)
    rows = [
        Row(
            summarizer.model_key,
            mean_scores([rouge(s.text, i.reference) for s, i in zip(summaries, items, strict=True)]),
            ms,
        )
    ]
    t0 = time.perf_counter()
    leads = [lead(i.text, budget.sentences, budget.max_chars) for i in items]
    ms = (time.perf_counter() - t0) * 1000 / max(len(items), 1)
    baseline = f"lead-{budget.sentences}" if budget.sentences else f"lead-{budget.max_chars}chars"
    rows.append(Row(baseline, mean_scores([rouge(p, i.reference) for p, i in zip(leads, items, strict=True)]), ms))
    seen = summarizer.tuned_on()
    tuned = sum(text_digest(i.text) in seen for i in items) if seen else 0
    return Report(len(items), rows, name, tuned)


@dataclass(frozen=True)
class TranslationScores:
    """Corpus BLEU and chrF from sacrebleu, with the signatures that make them comparable."""

    bleu: float
    chrf: float
    bleu_signature: str
    chrf_signature: str


@dataclass
class TranslationReport:
    """What ``briefing eval translate`` measured."""

    model: str
    lines: int
    scores: TranslationScores
    number_mismatch: int  # lines
    untranslated: int  # sentences
    lines_per_second: float

    def table(self) -> str:
        s = self.scores
        return "\n".join(
            [
                f"model            {self.model}",
                f"lines            {self.lines}",
                f"BLEU             {s.bleu:.2f}  ({s.bleu_signature})",
                f"chrF             {s.chrf:.2f}  ({s.chrf_signature})",
                f"number mismatch  {self.number_mismatch} lines",
                f"untranslated     {self.untranslated} sentences",
                f"speed            {self.lines_per_second:.1f} lines/s",
            ]
        )


def evaluate_aligned(source: Path, reference: Path, opts: Options, limit: int = 0) -> TranslationReport:
    """``briefing eval translate``: the configured translator on aligned SOURCE and REFERENCE files
    (the first ``limit`` lines only, unless 0)."""
    from briefing.backends import translator_context
    from briefing.translators.service import make_translator

    src, ref = load_aligned(source, reference)
    if limit:
        src, ref = src[:limit], ref[:limit]
    return evaluate_translator(make_translator(translator_context(opts)), src, ref)


def evaluate_translator(translator, sources: list[str], references: list[str]) -> TranslationReport:  # type: ignore[no-untyped-def]
    """Translate ``sources`` in one pass, as a build does, and score against ``references``."""
    import time

    t0 = time.perf_counter()
    results = translator.translate_all(sources)
    secs = time.perf_counter() - t0
    return TranslationReport(
        translator.backend.model_key,
        len(sources),
        translation_scores([r.text or "" for r in results], references),
        sum(bool(r.number_mismatch) for r in results),
        sum(len(r.untranslated) for r in results),
        len(sources) / max(secs, 1e-9),
    )


def translation_scores(hypotheses: list[str], references: list[str]) -> TranslationScores:
    """sacreBLEU's corpus BLEU (13a tokenization) and chrF, as published scores are computed."""
    try:
        from sacrebleu.metrics.bleu import BLEU
        from sacrebleu.metrics.chrf import CHRF
    except ImportError as exc:
        raise ConfigError("eval translate needs sacrebleu: pip install 'briefing[eval]'") from exc
    bleu, chrf = BLEU(), CHRF()
    b = bleu.corpus_score(hypotheses, [references])
    c = chrf.corpus_score(hypotheses, [references])
    return TranslationScores(b.score, c.score, str(bleu.get_signature()), str(chrf.get_signature()))
