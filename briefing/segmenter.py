"""Words of Chinese text: jieba's segmentation and the tables of its dictionaries that
keywords and key terms read (each word's part of speech, each word's IDF).

Each loads on first use, once per process, and only when a stage asks for it:
the extractive summary needs none of them, keywords the words, the tags and
the IDF.  ``jieba.posseg`` and ``jieba.analyse`` are never imported here:
importing them loads the POS tagger's HMM tables and two more copies of the
IDF table (about 100 MB and a second of start-up) that only their own taggers
use.  The tables here are read from the same files, line by line as jieba
reads them (the tests check that they are equal to jieba's own).

The words come from rjieba (jieba-rs: jieba's algorithm and default dictionary,
compiled; about fourteen times faster, and jieba itself is then not even
imported) when it is installed, and from jieba otherwise.  The two agree on
every run of Chinese characters; on runs of Latin letters, digits and
``+#&._%-`` that jieba's HMM step meets, jieba splits them with its own
pattern (``S-300`` -> ``S / - / 300``) and jieba-rs does not, so those runs are
split here as jieba splits them: the words are jieba's, word for word (tests
compare them on news and on generated text of every such kind).
"""

from __future__ import annotations

import functools
import importlib.util
import itertools
import marshal
import re
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any, BinaryIO


@functools.cache
def _jieba() -> Any:
    """The jieba module, quiet (it logs its dictionary loading on stderr)."""
    import warnings

    with warnings.catch_warnings():  # jieba imports the deprecated pkg_resources
        warnings.simplefilter("ignore")
        import jieba

    jieba.setLogLevel(60)
    return jieba


@functools.cache
def tokenizer() -> Any:
    """jieba's default tokenizer with its prefix dictionary loaded.

    jieba reads the dictionary from its cache file with ``marshal.load`` on the
    open file, which reads object by object: half of its start-up.  The same
    file read whole and given to ``marshal.loads`` gives the same tables in half
    the time.  Anything else -- no cache file yet, one that does not hold a
    dictionary, a dictionary or cache file set by someone -- goes through
    jieba's own initialisation, which builds the dictionary and writes the cache.
    """
    dt = _jieba().dt
    with dt.lock:
        if not dt.initialized and dt.dictionary is None and dt.cache_file is None:  # the default dictionary
            tables = _cached_prefix_dict(Path(dt.tmp_dir or tempfile.gettempdir()) / "jieba.cache")
            if tables is not None:
                dt.FREQ, dt.total = tables
                dt.initialized = True
        dt.check_initialized()
    return dt


def _cached_prefix_dict(path: Path) -> tuple[dict[str, int], int] | None:
    """(FREQ, total) from jieba's cache file, as jieba would load them; None if it holds no such tables."""
    try:
        tables = marshal.loads(path.read_bytes())
    except (OSError, ValueError, EOFError, TypeError):
        return None
    ok = isinstance(tables, tuple) and len(tables) == 2 and isinstance(tables[0], dict) and isinstance(tables[1], int)
    return tables if ok else None


def cut(text: str) -> list[str]:
    """The words of ``text`` as ``jieba.lcut`` gives them (accurate mode, with the HMM for unknown words)."""
    fast = _fast()
    if fast is None:
        words: list[str] = tokenizer().lcut(text)
        return words
    out: list[str] = []
    # jieba.Tokenizer.cut: blocks of Chinese, Latin, digits and +#&._%- are segmented, the rest
    # is cut at whitespace and every other character is a word
    for i, block in enumerate(_BLOCK.split(text)):
        if i % 2:
            out += _fast_block(fast, block)
        elif block:
            for part in _WHITESPACE.split(block):
                if _WHITESPACE.match(part):
                    out.append(part)
                else:
                    out.extend(part)
    return out


# jieba's patterns: its blocks (jieba.re_han_default), its whitespace (re_skip_default), the
# characters its HMM step segments (finalseg.re_han), and how that step splits the rest (finalseg.re_skip)
_BLOCK = re.compile(r"([\u4E00-\u9FD5a-zA-Z0-9+#&._%\-]+)")
_WHITESPACE = re.compile(r"(\r\n|\s)")
_HAN = re.compile(r"[\u4E00-\u9FD5]")
_NOT_HAN = re.compile(r"[a-zA-Z0-9+#&._%\-]")
_HMM_SKIP = re.compile(r"([a-zA-Z0-9]+(?:\.\d+)?%?)")


