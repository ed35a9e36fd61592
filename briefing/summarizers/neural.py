"""Neural summarizers on transformers: ``seq2seq`` (mT5, Pegasus, BART style)
and ``llm`` (an instruction-tuned causal model through its chat template).

Both call ``generate()`` directly (transformers 5 has no summarization
pipeline), chunk long articles to the model's input limit, batch, and pass
every output through the faithfulness guard; a rejected output falls back to
the extractive summary and the reason is recorded.  Models load once per
backend object, lazily, and never download unless the hub is reachable and
the name is not a local folder (``briefing models pull`` is the explicit way).
"""

from __future__ import annotations

import logging
from abc import abstractmethod
from typing import Any, ClassVar

from briefing.backends import BackendContext
from briefing.config import SummarizeOptions
from briefing.errors import BackendError, ConfigError
from briefing.hf import GENERATION_ERRORS, generation_error, load_pretrained, model_identity, pick_device
from briefing.records import Article, Summary
from briefing.sentences import split_sentences
from briefing.summarizers.base import Budget, Summarizer, register
from briefing.summarizers.extractive import extractive_summary
from briefing.summarizers.guard import check
from briefing.summarizers.keywords import keywords

log = logging.getLogger("briefing")


class NeuralSummarizer(Summarizer):
    """Chunking, batching, the guard and the fallback; subclasses generate."""

    extractive = False
    requires = ("torch", "transformers")
    max_input_tokens = 512

    def __init__(self, context: BackendContext[SummarizeOptions], *, batch_size: int = 4) -> None:
        super().__init__(context)
        if not context.options.model:
            raise ConfigError(f"the {self.name} backend needs a model: --model PATH_OR_ID or summarize.model")
        self.model_name = context.options.model
        self.device = context.options.device
        self.batch_size = max(1, batch_size)
        self._loaded: tuple[Any, Any] | None = None
        self._identity: dict[str, Any] | None = None

    @property
    def model_key(self) -> str:
        return f"{self.name}:{self.model_name}"

    def identity(self) -> dict[str, Any]:
        """The model's files (or hub revision), input limit and decoding settings."""
        if self._identity is None:
            self._identity = {
                "model": model_identity(self.model_name),
                "max_input_tokens": self.max_input_tokens,
                "generate": self.generate_options(),
            }
        return self._identity

    def generate_options(self) -> dict[str, Any]:
        """Decoding settings and prompt that shape the output (part of the cache key)."""
        return {}

    def count_tokens(self, text: str) -> int:
        tok, _ = self.load()
        try:
            return len(tok(text, add_special_tokens=False)["input_ids"])
        except GENERATION_ERRORS as exc:
            raise BackendError(f"tokenizer failed ({generation_error(exc)})") from exc

    def chunks(self, article: Article) -> list[str]:
        """The article body cut at sentence ends into pieces the model can read."""
        limit = self.max_input_tokens
        pieces: list[str] = []
        current, used = "", 0
        for para in article.paragraphs:
            for sent in split_sentences(para, max_len=400):
                n = self.count_tokens(sent)  # each sentence tokenized once; sums are close enough
                if current and used + n > limit:
                    pieces.append(current)
                    current, used = "", 0
                current += sent
                used += n
        if current:
            pieces.append(current)
        return pieces or [article.title]

    @abstractmethod
    def load(self) -> tuple[Any, Any]:
        """Tokenizer and model, loaded once."""

    @abstractmethod
    def generate(self, texts: list[str], budget: Budget, titles: list[str]) -> list[str]:
        """One summary per input text."""

    def _batched(self, texts: list[str], budget: Budget, titles: list[str]) -> list[str]:
        out: list[str] = []
        for i in range(0, len(texts), self.batch_size):
            try:
                out += self.generate(texts[i : i + self.batch_size], budget, titles[i : i + self.batch_size])
            except GENERATION_ERRORS as exc:  # out of memory, a CUDA or tokenizer error: this batch only
                raise BackendError(f"generation failed ({generation_error(exc)})") from exc
        return out

    def summarize(self, articles: list[Article], budget: Budget) -> list[Summary]:
        jobs: list[tuple[int, str, str]] = []
        for n, art in enumerate(articles):
            for chunk in self.chunks(art):
                jobs.append((n, chunk, art.title))
        outputs = self._batched([j[1] for j in jobs], budget, [j[2] for j in jobs])
        per_article: dict[int, list[str]] = {}
        for (n, _, _), text in zip(jobs, outputs, strict=True):
            per_article.setdefault(n, []).append(text.strip())
        # several chunks: summarize the joined chunk summaries once more
        again = [n for n, parts in per_article.items() if len(parts) > 1]
        if again:
            joined = ["".join(per_article[n]) for n in again]
            for n, text in zip(again, self._batched(joined, budget, [articles[n].title for n in again]), strict=True):
                per_article[n] = [text.strip()]
        result = []
        for n, art in enumerate(articles):
            text = per_article.get(n, [""])[0]
            verdict = check(text, art.title + "\n" + art.text, budget.max_chars)
            if verdict.ok:
                kws = keywords(art, budget.keywords)
                result.append(Summary(art.id, text, kws, self.name, self.model_name, extractive=False))
            else:
                log.info("%s: %s output rejected (%s); extractive fallback", art.title[:30], self.name, verdict.reason)
                result.append(extractive_summary(art, budget, self.name, verdict.reason, self.model_name))
        return result


