"""Ending network work on time: a signal, or a run's deadline, stops every wait within a second.

A signal (SIGTERM, Ctrl-C) reaches the main thread only, while requests run on
worker threads blocked in a socket read for as long as a server keeps them
(a slow answer, a trickle), and a thread pool waits for its workers before
the signal's exception can leave it. So every HTTP connection the package
opens is known here while it is open (:class:`Connections`, made by
:class:`TrackingBackend`); :func:`stop`, called by the signal handlers, marks
the process as stopping and shuts every open connection down: each blocked
read returns at once, retry waits (:func:`pause`) end, and no request starts
after it.

A run-wide :class:`Deadline` bounds all the requests of one client in a run
(its retries, ``Retry-After`` waits and trickling servers included): when it
passes, that client's open connections are shut down and every later request
or wait raises :class:`Expired` instead of starting. Clients that share a
:class:`RunClock` (the summarizer's and the translator's servers) share one
budget, counted from the first request of any of them.
"""

from __future__ import annotations

import contextlib
import socket
import threading
import time
import weakref
from collections.abc import Callable

STEP = 0.2  # seconds between two looks at the deadline and the signal while a thread waits for a request
_stopping = threading.Event()
_all: weakref.WeakSet[Connections] = weakref.WeakSet()


class Expired(Exception):
    """No more network work: the run's deadline has passed, or a signal stops the run. The message says
    which (the caller names the request)."""


def stop() -> None:
    """Stop all network work of the process (called from a signal handler, on the main thread: the only
    locks it takes are re-entrant or held for a few instructions)."""
    _stopping.set()
    for connections in list(_all):
        connections.shut_all()


def stopping() -> bool:
    return _stopping.is_set()


def clear() -> None:
    """A new run starts (in the same process, as tests and the library do)."""
    _stopping.clear()


def pause(seconds: float) -> None:
    """``time.sleep``, ended early by :func:`stop`."""
    _stopping.wait(max(0.0, seconds))


def shut(sock: socket.socket | None) -> None:
    """Shut a connection down under the thread reading it: its blocked read returns at once.

    The plain socket's shutdown, also for a TLS socket (whose own would drop its TLS state under the
    reading thread)."""
    if isinstance(sock, socket.socket):
        with contextlib.suppress(OSError):
            socket.socket.shutdown(sock, socket.SHUT_RDWR)


class Connections:
    """The open connections of one HTTP client, so a signal or its deadline can shut them down."""

    def __init__(self) -> None:
        self._live: set[socket.socket] = set()
        self._lock = threading.RLock()  # re-entrant: a signal handler may run while this thread holds it
        self.closed = False  # set once shut_all ran: a connection opened later is shut at once
        _all.add(self)

    def add(self, sock: socket.socket | None) -> None:
        if not isinstance(sock, socket.socket):
            return
        with self._lock:
            self._live.add(sock)
            late = self.closed or _stopping.is_set()
        if late:
            shut(sock)

    def discard(self, sock: socket.socket) -> None:
        with self._lock:
            self._live.discard(sock)

    def shut_all(self, for_good: bool = False) -> None:
        """Shut every open connection down (``for_good``: and every one opened later, as at a deadline)."""
        with self._lock:
            live = list(self._live)
            if for_good:
                self.closed = True
        for sock in live:
            shut(sock)


class RunClock:
    """When a run's shared budget started: the first :meth:`Deadline.start` of any deadline given this clock."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.started: float | None = None

    def begin(self) -> float:
        """The budget's start (now, for the first caller)."""
        with self._lock:
            if self.started is None:
                self.started = time.monotonic()
            return self.started


class Deadline:
    """A time budget for all the requests of one client in a run, counted from :meth:`start`, or from the
    first start of any deadline sharing its ``clock`` (one budget for several clients).

    ``seconds`` 0: no budget (a signal still stops the requests). ``what`` names the setting in messages.
    """

    def __init__(
        self, seconds: float, what: str, connections: Connections | None = None, clock: RunClock | None = None
    ) -> None:
        self.seconds = seconds
        self.what = what
        self.connections = connections
        self.clock = clock
        self.until: float | None = None
        self._timer: threading.Timer | None = None
        self._lock = threading.Lock()

    def start(self) -> None:
        """Start the clock (later calls do nothing)."""
        if not self.seconds:
            return
        with self._lock:
            if self.until is not None:
                return
            now = time.monotonic()
            self.until = (self.clock.begin() if self.clock is not None else now) + self.seconds
            if self.connections is not None:
                self._timer = threading.Timer(
                    max(0.0, self.until - now), self.connections.shut_all, kwargs={"for_good": True}
                )
                self._timer.daemon = True
                self._timer.start()

    def left(self) -> float | None:
        """Seconds left (None: no budget)."""
        return None if self.until is None else self.until - time.monotonic()

    def why(self) -> str | None:
        """Why no more requests may start: a signal, or the deadline passed; None while they may."""
        if _stopping.is_set():
            return "stopped by a signal"
        left = self.left()
        if left is not None and left <= 0:
            return f"the run deadline ({self.what} = {self.seconds:g} s) has passed"
        return None

    def check(self) -> None:
        """Raise Expired if no request may start now."""
        why = self.why()
        if why:
            raise Expired(why)

    def sleep(self, seconds: float, sleep: Callable[[float], None] = pause) -> None:
        """Wait (before a retry, between two requests to a host), or raise Expired at once if the wait would
        end past the deadline (waiting to give up helps no one)."""
        left = self.left()
        if left is not None and seconds >= left:
            raise Expired(f"the run deadline ({self.what} = {self.seconds:g} s) leaves no time to wait {seconds:g} s")
        sleep(seconds)
        self.check()

    def wait(self, event: threading.Event, seconds: float) -> bool:
        """Wait up to ``seconds`` for ``event``: True once it is set, False at the timeout or as soon as the
        deadline passes or a signal stops the run (looked at every STEP seconds)."""
        end = time.monotonic() + seconds
        while True:
            rest = end - time.monotonic()
            if event.wait(min(STEP, max(0.0, rest))):
                return True
            if rest <= 0 or self.why():
                return False

    def close(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
