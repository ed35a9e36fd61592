"""The pipeline module, the backend registries and their plugins, the one-pass translation."""

from __future__ import annotations

import json
import math
import re
from importlib.metadata import EntryPoint

import pytest
from click.testing import CliRunner

from briefing import registry as registry_module
from briefing.cli import main
from briefing.errors import ConfigError
from briefing.registry import PLUGINS_ENV, Registry
from briefing.translators.base import TranslationBackend
from tests.conftest import SEED

DATE = "2025-07-09"


class EchoTranslator(TranslationBackend):
    """A plugin translator: known English for every sentence, and a log of its calls."""

    name = "echo-plugin"
    batch_size = 8
    calls: list[list[str]] = []  # noqa: RUF012 - shared on purpose: the CLI builds its own instance

    def translate_batch(self, sentences, decode):
        EchoTranslator.calls.append(list(sentences))
        return [f"E{len(s)}." for s in sentences]


ECHO = EntryPoint("echo-plugin", f"{__name__}:EchoTranslator", "briefing.translators")


@pytest.fixture
def echo_plugin(monkeypatch):
    """The echo translator announced as an installed plugin and allowed to load."""
    from briefing.translators.base import translators

    monkeypatch.setattr(registry_module, "entry_points", lambda group: [ECHO] if group == ECHO.group else [])
    monkeypatch.setenv(PLUGINS_ENV, "echo-plugin")
    monkeypatch.setattr(translators, "_classes", dict(translators._classes))  # restored after the test
    monkeypatch.setattr(translators, "_origins", {})
    monkeypatch.setattr(translators, "_plugins_loaded", False)
    EchoTranslator.calls = []


def test_the_test_suite_loads_no_installed_plugin():
    import os

    assert os.environ[PLUGINS_ENV] == ""  # set by tests/conftest.py before anything loads


def test_plugins_load_only_when_allowed(monkeypatch):
    monkeypatch.setattr(registry_module, "entry_points", lambda group: [ECHO] if group == ECHO.group else [])
    for allowed, seen in (("", False), ("other", False), ("echo-plugin", True)):
        monkeypatch.setenv(PLUGINS_ENV, allowed)
        reg = Registry("translator", {}, "briefing.translators")
        assert ("echo-plugin" in reg.names()) is seen, allowed
    monkeypatch.delenv(PLUGINS_ENV)
    assert Registry("translator", {}, "briefing.translators").names() == ["echo-plugin"]


def test_unknown_name_is_an_error_listing_the_known_ones():
    reg = Registry("translator", {"ct2": "briefing.translators.ct2"}, "briefing.translators")
    with pytest.raises(ConfigError, match=r"unknown translator backend 'nope' \(known: ct2\)"):
        reg.get("nope")


def test_unknown_translate_backend_in_the_config_is_an_error(tmp_path, monkeypatch):
    # Before the registry, any unknown name silently loaded Marian from the model folder.
    (tmp_path / "model").mkdir()
    monkeypatch.setenv("BRIEFING_TRANSLATE_BACKEND", "marain")
    res = CliRunner().invoke(main, ["translate", "--translator-model", str(tmp_path / "model"), "国务院印发意见。"])
    assert res.exit_code == 2
    # the known names are listed (tests may have registered fakes besides the built-ins)
    assert re.search(r"unknown translator backend 'marain' \(known: ct2, (.+, )?marian, openai", res.stderr)


def test_cli_choices_and_backends_come_from_the_registry(echo_plugin):
    res = CliRunner().invoke(main, ["backends", "--format", "json"])
    assert res.exit_code == 0
    rows = {(r["kind"], r["name"]): r for r in json.loads(res.stdout)}
    assert rows[("translator", "echo-plugin")]["origin"] == f"plugin {ECHO.value}"
    assert rows[("translator", "marian")]["origin"] == "built-in"
    assert {"extractive", "seq2seq", "llm"} <= {name for kind, name in rows if kind == "summarizer"}
    res = CliRunner().invoke(main, ["translate", "--translator-backend", "echo-plugin", "今天下雨了。"])
    assert res.exit_code == 0
    assert res.stdout == "E6.\n"


def test_build_translates_every_sentence_in_one_batched_pass(echo_plugin, tmp_path, monkeypatch):
    monkeypatch.setenv("BRIEFING_TRANSLATE_BACKEND", "echo-plugin")
    res = CliRunner().invoke(main, ["build", str(SEED), "--out", str(tmp_path), "--date", DATE, "--translate"])
    assert res.exit_code == 0, res.output
    sentences = [s for call in EchoTranslator.calls for s in call]
    assert len(sentences) == len(set(sentences))  # each distinct sentence once
    # batches are filled across stories: as few calls as the batch size allows
    assert len(EchoTranslator.calls) == math.ceil(len(sentences) / EchoTranslator.batch_size)
    items = json.loads((tmp_path / f"{DATE}.json").read_text("utf-8"))["items"]
    assert len(items) == 6 and all(i["_briefing"]["title_en"].startswith("E") for i in items)
    assert all(i["_briefing"]["translation_model"] == "echo-plugin:opus-mt-zh-en" for i in items)


def test_public_api_matches_the_commands(tmp_path):
    import briefing.summarizers
    import briefing.translators
    from briefing import Options, build_briefing, split, summarize

    page = SEED.read_text("utf-8")
    articles = split(page).articles
    cli = json.loads(CliRunner().invoke(main, ["split", "--format", "json", str(SEED)]).stdout)["articles"]
    assert [a.id for a in articles] == [a["id"] for a in cli]
    cli_sum = json.loads(CliRunner().invoke(main, ["summarize", "--format", "json", str(SEED)]).stdout)["articles"]
    assert [summarize(a, Options()).text for a in articles] == [r["summary"] for r in cli_sum]
    res = CliRunner().invoke(main, ["build", str(SEED), "--out", str(tmp_path), "--date", DATE, "--formats", "json"])
    assert res.exit_code == 0
    built = json.loads((tmp_path / f"{DATE}.json").read_text("utf-8"))["items"]
    briefing = build_briefing([str(SEED)], date=DATE)
    assert [s.article.id for s in briefing.stories] == [i["id"] for i in built]


def test_public_translate_loads_its_model_once(echo_plugin):
    from briefing import Options, api, translate

    opts = Options()
    opts.translate.backend = "echo-plugin"
    assert translate("今天下雨了。", opts).text == "E6."
    assert translate("明天晴。", opts).text == "E4."
    assert [k for k in api._MODELS if k[0] == "translator" and "echo-plugin" in k[1]] != []
    assert len([k for k in api._MODELS if "echo-plugin" in k[1]]) == 1
