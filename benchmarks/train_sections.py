"""Train the section model (``briefing/sections.json``) on the tune part of the section labels.

Reads the labels (``tests/data/section_labels.jsonl``: ids, sections, parts) and
the stories' headlines and texts from ``../shared/data/xwlb_headline_train``;
only the ``tune`` part (before 2025-03-01) is trained on, the ``test`` part is
left for ``benchmarks/bench_events.py``.  Writes bigram counts per section (no
text).  ``--cv`` prints the 5-fold cross-validated accuracy on the tune part
instead (how the settings below were chosen: bigrams, headline counted
twice, alpha 1, a 150-character lead: 0.862 averaged over four shuffles, n = 324;
the shuffle ``--cv`` uses gives 0.880).

    python benchmarks/train_sections.py [--cv]
"""

from __future__ import annotations

import argparse
import json
import random
from collections import Counter
from pathlib import Path

from event_sets import load_section_labels

from briefing.sections import TOPICS, SectionModel
from briefing.textnorm import normalize

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT.parent / "shared" / "data" / "xwlb_headline_train" / "data.jsonl"
OUT = ROOT / "briefing" / "sections.json"
SETTINGS = {"headline_weight": 2, "alpha": 1.0, "lead_chars": 150}


def texts() -> dict[str, tuple[str, list[str]]]:
    out = {}
    with DATA.open(encoding="utf-8") as f:
        for line in f:
            row = json.loads(line)
            paragraphs = [normalize(p) for p in row["article"].splitlines() if p.strip()]  # as the reader gives them
            out[row["id"]] = (normalize(row["summary"]), paragraphs)
    return out


def train(items: list, stories: dict[str, tuple[str, list[str]]]) -> dict:
    empty = SectionModel({**SETTINGS, "counts": {k: {} for k in TOPICS}, "documents": dict.fromkeys(TOPICS, 0)})
    counts: dict[str, Counter[str]] = {k: Counter() for k in TOPICS}
    documents: Counter[str] = Counter()
    for item in items:
        counts[item.section].update(empty.features(*stories[item.id]))
        documents[item.section] += 1
    return {
        **SETTINGS,
        "trained_on": f"tests/data/section_labels.jsonl part tune ({len(items)} stories)",
        "documents": {k: documents[k] for k in TOPICS},
        "counts": {k: dict(sorted(counts[k].items())) for k in TOPICS},
    }


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--cv", action="store_true", help="5-fold cross-validated accuracy on the tune part")
    args = ap.parse_args()
    tune = [x for x in load_section_labels(ROOT / "tests" / "data" / "section_labels.jsonl") if x.part == "tune"]
    stories = texts()
    if args.cv:
        items = tune[:]
        random.Random(0).shuffle(items)
        right = 0
        for k in range(5):
            held = items[k::5]
            model = SectionModel(train([x for x in items if x not in held], stories))
            right += sum(model.predict(*stories[x.id]) == x.section for x in held)
        print(f"5-fold accuracy on the tune part: {right / len(items):.3f} (n = {len(items)})")
        return
    OUT.write_text(json.dumps(train(tune, stories), ensure_ascii=False, separators=(",", ":")) + "\n", "utf-8")
    print(f"wrote {OUT} from {len(tune)} tune stories")


if __name__ == "__main__":
    main()
