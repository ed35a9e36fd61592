"""The translation backend interface and its registry (like the summarizers')."""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from briefing import __version__
from briefing.cache import folder_fingerprint, make_key
from briefing.registry import Registry

if TYPE_CHECKING:
    from briefing.config import TranslateOptions


@dataclass(frozen=True)
class Decode:
    """Decoding settings; ``min_new_tokens`` = ``max_new_tokens`` forces a length (benchmarks)."""

    beam_size: int = 4
    max_new_tokens: int = 256
    min_new_tokens: int = 0
    no_repeat_ngram_size: int = 0
    repetition_penalty: float = 1.0

    def stricter(self) -> Decode:
        """What a retry uses after a looping output."""
        return Decode(self.beam_size, self.max_new_tokens, self.min_new_tokens, 3, 1.3)


class TranslationBackend(ABC):
    """Translates batches of sentences (already split, masked and sorted)."""

    name: ClassVar[str]
    requires: ClassVar[tuple[str, ...]] = ()  # modules it imports when used (``briefing backends``)
    batch_size: ClassVar[int] = 16  # sentences per call that suit this backend
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

    @abstractmethod
    def translate_batch(self, sentences: list[str], decode: Decode) -> list[str]:
        """One English string per sentence; a failure to generate raises BackendError."""

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


translators: Registry[TranslationBackend] = Registry(
    "translator", {"marian": "briefing.translators.marian", "ct2": "briefing.translators.ct2"}, "briefing.translators"
)
register = translators.register
get_backend_class = translators.get
