"""Mutation testing of the modules that guard correctness (mutmut 3).

Each module is mutated on its own, in a scratch copy of the repository, and
only a fast subset of the tests that exercise it runs against each mutant (no
torch: fake backends), so the whole pass fits in about 20 minutes on 2 cores.
A mutant is *killed* when a test fails (or times out); one the tests let
through *survives*.  The last line reads ``mutation score: X% (K killed of N)``.

    python benchmarks/mutation.py                     # every module
    python benchmarks/mutation.py --only numbers      # one module, to try it out
    python benchmarks/mutation.py --jobs 2 --keep     # keep the scratch copy to inspect survivors

Needs ``pip install -e '.[dev]'`` (mutmut is in the dev extra).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Target:
    """One module and the tests that guard it."""

    name: str
    module: str
    tests: tuple[str, ...]


FAST = ("-m", "not neural and not slow")  # no torch: fake backends stand in for the models
NUMBERS = "number or check or known or repetition or loop"
GUARD = "guard or fact or fail"
TARGETS = [
    Target(
        "numbers and loops",
        "briefing/checks.py",
        ("tests/test_checks.py", "tests/test_translate.py", "tests/test_english.py", *FAST, "-k", NUMBERS),
    ),
    Target("glossary", "briefing/translators/glossary.py", ("tests/test_translate.py", *FAST, "-k", "glossary")),
    Target(
        "translator service",
        "briefing/translators/service.py",
        ("tests/test_translate.py", "tests/test_cache.py", "tests/test_english.py", *FAST),
    ),
    Target(
        "faithfulness guard",
        "briefing/summarizers/guard.py",
        ("tests/test_summarize.py", "tests/test_checks.py", "tests/test_cache.py", *FAST, "-k", GUARD),
    ),
    Target("cache", "briefing/cache.py", ("tests/test_cache.py", "tests/test_faults_state.py", *FAST)),
    Target(
        "publishing",
        "briefing/publish.py",
        (
            "tests/test_build.py",
            "tests/test_english.py",
            "tests/test_cache.py",
            *FAST,
        ),
    ),
]

_STATUS_KILLED = ("killed", "timeout", "caught by type check", "segfault")


def scratch_copy(dest: Path) -> None:
    """The tracked files of the repository (and the uncommitted edits to them)."""
    files = subprocess.run(
        ["git", "ls-files", "-z"], cwd=ROOT, check=True, capture_output=True, text=True
    ).stdout.split("\0")
    for rel in filter(None, files):
        src = ROOT / rel
        if src.is_file():
            (dest / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dest / rel)


def configure(work: Path, target: Target) -> None:
    """Point mutmut at one module and its tests ([tool.mutmut] in the copy's pyproject)."""
    config = {
        "source_paths": ["briefing"],
        "only_mutate": [target.module],
        "also_copy": ["templates", "models", "seeds"],
        "pytest_add_cli_args_test_selection": list(target.tests),
        "pytest_add_cli_args": ["-q", "-p", "no:cacheprovider", "-x"],
        "use_git_change_detection": False,
    }
    lines = ["", "[tool.mutmut]"] + [f"{k} = {json.dumps(v)}" for k, v in config.items()]
    py = work / "pyproject.toml"
    py.write_text(py.read_text("utf-8") + "\n".join(lines) + "\n", "utf-8")


def run_target(target: Target, jobs: int, keep: bool) -> tuple[int, int, float]:
    """Mutate one module; (killed, total, seconds)."""
    work = Path(tempfile.mkdtemp(prefix="briefing-mutation-"))
    try:
        scratch_copy(work)
        configure(work, target)
        env = dict(os.environ, BRIEFING_LOAD_PLUGINS="", CI="1")
        for name in ("PYTHONPATH", "BRIEFING_HOME"):  # mutmut puts mutants/ first on the path itself
            env.pop(name, None)
        t0 = time.perf_counter()
        done = subprocess.run(
            [sys.executable, "-m", "mutmut", "run", "--max-children", str(jobs)],
            cwd=work,
            env=env,
            capture_output=True,
            text=True,
        )
        secs = time.perf_counter() - t0
        if done.returncode != 0:
            tail = (done.stdout + done.stderr).strip().splitlines()[-15:]
            raise SystemExit(f"mutmut failed on {target.module}:\n" + "\n".join(tail))
        subprocess.run([sys.executable, "-m", "mutmut", "export-cicd-stats"], cwd=work, env=env, capture_output=True)
        stats = json.loads((work / "mutants" / "mutmut-cicd-stats.json").read_text("utf-8"))
        if keep:
            print(f"  kept {work} (see `python -m mutmut results` there)")
        killed = sum(stats.get(k.replace(" ", "_"), 0) for k in _STATUS_KILLED)
        return killed, stats["total"], secs
    finally:
        if not keep:
            shutil.rmtree(work, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", action="append", help="Target name(s) to run (default: all).")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 2, help="Mutants tested in parallel.")
    parser.add_argument("--keep", action="store_true", help="Keep the scratch copies.")
    args = parser.parse_args()
    targets = [t for t in TARGETS if not args.only or t.name in args.only or Path(t.module).stem in args.only]
    if not targets:
        raise SystemExit(f"no target named {args.only}; known: {', '.join(t.name for t in TARGETS)}")
    killed = total = 0
    start = time.perf_counter()
    for target in targets:
        k, n, secs = run_target(target, args.jobs, args.keep)
        killed += k
        total += n
        pct = 100 * k / n if n else 100.0
        print(f"{target.name:<20} {target.module:<36} {k:>4} killed of {n:>4}  {pct:5.1f}%  {secs:6.0f} s", flush=True)
    print(f"total {time.perf_counter() - start:.0f} s on {args.jobs} parallel jobs")
    score = 100 * killed / total if total else 100.0
    print(f"mutation score: {score:.0f}% ({killed} killed of {total})")


if __name__ == "__main__":
    main()
