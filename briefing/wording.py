"""What readers are told in words, decided once for every surface that tells it.

The page, the Markdown, the e-mail edition, the index and the feeds all say
these things; each says them in these words, so no surface words a doubt
differently or leaves one out.  Templates get the fixed phrases as globals
(:func:`briefing.render.environment`); Python code calls the functions.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

# What a reader is asked to check in a story's machine English, in plain words (the reasons, for the
# operator, are the story's flags in the JSON). The order is the order they are said in.
DOUBTS = ("numbers", "names and terms", "a sentence not translated")
NO_ENGLISH_TODAY = "英文摘要今日暂缺 English summaries are not available today"
NO_ENGLISH_STORY = "英文暂缺 No English for this story"
YEAR_ASSUMED = "年份推定 year assumed"
# A story's other reports of its event: by other outlets, and by its own outlet (never "also reported by").
ALSO_REPORTED_BY = "同一事件 Also reported by"
RELATED_REPORTS = "相关报道 Related reports"
# The mark before a line a reader should check (a story's check line, a flag) on the pages, the Markdown,
# the HTML e-mail, the index and the feeds; plain text (the text e-mail, ``summarize``) marks it with "!".
CHECK_MARK = "⚠"


def check_line(doubts: Iterable[str]) -> str | None:
    """The one line a reader sees when a story's English needs checking (``doubts``: some of
    :data:`DOUBTS`), or None when there is nothing to check."""
    said = [d for d in DOUBTS if d in set(doubts)]
    return f"请对照中文核对 Check the English against the Chinese ({', '.join(said)})" if said else None


def flagged(line: str) -> str:
    """A line a reader should check, marked as every surface marks it (:data:`CHECK_MARK` before it);
    templates write it ``{{ story.check | flagged }}``."""
    return f"{CHECK_MARK} {line}"


def mt_credit(model: str) -> str:
    """The words of the machine-translation credit, in both languages, naming the model (a name as
    :func:`model_name` gives it). Surfaces call :func:`english_credit`, which decides when it is said."""
    by = f"（{model}）" if model else ""
    return f"英文为机器翻译{by} · English: machine translation" + (f" by {model}" if model else "")


def english_credit(model: str, english: Iterable[object]) -> str:
    """The credit of the machine English a surface shows: said when any of ``english`` (what it shows of
    English: texts, or whether each story shows some) is there, naming ``model`` as readers may see it
    (:func:`model_name`); "" when the surface shows no English. Every surface credits through this."""
    return mt_credit(model_name(model)) if any(english) else ""


def model_name(model: str) -> str:
    """A model's name from what a backend reports: a local folder or a server's model id may be a path
    (``/srv/models/opus-mt-zh-en``), of which only the last part is a name."""
    parts = [p for p in re.split(r"[\\/]", model.strip()) if p]
    return parts[-1] if parts else ""


def story_date(date: str, year_guessed: bool) -> str:
    """A story's own date as a line of plain text shows it: marked when its year was assumed."""
    return f"{date} ({YEAR_ASSUMED})" if date and year_guessed else date


# The phrases templates use, by the names they use them under.
TEMPLATE_GLOBALS = {
    "no_english_today": NO_ENGLISH_TODAY,
    "no_english_story": NO_ENGLISH_STORY,
    "year_assumed": YEAR_ASSUMED,
    "also_reported_by": ALSO_REPORTED_BY,
    "related_reports": RELATED_REPORTS,
}
