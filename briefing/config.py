"""One options object, built in one place from four layers.

Packaged defaults (``defaults.toml``) < user config file (``--config``,
``$BRIEFING_CONFIG`` or ``<state>/config.toml``) < environment variables
(``BRIEFING_<KEY>``, ``BRIEFING_<SECTION>_<KEY>``) < command-line flags (only
those given: flags default to None).
"""

from __future__ import annotations

import logging
import os
import tomllib
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from briefing.errors import ConfigError
from briefing.state import home


@dataclass
class SummarizeOptions:
    backend: str = "extractive"
    model: str = ""
    sentences: int = 0
    max_chars: int = 150
    keywords: int = 6
    device: str = "auto"


@dataclass
class TranslateOptions:
    enabled: bool = False
    backend: str = "auto"
    model: str = "opus-mt-zh-en"
    glossary: str = ""
    beam_size: int = 4
    batch_size: int = 0
    device: str = "auto"


@dataclass
class BuildOptions:
    dedupe_threshold: float = 0.7
    lock_timeout: float = 0


@dataclass
class Options:
    inputs: list[str] = field(default_factory=list)
    out: str = ""
    title: str = ""
    timezone: str = "Asia/Shanghai"
    formats: list[str] = field(default_factory=lambda: ["md", "html", "json"])
    templates: str = ""
    max_input_mb: float = 64
    encoding: str = ""
    summarize: SummarizeOptions = field(default_factory=SummarizeOptions)
    translate: TranslateOptions = field(default_factory=TranslateOptions)
    build: BuildOptions = field(default_factory=BuildOptions)
    config_file: str | None = None


SECTIONS = {"summarize": SummarizeOptions, "translate": TranslateOptions, "build": BuildOptions}


def _defaults() -> dict[str, Any]:
    return tomllib.loads(resources.files("briefing").joinpath("defaults.toml").read_text("utf-8"))


def _config_path(explicit: str | None) -> Path | None:
    if explicit:
        path = Path(explicit)
        if not path.is_file():
            raise ConfigError(f"{path}: config file not found")
        return path
    env = os.environ.get("BRIEFING_CONFIG")
    if env:
        path = Path(env)
        if not path.is_file():
            raise ConfigError(f"{path}: config file (from $BRIEFING_CONFIG) not found")
        return path
    path = home() / "config.toml"
    return path if path.is_file() else None


def _merge(base: dict[str, Any], over: dict[str, Any], where: str) -> None:
    for key, value in over.items():
        if key not in base:
            raise ConfigError(f"{where}: unknown setting {key!r}")
        if isinstance(base[key], dict):
            if not isinstance(value, dict):
                raise ConfigError(f"{where}: {key!r} must be a table")
            _merge(base[key], value, f"{where} [{key}]")
        else:
            base[key] = value


def _coerce(value: str, like: Any) -> Any:
    if isinstance(like, bool):
        return value.strip().lower() in {"1", "true", "yes", "on"}
    if isinstance(like, int):
        return int(value)
    if isinstance(like, float):
        return float(value)
    if isinstance(like, list):
        return [v.strip() for v in value.split(",") if v.strip()]
    return value


def _env_layer(data: dict[str, Any]) -> None:
    for key, value in list(data.items()):
        if isinstance(value, dict):
            for sub, like in value.items():
                env = os.environ.get(f"BRIEFING_{key.upper()}_{sub.upper()}")
                if env is not None:
                    value[sub] = _coerce(env, like)
        else:
            env = os.environ.get(f"BRIEFING_{key.upper()}")
            if env is not None:
                data[key] = _coerce(env, value)


def load_options(config: str | None = None, **flags: Any) -> Options:
    """Build the options: defaults < config file < environment < given flags.

    Flags use ``section__key`` for nested settings (``translate__enabled``).
    """
    data = _defaults()
    path = _config_path(config)
    if path is not None:
        try:
            user = tomllib.loads(path.read_text("utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise ConfigError(f"{path}: invalid TOML ({exc})") from exc
        _merge(data, user, str(path))
    try:
        _env_layer(data)
    except ValueError as exc:
        raise ConfigError(f"environment: {exc}") from exc
    for key, value in flags.items():
        if value is None:
            continue
        section, _, sub = key.partition("__")
        if sub:
            data[section][sub] = value
        else:
            data[key] = value
    try:
        opts = Options(
            **{k: v for k, v in data.items() if k not in SECTIONS}, **{k: cls(**data[k]) for k, cls in SECTIONS.items()}
        )
    except TypeError as exc:
        raise ConfigError(f"invalid configuration: {exc}") from exc
    opts.config_file = str(path) if path else None
    logging.getLogger("briefing").debug("config file: %s", opts.config_file or "(none, packaged defaults)")
    if opts.max_input_mb <= 0:
        raise ConfigError("max_input_mb must be positive")
    if opts.encoding:
        from briefing.reader import check_encoding

        opts.encoding = check_encoding(opts.encoding)
    return opts
