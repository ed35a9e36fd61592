"""Every setting is declared once: the command line's options, the library's Options and the
config file all take their names, help, ranges and checks from briefing.config, and the library
runs without the command line's framework."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from briefing import api
from briefing import cli_options as flags
from briefing.cli import main
from briefing.config import Options, check_value, load_options, setting_named, settings, validate
from briefing.errors import ConfigError
from tests.conftest import ROOT, SEED
from tests.openai_server import Scripted

# options that share a setting's flag but are no setting: `models convert --out` is the converted model's folder
NOT_SETTINGS = {("models convert", "--out")}


def commands(group: click.Group = main, path: str = "") -> Iterator[tuple[str, click.Command]]:
    for name, cmd in group.commands.items():
        full = f"{path} {name}".strip()
        if isinstance(cmd, click.Group):
            yield from commands(cmd, full)
        else:
            yield full, cmd


def setting_params() -> Iterator[tuple[str, click.Option]]:
    keys = {e.key for e in settings()}
    for path, cmd in commands():
        for param in cmd.params:
            if isinstance(param, click.Option) and (param.name or "").replace("__", ".") in keys:
                yield path, param


def test_every_option_with_a_settings_flag_is_that_setting_with_its_declared_help():
    flags = {e.flag for e in settings() if e.spec.flag}
    seen = set()
    for path, cmd in commands():
        for param in cmd.params:
            if not isinstance(param, click.Option) or param.opts[0] not in flags:
                continue
            if (path, param.opts[0]) in NOT_SETTINGS:
                continue
            entry = setting_named((param.name or "").replace("__", "."))
            assert param.opts[0] == entry.flag, (path, param.opts)
            assert (param.help or "").startswith(entry.spec.help), (path, param.opts)
            assert param.default is None, (path, param.opts)  # a flag never overrides the config unless given
            seen.add(entry.flag)
    assert seen == flags  # every declared flag is on some command


def _limits() -> Iterator[tuple[str, click.Option, str, bool]]:
    """Each numeric setting option's range from both sides: (command, option, text, accepted)."""
    for path, param in setting_params():
        entry = setting_named((param.name or "").replace("__", "."))
        if entry.type not in (int, float):
            continue
        step = 1 if entry.type is int else 1e-6
        low, high = entry.spec.min, entry.spec.max
        if low is not None:
            yield path, param, repr(low + step if entry.spec.exclusive_min else low), True
            yield path, param, repr(low if entry.spec.exclusive_min else low - step), False
        if high is not None:
            yield path, param, repr(high), True
            yield path, param, repr(entry.type(high + step)), False


LIMITS = list(_limits())


@pytest.mark.parametrize(
    ("path", "param", "text", "accepted"), LIMITS, ids=[f"{c[0]} {c[1].opts[0]} {c[2]}" for c in LIMITS]
)
def test_a_settings_flag_accepts_exactly_what_the_setting_accepts(path, param, text, accepted):
    entry = setting_named(param.name.replace("__", "."))
    value = entry.type(float(text)) if entry.type is int else float(text)
    try:
        check_value(entry, value, "file")
        in_file = True
    except ConfigError:
        in_file = False
    assert in_file is accepted
    try:  # what a command does with the flag's text: its option's type, then the options it loads
        flags.options(None, {param.name: param.type.convert(text, param, None)})
        on_line = True
    except ConfigError as exc:
        assert str(exc).startswith(f"{entry.flag}: {entry.key}: must be ")
        on_line = False
    assert on_line is accepted


def run(*args: str):
    return CliRunner().invoke(main, list(args))


def test_sentences_zero_is_the_settings_meaning_and_the_range_is_the_settings():
    """``--sentences 0`` means "use max_chars", as the setting says: the same summaries as no flag."""
    default = run("summarize", "--format", "json", str(SEED))
    zero = run("summarize", "--format", "json", "--sentences", "0", str(SEED))
    assert default.exit_code == zero.exit_code == 0
    assert zero.stdout == default.stdout
    assert run("summarize", "--format", "json", "--sentences", "50", str(SEED)).exit_code == 0
    over = run("summarize", "--sentences", "51", str(SEED))
    assert over.exit_code == 2
    assert over.stderr.splitlines() == [
        "briefing: error: --sentences: summarize.sentences: must be at most 50, not 51"
    ]
    assert run("summarize", "--sentences", "-1", str(SEED)).exit_code == 2


# --- the library's Options are checked like the config file ------------------------------------------------------


def _wrong_values() -> Iterator[tuple[str, object]]:
    """For each setting with a range or choices, a value just outside it."""
    for e in settings():
        if e.type in (int, float) and e.spec.max is not None:
            yield e.key, e.type(e.spec.max + 1)
        elif e.type is str and e.spec.choices:
            yield e.key, "no-such-choice"
        elif e.spec.choices:
            yield e.key, [*e.spec.choices[:1], "no-such-choice"]


WRONG = list(_wrong_values())


def _set(opts: Options, key: str, value: object) -> None:
    *tables, name = key.split(".")
    target: object = opts
    for t in tables:
        target = getattr(target, t)
    setattr(target, name, value)


def _toml(key: str, value: object) -> str:
    *tables, name = key.split(".")
    return (f"[{'.'.join(tables)}]\n" if tables else "") + f"{name} = {json.dumps(value)}\n"


