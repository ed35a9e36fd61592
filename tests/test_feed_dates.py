"""Feed and sitemap dates in the formats news sites write are read right or refused, never misread.

feedparser's fallback read ``2025/07/08 09:30`` as 1 December and dropped the time of
``2025-07-08 09:30 CST``; an RFC 822 ``CST`` was US Central. A Chinese feed's CST is China Standard Time.
"""

from __future__ import annotations

import html
import re

import pytest

from briefing.metadata import news_date
from briefing.web.discover import parse_feed, parse_sitemap
from tests.test_fetch import Site, briefing_json, build_sources, error_lines, write_config

STORIES = [
    ("铁路客运创新高", "今年上半年，全国铁路完成旅客发送量二十亿人次，同比增长百分之六，创历史同期新高。"),
    ("夏粮收购进展顺利", "主产区夏粮收购已累计收购小麦五千万吨，各地粮库仓容充足，农民售粮顺畅。"),
    ("新能源汽车出口增长", "海关数据显示，新能源汽车出口量前五个月同比增长三成，欧洲和东南亚市场需求旺盛。"),
    ("城市更新项目开工", "全国新开工城市更新项目一千余个，涉及老旧小区改造和地下管网建设，总投资超千亿元。"),
]


def page(title: str, paragraph: str) -> str:
    """An article page that declares no date of its own (the feed's date is the story's)."""
    body = f"<p>{html.escape(paragraph)}</p><p>{html.escape(paragraph[::-1])}。</p>"
    return (
        f'<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>{title}</title></head>'
        f"<body><article><h1>{title}</h1>{body}</article></body></html>"
    )


def feed(items: list[tuple[str, str, str]]) -> str:
    entries = "".join(
        f"<item><title>{t}</title><link>{html.escape(u)}</link><pubDate>{d}</pubDate></item>" for t, u, d in items
    )
    return f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>频道</title>{entries}</channel></rss>'


@pytest.mark.parametrize(
    ("written", "kept"),
    [
        ("2025/07/08 09:30", "2025-07-08T09:30:00"),
        ("2025.7.8 09:30:15", "2025-07-08T09:30:15"),
        ("2025年07月08日 09:30", "2025-07-08T09:30:00"),
        ("2025年7月8日 星期二 09:30", "2025-07-08T09:30:00"),
        ("2025/07/08", "2025-07-08"),
        ("2025-07-08 09:30 CST", "2025-07-08T09:30:00+08:00"),
        ("2025-07-08 09:30:00 北京时间", "2025-07-08T09:30:00+08:00"),
        ("2025/07/08 09:30 GMT+8", "2025-07-08T09:30:00+08:00"),
        ("2025-07-08 09:30 (UTC+08:00)", "2025-07-08T09:30:00+08:00"),
        ("2025-07-08 09:30:00 +0800", "2025-07-08T09:30:00+08:00"),
        ("Tue, 08 Jul 2025 09:30:00 CST", "2025-07-08T09:30:00+08:00"),
        ("Tue, 08 Jul 2025 09:30:00 GMT", "2025-07-08T09:30:00+00:00"),
        ("Tue, 08 Jul 2025 09:30:00 EST", "2025-07-08T09:30:00-05:00"),
        ("Tue, 8 Jul 2025 09:30 +0800", "2025-07-08T09:30:00+08:00"),
        ("Tue Jul  8 09:30:00 2025", "2025-07-08T09:30:00"),
        ("2025-07-08T09:30:00Z", "2025-07-08T09:30:00+00:00"),
        ("2025-07-08T09:30:00.250+08:00", "2025-07-08T09:30:00.250000+08:00"),
        # the offsets of the Earth's zones from the west's (-12:00) to the east's (+14:00), in every form
        ("Tue, 08 Jul 2025 09:30:00 -1200", "2025-07-08T09:30:00-12:00"),
        ("2025-07-08 09:30 +14:00", "2025-07-08T09:30:00+14:00"),
        ("2025-07-08T09:30:00+14:00", "2025-07-08T09:30:00+14:00"),
        ("Sat, 01 Jan 0100 00:00:00 GMT", "0100-01-01T00:00:00+00:00"),  # the year as written
    ],
)
def test_a_news_date_reads_as_its_source_wrote_it(written, kept):
    assert news_date(written) == kept


