"""Plugins beside each other (issue #19): a plugin that is not allowed or cannot be imported is passed over and
the ones after it still load; ``briefing backends`` names what a backend needs that is not installed."""

from __future__ import annotations

import json
import logging
from importlib.metadata import EntryPoint

from click.testing import CliRunner

from briefing import registry as registry_module
from briefing.cli import main
from briefing.registry import PLUGINS_ENV, Registry
from tests.test_pipeline import ECHO, EchoTranslator

BROKEN = EntryPoint("broken-plugin", "no_such_package_xyz:Translator", "briefing.translators")
OTHER = EntryPoint("other-plugin", "no_such_package_xyz:Other", "briefing.translators")


class NeedyTranslator(EchoTranslator):
    """A plugin that needs a module this machine does not have."""

    name = "needy-plugin"
    requires = ("no_such_module_xyz", "json")


NEEDY = EntryPoint("needy-plugin", f"{__name__}:NeedyTranslator", "briefing.translators")


def test_a_plugin_passed_over_does_not_stop_the_ones_after_it(monkeypatch, caplog):
    """Entry points in the order: not allowed, broken, allowed: the allowed one loads; the broken one is one
    warning naming it; the one not allowed is never imported (no warning about it)."""
    monkeypatch.setattr(registry_module, "entry_points", lambda group: [OTHER, BROKEN, ECHO])
    monkeypatch.setenv(PLUGINS_ENV, "broken-plugin, echo-plugin")
    reg = Registry("translator", {}, "briefing.translators")
    with caplog.at_level(logging.WARNING, logger="briefing"):
        assert reg.names() == ["echo-plugin"]
    warnings = [r.getMessage() for r in caplog.records]
    assert len(warnings) == 1 and "translator plugin 'broken-plugin' (no_such_package_xyz:Translator)" in warnings[0]
    assert reg.entries()[0].origin == f"plugin {ECHO.value}"


def test_backends_names_what_a_backend_needs_that_is_not_installed(monkeypatch):
    from briefing.translators.base import translators

    monkeypatch.setattr(registry_module, "entry_points", lambda group: [NEEDY] if group == NEEDY.group else [])
    monkeypatch.setenv(PLUGINS_ENV, "needy-plugin")
    monkeypatch.setattr(translators, "_origins", {})
    monkeypatch.setattr(translators, "_plugins_loaded", False)
    try:
        res = CliRunner().invoke(main, ["backends", "--format", "json"])
        assert res.exit_code == 0, res.output
        rows = {(r["kind"], r["name"]): r for r in json.loads(res.stdout)}
        needy = rows[("translator", "needy-plugin")]
        assert needy["missing"] == ["no_such_module_xyz"] and needy["module"] == __name__
        assert rows[("summarizer", "extractive")]["missing"] == []
        text = CliRunner().invoke(main, ["backends"]).stdout
        line = next(line for line in text.splitlines() if "needy-plugin" in line)
        assert line.split()[0] == "translator" and "needs no_such_module_xyz" in line
    finally:
        translators._classes.pop("needy-plugin", None)
