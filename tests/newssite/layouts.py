"""Page layouts of the test news site: five families, each with seeded variation.

- ``xinhua``: a national agency's article page, in two generations: the newer
  one (time split over ``<span>``s, ``<h1><span class="title">``, ``#detail``)
  and the older one (``div.h-title`` with no ``<h1>``, ``#p-detail``).
- ``chinanews``: ``<h1>``, a "2020年07月26日 16:56　来源：…" line, ``div.left_zw``
  with full-width-indented ``<p>`` paragraphs, 【编辑:…】 below.
- ``table``: an old CMS: nested layout tables, the title in a ``<td>`` (no
  ``<h1>``), "发布时间：… 来源：… 【字体：大 中 小】", a ``<br>``-split body in
  one cell, a rank list in the next column; GBK or GB18030.
- ``html5``: ``<article>`` with ``<header>``, ``<time datetime>``, a body
  ``<div>``, ``<aside>`` boxes, sometimes JSON-LD.
- ``portal``: a people's-daily-style portal: ``<h1>``, "| 来源：" line,
  ``div.rm_txt_con``, ``<h3>`` related and ranking boxes beside and below.

Every family draws, per page: class and id names, which furniture blocks
appear and in what order, the breadcrumb and date/source line formats, the
title tag format, the body markup (``<p>``, ``<br>``, ``<br><br>``, one ``<p>``
split by ``<br>``, ``<div>`` per paragraph) and which lines of furniture sit
inside the body's own container (a leading date/source line, "作者：…", the
font switch, a trailing 【责任编辑：…】, "点击进入专题" and share lines): the
lines extractors keep. Each furniture line put on a page is recorded with
its kind, so a report can say which kinds were left in a body.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import random
from collections.abc import Callable
from dataclasses import dataclass, field

from tests.newssite import furniture as fu

FAMILIES = ("xinhua", "chinanews", "table", "html5", "portal")
BODY_STYLES = ("p", "p-indent", "br2", "br1", "p-br", "div")


def esc(text: str) -> str:
    return html.escape(text, quote=False)


def attr(text: str) -> str:
    return html.escape(text, quote=True)


@dataclass
class Link:
    title: str
    href: str
    day: str


@dataclass
class Ctx:
    """What a layout needs to render one page."""

    site: str
    base: str  # http://host:port
    url: str  # the page's own absolute URL
    title: str
    paragraphs: list[str]
    published: dt.datetime
    dated: bool  # the page prints its date (else only the feed or sitemap knows it)
    source: str
    channel: tuple[str, str]
    charset_meta: str | None
    canonical: bool
    related: list[Link]
    hot: list[Link]
    rng: random.Random
    furniture: list[tuple[str, str]] = field(default_factory=list)
    choices: dict[str, str] = field(default_factory=dict)

    def f(self, kind: str, text: str) -> str:
        """Record a furniture line and return it escaped for HTML."""
        self.furniture.append((kind, text))
        return esc(text)

    def pick(self, name: str, options):  # type: ignore[no-untyped-def]
        value = self.rng.choice(options)
        self.choices[name] = str(value)
        return value

    def chance(self, name: str, p: float) -> bool:
        value = self.rng.random() < p
        self.choices[name] = "yes" if value else "no"
        return value


# -- shared pieces ----------------------------------------------------------------------


def head(ctx: Ctx, extra: str = "") -> str:
    fmt = ctx.pick("title_tag", ("{t}-{s}", "{t}_{c}_{s}", "{t} - {s}", "{t}|{s}", "{t}_{s}"))
    title_tag = fmt.format(t=ctx.title, s=ctx.site, c=ctx.channel[0] + "频道")
    meta = ""
    if ctx.charset_meta:
        meta = ctx.pick(
            "meta_form",
            (
                f'<meta http-equiv="Content-Type" content="text/html; charset={ctx.charset_meta}" />',
                f'<meta charset="{ctx.charset_meta}">',
            ),
        )
    canonical = f'<link rel="canonical" href="{attr(ctx.url)}">' if ctx.canonical else ""
    desc = f'<meta name="description" content="{attr(ctx.paragraphs[0][:60])}">'
    keywords = f'<meta name="keywords" content="{attr(ctx.channel[0])},{attr(ctx.site)},新闻">'
    return (
        f"<head>{meta}<title>{esc(title_tag)}</title>{keywords}{desc}{canonical}"
        '<link rel="stylesheet" href="/static/css/main.css"><script src="/static/js/jquery.min.js"></script>'
        f"{extra}</head>"
    )


def html_open(ctx: Ctx) -> str:
    lang = ctx.pick("lang", ("", ' lang="zh-CN"', ' lang="zh"'))
    doctype = ctx.pick(
        "doctype",
        (
            "<!DOCTYPE html>",
            '<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" '
            '"http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">',
        ),
    )
    return f"{doctype}\n<html{lang}>"


def nav(ctx: Ctx, cls: str) -> str:
    n = ctx.rng.randrange(8, len(fu.NAV) + 1)
    items = fu.NAV[:n]
    links = "".join(f'<li><a href="/{i}/">{ctx.f("nav", t)}</a></li>' for i, t in enumerate(items))
    return f'<div class="{cls}"><ul>{links}</ul></div>'


def crumbs(ctx: Ctx, cls: str) -> str:
    lead, trail = fu.breadcrumb(ctx.rng, ctx.channel[0])
    sep = ctx.pick("crumb_sep", (" &gt; ", " &gt;&gt; ", " » ", " / ", "&nbsp;&gt;&nbsp;", " > "))
    parts = [f'<a href="/{ctx.channel[1]}/{i}/">{esc(t)}</a>' for i, t in enumerate(trail)]
    ctx.furniture.append(("breadcrumb", lead + "".join(trail)))
    return f'<div class="{cls}">{esc(lead)}{sep.join(parts)}</div>'


def link_list(ctx: Ctx, links: list[Link], kind: str, numbered: bool, dated: bool) -> str:
    rows = []
    for n, link in enumerate(links):
        num = f'<span class="num">{n + 1}</span>' if numbered else ""
        day = f' <span class="date">{esc(link.day)}</span>' if dated else ""
        rows.append(f'<li>{num}<a href="{attr(link.href)}" target="_blank">{ctx.f(kind, link.title)}</a>{day}</li>')
    tag = "ol" if numbered else "ul"
    return f"<{tag}>{''.join(rows)}</{tag}>"


def box(ctx: Ctx, kind: str, links: list[Link], heading_tag: str, cls: str) -> str:
    """A related-news or hot-list box: a heading (often ``<h3>``) over a list of links."""
    headings = fu.RELATED_HEADINGS if kind == "related" else fu.HOT_HEADINGS
    heading = ctx.f(kind, ctx.rng.choice(headings))
    numbered = kind == "hot" or ctx.rng.random() < 0.2
    dated = ctx.dated and kind == "related" and ctx.rng.random() < 0.6  # a page without its own date lists none
    body = link_list(ctx, links, kind, numbered, dated)
    if heading_tag == "div":
        return f'<div class="{cls}"><div class="tit">{heading}</div>{body}</div>'
    return f'<div class="{cls}"><{heading_tag}>{heading}</{heading_tag}>{body}</div>'


def ad(ctx: Ctx) -> str:
    text = ctx.rng.choice(fu.AD_TEXTS)
    n = ctx.rng.randrange(1, 99)
    return (
        f'<div class="{ctx.rng.choice(("ad", "adv", "gg", "banner-ad"))}"><a href="/ad/{n}.html">'
        f'<img src="/ad/{n}.gif" alt="{attr(text)}"></a><span>{ctx.f("ad", text)}</span></div>'
    )


def share(ctx: Ctx) -> str:
    return ctx.f("share", ctx.rng.choice(fu.SHARE_LINES))


def footer(ctx: Ctx, cls: str, tag: str = "div") -> str:
    lines = fu.footer_lines(ctx.rng, ctx.site, ctx.published.year if ctx.published.year > 2000 else 2020)
    inner = "".join(f"<p>{ctx.f('footer', line)}</p>" for line in lines)
    return f'<{tag} class="{cls}">{inner}</{tag}>'


def _inline(ctx: Ctx, para: str) -> str:
    """A paragraph's HTML, now and then with a few characters in <strong> or a link (the text is unchanged)."""
    if len(para) > 12 and ctx.rng.random() < 0.15:
        i = ctx.rng.randrange(0, len(para) - 6)
        k = ctx.rng.randrange(2, 6)
        tag = ctx.rng.choice(("strong", "b", "a"))
        open_ = '<a href="/tag/1.html">' if tag == "a" else f"<{tag}>"
        return f"{esc(para[:i])}{open_}{esc(para[i : i + k])}</{tag}>{esc(para[i + k :])}"
    return esc(para)


