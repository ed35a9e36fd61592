"""`briefing summarize` as a user runs it, per article, side by side with textrank4zh (issue #23).

The workload: the first N (1,228) items of xwlb_headline_train's report part
(dated from summary_sets.TUNE_BEFORE on, never tuned on), written to a
temporary JSONL of ``{"id", "title", "text", "date"}`` lines (the printed
headline is the title).  Every CLI run is a fresh subprocess with a fresh
state folder (``BRIEFING_HOME``), so nothing is served from the cache.

Each round runs, one after the other so that the machine's load falls on all
of them alike:

* ``briefing summarize ONE.jsonl``: the first item alone, i.e. start-up: the
  interpreter, the imports and every dictionary the command loads.  The same
  command on one item, not ``briefing --version``: one-time loads are what
  start-up must exclude, and ``--version`` loads none of them;
* ``briefing summarize ALL.jsonl``: the N items, default output (text: summary
  and keywords);
* textrank4zh (``TextRank4Sentence``, one sentence, as in bench_summarize.py)
  on the same N article texts in this process, after one warm-up item;
* ``briefing --version`` (the bare command line) and ``briefing build`` of the
  sample page (``seeds/``) for start-up and peak memory.

Per article: (summarize ALL - summarize ONE) / (N - 1) for the CLI, the mean
of the N calls for textrank4zh.  Each figure is the best (lowest) of the
rounds; CPU seconds (user + system of the child) are given beside wall
seconds because this machine is shared.  Peak memory is the child's maximum
resident set size (``wait4``).

    pip install -e '.[peers]'                  # textrank4zh
    python benchmarks/bench_speed.py [--rounds 3] [--n 1228] [--with-key-terms]
    python benchmarks/bench_speed.py --checkout /work/main   # the CLI of another checkout (a before/after)

The last line is ``summarize CLI vs textrank4zh: X.Xx``.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import warnings
from dataclasses import dataclass
from pathlib import Path

from summary_sets import DATA, peers, xwlb_items

ROOT = Path(__file__).resolve().parent.parent
SEED = sorted((ROOT / "seeds").glob("*.txt"))[0]
N_ITEMS = 1228
TARGET_RATIO, TARGET_STARTUP_S, TARGET_BUILD_MB = 10.0, 1.0, 250.0


@dataclass
class Run:
    """One child process: wall and CPU seconds, peak RSS in MB, exit code."""

    wall: float
    cpu: float
    peak_mb: float
    code: int


# Runs the command in a child of its own and writes that child's wall and CPU seconds, peak RSS
# and exit code as JSON.  A fresh interpreter in between because Linux carries a parent's
# peak RSS over into a child it forks (this benchmark holds jieba and textrank4zh: 600 MB).
_LAUNCHER = """
import json, os, sys, time
t0 = time.perf_counter()
pid = os.fork()
if pid == 0:
    os.execv(sys.executable, [sys.executable, *sys.argv[2:]])
_, status, usage = os.wait4(pid, 0)
wall = time.perf_counter() - t0
with open(sys.argv[1], "w") as f:
    json.dump([wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, os.waitstatus_to_exitcode(status)], f)
"""


def run_cli(args: list[str], checkout: Path, work: Path) -> Run:
    """``python -m briefing ARGS`` from ``checkout`` in a fresh state folder; its output goes to files."""
    home = Path(tempfile.mkdtemp(prefix="home-", dir=work))
    env = {**os.environ, "BRIEFING_HOME": str(home), "PYTHONPATH": str(checkout), "BRIEFING_LOAD_PLUGINS": ""}
    env.pop("BRIEFING_CONFIG", None)
    result = work / "run.json"
    with (work / "stdout.txt").open("wb") as out, (work / "stderr.txt").open("wb") as err:
        cmd = [sys.executable, "-c", _LAUNCHER, str(result), "-m", "briefing", *args]
        subprocess.run(cmd, env=env, stdout=out, stderr=err, cwd=work, check=True)
    return Run(*json.loads(result.read_text("utf-8")))


def write_items(path: Path, rows: list[dict]) -> None:
    with path.open("w", encoding="utf-8") as f:
        for r in rows:
            item = {"id": r["id"], "title": r["summary"], "text": r["article"], "date": r["date"]}
            f.write(json.dumps(item, ensure_ascii=False) + "\n")


def textrank_ms(texts: list[str]) -> tuple[float, float]:
    """textrank4zh's mean wall and CPU ms per article on ``texts`` (warmed up on the first)."""
    textrank = peers()["textrank4zh"]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        textrank(texts[0], 1)
        t0, c0 = time.perf_counter(), time.process_time()
        for text in texts:
            textrank(text, 1)
    return (time.perf_counter() - t0) * 1000 / len(texts), (time.process_time() - c0) * 1000 / len(texts)


