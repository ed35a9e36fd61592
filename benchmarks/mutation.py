"""Mutation testing of every module under ``briefing/`` (mutmut 3).

The modules are split into groups (``benchmarks/mutation_groups.toml``: every module in exactly one group,
each group with the pytest arguments selecting the tests that exercise it).  Each group runs in its own
scratch copy of the repository: mutmut mutates the group's modules with its own operators, runs the group's
tests once under a tracer to learn which tests call which function, and then runs each mutant against only
the tests that reach it (``-x``: the first failure kills it).  A mutant is *killed* when a test fails or
times out, and *survives* when every test passes; a mutant that no test of its group reaches survives too
(``no tests``).  Survivors judged equivalent (``benchmarks/mutation_equivalents.toml``, each with why) are
counted apart and left out of the score.

Every mutant is too much for a 2-core machine in one sitting (about 15,000), so by default a seeded random
sample of each module's mutants is tested (``--sample``; ``--sample 0`` tests all).  A module's sample
depends only on the code, the seed and the module's path, never on which group or modules are run, so the
groups' runs together are the full run, and a run after a new test compares like with like.

    python benchmarks/mutation.py                          # every group in turn, 12 mutants per module
    python benchmarks/mutation.py --group a --sample 6     # one group
    python benchmarks/mutation.py --only urls --only retry --sample 0
    python benchmarks/mutation.py --group a --survivors s.json   # the survivors, to read or kill

Prints one line per module, one per group and the total; the last line reads
``mutation score: X% (K killed of N)``.  Needs ``pip install -e '.[dev]'`` (mutmut is in the dev extra).
"""

from __future__ import annotations

import argparse
import fnmatch
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = "briefing"
GROUPS = ROOT / "benchmarks" / "mutation_groups.toml"
EQUIVALENTS = ROOT / "benchmarks" / "mutation_equivalents.toml"
NOTHING = "mutation-no-mutant-has-this-name*"  # a filter that matches no mutant: generate and trace, test none
# mutmut hands pytest the node ids it traced, and pytest cannot find some of them again in-process (ids
# with escapes such as a newline), which ends the run.  Each test runs by its function instead: a
# parametrized test then runs all its parameters, a little more than needed and never less.
LAUNCH = """
import os
import mutmut.runners.harness as harness

DROPPED = "trace-dropped.txt"

def by_function(self, tests):
    return harness.PytestRunner._by_node_id(self, list(dict.fromkeys(t.split("[", 1)[0] for t in tests)))

harness.PytestRunner._by_node_id = harness.PytestRunner._pytest_args_regular_run
harness.PytestRunner._pytest_args_regular_run = by_function
trace = harness.PytestRunner.run_stats


class Failed:
    def __init__(self):
        self.ids = []

    def pytest_runtest_logreport(self, report):
        if report.failed:
            self.ids.append(report.nodeid)


def run_stats(self, *, tests):
    # the trace runs every selected test on the unmutated code; one that fails there (a timing-sensitive test on
    # a loaded machine) runs once more alone, and only a second failure fails the trace
    failed = Failed()
    execute = self.execute_pytest
    self.execute_pytest = lambda params, **kw: execute(
        params + ["--maxfail=1000000"], plugins=[*kw.pop("plugins", []), failed], **kw
    )
    try:
        code = trace(self, tests=tests)
    finally:
        del self.execute_pytest
    if code != 1 or not failed.ids:
        return code
    print("failed in the trace, run again:", *failed.ids, sep="\\n    ")
    ids = list(dict.fromkeys(failed.ids))
    for _ in range(2):
        with harness.change_cwd("mutants"):
            if execute(["-q", "-p", "no:randomly", *ids]) == 0:
                return 0
    # failed three times on the unmutated code (a timing test on a loaded machine): the runner drops it from
    # the trace, so no mutant is counted killed by it, and names it in the report
    with open(os.path.join("mutants", DROPPED), "w", encoding="utf-8") as f:
        f.write("\\n".join(ids) + "\\n")
    return 0


harness.PytestRunner.run_stats = run_stats
if os.environ.get("MUTATION_NO_CLEAN_RUN"):
    import mutmut.workers.isolation as isolation

    isolation.ForkRunner.run_clean_tests = lambda self, tests: 0
    isolation.ForkServerRunner.run_clean_tests = lambda self, tests: 0
from mutmut.__main__ import cli
cli()
"""
# The diffs of the named mutants (JSON on stdin: {name: module path}), in one process of the scratch copy.
DIFFS = """
import json, sys
from mutmut.mutation.diff_apply import get_diff_for_mutant
wanted = json.load(sys.stdin)
json.dump({name: get_diff_for_mutant(name, path=path) for name, path in wanted.items()}, sys.stdout)
"""
PER_MODULE_TARGET = 75.0
TOTAL_TARGET = 85.0


