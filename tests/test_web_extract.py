"""Web pages to articles (briefing/web/extract.py) on pages written here: layout tables, <br> bodies,
boxes of links beside an article, the headline inside a "标题_频道_网站" <title>, the page's own date
(never one from a related list or a copyright line), and feed dates in their own offset."""

from __future__ import annotations

import html

import pytest

from briefing.metadata import apply
from briefing.web.discover import parse_feed, parse_sitemap
from briefing.web.extract import PageMeta, page_articles

TITLE = "某市今年新增城市绿地一百二十公顷"
PARAS = [
    "某市园林部门介绍，今年以来全市新建和改造公园绿地四十余处，新增城市绿地一百二十公顷。",
    "据介绍，新建绿地优先布局在老城区和人口密集区域，居民步行十分钟即可到达一处公园。",
    "下一步，该市将继续推进口袋公园建设，并加强已建绿地的日常养护，让市民共享生态红利。",
    "园林部门负责人表示，绿地建设将与防洪排涝设施统筹考虑，提升城市韧性。",
]
OTHERS = ["另一地启动春季义务植树活动", "全省湿地保护工作会议召开", "多地公园延长夜间开放时间", "城市更新行动方案发布"]


def meta(role: str = "article", **kw) -> PageMeta:
    return PageMeta(
        url="http://news.test/a/1.html", source="测试网", fetched_at="2025-03-13T02:00:00+00:00", role=role, **kw
    )


def links(items: list[str], dated: str = "") -> str:
    return "".join(f'<li><a href="/a/{n}.html">{html.escape(t)}</a>{dated}</li>' for n, t in enumerate(items, 2))


def table_page() -> str:
    """An old CMS page: nested layout tables, the title in a cell, a <br> body, a ranking list beside it."""
    body = "<br>\n".join(f"\u3000\u3000{html.escape(p)}" for p in PARAS)
    rank = "".join(f'<tr><td>{n}. <a href="/a/{n}.html">{t}</a></td></tr>' for n, t in enumerate(OTHERS, 1))
    return (
        f"<html><head><title>{TITLE}_本地新闻_测试网</title></head><body>"
        '<table width="1000"><tr><td><a href="/">首页</a></td><td><a href="/n">新闻</a></td>'
        '<td><a href="/l">本地</a></td></tr></table>'
        '<table width="1000"><tr><td width="70%"><table>'
        f'<tr><td class="bt"><b>{TITLE}</b></td></tr>'
        "<tr><td>2025-03-12 08:15 来源：测试网 点击：1024 【字号 大 中 小】</td></tr>"
        f'<tr><td class="content">{body}</td></tr>'
        "<tr><td>（责任编辑：马丽）</td></tr></table></td>"
        f'<td width="30%"><table><tr><td>阅读排行</td></tr>{rank}</table></td></tr></table>'
        "<table><tr><td>Copyright © 2003-2025 测试网 版权所有 ICP备12345678号</td></tr></table></body></html>"
    )


def test_a_table_layout_gives_its_paragraphs_not_one_cell_row():
    [art] = page_articles(table_page().encode("gbk", "xmlcharrefreplace"), meta())
    assert art.title == TITLE and art.paragraphs == PARAS
    assert art.date == "2025-03-12T08:15:00"  # printed under the headline; no offset given


def box(heading: str, items: list[str], dated: str = "") -> str:
    return f'<div class="box"><h3>{heading}</h3><ul>{links(items, dated)}</ul></div>'


def article_with_boxes(date_meta: str = "", printed: str = "2025-03-12 08:15") -> str:
    body = "".join(f"<p>{html.escape(p)}</p>" for p in PARAS)
    return (
        f"<html><head><title>{TITLE}-测试网</title>{date_meta}</head><body>"
        '<div class="nav"><a href="/">首页</a> <a href="/n">国内</a> <a href="/w">国际</a></div>'
        f'<div class="main"><h1>{TITLE}</h1><div class="info">{printed}　来源：测试网</div>'
        f'<div class="text">{body}<p>【编辑：马丽】</p></div>'
        f"{box('相关新闻', OTHERS[:2], ' <span>2025-03-10</span>')}</div>"
        f'<div class="side">{box("热点排行", OTHERS, " <span>2025-03-11</span>")}</div>'
        '<div class="foot"><p>Copyright © 2003-2025 测试网</p><p>京ICP备12345678号</p></div></body></html>'
    )


