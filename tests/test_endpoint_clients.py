"""The process's HTTP clients for OpenAI-compatible servers (one per proxy and certificate environment) are
closed: one the environment replaced once no endpoint holds it (never under a request in flight), the current
ones at the process's exit."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time

import pytest

from briefing import endpoint
from briefing.endpoint import Endpoint, EndpointOptions
from tests.openai_server import MSG, Scripted

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
URL = "http://briefing.invalid/v1"  # no loopback address: reached through the environment's proxy
ANSWER = "An English rendering of the text."


@pytest.mark.timeout(60)
def test_a_client_the_environment_replaced_is_closed_with_its_last_user_not_under_its_request(monkeypatch):
    """Two HTTP proxies (scripted servers answer the absolute-form request themselves). A request goes out
    through the first and takes 1 s; meanwhile http_proxy names the second, and a new endpoint gets a new
    client that asks through it. The first request still gets its answer (its client is not closed under
    it); the replaced client is closed when its endpoint is done, the current one stays for the next run."""
    monkeypatch.setattr(endpoint, "_CLIENTS", {})  # none of an earlier test's
    for var in [v for v in os.environ if v.lower().endswith("_proxy")]:
        monkeypatch.delenv(var)
    with Scripted() as first, Scripted() as second:
        first.delay = 1.0
        monkeypatch.setenv("http_proxy", first.url.removesuffix("/v1"))
        old = Endpoint(EndpointOptions(url=URL, model="m", retries=0))
        answers: dict[str, object] = {}
        asking = threading.Thread(target=lambda: answers.update(old=old.chat(MSG)))
        asking.start()
        deadline = time.monotonic() + 10
        while not first.chats and time.monotonic() < deadline:
            time.sleep(0.01)
        monkeypatch.setenv("http_proxy", second.url.removesuffix("/v1"))
        new = Endpoint(EndpointOptions(url=URL, model="m", retries=0))
        assert new._client is not old._client
        assert new.chat(MSG) == ANSWER
        asking.join(20)
        assert answers == {"old": ANSWER}  # the request in flight on the replaced client was answered
        assert not old._client.is_closed  # held by its endpoint until that is done
        old.close()
        new.close()
        assert old._client.is_closed and not new._client.is_closed
        asked = (len(first.chats), len(second.chats))
    assert asked == (1, 1)
    endpoint._close_all(os.getpid())
    assert new._client.is_closed


@pytest.mark.timeout(60)
def test_the_current_client_is_closed_at_the_processs_exit():
    """A process that made an endpoint and never closed it closes its client when it exits."""
    code = (
        "import httpx\n"
        "from briefing.endpoint import Endpoint, EndpointOptions\n"
        "real = httpx.Client.close\n"
        "def close(self):\n"
        "    print('closed', flush=True)\n"
        "    real(self)\n"
        "httpx.Client.close = close\n"
        "Endpoint(EndpointOptions(url='http://127.0.0.1:9/v1', model='m'))\n"
        "print('built', flush=True)\n"
    )
    env = {**os.environ, "PYTHONPATH": ROOT}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=50, env=env)
    assert (done.returncode, done.stdout.split()) == (0, ["built", "closed"]), done.stderr


@pytest.mark.timeout(60)
def test_an_endpoint_collected_while_a_client_is_built_lets_go_of_its_own(monkeypatch):
    """An endpoint no one closed lets go of its client when it is collected; a gc pass may collect it on the
    very thread that builds another client under the clients' lock (here: the new client's construction
    runs one), which must not wait for itself."""
    import gc

    import httpx

    monkeypatch.setattr(endpoint, "_CLIENTS", {})
    lost = Endpoint(EndpointOptions(url="http://127.0.0.1:9/v1", model="m"))
    held = endpoint._CLIENTS[(os.getpid(), False)]
    assert held.users == 1
    lost.cycle = lost  # type: ignore[attr-defined]  # garbage only a gc pass finds
    del lost

    class Collecting(httpx.Client):
        def __init__(self, *args, **kwargs) -> None:
            gc.collect()
            super().__init__(*args, **kwargs)

    monkeypatch.setattr(httpx, "Client", Collecting)
    gc.disable()  # the pass is the one in Collecting
    try:
        built = threading.Thread(target=endpoint.shared_client, args=(True,), daemon=True)
        built.start()
        built.join(10)
    finally:
        gc.enable()
    assert not built.is_alive()  # it waited for the lock its own thread held
    assert held.users == 0
    endpoint._close_all(os.getpid())
