"""Every link in a briefing's output folder, read the way a browser, a feed reader or a mail client reads it.

``scan(out)`` reads every published file (Markdown, HTML, JSON, JSON Feed,
Atom, plain text) and returns one problem per link whose scheme is not http or
https: HTML attributes that take a URL (entities decoded by the parser), the
link and image targets and inline HTML of Markdown (rendered by markdown-it
with its own link filter switched off, so what the file says is what is
checked), JSON values under URL keys, Atom ``href``/``src`` attributes and IRI
elements, and ``scheme://`` or script-scheme words in plain text.  A value is
read as the WHATWG URL parser reads it: leading and trailing C0 controls and
spaces stripped, tabs and newlines removed anywhere; a protocol-relative
``//host`` (or its backslash spellings) counts as a foreign link too.
"""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.\-]*):")
_C0_SPACE = "".join(chr(c) for c in range(0x21))
_URL_ATTRS = {
    "href",
    "src",
    "action",
    "formaction",
    "cite",
    "background",
    "poster",
    "data",
    "codebase",
    "longdesc",
    "usemap",
    "xlink:href",
    "manifest",
    "icon",
    "ping",
}
_CSS_URL = re.compile(r"url\(\s*(['\"]?)(.*?)\1\s*\)", re.I | re.S)
_REFRESH = re.compile(r"url\s*=\s*(.+)$", re.I)
_TEXT_LINK = re.compile(r"(?i)(?:\b[a-z][a-z0-9+.\-]*://\S+|\b(?:javascript|vbscript|livescript|data|file)\s*:\S*)")
_JSON_URL_KEYS = {"url", "external_url", "home_page_url", "feed_url", "href", "link", "links", "icon", "favicon"}
_ATOM_IRI = {"id", "uri", "icon", "logo"}


def read_as_url(value: str) -> str:
    """What a browser's URL parser sees of ``value``: C0 controls and spaces trimmed, tabs and newlines gone."""
    return value.strip(_C0_SPACE).replace("\t", "").replace("\n", "").replace("\r", "")


def link_problem(value: str) -> str | None:
    """Why ``value`` is not a safe link target (None: http(s), or relative within the site)."""
    url = read_as_url(value)
    if url[:2] in ("//", "\\\\", "/\\", "\\/"):
        return "protocol-relative link to another host"
    m = _SCHEME.match(url)
    if m and m.group(1).lower() not in ("http", "https"):
        return f"{m.group(1).lower()}: link"
    return None


class _HTMLLinks(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[tuple[str, str]] = []  # (where, value)
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._in_style = tag == "style"
        values = {k.lower(): v or "" for k, v in attrs}
        for name, value in values.items():
            if name in _URL_ATTRS:
                self.links.append((f"<{tag} {name}>", value))
            elif name == "srcset":
                for part in value.split(","):
                    self.links.append((f"<{tag} srcset>", part.strip().split(" ")[0]))
            elif name == "style":
                for m in _CSS_URL.finditer(value):
                    self.links.append((f"<{tag} style url()>", m.group(2)))
        if tag == "meta" and values.get("http-equiv", "").lower() == "refresh":
            m = _REFRESH.search(values.get("content", ""))
            if m:
                self.links.append(("<meta refresh>", m.group(1).strip("'\" ")))

    handle_startendtag = handle_starttag

    def handle_endtag(self, tag: str) -> None:
        if tag == "style":
            self._in_style = False

    def handle_data(self, data: str) -> None:
        if self._in_style:
            for m in _CSS_URL.finditer(data):
                self.links.append(("<style> url()", m.group(2)))


def html_links(text: str) -> list[tuple[str, str]]:
    parser = _HTMLLinks()
    parser.feed(text)
    parser.close()
    return parser.links


def markdown_links(text: str) -> list[tuple[str, str]]:
    """Link and image targets and inline HTML links of a Markdown document (CommonMark, raw HTML allowed)."""
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark", {"html": True})
    md.validateLink = lambda url: True  # type: ignore[method-assign]  # see every target, not the filtered ones
    md.normalizeLink = lambda url: url  # type: ignore[method-assign]
    found: list[tuple[str, str]] = []

    def walk(tokens: list[Any]) -> None:
        for tok in tokens:
            for name in ("href", "src"):
                value = tok.attrGet(name) if tok.attrs else None
                if value is not None:
                    found.append((f"markdown {tok.type} {name}", str(value)))
            if tok.type in ("html_inline", "html_block"):
                found.extend((f"markdown inline HTML {w}", v) for w, v in html_links(tok.content))
            if tok.children:
                walk(tok.children)

    walk(md.parse(text))
    return found


def json_links(data: Any, path: str = "$") -> list[tuple[str, str]]:
    found: list[tuple[str, str]] = []
    if isinstance(data, dict):
        for key, value in data.items():
            where = f"{path}.{key}"
            is_url_key = key in _JSON_URL_KEYS or key.endswith("_url")
            if is_url_key and isinstance(value, str):
                found.append((where, value))
            elif is_url_key and isinstance(value, list):
                found.extend((f"{where}[]", v) for v in value if isinstance(v, str))
            found.extend(json_links(value, where))
    elif isinstance(data, list):
        for n, value in enumerate(data):
            found.extend(json_links(value, f"{path}[{n}]"))
    return found


def atom_links(raw: bytes) -> list[tuple[str, str]]:
    from lxml import etree

    root = etree.fromstring(raw, etree.XMLParser(resolve_entities=False, no_network=True))
    found: list[tuple[str, str]] = []
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        local = el.tag.rsplit("}", 1)[-1]
        for name in ("href", "src", "uri"):
            if el.get(name) is not None:
                found.append((f"<{local} {name}>", el.get(name)))
        if local in _ATOM_IRI and el.text:
            found.append((f"<{local}>", el.text))
        if el.get("type") in ("html", "xhtml") and el.text:
            found.extend((f"<{local} type=html> {w}", v) for w, v in html_links(el.text))
    return found


def text_links(text: str) -> list[tuple[str, str]]:
    cleaned = "".join(c for c in text if c in "\n\t" or ord(c) >= 0x20)
    return [("plain text", m.group(0)) for m in _TEXT_LINK.finditer(cleaned)]


def links_of(path: Path) -> list[tuple[str, str]]:
    """Every link a reader of ``path`` can follow, by the file's kind (an unknown kind is an error)."""
    name = path.name
    raw = path.read_bytes()
    if name.endswith(".atom"):
        return atom_links(raw)
    text = raw.decode("utf-8")
    if name.endswith(".html"):
        return html_links(text)
    if name.endswith(".md"):
        return markdown_links(text)
    if name.endswith(".json"):
        return json_links(json.loads(text))
    if name.endswith(".txt"):
        return text_links(text)
    raise AssertionError(f"{path}: the link scan does not know this kind of file")


def scan(out: Path) -> list[str]:
    """One line per unsafe link in any published file of ``out`` (its visible names)."""
    problems = []
    files = sorted(p for p in out.iterdir() if not p.name.startswith(".") and p.is_file())
    assert files, f"nothing published in {out}"
    for path in files:
        for where, value in links_of(path):
            why = link_problem(value)
            if why:
                problems.append(f"{path.name}: {where}: {why}: {value!r}")
    return problems