@pytest.mark.parametrize(
    ("written", "why"),
    [
        ("08/07/2025 09:30", "not a date format read here"),  # day-first or month-first: ambiguous
        ("07-08-2025", "not a date format read here"),
        ("Tue, 08 Jul 2025 09:30:00 XYZ", "unknown time zone 'XYZ'"),
        ("2025-07-08 09:30 +1900", "unknown time zone"),
        ("2025-13-08 09:30", "month must be in 1..12"),
        ("2025-07-08 24:30", "hour must be in 0..23"),
        ("Tue, 32 Jul 2025 09:30:00 +0800", "not a valid RFC 822 date"),
        ("2025-07-08 CST", "a time zone without a time of day"),
        ("昨天 09:30", "not a date format read here"),
        ("2025" * 20, "longer than 64 characters"),
        # email.utils reads a year below 100 as two digits (0025 as 2025): a year is as written, or refused
        ("Tue, 08 Jul 0025 09:30:00 +0800", "not a valid RFC 822 date (year 0025)"),
        ("Tue Jul  8 09:30:00 0099", "not a valid RFC 822 date (year 0099)"),
        # no place on Earth is behind -12:00 or ahead of +14:00, whatever the form the offset is written in
        ("2025-07-08 09:30 -14:00", "unknown time zone offset '-14:00'"),
        ("2025/07/08 09:30 +14:59", "unknown time zone offset '+14:59'"),
        ("Tue, 08 Jul 2025 09:30:00 -1201", "unknown time zone offset '-12:01'"),
        ("2025-07-08T09:30:00-12:01", "unknown time zone offset '-12:01'"),
        ("2025-07-08T09:30:00.250+15:00", "unknown time zone offset '+15:00'"),
        ("2025-07-08T09:30:00+08:00:30", "unknown time zone offset '+08:00:30'"),  # no zone has seconds now
        ("2016-12-31 23:59:60 +0000", "second must be in 0..59"),  # a leap second: no datetime holds it
    ],
)
def test_a_date_not_read_is_refused_saying_why(written, why):
    with pytest.raises(ValueError, match=re.escape(why)):
        news_date(written)


def test_unread_feed_dates_leave_the_entries_undated_and_are_said_once_per_feed():
    listing = parse_feed(
        feed(
            [
                ("甲", "https://news.example.org/1", "08/07/2025 09:30"),
                ("乙", "https://news.example.org/2", "2025/07/08 10:00"),
                ("丙", "https://news.example.org/3", "07/08/2025"),
            ]
        ).encode()
    )
    assert [e.date for e in listing.entries] == [None, "2025-07-08T10:00:00", None]
    assert listing.problems == [
        "2 entry date(s) not understood, those entries left undated "
        "(first: '08/07/2025 09:30': not a date format read here (ISO 8601, RFC 822 or year, month, day in numbers))"
    ]


def test_sitemap_dates_are_read_by_the_same_rules():
    sitemap = (
        b'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        b"<url><loc>http://news.test/a.html</loc><lastmod>2020/07/26 01:00 CST</lastmod></url>"
        b"<url><loc>http://news.test/b.html</loc><lastmod>26/07/2020</lastmod></url></urlset>"
    )
    listing = parse_sitemap(sitemap, 10_000_000)
    assert [(e.url[-6:], e.date) for e in listing.entries] == [
        ("a.html", "2020-07-26T01:00:00+08:00"),
        ("b.html", None),
    ]
    [problem] = listing.problems
    assert problem.startswith("1 entry date(s) not understood") and "'26/07/2020'" in problem


def test_a_built_briefing_carries_the_feeds_day_time_and_offset(tmp_path):
    """Through `briefing build --sources`: the story's day and zone are the feed's, as written."""
    site = Site()
    try:
        written = {  # no offset: a day in the configured time zone
            "/a/1.html": ("2025/07/08 09:30", ("2025-07-08", "Asia/Shanghai")),
            "/a/2.html": ("2025-07-08 01:10 CST", ("2025-07-08", "+08:00")),
            "/a/3.html": ("Mon, 07 Jul 2025 21:05:00 CST", ("2025-07-07", "+08:00")),
            "/a/4.html": ("07/08/2025 08:00", None),  # refused: the story's date comes from elsewhere
        }
        titles = {}
        for path, (title, paragraph) in zip(written, STORIES, strict=True):
            titles[path] = title
            site.add(path, page(title, paragraph))
        items = [(titles[p], site.url(p), d) for p, (d, _) in written.items()]
        url = site.add("/feed.xml", feed(items), "application/rss+xml")
        config = write_config(tmp_path, [{"url": url, "kind": "feed", "name": "测试台"}])
        result = build_sources(tmp_path, config)
    finally:
        site.stop()
    assert result.exit_code == 1, result.output
    assert error_lines(result.output) == [
        f"briefing: error: 测试台: {url}: 1 entry date(s) not understood, those entries left undated "
        "(first: '07/08/2025 08:00': not a date format read here (ISO 8601, RFC 822 or year, month, day in numbers))"
    ]
    stories = {i["title"]: i["_briefing"] for i in briefing_json(tmp_path)["items"]}
    for path, (_, expected) in written.items():
        story = stories[titles[path]]
        got = (story["date"], story["date_zone"])
        if expected is None:
            assert story["date_source"] != "article" and story["date"] != "2025-12-01", story
        else:
            assert story["date_source"] == "article"
            assert got == expected, (path, got)
    assert "Traceback" not in result.output


