"""Splitting pages into articles: each rule on a small page, the seed end to end,
other dumps of the seed, the xwlb pages, and a property test."""

from __future__ import annotations

import random
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from briefing import split
from briefing.patterns import derive_title
from briefing.reader import parse, text_blocks
from briefing.records import Document
from briefing.splitter import split_document
from briefing.textnorm import normalize
from tests.conftest import needs_shared

BODY1 = "日前，某市政府印发《关于推进社区服务的意见》，对优化公共服务作出部署。"
BODY2 = "意见提出，要加强部门协同，提升服务效能，让群众办事更方便。"
BODY3 = "据介绍，全市已建成社区服务站120个，覆盖居民超过50万人。"


def titles(result):
    return [a.title for a in result.articles]


def test_headline_then_dateline_starts_article():
    page = f"第一个标题\n\n新华社上海5月3日电 {BODY1}\n\n{BODY2}\n\n另一个新闻标题\n\n新华社南京5月3日电 {BODY3}\n"
    result = split(page)
    assert titles(result) == ["第一个标题", "另一个新闻标题"]
    assert result.articles[0].dateline == "新华社上海5月3日电"
    assert result.articles[0].paragraphs[0] == BODY1
    assert result.articles[1].dateline == "新华社南京5月3日电"


def test_subhead_inside_article_is_not_a_new_article():
    page = f"社区服务迎来新变化\n\n{BODY1}\n\n完善服务体系 提升群众满意度\n\n{BODY2}\n\n{BODY3}\n"
    result = split(page)
    assert titles(result) == ["社区服务迎来新变化"]
    art = result.articles[0]
    assert art.subheads == ["完善服务体系 提升群众满意度"]
    assert "完善服务体系 提升群众满意度" in art.paragraphs


def test_question_headline_with_byline_starts_article():
    page = f"旧闻标题\n\n{BODY1}\n\n新政策将如何惠及你我？\n\n本报记者 张三\n\n{BODY2}\n"
    result = split(page)
    assert titles(result) == ["旧闻标题", "新政策将如何惠及你我？"]
    assert result.articles[1].byline == "本报记者 张三"
    assert "本报记者 张三" not in result.articles[1].paragraphs


def test_question_inside_article_stays_in_it():
    page = f"社区服务迎来新变化\n\n{BODY1}\n\n这次调整为何重点强调“常态化”？\n\n{BODY2}\n"
    assert titles(split(page)) == ["社区服务迎来新变化"]


def test_dash_subtitle_headline_after_body_starts_article():
    page = f"社区服务迎来新变化\n\n{BODY1}\n\n稳字当头 进中求新 ——多地出台措施促进消费\n\n{BODY3}\n"
    assert titles(split(page))[1].startswith("稳字当头")


def test_broken_paragraph_is_rejoined():
    page = f"标题一则\n\n{BODY1}\n\n意见要求，各部门要加强协同\n\n和服务集成，推动政策落地见效。\n"
    result = split(page)
    assert "意见要求，各部门要加强协同和服务集成，推动政策落地见效。" in result.articles[0].paragraphs


def test_broken_paragraph_rejoined_across_page_furniture():
    page = f"标题一则\n\n{BODY1}\n\n意见要求，各部门要加强协同\n\n第3版 综合新闻\n\n和服务集成，推动政策落地见效。\n"
    result = split(page)
    assert "意见要求，各部门要加强协同和服务集成，推动政策落地见效。" in result.articles[0].paragraphs
    assert [r.reason for r in result.removed] == ["furniture"]


def test_repeated_block_kept_once():
    block = f"{BODY2}\n\n{BODY3}\n\n"
    page = f"标题一则\n\n{BODY1}\n\n" + block * 5
    result = split(page)
    assert result.articles[0].paragraphs == [BODY1, BODY2, BODY3]
    assert sum(r.reason.startswith("duplicate") for r in result.removed) == 8


def test_near_duplicate_paragraph_is_removed():
    near = BODY1.replace("部署", "安排") + "\n\n"
    page = f"标题一则\n\n{BODY1}\n\n{near}{BODY2}\n"
    result = split(page)
    assert result.articles[0].paragraphs == [BODY1, BODY2]


