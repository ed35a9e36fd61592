"""One number check and one loop detector, shared by the summary guard and the translator."""

from __future__ import annotations

import pytest

from briefing.checks import looping, number_mismatches
from briefing.summarizers.guard import check, unsupported_facts
from briefing.translators.guard import MT_CHINESE, english_problem

ARTICLE = "今年共建成120个示范项目，其中16.98亿元用于农村，带动投资同比增长12%。"


@pytest.mark.parametrize(
    ("summary", "article", "missing"),
    [
        ("共建成12个示范项目。", "今年共建成120个示范项目。", ["12"]),  # 12 is not in 120
        ("投资同比增长2%。", "投资同比增长12%。", ["2%"]),  # 2% is not in 12%
        ("共建成120个示范项目，投资增长12%。", ARTICLE, []),
        ("其中16.98亿元用于农村。", ARTICLE, []),
    ],
)
def test_the_guard_checks_numbers_as_strictly_as_the_translator(summary, article, missing):
    assert unsupported_facts(summary, article) == missing
    assert not check(summary, article, 100).ok if missing else check(summary, article, 100).ok


@pytest.mark.parametrize(("zh", "en"), [("12个", "120 projects"), ("增长2%", "grew 12%")])
def test_the_translator_refuses_the_same_numbers(zh, en):
    assert number_mismatches(zh, en) == [zh.removeprefix("增长").removesuffix("个")]


def test_one_number_checker_for_chinese_and_english_targets():
    assert number_mismatches("7月8日发布", "7月8日，国务院发布") == []
    assert number_mismatches("7月8日发布", "released on July 8") == []
    assert number_mismatches("7月8日发布", "7月9日发布") == ["7月8日"]
    assert number_mismatches("增长3.50亿元", "增长3.50亿元") == []  # as written, trailing zero and all


def test_one_loop_detector():
    assert looping("课程课程课程课程课程")
    assert not looping("国务院办公厅印发意见，部署政务服务改革。")
    assert looping("the the the the the the the", unit=4, n=6, share=0.4)
    assert not looping("State Council issues guideline on government services", unit=4, n=6, share=0.4)
    assert check("课程课程课程课程课程课程课程课程课程", ARTICLE, 100).reason == "repetition loop"
    assert english_problem("the meeting the meeting the meeting the meeting", MT_CHINESE) == "repetition loop"


@pytest.mark.parametrize(
    ("zh", "en", "missing"),
    [
        ("3.5万人", "35,000 people", []),
        ("3.5万人", "35 thousand people", []),
        ("1,100门课程", "1100 courses", []),
        ("5千人", "5 thousand people", []),
        ("5千人", "5,000 people", []),
        ("1亿元", "100 million yuan", []),
        ("1万亿元", "1 trillion yuan", []),
        ("1.2万亿元", "1.2 trillion yuan", []),
        ("1.2万亿元", "1,200 billion yuan", []),
        ("2.5亿", "250 million", []),
        ("16.98亿", "1.698 billion", []),
        ("12%", "12 per cent", []),
        ("12%", "12 PERCENTAGE points", []),
        ("12%", "12 %", []),
        ("12％", "12％", []),
        ("12.50%", "12.5%", []),
        ("12%", "12", ["12%"]),  # a percentage keeps its sign
        ("1月5日", "January 5", []),
        ("1月5日", "5th of Jan", []),
        ("12月31日", "Dec. 31", []),
        ("12月31日", "December 30", ["12月31日"]),
        ("13月5日", "13 and 5", []),  # not a date: two numbers
        ("7月8日发布", "7 月 8 日发布", []),
    ],
)
def test_number_forms(zh, en, missing):
    assert number_mismatches(zh, en) == missing


def test_repetition_share_and_its_floor():
    from briefing.checks import repetition

    assert repetition("一二三四五六七八九十甲乙") == 0.0  # 9 distinct 4-grams
    assert repetition("哈" * 11) == pytest.approx(1 - 1 / 8)  # exactly 8 grams: measured
    assert repetition("哈" * 10) == 0.0  # 7 grams: too short to call
    assert repetition("ab ab ab ab ab ab ab ab ab ab") == pytest.approx(1 - 2 / 17)  # spaces do not count
    assert repetition("abcabcabcabcabc", n=5) == pytest.approx(1 - 3 / 11)


