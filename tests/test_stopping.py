"""#17: a run-wide deadline and a signal end network work within seconds, for every HTTP client.

The deadline from both sides (work that fits is all done; work past it is not started, a request in flight
at it is cut off, a retry wait that would end past it is not waited), and a stop (what a signal handler
calls) ending requests in flight on other threads at once.
"""

from __future__ import annotations

import threading
import time

import pytest

from briefing import stopping
from briefing.endpoint import Endpoint, EndpointError, EndpointOptions
from tests.openai_server import Reply, Scripted

MSG = [{"role": "user", "content": "<source>\n你好\n</source>"}]
ANSWER = "An English rendering of the text."


def endpoint(server: Scripted, sleeps: list[float] | None = None, **kw) -> Endpoint:
    opts = EndpointOptions(url=server.url, model="m", **kw)
    return Endpoint(opts, sleep=sleeps.append) if sleeps is not None else Endpoint(opts)


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
        with pytest.raises(EndpointError, match="leaves no time to retry"):
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
