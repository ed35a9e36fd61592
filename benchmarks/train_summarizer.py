"""Reproduce briefing/summarizers/scorer.json: the extractive summarizer's span scorer.

Data: ../shared/data/xwlb_headline_train (news items with their printed
headlines).  Only its tune part is used (summary_sets.py: items dated before
TUNE_BEFORE, never the days of ../shared/data/xwlb_pages nor the day before or
after), so that the later items and every other set stay unseen for reporting.

Every candidate span of every article (see briefing.summarizers.spans) gets its
features and, as the target, its character-level ROUGE-L F1 against the
headline; a ridge regression fits one weight per feature.

    python benchmarks/train_summarizer.py         # writes briefing/summarizers/scorer.json
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np
from summary_sets import DATA, TUNE_BEFORE, xwlb_items

from briefing.evaluate import rouge
from briefing.records import Article
from briefing.summarizers.spans import FEATURES, Doc, sentences_of

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "briefing" / "summarizers" / "scorer.json"
STRIDE = 1  # every tuning item (a larger stride trains faster, on fewer items)
RIDGE = 1.0


def tuning_items() -> list[dict]:
    return xwlb_items(DATA)[0]


def rows_of(item: dict, compress: bool) -> tuple[list[list[float]], list[float]]:
    art = Article(title="", paragraphs=[p for p in item["article"].splitlines() if p.strip()], title_derived=True)
    doc = Doc(sentences_of(art))
    xs, ys = [], []
    for sent in doc.sentences:
        for a, b, features in doc.scored_spans(sent, compress):
            xs.append(features)
            ys.append(rouge("".join(sent.clauses[a:b]), item["summary"])["rougeL"] / 100)
    return xs, ys


def fit(xs: list[list[float]], ys: list[float]) -> list[float]:
    """Ridge regression on standardized features, returned as weights of the raw features."""
    X, y = np.array(xs), np.array(ys)
    mu, sd = X[:, 1:].mean(0), X[:, 1:].std(0) + 1e-9
    Z = np.hstack([X[:, :1], (X[:, 1:] - mu) / sd])
    reg = RIDGE * np.eye(Z.shape[1])
    reg[0, 0] = 0
    wz = np.linalg.solve(Z.T @ Z + reg, Z.T @ y)
    w = np.concatenate([[wz[0] - (wz[1:] * mu / sd).sum()], wz[1:] / sd])
    return [round(float(v), 6) for v in w]


def main() -> None:
    if not DATA.exists():
        sys.exit(f"{DATA} is absent: training needs ../shared/data")
    items = tuning_items()[::STRIDE]
    models = {}
    for name, compress in (("span", True), ("sentence", False)):
        xs: list[list[float]] = []
        ys: list[float] = []
        for item in items:
            x, y = rows_of(item, compress)
            xs += x
            ys += y
        models[name] = fit(xs, ys)
        print(f"{name}: {len(items)} articles, {len(ys)} candidates")
        for feature, v in zip(FEATURES, models[name], strict=True):
            print(f"  {feature:<12} {v:+.4f}")
    meta = f"xwlb_headline_train before {TUNE_BEFORE} (xwlb_pages days left out), every {STRIDE}rd item: {len(items)}"
    OUT.write_text(
        json.dumps({"features": list(FEATURES), **models, "trained_on": meta}, ensure_ascii=False, indent=1) + "\n",
        encoding="utf-8",
    )
    print(f"-> {OUT}")


if __name__ == "__main__":
    main()
