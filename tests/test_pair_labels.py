"""The labelled pair sets of issue #21: event grouping (``event_pairs_natural.jsonl``) and
follow-ups (``followup_pairs.jsonl``), documented in ``tests/data/event_pairs_natural.md``.

Without ../shared: the files hold references and labels only, every pair is unique,
its dates (read from the ids) fit its window and its part, and the counts meet
the minimums the set was built for.  With ../shared: every id resolves to an item
of that date, the seeded generator (``benchmarks/pair_candidates.py``) draws exactly
the labelled pairs, and the event set reads with the loader of ``event_pairs.jsonl``.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections import Counter
from pathlib import Path

import pytest

from tests.conftest import SHARED, needs_shared

ROOT = Path(__file__).resolve().parent.parent
EVENTS = ROOT / "tests" / "data" / "event_pairs_natural.jsonl"
DOC = ROOT / "tests" / "data" / "event_pairs_natural.md"
FOLLOWUPS = ROOT / "tests" / "data" / "followup_pairs.jsonl"
SET = "xwlb_headline_train"
PAGE_DAYS = {"20220924", "20230223", "20230723", "20231221", "20240520"}  # ../shared/data/xwlb_pages
TEST_FROM = "20250301"
FOLLOWUP_LABELS = {"follow-up", "repeat", "different"}
_ID = re.compile(r"^xwlb-(\d{8})-[A-Za-z0-9]+$")


def rows(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text("utf-8").splitlines()]


def events() -> list[dict]:
    return rows(EVENTS)


def followups() -> list[dict]:
    return rows(FOLLOWUPS)


def day_of(ref: dict) -> dt.date:
    m = _ID.match(ref["id"])
    assert m, ref
    d = m.group(1)
    return dt.date(int(d[:4]), int(d[4:6]), int(d[6:]))


def sides(kind: str) -> tuple[str, str]:
    return ("a", "b") if kind == "events" else ("earlier", "later")


def both() -> list[tuple[str, list[dict]]]:
    return [("events", events()), ("followups", followups())]


def test_records_hold_references_and_labels_only():
    keys = {
        "events": {"a", "b", "same", "part", "stratum"},
        "followups": {"earlier", "later", "label", "part", "stratum"},
    }
    for kind, recs in both():
        x, y = sides(kind)
        for r in recs:
            assert set(r) == keys[kind], r
            for ref in (r[x], r[y]):
                assert set(ref) == {"set", "id"} and ref["set"] == SET, r
            assert r["part"] in {"tune", "test"}, r
            assert r["stratum"] in {"entity", "random", "enriched"}, r
            if kind == "events":
                assert isinstance(r["same"], bool), r
            else:
                assert r["label"] in FOLLOWUP_LABELS, r


def test_every_pair_is_unique_in_its_set_and_joins_two_stories():
    for kind, recs in both():
        x, y = sides(kind)
        seen: set[frozenset[str]] = set()
        for r in recs:
            pair = frozenset((r[x]["id"], r[y]["id"]))
            assert len(pair) == 2, r
            assert pair not in seen, r
            seen.add(pair)


def test_dates_fit_the_window_the_part_and_leave_out_page_days():
    windows = {"events": (0, 1), "followups": (1, 7)}
    for kind, recs in both():
        x, y = sides(kind)
        low, high = windows[kind]
        for r in recs:
            first, second = day_of(r[x]), day_of(r[y])
            assert low <= (second - first).days <= high, r
            dates = {first.strftime("%Y%m%d"), second.strftime("%Y%m%d")}
            assert not dates & PAGE_DAYS, r
            if all(d < TEST_FROM for d in dates):
                assert r["part"] == "tune", r
            elif all(d >= TEST_FROM for d in dates):
                assert r["part"] == "test", r
            else:
                pytest.fail(f"pair straddles {TEST_FROM}: {r}")


def test_counts_meet_the_minimums_in_both_parts():
    ev = events()
    assert len(ev) >= 1000
    assert sum(r["same"] for r in ev) >= 150
    for part in ("tune", "test"):
        assert sum(r["same"] for r in ev if r["part"] == part) >= 60, part
    natural = [r for r in ev if r["stratum"] != "enriched"]
    assert 0.15 <= sum(r["stratum"] == "random" for r in natural) / len(natural) <= 0.25

    fu = followups()
    assert len(fu) >= 500
    assert sum(r["label"] == "follow-up" for r in fu) >= 100
    for part in ("tune", "test"):
        assert sum(r["label"] == "follow-up" for r in fu if r["part"] == part) >= 60, part
    natural = [r for r in fu if r["stratum"] != "enriched"]
    assert len(natural) >= 500
    assert 0.15 <= sum(r["stratum"] == "random" for r in natural) / len(natural) <= 0.25


def test_the_count_tables_of_the_doc_match_the_files():
    doc = DOC.read_text("utf-8")
    ev_rows = re.findall(r"^\| (tune|test) \| (\w+) \| (\d+) \| (\d+) \|$", doc, re.M)
    fu_rows = re.findall(r"^\| (tune|test) \| (\w+) \| (\d+) \| (\d+) \| (\d+) \|$", doc, re.M)
    ev = Counter((r["part"], r["stratum"], r["same"]) for r in events())
    fu = Counter((r["part"], r["stratum"], r["label"]) for r in followups())
    assert {(p, s): (int(a), int(b)) for p, s, a, b in ev_rows} == {
        (p, s): (ev[(p, s, True)], ev[(p, s, False)]) for p, s, _ in ev
    }
    assert {(p, s): (int(a), int(b), int(c)) for p, s, a, b, c in fu_rows} == {
        (p, s): (fu[(p, s, "follow-up")], fu[(p, s, "repeat")], fu[(p, s, "different")]) for p, s, _ in fu
    }


@pytest.mark.shared
def test_every_id_resolves_to_an_item_of_its_date():
    data = needs_shared("data", SET, "data.jsonl")
    dates = {}
    for line in data.read_text("utf-8").splitlines():
        obj = json.loads(line)
        dates[obj["id"]] = obj["date"]
    assert {p.stem[:8] for p in (SHARED / "data" / "xwlb_pages").glob("*.txt")} == PAGE_DAYS
    for kind, recs in both():
        x, y = sides(kind)
        for r in recs:
            for ref in (r[x], r[y]):
                assert ref["id"] in dates, ref
                assert dates[ref["id"]] == day_of(ref).strftime("%Y%m%d"), ref


@pytest.mark.shared
def test_the_seeded_generator_draws_exactly_the_labelled_pairs():
    from benchmarks import pair_candidates as pc

    needs_shared("data", SET, "data.jsonl")
    stories = pc.load_stories(SHARED)
    ents = {s.id: pc.entities(s) for s in stories}
    sim = pc.HeadlineSimilarity(stories)
    drawn = {
        "events": pc.candidates(stories, ents, sim, (0, pc.EVENT_DAYS), pc.EVENT_SIZES, "event"),
        "followups": pc.candidates(stories, ents, sim, pc.FOLLOWUP_DAYS, pc.FOLLOWUP_SIZES, "followup"),
    }
    for kind, recs in both():
        x, y = sides(kind)
        labelled = Counter((r[x]["id"], r[y]["id"], r["part"], r["stratum"]) for r in recs)
        assert labelled == Counter((a.id, b.id, part, s) for a, b, part, s in drawn[kind]), kind


@pytest.mark.shared
def test_the_event_set_reads_with_the_loader_of_the_earlier_set():
    from benchmarks.event_sets import load_event_pairs

    needs_shared("data", SET, "data.jsonl")
    ev = events()
    loaded = load_event_pairs(EVENTS, SHARED)
    assert [(p.same, p.part) for p in loaded] == [(r["same"], r["part"]) for r in ev]
