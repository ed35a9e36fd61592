"""Issue #20: fetching and extraction on a local site built like real Chinese news sites.

The site (``tests/newssite``, described in ``tests/newssite.md``) is served on
127.0.0.1 and, for the Crawl-delay host, on localhost; the product runs
through its CLI as a user runs it (``build --sources``, ``fetch URL...`` then
``build`` of the archived day, a quiet second day). Each target of the issue
is one test. The targets main does not meet yet are ``xfail(strict=True)``:
the suite stays green, and the change that meets one must remove its marker
(an unexpected pass fails). ``raises=AssertionError`` keeps a crash from
passing as the expected failure.

Without ``../shared`` the site is made of the repository's texts (16 pages,
2 of them years old, 3 on the Crawl-delay host); the ``shared`` tests build
the full site (more than 60 pages) from ``../shared/data`` as well.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import html
import re
import statistics

import httpx
import pytest

from tests.newssite import CRAWL_DELAY, FAST_HOST, SLOW_HOST, SiteServer, build_site, repo_texts, serve_pair
from tests.newssite.measure import boilerplate_allowed, key, score, score_body, summarize, url_key
from tests.newssite.scenario import Scenario, gaps, local_today
from tests.newssite.texts import has_shared, shared_texts

TODAY = local_today()
SEED = 0


def xfail(reason: str) -> pytest.MarkDecorator:
    return pytest.mark.xfail(strict=True, raises=AssertionError, reason=f"#20: {reason}")


# -- the site -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def served():
    with SiteServer() as server:
        serve_pair(server, repo_texts(), TODAY, seed=SEED)
        yield server


@pytest.fixture(scope="module")
def scenario(served, tmp_path_factory):
    return Scenario(served, tmp_path_factory.mktemp("newssite"))


@pytest.fixture(scope="module")
def first(scenario):
    """``build --sources`` over every source of both hosts."""
    return scenario.first_run()


@pytest.fixture(scope="module")
def current(scenario):
    return [p for p in scenario.pages if not p.old]


@pytest.fixture(scope="module")
def results(first, current):
    return score(first.items, current)


@pytest.fixture(scope="module")
def by_url(scenario, current):
    _fetch, build = scenario.by_url(current)
    return score(build.items, current)


@pytest.fixture(scope="module")
def quiet(scenario):
    return scenario.quiet_day()


def _text_of(markup: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", markup))


def test_every_page_holds_its_truth_in_its_real_encoding(served):
    """The ground truth is what the page shows: title and every paragraph, in the bytes' real encoding;
    a page whose header names another charset does not read right by that header."""
    pages = [p for site in served.sites.values() for p in site.pages]
    misdeclared = 0
    for site in served.sites.values():
        for page in site.pages:
            data = site.resources[page.path].body
            text = _text_of(data.decode(page.encoding))
            assert page.title in text, page.path
            for para in page.paragraphs:
                assert para in text, (page.path, para[:20])
            if page.declared and not page.charset_right:
                misdeclared += 1
                assert page.title not in _text_of(data.decode(page.declared, "replace")), page.path
    assert misdeclared >= 2 and len(pages) >= 12


def test_the_site_has_the_variety_the_issue_names(served):
    pages = [p for site in served.sites.values() for p in site.pages]
    families = {p.family for p in pages}
    assert families == {"xinhua", "chinanews", "table", "html5", "portal"}
    assert min(sum(p.family == f for p in pages) for f in families) >= 2
    assert {p.encoding for p in pages} >= {"utf-8", "gbk"} or {p.encoding for p in pages} >= {"utf-8", "gb18030"}
    assert any(p.encoding != "utf-8" and p.declared is None for p in pages)  # no charset in the header
    assert any(p.encoding != "utf-8" and p.declared == "utf-8" for p in pages) or any(
        p.encoding != "utf-8" and p.declared == "iso-8859-1" for p in pages
    )
    styles = {p.style for p in pages}
    assert styles & {"br1", "br2", "p-br"} and styles & {"p", "p-indent", "div"}
    kinds = {kind for p in pages for kind, _ in p.furniture}
    assert kinds >= {
        "dateline",
        "editor",
        "author",
        "font",
        "topic",
        "share",
        "hot",
        "related",
        "footer",
        "ad",
        "breadcrumb",
        "nav",
    }
    assert any(p.old for p in pages) and any(not p.dated for p in pages)
    # a feed entry whose UTC day is the day before its local day, on a page that prints no date
    shifted = [p for p in pages if p.listed_in in {"rss", "atom", "sitemap"} and not p.dated and p.published.hour < 8]
    assert shifted and all(p.published.astimezone(dt.UTC).date() < p.published.date() for p in shifted)
    main = served.sites[FAST_HOST]
    assert main.duplicate and len(main.disallowed) == 3 and main.opened_by_allow and main.php_pages
    rss = next(r for path, r in main.resources.items() if path.startswith("/rss/")).body.decode()
    assert "+0800</pubDate>" in rss and main.duplicate[1][0] in html.unescape(rss) and "utm_source=" in rss


def test_layouts_vary_within_a_family_and_with_the_seed_and_a_seed_gives_the_same_bytes():
    """Not one fixed page per layout: two pages of a family differ in their seeded choices."""
    texts = repo_texts()
    a = build_site(texts, "http://127.0.0.1:1", today=dt.date(2020, 7, 27), seed=3)
    again = build_site(texts, "http://127.0.0.1:1", today=dt.date(2020, 7, 27), seed=3)
    b = build_site(texts, "http://127.0.0.1:1", today=dt.date(2020, 7, 27), seed=4)
    assert {k: r.body for k, r in a.resources.items()} == {k: r.body for k, r in again.resources.items()}
    assert [(p.family, p.choices) for p in a.pages] != [(p.family, p.choices) for p in b.pages]
    for family in {p.family for p in a.pages}:
        choices = [tuple(sorted(p.choices.items())) for p in a.pages if p.family == family]
        assert len(choices) >= 2 and len(set(choices)) == len(choices), family


def test_server_answers_conditional_requests_and_serves_each_hosts_robots(served):
    site = served.sites[FAST_HOST]
    with httpx.Client() as client:
        for path, res in site.resources.items():
            if res.etag and res.last_modified and path != "/robots.txt":
                break
        url = site.base + path
        full = client.get(url)
        assert full.status_code == 200 and full.content == res.body
        assert client.get(url, headers={"If-None-Match": res.etag}).status_code == 304
        assert client.get(url, headers={"If-None-Match": '"stale"'}).status_code == 200
        assert client.get(url, headers={"If-Modified-Since": res.last_modified}).status_code == 304
        before = (dt.datetime.now(dt.UTC) - dt.timedelta(days=4000)).strftime("%a, %d %b %Y %H:%M:%S GMT")
        assert client.get(url, headers={"If-Modified-Since": before}).status_code == 200
        tracked = client.get(url + ("&" if "?" in url else "?") + "utm_source=x")
        assert tracked.status_code == 200 and tracked.content == res.body
        slow = client.get(served.base(SLOW_HOST) + "/robots.txt").text
        fast = client.get(served.base(FAST_HOST) + "/robots.txt").text
    assert f"Crawl-delay: {CRAWL_DELAY:g}" in slow and "Crawl-delay" not in fast
    assert fast.index("Disallow: /archive/") < fast.index("Allow: /archive/public/")


def test_measure_on_known_outputs():
    truth = ["新华社北京7月26日电 日前,有关部门印发通知。", "通知要求，加强协同。"]
    exact = score_body("新华社北京7月26日电 日前，有关部门印发通知。\n\n通知要求，加强协同。", truth)
    assert (exact.precision, exact.recall, exact.extra_lines) == (1.0, 1.0, [])
    joined = score_body("新华社北京7月26日电 日前，有关部门印发通知。通知要求，加强协同。", truth)  # <br> joined
    assert (joined.precision, joined.recall, joined.extra_lines) == (1.0, 1.0, [])
    furnished = score_body(
        "2020-07-26 16:56:07 来源：新华网\n新华社北京7月26日电 日前，有关部门印发通知。\n通知要求，加强协同。\n【责任编辑：王某】",
        truth,
    )
    assert furnished.extra_lines == ["2020-07-26 16:56:07 来源：新华网", "【责任编辑：王某】"]
    assert furnished.recall == 1.0 and furnished.precision == pytest.approx(len(key("".join(truth))) / 54, abs=0.02)
    half = score_body("新华社北京7月26日电 日前，有关部门印发通知。", truth)
    assert half.precision == 1.0 and 0.6 < half.recall < 0.8 and half.extra_lines == []
    assert score_body("", truth).recall == 0.0
    assert url_key("HTTP://127.0.0.1:80/a.html?utm_source=rss&id=2") == url_key("http://127.0.0.1/a.html?id=2")
    assert boilerplate_allowed(60) == 2 and boilerplate_allowed(14) == 1


# -- the first run: fetching ------------------------------------------------------------------


def _requested(run, host: str) -> list[str]:
    return [h.target for h in run.hits if h.host == host]


def test_a_disallowed_prefix_is_never_requested_and_a_duplicate_is_fetched_once(first, served):
    site = served.sites[FAST_HOST]
    asked = _requested(first, FAST_HOST)
    archived = next(p for p in site.disallowed if p.startswith("/archive/"))
    assert archived not in asked
    path, links = site.duplicate
    assert len(links) == 2 and any("utm_source" in link for link in links)
    assert sum(1 for t in asked if re.sub(r"[?&]utm_.*$", "", t) == path) == 1
    assert asked.count("/robots.txt") == 1


def test_robots_allow_after_disallow_and_wildcards(first, served):
    site = served.sites[FAST_HOST]
    asked = set(_requested(first, FAST_HOST))
    wrong = [
        f"not requested, Allow: /archive/public/ after Disallow: /archive/: {p}"
        for p in site.opened_by_allow
        if p not in asked
    ]
    wrong += [f"not requested, '$' ends Disallow: /*.php$: {p}" for p in site.php_pages if p not in asked]
    wrong += [
        f"requested, Disallow: /*?print= or /*.php$: {p}"
        for p in site.disallowed
        if ("?print=" in p or p.endswith(".php")) and p in asked
    ]
    assert site.opened_by_allow and site.php_pages and len(site.disallowed) == 3
    assert not wrong, wrong


def test_crawl_delay_spaces_that_host_only(first):
    slow = gaps(first.hits, SLOW_HOST)
    assert len(slow) >= 3
    assert min(slow) >= CRAWL_DELAY - 0.05, [round(g, 2) for g in slow]
    fast = gaps(first.hits, FAST_HOST)  # the other side: a host that asks for no delay is not slowed (delay = 0)
    assert statistics.median(fast) < 1.0, [round(g, 2) for g in fast]


def test_first_run_with_duplicates_and_disallowed_links_exits_0(first, served):
    site = served.sites[FAST_HOST]
    assert site.duplicate and site.disallowed  # the run met both
    assert first.code == 0, first.errors()


# -- the first run: what was built ---------------------------------------------------------------


def test_body_precision_and_recall(results):
    s = summarize(results)
    found = [r for r in results if r.stories]
    detail = sorted((round(r.body.precision, 3), r.page.describe()) for r in found)[:5]
    assert s.mean_precision >= 0.98, detail
    assert s.min_precision >= 0.95, detail
    assert s.mean_recall >= 0.99, sorted((round(r.body.recall, 3), r.page.describe()) for r in found)[:5]


def test_boilerplate_lines_left(results):
    left = [(r.page.describe(), r.body.extra_lines[:3]) for r in results if r.body.extra_lines]
    assert len(left) <= boilerplate_allowed(len(results)), left


def test_every_page_is_one_story_with_its_title(results):
    wrong = [(r.page.describe(), r.page.listed_in, r.titles) for r in results if not r.title_ok]
    assert not wrong, wrong


def test_every_story_is_dated_in_the_sources_local_day(first, scenario):
    every = score(first.items, scenario.pages)
    wrong = [(r.page.describe(), r.page.day, r.dates) for r in every if r.stories and not r.date_ok]
    assert not wrong, wrong


def test_a_story_years_old_is_never_a_top_story(first, scenario):
    old = [p for p in scenario.pages if p.old]
    assert old
    top = [(r.page.day, r.titles) for r in score(first.items, old) if r.top]
    assert not top, top


# -- an article given by URL --------------------------------------------------------------------


def test_article_by_url_is_right_on_every_layout(by_url):
    families = {r.page.family for r in by_url}
    assert len(families) == 5
    wrong = {
        fam: [
            (r.page.describe(), r.titles[:2], round(r.body.precision, 2))
            for r in by_url
            if r.page.family == fam and not r.right
        ]
        for fam in families
    }
    assert not any(wrong.values()), {k: v for k, v in wrong.items() if v}


# -- a quiet day -----------------------------------------------------------------------------------


def test_a_quiet_day_is_all_304(quiet, scenario):
    _yesterday, today = quiet
    sources = {url_key(str(t["url"])) for t in scenario.sources()}
    asked = [h for h in today.hits if h.target != "/robots.txt"]
    assert {url_key(f"http://{h.host}:{scenario.server.port}{h.target}") for h in asked} == sources
    assert all(h.status == 304 and (h.if_none_match or h.if_modified_since) for h in asked)


def test_a_quiet_day_exits_0(quiet):
    _yesterday, today = quiet
    assert today.code == 0, today.errors()


# -- the full site (../shared) ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def full(tmp_path_factory):
    if not has_shared():
        pytest.skip("../shared is absent (the full site's texts live there)")
    with SiteServer() as server:
        serve_pair(server, [*repo_texts(), *shared_texts()], TODAY, seed=SEED + 10)
        sc = Scenario(server, tmp_path_factory.mktemp("newssite-full"))
        current = [p for p in sc.pages if not p.old]
        first = score(sc.first_run().items, current)
        _fetch, build = sc.by_url(current)
        yield dataclasses.make_dataclass("Full", ["first", "by_url"])(first, score(build.items, current))


@pytest.mark.shared
@pytest.mark.slow  # about 50 s: 70 pages built twice
def test_full_site_body_targets(full):
    s = summarize(full.first)
    assert s.n >= 60
    assert s.mean_precision >= 0.98 and s.min_precision >= 0.95 and s.mean_recall >= 0.99, s
    assert s.boilerplate_pages <= boilerplate_allowed(s.n), s
    assert s.missing == 0 and s.titles_right == s.n and s.dates_right == s.n, s


@pytest.mark.shared
@pytest.mark.slow  # about 50 s: 70 pages built twice
def test_full_site_article_by_url(full):
    s = summarize(full.by_url)
    assert s.right_by_url == s.n, s
