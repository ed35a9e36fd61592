"""Shared fixtures: an isolated state folder for every test, the seed page, a summarizer that counts its builds."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import settings

# CI must be repeatable: property tests draw the same examples there (random ones locally).
settings.register_profile("ci", derandomize=True)
if os.environ.get("CI"):
    settings.load_profile("ci")

# Installed plugins never change what the tests see (as simonw/llm does with LLM_LOAD_PLUGINS).
os.environ["BRIEFING_LOAD_PLUGINS"] = ""

ROOT = Path(__file__).resolve().parent.parent
SEED = sorted((ROOT / "seeds").glob("*.txt"))[0]
SHARED = ROOT.parent / "shared"


TINY_MODELS = {"tiny_marian", "tiny_ct2", "sharp_marian", "tiny_mt5", "tiny_lm"}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Tests on tiny models (torch) are marked ``neural``, so a fast subset can leave them out
    (``-m 'not neural'``, as ``benchmarks/mutation.py`` does)."""
    for item in items:
        if TINY_MODELS & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.neural)


@pytest.fixture(scope="module", autouse=True)
def module_state_home(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A state folder for module-scoped fixtures too (they run before ``state_home``): no test run ever
    writes to the user's real state folder."""
    home = tmp_path_factory.mktemp("briefing-module-home")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("BRIEFING_HOME", str(home))
        mp.delenv("BRIEFING_CONFIG", raising=False)
        yield home


@pytest.fixture(autouse=True)
def state_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point the state folder (cache, lock, models, config) at a temp dir."""
    home = tmp_path_factory.mktemp("briefing-home")
    monkeypatch.setenv("BRIEFING_HOME", str(home))
    monkeypatch.delenv("BRIEFING_CONFIG", raising=False)
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    return home


@pytest.fixture
def seed_text() -> str:
    return SEED.read_text("utf-8")


@pytest.fixture
def site() -> Iterator[object]:
    """The local web site of tests/test_fetch.py on 127.0.0.1, stopped after the test (one fixture for every
    fetch test file)."""
    from tests.test_fetch import Site  # a test module: imported only by the tests that ask for a site

    s = Site()
    yield s
    s.stop()


@pytest.fixture
def counted_summarizer(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    """A summarizer registered as "counted" (the extractive one) that records the context of every instance
    built: the list it returns, to count how often a backend is built."""
    from briefing.summarizers.base import summarizers
    from briefing.summarizers.extractive import ExtractiveSummarizer

    built: list[object] = []

    class Counted(ExtractiveSummarizer):
        name = "counted"

        def __init__(self, context: Any) -> None:
            super().__init__(context)
            built.append(context)

    monkeypatch.setitem(summarizers._classes, Counted.name, Counted)
    return built


def needs_shared(*parts: str) -> Path:
    """A path under ../shared, or skip the test when it is absent."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"{path} is absent (evaluation data lives in ../shared)")
    return path


os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
