"""Web pages to articles: trafilatura finds the article, a boilerplate pass cleans its lines.

The bytes are decoded by the project's own detector (UTF-8, else GB18030 or
Big5 by which reads as common Chinese), whatever the page declares: Chinese
pages often declare a wrong charset or none.

trafilatura takes the main text with its structure (paragraphs, line breaks,
headings, lists, table cells, links) and the page's metadata. Its lines go
through :mod:`briefing.web.boilerplate` (date/source lines, editor credits,
share bars, related and ranking lists, footers out); a layout table gives one
line per cell, so a page laid out in tables keeps its paragraphs apart from
the ranking list in the next column.

The headline is the feed's, else the element of the page whose text begins
its ``<title>`` ("标题_频道_网站"), else trafilatura's. The date is the one
the page declares in its metadata (``article:published_time``, JSON-LD: read
by htmldate on those alone), else the feed's, else the date printed around the
headline, before the article text; never a date guessed from a copyright line
or from links to other pages. A date keeps the offset its source gave.

A page configured as a page may be an e-paper page with several stories under
their own headlines: it goes through the project's page splitter only when
that split really holds several stories and the article trafilatura found
(never a page of link boxes).
"""

from __future__ import annotations

import bisect
import copy
import datetime as dt
import logging
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from briefing.errors import InputError
from briefing.patterns import derive_title, is_terminal
from briefing.reader import decode, html_blocks, parse
from briefing.records import Article, Document
from briefing.splitter import split_document
from briefing.textnorm import bare, fold, normalize
from briefing.web.boilerplate import Line, edge_kind, strip_boilerplate

log = logging.getLogger("briefing")
_PLAIN = {"text/plain": "", "text/markdown": ".md", "text/x-markdown": ".md"}

_LANG = re.compile(r"<html\b[^>]*?\blang\s*=\s*[\"']?([A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*)", re.I)
_BLOCK_TAGS = {"body", "div", "p", "head", "list", "item", "table", "cell", "quote", "code"}
_SKIPPED = {"graphic"}
_ROW_CELL_MAX = 30  # a table row of short plain cells is one line (a data row); longer cells are blocks
_TITLE_SEPARATORS = "_|｜丨-–—·:：,，"
_HEADLINE_MAX = 120
_STORY_MIN = 60  # characters of prose a story of an e-paper page holds at least
_PROSE_MIN = 20  # a paragraph of prose: at least this long, ending a sentence
_OCCURRENCES_MAX = 200  # occurrences of a line on its page looked at
_HOLD_SHARE = 0.8  # the article's container holds at least this share of its lines of prose
_WINDOW = 400  # characters around the headline, before the article text, where the page prints its date
_INVISIBLE = {"script", "style", "noscript", "template", "head", "title", "select", "option"}
_FULL_DATE_RE = re.compile(
    r"(?P<y>(?:19|20)\d{2})\s{0,2}(?:[-/.年]\s{0,2}|\s{1,3})(?P<m>\d{1,2})\s{0,2}[-/.月]\s{0,2}(?P<d>\d{1,2})\s{0,2}日?"
    r"(?:\s{0,3}(?P<H>\d{1,2})[:：](?P<M>\d{2})(?:[:：](?P<S>\d{2}))?)?"
)
_DATE_META_RE = re.compile(r"date|time|publish|pub|created|issued|modified", re.I)  # not description, keywords
_OFFSET_RE = re.compile(r"(?:[+-]\d{2}:?\d{2}|Z)$")
_HEAD_BYTES = 65536  # bytes fed to the parser at a time


@dataclass
class PageMeta:
    """What the archive knows of a fetched page."""

    url: str  # the canonical URL of the page
    source: str  # the source's name
    fetched_at: str
    role: str = "article"  # article (linked from a feed or sitemap) | page (configured as a page)
    title: str | None = None  # from the feed or sitemap
    date: str | None = None
    content_language: str | None = None
    content_type: str = ""


def canonical_link(body: bytes) -> str | None:
    """The ``<link rel=canonical href=…>`` of a page: its head is read, however long, and nothing after it
    (a link cut off at some byte count would go unseen; the body is never parsed here)."""
    from lxml import etree

    parser = etree.HTMLPullParser(events=("start",))
    for at in range(0, len(body), _HEAD_BYTES):
        parser.feed(body[at : at + _HEAD_BYTES])
        for _, element in parser.read_events():
            if element.tag == "body":
                return None
            rel = (element.get("rel") or "").lower().split() if element.tag == "link" else []
            if "canonical" in rel and (href := (element.get("href") or "").strip()):
                return str(href)
    return None


