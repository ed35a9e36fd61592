"""Event grouping on the labelled pair set: precision and recall at the configured threshold.

The threshold (``editorial.event_threshold``) was chosen on the ``tune`` part
(pairs dated before 2024-06); the ``test`` part (later pairs and the pages'
pairs) was not looked at when choosing it.  Needs ../shared.

    python benchmarks/bench_events.py [--threshold 0.2] [--sweep]
"""

from __future__ import annotations

import argparse
from pathlib import Path

from event_sets import event_pair_scores, load_event_pairs

from briefing.config import load_options

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    ed = load_options().editorial
    ap = argparse.ArgumentParser()
    ap.add_argument("--threshold", type=float, default=ed.event_threshold)
    ap.add_argument("--sweep", action="store_true", help="F1 on the tune part for thresholds 0.05..0.60")
    args = ap.parse_args()
    pairs = load_event_pairs(ROOT / "tests" / "data" / "event_pairs.jsonl", ROOT.parent / "shared")
    if args.sweep:
        for t in [x / 100 for x in range(5, 61, 1)]:
            r = event_pair_scores(pairs, t, ed.event_days)["tune"]
            f1 = 2 * r["precision"] * r["recall"] / (r["precision"] + r["recall"] or 1)
            print(f"threshold {t:.2f}  tune P {r['precision']:.3f}  R {r['recall']:.3f}  F1 {f1:.3f}")
    for part, r in event_pair_scores(pairs, args.threshold, ed.event_days).items():
        print(
            f"{part:5s} n={r['n']} ({r['same']} same-event, {r['different']} different)  "
            f"threshold {args.threshold:.2f}  precision {r['precision']:.3f}  recall {r['recall']:.3f}"
        )


if __name__ == "__main__":
    main()
