"""``briefing backfill`` on all of ``xwlb_headline_train``, with each engine: items/s and peak memory per worker.

Every item of ``../shared/data/xwlb_headline_train`` becomes one JSONL line of
its day (one file per day, ``YYYY-MM-DD.jsonl``: 9,499 items on 1,196 days),
and the whole range is backfilled into a fresh output folder and state folder
with the extractive summarizer and, with ``--translate`` (default), a tiny
random-weight Marian model converted to CTranslate2 int8 (``tests/tiny_models.py``:
speed only, its English is refused as such and the stories fall back to key
terms).  Each engine runs in its own process, so peak memory is its own::

    python benchmarks/bench_backfill.py                 # both engines, all days
    python benchmarks/bench_backfill.py --engine ray --days 100

The ray engine starts a Ray of this machine (``ray.init`` with every core).
Outputs of the two engines are compared byte for byte at the end.
"""

from __future__ import annotations

import argparse
import collections
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT.parent / "shared" / "data" / "xwlb_headline_train" / "data.jsonl"


def write_days(folder: Path, limit: int = 0) -> int:
    """One JSONL file per day; returns the number of items written."""
    days: dict[str, list[dict[str, str]]] = collections.defaultdict(list)
    with DATA.open(encoding="utf-8") as fh:
        for line in fh:
            item = json.loads(line)
            raw = item["date"]
            days[f"{raw[:4]}-{raw[4:6]}-{raw[6:]}"].append(item)
    chosen = sorted(days)[:limit] if limit else sorted(days)
    folder.mkdir(parents=True, exist_ok=True)
    n = 0
    for day in chosen:
        with (folder / f"{day}.jsonl").open("w", encoding="utf-8") as out:
            for item in days[day]:
                row = {"id": item["id"], "title": item["summary"], "text": item["article"], "date": day}
                out.write(json.dumps(row, ensure_ascii=False) + "\n")
                n += 1
    return n


def one_run(engine: str, days: Path, out: Path, home: Path, model: str) -> dict[str, object]:
    """The backfill in this process (called in a child process per engine)."""
    os.environ["BRIEFING_HOME"] = str(home)
    from briefing.backfill.run import run_backfill
    from briefing.config import load_options

    flags: dict[str, object] = {"out": str(out), "backfill__engine": engine}
    if model:
        flags |= {"translate__enabled": True, "translate__model": model}
    started = time.monotonic()
    report = run_backfill([str(days)], load_options(None, **flags))
    return {
        "engine": engine,
        "seconds": time.monotonic() - started,
        "line": report.line(),
        "failures": len(report.failures),
        "stories": report.stories,
        "peaks_mib": {stage: kib / 1024 for stage, kib in report.peaks.items()},
        "driver_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--engine", choices=["local", "ray", "both"], default="both")
    parser.add_argument("--days", type=int, default=0, help="only the first N days (0: all)")
    parser.add_argument("--no-translate", action="store_true")
    parser.add_argument("--child", nargs=4, metavar=("ENGINE", "DAYS", "OUT", "MODEL"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        engine, days, out, model = args.child
        print(json.dumps(one_run(engine, Path(days), Path(out), Path(out).parent / f"home-{engine}", model)))
        return
    if not DATA.is_file():
        sys.exit(f"{DATA} is absent (evaluation data lives in ../shared)")
    work = Path(tempfile.mkdtemp(prefix="bench-backfill-"))
    items = write_days(work / "days", args.days)
    model = ""
    if not args.no_translate:
        sys.path.insert(0, str(ROOT))
        from briefing.translators.ct2 import convert
        from tests.tiny_models import build_marian

        model = str(convert(build_marian(work / "marian"), work / "marian-ct2", "int8"))
    engines = ["local", "ray"] if args.engine == "both" else [args.engine]
    print(f"{items} items on {len(list((work / 'days').iterdir()))} days, {os.cpu_count()} cores; work in {work}")
    for engine in engines:
        out = work / f"out-{engine}"
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        cmd = [sys.executable, __file__, "--child", engine, str(work / "days"), str(out), model]
        result = json.loads(subprocess.run(cmd, env=env, check=True, capture_output=True, text=True).stdout)
        rate = items / result["seconds"]
        peaks = ", ".join(f"{k} {v:.0f} MiB" for k, v in result["peaks_mib"].items())
        print(f"{engine:>5}: {result['seconds']:.1f} s, {rate:.2f} items/s; peak memory per worker: {peaks}; ")
        print(f"       publishing process {result['driver_mib']:.0f} MiB; {result['line']}")
    if len(engines) == 2:
        a, b = work / "out-local", work / "out-ray"
        names = sorted(p.name for p in a.iterdir() if not p.name.startswith("."))
        same = names == sorted(p.name for p in b.iterdir() if not p.name.startswith("."))
        same = same and all((a / n).read_bytes() == (b / n).read_bytes() for n in names)
        print(f"outputs of the two engines byte-identical: {same} ({len(names)} files)")


if __name__ == "__main__":
    main()
