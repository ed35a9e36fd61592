"""The draws of the fresh held-out sets of issue #21 (labelled after the methods were frozen).

    python benchmarks/fresh_sets.py OUTDIR     # writes the day lists and the section ids to label

- ``event_days_fresh``: every day from 2025-03-01 on with no story in an earlier event pair set
  (``event_pairs.jsonl``, ``event_pairs_natural.jsonl``): each is labelled whole, as a partition into events.
- ``event_days_more``: 100 other days from 2025-03-01 on (seeded draw); of their same-day pairs only those never
  labelled before are scored.
- ``event_days_more2``: the next 40 days of that seeded order, labelled in a later session (the same pairs
  scored).
- ``event_days_more3``: the 40 days after those, labelled while the same-day rules of commit 06aaa5f were made.
- ``event_days_agree``: 20 of the fresh days (seeded), labelled a second time by another reader, for agreement.
- ``section_labels_fresh``: 400 stories (seeded) of days from 2025-03-01 on that no earlier section set touches.

The draw depends only on ``../shared`` and the earlier label files, so a test can check that the labelled
files are exactly these draws.
"""

from __future__ import annotations

import json
import random
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data"
SHARED = ROOT.parent / "shared" / "data" / "xwlb_headline_train" / "data.jsonl"
TEST_FROM = "20250301"
_DAY = re.compile(r"xwlb-(\d{8})-")


def _days_in(*names: str) -> set[str]:
    return {m for name in names for m in _DAY.findall((DATA / name).read_text("utf-8"))}


def draw(shared: Path = SHARED) -> dict[str, list[str]]:
    """The days (YYYYMMDD) of the five event sets and the ids of the section set."""
    ids = [json.loads(line)["id"] for line in shared.read_text("utf-8").splitlines() if line.strip()]
    days = sorted({i.split("-")[1] for i in ids})
    earlier_events = _days_in("event_pairs.jsonl", "event_pairs_natural.jsonl")
    fresh = [d for d in days if d >= TEST_FROM and d not in earlier_events]
    rest = [d for d in days if d >= TEST_FROM and d not in set(fresh)]
    random.Random(2127).shuffle(rest)
    earlier_sections = _days_in("section_labels.jsonl", "section_labels_more.jsonl")
    candidates = [i for i in ids if i.split("-")[1] >= TEST_FROM and i.split("-")[1] not in earlier_sections]
    random.Random(2126).shuffle(candidates)
    return {
        "event_days_fresh": fresh,
        "event_days_more": sorted(rest[:100]),
        "event_days_more2": sorted(rest[100:140]),
        "event_days_more3": sorted(rest[140:180]),
        "event_days_agree": sorted(random.Random(2128).sample(fresh, 20)),
        "section_labels_fresh": sorted(candidates[:400]),
    }


if __name__ == "__main__":
    out = Path(sys.argv[1])
    out.mkdir(parents=True, exist_ok=True)
    for name, values in draw().items():
        (out / f"{name}.txt").write_text("\n".join(values) + "\n", "utf-8")


def draw_followups(
    entity: int = 200, enriched: int = 150, seed: str = "fresh-followups", skip: tuple[str, ...] = ()
) -> list[dict]:
    """Fresh follow-up candidates: (earlier, later) stories 1 to 7 days apart, both from 2025-03-01 on, no pair
    of ``followup_pairs.jsonl``; ``entity`` pairs sharing a named entity and ``enriched`` pairs with similar
    headlines (the strata and their rules of ``pair_candidates.py``), seeded; ``skip``: further label files
    whose pairs are left out (a second fresh set leaves out the first)."""
    from pair_candidates import ENRICH_MIN, HeadlineSimilarity, draw, entities, load_stories, pairs_within

    seen = set()
    for name in ("followup_pairs.jsonl", *skip):
        for line in (DATA / name).read_text("utf-8").splitlines():
            row = json.loads(line)
            seen.add((row["earlier"]["id"], row["later"]["id"]))
    stories = [s for s in load_stories() if s.date >= TEST_FROM]
    ents = {s.id: entities(s) for s in stories}
    sim = HeadlineSimilarity(stories)
    pool = list(pairs_within(stories, 1, 7))
    taken = set(seen)
    out = []
    for stratum, source, size in (
        ("entity", [p for p in pool if ents[p[0].id] & ents[p[1].id]], entity),
        ("enriched", [p for p in pool if sim(*p) >= ENRICH_MIN], enriched),
    ):
        for a, b in draw(source, size, taken, f"{seed}-{stratum}"):
            out.append({"earlier": a.id, "later": b.id, "stratum": stratum})
    return out
