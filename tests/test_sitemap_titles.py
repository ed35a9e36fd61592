"""A news sitemap's titles reach its entries (cleaned to one line); an entry without one has none."""

from __future__ import annotations

from briefing.web.discover import parse_sitemap

SITEMAP = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
    'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">'
    "<url><loc>https://news.example.org/a/1.html</loc><news:news>"
    "<news:publication_date>2025-07-08T09:00:00+08:00</news:publication_date>"
    "<news:title>  茶叶博览会\n在杭州开幕 </news:title></news:news></url>"
    "<url><loc>https://news.example.org/a/2.html</loc><lastmod>2025-07-07</lastmod></url>"
    "</urlset>"
)


def test_a_news_sitemaps_title_is_its_entrys_title():
    listing = parse_sitemap(SITEMAP.encode("utf-8"), 1_000_000)
    got = {e.url: (e.title, e.date) for e in listing.entries}
    assert got == {
        "https://news.example.org/a/1.html": ("茶叶博览会 在杭州开幕", "2025-07-08T09:00:00+08:00"),
        "https://news.example.org/a/2.html": (None, "2025-07-07"),
    }
