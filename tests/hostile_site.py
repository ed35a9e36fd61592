"""A hostile web site on 127.0.0.1 for the #17 fault tests: it writes its answers byte for byte.

``HostileSite`` is a threaded HTTP/1.1 server (``http.server``) started and
stopped by the tests.  Every answer is written raw, so a test can send what a
well-behaved server library would refuse to: header bytes outside ASCII,
stacked ``Content-Encoding`` layers, bodies that trickle, ``Retry-After``
storms, links with control characters.  Every request is recorded.  Bodies
are small and bounded; a waiting handler sleeps a bounded time.

The page, feed and bomb builders below make the hostile content:
script-scheme links in many spellings, links no URL parser can take,
compression bombs small on the wire, titles with characters XML cannot carry.
Nothing here sends traffic anywhere but loopback.
"""

from __future__ import annotations

import contextlib
import html
import json
import random
import struct
import threading
import time
import zlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cache
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

MAX_BODY = 4_000_000  # no route of this site sends more than this on the wire
MAX_SLEEP = 30.0  # no handler waits longer than this in all

# Script links a page, a feed or an earlier day's JSON may carry, in the spellings browsers still run.
# Each is (name, value as it appears in an HTML attribute or XML text, i.e. possibly entity-encoded).
SCRIPT_LINKS: list[tuple[str, str]] = [
    ("javascript", "javascript:alert(1)"),
    ("mixed-case", "JaVaScRiPt:alert(2)"),
    ("entity-j", "&#106;avascript:alert(3)"),
    ("entity-hex-colon", "javascript&#x3A;alert(4)"),
    ("entity-named-colon", "javascript&colon;alert(5)"),
    ("tab-inside", "java\tscript:alert(6)"),
    ("entity-tab-inside", "java&#9;script:alert(7)"),
    ("newline-inside", "java\nscript:alert(8)"),
    ("entity-newline-inside", "java&#10;script:alert(9)"),
    ("nul-inside", "java&#0;script:alert(10)"),
    ("leading-space", "   javascript:alert(11)"),
    ("leading-control", "&#1;&#31;javascript:alert(12)"),
    ("leading-entity-space", "&#32;&#9;javascript:alert(13)"),
    ("data", "data:text/html;base64,PHNjcmlwdD5hbGVydCgxNCk8L3NjcmlwdD4="),
    ("vbscript", "vbscript:msgbox(15)"),
    ("file", "file:///etc/passwd"),
    ("protocol-relative", "//127.0.0.1:9/x16"),  # another host (port 9: nothing answers)
    ("backslash-relative", "\\\\127.0.0.1:9\\x17"),
]

# Links no URL parser takes, each with its own marker in the path: each must cost one line naming it, never
# the run.  ``{origin}`` stands for the hostile site's own http://127.0.0.1:PORT.  (name, link)
BROKEN_LINKS: list[tuple[str, str]] = [
    ("port-too-big", "http://127.0.0.1:99999/bad-port-too-big.html"),
    ("port-not-a-number", "http://127.0.0.1:8x/bad-port-not-a-number.html"),
    ("ipv6-unclosed", "http://[::1/bad-ipv6-unclosed.html"),
    ("ipv6-garbage", "http://[zz::1]/bad-ipv6-garbage.html"),
    ("idn-label-too-long", "http://" + "ü" * 70 + ".example/bad-idn-label-too-long.html"),
    ("idn-empty-label", "http://a..例子.example/bad-idn-empty-label.html"),
    ("idn-invalid", "http://xn--ls8h-.example/bad-idn-invalid.html"),
    ("overlong", "{origin}/bad-overlong-" + "a" * 100_000 + ".html"),
    ("control-chars", "{origin}/bad-control-chars-\x7f\x85\x9b.html"),  # after the marker: a feed parser maps C1 to cp1252
]


def broken_links(site: HostileSite) -> list[tuple[str, str]]:
    """BROKEN_LINKS with ``{origin}`` filled in; the marker of each is ``bad-<name>``."""
    return [(name, link.replace("{origin}", site.url(""))) for name, link in BROKEN_LINKS]


