"""Chinese -> English for headlines and summaries, done the way OPUS-MT needs.

Text is split into sentences (the summarizer's splitter, long ones cut at
commas), glossary terms are masked, sentences not in the cache are translated
in length-sorted batches and put back in order.  An output that loops or is
empty is retried with stricter decoding and, failing that, marked
untranslated rather than shown.  Numbers and glossary terms are checked.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from pathlib import Path

from briefing.cache import Cache, make_key
from briefing.catalog import ct2_path, is_ct2_dir, locate
from briefing.config import TranslateOptions
from briefing.errors import ModelNotFound
from briefing.records import Translation
from briefing.sentences import split_sentences
from briefing.summarize.guard import repetition
from briefing.textnorm import cjk_ratio
from briefing.translate.base import Decode, TranslationBackend, get_backend_class
from briefing.translate.glossary import Glossary, load_glossary
from briefing.translate.numbers import number_mismatches

log = logging.getLogger("briefing")
MAX_SENTENCE = 160  # characters; OPUS-MT was trained on sentences


def looping(text: str) -> bool:
    """An output stuck repeating itself (a repeated n-gram run)."""
    if re.search(r"(\S.{3,40}?)(?:\s*\1){2,}", text):
        return True
    return repetition(text, n=6) > 0.4


def unusable(text: str | None) -> bool:
    """Empty, looping, or not English at all (a model echoing Chinese)."""
    return not (text or "").strip() or looping(text or "") or cjk_ratio(text or "") > 0.3


def resolve_translator_dir(model: str, backend: str = "auto") -> tuple[str, Path]:
    """The backend name and model folder for ``model`` (catalog name, folder or hub id)."""
    path, entry = locate(model)
    if path.is_dir() and is_ct2_dir(path):
        if backend == "marian":
            raise ModelNotFound(f"{path} is a CTranslate2 folder; use --translator-backend ct2")
        return "ct2", path
    ct2_dir = ct2_path(path)
    if backend in {"auto", "ct2"} and ct2_dir.is_dir() and is_ct2_dir(ct2_dir):
        return "ct2", ct2_dir
    if backend == "ct2":
        raise ModelNotFound(
            f"no CTranslate2 copy of {model!r}; make it with `briefing models convert {entry.name if entry else model}`"
        )
    if path.is_dir():
        return "marian", path
    name = entry.name if entry else model
    raise ModelNotFound(
        f"translation model {model!r} is not on this machine; get it with `briefing models pull {name}` "
        "(and `briefing models convert` for the fast path), or pass --translator-model FOLDER"
    )


@dataclass
class EnglishTranslator:
    """Sentence splitting, masking, cache and checks around one backend."""

    backend: TranslationBackend
    glossary: Glossary = field(default_factory=Glossary)
    decode: Decode = field(default_factory=Decode)
    batch_size: int = 0  # 0: what suits the backend
    cache: Cache | None = None
    retry: bool = True  # benchmarks turn it off: random weights loop at random

    @property
    def model_key(self) -> str:
        return f"{self.backend.model_key}|{self.decode}|{self.glossary.key}"

    def _cache_key(self, sentence: str) -> str:
        return make_key("translation", self.model_key, sentence)

    def _run(self, sentences: list[str]) -> list[str | None]:
        """Translate unique sentences in length-sorted batches, retrying loops."""
        order = sorted(range(len(sentences)), key=lambda i: len(sentences[i]))
        out: list[str | None] = [None] * len(sentences)
        size = self.batch_size or self.backend.batch_size
        for start in range(0, len(order), size):
            idx = order[start : start + size]
            texts = self.backend.translate_batch([sentences[i] for i in idx], self.decode)
            for i, text in zip(idx, texts, strict=True):
                out[i] = text
        bad = [i for i, t in enumerate(out) if unusable(t)] if self.retry else []
        if bad:
            retry = self.backend.translate_batch([sentences[i] for i in bad], self.decode.stricter())
            for i, text in zip(bad, retry, strict=True):
                out[i] = None if unusable(text) else text
        return out

    def translate(self, text: str) -> Translation:
        """English for a headline or a paragraph; untranslatable sentences are listed."""
        return self.translate_all([text])[0]

    def translate_all(self, texts: list[str]) -> list[Translation]:
        """English for many texts in one pass.

        Every sentence of every text is masked and looked up in the cache; the
        rest are de-duplicated and translated once each, in length-sorted
        batches (few padding tokens), then put back into their texts.
        """
        split = [split_sentences(text, max_len=MAX_SENTENCE) for text in texts]
        pieces: list[list[str | None]] = [[None] * len(sents) for sents in split]
        masks: list[list[list[str]]] = [[[] for _ in sents] for sents in split]
        cached: list[int] = [0] * len(texts)
        todo: dict[str, list[tuple[int, int]]] = {}
        for t, sentences in enumerate(split):
            for n, sent in enumerate(sentences):
                if cjk_ratio(sent) == 0:
                    pieces[t][n] = sent  # English, numbers or symbols only: passed through untouched
                    continue
                masked, masks[t][n] = self.glossary.mask(sent)
                todo.setdefault(masked, []).append((t, n))
        uniques: list[str] = []
        for masked, places in todo.items():
            hit = self.cache.get("translation", self._cache_key(masked)) if self.cache else None
            if hit is None:
                uniques.append(masked)
                continue
            for t, n in places:
                pieces[t][n] = hit
                cached[t] += 1
        for masked, english in zip(uniques, self._run(uniques) if uniques else [], strict=True):
            if english is not None and self.cache is not None:
                self.cache.put("translation", self._cache_key(masked), english)
            for t, n in todo[masked]:
                pieces[t][n] = english
        return [
            self._assemble(text, sents, text_pieces, text_masks, hits)
            for text, sents, text_pieces, text_masks, hits in zip(texts, split, pieces, masks, cached, strict=True)
        ]

    def _assemble(
        self, text: str, sentences: list[str], pieces: list[str | None], masks: list[list[str]], cached: int
    ) -> Translation:
        """One text's Translation from its translated sentences, checked."""
        result = Translation(source=text, text=None, model=self.backend.model_key, cached=cached)
        if not sentences:
            result.text = ""
            return result
        final: list[str] = []
        for sent, piece, mask in zip(sentences, pieces, masks, strict=True):
            if piece is None:
                result.untranslated.append(sent)
                continue
            english, lost = self.glossary.unmask(piece, mask)
            if lost:  # constrained post-edit: the term's rendering is added, and flagged
                english = f"{english} [{'; '.join(self.glossary.terms[t] for t in lost)}]"
            final.append(english)
        result.text = " ".join(final) if final else None  # failed sentences are left out, and listed
        english_all = " ".join(final)
        result.number_mismatch = number_mismatches(
            " ".join(s for s in sentences if s not in result.untranslated), english_all
        )
        result.glossary_missing = self.glossary.missing(text, english_all)
        return result


def make_translator(opts: TranslateOptions, cache: Cache | None = None) -> EnglishTranslator:
    """Find the model, build the backend and load it now (fail early, no downloads)."""
    backend_name, folder = resolve_translator_dir(opts.model, opts.backend)
    backend = get_backend_class(backend_name)(str(folder), device=opts.device)
    backend.load()
    return EnglishTranslator(
        backend, load_glossary(opts.glossary or None), Decode(beam_size=opts.beam_size), opts.batch_size, cache
    )
