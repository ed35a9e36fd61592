"""How a command ends, in the process that runs it (issue #19): Ctrl-C and SIGTERM are one line and their own
exit code; errors keep their one line when they travel (pickled to a worker and back); settings declared
with a list default give every options object its own list."""

from __future__ import annotations

import json
import pickle
from dataclasses import dataclass

import pytest

from briefing.errors import ConfigError, InputError, NothingBuilt
from tests.conftest import SEED
from tests.faults import DATE, cli


@pytest.mark.parametrize(("raised", "code", "line"), [("interrupt", 130, "interrupted"), ("term", 143, "terminated")])
def test_a_signal_during_a_build_is_one_line_and_its_exit_code(tmp_path, monkeypatch, raised, code, line):
    """Ctrl-C (KeyboardInterrupt) while the inputs are read ends the build with 130 and "briefing:
    interrupted"; SIGTERM (its own KeyboardInterrupt) with 143 and "briefing: terminated"; nothing published."""
    from briefing.cli_run import Terminated

    def stop(*args, **kwargs):
        raise Terminated if raised == "term" else KeyboardInterrupt

    monkeypatch.setattr("briefing.reader.read_inputs", stop)
    res = cli("build", str(SEED), "--out", str(tmp_path / "out"), "--date", DATE)
    assert res.exit_code == code, (res.exit_code, res.output, res.exception)
    assert res.stderr.splitlines() == [f"briefing: {line}"]
    assert not any(p.name.startswith(DATE) for p in (tmp_path / "out").glob("*"))


@pytest.mark.parametrize("error", [ConfigError, InputError, NothingBuilt])
def test_an_error_sent_to_another_process_and_back_keeps_its_line_and_code(error):
    """A worker's error crosses a process boundary pickled: it arrives as the same class, with the same one
    line and exit code."""
    sent = error("the server said:\n  busy\n")
    back = pickle.loads(pickle.dumps(sent))
    assert type(back) is error and str(back) == "the server said: busy" and back.exit_code == sent.exit_code
    assert back.args == ("the server said: busy",)


def test_every_options_object_has_its_own_list_defaults():
    """A setting declared with a list or table default: each object built gets an equal, separate copy, so
    changing one object's list (as a library user does) changes no other's and not the declaration."""
    from briefing.config import setting

    @dataclass
    class Declared:
        names: list[str] = setting(["a", "b"], "Names.")
        table: dict[str, list[int]] = setting({"k": [1]}, "A table.")

    one, two = Declared(), Declared()
    assert one.names == ["a", "b"] and one.table == {"k": [1]}
    one.names.append("c")
    one.table["k"].append(2)
    assert two.names == ["a", "b"] and two.table == {"k": [1]} and Declared().table == {"k": [1]}


def test_the_option_helpers_make_options_that_say_and_take_what_the_setting_does():
    """A command made at run time from the helpers of cli_options (as a plugin's command would be): --config
    is a plain text option; a list setting with choices shows them and takes a comma-separated list; a
    setting with choices shows them alone; a backend setting offers the registry's names and refuses others."""
    import click
    from click.testing import CliRunner

    from briefing import cli_options as flags
    from briefing.summarizers.base import summarizers

    seen = {}

    @click.command()
    @flags.config_option("Where the settings are.")
    @flags.setting_option("formats")
    @flags.setting_option("backfill.engine")
    @flags.setting_option("summarize.backend")
    @flags.setting_option("max_input_mb")
    @flags.setting_option("build.archive_run")
    @click.option("--either", type=flags.BackendChoice(summarizers, extra=("none",)))
    def cmd(**given):
        seen.update(given)

    help_text = CliRunner().invoke(cmd, ["--help"]).output
    options = {line.split()[0]: line.split()[1] for line in help_text.splitlines() if line.strip().startswith("--")}
    backends = "[" + "|".join(sorted(summarizers.names())) + "]"
    assert options == {
        "--config": "TEXT",
        "--formats": "[md|html|json],...",
        "--engine": "[local|ray]",
        "--backend": backends,
        "--max-mb": "NUMBER",
        "--archive-run": "INTEGER",
        "--either": "[none|" + backends[1:],
        "--help": "Show",
    }, help_text
    assert "Where the settings are." in help_text
    res = CliRunner().invoke(cmd, ["--config", "c.toml", "--formats", "md, html", "--backend", "extractive"])
    assert res.exit_code == 0, res.output
    assert (
        seen["config"] == "c.toml" and seen["formats"] == ["md", "html"] and seen["summarize__backend"] == "extractive"
    )
    for flag in ("--backend", "--either"):
        refused = CliRunner().invoke(cmd, [flag, "nope"])
        assert refused.exit_code == 2 and "'nope' is not one of" in refused.output
    assert CliRunner().invoke(cmd, ["--either", "none"]).exit_code == 0 and seen["either"] == "none"


