"""Reproduce briefing/summarizers/scorer.json: the extractive summarizer's span scorer.

Data (see summary_sets.py for the splits):

- the tune part of ../shared/data/xwlb_headline_train (broadcast news items
  with their printed headlines; items dated before TUNE_BEFORE, never the days
  of xwlb_pages nor the day before or after);
- ../shared/data/lcsts_test (microblog posts with their authors' headlines),
  each post weighted LCSTS_WEIGHT times, so that short posts, where the first
  sentence is not the point as often, weigh in against thousands of broadcast
  items.  Only the span scorer (one-sentence summaries) learns from them; the
  sentence scorer, which picks multi-sentence passages, is broadcast news only
  and keeps to the absolute features (no ``last``, no RELATIVE).

Every candidate span of every article (see briefing.summarizers.spans) gets its
features and, as the target, its character-level ROUGE-L F1 against the
reference; a weighted ridge regression fits one weight per feature.  The
digests of all articles trained on go to tuned_on.txt, so that
``briefing eval summarize`` says when a set was tuned on.

Because lcsts is tuned on, its report number is 2-fold cross-validated: one
scorer per fold is also fitted, each without the lcsts posts of that fold, into
benchmarks/scorer_cv.json; bench_summarize.py scores each post with the scorer
that never saw it.  Both files are written together (``--without-lcsts``
removes scorer_cv.json: nothing is tuned on lcsts then).

    python benchmarks/train_summarizer.py   # writes scorer.json and scorer_cv.json (about 2.5 min)

LCSTS is free for research use only, and results must credit the Intelligent
Computing Research Center (ICRC), Harbin Institute of Technology Shenzhen
Graduate School.  ``--without-lcsts`` trains on broadcast news alone (measured:
lcsts 24.7, below snownlp's 25.0; web 23.5 instead of 24.8).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np
from summary_sets import CV_FILE, DATA, LCSTS_FOLDS, TUNE_BEFORE, lcsts_items, xwlb_items

from briefing.evaluate import rouge
from briefing.records import Article
from briefing.summarizers.base import text_digest
from briefing.summarizers.spans import FEATURES, RELATIVE, Doc, sentences_of

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "briefing" / "summarizers" / "scorer.json"
TUNED = OUT.with_name("tuned_on.txt")  # digests of every article trained on: `briefing eval` flags them
RIDGE = 1.0
LCSTS_WEIGHT = 40  # chosen by 2-fold CV on lcsts among 20, 40, 80 (all within 0.3 of each other)

Rows = tuple[list[list[float]], list[float]]


def rows_of(text: str, reference: str, compress: bool) -> Rows:
    """Features and ROUGE-L targets (0..1) of every candidate of one article."""
    art = Article(title="", paragraphs=[p for p in text.splitlines() if p.strip()], title_derived=True)
    cands = Doc(sentences_of(art)).candidates(compress)
    xs = [f for *_, f in cands]
    ys = [rouge("".join(s.clauses[a:b]), reference)["rougeL"] / 100 for s, a, b, _ in cands]
    return xs, ys


def fit(parts: list[tuple[Rows, float]], width: int) -> list[float]:
    """Weighted ridge regression on standardized features, returned as weights of the raw features.

    Only the first ``width`` features are used; the others get weight 0.
    """
    X = np.array([x[:width] for (xs, _), _ in parts for x in xs])
    y = np.array([v for (_, ys), _ in parts for v in ys])
    wt = np.array([w for (xs, _), w in parts for _ in xs])
    mu, sd = X[:, 1:].mean(0), X[:, 1:].std(0) + 1e-9
    Z = np.hstack([X[:, :1], (X[:, 1:] - mu) / sd])
    reg = RIDGE * np.eye(Z.shape[1])
    reg[0, 0] = 0
    Zw = Z * wt[:, None]
    wz = np.linalg.solve(Z.T @ Zw + reg, Zw.T @ y)
    w = np.concatenate([[wz[0] - (wz[1:] * mu / sd).sum()], wz[1:] / sd])
    return [round(float(v), 6) for v in w] + [0.0] * (len(parts[0][0][0][0]) - width)


def train(xwlb: list[dict], lcsts: list, leave_out_fold: int | None = None) -> dict[str, list[float]]:
    """The span and sentence scorers; ``leave_out_fold`` drops the lcsts posts of that fold."""
    models = {}
    for name, compress in (("span", True), ("sentence", False)):
        parts = [(rows_of(r["article"], r["summary"], compress), 1.0) for r in xwlb]
        if compress:  # lcsts references are one-sentence headlines: they teach the span scorer only
            parts += [
                (rows_of(item.text, item.reference, compress), float(LCSTS_WEIGHT))
                for i, item in enumerate(lcsts)
                if leave_out_fold is None or i % LCSTS_FOLDS != leave_out_fold
            ]
        # the passage scorer keeps to the features it had before lcsts joined: on long
        # features (clts) the relative ones moved a passage off the lead for no gain
        models[name] = fit(parts, len(FEATURES) + len(RELATIVE) if compress else FEATURES.index("last"))
    return models


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--without-lcsts",
        action="store_true",
        help="broadcast news only: a scorer free of LCSTS, which is licensed for research use only",
    )
    args = parser.parse_args()
    if not DATA.exists():
        sys.exit(f"{DATA} is absent: training needs ../shared/data")
    xwlb, lcsts = xwlb_items(DATA)[0], [] if args.without_lcsts else lcsts_items(DATA)
    models = train(xwlb, lcsts)
    for name, weights in models.items():
        print(name)
        for feature, v in zip(FEATURES + RELATIVE, weights, strict=True):
            print(f"  {feature:<16} {v:+.4f}")
    meta = f"xwlb_headline_train before {TUNE_BEFORE} (xwlb_pages days left out): {len(xwlb)} items"
    if lcsts:
        meta += f"; lcsts_test: {len(lcsts)} posts, each weighted {LCSTS_WEIGHT} (LCSTS: ICRC, HIT Shenzhen)"
    features = list(FEATURES + RELATIVE)
    OUT.write_text(
        json.dumps({"features": features, **models, "trained_on": meta}, ensure_ascii=False, indent=1) + "\n",
        encoding="utf-8",
    )
    print(f"-> {OUT}")
    digests = sorted({text_digest(r["article"]) for r in xwlb} | {text_digest(i.text) for i in lcsts})
    TUNED.write_text("\n".join(digests) + "\n", "utf-8")
    print(f"-> {TUNED} ({len(digests)} articles)")
    if not lcsts:  # nothing tuned on lcsts: the packaged scorer is the one to report with
        CV_FILE.unlink(missing_ok=True)
        return
    folds = [train(xwlb, lcsts, leave_out_fold=k) for k in range(LCSTS_FOLDS)]
    CV_FILE.write_text(json.dumps({"features": features, "folds": folds, "trained_on": meta}, indent=1) + "\n", "utf-8")
    print(f"-> {CV_FILE}")


if __name__ == "__main__":
    main()