# -- the server ------------------------------------------------------------------------------


@dataclass
class Seen:
    """One request as the site saw it: method, path, headers (raw bytes of each header line kept)."""

    method: str
    path: str
    headers: dict[str, str]
    raw_headers: list[bytes]
    at: float


Handler = Callable[["Exchange"], None]


@dataclass
class Route:
    status: int = 200
    body: bytes = b""
    headers: list[tuple[bytes, bytes]] = field(default_factory=list)
    handler: Handler | None = None


class Exchange:
    """What a route handler gets: the request, and raw ways to answer it."""

    def __init__(self, request: BaseHTTPRequestHandler, seen: Seen, body: bytes) -> None:
        self.request = request
        self.seen = seen
        self.body = body

    def head(self, status: int, headers: Iterable[tuple[str | bytes, str | bytes]], length: int | None) -> None:
        """The status line and headers, byte for byte (``length`` None: no Content-Length)."""
        lines = [f"HTTP/1.1 {status} X\r\n".encode()]
        for name, value in headers:
            name_b = name.encode("latin-1") if isinstance(name, str) else name
            value_b = value.encode("latin-1") if isinstance(value, str) else value
            lines.append(name_b + b": " + value_b + b"\r\n")
        if length is not None:
            lines.append(f"Content-Length: {length}\r\n".encode())
        lines.append(b"Connection: close\r\n\r\n")
        self.write(b"".join(lines))

    def write(self, data: bytes) -> bool:
        """Send ``data``; False when the client has gone."""
        try:
            self.request.wfile.write(data)
            self.request.wfile.flush()
            return True
        except OSError:
            return False

    def answer(self, status: int, body: bytes, headers: Iterable[tuple[str | bytes, str | bytes]] = ()) -> None:
        assert len(body) <= MAX_BODY, len(body)
        self.head(status, headers, len(body))
        self.write(body)

    def trickle(self, body: bytes, every: float, ctype: str = "text/html; charset=utf-8") -> None:
        """``body`` one byte per ``every`` seconds (bounded by MAX_SLEEP in all)."""
        self.head(200, [("Content-Type", ctype)], len(body))
        started = time.monotonic()
        for byte in body:
            if time.monotonic() - started > MAX_SLEEP or not self.write(bytes([byte])):
                return
            time.sleep(every)

    def hang(self, seconds: float) -> None:
        """Say nothing for ``seconds`` (at most MAX_SLEEP), then close."""
        end = time.monotonic() + min(seconds, MAX_SLEEP)
        while time.monotonic() < end and not self.request.server.stopping:  # type: ignore[attr-defined]
            time.sleep(0.05)


class HostileSite:
    """The server: ``add`` a route (fixed bytes or a handler), ``url`` a path, ``requests`` as seen."""

    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.requests: list[Seen] = []
        self._lock = threading.Lock()
        site = self

        class Request(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: Any) -> None:
                pass

            def _serve(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(min(length, MAX_BODY)) if length else b""
                raw = [f"{k}: {v}".encode("latin-1", "replace") for k, v in self.headers.raw_items()]
                seen = Seen(self.command, self.path, dict(self.headers.items()), raw, time.monotonic())
                with site._lock:
                    site.requests.append(seen)
                    route = site.routes.get(self.path.split("?")[0])
                exchange = Exchange(self, seen, body)
                self.close_connection = True
                if route is None:
                    exchange.answer(404, b"not found", [("Content-Type", "text/plain")])
                elif route.handler is not None:
                    route.handler(exchange)
                else:
                    exchange.answer(route.status, route.body, route.headers)

            do_GET = do_POST = _serve  # http.server calls do_<METHOD>

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Request)
        self.httpd.daemon_threads = True
        self.httpd.stopping = False  # type: ignore[attr-defined]
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def port(self) -> int:
        return self.httpd.server_address[1]

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def add(
        self,
        path: str,
        body: bytes | str = b"",
        ctype: str = "text/html; charset=utf-8",
        status: int = 200,
        headers: Iterable[tuple[str | bytes, str | bytes]] = (),
    ) -> str:
        raw = body.encode("utf-8") if isinstance(body, str) else body
        assert len(raw) <= MAX_BODY, len(raw)
        hdrs = [(_b(k), _b(v)) for k, v in [("Content-Type", ctype), *headers]]
        self.routes[path] = Route(status, raw, hdrs)
        return self.url(path)

    def handle(self, path: str, handler: Handler) -> str:
        self.routes[path] = Route(handler=handler)
        return self.url(path)

    def paths(self) -> list[str]:
        return [s.path for s in self.requests]

    def start(self) -> HostileSite:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.httpd.stopping = True  # type: ignore[attr-defined]
        self.httpd.shutdown()
        self.httpd.server_close()

    def __enter__(self) -> HostileSite:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