@dataclass
class Group:
    """A set of modules and the pytest arguments selecting the tests that exercise them."""

    name: str
    modules: list[str]
    tests: tuple[str, ...]
    mutmut: dict[str, Any] = field(default_factory=dict)


@dataclass
class Module:
    """The mutants of one module and what became of the ones tested."""

    path: str
    group: str
    names: list[str] = field(default_factory=list)
    status: dict[str, str] = field(default_factory=dict)
    equivalent: set[str] = field(default_factory=set)


def is_killed(status: str) -> bool:
    """A test failed, timed out or crashed on the mutant (mutmut's own statuses)."""
    return status in ("killed", "timeout", "segfault", "caught by type check")


def package_modules() -> list[str]:
    """Every module of the package (repository-relative paths)."""
    return sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / PACKAGE).rglob("*.py"))


def read_groups(path: Path = GROUPS) -> dict[str, Group]:
    """The groups of ``path``; stops if a module of the package is in no group or in two."""
    table = tomllib.loads(path.read_text("utf-8"))
    found = package_modules()
    owners: dict[str, list[str]] = {m: [] for m in found}
    groups: dict[str, Group] = {}
    for name, spec in table.items():
        members: list[str] = []
        for pattern in spec["modules"]:
            hits = [m for m in found if fnmatch.fnmatchcase(m, f"{PACKAGE}/{pattern}")]
            if not hits:
                raise SystemExit(f"{path.name}: [{name}] {pattern!r} matches no module under {PACKAGE}/")
            members += [m for m in hits if m not in members]
        for m in members:
            owners[m].append(name)
        groups[name] = Group(name, members, tuple(spec["tests"]), dict(spec.get("mutmut", {})))
    unowned = [m for m, g in owners.items() if not g]
    twice = [f"{m} ({', '.join(g)})" for m, g in owners.items() if len(g) > 1]
    if unowned or twice:
        lines = [f"{path.name}: every module under {PACKAGE}/ must be in exactly one group"]
        lines += [f"  in no group: {m}" for m in unowned] + [f"  in two groups: {m}" for m in twice]
        raise SystemExit("\n".join(lines))
    return groups


def select(groups: dict[str, Group], names: list[str] | None, only: list[str] | None) -> dict[str, list[str]]:
    """The modules to mutate, per group: those of ``--group`` and ``--only`` (stem or path), else all."""
    if names:
        unknown = sorted(set(names) - set(groups))
        if unknown:
            raise SystemExit(f"no group {', '.join(unknown)} in {GROUPS.name} (there are {', '.join(groups)})")
    chosen: dict[str, list[str]] = {}
    for g in groups.values():
        picked = [
            m
            for m in g.modules
            if (not names and not only)
            or (names and g.name in names)
            or (only and (m in only or Path(m).stem in only or m.removeprefix(f"{PACKAGE}/") in only))
        ]
        if picked:
            chosen[g.name] = picked
    if only:
        every = [m for ms in chosen.values() for m in ms]
        named = {m for m in every} | {Path(m).stem for m in every} | {m.removeprefix(f"{PACKAGE}/") for m in every}
        unknown = sorted(set(only) - named)
        if unknown:
            raise SystemExit(f"no module named {', '.join(unknown)} under {PACKAGE}/")
    return chosen


def repository_files() -> list[str]:
    """The tracked files of the repository and the new files not yet added (repository-relative)."""
    files = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    ).stdout.split("\0")
    return [rel for rel in files if rel and (ROOT / rel).is_file()]


