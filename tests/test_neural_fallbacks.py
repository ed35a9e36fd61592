"""The neural summarizer's fallbacks, on a fake model (issue #19: these survived a mutation): a refused
output's extractive summary still names the model that was refused, and a failed batch is retried article
by article with one line that says how many failed together."""

from __future__ import annotations

import logging

from briefing.backends import BackendContext
from briefing.config import SummarizeOptions
from briefing.records import Article
from briefing.summarizers.base import Budget
from briefing.summarizers.neural import NeuralSummarizer
from briefing.summarizers.service import summarize_all

FIRST = "甲市出台改革方案，涉及社区服务站120个。"
ARTS = [
    Article("甲市推进改革", [FIRST], source="a.txt"),
    Article("乙市推进改革", ["乙市出台改革方案，涉及社区服务站80个。"], source="b.txt"),
    Article("丙市推进改革", ["丙市出台改革方案。坏消息是资金不足。"], source="c.txt"),
]


class Fake(NeuralSummarizer):
    """A model that repeats a text's first sentence, says nothing of 乙市, and fails on a text with 坏."""

    name = "fake-neural"

    def __init__(self) -> None:
        super().__init__(BackendContext(SummarizeOptions(model="some/model")), batch_size=8)

    def load(self):
        return (lambda text, add_special_tokens=False: {"input_ids": list(text)}), None

    def generate(self, texts, budget, titles):
        if any("坏" in t for t in texts):
            raise RuntimeError("scripted failure")
        return ["" if "乙市" in t else t.split("。")[0] + "。" for t in texts]


def test_a_refused_output_falls_back_to_an_extractive_summary_that_names_the_model():
    accepted, refused = Fake().summarize(ARTS[:2], Budget(max_chars=100))
    assert (accepted.text, accepted.extractive, accepted.model) == (FIRST, False, "some/model")
    assert (refused.extractive, refused.fallback, refused.model) == (True, "empty output", "some/model")


def test_a_failed_batch_is_retried_one_by_one_and_says_how_many_failed_together(caplog):
    with caplog.at_level(logging.INFO, logger="briefing"):
        out, errors = summarize_all(ARTS, Fake(), Budget(max_chars=100))
    lines = [r.getMessage() for r in caplog.records if "retrying one by one" in r.getMessage()]
    assert lines == [
        "fake-neural: a batch of 3 failed (generation failed (RuntimeError: scripted failure)); retrying one by one"
    ]
    assert [s.extractive for s in out] == [False, True, True]
    assert out[0].text == FIRST and out[2].fallback.startswith("backend failed: generation failed")
    assert len(errors) == 1 and errors[0].startswith("c.txt: «丙市推进改革»: fake-neural backend failed")
