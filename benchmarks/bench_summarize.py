"""Summaries side by side on every report set: the extractive default, Lead-k
and the known tools (textrank4zh, snownlp, sumy LexRank), character-level
ROUGE-L and ms/article, with the speed ratio against textrank4zh.

Every number is out of sample: the scorer is trained on the tune part of
xwlb_headline_train and on lcsts (benchmarks/train_summarizer.py), so each
lcsts post is scored by the cross-validation scorer that never saw it
(scorer_cv.json); no other set was tuned on.  See summary_sets.py for the
splits.  1 sentence against headline-style references, 2 against the
multi-sentence ones (clts).  Timings are of the summary alone (keywords are a
separate step) after a warm-up item, in one process on the same items.

    pip install -e '.[peers]'          # textrank4zh, snownlp, sumy
    python benchmarks/bench_summarize.py [--dev-every N]

xwlb_dev is every 4th item of its report part (``--dev-every`` changes that);
every other set is whole.
"""

from __future__ import annotations

import argparse
import sys

from summary_sets import DATA, DEV_EVERY, compare, lead_k, ours, peers, report_sets


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--dev-every", type=int, default=DEV_EVERY, help="keep every N-th item of xwlb_dev")
    args = parser.parse_args()
    if not DATA.exists():
        sys.exit(f"{DATA} is absent: this benchmark needs ../shared/data")
    sets = report_sets(dev_every=args.dev_every)
    tools = peers()
    for missing in sorted({"textrank4zh", "snownlp", "sumy-lexrank"} - set(tools)):
        print(f"{missing} is not installed (pip install -e '.[peers]'): left out", file=sys.stderr)
    systems = {"extractive": ours, "lead-k": lead_k, **tools}
    res = compare(sets, systems)

    for title, value, fmt in (("ROUGE-L (character level, F1)", "rouge_l", ".1f"), ("ms per article", "ms", ".2f")):
        print(title)
        print(f"{'set (n, sentences)':<24}" + "".join(f"{name:>14}" for name in systems))
        for s in sets:
            label = f"{s.name} ({len(s.items)}, {s.sentences})"
            print(f"{label:<24}" + "".join(f"{getattr(res[s.name][n], value):14{fmt}}" for n in systems))
        print()
    gains = [res[s.name]["extractive"].rouge_l - res[s.name]["lead-k"].rouge_l for s in sets]
    for s, gain in zip(sets, gains, strict=True):
        cells = res[s.name]
        ours_cell = cells["extractive"]
        beaten = [p for p in tools if ours_cell.rouge_l > cells[p].rouge_l]
        line = f"{s.name:<12} vs lead-k {gain:+.1f}; above {len(beaten)} of {len(tools)} tools"
        if "textrank4zh" in cells:
            line += f"; {cells['textrank4zh'].ms / ours_cell.ms:.0f}x textrank4zh's speed"
        print(line)
    print(f"mean ROUGE-L over lead-k across the {len(sets)} sets: {sum(gains) / len(gains):+.2f}")


if __name__ == "__main__":
    main()