def scratch_copy(dest: Path) -> None:
    """The repository's files as they are now (uncommitted edits and new files included)."""
    for rel in repository_files():
        (dest / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / rel, dest / rel)


def refresh_tests(work: Path) -> None:
    """Bring a kept copy's tests up to date, after making sure nothing else changed (its mutants stand)."""

    def same(rel: str) -> bool:  # the copy's pyproject.toml has the [tool.mutmut] table appended
        there = (work / rel).read_bytes() if (work / rel).is_file() else None
        here = (ROOT / rel).read_bytes()
        return there is not None and (there == here or (rel == "pyproject.toml" and there.startswith(here)))

    changed = [
        rel
        for rel in repository_files()
        if not rel.startswith(("tests/", "benchmarks/")) and not rel.endswith(".md") and not same(rel)
    ]
    if changed:
        raise SystemExit(f"--again {work}: more than the tests changed since that run: {', '.join(changed[:5])}")
    for rel in repository_files():
        if rel.startswith("tests/"):
            for dest in (work / rel, work / "mutants" / rel):
                dest.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(ROOT / rel, dest)


def configure(work: Path, mutate: list[str], group: Group, tests: tuple[str, ...]) -> None:
    """Point mutmut at the modules and the tests ([tool.mutmut] in the copy's pyproject)."""
    config: dict[str, Any] = {
        "source_paths": [PACKAGE],
        "only_mutate": mutate,
        "also_copy": sorted({p.relative_to(work).parts[0] for p in work.iterdir()} - {PACKAGE, "pyproject.toml"}),
        "pytest_add_cli_args_test_selection": list(tests),
        "pytest_add_cli_args": ["-q", "-p", "no:cacheprovider"],  # mutmut adds -x to each mutant's run
        "use_git_change_detection": False,
        **group.mutmut,
    }
    lines = ["", "[tool.mutmut]"] + [f"{k} = {json.dumps(v)}" for k, v in config.items()]
    py = work / "pyproject.toml"
    py.write_text(py.read_text("utf-8") + "\n".join(lines) + "\n", "utf-8")


def mutmut_env() -> dict[str, str]:
    """This environment without what would point the copy back at this checkout or at installed plugins."""
    env = dict(os.environ, BRIEFING_LOAD_PLUGINS="", CI="1")
    for name in ("PYTHONPATH", "BRIEFING_HOME"):  # mutmut puts mutants/ first on the path itself
        env.pop(name, None)
    return env


def mutmut(
    work: Path, args: list[str], *, check: bool = True, clean_run: bool = True
) -> subprocess.CompletedProcess[str]:
    """Run mutmut in the scratch copy, isolated from this checkout and from installed plugins."""
    env = mutmut_env()
    if not clean_run:
        env["MUTATION_NO_CLEAN_RUN"] = "1"
    done = subprocess.run([sys.executable, "-c", LAUNCH, *args], cwd=work, env=env, capture_output=True, text=True)
    if check and done.returncode != 0:
        tail = (done.stdout + done.stderr).strip().splitlines()[-20:]
        raise SystemExit(f"mutmut {args[0]} failed:\n" + "\n".join(tail))
    return done


def read_meta(work: Path, group: str, paths: list[str]) -> dict[str, Module]:
    """Every mutant's name and status, per module, from mutmut's ``.meta`` files."""
    from mutmut.stats import status_by_exit_code

    found: dict[str, Module] = {}
    for path in paths:
        meta = work / "mutants" / f"{path}.meta"
        module = found[path] = Module(path, group)
        if not meta.is_file():  # nothing to mutate in it
            continue
        codes = json.loads(meta.read_text("utf-8")).get("exit_code_by_key", {})
        module.names = sorted(codes)
        module.status = {n: status_by_exit_code[c] for n, c in codes.items() if c is not None}
    return found


