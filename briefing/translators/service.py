"""Chinese -> English for headlines and summaries, done the way OPUS-MT needs.

Text is split into sentences (the summarizer's splitter, long ones cut at
commas), glossary terms are masked, sentences not in the cache are translated
in length-sorted batches and put back in order.  An output that loops or is
empty is retried with stricter decoding and, failing that, marked
untranslated rather than shown.  Numbers and glossary terms are checked, and
so are the names the dictionary knows an English form of (上海 "Shanghai"),
also where one heads a longer name (上海市政府): a line that leaves one out is
flagged.  One English for different texts of a
batch (a server answering everything alike) is refused for all of them.
"""

from __future__ import annotations

import logging
from dataclasses import asdict, dataclass, field, replace
from typing import Any

from briefing.backends import BackendContext, Run
from briefing.cache import Cache, output_key
from briefing.catalog import resolve_translator_dir
from briefing.checks import names_missing, number_mismatches, renders_term
from briefing.config import TranslateOptions
from briefing.errors import BackendError
from briefing.guarded import Failure, FailureKind, ask_guarded
from briefing.records import SAME_ENGLISH, UNUSABLE, Translation
from briefing.sentences import split_sentences
from briefing.textnorm import cjk_ratio
from briefing.translators.base import Decode, TranslationBackend, translators
from briefing.translators.glossary import Glossary
from briefing.translators.guard import MT_CHINESE, english_problem, llm_problem
from briefing.translators.keyterms import known_heads, known_names, whole_glossary_terms, word_pinyin

log = logging.getLogger("briefing")
MAX_SENTENCE = 160  # characters; OPUS-MT was trained on sentences
SAME_MIN_WORDS = 4  # an English this long, given for different texts, says nothing of either


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
    def settings(self) -> dict[str, Any]:
        """What decides a sentence's English besides the backend: decoding, glossary, splitting, retry."""
        return {
            "decode": asdict(self.decode),
            "glossary": self.glossary.key,
            "split": MAX_SENTENCE,
            "retry": self.retry,
        }

    def for_run(self, run: Run) -> EnglishTranslator:
        """This translator for one run: its backend for the run (:meth:`Run.of`), the run's cache."""
        return replace(self, backend=run.of(self.backend), cache=run.cache)

    def cache_key(self, sentence: str, producer: str | None = None) -> str:
        """The key of ``sentence``'s cached English (:func:`briefing.cache.output_key`).

        ``producer``: the backend's fingerprint, when computed once per pass (it reads the model folder).
        """
        return output_key("translation", producer or self.backend.fingerprint, self.settings, sentence)

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

    def _ask(self, sentences: list[str], strict: bool) -> list[str | BackendError]:
        """One English or BackendError per sentence: length-sorted batches of ``batch_size``;
        the stricter retry of the few refused ones in one call."""
        if strict:
            return self._batch(sentences, self.decode.stricter())
        order = sorted(range(len(sentences)), key=lambda i: len(sentences[i]))
        out: list[str | BackendError] = [BackendError("not translated")] * len(sentences)
        size = self.batch_size or self.backend.batch_size
        for start in range(0, len(order), size):
            idx = order[start : start + size]
            for i, text in zip(idx, self._batch([sentences[i] for i in idx], self.decode), strict=True):
                out[i] = text
        return out

    def _run(self, sentences: list[str]) -> list[str | Failure]:
        """Translate unique sentences, an unusable output retried once, stricter
        (:func:`briefing.guarded.ask_guarded`).  Each result is the English, or the
        Failure that says why there is none: the backend failed, or its output was
        refused twice (an LLM's reason names both tries when they differ)."""
        if not self.retry:  # benchmarks: every output as it came
            first = self._ask(sentences, False)
            return [t if isinstance(t, str) else Failure(FailureKind.NO_ANSWER, str(t)) for t in first]
        out = ask_guarded(sentences, self._ask, lambda source, output, strict: self.problem(source, output))
        for i, o in enumerate(out):
            if isinstance(o, Failure) and o.refused and self.backend.llm and o.first != o.reason:
                out[i] = Failure(o.kind, f"{o.reason}; first try: {o.first}", o.first)
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
        producer = self.backend.fingerprint  # computed once: it reads the model folder's fingerprint
        uniques: list[str] = []
        rejected: list[list[str]] = [[] for _ in texts]
        for masked, places in todo.items():
            hit = self.cache.get("translation", self.cache_key(masked, producer)) if self.cache else None
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
            if isinstance(outcome, Failure) and not outcome.refused:  # never cached: the next run tries again
                for t, _ in todo[masked]:
                    failures[t].append(outcome.reason)
                continue
            # a refusal is the working backend's answer: cached with its reason, like any output
            value = {"rejected": outcome.reason} if isinstance(outcome, Failure) else {"text": outcome}
            store.append((self.cache_key(masked, producer), value))
            for t, n in todo[masked]:
                pieces[t][n] = outcome if isinstance(outcome, str) else None
                if isinstance(outcome, Failure):
                    rejected[t].append(outcome.reason)
        if self.cache is not None and store:
            self.cache.put_many("translation", store, self.backend.model_key)
        parts = zip(texts, split, pieces, masks, cached, failures, rejected, strict=True)
        return refuse_alike([self._assemble(*p) for p in parts])

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
        terms = whole_glossary_terms(self.glossary, translated)  # not 外交部 inside 外交部长 (a minister)
        result.glossary_missing = [t for t in terms if not renders_term(self.glossary.terms[t], english_all)]
        in_glossary = self.glossary.found(translated)  # checked above, by their glossary rendering
        known = {n: f for n, f in known_names(translated).items() if not any(n in g for g in in_glossary)}
        heads = {  # 上海 of 上海市政府: checked where it heads a longer name too, once per English form
            n: f
            for n, f in known_heads(translated).items()
            if f not in known.values() and not any(n in g for g in [*in_glossary, *known])
        }
        result.names_missing = names_missing(known, english_all) + heads_missing(heads, english_all)
        return result


