"""A server that takes the connection and never answers the TLS handshake costs the request its timeout,
not the run: the handshake is bounded like every other read."""

from __future__ import annotations

import socket
import threading
import time

import pytest

from briefing.endpoint import Endpoint, EndpointError, EndpointOptions
from tests.openai_server import MSG


@pytest.fixture
def silent_tls():
    """Accepts connections on 127.0.0.1 and reads nothing back: a TLS ClientHello is never answered."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(8)
    held: list[socket.socket] = []

    def serve() -> None:
        while True:
            try:
                conn, _ = sock.accept()
            except OSError:
                return
            held.append(conn)

    threading.Thread(target=serve, daemon=True).start()
    yield f"https://127.0.0.1:{sock.getsockname()[1]}/v1"
    sock.close()
    for conn in held:
        conn.close()


@pytest.mark.timeout(20)
def test_a_tls_handshake_never_answered_ends_at_the_timeout(silent_tls):
    ep = Endpoint(EndpointOptions(url=silent_tls, model="m", timeout=1, retries=0), sleep=lambda s: None)
    started = time.monotonic()
    with pytest.raises(EndpointError, match=r"no answer within 1 s"):
        ep.chat(MSG)
    assert time.monotonic() - started < 10


@pytest.mark.timeout(30)
@pytest.mark.parametrize("scheme", ["https", "http"])
def test_the_run_deadline_ends_a_handshake_or_an_answer_that_never_comes(silent_tls, scheme):
    """run_deadline = 1 s, timeout = 30 s (its connect part 10 s): a server that takes the connection and
    never answers the TLS handshake (https), or the request (http), ends the run at its deadline.  The
    handshake belongs to no run's connections yet, so only the request's own timeout, capped by the time the
    deadline leaves, ends it (it took the connect timeout, 10 s, before)."""
    url = silent_tls.replace("https://", f"{scheme}://")
    ep = Endpoint(EndpointOptions(url=url, model="m", timeout=30, retries=2, run_deadline=1), sleep=lambda s: None)
    started = time.monotonic()
    try:
        with pytest.raises(EndpointError, match=r"the run deadline \(openai.run_deadline = 1 s\) has passed"):
            ep.chat(MSG)
    finally:
        ep.close()
    assert 0.9 < time.monotonic() - started < 3
