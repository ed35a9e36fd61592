"""Mutation testing of every module under ``briefing/`` (mutmut 3).

One scratch copy of the repository is mutated, module by module, with
mutmut's own operators.  mutmut first runs the selected tests once under a
tracer to learn which tests call which function; each mutant then runs only
the tests that reach it (``-x``: the first failure kills it).  A mutant is
*killed* when a test fails or times out, and *survives* when every test
passes; a mutant that no selected test reaches survives too (``no tests``).

Every mutant of a module is too much for a 2-core machine in one sitting
(about 10,000 in all, 1-60 s each), so by default a seeded random sample of
each module's mutants is tested (``--sample``); ``--sample 0`` tests all of
them.  The sample is the same for the same code and seed, so a run after a
new test compares like with like.

    python benchmarks/mutation.py                      # every module, 12 mutants each
    python benchmarks/mutation.py --only urls --only retry --sample 0
    python benchmarks/mutation.py --survivors s.json   # the survivors, to read or kill

The last line reads ``mutation score: X% (K killed of N)``.  Needs
``pip install -e '.[dev]'`` (mutmut is in the dev extra).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = "briefing"
# The tests every mutant may be checked against: the whole suite without torch (fake backends stand in for
# the models) and without the slow tests.  mutmut narrows this per mutant to the tests that reach it.
TESTS = ("tests", "-m", "not neural and not slow and not shared")
NOTHING = "mutation-no-mutant-has-this-name*"  # a filter that matches no mutant: generate and trace, test none
# mutmut hands pytest the node ids it traced, and pytest cannot find some of them again in-process (ids
# with escapes such as a newline), which ends the run.  Each test runs by its function instead: a
# parametrized test then runs all its parameters, a little more than needed and never less.
LAUNCH = """
import mutmut.runners.harness as harness

def by_function(self, tests):
    return harness.PytestRunner._by_node_id(self, list(dict.fromkeys(t.split("[", 1)[0] for t in tests)))

