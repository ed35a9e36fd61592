"""Arrange the day's stories: merged when duplicate, grouped by event, ranked, capped, sectioned.

Copies (5-gram containment over the body) are merged into one story; reports
of one event from different sources or pages (:mod:`briefing.events`) are
grouped under a lead story.  Leads are ranked by an importance score whose
parts stay in the JSON (position on the page, length, how many sources carry
the event, a repeat of an earlier day); the top N open the briefing, at most
``max_stories`` are shown, and the rest follow in topic sections in the
configured order.
"""

from __future__ import annotations

import logging
import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import replace

from briefing.config import EditorialOptions
from briefing.continuity import REPEAT, Candidate, relate
from briefing.events import event_text, group_events
from briefing.history import Day
from briefing.records import Arrangement, Article, Section, Story
from briefing.textnorm import bare

log = logging.getLogger("briefing")

# General news vocabulary per section; a story goes to the section whose words
# it uses most (title words count double).  Reviewed against five broadcast
# transcripts: weather and disasters are society, foreign affairs and foreign
# place names are world, culture, sport and heritage are with science and
# education.
TOPICS: dict[str, tuple[str, str, tuple[str, ...]]] = {
    "politics": (
        "时政",
        "Politics",
        tuple(
            "中央 国务院 总书记 主席 党 政府 会议 政策 意见 人大 政协 部署 改革 政务 纪律 治理 干部 机制 "
            "委员长 常委会 全会 座谈会 国务院令 法实施".split()
        ),
    ),
    "economy": (
        "经济",
        "Economy",
        tuple(
            "经济 企业 投资 市场 外贸 消费 产业 金融 银行 贸易 增长 营商 税 制造 农业 粮食 收入 亿元 进出口 "
            "关税 造船 订单 用户 产量 原煤 收获 春耕 丰收 三农 乡村振兴 期货 航线 班列 运货".split()
        ),
    ),
    "society": (
        "社会",
        "Society",
        tuple(
            "就业 群众 社区 民生 服务 毕业生 居民 救援 地震 灾区 养老 医疗 住房 安全 交通 志愿 "
            "降雨 暴雨 强降雨 降雪 寒潮 台风 气象 天气 预警 洪涝 防汛 汛期 灾害 救灾 抢险 水毁 消防".split()
        ),
    ),
    "science": (
        "科教文卫",
        "Science, Education & Culture",
        tuple(
            "教育 学校 高校 学生 科技 科学 研究 文化 卫生 健康 体育 纪念馆 博物馆 艺术 创新 技术 航天 考古 "
            "文物 遗产 非遗 纪录片 节目 播出 开播 电影 运动会 大运会 奥运 残奥 全民健身 赛事 节气 旅游 "
            "疫情 植物园 科考".split()
        ),
    ),
    "world": (
        "国际",
        "World",
        tuple(
            "美国 俄罗斯 俄 乌克兰 乌 欧洲 联合国 外交 国际 总统 以色列 巴勒斯坦 日本 韩国 "
            "英国 法国 德国 全球 多国 外国 "
            "国集团 外长 大使 峰会 倡议 联大 "
            "伊朗 苏丹 加拿大 印尼 印度 尼日尔 刚果 白俄罗斯 巴基斯坦 朝鲜 越南 老挝 泰国 非洲 中东 "
            "加沙 哈马斯 北约 欧盟 维和 总理 首相 驻军 政变 飓风 当地时间".split()
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


def merge_duplicates(stories: Sequence[Story], threshold: float) -> list[Story]:
    """Merge stories that are the same story (an edited copy, a trimmed version): new stories, the ones
    given are left as they were.

    An index of the kept stories' 5-grams finds the stories that share any
    text, so a day of thousands of stories compares only those.
    """
    kept: list[Story] = []
    shingles: list[set[str]] = []
    postings: dict[str, list[int]] = {}
    for story in stories:
        sh = _shingles(story.article)
        candidates = sorted({i for g in sh for i in postings.get(g, ())})  # kept stories sharing any 5-gram
        match = next((i for i in candidates if containment(sh, shingles[i]) >= threshold), None)
        if match is None:
            kept.append(story)
            shingles.append(sh)
            for g in sh:
                postings.setdefault(g, []).append(len(kept) - 1)
            continue
        host = kept[match]
        # the longer text stays the story's body; the other is listed as a source
        if len(story.article.text) > len(host.article.text):
            kept[match] = replace(story, merged=(host.article, *host.merged), sources=_union(story, host))
            for g in sh - shingles[match]:
                postings.setdefault(g, []).append(match)
            shingles[match] = sh
        else:
            kept[match] = replace(host, merged=(*host.merged, story.article), sources=_union(host, story))
        log.debug("merged «%s» with «%s»", story.article.title, host.article.title)
    return kept


def _union(first: Story, second: Story) -> tuple[str, ...]:
    return tuple(dict.fromkeys([*first.sources, *second.sources]))


def scored(story: Story) -> Story:
    """The story with its importance: early on its page, substantial, carried by several sources, not a repeat."""
    parts = {
        "position": 1.0 / math.sqrt(1 + story.article.position),
        "length": min(1.0, math.log1p(len(story.article.text)) / math.log1p(3000)),
        "sources": math.log2(1 + len(story.source_names)),
    }
    if story.article.continuation and story.article.title_derived:
        parts["fragment"] = -0.3  # a headless continuation is a part of a story
    if story.continuity.status == REPEAT:
        parts["repeat"] = -1.5  # published before: never a top story again
    return replace(story, score_parts={k: round(v, 3) for k, v in parts.items()}, score=round(sum(parts.values()), 4))


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


def _rank(stories: Sequence[Story]) -> list[Story]:
    """The stories scored anew, most important first."""
    return sorted(map(scored, stories), key=lambda s: (-s.score, s.article.source, s.article.position, s.article.id))


def group(stories: Sequence[Story], threshold: float, max_days: int) -> list[Story]:
    """Stories about one event (different sources or pages) under one lead; the leads, ranked."""
    ordered = _rank(stories)
    groups = group_events(
        [event_text(s.article.title) for s in ordered],
        threshold,
        [s.article.id for s in ordered],
        [s.article.date for s in ordered],
        max_days,
    )
    return _rank([replace(ordered[first], related=tuple(ordered[i] for i in rest)) for first, *rest in groups])


def _anchor(story: Story, used: set[str]) -> str:
    base = "s-" + (re.sub(r"[^A-Za-z0-9_-]", "", story.article.id)[:40] or "story")
    anchor, n = base, 2
    while anchor in used:
        anchor, n = f"{base}-{n}", n + 1
    used.add(anchor)
    return anchor


def _marked(leads: list[Story], earlier: Sequence[Day], threshold: float) -> list[Story]:
    """The leads and their other reports, each marked new, follow-up or repeat of an earlier day."""
    flat = [s for lead in leads for s in (lead, *lead.related)]
    marks = iter(relate([Candidate(s.article.id, s.article.title, s.summary.text) for s in flat], earlier, threshold))
    out = []
    for lead in leads:
        mark = next(marks)
        related = tuple(replace(r, continuity=next(marks)) for r in lead.related)
        out.append(replace(lead, continuity=mark, related=related))
    return out


def arrange(stories: Sequence[Story], ed: EditorialOptions, earlier: Sequence[Day] = ()) -> Arrangement:
    """Group events, mark continuity, rank, cap, pick the top stories and fill the sections in fixed order.

    Returns new stories; the ones given are left as they were.
    """
    leads = group(stories, ed.event_threshold, ed.event_days)
    if earlier:
        leads = _rank(_marked(leads, earlier, ed.event_threshold))  # repeats sink
    cut: list[Story] = []
    kept: list[Story] = []
    shown = 0
    for lead in leads:
        if ed.drop_repeats and all(s.continuity.status == REPEAT for s in (lead, *lead.related)):
            reason = "repeat"
        elif shown >= ed.max_stories:
            reason = "cap"
        else:
            reason = None
        if reason:
            cut += [replace(lead, cut=reason, related=()), *(replace(s, cut=reason) for s in lead.related)]
            continue
        room = max(0, ed.max_stories - shown - 1)
        cut += [replace(s, cut="cap") for s in lead.related[room:]]
        kept.append(replace(lead, related=lead.related[:room]))
        shown += 1 + len(lead.related[:room])
    top, rest = kept[: ed.top_stories], kept[ed.top_stories :]
    topics = [topic_of(s.article) for s in rest]
    order = [  # "other" comes last unless placed
        (key, [s for s, t in zip(rest, topics, strict=True) if t == key])
        for key in dict.fromkeys([*ed.sections, "other"])
    ]
    reading = [s for lead in [*top, *(s for _, members in order for s in members)] for s in (lead, *lead.related)]
    titles = Counter(s.article.title for s in reading)
    used: set[str] = set()

    def placed(story: Story, top: bool = False) -> Story:
        """The story with its section, anchor (unique, in reading order) and tag; a lead's reports after it."""
        tag = (story.sources[0] if story.sources else "") if titles[story.article.title] > 1 else story.tag
        head = replace(story, section=topic_of(story.article), anchor=_anchor(story, used), tag=tag, top=top)
        return replace(head, related=tuple(placed(r) for r in story.related))

    top_placed = tuple(placed(s, top=True) for s in top)
    sections = tuple(
        Section(key, *(TOPICS[key][:2] if key in TOPICS else OTHER), tuple(placed(s) for s in members))
        for key, members in order
        if members
    )
    return Arrangement(top_placed, sections, tuple(placed(s) for s in cut))
