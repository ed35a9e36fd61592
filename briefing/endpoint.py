"""A client for OpenAI-compatible chat servers (Ollama, vLLM, llama.cpp's
server, LM Studio, ``transformers serve``, hosted APIs), on ``httpx``.

What a cron job needs from a remote model: a timeout on every request, a
bounded number of requests in flight, retries with backoff on 429 and 5xx
(honouring ``Retry-After``), a cap on requests per run, a cap on response
size, and one clear reason per failed request -- never a hang or a traceback.
A server that times out or refuses ``down_after`` times in a row is given up
for the rest of the run, said in one line; a 404 from a URL without a path
asks whether ``/v1`` was meant (:func:`root_hint`), and a chat request that
gets one gives the server up the same way.  A batch shows a progress bar on a terminal.
The API key is read from the environment variable the user names
(``api_key_env``) and is never written anywhere: not to the cache key, not to
logs, not to output.
"""

from __future__ import annotations

import atexit
import json
import logging
import os
import sys
import threading
import urllib.request
import weakref
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from briefing.config import OpenAIOptions
from briefing.errors import BackendError, ConfigError
from briefing.httpbody import TooLarge, Undecodable, accept_encoding, read_body
from briefing.retry import RETRY_STATUS, Again, GaveUp, RetryPolicy
from briefing.stopping import Connections, Deadline, Expired, RunClock, pause
from briefing.tracking import SharedTracking, track, used_by
from briefing.urls import url_problem

if TYPE_CHECKING:
    import httpx

log = logging.getLogger("briefing")
MAX_RESPONSE = 4_000_000  # bytes; a chat answer for one headline or summary is a few kB
MAX_WAIT = 60.0  # seconds; a longer Retry-After gives up on that request instead of stalling the run
BACKOFF = 0.5  # seconds before the first retry, doubled for each later one
JITTER = 0.25  # threads that failed together retry at different moments
KEEP_ALIVE = 64  # idle connections the process keeps per pool: the most requests one server has in flight
LOOPBACK = ("127.0.0.1", "localhost", "::1")  # a local server's traffic never goes through a proxy
_CLIENTS: dict[tuple[int, bool], SharedClient] = {}  # (process, trust_env): its current client
_CLIENTS_LOCK = threading.RLock()  # re-entrant: an endpoint collected under it (a gc pass) lets go of its client
_CLOSED_AT_EXIT: set[int] = set()  # the processes whose clients are closed at their exit
CHAT = "/chat/completions"


@dataclass(frozen=True)
class EndpointOptions:
    """Where and how to reach one model on one server (by default, the ``[openai]`` settings' declared ones)."""

    url: str
    model: str
    api_key_env: str = ""
    timeout: float = OpenAIOptions.timeout
    concurrency: int = OpenAIOptions.concurrency
    retries: int = OpenAIOptions.retries
    max_requests: int = OpenAIOptions.max_requests
    run_deadline: float = OpenAIOptions.run_deadline
    down_after: int = OpenAIOptions.down_after


def endpoint_options(url: str, model: str, api_key_env: str = "", server: Any = None) -> EndpointOptions:
    """The options of one endpoint: its URL, model and key variable, plus the shared
    ``[openai]`` settings (timeout, concurrency, retries, request cap, run deadline, down_after) when given."""
    names = ("timeout", "concurrency", "retries", "max_requests", "run_deadline", "down_after")
    shared = {k: getattr(server, k) for k in names} if server else {}
    return EndpointOptions(url=url, model=model, api_key_env=api_key_env, **shared)


@dataclass(eq=False)
class SharedClient:
    """The process's HTTP client for one proxy and certificate environment, and how many endpoints hold it."""

    environment: tuple[Any, ...]
    client: httpx.Client
    users: int = 0
    current: bool = True  # False once the environment changed: closed when its last user lets go


def _environment(trust_env: bool) -> tuple[Any, ...]:
    """What a client built with ``trust_env`` takes from the environment: proxies and certificates."""
    if not trust_env:
        return ()
    proxies = tuple(sorted(urllib.request.getproxies().items()))
    return (proxies, os.environ.get("SSL_CERT_FILE"), os.environ.get("SSL_CERT_DIR"))