def body(ctx: Ctx, style: str) -> str:
    """The truth paragraphs in one of the body markups."""
    paras = [_inline(ctx, p) for p in ctx.paragraphs]
    if style == "p":
        return "".join(f"<p>{p}</p>\n" for p in paras)
    if style == "p-indent":
        attr_ = ctx.rng.choice(('style="text-indent: 2em;"', 'align="left"', ""))
        return "".join(f"<p {attr_}>\u3000\u3000{p}</p>\n" for p in paras)
    if style == "br2":
        return "<br>\n<br>\n".join(f"\u3000\u3000{p}" for p in paras) + "<br>\n"
    if style == "br1":
        return "<br />\n".join(f"\u3000\u3000{p}" for p in paras)
    if style == "p-br":
        return "<p>" + "<br/><br/>".join(f"\u3000\u3000{p}" for p in paras) + "</p>\n"
    return "".join(f'<div class="para">{p}</div>\n' for p in paras)


def in_body(ctx: Ctx, style: str, author: str, editor: str) -> tuple[str, str]:
    """Furniture lines that sit inside the body's own container: (before the text, after it)."""
    br = style in {"br2", "br1", "p-br"}

    def line(kind: str, text: str) -> str:
        inner = ctx.f(kind, text)
        if kind == "topic":
            inner = f'<a href="/special/{ctx.rng.randrange(1, 99)}/">{inner}</a>'
        return f"{inner}<br>\n" if br else f"<p>{inner}</p>\n"

    lead, tail = [], []
    if ctx.chance("in_body_date", 0.3):
        stamp = ctx.published if ctx.dated else None
        lead.append(line("dateline", fu.date_line(ctx.rng, stamp, ctx.source, None)))
    if ctx.chance("in_body_author", 0.2):
        lead.append(line("author", fu.author_line(ctx.rng, author)))
    if ctx.chance("in_body_font", 0.12):
        lead.append(line("font", fu.font_line(ctx.rng)))
    ctx.rng.shuffle(lead)
    if ctx.chance("in_body_topic", 0.2):
        tail.append(line("topic", fu.topic_line(ctx.rng, ctx.published.year)))
    if ctx.chance("in_body_source", 0.15):
        tail.append(line("source", fu.source_tail(ctx.rng, ctx.source)))
    if ctx.chance("in_body_editor", 0.35):
        tail.append(line("editor", fu.editor_line(ctx.rng, editor)))
    if ctx.chance("in_body_share", 0.1):
        tail.append(line("share", ctx.rng.choice(fu.SHARE_LINES)))
    return "".join(lead), "".join(tail)


