"""The summarizer interface and its registry.

Backends are small classes found by name (:mod:`briefing.registry`) and built
from a :class:`~briefing.backends.BackendContext` holding ``[summarize]``
(:mod:`briefing.backends` describes the contract); plugins use the
entry-point group ``briefing.summarizers``.
"""

from __future__ import annotations

import hashlib
import unicodedata
from abc import ABC, abstractmethod
from dataclasses import dataclass
from typing import ClassVar

from briefing.backends import Backend
from briefing.config import SummarizeOptions
from briefing.records import Article, Summary
from briefing.registry import Registry

NO_SUMMARY = "no full sentence to summarize (too short, or only numbers or a headline)"


def text_digest(text: str) -> str:
    """A short digest of an article text: how tuned-on items are recognized.

    Blind to what does not change the text for a reader: whitespace, invisible
    format characters (zero-width space, BOM) and compatibility forms (NFKC).
    """
    norm = unicodedata.normalize("NFKC", text)
    kept = "".join(c for c in norm if not c.isspace() and unicodedata.category(c) not in ("Cf", "Cc"))
    return hashlib.sha256(kept.encode("utf-8", "surrogatepass")).hexdigest()[:12]


@dataclass(frozen=True)
class Budget:
    """How long a summary may be: N sentences, else about ``max_chars`` characters.

    The defaults are the settings' declared ones; the service builds it from checked options.
    """

    sentences: int = SummarizeOptions.sentences
    max_chars: int = SummarizeOptions.max_chars
    keywords: int = SummarizeOptions.keywords

    @property
    def length_zh(self) -> str:
        """The budget as a Chinese instruction for an LLM prompt."""
        return f"不超过{self.sentences}句" if self.sentences else f"不超过{self.max_chars}个字"


class Summarizer(Backend[SummarizeOptions], ABC):
    """Turns articles into summaries."""

    extractive: ClassVar[bool] = False

    @abstractmethod
    def summarize(self, articles: list[Article], budget: Budget) -> list[Summary]:
        """One Summary per article, in order."""

    @property
    def model_key(self) -> str:
        """A readable label of this backend and model (shown in output and cache stats)."""
        return self.name

    def tuned_on(self) -> frozenset[str]:
        """Digests (:func:`text_digest`) of the texts this backend was tuned on.

        ``briefing eval summarize`` counts the items among them, so that a
        number measured on training data never passes for an out-of-sample one.
        """
        return frozenset()

    def take_failures(self) -> list[str]:
        """Failures of the last call (a server that did not answer), one line per reason."""
        return []

    def cacheable(self, summary: Summary) -> bool:
        """Whether ``summary``, of the last call, may be cached: not a fallback for an answer a server did
        not give (the next run asks again)."""
        return True


summarizers: Registry[Summarizer] = Registry(
    "summarizer",
    {
        "extractive": "briefing.summarizers.extractive",
        "seq2seq": "briefing.summarizers.neural",
        "llm": "briefing.summarizers.neural",
        "openai": "briefing.summarizers.openai_compat",
    },
    "briefing.summarizers",
)
register = summarizers.register
get_summarizer_class = summarizers.get