def shared_client(trust_env: bool) -> SharedClient:
    """The process's HTTP client for OpenAI-compatible servers, held until :func:`release_client`: every
    endpoint of every run uses its connection pool, so a library call (a run of its own) neither builds a
    client (about 30 ms: the certificates are loaded) nor connects anew to a server that kept the last
    connection alive.

    ``trust_env``: proxies and certificates from the environment (never for a local server).  One current
    client per such choice and process (a forked child makes its own: sockets are not shared across
    processes).  When the environment's proxies or certificates change, a new client is built for them and
    the one it replaces is closed once no endpoint holds it (a request in flight on it is not cut off); the
    current ones are closed at the process's exit.  What is per endpoint or per run -- key, timeout, request
    counts, deadline -- is given with each request or kept by the :class:`Endpoint`.
    """
    import httpx

    environment = _environment(trust_env)
    key = (os.getpid(), trust_env)
    unused: httpx.Client | None = None  # a client the environment replaced and no endpoint holds
    with _CLIENTS_LOCK:
        if os.getpid() not in _CLOSED_AT_EXIT:
            _CLOSED_AT_EXIT.add(os.getpid())
            atexit.register(_close_all, os.getpid())
        held = _CLIENTS.get(key)
        if held is not None and held.environment != environment:
            held.current = False
            unused = None if held.users else held.client
            del _CLIENTS[key]
            held = None
        if held is None:
            try:
                client = httpx.Client(
                    follow_redirects=False,
                    trust_env=trust_env,
                    limits=httpx.Limits(max_connections=None, max_keepalive_connections=KEEP_ALIVE),
                )
            except (ValueError, OSError) as e:  # a proxy URL httpx cannot use, a certificate file that is not there
                raise ConfigError(
                    f"cannot set up HTTP from the environment (proxy variables such as HTTPS_PROXY, SSL_CERT_FILE,"
                    f" SSL_CERT_DIR): {e}"
                ) from e
            finally:
                if unused is not None:
                    unused.close()
            track(client, SharedTracking())  # a signal shuts all its connections; a run's deadline its own
            held = _CLIENTS[key] = SharedClient(environment, client)
        held.users += 1
    return held


def release_client(held: SharedClient) -> None:
    """An endpoint is done with ``held``: a client the environment replaced is closed with its last user."""
    with _CLIENTS_LOCK:
        held.users -= 1
        done = not held.current and not held.users
    if done:
        held.client.close()


def _close_all(pid: int) -> None:
    """At the process's exit: close its current clients (never those a forked child inherited)."""
    if os.getpid() != pid:
        return
    with _CLIENTS_LOCK:
        clients = [held.client for (owner, _), held in _CLIENTS.items() if owner == pid]
        _CLIENTS.clear()
    for client in clients:
        client.close()


class EndpointError(BackendError):
    """One request failed for a reason the user can read (the run goes on)."""


class ServerStatusError(EndpointError):
    """The server answered with an HTTP error status, kept in ``status``."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


def check_url(url: str) -> str:
    """The base URL without a trailing slash, or a ConfigError naming what is wrong."""
    url = url.strip()
    problem = url_problem(url, base=True)
    if problem:
        raise ConfigError(f"endpoint {url!r} is not an http(s) URL (e.g. http://localhost:11434/v1): {problem}")
    return url.rstrip("/")


def display_host(url: str) -> str:
    """host:port/path of an endpoint, without credentials (for the footer, logs and cache keys)."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    if parts.port:
        host += f":{parts.port}"
    return host + parts.path.rstrip("/")


def root_hint(url: str) -> str:
    """The hint "did you mean URL/v1?" for an endpoint given without a path (where a 404 most likely means
    the API's base was left out), else "": the one wording of that hint for every command."""
    return f"did you mean {url.rstrip('/')}/v1?" if not urlsplit(url).path.strip("/") else ""


def _server_message(body: bytes) -> str:
    """The error message a server put in its JSON body, shortened."""
    try:
        data = json.loads(body)
        err = data.get("error", data) if isinstance(data, dict) else data
        msg = err.get("message", "") if isinstance(err, dict) else str(err)
    except (ValueError, AttributeError):
        msg = body[:200].decode("utf-8", "replace")
    return " ".join(str(msg).split())[:200]


