"""Key-term accuracy and cost, measured the way key terms ship (issue #22).

Whole days of ``xwlb_headline_train`` are built with the CLI (``briefing build``
from JSONL, no translator) and the key terms are read back from the day's JSON.
Days are drawn at random (seeded) from each part of the set's date split
(``summary_sets.TUNE_BEFORE``): the rules were designed on ``design`` days (before
it) and are reported on ``test`` days (on or after it), which were not looked at
while designing.  The days of xwlb_pages and their neighbours are never drawn.

    python -m benchmarks.bench_keyterms emit --part test           # one JSON row per key term
    python -m benchmarks.bench_keyterms score --set H              # accuracy against the labels of set H
    python -m benchmarks.bench_keyterms score --set C --repo DIR   # ... of another checkout's code
    python -m benchmarks.bench_keyterms show --part test           # unlabelled terms in context, to label
    python -m benchmarks.bench_keyterms time --items 1000          # per-article time of `briefing summarize`

Labels (``tests/data/keyterm_labels.jsonl``, how they were made:
``tests/data/keyterm_labels.md``) hold ids, terms, glosses and labels only.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from benchmarks.summary_sets import DATA, TUNE_BEFORE, excluded_days

ROOT = Path(__file__).resolve().parent.parent
LABELS = ROOT / "tests" / "data" / "keyterm_labels.jsonl"
SEED = 22  # issue #22
MIN_TERMS = 300  # test days are added (in their drawn order) until the current code emits this many
LABEL_KINDS = ("correct", "fragment", "wrong", "common")  # "person" rows count recall, not accuracy


def days(part: str, data: Path = DATA) -> list[str]:
    """Every day (YYYYMMDD) of the part, in a seeded random order."""
    skip = excluded_days(data)
    found: set[str] = set()
    with (data / "xwlb_headline_train" / "data.jsonl").open(encoding="utf-8") as f:
        for line in f:
            day = json.loads(line)["date"]
            if day not in skip and (day < TUNE_BEFORE) == (part == "design"):
                found.add(day)
    order = sorted(found)
    random.Random(f"{SEED}-{part}").shuffle(order)
    return order


def items_of(wanted: set[str], data: Path = DATA) -> dict[str, list[dict]]:
    """The items of the wanted days, by day, in file order."""
    out: dict[str, list[dict]] = {d: [] for d in wanted}
    with (data / "xwlb_headline_train" / "data.jsonl").open(encoding="utf-8") as f:
        for line in f:
            row = json.loads(line)
            if row["date"] in out:
                out[row["date"]].append(row)
    return out


def _iso(day: str) -> str:
    return f"{day[:4]}-{day[4:6]}-{day[6:]}"


def write_jsonl(rows: list[dict], path: Path) -> None:
    """The items as the CLI reads JSONL: id, headline as title, text, date, source."""
    with path.open("w", encoding="utf-8") as f:
        for r in rows:
            line = {"id": r["id"], "title": r["summary"], "text": r["article"], "date": _iso(r["date"])}
            f.write(json.dumps({**line, "source": "新闻联播"}, ensure_ascii=False) + "\n")


def _env(repo: Path, home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "BRIEFING_CONFIG"}
    return {**env, "PYTHONPATH": str(repo), "BRIEFING_HOME": str(home), "BRIEFING_LOAD_PLUGINS": ""}


def build_day(day: str, rows: list[dict], repo: Path, tmp: Path) -> list[dict]:
    """One day built by the CLI of ``repo`` (fresh state, no translator): a row per key term."""
    src, out, home = tmp / f"{day}.jsonl", tmp / f"out-{day}", tmp / f"home-{day}"
    write_jsonl(rows, src)
    cmd = [sys.executable, "-m", "briefing", "-q", "build", str(src), "--out", str(out), "--date", _iso(day)]
    subprocess.run([*cmd, "--formats", "json", "--no-translate"], env=_env(repo, home), check=True, cwd=repo)
    briefing = json.loads((out / f"{_iso(day)}.json").read_text("utf-8"))
    terms = []
    for item in briefing["items"]:
        for t in item["_briefing"].get("key_terms", []):
            terms.append({"id": item["id"], "term": t["term"], "gloss": t["gloss"], "source": t["source"]})
    return terms


def emit(part: str, repo: Path, n_days: int | None = None, min_terms: int = MIN_TERMS) -> list[dict]:
    """Key terms of the part's days in drawn order: ``n_days`` days, else until ``min_terms`` terms."""
    order = days(part)
    rows: list[dict] = []
    with tempfile.TemporaryDirectory() as tmp:
        taken = 0
        for start in range(0, len(order), 4):
            chunk = order[start : start + 4]
            by_day = items_of(set(chunk))
            for day in chunk:
                if (n_days is not None and taken >= n_days) or (n_days is None and len(rows) >= min_terms):
                    return rows
                rows += [{"day": day, **r} for r in build_day(day, by_day[day], repo, Path(tmp))]
                taken += 1
    return rows


