"""The summarizer interface and its registry.

Backends are small classes found by name; the built-ins register themselves
exactly as a plugin would (``@register``), and entry points in the group
``briefing.summarizers`` are loaded on first lookup.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass
from importlib import import_module
from importlib.metadata import entry_points
from typing import ClassVar

from briefing.errors import ConfigError
from briefing.records import Article, Summary


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


_REGISTRY: dict[str, type[Summarizer]] = {}
_BUILTINS = {
    "extractive": "briefing.summarize.extractive",
    "seq2seq": "briefing.summarize.neural",
    "llm": "briefing.summarize.neural",
}
_plugins_loaded = False


def register(cls: type[Summarizer]) -> type[Summarizer]:
    """Class decorator: make a summarizer findable by its ``name``."""
    _REGISTRY[cls.name] = cls
    return cls


def get_summarizer_class(name: str) -> type[Summarizer]:
    """Find a backend by name (built-in or plugin)."""
    global _plugins_loaded
    if name in _BUILTINS and name not in _REGISTRY:
        import_module(_BUILTINS[name])
    if name not in _REGISTRY and not _plugins_loaded:
        _plugins_loaded = True
        for ep in entry_points(group="briefing.summarizers"):
            register(ep.load())
    if name not in _REGISTRY:
        known = sorted(set(_BUILTINS) | set(_REGISTRY))
        raise ConfigError(f"unknown summarizer backend {name!r} (known: {', '.join(known)})")
    return _REGISTRY[name]


def available() -> list[str]:
    return sorted(set(_BUILTINS) | set(_REGISTRY))
