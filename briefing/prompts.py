"""Prompts for LLM backends: instructions from template files, source as delimited data.

The instructions live in ``templates/prompts/*.j2`` and are overridable like
the page templates (a ``prompts/translate.j2`` in the user's templates folder
wins).  They become the system message; the text to work on goes alone into
the user message between ``<source>`` and ``</source>``, with any such tag in
the text itself defused, so an article can never pose as instructions.
"""

from __future__ import annotations

import hashlib
import re

from briefing.render import environment, render, template_source

OPEN, CLOSE = "<source>", "</source>"
_TAG = re.compile(r"<\s*/?\s*source\s*>", re.IGNORECASE)  # < /source > too: spaces anywhere inside


def as_data(text: str) -> str:
    """``text`` between the delimiters, any delimiter inside it defused."""
    return f"{OPEN}\n{_TAG.sub(lambda m: m.group(0).replace('<', '‹').replace('>', '›'), text)}\n{CLOSE}"


def messages(name: str, source: str, templates: str = "", **context: object) -> list[dict[str, str]]:
    """System instructions from ``prompts/<name>.j2`` and the source as data."""
    instructions = render(f"prompts/{name}.j2", templates, None, **context).strip()
    return [{"role": "system", "content": instructions}, {"role": "user", "content": as_data(source)}]


def prompt_hash(name: str, templates: str = "") -> str:
    """A short hash of the template text in use: an edited prompt never reuses cached answers.  Read (and
    checked: a link out of the folder is a ConfigError) when the backend is built, before any request."""
    source = template_source(f"prompts/{name}.j2", templates)
    return hashlib.sha256(source.encode("utf-8")).hexdigest()[:12]


def prompt_names(templates: str = "") -> list[str]:
    """Every prompt a backend can render: the packaged ones and those of the templates folder."""
    env = environment(templates)
    names = env.list_templates(filter_func=lambda t: t.startswith("prompts/") and t.endswith(".j2"))
    return sorted({t.removeprefix("prompts/").removesuffix(".j2") for t in names})


def echoes(answer: str, instructions: str) -> bool:
    """Whether an answer repeats the prompt: a delimiter, or a whole line of the instructions."""
    if OPEN in answer or CLOSE in answer:
        return True
    lines = [ln.strip() for ln in instructions.splitlines() if len(ln.strip()) >= 24]
    return any(ln in answer for ln in lines)
