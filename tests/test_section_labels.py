"""The labelled section set (tests/data/section_labels.jsonl): its integrity, and that it is
exactly the seeded sample it says it is, resolved against ../shared."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections import Counter

import pytest

from benchmarks.sample_section_items import recheck_ids, sample, sample_more
from benchmarks.summary_sets import TUNE_BEFORE, excluded_days
from briefing.config import SECTION_KEYS
from tests.conftest import ROOT, needs_shared

LABELS = ROOT / "tests" / "data" / "section_labels.jsonl"
GUIDE = ROOT / "tests" / "data" / "section_labels.md"
FIELDS = {"id", "date", "section", "part"}
OPTIONAL = {"ambiguous", "note"}
COMMON = [k for k in SECTION_KEYS if k != "other"]  # every part must hold each of these


def rows() -> list[dict]:
    return [json.loads(line) for line in LABELS.read_text("utf-8").splitlines()]


def test_every_line_is_a_label_and_nothing_else():
    data = rows()
    assert len(data) >= 400
    for r in data:
        assert FIELDS <= set(r) <= FIELDS | OPTIONAL, r
        assert r["section"] in SECTION_KEYS, r
        assert r["part"] in {"tune", "test"}, r
        if "ambiguous" in r or "note" in r:  # a doubt is flagged and explained, never one without the other
            assert r.get("ambiguous") is True and r.get("note", "").strip(), r
    # references only: the file is ASCII, so no Chinese text of the research set was copied into it
    assert LABELS.read_bytes().isascii()


def test_ids_are_unique():
    ids = [r["id"] for r in rows()]
    assert len(ids) == len(set(ids))


def test_parts_follow_the_date_rule():
    cut = dt.datetime.strptime(TUNE_BEFORE, "%Y%m%d").date()
    for r in rows():
        day = dt.date.fromisoformat(r["date"])  # raises on anything but YYYY-MM-DD
        assert r["part"] == ("tune" if day < cut else "test"), r
        assert r["id"].startswith(f"xwlb-{day:%Y%m%d}-"), r  # the id carries the broadcast day


def test_each_part_holds_every_common_section():
    seen = Counter((r["part"], r["section"]) for r in rows())
    for part in ("tune", "test"):
        for key in COMMON:
            assert seen[part, key] > 0, (part, key)


def test_the_guide_reports_the_counts_of_the_file():
    """The count table of section_labels.md is the file's: one row per section, then a total row."""
    table = {}
    for m in re.finditer(r"^\| `(\w+)` \| (\d+) \| (\d+) \| (\d+) \|$", GUIDE.read_text("utf-8"), re.M):
        table[m.group(1)] = tuple(int(g) for g in m.groups()[1:])
    counts = Counter((r["section"], r["part"]) for r in rows())
    for key in SECTION_KEYS:
        tune, test = counts[key, "tune"], counts[key, "test"]
        assert table[key] == (tune, test, tune + test), key
    parts = Counter(r["part"] for r in rows())
    assert table["all"] == (parts["tune"], parts["test"], len(rows()))


@pytest.mark.shared
def test_every_label_resolves_in_shared_with_its_date():
    path = needs_shared("data", "xwlb_headline_train", "data.jsonl")
    dates = {}
    with path.open(encoding="utf-8") as f:
        for line in f:
            item = json.loads(line)
            dates[item["id"]] = item["date"]
    skip = excluded_days(path.parent.parent)
    for r in rows():
        assert r["id"] in dates, r
        assert dates[r["id"]] == r["date"].replace("-", ""), r
        assert dates[r["id"]] not in skip, r  # never a day of the xwlb_pages report set or its neighbours


@pytest.mark.shared
def test_the_labelled_items_are_the_seeded_sample():
    data = needs_shared("data")
    drawn = sample(data)
    assert [{k: r[k] for k in ("id", "date", "part")} for r in rows()] == drawn
    again = recheck_ids([r["id"] for r in drawn])
    assert len(again) == round(len(drawn) / 10) and set(again) <= {r["id"] for r in drawn}


# --- the further tune items (tests/data/section_labels_more.jsonl) ---------------------------------------------

MORE = ROOT / "tests" / "data" / "section_labels_more.jsonl"


def more_rows() -> list[dict]:
    return [json.loads(line) for line in MORE.read_text("utf-8").splitlines()]


def test_the_further_items_are_labels_of_the_tune_period_only():
    """Every further item is a tune item dated before TUNE_BEFORE (the test part is never added to), none is
    in the first set, and the file holds references only."""
    cut = dt.datetime.strptime(TUNE_BEFORE, "%Y%m%d").date()
    data = more_rows()
    assert len(data) >= 400
    first = {r["id"] for r in rows()}
    for r in data:
        assert FIELDS <= set(r) <= FIELDS | OPTIONAL, r
        assert r["section"] in SECTION_KEYS and r["part"] == "tune", r
        assert dt.date.fromisoformat(r["date"]) < cut, r
        assert r["id"].startswith(f"xwlb-{dt.date.fromisoformat(r['date']):%Y%m%d}-"), r
        assert r["id"] not in first, r
        if "ambiguous" in r or "note" in r:
            assert r.get("ambiguous") is True and r.get("note", "").strip(), r
    assert len({r["id"] for r in data}) == len(data)
    assert MORE.read_bytes().isascii()


def test_the_guide_reports_the_counts_of_the_further_items():
    """The two-column count table of section_labels.md (further items) is the file's."""
    table = {m.group(1): int(m.group(2)) for m in re.finditer(r"^\| `(\w+)` \| (\d+) \|$", GUIDE.read_text("utf-8"), re.M)}
    counts = Counter(r["section"] for r in more_rows())
    assert table == {**{k: counts[k] for k in SECTION_KEYS}, "all": len(more_rows())}


@pytest.mark.shared
def test_the_further_items_are_their_seeded_draws():
    data = needs_shared("data")
    assert [{k: r[k] for k in ("id", "date", "part")} for r in more_rows()] == sample_more(data)
