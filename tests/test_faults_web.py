"""#17: the web it reads cannot crash a fetch, forge its log, fill its memory or hold it without end.

Every hostile server here is a local one (``tests/hostile_site.py``, 127.0.0.1).
Runs that could take gigabytes or minutes without their fix run in a child
process limited in memory and time (``tests.faults.run_briefing``).  Tests
marked ``xfail(strict=True)`` fail before the #17 fix for the reason in their
marker; the fix must remove the marker.

The run-wide deadlines are set as ``[fetch] run_deadline`` and ``[openai]
run_deadline`` here: names guessed before the fix exists; the fix may rename
them (and this file with them).
"""

from __future__ import annotations

import html
import json
import signal
import time
from pathlib import Path

import pytest

from tests.conftest import SEED
from tests.faults import DATE, clean_text, cli, no_crash, one_line_error, run_briefing
from tests.hostile_site import (
    Exchange,
    HostileSite,
    article_page,
    bomb,
    bomb_headers,
    broken_links,
    day_items,
    headline,
    layers_available,
    openai_routes,
    paragraphs,
    rss,
    sources_config,
)
from tests.openai_server import Scripted


def good_pages(site: HostileSite, n: int = 3, start: int = 0) -> list[tuple[str, str]]:
    """``n`` ordinary article pages; (title, url) each."""
    return [
        (headline(k), site.add(f"/ok/{k}.html", article_page(headline(k), paragraphs(k))))
        for k in range(start, start + n)
    ]


def errors(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.startswith("briefing: error: ")]


# -- one hostile link costs one line ---------------------------------------------------------------------


@pytest.mark.timeout(120)
@pytest.mark.parametrize("where", ["feed-entry", "canonical"])
def test_each_broken_link_costs_one_line_and_the_fetch_goes_on(tmp_path, where):
    """Nine links no URL parser takes, as feed entries or as pages' canonical links: one line per link
    naming it (its marker), exit 1, and the good pages in the day's briefing."""
    out = tmp_path / "out"
    with HostileSite() as site:
        good = good_pages(site)
        links = broken_links(site)
        if where == "feed-entry":
            entries = [*good, *[(headline(100 + n), link) for n, (_, link) in enumerate(links)]]
        else:
            entries = list(good)
            for n, (_, link) in enumerate(links):
                page = article_page(headline(100 + n), paragraphs(100 + n), canonical=html.escape(link))
                entries.append((headline(100 + n), site.add(f"/c/{n}.html", page)))
        site.add("/feed.xml", rss(entries), "application/rss+xml")
        config = sources_config(tmp_path, [{"name": "源A", "url": site.url("/feed.xml"), "max_items": 100}])
        res = cli("-q", "build", "--sources", "--config", str(config), "--out", str(out), "--date", DATE)
    no_crash(res)
    assert res.exit_code == 1, res.stderr[-3000:]
    lines = res.stderr.splitlines()
    assert lines == errors(res.stderr), lines
    for name, _ in links:
        assert len([line for line in lines if f"bad-{name}" in line]) == 1, (name, [line[:200] for line in lines])
    assert len(lines) == len(links), [line[:200] for line in lines]
    assert {t for t, _ in good} <= {i["title"] for i in day_items(out, DATE)}


# -- log lines quote what came from outside --------------------------------------------------------------

FORGED = "briefing: fetch: 9 sources, 99 pages fetched, 0 not modified, 0 problems -> /srv/forged"


