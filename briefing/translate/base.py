"""The translation backend interface and its registry (like the summarizers')."""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass
from typing import ClassVar

from briefing.registry import Registry


@dataclass(frozen=True)
class Decode:
    """Decoding settings; ``min_new_tokens`` = ``max_new_tokens`` forces a length (benchmarks)."""

    beam_size: int = 4
    max_new_tokens: int = 256
    min_new_tokens: int = 0
    no_repeat_ngram_size: int = 0
    repetition_penalty: float = 1.0
    strict: bool = False  # the retry after a rejected output (LLMs: stricter prompt, temperature 0)

    def stricter(self) -> Decode:
        """What a retry uses after a rejected output."""
        return Decode(self.beam_size, self.max_new_tokens, self.min_new_tokens, 3, 1.3, strict=True)


@dataclass(frozen=True)
class Failed:
    """In place of an output: the backend could not produce one, and why."""

    reason: str


class TranslationBackend(ABC):
    """Translates batches of sentences (already split, masked and sorted)."""

    name: ClassVar[str]
    batch_size: ClassVar[int] = 16  # sentences per call that suit this backend
    # An LLM translates whole headlines and summaries (not sentences), gets the
    # glossary in its prompt (not masked), and its outputs pass the full guard.
    llm: ClassVar[bool] = False

    def __init__(self, model_dir: str, device: str = "auto", threads: int = 0) -> None:
        self.model_dir = model_dir
        self.device = device
        self.threads = threads

    @abstractmethod
    def translate_batch(self, sentences: list[str], decode: Decode) -> list[str | Failed]:
        """One English string per sentence (or a Failed with the reason)."""

    def load(self) -> None:  # noqa: B027 - optional hook: load the model now
        """Load the model now (so a missing or broken model fails early)."""

    @property
    def model_key(self) -> str:
        return f"{self.name}:{self.model_dir}"


_registry: Registry[TranslationBackend] = Registry(
    "translation",
    {
        "marian": "briefing.translate.marian",
        "ct2": "briefing.translate.ct2",
        "openai": "briefing.translate.openai_compat",
    },
    "briefing.translators",
)
register = _registry.register
get_backend_class = _registry.get
