"""One generated news site: article pages with their ground truth, feeds, sitemaps, robots.txt.

``build_site(texts, base, today=…, seed=…)`` lays the texts out as article
pages of the five layout families (``layouts.py``) and serves them through:

- an RSS 2.0 feed and an Atom feed, dated with +08:00 offsets, most entries
  between 00:00 and 08:00 Beijing time (the previous day in UTC);
- a sitemap index with a news sitemap (``news:publication_date``) and an
  archive sitemap (``lastmod``);
- pages configured directly (``kind = "page"``);
- ``robots.txt`` with ``Disallow: /archive/`` then a more specific
  ``Allow: /archive/public/``, ``Disallow: /*?print=`` and ``Disallow: /*.php$``
  (so ``/show.php?id=7`` stays allowed), and ``Crawl-delay`` when asked.

Traps a correct fetcher must handle: the same article in both feeds (once
with ``utm_`` parameters), links robots.txt forbids (an archive page, a print
version, a ``.php`` index), stories years old, GBK/GB18030 pages whose
header declares another charset or none. Every resource has an ETag and/or a
Last-Modified, so a second run can be all 304.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import email.utils
import hashlib
import html
import random
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from tests.newssite import furniture as fu
from tests.newssite.layouts import BODY_STYLES, FAMILIES, RENDER, Ctx, Link
from tests.newssite.texts import Text

BEIJING = ZoneInfo("Asia/Shanghai")
UTM = "utm_source=rss&utm_medium=feed&utm_campaign=newssite"


@dataclass
class Page:
    """One article page and its ground truth."""

    path: str  # path and query, as linked and served
    url: str  # absolute; the page's canonical URL
    family: str
    title: str
    paragraphs: list[str]
    published: dt.datetime  # aware, +08:00
    old: bool  # years before the site's day
    listed_in: str  # rss | atom | sitemap | page: where the run finds it
    encoding: str  # the bytes' real encoding
    declared: str | None  # charset in the Content-Type header (None: none given)
    meta: str | None  # charset in the page's <meta> (None: none)
    style: str  # body markup, one of layouts.BODY_STYLES
    origin: str  # where the text came from (texts.Text.origin)
    dated: bool = True  # the page prints its own date (else only its feed or sitemap entry dates it)
    furniture: list[tuple[str, str]] = field(default_factory=list)  # (kind, line) of every furniture line
    choices: dict[str, str] = field(default_factory=dict)  # the seeded layout choices

    @property
    def day(self) -> str:
        """The local (Beijing) day the page is dated."""
        return self.published.date().isoformat()

    @property
    def charset_right(self) -> bool:
        """The header's charset reads the bytes right (GB2312, GBK and GB18030 are one family)."""
        if self.declared is None:
            return False
        gb = {"gb2312", "gbk", "gb18030"}
        declared = self.declared.lower()
        return declared == self.encoding or (declared in gb and self.encoding in gb)

    def describe(self) -> str:
        charset = self.encoding if self.charset_right else f"{self.encoding} (header: {self.declared or 'none'})"
        dated = "" if self.dated else "/undated"
        return f"{self.family}/{self.choices.get('generation', '-')}/{self.style}/{charset}{dated}"


@dataclass
class Resource:
    body: bytes
    content_type: str
    etag: str | None = None
    last_modified: str | None = None  # an HTTP date


@dataclass
class NewsSite:
    """A generated site: its pages (with truth), every served resource, and the traps it sets."""

    name: str
    base: str
    pages: list[Page]
    resources: dict[str, Resource]
    sources: list[dict[str, object]]  # [[sources]] tables a config lists
    disallowed: list[str]  # links a feed lists that robots.txt forbids (path and query)
    opened_by_allow: list[str]  # pages under a Disallow that a more specific Allow opens
    php_pages: list[str]  # /show.php?id= pages: allowed, as "$" ends the .php rule
    duplicate: tuple[str, list[str]] | None  # a page's path and the two links that lead to it
    crawl_delay: float | None
    robots: str

    def page(self, path: str) -> Page:
        return next(p for p in self.pages if p.path == path)

    @property
    def current(self) -> list[Page]:
        return [p for p in self.pages if not p.old]


