"""The fetcher's politeness: robots.txt read for each redirect target on its own host, and the per-host delay."""

from __future__ import annotations

from itertools import pairwise

import pytest
from werkzeug import Response

from tests.test_fetch import (
    article_page,
    briefing_json,
    build_sources,
    error_lines,
    publish_seed,
    rss,
    write_config,
)


def _redirect(target: str):
    return lambda request: Response("", status=302, headers={"Location": target})


@pytest.mark.timeout(60)
def test_robots_txt_is_obeyed_on_every_redirect_hop(site, tmp_path):
    pairs = publish_seed(site)[:2]
    secret = site.add("/private/x.html", article_page("不该抓取", ["这一页被 robots.txt 禁止。"]))
    site.pages["/go.html"] = _redirect(secret)  # type: ignore[assignment]
    fine = site.add("/fine.html", article_page("可以抓取", ["这一页可以抓取，经过一次跳转。"]))
    site.pages["/go-fine.html"] = _redirect(fine)  # type: ignore[assignment]
    site.add("/robots.txt", "User-agent: *\nDisallow: /private/\n", "text/plain")
    feed = [*pairs, ("跳转到禁止页", site.url("/go.html")), ("跳转到可抓页", site.url("/go-fine.html"))]
    site.add("/feed.xml", rss(feed), "application/rss+xml")
    config = write_config(tmp_path, [{"name": "源A", "url": site.url("/feed.xml")}])
    res = build_sources(tmp_path, config)
    assert res.exit_code == 0, res.output
    assert "/private/x.html" not in site.paths()  # the hop robots.txt forbids is never requested
    assert "/fine.html" in site.paths()  # the other side: an allowed hop is followed
    assert error_lines(res.output) == []
    assert briefing_json(tmp_path)["_briefing"]["notes"] == [f"源A: {secret}: disallowed by robots.txt; not fetched"]
    titles = sorted(i["title"] for i in briefing_json(tmp_path)["items"])
    assert titles == sorted([*(t for t, _ in pairs), "跳转到可抓页"])


@pytest.mark.timeout(60)
def test_a_redirect_to_another_host_reads_that_hosts_robots_txt(site, tmp_path):
    pairs = publish_seed(site)[:2]
    secret = site.add("/private/y.html", article_page("另一主机禁止", ["另一个主机的 robots.txt 禁止这一页。"]))
    other = secret.replace("127.0.0.1", "localhost")
    site.pages["/go.html"] = _redirect(other)  # type: ignore[assignment]
    site.pages["/robots.txt"] = lambda request: Response(  # type: ignore[assignment]
        "User-agent: *\nDisallow: /private/\n" if request.host.startswith("localhost") else "User-agent: *\nAllow: /\n",
        content_type="text/plain",
    )
    site.add("/feed.xml", rss([*pairs, ("跳转到另一主机", site.url("/go.html"))]), "application/rss+xml")
    config = write_config(tmp_path, [{"name": "源A", "url": site.url("/feed.xml")}])
    res = build_sources(tmp_path, config)
    assert res.exit_code == 0, res.output
    asked = [(h.split(":")[0], p) for h, p, _ in site.requests]
    assert ("localhost", "/robots.txt") in asked and ("localhost", "/private/y.html") not in asked
    assert briefing_json(tmp_path)["_briefing"]["notes"] == [f"源A: {other}: disallowed by robots.txt; not fetched"]


@pytest.mark.timeout(60)
def test_the_per_host_delay_from_both_sides(site, tmp_path):
    """``delay = 1``: two requests to one host start at least 1 s apart, and not much more (a delay taken
    twice, or from the wrong end, shows as gaps of 2 s); a second host is not held up by the first's delay."""
    pairs = publish_seed(site)[:2]
    other = [(t, u.replace("127.0.0.1", "localhost")) for t, u in pairs]
    site.add("/feed.xml", rss([*pairs, *other]), "application/rss+xml")
    config = write_config(tmp_path, [{"name": "源A", "url": site.url("/feed.xml")}], delay=1.0, concurrency=2)
    res = build_sources(tmp_path, config)
    assert res.exit_code == 0, res.output
    by_host: dict[str, list[float]] = {}
    for (host, _, _), at in zip(site.requests, site.times, strict=True):
        by_host.setdefault(host.split(":")[0], []).append(at)
    near = by_host["127.0.0.1"]  # robots.txt, the feed, two articles
    gaps = [b - a for a, b in pairwise(near)]
    assert len(gaps) == 3 and min(gaps) >= 0.99, gaps
    assert sorted(gaps)[1] < 1.9, gaps  # the median gap: the delay once, not twice
    far = by_host["localhost"]  # its robots.txt and two articles, started while 127.0.0.1 waits
    assert len(far) == 3 and far[0] < near[-1], (near, far)