harness.PytestRunner._by_node_id = harness.PytestRunner._pytest_args_regular_run
harness.PytestRunner._pytest_args_regular_run = by_function
from mutmut.__main__ import cli
cli()
"""  # a filter that matches no mutant: generate and trace, test none
PER_MODULE_TARGET = 75.0
TOTAL_TARGET = 85.0


@dataclass
class Module:
    """The mutants of one module and what became of the ones tested."""

    path: str
    names: list[str] = field(default_factory=list)
    status: dict[str, str] = field(default_factory=dict)

    @property
    def killed(self) -> int:
        return sum(1 for s in self.status.values() if is_killed(s))

    @property
    def survivors(self) -> list[str]:
        return sorted(n for n, s in self.status.items() if not is_killed(s))


def is_killed(status: str) -> bool:
    """A test failed, timed out or crashed on the mutant (mutmut's own statuses)."""
    return status in ("killed", "timeout", "segfault", "caught by type check")


def modules(only: list[str] | None) -> list[str]:
    """The package's modules (repository-relative paths), or those named by ``--only`` (stem or path)."""
    found = sorted(
        p.relative_to(ROOT).as_posix()
        for p in (ROOT / PACKAGE).rglob("*.py")
        if p.name not in ("__init__.py", "__main__.py")
    )
    if not only:
        return found
    chosen = [m for m in found if m in only or Path(m).stem in only]
    unknown = set(only) - {m for m in chosen} - {Path(m).stem for m in chosen}
    if unknown:
        raise SystemExit(f"no module named {', '.join(sorted(unknown))} under {PACKAGE}/")
    return chosen


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


def configure(work: Path, mutate: list[str], tests: tuple[str, ...]) -> None:
    """Point mutmut at the modules and the tests ([tool.mutmut] in the copy's pyproject)."""
    config = {
        "source_paths": [PACKAGE],
        "only_mutate": mutate,
        "also_copy": sorted({p.relative_to(work).parts[0] for p in work.iterdir()} - {PACKAGE, "pyproject.toml"}),
        "pytest_add_cli_args_test_selection": list(tests),
        "pytest_add_cli_args": ["-q", "-p", "no:cacheprovider", "-x"],
        "use_git_change_detection": False,
    }
    lines = ["", "[tool.mutmut]"] + [f"{k} = {json.dumps(v)}" for k, v in config.items()]
    py = work / "pyproject.toml"
    py.write_text(py.read_text("utf-8") + "\n".join(lines) + "\n", "utf-8")


def mutmut(work: Path, args: list[str], *, check: bool = True) -> subprocess.CompletedProcess[str]:
    """Run mutmut in the scratch copy, isolated from this checkout and from installed plugins."""
    env = dict(os.environ, BRIEFING_LOAD_PLUGINS="", CI="1")
    for name in ("PYTHONPATH", "BRIEFING_HOME"):  # mutmut puts mutants/ first on the path itself
        env.pop(name, None)
    done = subprocess.run([sys.executable, "-c", LAUNCH, *args], cwd=work, env=env, capture_output=True, text=True)
    if check and done.returncode != 0:
        tail = (done.stdout + done.stderr).strip().splitlines()[-20:]
        raise SystemExit(f"mutmut {args[0]} failed:\n" + "\n".join(tail))
    return done


def read_meta(work: Path, paths: list[str]) -> dict[str, Module]:
    """Every mutant's name and status, per module, from mutmut's ``.meta`` files."""
    from mutmut.stats import status_by_exit_code

    found: dict[str, Module] = {}
    for path in paths:
        meta = work / "mutants" / f"{path}.meta"
        module = found[path] = Module(path)
        if not meta.is_file():  # nothing to mutate in it
            continue
        codes = json.loads(meta.read_text("utf-8")).get("exit_code_by_key", {})
        module.names = sorted(codes)
        module.status = {n: status_by_exit_code[c] for n, c in codes.items() if c is not None}
    return found


def sample(mods: dict[str, Module], k: int, seed: int) -> list[str]:
    """A seeded sample of ``k`` mutants per module (all of them when ``k`` is 0 or more than there are)."""
    chosen: list[str] = []
    for path in sorted(mods):
        names = mods[path].names
        rng = random.Random(f"{seed}:{path}")
        chosen += names if k <= 0 or len(names) <= k else sorted(rng.sample(names, k))
    return chosen


def report(mods: dict[str, Module], tested: set[str]) -> tuple[int, int]:
    """One line per module; (killed, tested) in all."""
    killed = total = 0
    for path in sorted(mods):
        mod = mods[path]
        status = {n: s for n, s in mod.status.items() if n in tested}
        k = sum(1 for s in status.values() if is_killed(s))
        n = len(status)
        killed, total = killed + k, total + n
        pct = 100 * k / n if n else 100.0
        flag = "" if pct >= PER_MODULE_TARGET or not n else f"  below {PER_MODULE_TARGET:.0f}%"
        print(f"{path:<42} {k:>4} killed of {n:>4} tested ({len(mod.names):>4} mutants)  {pct:5.1f}%{flag}")
    return killed, total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", action="append", help="Module(s) to mutate, by stem or path (default: all).")
    parser.add_argument("--sample", type=int, default=12, help="Mutants tested per module (0: all).")
    parser.add_argument("--seed", type=int, default=19, help="Seed of the sample.")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 2, help="Mutants tested in parallel.")
    parser.add_argument("--tests", nargs="+", help="pytest arguments selecting the tests (default: the fast suite).")
    parser.add_argument("--survivors", type=Path, help="Write the surviving mutants' names and diffs here (JSON).")
    parser.add_argument("--keep", action="store_true", help="Keep the scratch copy (mutmut results/show there).")
    args = parser.parse_args()
    paths = modules(args.only)
    tests = tuple(args.tests) if args.tests else TESTS
    work = Path(tempfile.mkdtemp(prefix="briefing-mutation-"))
    start = time.perf_counter()
    try:
        scratch_copy(work)
        configure(work, paths, tests)
        # generate every mutant and trace which tests reach which function; the filter tests none
        mutmut(work, ["run", NOTHING], check=False)
        if not (work / "mutants" / "mutmut-stats.json").is_file():
            mutmut(work, ["run", NOTHING])  # raises with mutmut's own words
        mods = read_meta(work, paths)
        chosen = sample(mods, args.sample, args.seed)
        traced = time.perf_counter() - start
        print(
            f"{sum(len(m.names) for m in mods.values())} mutants in {len(paths)} modules; "
            f"testing {len(chosen)} (sample {args.sample or 'all'} per module, seed {args.seed}); "
            f"generated and traced in {traced:.0f} s",
            flush=True,
        )
        if chosen:
            mutmut(work, ["run", "--max-children", str(args.jobs), *chosen])
        mods = read_meta(work, paths)
        killed, total = report(mods, set(chosen))
        if args.survivors:
            survivors = {
                n: mutmut(work, ["show", n], check=False).stdout
                for m in mods.values()
                for n in m.survivors
                if n in set(chosen)
            }
            args.survivors.write_text(json.dumps(survivors, ensure_ascii=False, indent=1) + "\n", "utf-8")
        if args.keep:
            print(f"kept {work} (`python -m mutmut results` there)")
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    print(f"total {time.perf_counter() - start:.0f} s on {args.jobs} parallel jobs")
    score = 100 * killed / total if total else 100.0
    target = "meets" if score >= TOTAL_TARGET else "below"
    print(f"target {TOTAL_TARGET:.0f}% in total, {PER_MODULE_TARGET:.0f}% per module: {target}")
    print(f"mutation score: {score:.0f}% ({killed} killed of {total})")


if __name__ == "__main__":
    main()
