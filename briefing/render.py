"""Jinja rendering: user templates first, then the packaged ones.

A user folder overrides any template by name; an override can extend the
packaged version as ``{% extends "default:briefing.html.j2" %}``.  HTML is
autoescaped; Markdown is not, but article text goes through the ``md``
filter, which escapes Markdown syntax.  Article text is only ever data in a
template context, never template source.

Templates may come from strangers, so they run in Jinja's immutable sandbox:
they can format the data they are given and nothing else (no attribute
starting with ``_``, no changing the data, no ``range`` or ``*`` that
would fill the memory).  Every mistake, including a template that includes
itself, is one ConfigError line.
"""

from __future__ import annotations

import re
from functools import cache
from importlib import resources
from pathlib import Path
from urllib.parse import quote

import jinja2
from jinja2.exceptions import SecurityError
from jinja2.sandbox import ImmutableSandboxedEnvironment

from briefing.errors import ConfigError

MAX_REPEAT = 10_000_000  # the longest string or list a template's ``*`` may build

# str.translate, not re.sub with a template: the same escapes, at C speed (a
# page of three million "<" took 12 s to escape with the template).
_MD_SPECIAL = str.maketrans({c: "\\" + c for c in "\\`*_{}[]<>#|~"})
_MD_LINE_START = re.compile(r"^(\s*)([-+=>]|\d+[.)])(\s)", re.MULTILINE)


def md_escape(value: object) -> str:
    """Escape Markdown syntax in untrusted text (and HTML-ish angle brackets)."""
    text = "" if value is None else str(value)
    text = text.translate(_MD_SPECIAL)
    return _MD_LINE_START.sub(r"\1\\\2\3", text)


def md_label(value: object) -> str:
    """Untrusted text for one line of Markdown (a heading, a label): whitespace runs become one space."""
    return md_escape(" ".join(("" if value is None else str(value)).split()))


def md_url(value: object) -> str:
    """A URL for a Markdown autolink ``<...>``: anything that could close it or start a tag is %-encoded."""
    return quote("" if value is None else str(value), safe=":/?#[]@!$&'()*+,;=%~-._")


def packaged_templates() -> Path:
    """The default templates: inside the wheel, or the repository's templates/ folder."""
    packaged = resources.files("briefing").joinpath("_templates")
    if packaged.is_dir():
        return Path(str(packaged))
    return Path(__file__).resolve().parent.parent / "templates"


class Sandbox(ImmutableSandboxedEnvironment):
    """The sandbox, with ``*`` and ``**`` kept from building huge values."""

    intercepted_binops = frozenset(["*", "**"])

    def call_binop(self, context: jinja2.runtime.Context, operator: str, left: object, right: object) -> object:
        if operator == "*":
            for seq, n in ((left, right), (right, left)):
                if isinstance(seq, str | list | tuple) and isinstance(n, int) and len(seq) * n > MAX_REPEAT:
                    raise SecurityError(f"a repetition of more than {MAX_REPEAT:,} items is not allowed")
        if operator == "**" and isinstance(right, int | float) and abs(right) > 1000:
            raise SecurityError("an exponent above 1000 is not allowed")
        return super().call_binop(context, operator, left, right)


@cache
def environment(user_dir: str = "") -> Sandbox:
    """One environment per template folder, built once."""
    default = jinja2.FileSystemLoader(str(packaged_templates()))
    loaders: list[jinja2.BaseLoader] = []
    if user_dir:
        if not Path(user_dir).is_dir():
            raise ConfigError(f"{user_dir}: templates folder not found")
        loaders.append(jinja2.FileSystemLoader(user_dir))
    loaders += [jinja2.PrefixLoader({"default": default}, delimiter=":"), default]
    env = Sandbox(
        loader=jinja2.ChoiceLoader(loaders),
        autoescape=jinja2.select_autoescape(enabled_extensions=("html.j2", "html"), default_for_string=False),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["md"] = md_escape
    env.filters["md_label"] = md_label
    env.filters["md_url"] = md_url
    return env


def load_template(name: str, user_dir: str = "") -> jinja2.Template:
    """Load (and compile) one template; a missing or broken one is one clear ConfigError."""
    try:
        return environment(user_dir).get_template(name)
    except jinja2.TemplateError as exc:
        raise _template_error(exc, name) from None
    except RecursionError:
        raise _recursion(name) from None


def _recursion(name: str) -> ConfigError:
    return ConfigError(f"template {name}: it includes itself (directly or through another template) or extends itself")


def _template_error(exc: jinja2.TemplateError, name: str) -> ConfigError:
    where = getattr(exc, "filename", None) or name
    line = getattr(exc, "lineno", None)
    return ConfigError(f"template {where}{f':{line}' if line else ''}: {exc.message or exc}")


def render(name: str, user_dir: str = "", **context: object) -> str:
    """Render one template; template mistakes become one clear ConfigError."""
    try:
        return load_template(name, user_dir).render(**context)
    except jinja2.TemplateError as exc:
        raise _template_error(exc, name) from None
    except RecursionError:
        raise _recursion(name) from None
