"""Summaries: sentence splitting, the extractive default, keywords, the guard,
neural backends on tiny models built here, the CLI and the evaluation gate."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from briefing import split
from briefing.backends import BackendContext
from briefing.cli import main
from briefing.config import SummarizeOptions
from briefing.errors import ConfigError
from briefing.evaluate import rouge
from briefing.records import Article
from briefing.sentences import split_sentences
from briefing.summarizers import Budget, Summarizer, get_summarizer_class, register
from briefing.summarizers.extractive import ExtractiveSummarizer, extract
from briefing.summarizers.guard import check, unsupported_facts
from briefing.summarizers.keywords import keywords
from briefing.summarizers.neural import NeuralSummarizer
from tests.conftest import SEED, needs_shared


def art(*paras: str, title: str = "某市推进社区服务改革") -> Article:
    return Article(title=title, paragraphs=list(paras))


# --- sentences ----------------------------------------------------------------


def test_quotes_and_brackets_stay_in_one_sentence():
    text = "“这不仅是技术的优化。更是理念的变革。”孟庆国说。他认为（见附件。）很重要！还有吗？"
    assert split_sentences(text) == [
        "“这不仅是技术的优化。更是理念的变革。”孟庆国说。",
        "他认为（见附件。）很重要！",
        "还有吗？",
    ]


def test_soft_and_length_limited_splitting():
    assert split_sentences("一是加强管理；二是优化流程。", soft=True) == ["一是加强管理；", "二是优化流程。"]
    long = "，".join(["这是一个没有句号的长分句"] * 60)
    pieces = split_sentences(long, max_len=50)
    assert all(len(p) <= 50 for p in pieces) and "".join(pieces) == long


# --- extractive (more in test_extractive.py) -------------------------------------

LONG = [
    "新华社北京7月8日电 日前，国务院办公厅印发关于健全重点事项常态化推进机制的意见，对优化政务服务作出部署。",
    "意见强调，要推动重点事项清单管理和常态化实施，加强部门协同和服务集成。",
    "一是加强重点事项清单管理。二是推动重点事项常态化实施。",
    "意见要求，国务院有关部门要加强本行业本领域重点事项统筹协调，强化条块联动。",
    "各省人民政府要统筹推进本地区政务服务工作，明确部门分工，加强综合协调。",
    "专家认为，常态化推进机制将让政务服务更加高效，让企业和群众办事更方便。",
]


def test_no_giant_keywords_from_unbroken_runs():
    kws = keywords(art("Report" + "x" * 500 + " 国务院办公厅印发意见，推进政务服务改革。"), 6)
    assert kws and all(len(k) <= 24 for k in kws)


def test_per_article_error_shows_in_every_format(tmp_path):
    src = tmp_path / "a.jsonl"
    src.write_text('{"id": "n", "text": "2025 2026 3.5%"}\n{"id": "ok", "text": "只有一句话的新闻。"}\n', "utf-8")
    res = CliRunner().invoke(main, ["summarize", "--format", "json", str(src)])
    assert res.exit_code == 1 and "a.jsonl:1" in res.stderr
    rows = {r["id"]: r for r in json.loads(res.stdout)["articles"]}
    assert rows["n"]["summary"] == "" and "no full sentence" in rows["n"]["error"] and rows["ok"]["error"] is None
    text = CliRunner().invoke(main, ["summarize", str(src)])
    assert "(no full sentence" in text.stdout and "只有一句话的新闻。" in text.stdout


# --- the guard --------------------------------------------------------------------

ARTICLE = (
    "2025年7月8日，教育部推出1100余门课程，优良率达到40%以上。“双千”计划由清华大学牵头。《政务数据共享条例》已施行。"
)


@pytest.mark.parametrize(
    ("summary", "missing"),
    [
        ("教育部推出1100余门课程，优良率达到40%以上。", []),
        ("教育部推出1200余门课程。", ["1200余"]),
        ("优良率达到45%以上。", ["45%"]),
        ("2024年7月8日教育部推出课程。", ["2024年7月8日"]),
        ("“三千”计划由清华大学牵头。", ["三千"]),
        ("《数据安全法》已施行。", ["数据安全法"]),
        ("教育部推出一千一百门课程。", ["一千一百"]),
    ],
)
def test_guard_finds_unsupported_facts(summary, missing):
    assert unsupported_facts(summary, ARTICLE) == missing


def test_guard_rejects_bad_generations():
    assert not check("", ARTICLE, 100).ok
    assert check("课程课程课程课程课程课程课程课程课程", ARTICLE, 100).reason == "repetition loop"
    assert "over-long" in (check("".join(LONG), "".join(LONG), 50).reason or "")
    assert check("The ministry launched courses.", ARTICLE, 100).reason == "not in the article's language"
    assert check("教育部推出1100余门课程。", ARTICLE, 100).ok


# --- neural backends -----------------------------------------------------------------


class QueuedSummarizer(NeuralSummarizer):
    """A fake model: returns queued outputs, records what it was asked."""

    name = "queued"

    def __init__(self, outputs: list[str], max_input_tokens: int = 512) -> None:
        super().__init__(BackendContext(SummarizeOptions(model="fake")))
        self.outputs = list(outputs)
        self.max_input_tokens = max_input_tokens
        self.calls: list[list[str]] = []

    def load(self):
        return (lambda text, add_special_tokens=False: {"input_ids": list(text)}), None

    def generate(self, texts, budget, titles):
        self.calls.append(list(texts))
        return [self.outputs.pop(0) for _ in texts]


def test_guard_accepts_faithful_and_falls_back_on_unfaithful():
    a = art(*LONG, title="国务院办公厅部署")
    b = art("全市已建成社区服务站120个，覆盖居民超过50万人。", "服务站提供就业指导和法律服务。")
    fake = QueuedSummarizer(["国务院办公厅印发意见，部署健全重点事项常态化推进机制。", "全市已建成社区服务站150个。"])
    out = fake.summarize([a, b], Budget(max_chars=100))
    assert out[0].extractive is False and out[0].fallback is None and out[0].backend == "queued"
    assert out[1].extractive is True and "150" in (out[1].fallback or "")
    assert "120" in out[1].text


def test_long_article_is_chunked_and_combined():
    a = art(*(LONG * 3))
    fake = QueuedSummarizer(["国务院办公厅印发意见。"] * 10, max_input_tokens=150)
    out = fake.summarize([a], Budget(max_chars=100))
    first = [t for call in fake.calls[:-1] for t in call]
    assert len(first) >= 4 and all(len(c) <= 150 for c in first)  # several chunks, batched by 4
    assert fake.calls[-1] == ["国务院办公厅印发意见。" * len(first)]  # chunk summaries summarized again
    assert out[0].text == "国务院办公厅印发意见。"


def test_registry_finds_builtins_and_plugins():
    assert get_summarizer_class("extractive") is ExtractiveSummarizer
    assert get_summarizer_class("seq2seq").name == "seq2seq"
    with pytest.raises(ConfigError, match="unknown summarizer"):
        get_summarizer_class("nope")

    @register
    class Echo(Summarizer):
        name = "echo-test"

        def summarize(self, articles, budget):
            return []

    assert get_summarizer_class("echo-test") is Echo


@pytest.fixture(scope="module")
def tiny_mt5(tmp_path_factory):
    pytest.importorskip("transformers")
    from tests.tiny_models import build_mt5

    return build_mt5(tmp_path_factory.mktemp("mt5") / "model")


@pytest.fixture(scope="module")
def tiny_lm(tmp_path_factory):
    pytest.importorskip("transformers")
    from tests.tiny_models import build_causal_lm

    return build_causal_lm(tmp_path_factory.mktemp("lm") / "model")


def _check_neural_json(output: str, backend: str) -> list[dict]:
    rows = json.loads(output)["articles"]
    assert len(rows) == 6
    for row in rows:
        assert row["backend"] == backend and row["summary"]
    return rows


def test_seq2seq_backend_end_to_end(tiny_mt5):
    res = CliRunner().invoke(
        main, ["summarize", "--backend", "seq2seq", "--model", str(tiny_mt5), "--format", "json", str(SEED)]
    )
    assert res.exit_code == 0, res.output
    rows = _check_neural_json(res.stdout, "seq2seq")
    # the tiny random mT5 says nothing: the guard replaces every output, and says why
    assert [(r["extractive"], r["fallback"]) for r in rows] == [(True, "empty output")] * 6
    extractive = json.loads(CliRunner().invoke(main, ["summarize", "--format", "json", str(SEED)]).stdout)["articles"]
    assert [r["summary"] for r in rows] == [r["summary"] for r in extractive]


def test_seq2seq_generation_path_really_runs(tiny_mt5):
    from briefing.summarizers.neural import Seq2SeqSummarizer

    s = Seq2SeqSummarizer(BackendContext(SummarizeOptions(model=str(tiny_mt5))), batch_size=2)
    texts = s.generate(["国务院办公厅印发意见。", "教育部推出课程。"], Budget(max_chars=20), ["", ""])
    assert len(texts) == 2 and all(isinstance(t, str) for t in texts)
    assert s.max_input_tokens == 128  # the tokenizer's limit, read from the model folder


def test_llm_backend_end_to_end(tiny_lm):
    from briefing.summarizers.neural import LLMSummarizer

    s = LLMSummarizer(BackendContext(SummarizeOptions(model=str(tiny_lm))))
    msgs = s.prompt("正文", "标题", Budget(max_chars=50))
    assert "不超过50个字" in msgs[0]["content"] and "标题" in msgs[0]["content"]
    res = CliRunner().invoke(
        main,
        ["summarize", "--backend", "llm", "--model", str(tiny_lm), "--max-chars", "60", "--format", "json", str(SEED)],
    )
    assert res.exit_code == 0, res.output
    rows = _check_neural_json(res.stdout, "llm")
    # the tiny random LM rambles (too long, or a number the article lacks): every output is replaced, with why
    assert [r["fallback"].split(" (")[0].split(":")[0] for r in rows] == [
        "over-long output",
        "over-long output",
        "not in the article",
        "over-long output",
        "over-long output",
        "over-long output",
    ]
    args = ["summarize", "--max-chars", "60", "--format", "json", str(SEED)]
    extractive = json.loads(CliRunner().invoke(main, args).stdout)["articles"]
    assert [r["summary"] for r in rows] == [r["summary"] for r in extractive]


def test_missing_model_is_one_clear_error(tmp_path):
    res = CliRunner().invoke(main, ["summarize", "--backend", "seq2seq", "--model", "nobody/no-such-model", str(SEED)])
    assert res.exit_code == 2
    assert "briefing models pull" in res.stderr and "Traceback" not in res.output
    (tmp_path / "broken").mkdir()
    (tmp_path / "broken" / "config.json").write_text("{}")
    res = CliRunner().invoke(
        main, ["summarize", "--backend", "seq2seq", "--model", str(tmp_path / "broken"), str(SEED)]
    )
    assert res.exit_code == 1 and "broken: not a usable summarization model folder" in res.stderr
    assert "Traceback" not in res.output
    res = CliRunner().invoke(main, ["summarize", "--backend", "seq2seq", str(SEED)])
    assert res.exit_code == 2 and "needs a model" in res.stderr  # a configuration error


# --- CLI and evaluation ------------------------------------------------------------


def test_summarize_cli_formats():
    res = CliRunner().invoke(main, ["summarize", "--format", "json", str(SEED)])
    assert res.exit_code == 0
    rows = json.loads(res.stdout)["articles"]
    split_ids = [a.id for a in split(SEED.read_text("utf-8")).articles]
    assert [r["id"] for r in rows] == split_ids
    assert all(r["backend"] == "extractive" and 20 <= len(r["summary"]) <= 160 and r["keywords"] for r in rows)
    md = CliRunner().invoke(main, ["summarize", "--format", "md", "--sentences", "1", str(SEED)])
    assert md.stdout.count("## ") == 6
    assert CliRunner().invoke(main, ["summarize", "--sentences", "1", "--max-chars", "50", str(SEED)]).exit_code == 2


def test_key_terms_are_shown_only_when_asked_and_change_nothing_else():
    """Default output is the summary and keywords; --key-terms adds the glosses and nothing else."""
    plain = CliRunner().invoke(main, ["summarize", str(SEED)])
    glossed = CliRunner().invoke(main, ["summarize", "--key-terms", str(SEED)])
    assert plain.exit_code == glossed.exit_code == 0
    term_lines = [line for line in glossed.stdout.splitlines() if line.startswith("    Key terms (glosses")]
    assert len(term_lines) == 6  # one per article of the seed
    assert "Key terms" not in plain.stdout
    assert plain.stdout.splitlines() == [line for line in glossed.stdout.splitlines() if line not in term_lines]
    rows = json.loads(CliRunner().invoke(main, ["summarize", "--format", "json", str(SEED)]).stdout)["articles"]
    more = json.loads(CliRunner().invoke(main, ["summarize", "--key-terms", "--format", "json", str(SEED)]).stdout)
    assert all("key_terms" not in r for r in rows)
    assert rows == [{k: v for k, v in r.items() if k != "key_terms"} for r in more["articles"]]
    assert all(r["key_terms"] for r in more["articles"])


def test_a_summary_pass_writes_the_cache_once_and_a_rerun_reads_it(tmp_path, monkeypatch):
    from briefing.cache import Cache
    from briefing.config import Options
    from briefing.pipeline import summarize_inputs

    with Cache(tmp_path / "c.sqlite3") as cache:
        writes: list[tuple] = []
        real = cache.put_many
        monkeypatch.setattr(cache, "put_many", lambda *a, **k: (writes.append(a), real(*a, **k)))
        first = summarize_inputs([str(SEED)], Options(), cache)
    assert len(writes) == 1 and len(writes[0][1]) == len(first.stories) == 6  # one transaction, one disk sync
    with Cache(tmp_path / "c.sqlite3") as cache:
        again = summarize_inputs([str(SEED)], Options(), cache)
        assert cache.hits == {"summary": 6} and not cache.misses
    assert [s.summary for s in again.stories] == [s.summary for s in first.stories]


def test_eval_command_prints_backend_and_lead(tmp_path):
    data = tmp_path / "d.jsonl"
    rows = [
        {"text": "".join(LONG), "summary": "国务院办公厅部署健全重点事项常态化推进机制"},
        {"article": "全市已建成社区服务站120个。覆盖居民超过50万人。", "summary": "全市建成社区服务站120个"},
    ]
    data.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows), "utf-8")
    res = CliRunner().invoke(main, ["eval", "summarize", str(data), "--sentences", "1"])
    assert res.exit_code == 0, res.output
    assert "extractive" in res.stdout and "lead-1" in res.stdout and "set: d (n=2)" in res.stdout
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"text": "x"}\n')
    res = CliRunner().invoke(main, ["eval", "summarize", str(bad)])
    assert res.exit_code == 1 and "bad.jsonl:1" in res.stderr


def test_eval_says_how_many_items_the_summarizer_was_tuned_on(tmp_path, monkeypatch):
    import briefing.summarizers.extractive as ex
    from briefing.summarizers.base import text_digest

    texts = ["".join(LONG), "全市已建成社区服务站120个。覆盖居民超过50万人。"]
    data = tmp_path / "d.jsonl"
    data.write_text("\n".join(json.dumps({"text": t, "summary": "摘要"}, ensure_ascii=False) for t in texts), "utf-8")
    res = CliRunner().invoke(main, ["eval", "summarize", str(data), "--sentences", "1"])
    assert res.exit_code == 0 and "set: d (n=2)\n" in res.stdout  # none of these was trained on
    # whitespace does not hide a tuned-on text
    monkeypatch.setattr(ex, "tuned_digests", lambda: frozenset({text_digest(" \n".join(texts[1]))}))
    res = CliRunner().invoke(main, ["eval", "summarize", str(data), "--sentences", "1"])
    assert res.exit_code == 0
    assert "set: d (n=2); 1 of them tuned on: not an out-of-sample number" in res.stdout


def test_text_digest_is_blind_to_invisible_differences_and_takes_any_string():
    from briefing.summarizers.base import text_digest

    text = "国务院常务会议部署稳就业工作。会议指出，要加大支持力度。"
    same = ["\ufeff" + text, text.replace("。", "。\u200b"), text.replace("，", ","), " \n".join(text)]
    assert {text_digest(t) for t in same} == {text_digest(text)}
    assert text_digest(text) != text_digest(text.replace("稳就业", "稳外贸"))
    assert len(text_digest("国务院\ud800常务会议")) == 12  # a lone surrogate from JSON: no crash


def test_eval_refuses_values_of_the_wrong_shape_with_one_line(tmp_path):
    lines = [
        '{"text": 123, "summary": "x"}',
        '{"text": "正文。", "summary": null}',
        '{"text": "正文。", "summary": "x", "title": ["a"]}',
        '{"text": "正文。", "summary": "x", "id": ' + "9" * 5000 + "}",
        '{"text": ' + "[" * 100_000 + "]" * 100_000 + ', "summary": "x"}',
    ]
    for n, line in enumerate(lines):
        data = tmp_path / f"bad{n}.jsonl"
        data.write_text(line + "\n", "utf-8")
        res = CliRunner().invoke(main, ["eval", "summarize", str(data), "--sentences", "1"])
        assert res.exit_code == 1, line[:40]
        err = res.stderr.strip().splitlines()
        assert len(err) == 1 and err[0].startswith(f"briefing: error: {data}:1: needs"), line[:40]
    res = CliRunner().invoke(main, ["eval", "summarize", str(data), "--limit", "-1"])
    assert res.exit_code == 2


def test_a_huge_input_limit_reads_a_small_file_without_reserving_the_limit(tmp_path):
    """read(n) reserves n bytes: with max_input_mb at its maximum a 1 kB file ran out of memory."""
    page = tmp_path / "p.txt"
    page.write_text("国务院常务会议今天召开，部署稳就业工作。会议指出，要加大支持力度。\n", "utf-8")
    res = CliRunner(env={"BRIEFING_MAX_INPUT_MB": "1000000"}).invoke(main, ["summarize", str(page)])
    assert res.exit_code == 0, res.output
    assert "部署稳就业工作" in res.stdout


@pytest.mark.shared
def test_the_packaged_list_of_tuned_on_articles_covers_lcsts_and_not_the_report_items():
    """lcsts_test trains the scorer (its report number is cross-validated); later broadcast items never do."""
    needs_shared("data", "lcsts_test")
    from benchmarks.summary_sets import lcsts_items, xwlb_items
    from briefing.summarizers.base import text_digest
    from briefing.summarizers.extractive import tuned_digests

    seen = tuned_digests()
    assert all(text_digest(i.text) in seen for i in lcsts_items())
    tune, report = xwlb_items()
    assert all(text_digest(r["article"]) in seen for r in tune[::50])
    assert not any(text_digest(r["article"]) in seen for r in report)


def test_rouge_on_characters():
    assert rouge("国务院办公厅", "国务院办公厅")["rougeL"] == 100
    assert rouge("，。 ", "国务院")["rouge1"] == 0
    assert 0 < rouge("国务院印发意见", "国务院办公厅印发")["rouge2"] < 100


def test_list_items_do_not_stand_alone_in_a_summary(seed_text):
    arts = split(seed_text).articles
    summary = extract(arts[0], max_chars=150).pieces
    assert summary and not any(s.startswith(("一是", "二是", "三是", "四是")) for s in summary)


def test_eval_on_pages_uses_printed_headlines():
    from briefing.evaluate import load_page_pairs

    items = load_page_pairs([str(SEED)])
    assert len(items) == 5  # the headless fragment has no printed headline
    assert any(i.reference.startswith("探访") for i in items)
    res = CliRunner().invoke(main, ["eval", "summarize", str(SEED), "--sentences", "1"])
    assert res.exit_code == 0 and f"set: {SEED.stem} (n=5)" in res.stdout
