"""How often the fidelity check's name check flags a faithful translation (issue #22).

The translator flags a line whose English leaves out a name the dictionary or the
glossary knows an English form of (``names_missing``, ``glossary_missing``: the
"check ... names and terms" wording readers see).  Here the English is a human
reference translation, so every flag is a false flag -- or a reference that
really drops the name (``--show`` prints them, to read and classify).

Each line goes through ``EnglishTranslator.translate_all`` as it would from an
OpenAI-compatible server (whole texts, the glossary in the prompt, the guard and
every check on): a fake backend answers each line with its human translation.
Lines the guard refuses get no English, hence no flag; they are counted apart.
The flag rates printed bound the false-flag rate from above: ``--show`` prints
each flag, to tell a false one from a translation that really lacks the name.

Parts: ``../shared/data/wmt21_newstest_zhen`` (Chinese-original news) cut at a
document start into ``tune`` (lines before ``CUT``) and ``test`` (the rest), and
``ntrex`` (``ntrex_zhen``: English-original news and its human Chinese).  The
first round of changes was tuned on ``tune`` and measured on ``test``; the
second on both, and measured on ``ntrex``, which no change was tried on.

    python -m benchmarks.bench_fidelity                      # every part: n and rates
    python -m benchmarks.bench_fidelity --part ntrex --show  # each flag with its line, to read
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from briefing.backends import BackendContext
from briefing.config import TranslateOptions
from briefing.errors import BackendError
from briefing.records import Translation
from briefing.translators.base import Decode, TranslationBackend
from briefing.translators.glossary import load_glossary
from briefing.translators.keyterms import known_heads, known_names, whole_glossary_terms
from briefing.translators.service import EnglishTranslator

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "data"
DATA = SHARED / "wmt21_newstest_zhen"
NTREX = SHARED / "ntrex_zhen"
CUT = 248  # 1-based line of a document's title line: lines before it are ``tune``, from it on ``test``


class HumanReference(TranslationBackend):
    """An OpenAI-compatible server's place taken by the human translation of each line."""

    name = "human-reference"
    llm = True  # whole lines, the glossary in the prompt (not masked), the full guard

    def __init__(self, context: BackendContext[TranslateOptions], english: dict[str, str]) -> None:
        super().__init__(context)
        self.english = english

    def translate_batch(self, sentences: list[str], decode: Decode) -> Sequence[str | BackendError]:
        return [self.english.get(s.strip(), BackendError("no reference")) for s in sentences]

    def identity(self) -> dict[str, str]:
        return {"model": "human reference"}


def pairs(data: Path = DATA) -> list[tuple[int, str, str]]:
    """(1-based line, Chinese, English) of the set, empty lines left out."""
    zh = (data / "src.zh").read_text("utf-8").splitlines()
    en = (data / "ref.en").read_text("utf-8").splitlines()
    if len(zh) != len(en):
        raise SystemExit(f"bench_fidelity: {data}: {len(zh)} Chinese lines but {len(en)} English")
    return [(i, z.strip(), e.strip()) for i, (z, e) in enumerate(zip(zh, en, strict=True), 1) if z.strip()]


def translate(rows: list[tuple[int, str, str]]) -> list[Translation]:
    """Each line's Translation, its English the reference, checked as the translator checks."""
    backend = HumanReference(
        BackendContext(TranslateOptions(backend="openai", model="reference")), {z: e for _, z, e in rows}
    )
    return EnglishTranslator(backend, load_glossary()).translate_all([z for _, z, _ in rows])


def measure(rows: list[tuple[int, str, str]]) -> dict:
    """Counts of one part: lines, lines with a name the check looks for (a glossary term standing as a
    word, a name with a dictionary form), lines the guard refuses, lines flagged (names, glossary, either)."""
    glossary = load_glossary()
    results = translate(rows)
    out = {"lines": len(rows), "lines_with_a_checkable_name": 0, "refused_by_the_guard": 0}
    out |= {"flagged_names": 0, "flagged_glossary": 0, "flagged": 0, "names_checked": 0, "names_flagged": 0}
    flags = []
    for (line, zh, en), r in zip(rows, results, strict=True):
        names = len(whole_glossary_terms(glossary, zh)) + len(known_names(zh)) + len(known_heads(zh))
        out["lines_with_a_checkable_name"] += names > 0
        if r.text is None:  # no English shown, so no flag either
            out["refused_by_the_guard"] += 1
            continue
        out["names_checked"] += names
        out["names_flagged"] += len(r.names_missing) + len(r.glossary_missing)
        out["flagged_names"] += bool(r.names_missing)
        out["flagged_glossary"] += bool(r.glossary_missing)
        if r.names_missing or r.glossary_missing:
            out["flagged"] += 1
            flags.append({"line": line, "missing": r.names_missing + r.glossary_missing, "zh": zh, "en": en})
    n, k = out["lines"], out["lines_with_a_checkable_name"]
    out["flag_rate_per_line"] = round(out["flagged"] / n, 4) if n else None
    out["flag_rate_per_line_with_a_name"] = round(out["flagged"] / k, 4) if k else None
    out["flags"] = flags
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--part", choices=["tune", "test", "ntrex"], action="append", help="Default: every part.")
    ap.add_argument("--show", action="store_true", help="Print every flag with its line (for the reader's eyes).")
    args = ap.parse_args(argv)
    wmt = pairs(DATA)
    parts = {
        "tune": lambda: [r for r in wmt if r[0] < CUT],
        "test": lambda: [r for r in wmt if r[0] >= CUT],
        "ntrex": lambda: pairs(NTREX),
    }
    for name in args.part or list(parts):
        result = measure(parts[name]())
        flags = result.pop("flags")
        print(json.dumps({"part": name, **result}, ensure_ascii=False))
        if args.show:
            for f in flags:
                print(json.dumps({"part": name, **f}, ensure_ascii=False), file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