@functools.cache
def _fast() -> Any:
    """rjieba with jieba's default dictionary (its module: importing it builds the dictionary, once
    per process, like jieba's global tokenizer), or None when rjieba is not installed."""
    try:
        import rjieba
    except ImportError:
        return None
    return rjieba


def _fast_block(fast: Any, block: str) -> list[str]:
    """The words of one block as jieba gives them, from rjieba's words of the block.

    Outside the dictionary, a run of non-Chinese characters comes from jieba's HMM
    step, which splits it with its own pattern; rjieba gives it whole.  Such runs
    (rjieba's words without Chinese that are a single character or no dictionary
    word: ``C++`` stays whole) are joined and split as jieba splits them.
    """
    words: list[str] = fast.cut(block)
    if not _NOT_HAN.search(block):
        return words
    out: list[str] = []
    run = ""
    for word in words:
        if not _HAN.search(word) and (len(word) == 1 or not fast.has_word(word)):
            run += word
            continue
        if run:
            out += [part for part in _HMM_SKIP.split(run) if part]
            run = ""
        out.append(word)
    if run:
        out += [part for part in _HMM_SKIP.split(run) if part]
    return out


@functools.cache
def tags() -> dict[str, str]:
    """Word -> part-of-speech tag of jieba's dictionary (what ``jieba.posseg.dt.word_tag_tab`` holds),
    each tag interned: there are a few dozen distinct tags for 349,000 words."""
    table: dict[str, str] = {}
    with _dictionary_file() as lines:
        for fields in _fields(lines, 3):
            table.update(zip(fields[0::3], map(sys.intern, fields[2::3]), strict=True))
    return table


@functools.cache
def idf() -> tuple[dict[str, float], float]:
    """Word -> inverse document frequency of jieba's IDF table, and the median IDF
    (what ``jieba.analyse.TFIDF().idf_freq`` and ``.median_idf`` hold), each distinct value
    held once: 260,000 words share 3,300 values (7 MB less).

    Its words are not shared with the tag table's (another 17 MB less): looking
    each up costs a quarter of a second of start-up.
    """
    same_value: dict[str, float] = {}
    table: dict[str, float] = {}
    with (_jieba_dir() / "analyse" / "idf.txt").open("rb") as lines:
        for fields in _fields(lines, 2):
            keys, values = fields[0::2], fields[1::2]
            same_value.update((value, float(value)) for value in set(values).difference(same_value))
            table.update(zip(keys, map(same_value.__getitem__, values), strict=True))
    return table, sorted(table.values())[len(table) // 2]


def _fields(lines: BinaryIO, width: int) -> Iterator[list[str]]:
    """The fields of the lines of a table ``word field...`` (``width`` fields a line, one space
    between them), batch by batch and flattened: what jieba's ``line.strip().split(" ")`` gives.

    A batch of lines that all have ``width - 1`` spaces and ``width`` fields in all is split as
    one text (a tenth of the time of line by line); any other batch line by line, as jieba reads,
    blank lines skipped and a line of another width refused.
    """
    spaces = itertools.repeat(b" ")
    while batch := lines.readlines(1 << 20):
        fields = b"".join(batch).decode("utf-8").split()
        if len(fields) == width * len(batch) and set(map(bytes.count, batch, spaces)) == {width - 1}:
            yield fields
            continue
        fields = []
        for raw in batch:
            line = raw.strip().decode("utf-8")
            if line:
                parts = line.split(" ")
                if len(parts) != width:
                    raise ValueError(f"{getattr(lines, 'name', 'table')}: not {width} fields: {line[:80]!r}")
                fields += parts
        yield fields


def _jieba_dir() -> Path:
    """The folder of the jieba package, found without importing it (its import alone is 0.1 s)."""
    spec = importlib.util.find_spec("jieba")
    if spec is None or spec.origin is None:
        raise ModuleNotFoundError("jieba is not installed", name="jieba")
    return Path(spec.origin).parent


def _dictionary_file() -> BinaryIO:
    """The dictionary the words come from: jieba's default one under rjieba, jieba's own otherwise."""
    if _fast() is not None:
        return (_jieba_dir() / "dict.txt").open("rb")
    dictionary: BinaryIO = _jieba().dt.get_dict_file()
    return dictionary
