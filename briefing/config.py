"""Every setting, declared once, and the one options object built from them.

A setting is a field of one of the option dataclasses below, declared with
:func:`setting` (default, help, allowed range or choices, environment
variable, flag).  Everything else comes from that declaration: the packaged
``defaults.toml`` and the README's settings table (``python -m
briefing.settings_doc`` regenerates both, see :mod:`briefing.settings_doc`; a
test fails when they drift), the environment variable names, and the checks.

Layers, later ones win: packaged defaults < config file (``--config``,
``$BRIEFING_CONFIG`` or ``<state>/config.toml``) < environment
(``BRIEFING_<KEY>``, ``BRIEFING_<TABLE>_<KEY>``) < flags given on the command
line.  Each layer's values are checked as they are applied, so a wrong value is
one line naming the setting and where it came from (file, variable or flag),
before any work starts.  Files are strict (``"150"`` is not a number, ``"yes"``
is not a boolean); environment values are text and are parsed by type (a variable
another standard defines, such as ``SOURCE_DATE_EPOCH``, as that standard says:
``Spec.env_parse``).

To add a setting: add a field with :func:`setting` to the right dataclass (a
nested dataclass is a ``[table]``, ``list[SomeDataclass]`` an array of tables
``[[table]]``), then run ``python -m briefing.settings_doc``.
"""

from __future__ import annotations

import codecs
import copy
import dataclasses
import logging
import math
import os
import re
import tomllib
import types
import typing
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from briefing.errors import ConfigError
from briefing.state import home
from briefing.untrusted import clean_text
from briefing.urls import url_problem

log = logging.getLogger("briefing")
PACKAGED = "packaged defaults"


@dataclass(frozen=True)
class Spec:
    """What the declaration says about one setting beyond its type and default."""

    help: str
    min: float | None = None
    max: float | None = None
    exclusive_min: bool = False
    choices: tuple[str, ...] = ()
    env: str | bool = True  # True: BRIEFING_<PATH>; a name; False: no variable
    flag: str = ""  # the command-line flag that sets it, for messages and docs
    check: Callable[[Any], str | None] | None = None  # returns a problem or None
    nonempty: bool = False
    # How its environment variable is read, when a standard other than this tool's defines the variable
    # (SOURCE_DATE_EPOCH): the value, None when the variable counts as unset, or a _Problem; otherwise
    # :func:`parse_env` reads it by type.  One hook for every such variable, not a field per rule of one.
    env_parse: Callable[[Setting, str], Any] | None = None


def setting(default: Any, help: str, **spec: Any) -> Any:
    """Declare one setting: a dataclass field carrying its :class:`Spec`."""
    meta = {"setting": Spec(help=help, **spec)}
    if isinstance(default, list | dict):
        return field(default_factory=lambda: copy.deepcopy(default), metadata=meta)
    return field(default=default, metadata=meta)


_ZONE = re.compile(r"[A-Za-z0-9_+\-]+(/[A-Za-z0-9_+\-]+)*")


def check_timezone(value: str) -> str | None:
    """an IANA zone name (`Asia/Shanghai`), never a path"""
    if not _ZONE.fullmatch(value) or value.startswith("-"):
        return f"must be an IANA time zone name such as Asia/Shanghai, not {_show(value)}"
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return f"is not a known time zone: {_show(value)}"
    return None


def check_encoding(value: str) -> str | None:
    """a codec name Python knows (`gb18030`, `big5`, `utf-16`), or empty"""
    if not value:
        return None
    try:
        info = codecs.lookup(value)
    except LookupError:
        return f"is not a known encoding: {_show(value)}"
    if not getattr(info, "_is_text_encoding", True):  # rot13, hex, zlib: not bytes to text
        return f"is not a text encoding: {_show(value)}"
    return None


def _url(value: str, wanted: str, base: bool = False) -> str | None:
    """The message of a URL setting that :func:`briefing.urls.url_problem` refuses."""
    problem = url_problem(value, base=base)
    return f"must be {wanted}, not {_show(value)} ({problem})" if problem else None


def check_endpoint(value: str) -> str | None:
    """an http(s) URL (`http://localhost:11434/v1`), or empty"""
    return _url(value, "an http(s) URL such as http://localhost:11434/v1", base=True) if value else None


_MAILTO = re.compile(r"mailto:[^\s<>,;@]+@[^\s<>,;@]+")


