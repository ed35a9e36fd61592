"""The summarization sets under ../shared/data: which part tunes, which parts report.

The extractive scorer is trained on the *tune* part of xwlb_headline_train
(items dated before TUNE_BEFORE, minus the days of xwlb_pages and their
neighbours) and on lcsts_test.  lcsts therefore reports a 2-fold
cross-validated number (each post scored by a scorer trained without it,
scorer_cv.json); every other set reports and was never tuned on:

| name | kind | reference | sentences | tuned on |
|---|---|---|---|---|
| xwlb_dev | broadcast news (items) | printed headline | 1 | no |
| xwlb_pages | broadcast news (whole pages, split by briefing) | printed headline | 1 | no |
| web | web news (Xinhua, chinanews: wmt21 Chinese side) | page title | 1 | no |
| lcsts | microblog posts | author's headline | 1 | yes: 2-fold CV |
| clts | long feature articles | editors' multi-sentence summary | 2 | no |
"""

from __future__ import annotations

import datetime as dt
import json
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from briefing.evaluate import EvalItem, load_eval, load_page_pairs

DATA = Path(__file__).resolve().parent.parent.parent / "shared" / "data"
TUNE_BEFORE = "20250301"  # xwlb_headline_train items from this date on report, earlier ones tune
LCSTS_FOLDS = 2  # lcsts_test post i belongs to fold i % LCSTS_FOLDS
CV_FILE = Path(__file__).resolve().parent / "scorer_cv.json"  # the fold scorers, written by train_summarizer.py


@dataclass
class ReportSet:
    name: str
    kind: str
    sentences: int
    items: list[EvalItem]
    folds: int = 0  # > 0: tuned on, item i is scored by the scorer of fold i % folds


def lcsts_items(data: Path = DATA) -> list[EvalItem]:
    """The lcsts_test posts, in file order (their order defines the folds)."""
    return load_eval(data / "lcsts_test" / "data.jsonl")


def excluded_days(data: Path = DATA) -> set[str]:
    """The days of the xwlb_pages report set, with the day before and after: never tuned on."""
    days = set()
    for page in (data / "xwlb_pages").glob("*.txt"):
        d = dt.date(int(page.stem[:4]), int(page.stem[4:6]), int(page.stem[6:8]))
        for delta in (-1, 0, 1):
            days.add((d + dt.timedelta(days=delta)).strftime("%Y%m%d"))
    return days


def xwlb_items(data: Path = DATA) -> tuple[list[dict], list[dict]]:
    """xwlb_headline_train split by date into (tune, report) items."""
    skip = excluded_days(data)
    tune, report = [], []
    with (data / "xwlb_headline_train" / "data.jsonl").open(encoding="utf-8") as f:
        for line in f:
            row = json.loads(line)
            if row["date"] >= TUNE_BEFORE:
                report.append(row)
            elif row["date"] not in skip:
                tune.append(row)
    return tune, report


_SITE_TITLE = re.compile(r"^(?P<title>.+?)\s*-\s*(?:新华网|中新网)$")


def web_items(data: Path = DATA) -> list[EvalItem]:
    """Web news: the Chinese side of wmt21 newstest, one item per page, its title as the reference."""
    items: list[EvalItem] = []
    title, body = None, []
    lines = [*(data / "wmt21_newstest_zhen" / "src.zh").read_text("utf-8").splitlines(), "end-新华网"]
    for line in lines:
        m = _SITE_TITLE.match(line)
        if not m:
            body.append(line)
            continue
        if title is not None and body:
            items.append(EvalItem(f"web-{len(items)}", "\n".join(body), title))
        title, body = m.group("title"), []
    return items


DEV_EVERY = 4  # xwlb_dev: every 4th item of the report part (896 of 3,581), so the slow peers finish


def report_sets(data: Path = DATA, dev_every: int = DEV_EVERY) -> list[ReportSet]:
    """Every report set, whole except xwlb_dev, of which every ``dev_every``-th item is kept."""
    _, dev = xwlb_items(data)
    dev_items = [EvalItem(r["id"], r["article"], r["summary"]) for r in dev]
    return [
        ReportSet("xwlb_dev", f"broadcast news items dated {TUNE_BEFORE} on", 1, dev_items[::dev_every]),
        ReportSet("xwlb_pages", "broadcast news pages", 1, load_page_pairs([str(data / "xwlb_pages")])),
        ReportSet("web", "web news", 1, web_items(data)),
        ReportSet("lcsts", "microblog posts (2-fold CV)", 1, lcsts_items(data), folds=LCSTS_FOLDS),
        ReportSet("clts", "long feature articles", 2, load_eval(data / "clts_samples" / "data.jsonl")),
    ]


