"""Peak memory of `briefing build` on large text without punctuation.

Text without punctuation used to cost ~180x its size in memory (5 MB -> 0.9 GB,
20 MB -> 2.7 GB): one giant paragraph, one giant jieba block, a bigram profile
per 300-character piece.  The target is peak memory <= 20x the largest input
+ 300 MB.  Each case runs a real build in a fresh subprocess and reads that
process's peak RSS (``wait4``); the baseline is the same build on a small page,
so ``(peak - baseline) / input`` is what the input itself costs.

Inputs are random common-range CJK characters (no sample text), in three
shapes: one line, lines of 200 characters (rejoined as broken paragraphs), and
lines of 40 (headline-like).

    python benchmarks/bench_memory.py            # 5 MB and 20 MB
    python benchmarks/bench_memory.py --mb 5     # one size
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET_FACTOR, TARGET_BASE_MB = 20, 300


def unpunctuated(path: Path, mb: float, line_chars: int, seed: int = 8) -> int:
    """Write about ``mb`` MB of UTF-8 CJK text without punctuation; return its size in bytes."""
    rng = random.Random(seed)
    alphabet = [chr(c) for c in range(0x4E00, 0x4E00 + 3000)]
    n_chars = int(mb * 1e6 / 3)
    with path.open("w", encoding="utf-8") as f:
        written = 0
        while written < n_chars:
            k = min(line_chars or n_chars, n_chars - written)
            f.write("".join(rng.choices(alphabet, k=k)) + "\n")
            written += k
    return path.stat().st_size


def peak_rss_mb(inputs: list[Path], work: Path) -> tuple[float, float, int]:
    """Run one build in a subprocess; its peak RSS (MB), seconds, exit code."""
    work.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "BRIEFING_HOME": str(work / "home"), "PYTHONPATH": str(ROOT)}
    cmd = [sys.executable, "-m", "briefing", "-q", "build", *map(str, inputs), "--out", str(work / "out")]
    t0 = time.perf_counter()
    with (work / "stderr.txt").open("wb") as err:  # a file: a pipe nobody reads would block the build
        proc = subprocess.Popen([*cmd, "--date", "2025-01-01"], env=env, stdout=subprocess.DEVNULL, stderr=err)
        _, status, usage = os.wait4(proc.pid, 0)
    secs = time.perf_counter() - t0
    proc.returncode = os.waitstatus_to_exitcode(status)
    return usage.ru_maxrss / 1024, secs, proc.returncode


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--mb", type=float, action="append", help="input sizes in MB (default: 5 and 20)")
    parser.add_argument("--shapes", default="one-line,200,40", help="line lengths: one-line and/or numbers")
    args = parser.parse_args()
    sizes = args.mb or [5.0, 20.0]
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        small = work / "small.txt"
        unpunctuated(small, 0.01, 200)
        base, secs, code = peak_rss_mb([small], work / "base")
        print(f"baseline (10 kB input): peak {base:.0f} MB, {secs:.1f} s, exit {code}")
        print(f"target: peak <= {TARGET_FACTOR} x input + {TARGET_BASE_MB} MB\n")
        head = ("input", "shape", "peak MB", "target", "peak/input", "(peak-base)/input", "s")
        print("{:>8} {:>9} {:>8} {:>7} {:>10} {:>18} {:>6}  exit".format(*head))
        for mb in sizes:
            for shape in args.shapes.split(","):
                line_chars = 0 if shape == "one-line" else int(shape)
                src = work / f"in-{mb}-{shape}.txt"
                size = unpunctuated(src, mb, line_chars)
                peak, secs, code = peak_rss_mb([src], work / f"run-{mb}-{shape}")
                in_mb = size / 1e6
                target = TARGET_FACTOR * in_mb + TARGET_BASE_MB
                flag = "ok" if peak <= target else "OVER"
                print(
                    f"{in_mb:>6.1f}MB {shape:>9} {peak:>8.0f} {target:>7.0f} {peak / in_mb:>9.1f}x "
                    f"{(peak - base) / in_mb:>17.1f}x {secs:>6.1f}  {code} {flag}",
                    flush=True,
                )
                src.unlink()


if __name__ == "__main__":
    main()
