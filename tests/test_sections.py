"""Sections (issue #21): the rules before the model, and the packaged model's provenance.

Headlines here are written for these tests (no text of the research sets).  How the sections score on the
labelled stories: ``benchmarks/train_sections.py --cv`` (tune part) and ``benchmarks/bench_events.py``
(held-out part).
"""

from __future__ import annotations

import json

from briefing.events import counterparts
from tests.conftest import ROOT
from tests.test_events import build, story

JOURNAL = "《北辰》杂志发表中共中央总书记重要文章《关于加强基层治理的若干思考》"
JOURNAL_LEAD = "今天出版的第3期《北辰》杂志发表中共中央总书记、国家主席的重要文章。"


def test_a_home_body_read_through_a_longer_phrase_is_no_foreign_counterpart(tmp_path):
    """``counterparts`` takes the words before an office title; when a journal "publishes the Central
    Committee's General Secretary's" article those words hold a home body, and the story is no foreign
    affair.  A foreign president in the same kind of headline still makes the story world news."""
    assert counterparts(JOURNAL) == frozenset()
    visit = "国家主席同南岭国总统通电话"
    assert counterparts(visit) == frozenset({"南岭国"})
    rows = [story(JOURNAL, JOURNAL_LEAD, n=0), story(visit, "国家主席同南岭国总统通电话，双方互致问候。", n=1)]
    got = {t: i["_briefing"]["section"] for t, i in build(tmp_path, rows).items()}
    assert got == {JOURNAL: "politics", visit: "world"}


def test_the_packaged_model_is_trained_on_the_tune_labels_and_nothing_else():
    """Its documents per section are exactly the tune items of the label files: a test item trained on, or
    a label file left out, changes the counts."""
    model = json.loads((ROOT / "briefing" / "sections.json").read_text("utf-8"))
    tune: dict[str, int] = dict.fromkeys(model["documents"], 0)
    for name in ("section_labels.jsonl", "section_labels_more.jsonl"):
        for line in (ROOT / "tests" / "data" / name).read_text("utf-8").splitlines():
            row = json.loads(line)
            if row["part"] == "tune":
                tune[row["section"]] += 1
    assert model["documents"] == tune
    assert sum(tune.values()) == 1284
