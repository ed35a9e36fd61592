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


# The foreign states by their usual Chinese short names, and the foreign regions and bodies that head a headline
# ("欧洲多国高温持续"): a headline that begins with one reports news of other countries (world by the guideline).
# Two characters or more (one-character abbreviations begin ordinary words: 美丽, 日前); none that also begins a
# home place or people (中非 China-Africa, 黑山县, 巴林左旗, 蒙古族: 蒙古国 is the state).
FOREIGN_PLACES: tuple[str, ...] = tuple(
    (
        "阿富汗 阿尔巴尼亚 阿尔及利亚 安道尔 安哥拉 安提瓜和巴布达 阿根廷 亚美尼亚 澳大利亚 奥地利 "
        "阿塞拜疆 巴哈马 孟加拉国 巴巴多斯 白俄罗斯 比利时 伯利兹 贝宁 不丹 玻利维亚 波黑 "
        "波斯尼亚和黑塞哥维那 博茨瓦纳 巴西 文莱 保加利亚 布基纳法索 布隆迪 柬埔寨 喀麦隆 加拿大 "
        "佛得角 乍得 智利 哥伦比亚 科摩罗 刚果 哥斯达黎加 科特迪瓦 克罗地亚 古巴 塞浦路斯 捷克 "
        "朝鲜 丹麦 吉布提 多米尼克 多米尼加 厄瓜多尔 埃及 萨尔瓦多 赤道几内亚 厄立特里亚 爱沙尼亚 "
        "埃斯瓦蒂尼 埃塞俄比亚 斐济 芬兰 法国 加蓬 冈比亚 格鲁吉亚 德国 加纳 希腊 格林纳达 "
        "危地马拉 几内亚 几内亚比绍 圭亚那 海地 洪都拉斯 匈牙利 冰岛 印度 印度尼西亚 印尼 伊朗 "
        "伊拉克 爱尔兰 以色列 意大利 牙买加 日本 约旦 哈萨克斯坦 肯尼亚 基里巴斯 科威特 "
        "吉尔吉斯斯坦 老挝 拉脱维亚 黎巴嫩 莱索托 利比里亚 利比亚 列支敦士登 立陶宛 卢森堡 "
        "马达加斯加 马拉维 马来西亚 马尔代夫 马里 马耳他 马绍尔群岛 毛里塔尼亚 毛里求斯 墨西哥 "
        "密克罗尼西亚 摩尔多瓦 摩纳哥 蒙古国 摩洛哥 莫桑比克 缅甸 纳米比亚 瑙鲁 尼泊尔 荷兰 "
        "新西兰 尼加拉瓜 尼日尔 尼日利亚 北马其顿 挪威 阿曼 巴基斯坦 帕劳 巴勒斯坦 巴拿马 "
        "巴布亚新几内亚 巴拉圭 秘鲁 菲律宾 波兰 葡萄牙 卡塔尔 韩国 罗马尼亚 俄罗斯 卢旺达 "
        "圣基茨和尼维斯 圣卢西亚 圣文森特和格林纳丁斯 萨摩亚 圣马力诺 圣多美和普林西比 沙特 "
        "沙特阿拉伯 塞内加尔 塞尔维亚 塞舌尔 塞拉利昂 新加坡 斯洛伐克 斯洛文尼亚 所罗门群岛 索马里 "
        "南非 南苏丹 西班牙 斯里兰卡 苏丹 苏里南 瑞典 瑞士 叙利亚 塔吉克斯坦 坦桑尼亚 泰国 "
        "东帝汶 多哥 汤加 特立尼达和多巴哥 突尼斯 土耳其 土库曼斯坦 图瓦卢 乌干达 乌克兰 阿联酋 "
        "英国 美国 乌拉圭 乌兹别克斯坦 瓦努阿图 委内瑞拉 越南 也门 赞比亚 津巴布韦 欧盟 欧洲 "
        "非洲 中东 拉美 东盟 联合国 北约 加沙 "
    ).split()
)

# A headline of the central authorities' documents and laws (politics by the guideline, whatever their subject).
_CENTRAL_DOCUMENT = re.compile(
    r"^(?:中共中央|国务院|中央办公厅|国务院办公厅)[\s、和与]*(?:国务院|国务院办公厅)?[\s]*(?:印发|发布|公布)|国务院令"
)

# The home armed forces (the PLA and its services, theatre commands, the armed police, carriers, recruitment,
# veterans): politics by the guideline whatever the subject (a soldier's profile, troops in flood relief).
_ARMED_FORCES = re.compile(
    r"解放军|战区|空军|海军|陆军|火箭军|武警|航母|子弟兵|国防|征兵|退役军人|军队|官兵|部队|军人|八一"
)
_SUBJECTS = ("economy", "society", "science")  # step 3 of the guideline: the sections of a story's subject


def section_of(article: Article, classifier: SectionModel | None = None) -> str:
    """The section an article belongs to: its source's hint when that names one; ``world`` when the headline
    begins with a foreign place (``FOREIGN_PLACES``) or it or its lead names a foreign counterpart
    (:func:`briefing.events.counterparts`: a leader's foreign affairs are world news); ``politics`` for the
    central authorities' documents; else the model's (``classifier``, by default the packaged one), except that
    a story of the home armed forces (``_ARMED_FORCES`` in the headline or the lead's first sentence) the model
    files under a subject is ``politics``.  The model decides first so that foreign forces stay world news."""
    if article.section:
        hint = article.section.strip().lower()
        for key, (zh, en) in TOPICS.items():
            if hint in {key, zh.lower(), en.lower()}:
                return key
    if not article.title.strip() and not article.paragraphs:
        return "other"
    head, first = event_text(article.title), lead_text(article.paragraphs).split("。", 1)[0]
    if counterparts(head) or counterparts(first) or head.startswith(FOREIGN_PLACES):
        return "world"
    if _CENTRAL_DOCUMENT.search(head):
        return "politics"
    said = (classifier or model()).predict(article.title, article.paragraphs)
    if said in _SUBJECTS and (_ARMED_FORCES.search(head) or _ARMED_FORCES.search(first)):
        return "politics"
    return said