@pytest.mark.parametrize("role", ["article", "page"])
def test_an_article_with_boxes_of_links_is_one_article_by_link_and_as_a_page(role):
    """As a configured page, the two <h3> boxes once became the stories (相关新闻, 热点排行)."""
    [art] = page_articles(article_with_boxes().encode(), meta(role))
    assert (art.title, art.paragraphs) == (TITLE, PARAS)


def test_an_epaper_page_still_splits_into_its_stories():
    wetland = [
        "会议总结了去年全省湿地保护修复工作，部署今年重点任务，通报了各地湿地保护目标责任落实情况。",
        "会议要求，各地要严格落实湿地面积总量管控，坚决遏制侵占湿地行为，推动湿地保护修复工作再上新台阶。",
    ]
    stories = [
        ("某市新增城市绿地", PARAS[:2]),
        ("某市推进口袋公园建设", PARAS[2:]),
        ("全省湿地保护工作会议召开", wetland),
    ]
    body = "".join(f"<h2>{t}</h2>" + "".join(f"<p>{p}</p>" for p in ps) for t, ps in stories)
    page = f"<html><head><title>第01版：要闻</title></head><body><div>{body}</div></body></html>"
    found = page_articles(page.encode(), meta("page"))
    assert [(a.title, a.paragraphs) for a in found] == stories


def test_the_date_is_the_pages_own_never_a_related_lists_or_the_copyright_year():
    undated = article_with_boxes(printed="")
    [art] = page_articles(undated.encode(), meta())
    assert art.date is None  # the boxes' 2025-03-10/11 and "2003-2025" are other pages' and the site's
    [art] = page_articles(undated.encode(), meta(date="2025-03-12T07:30:00+08:00"))
    assert art.date == "2025-03-12T07:30:00+08:00"  # the feed's, as it wrote it
    declared = '<meta property="article:published_time" content="2025-03-12T06:05:00+08:00">'
    [art] = page_articles(article_with_boxes(declared).encode(), meta(date="2025-03-12T07:30:00+08:00"))
    assert art.date == "2025-03-12T06:05:00+08:00"  # what the page declares comes first
    described = article_with_boxes('<meta name="description" content="2021-01-01 某市消息">', printed="")
    assert page_articles(described.encode(), meta())[0].date is None  # a description is no date


def test_the_headline_is_the_element_that_begins_the_title_tag():
    page = article_with_boxes().replace(f"<h1>{TITLE}</h1>", f'<div class="tit">{TITLE}</div>')
    page = page.replace(f"<title>{TITLE}-测试网</title>", f"<title>{TITLE}_国内新闻_测试网</title>")
    [art] = page_articles(page.encode(), meta("page"))
    assert art.title == TITLE and art.paragraphs == PARAS


def test_a_short_page_run_into_one_block_by_the_fallback_is_read_precisely():
    """trafilatura's fallback gives a short <article> as one block (headline, source, text, list)."""
    body = "<br><br>".join(html.escape(p) for p in PARAS[:2])
    page = (
        f"<html><head><title>{TITLE}_测试网</title></head><body><article><header><h1>{TITLE}</h1>"
        f'<span class="source">来源：测试网</span></header><div class="c"><p>{body}</p></div>'
        f"{box('点击排行', OTHERS)}</article></body></html>"
    )
    [art] = page_articles(page.encode(), meta())
    assert (art.title, art.paragraphs) == (TITLE, PARAS[:2])


def rss_with(date: str) -> bytes:
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>t</title>'
        f"<item><title>{TITLE}</title><link>http://news.test/a/1.html</link><pubDate>{date}</pubDate></item>"
        "</channel></rss>"
    ).encode()


@pytest.mark.parametrize(
    ("written", "kept", "day", "zone"),
    [
        ("Sun, 26 Jul 2020 07:30:00 +0800", "2020-07-26T07:30:00+08:00", "2020-07-26", "+08:00"),
        ("2020-07-26T07:30:00+08:00", "2020-07-26T07:30:00+08:00", "2020-07-26", "+08:00"),  # Atom-style in RSS
        ("Sat, 25 Jul 2020 23:30:00 GMT", "2020-07-25T23:30:00+00:00", "2020-07-25", "+00:00"),
        ("Sun, 26 Jul 2020 07:30:00", "2020-07-26T07:30:00", "2020-07-26", None),  # no offset given
    ],
)
def test_a_feed_date_keeps_its_own_offset_and_gives_its_own_day(written, kept, day, zone):
    [entry] = parse_feed(rss_with(written)).entries
    assert entry.date == kept
    [art] = page_articles(article_with_boxes(printed="").encode(), meta(date=entry.date))
    apply([art], [], {}, "2020-08-01")
    assert (art.date, art.date_source, art.date_zone) == (day, "article", zone)