def sample(mods: dict[str, Module], k: int, seed: int) -> list[str]:
    """A seeded sample of ``k`` mutants per module (all of them when ``k`` is 0 or more than there are).

    Seeded by the module's path alone, so a module's sample does not depend on what else is run."""
    chosen: list[str] = []
    for path in sorted(mods):
        names = mods[path].names
        rng = random.Random(f"{seed}:{path}")
        chosen += names if k <= 0 or len(names) <= k else sorted(rng.sample(names, k))
    return chosen


def function_of(name: str) -> str:
    """A mutant's function: its name without mutmut's running number."""
    return name.rsplit("__mutmut_", 1)[0]


def changed_lines(diff: str) -> tuple[str, str]:
    """The removed and the added lines of a unified diff, each stripped, joined by newlines."""
    body = [line for line in diff.splitlines() if not line.startswith(("---", "+++", "@@"))]
    removed = "\n".join(line[1:].strip() for line in body if line.startswith("-"))
    added = "\n".join(line[1:].strip() for line in body if line.startswith("+"))
    return removed, added


def read_equivalents(path: Path = EQUIVALENTS) -> dict[tuple[str, str, str], str]:
    """The judged equivalent mutants: (function, removed, added) -> why."""
    if not path.is_file():
        return {}
    found: dict[tuple[str, str, str], str] = {}
    for group, entries in tomllib.loads(path.read_text("utf-8")).items():
        for entry in entries:
            missing = {"function", "removed", "added", "why"} - set(entry)
            if missing or not str(entry["why"]).strip():
                raise SystemExit(f"{path.name}: an entry of [[{group}]] lacks {', '.join(sorted(missing)) or 'why'}")
            found[(entry["function"], entry["removed"].strip(), entry["added"].strip())] = entry["why"]
    return found


