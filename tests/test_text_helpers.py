"""Text helpers at their edges (issue #19: each of these survived a mutation)."""

from __future__ import annotations

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
