"""Events, follow-ups and sections measured the way they ship: whole days built with the CLI, outputs read back.

For every labelled item of issue #21 (``tests/data/event_pairs_natural.jsonl``,
``followup_pairs.jsonl``, ``section_labels.jsonl``, see their ``.md``) the
stories of ``../shared/data/xwlb_headline_train`` are written as one JSONL file
per day (every item of that day, in broadcast order: the real composition of
the day, not just the pair) and built with ``briefing build`` (the click
command, run in this process) into a fresh output folder; what the product
decided is read back from the day's JSON only:

- **events**: a pair of the same or consecutive days is built as that one day
  or that day pair (both files, dated the later day); the two stories report
  one event when they have the same group (``event_lead``, or the story's own
  id when it leads);
- **follow-ups**: the earlier day is built first, then the later day into the
  same output folder; the pair is called a follow-up when the later story's
  ``status`` is ``follow-up`` and ``follows`` points at the earlier story or at
  a report of its event on that day (same ``event_lead`` group);
- **sections**: the labelled item's day is built and its ``section`` read.

Every build has a fresh output folder and a shared state folder (its cache of
summaries only speeds up re-runs).  Parts are reported apart; by default only
``tune`` is printed: the test part is for the final report (``--part test``).

    python benchmarks/bench_events.py [--part tune|test|both] [--only events,followups,sections]
                                      [--config FILE] [--dump FILE] [--work DIR]
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Iterable
from pathlib import Path

from event_sets import (
    IdPair,
    date_of,
    load_event_days,
    load_followup_pairs,
    load_natural_event_pairs,
    load_section_labels,
)

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data"
SHARED = ROOT.parent / "shared" / "data" / "xwlb_headline_train" / "data.jsonl"
SOURCE = "新闻联播"


class Builder:
    """Writes the days' JSONL files and builds day sets with the CLI, one fresh output folder per build."""

    def __init__(self, work: Path, config: Path | None) -> None:
        self.work = work
        self.home = work / "state"
        self.home.mkdir(parents=True, exist_ok=True)
        self.config = config
        self.days: dict[str, list[dict]] = defaultdict(list)
        with SHARED.open(encoding="utf-8") as f:
            for line in f:
                row = json.loads(line)
                self.days[date_of(row["id"])].append(row)
        self.built: dict[tuple[str, ...], dict[str, dict]] = {}
        self.builds = 0
        self.seconds = 0.0

    def day_file(self, day: str) -> Path:
        path = self.work / "days" / f"{day}.jsonl"
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            rows = [
                {"id": r["id"], "title": r["summary"], "text": r["article"], "date": day, "source": SOURCE}
                for r in self.days[day]
            ]
            path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), "utf-8")
        return path

    def build(self, days: Iterable[str], out: Path) -> dict[str, dict]:
        """Build ``days`` (dated the last) into ``out`` with ``briefing build``; the JSON's items by id."""
        from click.testing import CliRunner

        from briefing.cli import main

        days = sorted(days)
        args = ["-q", "build", *(str(self.day_file(d)) for d in days), "--out", str(out), "--date", days[-1]]
        args += ["--formats", "json"]
        env = {"BRIEFING_HOME": str(self.home), "BRIEFING_CONFIG": str(self.config) if self.config else ""}
        start = time.perf_counter()
        res = CliRunner(env=env).invoke(main, args)
        self.seconds += time.perf_counter() - start
        self.builds += 1
        if res.exit_code != 0:
            raise SystemExit(f"build of {days} exited {res.exit_code}: {res.output[-500:]}")
        doc = json.loads((out / f"{days[-1]}.json").read_text("utf-8"))
        items = {item["id"]: item for item in doc["items"]}
        for item in doc["items"]:  # a copy merged into another story is that story
            for merged in item["_briefing"]["merged_ids"]:
                items.setdefault(merged, item)
        return items

    def fresh(self, days: Iterable[str]) -> dict[str, dict]:
        """The day set built alone into a fresh folder (once per run)."""
        key = tuple(sorted(set(days)))
        if key not in self.built:
            out = self.work / "fresh" / "_".join(key)
            shutil.rmtree(out, ignore_errors=True)
            self.built[key] = self.build(key, out)
        return self.built[key]


def group_of(items: dict[str, dict], item_id: str) -> str:
    """The event a story was grouped into: its lead's id (its own when it leads; a merged copy's is its host's)."""
    item = items[item_id]
    return item["_briefing"].get("event_lead") or item["id"]


