"""#17: a run-wide deadline and a signal end network work within seconds, for every HTTP client (the
OpenAI-compatible client, the web fetcher).

The deadline from both sides (work that fits is all done; work past it is not started, a request in flight
at it is cut off, a retry wait that would end past it is not waited), and a stop (what a signal handler
calls) ending requests in flight on other threads at once.
"""

from __future__ import annotations

import re
import threading
import time

import pytest
from click.testing import CliRunner

from briefing import stopping
from briefing.cli import main
from briefing.config import FetchOptions, SourceOptions
from briefing.endpoint import EndpointError
from briefing.web.collect import fetch_sources
from briefing.web.fetcher import Fetcher, FetchError
from briefing.web.urls import AddressPolicy, system_resolver
from tests.hostile_site import HostileSite, article_page, headline, paragraphs, sources_config
from tests.openai_server import MSG, Reply, Scripted, endpoint

ANSWER = "An English rendering of the text."


@pytest.fixture(autouse=True)
def _not_stopping():
    stopping.clear()
    yield
    stopping.clear()


def test_requests_within_the_deadline_are_all_answered_later_ones_not_asked():
    """0.4 s per answer, one at a time: a deadline of 5 s takes all six; one of 1 s takes two or three and
    says the deadline for the rest, which never reach the server."""
    with Scripted() as server:
        server.delay = 0.4
        answers = endpoint(server, concurrency=1, run_deadline=5).chat_many([(MSG, {})] * 6)
    assert answers == [ANSWER] * 6
    with Scripted() as server:
        server.delay = 0.4
        started = time.monotonic()
        answers = endpoint(server, concurrency=1, run_deadline=1).chat_many([(MSG, {})] * 6)
        took = time.monotonic() - started
        asked = len(server.chats)
    done = [a for a in answers if a == ANSWER]
    assert 2 <= len(done) <= 3 and asked <= 3, (answers, asked)
    rest = answers[len(done) :]
    assert rest and all(isinstance(a, EndpointError) and "openai.run_deadline = 1 s" in str(a) for a in rest)
    assert took < 2.0, took


def test_a_request_in_flight_at_the_deadline_is_cut_off_there():
    with Scripted() as server:
        server.script = [Reply(delay=6)]
        started = time.monotonic()
        with pytest.raises(EndpointError, match=r"run deadline .* has passed; the answer was cut off"):
            endpoint(server, [], run_deadline=1, timeout=30).chat(MSG)
        assert time.monotonic() - started < 2.5


def test_no_deadline_waits_for_a_slow_answer():
    with Scripted() as server:
        server.script = [Reply(delay=1.5)]
        assert endpoint(server, [], run_deadline=0, timeout=30).chat(MSG) == ANSWER


def test_a_retry_wait_past_the_deadline_is_not_waited_one_within_it_is():
    with Scripted() as server:
        server.script = [Reply(503, headers={"Retry-After": "5"})]
        sleeps: list[float] = []
        with pytest.raises(EndpointError, match="leaves no time to wait 5 s"):
            endpoint(server, sleeps, run_deadline=3).chat(MSG)
        assert sleeps == [] and len(server.chats) == 1
    with Scripted() as server:
        server.script = [Reply(503, headers={"Retry-After": "1"})]
        sleeps = []
        assert endpoint(server, sleeps, run_deadline=3).chat(MSG) == ANSWER
        assert sleeps == [1.0] and len(server.chats) == 2


def test_a_stop_ends_requests_in_flight_on_other_threads_at_once():
    """What SIGTERM and Ctrl-C call: four requests each held 8 s by the server end within a second, and
    none is retried or started after it."""
    with Scripted() as server:
        server.delay = 8.0
        point = endpoint(server, concurrency=4, retries=3, run_deadline=0)
        threading.Timer(0.5, stopping.stop).start()
        started = time.monotonic()
        answers = point.chat_many([(MSG, {})] * 8)
        took = time.monotonic() - started
        asked = len(server.chats)
    assert took < 2.0, took
    assert asked == 4
    assert all(isinstance(a, EndpointError) and "stopped by a signal" in str(a) for a in answers), answers


# -- the web fetcher ---------------------------------------------------------------------------------------


def _slow_site(site: HostileSite, n: int, seconds: float) -> list[str]:
    """``n`` article pages, each answered after ``seconds``; their URLs."""

    def slow(k: int):
        def handler(ex) -> None:
            time.sleep(seconds)
            ex.answer(200, article_page(headline(k), paragraphs(k)).encode(), [("Content-Type", "text/html")])

        return handler

    return [site.handle(f"/s/{k}.html", slow(k)) for k in range(n)]


def _fetch(tmp_path, urls: list[str], **settings):
    tmp_path.mkdir(exist_ok=True)
    config = sources_config(tmp_path, [], **settings)
    res = CliRunner().invoke(main, ["fetch", "--config", str(config), "--archive", str(tmp_path / "a"), *urls])
    return res, [line for line in res.stderr.splitlines() if line.startswith("briefing: error: ")]


