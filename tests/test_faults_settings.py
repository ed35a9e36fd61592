"""Wrong settings: one line naming the setting and its source, exit 2, before any work."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pytest

from briefing import config, settings_doc
from briefing.config import Options, load_options, setting
from briefing.errors import ConfigError
from tests.conftest import ROOT, SEED
from tests.faults import DATE, cli, forbid_work, one_line_error


@pytest.fixture
def no_work(monkeypatch: pytest.MonkeyPatch) -> None:
    forbid_work(monkeypatch)


def write_config(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(text, "utf-8")
    return path


FILE_CASES = [
    ('inputs = "/srv/news"', "inputs: must be a list of strings or tables ([[inputs]]), not a string"),
    ('[summarize]\nmax_chars = "150"', "summarize.max_chars: must be a whole number, not a string"),
    ('formats = "md"', "formats: must be a list of strings, not a string"),
    ('formats = ["md", "pdf"]', "formats[1]: must be one of md, html, json"),
    ("formats = []", "formats: needs at least 1"),
    ('timezone = ""', "timezone: must be an IANA time zone name"),
    ('timezone = "/etc/localtime"', "timezone: must be an IANA time zone name"),
    ('timezone = "../../etc/passwd"', "timezone: must be an IANA time zone name"),
    ('timezone = "Mars/Olympus"', "timezone: is not a known time zone"),
    ('timezone = "Asia"', "timezone: is not a known time zone"),
    ("max_input_mb = inf", "max_input_mb: must be a finite number"),
    ("max_input_mb = nan", "max_input_mb: must be a finite number"),
    ("max_input_mb = 0", "max_input_mb: must be above 0"),
    ("max_input_mb = 1e300", "max_input_mb: must be at most"),
    ('[translate]\nenabled = "yes"', "translate.enabled: must be true or false, not a string"),
    ("[translate]\nenabled = 1", "translate.enabled: must be true or false, not a number"),
    ("[translate]\nbackend = 3", "translate.backend: must be a string, not a number"),
    ("[build]\ndedupe_threshold = 1.5", "build.dedupe_threshold: must be at most 1"),
    ("[summarize]\nmax_chars = 15.5", "summarize.max_chars: must be a whole number, not a number"),
    ('title = ""', "title: must not be empty"),
    ("summarize = 3", "summarize: must be a table"),
    ("[summarize]\nmaxchars = 3", "summarize.maxchars: unknown setting"),
    ('[summarize]\ndevice = "gpu"', "summarize.device: must be auto, cpu"),
]


@pytest.mark.parametrize(("toml", "message"), FILE_CASES, ids=[c[0] for c in FILE_CASES])
def test_wrong_value_in_the_config_file(tmp_path, no_work, toml, message):
    cfg = write_config(tmp_path, toml + "\n")
    res = cli("build", str(SEED), "--out", str(tmp_path / "out"), "--config", str(cfg))
    one_line_error(res, 2, str(cfg), message)
    assert not (tmp_path / "out").exists()


ENV_CASES = [
    ("BRIEFING_TIMEZONE", "../../etc/passwd", "timezone: must be an IANA time zone name"),
    ("BRIEFING_MAX_INPUT_MB", "lots", "max_input_mb: must be a number, not 'lots'"),
    ("BRIEFING_MAX_INPUT_MB", "nan", "max_input_mb: must be a finite number"),
    ("BRIEFING_SUMMARIZE_MAX_CHARS", "150 chars", "summarize.max_chars: must be a whole number"),
    ("BRIEFING_SUMMARIZE_MAX_CHARS", "1.5", "summarize.max_chars: must be a whole number"),
    ("BRIEFING_SUMMARIZE_MAX_CHARS", "9", "summarize.max_chars: must be at least 10"),
    ("BRIEFING_TRANSLATE_ENABLED", "maybe", "translate.enabled: must be true/false"),
    ("BRIEFING_BUILD_LOCK_TIMEOUT", "-1", "build.lock_timeout: must be at least 0"),
    ("BRIEFING_FORMATS", "md,pdf", "formats[1]: must be one of md, html, json"),
    ("BRIEFING_FORMATS", " , ", "formats: needs at least 1"),
]


@pytest.mark.parametrize(("var", "value", "message"), ENV_CASES, ids=[f"{c[0]}={c[1]}" for c in ENV_CASES])
def test_wrong_value_in_the_environment(tmp_path, no_work, var, value, message):
    res = cli("build", str(SEED), "--out", str(tmp_path / "out"), env={var: value})
    one_line_error(res, 2, f"${var}", message)


FLAG_CASES = [
    (["--max-mb", "nan"], "--max-mb: max_input_mb: must be a finite number"),
    (["--max-mb", "inf"], "--max-mb: max_input_mb: must be a finite number"),
    (["--max-mb", "-3"], "--max-mb: max_input_mb: must be above 0"),
    (["--formats", ""], "--formats: formats: needs at least 1"),
    (["--formats", "md,pdf"], "--formats: formats[1]: must be one of md, html, json"),
    (["--title", " "], "--title: title: must not be empty"),
    (["--date", ""], "--date must be YYYY-MM-DD, not ''"),
    (["--date", "2025-13-01"], "--date must be YYYY-MM-DD"),
    (["--config", ""], "--config: needs a file name"),
    (["--config", "/nonexistent/c.toml"], "config file not found"),
]


@pytest.mark.parametrize(("flags", "message"), FLAG_CASES, ids=[" ".join(c[0]) for c in FLAG_CASES])
def test_wrong_flag(tmp_path, no_work, flags, message):
    res = cli("build", str(SEED), "--out", str(tmp_path / "out"), *flags)
    one_line_error(res, 2, message)


@pytest.mark.parametrize(
    "args",
    [
        ["build", str(SEED), "--max-mb", "lots"],
        ["build", str(SEED), "--no-such-flag"],
        ["eval", "summarize", str(SEED), "--limit", "-1"],
        ["split"],
        ["eval", "translate", "only-one-file"],
    ],
    ids=["not-a-number", "unknown-flag", "out-of-range", "missing-argument", "nested-group"],
)
def test_usage_errors_are_one_line(args, no_work):
    res = cli(*args)
    one_line_error(res, 2, "--help)")


def test_time_zone_is_checked_before_any_work(tmp_path, no_work):
    """Even with --date given (the zone still stamps the feed), a bad zone stops the run first."""
    res = cli("build", str(SEED), "--out", str(tmp_path / "out"), "--date", DATE, env={"BRIEFING_TIMEZONE": "Nowhere"})
    one_line_error(res, 2, "$BRIEFING_TIMEZONE", "timezone: is not a known time zone")


def test_environment_parses_by_type():
    env = {
        "BRIEFING_MAX_INPUT_MB": "0.5",
        "BRIEFING_BUILD_DEDUPE_THRESHOLD": ".85",
        "BRIEFING_SUMMARIZE_MAX_CHARS": " 200 ",
        "BRIEFING_FORMATS": "md, json",
        "BRIEFING_INPUTS": "/a, /b",
    }
    for words, expected in ((("1", "true", "YES", "True"), True), (("0", "false", "no", "NO"), False)):
        for word in words:
            with pytest.MonkeyPatch.context() as mp:
                for k, v in {**env, "BRIEFING_TRANSLATE_ENABLED": word}.items():
                    mp.setenv(k, v)
                opts = load_options()
            assert opts.translate.enabled is expected, word
    assert (opts.max_input_mb, opts.build.dedupe_threshold, opts.summarize.max_chars) == (0.5, 0.85, 200)
    assert opts.formats == ["md", "json"] and opts.inputs == ["/a", "/b"]


def test_layers_and_their_order(tmp_path, monkeypatch):
    cfg = write_config(tmp_path, 'title = "file"\nmax_input_mb = 10\n[summarize]\nmax_chars = 99\n')
    assert load_options(str(cfg)).title == "file"
    assert load_options(str(cfg)).max_input_mb == 10.0  # an integer is taken where decimals are
    monkeypatch.setenv("BRIEFING_TITLE", "env")
    assert load_options(str(cfg)).title == "env"
    opts = load_options(str(cfg), title="flag", summarize__max_chars=None)
    assert (opts.title, opts.summarize.max_chars, opts.summarize.keywords) == ("flag", 99, 6)
    monkeypatch.setenv("BRIEFING_CONFIG", str(cfg))
    assert load_options().config_file == str(cfg)


def test_config_in_the_state_folder_is_named_in_errors(state_home, no_work, tmp_path):
    cfg = state_home / "config.toml"
    cfg.write_text("[summarize]\nkeywords = -1\n")
    res = cli("build", str(SEED), "--out", str(tmp_path / "out"))
    one_line_error(res, 2, str(cfg), "summarize.keywords: must be at least 0")


def test_unreadable_or_invalid_config_file(tmp_path, no_work):
    cfg = write_config(tmp_path, "title = \n")
    one_line_error(cli("build", str(SEED), "--out", "o", "--config", str(cfg)), 2, str(cfg), "invalid TOML")
    cfg.write_bytes(b"title = '\xff'\n")
    one_line_error(cli("build", str(SEED), "--out", "o", "--config", str(cfg)), 2, str(cfg), "invalid TOML")
    one_line_error(cli("build", str(SEED), "--out", "o", "--config", str(tmp_path)), 2, "config file not found")


# --- the declaration is the single source ---------------------------------------


def test_packaged_defaults_file_is_generated_from_the_declaration():
    packaged = (ROOT / "briefing" / "defaults.toml").read_text("utf-8")
    assert packaged == settings_doc.defaults_toml(), "run: python -m briefing.settings_doc"


def test_readme_settings_table_is_generated_from_the_declaration():
    readme = (ROOT / "README.md").read_text("utf-8")
    assert readme == settings_doc.readme_with_table(readme), "run: python -m briefing.settings_doc"
    for entry in config.settings():
        assert f"| `{entry.key}` |" in readme


def test_packaged_defaults_load_back_to_the_declared_defaults():
    import tomllib

    data = tomllib.loads(settings_doc.defaults_toml())
    opts = Options()
    for entry in config.settings():
        *tables, name = entry.key.split(".")
        value, obj = data, opts
        for t in tables:
            value, obj = value[t], getattr(obj, t)
        assert value[name] == getattr(obj, name) == entry.default, entry.key
    # the top-level keys first, then each table where config.py declares its first key (tomllib keeps the order)
    declared: dict[str, list[str]] = {}
    for entry in config.settings():
        declared.setdefault(entry.key.rpartition(".")[0], []).append(entry.key)
    expected = declared.pop("", []) + [key for keys in declared.values() for key in keys]

    def keys(table: dict, prefix: str = "") -> list[str]:
        return [
            k for n, v in table.items() for k in (keys(v, f"{prefix}{n}.") if isinstance(v, dict) else [prefix + n])
        ]

    assert keys(data) == expected


def test_every_setting_has_help_and_a_variable():
    keys = [e.key for e in config.settings()]
    assert len(keys) == len(set(keys))
    envs = [e.env for e in config.settings()]
    assert len(envs) == len(set(envs))
    assert all(e.spec.help for e in config.settings())


# --- nested tables and arrays of tables (what later settings need) ----------------


@dataclass
class Source:
    url: str = setting("", "Where to fetch.", nonempty=True)
    top: int = setting(10, "Stories kept.", min=1, max=100)


@dataclass
class Fetch:
    timeout: float = setting(10.0, "Seconds.", min=0.0)
    sources: list[Source] = setting([], "Sites.")


@dataclass
class Opts(Options):
    fetch: Fetch = field(default_factory=Fetch)
    feeds: list[str | Source] = setting([], "Paths or tables.")


def test_arrays_of_tables_and_nested_tables_are_checked(monkeypatch):
    monkeypatch.setattr(config, "Options", Opts)
    keys = {e.key: e for e in config.settings(Opts)}
    assert keys["fetch.timeout"].env == "BRIEFING_FETCH_TIMEOUT" and keys["fetch.sources"].env is None

    def load(text: str) -> Opts:
        data = config._as_dict(Opts)
        config._apply_file(data, __import__("tomllib").loads(text), "f.toml", Opts)
        return config._build(Opts, data)

    opts = load('feeds = ["a", {url = "b", top = 3}]\n[fetch]\ntimeout = 2\n[[fetch.sources]]\nurl = "x"\n')
    assert opts.fetch.timeout == 2.0 and opts.fetch.sources == [Source("x", 10)]
    assert opts.feeds == ["a", Source("b", 3)]
    with pytest.raises(ConfigError, match=r"f.toml: fetch.sources\[0\].top: must be at most 100"):
        load("[[fetch.sources]]\nurl = 'x'\ntop = 101\n")
    with pytest.raises(ConfigError, match=r"f.toml: fetch.sources\[1\].urll: is not a setting"):
        load("[[fetch.sources]]\nurl = 'x'\n[[fetch.sources]]\nurll = 'y'\n")
    with pytest.raises(ConfigError, match=r"fetch.sources: must be a list of tables"):
        load("[fetch]\nsources = 'x'\n")
    with pytest.raises(ConfigError, match=r"feeds\[0\]: must be a table"):
        load("feeds = [3]\n")
    assert "| `fetch.sources[].url` |" in settings_doc.settings_table()  # documented too


URL_CASES = [
    # (setting, value, why it is refused or None): one rule (briefing.urls) for every URL setting
    ("translate.endpoint", "http://localhost:11434/v1", None),
    ("translate.endpoint", "HTTPS://llm.example/v1/", None),
    ("translate.endpoint", "http://localhost:11434/v1?key=x", "has a query or fragment"),
    ("translate.endpoint", "http://localhost:11434/v1#", "has a query or fragment"),
    ("translate.endpoint", "http://:11434/v1", "has no host"),
    ("translate.endpoint", "http://localhost:99999/v1", "is not a valid URL"),
    ("translate.endpoint", "localhost:11434", "only http and https URLs are accepted, not localhost:"),
    ("base_url", "https://example.org/briefing/", None),
    ("base_url", "https://example.org/briefing/#top", "has a query or fragment"),
    ("base_url", "https://example.org/my briefing/", "has a space or control character in it"),
    ("base_url", "file:///srv/briefing/", "only http and https URLs are accepted, not file:"),
    ("sources.url", "http://127.0.0.1:9/feed.xml?id=7", None),
    ("sources.url", "http://127.0.0.1:9/my feed.xml", "has a space or control character in it"),
    ("sources.url", "http://127.0.0.1:9/feed.xml\u200b", "has a space or control character in it"),
    ("sources.url", "ftp://127.0.0.1/feed.xml", "only http and https URLs are accepted, not ftp:"),
]


@pytest.mark.parametrize(("key", "value", "why"), URL_CASES, ids=[f"{k}={v}" for k, v, _ in URL_CASES])
def test_url_settings_share_one_rule(tmp_path, key, value, why):
    import json

    table, _, name = key.rpartition(".")
    if table == "sources":
        toml = f"[[sources]]\nurl = {json.dumps(value)}\n"
    else:
        toml = (f"[{table}]\n" if table else "") + f"{name} = {json.dumps(value)}\n"
    cfg = write_config(tmp_path, toml)
    if why is None:
        opts = load_options(str(cfg))
        got = opts.sources[0].url if table == "sources" else getattr(getattr(opts, table) if table else opts, name)
        assert got == value
        return
    with pytest.raises(ConfigError) as caught:
        load_options(str(cfg))
    message = caught.value.message
    assert f"{'sources[0].url' if table == 'sources' else key}: must be an " in message and f"({why}" in message, message
