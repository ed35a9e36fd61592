"""Arrange the day's stories: merged when duplicate, ranked, grouped into sections.

Stories are ranked by an importance score whose parts are kept for display
(position on the page, length, how many sources carry the story), merged when
the same story comes from several inputs (5-gram containment over the body,
threshold from the config), and grouped into topic sections when the day's
articles spread over at least two topics.
"""

from __future__ import annotations

import logging
import math
from collections import Counter
from pathlib import Path

from briefing.records import Article, Section, Story
from briefing.textnorm import bare

log = logging.getLogger("briefing")

# General news vocabulary per section; a story goes to the section whose words
# it uses most (title words count double).
TOPICS: dict[str, tuple[str, str, tuple[str, ...]]] = {
    "politics": (
        "时政",
        "Politics",
        tuple("中央 国务院 总书记 主席 党 政府 会议 政策 意见 人大 政协 部署 改革 政务 纪律 治理 干部 机制".split()),
    ),
    "economy": (
        "经济",
        "Economy",
        tuple("经济 企业 投资 市场 外贸 消费 产业 金融 银行 贸易 增长 营商 税 制造 农业 粮食 收入 亿元 进出口".split()),
    ),
    "society": (
        "社会",
        "Society",
        tuple("就业 群众 社区 民生 服务 毕业生 居民 救援 地震 灾区 养老 医疗 住房 安全 交通 志愿".split()),
    ),
    "science": (
        "科教文卫",
        "Science, Education & Culture",
        tuple("教育 学校 高校 学生 科技 科学 研究 文化 卫生 健康 体育 纪念馆 博物馆 艺术 创新 技术 航天 考古".split()),
    ),
    "world": (
        "国际",
        "World",
        tuple(
            "美国 俄罗斯 俄 乌克兰 乌 欧洲 联合国 外交 国际 总统 以色列 巴勒斯坦 日本 韩国 "
            "英国 法国 德国 全球 多国 外国 "
            "国集团 外长 大使 峰会 倡议 联大".split()
        ),
    ),
}
OTHER = ("其他", "Other")


SHINGLE_CHARS = 20_000  # texts are compared on their first 20,000 characters: a story is far shorter


def _shingles(article: Article, n: int = 5) -> set[str]:
    s = bare("".join(article.paragraphs))[:SHINGLE_CHARS]
    return {s[i : i + n] for i in range(len(s) - n + 1)}


def containment(a: set[str], b: set[str]) -> float:
    """Share of the smaller text's 5-grams that the other text also has."""
    if not a or not b:
        return 0.0
    return len(a & b) / min(len(a), len(b))


def merge_duplicates(stories: list[Story], threshold: float) -> list[Story]:
    """Merge stories that are the same story (an edited copy, a trimmed version)."""
    kept: list[Story] = []
    shingles: list[set[str]] = []
    for story in stories:
        sh = _shingles(story.article)
        match = next((i for i, other in enumerate(shingles) if containment(sh, other) >= threshold), None)
        if match is None:
            kept.append(story)
            shingles.append(sh)
            continue
        host = kept[match]
        # the longer text stays the story's body; the other is listed as a source
        if len(story.article.text) > len(host.article.text):
            story.merged = [host.article, *host.merged]
            story.sources = list(dict.fromkeys(story.sources + host.sources))
            kept[match], shingles[match] = story, sh
        else:
            host.merged.append(story.article)
            host.sources = list(dict.fromkeys(host.sources + story.sources))
        log.debug("merged «%s» with «%s»", story.article.title, host.article.title)
    return kept


def score(story: Story) -> None:
    """Importance: early on its page, substantial, carried by several sources."""
    parts = {
        "position": 1.0 / math.sqrt(1 + story.article.position),
        "length": min(1.0, math.log1p(len(story.article.text)) / math.log1p(3000)),
        "sources": math.log2(1 + len(story.sources)),
    }
    if story.article.continuation and story.article.title_derived:
        parts["fragment"] = -0.3  # a headless continuation is a part of a story
    story.score_parts = {k: round(v, 3) for k, v in parts.items()}
    story.score = round(sum(parts.values()), 4)


def topic_of(article: Article) -> str:
    """The section an article belongs to: its source's hint when that names one, else by its words."""
    if article.section:
        hint = article.section.strip().lower()
        for key, (zh, en, _) in TOPICS.items():
            if hint in {key, zh.lower(), en.lower()}:
                return key
    text = article.text
    best, best_n = "other", 0
    for key, (_, _, words) in TOPICS.items():
        n = sum(text.count(w) for w in words) + 2 * sum(article.title.count(w) for w in words)
        if n > best_n:
            best, best_n = key, n
    return best


def arrange(stories: list[Story]) -> list[Section]:
    """Order by score; group into topic sections if at least two topics occur."""
    for s in stories:
        score(s)
    ordered = sorted(stories, key=lambda s: (-s.score, s.article.source, s.article.position, s.article.id))
    for s in ordered:
        s.section = topic_of(s.article)
    used = list(dict.fromkeys(s.section for s in ordered))
    if len(used) < 2 or len(ordered) < 4:
        sections = [Section("all", "要闻", "Top stories", ordered)]
    else:
        sections = []
        for key in [*TOPICS, "other"]:
            members = [s for s in ordered if s.section == key]
            if members:
                zh, en = TOPICS[key][:2] if key in TOPICS else OTHER
                sections.append(Section(key, zh, en, members))
        sections.sort(key=lambda sec: -sec.stories[0].score)
    titles = Counter(s.article.title for s in ordered)
    for n, s in enumerate((s for sec in sections for s in sec.stories), 1):
        s.anchor = f"story-{n}"  # in reading order
        if titles[s.article.title] > 1:
            s.tag = Path(source_file(s.article.source)).stem
    return sections


def source_file(source: str) -> str:
    """The file of an article's source (``name`` or ``name:line`` for JSONL); a ``:`` in the name stays."""
    name, sep, line = source.rpartition(":")
    return name if sep and line.isdigit() else source
