"""Web sources: feeds, sitemaps and pages fetched from a local server on 127.0.0.1, archived, built.

Every site here is built at test time from the seed page (or from ../shared,
when present); no test sends traffic to any address other than loopback.
"""

from __future__ import annotations

import gzip
import html
import json
import logging
import re
import threading
import time
from collections import defaultdict
from pathlib import Path

import pytest
from click.testing import CliRunner
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from briefing import split
from briefing.cli import main
from briefing.config import FetchOptions
from briefing.web.urls import AddressPolicy, canonical_url, check_scheme, is_private
from tests.conftest import SEED, needs_shared

DAY = "2025-07-09"


# -- the fixture site -----------------------------------------------------------------


class Site:
    """A threaded HTTP server on 127.0.0.1 that remembers every request and how many were in flight per host."""

    def __init__(self, host: str = "127.0.0.1") -> None:
        self.host = host
        self.server = HTTPServer(host=host, port=0, threaded=True)
        self.server.start()
        self.lock = threading.Lock()
        self.in_flight: dict[str, int] = defaultdict(int)
        self.max_in_flight: dict[str, int] = defaultdict(int)
        self.max_total = 0
        self.requests: list[tuple[str, str, dict[str, str]]] = []  # (host, path, headers)
        self.pages: dict[str, tuple[bytes, str, dict[str, str]]] = {}
        self.slow = 0.0
        self.times: list[float] = []
        self.server.expect_request(re.compile(".*")).respond_with_handler(self._handle)
        logging.getLogger("werkzeug").setLevel(logging.ERROR)

    @property
    def port(self) -> int:
        return self.server.port

    def url(self, path: str, host: str = "") -> str:
        return f"http://{host or self.host}:{self.port}{path}"

    def add(self, path: str, body: bytes | str, ctype: str = "text/html; charset=utf-8", **headers: str) -> str:
        self.pages[path] = (body.encode("utf-8") if isinstance(body, str) else body, ctype, headers)
        return self.url(path)

    def paths(self) -> list[str]:
        return [p for _, p, _ in self.requests]

    def _handle(self, request: Request) -> Response:
        host = request.headers.get("Host", "")
        with self.lock:
            self.requests.append((host, request.full_path.rstrip("?"), dict(request.headers)))
            self.times.append(time.monotonic())
            self.in_flight[host] += 1
            self.max_in_flight[host] = max(self.max_in_flight[host], self.in_flight[host])
            self.max_total = max(self.max_total, sum(self.in_flight.values()))
        try:
            if self.slow:
                time.sleep(self.slow)
            handler = self.pages.get(request.path)
            if callable(handler):
                return handler(request)
            if handler is None:
                return Response("not found", status=404)
            body, ctype, headers = handler
            etag, modified = headers.get("ETag"), headers.get("Last-Modified")
            if etag and request.headers.get("If-None-Match") == etag:
                return Response(status=304, headers={"ETag": etag})
            if modified and not etag and request.headers.get("If-Modified-Since") == modified:
                return Response(status=304)
            return Response(body, content_type=ctype, headers=headers)
        finally:
            with self.lock:
                self.in_flight[host] -= 1

    def stop(self) -> None:
        if self.server.is_running():
            self.server.stop()



def article_page(title: str, paragraphs: list[str], *, canonical: str | None = None, charset: str = "utf-8") -> str:
    head = f'<meta charset="{charset}"><title>{html.escape(title)} - 测试网</title>'
    head += '<meta property="article:published_time" content="2025-07-08T09:00:00+08:00">'
    if canonical:
        head += f'<link rel="canonical" href="{html.escape(canonical)}">'
    body = "".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)
    return (
        f'<!doctype html><html lang="zh-CN"><head>{head}</head><body>'
        f'<nav><a href="/">首页</a> <a href="/news">新闻</a></nav>'
        f"<article><h1>{html.escape(title)}</h1>{body}</article>"
        "<footer>关于我们 | 联系我们 | 版权所有</footer></body></html>"
    )


def archive_days(root: Path) -> list[Path]:
    """The day folders of an archive (its lock file lies beside them)."""
    return sorted(p for p in root.iterdir() if p.is_dir())


def rss(items: list[tuple[str, str]], title: str = "测试频道") -> str:
    entries = "".join(
        f"<item><title>{html.escape(t)}</title><link>{html.escape(u)}</link>"
        f"<pubDate>Tue, 08 Jul 2025 0{n}:00:00 +0800</pubDate>"
        f"<description>{html.escape('摘要：' + t)}</description></item>"
        for n, (t, u) in enumerate(items)
    )
    return f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>{title}</title>{entries}</channel></rss>'


def seed_articles():
    return [a for a in split(SEED.read_text("utf-8"), name=SEED.name).articles if not a.title_derived]


def publish_seed(site: Site, prefix: str = "/a") -> list[tuple[str, str]]:
    """One article page per headed story of the seed; returns (title, url) pairs."""
    out = []
    for n, art in enumerate(seed_articles()):
        url = site.add(f"{prefix}/{n}.html", article_page(art.title, art.paragraphs))
        out.append((art.title, url))
    return out


def write_config(tmp_path: Path, sources: list[dict], **fetch) -> Path:
    settings = {"delay": 0, "backoff": 0, "timeout": 2, "deadline": 3, "contact": "https://example.org/briefing-bot"}
    settings.update(fetch)

    def value(v):
        return json.dumps(v, ensure_ascii=False) if not isinstance(v, bool) else str(v).lower()

    lines = ["[fetch]", *(f"{k} = {value(v)}" for k, v in settings.items()), ""]
    for src in sources:
        lines += ["[[sources]]", *(f"{k} = {value(v)}" for k, v in src.items()), ""]
    path = tmp_path / "config.toml"
    path.write_text("\n".join(lines), "utf-8")
    return path


def run(*args: str):
    return CliRunner().invoke(main, list(args))


def build_sources(tmp_path: Path, config: Path, out: str = "out", verbose: bool = False):
    flags = ["-v"] if verbose else []
    return run(*flags, "build", "--sources", "--config", str(config), "--out", str(tmp_path / out), "--date", DAY)


def note_lines(output: str) -> list[str]:
    return [line for line in output.splitlines() if line.startswith("briefing: note:")]


def briefing_json(tmp_path: Path, out: str = "out") -> dict:
    return json.loads((tmp_path / out / f"{DAY}.json").read_text("utf-8"))


def error_lines(output: str) -> list[str]:
    return [line for line in output.splitlines() if line.startswith("briefing: error:")]


# -- unit rules ----------------------------------------------------------------------


def test_canonical_url_drops_tracking_and_fragments():
    a = canonical_url("HTTP://News.Example.org:80/a/1.html?utm_source=rss&id=7&utm_medium=x#top")
    assert a == "http://news.example.org/a/1.html?id=7"
    assert canonical_url("https://x.org/p?fbclid=abc") == "https://x.org/p"


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "ftp://example.org/x",
        "javascript:alert(1)",
        "//x.org/a",
        "http:///x",
        "http://x.org:port/a",
        "http://x.org/\x00a",
        "http://x.org/\u200ba",
    ],
)
def test_only_http_urls_are_fetched(url):
    from briefing.errors import InputError

    with pytest.raises(InputError):
        check_scheme(url)


def test_a_link_to_fetch_may_hold_a_space_the_request_encodes():
    assert check_scheme(" http://x.org/a b.html\n") == "http://x.org/a b.html"


@pytest.mark.parametrize(
    ("address", "private"),
    [
        ("127.0.0.1", True),
        ("10.1.2.3", True),
        ("169.254.169.254", True),
        ("::1", True),
        ("fe80::1", True),
        ("::ffff:127.0.0.1", True),
        ("0.0.0.0", True),
        ("93.184.216.34", False),
        ("2606:4700::1111", False),
    ],
)
def test_private_addresses(address, private):
    assert is_private(address) is private


