"""Words of Chinese text: jieba's segmenter and the tables of its dictionaries that
keywords and key terms read (each word's part of speech, each word's IDF).

Each loads on first use, once per process, and only when a stage asks for it:
the extractive summary needs none of them, keywords the segmenter, the tags
and the IDF, key terms the segmenter and the tags.  ``jieba.posseg`` and
``jieba.analyse`` are never imported: importing them loads the POS tagger's
HMM tables and two more copies of the IDF table (about 100 MB and a second
of start-up) that only their own taggers use.  The tables here are read from
the same files, line by line as jieba reads them (the tests check that they
are equal to jieba's own).
"""

from __future__ import annotations

import functools
import marshal
import sys
import tempfile
from pathlib import Path
from typing import Any


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
    words: list[str] = tokenizer().lcut(text)
    return words


@functools.cache
def tags() -> dict[str, str]:
    """Word -> part-of-speech tag of jieba's dictionary (what ``jieba.posseg.dt.word_tag_tab`` holds).

    Read as a stream (the whole file as text would double the peak), each tag
    interned: there are a few dozen distinct tags for 349,000 words.
    """
    table: dict[str, str] = {}
    intern = sys.intern
    with _jieba().dt.get_dict_file() as lines:
        for raw in lines:
            line = raw.strip().decode("utf-8")
            if line:
                word, _, tag = line.split(" ")
                table[word] = intern(tag)
    return table


@functools.cache
def idf() -> tuple[dict[str, float], float]:
    """Word -> inverse document frequency of jieba's IDF table, and the median IDF
    (what ``jieba.analyse.TFIDF().idf_freq`` and ``.median_idf`` hold)."""
    path = Path(_jieba().__file__).parent / "analyse" / "idf.txt"
    table: dict[str, float] = {}
    with path.open("rb") as lines:
        for raw in lines:
            line = raw.decode("utf-8").strip()
            if line:
                word, value = line.split(" ")
                table[word] = float(value)
    return table, sorted(table.values())[len(table) // 2]
