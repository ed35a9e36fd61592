"""Translation through an OpenAI-compatible chat server (backend ``openai``).

One request per headline or summary; a batch is sent as concurrent requests
(at most ``concurrency`` in flight).  The prompt is ``prompts/translate.j2``
(overridable), the Chinese goes in as delimited data, the glossary's terms
found in the text are listed in the prompt.  What comes back is checked by
the service's guard; a failed request stands in the batch as its
``EndpointError`` (never raised), so one story's problem never stops the run.
"""

from __future__ import annotations

import re
from typing import Any

from briefing.backends import BackendContext
from briefing.config import TranslateOptions
from briefing.endpoint import Endpoint, EndpointError
from briefing.errors import BackendError, ConfigError
from briefing.prompts import echoes, messages
from briefing.sentences import split_sentences
from briefing.translators.base import Decode, TranslationBackend, register

DEFAULT_MODEL = TranslateOptions().model  # the packaged default is a Marian model, never a server's model id
_PREFIX = re.compile(r"^\s*(?:english(?: translation)?|translation)\s*[:：]\s*", re.IGNORECASE)
_QUOTES = {('"', '"'), ("“", "”"), ("'", "'")}


def tidy(answer: str) -> str:
    """The answer without a "Translation:" label or quotes wrapped around all of it."""
    text = _PREFIX.sub("", answer.strip())
    if len(text) >= 2 and (text[0], text[-1]) in _QUOTES:
        text = text[1:-1].strip()
    return " ".join(text.split())


def is_headline(text: str) -> bool:
    """A single short line without a sentence end reads as a headline."""
    return len(text) <= 60 and "\n" not in text and len(split_sentences(text)) <= 1 and not text.endswith("。")


@register
class OpenAITranslationBackend(TranslationBackend):
    name = "openai"
    llm = True
    batch_size = 256  # texts handed over at once; the endpoint keeps `concurrency` in flight
    prompts = ("translate", "lede")  # the English lede (:mod:`briefing.translators.lede`) is written here too
    per_run = True  # the endpoint's request count, failures, down state and deadline are one run's

    def __init__(self, context: BackendContext[TranslateOptions]) -> None:
        super().__init__(context)
        endpoint = context.endpoint(self.name)
        if not self.model_dir or self.model_dir == DEFAULT_MODEL:
            raise ConfigError("the openai translator needs the server's model id: --translator-model NAME")
        self.client = Endpoint(endpoint, run=context.run)  # checks the URL and the key variable at once

    def load(self) -> None:
        self.client.check_model()

    def close(self) -> None:
        self.client.close()

    def identity(self) -> dict[str, Any]:
        """The server's model id (the server, the prompts and the glossary are the context's part)."""
        return {"model": self.model_dir}

    @property
    def described(self) -> tuple[str, str]:
        return self.model_dir, self.client.host

    @property
    def model_key(self) -> str:
        return f"openai:{self.client.key}:prompt-{self.context.prompt_hash('translate')}"

    def request(self, text: str, decode: Decode) -> tuple[list[dict[str, str]], dict[str, Any]]:
        glossary = self.context.glossary
        terms = [(t, glossary.terms[t]) for t in dict.fromkeys(glossary.found(text))]
        kind = "title" if is_headline(text) else "text"
        msgs = messages("translate", text, self.context.templates, kind=kind, terms=terms, strict=decode.strict)
        params = {"temperature": 0.0 if decode.strict else 0.2, "max_tokens": min(2048, 4 * len(text) + 64)}
        return msgs, params

    def translate_batch(self, sentences: list[str], decode: Decode) -> list[str | BackendError]:
        """All texts as concurrent requests; a request that failed stands as its EndpointError."""
        requests = [self.request(text, decode) for text in sentences]
        return [a if isinstance(a, EndpointError) else tidy(a) for a in self.client.chat_many(requests)]

    def refuses(self, source: str, output: str) -> str | None:
        """An answer that repeats the instructions it was given."""
        instructions = self.request(source, Decode())[0][0]["content"]
        return "the answer echoes the prompt" if echoes(output, instructions) else None