def one_round(rows: list[dict], work: Path, checkout: Path, extra: list[str], textrank_first: bool) -> dict:
    """Every measurement once: the CLI runs and textrank4zh, in the order given."""
    out: dict = {}
    if textrank_first:
        out["textrank"] = textrank_ms([row["article"] for row in rows])
    one, many, day = work / "one.jsonl", work / "items.jsonl", work / "day"
    out["version"] = run_cli(["--version"], checkout, work)
    out["start-up"] = run_cli(["summarize", *extra, str(one)], checkout, work)
    out["summarize"] = run_cli(["summarize", *extra, str(many)], checkout, work)
    out["build"] = run_cli(["-q", "build", str(SEED), "--out", str(day), "--date", "2024-05-20"], checkout, work)
    shutil.rmtree(day)
    if not textrank_first:
        out["textrank"] = textrank_ms([row["article"] for row in rows])
    for name, run in out.items():
        if name != "textrank" and run.code not in (0, 1):
            sys.exit(f"{name} exited {run.code}: {(work / 'stderr.txt').read_text('utf-8')[-2000:]}")
    n = len(rows)
    out["per article"] = (
        (out["summarize"].wall - out["start-up"].wall) * 1000 / (n - 1),
        (out["summarize"].cpu - out["start-up"].cpu) * 1000 / (n - 1),
    )
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=3, help="rounds; the best of each figure is reported")
    parser.add_argument("--n", type=int, default=N_ITEMS, help="news items (the first N of the report part)")
    parser.add_argument("--checkout", type=Path, default=ROOT, help="the briefing checkout whose CLI is measured")
    parser.add_argument("--with-key-terms", action="store_true", help="summarize --key-terms (the glosses too)")
    args = parser.parse_args()
    if not DATA.exists():
        sys.exit(f"{DATA} is absent: this benchmark needs ../shared/data")
    if "textrank4zh" not in peers():
        sys.exit("textrank4zh is not installed: pip install -e '.[peers]'")
    _, report = xwlb_items()
    rows = report[: args.n]
    n = len(rows)
    extra = ["--key-terms"] if args.with_key_terms else []
    print(f"{n} items, {args.rounds} rounds, the CLI of {args.checkout}, load {os.getloadavg()[0]:.1f}", flush=True)
    rounds = []
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        write_items(work / "one.jsonl", rows[:1])
        write_items(work / "items.jsonl", rows)
        for r in range(args.rounds):
            res = one_round(rows, work, args.checkout, extra, textrank_first=r % 2 == 1)
            rounds.append(res)
            print(
                f"round {r + 1}: start-up {res['start-up'].wall:.2f} s, summarize {res['summarize'].wall:.1f} s, "
                f"{res['per article'][0]:.2f} ms/article; textrank4zh {res['textrank'][0]:.2f} ms/article; "
                f"load {os.getloadavg()[0]:.1f}",
                flush=True,
            )
    print(f"\nbest of {args.rounds} rounds (lowest of each figure); n = {n}")
    print(f"{'':<28}{'wall s':>9}{'CPU s':>9}{'peak MB':>9}")
    for name, label in (
        ("version", "briefing --version"),
        ("start-up", "summarize, 1 item"),
        ("summarize", f"summarize, {n} items"),
        ("build", f"build of {SEED.parent.name}/{SEED.name[:8]}…"),
    ):
        wall, cpu, peak = (min(getattr(res[name], f) for res in rounds) for f in ("wall", "cpu", "peak_mb"))
        print(f"{label:<28}{wall:>9.2f}{cpu:>9.2f}{peak:>9.0f}")
    ours = [min(res["per article"][i] for res in rounds) for i in (0, 1)]
    theirs = [min(res["textrank"][i] for res in rounds) for i in (0, 1)]
    print(f"{'ms per article':<28}{'wall':>9}{'CPU':>9}")
    print(f"{'summarize CLI':<28}{ours[0]:>9.3f}{ours[1]:>9.3f}")
    print(f"{'textrank4zh':<28}{theirs[0]:>9.3f}{theirs[1]:>9.3f}")
    print(f"targets: >= {TARGET_RATIO:.0f}x textrank4zh, start-up <= {TARGET_STARTUP_S:.1f} s, ", end="")
    print(f"build <= {TARGET_BUILD_MB:.0f} MB")
    print(f"summarize CLI vs textrank4zh, CPU time: {theirs[1] / ours[1]:.1f}x")
    print(f"summarize CLI vs textrank4zh: {theirs[0] / ours[0]:.1f}x")


if __name__ == "__main__":
    main()