def _language(text: str, found: str | None, header: str | None) -> str | None:
    if found:
        return found
    m = _LANG.search(text[:4096])
    if m:
        return m.group(1)
    return header.split(",")[0].strip() if header else None


# -- trafilatura's tree to lines ----------------------------------------------------------------


class _Lines:
    """The lines of trafilatura's main-text tree, each with its share of link text."""

    def __init__(self) -> None:
        self.lines: list[Line] = []
        self.parts: list[str] = []
        self.link_chars = 0
        self.heading = False

    def add(self, text: str | None, in_link: bool) -> None:
        if text:
            self.parts.append(text)
            if in_link:
                self.link_chars += len(bare(text))

    def flush(self) -> None:
        raw = "".join(self.parts).strip()
        pieces = [normalize(x) for x in raw.split("\n")]
        if len(pieces) == 1 and pieces[0]:
            self.lines.append(Line(pieces[0], min(self.link_chars, len(bare(pieces[0]))), self.heading))
        else:  # trafilatura's fallback keeps a page's raw text, one line per line: which were links is lost
            self.lines += [Line(x, 0, self.heading) for x in pieces if x]
        self.parts, self.link_chars = [], 0

    def row(self, el: Any) -> bool:
        """A row of short plain cells as one line ("地区 | 数量"); False for a layout row (cells with blocks)."""
        cells = list(el)
        if len(cells) < 2 or any(x.tag in _BLOCK_TAGS for c in cells for x in c.iterdescendants()):
            return False
        texts = [normalize("".join(c.itertext())) for c in cells]
        if any(len(t) > _ROW_CELL_MAX for t in texts):
            return False
        self.flush()
        links = sum(len(bare("".join(r.itertext()))) for c in cells for r in c.iter("ref"))
        text = " | ".join(t for t in texts if t)
        if text:
            self.lines.append(Line(text, min(links, len(bare(text)))))
        return True

    def visit(self, el: Any, in_link: bool = False) -> None:
        tag = el.tag if isinstance(el.tag, str) else ""
        if tag in _SKIPPED:
            return
        if tag == "row" and self.row(el):
            return
        block = tag in _BLOCK_TAGS or tag == "row"
        if block:
            self.flush()
            self.heading = tag == "head"
        link = in_link or tag == "ref"
        self.add(el.text, link)
        for child in el:
            if child.tag == "lb":
                self.flush()
            else:
                self.visit(child, link)
                if block:
                    self.heading = tag == "head"
            self.add(child.tail, link)
        if block:
            self.flush()
            self.heading = False


def body_lines(body: Any) -> list[Line]:
    """trafilatura's main text as lines: paragraphs, ``<br>`` breaks and table cells apart."""
    walker = _Lines()
    if body is not None:
        walker.visit(body)
        walker.flush()
    return walker.lines


# -- headline and date ----------------------------------------------------------------------


def _visible(tree: Any) -> Iterator[tuple[Any, str]]:
    """(element, text) of the page's visible text, in document order (a tail goes with the parent)."""
    from lxml import etree

    hidden = 0
    for event, el in etree.iterwalk(tree, events=("start", "end")):
        tag = el.tag if isinstance(el.tag, str) else ""
        if event == "start":
            if tag in _INVISIBLE or not tag:
                hidden += 1
            elif not hidden and el.text:
                yield el, el.text
            continue
        if tag in _INVISIBLE or not tag:
            hidden -= 1
        parent = el.getparent()
        if not hidden and el.tail and parent is not None:
            yield parent, el.tail


