"""The operator's report of a build: what the reader files never show.

Pages, the e-mail edition and the feeds are for readers: they name the model
that wrote the English and say in plain words when a story's English needs
checking.  Everything an operator needs besides stderr goes into one text
file per day, ``OUT/.briefing/reports/<date>.txt``, outside the published set
(it is not linked from any page, and a rerun of the day replaces it): the
problems of the run with their paths, each story's flags with their reasons
(extractive fallbacks, numbers, names, untranslated sentences), the stories
left out of the page, the model and the server behind the English, and what
would give English when there was no translator.  The day's JSON keeps the
same details per story.
"""

from __future__ import annotations

from pathlib import Path

from briefing.outfolder import META
from briefing.records import Briefing

REPORTS = "reports"
NO_TRANSLATOR = (
    "no translator: English is key terms only; `briefing models pull opus-mt-zh-en` (a local model) "
    "or translate.endpoint (an OpenAI-compatible server) gives full translations"
)


def report_path(out: Path, date: str) -> Path:
    """Where the report of ``date``'s build is kept in the output folder ``out``."""
    return out / META / REPORTS / f"{date}.txt"


def report_text(b: Briefing) -> str:
    """The report: a header, then one section per kind of detail (empty sections left out)."""
    lines = [f"briefing report for {b.date} ({b.generator})", f"stories: {len(b.stories)} shown, {len(b.cut)} left out"]
    if b.translated:
        where = f" at {b.english_host}" if b.english_host else " on this machine"
        model = b.english_model or "an unnamed model"
        lines.append(f"English: {b.english_count} of {len(b.stories)} stories by {model}{where}")
    else:
        lines.append(NO_TRANSLATOR)
    sections = [
        ("problems", list(b.failures)),
        ("flags", [f"«{s.article.title}» (#{s.anchor}): {flag}" for s in b.stories for flag in s.flags]),
        ("left out of the page (in the JSON)", [f"«{s.article.title}»: {s.cut}" for s in b.cut]),
    ]
    for heading, items in sections:
        if items:
            lines += ["", f"{heading} ({len(items)}):", *(f"- {item}" for item in items)]
    return "\n".join(lines) + "\n"