class Endpoint:
    """One model on one OpenAI-compatible server; safe to share between threads."""

    def __init__(
        self, opts: EndpointOptions, sleep: Callable[[float], None] = pause, run: RunClock | None = None
    ) -> None:
        """``run``: the clock of the run's ``run_deadline``, shared by every endpoint of the run (its own
        when not given)."""
        import httpx

        self.opts = opts
        self.url = check_url(opts.url)
        self.host = display_host(self.url)
        if not opts.model:
            raise ConfigError(f"the openai backend needs a model id: the name {self.host} serves it under")
        headers = {"Accept": "application/json", "Accept-Encoding": accept_encoding()}
        if opts.api_key_env:
            key = os.environ.get(opts.api_key_env)
            if not key:
                raise ConfigError(f"api_key_env: the environment variable {opts.api_key_env} is not set")
            headers["Authorization"] = f"Bearer {key}"
        self._headers = headers
        self._timeout = httpx.Timeout(opts.timeout, connect=min(opts.timeout, 10.0))
        shared = shared_client(trust_env=urlsplit(self.url).hostname not in LOOPBACK)
        self._client = shared.client
        self._release = weakref.finalize(self, release_client, shared)  # once: at close(), or when collected
        self._connections = Connections()  # this run's: its deadline shuts them under the waiting threads
        self._deadline = Deadline(opts.run_deadline, "openai.run_deadline", self._connections, run)
        self._httpx = httpx
        self._sleep = sleep
        self._retry = RetryPolicy(opts.retries, BACKOFF, MAX_WAIT, JITTER)
        self._lock = threading.Lock()
        self.requests = 0
        self._failures_in_a_row = 0
        self.down: str | None = None  # why the server counts as down for the rest of the run

    @property
    def key(self) -> str:
        """What identifies this model's output in a cache: server and model, no credentials."""
        return f"{self.host}:{self.opts.model}"

    def close(self) -> None:
        """End the run's deadline timer and let go of the process's client (its connections stay in the
        pool for the next run, unless the environment's proxies or certificates have changed since)."""
        self._deadline.close()
        self._release()

    # -- one HTTP exchange ---------------------------------------------------------

    def _count(self) -> None:
        self._in_time("not asked")
        with self._lock:
            if self.down:
                raise EndpointError(self.down)
            if self.requests >= self.opts.max_requests:
                raise EndpointError(f"request cap reached ({self.opts.max_requests} per run; raise max_requests)")
            self.requests += 1

    def _exchange(self, method: str, path: str, payload: dict[str, Any] | None) -> tuple[int, dict[str, str], bytes]:
        """Status, headers and at most MAX_RESPONSE bytes of body."""
        self._count()
        with (
            used_by(self._connections),
            self._client.stream(
                method, self.url + path, json=payload, headers=self._headers, timeout=self._timeouts()
            ) as resp,
        ):
            try:
                body = read_body(resp, MAX_RESPONSE)  # the cap holds while each encoding layer is unpacked
            except TooLarge as exc:
                raise EndpointError(
                    f"{self.host}: answer larger than {MAX_RESPONSE // 1_000_000} MB ({exc}); not read further"
                ) from exc
            except Undecodable as exc:
                raise EndpointError(f"{self.host}: answer not readable ({exc})") from exc
            return resp.status_code, dict(resp.headers), body

    def _timeouts(self) -> httpx.Timeout:
        """This request's timeouts, none past the run deadline: every phase (the connection, a TLS handshake a
        server never answers, each read and write, a wait for the pool) ends by then.  A shut-down connection
        ends a read or write a run has registered (:func:`briefing.tracking.used_by`); a connection being
        made or its handshake is no run's yet, so only its timeout can end it."""
        left, t = self._deadline.left(), self._timeout
        if left is None:  # no run deadline, or its clock not started (the model's check before the first chat)
            return t
        most = max(left, 0.001)  # a timeout of 0 would mean "none" to some layers
        return self._httpx.Timeout(
            connect=_capped(t.connect, most), read=_capped(t.read, most), write=_capped(t.write, most),
            pool=_capped(t.pool, most),
        )  # fmt: skip

    def _attempt(self, method: str, path: str, payload: dict[str, Any] | None) -> Any | Again:
        """One request: the decoded JSON answer, an :class:`Again` worth retrying (429, 5xx, a timeout, a refused
        connection; ``got`` holds the status), or an EndpointError that no retry would mend."""
        httpx = self._httpx
        try:
            status, headers, body = self._exchange(method, path, payload)
        except httpx.TimeoutException as exc:
            self._in_time("the answer was cut off")
            return self._unanswered(f"{self.host}: no answer within {self.opts.timeout:g} s", exc)
        except httpx.TransportError as exc:
            self._in_time("the answer was cut off")  # its connection was shut down at the deadline
            return self._unanswered(f"{self.host}: {self._transport_failure(exc)} ({type(exc).__name__})", exc)
        with self._lock:
            self._failures_in_a_row = 0
        if status == 200:
            return self._decode(headers, body)
        reason = f"{self.host}: HTTP {status}" + (f" ({msg})" if (msg := _server_message(body)) else "")
        if status in RETRY_STATUS:
            return Again(reason, headers.get("retry-after"), status)
        if status in (401, 403):
            reason += (
                f"; check the key in ${self.opts.api_key_env}"
                if self.opts.api_key_env
                else ("; the server wants a key: set api_key_env")
            )
        if status == 404 and (hint := root_hint(self.url)):
            reason += f"; {hint}"
            if path == CHAT:  # no chat route at the server's root: every later request would 404 too
                raise ServerStatusError(status, self._give_up(reason))
        raise ServerStatusError(status, reason)

    def _transport_failure(self, exc: Exception) -> str:
        """What a transport error says happened: no connection, or one the server (or the network) broke
        after accepting it -- a server that accepts and drops is up, not unreachable."""
        httpx = self._httpx
        if isinstance(exc, httpx.ConnectError):
            return "cannot connect"
        if isinstance(exc, httpx.RemoteProtocolError | httpx.ReadError | httpx.WriteError):
            return "connected, then the connection was closed or the answer broke HTTP"
        return "the request could not be sent"

    def _in_time(self, what: str) -> None:
        """An EndpointError saying ``what`` when the run deadline has passed or a signal stops the run."""
        try:
            self._deadline.check()
        except Expired as exc:
            raise EndpointError(f"{self.host}: {exc}; {what}") from None

    def _wait(self, seconds: float) -> None:
        """The wait before a retry, within the run deadline."""
        try:
            self._deadline.sleep(seconds, self._sleep)
        except Expired as exc:
            raise EndpointError(f"{self.host}: {exc}") from None

    def _unanswered(self, why: str, exc: Exception) -> Again:
        """A timeout or a failed connection: worth a retry, until ``down_after`` in a row give the server up
        for the rest of the run (said once, in one line; every later request fails at once with that reason)."""
        with self._lock:
            self._failures_in_a_row += 1
            failures = self._failures_in_a_row
        if failures >= self.opts.down_after:
            why = (
                f"{self.host} is down or unreachable: {failures} timeouts or failed connections "
                f"in a row (the last: {why.split(': ', 1)[-1]})"
            )
            raise EndpointError(self._give_up(why)) from exc
        if self.down:
            raise EndpointError(self.down) from exc
        return Again(why, error=exc)

    def _give_up(self, why: str) -> str:
        """The server given up for the rest of the run because of ``why``: said once, in one line (the
        first reason stays); every later request fails at once with it.  Returns the line."""
        with self._lock:
            newly_down = self.down is None
            if newly_down:
                self.down = f"{why}; not asked again in this run"
            down = self.down or why
        if newly_down:
            log.error("%s", down)
        return down

    def _request(self, method: str, path: str, payload: dict[str, Any] | None = None) -> Any:
        """The decoded JSON answer, retried by the endpoint's retry policy within the run deadline."""
        outcome = self._retry.run(lambda: self._attempt(method, path, payload), self._wait)
        if not isinstance(outcome, GaveUp):
            return outcome
        last = outcome.last
        if outcome.asked is not None:
            why = f"{last.why}; the server asks to wait {outcome.asked:.0f} s, more than {MAX_WAIT:.0f} s"
        else:
            why = f"{last.why} (after {outcome.attempts} attempts)"
        if isinstance(last.got, int):
            raise ServerStatusError(last.got, why) from last.error
        raise EndpointError(why) from last.error

    def _decode(self, headers: dict[str, str], body: bytes) -> Any:
        kind = headers.get("content-type", "")
        if "html" in kind or body.lstrip()[:1] == b"<":
            raise EndpointError(
                f"{self.host} answered with an HTML page, not JSON: is the URL the API's base (it usually ends in /v1)?"
            )
        try:
            return json.loads(body)
        except ValueError as exc:  # a JSONDecodeError, or a UnicodeDecodeError (which has no .msg)
            detail = exc.msg if isinstance(exc, json.JSONDecodeError) else "not UTF-8"
            raise EndpointError(f"{self.host}: malformed JSON in the answer ({detail})") from exc

    # -- the API -----------------------------------------------------------------------

    def models(self) -> list[str] | None:
        """The model ids the server lists, or None when it has no /models route."""
        try:
            data = self._request("GET", "/models")
        except ServerStatusError as exc:
            if exc.status in (404, 405):  # no such route on this server: not a failure
                return None
            raise
        items = data.get("data") if isinstance(data, dict) else None
        if not isinstance(items, list):
            return None
        return [str(m.get("id")) for m in items if isinstance(m, dict) and m.get("id")]

    def check_model(self) -> None:
        """A ConfigError naming the served models if ours is not among them.

        A server that cannot be reached is not an error here: its requests
        fail and fall back, and the run goes on (a server given up for the
        run was said so in its one line, and is not said again here).
        """
        try:
            served = self.models()
        except EndpointError as exc:
            if not self.down:  # a server given up is said once already: no request follows
                log.warning("%s (each request will be tried and fall back)", exc.message)
            return
        if served is not None and served and self.opts.model not in served:
            shown = ", ".join(served[:20]) + (f" and {len(served) - 20} more" if len(served) > 20 else "")
            raise ConfigError(f"{self.host} does not serve model {self.opts.model!r} (it serves: {shown})")

    def chat(self, messages: list[dict[str, str]], **params: Any) -> str:
        """The assistant's answer to ``messages``; EndpointError with a reason otherwise."""
        payload = {"model": self.opts.model, "messages": messages, "stream": False, **params}
        self._deadline.start()  # the run's first chat starts the clock (not the setup's check of the model)
        data = self._request("POST", CHAT, payload)
        choices = data.get("choices") if isinstance(data, dict) else None
        if not isinstance(choices, list) or not choices:
            raise EndpointError(f"{self.host}: the answer has no choices")
        first = choices[0] if isinstance(choices[0], dict) else {}
        content = (first.get("message") or {}).get("content") if isinstance(first.get("message"), dict) else None
        if not isinstance(content, str):
            raise EndpointError(f"{self.host}: the answer has no message content")
        return content

    def chat_many(self, requests: Sequence[tuple[list[dict[str, str]], dict[str, Any]]]) -> list[str | EndpointError]:
        """Answers in order, at most ``concurrency`` requests in flight; a failure is returned, not raised."""

        def one(req: tuple[list[dict[str, str]], dict[str, Any]]) -> str | EndpointError:
            try:
                return self.chat(req[0], **req[1])
            except EndpointError as exc:
                return exc

        if len(requests) <= 1:
            return [one(r) for r in requests]
        bar = Progress(len(requests), f"asking {self.host}")
        try:
            with ThreadPoolExecutor(max_workers=max(1, self.opts.concurrency)) as pool:
                return list(bar.each(pool.map(one, requests)))
        finally:
            bar.close()


