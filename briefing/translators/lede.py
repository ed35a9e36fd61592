"""The English lede: 3-5 bullets on the day's top stories, written by an LLM
translator from the stories' English headlines and summaries.

The bullets pass the guard: 3 to 5 of them, English, not looping, no echo of
the prompt, and no number that the translated stories lack.  A rejected lede
is asked for once more with the stricter prompt, then left out (the briefing
is complete without it): :func:`briefing.guarded.ask_guarded`.  Accepted
ledes are cached like translations, keyed by the backend's fingerprint (which
names the lede prompt), so a rerun writes the same page.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from briefing.cache import output_key
from briefing.endpoint import EndpointError
from briefing.guarded import ask_guarded
from briefing.prompts import echoes, messages
from briefing.translators.guard import english_problem
from briefing.translators.openai_compat import OpenAITranslationBackend

if TYPE_CHECKING:
    from briefing.records import Story
    from briefing.translators.base import TranslationBackend

log = logging.getLogger("briefing")
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_BULLET = re.compile(r"^\s*(?:[-*•]|\d+[.)])\s+(.+?)\s*$")


def bullets(answer: str) -> list[str]:
    """The bullet lines of an answer, markers stripped."""
    return [m.group(1) for line in answer.splitlines() if (m := _BULLET.match(line))]


def lede_problem(points: list[str], source: str, instructions: str) -> str | None:
    """Why a lede is rejected, or None.  Its source is English already, so every
    number of a bullet must appear there as written (commas aside)."""
    have = {n.replace(",", "") for n in _NUMBER.findall(source)}
    if not 3 <= len(points) <= 5:
        return f"{len(points)} bullets, not 3 to 5"
    for point in points:
        reason = english_problem(point)
        if reason:
            return reason
        if echoes(point, instructions):
            return "the answer echoes the prompt"
        if len(point) > 400:
            return "a bullet of more than 400 characters"
        made_up = [n for n in _NUMBER.findall(point) if n.replace(",", "") not in have]
        if made_up:
            return "numbers not in the stories: " + ", ".join(made_up)
    return None


def write_lede(stories: Sequence[Story], backend: TranslationBackend) -> list[str]:
    """Bullets on the top stories (highest score first), or [] when no acceptable lede came back
    (or the backend cannot be asked for one: only a chat server writes ledes)."""
    if not isinstance(backend, OpenAITranslationBackend):
        return []
    top = sorted((s for s in stories if s.english.ok), key=lambda s: -s.score)[:5]
    if len(top) < 3:
        return []
    source = "\n".join(f"- {s.english.title_en}: {s.english.summary_en or ''}".rstrip(": ") for s in top)
    cache = backend.context.cache
    key = output_key("lede", backend.fingerprint, {}, source)  # the prompt's text is in the fingerprint
    hit = cache.get("lede", key) if cache is not None else None
    if hit is not None:
        return list(hit)

    def prompt(strict: bool) -> list[dict[str, str]]:
        return messages("lede", source, backend.context.templates, bullets=f"3 to {len(top)}", strict=strict)

    def ask(sources: list[str], strict: bool) -> list[str | EndpointError]:
        try:
            return [backend.client.chat(prompt(strict), temperature=0.0 if strict else 0.2, max_tokens=600)]
        except EndpointError as exc:
            return [exc]

    def guard(source: str, answer: str, strict: bool) -> str | None:
        reason = lede_problem(bullets(answer), source, prompt(strict)[0]["content"])
        if reason:
            log.info("English lede rejected (%s)%s", reason, "; left out" if strict else "; asking again")
        return reason

    (outcome,) = ask_guarded([source], ask, guard)
    if not isinstance(outcome, str):
        if not outcome.refused:
            log.warning("English lede left out: %s", outcome.reason)
        return []
    points = bullets(outcome)
    if cache is not None:
        cache.put("lede", key, points)
    return points
