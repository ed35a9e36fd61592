"""The ray engine: the backfill's stages on Ray Data, spread over a cluster's CPUs and GPUs.

Reading and splitting run as tasks, one day each; summarizing and
translating run in actor pools whose workers load their model once (the
translators on GPUs when ``backfill.gpus_per_worker`` asks for them).  Days
come back in date order (Ray Data keeps the order), each with the entries its
workers computed, and are published by the caller on this machine.

Every node needs ``briefing`` with the extras the run uses, the inputs at the
same paths, and the models in a state folder at the same path as here
(``$BRIEFING_HOME`` is passed to the workers).  The workers' backends must be
the driver's: a day whose results were made by another model (other files, a
different version) stops the run (exit 2) rather than publish mixed output.
Nothing here is imported unless the ray engine is asked for.
"""

from __future__ import annotations

import logging
import os
import pickle
import signal
import threading
from collections.abc import Callable, Iterator
from typing import Any

from briefing.backfill.stages import DayWork, Summarize, Translate, read
from briefing.config import Options
from briefing.errors import ConfigError, EngineError
from briefing.state import home

log = logging.getLogger("briefing")
INSTALL = "pip install 'briefing[ray]'"
DAYS_PER_SUMMARY_BATCH = 8
DAYS_PER_TRANSLATION_BATCH = 16
# what the workers need from this process's environment (the rest is the node's own)
PASSED_ENV = ("BRIEFING_LOAD_PLUGINS", "HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE")

# Ray's loggers that speak on a normal run (its token notice, its progress notes); -v lets them
RAY_LOGGERS = ("ray", "ray.data", "ray._private.authentication.authentication_token_setup")
Batch = dict[str, Any]


def require_ray() -> Any:
    """The ray module, or exit 2 with the command that installs it."""
    try:
        import ray
        import ray.data  # Ray Data is the part used (the ray[data] extra)
    except ImportError:
        raise ConfigError(f"the ray engine needs Ray Data: {INSTALL}") from None
    return ray


def _apply(batch: Batch, stage: Callable[[list[DayWork]], list[DayWork]]) -> Batch:
    """A Ray batch of pickled days through one stage (days travel pickled: they hold records, not columns)."""
    works = [pickle.loads(raw) for raw in batch["work"]]
    return {"work": [pickle.dumps(w) for w in stage(works)]}


def _read(batch: Batch, opts: Options) -> Batch:
    return _apply(batch, lambda works: read(works, opts))


class _SummarizeWorker:
    """An actor of the summarizing pool: its summarizer loads once."""

    def __init__(self, opts: Options) -> None:
        self.stage = Summarize.loaded(opts)

    def __call__(self, batch: Batch) -> Batch:
        return _apply(batch, self.stage)


class _TranslateWorker:
    """An actor of the translating pool: its translator loads once (on its GPU when it has one)."""

    def __init__(self, opts: Options) -> None:
        import ray

        self.stage = Translate.loaded(opts)
        self.gpus = [str(g) for g in ray.get_gpu_ids()]  # what Ray gave this worker (CUDA_VISIBLE_DEVICES)

    def _translate(self, works: list[DayWork]) -> list[DayWork]:
        for work in self.stage(works):
            work.gpus = self.gpus
        return works

    def __call__(self, batch: Batch) -> Batch:
        return _apply(batch, self._translate)


