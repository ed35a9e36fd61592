"""The library API and the command line agree (issue #19): one text summarized by ``briefing.summarize`` and
by ``briefing summarize`` gives one summary and one set of keywords; ``split`` honours the kind it is told."""

from __future__ import annotations

import json

from click.testing import CliRunner

import briefing
from briefing.cli import main

# a headless text: its first sentence stands in as the title, which is not a headline to avoid
TEXT = (
    "市场监管总局今天发布消息，全国登记在册经营主体达到一亿八千万户。"
    "其中企业五千八百万户，个体工商户一亿二千万户，农民专业合作社二百万户。"
    "今年前三季度，全国新设经营主体两千多万户，同比增长百分之十二。"
    "专家表示，经营主体数量持续增长，说明营商环境不断改善，市场活力进一步释放。"
    "下一步，市场监管部门将继续深化登记注册便利化改革，降低制度性交易成本。"
)


def test_the_api_and_the_cli_summarize_a_headless_text_alike(tmp_path):
    path = tmp_path / "body.txt"
    path.write_text(TEXT + "\n", "utf-8")
    for flags in ([], ["--sentences", "1"], ["--max-chars", "60"]):
        res = CliRunner().invoke(main, ["summarize", "--format", "json", *flags, str(path)])
        assert res.exit_code == 0, res.output
        [row] = json.loads(res.stdout)["articles"]
        opts = briefing.Options()
        if flags:
            setattr(opts.summarize, flags[0][2:].replace("-", "_"), int(flags[1]))
            if flags[0] == "--max-chars":
                opts.summarize.sentences = 0
        summary = briefing.summarize(TEXT, opts)
        assert row["title_derived"] is True
        assert (summary.text, summary.keywords) == (row["summary"], row["keywords"]), flags
        assert summary.text and len(summary.text) < len(TEXT)


def test_split_reads_a_page_as_the_kind_it_is_told():
    """Tags the content sniffing does not take for HTML (no <p>, <div> or <h1> opens the page): told
    ``kind="html"``, or named ``.html``, the page is HTML and its text has no tags; told nothing, it is plain
    text and the tags are its text.  Told ``markdown``, emphasis marks are markup."""
    page = "<section><b>某市新建社区服务站</b></section>\n<section>全市已建成社区服务站120个，覆盖居民超过50万人。</section>\n"
    want = [("某市新建社区服务站", ["全市已建成社区服务站120个，覆盖居民超过50万人。"])]
    for told in (briefing.split(page, kind="html"), briefing.split(page, name="page.html")):
        assert [(a.title, a.paragraphs) for a in told.articles] == want
    assert briefing.split(page).articles[0].title == "<section><b>某市新建社区服务站</b></section>"
    marked = "某市新建社区服务站\n\n全市已建成社区服务站120个，**覆盖**居民超过50万人。\n"
    assert briefing.split(marked, kind="markdown").articles[0].paragraphs == want[0][1]
    assert "**覆盖**" in briefing.split(marked).articles[0].paragraphs[0]


def test_the_translate_command_keeps_its_english_in_the_cache(monkeypatch):
    """``briefing translate`` twice on one text (the fake local translator of test_english): the first run
    translates, the second takes the same English from the state folder's cache."""
    from briefing.translators.base import translators
    from tests.test_english import ARTICLES, KNOWN, KnownEnglish

    monkeypatch.setitem(translators._classes, KnownEnglish.name, KnownEnglish)
    text = ARTICLES[0]["text"]
    runs = []
    for _ in range(2):
        res = CliRunner().invoke(main, ["translate", "--translator-backend", "known-english", "--format", "json", text])
        assert res.exit_code == 0, res.output
        runs.append(json.loads(res.stdout))
    assert [r[0]["text"] for r in runs] == [KNOWN[text]] * 2
    assert [r[0]["cached"] for r in runs] == [0, 1]


def test_split_told_text_reads_plain_text_whatever_it_looks_like():
    """``kind="text"`` is plain text too: a first line like a Markdown heading or a JSON Lines record stays
    text (the content is not sniffed), where told nothing the page is read as what it looks like."""
    heading = "# 第一条措施\n\n全市已建成社区服务站120个，覆盖居民超过50万人。\n"
    assert briefing.split(heading, kind="text").articles[0].title == "# 第一条措施"
    assert briefing.split(heading).articles[0].title == "第一条措施"
    record = '{"title": "某市新建社区服务站", "text": "全市已建成社区服务站120个。"}\n全市居民超过50万人，服务站覆盖全部社区。\n'
    as_text = briefing.split(record, kind="text")
    assert as_text.articles and as_text.articles[0].paragraphs[0].startswith('{"title": "某市新建社区服务站"')
    assert briefing.split(record.splitlines()[0] + "\n").articles[0].title == "某市新建社区服务站"


def test_max_chars_on_the_command_line_wins_over_sentences_in_the_config(tmp_path):
    """``[summarize] sentences = 2`` in the config, ``--max-chars 60`` given: the summary is cut by characters
    (as the API's sentences = 0, max_chars = 60 cuts it), not two sentences; without the flag, two sentences."""
    path = tmp_path / "body.txt"
    path.write_text(TEXT + "\n", "utf-8")
    cfg = tmp_path / "c.toml"
    cfg.write_text("[summarize]\nsentences = 2\n", "utf-8")

    def cli_summary(*flags: str) -> str:
        res = CliRunner().invoke(main, ["summarize", "--format", "json", "--config", str(cfg), *flags, str(path)])
        assert res.exit_code == 0, res.output
        return json.loads(res.stdout)["articles"][0]["summary"]

    by_chars, by_sentences = briefing.Options(), briefing.Options()
    by_chars.summarize.max_chars, by_sentences.summarize.sentences = 60, 2
    assert cli_summary("--max-chars", "60") == briefing.summarize(TEXT, by_chars).text
    assert cli_summary() == briefing.summarize(TEXT, by_sentences).text != briefing.summarize(TEXT, by_chars).text


def test_split_checks_its_options_and_decodes_bytes_with_their_encoding():
    """The library's split: options with a wrong value are refused before the page is read; bytes are decoded
    with the configured encoding (GB18030 here)."""
    import pytest

    from briefing.errors import ConfigError

    page = "某市新建社区服务站\n\n全市已建成社区服务站120个，覆盖居民超过50万人。\n"
    opts = briefing.Options()
    opts.encoding = "gb18030"
    assert briefing.split(page.encode("gb18030"), opts).articles[0].title == "某市新建社区服务站"
    opts.max_input_mb = -1
    with pytest.raises(ConfigError, match="max_input_mb"):
        briefing.split(page, opts)


def test_an_evaluation_without_a_name_says_unnamed():
    from briefing.evaluate import EvalItem, evaluate_summarizer
    from briefing.summarizers.service import budget_of

    opts = briefing.Options()
    summarizer = briefing.api._summarizer(opts)
    report = evaluate_summarizer(
        [EvalItem("1", TEXT, "经营主体达到一亿八千万户")], summarizer, budget_of(opts.summarize)
    )
    assert report.table().splitlines()[0] == "set: unnamed (n=1)"