def test_policy_public_source_may_not_reach_private_links():
    names = {"news.example": ["93.184.216.34"], "127.0.0.1": ["127.0.0.1"], "meta.example": ["169.254.169.254"]}
    policy = AddressPolicy("http://news.example/feed.xml", False, names.__getitem__)
    policy.check("http://news.example/a.html")
    from briefing.errors import InputError

    for url in ("http://127.0.0.1:8080/admin", "http://meta.example/latest/meta-data/"):
        with pytest.raises(InputError, match="private or local"):
            policy.check(url)
    AddressPolicy("http://news.example/feed.xml", True, names.__getitem__).check("http://127.0.0.1/admin")
    local = AddressPolicy("http://127.0.0.1/feed.xml", False, names.__getitem__)
    local.check("http://127.0.0.1:9/x")  # a source on loopback may link to loopback


def test_retry_after_forms():
    from briefing.retry import retry_after

    assert retry_after("7") == 7.0
    assert retry_after("Wed, 21 Oct 2015 07:28:00 GMT", now=1445412480 - 30) == 30.0
    assert retry_after("soon") is None
    assert retry_after(" 7 ") == 7.0
    assert retry_after("²") is None and retry_after("-1") is None and retry_after("1.5") is None


# -- a feed of article pages, archived, built, rebuilt offline ------------------------


@pytest.fixture
def feed_site(site, tmp_path):
    pairs = publish_seed(site)
    tracked = [(t, u + "?utm_source=rss&utm_medium=feed") for t, u in pairs]
    site.add("/feed.xml", rss(tracked), "application/rss+xml", ETag='"feed-v1"')
    site.add("/robots.txt", "User-agent: *\nDisallow: /private/\n", "text/plain")
    config = write_config(
        tmp_path,
        [{"name": "测试网 要闻", "url": site.url("/feed.xml"), "kind": "feed", "section": "时政", "max_items": 30}],
    )
    return site, pairs, config


def test_feed_build_has_every_article_with_url_source_and_date(feed_site, tmp_path):
    site, pairs, config = feed_site
    res = build_sources(tmp_path, config)
    assert res.exit_code == 0, res.output
    data = briefing_json(tmp_path)
    assert sorted(i["external_url"] for i in data["items"]) == sorted(
        canonical_url(u) for _, u in pairs
    )  # the original
    assert sorted(i["title"] for i in data["items"]) == sorted(t for t, _ in pairs)
    for item in data["items"]:
        assert item["_briefing"]["sources"] == ["测试网 要闻"]
        assert item["_briefing"]["section"] == "politics"  # the source's section hint
        assert "关于我们" not in item["content_text"] and "首页" not in item["content_text"]
        # the page's 2025-07-08T09:00:00+08:00: its own day and offset, not the UTC day before
        assert (item["_briefing"]["date"], item["_briefing"]["date_zone"]) == ("2025-07-08", "+08:00")
    seed_titles = {a.title: a for a in seed_articles()}
    for item in data["items"]:
        assert item["content_text"].split("\n\n")[0] == seed_titles[item["title"]].paragraphs[0]
    agents = {h.get("User-Agent") for _, _, h in site.requests}
    assert agents == {"briefing/0.1.0 (news briefing; +https://example.org/briefing-bot)"}


def test_build_sources_reads_configured_inputs_tables_with_the_fetched_day(feed_site, tmp_path):
    """``[[inputs]]`` tables (path and name) are built with the fetched day, each article named by its source."""
    _site, pairs, config = feed_site
    local = tmp_path / "local.jsonl"
    local.write_text(
        json.dumps({"id": "own-1", "title": "本地新闻标题", "text": "本地一段完整的新闻正文。" * 3}) + "\n"
    )
    with config.open("a", encoding="utf-8") as f:
        f.write(f'[[inputs]]\npath = "{local}"\nname = "本地台"\n')
    res = build_sources(tmp_path, config)
    assert res.exit_code == 0, res.output
    sources = {i["title"]: i["_briefing"]["sources"] for i in briefing_json(tmp_path)["items"]}
    assert sources == {"本地新闻标题": ["本地台"]} | {t: ["测试网 要闻"] for t, _ in pairs}


def test_proxy_variables_are_not_used_connections_go_to_the_checked_addresses(feed_site, tmp_path, monkeypatch):
    """A proxy would resolve names again, past the private-address check: the
    fetcher ignores HTTP(S)_PROXY (here a proxy that does not exist)."""
    _site, pairs, config = feed_site
    for var in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy"):
        monkeypatch.setenv(var, "http://127.0.0.1:9")
    monkeypatch.delenv("NO_PROXY", raising=False)
    monkeypatch.delenv("no_proxy", raising=False)
    res = build_sources(tmp_path, config)
    assert res.exit_code == 0, res.output
    assert len(briefing_json(tmp_path)["items"]) == len(pairs)


def test_archive_holds_bytes_and_metadata(feed_site, tmp_path, state_home):
    site, pairs, config = feed_site
    res = run("fetch", "--config", str(config))
    assert res.exit_code == 0, res.output
    days = archive_days(state_home / "archive")
    assert len(days) == 1
    records = [json.loads(p.read_text("utf-8")) for p in days[0].glob("*.json") if p.name != "archive.json"]
    assert sorted(r["role"] for r in records) == ["article"] * len(pairs) + ["feed"]
    first = next(r for r in records if r["canonical"] == canonical_url(pairs[0][1]))
    assert first["url"].endswith("?utm_source=rss&utm_medium=feed") and first["status"] == 200
    assert first["source"] == "测试网 要闻" and first["headers"]["content-type"].startswith("text/html")
    assert first["entry"]["title"] == pairs[0][0] and first["entry"]["summary"] == "摘要：" + pairs[0][0]
    assert (days[0] / first["body"]).read_bytes() == site.pages["/a/0.html"][0]
    assert f"fetch: 1 sources, {len(pairs) + 1} pages fetched, 0 not modified, 0 problems" in res.output


def test_offline_rebuild_from_the_archive_is_byte_identical(feed_site, tmp_path, state_home):
    site, _, config = feed_site
    res = build_sources(tmp_path, config)
    assert res.exit_code == 0, res.output
    site.stop()  # nothing left to fetch from
    day = archive_days(state_home / "archive")[0]
    res = run("build", str(day), "--config", str(config), "--out", str(tmp_path / "again"), "--date", DAY)
    assert res.exit_code == 0, res.output
    for name in (f"{DAY}.md", f"{DAY}.html", f"{DAY}.json", "index.html"):
        assert (tmp_path / "again" / name).read_bytes() == (tmp_path / "out" / name).read_bytes(), name


def test_second_run_sends_validators_and_a_304_costs_nothing(feed_site, tmp_path, state_home):
    site, _pairs, config = feed_site
    assert run("fetch", "--config", str(config)).exit_code == 0
    day = archive_days(state_home / "archive")[0]
    stamps = {p.name: p.stat().st_mtime_ns for p in day.iterdir() if p.name != "archive.json"}
    n = len(site.requests)
    res = run("fetch", "--config", str(config))
    assert res.exit_code == 0, res.output
    second = site.requests[n:]
    assert [p for _, p, _ in second] == ["/robots.txt", "/feed.xml"]  # a new run; no article re-read
    assert second[1][2].get("If-None-Match") == '"feed-v1"'
    assert "If-None-Match" not in site.requests[1][2]  # the first run had nothing to send
    assert "0 pages fetched, 1 not modified" in res.output
    assert {p.name: p.stat().st_mtime_ns for p in day.iterdir() if p.name != "archive.json"} == stamps