def article_parts(ctx: Ctx, style: str) -> tuple[str, str, str, str, str]:
    """What every family prints: (author's and editor's names, the furniture opening the body, the body,
    the furniture closing it)."""
    author, editor = fu.person(ctx.rng), fu.person(ctx.rng)
    lead, tail = in_body(ctx, style, author, editor)
    return author, editor, lead, body(ctx, style), tail


def some(ctx: Ctx, links: list[Link], lo: int, hi: int) -> list[Link]:
    n = min(len(links), ctx.rng.randrange(lo, hi + 1))
    return links[:n]


# -- the families -----------------------------------------------------------------------


def xinhua(ctx: Ctx, style: str) -> str:
    rng = ctx.rng
    _author, editor, lead, text, tail = article_parts(ctx, style)
    related = box(
        ctx, "related", some(ctx, ctx.related, 3, 6), ctx.pick("related_tag", ("h3", "h3", "div", "h2")), "rmlist"
    )
    hot = box(ctx, "hot", some(ctx, ctx.hot, 5, 10), ctx.pick("hot_tag", ("h3", "div")), "ph_list")
    stamp = ctx.published
    if ctx.pick("generation", ("new", "old")) == "new":
        if ctx.dated:
            ctx.furniture.append(("dateline", f"{stamp:%Y %m/%d %H:%M:%S}"))
        ctx.furniture.append(("dateline", f"来源：{ctx.source}"))
        clock = (
            '<div class="header-time left">'
            f'<span class="year"><em> {stamp.year}</em></span><span class="day"><em> {stamp.month:02d}</em>/'
            f'<em>{stamp.day:02d}</em></span><span class="time"> {stamp:%H:%M:%S}</span></div>'
        )
        header = (
            f'<div class="header-cont clearfix">{clock if ctx.dated else ""}'
            f'<div class="source"> 来源：{esc(ctx.source)}</div>'
            f'<div class="head-line clearfix"><h1><span class="title">{esc(ctx.title)}</span></h1>'
            f'<div class="pageShare">{share(ctx)}</div></div></div>'
        )
        main = (
            f'<div class="main clearfix"><div class="main-left left"><div id="detail">{lead}{text}{tail}</div>'
            f'<div id="articleEdit"><span class="tiyi1"><a href="javascript:void(0);">{ctx.f("share", "【纠错】")}</a>'
            f'</span><span class="editor">{ctx.f("editor", fu.editor_line(rng, editor))}</span></div>'
            f"{related if rng.random() < 0.7 else ''}</div>"
            f'<div class="main-right right">{hot}{ad(ctx) if rng.random() < 0.6 else ""}</div></div>'
        )
    else:
        line = fu.when(stamp, 0)
        clock = f'<span class="h-time">{ctx.f("dateline", line)}</span> ' if ctx.dated else ""
        header = (
            f'<div class="h-title">{esc(ctx.title)}</div>'
            f'<div class="h-info">{clock}'
            f"<span>来源： {ctx.f('dateline', ctx.source)}</span></div>"
            f'<div class="h-share">{share(ctx)}</div>'
        )
        main = (
            f'<div id="p-detail">{lead}{text}{tail}<div class="p-right left">'
            f'<div id="p-editor" class="editor">{ctx.f("editor", fu.editor_line(rng, editor))}</div></div></div>'
            f"{related}{hot}"
        )
    parts = [nav(ctx, ctx.pick("nav_cls", ("nav", "topNav", "header-nav"))), crumbs(ctx, "news-position")]
    if rng.random() < 0.4:
        parts.insert(1, ad(ctx))
    return (
        f'{html_open(ctx)}{head(ctx)}<body><div class="{ctx.pick("wrap", ("wrapper", "container", "xl-wrap"))}">'
        f"{''.join(parts)}{header}{main}{footer(ctx, 'foot')}</div></body></html>"
    )


