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


def test_a_date_only_feedparser_could_read_keeps_its_time_of_day_in_utc():
    import time

    from briefing.web.discover import _feed_date

    parsed = time.struct_time((2025, 7, 8, 9, 30, 15, 1, 189, 0))
    assert _feed_date("no date we can read", parsed) == "2025-07-08T09:30:15+00:00"
    assert _feed_date(None, parsed) == "2025-07-08T09:30:15+00:00"
    assert _feed_date("no date", None) is None


def test_an_entry_date_only_feedparser_reads_is_kept_whether_published_or_updated():
    for tag in ("pubDate", "updated"):
        feed = (
            HEAD
            + f"<item><title>x</title><link>https://news.example.org/1</link><{tag}>2025-07-08 09:30:15 CST</{tag}></item></channel></rss>".encode()
        )
        [entry] = parse_feed(feed).entries
        assert entry.date is not None and entry.date.startswith("2025-07-08"), (tag, entry.date)
