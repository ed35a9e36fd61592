"""``briefing models verify``: does a translator really work?

Runs the translator (a pulled or converted model, or an endpoint) on the
packaged golden set -- 40 NTREX-128 lines, CC BY-SA 4.0, see
``briefing/golden/README.md`` -- and reports sacreBLEU, chrF, the share of
lines whose numbers survive, and the speed, with a verdict against the chrF
range the catalog expects of that model (or a generic floor for a model the
catalog does not know).  Nothing is cached: it measures the model, not the
cache.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass
from importlib import resources
from typing import TYPE_CHECKING

from briefing.backends import translator_context
from briefing.catalog import find
from briefing.evaluate import translation_scores
from briefing.translators.guard import lost_numbers
from briefing.translators.service import EnglishTranslator, make_translator

if TYPE_CHECKING:
    from briefing.config import Options

GENERIC_CHRF = (35.0, 100.0)  # any working zh->en translator; a broken one stays far below


@dataclass(frozen=True)
class Verification:
    model: str
    host: str
    lines: int
    bleu: float
    chrf: float
    numbers_ok: int
    numbers_total: int
    untranslated: int
    seconds: float
    expected: tuple[float, float]
    expected_from: str
    failures: tuple[str, ...] = ()  # why the translator gave no English, each reason once (a server's own words)

    @property
    def works(self) -> bool:
        return self.chrf >= self.expected[0]

    @property
    def verdict(self) -> str:
        lo, hi = self.expected
        if self.chrf < lo and self.failures:
            return f"FAIL: chrF {self.chrf:.1f}, the translator failed: {self.failures[0]}"
        if self.chrf < lo:
            return (
                f"FAIL: chrF {self.chrf:.1f} is below the {lo:g}-{hi:g} expected ({self.expected_from}); "
                "the model is broken, not a zh->en model, or the endpoint serves something else"
            )
        if self.chrf > hi:
            return f"OK: chrF {self.chrf:.1f}, above the {lo:g}-{hi:g} expected ({self.expected_from})"
        return f"OK: chrF {self.chrf:.1f}, within the {lo:g}-{hi:g} expected ({self.expected_from})"

    def table(self) -> str:
        where = f" at {self.host}" if self.host else ""
        rate = f"{self.numbers_ok}/{self.numbers_total}" if self.numbers_total else "-"
        return "\n".join(
            [
                f"model            {self.model}{where}",
                f"golden set       {self.lines} NTREX-128 lines (CC BY-SA 4.0)",
                f"sacreBLEU        {self.bleu:.1f}",
                f"chrF             {self.chrf:.1f}",
                f"numbers kept     {rate} lines with numbers",
                f"untranslated     {self.untranslated} lines",
                f"speed            {self.lines / self.seconds:.1f} lines/s ({self.seconds:.1f} s)",
                f"verdict          {self.verdict}",
            ]
        )


def golden() -> tuple[list[str], list[str]]:
    """The packaged source and reference lines."""
    folder = resources.files("briefing").joinpath("golden")
    src = folder.joinpath("ntrex_zhen.zh").read_text("utf-8").splitlines()
    ref = folder.joinpath("ntrex_zhen.en").read_text("utf-8").splitlines()
    return src, ref


def expected_range(model: str) -> tuple[tuple[float, float], str]:
    """The catalog's chrF window for ``model``, or the generic floor."""
    entry = find(model.rstrip("/").split("/")[-1].removesuffix("-ct2")) or find(model)
    if entry is not None and entry.verify_chrf:
        return entry.verify_chrf, f"catalog: {entry.name}"
    return GENERIC_CHRF, "generic floor for a working translator"


def verify_model(name: str, opts: Options) -> Verification:
    """``briefing models verify``: the translator the options describe (its model called ``name``) on the golden set."""
    return verify(make_translator(translator_context(opts)), name)


def verify(translator: EnglishTranslator, name: str) -> Verification:
    """Translate the golden set and score it."""
    src, ref = golden()
    t0 = time.perf_counter()
    results = translator.translate_all(src)
    seconds = max(time.perf_counter() - t0, 1e-6)
    hyps = [r.text or "" for r in results]
    scores = translation_scores(hyps, ref)
    with_numbers = [(s, h) for s, h in zip(src, hyps, strict=True) if re.search(r"\d", s)]
    model, host = translator.backend.described
    expected, origin = expected_range(name)
    return Verification(
        model=model,
        host=host,
        lines=len(src),
        bleu=scores.bleu,
        chrf=scores.chrf,
        numbers_ok=sum(bool(h) and not lost_numbers(s, h) for s, h in with_numbers),
        numbers_total=len(with_numbers),
        untranslated=sum(r.text is None for r in results),
        failures=tuple(dict.fromkeys(f for r in results for f in r.failures)),
        seconds=seconds,
        expected=expected,
        expected_from=origin,
    )
