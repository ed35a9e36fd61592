"""Summaries side by side: ROUGE (character level) and ms/article for the
extractive default, Lead-N and the known tools, in one process on the same data.

Data: ../shared/data/lcsts_test (1 sentence) and ../shared/data/clts_samples
(2 sentences).  The peers are not dependencies; install them for this script:

    pip install textrank4zh snownlp sumy scipy
    python benchmarks/bench_summarize.py

A peer that is not installed is skipped.  Timings exclude each tool's one-time
start-up (jieba's dictionary load) by warming every system on one item first.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from pathlib import Path

from briefing.evaluate import lead, load_eval, mean_scores, rouge
from briefing.records import Article
from briefing.summarizers.extractive import extract

DATA = Path(__file__).resolve().parent.parent.parent / "shared" / "data"
SETS = [("lcsts_test", 1), ("clts_samples", 2)]


def ours(text: str, n: int) -> str:
    return "".join(extract(Article(title="", paragraphs=[text], title_derived=True), sentences=n))


def peers() -> dict[str, Callable[[str, int], str]]:
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
        print("textrank4zh not installed: skipped", file=sys.stderr)
    try:
        from snownlp import SnowNLP

        def snownlp(text: str, n: int) -> str:
            return "".join(SnowNLP(text).summary(n))

        found["snownlp"] = snownlp
    except ImportError:
        print("snownlp not installed: skipped", file=sys.stderr)
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
        print("sumy not installed: skipped", file=sys.stderr)
    return found


def main() -> None:
    if not DATA.exists():
        sys.exit(f"{DATA} is absent: this benchmark needs ../shared/data")
    systems: dict[str, Callable[[str, int], str]] = {"briefing-extractive": ours, "lead": lambda t, n: lead(t, n)}
    systems.update(peers())
    results: dict[str, dict[str, tuple[float, float]]] = {}
    for name, n in SETS:
        items = load_eval(DATA / name / "data.jsonl")
        for sys_name, fn in systems.items():
            fn(items[0].text, n)  # warm-up: one-time loads are not per-article cost
            reps = max(1, 40 // len(items))
            t0 = time.perf_counter()
            for _ in range(reps):
                outs = [fn(i.text, n) for i in items]
            ms = (time.perf_counter() - t0) * 1000 / (reps * len(items))
            score = mean_scores([rouge(o, i.reference) for o, i in zip(outs, items, strict=True)])["rougeL"]
            results.setdefault(sys_name, {})[name] = (score, ms)
    names = [s for s, _ in SETS]
    print(f"{'system':<22}" + "".join(f"{n + ' R-L':>18}{'ms/art':>9}" for n in names))
    for sys_name, row in results.items():
        print(f"{sys_name:<22}" + "".join(f"{row[n][0]:18.1f}{row[n][1]:9.2f}" for n in names))
    base = results["briefing-extractive"]
    for peer in results:
        if peer in {"briefing-extractive", "lead"}:
            continue
        cells = []
        for n in names:
            cells.append(
                f"{n}: R-L {base[n][0] - results[peer][n][0]:+.1f}, {results[peer][n][1] / base[n][1]:.0f}x faster"
            )
        print(f"vs {peer}: " + "; ".join(cells))


if __name__ == "__main__":
    main()