@dataclass
class PageText:
    """A page's visible text in document order, and which element holds each piece of it."""

    text: str  # white space collapsed
    starts: list[int]  # where each piece starts in ``text``
    elements: list[Any]  # the element holding each piece (a tail: its parent)
    folded: str  # letters and digits only (:func:`briefing.textnorm.fold`), to find lines in
    folded_piece: list[int]  # the piece each character of ``folded`` comes from

    @classmethod
    def of(cls, root: Any) -> PageText:
        parts: list[str] = []
        starts: list[int] = []
        elements: list[Any] = []
        folded: list[str] = []
        folded_piece: list[int] = []
        size = 0
        for n, (el, piece) in enumerate(_visible(root)):
            piece = re.sub(r"\s+", " ", piece)
            parts.append(piece)
            starts.append(size)
            elements.append(el)
            size += len(piece)
            key = fold(piece)
            folded.append(key)
            folded_piece += [n] * len(key)
        return cls("".join(parts), starts, elements, "".join(folded), folded_piece)

    def span(self, box: Any) -> tuple[int, int]:
        """Where the text of ``box`` (an element of this page) lies in ``folded``."""
        inside = {id(el) for el in box.iter()}
        pieces = [n for n, el in enumerate(self.elements) if id(el) in inside]
        if not pieces:
            return 0, 0
        first, last = pieces[0], pieces[-1]
        lo = bisect.bisect_left(self.folded_piece, first)
        hi = bisect.bisect_right(self.folded_piece, last)
        return lo, hi

    def whole(self, key: str, start: int = 0) -> int:
        """Where ``key`` (folded) first stands as text of its own at or after ``start``: whole pieces, not a
        part of a longer one ("新华网" inside "（本文来自：新华网）" is not the line "新华网"); -1 if nowhere."""
        at = self.folded.find(key, start) if key else -1
        for _ in range(_OCCURRENCES_MAX):
            if at == -1:
                return -1
            end = at + len(key)
            starts = at == 0 or self.folded_piece[at - 1] != self.folded_piece[at]
            ends = end == len(self.folded) or self.folded_piece[end] != self.folded_piece[end - 1]
            if starts and ends:
                return at
            at = self.folded.find(key, at + 1)
        return -1

    def locate(self, lines: list[Line]) -> list[int]:
        """Where each line stands on the page, read in order: a line repeated (a summary box above the
        text, a headline listed beside it) is found at its place after the line before it; -1 when a line
        is nowhere on the page as text of its own."""
        found, cursor = [], 0
        for line in lines:
            key = fold(line.text)
            at = self.whole(key, cursor)
            if at == -1:
                at = self.whole(key)  # out of the page's order
            else:
                cursor = at + len(key)
            found.append(at)
        return found

    def element_at(self, at: int) -> Any:
        return self.elements[self.folded_piece[at]]


def _short_text(el: Any, limit: int) -> str | None:
    """An element's whole text, normalized, or None when longer than ``limit``."""
    parts, size = [], 0
    for piece in el.itertext():
        parts.append(piece)
        size += len(piece)
        if size > limit * 4:
            return None
    text = normalize("".join(parts))
    return text if text and len(text) <= limit else None


def headline(tree: Any, found: str | None) -> str | None:
    """The page's headline: the element whose whole text begins the ``<title>`` ("标题_频道_网站"),
    else trafilatura's title."""
    title_el = tree.find(".//title")
    tag_title = normalize(title_el.text_content()) if title_el is not None else ""
    best = ""
    if tag_title:
        body = tree.find(".//body")
        for el in (body if body is not None else tree).iter():
            if not isinstance(el.tag, str) or el.tag in _INVISIBLE or el.tag == "a":
                continue
            text = _short_text(el, _HEADLINE_MAX)
            if not text or len(text) <= len(best) or len(bare(text)) < 4 or not tag_title.startswith(text):
                continue
            rest = tag_title[len(text) :].lstrip()
            if not rest or rest[0] in _TITLE_SEPARATORS:
                best = text
    return best or (normalize(found) if found else None)


def declared_date(tree: Any, fetched: dt.date) -> str | None:
    """The publication time the page declares in its metadata (date meta tags, JSON-LD), as written,
    offset kept.

    htmldate reads only those (a copy of the page holding nothing else): on the whole page it would
    take a date from a related-news list or guess one from a copyright line, and a description's
    text may begin with any date.
    """
    import htmldate
    from lxml import html as lxml_html

    head = lxml_html.Element("head")
    for el in tree.iter("meta", "script"):
        named = " ".join(el.get(a) or "" for a in ("name", "property", "itemprop", "http-equiv"))
        if (el.tag == "meta" and _DATE_META_RE.search(named)) or (
            el.tag == "script" and (el.get("type") or "").strip().lower() == "application/ld+json"
        ):
            kept = copy.deepcopy(el)
            kept.tail = None
            head.append(kept)
    if not len(head):
        return None
    page = lxml_html.Element("html")
    page.append(head)
    page.append(lxml_html.Element("body"))
    found = htmldate.find_date(
        page,
        extensive_search=False,
        original_date=True,
        outputformat="%Y-%m-%dT%H:%M:%S%z",
        max_date=(fetched + dt.timedelta(days=1)).isoformat(),
    )
    if not found:
        return None
    if _OFFSET_RE.search(found) and found[-3] != ":" and found[-1] != "Z":
        found = found[:-2] + ":" + found[-2:]  # +0800 -> +08:00 (RFC 3339)
    return found


