"""The one retry policy (briefing/retry.py): how often, how long, when it gives up, and the line it logs."""

from __future__ import annotations

import logging

from briefing.retry import Again, GaveUp, RetryPolicy


def _failing(times: int, retry_after: str | None = None):
    calls: list[int] = []

    def attempt():
        calls.append(1)
        if len(calls) <= times:
            return Again(f"GET /x: HTTP 503 (try {len(calls)})", retry_after, got=503)
        return "ok"

    return attempt, calls


def test_retries_then_gives_up_naming_the_last_failure_and_the_attempts():
    slept: list[float] = []
    attempt, calls = _failing(10)
    out = RetryPolicy(retries=2, backoff=0.5, max_wait=60).run(attempt, slept.append)
    assert isinstance(out, GaveUp)
    assert (out.attempts, out.asked, len(calls)) == (3, None, 3)
    assert out.last.why == "GET /x: HTTP 503 (try 3)" and out.last.got == 503
    assert slept == [0.5, 1.0]  # backoff, doubled
    # the other side: one failure fewer than the retries allow is an answer
    attempt, calls = _failing(2)
    assert RetryPolicy(retries=2, backoff=0.5, max_wait=60).run(attempt, slept.append) == "ok"


def test_a_retry_after_longer_than_the_backoff_is_waited_one_beyond_max_wait_gives_up_at_once():
    slept: list[float] = []
    attempt, calls = _failing(1, retry_after="7")
    assert RetryPolicy(retries=2, backoff=0.5, max_wait=10).run(attempt, slept.append) == "ok"
    assert slept == [7.0]
    attempt, calls = _failing(5, retry_after="11")
    out = RetryPolicy(retries=2, backoff=0.5, max_wait=10).run(attempt, slept.append)
    assert isinstance(out, GaveUp) and (out.attempts, out.asked, len(calls)) == (1, 11.0, 1)
    assert slept == [7.0]  # no wait at all for a server asking too much


def test_each_retry_is_one_debug_line_with_its_number_and_wait(caplog):
    caplog.set_level(logging.DEBUG, logger="briefing")
    attempt, _ = _failing(2)
    RetryPolicy(retries=3, backoff=1.5, max_wait=60).run(attempt, lambda s: None)
    lines = [r.getMessage() for r in caplog.records if r.name == "briefing"]
    assert lines == [
        "GET /x: HTTP 503 (try 1); retry 1 of 3 in 1.5 s",
        "GET /x: HTTP 503 (try 2); retry 2 of 3 in 3.0 s",
    ]
