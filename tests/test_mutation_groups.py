"""The mutation groups (benchmarks/mutation_groups.toml) name every module of the package exactly once."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _runner():
    spec = importlib.util.spec_from_file_location("mutation_runner", ROOT / "benchmarks" / "mutation.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def test_every_module_is_in_exactly_one_group() -> None:
    runner = _runner()
    groups = runner.read_groups()
    members = [m for g in groups.values() for m in g.modules]
    assert sorted(members) == runner.package_modules()


def test_a_module_in_no_group_or_in_two_stops_the_runner(tmp_path: Path) -> None:
    runner = _runner()
    text = (ROOT / "benchmarks" / "mutation_groups.toml").read_text("utf-8")
    assert '"mail.py",' in text and '"cache.py",' in text
    moved = text.replace('"mail.py",', "", 1).replace('"urls.py",', '"urls.py", "cache.py",', 1)
    bad = tmp_path / "groups.toml"
    bad.write_text(moved, "utf-8")
    with pytest.raises(SystemExit) as stop:
        runner.read_groups(bad)
    assert "in no group: briefing/mail.py" in str(stop.value)
    assert "in two groups: briefing/cache.py (a, b)" in str(stop.value)


def test_a_module_sample_does_not_depend_on_what_else_runs() -> None:
    runner = _runner()
    one = {"briefing/x.py": runner.Module("briefing/x.py", "a", names=[f"x_{i}" for i in range(40)])}
    two = dict(one, **{"briefing/y.py": runner.Module("briefing/y.py", "b", names=[f"y_{i}" for i in range(40)])})
    alone = runner.sample(one, 6, 19)
    together = runner.sample(two, 6, 19)
    assert len(alone) == 6 and len(together) == 12
    assert [n for n in together if n.startswith("x_")] == alone


def test_the_target_line_says_below_when_one_module_is_under_its_target() -> None:
    """A high total does not hide a module under the per-module target (the run of 2026-12-05 printed
    "meets" with two modules at 33% and 67%)."""
    runner = _runner()

    def run(statuses: dict[str, list[str]]) -> object:
        modules = {}
        for path, states in statuses.items():
            names = [f"{path}__mutmut_{i}" for i in range(len(states))]
            modules[path] = runner.Module(path, "c", names, dict(zip(names, states, strict=True)))
        chosen = [n for m in modules.values() for n in m.names]
        return runner.GroupRun(modules, chosen, {}, 0.0, 0.0, len(chosen))

    strong = {f"briefing/m{i}.py": ["killed"] * 6 for i in range(20)}
    assert runner.modules_below({"c": run(strong)}) == []
    weak = {**strong, "briefing/weak.py": ["killed", "killed", "survived", "survived", "survived", "survived"]}
    assert runner.modules_below({"c": run(weak)}) == ["briefing/weak.py"]
    edge = {**strong, "briefing/edge.py": ["killed", "killed", "killed", "survived"]}  # 75% meets 75%
    assert runner.modules_below({"c": run(edge)}) == []