def test_loop_units_and_threshold():
    assert not looping("好好好学习天天向上")  # one character three times is no loop
    assert looping("好好好好好好学习")  # a two-character unit three times is
    # no run repeats three times in a row, but 0.483 of the 4-grams repeat (over 0.35, under 0.5)
    text = "国务院办公厅印发意见一国务院办公厅印发意见二国务院办公厅印发意见"
    assert looping(text) and not looping(text, share=0.5) and not looping(text, n=30)
    assert not looping("甲乙丙丁戊己庚辛甲乙丙丁壬癸子丑")  # 0.077 of them repeat


def test_guard_verdicts_exactly():
    from briefing.summarizers.guard import Verdict

    body = (
        "日前国务院办公厅印发关于健全重点事项常态化推进机制的意见对优化政务服务作出部署意见强调要推动重点事项清单管理"
        "和常态化实施加强部门协同和服务集成各省人民政府要统筹推进本地区政务服务工作明确部门分工加强综合协调专家认为"
        "常态化推进机制将让政务服务更加高效"
    )  # 124 characters, no punctuation: the length limits alone decide
    assert check("意见。", body, 100) == Verdict(False, "empty output")  # 2 characters that count
    assert check("印发意见", body, 100) == Verdict(True)  # 4 are enough
    assert check("课程课程课程课程课程课程", body, 100) == Verdict(False, "repetition loop")
    # at most 1.6 x the budget (but 40 characters are always allowed) ...
    assert check(body[:80], body, 50) == Verdict(True)
    assert check(body[:81], body, 50) == Verdict(False, "over-long output (81 characters)")
    assert check(body[:40], body, 10) == Verdict(True)
    assert check(body[:41], body, 10) == Verdict(False, "over-long output (41 characters)")
    # ... and at most 1.2 x the article plus 20
    short = body[:50]
    assert check(body[:80], short, 100) == Verdict(True)
    assert check(body[:81], short, 100) == Verdict(False, "over-long output (81 characters)")
    assert check("The office issued an opinion.", body, 100) == Verdict(False, "not in the article's language")
    assert check("2026年印发意见，共150个。", body + "共120个。", 100) == Verdict(
        False, "not in the article: 2026年、150"
    )


HUGE = str(7**500)  # 423 digits, more than a float holds (its largest is about 1.8e308), no repeated run


@pytest.mark.timeout(60)
def test_a_number_beyond_a_float_is_checked_as_written_never_a_traceback():
    """A number of 423 digits (a garbled or hostile text) made float() infinite, and int() of it raised
    OverflowError out of api.translate; it is now matched as written, both ways."""
    from briefing import api
    from tests.openai_server import Scripted
    from tests.test_api_runs import served

    source = f"今年编号为{HUGE}。"
    with Scripted() as server:
        server.responder = lambda payload: f"This year the number is {HUGE}."
        english = api.translate(source, served("translate", server))
    assert english.text == f"This year the number is {HUGE}."
    assert number_mismatches(source, f"The number is {HUGE[:-1]}8.") == [HUGE]
    assert number_mismatches(f"增长{HUGE}亿", f"grew {HUGE}") == []
    assert unsupported_facts(f"编号为{HUGE}。", source) == []


@pytest.mark.timeout(60)
@pytest.mark.parametrize("number", ["17.1.2", "192.168.1.1"])
def test_a_version_or_an_address_is_checked_as_written_never_a_traceback(number):
    """Numbers with two or more dots (a version, an IP address) are no float: float() raised ValueError out of
    api.translate for any text naming one. Each is matched as written, both ways."""
    from briefing import api
    from tests.openai_server import Scripted
    from tests.test_api_runs import served

    source = f"公司今天发布了版本{number}。"
    with Scripted() as server:
        server.responder = lambda payload: f"The company released version {number} today."
        english = api.translate(source, served("translate", server))
    assert english.text == f"The company released version {number} today."
    assert number_mismatches(source, f"version {number}1") == [number]
    assert unsupported_facts(f"发布了版本{number}。", source) == []
