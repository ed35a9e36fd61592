"""The summarizer interface and its registry.

Backends are small classes found by name (:mod:`briefing.registry`); plugins
use the entry-point group ``briefing.summarizers``.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass
from typing import ClassVar

from briefing.errors import ConfigError
from briefing.records import Article, Summary
from briefing.registry import Registry

NO_SUMMARY = "no full sentence to summarize (too short, or only numbers or a headline)"


@dataclass(frozen=True)
class Budget:
    """How long a summary may be: N sentences, else about ``max_chars`` characters."""

    sentences: int = 0
    max_chars: int = 150
    keywords: int = 6

    def __post_init__(self) -> None:
        if self.sentences < 0 or self.max_chars < 10:
            raise ConfigError("summary budget: --sentences must be >= 0 and --max-chars >= 10")


class Summarizer(ABC):
    """Turns articles into summaries."""

    name: ClassVar[str]
    extractive: ClassVar[bool] = False

    @abstractmethod
    def summarize(self, articles: list[Article], budget: Budget) -> list[Summary]:
        """One Summary per article, in order."""

    @property
    def model_key(self) -> str:
        """What identifies this backend's output in a cache."""
        return self.name


_registry: Registry[Summarizer] = Registry(
    "summarizer",
    {
        "extractive": "briefing.summarize.extractive",
        "seq2seq": "briefing.summarize.neural",
        "llm": "briefing.summarize.neural",
    },
    "briefing.summarizers",
)
register = _registry.register
get_summarizer_class = _registry.get
available = _registry.names