def check_unsubscribe(value: str) -> str | None:
    """a mailto: address or an http(s) URL (`mailto:leave@example.org`), or empty"""
    if not value or _MAILTO.fullmatch(value):
        return None
    if value.lower().startswith("mailto:"):
        return f"must be one mailto: address such as mailto:leave@example.org, not {_show(value)}"
    return _url(value, "a mailto: address or an http(s) URL such as https://example.org/leave")


def check_device(value: str) -> str | None:
    """auto, cpu, cuda, cuda:N or mps"""
    if re.fullmatch(r"auto|cpu|mps|cuda(:\d+)?", value):
        return None
    return f"must be auto, cpu, cuda, cuda:N or mps, not {_show(value)}"


_LINE_BREAKS = frozenset("\r\n\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029")


def check_one_line(value: str) -> str | None:
    """one line of text (no line break or control character)"""
    if clean_text(value) != value or any(c in _LINE_BREAKS for c in value):
        return f"must be one line of text without line breaks or control characters, not {_show(value)}"
    return None


_NOT_IN_ADDRESS = frozenset('<>,;:()[]\\"')  # a display name, a list, a group, a route, a quoted part


def check_address(value: str) -> str | None:
    """one plain e-mail address (`desk@example.org`), or empty"""
    if not value:
        return None
    local, at, domain = value.rpartition("@")
    if (
        not (local and at and domain)
        or "@" in local
        or any(c in _NOT_IN_ADDRESS or unicodedata.category(c)[0] in "CZ" for c in value)  # controls, spaces
    ):
        return f"must be one plain e-mail address such as desk@example.org, not {_show(value)}"
    return None


def check_header(value: str) -> str | None:
    """printable ASCII (it is sent in an HTTP header)"""
    if value and not (value.isascii() and value.isprintable()):
        return f"must be printable ASCII, as it is sent in an HTTP header, not {_show(value)}"
    return None


# ---------------------------------------------------------------------------
# The declaration


def endpoint_setting() -> Any:
    """``endpoint``, declared alike for the summarizer and the translator."""
    return setting(
        "",
        "openai backend: the server's base URL, e.g. http://localhost:11434/v1.",
        check=check_endpoint,
        flag="--endpoint",
    )


def key_env_setting() -> Any:
    """``api_key_env``, declared alike for the summarizer and the translator."""
    return setting(
        "",
        "openai backend: the NAME of the environment variable holding the key (never the key).",
        flag="--api-key-env",
    )


@dataclass
class SummarizeOptions:
    backend: str = setting(
        "extractive", "Summarizer: extractive, seq2seq, llm, openai or a plugin's name.", flag="--backend"
    )
    model: str = setting("", "Folder, catalog name or hub id of the seq2seq / llm model.", flag="--model")
    sentences: int = setting(0, "Summary length in sentences; 0: use max_chars.", min=0, max=50, flag="--sentences")
    max_chars: int = setting(150, "Summary length in characters.", min=10, max=5000, flag="--max-chars")
    keywords: int = setting(6, "Keywords per story.", min=0, max=50)
    device: str = setting("auto", "Where neural summarizers run: auto, cpu, cuda, cuda:N, mps.", check=check_device)
    endpoint: str = endpoint_setting()
    api_key_env: str = key_env_setting()


@dataclass
class TranslateOptions:
    enabled: bool = setting(False, "Add English (needs a translation model).", flag="--translate")
    backend: str = setting(
        "auto",
        "auto (ct2 when converted, else marian), marian, ct2, openai or a plugin's name (`briefing backends`).",
        flag="--translator-backend",
    )
    model: str = setting(
        "opus-mt-zh-en", "Catalog name, folder or hub id of the translation model.", flag="--translator-model"
    )
    glossary: str = setting("", "A user glossary (TOML or CSV), added to the starter one.", flag="--glossary")
    beam_size: int = setting(4, "Beam width of the translator.", min=1, max=32)
    batch_size: int = setting(0, "Sentences per model call; 0: what suits the backend.", min=0, max=4096)
    device: str = setting("auto", "Where the translator runs: auto, cpu, cuda, cuda:N, mps.", check=check_device)
    endpoint: str = endpoint_setting()
    api_key_env: str = key_env_setting()
    lede: bool = setting(True, "With an LLM translator: 3-5 English bullets on the day's top stories.")