def chinanews(ctx: Ctx, style: str) -> str:
    rng = ctx.rng
    _author, editor, lead, text, tail = article_parts(ctx, style)
    stamp = ctx.published
    line = f"{fu.when(stamp, 2)}\u3000来源：{ctx.source}" if ctx.dated else f"来源：{ctx.source}"
    header_line = (
        f'<div class="left-time"><div class="left-t" style="float:left;">{ctx.f("dateline", line)}'
        f'\u3000<a href="/comment/1.html">{ctx.f("share", "参与互动")}</a></div>'
        f'<div id="bdshare" class="bdshare_t">{share(ctx)}</div></div>'
    )
    editor_box = (
        f'<div class="adEditor"><div class="left_name"><div class="left_name">'
        f"{ctx.f('editor', '【编辑:' + editor + '】')}</div></div></div>"
    )
    related = box(ctx, "related", some(ctx, ctx.related, 4, 8), ctx.pick("related_tag", ("div", "h3")), "xwzxdh")
    hot = box(ctx, "hot", some(ctx, ctx.hot, 5, 10), ctx.pick("hot_tag", ("div", "h3", "h4")), "hotnews")
    zw = ctx.pick("zw_cls", ("left_zw", "content_desc", "zw_text"))
    blocks = [
        nav(ctx, "navbar"),
        '<div class="content_left"><div id="cont_1_1_2">',
        crumbs(ctx, "position"),
        f'<h1 style="display:block; position:relative; text-align:center;">{esc(ctx.title)}</h1>',
        header_line,
        f'<div class="{zw}" style="position:relative">{lead}{text}{tail}',
        f'<div class="adInContent">{ad(ctx)}</div></div>' if rng.random() < 0.4 else "</div>",
        editor_box,
        related if rng.random() < 0.8 else "",
        "</div></div>",
        f'<div class="content_right">{hot}</div>',
        footer(ctx, "bottom", "div"),
    ]
    return f"{html_open(ctx)}{head(ctx)}<body>{''.join(blocks)}</body></html>"


