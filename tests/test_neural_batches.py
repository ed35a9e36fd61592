"""A batch of prompts of different lengths through the LLM summarizer on a tiny random model (issue #19:
batching without padding survived a mutation)."""

from __future__ import annotations

import pytest

from briefing.backends import BackendContext
from briefing.config import SummarizeOptions
from briefing.summarizers.base import Budget


@pytest.fixture(scope="module")
def tiny_lm(tmp_path_factory):
    pytest.importorskip("transformers")
    from tests.tiny_models import build_causal_lm

    return build_causal_lm(tmp_path_factory.mktemp("lm") / "model")


def test_a_batch_of_different_lengths_generates_what_each_prompt_generates_alone(tiny_lm):
    """Greedy decoding, prompts padded on the left: batching changes nothing in the outputs."""
    from briefing.summarizers.neural import LLMSummarizer

    s = LLMSummarizer(BackendContext(SummarizeOptions(model=str(tiny_lm))))
    texts = ["国务院办公厅印发意见。", "教育部推出一千一百门课程，帮助二零二五届毕业生就业。"]
    titles = ["", "教育部推出课程"]
    budget = Budget(max_chars=20)
    both = s.generate(texts, budget, titles)
    alone = [out for t, title in zip(texts, titles, strict=True) for out in s.generate([t], budget, [title])]
    assert both == alone and len(both) == 2 and all(isinstance(o, str) for o in both)