def _b(value: str | bytes) -> bytes:
    return value.encode("latin-1") if isinstance(value, str) else value


# -- content ---------------------------------------------------------------------------------


def article_page(
    title: str,
    paragraphs: list[str],
    *,
    canonical: str | None = None,
    og_url: str | None = None,
    raw_title: str | None = None,
    date: str = "2025-07-08T09:00:00+08:00",
) -> str:
    """An article page.  ``canonical`` and ``og_url`` go in as written (already HTML, entities and all);
    ``raw_title`` replaces the escaped title (to carry numeric character references)."""
    shown = raw_title if raw_title is not None else html.escape(title)
    head = f'<meta charset="utf-8"><title>{shown}</title>'
    if date:
        head += f'<meta property="article:published_time" content="{date}">'
    if canonical is not None:
        head += f'<link rel="canonical" href="{canonical}">'
    if og_url is not None:
        head += f'<meta property="og:url" content="{og_url}">'
    body = "".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)
    return (
        f'<!doctype html><html lang="zh-CN"><head>{head}</head><body>'
        '<nav><a href="/">首页</a> <a href="/news">新闻</a></nav>'
        f"<article><h1>{shown}</h1>{body}</article>"
        "<footer>关于我们 | 联系我们 | 版权所有</footer></body></html>"
    )


def rss(items: list[tuple[str, str]], *, raw: bool = False, dates: list[str] | None = None) -> str:
    """An RSS 2.0 feed of (title, link) items; ``raw``: titles and links go in as written (already XML)."""
    rows = []
    for n, (title, link) in enumerate(items):
        t, u = (title, link) if raw else (html.escape(title), html.escape(link))
        when = dates[n] if dates else f"Tue, 08 Jul 2025 {n % 24:02d}:00:00 +0800"
        rows.append(f"<item><title>{t}</title><link>{u}</link><pubDate>{when}</pubDate></item>")
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>测试频道</title>'
        f"{''.join(rows)}</channel></rss>"
    )


_POOL = "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经"


def words(seed: int, n: int) -> str:
    """``n`` common Chinese characters, the same for the same ``seed`` (distinct stories need distinct text)."""
    rng = random.Random(seed)
    return "".join(rng.choice(_POOL) for _ in range(n))


def headline(n: int) -> str:
    """A headline for story ``n``, distinct from every other story's (so none is merged or grouped)."""
    return f"{words(n, 12)}会议"


def paragraphs(n: int) -> list[str]:
    """Two plain paragraphs of news-like text for story ``n``, distinct from every other story's."""
    return [f"{words(1000 + n, 40)}。{words(2000 + n, 30)}。", f"{words(3000 + n, 36)}。"]


# -- compression bombs ---------------------------------------------------------------------------


def _zlib_stream(data: bytes, wbits: int) -> bytes:
    comp = zlib.compressobj(9, zlib.DEFLATED, wbits)
    return comp.compress(data) + comp.flush()