def test_a_jsonl_date_in_the_same_forms_gives_the_storys_day_and_zone(tmp_path):
    """Through `briefing build` of a JSONL file: an article's own ``date`` is read by the same rules (it was
    searched for a dash-separated day only, so an RFC 822 date or ``2025/07/08`` fell back to the build date);
    one in no known form still never gives a guessed day."""
    import json

    from tests.faults import cli

    written = {
        "2025/07/08 09:30": ("2025-07-08", "article", "Asia/Shanghai"),
        "Tue, 08 Jul 2025 23:30:00 CST": ("2025-07-08", "article", "+08:00"),
        "Mon, 07 Jul 2025 20:00:00 -0500": ("2025-07-07", "article", "-05:00"),
        "07/08/2025": ("2025-07-10", "build", "Asia/Shanghai"),
    }
    records = [
        {"id": f"r{n}", "title": title, "text": paragraph, "date": date}
        for n, (date, (title, paragraph)) in enumerate(zip(written, STORIES, strict=True))
    ]
    source = tmp_path / "day.jsonl"
    source.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), "utf-8")
    res = cli("-q", "build", str(source), "--out", str(tmp_path / "out"), "--date", "2025-07-10")
    assert res.exit_code == 0, res.stderr
    items = json.loads((tmp_path / "out" / "2025-07-10.json").read_text("utf-8"))["items"]
    got = {i["title"]: (i["_briefing"]["date"], i["_briefing"]["date_source"], i["_briefing"]["date_zone"]) for i in items}
    assert got == {title: written[date] for date, (title, _) in zip(written, STORIES, strict=True)}


def test_a_feed_whose_every_date_is_hostile_is_one_line_and_no_story_takes_a_wrong_day(tmp_path):
    """Through `briefing build --sources`: every entry's date is impossible or misreadable (a year 0025 that
    email.utils would read as 2025, offsets no zone has, a leap second, 30 February, year 9999): one line for
    the feed saying how many (exit 1), no traceback, and no story dated by its feed entry."""
    hostile = [
        "Tue, 08 Jul 0025 09:30:00 +0800",
        "2025-07-08 09:30 -14:00",
        "2016-12-31T23:59:60Z",
        "2025-02-30 09:30",
    ]
    site = Site()
    try:
        items = []
        for n, (date, (title, paragraph)) in enumerate(zip(hostile, STORIES, strict=True)):
            items.append((title, site.add(f"/h/{n}.html", page(title, paragraph)), date))
        url = site.add("/feed.xml", feed(items), "application/rss+xml")
        config = write_config(tmp_path, [{"url": url, "kind": "feed", "name": "测试台"}])
        result = build_sources(tmp_path, config)
    finally:
        site.stop()
    assert result.exit_code == 1, result.output
    [line] = error_lines(result.output)
    assert line.startswith(f"briefing: error: 测试台: {url}: {len(hostile)} entry date(s) not understood"), line
    stories = briefing_json(tmp_path)["items"]
    assert len(stories) == len(hostile)
    assert [s["_briefing"]["date_source"] for s in stories if s["_briefing"]["date_source"] == "article"] == []
    assert "Traceback" not in result.output


def test_a_date_after_the_build_date_is_no_storys_date_beyond_a_days_margin(tmp_path):
    """Through `briefing build`: news is not dated in the future. A JSONL date or a page header's date more
    than a day after the build date (2099, in ISO or RFC 822; two days on) is not the story's date (it dated
    the story 2099 and ranked it first, every other story 27,000 days behind it); the next day, a zone's
    difference, still is."""
    import json

    from tests.faults import cli

    written = {
        "2099-01-01": ("2025-07-10", "build"),
        "Thu, 01 Jan 2099 09:30:00 CST": ("2025-07-10", "build"),
        "2025-07-12": ("2025-07-10", "build"),
        "2025-07-11T06:00:00+14:00": ("2025-07-11", "article"),
    }
    records = [
        {"id": f"r{n}", "title": title, "text": paragraph, "date": date}
        for n, (date, (title, paragraph)) in enumerate(zip(written, STORIES, strict=True))
    ]
    source = tmp_path / "day.jsonl"
    source.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), "utf-8")
    header = tmp_path / "page.md"
    header.write_text("# 新闻节目 (20991221)\n\n港口集装箱吞吐量持续增长，沿海主要港口上月完成吞吐量同比增长百分之八，航线网络不断加密。\n", "utf-8")
    res = cli("-q", "build", str(source), str(header), "--out", str(tmp_path / "out"), "--date", "2025-07-10")
    assert res.exit_code == 0, res.stderr
    items = json.loads((tmp_path / "out" / "2025-07-10.json").read_text("utf-8"))["items"]
    got = {i["id"]: (i["_briefing"]["date"], i["_briefing"]["date_source"]) for i in items}
    for n, expected in enumerate(written.values()):
        [key] = [k for k in got if k.endswith(f":r{n}") or k == f"r{n}" or k.endswith(f"/r{n}")]
        assert got[key] == expected, (n, got[key])
    [page] = [v for k, v in got.items() if not any(k.endswith(f"r{n}") for n in range(len(written)))]
    assert page == ("2025-07-10", "build"), page