def printed_date(page: PageText, title: str | None, first_line: str | None) -> str | None:
    """The date the page prints around its headline, before the article text ("2020-07-26 16:56 来源：…"):
    a naive ISO date or time (the page gives no offset)."""
    text = page.text
    at = text.find(title) if title else -1
    body_at = text.find(first_line[:16], max(at, 0)) if first_line else -1
    if at == -1 and body_at == -1:
        return None
    lo = max(0, (at if at != -1 else body_at) - _WINDOW // 2)
    hi = body_at if body_at != -1 and (at == -1 or body_at - at <= 2 * _WINDOW) else (at + _WINDOW)
    for start, el in zip(page.starts, page.elements, strict=True):  # a <time datetime> in the window says it best
        if lo <= start < hi and el.tag == "time" and (when := (el.get("datetime") or "").strip()):
            try:
                return dt.datetime.fromisoformat(when).isoformat()
            except ValueError:
                pass
    anchor = at if at != -1 else body_at
    best: tuple[int, re.Match[str]] | None = None
    for m in _FULL_DATE_RE.finditer(text, lo, hi):
        distance = abs(m.start() - anchor)
        if best is None or distance < best[0]:
            best = (distance, m)
    if best is None:
        return None
    g = best[1].groupdict()
    try:
        day = dt.date(int(g["y"]), int(g["m"]), int(g["d"]))
        if g["H"] is None:
            return day.isoformat()
        return dt.datetime.combine(day, dt.time(int(g["H"]), int(g["M"]), int(g["S"] or 0))).isoformat()
    except ValueError:
        return None


# -- the page ---------------------------------------------------------------------------------


def _meta_author(tree: Any) -> str | None:
    """``<meta name="author">`` (trafilatura's author reader drops Chinese names)."""
    for el in tree.iter("meta"):
        if (el.get("name") or "").strip().lower() == "author" and (value := normalize(el.get("content") or "")):
            return value[:80]
    return None


def _trafilatura(tree: Any, meta: PageMeta, precise: bool = False) -> Any:
    import trafilatura

    return trafilatura.bare_extraction(
        tree,
        url=meta.url,
        with_metadata=True,
        include_comments=False,
        include_tables=True,
        include_links=True,
        include_images=False,
        deduplicate=False,
        date_extraction_params={"extensive_search": False, "original_date": True},
        favor_precision=precise,
    )


def _flattened(lines: list[Line], title: str) -> bool:
    """Whether trafilatura fell back to the whole text of a container, run into one block: a line that
    begins with the headline and goes on (its main extraction keeps the headline apart, or drops it)."""
    key = fold(title)
    return bool(key) and any(len(fold(x.text)) > len(key) and fold(x.text).startswith(key) for x in lines)


def _own_split(text: str, meta: PageMeta) -> list[Article]:
    return split_document(Document(meta.source, "html", blocks=html_blocks(text))).articles


def _stories(split: list[Article]) -> list[Article]:
    """The articles of a page split that read as stories: under their own headline (holding no list
    heading or other furniture), with at least ``_STORY_MIN`` characters of prose after the boilerplate
    pass (most of it in paragraphs that end a sentence: a list of headlines mostly does not)."""
    found = []
    for a in split:
        if a.title_derived or any(bare(word) and edge_kind(Line(word)) for word in a.title.split()):
            continue  # no headline, or one holding a list's heading or furniture ("相关新闻", "【打印】")
        kept, _ = strip_boilerplate([Line(p) for p in a.paragraphs], [a.title])
        prose = sum(len(x.text) for x in kept if len(x.text) >= _PROSE_MIN and is_terminal(x.text))
        if prose >= _STORY_MIN and prose >= 0.6 * sum(len(x.text) for x in kept):
            found.append(a)
    return found


def _holds(split: list[Article], main: list[str]) -> bool:
    """Whether a split of the page holds several stories and the article trafilatura found (its
    paragraphs, nearly all), not boxes of links beside it."""
    if len(_stories(split)) < 2:
        return False
    if not main:
        return True
    text = fold("".join(p for a in split for p in a.paragraphs))
    inside = sum(len(fold(p)) for p in main if fold(p) in text)
    return inside >= 0.9 * sum(len(fold(p)) for p in main)


def _plain_page(text: str, meta: PageMeta) -> list[Article]:
    """A transcript or a Markdown page: the reader and the splitter, as for files."""
    errors: list[InputError] = []
    page = parse(text, meta.source, _PLAIN[meta.content_type], errors)
    found = split_document(page).articles
    if not found:
        raise errors[0] if errors else InputError(f"{meta.url}: no article text found on the page")
    return [_stamp(a, meta, None, None, text) for a in found]


def _holding_most(elements: list[Any], share: float = _HOLD_SHARE) -> Any:
    """The deepest element holding at least ``share`` of ``elements`` (a line found in the wrong place
    does not lift the article's container up to the whole page)."""
    counts: dict[int, int] = {}
    found: dict[int, tuple[int, Any]] = {}
    for el in elements:
        chain = [el, *el.iterancestors()]
        for depth, anc in enumerate(reversed(chain)):
            counts[id(anc)] = counts.get(id(anc), 0) + 1
            found[id(anc)] = (depth, anc)
    need = share * len(elements)
    best = max((found[k] for k, n in counts.items() if n >= need), key=lambda x: x[0], default=None)
    return best[1] if best else None


def _in_link(el: Any) -> bool:
    return bool(el.tag == "a" or any(a.tag == "a" for a in el.iterancestors()))


def in_container(page: PageText, lines: list[Line], title: str = "") -> list[Line]:
    """The lines that stand in the article's own container: the deepest element holding most of its lines
    of prose (sentences, not mostly links, not inside a link on the page). Lines from elsewhere on the page
    (a footer, a list beside the text, a header line, a box below or above) are left out, whatever their
    words, each judged by where it stands. Unchanged when fewer than two lines of prose are found on the
    page, or most have nothing in common below ``<body>``. The headline is no line of prose here (it may
    end like a sentence, and it often stands above the container)."""
    heading = fold(title)
    places = page.locate(lines)
    holders = [
        page.element_at(at)
        for x, at in zip(lines, places, strict=True)
        if at != -1
        and len(bare(x.text)) >= _PROSE_MIN
        and is_terminal(x.text)
        and x.link_share < 0.5
        and fold(x.text) != heading
        and not _in_link(page.element_at(at))
    ]
    if len(holders) < 2:
        return lines
    box = _holding_most(holders)
    if box is None or box.tag in {"html", "body"}:
        return lines
    lo, hi = page.span(box)
    return [x for x, at in zip(lines, places, strict=True) if not fold(x.text) or at == -1 or lo <= at < hi]


def _main_lines(tree: Any, page: PageText, doc: Any, meta: PageMeta, title: str) -> list[str]:
    """The article's paragraphs: trafilatura's main text as lines, those of its container, boilerplate out."""
    found = body_lines(doc.body)
    if _flattened(found, title):
        log.debug("%s: trafilatura's fallback ran the page into one block; its precise mode read it", meta.url)
        found = body_lines(_trafilatura(tree, meta, precise=True).body) or found
    kept, _cuts = strip_boilerplate(in_container(page, found, title), [title])
    return [line.text for line in kept]


def _split_page(text: str, meta: PageMeta) -> list[Article]:
    """A page trafilatura finds no main text in, read by the project's page splitter."""
    own = _own_split(text, meta)
    if not own:
        raise InputError(f"{meta.url}: no article text found on the page")
    log.debug("%s: trafilatura found no main text; the page splitter read it", meta.url)
    return [_stamp(a, meta, None, None, text) for a in own]


def page_articles(body: bytes, meta: PageMeta) -> list[Article]:
    """The articles of one fetched page, each carrying its URL, date and source name."""
    from trafilatura.utils import load_html

    text = decode(body, meta.url)
    if meta.content_type in _PLAIN:
        return _plain_page(text, meta)
    tree = load_html(text)
    doc = _trafilatura(tree, meta) if tree is not None else None
    if doc is None:
        return _split_page(text, meta)
    title = normalize(meta.title or "") or headline(tree, doc.title) or ""
    page = PageText.of(tree)
    paragraphs = _main_lines(tree, page, doc, meta, title)
    if not paragraphs:
        return _split_page(text, meta)
    if meta.role == "page":
        own = _own_split(text, meta)
        if _holds(own, paragraphs):
            log.debug("%s: e-paper page, %d articles by the page splitter", meta.url, len(own))
            return [_stamp(a, meta, None, None, text) for a in own]
    fetched = dt.datetime.fromisoformat(meta.fetched_at).date()
    date = declared_date(tree, fetched) or meta.date or printed_date(page, title, paragraphs[0])
    article = Article(
        title=title or derive_title(paragraphs), paragraphs=paragraphs, source=meta.source, title_derived=not title
    )
    return [_stamp(article, meta, date, doc.author or _meta_author(tree), text, doc.language)]


def _stamp(
    article: Article, meta: PageMeta, date: str | None, author: str | None, text: str, language: str | None = None
) -> Article:
    """Carry the page's URL, date, author, language and source name on the article."""
    article.source = meta.source
    article.links = [meta.url, *[link for link in article.links if link != meta.url]]
    article.date = date or meta.date
    article.language = _language(text, language, meta.content_language)
    if author and not article.byline:
        article.byline = normalize(author)
    return article
