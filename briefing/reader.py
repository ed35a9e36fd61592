"""Read inputs (files, folders, stdin) into Documents.

Decodes UTF-8 (with or without BOM), GB18030/GBK and Big5; recognises HTML,
Markdown (with inline HTML), JSONL and plain text by extension and content.
Every failure is an InputError naming the file (and line); callers collect
them and go on with the other inputs.

Inputs are untrusted: every read is capped at the size limit while reading
(pipes and devices have no size to check beforehand), a pipe or device that
sends nothing for ``IDLE_TIMEOUT`` seconds is given up, and the parsers run in
linear time on any input (no backtracking regexes, no rescans of stray ``<``).
"""

from __future__ import annotations

import codecs
import errno
import json
import os
import re
import select
import stat
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import ClassVar

from briefing.config import Options
from briefing.errors import InputError
from briefing.metadata import unread_date
from briefing.patterns import derive_title
from briefing.records import Article, Block, Document
from briefing.textnorm import normalize
from briefing.untrusted import clean_line, clean_text
from briefing.urls import safe_link

IDLE_TIMEOUT = 30.0  # seconds a pipe or device may stay silent before it is given up
_CHUNK = 1 << 20
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

_HAN = re.compile("[\u4e00-\u9fff]")
_SCORE_CHARS = 200_000
_CHINESE_MIN = 0.1  # share of common characters of text that reads as Chinese (mis-decoded bytes give ~0)
_CHINESE_CODECS = {"gb18030", "gbk", "gb2312", "big5", "big5hkscs", "cp950", "cp936", "hz"}
_SNIFF_BYTES = 200_000  # what charset-normalizer looks at
_BROKEN_MIN, _BROKEN_PER = 4, 1000  # broken bytes a Chinese page may hold: 4, or one per 1000 bytes


def megabytes(mb: float) -> int:
    """A size setting in bytes: its MB are 10^6 bytes, as the settings say."""
    return int(mb * 1e6)


@dataclass
class ReadOptions:
    """How to read inputs (by default, the settings' declared limits)."""

    max_bytes: int = megabytes(Options.max_input_mb)
    encoding: str | None = None
    idle_timeout: float = field(default_factory=lambda: IDLE_TIMEOUT)

    @classmethod
    def of(cls, opts: Options) -> ReadOptions:
        """The reading limits a run's settings ask for (max_input_mb, encoding)."""
        return cls(megabytes(opts.max_input_mb), opts.encoding or None)


def size_text(n: float) -> str:
    """A byte count for a message: never rounds a small limit to "0 MB"."""
    return f"{n / 1e6:.4g} MB" if n >= 1000 else f"{int(n)} bytes"


# Byte-order marks, longest first: a UTF-32 LE mark starts with the UTF-16 LE one.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def _decode_as(data: bytes, name: str, encoding: str) -> str:
    try:
        text = data.decode(encoding)
    except (UnicodeDecodeError, LookupError) as exc:
        raise InputError(f"{name}: cannot decode as {encoding}: {exc}") from exc
    if not text.strip():
        raise InputError(f"{name}: empty input")
    return text


def _chinese_score(text: str) -> float:
    """Share of common Chinese characters among the Han characters of a sample of ``text`` (0: none reads)."""
    han = _HAN.findall(text, 0, _SCORE_CHARS)  # a sample: a list of every character would cost 40x the text
    return sum(c in _COMMON for c in han) / max(len(han), 1)


def _other_encoding(data: bytes) -> str | None:
    """charset-normalizer's reading of bytes that are no Chinese in GB18030 or Big5 (Japanese, Korean...)."""
    import charset_normalizer

    guess = charset_normalizer.from_bytes(data[:_SNIFF_BYTES]).best()
    if guess is None or guess.encoding.replace("_", "").lower() in _CHINESE_CODECS:
        return None
    try:
        return data.decode(guess.encoding)
    except (UnicodeDecodeError, LookupError):
        return None


def decode(data: bytes, name: str, encoding: str | None = None) -> str:
    """Decode bytes as the given encoding, else by BOM (UTF-8/16/32), else UTF-8, GB18030 or Big5 (by which
    reads as common Chinese), else what charset-normalizer finds when neither reads as Chinese; a Chinese
    page with a few broken bytes is read with those replaced. Binary is refused.  The text is cleaned of
    what no output may carry (:func:`briefing.untrusted.clean_text`): this is where files and fetched
    pages enter."""
    return clean_text(_decoded(data, name, encoding))


