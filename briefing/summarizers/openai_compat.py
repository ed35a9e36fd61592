"""Summaries from an OpenAI-compatible chat server (backend ``openai``).

All articles of a call go out as concurrent requests (at most ``concurrency``
in flight).  The prompt is ``prompts/summarize.j2`` (overridable), the article
goes in as delimited data.  Every answer passes the faithfulness guard; a
rejected one is asked again once with the stricter prompt at temperature 0,
then the article gets its extractive summary with the reason recorded.  A
request the server did not answer is also reported as a failure line.
"""

from __future__ import annotations

import logging
from typing import Any

from briefing.endpoint import Endpoint, EndpointError, endpoint_options
from briefing.errors import ConfigError
from briefing.prompts import echoes, messages, prompt_hash
from briefing.records import Article, Summary
from briefing.summarizers.base import Budget, Summarizer, register
from briefing.summarizers.extractive import extractive_summary
from briefing.summarizers.guard import check
from briefing.summarizers.keywords import keywords

log = logging.getLogger("briefing")
MAX_ARTICLE = 6000  # characters sent per article: the lead carries a news story, and small models have small contexts


@register
class OpenAISummarizer(Summarizer):
    name = "openai"
    extractive = False

    def __init__(
        self,
        model: str = "",
        device: str = "auto",
        endpoint: str = "",
        api_key_env: str = "",
        server: Any = None,
        templates: str = "",
        **_: Any,
    ) -> None:
        if not endpoint:
            raise ConfigError("the openai summarizer needs an endpoint: --endpoint URL or [summarize] endpoint")
        if not model:
            raise ConfigError("the openai summarizer needs the server's model id: --model NAME or [summarize] model")
        self.client = Endpoint(endpoint_options(endpoint, model, api_key_env, server))
        self.model_name = model
        self.templates = templates
        self._prompt = prompt_hash("summarize", templates)
        self._failures: list[str] = []

    def load(self) -> None:
        self.client.check_model()

    @property
    def model_key(self) -> str:
        return f"openai:{self.client.key}:prompt-{self._prompt}"

    def identity(self) -> dict[str, Any]:
        """Server, model id and prompt template decide the output (never the key)."""
        return {"endpoint": self.client.host, "model": self.model_name, "prompt": self._prompt}

    def take_failures(self) -> list[str]:
        out, self._failures = self._failures, []
        return out

    def _ask(self, articles: list[Article], budget: Budget, strict: bool) -> list[tuple[str | None, str | None]]:
        """(summary, None) or (None, reason) per article."""
        requests = []
        for art in articles:
            source = f"标题：{art.title}\n\n{art.text[:MAX_ARTICLE]}"
            msgs = messages("summarize", source, self.templates, length=budget.length_zh, strict=strict)
            tokens = 2 * (budget.max_chars if not budget.sentences else 60 * budget.sentences) + 32
            requests.append((msgs, {"temperature": 0.0 if strict else 0.2, "max_tokens": tokens}))
        out: list[tuple[str | None, str | None]] = []
        for art, (msgs, _), answer in zip(articles, requests, self.client.chat_many(requests), strict=True):
            if isinstance(answer, EndpointError):
                out.append((None, "server: " + answer.format_message()))
                continue
            text = " ".join(answer.split())
            if echoes(text, msgs[0]["content"]):
                out.append((None, "the answer echoes the prompt"))
                continue
            verdict = check(text, art.title + "\n" + art.text, budget.max_chars)
            out.append((text, None) if verdict.ok else (None, verdict.reason))
        return out

    def summarize(self, articles: list[Article], budget: Budget) -> list[Summary]:
        first = self._ask(articles, budget, strict=False)
        again = [
            n for n, (text, reason) in enumerate(first) if text is None and not (reason or "").startswith("server")
        ]
        results = list(first)
        if again:
            for n, second in zip(again, self._ask([articles[n] for n in again], budget, strict=True), strict=True):
                results[n] = second if second[0] is not None else (None, f"{second[1]} (retried)")
        summaries = []
        for art, (text, reason) in zip(articles, results, strict=True):
            if text is not None:
                kws = keywords(art, budget.keywords)
                summaries.append(Summary(art.id, text, kws, self.name, self.model_name, extractive=False))
                continue
            log.info("%s: openai summary rejected (%s); extractive fallback", art.title[:30], reason)
            if (reason or "").startswith("server"):
                self._failures.append(f"{art.source or 'article'}: «{art.title}»: {reason}; extractive summary used")
            summaries.append(extractive_summary(art, budget, self.name, reason, self.model_name))
        return summaries