@dataclass
class OpenAIOptions:
    """How briefing talks to OpenAI-compatible servers (translator and summarizer alike)."""

    timeout: float = setting(
        60.0, "Seconds per request to an OpenAI-compatible server.", min=0.0, exclusive_min=True, max=3600.0
    )
    concurrency: int = setting(4, "Requests in flight at once per server.", min=1, max=64)
    retries: int = setting(
        3, "Retries on 429, 5xx, timeouts and refused connections (Retry-After honoured).", min=0, max=10
    )
    max_requests: int = setting(2000, "Requests per run and server; past it the rest falls back.", min=1, max=1_000_000)
    run_deadline: float = setting(
        3600.0,
        "Seconds all requests to the servers of a run (summarizer's and translator's together) may take, "
        "from the first, retries and waits included; past it the rest falls back (0: no limit).",
        min=0.0,
        max=604800.0,
    )
    down_after: int = setting(
        3, "Timeouts or failed connections in a row after which a server is given up for the run.", min=1, max=100
    )


def source_date_epoch(entry: Setting, text: str) -> int | None:
    """``SOURCE_DATE_EPOCH`` as reproducible builds define it: empty (or blanks) is unset, else Unix seconds,
    0 or more (-1, now, is the setting's own value, for a file or a flag to give)."""
    if not text.strip():
        return None
    value: int = parse_env(entry, text)
    if value < 0:
        raise _Problem(entry.key, f"must be at least 0, not {_num(value)}")
    return value


@dataclass
class BuildOptions:
    dedupe_threshold: float = setting(
        0.7, "5-gram containment above which two stories are one story.", min=0.0, max=1.0
    )
    lock_timeout: float = setting(
        0.0, "Seconds to wait for another run's lock on the output folder (0: exit at once).", min=0.0, max=86400.0
    )
    cache_days: float = setting(
        30.0, "Cache entries unused this many days are pruned at the end of a build (0: never).", min=0.0, max=36500.0
    )
    archive_run: int = setting(
        0,
        "Rebuild an archive day as its N-th fetch run of the day left it, as published then (0: the last).",
        min=0,
        max=10000,
        flag="--archive-run",
    )
    template_seconds: float = setting(
        3.0,
        "CPU seconds a template of a templates folder may take to load or to render (packaged ones alone: no limit).",
        min=0.0, exclusive_min=True, max=3600.0,
    )  # fmt: skip
    source_date_epoch: int = setting(
        -1,
        "The build's time in Unix seconds, for the feed's updated (-1: now; 0 is 1970-01-01T00:00:00Z); set as "
        "SOURCE_DATE_EPOCH, as reproducible builds do (empty: unset; the variable is 0 or more).",
        min=-1,
        max=4102444800,  # 2100-01-01
        env="SOURCE_DATE_EPOCH",
        env_parse=source_date_epoch,
    )
    template_max_mb: float = setting(
        50.0, "Text (millions of characters) one template of a templates folder may make; more is refused.",
        min=0.0, exclusive_min=True, max=10000.0,
    )  # fmt: skip


def check_base_url(value: str) -> str | None:
    """an absolute http(s) URL (`https://example.org/briefing/`), or empty"""
    return _url(value, "an absolute http(s) URL such as https://example.org/briefing/", base=True) if value else None


SECTION_KEYS = ("politics", "economy", "society", "science", "world", "other")


@dataclass
class EditorialOptions:
    top_stories: int = setting(8, "Stories opening the briefing, across all sources.", min=0, max=100)
    max_stories: int = setting(
        60,
        "Stories shown per briefing, every event's lead before any event's other reports; the rest stay in the JSON,"
        " flagged cut.",
        min=1,
        max=100000,
    )
    event_threshold: float = setting(
        0.25,
        "Similarity of headline and lead from which two stories report one event, when no counterpart or "
        "occasion decides (tuned: tests/data/event_pairs_natural.jsonl).",
        min=0.0,
        max=1.0,
    )
    event_days: int = setting(3, "Stories dated further apart than this are never one event.", min=0, max=365)
    continuity_days: int = setting(
        7,
        "Earlier briefings in the output folder compared for follow-ups and repeats (0: none); a follow-up's "
        "earlier briefing is also at most this many days old.",
        min=0,
        max=366,
    )
    drop_repeats: bool = setting(False, "Leave out stories already published on an earlier day (kept in the JSON).")
    max_age_days: int = setting(
        7,
        "Stories dated more days before the day's newest story are left out, flagged cut 'old' in the JSON, never "
        "top stories or in the feeds (0: no limit).",
        min=0,
        max=36500,
    )
    sections: list[str] = setting(
        list(SECTION_KEYS), "Sections in their fixed order (other comes last when left out).", choices=SECTION_KEYS
    )
    feed_days: int = setting(7, "Days of top stories in feed.json and feed.atom.", min=1, max=366)