def test_robots_disallowed_path_is_never_requested(site, tmp_path):
    pairs = publish_seed(site)
    secret = site.add("/private/x.html", article_page("不该抓取", ["这一页被 robots.txt 禁止。"]))
    site.add("/feed.xml", rss([*pairs[:2], ("不该抓取", secret)]), "application/rss+xml")
    site.add("/robots.txt", "User-agent: *\nDisallow: /private/\n", "text/plain")
    config = write_config(tmp_path, [{"name": "源A", "url": site.url("/feed.xml")}])
    res = build_sources(tmp_path, config)
    assert res.exit_code == 0, res.output  # a site's wish is a note, not a failure
    assert not [p for p in site.paths() if p.startswith("/private/")]
    assert site.paths().count("/robots.txt") == 1
    assert error_lines(res.output) == [] and note_lines(res.output) == []
    assert "1 left alone" in res.output
    assert len(briefing_json(tmp_path)["items"]) == 2
    note = f"源A: {secret}: disallowed by robots.txt; not fetched"
    assert briefing_json(tmp_path)["_briefing"]["notes"] == [note]  # the JSON keeps it, not as a failure
    assert briefing_json(tmp_path)["_briefing"]["failures"] == []
    res = build_sources(tmp_path, config, out="out-v", verbose=True)
    assert res.exit_code == 0, res.output
    assert note_lines(res.output) == [f"briefing: note: {note}"]


def test_one_request_per_host_and_hosts_in_parallel(site, tmp_path):
    site.slow = 0.05
    pairs = publish_seed(site)
    for host in ("127.0.0.1", "localhost"):
        items = [(t, u.replace("127.0.0.1", host)) for t, u in pairs]
        site.add(f"/feed-{host}.xml", rss(items), "application/rss+xml")
    config = write_config(
        tmp_path,
        [{"name": h, "url": site.url(f"/feed-{h}.xml", h)} for h in ("127.0.0.1", "localhost")],
        concurrency=4,
    )
    res = run("fetch", "--config", str(config))
    assert res.exit_code == 0, res.output
    assert set(site.max_in_flight.values()) == {1}
    assert site.max_total == 2


def test_delay_between_requests_to_one_host(site, tmp_path):
    pairs = publish_seed(site)
    site.add("/feed.xml", rss(pairs[:3]), "application/rss+xml")
    config = write_config(tmp_path, [{"name": "源A", "url": site.url("/feed.xml")}], delay=0.3)
    res = run("fetch", "--config", str(config))
    assert res.exit_code == 0, res.output
    assert len(site.times) == 5  # robots.txt, the feed, three articles
    gaps = [b - a for a, b in zip(site.times, site.times[1:], strict=False)]
    assert min(gaps) >= 0.29


# -- bad input: one line naming the source and the URL, the rest builds, exit 1 --------


def _hang(request):
    time.sleep(3)
    return Response("late", content_type="text/html")


def _trickle(request):
    def gen():
        for _ in range(40):
            yield b"<"
            time.sleep(0.1)

    return Response(gen(), content_type="text/html")


def _huge(request):
    chunk = b"x" * 65536

    def gen():
        for _ in range(80):  # 5.2 MB, sent without a length: over a 2 MB cap, under one 100x too large, and
            yield chunk  # bounded, so a run without the cap reads it all and fails instead of reading forever

    return Response(gen(), content_type="text/html")


def _huge_declared(request):
    return Response(iter([b"x" * 10]), content_type="text/html", headers={"Content-Length": str(10**9)})


def _redirect(target):
    return lambda request: Response("", status=302, headers={"Location": target})


def _always_500(request):
    return Response("boom", status=500)


def _sitemap(urls_dates):
    rows = "".join(f"<url><loc>{html.escape(u)}</loc><lastmod>{d}</lastmod></url>" for u, d in urls_dates)
    return f'<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{rows}</urlset>'


BAD_ENTRIES = {
    # name: (path, handler or (body, ctype), message fragment, fetch settings)
    "404": ("/missing.html", None, "HTTP 404 (Not Found)", {}),
    "500": ("/boom.html", _always_500, "HTTP 500 (Internal Server Error)", {"retries": 1}),
    "never answers": ("/hang.html", _hang, "timed out", {"timeout": 0.5}),
    "trickle": ("/trickle.html", _trickle, "deadline", {"deadline": 1}),
    "5 MB streamed": ("/huge.html", _huge, "over the 2 MB limit", {"max_mb": 2}),
    "1 GB declared": ("/huge2.html", _huge_declared, "1000.0 MB is over the 2 MB limit", {"max_mb": 2}),
    "redirect loop": ("/loop1.html", "loop", "more than 5 redirects", {}),
    "pdf": ("/doc.pdf", (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "application/pdf"), "is application/pdf", {}),
    "image": ("/pic.png", (b"\x89PNG\r\n\x1a\n" + b"\0" * 64, "image/png"), "is image/png", {}),
}


@pytest.mark.timeout(60)
@pytest.mark.parametrize("case", list(BAD_ENTRIES))
def test_bad_entry_is_one_line_and_the_rest_builds(case, site, tmp_path):
    path, handler, fragment, settings = BAD_ENTRIES[case]
    pairs = publish_seed(site)[:2]
    if handler == "loop":
        site.pages["/loop1.html"] = _redirect("/loop2.html")  # type: ignore[assignment]
        site.pages["/loop2.html"] = _redirect(site.url("/loop1.html"))  # type: ignore[assignment]
    elif callable(handler):
        site.pages[path] = handler  # type: ignore[assignment]
    elif handler is not None:
        site.add(path, handler[0], handler[1])
    bad = site.url(path)
    site.add("/feed.xml", rss([pairs[0], ("坏条目", bad), pairs[1]]), "application/rss+xml")
    config = write_config(tmp_path, [{"name": "源A", "url": site.url("/feed.xml")}], **settings)
    started = time.monotonic()
    res = build_sources(tmp_path, config)
    assert res.exit_code == 1, res.output
    lines = error_lines(res.output)
    assert len(lines) == 1, lines
    assert lines[0].startswith(f"briefing: error: 源A: {bad}") and fragment in lines[0], lines[0]
    assert sorted(i["title"] for i in briefing_json(tmp_path)["items"]) == sorted(t for t, _ in pairs)
    assert time.monotonic() - started < 15
    if case == "500":
        assert site.paths().count("/boom.html") == 2  # one retry
    if case == "redirect loop":
        assert len([p for p in site.paths() if p.startswith("/loop")]) == 6


@pytest.mark.parametrize("beyond", [0, 1])
def test_redirect_limit_from_both_sides(beyond, site, tmp_path):
    """``briefing fetch`` through a chain of exactly fetch.max_redirects redirects (the default) gets the page
    at its end; one redirect more is one error line naming the URL asked for, and the page is never asked."""
    limit = FetchOptions().max_redirects
    assert limit > 0
    hops = limit + beyond
    end = site.add("/end.html", article_page("链尾的稿件", ["这是一条重定向链尽头的稿件。"] * 3))
    for k in range(hops):
        site.pages[f"/r{k}.html"] = _redirect(f"/r{k + 1}.html" if k + 1 < hops else end)  # type: ignore[assignment]
    start = site.url("/r0.html")
    config = write_config(tmp_path, [])
    res = run("fetch", "--config", str(config), "--archive", str(tmp_path / "a"), start)
    asked = [p for p in site.paths() if p != "/robots.txt"]
    lines = error_lines(res.stderr)
    if beyond == 0:
        assert res.exit_code == 0 and lines == [], res.stderr
        assert asked == [f"/r{k}.html" for k in range(hops)] + ["/end.html"]
    else:
        assert res.exit_code == 3, res.stderr
        named = [line for line in lines if start in line or end in line]
        assert named == [f"briefing: error: {start}: more than {limit} redirects (last: {end})"], lines
        assert asked == [f"/r{k}.html" for k in range(hops)]


