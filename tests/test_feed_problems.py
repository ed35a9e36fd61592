"""A feed that breaks off says why (the parser's own words), whether it gave entries or none."""

from __future__ import annotations

import re

import pytest

from briefing.errors import BriefingError
from briefing.web.discover import parse_feed

HEAD = b'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>t</title>'


def test_a_feed_cut_off_before_any_entry_is_refused_naming_the_parsers_reason():
    with pytest.raises(BriefingError) as refused:
        parse_feed(HEAD)
    assert re.fullmatch(r"malformed feed \(.*no element found\)", str(refused.value)), refused.value


def test_a_feed_broken_after_an_entry_keeps_the_entry_and_names_the_reason():
    listing = parse_feed(
        HEAD + b"<item><title>x</title><link>https://news.example.org/1</link></item><item><title>y</titl>"
    )
    assert [e.url for e in listing.entries] == ["https://news.example.org/1"]
    [problem] = listing.problems
    assert re.fullmatch(r"malformed feed \(.*mismatched tag\); read the 1 entries found", problem), problem


def test_an_entry_date_is_read_by_the_projects_own_rules_never_by_feedparsers_guess():
    """feedparser's fallback read ``2025/07/08 09:30`` as 1 December 2025; the entry's own text decides."""
    from briefing.web.discover import _feed_date

    assert _feed_date("2025/07/08 09:30") == ("2025-07-08T09:30:00", None)
    assert _feed_date("no date we can read")[0] is None
    assert _feed_date(None) == (None, None)


def test_an_entry_date_with_a_zone_name_is_kept_whether_published_or_updated():
    for tag in ("pubDate", "updated"):
        feed = (
            HEAD
            + f"<item><title>x</title><link>https://news.example.org/1</link><{tag}>2025-07-08 09:30:15 CST</{tag}></item></channel></rss>".encode()
        )
        [entry] = parse_feed(feed).entries
        assert entry.date == "2025-07-08T09:30:15+08:00", (tag, entry.date)  # CST: China Standard Time