def diffs(work: Path, names: dict[str, str]) -> dict[str, str]:
    """The diff of each named mutant (name -> module path), from the scratch copy."""
    if not names:
        return {}
    done = subprocess.run(
        [sys.executable, "-c", DIFFS],
        cwd=work,
        env=mutmut_env(),
        input=json.dumps(names),
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        raise SystemExit("reading the survivors' diffs failed:\n" + "\n".join(done.stderr.splitlines()[-20:]))
    return dict(json.loads(done.stdout))


@dataclass
class GroupRun:
    """What one group's run found, and how long its parts took."""

    modules: dict[str, Module]
    chosen: list[str]
    survivors: dict[str, dict[str, str]]
    traced_s: float
    tested_s: float
    ran: int  # mutants tested in this run (with --again, the sample's not yet killed)


def drop_failing_tests(work: Path) -> list[str]:
    """Take the tests that failed three times in the trace (on the unmutated code) out of mutmut's stats, every
    parameter of each (mutants run tests by function), and say which: no mutant is then counted killed by a test
    that fails without it."""
    dropped = work / "mutants" / "trace-dropped.txt"
    if not dropped.is_file():
        return []
    functions = {line.split("[", 1)[0] for line in dropped.read_text("utf-8").split() if line}
    stats_file = work / "mutants" / "mutmut-stats.json"
    stats = json.loads(stats_file.read_text("utf-8"))
    for name, tests in stats["tests_by_mangled_function_name"].items():
        stats["tests_by_mangled_function_name"][name] = [t for t in tests if t.split("[", 1)[0] not in functions]
    stats_file.write_text(json.dumps(stats), "utf-8")
    print("dropped from the trace (failed three times on the unmutated code):", *sorted(functions), sep="\n    ")
    return sorted(functions)


def run_group(group: Group, paths: list[str], args: argparse.Namespace, again: Path | None = None) -> GroupRun:
    """Generate, trace and test one group's sample in a scratch copy of its own; or, ``again``, test the
    sample's mutants not yet killed in a kept copy with the tests as they are now."""
    tests = tuple(args.tests) if args.tests else group.tests
    work = again or Path(tempfile.mkdtemp(prefix=f"briefing-mutation-{group.name}-"))
    start = time.perf_counter()
    keep = args.keep or again is not None
    try:
        if again:
            refresh_tests(work)  # mutmut traces the new tests when it meets them
        else:
            scratch_copy(work)
            configure(work, paths, group, tests)
            # generate every mutant and trace which tests reach which function; the filter tests none (and
            # mutmut's clean run, which for no mutant would run the whole selection once more, is skipped)
            first = mutmut(work, ["run", NOTHING], check=False, clean_run=False)
            if not (work / "mutants" / "mutmut-stats.json").is_file():
                tail = (first.stdout + first.stderr).strip().splitlines()[-30:]
                raise SystemExit("mutmut's trace failed:\n" + "\n".join(tail))
            drop_failing_tests(work)
        mods = read_meta(work, group.name, paths)
        chosen = sample(mods, args.sample, args.seed)
        todo = [n for n in chosen if not again or not is_killed(mods[module_of(n, mods)].status.get(n, ""))]
        traced = time.perf_counter() - start
        print(
            f"group {group.name}: {sum(len(m.names) for m in mods.values())} mutants in {len(paths)} modules; "
            f"testing {len(todo)} of a sample of {len(chosen)} ({args.sample or 'all'} per module, seed {args.seed}); "
            f"{'refreshed' if again else 'generated and traced'} in {traced:.0f} s",
            flush=True,
        )
        if todo:
            mutmut(work, ["run", "--max-children", str(args.jobs), *todo], clean_run=args.clean_run)
        tested = time.perf_counter() - start - traced
        mods = read_meta(work, group.name, paths)
        wanted = set(chosen)
        left = {n: m.path for m in mods.values() for n, s in m.status.items() if n in wanted and not is_killed(s)}
        survivors: dict[str, dict[str, str]] = {}
        for name, diff in diffs(work, left).items():
            removed, added = changed_lines(diff)
            mod = mods[left[name]]
            survivors[name] = {
                "group": group.name,
                "module": mod.path,
                "status": mod.status[name],
                "function": function_of(name),
                "removed": removed,
                "added": added,
                "diff": diff,
            }
        if keep:
            print(f"kept {work} (`python -m mutmut results` there; `--again {work}` after adding tests)")
    finally:
        if not keep:
            shutil.rmtree(work, ignore_errors=True)
    return GroupRun(mods, chosen, survivors, traced, tested, len(todo))


def module_of(name: str, mods: dict[str, Module]) -> str:
    """The module (path) a mutant belongs to."""
    return next(path for path, mod in mods.items() if name in mod.status or name in mod.names)


def mark_equivalents(run: GroupRun, equivalents: dict[tuple[str, str, str], str]) -> None:
    """Set aside the survivors listed as equivalent (they leave the score's denominator)."""
    for name, s in run.survivors.items():
        why = equivalents.get((s["function"], s["removed"], s["added"]))
        if why is not None:
            run.modules[s["module"]].equivalent.add(name)
            s["equivalent"] = why


def tally(mod: Module, tested: set[str]) -> tuple[int, int, int, int]:
    """(killed, counted, equivalent, no tests) of a module's tested mutants; counted excludes equivalents."""
    status = {n: s for n, s in mod.status.items() if n in tested}
    killed = sum(1 for s in status.values() if is_killed(s))
    equivalent = sum(1 for n in status if n in mod.equivalent)
    untested = sum(1 for n, s in status.items() if s == "no tests" and n not in mod.equivalent)
    return killed, len(status) - equivalent, equivalent, untested


def percent(killed: int, counted: int) -> float:
    return 100 * killed / counted if counted else 100.0


def modules_below(runs: dict[str, GroupRun]) -> list[str]:
    """The modules whose counted mutants are killed less often than PER_MODULE_TARGET."""
    below = []
    for run in runs.values():
        tested = set(run.chosen)
        for path, mod in sorted(run.modules.items()):
            k, c, _, _ = tally(mod, tested)
            if c and percent(k, c) < PER_MODULE_TARGET:
                below.append(path)
    return below


def report(runs: dict[str, GroupRun], jobs: int) -> tuple[int, int]:
    """One line per module and per group; (killed, counted) in all."""
    killed_all = counted_all = 0
    for name, run in runs.items():
        tested = set(run.chosen)
        gk = gc = ge = 0
        print(f"\n== group {name}")
        for path in sorted(run.modules):
            mod = run.modules[path]
            k, c, e, untested = tally(mod, tested)
            gk, gc, ge = gk + k, gc + c, ge + e
            pct = percent(k, c)
            flag = "" if pct >= PER_MODULE_TARGET or not c else f"  below {PER_MODULE_TARGET:.0f}%"
            extra = (f", {e} equivalent" if e else "") + (f", {untested} no tests" if untested else "")
            print(f"{path:<34} {k:>4} killed of {c:>4} ({len(mod.names):>4} mutants{extra})  {pct:5.1f}%{flag}")
        n = run.ran
        per = run.tested_s / n if n else 0.0
        print(
            f"group {name}: {percent(gk, gc):.0f}% ({gk} killed of {gc}, {ge} equivalent); "
            f"traced {run.traced_s:.0f} s, tested {n} in {run.tested_s:.0f} s on {jobs} jobs ({per:.1f} s per mutant)"
        )
        killed_all, counted_all = killed_all + gk, counted_all + gc
    return killed_all, counted_all


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--group", action="append", help=f"Group(s) of {GROUPS.name} to run (default: all).")
    parser.add_argument("--only", action="append", help="Module(s) to mutate, by stem or path (default: all).")
    parser.add_argument("--sample", type=int, default=12, help="Mutants tested per module (0: all).")
    parser.add_argument("--seed", type=int, default=19, help="Seed of the sample.")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 2, help="Mutants tested in parallel.")
    parser.add_argument("--tests", nargs="+", help="pytest arguments selecting the tests (default: the group's).")
    parser.add_argument("--survivors", type=Path, help="Write the surviving mutants' names and diffs here (JSON).")
    parser.add_argument(
        "--no-clean-run",
        dest="clean_run",
        action="store_false",
        help="Skip mutmut's run of the sampled mutants' tests on the unmutated code before testing them: the "
        "trace has just run every selected test on that code and stops at a failure (what it misses: a test "
        "that passes in the whole run and fails when run alone). Saves about one run of the selection.",
    )
    parser.add_argument("--keep", action="store_true", help="Keep the scratch copies (mutmut results/show there).")
    parser.add_argument(
        "--again",
        type=Path,
        metavar="DIR",
        help="In a copy kept by --keep (one group's), test the sample's mutants not killed there against the "
        "tests as they are now (only the tests may have changed since: the mutants are that run's).",
    )
    args = parser.parse_args()
    groups = read_groups()
    equivalents = read_equivalents()
    start = time.perf_counter()
    if args.again:
        name = args.again.resolve().name.removeprefix("briefing-mutation-").split("-", 1)[0]
        if name not in groups or not (args.again / "mutants").is_dir():
            raise SystemExit(f"--again {args.again}: not a copy kept by --keep")
        runs = {name: run_group(groups[name], groups[name].modules, args, again=args.again)}
    else:
        chosen = select(groups, args.group, args.only)
        runs = {name: run_group(groups[name], paths, args) for name, paths in chosen.items()}
    for run in runs.values():
        mark_equivalents(run, equivalents)
    killed, counted = report(runs, args.jobs)
    if args.survivors:
        left = {n: s for run in runs.values() for n, s in run.survivors.items()}
        args.survivors.write_text(json.dumps(left, ensure_ascii=False, indent=1) + "\n", "utf-8")
    tested = sum(len(run.chosen) for run in runs.values())
    print(f"\ntotal {time.perf_counter() - start:.0f} s for {tested} mutants on {args.jobs} parallel jobs")
    score = percent(killed, counted)
    below = modules_below(runs)
    target = "meets" if score >= TOTAL_TARGET and not below else "below"
    equivalent = sum(len(m.equivalent) for run in runs.values() for m in run.modules.values())
    under = f" ({len(below)} modules under {PER_MODULE_TARGET:.0f}%: {', '.join(below)})" if below else ""
    print(f"target {TOTAL_TARGET:.0f}% in total, {PER_MODULE_TARGET:.0f}% per module: {target}{under}")
    print(f"equivalent (not counted): {equivalent}")
    print(f"mutation score: {score:.0f}% ({killed} killed of {counted})")


if __name__ == "__main__":
    main()
