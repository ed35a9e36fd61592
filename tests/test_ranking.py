"""Ranking (issue #21): coverage leads, recency counts by day and, where the time is known, within the day;
``score_parts`` carry each part.  Built through the CLI on written days (no text of the research sets)."""

from __future__ import annotations

import pytest

from briefing.metadata import time_of_day
from tests.test_events import FIRSTS, QUAKE, SECONDS, build, story

DAY = "2025-07-08"
CULTURE = ("暑期文化活动丰富多彩 各地场馆迎来众多家庭", "暑期到来，各地图书馆、博物馆推出丰富多彩的文化活动，众多家庭参与其中。")


def test_an_event_two_sources_carry_outranks_one_source_s_two_reports_higher_on_its_page(tmp_path):
    """Two reports either way, so ``reports`` is equal: only the distinct sources tell them apart.  The
    single-source pair leads its page (position 0 and 1), the two-source event is each page's third story;
    ignoring coverage, or counting the lead's own source only, puts the single-source pair first."""
    rows = [
        story(*QUAKE[0], source="甲台", n=0),
        story(*QUAKE[1], source="甲台", n=1),
        story(*FIRSTS[0], source="乙台", n=2),
        story(*SECONDS[0], source="乙台", n=3),
        story(*FIRSTS[1], source="乙台", n=4),
        story(*FIRSTS[2], source="丙台", n=5),
        story(*SECONDS[1], source="丙台", n=6),
        story(*CULTURE, source="丙台", n=7),
    ]
    items = build(tmp_path, rows)
    single, double = items[QUAKE[0][0]]["_briefing"], items[FIRSTS[1][0]]["_briefing"]
    assert single["related_ids"] and double["related_ids"], (single, double)  # both are events of two reports
    assert double["score_parts"]["reports"] == single["score_parts"]["reports"]
    assert double["score_parts"]["coverage"] > single["score_parts"]["coverage"] == 0
    assert double["score"] > single["score"]


def _timed(tmp_path, early: str, late: str) -> tuple[dict, dict]:
    """Two stories of one source and day, the earlier published first on the page."""
    rows = [story(*FIRSTS[0], date=early, n=0), story(*SECONDS[0], date=late, n=1)]
    items = build(tmp_path, rows, day=DAY)
    return items[FIRSTS[0][0]]["_briefing"], items[SECONDS[0][0]]["_briefing"]


def test_a_report_published_later_in_the_day_is_more_recent(tmp_path):
    """Half a day later counts a third of the recency part (1 / (1 + 0.5) against 1): enough to lift the
    evening story above the morning one printed above it."""
    morning, evening = _timed(tmp_path, f"{DAY}T08:00:00+08:00", f"{DAY}T20:00:00+08:00")
    assert evening["score_parts"]["recency"] == 0.5
    assert morning["score_parts"]["recency"] == pytest.approx(0.5 / 1.5, abs=1e-3)
    assert morning["score_parts"]["position"] > evening["score_parts"]["position"]
    assert evening["score"] > morning["score"]
    assert morning["date"] == evening["date"] == DAY  # still one day: the time moves a story within it only


def test_a_story_whose_time_is_unknown_loses_nothing_within_its_day(tmp_path):
    """A bare date beside a timed story of the same day is as recent as the day's latest; a story a day
    behind stays behind a whole day whatever its time."""
    bare, timed = _timed(tmp_path, DAY, f"{DAY}T23:59:00+08:00")
    assert bare["score_parts"]["recency"] == timed["score_parts"]["recency"] == 0.5
    (tmp_path / "b").mkdir()
    late_yesterday, today = _timed(tmp_path / "b", "2025-07-07T23:59:00+08:00", f"{DAY}T00:01:00+08:00")
    assert late_yesterday["score_parts"]["recency"] == 0.25 and today["score_parts"]["recency"] == 0.5


@pytest.mark.parametrize(
    ("value", "time"),
    [
        ("2025-07-08T07:30:00+08:00", "07:30"),
        ("2025-07-08 23:59", "23:59"),
        ("2025年7月8日 9:05", "09:05"),
        ("2025-07-08", None),
        ("2025-07-08T24:00", None),
        ("2025-07-08T07:60", None),
        ("2025-07-08T07:305", None),
        ("2025-07-08T" + "0" * 100, None),
    ],
)
def test_the_time_of_day_is_read_from_a_date_time_only(value, time):
    assert time_of_day(value) == time
