"""The boilerplate pass of web pages (briefing/web/boilerplate.py): each class of furniture line on
variants written here (not the test site's), the article lines that must stay beside them, and the
structural rules (ends of the body, runs of links, list headings, credits glued to a paragraph)."""

from __future__ import annotations

import pytest

from briefing.web.boilerplate import (
    Line,
    ad_line,
    anywhere_kind,
    breadcrumb_line,
    edge_kind,
    footer_line,
    glued_tail,
    jump_line,
    label_line,
    list_heading,
    nav_row,
    share_line,
    strip_boilerplate,
)

# Article lines (invented for these tests) that no class may take, wherever they stand.
ARTICLE = [
    "新华社杭州3月5日电 浙江省今年将新增城镇就业岗位80万个，重点支持制造业和服务业。",
    "3月5日，十四届全国人大二次会议在北京人民大会堂开幕。",
    "记者：这一政策将如何落地？",
    "来源不明的包裹已被警方查获。",
    "据悉，该公司此前已取得互联网新闻信息服务许可证。",
    "截至发稿时，点击量已突破一亿次。",
    "版权问题近年来引发广泛关注，多家平台因此下架作品。",
    "专家认为，相关部门应尽快出台细则，扩大覆盖范围。",
    "他说：“我们将继续分享经验，欢迎大家关注。”",
    "转载他人作品应注明出处，这是行业共识。",  # a sentence about reprinting
    "热点问题",  # a subhead
    "加强政策供给 拓展就业空间",  # a subhead of two phrases
]


@pytest.mark.parametrize("text", ARTICLE)
def test_article_lines_are_no_furniture_anywhere_or_at_an_edge(text):
    assert anywhere_kind(text) is None
    assert edge_kind(Line(text)) is None
    kept, cuts = strip_boilerplate([Line(text), Line("正文第二段，说明有关情况。"), Line(text)])
    assert [x.text for x in kept] == [text, "正文第二段，说明有关情况。", text] and cuts == []


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("2019年03月15日 08:20 来源：人民网", "source"),
        ("发布日期：2021-5-6　来源：本报", "source"),
        ("更新时间：2022/01/09 21:14 作者：刘小东 阅读：1032", "author"),
        ("2018-11-02 南方日报", "dateline"),  # a date and a bare source name
        ("时间：2023年4月1日 星期六", "dateline"),
        ("（编辑：赵明）", "editor"),
        ("[责编：钱敏]", "editor"),
        ("责任编辑：孙丽 校对：周全", "editor"),
        ("作者：郑华", "author"),
        ("文/冯晓", "author"),
        ("记者：陈诚 通讯员：林峰", "author"),
        ("稿源：光明网", "source"),
        ("浏览量：2,318", "counter"),
        ("关键词：春耕 农业 科技", "tools"),
        ("2024年5月6日08时30分 某某晚报客户端", "dateline"),  # a Chinese time, a longer name beside a date
        ("本报通讯员 孙强", "author"),  # a few characters before a label, then a space
        ("审稿：钱立", "editor"),  # the review steps of an editorial office credit their editors too
        ("责任编辑：孙丽 审读：吴青", "editor"),
        ("核稿：郑明", "editor"),
    ],
)
def test_label_lines(text, kind):
    assert label_line(text) == kind
    assert anywhere_kind(text) == kind


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("图片编辑：李明", "editor"),  # a few characters before a known label, and a colon
        ("首席记者：王强", "author"),
        ("本文摘自某某周刊", "source"),  # a source after a verb, no colon
        ("本文来源于某某晨报", "source"),
        ("原载于某某周刊", "source"),
        ("转自某某晚报", "source"),
        ("来源：某某报　统筹：赵林　视觉：钱芳", "source"),  # unknown pairs beside a known label
    ],
)
def test_label_lines_beyond_the_listed_words(text, kind):
    assert label_line(text) == kind


def test_unknown_pairs_alone_are_no_label_line():
    assert label_line("视觉：钱芳　设计：孙莉") is None  # nothing known: it may be a list in the article


@pytest.mark.parametrize(
    "text",
    ["投稿：news@example.org", "网址：www.example.org", "服务热线 400-800-1234"],
)
def test_contact_lines_count_at_an_edge(text):
    assert anywhere_kind(text) is None and edge_kind(Line(text)) == "site"