def _stamp(rng: random.Random, today: dt.date, old: bool) -> dt.datetime:
    """A publication time: one or two days back, mostly 00:00-07:59 (the UTC day before); or years back."""
    if old:
        years = rng.choice((6, 7))
        day = today.replace(year=today.year - years, day=min(today.day, 28))
        hour = rng.randrange(0, 24)
    else:
        day = today - dt.timedelta(days=rng.choice((1, 1, 2)))
        hour = rng.randrange(0, 8) if rng.random() < 0.65 else rng.randrange(8, 24)
    return dt.datetime.combine(day, dt.time(hour, rng.randrange(60), rng.randrange(60)), BEIJING)


def _gbk_ok(page_text: str) -> bool:
    try:
        page_text.encode("gbk")
    except UnicodeEncodeError:
        return False
    return True


def _charsets(rng: random.Random, family: str, text: Text) -> tuple[str, str | None, str | None]:
    """(real encoding, header charset, meta charset): GBK pages often declare the wrong charset or none."""
    chinese = family == "table" or rng.random() < 0.25
    if not chinese:
        return "utf-8", rng.choice(("utf-8", "utf-8", "UTF-8", None)), rng.choice(("utf-8", "utf-8", None))
    whole = text.title + "".join(text.paragraphs)
    encoding = "gbk" if _gbk_ok(whole) and rng.random() < 0.7 else "gb18030"
    declared = rng.choice(("gbk", "gb2312", "utf-8", "iso-8859-1", None, None))
    meta = rng.choice(("gb2312", "gbk", "utf-8", None))
    return encoding, declared, meta


def _path(rng: random.Random, family: str, channel: str, stamp: dt.datetime, n: int, dated: bool) -> str:
    """A URL path in the family's style; a page that prints no date gets a path without one too."""
    d = stamp
    if not dated:
        return rng.choice(
            (
                f"/content/{n * 613 + 5000}.html",
                f"/a/{n * 389 + 700}.shtml",
                f"/detail/{n * 7 + 91}",
                f"/news/{n:06x}.html",
            )
        )
    if family == "xinhua":
        return f"/{channel}/{d:%Y-%m}/{d:%d}/c_{1126000000 + n * 7919}.htm"
    if family == "chinanews":
        return f"/{channel}/{d:%Y}/{d:%m-%d}/{9200000 + n * 131}.shtml"
    if family == "table":
        return f"/show.php?id={3000 + n * 17}" if rng.random() < 0.6 else f"/html/{d:%Y%m}/{d:%d}/{n * 37 + 101}.html"
    if family == "html5":
        return f"/{channel}/{d:%Y/%m/%d}/{n * 53 + 7}.html" if rng.random() < 0.6 else f"/news/{d:%Y%m%d}-{n:04d}"
    return f"/n1/{d:%Y}/{d:%m%d}/c{14000 + n * 3}-{30000000 + n * 97}.html"


def _families(rng: random.Random, n: int) -> list[str]:
    """Every family about equally often, in a seeded order."""
    order = list(FAMILIES)
    rng.shuffle(order)
    return [order[i % len(order)] for i in range(n)]


def _http_date(stamp: dt.datetime) -> str:
    return email.utils.format_datetime(stamp.astimezone(dt.UTC), usegmt=True)


def _validators(rng: random.Random, body: bytes, stamp: dt.datetime) -> tuple[str | None, str | None]:
    etag = '"' + hashlib.sha1(body).hexdigest()[:16] + '"'
    which = rng.randrange(3)
    return (etag if which != 2 else None), (_http_date(stamp) if which != 1 else None)


def _rss(site: str, base: str, channel: tuple[str, str], items: list[tuple[Page, str]]) -> bytes:
    entries = []
    for page, link in sorted(items, key=lambda pl: pl[0].published, reverse=True):
        entries.append(
            "<item>"
            f"<title>{html.escape(page.title)}</title><link>{html.escape(link)}</link>"
            f'<guid isPermaLink="false">{html.escape(page.path)}</guid>'
            f"<pubDate>{email.utils.format_datetime(page.published)}</pubDate>"
            f"<description>{html.escape(page.paragraphs[0][:80])}</description>"
            "</item>"
        )
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel>'
        f"<title>{html.escape(site)} {channel[0]}</title><link>{html.escape(base)}/</link>"
        f"<description>{html.escape(site)}{channel[0]}频道</description><language>zh-cn</language>"
        f"{''.join(entries)}</channel></rss>\n"
    ).encode()


