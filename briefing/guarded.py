"""How a generated output is accepted: ask -> guard -> one stricter retry -> a typed outcome.

The one way the summarizer, the translator and the English lede treat what a
model or a server gives back.  Each item is asked for; an answer goes through
the caller's guard; a refused answer is asked for once more with stricter
settings (an LLM: the stricter prompt at temperature 0; OPUS-MT: no repeated
n-grams); what is still refused, or never came, is a :class:`Failure` that
says which of the two it is and why.  The caller falls back (the extractive
summary, key terms, no lede) and records that reason: a refusal is the
backend's answer and may be cached, a missing answer never is.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import Enum
from typing import TypeVar

from briefing.errors import BackendError

T = TypeVar("T")


class FailureKind(Enum):
    """Why an item has no accepted output."""

    NO_ANSWER = "no answer"  # the backend or its server failed: retried on the next run, never cached
    REFUSED = "refused"  # answers came and the guard refused them, the stricter retry's too


@dataclass(frozen=True)
class Failure:
    """An item without an accepted output: what went wrong, in one line a user can read."""

    kind: FailureKind
    reason: str  # the last attempt's: a server's error, or the guard's reason
    first: str | None = None  # the first answer's refusal, when a stricter retry followed it

    @property
    def refused(self) -> bool:
        return self.kind is FailureKind.REFUSED

    @property
    def retried(self) -> bool:
        return self.first is not None


def ask_guarded(
    items: Sequence[T],
    ask: Callable[[list[T], bool], Sequence[str | BackendError]],
    guard: Callable[[T, str, bool], str | None],
) -> list[str | Failure]:
    """Each item's accepted answer, or its :class:`Failure`, in order.

    ``ask(items, strict)`` gives one answer per item, or the BackendError that
    stands for it; ``guard(item, answer, strict)`` gives a reason to refuse an
    answer, or None.  Refused items are asked for again, together, with
    ``strict`` set; an item whose backend failed is not (a stricter prompt does
    not bring a server back).
    """
    out = [_judge(item, answer, guard, False) for item, answer in zip(items, ask(list(items), False), strict=True)]
    again = [n for n, outcome in enumerate(out) if isinstance(outcome, Failure) and outcome.refused]
    if again:
        second = ask([items[n] for n in again], True)
        for n, answer in zip(again, second, strict=True):
            first = out[n]
            assert isinstance(first, Failure)
            outcome = _judge(items[n], answer, guard, True)
            out[n] = Failure(outcome.kind, outcome.reason, first.reason) if isinstance(outcome, Failure) else outcome
    return out


def _judge(
    item: T, answer: str | BackendError, guard: Callable[[T, str, bool], str | None], strict: bool
) -> str | Failure:
    if isinstance(answer, BackendError):
        return Failure(FailureKind.NO_ANSWER, str(answer))
    reason = guard(item, answer, strict)
    return answer if reason is None else Failure(FailureKind.REFUSED, reason)
