"""Golden outputs: what the CLI publishes for fixed inputs, kept so a refactor can be checked byte for byte.

Scenarios (each built in a fresh state folder through the command line):

* ``seed``: the sample page built on two days (continuity, navigation, feeds),
  the same page with English from a deterministic fake translator, and the
  ``split`` and ``summarize`` outputs (with and without ``--key-terms``).
  Kept whole in ``tests/data/golden/seed/``.
* ``shared``: the five ``xwlb_pages`` transcripts of ``../shared`` built as five
  days of one output folder.  Their text may not be copied into the
  repository, so only the SHA-256 of each output file is kept
  (``tests/data/golden/shared.json``).

    python -m tests.golden            # check, print what differs
    python -m tests.golden --update   # write the goldens anew (review the diff before committing)
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = ROOT / "tests" / "data" / "golden"
SEED = sorted((ROOT / "seeds").glob("*.txt"))[0]
PAGES = ROOT.parent / "shared" / "data" / "xwlb_pages"
BASE_URL = "https://example.org/briefing/"
FAKE = "golden-fake"
BUILT_AT = "1716249600"  # every build's time (SOURCE_DATE_EPOCH: 2024-05-21 00:00 UTC), so the feed's updated is fixed


def fake_english(sentence: str) -> str:
    """Deterministic stand-in English: a word from the sentence's digest and its numbers, kept in order."""
    digest = hashlib.sha256(sentence.encode("utf-8")).hexdigest()[:8]
    numbers = re.findall(r"\d+(?:\.\d+)?%?", sentence)
    return f"Report {digest} says " + (", ".join(numbers) if numbers else "nothing numeric") + "."


def _register_fake() -> None:
    from briefing.translators.base import TranslationBackend, translators

    class GoldenFake(TranslationBackend):
        name = FAKE

        def translate_batch(self, sentences: list[str], decode: object) -> list[str]:
            return [fake_english(s) for s in sentences]

    translators._classes[FAKE] = GoldenFake


@contextmanager
def _isolated() -> Iterator[Path]:
    """A fresh state folder and no user config or plugins, as the test suite has."""
    saved = dict(os.environ)
    with tempfile.TemporaryDirectory() as tmp:
        home = Path(tmp) / "home"
        home.mkdir()
        os.environ["BRIEFING_HOME"] = str(home)
        os.environ["BRIEFING_LOAD_PLUGINS"] = ""
        os.environ["HF_HUB_OFFLINE"] = "1"
        for name in list(os.environ):
            if name.startswith("BRIEFING_") and name not in {"BRIEFING_HOME", "BRIEFING_LOAD_PLUGINS"}:
                del os.environ[name]
        os.environ["SOURCE_DATE_EPOCH"] = BUILT_AT
        try:
            yield Path(tmp)
        finally:
            os.environ.clear()
            os.environ.update(saved)


def _cli(*args: str) -> tuple[int, str]:
    from click.testing import CliRunner

    from briefing.cli import main

    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout


def _published(out: Path, prefix: str) -> dict[str, bytes]:
    """Every published file of an output folder (symlinks resolved), named ``prefix/name``."""
    return {f"{prefix}/{p.name}": p.read_bytes() for p in sorted(out.iterdir()) if p.is_file()}


def seed_outputs() -> dict[str, bytes]:
    """The seed scenarios' files, by name."""
    _register_fake()
    files: dict[str, bytes] = {}
    with _isolated() as tmp:
        out = tmp / "two-days"
        for date in ("2024-05-20", "2024-05-21"):
            code, _ = _cli("-q", "build", str(SEED), "--out", str(out), "--date", date, "--base-url", BASE_URL)
            files[f"exit/build-{date}"] = str(code).encode()
        files |= _published(out, "two-days")
    with _isolated() as tmp:
        out = tmp / "english"
        os.environ["BRIEFING_TRANSLATE_BACKEND"] = FAKE
        code, _ = _cli("-q", "build", str(SEED), "--out", str(out), "--date", "2024-05-20", "--translate")
        files["exit/build-english"] = str(code).encode()
        files |= _published(out, "english")
    with _isolated():
        for name, args in {
            "split.json": ("split", "--format", "json"),
            "summarize.json": ("summarize", "--format", "json"),
            "summarize.md": ("summarize", "--format", "md"),
            "summarize.txt": ("summarize",),
            "summarize-key-terms.json": ("summarize", "--key-terms", "--format", "json"),
            "summarize-key-terms.md": ("summarize", "--key-terms", "--format", "md"),
            "summarize-key-terms.txt": ("summarize", "--key-terms"),
        }.items():
            code, stdout = _cli(*args, str(SEED))
            files[f"cli/{name}"] = stdout.replace(str(SEED), "<seed>").encode("utf-8")
            files[f"exit/{name}"] = str(code).encode()
    return files


def shared_outputs() -> dict[str, bytes]:
    """The five transcripts as five days of one output folder (needs ../shared)."""
    files: dict[str, bytes] = {}
    with _isolated() as tmp:
        out = tmp / "xwlb"
        for page in sorted(PAGES.glob("*.txt")):
            d = page.stem
            date = f"{d[:4]}-{d[4:6]}-{d[6:]}"
            code, _ = _cli("-q", "build", str(page), "--out", str(out), "--date", date, "--base-url", BASE_URL)
            files[f"exit/{date}"] = str(code).encode()
        files |= _published(out, "xwlb")
    return files


def digests(files: dict[str, bytes]) -> dict[str, str]:
    return {name: hashlib.sha256(data).hexdigest() for name, data in sorted(files.items())}


def seed_golden() -> dict[str, bytes]:
    root = GOLDEN / "seed"
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def shared_golden() -> dict[str, str]:
    return json.loads((GOLDEN / "shared.json").read_text("utf-8"))


def differences(got: dict[str, bytes] | dict[str, str], want: dict[str, bytes] | dict[str, str]) -> list[str]:
    """The names whose content differs, is missing or is new."""
    return sorted(n for n in set(got) | set(want) if got.get(n) != want.get(n))


def update() -> None:
    root = GOLDEN / "seed"
    for old in sorted(root.rglob("*"), reverse=True) if root.exists() else []:
        old.unlink() if old.is_file() else old.rmdir()
    for name, data in seed_outputs().items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    if PAGES.is_dir():
        text = json.dumps(digests(shared_outputs()), indent=1, sort_keys=True) + "\n"
        (GOLDEN / "shared.json").write_text(text, "utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--update", action="store_true", help="write the goldens anew")
    args = parser.parse_args()
    if args.update:
        update()
        return 0
    bad = differences(seed_outputs(), seed_golden())
    if PAGES.is_dir():
        bad += differences(digests(shared_outputs()), shared_golden())
    for name in bad:
        print(f"differs: {name}")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