@dataclass
class MailOptions:
    sender: str = setting(
        "",
        "From: address of `briefing send` (needed for several --to; one --to alone is its own sender).",
        check=check_address,
        flag="--sender",
    )
    user_env: str = setting("BRIEFING_SMTP_USER", "Environment variable holding the SMTP user (unset: no login).")
    password_env: str = setting("BRIEFING_SMTP_PASSWORD", "Environment variable holding the SMTP password.")
    timeout: float = setting(
        30.0, "Seconds for the SMTP connection and each command.", min=0.0, exclusive_min=True, max=3600.0
    )
    max_kb: int = setting(100, "The e-mail edition stays under this size (Gmail clips larger).", min=10, max=100000)
    list_unsubscribe: str = setting(
        "",
        "Where a recipient unsubscribes (a mailto: address or a URL), sent as List-Unsubscribe (empty: none).",
        check=check_unsubscribe,
    )


@dataclass
class InputSource:
    path: str = setting("", "A file or folder the build reads.", nonempty=True)
    name: str = setting("", 'Its name as readers know it ("人民日报"); empty: from the page, else the file name.')


def check_http_url(value: str) -> str | None:
    """an http(s) URL"""
    return _url(value, "an http(s) URL")


@dataclass
class FetchOptions:
    contact: str = setting("", "A URL or e-mail for site owners, sent in the User-Agent.", check=check_header)
    user_agent: str = setting(
        "", 'Replaces the whole User-Agent ("briefing/<version> (+<contact>)").', check=check_header
    )
    delay: float = setting(1.0, "Seconds between two requests to one host.", min=0.0, max=3600.0)
    concurrency: int = setting(4, "Hosts fetched at once (one request per host at a time).", min=1, max=64)
    timeout: float = setting(20.0, "Seconds to connect, and between two reads.", min=0.0, exclusive_min=True, max=600.0)
    deadline: float = setting(
        60.0, "Seconds for a whole response: a trickling server ends here.", min=0.0, exclusive_min=True, max=3600.0
    )
    max_mb: float = setting(10.0, "Larger responses (MB) are refused.", min=0.0, exclusive_min=True, max=1000.0)
    max_redirects: int = setting(5, "Redirects followed per URL.", min=0, max=5)
    retries: int = setting(2, "More tries after a 429, a 5xx or a failed connection.", min=0, max=10)
    backoff: float = setting(
        1.0, "Seconds before the first retry, doubled each time (a Retry-After wins).", min=0.0, max=600.0
    )
    max_retry_after: float = setting(
        120.0, "A longer Retry-After (seconds) gives up instead of waiting.", min=0.0, max=86400.0
    )
    run_deadline: float = setting(
        1800.0,
        "Seconds a whole fetch run may take, retries, Retry-After waits and slow servers included; the links "
        "left are said (0: no limit).",
        min=0.0,
        max=604800.0,
    )
    allow_private: bool = setting(False, "Let feed and sitemap links reach private, loopback or link-local addresses.")
    archive: str = setting("", "Archive folder of fetched pages (default <state>/archive).", flag="--archive")


@dataclass
class SourceOptions:
    name: str = setting("", "Name of the source in the briefing (default: its URL).")
    url: str = setting("", "URL of the feed, sitemap or page (required).", check=check_http_url)
    kind: str = setting(
        "feed",
        "feed (RSS/Atom), sitemap (or index) or page (an article or e-paper page).",
        choices=("feed", "page", "sitemap"),
    )
    section: str = setting("", "Section hint: a section key or name (politics, 时政, ...).")
    max_items: int = setting(30, "Newest entries read from a feed or sitemap.", min=1, max=1000)


def check_ray_address(value: str) -> str | None:
    """a Ray address (`auto`, `HOST:PORT`, `ray://HOST:PORT`), or empty"""
    if not value or value == "auto" or re.fullmatch(r"(ray://)?[A-Za-z0-9.\-\[\]:]+:\d{1,5}", value):
        return None
    return f"must be auto, HOST:PORT or ray://HOST:PORT, not {_show(value)}"


