"""Serve generated sites on 127.0.0.1, one site per host name, recording every request.

One threaded werkzeug server (through pytest-httpserver) answers for several
host names that resolve to loopback ("127.0.0.1", "localhost"): each is a
separate host for a polite fetcher (its own robots.txt, delay, Crawl-delay),
so a slow host with ``Crawl-delay`` and a fast one can be fetched in one run.
Conditional requests are honoured (``If-None-Match`` first, else
``If-Modified-Since``, RFC 9110), so a second run over unchanged pages is all 304.
"""

from __future__ import annotations

import email.utils
import logging
import threading
import time
from dataclasses import dataclass
from urllib.parse import urlencode

from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from tests.newssite.site import NewsSite, Resource


@dataclass(frozen=True)
class Hit:
    """One request as the server saw it."""

    at: float  # time.monotonic() when it arrived
    host: str  # host name, without the port
    target: str  # path and query
    status: int
    if_none_match: str | None
    if_modified_since: str | None
    user_agent: str


def _not_modified(res: Resource, request: Request) -> bool:
    inm = request.headers.get("If-None-Match")
    if inm is not None:
        tags = {t.strip() for t in inm.split(",")}
        return res.etag is not None and ("*" in tags or res.etag in tags)
    ims = request.headers.get("If-Modified-Since")
    if ims is None or res.last_modified is None:
        return False
    try:
        since = email.utils.parsedate_to_datetime(ims)
        modified = email.utils.parsedate_to_datetime(res.last_modified)
    except (TypeError, ValueError):
        return False
    return modified <= since


class SiteServer:
    """A local HTTP server for generated sites; ``hits`` lists every request in arrival order."""

    def __init__(self) -> None:
        self.server = HTTPServer(host="127.0.0.1", port=0, threaded=True)
        self.sites: dict[str, NewsSite] = {}
        self.hits: list[Hit] = []
        self._lock = threading.Lock()
        self.server.expect_request("").respond_with_handler(self._handle)
        logging.getLogger("werkzeug").setLevel(logging.ERROR)
        self.server.start()

    @property
    def port(self) -> int:
        return self.server.port

    def base(self, host: str = "127.0.0.1") -> str:
        return f"http://{host}:{self.port}"

    def mount(self, host: str, site: NewsSite) -> None:
        self.sites[host] = site

    def mark(self) -> int:
        """A position in the request log; ``since(mark)`` gives what came after it."""
        with self._lock:
            return len(self.hits)

    def since(self, mark: int) -> list[Hit]:
        with self._lock:
            return list(self.hits[mark:])

    def _handle(self, request: Request) -> Response:
        arrived = time.monotonic()
        host = (request.host or "").rsplit(":", 1)[0]
        target = request.full_path.rstrip("?") if request.query_string else request.path
        site = self.sites.get(host)
        res = site.resources.get(target) if site else None
        if res is None and site and request.args:  # like a real server: unknown (tracking) parameters are ignored
            kept = [(k, v) for k, v in request.args.items(multi=True) if not k.startswith("utm_")]
            res = site.resources.get(request.path + ("?" + urlencode(kept) if kept else ""))
        if res is None:
            response = Response("not found", status=404, content_type="text/plain")
        elif _not_modified(res, request):
            headers = {k: v for k, v in (("ETag", res.etag), ("Last-Modified", res.last_modified)) if v}
            response = Response(status=304, headers=headers)
        else:
            headers = {k: v for k, v in (("ETag", res.etag), ("Last-Modified", res.last_modified)) if v}
            response = Response(res.body, status=200, headers=headers)
            response.headers["Content-Type"] = res.content_type  # as given: a wrong charset stays wrong
        with self._lock:
            self.hits.append(
                Hit(
                    arrived,
                    host,
                    target,
                    response.status_code,
                    request.headers.get("If-None-Match"),
                    request.headers.get("If-Modified-Since"),
                    request.headers.get("User-Agent", ""),
                )
            )
        return response

    def stop(self) -> None:
        if self.server.is_running():
            self.server.stop()

    def __enter__(self) -> SiteServer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()