def prf(pairs: list[tuple[bool, bool]]) -> dict[str, float]:
    """Precision, recall, F1 of (predicted, labelled) pairs, with the counts."""
    tp = sum(p and g for p, g in pairs)
    fp = sum(p and not g for p, g in pairs)
    fn = sum(g and not p for p, g in pairs)
    precision = tp / (tp + fp) if tp + fp else float("nan")
    recall = tp / (tp + fn) if tp + fn else float("nan")
    f1 = 2 * precision * recall / (precision + recall) if tp else 0.0
    return {
        "n": len(pairs), "positive": tp + fn, "predicted": tp + fp, "tp": tp,
        "precision": precision, "recall": recall, "f1": f1,
    }  # fmt: skip


def line(name: str, r: dict[str, float]) -> str:
    return (
        f"  {name:24s} n={r['n']:4d} positive={r['positive']:3d} predicted={r['predicted']:3d}  "
        f"P {r['precision']:.3f}  R {r['recall']:.3f}  F1 {r['f1']:.3f}"
    )


def events(builder: Builder, pairs: list[IdPair], dump: list[dict]) -> dict[str, dict]:
    out: dict[str, list[tuple[bool, bool]]] = defaultdict(list)
    for p in pairs:
        items = builder.fresh({date_of(p.a), date_of(p.b)})
        said = group_of(items, p.a) == group_of(items, p.b)
        gold = p.label == "same"
        for key in (p.part, f"{p.part}/{p.stratum}"):
            out[key].append((said, gold))
        dump.append({"set": "events", "a": p.a, "b": p.b, "part": p.part, "stratum": p.stratum, "gold": gold,
                     "said": said})  # fmt: skip
    return {k: prf(v) for k, v in out.items()}


def followups(builder: Builder, pairs: list[IdPair], dump: list[dict]) -> dict[str, dict]:
    out: dict[str, list[tuple[bool, bool]]] = defaultdict(list)
    statuses: Counter[tuple[str, str]] = Counter()
    later_days: dict[tuple[str, str], dict[str, dict]] = {}
    for p in pairs:
        first, second = date_of(p.a), date_of(p.b)
        earlier = builder.fresh({first})
        if (first, second) not in later_days:
            folder = builder.work / "followup" / f"{first}_{second}"
            shutil.rmtree(folder, ignore_errors=True)
            builder.build([first], folder)
            later_days[(first, second)] = builder.build([second], folder)
        items = later_days[(first, second)]
        mark = items[p.b]["_briefing"]
        follows = mark.get("follows") or {}
        event = group_of(earlier, p.a)
        anchors = {i["_briefing"]["anchor"] for i in earlier.values() if group_of(earlier, i["id"]) == event}
        said = mark["status"] == "follow-up" and follows.get("date") == first and follows.get("anchor") in anchors
        gold = p.label == "follow-up"
        statuses[(p.label, mark["status"])] += 1
        natural = "natural" if p.stratum in {"entity", "random"} else p.stratum
        for key in dict.fromkeys((p.part, f"{p.part}/{natural}", f"{p.part}/{p.stratum}")):
            out[key].append((said, gold))
        dump.append({"set": "followups", "a": p.a, "b": p.b, "part": p.part, "stratum": p.stratum, "gold": gold,
                     "said": said, "status": mark["status"]})  # fmt: skip
    result = {k: prf(v) for k, v in out.items()}
    result["_statuses"] = {f"{g} -> {s}": n for (g, s), n in sorted(statuses.items())}
    return result


def sections(builder: Builder, labels: list, dump: list[dict]) -> dict[str, dict]:
    per: dict[str, Counter[str]] = defaultdict(Counter)
    confusion: dict[str, Counter[str]] = defaultdict(Counter)
    for item in labels:
        got = builder.fresh({item.date})[item.id]["_briefing"]["section"]
        for key in (item.part, f"{item.part}/{item.section}"):
            per[key]["n"] += 1
            per[key]["right"] += got == item.section
        confusion[item.part][f"{item.section}->{got}"] += 1
        dump.append({"set": "sections", "id": item.id, "part": item.part, "gold": item.section, "said": got})
    result: dict[str, dict] = {k: {"n": c["n"], "accuracy": c["right"] / c["n"]} for k, c in per.items()}
    for part, c in confusion.items():
        result[f"_confusion/{part}"] = dict(sorted(c.items()))
    return result


