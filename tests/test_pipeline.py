"""The pipeline module, the backend registries and their plugins, the one-pass translation."""

from __future__ import annotations

import json
import math
import re
from importlib.metadata import EntryPoint

import pytest
from click.testing import CliRunner

from briefing import registry as registry_module
from briefing.backends import BackendContext
from briefing.cli import main
from briefing.config import TranslateOptions
from briefing.errors import ConfigError
from briefing.prompts import messages
from briefing.registry import PLUGINS_ENV, Registry
from briefing.summarizers.base import Summarizer
from briefing.translators.base import TranslationBackend
from tests.conftest import SEED

DATE = "2025-07-09"


class EchoTranslator(TranslationBackend):
    """A plugin translator: known English for every sentence, and a log of its calls and builds."""

    name = "echo-plugin"
    batch_size = 8
    calls: list[list[str]] = []  # noqa: RUF012 - shared on purpose: the CLI builds its own instance
    built: list[BackendContext[TranslateOptions]] = []  # noqa: RUF012 - the context of every instance

    def __init__(self, context: BackendContext[TranslateOptions]) -> None:
        super().__init__(context)
        EchoTranslator.built.append(context)

    def translate_batch(self, sentences, decode):
        EchoTranslator.calls.append(list(sentences))
        return [f"E{len(s)}." for s in sentences]


class HouseStyleTranslator(TranslationBackend):
    """A plugin that talks to a server: its "English" is its own prompt template, rendered from
    the user's templates folder, and the endpoint and timeout it was given."""

    name = "house-style"
    prompts = ("house-style",)  # prompts/house-style.j2: its text is part of the fingerprint

    def __init__(self, context: BackendContext[TranslateOptions]) -> None:
        super().__init__(context)
        self.server = context.endpoint(self.name)  # a ConfigError without one, as for the built-ins

    def translate_batch(self, sentences, decode):
        style = messages("house-style", "", self.context.templates)[0]["content"]
        return [f"{style} ({self.server.url}, {self.server.timeout:g} s)" for _ in sentences]


ECHO = EntryPoint("echo-plugin", f"{__name__}:EchoTranslator", "briefing.translators")
HOUSE = EntryPoint("house-style", f"{__name__}:HouseStyleTranslator", "briefing.translators")


def announce(monkeypatch, *plugins: EntryPoint) -> None:
    """``plugins`` announced as installed (entry points of a distribution) and allowed to load."""
    from briefing.translators.base import translators

    monkeypatch.setattr(registry_module, "entry_points", lambda group: [p for p in plugins if p.group == group])
    monkeypatch.setenv(PLUGINS_ENV, ",".join(p.name for p in plugins))
    monkeypatch.setattr(translators, "_origins", {})
    monkeypatch.setattr(translators, "_plugins_loaded", False)


@pytest.fixture
def echo_plugin(monkeypatch):
    """The echo translator announced as an installed plugin and allowed to load."""
    from briefing.translators.base import translators

    announce(monkeypatch, ECHO)
    EchoTranslator.calls = []
    EchoTranslator.built = []
    yield
    translators._classes.pop("echo-plugin", None)  # built-ins imported meanwhile stay registered


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
    known = re.search(r"unknown translator backend 'marain' \(known: (.*)\)", res.stderr)
    assert known and {"ct2", "marian", "openai"} <= set(known.group(1).split(", ")), res.stderr


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


def test_public_translate_builds_a_backend_once_per_context(echo_plugin, tmp_path, monkeypatch):
    """The library reuses a loaded backend only while nothing that built it changed:
    each ingredient of the context, changed in turn, builds a new one."""
    from briefing import Options, api, translate

    monkeypatch.setattr(api, "_MODELS", {})
    opts = Options()
    opts.translate.backend = "echo-plugin"
    templates = tmp_path / "templates"
    (templates / "prompts").mkdir(parents=True)
    glossary = tmp_path / "terms.csv"
    glossary.write_text("国务院,State Council\n", "utf-8")

    def prompt_file(o: Options) -> None:
        (templates / "prompts" / "translate.j2").write_text("Translate into plain English.\n", "utf-8")
        o.templates = str(templates)

    changes = {
        "model": lambda o: setattr(o.translate, "model", "other-model"),
        "beam size": lambda o: setattr(o.translate, "beam_size", 2),
        "endpoint": lambda o: setattr(o.translate, "endpoint", "http://127.0.0.1:9/v1"),
        "key variable": lambda o: setattr(o.translate, "api_key_env", "SOME_KEY"),
        "server settings": lambda o: setattr(o.openai, "timeout", 5.0),
        "a prompt in the templates folder": prompt_file,
        "the prompt edited in place": lambda o: (templates / "prompts" / "translate.j2").write_text("Be brief.\n"),
        "glossary file": lambda o: setattr(o.translate, "glossary", str(glossary)),
        "the glossary edited in place": lambda o: glossary.write_text("国务院,The Cabinet\n", "utf-8"),
    }
    assert translate("今天下雨了。", opts).text == "E6."
    assert translate("明天晴。", opts).text == "E4."
    assert len(EchoTranslator.built) == 1  # loaded once for both calls
    for n, (what, change) in enumerate(changes.items(), start=2):
        change(opts)
        assert translate("今天下雨了。", opts).text == "E6."
        assert translate("明天晴。", opts).text == "E4."
        assert len(EchoTranslator.built) == n, what  # one new backend for the change, reused after it
    last = EchoTranslator.built[-1]
    assert (last.options.beam_size, last.server.timeout, last.glossary.terms["国务院"]) == (2, 5.0, "The Cabinet")
    (templates / "other.html.j2").write_text("not a prompt", "utf-8")  # what no backend reads changes nothing
    translate("今天下雨了。", opts)
    assert len(EchoTranslator.built) == len(changes) + 1