def _decoded(data: bytes, name: str, encoding: str | None) -> str:
    if not data.strip():
        raise InputError(f"{name}: empty input")
    if encoding:
        return _decode_as(data, name, encoding)
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                return _decode_as(data, name, codec)
            except InputError:
                break  # bytes that merely start like a BOM: the checks below name them
    if b"\x00" in data[:8192]:
        raise InputError(f"{name}: looks like a binary file (NUL bytes); not read (UTF-16 needs a BOM or --encoding)")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        utf8_error = exc
    best: tuple[float, str] | None = None
    for codec in ("gb18030", "big5"):
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        score = _chinese_score(text)
        if best is None or score > best[0]:
            best = (score, text)
        del text
    if best is not None:
        if best[0] < _CHINESE_MIN and (other := _other_encoding(data)) is not None:
            return other
        return best[1]
    for codec in ("gb18030", "big5"):  # a few broken bytes (a page cut mid-character, a bad copy)
        text = data.decode(codec, errors="replace")
        if text.count("\ufffd") <= max(_BROKEN_MIN, len(data) // _BROKEN_PER) and _chinese_score(text) >= _CHINESE_MIN:
            return text
    raise InputError(
        f"{name}: undecodable bytes at offset {utf8_error.start} (not UTF-8, GB18030 or Big5); use --encoding"
    )


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
    if _MD_HEADING_START.search(text):
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
        text = "".join(self._buf).replace(_LT, "<").strip()
        if text:
            strong_text = "".join(self._strong_buf).replace(_LT, "<").strip()
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


# A complete tag: quoted attribute values may hold ">" but no "<", so a match
# never runs past the next "<" and every "<" is looked at a bounded number of times.
_TAG = re.compile(r"""</?[A-Za-z][^<>"']*(?:(?:"[^"<]*"|'[^'<]*')[^<>"']*)*>|<![A-Za-z\[][^<>]*>|<\?[^<>]*>""")
# The next "<" that may open a tag or comment: a ">" comes before the next "<".
_MAYBE_TAG = re.compile(r"<(?:!--|(?=[^<>]*>))")
# Stands for a "<" that opens no tag, until the text is out of the parser: a
# Unicode noncharacter, so no page means anything by it (it is removed first).
_LT = "\ufdd0"


def hide_stray_lt(text: str) -> str:
    """Replace every ``<`` that opens no complete tag or comment with ``_LT``.

    ``html.parser`` rescans the rest of the page for each ``<`` it cannot
    close, which is quadratic (a 3 MB page of ``<`` never finished); after
    this, each ``<`` it meets starts a tag it parses at once.  Runs of stray
    ``<`` are found by C-level searches, not one by one; line breaks are kept.
    """
    text = text.replace(_LT, "")
    out: list[str] = []
    pos = 0
    comments_closed = True  # once a "<!--" has no "-->" after it, none further on has
    i = text.find("<")
    while i != -1:
        end = -1
        if text.startswith("<!--", i):
            close = text.find("-->", i + 4) if comments_closed else -1
            comments_closed = close != -1
            end = close + 3 if close != -1 else -1
        elif m := _TAG.match(text, i):
            end = m.end()
        if end == -1:
            nxt = _MAYBE_TAG.search(text, i + 1)
            end = nxt.start() if nxt else len(text)
            out += [text[pos:i], text[i:end].replace("<", _LT)]
            pos = end
        i = text.find("<", end)
    out.append(text[pos:])
    return "".join(out)


def html_blocks(text: str, line_offset: int = 0) -> list[Block]:
    """Blocks of an HTML page or fragment."""
    parser = _BlockParser(line_offset)
    parser.feed(hide_stray_lt(text))
    parser.close()
    return parser.blocks


def text_blocks(text: str) -> list[Block]:
    """Every non-empty line is a block; the splitter rejoins broken ones."""
    return [Block(line.strip(), (n,)) for n, line in enumerate(text.splitlines(), 1) if line.strip()]


_MD_HEADING = re.compile(r"(#{1,6})\s")
_MD_HEADING_START = re.compile(r"(?m)^#{1,6}[ \t]+\S")
_MD_CLOSING_HASHES = re.compile(r"\s#+$")
_MD_RULE = re.compile(r"^\s*([-*_])(\s*\1){2,}\s*$")
_INLINE_TAG = re.compile(r"</?[a-zA-Z][^<>]*>")


def heading(line: str) -> tuple[int, str] | None:
    """Level and text of an ATX heading (``## Title ##``), without regex backtracking.

    The old single pattern backtracked cubically on a heading followed by
    thousands of spaces; here the closing hashes are cut with plain string work.
    """
    m = _MD_HEADING.match(line)
    if not m:
        return None
    text = line[m.end() :].strip()
    if text.startswith("#") and not text.strip("#"):
        return len(m.group(1)), ""
    if (c := _MD_CLOSING_HASHES.search(text)) is not None:
        text = text[: c.start()].rstrip()
    return len(m.group(1)), text


def markdown_blocks(text: str) -> list[Block]:
    """Blocks of a Markdown page; inline HTML inside it is parsed as HTML."""
    blocks: list[Block] = []
    for n, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if not line:
            continue
        if h := heading(line):
            blocks.append(Block(h[1], (n,), level=h[0]))
        elif _MD_RULE.match(line):
            blocks.append(Block("", (n,), rule=True))
        elif "<" in line and _INLINE_TAG.search(line):
            blocks += [Block(b.text, (n,), b.level, b.strong, b.rule) for b in html_blocks(line)]
        else:
            strong = bool(re.fullmatch(r"(\*\*|__)(.+)\1", line))
            line = re.sub(r"(\*\*|__)(.+?)\1", r"\2", line)
            blocks.append(Block(line, (n,), strong=strong))
    return blocks


def jsonl_articles(text: str, name: str, errors: list[InputError]) -> list[Article]:
    """Articles from JSONL; a bad line is an error naming file and line."""
    articles: list[Article] = []
    # Records end at "\n" only: str.splitlines() also splits at U+2028, U+2029
    # and U+0085, which JSON allows unescaped inside strings.
    for n, line in enumerate(text.split("\n"), 1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            errors.append(InputError(f"{name}:{n}: invalid JSON ({exc.msg})"))
            continue
        except RecursionError:
            errors.append(InputError(f"{name}:{n}: JSON nested too deeply to read"))
            continue
        except ValueError:  # Python's limit on the digits of an integer
            limit = sys.get_int_max_str_digits()
            errors.append(InputError(f"{name}:{n}: a number too long to read (over {limit} digits)"))
            continue
        if not isinstance(obj, dict):
            errors.append(InputError(f"{name}:{n}: expected a JSON object"))
            continue
        body = obj.get("text", obj.get("article", obj.get("content")))
        body = clean_text(body) if isinstance(body, str) else body  # JSON escapes can spell what a file cannot
        if not isinstance(body, str) or not body.strip():
            errors.append(InputError(f'{name}:{n}: no "text" field with content'))
            continue
        paragraphs = [normalize(p) for p in body.splitlines() if p.strip()]
        title = clean_line(obj["title"]) if isinstance(obj.get("title"), str) else None
        derived = not title
        if derived:
            title = derive_title(paragraphs)
        article = Article(
            title=normalize(str(title)),
            paragraphs=paragraphs,
            source=f"{name}:{n}",
            title_derived=derived,
            position=len(articles),
        )
        if isinstance(obj.get("id"), str | int) and not isinstance(obj["id"], bool) and str(obj["id"]).strip():
            article.id = clean_line(str(obj["id"])) or article.id
        for key in ("byline", "dateline", "credit"):
            if isinstance(obj.get(key), str):
                setattr(article, key, clean_line(obj[key]))
        if isinstance(obj.get("date"), str):
            article.date = clean_line(obj["date"][:64])  # checked and normalized with the other metadata
        elif obj.get("date") is not None:  # a number, true, a list or an object: no date (null gives none)
            unread_date(article, obj["date"], "not a string")
        names = [clean_line(obj[k]) for k in ("source_name", "source") if isinstance(obj.get(k), str)]
        names = [n for n in names if n]
        known_as = names[0] if names else ""
        if known_as:
            article.source_name = normalize(known_as)[:100]
        url = safe_link(obj["url"]) if isinstance(obj.get("url"), str) else None
        if url:
            article.links.append(url)
        articles.append(article)
    if not articles and not errors:
        errors.append(InputError(f"{name}: no articles in JSONL input"))
    return articles


KINDS = ("text", "html", "markdown", "jsonl")


def parse(text: str, name: str, suffix: str, errors: list[InputError], kind: str | None = None) -> Document:
    """Turn decoded text into a Document, read as ``kind`` when given (one of KINDS), else as its suffix or
    its content says."""
    kind = kind if kind in KINDS else sniff(text, suffix)
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


def display_name(path: str | os.PathLike[str]) -> str:
    """A file name fit for a one-line message and for UTF-8 output.

    Bytes that are not UTF-8 show as ``\\xNN``, control characters (a newline
    in a name) as escapes; a name that needed either is put in quotes.
    """
    raw = os.fsencode(path)
    name = raw.decode("utf-8", "backslashreplace")
    if name.isprintable() and name.encode("utf-8") == raw:
        return name
    escaped = "".join(c if c.isprintable() else c.encode("unicode_escape").decode("ascii") for c in name)
    return '"' + escaped.replace('"', '\\"') + '"'


def _stat_error(name: str, path: Path, exc: OSError) -> InputError:
    """One line for an entry that cannot even be looked at."""
    if exc.errno == errno.ELOOP:
        return InputError(f"{name}: symbolic link loop; skipped")
    if exc.errno == errno.ENOENT and path.is_symlink():
        return InputError(f"{name}: dangling symbolic link (points to a missing file); skipped")
    if exc.errno in (errno.ENOENT, errno.ENOTDIR):
        return InputError(f"{name}: no such file or folder")
    return InputError(f"{name}: cannot be read ({exc.strerror or exc}); skipped")


Key = tuple[int, int]  # a file's (device, inode): the same file or folder reached twice


def _walk(root: Path, errors: list[InputError], seen: set[Key], up: frozenset[Key]) -> Iterator[Path]:
    """Input files under ``root``, in name order.

    Symbolic links to folders are followed; a folder reached twice is read
    once, and a link back to a folder above it is a loop, named and skipped.
    Unreadable folders, dangling links and pipes are named, never skipped silently.
    """
    here = display_name(root)
    try:
        entries = sorted(os.scandir(root), key=lambda e: os.fsencode(e.name))
    except OSError as exc:
        errors.append(InputError(f"{here}: folder cannot be read ({exc.strerror or exc}); skipped"))
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        path = Path(entry.path)
        name = display_name(path)
        try:
            st = os.stat(path)
        except OSError as exc:
            if exc.errno == errno.EACCES and not entry.is_symlink():
                errors.append(InputError(f"{here}: folder can be listed but not entered (permission denied); skipped"))
                return
            errors.append(_stat_error(name, path, exc))
            continue
        key = (st.st_dev, st.st_ino)
        if stat.S_ISDIR(st.st_mode):
            if key in up:
                errors.append(InputError(f"{name}: symbolic link loop (leads back to a folder above it); skipped"))
            elif key not in seen:
                seen.add(key)
                yield from _walk(path, errors, seen, up | {key})
        elif path.suffix.lower() in SUFFIXES and key not in seen:
            seen.add(key)
            if stat.S_ISREG(st.st_mode):
                yield path
            else:
                errors.append(InputError(f"{name}: not a regular file (a pipe, socket or device); skipped"))


def iter_paths(paths: list[str], errors: list[InputError]) -> Iterator[Path | None]:
    """Expand folders recursively in a stable order; ``-`` (stdin) yields None."""
    for raw in paths:
        if raw == "-":
            yield None
            continue
        path = Path(raw)
        try:
            st = os.stat(path)
        except OSError as exc:
            errors.append(_stat_error(display_name(path), path, exc))
            continue
        if not stat.S_ISDIR(st.st_mode):
            yield path
            continue
        before = len(errors)
        key = (st.st_dev, st.st_ino)
        found = False
        for child in _walk(path, errors, {key}, frozenset({key})):
            found = True
            yield child
        if not found and len(errors) == before:
            errors.append(InputError(f"{display_name(path)}: folder holds no readable input files"))


def _over_limit(name: str, max_bytes: int, size: int | None = None) -> InputError:
    got = f"{size_text(size)} is" if size is not None else "more than that was read: it is"
    return InputError(
        f"{name}: {got} over the {size_text(max_bytes)} limit (raise it with --max-mb or max_input_mb in the config)"
    )


def _read_on(read: Callable[[int], bytes | None], name: str, max_bytes: int, parts: list[bytes]) -> bytes:
    """``parts`` and what ``read(n)`` gives after them, until end of file; one byte over ``max_bytes``
    is an InputError (each read asks for at most that one byte more).  ``read`` returns None when
    nothing is there yet (a non-blocking stream)."""
    total = sum(map(len, parts))
    while total <= max_bytes:
        chunk = read(min(_CHUNK, max_bytes + 1 - total))
        if chunk is None:
            continue
        if not chunk:
            break
        parts.append(chunk)
        total += len(chunk)
    if total > max_bytes:
        raise _over_limit(name, max_bytes)
    return b"".join(parts)


def _read_stream(fd: int, name: str, max_bytes: int, idle_timeout: float | None) -> bytes:
    """Read a pipe or device until end of file, at most ``max_bytes`` (+1 to tell "over").

    ``idle_timeout``: give up when nothing arrives for so long (a FIFO with no
    writer, a terminal); None waits as long as it takes (stdin the user chose).
    """
    poller = select.poll()
    poller.register(fd, select.POLLIN | select.POLLHUP | select.POLLERR)
    wait_ms = None if idle_timeout is None else max(1, int(idle_timeout * 1000))

    def read(n: int) -> bytes | None:
        if not poller.poll(wait_ms):
            raise InputError(f"{name}: no data for {idle_timeout:g} s (a pipe nobody writes to?); skipped")
        try:
            return os.read(fd, n)
        except BlockingIOError:
            time.sleep(0.01)
            return None

    return _read_on(read, name, max_bytes, [])


def read_capped(path: Path | None, name: str, options: ReadOptions) -> bytes:
    """The bytes of one input, never more than the limit, never blocking forever.

    The limit is enforced while reading: ``stat`` says 0 for pipes, devices and
    files under /proc.  A FIFO is opened without blocking, so a FIFO nobody
    writes to ends after ``idle_timeout`` instead of hanging the run.
    """
    max_bytes = options.max_bytes
    if path is None and sys.stdin is None:
        raise InputError(f"{name}: standard input is closed")
    if path is None:
        try:
            fd, close = sys.stdin.fileno(), False
        except (OSError, ValueError):  # stdin replaced by an in-memory stream (tests, embedding)
            data = sys.stdin.buffer.read(max_bytes + 1)
            if len(data) > max_bytes:
                raise _over_limit(name, max_bytes) from None
            return data
    else:
        fd, close = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC), True
    try:
        st = os.fstat(fd)
        if stat.S_ISDIR(st.st_mode):
            raise InputError(f"{name}: is a folder")
        if stat.S_ISREG(st.st_mode):
            if st.st_size > max_bytes:
                raise _over_limit(name, max_bytes, st.st_size)
            os.set_blocking(fd, True)
            with os.fdopen(fd, "rb", closefd=False) as f:
                # read what stat says, not the limit (read(n) allocates n bytes up front);
                # a file that grows meanwhile is read on in chunks, up to the limit
                first = f.read(min(max_bytes, st.st_size) + 1)
                return _read_on(f.read, name, max_bytes, [first])
        return _read_stream(fd, name, max_bytes, None if path is None else options.idle_timeout)
    finally:
        if close:
            os.close(fd)


def read_text(path: Path | None, name: str, options: ReadOptions) -> str:
    """The decoded text of one input (``None``: stdin), within the limits; any failure is one InputError."""
    try:
        return decode(read_capped(path, name, options), name, options.encoding)
    except OSError as exc:
        raise InputError(f"{name}: cannot read ({exc.strerror or exc})") from exc


def text_or_file(arg: str, options: ReadOptions) -> str:
    """A command-line TEXT argument's text, by one rule: ``-`` is stdin; an existing path (a file,
    FIFO or device; under 4096 characters, no NUL) is read like every other input, within the
    limits of ``options``; anything else is the text itself."""
    if arg == "-":
        return read_text(None, "<stdin>", options)
    if len(arg) < 4096 and "\0" not in arg and os.path.lexists(arg):
        return read_text(Path(arg), arg, options)
    return arg


def read_inputs(paths: list[str], options: ReadOptions | None = None) -> tuple[list[Document], list[InputError]]:
    """Read every input; return the documents and one error per failed input."""
    options = options or ReadOptions()
    errors: list[InputError] = []
    docs: list[Document] = []
    for path in iter_paths(paths, errors):
        name = "<stdin>" if path is None else display_name(path)
        try:
            text = read_text(path, name, options)
            docs.append(parse(text, name, "" if path is None else path.suffix, errors))
        except InputError as exc:
            errors.append(exc)
    return docs, errors