@pytest.mark.parametrize(
    "text",
    [
        "地址：北京市东城区某某路1号 邮编：100010",  # the site's own labels: only at the body's ends
        "主办单位：某某市人民政府办公室",
    ],
)
def test_site_labels_count_only_at_an_edge(text):
    assert label_line(text) is None and anywhere_kind(text) is None
    assert label_line(text, site=True) == "site" and edge_kind(Line(text)) == "site"


def test_an_agency_dispatch_is_no_label_line():
    """A dispatch opens the article: its date and "题：…" are not a date line with a label."""
    assert label_line("新华社南京5月6日电 题：某地启动新一轮城市更新") is None
    assert label_line("5月6日 题：某地启动新一轮城市更新") is not None  # without the dispatch it would be


def test_a_label_line_is_short_and_holds_no_sentence():
    assert label_line("记者：这个政策有什么意义？") is None
    assert label_line("来源：新华网。据报道，有关部门今天发布通知。") is None
    assert label_line("来源：" + "很长的说明" * 40) is None


@pytest.mark.parametrize(
    "text",
    [
        "【字号：大 中 小】",
        "字体：【大】【中】【小】",
        "分享至：微信 朋友圈",
        "转发到微博",
        "【收藏】【打印本页】【关闭窗口】",
        "扫描二维码分享到微信",
    ],
)
def test_share_and_font_lines(text):
    assert share_line(text) and anywhere_kind(text) in {"share", "tools"}


def test_share_words_inside_a_sentence_stay():
    assert not share_line("他说：“我们将继续分享经验，欢迎大家关注。”")
    assert not share_line("大中小学生暑期安全教育全面展开")  # the font words, not apart
    assert not share_line("【新闻链接】")  # one bracketed word is no row of buttons
    assert not share_line("【提示】本市今起调整公交线路")


@pytest.mark.parametrize(
    "text",
    [
        "点击查看专题：2024防汛抗旱",
        "更多详情请点击这里",
        "点此进入专题 >>",
        "查看原文",
        "更多精彩内容 >>",
        "»» 往期节目",
        "专题 | 乡村振兴",
        "【专题】乡村振兴",  # the label in brackets
        "[相关专题] 城市更新",
        "更多本市新闻，请关注新闻客户端",
        "如需转载请访问版权页",
    ],
)
def test_jump_lines(text):
    assert jump_line(text) and anywhere_kind(text) in {"jump", "tools"}  # "专题：…" is a label too


@pytest.mark.parametrize(
    "text", ["相关阅读", "热门排行", "一周热点", "编辑推荐", "猜你喜欢", "大家都在看", "延伸阅读", "24小时排行榜"]
)
def test_list_headings(text):
    assert list_heading(text) and edge_kind(Line(text)) == "list"


@pytest.mark.parametrize("text", ["热点问题", "相关部门印发通知", "推荐方案已获通过。"])
def test_list_words_in_other_lines_are_no_heading(text):
    assert not list_heading(text)


@pytest.mark.parametrize(
    "text",
    [
        "京ICP证080268号",
        "苏公网安备 32010202000123号",
        "信息网络传播视听节目许可证：0105123",
        "©2005-2024 某某网 版权所有",
        "本网站所刊登的各种新闻，未经协议授权，禁止下载使用",
        "违法和不良信息举报邮箱：jubao@example.cn",
        "出版物经营许可证 新出发〔2024〕12号",
        "网站备案编号：123456",
        "转载请注明来源：某某晚报",  # a reprint notice
        "（本文转载须注明出处）",
    ],
)
def test_footer_lines(text):
    assert footer_line(text) and anywhere_kind(text) == "footer"


@pytest.mark.parametrize("text", ["【推广】", "广告", "下载某某新闻APP，看更多精彩", "扫码关注官方微信"])
def test_ad_lines_at_an_edge(text):
    assert ad_line(text) and edge_kind(Line(text)) in {"ad", "share"}


@pytest.mark.parametrize("text", ["请把本文转发给好友", "广告位招租", "喜欢就收藏吧", "喜欢吗？转发一下"])
def test_a_very_short_call_to_share_or_buy_counts_at_an_edge_only(text):
    assert anywhere_kind(text) is None and edge_kind(Line(text)) == "share"
    body = [Line("第一段正文，交代背景。"), Line(text), Line("第二段正文，说明做法。")]
    assert strip_boilerplate(body)[0] == body


