"""Which section a story belongs to: its source's hint when that names one, else a small learned model.

The model (``sections.json``) is multinomial naive Bayes over the character
bigrams of the headline (without a 【column】 kicker, counted ``headline_weight``
times) and the lead (the first two sentences).  It was trained by
``benchmarks/train_sections.py`` on the *tune* part of the section labels
(``tests/data/section_labels.jsonl`` and ``section_labels_more.jsonl``: stories
read and labelled by the guideline of ``section_labels.md``, all dated before
2025-03-01); the *test* part of ``section_labels.jsonl`` measures it
(``benchmarks/bench_events.py``).  The file holds bigram counts per section,
never text.
"""

from __future__ import annotations

import functools
import json
import math
import re
from collections import Counter
from importlib import resources
from typing import Any

from briefing.events import counterparts, event_text, lead_text
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
        head, lead = bare(event_text(title)), bare(lead_text(paragraphs)[: self.lead_chars])
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