def test_public_summarize_builds_a_backend_once_per_context(tmp_path, monkeypatch, counted_summarizer):
    from briefing import Options, api, summarize

    built = counted_summarizer
    monkeypatch.setattr(api, "_MODELS", {})
    opts = Options()
    opts.summarize.backend = "counted"
    text = "国务院办公厅印发意见。全市已建成社区服务站120个。"
    first = summarize(text, opts).text
    assert summarize(text, opts).text == first and len(built) == 1
    (tmp_path / "prompts").mkdir()
    (tmp_path / "prompts" / "summarize.j2").write_text("请写摘要。\n", "utf-8")
    opts.templates = str(tmp_path)
    summarize(text, opts)
    opts.summarize.endpoint = "http://127.0.0.1:9/v1"
    summarize(text, opts)
    assert len(built) == 3 and built[-1].templates == str(tmp_path)


def test_a_plugin_gets_the_endpoint_server_settings_and_its_prompt(tmp_path, monkeypatch):
    """A plugin is built like the built-ins: from the context, with the endpoint, the [openai]
    settings and the templates folder; its declared prompt's text keys its cached output."""
    from briefing.translators.base import translators

    announce(monkeypatch, HOUSE)
    monkeypatch.setattr(translators, "_classes", dict(translators._classes))  # the plugin leaves with the test
    prompts = tmp_path / "templates" / "prompts"
    prompts.mkdir(parents=True)
    (prompts / "house-style.j2").write_text("Plain words.\n", "utf-8")
    config = tmp_path / "config.toml"
    config.write_text(
        f"templates = {json.dumps(str(tmp_path / 'templates'))}\n"
        '[translate]\nbackend = "house-style"\nendpoint = "http://127.0.0.1:9/v1"\n[openai]\ntimeout = 7.0\n',
        "utf-8",
    )
    res = CliRunner().invoke(main, ["translate", "--config", str(config), "今天下雨了。"])
    assert res.exit_code == 0, res.output
    assert res.stdout == "Plain words. (http://127.0.0.1:9/v1, 7 s)\n"
    (prompts / "house-style.j2").write_text("Other words.\n", "utf-8")  # not served from the cache
    res = CliRunner().invoke(main, ["translate", "--config", str(config), "今天下雨了。"])
    assert res.stdout == "Other words. (http://127.0.0.1:9/v1, 7 s)\n"
    config.write_text('[translate]\nbackend = "house-style"\n', "utf-8")
    res = CliRunner().invoke(main, ["translate", "--config", str(config), "今天下雨了。"])
    assert res.exit_code == 2
    assert "the house-style translator needs an endpoint: --endpoint URL or [translate] endpoint" in res.stderr


class KeywordsSummarizer(Summarizer):
    """A plugin written for the contract before the context: ``cls(model=..., device=...)``."""

    name = "keywords-plugin"

    def __init__(self, model: str = "", device: str = "auto", **_) -> None:
        self.model = model

    def summarize(self, articles, budget):
        return []


class PositionalSummarizer(KeywordsSummarizer):
    name = "positional-plugin"

    def __init__(self, *, model: str) -> None:
        self.model = model


@pytest.mark.parametrize("plugin", [KeywordsSummarizer, PositionalSummarizer])
def test_a_plugin_for_another_contract_is_one_line_naming_it(plugin, monkeypatch):
    from briefing.summarizers.base import summarizers

    monkeypatch.setitem(summarizers._classes, plugin.name, plugin)
    res = CliRunner().invoke(main, ["summarize", "--backend", plugin.name, str(SEED)])
    assert res.exit_code == 2
    assert f"summarizer backend {plugin.name!r} ({__name__}) cannot be built as cls(context): " in res.stderr
    assert len(res.stderr.strip().splitlines()) == 1 and "Traceback" not in res.output


def test_a_translation_pass_writes_the_cache_once(tmp_path, monkeypatch):
    from briefing.cache import Cache
    from briefing.translators.glossary import Glossary
    from briefing.translators.service import EnglishTranslator

    class Plain(EchoTranslator):
        name = "plain"

    with Cache(tmp_path / "c.sqlite3") as cache:
        writes = []
        real = cache.put_many
        monkeypatch.setattr(cache, "put_many", lambda *a, **k: (writes.append(a), real(*a, **k)))
        m = BackendContext(TranslateOptions(model="m"))
        tr = EnglishTranslator(Plain(m), Glossary(), cache=cache)
        first = tr.translate_all(["今天下雨了。明天晴。", "后天多云。"])
        assert len(writes) == 1 and len(writes[0][1]) == 3  # one transaction for the whole pass
    with Cache(tmp_path / "c.sqlite3") as cache:  # and it was committed
        again = EnglishTranslator(Plain(m), Glossary(), cache=cache).translate_all(
            ["今天下雨了。明天晴。", "后天多云。"]
        )
    assert [t.text for t in again] == [t.text for t in first] == ["E6. E4.", "E5."]
    assert [t.cached for t in again] == [2, 1]
