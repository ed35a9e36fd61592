"""MarianMT through transformers (``MarianMTModel`` + ``MarianTokenizer``)."""

from __future__ import annotations

from typing import Any

from briefing.backends import BackendContext
from briefing.config import TranslateOptions
from briefing.errors import BackendError
from briefing.hf import GENERATION_ERRORS, generation_error, pick_device
from briefing.translators.base import Decode, TranslationBackend, register

REQUIRED = ("config.json", "source.spm", "target.spm", "vocab.json")


def check_marian_dir(path: str) -> None:
    """A clear error for a folder that is missing files or holds another architecture."""
    import json
    from pathlib import Path

    folder = Path(path)
    missing = [f for f in REQUIRED if not (folder / f).is_file()]
    if missing:
        raise BackendError(f"{folder}: not a Marian model folder (missing {', '.join(missing)})")
    try:
        model_type = json.loads((folder / "config.json").read_text("utf-8")).get("model_type")
    except (OSError, ValueError) as exc:
        raise BackendError(f"{folder}/config.json: unreadable ({exc})") from exc
    if model_type != "marian":
        raise BackendError(f"{folder}: a {model_type!r} model, not a Marian translation model")


@register
class MarianBackend(TranslationBackend):
    name = "marian"
    requires = ("torch", "transformers", "sentencepiece")
    local_model = True

    def __init__(self, context: BackendContext[TranslateOptions], *, threads: int = 0) -> None:
        super().__init__(context, threads=threads)
        self._tok: Any = None
        self._model: Any = None

    def load(self) -> None:
        if self._model is not None:
            return
        import torch
        from transformers import MarianMTModel, MarianTokenizer

        from briefing.hf import quiet_transformers

        quiet_transformers()
        check_marian_dir(self.model_dir)
        if self.threads:
            torch.set_num_threads(self.threads)
        try:
            self._tok = MarianTokenizer.from_pretrained(self.model_dir)
            model: Any = MarianMTModel.from_pretrained(self.model_dir)
            self._model = model.to(pick_device(self.device)).eval()
        except (OSError, ValueError, RuntimeError) as exc:
            raise BackendError(f"{self.model_dir}: cannot load Marian model ({str(exc).splitlines()[0]})") from exc

    def translate_batch(self, sentences: list[str], decode: Decode) -> list[str]:
        self.load()
        try:
            return self._generate(sentences, decode)
        except GENERATION_ERRORS as exc:  # out of memory, a CUDA or tokenizer error
            raise BackendError(f"{self.name}: translation failed ({generation_error(exc)})") from exc

    def _generate(self, sentences: list[str], decode: Decode) -> list[str]:
        import torch

        batch = self._tok(sentences, return_tensors="pt", padding=True, truncation=True, max_length=512)
        batch = batch.to(self._model.device)
        kwargs: dict[str, Any] = {"num_beams": decode.beam_size, "max_new_tokens": decode.max_new_tokens}
        if decode.min_new_tokens:
            kwargs["min_new_tokens"] = decode.min_new_tokens
        if decode.no_repeat_ngram_size:
            kwargs["no_repeat_ngram_size"] = decode.no_repeat_ngram_size
        if decode.repetition_penalty != 1.0:
            kwargs["repetition_penalty"] = decode.repetition_penalty
        with torch.inference_mode():
            out = self._model.generate(**batch, **kwargs)
        english: list[str] = self._tok.batch_decode(out, skip_special_tokens=True)
        return english
