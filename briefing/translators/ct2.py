"""The fast path: the same Marian model converted for CTranslate2 (int8 by default).

The converted folder carries the tokenizer files (``briefing models convert``
copies them), so it is self-contained; sentencepiece tokenizes and detokenizes.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from briefing.backends import BackendContext
from briefing.config import TranslateOptions
from briefing.errors import BackendError
from briefing.hf import GENERATION_ERRORS, generation_error
from briefing.translators.base import Decode, TranslationBackend, register

TOKENIZER_FILES = ["source.spm", "target.spm", "vocab.json", "tokenizer_config.json", "special_tokens_map.json"]


@register
class CT2Backend(TranslationBackend):
    name = "ct2"
    requires = ("ctranslate2", "sentencepiece")
    batch_size = 1024  # a whole briefing in one call: CTranslate2 sorts it by length and sub-batches it
    max_batch_size = 12  # sentences per sub-batch (CTranslate2 sorts and re-batches by length)
    local_model = True

    def __init__(
        self, context: BackendContext[TranslateOptions], *, threads: int = 0, compute_type: str = "int8"
    ) -> None:
        super().__init__(context, threads=threads)
        self.compute_type = compute_type
        self._translator: Any = None
        self._src: Any = None
        self._tgt: Any = None

    def load(self) -> None:
        if self._translator is not None:
            return
        import ctranslate2
        import sentencepiece as spm

        folder = Path(self.model_dir)
        missing = [f for f in ("model.bin", "config.json", "source.spm", "target.spm") if not (folder / f).is_file()]
        if missing:
            raise BackendError(f"{folder}: not a usable CTranslate2 translation folder (missing {', '.join(missing)})")
        device = self.device
        if device == "auto":
            device = "cuda" if ctranslate2.get_cuda_device_count() > 0 else "cpu"
        compute = self.compute_type if device == "cpu" else "int8_float16"
        # Measured on 2 cores (benchmarks/bench_translate.py): one thread per
        # sub-batch and several sub-batches in parallel beats threads inside one.
        workers = self.threads or min(4, os.cpu_count() or 1)
        try:
            self._translator = ctranslate2.Translator(
                str(folder), device=device, compute_type=compute, intra_threads=1, inter_threads=workers
            )
        except (RuntimeError, ValueError) as exc:
            raise BackendError(f"{folder}: cannot load CTranslate2 model ({exc})") from exc
        self._src = spm.SentencePieceProcessor(model_file=str(folder / "source.spm"))
        self._tgt = spm.SentencePieceProcessor(model_file=str(folder / "target.spm"))
        vocab = json.loads((folder / "vocab.json").read_text("utf-8")) if (folder / "vocab.json").is_file() else {}
        self._known = set(vocab)

    def identity(self) -> dict[str, Any]:
        return {**super().identity(), "compute_type": self.compute_type, "device": self.device}

    def _tokens(self, sentence: str) -> list[str]:
        pieces = self._src.encode(sentence, out_type=str)
        if self._known:
            pieces = [p if p in self._known else "<unk>" for p in pieces]
        return [*pieces, "</s>"]

    def translate_batch(self, sentences: list[str], decode: Decode) -> list[str]:
        self.load()
        try:
            results = self._translator.translate_batch(
                [self._tokens(s) for s in sentences],
                beam_size=decode.beam_size,
                max_decoding_length=decode.max_new_tokens,
                min_decoding_length=decode.min_new_tokens,
                no_repeat_ngram_size=decode.no_repeat_ngram_size,
                repetition_penalty=decode.repetition_penalty,
                max_batch_size=self.max_batch_size,
                return_scores=False,
            )
            out = []
            for r in results:
                tokens = [t for t in r.hypotheses[0] if t not in ("</s>", "<pad>", "<unk>")]
                out.append(self._tgt.decode_pieces(tokens))
        except GENERATION_ERRORS as exc:  # out of memory, a CUDA or tokenizer error
            raise BackendError(f"{self.name}: translation failed ({generation_error(exc)})") from exc
        return out


def convert(src: Path, out: Path, quantization: str = "int8") -> Path:
    """Convert a Marian folder with ctranslate2's own converter, tokenizer files included."""
    from ctranslate2.converters import TransformersConverter

    from briefing.translators.marian import check_marian_dir

    check_marian_dir(str(src))
    files = [str(src / f) for f in TOKENIZER_FILES if (src / f).is_file()]
    tmp = out.parent / f".{out.name}.tmp"
    try:
        TransformersConverter(str(src), copy_files=files).convert(str(tmp), quantization=quantization, force=True)
    except (RuntimeError, ValueError, OSError) as exc:
        raise BackendError(f"{src}: conversion to CTranslate2 failed ({exc})") from exc
    if out.exists():
        import shutil

        shutil.rmtree(out)
    tmp.rename(out)
    return out