@dataclass
class BackfillOptions:
    engine: str = setting(
        "local",
        "Where `briefing backfill` runs: local (this process) or ray.",
        choices=("local", "ray"),
        flag="--engine",
    )
    address: str = setting(
        "",
        "ray engine: the cluster to join (auto: the one `ray start` runs here); empty: a Ray of this machine only.",
        check=check_ray_address,
        flag="--address",
    )
    gpus_per_worker: float = setting(
        0.0,
        "ray engine: GPUs each translating worker claims (0: CPU workers).",
        min=0.0,
        max=64.0,
        flag="--gpus-per-worker",
    )
    workers: int = setting(
        0, "ray engine: workers per model stage (0: as many as the cluster has room for).", min=0, max=4096
    )


@dataclass
class Options:
    inputs: list[str | InputSource] = setting(
        [], "Paths the build reads when none are given ([[inputs]] path, name: with a source name)."
    )
    out: str = setting("", "Output folder: `briefing build` writes it, `briefing send` reads it.", flag="--out")
    title: str = setting(
        "每日要闻 Daily Briefing", "Title of the briefing.", nonempty=True, check=check_one_line, flag="--title"
    )
    timezone: str = setting("Asia/Shanghai", "IANA time zone that decides which day is today.", check=check_timezone)
    formats: list[str] = setting(
        ["md", "html", "json"], "Formats to write.", choices=("md", "html", "json"), min=1, flag="--formats"
    )
    templates: str = setting("", "A folder whose templates override the packaged ones.", flag="--templates")
    max_input_mb: float = setting(
        64.0, "Inputs larger than this (MB) are refused.", min=0.0, exclusive_min=True, max=1e6, flag="--max-mb"
    )
    encoding: str = setting(
        "",
        'Force an input encoding (e.g. gb18030); "": detect UTF-8, GB18030, Big5.',
        check=check_encoding,
        flag="--encoding",
    )
    summarize: SummarizeOptions = field(default_factory=SummarizeOptions)
    translate: TranslateOptions = field(default_factory=TranslateOptions)
    build: BuildOptions = field(default_factory=BuildOptions)
    editorial: EditorialOptions = field(default_factory=EditorialOptions)
    mail: MailOptions = field(default_factory=MailOptions)
    base_url: str = setting(
        "",
        "Where the output folder is served: feeds and e-mail links need it.",
        check=check_base_url,
        flag="--base-url",
    )
    openai: OpenAIOptions = field(default_factory=OpenAIOptions)
    fetch: FetchOptions = field(default_factory=FetchOptions)
    sources: list[SourceOptions] = setting([], "Web sources, [[sources]] tables (briefing fetch, build --sources).")
    backfill: BackfillOptions = field(default_factory=BackfillOptions)
    config_file: str | None = field(default=None, metadata={"internal": True})


# ---------------------------------------------------------------------------
# Reading the declaration


@dataclass(frozen=True)
class Setting:
    """One declared setting: its dotted key, Python type and spec."""

    key: str
    name: str
    type: Any
    spec: Spec
    default: Any

    @property
    def env(self) -> str | None:
        if self.spec.env is False or (_tables_of(self.type) and not _takes_str(self.type)) or "[]" in self.key:
            return None  # an array of tables that also takes plain strings is a comma list in the environment
        if isinstance(self.spec.env, str):
            return self.spec.env
        return "BRIEFING_" + self.key.replace(".", "_").upper()

    @property
    def flag(self) -> str:
        return self.spec.flag or "--" + self.name.replace("_", "-")

    @property
    def type_name(self) -> str:
        if _tables_of(self.type):
            return "tables"
        item = _list_item(self.type)
        return f"list of {item.__name__}" if item else self.type.__name__

    @property
    def allowed(self) -> str:
        """The allowed values in words: choices, a range, or what the check asks for."""
        spec = self.spec
        if spec.choices:
            return " | ".join(spec.choices)
        if spec.check is not None:
            return (spec.check.__doc__ or "").strip().split("\n")[0]
        if self.type not in (int, float) or (spec.min is None and spec.max is None):
            return ""
        low = "" if spec.min is None else _num(spec.min)
        high = "" if spec.max is None else _num(spec.max)
        if spec.exclusive_min:
            return f"> {low}" + (f", ≤ {high}" if high else "")
        return f"{low} … {high}"

    def item_settings(self) -> list[Setting]:
        """For an array of tables, the settings of one table (``sources[].url``)."""
        return [e for t in _tables_of(self.type) for e in settings(t, self.key + "[].")]


