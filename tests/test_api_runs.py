"""Each library call is one run for the ``[openai]`` budgets, while loaded models stay loaded.

The library keeps a loaded backend for the process (:mod:`briefing.api`); the budgets of its server --
``max_requests``, ``down_after``, ``run_deadline`` -- were kept with it, so a long-lived process (a web
service, a notebook) found the server capped, given up or past its deadline for good after one bad hour.
Each test makes an earlier call spend a budget and checks that a later call still reaches the scripted
server on 127.0.0.1 and gets its answer; the last ones check that within one call the budget holds, that
a build loads its models once per process (calls on two threads too), that nothing a call opened
outlives it but the process's connections to a server, which later calls reuse, and that a call's deadline
shuts only its own.
"""

from __future__ import annotations

import json
import threading
import time

import pytest

from briefing import Options, api
from briefing.records import Article, Translation
from tests.openai_server import Reply, Scripted

SOURCE = "国务院发布公告。"
ENGLISH = "The State Council issued a notice."
ARTICLE = Article("甲市推进改革", ["甲市出台改革方案，涉及社区服务站120个。"], source="a.txt")
SUMMARY = "甲市出台改革方案，涉及社区服务站120个。"  # what the guard accepts for ARTICLE


@pytest.fixture(autouse=True)
def fresh_models(monkeypatch):
    """No backend loaded by another test: every test loads its own, once."""
    monkeypatch.setattr(api, "_MODELS", {})


def served(role: str, server: Scripted, **openai: float) -> Options:
    """Options whose ``role`` (``summarize`` or ``translate``) asks model "m" on ``server``, with these
    ``[openai]`` settings."""
    opts = Options()
    section = getattr(opts, role)
    section.backend, section.endpoint, section.model = "openai", server.url, "m"
    for name, value in openai.items():
        setattr(opts.openai, name, value)
    return opts


@pytest.mark.timeout(60)
def test_the_request_cap_counts_per_call_not_per_process():
    """max_requests = 2: three calls of one request each all get the server's summary (the loaded
    summarizer's GET /models and the first call's chat spent the cap of the whole process)."""
    with Scripted() as server:
        server.responder = lambda payload: SUMMARY
        opts = served("summarize", server, max_requests=2, concurrency=1)
        summaries = [api.summarize(ARTICLE, opts) for _ in range(3)]
        asked = len(server.chats)
    assert [(s.text, s.extractive, s.fallback) for s in summaries] == [(SUMMARY, False, None)] * 3
    assert asked == 3


@pytest.mark.timeout(60)
def test_a_server_given_up_by_one_call_is_asked_again_by_the_next():
    """down_after = 1: the first call's request times out and gives the server up for that call; the next
    call asks it again and gets its answer."""
    with Scripted(table={SOURCE: ENGLISH}) as server:
        server.script = [Reply(200, delay=1.5)]  # the first chat is answered after the client's timeout
        opts = served("translate", server, down_after=1, timeout=0.3, retries=0)
        first = api.translate(SOURCE, opts)
        second = api.translate(SOURCE, opts)
        asked = len(server.chats)
    assert first.text is None and any("not asked again in this run" in f for f in first.failures), first
    assert (second.text, second.failures) == (ENGLISH, [])
    assert asked == 2


@pytest.mark.timeout(60)
@pytest.mark.parametrize("keep_alive", [False, True])
def test_a_run_deadline_passed_in_one_call_does_not_end_the_next(keep_alive):
    """run_deadline = 1 s: the first call's request outlasts it and is cut off; a later call has a deadline
    of its own and gets the server's answer (also from a server that keeps connections alive: the one cut
    off is not reused)."""
    with Scripted(table={SOURCE: ENGLISH}, keep_alive=keep_alive) as server:
        server.script = [Reply(200, delay=4.0)]
        opts = served("translate", server, run_deadline=1.0, timeout=20, retries=0)
        first = api.translate(SOURCE, opts)
        second = api.translate(SOURCE, opts)
        asked = len(server.chats)
    assert first.text is None and any("openai.run_deadline = 1 s" in f for f in first.failures), first
    assert (second.text, second.failures) == (ENGLISH, [])
    assert asked == 2


def _day(tmp_path) -> str:
    items = [{"id": f"t{n}", "title": f"第{n}条新闻标题", "text": f"这是第{n}条新闻的正文内容。"} for n in range(4)]
    path = tmp_path / "news.jsonl"
    path.write_text("".join(json.dumps(item, ensure_ascii=False) + "\n" for item in items), "utf-8")
    return str(path)


@pytest.mark.timeout(120)
def test_within_one_build_the_request_cap_holds_and_the_next_build_has_its_own(tmp_path):
    """The other side: one build of 4 stories (8 texts, a lede) asks the server max_requests = 2 times and
    no more; the next build asks it 2 times again."""
    with Scripted() as server:
        opts = served("translate", server, max_requests=2, concurrency=1)
        opts.translate.enabled = True
        day = _day(tmp_path)
        first = api.build_briefing([day], opts, date="2025-07-09")
        after_first = len(server.chats)
        second = api.build_briefing([day], opts, date="2025-07-09")
        after_second = len(server.chats)
    assert (after_first, after_second) == (2, 4)
    for built in (first, second):
        assert sum("request cap reached (2 per run" in line for line in built.failures) >= 1, built.failures