def test_headless_continuation_gets_derived_title():
    page = f"标题一则\n\n{BODY1}\n\n（上接第一版）建立帮扶和争优机制，明确从秋季学期起颁发证书。\n\n{BODY3}\n"
    result = split(page)
    assert len(result.articles) == 2
    frag = result.articles[1]
    assert frag.continuation and frag.title_derived
    assert frag.title == "建立帮扶和争优机制"
    assert frag.paragraphs[0].startswith("建立帮扶")


def test_headless_continuation_merges_with_headed_copy():
    cont = "（上接第二版）中心设立服务站，通过扫码报到系统实现信息动态管理。"
    page = f"标题一则\n\n{BODY1}\n\n{cont}\n\n{BODY3}\n\n服务站里的新故事\n\n{cont}\n\n{BODY3}\n"
    result = split(page)
    assert titles(result) == ["标题一则", "服务站里的新故事"]
    headed = result.articles[1]
    assert headed.continuation and not headed.title_derived
    assert headed.paragraphs == ["中心设立服务站，通过扫码报到系统实现信息动态管理。", BODY3]
    assert all(r.reason.startswith("duplicate") for r in result.removed)


def test_continuation_marker_at_end_is_recorded():
    page = f"标题一则\n\n{BODY1}\n\n{BODY2}（下转第二版）\n"
    art = split(page).articles[0]
    assert art.continuation and art.paragraphs[-1] == BODY2


def test_metadata_lines_leave_the_body():
    page = (
        f"第5版 要闻\n\n2025年7月9日 星期三\n\n展馆里的历史\n\n这是7月7日拍摄的展馆展厅。\n\n{BODY3}\n\n"
        "新华社发\n\n责任编辑：李四 版式设计：王五\n"
    )
    result = split(page)
    art = result.articles[0]
    assert art.paragraphs == [BODY3]
    assert art.captions == ["这是7月7日拍摄的展馆展厅。"]
    assert art.credit == "新华社发"
    assert sorted(r.reason for r in result.removed) == ["furniture"] * 3


def test_source_credit_line_and_dateline_with_reporter():
    page = f"标题一则\n\n本报北京7月8日电（记者 赵六）{BODY1}\n\n(据新华社电)\n"
    art = split(page).articles[0]
    assert art.dateline == "本报北京7月8日电（记者 赵六）"
    assert art.byline == "记者 赵六"
    assert art.credit == "（据新华社电）"
    assert art.paragraphs == [BODY1]


def test_normalization_of_punctuation_and_width():
    assert normalize("科区:聚合,提升(试行)吗?") == "科区：聚合，提升（试行）吗？"
    assert normalize("２０２５年ＡＩ大会 19:00, GDP 5.2%") == "2025年AI大会 19:00, GDP 5.2%"
    text = "各省(自治区、直辖市),要强化"
    assert normalize(normalize(text)) == normalize(text) == "各省（自治区、直辖市），要强化"


def test_derive_title_from_lead_sentence():
    assert derive_title(["（上接第一版）建立预警帮扶机制，明确目标。"]) == "建立预警帮扶机制"
    long = "这是一个非常长而且没有任何标点符号的句子用来测试标题截断功能是否正常工作以及省略号"
    assert derive_title([long]).endswith("…") and len(derive_title([long])) == 24


# --- the seed page -----------------------------------------------------------


def seed_summary(result):
    return [(a.title, a.title_derived, a.continuation) for a in result.articles]