def test_a_link_with_a_newline_cannot_forge_a_log_line(tmp_path):
    """Entries whose links carry a newline (raw or as a character reference) and then a fake summary: every
    line of stderr is an error line or the one real summary; the fake never starts a line."""
    with HostileSite() as site:
        good = good_pages(site)
        bad = [
            "ftp://x.example/a\n" + FORGED,
            site.url("/missing.html") + "\n" + FORGED,
            site.url("/missing2.html") + "&#10;" + FORGED,
            site.url("/ok/0.html") + "\r\n" + FORGED,
            "java\nscript:alert(1)\n" + FORGED,
        ]
        items = [(html.escape(t), html.escape(u)) for t, u in good]
        items += [(f"坏{n}", link if "&#10;" in link else html.escape(link)) for n, link in enumerate(bad)]
        site.add("/feed.xml", rss(items, raw=True), "application/rss+xml")
        config = sources_config(tmp_path, [{"name": "源A", "url": site.url("/feed.xml"), "max_items": 100}])
        res = cli("fetch", "--config", str(config))
    no_crash(res)
    assert res.exit_code == 1, res.stderr
    lines = res.stderr.splitlines()
    assert not [line for line in lines if line.startswith("briefing: fetch:")], lines
    summaries = [line for line in lines if line.startswith("fetch: ")]
    assert len(summaries) == 1 and summaries[0] == lines[-1], lines
    assert lines[:-1] == errors(res.stderr) and len(lines[:-1]) == len(bad), lines


# -- compression bombs -------------------------------------------------------------------------------------

BOMBS = [
    # layers (innermost first), unpacked size, how much more than a fetch without the bomb may be held, what
    # the line says: the 1 MB cap (a br layer too: brotli>=1.2, the br extra, unpacks it in bounded pieces)
    pytest.param(("deflate", "gzip", "gzip"), 2_000_000_000, 64, "1 MB", id="deflate-gzip-gzip-2GB"),
    pytest.param(("gzip", "gzip"), 2_000_000_000, 64, "1 MB", id="gzip-gzip-2GB"),
    pytest.param(
        ("gzip", "br"),
        2_000_000_000,
        64,
        "1 MB",
        id="gzip-br-2GB",
        marks=pytest.mark.skipif("br" not in layers_available(), reason="no brotli: no br layer can be made"),
    ),
    # one layer: each layer is unpacked in pieces of 64 KB, so a single one is held to the same bound
    pytest.param(("gzip",), 1_000_000_000, 64, "1 MB", id="gzip-1GB"),
]


def _fetch_with(tmp_path: Path, extra: tuple[str, bytes, list] | None) -> tuple[object, str]:
    """``briefing fetch`` (a child process limited to 1 GB) of a feed of good pages and, with ``extra``
    (path, body, headers), one more page; the child's result and the extra page's URL."""
    with HostileSite() as site:
        good = good_pages(site)
        url = ""
        if extra is not None:
            url = site.add(extra[0], extra[1], headers=extra[2])
            good.insert(1, ("炸弹", url))
        site.add("/feed.xml", rss(good), "application/rss+xml")
        config = sources_config(tmp_path, [{"name": "源A", "url": site.url("/feed.xml")}], max_mb=1, deadline=30)
        ran = run_briefing(
            "fetch", "--config", str(config), "--archive", str(tmp_path / "arch"), timeout=60, max_memory_mb=1000
        )
    return ran, url


@pytest.fixture(scope="module")
def fetch_baseline(tmp_path_factory) -> float:
    """Peak memory (MB) of the same fetch without a bomb."""
    ran, _ = _fetch_with(tmp_path_factory.mktemp("baseline"), None)
    assert ran.code == 0, ran.stderr
    return ran.peak_mb


@pytest.mark.timeout(120)
@pytest.mark.parametrize(("layers", "size", "slack_mb", "says"), BOMBS)
def test_a_compression_bomb_is_refused_while_decoding(tmp_path, fetch_baseline, layers, size, slack_mb, says):
    """A few hundred bytes on the wire that unpack to gigabytes, with ``max_mb = 1``: one line naming the
    URL and the 1 MB cap, exit 1, the good pages kept, and the fetch never holds more than a few times
    the cap beyond what a fetch without the bomb holds."""
    ran, url = _fetch_with(
        tmp_path, ("/bomb.html", bomb(size, layers), bomb_headers(layers, "text/html; charset=utf-8"))
    )
    assert ran.code == 1 and not ran.timed_out, (ran.code, ran.stderr[-3000:])
    assert ran.peak_mb < fetch_baseline + slack_mb, (ran.peak_mb, fetch_baseline)
    [line] = errors(ran.stderr)
    assert line.startswith(f"briefing: error: 源A: {url}") and says in line, line
    assert ran.stderr.splitlines()[-1].startswith("fetch: 1 sources, 4 pages fetched, 0 not modified, 1 problems")