def heads_missing(heads: dict[str, str], english: str) -> list[str]:
    """The heads of longer names (:func:`known_heads`) that ``english`` renders neither in their dictionary
    form nor in pinyin (青龙河 "Qinglong River", whose head the dictionary knows as "Azure Dragon"), as
    "name (form)"."""
    return [
        f"{name} ({form})"
        for name, form in heads.items()
        if names_missing({name: form}, english) and names_missing({name: word_pinyin(name)}, english)
    ]


def refuse_alike(results: list[Translation]) -> list[Translation]:
    """``results`` with every English that was given for more than one different source refused (its text
    None, the reason in ``rejected``): no faithful translation says the same of two different texts."""
    sources: dict[str, set[str]] = {}
    for r in results:
        if r.text and len(r.text.split()) >= SAME_MIN_WORDS:
            sources.setdefault(r.text.strip().lower(), set()).add(r.source.strip())
    alike = {english for english, of in sources.items() if len(of) > 1}
    for r in results:
        if r.text and r.text.strip().lower() in alike:
            r.text, r.rejected = None, [*r.rejected, SAME_ENGLISH]
    return results


def make_translator(context: BackendContext[TranslateOptions]) -> EnglishTranslator:
    """The configured backend (``translate.backend``; ``auto`` picks by the model folder) built
    from its context and loaded now (fail early, no downloads), with the context's glossary,
    beam width, batch size and cache (:func:`briefing.backends.translator_context`)."""
    opts = context.options
    name = resolve_translator_dir(opts.model)[0] if opts.backend == "auto" else opts.backend
    backend = translators.build(name, context)  # an unknown name is an error, never a silent default
    return EnglishTranslator(
        backend, context.glossary, Decode(beam_size=opts.beam_size), opts.batch_size, context.cache
    )