def test_a_build_loads_its_models_once_per_process(tmp_path, counted_summarizer):
    """Two library builds with one configuration load the summarizer once (each built its own)."""
    built = counted_summarizer
    opts = Options()
    opts.summarize.backend = "counted"
    day = _day(tmp_path)
    stories = [len(api.build_briefing([day], opts, date="2025-07-09").stories) for _ in range(2)]
    assert stories == [4, 4] and len(built) == 1


@pytest.mark.timeout(60)
def test_calls_on_two_threads_at_once_load_a_model_once(monkeypatch):
    """A web service's threads asking for one configuration at the same moment share one loaded model
    (its loading takes a while: each thread found it missing and loaded its own)."""
    from briefing.summarizers.base import summarizers
    from briefing.summarizers.extractive import ExtractiveSummarizer

    built = []

    class Slow(ExtractiveSummarizer):
        name = "slow"

        def load(self) -> None:
            built.append(self)
            time.sleep(0.5)

    monkeypatch.setitem(summarizers._classes, Slow.name, Slow)
    opts = Options()
    opts.summarize.backend = "slow"
    start = threading.Barrier(2)
    texts: list[str] = []

    def call() -> None:
        start.wait(10)
        texts.append(api.summarize(ARTICLE, opts).text)

    threads = [threading.Thread(target=call) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert len(texts) == 2 and texts[0] == texts[1] and texts[0]
    assert len(built) == 1


@pytest.mark.timeout(60)
def test_no_deadline_timer_outlives_its_call(monkeypatch):
    """Each call's deadline timer (run_deadline = 3600 s) is cancelled when the call ends: a process making
    many calls does not keep one sleeping thread per call."""
    started: list[threading.Timer] = []

    class Recorded(threading.Timer):
        def start(self) -> None:
            started.append(self)
            super().start()

    monkeypatch.setattr(threading, "Timer", Recorded)
    with Scripted(table={SOURCE: ENGLISH}) as server:
        opts = served("translate", server, run_deadline=3600.0)
        english = [api.translate(SOURCE, opts).text for _ in range(3)]
    for timer in started:
        timer.join(2.0)  # a cancelled timer's thread ends at once; an uncancelled one sleeps for the hour
    assert english == [ENGLISH] * 3
    assert len(started) == 3 and not any(t.is_alive() for t in started)


@pytest.mark.timeout(60)
def test_calls_in_turn_share_one_client_and_one_kept_alive_connection(monkeypatch):
    """n = 5 library calls in turn to a server that keeps connections alive: one HTTP client is built and
    one connection made, for the model's check and all 5 chats (each call built a client, ~30 ms, and
    connected anew)."""
    import httpx

    from briefing import endpoint

    built: list[httpx.Client] = []

    class Counted(httpx.Client):
        def __init__(self, *args, **kwargs) -> None:
            built.append(self)
            super().__init__(*args, **kwargs)

    monkeypatch.setattr(endpoint, "_CLIENTS", {}, raising=False)  # none built by an earlier test
    monkeypatch.setattr(httpx, "Client", Counted)
    with Scripted(table={SOURCE: ENGLISH}, keep_alive=True) as server:
        opts = served("translate", server)
        english = [api.translate(SOURCE, opts).text for _ in range(5)]
        connected, asked = server.connections, len(server.chats)
    assert english == [ENGLISH] * 5 and asked == 5
    assert (len(built), connected) == (1, 1)


@pytest.mark.timeout(60)
def test_a_calls_deadline_cuts_off_its_own_request_not_another_calls_on_the_shared_pool():
    """Two calls at once on two threads, through the process's one HTTP client: the one with run_deadline =
    1 s is cut off there; the other, whose server answers after 2 s, gets its answer (a deadline that shut
    the pool's connections would have cut it off too)."""
    with (
        Scripted(table={SOURCE: ENGLISH}, keep_alive=True) as slow,
        Scripted(table={SOURCE: ENGLISH}, keep_alive=True) as other,
    ):
        slow.delay, other.delay = 4.0, 2.0
        short = served("translate", slow, run_deadline=1.0, timeout=20, retries=0)
        patient = served("translate", other, timeout=20, retries=0)
        start = threading.Barrier(2)
        got: dict[str, Translation] = {}

        def call(name: str, opts: Options) -> None:
            start.wait(10)
            got[name] = api.translate(SOURCE, opts)

        threads = [threading.Thread(target=call, args=item) for item in (("short", short), ("patient", patient))]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(30)
    cut, answered = got["short"], got["patient"]
    assert cut.text is None and any("openai.run_deadline = 1 s" in f for f in cut.failures), cut
    assert (answered.text, answered.failures) == (ENGLISH, [])
