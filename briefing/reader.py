"""Read inputs (files, folders, stdin) into Documents.

Decodes UTF-8 (with or without BOM), GB18030/GBK and Big5; recognises HTML,
Markdown (with inline HTML), JSONL and plain text by extension and content.
Every failure is an InputError naming the file (and line); callers collect
them and go on with the other inputs.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import ClassVar

from briefing.errors import InputError
from briefing.patterns import derive_title, safe_url
from briefing.records import Article, Block, Document
from briefing.textnorm import normalize

DEFAULT_MAX_BYTES = 64 * 1024 * 1024
SUFFIXES = {".txt", ".text", ".md", ".markdown", ".html", ".htm", ".jsonl", ".ndjson"}

# The most frequent Chinese characters: text decoded with the right codec is
# full of them, mojibake from the wrong one is not.
_COMMON = set(
    "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种"
    "面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把"
    "性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气"
    "第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及"
    "管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据"
    "處處國們來對時會說這個為發於與後經當這"
)


@dataclass
class ReadOptions:
    """How to read inputs."""

    max_bytes: int = DEFAULT_MAX_BYTES
    encoding: str | None = None


def decode(data: bytes, name: str, encoding: str | None = None) -> str:
    """Decode bytes as UTF-8 (BOM or not), GB18030 or Big5; refuse binary."""
    if not data.strip():
        raise InputError(f"{name}: empty input")
    if b"\x00" in data[:8192]:
        raise InputError(f"{name}: looks like a binary file (NUL bytes); not read")
    if encoding:
        try:
            return data.decode(encoding)
        except (UnicodeDecodeError, LookupError) as exc:
            raise InputError(f"{name}: cannot decode as {encoding}: {exc}") from exc
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        utf8_error = exc
    candidates = []
    for codec in ("gb18030", "big5"):
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        han = [c for c in text if "\u4e00" <= c <= "\u9fff"]
        score = sum(c in _COMMON for c in han) / max(len(han), 1)
        candidates.append((score, codec, text))
    if not candidates:
        raise InputError(
            f"{name}: undecodable bytes at offset {utf8_error.start} (not UTF-8, GB18030 or Big5); use --encoding"
        )
    candidates.sort(key=lambda c: -c[0])
    return candidates[0][2]


def sniff(text: str, suffix: str) -> str:
    """Tell the kind of a text from its file suffix, else from its content."""
    suffix = suffix.lower()
    if suffix in {".jsonl", ".ndjson"}:
        return "jsonl"
    if suffix in {".html", ".htm"}:
        return "html"
    if suffix in {".md", ".markdown"}:
        return "markdown"
    head = text.lstrip()[:2000]
    if re.search(r"(?m)^#{1,6}\s+\S", text):
        return "markdown"
    if head.startswith("{") and head.split("\n", 1)[0].rstrip().endswith("}"):
        return "jsonl"
    if re.match(r"(?is)<(!doctype|html|head|body|p|div|h[1-6]|article)\b", head):
        return "html"
    return "text"


class _BlockParser(HTMLParser):
    """Collect text blocks from HTML: paragraphs, headings, list items."""

    BLOCK: ClassVar[set[str]] = {
        "p",
        "div",
        "li",
        "br",
        "tr",
        "section",
        "article",
        "blockquote",
        "td",
        "dd",
        "dt",
        "pre",
    }
    HEADINGS: ClassVar[dict[str, int]] = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
    SKIP: ClassVar[set[str]] = {"script", "style", "noscript", "template", "head", "nav", "svg", "iframe"}

    def __init__(self, line_offset: int = 0) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[Block] = []
        self._buf: list[str] = []
        self._strong_buf: list[str] = []
        self._level = 0
        self._skip = 0
        self._bold = 0
        self._line0 = line_offset
        self._start_line = 1

    def _flush(self) -> None:
        text = "".join(self._buf).strip()
        if text:
            strong_text = "".join(self._strong_buf).strip()
            line = self._line0 + self._start_line
            self.blocks.append(Block(text, (line,), self._level, strong=bool(strong_text) and strong_text == text))
        self._buf, self._strong_buf = [], []
        self._start_line = self.getpos()[0]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.SKIP:
            self._skip += 1
        elif tag in self.HEADINGS:
            self._flush()
            self._level = self.HEADINGS[tag]
        elif tag in self.BLOCK:
            self._flush()
        elif tag == "hr":
            self._flush()
            self.blocks.append(Block("", (self._line0 + self.getpos()[0],), rule=True))
        elif tag in {"strong", "b"}:
            self._bold += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in self.SKIP:
            self._skip = max(0, self._skip - 1)
        elif tag in self.HEADINGS:
            self._flush()
            self._level = 0
        elif tag in self.BLOCK:
            self._flush()
        elif tag in {"strong", "b"}:
            self._bold = max(0, self._bold - 1)

    def handle_data(self, data: str) -> None:
        if self._skip:
            return
        if not "".join(self._buf).strip():
            self._start_line = self.getpos()[0]
        data = re.sub(r"\s+", " ", data)
        self._buf.append(data)
        if self._bold:
            self._strong_buf.append(data)

    def close(self) -> None:
        super().close()
        self._flush()


def html_blocks(text: str, line_offset: int = 0) -> list[Block]:
    """Blocks of an HTML page or fragment."""
    parser = _BlockParser(line_offset)
    parser.feed(text)
    parser.close()
    return parser.blocks


def text_blocks(text: str) -> list[Block]:
    """Every non-empty line is a block; the splitter rejoins broken ones."""
    return [Block(line.strip(), (n,)) for n, line in enumerate(text.splitlines(), 1) if line.strip()]


_MD_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_MD_RULE = re.compile(r"^\s*([-*_])(\s*\1){2,}\s*$")


def markdown_blocks(text: str) -> list[Block]:
    """Blocks of a Markdown page; inline HTML inside it is parsed as HTML."""
    blocks: list[Block] = []
    for n, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if not line:
            continue
        if m := _MD_HEADING.match(line):
            blocks.append(Block(m.group(2), (n,), level=len(m.group(1))))
        elif _MD_RULE.match(line):
            blocks.append(Block("", (n,), rule=True))
        elif "<" in line and re.search(r"</?[a-zA-Z][^>]*>", line):
            blocks += [Block(b.text, (n,), b.level, b.strong, b.rule) for b in html_blocks(line)]
        else:
            strong = bool(re.fullmatch(r"(\*\*|__)(.+)\1", line))
            line = re.sub(r"(\*\*|__)(.+?)\1", r"\2", line)
            blocks.append(Block(line, (n,), strong=strong))
    return blocks


def jsonl_articles(text: str, name: str, errors: list[InputError]) -> list[Article]:
    """Articles from JSONL; a bad line is an error naming file and line."""
    articles = []
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            errors.append(InputError(f"{name}:{n}: invalid JSON ({exc.msg})"))
            continue
        if not isinstance(obj, dict):
            errors.append(InputError(f"{name}:{n}: expected a JSON object"))
            continue
        body = obj.get("text", obj.get("article", obj.get("content")))
        if not isinstance(body, str) or not body.strip():
            errors.append(InputError(f'{name}:{n}: no "text" field with content'))
            continue
        paragraphs = [normalize(p) for p in body.splitlines() if p.strip()]
        title = obj.get("title")
        derived = not (isinstance(title, str) and title.strip())
        if derived:
            title = derive_title(paragraphs)
        article = Article(
            title=normalize(str(title)),
            paragraphs=paragraphs,
            source=f"{name}:{n}",
            title_derived=derived,
            position=len(articles),
        )
        if obj.get("id") is not None:
            article.id = str(obj["id"])
        for key in ("byline", "dateline", "credit"):
            if isinstance(obj.get(key), str):
                setattr(article, key, obj[key])
        if isinstance(obj.get("date"), str):
            article.date = obj["date"][:64]  # checked and normalized with the other metadata
        names = [obj[k] for k in ("source_name", "source") if isinstance(obj.get(k), str) and obj[k].strip()]
        known_as = names[0] if names else ""
        if known_as:
            article.source_name = normalize(known_as)[:100]
        url = safe_url(obj["url"]) if isinstance(obj.get("url"), str) else None
        if url:
            article.links.append(url)
        articles.append(article)
    if not articles and not errors:
        errors.append(InputError(f"{name}: no articles in JSONL input"))
    return articles


def parse(text: str, name: str, suffix: str, errors: list[InputError]) -> Document:
    """Turn decoded text into a Document."""
    kind = sniff(text, suffix)
    if kind == "jsonl":
        return Document(name, kind, articles=jsonl_articles(text, name, errors))
    if kind == "html":
        blocks = html_blocks(text)
    elif kind == "markdown":
        blocks = markdown_blocks(text)
    else:
        blocks = text_blocks(text)
    if not any(b.text for b in blocks):
        errors.append(InputError(f"{name}: no text found"))
    return Document(name, kind, blocks=blocks)


def iter_paths(paths: list[str], errors: list[InputError]) -> Iterator[Path | None]:
    """Expand folders recursively in a stable order; ``-`` (stdin) yields None."""
    for raw in paths:
        if raw == "-":
            yield None
            continue
        path = Path(raw)
        if path.is_dir():
            found = False
            for child in sorted(path.rglob("*")):
                if child.is_file() and child.suffix.lower() in SUFFIXES and not child.name.startswith("."):
                    found = True
                    yield child
            if not found:
                errors.append(InputError(f"{path}: folder holds no readable input files"))
        elif path.exists():
            yield path
        else:
            errors.append(InputError(f"{path}: no such file or folder"))


def read_inputs(paths: list[str], options: ReadOptions | None = None) -> tuple[list[Document], list[InputError]]:
    """Read every input; return the documents and one error per failed input."""
    options = options or ReadOptions()
    errors: list[InputError] = []
    docs: list[Document] = []
    for path in iter_paths(paths, errors):
        name = "<stdin>" if path is None else str(path)
        try:
            if path is None:
                data = sys.stdin.buffer.read(options.max_bytes + 1)
            else:
                size = path.stat().st_size
                if size > options.max_bytes:
                    raise InputError(
                        f"{name}: {size / 1e6:.1f} MB is over the {options.max_bytes / 1e6:.0f} MB limit "
                        "(raise it with --max-mb or max_input_mb in the config)"
                    )
                data = path.read_bytes()
            if len(data) > options.max_bytes:
                raise InputError(f"{name}: input is over the {options.max_bytes / 1e6:.0f} MB limit")
            text = decode(data, name, options.encoding)
            docs.append(parse(text, name, "" if path is None else path.suffix, errors))
        except InputError as exc:
            errors.append(exc)
        except OSError as exc:
            errors.append(InputError(f"{name}: cannot read ({exc.strerror or exc})"))
    return docs, errors