def _target_tokens(budget: Budget) -> int:
    chars = budget.max_chars if not budget.sentences else 60 * budget.sentences
    return max(16, int(chars * 1.2))


@register
class Seq2SeqSummarizer(NeuralSummarizer):
    """Any encoder-decoder summarization model (AutoModelForSeq2SeqLM)."""

    name = "seq2seq"
    GENERATE: ClassVar[dict[str, Any]] = {"num_beams": 4, "no_repeat_ngram_size": 4, "early_stopping": True}

    def generate_options(self) -> dict[str, Any]:
        return self.GENERATE

    def load(self) -> tuple[Any, Any]:
        if self._loaded is None:
            from transformers import AutoModelForSeq2SeqLM, AutoTokenizer

            tok, model = load_pretrained(self.model_name, AutoTokenizer, AutoModelForSeq2SeqLM, "summarization")
            model.to(pick_device(self.device)).eval()
            limit = getattr(tok, "model_max_length", 0) or 0
            pos = getattr(model.config, "max_position_embeddings", None) or getattr(model.config, "n_positions", None)
            self.max_input_tokens = min(x for x in (limit if 0 < limit < 100_000 else 512, pos or 512, 1024))
            self._loaded = (tok, model)
        return self._loaded

    def generate(self, texts: list[str], budget: Budget, titles: list[str]) -> list[str]:
        import torch

        tok, model = self.load()
        prefix = getattr(model.config, "prefix", None) or ""
        batch = tok(
            [prefix + t for t in texts],
            return_tensors="pt",
            padding=True,
            truncation=True,
            max_length=self.max_input_tokens,
        ).to(model.device)
        with torch.inference_mode():
            out = model.generate(**batch, max_new_tokens=_target_tokens(budget), **self.GENERATE)
        summaries: list[str] = tok.batch_decode(out, skip_special_tokens=True)
        return summaries


PROMPT = (
    "请为下面这篇新闻写一段中文摘要，{length}。只使用原文中的事实、数字、日期和名称，"
    "不要添加原文没有的信息，不要评论。\n\n标题：{title}\n\n正文：\n{text}"
)


@register
class LLMSummarizer(NeuralSummarizer):
    """An instruction-tuned causal LM (e.g. a small Qwen instruct model)."""

    name = "llm"
    max_input_tokens = 3000
    GENERATE: ClassVar[dict[str, Any]] = {"do_sample": False, "repetition_penalty": 1.1}

    def generate_options(self) -> dict[str, Any]:
        return {**self.GENERATE, "prompt": PROMPT}

    def load(self) -> tuple[Any, Any]:
        if self._loaded is None:
            from transformers import AutoModelForCausalLM, AutoTokenizer

            tok, model = load_pretrained(self.model_name, AutoTokenizer, AutoModelForCausalLM, "llm")
            if getattr(tok, "chat_template", None) is None:
                raise BackendError(f"{self.model_name}: the tokenizer has no chat template; use an instruct model")
            tok.padding_side = "left"
            if tok.pad_token is None:
                tok.pad_token = tok.eos_token
            model.to(pick_device(self.device)).eval()
            self._loaded = (tok, model)
        return self._loaded

    def prompt(self, text: str, title: str, budget: Budget) -> list[dict[str, str]]:
        return [{"role": "user", "content": PROMPT.format(length=budget.length_zh, title=title, text=text)}]

    def generate(self, texts: list[str], budget: Budget, titles: list[str]) -> list[str]:
        import torch

        tok, model = self.load()
        prompts = [
            tok.apply_chat_template(self.prompt(t, title, budget), tokenize=False, add_generation_prompt=True)
            for t, title in zip(texts, titles, strict=True)
        ]
        batch = tok(prompts, return_tensors="pt", padding=True, add_special_tokens=False).to(model.device)
        with torch.inference_mode():
            out = model.generate(
                **batch,
                max_new_tokens=_target_tokens(budget),
                **self.GENERATE,
                pad_token_id=tok.pad_token_id,
            )
        new = out[:, batch["input_ids"].shape[1] :]
        summaries: list[str] = tok.batch_decode(new, skip_special_tokens=True)
        return summaries