def _atom(site: str, base: str, channel: tuple[str, str], items: list[tuple[Page, str]]) -> bytes:
    entries = []
    newest = max((p.published for p, _ in items), default=dt.datetime(2000, 1, 1, tzinfo=BEIJING))
    for page, link in sorted(items, key=lambda pl: pl[0].published, reverse=True):
        entries.append(
            "<entry>"
            f"<title>{html.escape(page.title)}</title>"
            f'<link rel="alternate" type="text/html" href="{html.escape(link, quote=True)}"/>'
            f"<id>tag:{html.escape(site)},{page.published:%Y}:{html.escape(page.path)}</id>"
            f"<published>{page.published.isoformat()}</published><updated>{page.published.isoformat()}</updated>"
            f"<summary>{html.escape(page.paragraphs[0][:80])}</summary>"
            "</entry>"
        )
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="zh-CN">'
        f"<title>{html.escape(site)} {channel[0]}</title><id>{html.escape(base)}/atom/{channel[1]}.xml</id>"
        f"<updated>{newest.isoformat()}</updated>"
        f'<link rel="self" href="{html.escape(base)}/atom/{channel[1]}.xml"/>'
        f"{''.join(entries)}</feed>\n"
    ).encode()


def _news_sitemap(site: str, pages: list[Page], titled: set[str]) -> bytes:
    rows = []
    for page in pages:
        title = f"<news:title>{html.escape(page.title)}</news:title>" if page.path in titled else ""
        rows.append(
            f"<url><loc>{html.escape(page.url)}</loc><news:news><news:publication><news:name>{html.escape(site)}"
            "</news:name><news:language>zh</news:language></news:publication>"
            f"<news:publication_date>{page.published.isoformat()}</news:publication_date>{title}</news:news></url>"
        )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
        'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">'
        f"{''.join(rows)}</urlset>\n"
    ).encode()


def _plain_sitemap(pages: list[Page]) -> bytes:
    rows = "".join(
        f"<url><loc>{html.escape(p.url)}</loc><lastmod>{p.published.isoformat()}</lastmod></url>" for p in pages
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        f"{rows}</urlset>\n"
    ).encode()


def _sitemap_index(base: str, children: list[tuple[str, dt.datetime]]) -> bytes:
    rows = "".join(
        f"<sitemap><loc>{html.escape(base + path)}</loc><lastmod>{when.isoformat()}</lastmod></sitemap>"
        for path, when in children
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        f"{rows}</sitemapindex>\n"
    ).encode()


def robots_txt(base: str, crawl_delay: float | None) -> str:
    lines = [
        "# robots.txt",
        "User-agent: *",
        "Disallow: /search",
        "Disallow: /*?print=",
        "Disallow: /*.php$",
        "Disallow: /archive/",
        "Allow: /archive/public/",
    ]
    if crawl_delay is not None:
        lines.append(f"Crawl-delay: {crawl_delay:g}")
    lines += ["", "User-agent: BadBot", "Disallow: /", "", f"Sitemap: {base}/sitemap.xml", ""]
    return "\n".join(lines)


def _trap(base: str, path: str, title: str, like: Page) -> Page:
    """A feed entry for a link robots.txt forbids (not an article of the site: it has no truth)."""
    return dataclasses.replace(
        like, path=path, url=base + path, family="-", title=title, paragraphs=["-"], origin="trap"
    )


def _index_page(site: str, title: str, links: list[Link]) -> bytes:
    rows = "".join(f'<li><a href="{html.escape(x.href)}">{html.escape(x.title)}</a> {x.day}</li>' for x in links)
    return (
        f'<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>{html.escape(title)}-{html.escape(site)}'
        f"</title></head><body><h1>{html.escape(title)}</h1><ul>{rows}</ul></body></html>"
    ).encode()


