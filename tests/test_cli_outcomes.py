"""How a command ends, in the process that runs it (issue #19): Ctrl-C and SIGTERM are one line and their own
exit code; errors keep their one line when they travel (pickled to a worker and back); settings declared
with a list default give every options object its own list."""

from __future__ import annotations

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