@pytest.mark.parametrize(
    ("given", "line"),
    [("the server said: busy\n", "the server said: busy"), ("a\r\n\r\n  b  \n", "a b"), ("  one  ", "one"), ("", "")],
)
def test_an_error_is_one_line_whatever_its_message_ends_with(given, line, tmp_path, monkeypatch):
    """A message quoting a reply that ends in a newline (or is several lines, or padded) is one line: the
    CLI prints exactly ``briefing: error: LINE`` and nothing after it."""
    from briefing.errors import InputError

    def fail(*args, **kwargs):
        raise ConfigError(given)

    assert str(ConfigError(given)) == ConfigError(given).message == line and str(InputError(given)) == line
    monkeypatch.setattr("briefing.reader.read_inputs", fail)
    res = cli("build", str(SEED), "--out", str(tmp_path / "out"), "--date", DATE)
    assert res.exit_code == 2 and res.stderr == f"briefing: error: {line}\n"


def test_each_run_speaks_at_its_own_verbosity_whatever_ran_before(tmp_path):
    """One process, runs in turn (as a library user or a test runs them): -q prints no info line, a plain run
    prints its info lines ("N stories -> ...") but no debug ones, -v prints debug lines too; whichever ran
    before."""

    def run(*flags: str) -> str:
        res = cli(*flags, "build", str(SEED), "--out", str(tmp_path / "out"), "--date", DATE)
        assert res.exit_code == 0, res.stderr
        return res.stderr

    for order in (("-q", "", "-v", "", "-q"), ("-v", "-q", "", "-v")):
        for flag in order:
            err = run(*([flag] if flag else []))
            info = " stories -> " in err
            debug = "config file: " in err
            assert (info, debug) == {"-q": (False, False), "": (True, False), "-v": (True, True)}[flag], (
                order,
                flag,
                err,
            )


@pytest.mark.parametrize("key", ["contact", "user_agent"])
def test_a_header_setting_takes_printable_ascii_and_refuses_the_rest(tmp_path, key):
    """fetch.contact and fetch.user_agent are sent in an HTTP header: printable ASCII (or nothing) builds;
    anything else is one line naming the setting, exit 2, before any work."""
    cfg = tmp_path / "c.toml"
    for value, ok in (
        ("https://example.org/bot (desk@example.org)", True),
        ("", True),
        ("联系我们", False),
        ("a\tb", False),
    ):
        cfg.write_text(f"[fetch]\n{key} = {json.dumps(value)}\n", "utf-8")
        res = cli("-q", "build", str(SEED), "--out", str(tmp_path / "out"), "--date", DATE, "--config", str(cfg))
        if ok:
            assert res.exit_code == 0, (value, res.stderr)
        else:
            assert res.exit_code == 2 and res.stderr.count("\n") == 1, (value, res.stderr)
            assert f"fetch.{key}: must be printable ASCII" in res.stderr, res.stderr


def test_a_module_that_is_not_installed_is_one_line_and_our_own_import_bug_is_not_hidden(tmp_path, monkeypatch):
    """A third-party module missing while a command runs: one line naming the command that installs it, exit
    2, no traceback; a module of briefing's own that fails to import is a bug and stays an exception."""
    missing = {"name": "somelib_xyz"}

    def fail(*args, **kwargs):
        raise ModuleNotFoundError(f"No module named {missing['name']!r}", name=missing["name"])

    monkeypatch.setattr("briefing.reader.read_inputs", fail)
    res = cli("build", str(SEED), "--out", str(tmp_path / "out"), "--date", DATE)
    assert res.exit_code == 2, (res.output, res.exception)
    assert res.stderr == "briefing: error: somelib_xyz is not installed: pip install somelib_xyz\n"
    missing["name"] = "briefing.nowhere"
    res = cli("build", str(SEED), "--out", str(tmp_path / "out"), "--date", DATE)
    assert isinstance(res.exception, ModuleNotFoundError) and "is not installed" not in res.stderr
