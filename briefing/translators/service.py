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

from briefing.cache import Cache, make_key
from briefing.catalog import resolve_translator_dir
from briefing.config import OpenAIOptions, TranslateOptions
from briefing.records import Translation
from briefing.sentences import split_sentences
from briefing.textnorm import cjk_ratio
from briefing.translators.base import Decode, Failed, TranslationBackend, get_backend_class
from briefing.translators.glossary import Glossary, load_glossary
from briefing.translators.guard import llm_problem, looping, problem, unusable  # noqa: F401 - re-exported
from briefing.translators.numbers import number_mismatches

log = logging.getLogger("briefing")
MAX_SENTENCE = 160  # characters; OPUS-MT was trained on sentences


@dataclass
class EnglishTranslator:
    """Sentence splitting, masking, cache and checks around one backend."""

    backend: TranslationBackend
    glossary: Glossary = field(default_factory=Glossary)
    decode: Decode = field(default_factory=Decode)
    batch_size: int = 0  # 0: what suits the backend
    cache: Cache | None = None
    retry: bool = True  # benchmarks turn the guard off: random weights loop at random

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
        if not self.retry:  # benchmarks: every output as it came
            return out
        reasons = {i: self.check(sentences[i], t) for i, t in enumerate(out)}
        # a rejected output is asked again, stricter; a server failure was already retried by the backend
        bad = [i for i, reason in reasons.items() if reason and not isinstance(out[i], Failed)]
        if bad:
            retry = self.backend.translate_batch([sentences[i] for i in bad], self.decode.stricter())
            for i, text in zip(bad, retry, strict=True):
                again = self.check(sentences[i], text)
                if again and again != reasons[i]:
                    again = f"{again}; first try: {reasons[i]}"
                out[i] = Failed(again) if again else text
        return out

    def translate(self, text: str) -> Translation:
        """English for a headline or a paragraph; untranslatable sentences are listed."""
        return self.translate_all([text])[0]

    def _units(self, text: str) -> list[str]:
        """What is translated as one piece: an LLM gets the whole text (it needs the
        context); OPUS-MT one sentence at a time, long ones cut at commas."""
        if self.backend.llm:
            return [text.strip()] if text.strip() else []
        return split_sentences(text, max_len=MAX_SENTENCE)

    def translate_all(self, texts: list[str]) -> list[Translation]:
        """English for many texts in one pass.

        Every sentence of every text is masked and looked up in the cache; the
        rest are de-duplicated and translated once each, in length-sorted
        batches (few padding tokens), then put back into their texts.
        """
        split = [self._units(text) for text in texts]
        pieces: list[list[str | Failed | None]] = [[None] * len(sents) for sents in split]
        masks: list[list[list[str]]] = [[[] for _ in sents] for sents in split]
        cached: list[int] = [0] * len(texts)
        todo: dict[str, list[tuple[int, int]]] = {}
        for t, sentences in enumerate(split):
            for n, sent in enumerate(sentences):
                if cjk_ratio(sent) == 0:
                    pieces[t][n] = sent  # English, numbers or symbols only: passed through untouched
                    continue
                # an LLM gets the glossary in its prompt; OPUS-MT copies masked terms through
                masked, masks[t][n] = (sent, []) if self.backend.llm else self.glossary.mask(sent)
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
            if isinstance(english, str) and self.cache is not None:  # never a failure
                self.cache.put("translation", self._cache_key(masked), english)
            for t, n in todo[masked]:
                pieces[t][n] = english
        return [
            self._assemble(text, sents, text_pieces, text_masks, hits)
            for text, sents, text_pieces, text_masks, hits in zip(texts, split, pieces, masks, cached, strict=True)
        ]

    def _assemble(
        self, text: str, sentences: list[str], pieces: list[str | Failed | None], masks: list[list[str]], cached: int
    ) -> Translation:
        """One text's Translation from its translated sentences, checked."""
        result = Translation(source=text, text=None, model=self.backend.model_key, cached=cached)
        if not sentences:
            result.text = ""
            return result
        final: list[str] = []
        for sent, piece, mask in zip(sentences, pieces, masks, strict=True):
            if not isinstance(piece, str):
                result.untranslated.append(sent)
                if isinstance(piece, Failed):
                    result.problems.append(piece.reason)
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


def make_translator(
    opts: TranslateOptions, cache: Cache | None = None, server: OpenAIOptions | None = None, templates: str = ""
) -> EnglishTranslator:
    """Find the model, build the backend and load it now (fail early, no downloads)."""
    glossary = load_glossary(opts.glossary or None)
    name = resolve_translator_dir(opts.model)[0] if opts.backend == "auto" else opts.backend
    cls = get_backend_class(name)  # an unknown name is an error, never a silent default
    backend = cls.for_endpoint(opts, server, glossary, templates) if cls.llm else cls.from_options(opts)
    backend.load()
    return EnglishTranslator(backend, glossary, Decode(beam_size=opts.beam_size), opts.batch_size, cache)
