"""The labelled key-term set (tests/data/keyterm_labels.jsonl): its integrity, that the
.md reports the counts of the file, and -- with ../shared -- that the labelled days give
exactly the labelled terms today, so the accuracy the README states stays true."""

from __future__ import annotations

import re
import tempfile
from collections import Counter
from pathlib import Path

import pytest

from benchmarks.bench_keyterms import LABEL_KINDS, counts, items_of, library_rows, load_labels
from benchmarks.summary_sets import TUNE_BEFORE, excluded_days
from tests.conftest import ROOT, needs_shared

LABELS = ROOT / "tests" / "data" / "keyterm_labels.jsonl"
GUIDE = ROOT / "tests" / "data" / "keyterm_labels.md"
TERM_FIELDS = {"id", "term", "gloss", "source", "label", "set", "emitted_by"}
PERSON_FIELDS = {"id", "term", "label", "set"}
SOURCES = {"glossary", "CC-CEDICT", "pinyin", "transliteration", "title"}
LAST = 22  # the newest numbered version of the key-term code; ``after`` is this checkout's
CODES = ("before", *(f"v{i}" for i in range(1, LAST + 1)), "after")  # before issue #22, its versions, this one


def since(first: int) -> tuple[str, ...]:
    """The versions a set measured from ``first`` on: each later one was built on its days, and this code."""
    return (*(f"v{i}" for i in range(first, LAST + 1)), "after")


# Per set, the code versions its labels cover (the first one measured it unseen; keyterm_labels.md)
SETS = {
    "A": ("before", "v1", "v3", *since(8)),
    "B": ("before", "v1", "v2", "v3", *since(8)),
    "C": ("before", "v3", *since(8)),
    "D": ("v3", "v4", "v5", *since(8)),
    "E": ("v6", *since(8)),
    "F": since(7),
    "G": since(8),
    "H": since(9),
    "I": since(10),
    "J": since(11),
    "K": since(12),
    "L": since(13),
    "M": since(14),
    "N": since(15),
    "O": since(17),
    "P": since(21),
    "Q": since(23),
}


def rows() -> list[dict]:
    return load_labels(LABELS)


def test_every_line_is_a_label_and_nothing_else():
    data = rows()
    for r in data:
        if r["label"] == "person":
            assert set(r) == PERSON_FIELDS, r
        else:
            assert set(r) == TERM_FIELDS, r
            assert r["label"] in LABEL_KINDS and r["source"] in SOURCES, r
            assert r["emitted_by"] and set(r["emitted_by"]) <= set(SETS[r["set"]]), r
        assert r["set"] in SETS, r
        assert r["term"].strip() and len(r["term"]) <= 60, r  # a name, never article text
        assert re.fullmatch(r"xwlb-\d{8}-\w+", r["id"]), r


def test_each_term_and_person_is_labelled_once():
    keys = Counter((r["id"], r["term"], r.get("gloss")) for r in rows())
    assert [k for k, n in keys.items() if n > 1] == []


def test_the_labelled_days_are_test_days_and_each_day_is_in_one_set():
    """Reported on days after the tuning cut, never a day of xwlb_pages or its neighbours;
    eight days a set (nine for E and H, whose eight gave fewer than 300 terms)."""
    pages = excluded_days()
    set_of: dict[str, str] = {}
    for r in rows():
        day = r["id"].split("-")[1]
        assert day >= TUNE_BEFORE and day not in pages, r
        assert set_of.setdefault(day, r["set"]) == r["set"], r
    assert Counter(set_of.values()) == {
        "A": 8,
        "B": 8,
        "C": 8,
        "D": 8,
        "E": 9,
        "F": 8,
        "G": 8,
        "H": 9,
        "I": 8,
        "J": 8,
        "K": 8,
        "L": 9,
        "M": 8,
        "N": 9,
        "O": 8,
        "P": 8,
        "Q": 8,
    }


def test_the_guide_reports_the_counts_of_the_file():
    """The table of keyterm_labels.md is the file's: one row per set and code."""
    table = {}
    row = re.compile(
        rf"^\| ([{''.join(SETS)}]) \| `(\w+)`[^|]*\| (\d+) \| (\d+) \| (\d+) \| (\d+) \| (\d+) \| ([\d.]+)% \| (?:(\d+) of (\d+)|not listed) \|$",
        re.M,
    )
    for m in row.finditer(GUIDE.read_text("utf-8")):
        table[m.group(1), m.group(2)] = m.groups()[2:]
    data = rows()
    assert set(table) == {(s, code) for s, codes in SETS.items() for code in codes}
    for (s, code), (n, correct, fragment, wrong, common, accuracy, found, people) in table.items():
        c = counts([r for r in data if r["set"] == s], code)
        assert (int(n), int(correct), int(fragment), int(wrong), int(common)) == (
            c["n"],
            c["correct"],
            c["fragment"],
            c["wrong"],
            c["common"],
        ), (s, code)
        assert float(accuracy) == round(100 * c["correct"] / c["n"], 1), (s, code)
        if people is None:  # the set's people were not listed
            assert c["people"] == 0, (s, code)
        else:
            assert (int(found), int(people)) == (c["people_with_a_key_term"], c["people"]), (s, code)


@pytest.mark.shared
def test_the_labelled_days_give_exactly_the_labelled_terms():
    """Built again (the library, as ``briefing build`` does), the labelled days of every set
    give the terms labelled ``after``: a change of the key terms must relabel what it changes."""
    needs_shared("data", "xwlb_headline_train", "data.jsonl")
    data = rows()
    days = sorted({r["id"].split("-")[1] for r in data})
    by_day = items_of(set(days))
    with tempfile.TemporaryDirectory() as tmp:
        built = [r for day in days for r in library_rows(day, by_day[day], Path(tmp))]
    got = sorted((r["id"], r["term"], r["gloss"], r["source"]) for r in built)
    want = sorted((r["id"], r["term"], r["gloss"], r["source"]) for r in data if "after" in r.get("emitted_by", ()))
    assert got == want
    people = {r["id"] for r in data if r["label"] == "person"}
    assert people <= {item["id"] for day in days for item in by_day[day]}