def _id_pairs(path: Path) -> list[IdPair]:
    """The ids of every pair of an earlier pair set (``event_pairs.jsonl`` refers to some stories by page, not id:
    those pairs are left out, as no day set refers to them)."""
    out = []
    for line in path.read_text("utf-8").splitlines():
        row = json.loads(line)
        if "id" in row["a"] and "id" in row["b"]:
            out.append(IdPair(row["a"]["id"], row["b"]["id"], "", "", ""))
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument(
        "--part", choices=["tune", "test", "both", "fresh"], default="tune",
        help="fresh: the sets labelled after the methods were frozen (event_days_*.jsonl, section_labels_fresh.jsonl)",
    )  # fmt: skip
    ap.add_argument("--only", default="events,followups,sections")
    ap.add_argument("--config", type=Path, help="a config file for every build (e.g. other editorial settings)")
    ap.add_argument("--dump", type=Path, help="write every pair's prediction (ids and labels only) here")
    ap.add_argument("--work", type=Path, help="working folder (default: a temporary one, removed after)")
    ap.add_argument("--json", type=Path, help="write the scores here")
    args = ap.parse_args()
    if not SHARED.exists():
        sys.exit(f"needs {SHARED}")
    parts = {"tune", "test"} if args.part == "both" else {args.part}
    work = args.work or Path(tempfile.mkdtemp(prefix="bench-events-"))
    builder = Builder(work, args.config)
    only = set(args.only.split(","))
    dump: list[dict] = []
    scores: dict[str, dict] = {}
    start = time.perf_counter()
    try:
        if "events" in only and args.part == "fresh":
            seen = {
                frozenset((p.a, p.b))
                for name in ("event_pairs_natural.jsonl", "event_pairs.jsonl")
                for p in _id_pairs(DATA / name)
            }
            pairs = load_event_days(DATA / "event_days_fresh.jsonl", "fresh-days")
            if (DATA / "event_days_more.jsonl").exists():
                pairs += load_event_days(DATA / "event_days_more.jsonl", "new-pairs-of-old-days", skip=seen)
            if (DATA / "event_days_more2.jsonl").exists():  # a second draw of such days, labelled later
                pairs += load_event_days(DATA / "event_days_more2.jsonl", "new-pairs-of-40-more-days", skip=seen)
            if (DATA / "event_days_more3.jsonl").exists():  # a third draw, labelled after the same-day rules of 06aaa5f
                pairs += load_event_days(DATA / "event_days_more3.jsonl", "new-pairs-of-40-later-days", skip=seen)
            scores["events"] = events(builder, pairs, dump)
        elif "events" in only:
            pairs = [p for p in load_natural_event_pairs(DATA / "event_pairs_natural.jsonl") if p.part in parts]
            scores["events"] = events(builder, pairs, dump)
        if "followups" in only:
            if args.part == "fresh":
                names = [
                    n
                    for n in (
                        "followup_pairs_fresh.jsonl",
                        "followup_pairs_fresh2.jsonl",
                        "followup_pairs_fresh3.jsonl",
                    )
                    if (DATA / n).exists()
                ]
                pairs = [p for n in names for p in load_followup_pairs(DATA / n)]
            else:
                pairs = [p for p in load_followup_pairs(DATA / "followup_pairs.jsonl") if p.part in parts]
            scores["followups"] = followups(builder, pairs, dump)
        if "sections" in only:
            name = "section_labels_fresh.jsonl" if args.part == "fresh" else "section_labels.jsonl"
            labels = [s for s in load_section_labels(DATA / name) if s.part in parts]
            scores["sections"] = sections(builder, labels, dump)
    finally:
        if not args.work:
            shutil.rmtree(work, ignore_errors=True)
    took = time.perf_counter() - start
    print(f"{builder.builds} builds with the CLI, {builder.seconds:.0f} s in builds, {took:.0f} s in all")
    for task, result in scores.items():
        print(task)
        for key, r in sorted(result.items()):
            if key.startswith("_"):
                print(f"  {key}: {r}")
            elif "accuracy" in r:
                print(f"  {key:24s} n={r['n']:4d}  accuracy {r['accuracy']:.3f}")
            else:
                print(line(key, r))
    if args.dump:
        args.dump.write_text("".join(json.dumps(d) + "\n" for d in dump), "utf-8")
    if args.json:
        args.json.write_text(json.dumps(scores, indent=1), "utf-8")


if __name__ == "__main__":
    main()
