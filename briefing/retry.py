"""One retry policy for HTTP requests: the web fetcher's and the OpenAI-compatible client's.

A request that failed in a way worth another try (a 429 or a 5xx that may
pass, a connection that failed) is tried again up to ``retries`` times: after
``backoff`` seconds, doubled each time, or after as long as the server's
``Retry-After`` asks when that is longer.  No wait of our own exceeds
``max_wait``, and a server that asks for more than ``max_wait`` is not waited
for at all: the request gives up at once (a cron run stalled for an hour helps
no one).  Each caller keeps its own settings; this module holds the rule.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import logging
import random
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

log = logging.getLogger("briefing")

# Statuses that may pass on their own: too many requests, server errors, a gateway or a server overloaded.
# 501 Not Implemented and 505 will answer the same however often they are asked.
RETRY_STATUS = frozenset({429, 500, 502, 503, 504})

T = TypeVar("T")


def retry_after(value: str | None, now: float | None = None) -> float | None:
    """Seconds to wait from a ``Retry-After`` header (delta-seconds or an HTTP date); None when absent or unreadable."""
    if not value:
        return None
    value = value.strip()
    if value.isascii() and value.isdigit():  # "²" and "٣" are digits to str.isdigit, not to RFC 9110
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    return max(0.0, when.timestamp() - (time.time() if now is None else now))


@dataclass(frozen=True)
class Again:
    """One attempt that failed in a way worth another try."""

    why: str  # one line naming the request and the failure
    retry_after: str | None = None  # the server's Retry-After header, when it sent one
    got: object = None  # what the attempt received (a response, a status), for the caller when no retry is left
    error: BaseException | None = None  # the exception behind it, kept as the cause of the caller's error


@dataclass(frozen=True)
class GaveUp:
    """The request gave up: its last failure, after how many attempts, and the wait a server asked for when
    that was more than the policy's cap (None when the retries ran out)."""

    last: Again
    attempts: int
    asked: float | None = None


@dataclass(frozen=True)
class RetryPolicy:
    """How often and how long to retry; the caller decides what counts as worth another try."""

    retries: int  # tries after the first
    backoff: float  # seconds before the first retry, doubled for each later one
    max_wait: float  # no own wait is longer; a longer Retry-After gives up instead of waiting
    jitter: float = 0.0  # own waits vary by this share either way, so clients that failed together spread out

    def wait(self, attempt: int, asked: float | None) -> float:
        """Seconds before retry ``attempt + 1``: our backoff, or the server's ``asked`` wait when longer."""
        own = self.backoff * 2.0**attempt
        if self.jitter:
            own *= 1 + self.jitter * (2 * random.random() - 1)
        return max(min(own, self.max_wait), asked or 0.0)

    def run(self, attempt: Callable[[], T | Again], sleep: Callable[[float], None] = time.sleep) -> T | GaveUp:
        """Call ``attempt`` until it returns something other than :class:`Again`, or give up.

        Exceptions ``attempt`` raises are not retried: they go to the caller.
        """
        done = 0
        while True:
            result = attempt()
            if not isinstance(result, Again):
                return result
            done += 1
            asked = retry_after(result.retry_after)
            if asked is not None and asked > self.max_wait:
                return GaveUp(result, done, asked)
            if done > self.retries:
                return GaveUp(result, done)
            delay = self.wait(done - 1, asked)
            log.debug("%s; retry %d of %d in %.1f s", result.why, done, self.retries, delay)
            sleep(delay)
