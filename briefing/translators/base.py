"""The translation backend interface and its registry (like the summarizers').

Backends are built from a :class:`~briefing.backends.BackendContext` holding
``[translate]`` and the glossary (:mod:`briefing.backends` describes the
contract); plugins use the entry-point group ``briefing.translators``.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar

from briefing.backends import Backend, BackendContext
from briefing.cache import folder_fingerprint
from briefing.config import TranslateOptions
from briefing.errors import BackendError
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


class TranslationBackend(Backend[TranslateOptions], ABC):
    """Translates batches of sentences (already split, masked and sorted)."""

    batch_size: ClassVar[int] = 16  # sentences per call that suit this backend
    # An LLM translates whole headlines and summaries (not sentences), gets the
    # glossary in its prompt (not masked), and its outputs pass the full guard.
    llm: ClassVar[bool] = False
    # Runs a model folder of this machine: ``translate.model`` (a catalog name or a
    # folder) is resolved to it when the backend is built, a missing one is an error.
    local_model: ClassVar[bool] = False

    def __init__(self, context: BackendContext[TranslateOptions], *, threads: int = 0) -> None:
        super().__init__(context)
        self.model_dir = self.locate()
        self.device = context.options.device
        self.threads = threads

    def locate(self) -> str:
        """The model this backend runs: the folder of ``translate.model`` (``local_model``),
        else the setting as given (a server's model id, say)."""
        if not self.local_model:
            return self.context.options.model
        from briefing.catalog import resolve_translator_dir

        return str(resolve_translator_dir(self.context.options.model, self.name)[1])

    @abstractmethod
    def translate_batch(self, sentences: list[str], decode: Decode) -> Sequence[str | BackendError]:
        """One English string per sentence; a failure to generate raises BackendError (for the
        whole call) or stands in the list in place of that sentence's English (a server's answer)."""

    @property
    def model_key(self) -> str:
        """A readable label of backend and model (shown in output and cache stats)."""
        return f"{self.name}:{self.model_dir}"

    def identity(self) -> dict[str, Any]:
        """What decides the output besides the sentence and decoding: the model's files."""
        return {"model": folder_fingerprint(str(Path(self.model_dir).resolve()))}

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
