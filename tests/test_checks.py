"""One number check and one loop detector, shared by the summary guard and the translator."""

from __future__ import annotations

import pytest

from briefing.checks import looping, number_mismatches
from briefing.summarizers.guard import check, unsupported_facts
from briefing.translators.service import unusable

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
    assert unusable("the meeting the meeting the meeting the meeting")