def table(ctx: Ctx, style: str) -> str:
    rng = ctx.rng
    author, editor, lead, text, tail = article_parts(ctx, style)
    info = fu.date_line(rng, ctx.published if ctx.dated else None, ctx.source, author if rng.random() < 0.5 else None)
    font = fu.font_line(rng)
    title_cell = ctx.pick(
        "title_cell",
        (
            '<td align="center" class="biaoti"><font size="5" color="#003366"><b>{}</b></font></td>',
            '<td height="40" align="center" class="title">{}</td>',
            '<td align="center"><span class="STYLE1"><strong>{}</strong></span></td>',
            '<td align="center" class="tit"><h2>{}</h2></td>',
        ),
    ).format(esc(ctx.title))
    crumb = crumbs(ctx, "position")
    rank_rows = "".join(
        f'<tr><td height="24" class="rank">{n + 1}. <a href="{attr(link.href)}">{ctx.f("hot", link.title)}</a></td></tr>'
        for n, link in enumerate(some(ctx, ctx.hot, 5, 10))
    )
    rank = (
        f'<table width="100%" border="0" cellspacing="0" cellpadding="0"><tr><td class="rank_tit">'
        f"{ctx.f('hot', rng.choice(fu.HOT_HEADINGS))}</td></tr>{rank_rows}</table>"
    )
    related_rows = "".join(
        f'<tr><td>·<a href="{attr(link.href)}">{ctx.f("related", link.title)}</a></td></tr>'
        for link in some(ctx, ctx.related, 3, 6)
    )
    related = (
        f'<table width="100%"><tr><td class="xg_tit">{ctx.f("related", rng.choice(fu.RELATED_HEADINGS))}</td></tr>'
        f"{related_rows}</table>"
    )
    nav_cells = "".join(
        f'<td align="center"><a href="/{i}/">{ctx.f("nav", t)}</a></td>' for i, t in enumerate(fu.NAV[:10])
    )
    content_cell = ctx.pick(
        "content_cell", ('id="zoom" class="content"', 'class="content"', 'id="fontzoom" class="wz"', 'class="nr"')
    )
    after = [
        f'<tr><td align="right">{ctx.f("editor", fu.editor_line(rng, editor))}</td></tr>',
        f'<tr><td align="center">{ctx.f("share", rng.choice(fu.SHARE_LINES))}</td></tr>',
    ]
    if rng.random() < 0.5:
        after.reverse()
    width = ctx.pick("width", ("980", "1000", "960", "778"))
    return (
        f'{html_open(ctx)}{head(ctx)}<body topmargin="0" leftmargin="0">'
        f'<table width="{width}" border="0" align="center" cellpadding="0" cellspacing="0"><tr>'
        f'<td height="90"><img src="/images/logo.gif" alt="{attr(ctx.site)}"></td></tr></table>'
        f'<table width="{width}" border="0" align="center" cellpadding="0" cellspacing="0" class="nav"><tr>'
        f"{nav_cells}</tr></table>"
        f'<table width="{width}" border="0" align="center" cellpadding="0" cellspacing="0"><tr>'
        f'<td width="70%" valign="top">'
        f'<table width="100%" border="0" cellspacing="0" cellpadding="0"><tr><td>{crumb}</td></tr></table>'
        f'<table width="96%" border="0" align="center" cellpadding="0" cellspacing="0">'
        f"<tr>{title_cell}</tr>"
        f'<tr><td align="center" class="info">{ctx.f("dateline", info)}　{ctx.f("font", font)}</td></tr>'
        f'<tr><td height="1" bgcolor="#CCCCCC"></td></tr>'
        f"<tr><td {content_cell}>{lead}{text}{tail}</td></tr>"
        f"{''.join(after)}</table>"
        f"{related if rng.random() < 0.7 else ''}</td>"
        f'<td width="30%" valign="top">{rank}{ad(ctx) if rng.random() < 0.5 else ""}</td></tr></table>'
        f'<table width="{width}" border="0" align="center"><tr><td align="center">'
        f"{footer(ctx, 'copyright')}</td></tr></table></body></html>"
    )


