"""A scripted OpenAI-compatible server on 127.0.0.1 (http.server in a thread).

Answers ``GET /v1/models`` and ``POST /v1/chat/completions``.  By default a
chat answer is looked up in ``table`` by the text between <source> tags;
``script`` (a list) queues special replies -- a status with headers, raw
bytes, a delay -- consumed one per chat request.  Every request is recorded,
and every connection counted (``keep_alive``: HTTP/1.1, one connection serves
many requests, as real servers do; else each request has its own).
"""

from __future__ import annotations

import contextlib
import json
import re
import socket
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from briefing.endpoint import Endpoint, EndpointOptions

SOURCE = re.compile(r"<source>\n(.*)\n</source>", re.DOTALL)
MSG = [{"role": "user", "content": "<source>\n你好\n</source>"}]  # one chat asking for 你好


@dataclass
class Reply:
    status: int = 200
    body: bytes | None = None  # raw bytes; None: the normal answer
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    content: str | None = None  # a chat answer with this content


def chat_body(content: str, model: str = "m") -> bytes:
    return json.dumps(
        {
            "id": "x",
            "object": "chat.completion",
            "model": model,
            "choices": [{"index": 0, "message": {"role": "assistant", "content": content}, "finish_reason": "stop"}],
        }
    ).encode()


class Scripted:
    def __init__(
        self, models: tuple[str, ...] = ("m",), table: dict[str, str] | None = None, keep_alive: bool = False
    ) -> None:
        self.models = list(models)
        self.table = table or {}
        self.script: list[Reply] = []
        self.requests: list[dict[str, Any]] = []
        self.in_flight = 0
        self.max_in_flight = 0
        self.delay = 0.0
        self.models_status = 200  # another status: GET /models answers it with an error body
        self.responder: Any = None  # payload -> content, or None for the table's answer
        self.connections = 0  # connections accepted
        self._accepted: list[socket.socket] = []
        self._lock = threading.Lock()
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1" if keep_alive else "HTTP/1.0"
            disable_nagle_algorithm = True  # as real servers do: else a kept-alive body waits ~40 ms for an ACK

            def setup(self) -> None:
                super().setup()
                with server._lock:
                    server.connections += 1
                    server._accepted.append(self.connection)

            def log_message(self, *args: Any) -> None:
                pass

            def _send(self, status: int, body: bytes, headers: dict[str, str] | None = None) -> None:
                # A client gone before a delayed answer (cut off by its deadline) breaks the headers' write
                # too: said nowhere, else the server thread's traceback lands in a later test's stderr.
                with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                    self.send_response(status)
                    hdrs = {"Content-Type": "application/json", **(headers or {})}
                    for k, v in hdrs.items():
                        self.send_header(k, v)
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)

            def do_GET(self) -> None:
                server.requests.append({"path": self.path, "headers": dict(self.headers)})
                if self.path.rstrip("/").endswith("/models") and server.models_status != 200:
                    self._send(server.models_status, b'{"error": {"message": "scripted failure"}}')
                elif self.path.rstrip("/").endswith("/models"):
                    self._send(200, json.dumps({"data": [{"id": m} for m in server.models]}).encode())
                else:
                    self._send(404, b'{"error": {"message": "not found"}}')

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length", 0))
                payload = json.loads(self.rfile.read(length) or b"{}")
                with server._lock:
                    server.requests.append({"path": self.path, "json": payload, "headers": dict(self.headers)})
                    reply = server.script.pop(0) if server.script else Reply()
                    server.in_flight += 1
                    server.max_in_flight = max(server.max_in_flight, server.in_flight)
                try:
                    time.sleep(reply.delay or server.delay)
                    if reply.body is not None:
                        self._send(reply.status, reply.body, reply.headers)
                    elif reply.content is not None:
                        self._send(reply.status, chat_body(reply.content), reply.headers)
                    elif reply.status != 200:
                        self._send(reply.status, b'{"error": {"message": "scripted failure"}}', reply.headers)
                    else:
                        self._send(200, chat_body(server.answer(payload)), reply.headers)
                finally:
                    with server._lock:
                        server.in_flight -= 1

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def answer(self, payload: dict[str, Any]) -> str:
        if self.responder is not None and (content := self.responder(payload)) is not None:
            return content
        user = next((m["content"] for m in payload.get("messages", []) if m.get("role") == "user"), "")
        m = SOURCE.search(user)
        source = m.group(1) if m else user
        return self.table.get(source, "An English rendering of the text.")

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}/v1"

    @property
    def chats(self) -> list[dict[str, Any]]:
        return [r for r in self.requests if r["path"].endswith("/chat/completions")]

    def __enter__(self) -> Scripted:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
        with self._lock:  # a kept-alive connection ends with the server (a client's pool may hold it)
            for conn in self._accepted:
                with contextlib.suppress(OSError):
                    conn.shutdown(socket.SHUT_RDWR)


def endpoint(server: Scripted, sleeps: list[float] | None = None, **kw: Any) -> Endpoint:
    """An :class:`Endpoint` for model "m" on ``server`` (``kw``: more of its options). With ``sleeps``, each
    wait (backoff, Retry-After) is recorded there instead of waited; without, it waits as the product does."""
    opts = EndpointOptions(url=server.url, model="m", **kw)
    return Endpoint(opts, sleep=sleeps.append) if sleeps is not None else Endpoint(opts)