@pytest.mark.parametrize("url", ["file:///etc/passwd", "ftp://127.0.0.1/x.html", "javascript:alert(1)"])
def test_non_http_links_are_refused(url, site, tmp_path):
    pairs = publish_seed(site)[:2]
    site.add("/feed.xml", rss([pairs[0], ("坏链接", url), pairs[1]]), "application/rss+xml")
    config = write_config(tmp_path, [{"name": "源A", "url": site.url("/feed.xml")}])
    res = build_sources(tmp_path, config)
    assert res.exit_code == 1, res.output
    scheme = url.split(":")[0]
    lines = error_lines(res.output)  # feedparser spells file:///x as file://x
    assert len(lines) == 1 and lines[0].startswith(f"briefing: error: 源A: {scheme}:"), lines
    assert lines[0].endswith(f": only http and https URLs are accepted, not {scheme}:")
    assert len(briefing_json(tmp_path)["items"]) == 2


def _two_sources(site, tmp_path, second: dict, **settings):
    pairs = publish_seed(site)
    site.add("/good.xml", rss(pairs[:2]), "application/rss+xml")
    config = write_config(
        tmp_path, [{"name": "源A", "url": site.url("/good.xml")}, {"name": "源B", **second}], **settings
    )
    return pairs, config


def test_feed_that_is_html(site, tmp_path):
    bad = site.add("/notfeed.html", article_page("不是订阅源", ["这是一个网页。"]))
    pairs, config = _two_sources(site, tmp_path, {"url": bad, "kind": "feed"})
    res = build_sources(tmp_path, config)
    assert res.exit_code == 1, res.output
    assert error_lines(res.output) == [f"briefing: error: 源B: {bad}: is an HTML page, not a feed"]
    assert sorted(i["title"] for i in briefing_json(tmp_path)["items"]) == sorted(t for t, _ in pairs[:2])


def test_malformed_feed_keeps_what_it_could_read(site, tmp_path):
    pairs = publish_seed(site)
    truncated = rss([pairs[2], pairs[3]]).split("</item>")[0] + "</item><item><title>半截"
    bad = site.add("/broken.xml", truncated, "application/rss+xml")
    _, config = _two_sources(site, tmp_path, {"url": bad, "kind": "feed"})
    res = build_sources(tmp_path, config)
    assert res.exit_code == 1, res.output
    lines = error_lines(res.output)
    assert len(lines) == 1 and lines[0].startswith(f"briefing: error: 源B: {bad}: malformed feed"), lines
    titles = {i["title"] for i in briefing_json(tmp_path)["items"]}
    assert titles == {pairs[0][0], pairs[1][0], pairs[2][0]}


def test_sitemap_of_100000_urls_is_bounded(site, tmp_path):
    pairs = publish_seed(site)
    rows = [(site.url(f"/old/{n}.html"), "2020-01-01") for n in range(100_000)]
    rows[70_000] = (pairs[3][1], "2025-07-08T10:00:00+08:00")
    rows[20_000] = (pairs[2][1], "2025-07-08T09:00:00+08:00")
    bad = site.add("/sitemap.xml", _sitemap(rows), "application/xml")
    _, config = _two_sources(site, tmp_path, {"url": bad, "kind": "sitemap", "max_items": 1})
    res = build_sources(tmp_path, config)
    assert res.exit_code == 1, res.output
    assert error_lines(res.output) == [
        f"briefing: error: 源B: {bad}: lists more than 50000 URLs; only the first ones read"
    ]
    titles = {i["title"] for i in briefing_json(tmp_path)["items"]}
    assert titles == {pairs[0][0], pairs[1][0], pairs[2][0]}  # newest of the first 50,000; max_items 1
    assert not [p for p in site.paths() if p.startswith("/old/")]


def test_duplicate_entries_across_feeds_are_fetched_once(site, tmp_path):
    pairs = publish_seed(site)
    again = pairs[1][1] + "?utm_source=weibo"
    second = site.add("/other.xml", rss([("同一篇", again), pairs[2]]), "application/rss+xml")
    _, config = _two_sources(site, tmp_path, {"url": second, "kind": "feed"})
    res = build_sources(tmp_path, config, verbose=True)
    assert res.exit_code == 0, res.output  # two feeds carrying one story is a normal day
    assert error_lines(res.output) == []
    assert note_lines(res.output) == [f"briefing: note: 源B: {again}: duplicate of an entry of 源A; fetched once"]
    assert site.paths().count("/a/1.html") == 1
    data = briefing_json(tmp_path)
    assert sorted(i["title"] for i in data["items"]) == sorted(t for t, _ in pairs[:3])


def test_same_page_under_two_urls_is_read_once_by_rel_canonical(site, tmp_path):
    art = seed_articles()[0]
    canonical = site.url("/a/0.html")
    site.add("/a/0.html", article_page(art.title, art.paragraphs, canonical=canonical))
    mirror = site.add("/m/0.html", article_page(art.title, art.paragraphs, canonical=canonical))
    site.add("/one.xml", rss([(art.title, canonical)]), "application/rss+xml")
    site.add("/two.xml", rss([(art.title, mirror)]), "application/rss+xml")
    config = write_config(
        tmp_path, [{"name": "源A", "url": site.url("/one.xml")}, {"name": "源B", "url": site.url("/two.xml")}]
    )
    res = build_sources(tmp_path, config, verbose=True)
    assert res.exit_code == 0, res.output
    lines = note_lines(res.output)
    assert error_lines(res.output) == [] and len(lines) == 1 and "same page as an entry of" in lines[0], lines
    assert len(briefing_json(tmp_path)["items"]) == 1


@pytest.fixture
def public(monkeypatch):
    """A site "on the public internet": news.test resolves to 127.0.0.2, which these tests count as public.

    No traffic leaves loopback: the fetcher connects to the address the
    (patched) resolver gave, and 127.0.0.2 is a loopback address.
    """
    import briefing.web.collect as collect
    import briefing.web.urls as urls

    real_resolver, real_private = urls.system_resolver, urls.is_private
    monkeypatch.setattr(
        collect, "system_resolver", lambda host: ["127.0.0.2"] if host == "news.test" else real_resolver(host)
    )
    monkeypatch.setattr(urls, "is_private", lambda address: address != "127.0.0.2" and real_private(address))
    s = Site("127.0.0.2")
    yield s
    s.stop()


def test_public_feed_cannot_reach_loopback(public, site, tmp_path):
    arts = seed_articles()
    public_pairs = [
        (a.title, public.add(f"/a/{n}.html", article_page(a.title, a.paragraphs))) for n, a in enumerate(arts[:2])
    ]
    public_pairs = [(t, u.replace("127.0.0.2", "news.test")) for t, u in public_pairs]
    secret = site.add("/secret.html", article_page(arts[4].title, arts[4].paragraphs))
    public.add("/feed.xml", rss([*public_pairs, (arts[4].title, secret)]), "application/rss+xml")
    config = write_config(tmp_path, [{"name": "源A", "url": public.url("/feed.xml", "news.test")}])
    res = build_sources(tmp_path, config)
    assert res.exit_code == 1, res.output
    assert error_lines(res.output) == [
        f"briefing: error: 源A: {secret}: refused, 127.0.0.1 resolves to a private or local address (127.0.0.1) "
        "and the source is on the public internet (set [fetch] allow_private = true to allow)"
    ]
    assert site.requests == []
    assert sorted(i["title"] for i in briefing_json(tmp_path)["items"]) == sorted(a.title for a in arts[:2])
    assert {h for h, _, _ in public.requests} == {f"news.test:{public.port}"}
    # the inverse: allowed outright, the same feed reads the page
    config = write_config(tmp_path, [{"name": "源A", "url": public.url("/feed.xml", "news.test")}], allow_private=True)
    res = build_sources(tmp_path, config, out="out2")
    assert res.exit_code == 0, res.output
    assert "/secret.html" in site.paths()