def _is_table(tp: Any) -> bool:
    return isinstance(tp, type) and dataclasses.is_dataclass(tp)


def _list_item(tp: Any) -> Any:
    return typing.get_args(tp)[0] if typing.get_origin(tp) is list else None


def _takes_str(tp: Any) -> bool:
    """Whether a list setting takes plain strings (``list[str]`` or ``list[str | T]``)."""
    item = _list_item(tp)
    return item is str or str in typing.get_args(item)


def _tables_of(tp: Any) -> list[type]:
    """The dataclasses an array of tables (``list[T]`` or ``list[str | T]``) may hold."""
    item = _list_item(tp)
    members = typing.get_args(item) if isinstance(item, types.UnionType) else (item,)
    return [m for m in members if _is_table(m)]


def _fields(cls: type) -> Iterator[tuple[dataclasses.Field[Any], Any]]:
    hints = typing.get_type_hints(cls)
    for f in dataclasses.fields(cls):
        if not f.metadata.get("internal"):
            yield f, hints[f.name]


def _default(f: dataclasses.Field[Any]) -> Any:
    if f.default is not dataclasses.MISSING:
        return f.default
    assert f.default_factory is not dataclasses.MISSING, f.name  # every setting has a default
    return f.default_factory()


def settings(cls: type | None = None, prefix: str = "") -> Iterator[Setting]:
    """Every declared setting in declaration order, tables recursed into (of :class:`Options` unless told)."""
    cls = cls or Options  # looked up at call time: a test may declare its own
    for f, tp in _fields(cls):
        key = prefix + f.name
        if _is_table(tp):
            yield from settings(tp, key + ".")
            continue
        spec = f.metadata.get("setting")
        if spec is None:
            raise TypeError(f"{cls.__name__}.{f.name}: declare it with setting(default, help)")
        yield Setting(key, f.name, tp, spec, _default(f))


def _by_key() -> dict[str, Setting]:
    return {e.key: e for e in settings()}


def setting_named(key: str) -> Setting:
    """The declared setting ``key`` (dotted): what a command-line option derives its flag and help from."""
    return _by_key()[key]


def sharing_flag(key: str) -> list[Setting]:
    """The settings one flag sets: ``key``'s and every other declared with the same flag
    (``--endpoint`` serves the summarizer and the translator alike)."""
    flag = setting_named(key).spec.flag
    return [e for e in settings() if e.key == key or (flag and e.spec.flag == flag)]


# ---------------------------------------------------------------------------
# Checking values


def _num(value: float) -> str:
    return format(value, ",.10g")