def test_seed_page_end_to_end(seed_text):
    result = split(seed_text)
    arts = result.articles
    assert len(arts) == 6
    assert sum(a.title_derived for a in arts) == 1
    derived = next(a for a in arts if a.title_derived)
    assert derived.continuation
    # no paragraph twice anywhere
    paras = [p for a in arts for p in a.paragraphs]
    assert len(paras) == len(set(paras))
    # broken paragraphs rejoined
    assert any("加强部门协同和服务集成" in p for p in paras)
    assert any("帮助政府部门更及时" in p for p in paras)
    assert any("1100余门职业能力培训课程" in p for p in paras)
    assert sum(len(prov) == 2 for a in arts for prov in a.provenance) == 5  # every break rejoined
    # metadata out of the body
    assert any(a.dateline == "新华社北京7月8日电" for a in arts)
    assert any(a.byline == "新华社记者 王雨萧" for a in arts)
    assert {a.credit for a in arts} >= {"新华社发", "（据新华社电）"}
    assert not any(re.match(r"^(新华社发|新华社记者|（据)", p) for p in paras)
    # subheads stay inside their article
    jobs = next(a for a in arts if "——" in a.title)
    assert len(jobs.subheads) == 3
    # every input line is accounted for exactly once
    assert_accounted(seed_text, result)


def assert_accounted(text, result):
    lines = [n for n, line in enumerate(text.splitlines(), 1) if line.strip()]
    used = [n for a in result.articles for prov in a.provenance for n in prov]
    used += [n for r in result.removed for n in r.lines]
    assert sorted(used) == lines


def _variants(seed_text):
    yield "crlf", seed_text.replace("\n", "\r\n").encode("utf-8"), ".txt"
    yield "gb18030", seed_text.encode("gb18030"), ".txt"
    yield "bom", b"\xef\xbb\xbf" + seed_text.encode("utf-8"), ".txt"
    yield "single", re.sub(r"\n\s*\n", "\n", seed_text).encode("utf-8"), ".txt"
    full = re.sub(r"(?<=[\u4e00-\u9fff]),", "，", seed_text).replace("(", "（").replace(")", "）")
    yield "fullwidth", full.replace(":", "：").replace("?", "？").encode("utf-8"), ".txt"
    html = "<html><body>" + "".join(f"<p>{line}</p>\n" for line in seed_text.splitlines() if line.strip())
    yield "html", (html + "<script>var x=1;</script></body></html>").encode("utf-8"), ".html"
    furn = "第3版 综合新闻\n\n2025年7月9日 星期三\n\n" + seed_text + "\n\n责任编辑：某某 版式设计：某某\n"
    yield "furniture", furn.encode("utf-8"), ".txt"


def _blocks_of_articles(text):
    """Cut the seed into its article blocks (by the splitter's own provenance)."""
    res = split(text)
    lines = text.splitlines()
    chunks = []
    for a in res.articles:
        nums = sorted({n for prov in a.provenance for n in prov})
        chunks.append("\n\n".join(lines[n - 1] for n in nums))
    return chunks


def test_seed_variants_give_the_same_articles(seed_text):
    from briefing.reader import decode, parse

    expected = split(seed_text)
    for name, data, suffix in _variants(seed_text):
        errors: list = []
        doc = parse(decode(data, name), name, suffix, errors)
        got = split_document(doc)
        assert not errors, name
        assert seed_summary(got) == seed_summary(expected), name
        assert [a.paragraphs for a in got.articles] == [a.paragraphs for a in expected.articles], name
        assert [a.id for a in got.articles] == [a.id for a in expected.articles], name


def test_seed_articles_reordered(seed_text):
    expected = {a.id: a for a in split(seed_text).articles}
    chunks = _blocks_of_articles(seed_text)
    rng = random.Random(7)
    for _ in range(3):
        rng.shuffle(chunks)
        got = split("\n\n".join(chunks))
        assert {a.id for a in got.articles} == set(expected), [a.title for a in got.articles]


# --- broadcast transcript pages -------------------------------------------------