def test_a_fetch_within_its_run_deadline_is_whole_one_past_it_stops_there(tmp_path):
    """Six pages on one host, 0.4 s each: a run deadline of 8 s fetches all six; one of 1.5 s asks for at
    most four, nothing after it, and says so in one line per source (exit 1)."""
    with HostileSite() as site:
        urls = _slow_site(site, 6, 0.4)
        res, lines = _fetch(tmp_path / "1", urls, run_deadline=8)
    assert res.exit_code == 0 and lines == [], res.stderr
    assert res.stderr.splitlines()[-1].startswith("fetch: 6 sources, 6 pages fetched")
    with HostileSite() as site:
        urls = _slow_site(site, 6, 0.4)
        res, lines = _fetch(tmp_path / "2", urls, run_deadline=1.5)
        first = min(s.at for s in site.requests)  # robots.txt, asked as the run's clock starts
        asked = [s for s in site.requests if s.path.startswith("/s/")]
    assert res.exit_code == 1, res.stderr
    assert 1 <= len(asked) <= 4 and max(s.at for s in asked) - first < 1.5 + 0.25, [s.at - first for s in asked]
    unfetched = 6 - int(res.stderr.splitlines()[-1].split(" pages fetched")[0].rsplit(" ", 1)[1])
    assert unfetched >= 2
    assert all("fetch.run_deadline = 1.5 s" in line for line in lines) and len(lines) == unfetched, lines


def test_no_run_deadline_waits_for_a_slow_page(tmp_path):
    with HostileSite() as site:
        urls = _slow_site(site, 1, 2.0)
        res, lines = _fetch(tmp_path, urls, run_deadline=0, timeout=10, deadline=10)
    assert res.exit_code == 0 and lines == [], res.stderr


def test_a_stop_ends_a_fetch_waiting_on_a_page_at_once(tmp_path):
    """What SIGTERM and Ctrl-C call, while a page keeps the fetcher waiting 8 s: the fetch returns within a
    second of it, and nothing is asked after it."""
    with HostileSite() as site:
        urls = _slow_site(site, 3, 8.0)
        sources = [SourceOptions(name=f"s{k}", url=u, kind="page") for k, u in enumerate(urls)]
        opts = FetchOptions(delay=0, timeout=30, deadline=30, retries=2, run_deadline=0)
        threading.Timer(0.8, stopping.stop).start()
        started = time.monotonic()
        fetch_sources(sources, opts, tmp_path / "day")
        took = time.monotonic() - started
        asked = [s for s in site.requests if s.path.startswith("/s/")]
    assert took < 2.0, took
    assert len(asked) == 1 and asked[0].at - started < 0.8


def test_shutting_the_fetchers_connections_cuts_off_the_page_it_reads(tmp_path):
    """What a signal and the run deadline do to the fetcher's connections (``Connections.shut_all``), with no
    deadline of the request's own near: a page the server holds 6 s is cut off at once (not after 6 s).
    Green only while every connection the fetcher opens is registered with its run's connections."""
    with HostileSite() as site:
        (url,) = _slow_site(site, 1, 6.0)
        opts = FetchOptions(delay=0, timeout=30, deadline=30, retries=0, run_deadline=0)
        with Fetcher(opts) as fetcher:
            connections = fetcher.run.connections
            assert connections is not None
            threading.Timer(0.8, connections.shut_all).start()
            started = time.monotonic()
            with pytest.raises(FetchError, match=rf"^{re.escape(url)}: connection failed"):
                fetcher.fetch(url, AddressPolicy(url, False, system_resolver), "page")
            took = time.monotonic() - started
    assert 0.7 < took < 3.0, took


def test_a_page_silent_after_its_headers_is_cut_off_at_its_deadline_and_the_host_is_free_again():
    """The response deadline (1 s) well under the read timeout (30 s): the request shuts the very connection
    it reads (a pooled one is read by many in turn) at its deadline, so it ends there and the host's next page
    is fetched at once, not after the silent server lets go (8 s)."""

    def silent(ex) -> None:
        ex.head(200, [("Content-Type", "text/html")], 1000)
        ex.hang(8.0)

    with HostileSite() as site:
        silent_url = site.handle("/silent.html", silent)
        (next_url,) = _slow_site(site, 1, 0.0)
        opts = FetchOptions(delay=0, timeout=30, deadline=1, retries=0, run_deadline=0)
        policy = AddressPolicy(silent_url, False, system_resolver)
        with Fetcher(opts) as fetcher:
            started = time.monotonic()
            with pytest.raises(
                FetchError, match=rf"^{re.escape(silent_url)}: no complete response within 1 s \(deadline\)"
            ):
                fetcher.fetch(silent_url, policy, "page")
            cut = time.monotonic() - started
            assert fetcher.fetch(next_url, policy, "page").status == 200
            took = time.monotonic() - started - cut
    assert 1.0 < cut < 3.0, cut
    assert took < 2.0, took


# -- the parts: pause, shut, connections added after the end ------------------------------------------------


def test_a_pause_lasts_what_it_is_asked_not_less_not_a_second_more():
    started = time.monotonic()
    stopping.pause(0.05)
    short = time.monotonic() - started
    started = time.monotonic()
    stopping.pause(0.3)
    longer = time.monotonic() - started
    assert short < 0.5 and 0.29 <= longer < 1.0, (short, longer)


def test_a_stop_ends_a_pause_at_once():
    threading.Timer(0.2, stopping.stop).start()
    started = time.monotonic()
    stopping.pause(30)
    assert time.monotonic() - started < 5


def test_shutting_a_connection_that_is_not_connected_is_quiet():
    import socket

    with socket.socket() as sock:
        stopping.shut(sock)  # ENOTCONN: nothing to shut, no error
    stopping.shut(None)


def test_a_connection_added_after_a_shut_for_good_is_shut_at_once():
    import socket

    conns = stopping.Connections()
    early, early_peer = socket.socketpair()
    late, late_peer = socket.socketpair()
    with early, early_peer, late, late_peer:
        conns.add(early)
        early_peer.sendall(b"x")
        assert early.recv(1) == b"x"  # added before: open
        conns.shut_all(for_good=True)
        conns.add(late)
        late_peer.settimeout(5)
        assert late_peer.recv(1) == b""  # shut: the peer reads the end at once
        assert early_peer.recv(1) == b""  # and the one before, by shut_all itself