def test_a_longer_line_with_a_share_word_is_no_action_line():
    assert edge_kind(Line("共享单车分享经济模式在多个城市推广应用")) is None  # over 12 letters: text


@pytest.mark.parametrize("text", ["您所在的位置：首页 » 国内", "首页 > 要闻 > 正文", "网站首页 › 财经频道 › 证券"])
def test_breadcrumbs(text):
    assert breadcrumb_line(text) and anywhere_kind(text) == "breadcrumb"


def test_rows_of_short_words_count_only_at_an_edge():
    menu = "关于本站 | 网站声明 | 联系方式 | 招聘信息"
    subhead = "稳就业 保民生 促发展"
    assert nav_row(menu) and nav_row(subhead)  # the same shape ...
    assert anywhere_kind(menu) is None and edge_kind(Line(menu)) == "nav"
    body = [Line("第一段正文，交代背景。"), Line(subhead), Line("第二段正文，说明做法。"), Line(menu)]
    kept, cuts = strip_boilerplate(body)
    assert [x.text for x in kept] == ["第一段正文，交代背景。", subhead, "第二段正文，说明做法。"]  # ... kept inside
    assert cuts[0].text == menu


def _body(*texts: str, links: tuple[int, ...] = ()) -> list[Line]:
    """Lines; those at ``links`` are all link text."""
    return [Line(t, len(t) if i in links else 0) for i, t in enumerate(texts)]


def test_the_ends_are_cut_while_they_are_furniture_and_the_inside_keeps_weak_signals():
    lines = _body(
        "首页 > 国内 > 正文",
        "某地举行春季植树活动",  # the headline, repeated
        "2024-03-12 09:30 来源：本站",
        "某地今天组织干部群众参加植树活动，共栽下树苗两万株。",
        "编辑推荐",  # a list heading inside the body but over no links: kept
        "活动持续一周，覆盖全部街道。",
        "相关阅读",
        "某地启动春季造林",
        "多地开展义务植树",
        "【责任编辑：吴磊】",
        "©2024 某某网 版权所有",
        links=(7, 8),
    )
    kept, cuts = strip_boilerplate(lines, ["某地举行春季植树活动"])
    assert [x.text for x in kept] == [lines[3].text, "编辑推荐", lines[5].text]
    assert [c.kind for c in cuts] == ["breadcrumb", "title", "source", "list", "links", "links", "editor", "footer"]


def test_a_run_of_links_and_its_heading_inside_the_body_are_cut_one_link_is_not():
    lines = _body(
        "第一段正文，介绍会议情况。",
        "延伸阅读",
        "去年同期的会议回顾",
        "会议文件全文",
        "第二段正文，会议要求落实责任。",
        "第三段正文，详见会议公报。",
        "结尾段落，总结全文。",
        links=(2, 3, 5),
    )
    kept, cuts = strip_boilerplate(lines)
    assert [x.text for x in kept] == [lines[0].text, lines[4].text, lines[5].text, lines[6].text]
    assert [c.kind for c in cuts] == ["list", "links", "links"]


def test_a_heading_of_any_words_over_a_list_of_links_is_cut():
    """ "大家还在读" is no list word: the list under it says what it is."""
    lines = _body(
        "大家还在读",
        "某地举办读书节",
        "某馆推出夜间开放",
        "第一段正文，介绍活动情况。",
        "第二段正文，说明下一步安排。",
        "大家还在读",
        "某地举办读书节",
        "某馆推出夜间开放",
        links=(1, 2, 6, 7),
    )
    kept, cuts = strip_boilerplate(lines)
    assert [x.text for x in kept] == [lines[3].text, lines[4].text]
    assert [c.kind for c in cuts] == ["list", "links", "links", "list", "links", "links"]


def test_a_sentence_holding_a_link_at_the_end_stays():
    text = "详细内容可登录某某网站查询。"
    lines = [Line("第一段正文，介绍情况。"), Line(text, 4)]  # four letters of link text
    assert strip_boilerplate(lines)[0] == lines


