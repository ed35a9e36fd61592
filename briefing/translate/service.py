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
from typing import Any

from briefing.cache import Cache, make_key
from briefing.catalog import ct2_path, is_ct2_dir, locate
from briefing.config import TranslateOptions
from briefing.errors import BackendError, ModelNotFound
from briefing.records import Article, Summary, Translation
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


REJECTED = "output looped, was empty or was not English, twice"


@dataclass(frozen=True)
class Rejected:
    """A working backend's output that the checks refused (cached, like any output)."""

    reason: str


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
        """What decides a sentence's English: backend fingerprint, decoding, glossary, splitting."""
        return make_key(self.backend.fingerprint, self.decode, self.glossary.key, MAX_SENTENCE, self.retry)

    def _cache_key(self, sentence: str) -> str:
        return make_key("translation", self.model_key, sentence)

    def _batch(self, sentences: list[str], decode: Decode) -> list[str | BackendError]:
        """One backend call; if it fails, each sentence alone, so one bad sentence costs only itself."""
        try:
            return list(self.backend.translate_batch(sentences, decode))
        except BackendError as exc:
            if len(sentences) == 1:
                return [exc]
            log.info("%s: a batch of %d failed (%s); retrying one by one", self.backend.name, len(sentences), exc)
        out: list[str | BackendError] = []
        for sentence in sentences:
            out += self._batch([sentence], decode)
        return out

    def _run(self, sentences: list[str]) -> list[str | Rejected | BackendError]:
        """Translate unique sentences in length-sorted batches, retrying loops once, stricter.

        Each result is the English, a Rejected (the backend worked but its
        output was unusable twice), or the BackendError that stopped it.
        """
        order = sorted(range(len(sentences)), key=lambda i: len(sentences[i]))
        out: list[str | Rejected | BackendError] = [BackendError("not translated")] * len(sentences)
        size = self.batch_size or self.backend.batch_size
        for start in range(0, len(order), size):
            idx = order[start : start + size]
            for i, text in zip(idx, self._batch([sentences[i] for i in idx], self.decode), strict=True):
                out[i] = text
        bad = [i for i, t in enumerate(out) if isinstance(t, str) and unusable(t)] if self.retry else []
        if bad:
            retry = self._batch([sentences[i] for i in bad], self.decode.stricter())
            for i, text in zip(bad, retry, strict=True):
                out[i] = Rejected(REJECTED) if isinstance(text, str) and unusable(text) else text
        return out

    def translate(self, text: str) -> Translation:
        """English for a headline or a paragraph; untranslatable sentences are listed."""
        result = Translation(source=text, text=None, model=self.backend.model_key)
        sentences = split_sentences(text, max_len=MAX_SENTENCE)
        if not sentences:
            result.text = ""
            return result
        pieces: list[str | None] = [None] * len(sentences)
        masks: list[list[str]] = [[] for _ in sentences]
        todo: dict[str, list[int]] = {}
        for n, sent in enumerate(sentences):
            if cjk_ratio(sent) == 0:
                pieces[n] = sent  # English, numbers or symbols only: passed through untouched
                continue
            masked, masks[n] = self.glossary.mask(sent)
            hit = self.cache.get("translation", self._cache_key(masked)) if self.cache else None
            if hit is not None:
                pieces[n] = hit.get("text")  # None: a cached rejection of a working backend's output
                result.cached += 1
            else:
                todo.setdefault(masked, []).append(n)
        if todo:
            uniques = list(todo)
            for masked, outcome in zip(uniques, self._run(uniques), strict=True):
                if isinstance(outcome, BackendError):  # a failure is never cached: the next run tries again
                    result.failures.append(outcome.format_message())
                    continue
                if self.cache is not None:
                    value = {"rejected": outcome.reason} if isinstance(outcome, Rejected) else {"text": outcome}
                    self.cache.put("translation", self._cache_key(masked), value, self.backend.model_key)
                for n in todo[masked]:
                    pieces[n] = outcome if isinstance(outcome, str) else None
        final: list[str] = []
        for n, (sent, piece) in enumerate(zip(sentences, pieces, strict=True)):
            if piece is None:
                result.untranslated.append(sent)
                continue
            english, lost = self.glossary.unmask(piece, masks[n])
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


def translate_article(translator: EnglishTranslator, article: Article, summary: Summary | None) -> dict[str, Any]:
    """``title_en``, ``summary_en`` and honest flags for one article."""
    title = translator.translate(article.title)
    body = translator.translate(summary.text) if summary and summary.text else None
    flags: list[str] = []
    mismatch = title.number_mismatch + (body.number_mismatch if body else [])
    if mismatch:
        flags.append("number mismatch in translation: " + ", ".join(mismatch))
    untranslated = title.untranslated + (body.untranslated if body else [])
    failures = list(dict.fromkeys(title.failures + (body.failures if body else [])))
    if untranslated:
        why = "; ".join(failures) if failures else REJECTED
        flags.append(f"{len(untranslated)} sentence(s) left untranslated ({why})")
    missing = title.glossary_missing + (body.glossary_missing if body else [])
    if missing:
        flags.append("glossary term not rendered: " + "、".join(dict.fromkeys(missing)))
    return {
        "title_en": title.text,
        "summary_en": body.text if body else None,
        "translation_model": translator.backend.model_key,
        "translation_flags": flags,
        "translation_cached": title.cached + (body.cached if body else 0),
        "translation_failures": failures,
    }