@pytest.mark.parametrize(("key", "value"), WRONG, ids=[k for k, _ in WRONG])
def test_options_built_in_code_fail_as_the_config_file_does(tmp_path, key, value):
    cfg = tmp_path / "c.toml"
    cfg.write_text(_toml(key, value), "utf-8")
    with pytest.raises(ConfigError) as in_file:
        load_options(str(cfg))
    opts = Options()
    _set(opts, key, value)
    with pytest.raises(ConfigError) as in_code:
        validate(opts)
    assert str(in_code.value) == str(in_file.value).replace(str(cfg), "Options")
    assert key in str(in_code.value)


def test_the_library_api_checks_its_options_before_any_work():
    opts = Options()
    opts.editorial.sections = ["politics", "sport"]
    with pytest.raises(ConfigError, match=r"^Options: editorial\.sections\[1\]: must be one of .*'sport'"):
        api.build_briefing(["/nonexistent"], opts, date="2024-05-20")
    opts = Options()
    opts.summarize.sentences = 51
    with pytest.raises(ConfigError, match=r"^Options: summarize\.sentences: must be at most 50, not 51$"):
        api.summarize("国务院今天发布通知。通知要求各地加强管理。", opts)
    opts.summarize.sentences = 50
    assert api.summarize("国务院今天发布通知。通知要求各地加强管理。", opts).text


def test_the_declared_sections_are_the_topics_arrange_knows():
    from briefing.arrange import TOPICS
    from briefing.config import SECTION_KEYS

    assert list(SECTION_KEYS) == [*TOPICS, "other"]


def test_a_valid_options_object_passes_and_tables_may_be_dataclasses():
    from briefing.config import InputSource, SourceOptions

    opts = Options()
    opts.inputs = ["/srv/a", InputSource(path="/srv/b", name="B")]
    opts.sources = [SourceOptions(url="https://example.org/feed.xml")]
    opts.max_input_mb = 3  # a whole number where decimals are, as in a file
    validate(opts)
    opts.sources = [SourceOptions(url="ftp://example.org/feed.xml")]
    with pytest.raises(ConfigError, match=r"^Options: sources\[0\]\.url: must be an http\(s\) URL"):
        validate(opts)
    opts = Options()
    opts.summarize = None  # type: ignore[assignment]
    with pytest.raises(ConfigError, match=r"^Options: summarize: must be SummarizeOptions"):
        validate(opts)


# --- click stays in the command line ---------------------------------------------------------------------------

_NO_CLICK = """
import importlib, pkgutil, sys

class NoClick:
    def find_spec(self, name, path=None, target=None):
        if name == "click" or name.startswith("click."):
            raise ImportError("click belongs to the command line")
        return None

sys.meta_path.insert(0, NoClick())
import briefing
from briefing import Options, build_briefing, split, summarize, translate
for info in pkgutil.walk_packages(briefing.__path__, "briefing."):
    if not info.name.startswith(("briefing.cli", "briefing.__main__")):  # the command line: cli.py, cli_*.py
        importlib.import_module(info.name)
print("ok")
"""


def test_the_library_imports_without_click():
    """Every module but the command line's imports with click unimportable (httpx's optional
    import of it is allowed to fail; a module of ours that needs it is not)."""
    res = subprocess.run([sys.executable, "-c", _NO_CLICK], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert res.returncode == 0, res.stderr
    assert res.stdout == "ok\n"
    api_only = "import sys; from briefing import Options, build_briefing; print('click' in sys.modules)"
    res = subprocess.run([sys.executable, "-c", api_only], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert res.stdout == "False\n", res.stderr


def test_errors_are_plain_exceptions_with_an_exit_code_and_one_line():
    from briefing.errors import BriefingError, NothingBuilt

    assert not isinstance(NothingBuilt("x"), click.ClickException)
    assert NothingBuilt("x").exit_code == 3 and ConfigError("x").exit_code == 2
    assert str(BriefingError("server said:\n  busy\n\n  try later")) == "server said: busy try later"


# --- eval translate honours --config and --endpoint like the other commands ------------------------------------


def test_eval_translate_through_an_endpoint_given_by_flag_or_config(tmp_path):
    src, ref = tmp_path / "src.txt", tmp_path / "ref.txt"
    src.write_text("国务院发布公告。\n教育部召开会议。\n", "utf-8")
    ref.write_text("The State Council issued a notice.\nThe Ministry of Education held a meeting.\n", "utf-8")
    table = dict(zip(src.read_text("utf-8").splitlines(), ref.read_text("utf-8").splitlines(), strict=True))
    with Scripted(table=table) as server:
        by_flag = run(
            "eval", "translate", str(src), str(ref), "--translator-backend", "openai", "--endpoint", server.url,
            "--translator-model", "m",
        )  # fmt: skip
        cfg = tmp_path / "c.toml"
        cfg.write_text(f'[translate]\nbackend = "openai"\nendpoint = "{server.url}"\nmodel = "m"\n', "utf-8")
        by_config = run("eval", "translate", str(src), str(ref), "--config", str(cfg))
    assert by_flag.exit_code == by_config.exit_code == 0, (by_flag.output, by_config.output)
    scores = [[ln for ln in r.stdout.splitlines() if not ln.startswith("speed")] for r in (by_flag, by_config)]
    assert scores[0] == scores[1]
    assert any(ln.startswith("BLEU             100.00") for ln in scores[0])
    assert len(server.chats) == 4


def test_config_option_of_eval_translate_is_checked(tmp_path):
    res = run("eval", "translate", str(Path(__file__)), str(Path(__file__)), "--config", str(tmp_path / "none.toml"))
    assert res.exit_code == 2 and "config file not found" in res.stderr
