"""The ray engine's wiring without a Ray: a stand-in Ray Data that runs its stages in this process.

The real Ray tests (tests/test_backfill.py) need ``../shared`` and minutes; these check, in seconds,
what the engine hands Ray: every actor gets the run's options, a worker loads its summarizer once
(not once per batch), and a cluster that reports no CPU resource still gets a pool of one.  The
stand-in honours what Ray does with these arguments (actors built once from
``fn_constructor_kwargs``, batches of ``batch_size`` days) and nothing else.
"""

from __future__ import annotations

import sys
import types
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from briefing.backfill.ray_engine import RayEngine
from briefing.config import Options
from tests.test_backfill import published, run, seed_days
from tests.test_pipeline import ECHO, EchoTranslator, announce

DATES = [f"2025-07-{d:02d}" for d in range(1, 12)]  # 11 days: two summary batches of at most 8


class Dataset:
    def __init__(self, rows: list[dict[str, Any]]) -> None:
        self.rows = rows

    def map_batches(
        self,
        fn: Any,
        batch_size: int | str = "default",
        compute: Any = None,
        fn_kwargs: dict[str, Any] | None = None,
        fn_constructor_kwargs: dict[str, Any] | None = None,
        **resources: Any,
    ) -> Dataset:
        call: Callable[..., dict[str, Any]]
        if isinstance(fn, type):
            call = fn(**(fn_constructor_kwargs or {}))  # one actor, built as Ray builds it
        else:
            call = lambda batch: fn(batch, **(fn_kwargs or {}))  # noqa: E731
        size = len(self.rows) if batch_size == "default" else int(batch_size)
        out: list[dict[str, Any]] = []
        for start in range(0, len(self.rows), size):
            chunk = self.rows[start : start + size]
            done = call({"work": [r["work"] for r in chunk]})
            out += [{"work": w} for w in done["work"]]
        return Dataset(out)

    def iter_rows(self) -> Iterator[dict[str, Any]]:
        return iter(self.rows)


def fake_ray(resources: dict[str, float]) -> types.ModuleType:
    """A ``ray`` module whose cluster has ``resources`` and whose Ray Data runs here, in order."""
    ray = types.ModuleType("ray")
    data = types.ModuleType("ray.data")
    context = types.SimpleNamespace(execution_options=types.SimpleNamespace(preserve_order=False))
    data.DataContext = types.SimpleNamespace(get_current=lambda: context)  # type: ignore[attr-defined]
    data.from_items = lambda items, override_num_blocks=None: Dataset(list(items))  # type: ignore[attr-defined]
    data.ActorPoolStrategy = lambda min_size, max_size: ("pool", min_size, max_size)  # type: ignore[attr-defined]
    ray.data = data  # type: ignore[attr-defined]
    ray.is_initialized = lambda: True  # type: ignore[attr-defined]
    ray.cluster_resources = lambda: dict(resources)  # type: ignore[attr-defined]
    ray.get_gpu_ids = lambda: []  # type: ignore[attr-defined]
    ray.shutdown = lambda: None  # type: ignore[attr-defined]
    ray.exceptions = types.SimpleNamespace(RayError=type("RayError", (Exception,), {}))  # type: ignore[attr-defined]
    return ray


@pytest.fixture
def ray_here(monkeypatch: pytest.MonkeyPatch) -> types.ModuleType:
    ray = fake_ray({"memory": 1e9})  # no CPU resource reported
    monkeypatch.setitem(sys.modules, "ray", ray)
    monkeypatch.setitem(sys.modules, "ray.data", ray.data)
    return ray


def test_a_pool_is_as_large_as_asked_else_as_the_cpus_and_one_without_a_cpu_resource(
    ray_here: types.ModuleType,
) -> None:
    for resources, workers, size in (({}, 0, 1), ({"GPU": 2.0}, 0, 1), ({"CPU": 3.0}, 0, 3), ({"CPU": 3.0}, 2, 2)):
        ray_here.cluster_resources = lambda r=resources: dict(r)  # type: ignore[attr-defined]
        opts = Options()
        opts.backfill.workers = workers
        assert RayEngine(opts)._pool(0) == ("pool", 1, size), (resources, workers)


def test_every_ray_worker_has_the_run_options_and_loads_its_summarizer_once(
    ray_here: types.ModuleType, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import briefing.summarizers.service as service
    from briefing.translators.base import translators

    monkeypatch.setattr(translators, "_classes", dict(translators._classes))  # the plugin is gone afterwards
    announce(monkeypatch, ECHO)
    made: list[object] = []
    make = service.make_summarizer

    def counted(*args: Any, **kwargs: Any) -> Any:
        made.append(args)
        return make(*args, **kwargs)

    monkeypatch.setattr(service, "make_summarizer", counted)
    days = seed_days(tmp_path / "days", DATES)
    # non-default options, so a worker given the defaults writes other bytes
    config = tmp_path / "config.toml"
    config.write_text("[summarize]\nmax_chars = 60\n", "utf-8")
    options = ["--translate", "--translator-backend", "echo-plugin", "--config", str(config)]
    code, err = run("backfill", str(days), "--out", str(tmp_path / "local"), *options)
    assert code == 0, err
    local_loads = len(made)
    del made[:]
    EchoTranslator.calls = []
    code, err = run("backfill", str(days), "--out", str(tmp_path / "ray"), "--engine", "ray", *options)
    assert code == 0, err
    assert EchoTranslator.calls, "the translating workers did not translate"
    assert published(tmp_path / "ray") == published(tmp_path / "local")
    # the driver loads its backends as the local engine does (to check the workers' fingerprints), and the
    # one summarizing actor loads its own summarizer once, whatever the number of batches (2 here)
    assert len(made) == local_loads + 1


def test_a_worker_whose_summarizer_is_not_this_machines_stops_the_run_naming_it(
    ray_here: types.ModuleType, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from briefing.backfill.stages import Summarize
    from briefing.pipeline import Backends

    class Elsewhere:
        """This machine's summarizer with another fingerprint, as on a node with other model files."""

        def __init__(self, inner: Any) -> None:
            self.inner = inner
            self.fingerprint = f"{inner.fingerprint} elsewhere"

        def __getattr__(self, name: str) -> Any:
            return getattr(self.inner, name)

    def elsewhere(cls: type[Summarize], opts: Options) -> Summarize:
        return cls(opts, Elsewhere(Backends.summarizer_for(opts)))  # type: ignore[arg-type]

    monkeypatch.setattr(Summarize, "loaded", classmethod(elsewhere))
    days = seed_days(tmp_path / "days", DATES[:2])
    code, err = run("backfill", str(days), "--out", str(tmp_path / "out"), "--engine", "ray")
    assert code == 2, err
    assert err.count("\n") == 1 and "the workers' summarizer is not this machine's" in err, err
