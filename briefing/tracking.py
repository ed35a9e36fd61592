"""HTTP connections registered with :class:`briefing.stopping.Connections` while they are open, so a
signal or a run's deadline can shut them down (see :mod:`briefing.stopping`).

Apart from :mod:`briefing.stopping` because it needs httpcore and httpx: every command sets up the
signal handling, and only those that make requests import these (0.1 s and 13 MB of start-up).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any

import httpcore
import httpx

from briefing.stopping import Connections

log = logging.getLogger("briefing")
_local = threading.local()  # the run whose request runs on this thread (:func:`used_by`), and the sockets it used


class _Tracked(httpcore.NetworkStream):
    """A connection registered with its backend's :class:`Connections` while it is open; each read and
    write first tells the backend (:meth:`TrackingBackend.using`), so a request can know which connection
    it reads (a pooled one is read by many in turn)."""

    def __init__(self, stream: httpcore.NetworkStream, backend: TrackingBackend) -> None:
        self._stream = stream
        self._backend = backend
        self._sock = stream.get_extra_info("socket")
        backend.connections.add(self._sock)

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        self._backend.using(self)
        return self._stream.read(max_bytes, timeout)

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._backend.using(self)
        self._stream.write(buffer, timeout)

    def close(self) -> None:
        self._backend.connections.discard(self._sock)
        self._stream.close()

    def start_tls(self, ssl_context: Any, server_hostname: str | None = None, timeout: float | None = None) -> Any:
        self._backend.connections.discard(self._sock)  # the TLS stream wraps it: that one is registered instead
        return _Tracked(self._stream.start_tls(ssl_context, server_hostname, timeout), self._backend)

    def get_extra_info(self, info: str) -> Any:
        return self._stream.get_extra_info(info)


class TrackingBackend(httpcore.SyncBackend):
    """httpcore's connections, each registered with ``connections`` (by default its own) while it is open."""

    def __init__(self, connections: Connections | None = None) -> None:
        self.connections = connections if connections is not None else Connections()

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.NetworkStream:
        stream = super().connect_tcp(host, port, timeout, local_address, socket_options)
        return _Tracked(stream, self)

    def using(self, stream: httpcore.NetworkStream) -> None:
        """Called on the thread about to read or write ``stream``, one of this backend's connections
        (nothing here; the web fetcher notes it so a request can shut its own connection at its deadline)."""


class SharedTracking(TrackingBackend):
    """The connections of a client that many runs share (a process's pool): each is known to the client's
    own :class:`Connections` while it is open (a signal shuts them all), and to the Connections of the run
    whose request writes or reads it (:func:`used_by`) until that request ends, so a run's deadline shuts
    the connections its own requests hold and never one another run is using or will reuse."""

    def using(self, stream: httpcore.NetworkStream) -> None:
        held: tuple[Connections, set[Any]] | None = getattr(_local, "run", None)
        if held is None:
            return
        connections, used = held
        sock = stream.get_extra_info("socket")
        if sock is not None and sock not in used:
            used.add(sock)
            connections.add(sock)  # shut at once if the run's deadline has passed


@contextmanager
def used_by(connections: Connections) -> Iterator[None]:
    """Within the block, the requests on this thread are one run's: each connection of a
    :class:`SharedTracking` client they use is in ``connections`` until the block ends (then it goes
    back to the pool, no longer the run's)."""
    previous = getattr(_local, "run", None)
    used: set[Any] = set()
    _local.run = (connections, used)
    try:
        yield
    finally:
        _local.run = previous
        for sock in used:
            connections.discard(sock)


def track(client: httpx.Client, backend: httpcore.SyncBackend) -> None:
    """Make every connection of ``client`` (its own transport and any proxy's) with ``backend``."""
    transports = [client._transport, *[t for t in client._mounts.values() if t is not None]]
    for transport in transports:
        pool = getattr(transport, "_pool", None)
        if isinstance(pool, httpcore.ConnectionPool) and hasattr(pool, "_network_backend"):
            pool._network_backend = backend
        else:  # a future httpx without the attribute: requests still end, at their own timeouts
            log.debug("httpx transport without a network backend to replace; connections are not tracked")
