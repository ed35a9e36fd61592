"""Web pages to articles: trafilatura for an article page, the page splitter for an e-paper page.

The bytes are decoded by the project's own detector (UTF-8, else GB18030 or
Big5 by which reads as common Chinese), whatever the page declares: Chinese
pages often declare a wrong charset or none. trafilatura takes the main text,
title, date, author and language (comments and boilerplate out); a page that
prints several stories under their own headlines (an e-paper page) goes
through the project's HTML reader and splitter instead, as does any page
trafilatura finds no text in.
"""

from __future__ import annotations

import datetime as dt
import html
import logging
import re
from dataclasses import dataclass
from typing import Any

from briefing.errors import InputError
from briefing.patterns import derive_title
from briefing.reader import decode, html_blocks, parse
from briefing.records import Article, Document
from briefing.splitter import split_document
from briefing.textnorm import normalize

log = logging.getLogger("briefing")
_PLAIN = {"text/plain": "", "text/markdown": ".md", "text/x-markdown": ".md"}

_LANG = re.compile(r"<html\b[^>]*?\blang\s*=\s*[\"']?([A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*)", re.I)
_META_AUTHOR = re.compile(r"<meta\b[^>]*\bname\s*=\s*[\"']author[\"'][^>]*\bcontent\s*=\s*[\"']([^\"'<>]{1,80})", re.I)
_CANONICAL = re.compile(r"<link\b[^>]*\brel\s*=\s*[\"']?canonical\b[^>]*>", re.I)
_HREF = re.compile(r"\bhref\s*=\s*(?:\"([^\"]*)\"|'([^']*)'|([^\s>]+))", re.I)


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


def canonical_link(page_head: str) -> str | None:
    """The ``<link rel=canonical href=…>`` of a page, if any."""
    m = _CANONICAL.search(page_head)
    if not m:
        return None
    h = _HREF.search(m.group(0))
    if not h:
        return None
    return html.unescape(next(g for g in h.groups() if g is not None)).strip() or None


def _language(text: str, found: str | None, header: str | None) -> str | None:
    if found:
        return found
    m = _LANG.search(text[:4096])
    if m:
        return m.group(1)
    return header.split(",")[0].strip() if header else None


def _trafilatura(text: str, meta: PageMeta) -> Any:  # trafilatura's Document, or None
    import trafilatura

    fetched = dt.datetime.fromisoformat(meta.fetched_at)
    # max_date pinned to the fetch day: a rebuild next year extracts the same date
    return trafilatura.bare_extraction(
        text,
        url=meta.url,
        with_metadata=True,
        include_comments=False,
        include_tables=True,
        deduplicate=False,
        date_extraction_params={"max_date": fetched.date().isoformat(), "original_date": True},
    )


def _own_split(text: str, meta: PageMeta) -> list[Article]:
    return split_document(Document(meta.source, "html", blocks=html_blocks(text))).articles


def _paragraphs(text: str, titles: set[str]) -> list[str]:
    """The main text's paragraphs, without a leading headline (trafilatura keeps the page's h1)."""
    paras = [normalize(p) for p in text.splitlines() if p.strip()]
    if paras and paras[0] in titles:
        paras = paras[1:]
    return paras


def page_articles(body: bytes, meta: PageMeta) -> list[Article]:
    """The articles of one fetched page, each carrying its URL, date and source name."""
    text = decode(body, meta.url)
    if meta.content_type in _PLAIN:  # a transcript or a Markdown page: the reader and splitter, as for files
        errors: list[InputError] = []
        page = parse(text, meta.source, _PLAIN[meta.content_type], errors)
        found = split_document(page).articles
        if not found:
            raise errors[0] if errors else InputError(f"{meta.url}: no article text found on the page")
        return [_stamp(a, meta, None, None, text) for a in found]
    doc = _trafilatura(text, meta)
    main = (doc.text or "").strip() if doc is not None else ""
    own: list[Article] | None = None
    if meta.role == "page":
        own = _own_split(text, meta)
        headed = [a for a in own if not a.title_derived]
        if len(headed) >= 2 and sum(len(a.text) for a in own) >= 0.5 * len(main):
            log.debug("%s: e-paper page, %d articles by the page splitter", meta.url, len(own))
            return [_stamp(a, meta, None, None, text) for a in own]
    if main:
        # the feed's headline first: a page title often carries the site's name
        title = normalize(meta.title or "") or normalize((doc.title or "").strip())
        paragraphs = _paragraphs(main, {title, normalize(doc.title or "")})
        if paragraphs:
            article = Article(
                title=title or derive_title(paragraphs),
                paragraphs=paragraphs,
                source=meta.source,
                title_derived=not title,
            )
            author = doc.author or (m.group(1).strip() if (m := _META_AUTHOR.search(text[:65536])) else None)
            return [_stamp(article, meta, doc.date, author, text, doc.language)]
    own = own if own is not None else _own_split(text, meta)
    if not own:
        raise InputError(f"{meta.url}: no article text found on the page")
    log.debug("%s: trafilatura found no main text; the page splitter read it", meta.url)
    return [_stamp(a, meta, None, None, text) for a in own]


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