@pytest.mark.parametrize(
    ("text", "tail"),
    [
        ("西方国家只提供了非常少的资金。文章来源：某某网", "文章来源：某某网"),
        ("这些农机具见证了农业现代化发展历程。（编辑：赵明）", "（编辑：赵明）"),
        ("帮助更多毕业生落实去向——点击查看专题：2024就业", "点击查看专题：2024就业"),
        ("会议要求压实责任。[责编：钱敏]", "[责编：钱敏]"),
        ("会议要求压实责任。审稿：赵林", "审稿：赵林"),
        ("活动持续到本月底。更多精彩内容 >>", "更多精彩内容 >>"),
        ("活动持续到本月底。请把本文转发给好友", "请把本文转发给好友"),  # an edge class: the tail is the end
        ("活动持续到本月底。喜欢吗？收藏一下", "喜欢吗？收藏一下"),  # the whole call, its question too
    ],
)
def test_furniture_glued_to_the_last_paragraph(text, tail):
    assert glued_tail(text) == tail
    kept, cuts = strip_boilerplate([Line("第一段正文，介绍情况。"), Line(text)])
    assert kept[-1].text == text[: -len(tail)].rstrip() and cuts[-1].text == tail


@pytest.mark.parametrize(
    "text",
    [
        "该书的编辑：李某认为，这部作品值得一读。",
        "他表示：来源：新华网的报道属实。",
        "——来源：某某网",  # nothing before the credit: the line itself is one, not a tail
        "截至目前，共收到反馈意见1200条。",
    ],
)
def test_no_glued_tail(text):
    assert glued_tail(text) is None


def test_hostile_lines_cost_linear_time():
    import time

    for text in ["来源：" * 5000, "　" * 20000 + "编辑", "1" * 50000, "【" * 10000 + "】" * 10000, "点击" * 8000]:
        start = time.monotonic()
        anywhere_kind(text)
        edge_kind(Line(text))
        glued_tail(text)
        strip_boilerplate([Line(text)] * 3)
        assert time.monotonic() - start < 1.0, text[:10]


def test_a_heading_over_links_at_the_top_lets_the_edge_go_on_past_the_links():
    """The list under the heading is part of the top edge, so an edge-only line after it (a menu row) is cut
    too; the same row between two paragraphs is text."""
    menu = "关于本站 | 网站声明 | 联系方式 | 招聘信息"
    lines = _body(
        "大家还在读",
        "某地举办读书节",
        "某馆推出夜间开放",
        menu,
        "第一段正文，介绍活动情况。",
        "第二段正文，说明下一步安排。",
        links=(1, 2),
    )
    kept, cuts = strip_boilerplate(lines)
    assert [x.text for x in kept] == [lines[4].text, lines[5].text]
    assert [c.kind for c in cuts] == ["list", "links", "links", "nav"]
    inside = _body("第一段正文，介绍活动情况。", menu, "第二段正文，说明下一步安排。")
    assert strip_boilerplate(inside)[0] == inside


def test_a_last_line_cut_of_its_glued_tail_keeps_what_its_markup_said():
    last = Line("详情可登录某某网站查询。文章来源：某某网", link_chars=4, heading=False)
    kept, cuts = strip_boilerplate([Line("第一段正文，介绍情况。"), last])
    assert kept[-1] == Line("详情可登录某某网站查询。", 4, False) and cuts[-1].text == "文章来源：某某网"
    heading = Line("会议要点。文章来源：某某网", heading=True)
    assert strip_boilerplate([Line("第一段正文，介绍情况。"), heading])[0][-1] == Line("会议要点。", 0, True)


def test_furniture_of_a_class_that_is_never_text_is_cut_inside_too():
    lines = _body(
        "第一段正文，介绍会议情况。",
        "首页 > 要闻 > 正文",  # a breadcrumb between paragraphs
        "某地召开春季工作会议",  # the headline, repeated inside
        "第二段正文，会议要求落实责任。",
    )
    kept, cuts = strip_boilerplate(lines, ["某地召开春季工作会议"])
    assert [x.text for x in kept] == [lines[0].text, lines[3].text]
    assert [(c.text, c.kind) for c in cuts] == [(lines[1].text, "breadcrumb"), (lines[2].text, "title")]
