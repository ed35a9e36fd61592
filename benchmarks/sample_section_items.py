"""Draw the items of tests/data/section_labels.jsonl from xwlb_headline_train, reproducibly.

The set is split by date (``summary_sets.TUNE_BEFORE``): 60% of the items are
drawn from before it (part ``tune``), 40% from on or after it (part ``test``).
Inside each part the items are spread over the calendar months in proportion to
how many items each month has, and drawn at random (seeded) within the month.
The days of the xwlb_pages report set and their neighbours are never drawn.

    python -m benchmarks.sample_section_items            # the sample: id, date, part
    python -m benchmarks.sample_section_items --recheck  # the ids re-read in the second pass
    python -m benchmarks.sample_section_items --more     # the extra tune items (section_labels_more.jsonl)

Only ids, dates and parts are printed; the texts stay in ../shared.
"""

from __future__ import annotations

import argparse
import json
import random
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path

from benchmarks.summary_sets import DATA, TUNE_BEFORE, excluded_days

TOTAL = 540  # items drawn in all
TUNE_SHARE = 0.6  # of them, the share drawn before TUNE_BEFORE
SEED = 21  # issue #21
RECHECK_SHARE = 0.1  # share of the labelled items re-read blind in the second pass
MORE = 480  # items per extra draw, from the tune period only (tests/data/section_labels_more.jsonl)
MORE_SEEDS = (2121, 2122)  # one extra draw per seed, each of items no earlier draw holds


def _allocate(sizes: dict[str, int], n: int) -> dict[str, int]:
    """Split n over the keys in proportion to sizes (largest remainder; ties by key order)."""
    whole = sum(sizes.values())
    exact = {k: n * s / whole for k, s in sizes.items()}
    got = {k: int(v) for k, v in exact.items()}
    for k in sorted(exact, key=lambda k: (-(exact[k] - got[k]), k))[: n - sum(got.values())]:
        got[k] += 1
    return got


def _months(data: Path) -> dict[str, dict[str, list[tuple[str, str]]]]:
    """The items that may be drawn, as (day, id) per part and calendar month."""
    skip = excluded_days(data)
    months: dict[str, dict[str, list[tuple[str, str]]]] = {"tune": defaultdict(list), "test": defaultdict(list)}
    with (data / "xwlb_headline_train" / "data.jsonl").open(encoding="utf-8") as f:
        for line in f:
            row = json.loads(line)
            if row["date"] in skip:
                continue
            part = "tune" if row["date"] < TUNE_BEFORE else "test"
            months[part][row["date"][:6]].append((row["date"], row["id"]))
    return months


def sample(data: Path = DATA, total: int = TOTAL, seed: int = SEED) -> list[dict]:
    """The drawn items as ``{"id", "date": "YYYY-MM-DD", "part"}``, ordered by date and id."""
    months = _months(data)
    rng = random.Random(seed)
    drawn: list[dict] = []
    tune_n = round(total * TUNE_SHARE)
    for part, n in (("tune", tune_n), ("test", total - tune_n)):
        quota = _allocate({m: len(items) for m, items in months[part].items()}, n)
        for month in sorted(quota):
            for day, item_id in rng.sample(sorted(months[part][month]), quota[month]):
                drawn.append({"id": item_id, "date": f"{day[:4]}-{day[4:6]}-{day[6:]}", "part": part})
    return sorted(drawn, key=lambda r: (r["date"], r["id"]))


def sample_more(data: Path = DATA, n: int = MORE, seeds: Sequence[int] = MORE_SEEDS) -> list[dict]:
    """Further draws of ``n`` items each from the tune period only, none of them in :func:`sample` or in an
    earlier draw: spread over the months like the first, so the test part (on or after TUNE_BEFORE) stays as
    it was.  A draw added later leaves the earlier ones as they were."""
    months = _months(data)["tune"]
    taken = {r["id"] for r in sample(data)}
    drawn: list[dict] = []
    for seed in seeds:
        free = {m: sorted(x for x in items if x[1] not in taken) for m, items in months.items()}
        rng = random.Random(seed)
        quota = _allocate({m: len(items) for m, items in free.items()}, n)
        for month in sorted(quota):
            for day, item_id in rng.sample(free[month], quota[month]):
                drawn.append({"id": item_id, "date": f"{day[:4]}-{day[4:6]}-{day[6:]}", "part": "tune"})
                taken.add(item_id)
    return sorted(drawn, key=lambda r: (r["date"], r["id"]))


def recheck_ids(ids: Sequence[str], seed: int = SEED, share: float = RECHECK_SHARE) -> list[str]:
    """The ids re-read blind in the second pass: a seeded random share of the labelled ids."""
    ordered = sorted(ids)
    return sorted(random.Random(seed + 1).sample(ordered, round(len(ordered) * share)))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--recheck", action="store_true", help="print the ids of the second, blind reading")
    ap.add_argument("--more", action="store_true", help="print the extra tune items instead")
    args = ap.parse_args()
    items = sample_more() if args.more else sample()
    if args.recheck:
        print("\n".join(recheck_ids([r["id"] for r in items])))
        return
    for row in items:
        print(json.dumps(row, ensure_ascii=False))


if __name__ == "__main__":
    main()
