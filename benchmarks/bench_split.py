"""Splitting speed: pages/s and MB/s of raw text on one core.

Target: >= 5 MB/s (a newspaper day is a few MB).  Uses the seed page and, when
../shared is present, the broadcast-transcript pages.

    python benchmarks/bench_split.py [--mb 5]
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from briefing.reader import parse
from briefing.splitter import split_document

ROOT = Path(__file__).resolve().parent.parent
TARGET_MB_S = 5.0


def pages() -> list[tuple[str, str]]:
    found = [(p.name, p.read_text("utf-8")) for p in sorted((ROOT / "seeds").glob("*.txt"))]
    shared = ROOT.parent / "shared" / "data" / "xwlb_pages"
    found += [(p.name, p.read_text("utf-8")) for p in sorted(shared.glob("*.txt"))]
    return found


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--mb", type=float, default=5.0, help="MB of raw text to split")
    args = ap.parse_args()
    corpus = pages()
    size = sum(len(t.encode()) for _, t in corpus)
    rounds = max(1, int(args.mb * 1e6 / size))
    # one big page too: a whole day dumped as a single file
    big = "\n\n".join(t for name, t in corpus if name.startswith("0")) * max(1, int(args.mb * 1e6 / 27000))
    t0 = time.perf_counter()
    n_pages = 0
    for _ in range(rounds):
        for name, text in corpus:
            split_document(parse(text, name, ".txt", []))
            n_pages += 1
    dt = time.perf_counter() - t0
    mb = rounds * size / 1e6
    t1 = time.perf_counter()
    res = split_document(parse(big, "big", ".txt", []))
    dt_big = time.perf_counter() - t1
    mb_big = len(big.encode()) / 1e6
    rate = f"{n_pages / dt:.0f} pages/s, {mb / dt:.2f} MB/s"
    print(f"pages:      {n_pages} pages, {mb:.1f} MB in {dt:.2f}s -> {rate}")
    print(f"one file:   {mb_big:.1f} MB in {dt_big:.2f}s -> {mb_big / dt_big:.2f} MB/s ({len(res.articles)} articles)")
    print(
        f"target {TARGET_MB_S:.1f} MB/s: pages {mb / dt / TARGET_MB_S:.2f}x, "
        f"one file {mb_big / dt_big / TARGET_MB_S:.2f}x"
    )


if __name__ == "__main__":
    main()