def test_loopback_source_may_link_to_loopback(site, tmp_path):
    pairs = publish_seed(site)
    site.add("/feed.xml", rss([(t, u.replace("127.0.0.1", "localhost")) for t, u in pairs[:2]]), "application/rss+xml")
    config = write_config(tmp_path, [{"name": "源A", "url": site.url("/feed.xml")}])
    res = build_sources(tmp_path, config)
    assert res.exit_code == 0, res.output
    assert len(briefing_json(tmp_path)["items"]) == 2


def test_redirect_to_private_address_is_refused(public, site, tmp_path):
    art = seed_articles()[0]
    public.add("/a/0.html", article_page(art.title, art.paragraphs))
    secret = site.add("/secret.html", article_page("内部页面", ["不应被读取。"]))
    public.pages["/go.html"] = _redirect(secret)  # type: ignore[assignment]
    items = [(art.title, public.url("/a/0.html", "news.test")), ("跳转", public.url("/go.html", "news.test"))]
    public.add("/feed.xml", rss(items), "application/rss+xml")
    config = write_config(tmp_path, [{"name": "源A", "url": public.url("/feed.xml", "news.test")}])
    res = build_sources(tmp_path, config)
    assert res.exit_code == 1, res.output
    lines = error_lines(res.output)
    assert len(lines) == 1 and lines[0].startswith(f"briefing: error: 源A: {secret}: refused"), lines
    assert site.requests == []


def test_connections_go_to_the_checked_addresses_only(public, site):
    """DNS rebinding: the connection uses the addresses checked at connect time, never a second lookup."""
    from briefing.errors import InputError
    from briefing.web import fetcher
    from briefing.web.urls import AddressPolicy

    answers = {"news.test": ["127.0.0.2"], "rebound.test": ["127.0.0.1"]}
    policy = AddressPolicy("http://news.test/feed.xml", False, answers.__getitem__)
    backend = fetcher.PinnedBackend()
    fetcher._local.policy = policy
    try:
        backend.connect_tcp("news.test", public.port, timeout=2).close()  # the system resolver knows no news.test
        with pytest.raises(InputError, match="resolves to a private or local address"):
            backend.connect_tcp("rebound.test", site.port, timeout=2)
    finally:
        fetcher._local.policy = None


# -- sitemaps, e-paper pages, Chinese charsets ------------------------------------------


def _news_sitemap(rows):
    body = "".join(
        f"<url><loc>{html.escape(u)}</loc><news:news><news:publication>"
        f"<news:name>测试网</news:name><news:language>zh</news:language></news:publication>"
        f"<news:publication_date>{d}</news:publication_date><news:title>{html.escape(t)}</news:title></news:news></url>"
        for u, d, t in rows
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
        f'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">{body}</urlset>'
    )


def test_sitemap_index_with_news_sitemaps_newest_first(site, tmp_path):
    pairs = publish_seed(site)
    old = site.add(
        "/sm-old.xml", _news_sitemap([(pairs[0][1], "2025-07-01T08:00:00+08:00", pairs[0][0])]), "application/xml"
    )
    new_rows = [(u, f"2025-07-08T0{n}:00:00+08:00", t) for n, (t, u) in enumerate(pairs[1:], 1)]
    new = site.url("/sm-new.xml.gz")
    site.add("/sm-new.xml.gz", gzip.compress(_news_sitemap(new_rows).encode()), "application/gzip")
    index = (
        '<?xml version="1.0" encoding="UTF-8"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        f"<sitemap><loc>{old}</loc><lastmod>2025-07-01</lastmod></sitemap>"
        f"<sitemap><loc>{new}</loc><lastmod>2025-07-08</lastmod></sitemap></sitemapindex>"
    )
    site.add("/sitemap.xml", index, "application/xml")
    config = write_config(
        tmp_path, [{"name": "源S", "url": site.url("/sitemap.xml"), "kind": "sitemap", "max_items": 3}]
    )
    res = build_sources(tmp_path, config)
    assert res.exit_code == 0, res.output
    titles = {i["title"] for i in briefing_json(tmp_path)["items"]}
    assert titles == {t for t, _ in pairs[2:5]}  # the three newest by publication date
    assert "/sm-old.xml" not in site.paths()  # the newer sitemap had enough
    assert "/a/1.html" not in site.paths()


def test_sitemap_with_entities_is_refused(site, tmp_path):
    bomb = (
        '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>&lol2;</loc></url></urlset>'
    )
    bad = site.add("/bomb.xml", bomb, "application/xml")
    _, config = _two_sources(site, tmp_path, {"url": bad, "kind": "sitemap"})
    res = build_sources(tmp_path, config)
    assert res.exit_code == 1, res.output
    assert error_lines(res.output) == [
        f"briefing: error: 源B: {bad}: sitemap declares XML entities; refused (entity expansion is never done)"
    ]


def epaper_page(articles, charset: str = "utf-8") -> str:
    body = "".join(
        f"<h2>{html.escape(a.title)}</h2>" + "".join(f"<p>{html.escape(p)}</p>" for p in a.paragraphs) for a in articles
    )
    return (
        f'<!doctype html><html lang="zh-CN"><head><meta charset="{charset}"><title>第01版：要闻</title></head><body>'
        '<nav><a href="/">首页</a> <a href="/p2">第02版</a></nav>'
        f'<div class="paper">{body}</div><footer>本版责编：某某</footer></body></html>'
    )


def test_epaper_page_goes_through_the_page_splitter(site, tmp_path):
    articles = seed_articles()
    page = site.add("/epaper/01.html", epaper_page(articles))
    config = write_config(tmp_path, [{"name": "人民日报 第1版", "url": page, "kind": "page"}])
    res = build_sources(tmp_path, config)
    assert res.exit_code == 0, res.output
    items = briefing_json(tmp_path)["items"]
    assert sorted(i["title"] for i in items) == sorted(a.title for a in articles)
    assert {i["external_url"] for i in items} == {page}
    assert all(i["_briefing"]["sources"] == ["人民日报 第1版"] for i in items)


def test_single_article_page_is_one_article(site, tmp_path):
    art = seed_articles()[1]
    page = site.add("/one.html", article_page(art.title, art.paragraphs))
    res = run(
        "build",
        "--sources",
        "--config",
        str(write_config(tmp_path, [{"url": page, "kind": "page"}])),
        "--out",
        str(tmp_path / "out"),
        "--date",
        DAY,
    )
    assert res.exit_code == 0, res.output
    [item] = briefing_json(tmp_path)["items"]
    assert item["title"] == art.title and item["content_text"] == "\n\n".join(art.paragraphs)
    assert item["_briefing"]["sources"] == [page]  # no name configured: the URL names it


def _encodable(text: str, codec: str) -> str:
    """The characters of ``text`` that ``codec`` can write (Big5 has no simplified-only characters)."""
    out = []
    for c in text:
        try:
            c.encode(codec)
        except UnicodeEncodeError:
            continue
        out.append(c)
    return "".join(out)


@pytest.mark.parametrize(
    ("codec", "declared"), [("gbk", "utf-8"), ("gb18030", "iso-8859-1"), ("big5", "gb2312"), ("gbk", None)]
)
def test_chinese_pages_with_a_wrong_charset(codec, declared, site, tmp_path):
    art = seed_articles()[2]
    title, paragraphs = _encodable(art.title, codec), [_encodable(p, codec) for p in art.paragraphs]
    text = article_page(title, paragraphs, charset=declared or "x")
    if declared is None:
        text = text.replace('<meta charset="x">', "")
    site.add(
        "/cn.html", text.encode(codec, errors="ignore"), f"text/html; charset={declared}" if declared else "text/html"
    )
    site.add("/feed.xml", rss([(title, site.url("/cn.html"))]), "application/rss+xml")
    res = build_sources(tmp_path, write_config(tmp_path, [{"name": "源A", "url": site.url("/feed.xml")}]))
    assert res.exit_code == 0, res.output
    [item] = briefing_json(tmp_path)["items"]
    assert item["content_text"] == "\n\n".join(paragraphs)


