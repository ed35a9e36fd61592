"""The translation backend interface and its registry (like the summarizers')."""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from briefing import __version__
from briefing.cache import folder_fingerprint, make_key
from briefing.errors import BackendError, ConfigError
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


class TranslationBackend(ABC):
    """Translates batches of sentences (already split, masked and sorted)."""

    name: ClassVar[str]
    requires: ClassVar[tuple[str, ...]] = ()  # modules it imports when used (``briefing backends``)
    batch_size: ClassVar[int] = 16  # sentences per call that suit this backend
    # An LLM translates whole headlines and summaries (not sentences), gets the
    # glossary in its prompt (not masked), and its outputs pass the full guard.
    llm: ClassVar[bool] = False
    version: ClassVar[int] = 1  # bump when the same sentence and model give other output

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
    def translate_batch(self, sentences: list[str], decode: Decode) -> list[str | BackendError]:
        """One English string per sentence; a failure to generate raises BackendError (for the
        whole call) or stands in the list in place of that sentence's English (a server's answer)."""

    def load(self) -> None:  # noqa: B027 - optional hook: load the model now
        """Load the model now (so a missing or broken model fails early)."""

    @property
    def model_key(self) -> str:
        """A readable label of backend and model (shown in output and cache stats)."""
        return f"{self.name}:{self.model_dir}"

    def identity(self) -> dict[str, Any]:
        """What decides the output besides the sentence and decoding: the model's files."""
        return {"model": folder_fingerprint(str(Path(self.model_dir).resolve()))}

    @property
    def fingerprint(self) -> str:
        """Backend name and version, package version and model identity, hashed: a cache key part."""
        return make_key(self.name, self.version, __version__, self.identity())

    @property
    def described(self) -> tuple[str, str]:
        """Which model produces the English, and the server it runs on ("" for this machine)."""
        return Path(self.model_dir).name, ""

    def refuses(self, source: str, output: str) -> str | None:
        """A backend's own reason to refuse an output (an LLM echoing its prompt), or None."""
        return None


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
