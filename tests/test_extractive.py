"""The extractive default: spans that keep their subject, openers as metadata,
no repeated headline, hard budgets, bad input, whole-term keywords, and the
gate against Lead-k and the known tools on sets it was not tuned on."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from briefing.backends import BackendContext
from briefing.cli import main
from briefing.config import SummarizeOptions
from briefing.records import Article
from briefing.sentences import split_sentences
from briefing.summarizers import Budget
from briefing.summarizers.extractive import ELLIPSIS, NOTHING_BEYOND_TITLE, ExtractiveSummarizer, clip, extract, scorer
from briefing.summarizers.keywords import keywords
from briefing.summarizers.service import summarize_all
from briefing.summarizers.spans import FEATURES, RELATIVE, Doc, relative, sentences_of, split_clauses, strip_opener
from tests.conftest import needs_shared

BODY = [
    "国务院办公厅日前印发关于健全重点事项常态化推进机制的意见，对优化政务服务作出部署。",
    "意见强调，要推动重点事项清单管理和常态化实施，加强部门协同和服务集成。",
    "意见要求，国务院有关部门要加强本行业本领域重点事项统筹协调，强化条块联动。",
    "各省人民政府要统筹推进本地区政务服务工作，明确部门分工，加强综合协调。",
    "专家认为，常态化推进机制将让政务服务更加高效，让企业和群众办事更方便。",
]


def art(*paras: str, title: str = "", derived: bool = True) -> Article:
    return Article(title=title, paragraphs=list(paras), title_derived=derived)


def text_of(a: Article, **budget: int) -> str:
    return "".join(extract(a, **budget).pieces)


# --- what a summary is made of -----------------------------------------------------


def test_the_scorer_file_matches_the_features():
    weights = scorer()
    assert weights["features"] == list(FEATURES + RELATIVE)
    assert len(weights["span"]) == len(weights["sentence"]) == len(FEATURES + RELATIVE)


def test_the_cross_validation_scorers_match_the_packaged_features():
    """bench_summarize scores lcsts posts with these: they must be of the same scorer."""
    cv_file = Path(__file__).resolve().parent.parent / "benchmarks" / "scorer_cv.json"
    assert cv_file.exists() == ("lcsts_test" in scorer()["trained_on"])  # train_summarizer.py writes both
    if not cv_file.exists():
        return
    cv = json.loads(cv_file.read_text("utf-8"))
    assert cv["features"] == scorer()["features"]
    assert cv["trained_on"] == scorer()["trained_on"]
    assert all(fold["span"] != scorer()["span"] for fold in cv["folds"])  # each fold left posts out


def test_the_last_sentence_cue_marks_only_the_last_of_several():
    last, lastxdoc, doclen = FEATURES.index("last"), FEATURES.index("lastxdoc"), FEATURES.index("doclen")
    a = art(*BODY[:3])
    cands = Doc(sentences_of(a)).candidates(compress=True)
    n = len(sentences_of(a))
    assert n >= 2
    for s, _, _, f in cands:
        assert f[last] == float(s.index == n - 1)
        assert f[lastxdoc] == f[last] * f[doclen]
    alone = Doc(sentences_of(art(BODY[0]))).candidates(compress=True)
    assert all(f[last] == 0.0 for *_, f in alone)  # one sentence is not "the last of several"


@pytest.mark.shared
def test_the_benchmark_scores_each_tuned_on_post_with_the_fold_scorer_that_never_saw_it():
    needs_shared("data", "lcsts_test")
    from benchmarks.summary_sets import CV_FILE, ours, ours_for, report_sets

    lcsts = next(s for s in report_sets(dev_every=80) if s.name == "lcsts")
    folds = json.loads(CV_FILE.read_text("utf-8"))["folds"]
    scored = ours_for(lcsts)
    for i, item in enumerate(lcsts.items[:40]):
        assert scored(item.text, 1) == ours(item.text, 1, folds[i % lcsts.folds])
    assert any(scored(i.text, 1) != ours(i.text, 1) for i in lcsts.items)  # not the packaged, in-sample scorer


def test_relative_features_compare_a_candidate_with_the_best_of_its_article():
    c, r, d = FEATURES.index("central"), FEATURES.index("recur"), FEATURES.index("doclen")
    rows = [[0.0] * len(FEATURES) for _ in range(3)]
    for row, central, recur in zip(rows, (0.2, 0.4, 0.1), (0.5, 0.25, 0.0), strict=True):
        row[c], row[r], row[d] = central, recur, 5.0
    out = [row[len(FEATURES) :] for row in relative(rows)]
    assert out == [[0.5, 1.0, 0.0, 2.5], [1.0, 0.5, 1.0, 5.0], [0.25, 0.0, 0.0, 1.25]]
    flat = relative([[0.0] * len(FEATURES)])  # nothing central at all: no division by zero, no "most central"
    assert flat[0][len(FEATURES) :] == [0.0, 0.0, 0.0, 0.0]


def test_clauses_never_cut_inside_quotes_titles_or_brackets():
    s = "他说：“我们要改，马上改。”《关于健全，推进机制的意见》（试行，第二版）已印发，今天施行。"
    assert split_clauses(s) == ["他说：", "“我们要改，马上改。”《关于健全，推进机制的意见》（试行，第二版）已印发，", "今天施行。"]
    assert "".join(split_clauses(s)) == s


@pytest.mark.parametrize(
    "opener",
    [
        "央视网消息（新闻联播）：",
        "新华社北京7月8日电 ",
        "新华社北京7月8日电（记者 王小明 李华）",
        "本报讯（记者 张三）",
        "记者王明报道：",
    ],
)
def test_boilerplate_openers_never_lead_a_summary(opener):
    assert strip_opener(opener + BODY[0]) == BODY[0]
    a = art(opener + BODY[0], *BODY[1:])
    for budget in ({"sentences": 1}, {"sentences": 2}, {"max_chars": 150}):
        summary = text_of(a, **budget)
        assert summary and not summary.startswith(opener.strip()[:3]), (budget, summary)


def test_one_sentence_keeps_its_subject_and_marks_a_shortened_end():
    lead_in = "7月8日，"
    a = art(lead_in + "国务院办公厅印发关于健全重点事项常态化推进机制的意见，对优化政务服务作出部署，明确了各部门的责任分工和时间表。", *BODY[1:])
    ex = extract(a, sentences=1)
    (piece,) = ex.pieces
    sentence = split_sentences(a.paragraphs[0])[0]
    core = piece.removesuffix(ELLIPSIS)
    # a run of whole clauses from the sentence's start (a date may go): the subject stays
    assert core.startswith("国务院办公厅") and (sentence.startswith(core) or sentence[len(lead_in) :].startswith(core))
    assert ex.trimmed == (core != sentence)  # JSON says when the sentence was shortened


def test_no_span_ends_on_a_clause_that_only_sets_the_scene():
    sentence = "中央气象台预计，今（5月20日）明两天，华南地区将有强降雨，局地有大暴雨，各地要做好防范。"
    doc = Doc(sentences_of(art(sentence, *BODY[1:])))
    first = doc.sentences[0]
    ends = {"".join(first.clauses[a:b]) for a, b in doc.spans(first, compress=True)}
    assert "中央气象台预计，今（5月20日）明两天，华南地区将有强降雨，" in ends
    assert not any(e.endswith(("明两天，", "预计，")) for e in ends)
    scene = Doc(sentences_of(art("华南国家植物园成立一年来，在植物多样性研究方面取得显著成效，获得多项奖励。")))
    s0 = scene.sentences[0]
    assert not any("".join(s0.clauses[a:b]).endswith("一年来，") for a, b in scene.spans(s0, compress=True))


def test_an_english_article_is_cut_at_its_sentences():
    a = art("The State Council issued new guidelines on government services today. They take effect in May.")
    ex = extract(a, max_chars=80)
    assert ex.pieces == ["The State Council issued new guidelines on government services today."] and not ex.trimmed


def test_several_sentences_are_a_passage_in_article_order():
    a = art(*BODY)
    picked = extract(a, sentences=2).pieces
    assert len(picked) == 2
    i = BODY.index(picked[0])
    assert BODY[i + 1] == picked[1]


def test_short_article_returned_whole_not_padded():
    a = art("全市已建成社区服务站120个。", "覆盖居民超过50万人。")
    assert extract(a, max_chars=150).pieces == ["全市已建成社区服务站120个。", "覆盖居民超过50万人。"]
    assert extract(a, sentences=5).pieces == ["全市已建成社区服务站120个。", "覆盖居民超过50万人。"]


def test_fragments_captions_and_lead_ins_never_selected():
    a = art("完善服务体系 提升群众满意度", "这是7月7日拍摄的展馆展厅。", "在推动重点事项常态化实施方面，意见作出系列部署——", *BODY)
    a.subheads = ["完善服务体系 提升群众满意度"]
    for budget in ({"sentences": 3}, {"max_chars": 200}):
        picked = extract(a, **budget).pieces
        assert picked and not any("满意度" in s or "拍摄" in s or s.endswith("——") for s in picked)


def test_redundant_sentences_not_both_chosen():
    dup = BODY[2]
    a = art(BODY[0], dup, dup.replace("强化", "加强"), *BODY[3:])
    picked = extract(a, max_chars=150).pieces
    assert sum("统筹协调" in s for s in picked) == 1


# --- never repeat the headline ------------------------------------------------------


def test_a_sentence_that_only_repeats_the_title_is_skipped():
    title = "国务院办公厅印发关于健全重点事项常态化推进机制的意见"
    first = "国务院办公厅印发关于健全重点事项常态化推进机制的意见。"
    body = [first, *BODY[1:]]
    shown = art(*body, title=title, derived=False)
    for budget in ({"sentences": 1}, {"sentences": 2}, {"max_chars": 150}):
        assert first not in text_of(shown, **budget)
    # without a shown title the same sentence may lead
    assert text_of(art(*body), max_chars=400).startswith(first)


def test_headline_only_item_says_why_it_has_no_summary():
    title = "国务院办公厅印发重点事项常态化推进机制意见"
    ex = extract(art("国务院办公厅印发重点事项常态化推进机制意见。", title=title, derived=False), max_chars=100)
    assert ex.pieces == [] and ex.reason == NOTHING_BEYOND_TITLE
    extractive = ExtractiveSummarizer(BackendContext(SummarizeOptions()))
    out, errors = summarize_all([art(title + "。", title=title, derived=False)], extractive, Budget())
    assert out[0].text == "" and out[0].reason == NOTHING_BEYOND_TITLE and errors == []


def test_headline_only_item_is_no_failure_and_json_says_why(tmp_path):
    src = tmp_path / "a.jsonl"
    rows = [{"id": "h", "title": "某市启用新社区服务中心", "text": "某市启用新社区服务中心。"}]
    src.write_text(json.dumps(rows[0], ensure_ascii=False), "utf-8")
    res = CliRunner().invoke(main, ["summarize", "--format", "json", str(src)])
    assert res.exit_code == 0, res.output
    (row,) = json.loads(res.stdout)["articles"]
    assert row["summary"] == "" and row["reason"] == NOTHING_BEYOND_TITLE and row["error"] is None


# --- budgets are hard limits -----------------------------------------------------


@pytest.mark.parametrize("limit", [10, 25, 40, 60, 90])
def test_a_char_budget_is_never_exceeded(limit):
    long_sentence = "，".join(BODY).replace("。", "") + "。"
    for a in (art(*BODY), art(long_sentence), art("没有标点" * 2000)):
        ex = extract(a, max_chars=limit)
        text = "".join(ex.pieces)
        assert text and len(text) <= limit, (limit, text)
        assert ex.trimmed == text.endswith(ELLIPSIS)


@pytest.mark.parametrize(
    ("sentence", "whole"),
    [
        ("今年全市共完成固定资产投资12,345.67亿元，同比增长5.2%，其中基础设施投资增长明显。", "12,345.67"),
        ("他在会上说：“我们一定要把这件事情办好，让群众满意，让企业放心。”随后离开会场。", "“我们一定要把这件事情办好，让群众满意，让企业放心。”"),
        ("会议审议通过了《中华人民共和国政务服务数据共享与开放利用管理条例》，自公布之日起施行。", "《中华人民共和国政务服务数据共享与开放利用管理条例》"),
    ],
)
def test_a_cut_never_falls_inside_a_number_quote_or_title(sentence, whole):
    for limit in range(12, len(sentence)):
        cut = clip(sentence, limit)
        assert len(cut) <= limit and cut.endswith(ELLIPSIS)
        body = cut.removesuffix(ELLIPSIS)
        start = sentence.find(whole)
        # the protected text is either wholly in the cut or wholly out of it
        assert len(body) <= start or len(body) >= start + len(whole), (limit, cut)
        assert sentence.startswith(body)


def test_max_chars_60_on_the_cli_holds_and_json_says_it_was_cut(tmp_path):
    src = tmp_path / "a.jsonl"
    one = "，".join(BODY).replace("。", "") + "。"
    rows = [{"id": "long", "title": "部署", "text": one}, {"id": "ok", "title": "部署", "text": "\n".join(BODY)}]
    src.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows), "utf-8")
    res = CliRunner().invoke(main, ["summarize", "--max-chars", "60", "--format", "json", str(src)])
    assert res.exit_code == 0, res.output
    out = {r["id"]: r for r in json.loads(res.stdout)["articles"]}
    assert all(len(r["summary"]) <= 60 for r in out.values())
    assert out["long"]["trimmed"] is True and out["long"]["summary"].endswith(ELLIPSIS)
    assert out["ok"]["trimmed"] is False


# --- bad input -------------------------------------------------------------------


def test_bad_articles_give_a_summary_or_a_reason_within_the_budget():
    roundup = [f"{n}. 某地{n}号项目开工建设，总投资{n}亿元。" for n in range(1, 11)]
    cases = {
        "one sentence": art("只有一句话的新闻。"),
        "5000-char sentence": art("没有标点的长句子" * 625),
        "numbers only": art("12345 67890 2025 3.14"),
        "table": art("项目 | 2024 | 2025", "收入 | 120 | 135", "支出 | 80 | 95"),
        "roundup": art(*roundup),
        "english": art("The State Council issued new guidelines on government services today. They take effect in May."),
        "headline only": art("重点事项常态化推进机制。", title="重点事项常态化推进机制", derived=False),
        "empty": art(),
    }
    budget = Budget(max_chars=80)
    t0 = time.perf_counter()
    out, errors = summarize_all(list(cases.values()), ExtractiveSummarizer(BackendContext(SummarizeOptions())), budget)
    assert time.perf_counter() - t0 < 10
    got = dict(zip(cases, out, strict=True))
    for name, s in got.items():
        assert len(s.text) <= 80, name
        assert s.text or s.reason, name  # never an empty string without a reason
    assert got["one sentence"].text == "只有一句话的新闻。"
    assert got["5000-char sentence"].text.startswith("没有标点") and got["5000-char sentence"].trimmed
    assert got["numbers only"].text == "" and got["table"].text == "" and got["empty"].text == ""
    assert got["roundup"].text.startswith("1. 某地1号项目开工建设") or got["roundup"].text.startswith("某地")
    assert got["english"].text.startswith("The State Council issued")
    assert got["headline only"].reason == NOTHING_BEYOND_TITLE
    assert len(errors) == 3  # numbers, table, empty: no full sentence (a headline-only item is no failure)


# --- keywords ---------------------------------------------------------------------


def test_keywords_are_whole_terms_not_fragments():
    body = [
        "国务院办公厅近日印发意见，部署深化高效办成一件事改革。",
        "意见提出，要把高效办成一件事作为优化政务服务的重要抓手，做好高校毕业生就业服务。",
        "各地要围绕高效办成一件事，为高校毕业生提供一站式服务。",
    ]
    kws = keywords(Article(title="国务院办公厅部署高效办成一件事", paragraphs=body), 6)
    assert "高效办成一件事" in kws and "国务院办公厅" in kws and "高校毕业生" in kws
    assert not {"高效", "办成", "高校", "毕业生", "服务"} & set(kws)


def test_keywords_drop_news_stop_words(seed_text):
    from briefing import split

    arts = split(seed_text).articles
    kws = keywords(next(a for a in arts if "纪念馆" in a.title), 6)
    assert "百团大战" in kws and "纪念馆" in kws
    for a in arts:
        assert not set(keywords(a, 8)) & {"记者", "表示", "新华社"}


# --- the gate: better than Lead-k and the known tools, on sets never tuned on ----------


@pytest.mark.shared
def test_extractive_beats_lead_and_the_known_tools_on_unseen_sets():
    """Runs textrank4zh, snownlp and sumy LexRank for real (the ``peers`` extra).

    A stated subset keeps it fast: every 80th item of xwlb_dev (the report
    part of xwlb_headline_train, never tuned on); every other set whole.
    lcsts is tuned on, so each post is scored by the 2-fold cross-validation
    scorer that never saw it (benchmarks/scorer_cv.json).
    """
    needs_shared("data", "xwlb_headline_train")
    from benchmarks.summary_sets import compare, lead_k, ours, peers, report_sets

    tools = peers()
    assert set(tools) == {"textrank4zh", "snownlp", "sumy-lexrank"}, "install the peers extra"
    sets = report_sets(dev_every=80)
    res = compare(sets, {"extractive": ours, "lead-k": lead_k, **tools})
    gains = []
    for s in sets:
        cells = res[s.name]
        mine = cells["extractive"].rouge_l
        gains.append(mine - cells["lead-k"].rouge_l)
        assert gains[-1] >= -0.5, s.name
        for tool in tools:
            assert mine > cells[tool].rouge_l, (s.name, tool)
    assert sum(gains) / len(gains) >= 1.0
    ms = sum(res[s.name]["extractive"].ms * len(s.items) for s in sets)
    ms_textrank = sum(res[s.name]["textrank4zh"].ms * len(s.items) for s in sets)
    assert ms_textrank >= 10 * ms


def test_words_the_segmenter_invents_count_only_as_names_or_recurring_terms():
    """jieba's HMM glues unknown characters into "words": 炒香后 -> 香后, 锅中.  Such a
    word is a keyword only when shaped like a name (孙晓岚, mentioned once) or used
    again by the article (油源, twice)."""
    a = art(
        "民营加油站希望打通油源。没有稳定的油源，加油站只能从批发商手里高价进货。厨师把葱段放入锅中炒香后加入清水。",
        "湿地保护站的志愿者孙晓岚发现一只受伤的白鹭。",
    )
    kws = keywords(a, 8)
    assert {"油源", "加油站", "孙晓岚"} <= set(kws)
    assert not {"香后", "锅中"} & set(kws)


def test_a_one_sentence_summary_is_never_a_list_item_or_a_dangling_connective_when_another_fits():
    a = art(
        "一是完善项目申报制度，方便企业办理相关手续。",
        "此外，各地还将加强监督检查，维护企业合法权益。",
        "市政府日前公布修改项目管理办法的决定，新办法自明年一月起施行。",
    )
    assert text_of(a, sentences=1).startswith("市政府日前公布")
    only_items = art("一是完善项目申报制度，方便企业办理相关手续。", "二是加强监督检查，维护企业合法权益。")
    assert text_of(only_items, sentences=1)  # nothing else: a list item is better than nothing
