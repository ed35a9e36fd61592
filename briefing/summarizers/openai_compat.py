"""Summaries from an OpenAI-compatible chat server (backend ``openai``).

All articles of a call go out as concurrent requests (at most ``concurrency``
in flight).  The prompt is ``prompts/summarize.j2`` (overridable), the article
goes in as delimited data.  Every answer passes the faithfulness guard
(:func:`briefing.guarded.ask_guarded`): a rejected one is asked again once
with the stricter prompt at temperature 0, then the article gets its
extractive summary with the reason recorded.  A request the server did not
answer is also reported as a failure line, one per reason: a server given up
for the run is one line for all the stories it left, as the translator says it.
"""

from __future__ import annotations

import logging
from typing import Any

from briefing.backends import BackendContext
from briefing.config import SummarizeOptions
from briefing.endpoint import Endpoint
from briefing.errors import BackendError, ConfigError, said_once
from briefing.guarded import Failure, ask_guarded
from briefing.prompts import echoes, messages
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
    prompts = ("summarize",)
    per_run = True  # the endpoint's request count, failures, down state and deadline are one run's

    def __init__(self, context: BackendContext[SummarizeOptions]) -> None:
        super().__init__(context)
        endpoint = context.endpoint(self.name)
        if not context.options.model:
            raise ConfigError("the openai summarizer needs the server's model id: --model NAME or [summarize] model")
        self.client = Endpoint(endpoint, run=context.run)
        self.model_name = context.options.model
        self._failures: dict[str, dict[str, str]] = {}  # a server's reason and the stories it befell, by id
        # ids of the articles whose latest summary is a fallback for an answer the server did not give: kept
        # across calls, as a failed batch is asked again article by article and each call sees one article
        self._unanswered: set[str] = set()

    def load(self) -> None:
        self.client.check_model()

    def close(self) -> None:
        self.client.close()

    @property
    def model_key(self) -> str:
        return f"openai:{self.client.key}:prompt-{self.context.prompt_hash('summarize')}"

    def identity(self) -> dict[str, Any]:
        """The server's model id (the server and the prompt are the context's part)."""
        return {"model": self.model_name}

    def take_failures(self) -> list[str]:
        """One line per reason the server gave no answer: its story, or how many and the first."""
        out, self._failures = self._failures, {}
        return [
            said_once(f"{reason}; extractive summary used", list(wheres.values())) for reason, wheres in out.items()
        ]

    def cacheable(self, summary: Summary) -> bool:
        return summary.article_id not in self._unanswered

    def _messages(self, art: Article, budget: Budget, strict: bool) -> list[dict[str, str]]:
        source = f"标题：{art.title}\n\n{art.text[:MAX_ARTICLE]}"
        return messages("summarize", source, self.context.templates, length=budget.length_zh, strict=strict)

    def _ask(self, articles: list[Article], budget: Budget, strict: bool) -> list[str | BackendError]:
        """One answer per article (whitespace runs made one space), or why the server gave none."""
        tokens = 2 * (budget.max_chars if not budget.sentences else 60 * budget.sentences) + 32
        params = {"temperature": 0.0 if strict else 0.2, "max_tokens": tokens}
        answers = self.client.chat_many([(self._messages(art, budget, strict), params) for art in articles])
        return [a if isinstance(a, BackendError) else " ".join(a.split()) for a in answers]

    def _refuses(self, art: Article, text: str, budget: Budget, strict: bool) -> str | None:
        if echoes(text, self._messages(art, budget, strict)[0]["content"]):
            return "the answer echoes the prompt"
        return check(text, art.title + "\n" + art.text, budget.max_chars).reason

    def summarize(self, articles: list[Article], budget: Budget) -> list[Summary]:
        outcomes = ask_guarded(
            articles,
            lambda arts, strict: self._ask(arts, budget, strict),
            lambda art, text, strict: self._refuses(art, text, budget, strict),
        )
        summaries = []
        for art, outcome in zip(articles, outcomes, strict=True):
            self._unanswered.discard(art.id)
            if not isinstance(outcome, Failure):
                kws = keywords(art, budget.keywords)
                summaries.append(Summary(art.id, outcome, kws, self.name, self.model_name, extractive=False))
                continue
            if outcome.refused:  # the guard's reason is the story's own; a server's is said once for the run
                reason = outcome.reason + (" (retried)" if outcome.retried else "")
                log.info("%s: openai summary rejected (%s); extractive fallback", art.title[:30], reason)
            else:  # the same words whether or not a refused answer came first: one line for the run
                reason = f"server: {outcome.reason}"
                where = f"{art.source or 'article'}: «{art.title}»"
                self._failures.setdefault(reason, {})[art.id] = where  # once, when asked again alone
                self._unanswered.add(art.id)
            summaries.append(extractive_summary(art, budget, self.name, reason, self.model_name))
        return summaries