def _build_with_llm(tmp_path: Path, url: str, *config: str, on_start=None):
    """``briefing -q build`` of the seed with English from the server at ``url`` (a child limited to 1.2 GB);
    ``config``: more ``[openai]`` settings."""
    cfg = tmp_path / "llm.toml"
    cfg.write_text("[openai]\nretries = 0\n" + "".join(config), "utf-8")
    return run_briefing(
        "-q", "build", str(SEED), "--out", str(tmp_path / "out"), "--date", DATE, "--config", str(cfg),
        "--translate", "--translator-backend", "openai", "--endpoint", url, "--translator-model", "m",
        timeout=90, max_memory_mb=1200, on_start=on_start,
    )  # fmt: skip


@pytest.fixture(scope="module")
def llm_baseline(tmp_path_factory) -> float:
    """Peak memory (MB) of the same build against a well-behaved server."""
    with Scripted() as server:
        ran = _build_with_llm(tmp_path_factory.mktemp("llm"), server.url)
    assert ran.code in (0, 1) and "Traceback" not in ran.stderr, ran.stderr  # its guard may refuse some answers
    return ran.peak_mb


@pytest.mark.timeout(120)
def test_an_llm_answer_bomb_is_refused_while_decoding(tmp_path, llm_baseline):
    """Every chat answer a 2 GB bomb: every story falls back with its line (exit 1), no traceback, and
    the build holds no more than the 4 MB answer cap per request in flight beyond a normal build."""
    layers = ("deflate", "gzip", "gzip")
    body = bomb(2_000_000_000, layers)
    with HostileSite() as site:
        url = openai_routes(site, "m", lambda ex: ex.answer(200, body, bomb_headers(layers, "application/json")))
        ran = _build_with_llm(tmp_path, url)
    assert ran.code == 1 and not ran.timed_out, (ran.code, ran.stderr[-3000:])
    assert ran.peak_mb < llm_baseline + 100, (ran.peak_mb, llm_baseline)
    assert ran.lines() and ran.lines() == errors(ran.stderr), ran.stderr[-3000:]
    english = json.loads((tmp_path / "out" / f"{DATE}.json").read_text("utf-8"))["_briefing"]["english"]
    assert english["stories"] == 0, english


# -- validators ------------------------------------------------------------------------------------------


def test_validators_outside_ascii_are_not_stored(tmp_path):
    """Three pages whose ETag or Last-Modified carry bytes outside ASCII, one with a good ETag: the second
    run fetches the three again in full, sends no byte outside ASCII, and still gets its 304."""
    bad = [
        [(b"ETag", b'"caf\xe9"')],
        [(b"Last-Modified", b"Tue, 08 Jul 2025 01:00:00 GMT\xff")],
        [(b"ETag", '"例"'.encode())],
    ]
    with HostileSite() as site:
        urls = [
            site.add(f"/v/{n}.html", article_page(headline(n), paragraphs(n)), headers=h) for n, h in enumerate(bad)
        ]

        def good(ex: Exchange) -> None:
            if ex.seen.headers.get("If-None-Match") == '"good-1"':
                ex.answer(304, b"", [("ETag", '"good-1"')])
            else:
                ex.answer(
                    200,
                    article_page(headline(9), paragraphs(9)).encode(),
                    [("Content-Type", "text/html"), ("ETag", '"good-1"')],
                )

        urls.append(site.handle("/v/good.html", good))
        config = sources_config(tmp_path, [])
        first = cli("fetch", "--config", str(config), *urls)
        second = cli("fetch", "--config", str(config), *urls)
        seen = list(site.requests)
    no_crash(first)
    no_crash(second)
    assert first.exit_code == 0 and second.exit_code == 0, (first.stderr, second.stderr)
    assert second.stderr.splitlines()[-1].startswith("fetch: 4 sources, 3 pages fetched, 1 not modified, 0 problems")
    later = [s for s in seen if s.path.startswith("/v/")][len(urls) :]
    assert sorted(s.path for s in later) == sorted(["/v/0.html", "/v/1.html", "/v/2.html", "/v/good.html"])
    for s in later:
        assert all(raw.isascii() for raw in s.raw_headers), s.raw_headers