def _runs(fill: bytes, total: int, wrapper: str) -> bytes:
    """``total`` bytes of ``fill`` as a gzip or zlib stream, made in milliseconds: after a full flush the
    compressor emits the same bytes for every 1 MB of ``fill``, so one unit is compressed and repeated."""
    unit = fill * (1 << 20)
    count, rest = divmod(total, len(unit))
    comp = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS, 9, zlib.Z_RLE)
    block = comp.compress(unit) + comp.flush(zlib.Z_FULL_FLUSH)
    assert comp.compress(unit) + comp.flush(zlib.Z_FULL_FLUSH) == block  # the premise of the trick
    tail = comp.compress(fill * rest) + comp.flush()
    crc, adler = 0, 1
    for _ in range(count):
        crc, adler = zlib.crc32(unit, crc), zlib.adler32(unit, adler)
    crc, adler = zlib.crc32(fill * rest, crc), zlib.adler32(fill * rest, adler)
    raw = block * count + tail
    if wrapper == "gzip":
        return b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x02\xff" + raw + struct.pack("<II", crc, total & 0xFFFFFFFF)
    return b"\x78\xda" + raw + struct.pack(">I", adler)


def _brotli() -> Any:
    for name in ("brotli", "brotlicffi"):
        with contextlib.suppress(ImportError):
            return __import__(name)
    return None


def layers_available() -> tuple[str, ...]:
    """The encodings this machine can build and a client may decode (br only with a brotli module)."""
    return ("gzip", "deflate", "br") if _brotli() is not None else ("gzip", "deflate")


def _encode(data: bytes, layer: str) -> bytes:
    if layer == "gzip":
        return _zlib_stream(data, 16 + zlib.MAX_WBITS)
    if layer == "deflate":
        return _zlib_stream(data, zlib.MAX_WBITS)
    return _brotli().compress(data)


@cache
def bomb(decoded_bytes: int, layers: tuple[str, ...] = ("deflate", "gzip", "gzip"), fill: bytes = b" ") -> bytes:
    """``decoded_bytes`` of ``fill`` (a byte harmless in JSON and HTML) encoded by each of ``layers`` in turn,
    the innermost (a gzip or deflate layer) first: send with ``Content-Encoding: <layers joined by ', '>``.
    Never holds the unpacked bytes."""
    assert layers[0] in ("gzip", "deflate"), layers
    data = _runs(fill, decoded_bytes, layers[0])
    for layer in layers[1:]:
        data = _encode(data, layer)
    assert len(data) <= MAX_BODY
    return data


def bomb_headers(layers: tuple[str, ...], ctype: str) -> list[tuple[str, str]]:
    return [("Content-Type", ctype), ("Content-Encoding", ", ".join(layers))]


# -- an OpenAI-compatible endpoint -----------------------------------------------------------------


def openai_routes(site: HostileSite, model: str, chat: Handler) -> str:
    """Serve ``/v1/models`` (listing ``model``) and ``/v1/chat/completions`` by ``chat``; the base URL."""
    site.add("/v1/models", json.dumps({"data": [{"id": model}]}), "application/json")
    site.handle("/v1/chat/completions", chat)
    return site.url("/v1")


# -- settings and results --------------------------------------------------------------------------


def sources_config(folder: Path, sources: list[dict[str, Any]], **fetch: Any) -> Path:
    """A config file in ``folder`` with ``[fetch]`` settings (fast and short by default) and ``[[sources]]``
    tables; its path."""
    settings = {"delay": 0, "backoff": 0, "timeout": 3, "deadline": 5, "contact": "https://example.org/bot", **fetch}

    def value(v: Any) -> str:
        return str(v).lower() if isinstance(v, bool) else json.dumps(v, ensure_ascii=False)

    lines = ["[fetch]", *(f"{k} = {value(v)}" for k, v in settings.items()), ""]
    for src in sources:
        lines += ["[[sources]]", *(f"{k} = {value(v)}" for k, v in src.items()), ""]
    path = folder / "config.toml"
    path.write_text("\n".join(lines) + "\n", "utf-8")
    return path


def day_items(out: Path, day: str) -> list[dict[str, Any]]:
    """The stories of a built day's JSON."""
    return json.loads((out / f"{day}.json").read_text("utf-8"))["items"]
