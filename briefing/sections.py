"""Which section a story belongs to: its source's hint when that names one, else a small learned model.

The model (``sections.json``) is multinomial naive Bayes over the character
bigrams of the headline (without a 【column】 kicker, counted ``headline_weight``
times) and the lead (:func:`subject_lead`: the first two sentences that do not
cite the leadership's words).  Every story weighs the same in training (its
bigram counts scaled to sum to ``story_weight``), so the long leads of the large
sections do not drown the small ones.  It was trained by
``benchmarks/train_sections.py`` on every section label
(``tests/data/section_labels.jsonl`` and ``section_labels_more.jsonl``: 1,500
stories read and labelled by the guideline of ``section_labels.md``) and chosen
by cross-validation over them (``--cv``, ``--months``, ``--forward``).  The file
holds bigram counts per section, never text.
"""

from __future__ import annotations

import functools
import json
import math
import re
from collections import Counter
from importlib import resources
from typing import Any

from briefing.events import LEAD_CHARS, counterparts, event_text, lead_text
from briefing.records import Article
from briefing.textnorm import bare

# key -> (Chinese name, English name), in the default order
TOPICS: dict[str, tuple[str, str]] = {
    "politics": ("时政", "Politics"),
    "economy": ("经济", "Economy"),
    "society": ("社会", "Society"),
    "science": ("科教文卫", "Science, Education & Culture"),
    "world": ("国际", "World"),
}
OTHER = ("其他", "Other")


class SectionModel:
    """Naive Bayes over character bigrams: counts per section, read from ``sections.json``."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.headline_weight = int(data["headline_weight"])
        self.alpha = float(data["alpha"])
        self.lead_chars = int(data["lead_chars"])
        self.counts: dict[str, dict[str, int]] = data["counts"]
        self.prior = {k: math.log(n + 1) for k, n in data["documents"].items()}
        vocabulary = len({g for c in self.counts.values() for g in c})
        self.denominator = {
            k: math.log(sum(c.values()) + self.alpha * vocabulary or 1.0) for k, c in self.counts.items()
        }

    def features(self, title: str, paragraphs: list[str]) -> Counter[str]:
        head, lead = bare(event_text(title)), bare(subject_lead(paragraphs)[: self.lead_chars])
        grams: Counter[str] = Counter()
        for _ in range(self.headline_weight):
            grams.update(head[i : i + 2] for i in range(len(head) - 1))
        grams.update(lead[i : i + 2] for i in range(len(lead) - 1))
        return grams

    def scores(self, title: str, paragraphs: list[str]) -> dict[str, float]:
        """Log-probability (up to a constant) of each section."""
        grams = self.features(title, paragraphs)
        out = {}
        for key, counts in self.counts.items():
            known = sum(n * math.log(counts.get(g, 0) + self.alpha) for g, n in grams.items())
            out[key] = self.prior[key] + known - sum(grams.values()) * self.denominator[key]
        return out

    def predict(self, title: str, paragraphs: list[str]) -> str:
        scores = self.scores(title, paragraphs)
        return max(sorted(scores), key=lambda k: scores[k]) if scores else "other"


# A sentence that cites the leadership's words or decisions frames a story ("总书记指出……", "党的二十大报告提出……",
# "二十届三中全会强调……", "以……同志为核心的党中央……"); by the guideline a framed story is filed by what it reports.
_FRAMING = re.compile(
    r"总书记[^，。；]{0,8}?(?:指出|强调|提出|要求|说|深刻|高度)"
    r"|党的[一二三四五六七八九十]+大|[一二三四五六七八九十]+中全会|以[^，。]{0,8}同志为核心的党中央"
)
_SENTENCE_END = re.compile(r"(?<=[。！？!?])")


def subject_lead(paragraphs: list[str]) -> str:
    """The lead (:func:`briefing.events.lead_text`) of the text without the sentences that frame it by citing
    the leadership (``_FRAMING``): what the story reports, not whose words it invokes.  The whole lead when
    every sentence frames."""
    text = "".join(paragraphs[:3])[: LEAD_CHARS * 3]
    kept = [s for s in _SENTENCE_END.split(text) if s and not _FRAMING.search(s)]
    return lead_text(["".join(kept)] if kept else paragraphs)


@functools.cache
def model() -> SectionModel:
    """The packaged model, loaded once."""
    text = resources.files("briefing").joinpath("sections.json").read_text("utf-8")
    return SectionModel(json.loads(text))


# A headline of the central authorities' documents and laws (politics by the guideline, whatever their subject).
_CENTRAL_DOCUMENT = re.compile(
    r"^(?:中共中央|国务院|中央办公厅|国务院办公厅)[\s、和与]*(?:国务院|国务院办公厅)?[\s]*(?:印发|发布|公布)|国务院令"
)


def section_of(article: Article, classifier: SectionModel | None = None) -> str:
    """The section an article belongs to: its source's hint when that names one; ``world`` when the headline
    or its lead names a foreign counterpart (:func:`briefing.events.counterparts`: a leader's foreign affairs are world
    news); ``politics`` for the central authorities' documents; else the model's (``classifier``, by default
    the packaged one)."""
    if article.section:
        hint = article.section.strip().lower()
        for key, (zh, en) in TOPICS.items():
            if hint in {key, zh.lower(), en.lower()}:
                return key
    if not article.title.strip() and not article.paragraphs:
        return "other"
    head, lead = event_text(article.title), lead_text(article.paragraphs)
    if counterparts(head) or counterparts(lead.split("。", 1)[0]):
        return "world"
    if _CENTRAL_DOCUMENT.search(head):
        return "politics"
    return (classifier or model()).predict(article.title, article.paragraphs)
