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
