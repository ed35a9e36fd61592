"""A polite, bounded HTTP fetcher.

Polite: a User-Agent naming the tool and a contact, robots.txt obeyed (read
once per host per run by protego, RFC 9309: the longest matching rule wins,
``Allow`` over ``Disallow`` on a tie, ``*`` and ``$`` patterns, a decimal
``Crawl-delay``; a missing file allows all, a failing one allows nothing),
one request per host at a time with a delay between two (the longer of
``delay`` and the host's Crawl-delay), and conditional requests (ETag /
Last-Modified kept in SQLite in the state folder) so an unchanged page costs
a 304 and nothing more.

Bounded: connect and read timeouts plus a deadline for the whole response (a
server trickling one byte a second ends there: the connection being read is
shut down, and the host's slot is only given to the next request once the
reading thread has stopped), at most ``max_redirects`` redirects, every hop
checked against the source's address policy, a size cap read as a stream, a
content-type check before the body is read, and retries with backoff on
429/5xx that honour ``Retry-After``.
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
import sqlite3
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin, urlsplit

import httpcore
import httpx

from briefing import __version__
from briefing.config import FetchOptions
from briefing.errors import InputError
from briefing.httpbody import TooLarge, Undecodable, accept_encoding, read_body
from briefing.retry import RETRY_STATUS, Again, GaveUp, RetryPolicy
from briefing.state import home
from briefing.statedb import StateDB, close_quietly, sqlite_connect
from briefing.stopping import Connections, Deadline, Expired, shut
from briefing.tracking import TrackingBackend, track
from briefing.web.urls import AddressPolicy, host_key

if TYPE_CHECKING:
    from protego import Protego

log = logging.getLogger("briefing")

ROBOTS_TOKEN = "briefing"
REDIRECTS = {301, 302, 303, 307, 308}
KEPT_HEADERS = ("content-type", "content-length", "etag", "last-modified", "date", "content-language", "retry-after")
ROBOTS_MAX_BYTES = 512 * 1024
MAX_CRAWL_DELAY = 30.0
MAX_VALIDATOR = 1024  # characters of an ETag or Last-Modified worth keeping (real ones are under 100)
STOP_GRACE = 2.0  # seconds a reading thread has to stop once its connection is shut down at the deadline


_local = threading.local()  # the address policy of the request running on this thread, and its box


def _shut_down(stream: httpcore.NetworkStream | None) -> None:
    """Shut a connection down under the thread reading it (its blocked read returns at once)."""
    shut(stream.get_extra_info("socket") if stream is not None else None)


class _Refused(InputError):
    """A connection the address policy refused (the host resolved to a forbidden address)."""


class PinnedBackend(TrackingBackend):
    """Connect only to addresses the running request's policy allows, resolved once, here.

    The connection goes to the very addresses that were checked, so a DNS
    answer that changes between the check and the connection (rebinding)
    cannot lead the fetcher to a private address. Every connection is known
    to the fetcher's :class:`~briefing.stopping.Connections` while it is open,
    so a signal or the run deadline can shut it down.
    """

    def using(self, stream: httpcore.NetworkStream) -> None:
        """The request running on this thread reads ``stream``: at its deadline it shuts that one down."""
        box: dict[str, Any] | None = getattr(_local, "box", None)
        if box is not None:
            box["stream"] = stream

    def connect_tcp(self, host, port, timeout=None, local_address=None, socket_options=None):  # type: ignore[no-untyped-def]
        policy: AddressPolicy | None = getattr(_local, "policy", None)
        if policy is None:
            return super().connect_tcp(host, port, timeout, local_address, socket_options)
        try:
            addresses = policy.addresses(host)
        except InputError as exc:
            raise _Refused(exc.message) from exc
        error: Exception | None = None
        for address in addresses:
            try:
                return super().connect_tcp(address, port, timeout, local_address, socket_options)
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as exc:
                error = exc
        raise error or httpcore.ConnectError(f"{host} has no address")


class FetchError(InputError):
    """One URL could not be fetched; the message names it and says why."""


class Unfinished(FetchError):
    """The URL was not fetched, or was cut off, because the run's deadline passed or a signal stops the run
    (the run says so once per source, not once per URL)."""


class Disallowed(FetchError):
    """robots.txt asks not to fetch the URL: it is left alone, as the site wishes (a note, not a failure)."""


@dataclass
class Fetched:
    """One response as it came: status, the headers that matter, the body bytes (empty on a 304)."""

    url: str
    final_url: str
    status: int
    headers: dict[str, str]
    body: bytes
    fetched_at: str

    @property
    def not_modified(self) -> bool:
        return self.status == 304

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "").split(";")[0].strip().lower()


def user_agent(opts: FetchOptions) -> str:
    """The configured User-Agent, or ``briefing/<version> (+<contact>)``."""
    if opts.user_agent:
        return opts.user_agent
    contact = opts.contact or "contact not configured"
    return f"briefing/{__version__} (news briefing; +{contact})"


def _kind_allows(kind: str, content_type: str) -> bool:
    """Text, HTML and XML for every kind; gzip only for sitemaps; nothing binary."""
    if not content_type:
        return True
    if kind == "sitemap" and content_type in {"application/gzip", "application/x-gzip"}:
        return True
    return content_type.startswith("text/") or "xml" in content_type or content_type.endswith("+json")


class ValidatorStore:
    """ETag and Last-Modified per URL, in ``<state>/fetch.sqlite3``.

    Validators only save downloads: a damaged file is set aside and a store
    that cannot be used at all means full downloads, each with one warning
    line (:mod:`briefing.statedb`).
    """

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or home() / "fetch.sqlite3"
        self._lock = threading.Lock()
        connect = functools.partial(sqlite_connect, self.path, _validators_table, threads=True)
        self.db = StateDB(self.path, connect, "validator store", "no conditional requests this run").open()

    def get(self, url: str) -> dict[str, str]:
        if self.db is None:
            return {}
        with self._lock:
            try:
                row = self.db.execute("SELECT etag, last_modified FROM validators WHERE url = ?", (url,)).fetchone()
            except sqlite3.Error as exc:
                log.debug("%s: validators not read (%s)", url, exc)
                row = None
        headers = {}
        if row and sendable(row[0]):  # a damaged or hand-edited row costs a full download, not the run
            headers["If-None-Match"] = row[0]
        if row and sendable(row[1]):
            headers["If-Modified-Since"] = row[1]
        return headers

    def put(self, url: str, etag: str | None, last_modified: str | None) -> None:
        """Keep the validators a response came with; one that could not be sent back in a request header
        (bytes outside printable ASCII, overlong) is dropped, never stored."""
        etag = etag if sendable(etag) else None
        last_modified = last_modified if sendable(last_modified) else None
        if self.db is None or (not etag and not last_modified):
            return
        with self._lock:
            try:
                self.db.execute(
                    "INSERT OR REPLACE INTO validators VALUES (?, ?, ?, ?)",
                    (url, etag, last_modified, dt.datetime.now(dt.UTC).isoformat(timespec="seconds")),
                )
                self.db.commit()
            except sqlite3.Error as exc:  # validators only save downloads: losing one costs a full fetch later
                log.debug("%s: validators not kept (%s)", url, exc)

    def close(self) -> None:
        close_quietly(self.db)


def sendable(value: object) -> bool:
    """A validator that can go back in a request header as it came: printable ASCII of at most
    MAX_VALIDATOR characters (a server's header may be anything: latin-1, UTF-8, control characters)."""
    return isinstance(value, str) and 0 < len(value) <= MAX_VALIDATOR and value.isascii() and value.isprintable()


def _validators_table(db: sqlite3.Connection) -> None:
    db.execute("CREATE TABLE IF NOT EXISTS validators (url TEXT PRIMARY KEY, etag TEXT, last_modified TEXT, seen TEXT)")
    db.execute("SELECT count(*) FROM validators").fetchone()


@dataclass
class _Host:
    """Politeness state of one host: its lock, when its last request ended, its robots rules."""

    lock: threading.Lock = field(default_factory=threading.Lock)
    last: float = float("-inf")
    robots: Protego | None = None
    robots_error: str | None = None
    robots_lock: threading.Lock = field(default_factory=threading.Lock)
    robots_done: bool = False


class Fetcher:
    """Fetch URLs politely for one run; thread-safe (one worker per host is the intended use)."""

    def __init__(self, opts: FetchOptions, store: ValidatorStore | None = None) -> None:
        self.opts = opts
        self.store = store
        if not log.isEnabledFor(logging.DEBUG):  # httpx logs every request at INFO: one line per page is noise
            logging.getLogger("httpx").setLevel(logging.WARNING)
        self.agent = user_agent(opts)
        self.max_bytes = int(opts.max_mb * 1_000_000)
        self.retry = RetryPolicy(opts.retries, opts.backoff, opts.max_retry_after)
        self.client = httpx.Client(
            headers={"User-Agent": self.agent, "Accept-Encoding": accept_encoding()},
            timeout=httpx.Timeout(opts.timeout),
            follow_redirects=False,
            transport=httpx.HTTPTransport(),  # a transport of its own: no proxy from the environment
        )
        connections = Connections()
        track(self.client, PinnedBackend(connections))  # without it, the check before each request still holds
        self.run = Deadline(opts.run_deadline, "fetch.run_deadline", connections)
        self.run.start()  # the run's clock starts with the fetcher
        self._hosts: dict[str, _Host] = {}
        self._hosts_lock = threading.Lock()

    def close(self) -> None:
        self.run.close()
        self.client.close()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _host(self, url: str) -> _Host:
        key = host_key(url)
        with self._hosts_lock:
            return self._hosts.setdefault(key, _Host())

    def _take(self, host: _Host, url: str) -> None:
        """The host's slot: one request at a time, ``delay`` (or the host's longer Crawl-delay) after the last,
        a wait the run deadline leaves time for."""
        host.lock.acquire()
        delay = self.opts.delay
        if host.robots is not None:
            crawl = host.robots.crawl_delay(ROBOTS_TOKEN)
            if crawl:
                delay = max(delay, min(float(crawl), MAX_CRAWL_DELAY))
        wait = host.last + delay - time.monotonic()
        try:
            if wait > 0:
                self._pause(url, wait)
            self._in_time(url)
        except Unfinished:
            host.lock.release()
            raise

    def _in_time(self, url: str) -> None:
        """Unfinished when the run deadline has passed or a signal stops the run: no request starts then."""
        try:
            self.run.check()
        except Expired as exc:
            raise Unfinished(f"{url}: {exc}; not fetched") from None

    def _pause(self, url: str, seconds: float) -> None:
        """A wait (politeness, a retry) that the run deadline leaves time for and a signal ends."""
        try:
            self.run.sleep(seconds)
        except Expired as exc:
            raise Unfinished(f"{url}: {exc}; not fetched") from None

    @staticmethod
    def _give_back(host: _Host) -> None:
        host.last = time.monotonic()
        host.lock.release()

    # -- one request -------------------------------------------------------

    def _request(self, url: str, headers: dict[str, str], kind: str, policy: AddressPolicy) -> Fetched:
        """One GET (no redirect followed) in the host's slot, within the whole-response deadline.

        The response is read on a worker thread. At the deadline the connection it reads is shut down;
        the slot goes to the next request only when the worker has stopped (if it has not within
        ``STOP_GRACE`` seconds, it gives the slot back itself when it ends): no second request to the host
        starts while one is still being read.
        """
        host = self._host(url)
        self._take(host, url)
        box: dict[str, Any] = {}
        done = threading.Event()
        handover = threading.Lock()
        deadline = time.monotonic() + self.opts.deadline

        def run() -> None:
            _local.policy, _local.box = policy, box
            try:
                box["result"] = self._read(url, headers, kind, deadline)
            except BaseException as exc:  # handed to the waiting thread, which re-raises it
                box["error"] = exc
            finally:
                _local.box = None
                with handover:
                    done.set()
                    if box.get("orphaned"):
                        self._give_back(host)

        worker = threading.Thread(target=run, daemon=True, name="briefing-fetch")
        worker.start()
        late = not self.run.wait(done, self.opts.deadline + 1.0)  # also ends at the run deadline, on a signal
        if late:
            _shut_down(box.get("stream"))
            done.wait(STOP_GRACE)
        with handover:
            if not done.is_set():
                box["orphaned"] = True  # the worker gives the slot back when it ends
            else:
                self._give_back(host)
        why = self.run.why()
        if why and (late or "error" in box):  # its connection was shut down at the run deadline or on a signal
            raise Unfinished(f"{url}: {why}; cut off")
        if late:
            raise FetchError(f"{url}: no complete response within {self.opts.deadline:g} s (deadline)")
        if "error" in box:
            raise box["error"]
        result: Fetched = box["result"]
        return result

    def _read(self, url: str, headers: dict[str, str], kind: str, deadline: float) -> Fetched:
        fetched_at = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
        try:
            with self.client.stream("GET", url, headers=headers) as resp:
                kept = {k: resp.headers[k] for k in KEPT_HEADERS if k in resp.headers}
                if "location" in resp.headers and resp.status_code in REDIRECTS:
                    kept["location"] = resp.headers["location"]
                result = Fetched(url, url, resp.status_code, kept, b"", fetched_at)
                if resp.status_code != 200:
                    return result
                if not _kind_allows(kind, result.content_type):
                    raise FetchError(f"{url}: is {result.content_type}, not a web page, feed or sitemap; not read")
                declared = resp.headers.get("content-length", "")
                if declared.isdigit() and int(declared) > self.max_bytes:
                    raise FetchError(f"{url}: {int(declared) / 1e6:.1f} MB is over the {self.opts.max_mb:g} MB limit")
                def in_time() -> None:
                    if time.monotonic() > deadline:
                        raise FetchError(f"{url}: response not complete within {self.opts.deadline:g} s (deadline)")

                try:  # the cap holds while each Content-Encoding layer is unpacked
                    result.body = read_body(resp, self.max_bytes, in_time)
                except TooLarge as exc:
                    limit = f"the {self.opts.max_mb:g} MB limit"
                    raise FetchError(f"{url}: response is over {limit} ({exc}); not read") from exc
                except Undecodable as exc:
                    raise FetchError(f"{url}: response not readable ({exc})") from exc
                return result
        except _Refused as exc:
            raise FetchError(f"{url}: {exc.message}") from exc
        except httpx.TimeoutException as exc:
            raise FetchError(f"{url}: timed out ({type(exc).__name__}, {self.opts.timeout:g} s)") from exc
        except httpx.TransportError as exc:
            raise _Retryable(f"{url}: connection failed ({type(exc).__name__}: {exc})") from exc
        except httpx.HTTPError as exc:  # a broken response (bad encoding, protocol error)
            raise FetchError(f"{url}: bad response ({type(exc).__name__}: {exc})") from exc

    # -- robots.txt --------------------------------------------------------

    def _robots(self, url: str, policy: AddressPolicy) -> _Host:
        host = self._host(url)
        with host.robots_lock:
            if host.robots_done:
                return host
            host.robots_done = True
            parts = urlsplit(url)
            robots_url = f"{parts.scheme}://{parts.netloc}/robots.txt"
            try:
                got = self._follow(robots_url, policy, "robots", {}, robots=False)
            except Unfinished:
                host.robots_done = False  # not read, not failed: the run ends before it
                raise
            except FetchError as exc:
                host.robots_error = f"robots.txt unreachable ({exc}); nothing fetched from this host"
                return host
            if got.status == 200:
                from protego import Protego

                host.robots = Protego.parse(got.body[:ROBOTS_MAX_BYTES].decode("utf-8", "replace"))
            elif got.status >= 500:
                host.robots_error = f"robots.txt answered HTTP {got.status}; nothing fetched from this host"
            # 4xx: no rules, everything allowed (RFC 9309)
        return host

    def allowed(self, url: str, policy: AddressPolicy) -> None:
        """Raise Disallowed if robots.txt forbids ``url`` (FetchError if it could not be read)."""
        host = self._robots(url, policy)
        if host.robots_error:
            raise FetchError(f"{url}: {host.robots_error}")
        if host.robots is not None and not host.robots.can_fetch(url, ROBOTS_TOKEN):
            raise Disallowed(f"{url}: disallowed by robots.txt; not fetched")

    # -- the public entry --------------------------------------------------

    def _follow(self, url: str, policy: AddressPolicy, kind: str, headers: dict[str, str], robots: bool) -> Fetched:
        """GET with redirects followed by hand, each hop checked (address policy, robots.txt)."""
        current = url
        for _ in range(self.opts.max_redirects + 1):  # the request, then at most max_redirects redirects
            self._in_time(current)
            policy.check(current)
            if robots:
                self.allowed(current, policy)
            hop_headers = self.store.get(current) if (self.store and kind != "robots") else {}
            got = self._with_retries(current, {**hop_headers, **headers}, kind, policy)
            if got.status in REDIRECTS and got.headers.get("location"):
                current = urljoin(current, got.headers["location"])
                log.debug("%s -> %s", got.url, current)
                continue
            got.url, got.final_url = url, current
            return got
        raise FetchError(f"{url}: more than {self.opts.max_redirects} redirects (last: {current})")

    def _with_retries(self, url: str, headers: dict[str, str], kind: str, policy: AddressPolicy) -> Fetched:
        """One hop, retried by the fetch retry policy; a status still failing at the end is returned, named by
        the caller."""

        def attempt() -> Fetched | Again:
            try:
                got = self._request(url, headers, kind, policy)
            except _Retryable as exc:
                return Again(str(exc), error=exc)
            if got.status in RETRY_STATUS:
                return Again(f"{url}: HTTP {got.status}", got.headers.get("retry-after"), got)
            return got

        outcome = self.retry.run(attempt, lambda seconds: self._pause(url, seconds))
        if not isinstance(outcome, GaveUp):
            return outcome
        if isinstance(outcome.last.got, Fetched):
            return outcome.last.got  # the caller names the status (and a Retry-After too long to wait for)
        raise FetchError(outcome.last.why) from outcome.last.error

    def fetch(self, url: str, policy: AddressPolicy, kind: str) -> Fetched:
        """Fetch ``url`` for a source: a 200 with its body, or a 304; anything else is a FetchError."""
        got = self._follow(url, policy, kind, {}, robots=True)
        if got.status == 200:
            if self.store is not None:
                self.store.put(got.final_url, got.headers.get("etag"), got.headers.get("last-modified"))
            return got
        if got.status == 304:
            return got
        reason = httpx.codes.get_reason_phrase(got.status) or "error"
        if got.status in RETRY_STATUS and got.headers.get("retry-after"):
            reason += f", Retry-After {got.headers['retry-after']}"
        raise FetchError(f"{url}: HTTP {got.status} ({reason})")


class _Retryable(FetchError):
    """A failure worth another try (the connection failed)."""
