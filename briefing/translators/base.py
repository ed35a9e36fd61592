"""The translation backend interface and its registry (like the summarizers')."""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from briefing.errors import ConfigError
from briefing.registry import Registry

if TYPE_CHECKING:
    from briefing.config import OpenAIOptions, TranslateOptions
    from briefing.translators.glossary import Glossary


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
    requires: ClassVar[tuple[str, ...]] = ()  # modules it imports when used (``briefing backends``)
    batch_size: ClassVar[int] = 16  # sentences per call that suit this backend
    # An LLM translates whole headlines and summaries (not sentences), gets the
    # glossary in its prompt (not masked), and its outputs pass the full guard.
    llm: ClassVar[bool] = False

    def __init__(self, model_dir: str, device: str = "auto", threads: int = 0) -> None:
        self.model_dir = model_dir
        self.device = device
        self.threads = threads

    @classmethod
    def from_options(cls, opts: TranslateOptions) -> TranslationBackend:
        """The backend for the configured model (``translate.model``) and device.

        Backends on local model folders resolve the name to a folder here; a
        backend with no local model (a server, say) takes ``opts.model`` as is.
        """
        return cls(opts.model, device=opts.device)

    @classmethod
    def for_endpoint(
        cls, opts: TranslateOptions, server: OpenAIOptions | None, glossary: Glossary, templates: str
    ) -> TranslationBackend:
        """An LLM backend (``llm = True``) for the configured server: endpoint, key, prompts, glossary."""
        raise ConfigError(f"the {cls.name} translator does not talk to a server")

    @abstractmethod
    def translate_batch(self, sentences: list[str], decode: Decode) -> list[str | Failed]:
        """One English string per sentence (or a Failed with the reason)."""

    def load(self) -> None:  # noqa: B027 - optional hook: load the model now
        """Load the model now (so a missing or broken model fails early)."""

    @property
    def model_key(self) -> str:
        return f"{self.name}:{self.model_dir}"

    @property
    def described(self) -> tuple[str, str]:
        """Which model produces the English, and the server it runs on ("" for this machine)."""
        from pathlib import Path

        return Path(self.model_dir).name, ""


translators: Registry[TranslationBackend] = Registry(
    "translator",
    {
        "marian": "briefing.translators.marian",
        "ct2": "briefing.translators.ct2",
        "openai": "briefing.translators.openai_compat",
    },
    "briefing.translators",
)
register = translators.register
get_backend_class = translators.get