def test_sitemap_dates_keep_their_offset_and_order_by_instant():
    sitemap = (
        b'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        b"<url><loc>http://news.test/a.html</loc><lastmod>2020-07-26T01:00:00+08:00</lastmod></url>"
        b"<url><loc>http://news.test/b.html</loc><lastmod>2020-07-25T18:30:00+00:00</lastmod></url>"
        b"<url><loc>http://news.test/c.html</loc><lastmod>2020-07-24</lastmod></url></urlset>"
    )
    entries = parse_sitemap(sitemap, 10_000_000).entries
    # b (18:30 UTC) is later than a (17:00 UTC) though its written day is earlier
    assert [(e.url[-6:], e.date) for e in entries] == [
        ("b.html", "2020-07-25T18:30:00+00:00"),
        ("a.html", "2020-07-26T01:00:00+08:00"),
        ("c.html", "2020-07-24"),
    ]


def test_lines_outside_the_articles_container_are_cut_whatever_their_words():
    """A footer and a side box in words no pattern knows: trafilatura keeps them after the text; they stand
    outside the element that holds the article's paragraphs."""
    from briefing.web.boilerplate import Line, edge_kind

    odd = ["某某传媒集团出品", "运营维护某某科技", "本栏目由读者投稿汇编"]
    assert all(edge_kind(Line(t)) is None for t in odd)  # no class of the boilerplate pass takes them
    body = "".join(f"<p>{html.escape(p)}</p>" for p in PARAS)
    page = (
        f"<html><head><title>{TITLE}</title></head><body><div class='wrap'><h1>{TITLE}</h1>"
        f"<div class='txt'>{body}</div><div class='note'><p>{odd[2]}</p></div></div>"
        f"<div class='foot'><p>{odd[0]}</p><p>{odd[1]}</p></div></body></html>"
    )
    [art] = page_articles(page.encode(), meta())
    assert art.paragraphs == PARAS


def test_membership_of_the_container_is_by_place_not_by_words():
    """The line "某市园林" beside the text is not in it, though the text's first paragraph begins with those words;
    the subhead "绿地建设" in the text stays."""
    body = "".join(f"<p>{html.escape(p)}</p>" for p in PARAS[:2]) + "<p>绿地建设</p>"
    body += "".join(f"<p>{html.escape(p)}</p>" for p in PARAS[2:])
    page = (
        f"<html><head><title>{TITLE}</title></head><body><div><h1>{TITLE}</h1><div class='txt'>{body}</div>"
        "<div class='side'><p>某市园林</p></div></div></body></html>"
    )
    assert PARAS[0].startswith("某市园林")
    [art] = page_articles(page.encode(), meta())
    assert art.paragraphs == [*PARAS[:2], "绿地建设", *PARAS[2:]]


def test_raw_text_from_trafilaturas_fallback_is_read_line_by_line():
    from lxml import etree

    from briefing.web.extract import body_lines

    body = etree.fromstring("<body><p>首页\n时政\n某市今年新增城市绿地一百二十公顷。\n版权所有</p></body>")
    assert [x.text for x in body_lines(body)] == ["首页", "时政", "某市今年新增城市绿地一百二十公顷。", "版权所有"]


def test_the_container_is_where_most_lines_of_prose_stand_not_a_stray_copy_of_one():
    """A box above the article repeats the start of one paragraph (as a link, and as a summary): the container
    is still the element holding the other lines, so the footer in unknown words is left out."""
    paras = [
        *PARAS,
        "这批绿地同步配建了健身步道和儿童游乐设施，周末游客明显增多。",
        "市民表示，家门口的公园让休闲锻炼更加方便。",
    ]
    body = "".join(f"<p>{html.escape(p)}</p>" for p in paras)
    above = f"<div class='top'><a href='/x.html'>{html.escape(paras[1][:24])}</a><p>{html.escape(paras[3])}</p></div>"
    page = (
        f"<html><head><title>{TITLE}</title></head><body>{above}<div class='wrap'><h1>{TITLE}</h1>"
        f"<div class='txt'>{body}</div></div><div class='foot'><p>某某传媒集团出品</p><p>运营维护某某科技</p></div>"
        "</body></html>"
    )
    [art] = page_articles(page.encode(), meta())
    assert art.paragraphs == paras