# -- retries, quiet runs, settings --------------------------------------------------------


@pytest.mark.parametrize("form", ["seconds", "date"])
def test_retry_after_is_honoured(form, site, tmp_path):
    import email.utils

    art = seed_articles()[0]
    page = article_page(art.title, art.paragraphs)
    answered = []

    def busy_once(request: object) -> Response:
        if answered:
            return Response(page, content_type="text/html")
        answered.append(True)
        # a date 2 s ahead when the request arrives, in whole seconds: between 1 and 2 s from now
        wait = "1" if form == "seconds" else email.utils.formatdate(time.time() + 2, usegmt=True)
        return Response("busy", status=503, headers={"Retry-After": wait})

    site.pages["/busy.html"] = busy_once  # type: ignore[assignment]
    site.add("/feed.xml", rss([(art.title, site.url("/busy.html"))]), "application/rss+xml")
    res = build_sources(tmp_path, write_config(tmp_path, [{"name": "源A", "url": site.url("/feed.xml")}]))
    assert res.exit_code == 0, res.output
    times = [t for t, (_, p, _) in zip(site.times, site.requests, strict=True) if p == "/busy.html"]
    assert len(times) == 2 and times[1] - times[0] >= 0.95
    assert [i["title"] for i in briefing_json(tmp_path)["items"]] == [art.title]


@pytest.mark.parametrize("header", ["²", "soon"])
def test_an_unreadable_retry_after_is_our_own_backoff_not_a_crash(header, site, tmp_path):
    art = seed_articles()[0]
    page = article_page(art.title, art.paragraphs)
    answers = iter([Response("busy", status=503, headers={"Retry-After": header})])
    site.pages["/busy.html"] = lambda request: next(answers, None) or Response(page, content_type="text/html")  # type: ignore[assignment]
    site.add("/feed.xml", rss([(art.title, site.url("/busy.html"))]), "application/rss+xml")
    config = write_config(tmp_path, [{"name": "源A", "url": site.url("/feed.xml")}], backoff=0.2)
    res = build_sources(tmp_path, config)
    assert res.exit_code == 0, res.output
    times = [t for t, (_, p, _) in zip(site.times, site.requests, strict=True) if p == "/busy.html"]
    assert len(times) == 2 and 0.19 <= times[1] - times[0] < 0.95  # the backoff (² is a digit to str.isdigit)
    assert [i["title"] for i in briefing_json(tmp_path)["items"]] == [art.title]


def test_a_retry_after_beyond_the_limit_gives_up_at_once(site, tmp_path):
    pairs = publish_seed(site)[:1]
    site.pages["/later.html"] = lambda request: Response("later", status=429, headers={"Retry-After": "3600"})  # type: ignore[assignment]
    late = site.url("/later.html")
    site.add("/feed.xml", rss([*pairs, ("稍后", late)]), "application/rss+xml")
    res = build_sources(tmp_path, write_config(tmp_path, [{"name": "源A", "url": site.url("/feed.xml")}]))
    assert res.exit_code == 1, res.output
    assert error_lines(res.output) == [f"briefing: error: 源A: {late}: HTTP 429 (Too Many Requests, Retry-After 3600)"]
    assert site.paths().count("/later.html") == 1


def test_quiet_fetch_prints_nothing_and_cli_urls_work(site, tmp_path):
    pairs = publish_seed(site)
    site.add("/feed.xml", rss(pairs[:2]), "application/rss+xml")
    config = write_config(tmp_path, [])
    res = CliRunner().invoke(
        main,
        ["-q", "fetch", "--config", str(config), "--feed", site.url("/feed.xml"), "--archive", str(tmp_path / "arch")],
    )
    assert res.exit_code == 0, res.output
    assert res.output == ""
    day = archive_days(tmp_path / "arch")[0]
    records = [json.loads(p.read_text("utf-8")) for p in day.glob("*.json") if p.name != "archive.json"]
    assert sorted(r["role"] for r in records) == ["article", "article", "feed"]
    res = CliRunner().invoke(main, ["fetch", "--config", str(config), pairs[3][1], "--archive", str(tmp_path / "arch")])
    assert res.exit_code == 0, res.output
    assert res.output.startswith("fetch: 1 sources, 1 pages fetched, 0 not modified, 0 problems -> ")


def test_fetch_where_everything_fails_exits_3(site, tmp_path):
    res = run("fetch", "--config", str(write_config(tmp_path, [])), site.url("/nothing-here.html"))
    assert res.exit_code == 3, res.output
    assert error_lines(res.output)[0] == f"briefing: error: {site.url('/nothing-here.html')}: HTTP 404 (Not Found)"


@pytest.mark.parametrize(
    ("table", "needle"),
    [
        (
            {"url": "http://127.0.0.1:9/feed.xml", "kind": "podcast"},
            "sources[0].kind: must be one of feed, page, sitemap",
        ),
        ({"url": "ftp://example.org/feed.xml"}, "sources[0].url: must be an http(s) URL"),
        ({"url": "http://127.0.0.1:9/feed.xml", "max_items": 0}, "sources[0].max_items: must be at least 1"),
        ({"name": "无网址"}, "sources[0].url: every [[sources]] table needs a url"),
        ({"url": "http://127.0.0.1:9/feed.xml", "colour": "red"}, "sources[0].colour: is not a setting"),
    ],
)
def test_wrong_source_settings_exit_2_before_any_request(table, needle, site, tmp_path):
    res = build_sources(tmp_path, write_config(tmp_path, [table]))
    assert res.exit_code == 2, res.output
    assert needle in res.output
    assert site.requests == []


def test_no_sources_at_all_is_a_usage_error(tmp_path):
    res = run("fetch", "--config", str(write_config(tmp_path, [])))
    assert res.exit_code == 2, res.output
    assert "no sources" in res.output


def test_damaged_validator_store_is_set_aside(feed_site, tmp_path, state_home):
    _site, _, config = feed_site
    damage = b"not a database at all" * 100
    (state_home / "fetch.sqlite3").write_bytes(damage)
    res = run("fetch", "--config", str(config))
    assert res.exit_code == 0, res.output
    [warning] = [line for line in res.output.splitlines() if "warning" in line]
    assert "fetch.sqlite3 is damaged" in warning and "moved aside" in warning
    [aside] = state_home.glob("fetch.sqlite3.damaged-*")  # the cache's naming too (tests/test_faults_state.py)
    assert aside.read_bytes() == damage  # kept for a post-mortem
    res = run("fetch", "--config", str(config))  # the new store works: the feed's ETag makes a 304, silently
    assert res.exit_code == 0, res.output
    assert "warning" not in res.output and "1 not modified" in res.output


def test_tampered_archive_body_is_named_on_rebuild(feed_site, tmp_path, state_home):
    _site, pairs, config = feed_site
    assert run("fetch", "--config", str(config)).exit_code == 0
    day = archive_days(state_home / "archive")[0]
    record = next(
        json.loads(p.read_text("utf-8"))
        for p in day.glob("*.json")
        if p.name != "archive.json" and "/a/0.html" in p.read_text("utf-8")
    )
    (day / record["body"]).write_bytes(b"<html><body><p>changed</p></body></html>")
    res = run("build", str(day), "--config", str(config), "--out", str(tmp_path / "out"))
    assert res.exit_code == 1, res.output
    assert error_lines(res.output) == [
        f"briefing: error: 测试网 要闻: {record['url']}: archived body does not match its checksum; not read"
    ]
    data = json.loads((tmp_path / "out" / f"{day.name}.json").read_text("utf-8"))
    assert len(data["items"]) == len(pairs) - 1