# --- the systems compared ---------------------------------------------------------


def ours(text: str, n: int, weights: dict[str, list[float]] | None = None) -> str:
    """briefing's extractive default, given the body only (no title), ``n`` sentences."""
    from briefing.records import Article
    from briefing.summarizers.extractive import extract

    art = Article(title="", paragraphs=[p for p in text.splitlines() if p.strip()], title_derived=True)
    return "".join(extract(art, sentences=n, weights=weights).pieces)


def ours_for(s: ReportSet) -> Callable[[str, int], str]:
    """``ours`` for set ``s``: on a tuned-on set, each item scored by the fold scorer that never saw it."""
    if not s.folds or not CV_FILE.exists():  # no fold scorers: the packaged scorer never saw the set
        return ours
    folds = json.loads(CV_FILE.read_text("utf-8"))["folds"]
    fold_of = {item.text: i % s.folds for i, item in enumerate(s.items)}
    return lambda text, n: ours(text, n, folds[fold_of[text]])


def lead_k(text: str, n: int) -> str:
    """Lead-k: the first ``n`` sentences of the text as given."""
    from briefing.evaluate import lead

    return lead(text, n)


def peers() -> dict[str, Callable[[str, int], str]]:
    """textrank4zh, snownlp and sumy LexRank (the ``peers`` extra), those that are installed."""
    found: dict[str, Callable[[str, int], str]] = {}
    try:
        import networkx as nx

        if not hasattr(nx, "from_numpy_matrix"):  # textrank4zh predates networkx 3
            nx.from_numpy_matrix = nx.from_numpy_array
        from textrank4zh import TextRank4Sentence

        def textrank4zh(text: str, n: int) -> str:
            tr = TextRank4Sentence()
            tr.analyze(text=text, lower=True, source="all_filters")
            picked = sorted(tr.get_key_sentences(num=n), key=lambda x: x.index)
            return "".join(x.sentence for x in picked)

        found["textrank4zh"] = textrank4zh
    except ImportError:
        pass
    try:
        from snownlp import SnowNLP

        def snownlp(text: str, n: int) -> str:
            return "".join(SnowNLP(text).summary(n))

        found["snownlp"] = snownlp
    except ImportError:
        pass
    try:
        from sumy.nlp.tokenizers import Tokenizer
        from sumy.parsers.plaintext import PlaintextParser
        from sumy.summarizers.lex_rank import LexRankSummarizer

        tokenizer = Tokenizer("chinese")
        lexrank_model = LexRankSummarizer()

        def lexrank(text: str, n: int) -> str:
            parser = PlaintextParser.from_string(text, tokenizer)
            return "".join(str(s) for s in lexrank_model(parser.document, n))

        found["sumy-lexrank"] = lexrank
    except ImportError:
        pass
    return found


@dataclass
class Cell:
    rouge_l: float
    ms: float  # per article


def compare(sets: list[ReportSet], systems: dict[str, Callable[[str, int], str]]) -> dict[str, dict[str, Cell]]:
    """ROUGE-L and ms/article of every system on every set: ``result[set][system]``.

    Each system is warmed on one item first (one-time loads such as jieba's
    dictionary are not per-article cost), and timed on the same items.
    """
    import warnings

    from briefing.evaluate import rouge

    out: dict[str, dict[str, Cell]] = {}
    for s in sets:
        row = out.setdefault(s.name, {})
        for name, fn in systems.items():
            fn = ours_for(s) if fn is ours else fn
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                fn(s.items[0].text, s.sentences)
                t0 = time.perf_counter()
                outs = [fn(i.text, s.sentences) for i in s.items]
                ms = (time.perf_counter() - t0) * 1000 / len(s.items)
            score = sum(rouge(o, i.reference)["rougeL"] for o, i in zip(outs, s.items, strict=True)) / len(s.items)
            row[name] = Cell(score, ms)
    return out