def library_rows(day: str, rows: list[dict], tmp: Path) -> list[dict]:
    """The key terms of one day built by the library in this process (what ``build_day`` gets
    from the CLI, without starting it): for tests of the labelled set."""
    from briefing.api import build_briefing

    src = tmp / f"{day}.jsonl"
    write_jsonl(rows, src)
    briefing = build_briefing([str(src)], date=_iso(day))
    return [
        {"day": day, "id": s.article.id, "term": t.term, "gloss": t.gloss, "source": t.source}
        for s in briefing.stories
        for t in s.key_terms
    ]


def load_labels(path: Path = LABELS) -> list[dict]:
    return [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]


def counts(labels: list[dict], code: str) -> dict[str, int]:
    """The labels of the terms that ``code`` (before, v1, v2, after) emitted, and how many of
    the labelled people got a key term from it (give one set's labels)."""
    emitted = [r for r in labels if code in r.get("emitted_by", ())]
    out = {kind: sum(r["label"] == kind for r in emitted) for kind in LABEL_KINDS}
    out["n"] = len(emitted)
    terms = {(r["id"], r["term"]) for r in emitted}
    people = [r for r in labels if r["label"] == "person"]
    out["people"] = len(people)
    out["people_with_a_key_term"] = sum((r["id"], r["term"]) in terms for r in people)
    return out


def score(rows: list[dict], labels: list[dict]) -> dict:
    """Emitted terms against the labels: counts per label, accuracy, the unlabelled ones."""
    by_key = {(r["id"], r["term"], r["gloss"]): r["label"] for r in labels if r["label"] in LABEL_KINDS}
    counts: Counter[str] = Counter()
    unlabelled = []
    for r in rows:
        label = by_key.get((r["id"], r["term"], r["gloss"]))
        if label is None:
            unlabelled.append(r)
        else:
            counts[label] += 1
    n = sum(counts.values())
    ids = {r["id"] for r in rows}
    people = [r for r in labels if r["label"] == "person" and r["id"] in ids]
    emitted = {(r["id"], r["term"]) for r in rows}
    found = sum((p["id"], p["term"]) in emitted for p in people)
    return {
        "n": n,
        "stories": len(ids),
        "days": len({r["day"] for r in rows}),
        "counts": dict(counts),
        "accuracy": round(counts["correct"] / n, 4) if n else None,
        "unlabelled": unlabelled,
        "people": len(people),
        "people_with_a_key_term": found,
        "people_recall": round(found / len(people), 4) if people else None,
    }