def build_site(
    texts: list[Text],
    base: str,
    *,
    today: dt.date,
    seed: int = 0,
    page_sources: int = 2,
    old: int = 2,
    traps: bool = True,
    feeds: tuple[str, ...] = ("rss", "atom", "sitemap"),
    crawl_delay: float | None = None,
    name: str | None = None,
) -> NewsSite:
    """Lay ``texts`` out as a site served at ``base`` (``http://host:port``); ``today`` is the local day."""
    rng = random.Random(f"newssite:{seed}")
    site = name or rng.choice(fu.SITES)
    families = _families(rng, len(texts))
    channel = rng.choice(fu.CHANNELS)
    n = len(texts)
    old = min(old, max(0, n - 1))
    is_old = [False] * (n - old) + [True] * old
    # who lists what: pages first (families with <h3> boxes), then feeds in turn
    roles: list[str] = []
    order = [kind for kind in ("rss", "atom", "sitemap", "rss", "sitemap", "atom", "rss") if kind in feeds]
    for i in range(n):
        if is_old[i]:
            roles.append("rss" if (i % 2 == 0 or "sitemap" not in feeds) else "sitemap")
        elif len([r for r in roles if r == "page"]) < page_sources:
            roles.append("page")
        else:
            roles.append(order[(i - page_sources) % len(order)])

    pages: list[Page] = []
    for i, text in enumerate(texts):
        prng = random.Random(f"newssite:{seed}:{i}")
        family = families[i]
        stamp = _stamp(prng, today, is_old[i])
        dated = roles[i] == "page" or prng.random() >= 0.3
        path = _path(prng, family, channel[1], stamp, seed * 1000 + i, dated)
        encoding, declared, meta = _charsets(prng, family, text)
        pages.append(
            Page(
                path=path,
                url=base + path,
                family=family,
                title=text.title,
                paragraphs=list(text.paragraphs),
                published=stamp,
                old=is_old[i],
                listed_in=roles[i],
                encoding=encoding,
                declared=declared,
                meta=meta,
                style=prng.choice(BODY_STYLES if family != "table" else ("br2", "br1", "p-br", "p-indent")),
                origin=text.origin,
                dated=dated,
            )
        )
    opened: list[str] = []
    if traps:  # two pages live under /archive/public/ (robots: Disallow /archive/, Allow /archive/public/)
        for page in [p for p in pages if not p.old and p.listed_in in {"rss", "sitemap"}][:2]:
            page.path = f"/archive/public/{page.published:%Y%m}/{len(opened) + 1 + seed * 100}.html"
            page.url = base + page.path
            opened.append(page.path)

    resources: dict[str, Resource] = {}
    hot = [Link(p.title, p.path, p.day) for p in sorted(pages, key=lambda p: p.published, reverse=True)[:10]]
    for i, page in enumerate(pages):
        prng = random.Random(f"newssite:{seed}:{i}:layout")
        others = [p for p in pages if p is not page]
        prng.shuffle(others)
        related = [Link(p.title, p.path, p.day) for p in others[:8]]
        links = [link for link in hot if link.href != page.path] if prng.random() < 0.5 else hot
        if not page.dated:  # an undated page's CMS links by id: no other page's date in its links either
            jump = {p.path: f"/go.php?id={n + 1}" for n, p in enumerate(pages)}
            related = [Link(x.title, jump[x.href], x.day) for x in related]
            links = [Link(x.title, jump[x.href], x.day) for x in links]
        ctx = Ctx(
            site=site,
            base=base,
            url=page.url,
            title=page.title,
            paragraphs=page.paragraphs,
            published=page.published,
            dated=page.dated,
            source=prng.choice(fu.SOURCES),
            channel=channel,
            charset_meta=page.meta,
            canonical=prng.random() < 0.5,
            related=related,
            hot=links,
            rng=prng,
        )
        markup = RENDER[page.family](ctx, page.style)
        page.furniture, page.choices = ctx.furniture, ctx.choices
        page.choices["style"] = page.style
        data = markup.encode(page.encoding, errors="xmlcharrefreplace")  # © in a GBK page: &#169;
        ctype = f"text/html; charset={page.declared}" if page.declared else "text/html"
        etag, modified = _validators(prng, data, page.published)
        resources[page.path] = Resource(data, ctype, etag, modified)

    # the traps: links robots.txt forbids, and one article linked from both feeds
    disallowed: list[str] = []
    duplicate: tuple[str, list[str]] | None = None
    rss_items = [(p, p.url) for p in pages if p.listed_in == "rss"]
    atom_items = [(p, p.url) for p in pages if p.listed_in == "atom"]
    if traps and rss_items and "atom" in feeds:
        page = next(
            (p for p, _ in rss_items if not p.old and not p.path.startswith(("/archive/", "/show.php"))),
            rss_items[0][0],
        )
        tracked = page.url + ("&" if "?" in page.url else "?") + UTM
        rss_items = [(p, tracked if p is page else u) for p, u in rss_items]
        atom_items.append((page, page.url))
        duplicate = (page.path, [tracked, page.url])
    if traps:
        trap_rng = random.Random(f"newssite:{seed}:traps")
        first = next(
            p
            for p in pages
            if p.listed_in in {"rss", "atom"} and not p.old and not p.path.startswith(("/archive/", "/show"))
        )
        archived = f"/archive/{today.year - 8}/{trap_rng.randrange(100, 999)}.html"
        printed = first.path + "?print=1"
        index = f"/special/{trap_rng.choice(('lh', 'fx', 'xc'))}/index.php"
        resources[archived] = Resource(_index_page(site, "往期回顾", hot), "text/html; charset=utf-8")
        resources[printed] = resources[first.path]
        resources[index] = Resource(_index_page(site, "专题", hot), "text/html; charset=utf-8")
        disallowed = [archived, printed, index]
        rss_items += [
            (_trap(base, archived, "往期回顾", first), base + archived),
            (_trap(base, index, "专题", first), base + index),
        ]
        atom_items.append((_trap(base, printed, first.title + "（打印版）", first), base + printed))

    vrng = random.Random(f"newssite:{seed}:validators")
    sources: list[dict[str, object]] = []

    def serve(path: str, data: bytes, ctype: str, stamp: dt.datetime) -> None:
        etag, modified = _validators(vrng, data, stamp)
        resources[path] = Resource(data, ctype, etag, modified)

    newest = max(p.published for p in pages)
    if "rss" in feeds and rss_items:
        path = f"/rss/{channel[1]}.xml"
        serve(path, _rss(site, base, channel, rss_items), "application/rss+xml; charset=utf-8", newest)
        sources.append({"name": f"{site} {channel[0]} RSS", "url": base + path, "kind": "feed"})
    if "atom" in feeds and atom_items:
        path = f"/atom/{channel[1]}.xml"
        serve(path, _atom(site, base, channel, atom_items), "application/atom+xml", newest)
        sources.append({"name": f"{site} {channel[0]} Atom", "url": base + path, "kind": "feed"})
    in_sitemap = [p for p in pages if p.listed_in == "sitemap"]
    if "sitemap" in feeds and in_sitemap:
        news = [p for p in in_sitemap if not p.old and not p.path.startswith("/archive/")]
        archive = [p for p in in_sitemap if p not in news]
        titled = {p.path for p in news[::2]}
        children = []
        if news:
            serve("/sitemap/news.xml", _news_sitemap(site, news, titled), "application/xml", newest)
            children.append(("/sitemap/news.xml", max(p.published for p in news)))
        if archive:
            serve("/sitemap/archive.xml", _plain_sitemap(archive), "text/xml; charset=utf-8", newest)
            children.append(("/sitemap/archive.xml", max(p.published for p in archive)))
        serve("/sitemap.xml", _sitemap_index(base, children), "application/xml", newest)
        sources.append({"name": f"{site} 站点地图", "url": base + "/sitemap.xml", "kind": "sitemap"})
    for page in pages:
        if page.listed_in == "page":
            sources.append({"name": f"{site} {page.family}", "url": page.url, "kind": "page"})
    for table in sources:
        table["max_items"] = 200
    robots = robots_txt(base, crawl_delay)
    resources["/robots.txt"] = Resource(robots.encode(), "text/plain; charset=utf-8")
    return NewsSite(
        name=site,
        base=base,
        pages=pages,
        resources=resources,
        sources=sources,
        disallowed=disallowed,
        opened_by_allow=opened,
        php_pages=[p.path for p in pages if p.path.startswith("/show.php?")],
        duplicate=duplicate,
        crawl_delay=crawl_delay,
        robots=robots,
    )
