"""Chinese -> English for headlines and summaries, done the way OPUS-MT needs.

Text is split into sentences (the summarizer's splitter, long ones cut at
commas), glossary terms are masked, sentences not in the cache are translated
in length-sorted batches and put back in order.  An output that loops or is
empty is retried with stricter decoding and, failing that, marked
untranslated rather than shown.  Numbers and glossary terms are checked.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from briefing.cache import Cache, make_key
from briefing.catalog import ct2_path, is_ct2_dir, locate
from briefing.config import OpenAIOptions, TranslateOptions
from briefing.endpoint import endpoint_options
from briefing.errors import ConfigError, ModelNotFound
from briefing.records import Article, Summary, Translation
from briefing.sentences import split_sentences
from briefing.textnorm import cjk_ratio
from briefing.translate.base import Decode, Failed, TranslationBackend, get_backend_class
from briefing.translate.glossary import Glossary, load_glossary
from briefing.translate.guard import llm_problem, looping, problem, unusable  # noqa: F401 - re-exported
from briefing.translate.numbers import number_mismatches

log = logging.getLogger("briefing")
MAX_SENTENCE = 160  # characters; OPUS-MT was trained on sentences
DEFAULT_MODEL = "opus-mt-zh-en"  # the packaged default, a Marian model: never an endpoint's model id


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

    def check(self, source: str, output: str | Failed | None) -> str | None:
        """Why ``output`` is rejected, or None: the full guard for an LLM, the basic one otherwise."""
        if isinstance(output, Failed):
            return output.reason
        return llm_problem(source, output) if self.backend.llm else problem(output)

    def _run(self, sentences: list[str]) -> list[str | Failed]:
        """Translate unique sentences in length-sorted batches; a rejected output is
        retried once with stricter settings, then replaced by a Failed with the reason."""
        order = sorted(range(len(sentences)), key=lambda i: len(sentences[i]))
        out: list[str | Failed] = [Failed("not translated")] * len(sentences)
        size = self.batch_size or self.backend.batch_size
        for start in range(0, len(order), size):
            idx = order[start : start + size]
            texts = self.backend.translate_batch([sentences[i] for i in idx], self.decode)
            for i, text in zip(idx, texts, strict=True):
                out[i] = text
        reasons = {i: self.check(sentences[i], t) for i, t in enumerate(out)}
        # a rejected output is asked again, stricter; a server failure was already retried by the backend
        bad = [i for i, reason in reasons.items() if reason and not isinstance(out[i], Failed)]
        if bad and self.retry:
            retry = self.backend.translate_batch([sentences[i] for i in bad], self.decode.stricter())
            for i, text in zip(bad, retry, strict=True):
                again = self.check(sentences[i], text)
                if again and again != reasons[i]:
                    again = f"{again}; first try: {reasons[i]}"
                out[i] = Failed(again) if again else text
        else:
            for i in bad:
                out[i] = Failed(reasons[i] or "")
        return out

    def translate(self, text: str) -> Translation:
        """English for a headline or a paragraph; untranslatable sentences are listed."""
        result = Translation(source=text, text=None, model=self.backend.model_key)
        # an LLM gets the whole text (it needs the context); OPUS-MT one sentence at a time
        if self.backend.llm:
            sentences = [text.strip()] if text.strip() else []
        else:
            sentences = split_sentences(text, max_len=MAX_SENTENCE)
        if not sentences:
            result.text = ""
            return result
        pieces: list[str | Failed | None] = [None] * len(sentences)
        masks: list[list[str]] = [[] for _ in sentences]
        todo: dict[str, list[int]] = {}
        for n, sent in enumerate(sentences):
            if cjk_ratio(sent) == 0:
                pieces[n] = sent  # English, numbers or symbols only: passed through untouched
                continue
            masked, masks[n] = (sent, []) if self.backend.llm else self.glossary.mask(sent)
            hit = self.cache.get("translation", self._cache_key(masked)) if self.cache else None
            if hit is not None:
                pieces[n] = hit
                result.cached += 1
            else:
                todo.setdefault(masked, []).append(n)
        if todo:
            uniques = list(todo)
            for masked, english in zip(uniques, self._run(uniques), strict=True):
                if isinstance(english, str) and self.cache is not None:  # never a failure
                    self.cache.put("translation", self._cache_key(masked), english)
                for n in todo[masked]:
                    pieces[n] = english
        final: list[str] = []
        for n, (sent, piece) in enumerate(zip(sentences, pieces, strict=True)):
            if not isinstance(piece, str):
                result.untranslated.append(sent)
                if isinstance(piece, Failed):
                    result.problems.append(piece.reason)
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


def make_translator(
    opts: TranslateOptions, cache: Cache | None = None, server: OpenAIOptions | None = None, templates: str = ""
) -> EnglishTranslator:
    """Find the model, build the backend and load it now (fail early, no downloads)."""
    glossary = load_glossary(opts.glossary or None)
    backend: TranslationBackend
    if opts.backend == "openai":
        from briefing.translate.openai_compat import OpenAITranslationBackend

        if not opts.endpoint:
            raise ConfigError("the openai translator needs an endpoint: --endpoint URL or [translate] endpoint")
        if not opts.model or opts.model == DEFAULT_MODEL:
            raise ConfigError("the openai translator needs the server's model id: --translator-model NAME")
        backend = OpenAITranslationBackend(
            opts.model,
            endpoint=endpoint_options(opts.endpoint, opts.model, opts.api_key_env, server),
            glossary=glossary,
            templates=templates,
        )
    else:
        if opts.backend != "auto":
            get_backend_class(opts.backend)  # an unknown name: one line listing the known ones
        backend_name, folder = resolve_translator_dir(opts.model, opts.backend)
        backend = get_backend_class(backend_name)(str(folder), device=opts.device)
    backend.load()
    return EnglishTranslator(backend, glossary, Decode(beam_size=opts.beam_size), opts.batch_size, cache)


def translate_article(translator: EnglishTranslator, article: Article, summary: Summary | None) -> dict[str, Any]:
    """``title_en``, ``summary_en`` and honest flags for one article."""
    title = translator.translate(article.title)
    body = translator.translate(summary.text) if summary and summary.text else None
    flags: list[str] = []
    mismatch = title.number_mismatch + (body.number_mismatch if body else [])
    if mismatch:
        flags.append("number mismatch in translation: " + ", ".join(mismatch))
    untranslated = title.untranslated + (body.untranslated if body else [])
    if untranslated:
        flags.append(f"{len(untranslated)} sentence(s) left untranslated")
    missing = title.glossary_missing + (body.glossary_missing if body else [])
    if missing:
        flags.append("glossary term not rendered: " + "、".join(dict.fromkeys(missing)))
    return {
        "title_en": title.text,
        "summary_en": body.text if body else None,
        "translation_model": translator.backend.model_key,
        "translation_flags": flags,
        "translation_cached": title.cached + (body.cached if body else 0),
    }
