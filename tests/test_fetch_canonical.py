"""A relative rel=canonical is read against the page's final URL: the same page under two URLs is read once."""

from __future__ import annotations

import pytest

from tests.test_fetch import (
    article_page,
    briefing_json,
    build_sources,
    error_lines,
    note_lines,
    rss,
    seed_articles,
    write_config,
)


@pytest.mark.timeout(60)
def test_a_relative_canonical_link_joins_the_page_to_its_canonical_url(site, tmp_path):
    art = seed_articles()[0]
    canonical = site.add("/a/0.html", article_page(art.title, art.paragraphs, canonical="/a/0.html"))
    mirror = site.add("/m/0.html", article_page(art.title, art.paragraphs, canonical="/a/0.html"))
    site.add("/one.xml", rss([(art.title, canonical)]), "application/rss+xml")
    site.add("/two.xml", rss([(art.title, mirror)]), "application/rss+xml")
    config = write_config(
        tmp_path, [{"name": "源A", "url": site.url("/one.xml")}, {"name": "源B", "url": site.url("/two.xml")}]
    )
    res = build_sources(tmp_path, config, verbose=True)
    assert res.exit_code == 0, res.output
    lines = note_lines(res.output)
    assert error_lines(res.output) == [] and len(lines) == 1 and "same page as an entry of" in lines[0], lines
    [item] = briefing_json(tmp_path)["items"]
    assert canonical in (item.get("external_url"), item.get("url"), *item.get("_briefing", {}).get("links", [])), item