def test_progress_per_source_on_a_terminal_only(site, tmp_path, monkeypatch):
    import briefing.cli

    pairs = publish_seed(site)
    site.add("/feed.xml", rss([*pairs[:2], ("缺", site.url("/gone.html"))]), "application/rss+xml")
    config = write_config(tmp_path, [{"name": "源A", "url": site.url("/feed.xml")}])
    monkeypatch.setattr(briefing.cli, "on_terminal", lambda: True)
    res = run("fetch", "--config", str(config))
    assert res.exit_code == 1, res.output
    assert "源A: 3 fetched, 0 not modified, 1 failed\n" in res.output
    res = run("-q", "fetch", "--config", str(config))
    assert res.exit_code == 1, res.output
    assert res.output == f"briefing: error: 源A: {site.url('/gone.html')}: HTTP 404 (Not Found)\n"


def test_unresolvable_link_names_its_url(site, tmp_path, monkeypatch):
    pairs = publish_seed(site)
    site.add("/feed.xml", rss([pairs[0], ("无此主机", "http://no-such-host.invalid/a.html")]), "application/rss+xml")
    res = build_sources(tmp_path, write_config(tmp_path, [{"name": "源A", "url": site.url("/feed.xml")}]))
    assert res.exit_code == 1, res.output
    lines = error_lines(res.output)
    assert len(lines) == 1 and lines[0].startswith("briefing: error: 源A: http://no-such-host.invalid/a.html: "), lines


@pytest.mark.shared
def test_broadcast_transcripts_served_as_markdown_split_like_files(site, tmp_path):
    """The shared xwlb pages, served as text/markdown: the same articles as reading the files."""
    pages = sorted(needs_shared("data", "xwlb_pages").glob("*.txt"))
    sources = []
    for page in pages:
        sources.append(
            {
                "name": f"新闻联播 {page.stem}",
                "url": site.add(f"/xwlb/{page.stem}.md", page.read_bytes(), "text/markdown; charset=utf-8"),
                "kind": "page",
            }
        )
    res = build_sources(tmp_path, write_config(tmp_path, sources))
    assert res.exit_code == 0, res.output
    from briefing.api import split as split_page

    expected = []
    for page in pages:
        expected += [a.title for a in split_page(page.read_bytes(), name=page.name).articles]
    built = [i["title"] for i in briefing_json(tmp_path)["items"]]
    assert sorted(built) == sorted(expected)  # 113 stories on the five pages here


def test_last_modified_alone_makes_a_conditional_request(site, tmp_path):
    art = seed_articles()[0]
    stamp = "Tue, 08 Jul 2025 01:00:00 GMT"
    site.add("/a.html", article_page(art.title, art.paragraphs), **{"Last-Modified": stamp})
    config = write_config(tmp_path, [])
    assert run("fetch", "--config", str(config), site.url("/a.html")).exit_code == 0
    res = run("fetch", "--config", str(config), site.url("/a.html"))
    assert res.exit_code == 0, res.output
    pages = [h for _, p, h in site.requests if p == "/a.html"]
    assert "If-Modified-Since" not in pages[0] and pages[1]["If-Modified-Since"] == stamp
    assert "0 pages fetched, 1 not modified" in res.output


def test_page_metadata_on_the_article():
    from briefing.web.extract import PageMeta, page_articles

    art = seed_articles()[0]
    page = article_page(art.title, art.paragraphs).replace("<head>", '<head><meta name="author" content="张三">')
    meta = PageMeta(url="http://news.example/a/0.html", source="测试网", fetched_at="2025-07-09T01:00:00+00:00")
    [found] = page_articles(page.encode("utf-8"), meta)
    assert (found.title, found.paragraphs) == (art.title, art.paragraphs)
    assert found.links[0] == "http://news.example/a/0.html" and found.source == "测试网"
    assert found.date == "2025-07-08T09:00:00+08:00"  # as the page declares it, its offset kept
    assert found.language == "zh-CN" and found.byline == "张三"


def test_unusable_validator_store_means_full_downloads_not_a_crash(feed_site, tmp_path, state_home):
    _, pairs, config = feed_site
    (state_home / "fetch.sqlite3").mkdir(parents=True)  # a folder where the database should be
    res = run("fetch", "--config", str(config))
    assert res.exit_code == 0, res.output
    assert "warning: no conditional requests this run" in res.output
    assert f"{len(pairs) + 1} pages fetched" in res.output


def test_headers_trickling_end_at_the_deadline(site, tmp_path):
    """A server that sends its status line one byte at a time: the whole-response deadline still ends it."""
    import socket

    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    port = listener.getsockname()[1]

    def serve() -> None:
        conn, _ = listener.accept()
        with conn:
            conn.recv(65536)
            for byte in b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nX-Slow: " + b"x" * 60:
                try:
                    conn.sendall(bytes([byte]))
                except OSError:
                    return
                time.sleep(0.1)

    threading.Thread(target=serve, daemon=True).start()
    slow = f"http://127.0.0.1:{port}/slow.html"
    pairs = publish_seed(site)[:1]
    site.add("/feed.xml", rss([*pairs, ("慢", slow)]), "application/rss+xml")
    # the slow host's first request is its robots.txt: the deadline ends it, and nothing more is asked of it
    config = write_config(tmp_path, [{"name": "源A", "url": site.url("/feed.xml")}], deadline=1, timeout=5)
    started = time.monotonic()
    res = build_sources(tmp_path, config)
    assert res.exit_code == 1, res.output
    assert time.monotonic() - started < 15
    lines = error_lines(res.output)
    assert len(lines) == 1 and lines[0].startswith(f"briefing: error: 源A: {slow}") and "deadline" in lines[0], lines
    listener.close()


def test_the_archive_root_is_not_read_as_plain_files(feed_site, tmp_path, state_home):
    _, _, config = feed_site
    assert run("fetch", "--config", str(config)).exit_code == 0
    root = state_home / "archive"
    res = run("build", str(root), str(SEED), "--config", str(config), "--out", str(tmp_path / "out"), "--date", DAY)
    assert res.exit_code == 1, res.output
    assert error_lines(res.output) == [
        f"briefing: error: {root}: an archive of fetched pages; give one day's folder ({root}/YYYY-MM-DD)"
    ]
    assert len(briefing_json(tmp_path)["items"]) == 6  # the seed alone