# -- run-wide deadlines ------------------------------------------------------------------------------------


def _storm(ex: Exchange) -> None:
    ex.answer(503, b"busy", [("Content-Type", "text/plain"), ("Retry-After", "2")])


def _trickle(ex: Exchange) -> None:
    ex.trickle(b"<html><body>" + b" " * 40 + b"</body></html>", 0.2)


def _always_500(ex: Exchange) -> None:
    ex.answer(500, b"boom", [("Content-Type", "text/plain")])


SLOW = {
    # handler, [fetch] settings: each of six slow links alone costs 6-15 s, 36-90 s in all
    "retry-after-storm": (_storm, {"retries": 3, "max_retry_after": 10}),
    "trickle": (_trickle, {"deadline": 10}),
    "backoff": (_always_500, {"retries": 4, "backoff": 1}),
}


@pytest.mark.timeout(90)
@pytest.mark.parametrize("kind", list(SLOW))
def test_a_run_deadline_bounds_the_whole_fetch(tmp_path, kind):
    """``[fetch] run_deadline = 3``: the site sees no request later than 3 s (+1) after the first, the
    run ends soon after, the good pages listed first are built, the unfinished links are said (exit 1)."""
    handler, settings = SLOW[kind]
    out = tmp_path / "out"
    with HostileSite() as site:
        good = good_pages(site, 2)
        slow = [(headline(50 + n), site.handle(f"/slow/{n}.html", handler)) for n in range(6)]
        entries = [*good, *slow]
        dates = [
            f"Tue, 08 Jul 2025 {23 - n:02d}:00:00 +0800" for n in range(len(entries))
        ]  # listed order = newest first
        site.add("/feed.xml", rss(entries, dates=dates), "application/rss+xml")
        config = sources_config(
            tmp_path,
            [{"name": "源A", "url": site.url("/feed.xml"), "max_items": 100}],
            run_deadline=3,
            timeout=5,
            **settings,
        )
        ran = run_briefing(
            "-q", "build", "--sources", "--config", str(config), "--out", str(out), "--date", DATE, timeout=70
        )
        times = [s.at for s in site.requests]
    assert ran.code == 1 and not ran.timed_out, (ran.code, ran.seconds, ran.stderr[-3000:])
    assert max(times) - min(times) < 4, max(times) - min(times)
    assert ran.seconds < 3 + 20, ran.seconds  # the deadline, then reading the archive and building
    lines = ran.lines()
    assert lines and lines == errors(ran.stderr) and any("deadline" in line for line in lines), lines
    assert {t for t, _ in good} <= {i["title"] for i in day_items(out, DATE)}


@pytest.mark.timeout(90)
def test_a_run_deadline_bounds_the_llm_calls(tmp_path):
    """A server that takes 2 s per answer, one request at a time, 13+ requests: with ``[openai]
    run_deadline = 3`` no request starts more than 3 s (+1) after the first, the stories left fall back
    with their lines (exit 1)."""
    with Scripted() as server:
        server.delay = 2.0
        ran = _build_with_llm(tmp_path, server.url, "concurrency = 1\nrun_deadline = 3\ntimeout = 30\n")
        chats = len(server.chats)
    assert ran.code == 1 and not ran.timed_out, (ran.code, ran.seconds, ran.stderr[-3000:])
    assert 1 <= chats <= 3, chats
    lines = ran.lines()
    assert lines and lines == errors(ran.stderr) and any("deadline" in line for line in lines), lines