def test_xwlb_pages_one_article_per_story():
    folder = needs_shared("data", "xwlb_pages")
    for page in sorted(folder.glob("*.txt")):
        text = page.read_text("utf-8")
        doc = parse(text, page.name, page.suffix, [])
        result = split_document(doc)
        heads = [m.group(1).strip() for m in re.finditer(r"(?m)^### (.+)$", text)]
        # every story is an article titled as printed, or a roundup split into its items
        stories = []
        for art in result.articles:
            label = art.roundup or art.title
            if not stories or stories[-1] != label or not art.roundup:
                stories.append(label)
        assert stories == heads, page.name
        for roundup in {a.roundup for a in result.articles if a.roundup}:
            assert "快讯" in roundup and sum(a.roundup == roundup for a in result.articles) >= 2
        assert all(a.dateline and a.dateline.startswith("央视网消息") for a in result.articles), page.name
        reasons = {r.reason for r in result.removed}
        assert "table of contents" in reasons and "footer" in reasons
        assert all(a.links for a in result.articles) == ("[查看原文]" in text)
        lines = {n for n, line in enumerate(text.splitlines(), 1) if line.strip()}
        used = {n for a in result.articles for prov in a.provenance for n in prov}
        assert used | {n for r in result.removed for n in r.lines} == lines


def test_marked_page_with_toc_and_footer():
    page = (
        "# 某某节目 (20250101)\n\n## 摘要\n\n1.第一条新闻；\n\n2.第二条新闻。\n\n## 详细\n\n"
        f"### 第一条新闻\n\n<p><strong>某某网消息</strong>（某节目）：{BODY1}</p><p>{BODY2}</p>\n\n"
        f"[查看原文](https://example.com/1)\n\n### 第二条新闻\n\n<p>{BODY3}</p>\n\n---\n\n(更新时间戳: 1700000000000)\n"
    )
    result = split(page, kind="markdown")
    assert titles(result) == ["第一条新闻", "第二条新闻"]
    assert result.articles[0].dateline == "某某网消息（某节目）"
    assert result.articles[0].paragraphs == [BODY1, BODY2]
    assert result.articles[0].links == ["https://example.com/1"]
    assert {r.reason for r in result.removed} >= {"table of contents", "footer", "page heading"}


def test_roundup_is_split_into_its_items():
    page = (
        "### 要闻第一条\n\n<p>某市政府发布通知，加强社区服务。</p>\n\n### 国内快讯\n\n"
        "<p><strong>某某网消息</strong>（某节目）：</p><p><strong>第一项简讯标题</strong></p><p>第一项简讯正文内容。</p>"
        "<p><strong>第二项简讯标题</strong></p><p>第二项简讯正文内容。</p><p>第二项的第二段。</p>\n"
    )
    result = split(page, kind="markdown")
    assert titles(result) == ["要闻第一条", "第一项简讯标题", "第二项简讯标题"]
    items = result.articles[1:]
    assert all(a.roundup == "国内快讯" and a.dateline == "某某网消息（某节目）" for a in items)
    assert items[1].paragraphs == ["第二项简讯正文内容。", "第二项的第二段。"]
    lines = {n for a in result.articles for prov in a.provenance for n in prov}
    expected = {n for n, line in enumerate(page.splitlines(), 1) if line.strip()}
    assert lines | {n for r in result.removed for n in r.lines} == expected


# --- property: nothing lost, nothing twice -----------------------------------------

_parts = st.sampled_from(
    [
        BODY1,
        BODY2,
        BODY3,
        "标题一则",
        "完善服务体系 提升满意度",
        "新华社发",
        "本报记者 张三",
        "（上接第一版）建立帮扶机制，明确目标。",
        "第3版 综合新闻",
        "意见要求，各部门要加强协同",
        "和服务集成，推动落地。",
        "这是7月7日拍摄的展厅。",
    ]
)


@settings(max_examples=150, deadline=None)
@given(st.lists(_parts, min_size=1, max_size=30), st.booleans())
def test_split_never_loses_or_duplicates_a_line(parts, blank):
    text = ("\n\n" if blank else "\n").join(parts)
    doc = Document("<p>", "text", blocks=text_blocks(text))
    assert_accounted(text, split_document(doc))


def test_dateline_without_headline_starts_a_new_dispatch():
    page = f"标题一则\n\n{BODY1}\n\n意见要求，各部门要加强协同\n\n新华社南京5月3日电 {BODY3}\n"
    result = split(page)
    assert len(result.articles) == 2
    assert result.articles[0].paragraphs == [BODY1, "意见要求，各部门要加强协同"]
    assert result.articles[1].dateline == "新华社南京5月3日电" and result.articles[1].title_derived