def test_after_the_deadline_the_host_is_free_only_once_the_response_is_no_longer_read(tmp_path):
    """A server trickling its headers past the deadline: the fetcher shuts that connection down before the
    next request to the host starts (it used to give the host's slot back while a thread still read)."""
    import socket

    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    port = listener.getsockname()[1]
    art = seed_articles()[0]
    page = article_page(art.title, art.paragraphs).encode("utf-8")
    seen: dict[str, object] = {}

    def answer(conn: socket.socket, head: bytes, body: bytes) -> None:
        conn.sendall(head + f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n".encode() + body)
        conn.close()

    def serve() -> None:
        for _ in range(3):
            conn, _ = listener.accept()
            request = conn.recv(65536)
            if request.startswith(b"GET /robots.txt"):
                answer(conn, b"HTTP/1.1 404 Not Found\r\n", b"")
            elif request.startswith(b"GET /slow.html"):
                seen["slow"] = conn
                for byte in b"HTTP/1.1 200 OK\r\nX-Slow: " + b"x" * 200:
                    try:
                        conn.sendall(bytes([byte]))
                    except OSError:
                        break
                    time.sleep(0.05)
            else:
                slow = seen["slow"]
                assert isinstance(slow, socket.socket)
                slow.setblocking(False)
                try:
                    seen["slow_at_next"] = "closed" if slow.recv(1, socket.MSG_PEEK) == b"" else "data"
                except BlockingIOError:
                    seen["slow_at_next"] = "still read"
                except OSError:
                    seen["slow_at_next"] = "closed"
                answer(conn, b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n", page)

    server = threading.Thread(target=serve, daemon=True)
    server.start()
    base = f"http://127.0.0.1:{port}"
    config = write_config(tmp_path, [], deadline=1, timeout=5)
    res = run(
        "fetch", "--config", str(config), "--archive", str(tmp_path / "arch"), f"{base}/slow.html", f"{base}/a.html"
    )
    server.join(20)
    listener.close()
    assert res.exit_code == 1, res.output
    assert [line.split(": ", 2)[-1] for line in error_lines(res.output)] == [
        f"{base}/slow.html: no complete response within 1 s (deadline)"
    ]
    assert seen.get("slow_at_next") == "closed", seen


def test_the_fetch_lock_lives_beside_the_archive_it_protects(site, tmp_path):
    """Two state folders sharing one archive: the second run waits for the first (its lock was in the state
    folder, so both wrote one day folder at once)."""
    from filelock import FileLock

    pairs = publish_seed(site)[:1]
    site.add("/feed.xml", rss(pairs), "application/rss+xml")
    archive = tmp_path / "shared-archive"
    archive.mkdir()
    config = write_config(tmp_path, [{"name": "源A", "url": site.url("/feed.xml")}], archive=str(archive))
    with FileLock(str(archive / ".fetch.lock")):
        res = run("fetch", "--config", str(config))
    assert res.exit_code == 3, res.output
    assert error_lines(res.output) == [
        f"briefing: error: another briefing run holds {archive / '.fetch.lock'}, the lock of the archive {archive} "
        "(waited 0s); try again later or raise build.lock_timeout"
    ]
    assert site.paths() == []
    assert run("fetch", "--config", str(config)).exit_code == 0


def test_one_spelling_per_url_by_courlan():
    assert canonical_url("http://news.test/a?b=2&a=1&xtor=RSS-3") == "http://news.test/a?a=1&b=2"
    assert canonical_url("http://news.test/a?spm=a2.b1&id=4#top") == "http://news.test/a?id=4"


def test_a_missing_module_is_one_line_naming_the_install_command(site, tmp_path, monkeypatch):
    """A base install without a dependency (lxml-html-clean was one: trafilatura's jusText imports
    lxml.html.clean): one line with the pip command, exit 2, no traceback."""
    import sys

    from briefing.cli_run import missing_module

    art = seed_articles()[0]
    page = site.add("/a.html", article_page(art.title, art.paragraphs))
    config = write_config(tmp_path, [])
    assert run("fetch", "--config", str(config), "--archive", str(tmp_path / "arch"), page).exit_code == 0
    day = archive_days(tmp_path / "arch")[0]
    monkeypatch.setitem(sys.modules, "trafilatura", None)  # as if not installed
    res = run("build", str(day), "--config", str(config), "--out", str(tmp_path / "out"))
    assert res.exit_code == 2, res.output
    [line] = error_lines(res.output)  # "(briefing needs it)" when the installed package's metadata says so
    assert line.startswith("briefing: error: trafilatura is not installed") and line.endswith(
        ": pip install trafilatura"
    )
    assert "Traceback" not in res.output
    moved = ImportError("lxml.html.clean module is now a separate project lxml_html_clean.\nInstall lxml[html_clean].")
    assert missing_module(moved) is not None and missing_module(moved).endswith("pip install lxml-html-clean")
    assert missing_module(ModuleNotFoundError("x", name="briefing.nowhere")) is None  # our own bug: a traceback


def _published(out: Path) -> dict[str, bytes]:
    return {name: (out / name).read_bytes() for name in (f"{DAY}.md", f"{DAY}.html", f"{DAY}.json", "index.html")}


def test_every_publish_of_a_day_can_be_rebuilt_byte_for_byte(site, tmp_path, state_home):
    """Two fetch runs on one day: the second no longer overwrites the first's problems, and a page it finds
    changed is stored beside the first version, so each publish is rebuilt as it was (--archive-run)."""
    pairs = publish_seed(site)[:3]
    gone = site.url("/late.html")
    site.add("/feed.xml", rss([*pairs, ("迟到", gone)]), "application/rss+xml")
    config = write_config(tmp_path, [{"name": "源A", "url": site.url("/feed.xml")}])
    res = build_sources(tmp_path, config)
    assert res.exit_code == 1, res.output  # /late.html is not there yet
    first = _published(tmp_path / "out")
    art = seed_articles()[3]
    site.add("/late.html", article_page(art.title, art.paragraphs))
    changed = seed_articles()[4]
    site.add("/a/0.html", article_page(changed.title, changed.paragraphs))  # the first page, rewritten
    res = build_sources(tmp_path, config)
    assert res.exit_code == 0, res.output
    second = _published(tmp_path / "out")
    assert first != second
    day = archive_days(state_home / "archive")[0]
    manifest = json.loads((day / "archive.json").read_text("utf-8"))
    assert [len(r["failures"]) for r in manifest["runs"]] == [1, 0] and "late.html" in manifest["runs"][0]["failures"][
        0
    ]
    assert len(list(day.glob("*-r2.json"))) == 2  # /a/0.html changed, /late.html new; the rest kept as it was
    site.stop()
    for run_no, published, code in ((1, first, 1), (2, second, 0), (0, second, 0)):
        out = tmp_path / f"again-{run_no}"
        flags = ["--archive-run", str(run_no)] if run_no else []
        res = run("build", str(day), *flags, "--config", str(config), "--out", str(out), "--date", DAY)
        assert res.exit_code == code, res.output
        assert _published(out) == published, run_no
    res = run("build", str(day), "--archive-run", "3", "--config", str(config), "--out", str(tmp_path / "x"))
    assert res.exit_code == 2 and f"--archive-run 3: {day} holds 2 fetch run(s) of its day" in res.output


def _yesterday_then_quiet(config: Path, state_home: Path) -> tuple[Path, str]:
    """Fetch, move that day to yesterday, fetch again (all 304): today's archive day, and yesterday."""
    import datetime as dt

    assert run("fetch", "--config", str(config)).exit_code == 0
    [day] = archive_days(state_home / "archive")
    yesterday = (dt.date.fromisoformat(day.name) - dt.timedelta(days=1)).isoformat()
    day.rename(day.parent / yesterday)
    res = run("fetch", "--config", str(config))
    assert res.exit_code == 0 and "0 pages fetched, 1 not modified" in res.output, res.output
    return archive_days(state_home / "archive")[-1], yesterday


def test_a_quiet_day_writes_no_briefing_and_exits_0(feed_site, tmp_path, state_home):
    _, _, config = feed_site
    today, yesterday = _yesterday_then_quiet(config, state_home)
    out = tmp_path / "out"
    res = run("build", str(today), "--config", str(config), "--out", str(out))
    assert res.exit_code == 0, res.output
    assert f"briefing: nothing new since {yesterday}; no briefing written for {today.name}" in res.output
    assert error_lines(res.output) == [] and not list(out.glob("*.json"))
    res = run("-q", "build", str(today), "--config", str(config), "--out", str(out))
    assert res.exit_code == 0 and res.output == "", res.output  # -q: a cron log stays empty
    res = build_sources(tmp_path, config)  # the same through build --sources (all 304 again)
    assert res.exit_code == 0 and f"nothing new since {yesterday}" in res.output, res.output


def test_a_quiet_day_with_a_failed_source_exits_1(feed_site, tmp_path, state_home):
    site, _, config = feed_site
    with config.open("a", encoding="utf-8") as f:
        f.write(f'[[sources]]\nname = "源X"\nurl = "{site.url("/missing.xml")}"\n')
    import datetime as dt

    assert run("fetch", "--config", str(config)).exit_code == 1
    [day] = archive_days(state_home / "archive")
    day.rename(day.parent / (dt.date.fromisoformat(day.name) - dt.timedelta(days=1)).isoformat())
    res = build_sources(tmp_path, config)
    assert res.exit_code == 1, res.output
    assert [line for line in error_lines(res.output) if "missing.xml" in line]
    assert "nothing new since" in res.output
