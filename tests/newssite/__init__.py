"""A local test site built like real Chinese news sites, with the ground truth of every page.

``texts`` finds article text (the repository's seed page and packaged NTREX
lines; ``../shared`` when present), ``layouts`` renders it in five families
of news page with seeded variation and site furniture (``furniture``),
``site`` lays a whole site out (feeds, sitemaps, robots.txt, traps),
``server`` serves sites on 127.0.0.1 and records every request, ``scenario``
runs the ``briefing`` CLI on them as a user would, and ``measure`` scores what
it built. ``tests/test_site.py`` pins issue #20's targets with it and
``benchmarks/bench_site.py`` prints the numbers. See ``tests/newssite.md``.
"""

from __future__ import annotations

import datetime as dt

from tests.newssite.server import SiteServer
from tests.newssite.site import NewsSite, Page, build_site
from tests.newssite.texts import Text, has_shared, repo_texts, shared_texts

__all__ = [
    "NewsSite",
    "Page",
    "SiteServer",
    "Text",
    "build_site",
    "has_shared",
    "repo_texts",
    "serve_pair",
    "shared_texts",
]

SLOW_HOST = "localhost"  # a second host name for the same server: its robots.txt asks for Crawl-delay 1.5
FAST_HOST = "127.0.0.1"
CRAWL_DELAY = 1.5


def serve_pair(server: SiteServer, texts: list[Text], today: dt.date, seed: int = 0, slow: int = 3) -> None:
    """Mount the usual pair of sites: the main one on 127.0.0.1 (no Crawl-delay) and ``slow`` articles on
    localhost, whose robots.txt asks for ``Crawl-delay: 1.5`` (one RSS feed, no traps)."""
    main, rest = texts[:-slow], texts[-slow:]
    server.mount(FAST_HOST, build_site(main, server.base(FAST_HOST), today=today, seed=seed))
    server.mount(
        SLOW_HOST,
        build_site(
            rest,
            server.base(SLOW_HOST),
            today=today,
            seed=seed + 1,
            page_sources=0,
            old=0,
            traps=False,
            feeds=("rss",),
            crawl_delay=CRAWL_DELAY,
        ),
    )
