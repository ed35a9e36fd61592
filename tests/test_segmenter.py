"""The segmenter gives jieba's words, word for word, whether rjieba or jieba segments (issue #23).

Keywords are ranked from these words, so any difference would change the
briefing.  Every check compares with jieba's own ``lcut`` on the same text.
"""

from __future__ import annotations

import json
import warnings

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from briefing import segmenter
from tests.conftest import needs_shared

with warnings.catch_warnings():  # jieba imports the deprecated pkg_resources
    warnings.simplefilter("ignore")
    import jieba

pytestmark = pytest.mark.skipif(segmenter._fast() is None, reason="rjieba is not installed: jieba segments")


def jieba_words(text: str) -> list[str]:
    return list(segmenter.tokenizer().lcut(text))


@pytest.mark.parametrize(
    "text",
    [
        "俄军S-300防空导弹系统",  # a code jieba's HMM step splits at '-' (rjieba keeps it whole)
        "毒株BQ.1.1和BQ.1，增长5.2%，1-2月份，波音737-800",  # decimals, percents, ranges
        "C++与AT&T、c#和C#",  # dictionary words without Chinese stay whole
        "锦州9-3油田位于辽东湾北部海域",
        "a_b&c+d#e.f%g-h 中文x-1",
        "第一行\r\n第二行\t第三行  多个空格",  # whitespace is cut as jieba cuts it
        "\u9fe0\u3400𠀀Ａ１é——“引号”《书名》",  # characters outside jieba's Chinese range
        "",
    ],
)
def test_the_words_are_jiebas(text):
    assert segmenter.cut(text) == jieba_words(text)


# every character jieba's blocks hold besides Chinese; Chinese words and their characters alone; the rest
_NOT_CHINESE = st.sampled_from([*"abcXYZ0123456789+#&._%-", "C++", "AT&T"])
_CHINESE = st.sampled_from(
    [
        *"国务院办公厅印发关于优化政务服务的意见北京清华大学",
        *"政务服务 高校毕业生 导弹系统 防空 主战坦克 油田 月份".split(),
    ]
)
_OTHER = st.sampled_from([*"，。、 \n\t“”", "\r\n", "\u9fe0", "\u3400"])


@settings(max_examples=400, deadline=None)
@given(st.lists(_NOT_CHINESE | _CHINESE | _OTHER, max_size=16).map("".join))
def test_generated_mixed_text_is_segmented_as_jieba_segments_it(text):
    assert segmenter.cut(text) == jieba_words(text)


def test_without_rjieba_jieba_segments(monkeypatch):
    """The fallback: the same words from jieba when rjieba is not there (and its words are jieba's too)."""
    text = "俄军S-300防空导弹系统，增长5.2%。"
    fast = segmenter.cut(text)
    monkeypatch.setattr(segmenter, "_fast", lambda: None)
    assert segmenter.cut(text) == fast == jieba.lcut(text)


@pytest.mark.shared
def test_news_articles_are_segmented_as_jieba_segments_them():
    """A few hundred broadcast news items (every 20th), titles and bodies, word for word."""
    path = needs_shared("data", "xwlb_headline_train", "data.jsonl")
    texts = []
    with path.open(encoding="utf-8") as lines:
        for i, line in enumerate(lines):
            if i % 20 == 0:
                row = json.loads(line)
                texts += [row["article"], row["summary"]]
    assert len(texts) > 500
    assert [segmenter.cut(t) for t in texts] == [jieba_words(t) for t in texts]


@pytest.mark.parametrize(
    "table",
    [
        b"a 1 n\nbb 2 v\n",  # one batch split whole
        b"a 1 n\n\nbb 2 v\r\n  c 3 x  \n",  # blank lines, CRLF, spaces around: read line by line, as jieba strips
    ],
)
def test_table_fields_are_what_jieba_reads_line_by_line(table):
    import io

    expected = [f for line in table.split(b"\n") if line.strip() for f in line.strip().decode().split(" ")]
    assert [f for batch in segmenter._fields(io.BytesIO(table), 3) for f in batch] == expected


def test_a_table_line_of_another_width_is_refused_as_jieba_refuses_it():
    import io

    with pytest.raises(ValueError, match="not 3 fields"):
        list(segmenter._fields(io.BytesIO(b"a 1 n\nb\t2 v\n"), 3))  # 3 fields by whitespace, 2 by spaces


def test_a_large_table_is_read_in_batches_with_the_same_fields():
    import io

    lines = [f"词{i} {i} n".encode() for i in range(60_000)]  # > 1 MB: several batches
    lines[30_000] = b"  \xe8\xaf\x8d 7 v  "  # a line jieba strips, in the middle batch
    table = b"\n".join(lines) + b"\n"
    got = [f for batch in segmenter._fields(io.BytesIO(table), 3) for f in batch]
    assert got == [f for line in lines for f in line.strip().decode().split(" ")]