def show(rows: list[dict], labels: list[dict], width: int = 14) -> None:
    """Each unlabelled key term with its story's headline and every use in context (for the labeller's eyes only)."""
    known = {(r["id"], r["term"], r["gloss"]) for r in labels}
    todo = [r for r in rows if (r["id"], r["term"], r["gloss"]) not in known]
    texts = {}
    for day_rows in items_of({r["day"] for r in todo}).values():
        texts.update({r["id"]: r for r in day_rows})
    for r in todo:
        item = texts[r["id"]]
        full = item["summary"] + "\n" + item["article"]
        bare = r["term"].strip("《》")
        print(f"\n== {r['id']} | {item['summary']}\n   {r['term']} -> {r['gloss']} [{r['source']}]")
        for m in list(re.finditer(re.escape(bare), full))[:4]:
            print("   …" + full[max(0, m.start() - width) : m.end() + width].replace("\n", " ") + "…")


def time_summarize(items: int, repo: Path, repeats: int) -> dict:
    """CPU time per article of ``briefing summarize`` (key terms included) on the first items, fresh state per run."""
    with tempfile.TemporaryDirectory() as tmp:
        rows = []
        with (DATA / "xwlb_headline_train" / "data.jsonl").open(encoding="utf-8") as f:
            for line in f:
                rows.append(json.loads(line))
                if len(rows) == items:
                    break
        src = Path(tmp) / "items.jsonl"
        write_jsonl(rows, src)
        cpu, wall = [], []
        for i in range(repeats):
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            start = time.perf_counter()
            cmd = [sys.executable, "-m", "briefing", "-q", "summarize", str(src), "--format", "json"]
            subprocess.run(cmd, env=_env(repo, Path(tmp) / f"home{i}"), check=True, cwd=repo, stdout=subprocess.DEVNULL)
            wall.append(time.perf_counter() - start)
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpu.append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
    return {
        "items": len(rows),
        "repeats": repeats,
        "cpu_ms_per_article": [round(1000 * c / len(rows), 2) for c in cpu],
        "cpu_ms_per_article_median": round(1000 * statistics.median(cpu) / len(rows), 2),
        "wall_ms_per_article_median": round(1000 * statistics.median(wall) / len(rows), 2),
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("command", choices=["emit", "score", "show", "time"])
    ap.add_argument("--part", choices=["design", "test"], default="test")
    ap.add_argument("--days", type=int, default=None, help="Days to build (default: until 300 key terms).")
    ap.add_argument("--day-list", default="", help="Comma list of days (YYYYMMDD) instead of drawn ones.")
    ap.add_argument("--repo", default=str(ROOT), help="The checkout whose code builds (default: this one).")
    ap.add_argument("--labels", default=str(LABELS))
    ap.add_argument("--set", default="", help="Score the days of one labelled set (A to Q; default: all).")
    ap.add_argument("--items", type=int, default=1000)
    ap.add_argument("--repeats", type=int, default=3)
    args = ap.parse_args(argv)
    repo = Path(args.repo).resolve()
    if args.command == "time":
        print(json.dumps(time_summarize(args.items, repo, args.repeats), indent=1))
        return 0
    labels = load_labels(Path(args.labels)) if Path(args.labels).exists() else []
    if args.set:
        labels = [r for r in labels if r.get("set") == args.set]
    if args.command == "score" and args.days is None and not args.day_list:  # the labelled days, exactly
        args.day_list = ",".join(sorted({r["id"].split("-")[1] for r in labels}))
    if args.day_list:
        rows: list[dict] = []
        with tempfile.TemporaryDirectory() as tmp:
            by_day = items_of(set(args.day_list.split(",")))
            for day in args.day_list.split(","):
                rows += [{"day": day, **r} for r in build_day(day, by_day[day], repo, Path(tmp))]
    else:
        rows = emit(args.part, repo, args.days)
    if args.command == "emit":
        for r in rows:
            print(json.dumps(r, ensure_ascii=False))
    elif args.command == "show":
        show(rows, labels)
    else:
        result = score(rows, labels)
        missing = result.pop("unlabelled")
        print(json.dumps(result, indent=1, ensure_ascii=False))
        for r in missing:
            print("unlabelled:", json.dumps(r, ensure_ascii=False), file=sys.stderr)
        return 1 if missing else 0
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
