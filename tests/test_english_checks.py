"""The checks on an LLM's English at their limits (issue #19: the check for invented numbers of three or
more digits survived a mutation of its limit)."""

from __future__ import annotations

import pytest

from briefing.backends import BackendContext
from briefing.config import OpenAIOptions, TranslateOptions
from briefing.translators.glossary import Glossary
from briefing.translators.guard import llm_problem
from briefing.translators.openai_compat import OpenAITranslationBackend
from briefing.translators.service import EnglishTranslator
from tests.openai_server import Scripted


@pytest.mark.parametrize(
    ("source", "english", "problem"),
    [
        # three significant digits the source lacks: invented; two are left alone (二十 -> 20th is fine)
        ("出口增长12%。", "Exports grew 12% to 953 billion.", "numbers not in the source: 953"),
        ("出口增长12%。", "Exports grew 12% to 95 billion.", None),
        ("出口增长12%。", "Exports grew 12% to 9,530 billion.", "numbers not in the source: 9,530"),
        ("共有300人参加。", "There were 300 people and 301 guests.", "numbers not in the source: 301"),
        # compared on significant digits: another unit or grouping of the same number is no invention
        ("全市新增11万人。", "The city added 110,000 people.", None),
        ("投资25亿元。", "An investment of 2.5 billion yuan.", None),
        ("共有1,200人。", "There were 1200 people.", None),
        ("共有1200人。", "There were 1,200 people.", None),
    ],
)
def test_numbers_an_llm_adds_are_refused_from_three_digits(source, english, problem):
    assert llm_problem(source, english) == problem


def test_a_translation_with_an_invented_number_is_asked_again_then_refused():
    """The same limit where it acts: the translator asks once more, stricter, and shows no English."""
    src = "出口增长12%。"
    for english, refused in (("Exports grew 12% to 953 billion.", True), ("Exports grew 12% to 95 billion.", False)):
        with Scripted(table={src: english}) as server:
            opts = TranslateOptions(backend="openai", model="m", endpoint=server.url)
            backend = OpenAITranslationBackend(BackendContext(opts, OpenAIOptions(), "", Glossary()))
            res = EnglishTranslator(backend).translate(src)
            asked = len(server.chats)
        assert (res.text, res.rejected, asked) == (
            (None, ["numbers not in the source: 953"], 2) if refused else (english, [], 1)
        )
