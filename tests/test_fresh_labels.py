"""The fresh held-out sets of issue #21 (``tests/data/event_days_*.jsonl``, ``section_labels_fresh.jsonl``;
see ``event_days_fresh.md`` and ``section_labels_fresh.md``).

Without ../shared: the files hold ids and labels only, each day's events are numbered as the guide says, the
fresh sets share no day with the sets the methods were tuned on, and the guides' counts are the files'.  With
../shared: every labelled day is complete and in data order, and the files are exactly the seeded draws of
``benchmarks/fresh_sets.py``.
"""

from __future__ import annotations

import json
import re
import sys
from collections import Counter
from itertools import combinations

import pytest

from briefing.config import SECTION_KEYS
from tests.conftest import ROOT, needs_shared

DATA = ROOT / "tests" / "data"
EVENT_FILES = (
    "event_days_fresh.jsonl",
    "event_days_more.jsonl",
    "event_days_agree.jsonl",
    "event_days_more2.jsonl",
    "event_days_more3.jsonl",
)
_ID = re.compile(r"^xwlb-(\d{8})-[A-Za-z0-9]+$")
TEST_FROM = "20250301"


def rows(name: str) -> list[dict]:
    return [json.loads(line) for line in (DATA / name).read_text("utf-8").splitlines()]


def day(item_id: str) -> str:
    m = _ID.match(item_id)
    assert m, item_id
    return m.group(1)


def days_in(*names: str) -> set[str]:
    return {m for name in names for m in re.findall(r"xwlb-(\d{8})-", (DATA / name).read_text("utf-8"))}


def same_day_pairs(name: str) -> tuple[int, int]:
    by_day: dict[str, list[str]] = {}
    for r in rows(name):
        by_day.setdefault(day(r["id"]), []).append(r["event"])
    pairs = [a == b for events in by_day.values() for a, b in combinations(events, 2)]
    return len(pairs), sum(pairs)


@pytest.mark.parametrize("name", EVENT_FILES)
def test_event_days_hold_ids_and_day_numbered_events_only(name):
    seen: set[str] = set()
    numbers: dict[str, list[int]] = {}
    for r in rows(name):
        assert set(r) == {"id", "date", "event"}, r
        d = day(r["id"])
        assert r["date"] == f"{d[:4]}-{d[4:6]}-{d[6:]}" and d >= TEST_FROM, r
        assert r["id"] not in seen, r
        seen.add(r["id"])
        label_day, k = r["event"].split("-")
        assert label_day == d, r
        numbers.setdefault(d, []).append(int(k))
    for d, ks in numbers.items():  # numbered from 1 in order of first appearance, no gaps
        first = list(dict.fromkeys(ks))
        assert first == list(range(1, len(first) + 1)), d


def test_the_fresh_days_were_never_in_a_tuned_event_set_and_the_sets_are_apart():
    earlier = days_in("event_pairs.jsonl", "event_pairs_natural.jsonl")
    fresh, more, agree, more2, more3 = (days_in(name) for name in EVENT_FILES)
    assert not fresh & earlier
    assert not more & fresh and not more2 & (fresh | more) and not more3 & (fresh | more | more2)
    assert agree <= fresh and len(agree) == 20
    assert len(fresh) == 71 and len(more) == 100 and len(more2) == len(more3) == 40


def test_the_guide_reports_the_counts_of_the_event_files():
    guide = (DATA / "event_days_fresh.md").read_text("utf-8")
    n, same = same_day_pairs("event_days_fresh.jsonl")
    assert (n, same) == (1746, 26)
    assert f"{n:,} (26 same-event)" in guide and f"| {len(rows('event_days_fresh.jsonl'))} |" in guide
    assert f"| {len(rows('event_days_more.jsonl'))} |" in guide
    assert f"| {len(rows('event_days_more2.jsonl'))} |" in guide
    assert f"| {len(rows('event_days_more3.jsonl'))} |" in guide


def test_section_labels_fresh_are_labels_of_unseen_days_only():
    earlier_ids = {r["id"] for name in ("section_labels.jsonl", "section_labels_more.jsonl") for r in rows(name)}
    earlier_days = days_in("section_labels.jsonl", "section_labels_more.jsonl")
    labels = rows("section_labels_fresh.jsonl")
    assert len(labels) == len({r["id"] for r in labels}) == 400
    for r in labels:
        assert set(r) <= {"id", "date", "section", "part", "ambiguous", "note"}, r
        assert r["section"] in SECTION_KEYS and r["part"] == "fresh", r
        assert r["id"] not in earlier_ids and day(r["id"]) not in earlier_days and day(r["id"]) >= TEST_FROM, r
        assert r.get("note", "").isascii(), r  # a short English note, never the story's text


def test_the_section_guide_reports_the_counts_of_the_file():
    guide = (DATA / "section_labels_fresh.md").read_text("utf-8")
    for key, n in Counter(r["section"] for r in rows("section_labels_fresh.jsonl")).items():
        assert re.search(rf"^\|\s*`?{key}`?\s*\|\s*{n}\s*\|", guide, re.M), key