# -- signals -------------------------------------------------------------------------------------------------


@pytest.mark.timeout(60)
@pytest.mark.parametrize(
    ("sig", "code", "word"), [(signal.SIGTERM, 143, "terminated"), (signal.SIGINT, 130, "interrupted")]
)
def test_a_signal_stops_a_fetch_within_seconds(tmp_path, sig, code, word):
    """A page that keeps the fetcher waiting 8 s: SIGTERM (or Ctrl-C) while it waits ends the run within
    3 s, with its exit code and its one line."""
    with HostileSite() as site:
        site.handle("/hang.html", lambda ex: ex.hang(8))
        site.add("/feed.xml", rss([*good_pages(site, 1), ("慢", site.url("/hang.html"))]), "application/rss+xml")
        config = sources_config(
            tmp_path, [{"name": "源A", "url": site.url("/feed.xml")}], retries=0, timeout=30, deadline=30
        )
        sent: list[float] = []

        def signal_when_waiting(proc) -> None:
            end = time.monotonic() + 30
            while "/hang.html" not in site.paths() and time.monotonic() < end:
                time.sleep(0.02)
            time.sleep(0.3)
            sent.append(time.monotonic())
            proc.send_signal(sig)

        ran = run_briefing("-q", "fetch", "--config", str(config), timeout=40, on_start=signal_when_waiting)
    assert ran.code == code, (ran.code, ran.stderr)
    assert ran.lines() == [f"briefing: {word}"], ran.stderr
    assert ran.ended - sent[0] < 3, ran.ended - sent[0]


@pytest.mark.timeout(60)
def test_sigterm_stops_llm_calls_within_seconds(tmp_path):
    with Scripted() as server:
        server.delay = 8.0
        sent: list[float] = []

        def signal_when_waiting(proc) -> None:
            end = time.monotonic() + 30
            while not server.chats and time.monotonic() < end:
                time.sleep(0.02)
            time.sleep(0.3)
            sent.append(time.monotonic())
            proc.send_signal(signal.SIGTERM)

        ran = _build_with_llm(tmp_path, server.url, on_start=signal_when_waiting)
    assert ran.code == 143, (ran.code, ran.stderr[-2000:])
    assert ran.lines() == ["briefing: terminated"], ran.stderr[-2000:]
    assert ran.ended - sent[0] < 3, ran.ended - sent[0]


# -- the state folder and header settings ----------------------------------------------------------------


@pytest.mark.parametrize("make", ["a-file", "under-a-file", "dev-null"])
def test_fetch_runs_without_a_usable_state_folder(tmp_path, make):
    """As a plain build does: warnings naming the state folder, the pages archived where --archive says."""
    (tmp_path / "file").write_text("not a folder")
    home = {"a-file": tmp_path / "file", "under-a-file": tmp_path / "file" / "home", "dev-null": Path("/dev/null")}[
        make
    ]
    with HostileSite() as site:
        body = article_page(headline(1), paragraphs(1))
        url = site.add("/a.html", body)
        res = cli("fetch", url, "--archive", str(tmp_path / "arch"), env={"BRIEFING_HOME": str(home)})
    no_crash(res)
    assert res.exit_code == 0, res.stderr
    lines = res.stderr.splitlines()
    assert lines[-1].startswith("fetch: 1 sources, 1 pages fetched"), lines
    assert lines[:-1] and all(line.startswith("briefing: warning: ") and str(home) in line for line in lines[:-1]), (
        lines
    )
    [day] = [p for p in (tmp_path / "arch").iterdir() if p.is_dir()]  # the archive also holds its fetch lock
    assert [p for p in day.iterdir() if p.read_bytes() == body.encode("utf-8")]


