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
from briefing.checks import number_mismatches
from briefing.config import OpenAIOptions, TranslateOptions
from briefing.errors import BackendError
from briefing.records import UNUSABLE, Translation
from briefing.sentences import split_sentences
from briefing.textnorm import cjk_ratio
from briefing.translators.base import Decode, TranslationBackend, get_backend_class
from briefing.translators.glossary import Glossary, load_glossary
from briefing.translators.guard import MT_CHINESE, english_problem, llm_problem

log = logging.getLogger("briefing")
MAX_SENTENCE = 160  # characters; OPUS-MT was trained on sentences


@dataclass(frozen=True)
class Rejected:
    """A working backend's output that the checks refused (cached, like any output)."""

    reason: str


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

    def _cache_key(self, sentence: str, model_key: str | None = None) -> str:
        """``model_key`` given: computed once per pass (it reads the model folder)."""
        return make_key("translation", model_key or self.model_key, sentence)

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

    def problem(self, source: str, output: str) -> str | None:
        """Why an output is refused: an LLM's faces the full guard, OPUS-MT's the loop and language check."""
        if self.backend.llm:
            return llm_problem(source, output) or self.backend.refuses(source, output)
        return UNUSABLE if english_problem(output, MT_CHINESE) else None

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
        if not self.retry:  # benchmarks: every output as it came
            return out
        first = {i: self.problem(sentences[i], t) for i, t in enumerate(out) if isinstance(t, str)}
        bad = [i for i, reason in first.items() if reason]
        if bad:
            retry = self._batch([sentences[i] for i in bad], self.decode.stricter())
            for i, text in zip(bad, retry, strict=True):
                again = self.problem(sentences[i], text) if isinstance(text, str) else None
                if again and self.backend.llm and again != first[i]:
                    again = f"{again}; first try: {first[i]}"
                out[i] = Rejected(again) if again else text
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
        split = [self._units(text) for text in texts]
        pieces: list[list[str | None]] = [[None] * len(sents) for sents in split]
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
        model_key = self.model_key  # computed once: it reads the model folder's fingerprint
        uniques: list[str] = []
        rejected: list[list[str]] = [[] for _ in texts]
        for masked, places in todo.items():
            hit = self.cache.get("translation", self._cache_key(masked, model_key)) if self.cache else None
            if hit is None:
                uniques.append(masked)
                continue
            for t, n in places:
                pieces[t][n] = hit.get("text")  # None: a cached rejection of a working backend's output
                cached[t] += 1
                if hit.get("rejected"):
                    rejected[t].append(hit["rejected"])
        failures: list[list[str]] = [[] for _ in texts]
        store: list[tuple[str, dict[str, str]]] = []
        for masked, outcome in zip(uniques, self._run(uniques) if uniques else [], strict=True):
            if isinstance(outcome, BackendError):  # a failure is never cached: the next run tries again
                for t, _ in todo[masked]:
                    failures[t].append(outcome.format_message())
                continue
            value = {"rejected": outcome.reason} if isinstance(outcome, Rejected) else {"text": outcome}
            store.append((self._cache_key(masked, model_key), value))
            for t, n in todo[masked]:
                pieces[t][n] = outcome if isinstance(outcome, str) else None
                if isinstance(outcome, Rejected):
                    rejected[t].append(outcome.reason)
        if self.cache is not None and store:
            self.cache.put_many("translation", store, self.backend.model_key)
        return [
            self._assemble(*parts)
            for parts in zip(texts, split, pieces, masks, cached, failures, rejected, strict=True)
        ]

    def _units(self, text: str) -> list[str]:
        """What is translated as one piece: an LLM gets the whole text (it needs the
        context); OPUS-MT one sentence at a time, long ones cut at commas."""
        if self.backend.llm:
            return [text.strip()] if text.strip() else []
        return split_sentences(text, max_len=MAX_SENTENCE)

    def _assemble(
        self,
        text: str,
        sentences: list[str],
        pieces: list[str | None],
        masks: list[list[str]],
        cached: int,
        failures: list[str],
        rejected: list[str],
    ) -> Translation:
        """One text's Translation from its translated sentences, checked."""
        result = Translation(
            source=text,
            text=None,
            model=self.backend.model_key,
            cached=cached,
            failures=list(dict.fromkeys(failures)),
            rejected=list(dict.fromkeys(rejected)),
        )
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
        translated = " ".join(s for s in sentences if s not in result.untranslated)  # the rest is flagged already
        result.number_mismatch = number_mismatches(translated, english_all)
        result.glossary_missing = self.glossary.missing(translated, english_all)
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