@pytest.mark.parametrize(
    ("name", "part", "before"),
    [
        ("followup_pairs_fresh.jsonl", "fresh", ()),
        ("followup_pairs_fresh2.jsonl", "fresh2", ("followup_pairs_fresh.jsonl",)),
        ("followup_pairs_fresh3.jsonl", "fresh3", ("followup_pairs_fresh.jsonl", "followup_pairs_fresh2.jsonl")),
        ("followup_pairs_fresh3b.jsonl", "fresh3b", ("followup_pairs_fresh.jsonl", "followup_pairs_fresh2.jsonl")),
    ],
)
def test_followup_pairs_fresh_are_new_pairs_of_unseen_dates_labelled_by_the_rules_labels(name, part, before):
    earlier = {(r["earlier"]["id"], r["later"]["id"]) for n in ("followup_pairs.jsonl", *before) for r in rows(n)}
    labels = rows(name)
    assert len(labels) == len({(r["earlier"]["id"], r["later"]["id"]) for r in labels}) == 350
    for r in labels:
        assert set(r) == {"earlier", "later", "label", "part", "stratum"} and r["part"] == part, r
        assert r["label"] in {"follow-up", "repeat", "different"} and r["stratum"] in {"entity", "enriched"}, r
        a, b = day(r["earlier"]["id"]), day(r["later"]["id"])
        assert TEST_FROM <= a < b and (r["earlier"]["id"], r["later"]["id"]) not in earlier, r


@pytest.mark.shared
def test_every_labelled_day_is_whole_and_in_data_order():
    path = needs_shared("data", "xwlb_headline_train", "data.jsonl")
    by_day: dict[str, list[str]] = {}
    for line in path.read_text("utf-8").splitlines():
        item_id = json.loads(line)["id"]
        by_day.setdefault(day(item_id), []).append(item_id)
    for name in EVENT_FILES:
        got: dict[str, list[str]] = {}
        for r in rows(name):
            got.setdefault(day(r["id"]), []).append(r["id"])
        for d, ids in got.items():
            assert ids == by_day[d], (name, d)


@pytest.mark.shared
def test_the_files_are_the_seeded_draws():
    needs_shared("data", "xwlb_headline_train", "data.jsonl")
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        from fresh_sets import draw
    finally:
        sys.path.remove(str(ROOT / "benchmarks"))
    drawn = draw()
    for name in EVENT_FILES:
        assert sorted(days_in(name)) == drawn[name.removesuffix(".jsonl")], name
    assert [r["id"] for r in rows("section_labels_fresh.jsonl")] == drawn["section_labels_fresh"]


@pytest.mark.shared
@pytest.mark.timeout(300)
def test_the_followup_pairs_are_the_seeded_draw():
    needs_shared("data", "xwlb_headline_train", "data.jsonl")
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        from fresh_sets import draw_followups

        drawn = draw_followups()
        drawn2 = draw_followups(seed="fresh-followups-2", skip=("followup_pairs_fresh.jsonl",))
        drawn3 = draw_followups(
            seed="fresh-followups-3", skip=("followup_pairs_fresh.jsonl", "followup_pairs_fresh2.jsonl")
        )
    finally:
        sys.path.remove(str(ROOT / "benchmarks"))
    for name, expected in (
        ("followup_pairs_fresh.jsonl", drawn),
        ("followup_pairs_fresh2.jsonl", drawn2),
        ("followup_pairs_fresh3.jsonl", drawn3),
        ("followup_pairs_fresh3b.jsonl", drawn3),
    ):
        got = [{"earlier": r["earlier"]["id"], "later": r["later"]["id"], "stratum": r["stratum"]} for r in rows(name)]
        assert got == expected, name


def test_the_third_sets_two_readers_agree_as_its_guide_says():
    """The two readers of the third fresh set labelled the same pairs; the .md states their counts and
    agreement, which are the files' (follow-up or repeat against different)."""
    first, second = rows("followup_pairs_fresh3.jsonl"), rows("followup_pairs_fresh3b.jsonl")
    pairs = [(r["earlier"]["id"], r["later"]["id"]) for r in first]
    assert pairs == [(r["earlier"]["id"], r["later"]["id"]) for r in second]
    a = [r["label"] != "different" for r in first]
    b = [r["label"] != "different" for r in second]
    n, agree = len(a), sum(x == y for x, y in zip(a, b, strict=True))
    p_a, p_b = sum(a) / n, sum(b) / n
    chance = p_a * p_b + (1 - p_a) * (1 - p_b)
    kappa = (agree / n - chance) / (1 - chance)
    guide = (DATA / "followup_pairs_fresh3.md").read_text("utf-8")
    assert f"First reader (`followup_pairs_fresh3.jsonl`, the set's labels): {sum(a)} follow-ups" in guide
    assert f"Second reader (`followup_pairs_fresh3b.jsonl`): {sum(b)} follow-ups" in guide
    assert f"{agree} of {n} pairs, Cohen's kappa {kappa:.2f}" in guide