def _show(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


_TYPE_NAMES = {bool: "true or false", int: "a whole number", float: "a number", str: "a string"}
_PLURALS = {bool: "booleans", int: "whole numbers", float: "numbers", str: "strings"}


def _what(value: Any) -> str:
    kind = {bool: "a boolean", int: "a number", float: "a number", str: "a string", list: "a list", dict: "a table"}
    return f"{kind.get(type(value), type(value).__name__)} ({_show(value)})"


def check_value(entry: Setting, value: Any, where: str) -> Any:
    """The value, normalized, or a ConfigError naming the setting and where it came from."""
    try:
        return _check(entry.key, entry.type, entry.spec, value, where)
    except _Problem as problem:
        raise ConfigError(f"{where}: {problem.key}: {problem}") from None


class _Problem(ValueError):
    def __init__(self, key: str, message: str) -> None:
        super().__init__(message)
        self.key = key


def _check(key: str, tp: Any, spec: Spec, value: Any, where: str) -> Any:
    tables = _tables_of(tp)
    if tables:
        return _check_tables(key, tp, tables, value, where)
    item = _list_item(tp)
    if item is not None:
        if not isinstance(value, list):
            raise _Problem(key, f"must be a list of {_PLURALS[item]}, not {_what(value)}")
        if len(value) < (spec.min or 0):
            raise _Problem(key, f"needs at least {spec.min:g} of {', '.join(spec.choices) or 'them'}")
        out = []
        for n, v in enumerate(value):
            out.append(_scalar(f"{key}[{n}]", item, spec, v))
        return out
    return _scalar(key, tp, spec, value)


def _scalar(key: str, tp: Any, spec: Spec, value: Any) -> Any:
    if tp is float and isinstance(value, int) and not isinstance(value, bool):
        value = float(value)
    if type(value) is not tp:
        raise _Problem(key, f"must be {_TYPE_NAMES[tp]}, not {_what(value)}")
    if tp is float and not math.isfinite(value):
        raise _Problem(key, f"must be a finite number, not {value}")
    if tp in (int, float):
        low, high = spec.min, spec.max
        if low is not None and (value < low or (spec.exclusive_min and value == low)):
            raise _Problem(
                key, f"must be {'above' if spec.exclusive_min else 'at least'} {_num(low)}, not {_num(value)}"
            )
        if high is not None and value > high:
            raise _Problem(key, f"must be at most {_num(high)}, not {_num(value)}")
    if tp is str:
        if "\x00" in value:
            raise _Problem(key, "must not contain a NUL character")
        if spec.nonempty and not value.strip():
            raise _Problem(key, "must not be empty")
        if spec.choices and value not in spec.choices:
            raise _Problem(key, f"must be one of {', '.join(spec.choices)}, not {_show(value)}")
        problem = spec.check(value) if spec.check else None
        if problem:
            raise _Problem(key, problem)
    return value


def _check_tables(key: str, tp: Any, tables: list[type], value: Any, where: str) -> list[Any]:
    takes_str = _takes_str(tp)
    if not isinstance(value, list):
        what = f"strings or tables ([[{key}]])" if takes_str else f"tables ([[{key}]])"
        raise _Problem(key, f"must be a list of {what}, not {_what(value)}")
    out: list[Any] = []
    for n, item in enumerate(value):
        if isinstance(item, str) and takes_str:
            out.append(_scalar(f"{key}[{n}]", str, Spec(help=""), item))
        elif isinstance(item, dict):
            out.append(_table(tables[0], item, f"{key}[{n}]", where))
        else:
            raise _Problem(f"{key}[{n}]", f"must be a table, not {_what(item)}")
    return out


def _table(cls: type, data: dict[str, Any], key: str, where: str) -> Any:
    """One ``[[table]]`` entry as its dataclass: known keys only, each checked, defaults for the rest."""
    names = {f.name: (f, tp) for f, tp in _fields(cls)}
    values: dict[str, Any] = {}
    for name, value in data.items():
        if name not in names:
            raise _Problem(f"{key}.{name}", "is not a setting")
        f, tp = names[name]
        if _is_table(tp):
            if not isinstance(value, dict):
                raise _Problem(f"{key}.{name}", f"must be a table, not {_what(value)}")
            values[name] = _table(tp, value, f"{key}.{name}", where)
        else:
            values[name] = _check(f"{key}.{name}", tp, f.metadata["setting"], value, where)
    for name, (f, _) in names.items():
        if name not in values and f.metadata["setting"].nonempty:
            raise _Problem(f"{key}.{name}", "is required")
    return cls(**values)


_TRUE, _FALSE = {"true", "1", "yes"}, {"false", "0", "no"}


def parse_env(entry: Setting, text: str) -> Any:
    """An environment value (always text) as the setting's type; unchecked."""
    tp = entry.type
    raw = text.strip()
    if tp is bool:
        if raw.lower() in _TRUE | _FALSE:
            return raw.lower() in _TRUE
        raise _Problem(entry.key, f"must be true/false, 1/0 or yes/no, not {_show(text)}")
    if tp is int:
        if re.fullmatch(r"[+-]?\d{1,18}", raw):
            return int(raw)
        raise _Problem(entry.key, f"must be a whole number, not {_show(text)}")
    if tp is float:
        try:
            return float(raw)
        except ValueError:
            raise _Problem(entry.key, f"must be a number, not {_show(text)}") from None
    if _takes_str(tp):
        return [part.strip() for part in text.split(",") if part.strip()]
    return text


def validate(opts: Any, where: str = "Options", cls: type = Options, prefix: str = "") -> None:
    """Check options built in code (the library API) exactly as a config file's values are checked:
    a ConfigError naming the first wrong setting."""
    if not isinstance(opts, cls):
        raise ConfigError(f"{where}: {prefix.rstrip('.') or 'options'}: must be {cls.__name__}, not {_what(opts)}")
    for f, tp in _fields(cls):
        key, value = prefix + f.name, getattr(opts, f.name)
        if _is_table(tp):
            validate(value, where, tp, key + ".")
            continue
        tables = tuple(_tables_of(tp))
        if tables and isinstance(value, list):  # [[tables]] built in code are dataclasses, in a file tables
            value = [_given(v) if isinstance(v, tables) else v for v in value]
        check_value(Setting(key, f.name, tp, f.metadata["setting"], None), value, where)


def _given(table: Any) -> dict[str, Any]:
    """A ``[[table]]`` entry built in code as the file table that gives it: the keys not left at their default."""
    return {f.name: getattr(table, f.name) for f, _ in _fields(type(table)) if getattr(table, f.name) != _default(f)}


# ---------------------------------------------------------------------------
# Loading the layers


def _config_path(explicit: str | None) -> tuple[Path | None, str]:
    if explicit is not None:
        if not explicit:
            raise ConfigError("--config: needs a file name")
        path = Path(explicit)
        if not path.is_file():
            raise ConfigError(f"--config: {_show(explicit)}: config file not found")
        return path, "--config"
    env = os.environ.get("BRIEFING_CONFIG")
    if env:
        path = Path(env)
        if not path.is_file():
            raise ConfigError(f"$BRIEFING_CONFIG: {_show(env)}: config file not found")
        return path, "$BRIEFING_CONFIG"
    path = home() / "config.toml"
    return (path, "state folder") if path.is_file() else (None, "")


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(path.read_text("utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: invalid TOML ({str(exc).splitlines()[0]})") from None
    except RecursionError:  # tomllib reads nested arrays and inline tables recursively
        raise ConfigError(f"{path}: invalid TOML (arrays or inline tables nested too deeply)") from None
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read the config file ({exc.strerror})") from None


def _apply_file(
    data: dict[str, Any], user: dict[str, Any], where: str, cls: type | None = None, prefix: str = ""
) -> None:
    """Check a file's (partial) tables against the declaration and merge them into ``data``."""
    fields = {f.name: (f, tp) for f, tp in _fields(cls or Options)}
    for name, value in user.items():
        key = prefix + name
        if name not in fields:
            raise ConfigError(f"{where}: {key}: unknown setting")
        f, tp = fields[name]
        if _is_table(tp):
            if not isinstance(value, dict):
                raise ConfigError(f"{where}: {key}: must be a table ([{key}]), not {_what(value)}")
            _apply_file(data[name], value, where, tp, key + ".")
        else:
            data[name] = check_value(Setting(key, name, tp, f.metadata["setting"], None), value, where)


def _put(data: dict[str, Any], key: str, value: Any) -> None:
    *tables, name = key.split(".")
    for t in tables:
        data = data[t]
    data[name] = value


def _as_dict(cls: type) -> dict[str, Any]:
    return {f.name: _as_dict(tp) if _is_table(tp) else _default(f) for f, tp in _fields(cls)}


def _build(cls: type, data: dict[str, Any]) -> Any:
    return cls(**{f.name: _build(tp, data[f.name]) if _is_table(tp) else data[f.name] for f, tp in _fields(cls)})


def load_options(config: str | None = None, **flags: Any) -> Options:
    """Build the checked options: defaults < config file < environment < given flags.

    Flags use ``table__key`` for nested settings (``translate__enabled``);
    a flag given as None is not given.
    """
    declared = _by_key()
    data = _as_dict(Options)
    path, _ = _config_path(config)
    if path is not None:
        user = _read_toml(path)
        _apply_file(data, user, str(path))
    for entry in declared.values():
        name = entry.env
        text = os.environ.get(name) if name else None
        if text is None:
            continue
        where = f"${name}"
        try:
            value = (entry.spec.env_parse or parse_env)(entry, text)
        except _Problem as problem:
            raise ConfigError(f"{where}: {problem.key}: {problem}") from None
        if value is not None:  # None: a variable its standard reads as unset
            _put(data, entry.key, check_value(entry, value, where))
    for name, value in flags.items():
        if value is None:
            continue
        key = name.replace("__", ".")
        if key not in declared:
            raise TypeError(f"load_options: {name} is not a declared setting")
        entry = declared[key]
        if isinstance(value, tuple):
            value = list(value)
        _put(data, key, check_value(entry, value, entry.flag))
    opts: Options = _build(Options, data)
    opts.config_file = str(path) if path else None
    log.debug("config file: %s", opts.config_file or "(none, packaged defaults)")
    return opts


if __name__ == "__main__":  # the older spelling of `python -m briefing.settings_doc`
    from briefing.settings_doc import write

    write()