def _capped(timeout: float | None, most: float) -> float:
    """``timeout`` (None: none) but at most ``most`` seconds."""
    return most if timeout is None else min(timeout, most)


class Progress:
    """A one-line progress bar on stderr, drawn only when stderr is a terminal and info lines are shown
    (never in cron's mail, a pipe, a log file, or with ``-q``)."""

    WIDTH = 24

    def __init__(self, total: int, label: str) -> None:
        self.total, self.label, self.done = total, label, 0
        isatty = getattr(sys.stderr, "isatty", None)
        self.shown = bool(isatty and isatty()) and log.isEnabledFor(logging.INFO)

    def each(self, items: Any) -> Any:
        """Yield ``items``, redrawing the bar after each."""
        self._draw()
        for item in items:
            yield item
            self.done += 1
            self._draw()

    def _draw(self) -> None:
        if self.shown:
            full = self.WIDTH * self.done // max(self.total, 1)
            bar = "#" * full + "." * (self.WIDTH - full)
            sys.stderr.write(f"\rbriefing: {self.label} [{bar}] {self.done}/{self.total}")
            sys.stderr.flush()

    def close(self) -> None:
        """End the bar's line, so the next line starts clean."""
        if self.shown:
            sys.stderr.write("\n")
            sys.stderr.flush()