HEADER_SETTINGS = [
    ("file", "contact", "编辑部 desk@例子.cn", "fetch.contact"),
    ("file", "contact", "https://example.org/\r\nX-Evil: 1", "fetch.contact"),
    ("file", "user_agent", "浏览器/1.0", "fetch.user_agent"),
    ("env", "BRIEFING_FETCH_CONTACT", "联系人", "$BRIEFING_FETCH_CONTACT"),
]


@pytest.mark.parametrize(
    ("where", "key", "value", "named"),
    HEADER_SETTINGS,
    ids=["contact-cjk", "contact-crlf", "user-agent-cjk", "env-contact"],
)
def test_header_settings_outside_ascii_are_one_line_before_any_request(tmp_path, where, key, value, named):
    with HostileSite() as site:
        url = site.add("/a.html", article_page(headline(1), paragraphs(1)))
        if where == "file":
            config = tmp_path / "c.toml"
            config.write_text(f"[fetch]\n{key} = {json.dumps(value, ensure_ascii=False)}\n", "utf-8")
            res = cli("fetch", url, "--config", str(config))
        else:
            res = cli("fetch", url, env={key: value})
        requests = list(site.requests)
    one_line_error(res, 2, named)
    assert requests == []


# -- titles from the web -------------------------------------------------------------------------------------


def test_titles_with_characters_xml_cannot_carry_from_the_web(tmp_path):
    """Page titles with U+FFFE, U+FFFF and control characters as character references, a feed title with
    them raw: the day builds (exit 0), every output decodes and holds none of them, the feed is XML."""
    out = tmp_path / "out"
    with HostileSite() as site:
        good = good_pages(site, 2)
        raw = [f"{headline(60)}&#xFFFE;尾", f"{headline(61)}&#xFFFF;&#x1;&#x1B;尾", f"{headline(62)}&#xD800;尾"]
        pages = [
            (headline(60 + n), site.add(f"/t/{n}.html", article_page("", paragraphs(60 + n), raw_title=t)))
            for n, t in enumerate(raw)
        ]
        site.add("/feed.xml", rss([*good, *[("", u) for _, u in pages]]), "application/rss+xml")
        config = sources_config(tmp_path, [{"name": "源A", "url": site.url("/feed.xml")}])
        res = cli(
            "-q",
            "build",
            "--sources",
            "--config",
            str(config),
            "--out",
            str(out),
            "--date",
            DATE,
            "--base-url",
            "https://example.org/",
        )
    no_crash(res)
    assert res.exit_code == 0, res.stderr
    clean_text([p for p in sorted(out.iterdir()) if p.is_file()])
    from lxml import etree

    etree.fromstring((out / "feed.atom").read_bytes())
    titles = {i["title"] for i in day_items(out, DATE)}
    for n in range(3):
        assert any(headline(60 + n) in t and t.endswith("尾") for t in titles), (n, titles)


@pytest.mark.timeout(60)
def test_a_per_host_wait_the_run_deadline_leaves_no_time_for_names_the_link_left(tmp_path):
    """``delay = 5`` between two requests to a host and ``run_deadline = 2``: after robots.txt the feed of that
    host may not start, and its line names its URL (the wait is refused at once, not slept)."""
    with HostileSite() as site:
        site.add("/feed.xml", rss(good_pages(site, 2)), "application/rss+xml")
        feed = site.url("/feed.xml")
        config = sources_config(tmp_path, [{"name": "源A", "url": feed}], delay=5, run_deadline=2, timeout=5)
        ran = run_briefing("-q", "fetch", "--config", str(config), timeout=40)
        paths = site.paths()
    assert ran.code == 3 and not ran.timed_out, (ran.code, ran.stderr)
    assert paths == ["/robots.txt"], paths
    said = [line for line in ran.lines() if feed in line]
    assert len(said) == 1 and "leaves no time to wait" in said[0], ran.lines()
    assert ran.seconds < 20, ran.seconds
