"""The fidelity check's name check on faithful English (issue #22): a name or glossary term the
English renders in another common form is not flagged, one it leaves out is.

Each line goes through ``EnglishTranslator`` as an OpenAI-compatible server's answer would (whole
text, glossary in the prompt, every check on); ``benchmarks/bench_fidelity.py`` measures the same
on human reference translations.
"""

from __future__ import annotations

import pytest

from briefing.backends import BackendContext
from briefing.config import TranslateOptions
from briefing.records import Translation
from briefing.translators.base import TranslationBackend
from briefing.translators.glossary import load_glossary
from briefing.translators.service import EnglishTranslator


class Answers(TranslationBackend):
    """A server that answers each text with the English given for it."""

    name = "answers"
    llm = True

    def __init__(self, english: dict[str, str]) -> None:
        super().__init__(BackendContext(TranslateOptions(backend="openai", model="answers")))
        self.english = english

    def translate_batch(self, sentences, decode):
        return [self.english[s] for s in sentences]


def checked(zh: str, en: str) -> Translation:
    result = EnglishTranslator(Answers({zh: en}), load_glossary()).translate(zh)
    assert result.text == en  # the guard let it through: only the name check is under test
    return result


@pytest.mark.parametrize(
    ("zh", "en"),
    [
        ("波兰总统杜达在本月成功连任。", "Polish president Duda was re-elected this month."),  # a demonym
        ("西班牙游客人数明显回升。", "The number of Spanish tourists rose markedly."),
        ("伊朗外长表示，愿意继续对话。", "The Iranian foreign minister said he was ready to keep talking."),
        ("这给中美两国关系造成严重困扰。", "This severely disturbs Sino-US relations."),  # a pair of names
        ("当地向唐河、沙河等河流实施生态补水。", "Water was sent to rivers such as the Tang River and the Sha River."),
        ("太湖平均水位4.67米。", "The average water level of Taihu Lake was 4.67 meters."),  # "Lake Tai"
        ("新闻稿称，即使按照美国法规，申诉也存在错误。", "Even under U.S. rules, the complaint has errors, it said."),
    ],
)
def test_a_name_in_another_common_english_form_is_not_flagged(zh, en):
    assert checked(zh, en).names_missing == []


@pytest.mark.parametrize(
    ("zh", "en", "name"),
    [
        ("波兰总统杜达在本月成功连任。", "The president was re-elected this month.", "波兰"),
        ("西班牙游客人数明显回升。", "The number of tourists rose markedly.", "西班牙"),
        ("伊朗外长表示，愿意继续对话。", "The foreign minister said he was ready to keep talking.", "伊朗"),
        ("这给中美两国关系造成严重困扰。", "This severely disturbs relations between the two.", "中美"),
        ("当地向唐河、沙河等河流实施生态补水。", "Water was sent to the Tang River and other rivers.", "沙河"),
        ("太湖平均水位4.67米。", "The average water level of the lake was 4.67 meters.", "太湖"),
        (
            "新闻稿称，即使按照美国法规，申诉也存在错误。",
            "Even under these rules, the complaint has errors, it said.",
            "美国",
        ),
    ],
)
def test_a_name_left_out_is_flagged(zh, en, name):
    assert [m for m in checked(zh, en).names_missing if m.startswith(name)], checked(zh, en).names_missing


def test_a_glossary_name_is_rendered_by_its_distinctive_word():
    zh = "新华社广州7月26日电，记者从当地海警局了解到相关情况。"
    assert (
        checked(zh, "Guangzhou, July 26 (Xinhua) - The reporter learned from the local coast guard.").glossary_missing
        == []
    )
    assert checked(zh, "Guangzhou, July 26 - The reporter learned from the local coast guard.").glossary_missing == [
        "新华社"
    ]


def test_a_glossary_term_inside_a_longer_word_is_not_checked():
    """外交部 (the ministry) inside 外交部长 (its minister): the English names the minister, not the ministry."""
    assert (
        checked(
            "西班牙外交部长强调，西班牙是安全的。", "The Spanish Foreign Minister stressed that Spain is safe."
        ).glossary_missing
        == []
    )
    assert checked(
        "西班牙外交部强调，西班牙是安全的。", "The Spanish government stressed that Spain is safe."
    ).glossary_missing == ["外交部"]


# -- a name at the head of a longer name (#22 audit, defect 2) ----------------------------------------------


@pytest.mark.parametrize(
    ("zh", "en", "name"),
    [
        # one word of jieba's: a city's government, a city's exhibition hall (the audit's case)
        ("上海市政府今天在上海展览中心举办科技展览。", "Beijing officials held a science exhibition today.", "上海"),
        ("杭州市政府发布新规。", "The city government issued new rules.", "杭州"),
        # a place's word before an organisation's words: 广州|展览|中心
        ("广州展览中心今天开幕。", "The Beijing Exhibition Center opened today.", "广州"),
        ("宁波港口集团发布年报。", "The port group issued its annual report.", "宁波"),
    ],
)
def test_a_name_heading_a_longer_name_is_checked(zh, en, name):
    assert [m for m in checked(zh, en).names_missing if m.startswith(name)], checked(zh, en).names_missing


@pytest.mark.parametrize(
    ("zh", "en"),
    [
        ("上海市政府今天在上海展览中心举办科技展览。", "The Shanghai government held an exhibition today."),
        ("杭州市政府发布新规。", "The Hangzhou municipal government issued new rules."),
        ("广州展览中心今天开幕。", "The Guangzhou Exhibition Center opened today."),
        ("宁波港口集团发布年报。", "Ningbo Port Group issued its annual report."),
        ("北京大学今天举办国际论坛。", "Peking University held an international forum today."),  # a form of its own
        (
            "向滏阳河、青龙河等河流补水。",
            "Water went to rivers such as the Fuyang River and the Qinglong River.",
        ),  # pinyin
    ],
)
def test_a_head_rendered_or_a_longer_name_with_a_form_of_its_own_is_not_flagged(zh, en):
    assert checked(zh, en).names_missing == []