def html5(ctx: Ctx, style: str) -> str:
    rng = ctx.rng
    author, editor, lead, text, tail = article_parts(ctx, style)
    iso = ctx.published.isoformat()
    extra = ""
    if ctx.dated and ctx.chance("json_ld", 0.4):
        data = {
            "@context": "https://schema.org",
            "@type": "NewsArticle",
            "headline": ctx.title,
            "datePublished": iso,
            "publisher": {"@type": "Organization", "name": ctx.site},
        }
        extra = f'<script type="application/ld+json">{json.dumps(data, ensure_ascii=False)}</script>'
    if ctx.dated and ctx.chance("og_meta", 0.5):
        extra += (
            f'<meta property="og:title" content="{attr(ctx.title)}">'
            f'<meta property="article:published_time" content="{attr(iso)}">'
        )
    printed = fu.when(ctx.published, rng.randrange(5))
    time_el = ctx.pick("time_el", ("time", "span"))
    stamp = (
        f'<time datetime="{attr(iso)}">{ctx.f("dateline", printed)}</time>'
        if time_el == "time"
        else f'<span class="date">{ctx.f("dateline", printed)}</span>'
    )
    meta_bits = [stamp if ctx.dated else "", f'<span class="source">{ctx.f("dateline", "来源：" + ctx.source)}</span>']
    if rng.random() < 0.5:
        meta_bits.append(f'<span class="author">{ctx.f("author", "作者：" + author)}</span>')
    crumb_html = crumbs(ctx, "breadcrumb")
    art_footer = (
        f'<footer class="article-footer"><p class="editor">{ctx.f("editor", fu.editor_line(rng, editor))}</p>'
        f'<div class="share">{share(ctx)}</div></footer>'
    )
    body_cls = ctx.pick("body_cls", ("article-body", "article-content", "post-content", "content"))
    asides = [
        box(ctx, "related", some(ctx, ctx.related, 3, 6), "h3", "related"),
        box(ctx, "hot", some(ctx, ctx.hot, 5, 8), ctx.pick("hot_tag", ("h3", "h2")), "hot"),
    ]
    rng.shuffle(asides)
    if rng.random() < 0.5:
        asides.insert(1, ad(ctx))
    related_inside = rng.random() < 0.3
    article = (
        f'<article class="{ctx.pick("article_cls", ("post", "news-article", "article"))}">'
        f'<header><h1>{esc(ctx.title)}</h1><div class="meta">{" ".join(meta_bits)}</div></header>'
        f'<div class="{body_cls}">{lead}{text}{tail}</div>{art_footer}'
        f"{asides.pop(0) if related_inside else ''}</article>"
    )
    return (
        f'{html_open(ctx)}{head(ctx, extra)}<body><header class="site-header">'
        f'<a class="logo" href="/">{esc(ctx.site)}</a><nav>{nav(ctx, "menu")}</nav></header>'
        f"<main>{crumb_html}{article}<aside>{''.join(asides)}</aside></main>"
        f"{footer(ctx, 'site-footer', 'footer')}</body></html>"
    )


def portal(ctx: Ctx, style: str) -> str:
    rng = ctx.rng
    _author, editor, lead, text, tail = article_parts(ctx, style)
    printed = fu.when(ctx.published, ctx.pick("time_style", (2, 3, 1)))
    info = (
        f'<div class="col-1-1 fl">{ctx.f("dateline", printed) + " | " if ctx.dated else ""}来源：'
        f'<a href="/" target="_blank">{ctx.f("dateline", ctx.source)}</a></div>'
        f'<div class="col-1-1 fr">{share(ctx)}</div>'
    )
    related = box(ctx, "related", some(ctx, ctx.related, 4, 8), "h3", "relate")
    rank = box(ctx, "hot", some(ctx, ctx.hot, 6, 10), "h3", "ph_list")
    edit = f'<div class="edit cf">{ctx.f("editor", "(" + fu.editor_line(rng, editor) + ")")}</div>'
    left = [
        f'<div class="rm_txt_con cf"><h1>{esc(ctx.title)}</h1>',
        f'<div class="channel cf">{info}</div>',
        f'<div class="{ctx.pick("text_cls", ("rm_txt_con", "box_con", "text_con"))} cf">{lead}{text}{tail}</div>',
        edit,
        related,
        "</div>",
    ]
    if rng.random() < 0.4:
        left.insert(-1, ad(ctx))
    return (
        f"{html_open(ctx)}{head(ctx)}<body>{nav(ctx, 'w1000 d2')}"
        f'<div class="path">{crumbs(ctx, "route")}</div>'
        f'<div class="layout rm_txt cf"><div class="col col-1 fl">{"".join(left)}</div>'
        f'<div class="col col-2 fr">{rank}{ad(ctx) if rng.random() < 0.5 else ""}</div></div>'
        f"{footer(ctx, 'foot')}</body></html>"
    )


RENDER: dict[str, Callable[[Ctx, str], str]] = {
    "xinhua": xinhua,
    "chinanews": chinanews,
    "table": table,
    "html5": html5,
    "portal": portal,
}
