"""The date a page declares (web/extract.declared_date): read from its date metadata only, never from a date
that happens to stand in other text of that metadata."""

from __future__ import annotations

import datetime as dt

import pytest
from lxml import html

from briefing.web.extract import declared_date

FETCHED = dt.date(2025, 7, 9)


def _date(head: str) -> str | None:
    return declared_date(html.fromstring(f"<html><head>{head}</head><body><p>正文</p></body></html>"), FETCHED)


@pytest.mark.parametrize(
    "head",
    [
        '<script type="application/ld+json">{"@type": "NewsArticle", "headline": "回顾2025-07-01的会议"}</script>',
        '<meta name="description_date" content="见2025-07-03的通知">',
        '<meta name="publishtime" content="2025-07-08 09:00">',
    ],
)
def test_a_date_in_other_text_is_not_the_pages_date(head):
    assert _date(head) is None


def test_a_declared_publication_time_is_read_with_its_offset():
    ld = '{"@type": "NewsArticle", "headline": "回顾2025-07-01的会议", "datePublished": "2025-07-08T09:00:00+08:00"}'
    assert _date(f'<script type="application/ld+json">{ld}</script>') == "2025-07-08T09:00:00+08:00"
    assert _date('<meta property="article:published_time" content="2025-07-08T09:00:00+0800">') == (
        "2025-07-08T09:00:00+08:00"
    )