class RayEngine:
    """Joins (or starts) a Ray cluster for the run and gives the days back in order."""

    name = "ray"

    def __init__(self, opts: Options, verbose: bool = False, progress_bars: bool = False) -> None:
        self.opts = opts
        self.verbose = verbose
        self.progress_bars = progress_bars
        if not verbose:  # Ray's processes keep their logs in their files; -v shows them here too
            os.environ.setdefault("RAY_BACKEND_LOG_LEVEL", "fatal")
        self.ray = require_ray()
        self._started = False
        self._order: bool | None = None

    def __enter__(self) -> RayEngine:
        return self

    def __exit__(self, *exc: object) -> None:
        if self._order is not None:
            self.ray.data.DataContext.get_current().execution_options.preserve_order = self._order
        if self._started:
            self.ray.shutdown()

    def _connect(self) -> None:
        """Join the configured cluster, or start a Ray of this machine (only when there is work)."""
        ray = self.ray
        level = logging.INFO if self.verbose else logging.ERROR
        for name in RAY_LOGGERS:
            logging.getLogger(name).setLevel(level)
        if not ray.is_initialized():
            quiet: dict[str, Any] = {"log_to_driver": self.verbose, "logging_level": level}
            address = self.opts.backfill.address
            terminate = signal.getsignal(signal.SIGTERM)
            try:
                if address:
                    ray.init(address=address, **quiet)
                else:  # a Ray of this machine for this run only, on the loopback interface
                    ray.init(address="local", include_dashboard=False, _node_ip_address="127.0.0.1", **quiet)
            except (ConnectionError, RuntimeError, ValueError) as exc:
                raise ConfigError(f"cannot join the Ray cluster {address or '(local)'}: {exc}") from None
            finally:
                if terminate is not None and threading.current_thread() is threading.main_thread():
                    signal.signal(signal.SIGTERM, terminate)  # ray.init takes SIGTERM over: ours stops the run
            self._started = True
        context = ray.data.DataContext.get_current()
        self._order = context.execution_options.preserve_order
        context.execution_options.preserve_order = True  # days come back in date order
        context.enable_progress_bars = self.progress_bars

    def _pool(self, per_worker_gpus: float) -> Any:
        """An actor pool as large as asked (``backfill.workers``), else as the cluster has room for."""
        resources = self.ray.cluster_resources()
        room = int(resources.get("CPU", 1))
        if per_worker_gpus:
            gpus = resources.get("GPU", 0)
            if gpus < per_worker_gpus:
                raise ConfigError(
                    f"--gpus-per-worker {per_worker_gpus:g}: the Ray cluster has {gpus:g} GPUs; "
                    "give 0 for CPU workers, or join a cluster with GPUs (--address)"
                )
            room = int(gpus // per_worker_gpus)
        size = self.opts.backfill.workers or room
        return self.ray.data.ActorPoolStrategy(min_size=1, max_size=max(1, size))

    def run(self, works: list[DayWork]) -> Iterator[DayWork]:
        if not works:
            return
        self._connect()
        ray, opts = self.ray, self.opts
        env = {
            "env_vars": {"BRIEFING_HOME": str(home().resolve())}
            | {k: os.environ[k] for k in PASSED_ENV if k in os.environ}
        }
        items = [{"work": pickle.dumps(w)} for w in works]
        ds = ray.data.from_items(items, override_num_blocks=min(len(items), 1024))
        ds = ds.map_batches(_read, batch_size=1, fn_kwargs={"opts": opts}, num_cpus=1, runtime_env=env)
        ds = ds.map_batches(
            _SummarizeWorker,
            batch_size=DAYS_PER_SUMMARY_BATCH,
            compute=self._pool(0),
            fn_constructor_kwargs={"opts": opts},
            num_cpus=1,
            runtime_env=env,
        )
        if opts.translate.enabled:
            gpus = opts.backfill.gpus_per_worker
            ds = ds.map_batches(
                _TranslateWorker,
                batch_size=DAYS_PER_TRANSLATION_BATCH,
                compute=self._pool(gpus),
                fn_constructor_kwargs={"opts": opts},
                num_cpus=1,
                num_gpus=gpus or None,
                runtime_env=env,
            )
        try:
            for row in ds.iter_rows():
                yield pickle.loads(row["work"])
        except ray.exceptions.RayError as exc:
            reason = str(exc).strip().splitlines()[0] if str(exc).strip() else exc.__class__.__name__
            raise EngineError(
                f"the Ray cluster stopped the backfill ({reason}); the days published so far stay, "
                "and the same command goes on from there"
            ) from exc
