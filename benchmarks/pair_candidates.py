"""Candidate pairs to label for event grouping and follow-ups (issue #21), drawn reproducibly.

Reads ``../shared/data/xwlb_headline_train/data.jsonl`` and writes two files
of references (ids, never texts) to ``--out``:

- ``event_candidates.jsonl``: pairs of stories on the same day or the next
  calendar day, ``{"a", "b", "part", "stratum"}`` with ``a`` the earlier story
  (on one day: the one earlier in the file);
- ``followup_candidates.jsonl``: ``{"earlier", "later", "part", "stratum"}``
  with the later story 1 to 7 calendar days after the earlier one.

Strata (each drawn per part, in this order, with its own seeded generator; a
stratum leaves out the pairs drawn before it):

- ``entity``: a uniform sample of the pairs in the window that share a named
  entity (see :func:`entities`);
- ``random``: a uniform sample of all pairs in the window (entity-sharing or
  not), minus pairs already drawn for ``entity``;
- ``enriched``: a uniform sample of the pairs in the window whose headlines are
  similar (TF-IDF cosine over character 2-3-grams of the headline without a
  leading 【kicker】 >= ENRICH_MIN), minus pairs already drawn.  Used for the
  follow-up set only, because natural sampling gave too few follow-ups to
  measure precision on the test part; evaluation must report it apart from the
  natural strata (``entity`` and ``random``).

The sizes below are per part.  Changing one redraws that stratum (and the
strata drawn after it in the same part), so the labelled files must be redrawn
and relabelled with it: ``tests/test_pair_labels.py`` checks that this script
draws exactly the labelled pairs.

Items dated on one of the ``xwlb_pages`` days are left out.  ``part`` is
``tune`` when both dates are before TEST_FROM, ``test`` when both are on or
after it; pairs straddling it are dropped.

    python benchmarks/pair_candidates.py --out /tmp/candidates
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import random
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

SHARED = Path(__file__).resolve().parent.parent.parent / "shared"
SET = "xwlb_headline_train"
SEED = 21  # the issue number
TEST_FROM = "20250301"
EVENT_DAYS = 1  # event pairs: same day or next day
FOLLOWUP_DAYS = (1, 7)  # follow-up pairs: the later story 1..7 days after the earlier
# stratum -> pairs drawn per part
EVENT_SIZES = {"entity": 420, "random": 105, "enriched": 0}
FOLLOWUP_SIZES = {"entity": 220, "random": 55, "enriched": 130}
ENRICH_MIN = 0.30

ENTITY_TAGS = {"nr", "nrfg", "nrt", "ns", "nt", "nz"}  # jieba.posseg: person, place, organisation, other proper noun
# Words jieba tags as proper nouns that name no particular person, place or
# organisation (read off the 500 most frequent tagged words of the set), and the
# broadcaster's own country, which nearly every story names.
NOT_ENTITIES = frozenset(
    """
    中国 中华人民共和国 中华民族 中华 中国式 中华文明 中华文化 两国 外国 大国 大省 新闻联播 央视网
    城市 高水平 新春 文明 祝贺 田野 贺信 党和国家 美丽 印发 和平 强降雨 弘扬 深度 智慧 权威 祝福
    新一轮 广大干部 高峰 友谊 热烈祝贺 福祉 改革开放 嘉宾 治国 新春佳节 春耕 青春 缅怀 红利 从严治党
    促发展 新兴产业 全党全国 喜庆 蓝图 台风 冬小麦 夏粮 新进展 扎根 智能化 四次会议 大江南北 神州大地
    惠民 英雄 迎新春 段时间 惠及 高原 传统友谊 纪检监察 汇报 公正 城市更新 欢度 新年伊始 华章 友好邻邦
    养老 海洋 宜居 新格局 三农 新春伊始 隆重举行 乐享 绿水青山 开放型 采取措施 封锁 洪水 卓越 光荣
    重大意义 山水相连 幸福感 历久弥坚 大力发展 田管 山水 共同富裕 施策 师生 能源安全 新天地 秋收
    广大青年 祥和 由南向北 殷切期望 卫星 革命家 丰硕成果 城镇 高端化 依法治国 王储 顾问 今天上午
    宣传教育 青少年 金秋 普及 关怀 安康 新区 加大力度 建立健全 雷达站 雷达 通讯 安全感 伟大事业
    党风廉政 庆典 江河 巨变 光辉 越冬 爱国 玉米 麦收 陆军 乌称 巴称 巴方 德国总理 白皮书 联合会
    国家机关 金山 银山 通讯社
    """.split()
)
_PREFIX = re.compile(r"^央视网消息(?:（新闻联播）)?[：:]")
_SENTENCE_END = re.compile(r"(?<=[。！？])")
_TITLE = re.compile(r"《([^》]{2,40})》")
_KICKER = re.compile(r"^【[^】]*】")
LEAD_SENTENCES = 2
LEAD_CHARS = 200


@dataclass(frozen=True)
class Story:
    id: str
    date: str  # YYYYMMDD
    order: int  # position in the file
    headline: str
    lead: str  # the first sentences of the text, without the source prefix


def page_days(shared: Path) -> set[str]:
    """The dates of the transcript pages (``xwlb_pages``): their stories are left out."""
    return {p.stem[:8] for p in (shared / "data" / "xwlb_pages").glob("*.txt")}


def lead_of(article: str) -> str:
    """The first LEAD_SENTENCES sentences (at most LEAD_CHARS characters) after the source prefix."""
    text = _PREFIX.sub("", article.strip())
    return "".join(_SENTENCE_END.split(text)[:LEAD_SENTENCES])[:LEAD_CHARS]


def load_stories(shared: Path = SHARED) -> list[Story]:
    """The set's stories in file order, without those dated on a page day."""
    skip = page_days(shared)
    stories = []
    with (shared / "data" / SET / "data.jsonl").open(encoding="utf-8") as f:
        for n, line in enumerate(f):
            row = json.loads(line)
            if row["date"] not in skip:
                stories.append(Story(row["id"], row["date"], n, row["summary"], lead_of(row["article"])))
    return stories


def entities(story: Story) -> frozenset[str]:
    """Named entities of the headline and lead: jieba.posseg words tagged nr/nrfg/nrt/ns/nt/nz
    of two or more characters that are not in NOT_ENTITIES, and every 《title》."""
    import jieba
    import jieba.posseg as pseg

    jieba.setLogLevel(60)
    text = f"{story.headline}。{story.lead}"
    found = {w for w, tag in pseg.cut(text) if tag in ENTITY_TAGS and len(w) >= 2 and w not in NOT_ENTITIES}
    return frozenset(found | {f"《{t}》" for t in _TITLE.findall(text)})


def day(date: str) -> dt.date:
    return dt.date(int(date[:4]), int(date[4:6]), int(date[6:]))


def part_of(a: Story, b: Story) -> str | None:
    """``tune``/``test`` when both dates fall on one side of TEST_FROM, else None."""
    if a.date < TEST_FROM and b.date < TEST_FROM:
        return "tune"
    if a.date >= TEST_FROM and b.date >= TEST_FROM:
        return "test"
    return None


def pairs_within(stories: list[Story], low: int, high: int) -> Iterator[tuple[Story, Story]]:
    """Every (earlier, later) pair whose dates are ``low``..``high`` days apart, one part only."""
    ordered = sorted(stories, key=lambda s: (s.date, s.order))
    for i, a in enumerate(ordered):
        for b in ordered[i + 1 :]:
            gap = (day(b.date) - day(a.date)).days
            if gap > high:
                break
            if gap >= low and part_of(a, b):
                yield a, b


class HeadlineSimilarity:
    """TF-IDF cosine over character 2-3-grams of headlines (a leading 【kicker】 removed)."""

    def __init__(self, stories: Iterable[Story]) -> None:
        grams = {s.id: self._grams(s.headline) for s in stories}
        df = Counter(g for gs in grams.values() for g in set(gs))
        n = len(grams)
        self.vectors = {}
        for sid, gs in grams.items():
            vec = {g: c * math.log((1 + n) / (1 + df[g])) for g, c in Counter(gs).items()}
            norm = math.sqrt(sum(v * v for v in vec.values())) or 1.0
            self.vectors[sid] = {g: v / norm for g, v in vec.items()}

    @staticmethod
    def _grams(headline: str) -> list[str]:
        text = re.sub(r"\s+", "", _KICKER.sub("", headline))
        return [text[i : i + k] for k in (2, 3) for i in range(len(text) - k + 1)]

    def __call__(self, a: Story, b: Story) -> float:
        va, vb = self.vectors[a.id], self.vectors[b.id]
        return sum(v * vb.get(g, 0.0) for g, v in va.items())


def draw(
    pool: list[tuple[Story, Story]], size: int, taken: set[tuple[str, str]], seed: str
) -> list[tuple[Story, Story]]:
    """A uniform sample of ``size`` pairs of ``pool`` not in ``taken`` (which it extends)."""
    free = [p for p in pool if (p[0].id, p[1].id) not in taken]
    chosen = random.Random(seed).sample(free, min(size, len(free)))
    chosen.sort(key=lambda p: (p[0].date, p[0].order, p[1].date, p[1].order))
    taken.update((a.id, b.id) for a, b in chosen)
    return chosen


def candidates(
    stories: list[Story],
    ents: dict[str, frozenset[str]],
    sim: HeadlineSimilarity,
    window: tuple[int, int],
    sizes: dict[str, int],
    kind: str,
) -> list[tuple[Story, Story, str, str]]:
    """(earlier, later, part, stratum) for one kind of pair set, strata drawn per part."""
    everything = list(pairs_within(stories, *window))
    out = []
    for part in ("tune", "test"):
        pool = [p for p in everything if part_of(*p) == part]
        shared_entity = [p for p in pool if ents[p[0].id] & ents[p[1].id]]
        similar = [p for p in pool if sim(*p) >= ENRICH_MIN] if sizes.get("enriched") else []
        taken: set[tuple[str, str]] = set()
        for stratum, source in (("entity", shared_entity), ("random", pool), ("enriched", similar)):
            for a, b in draw(source, sizes.get(stratum, 0), taken, f"{SEED}-{kind}-{part}-{stratum}"):
                out.append((a, b, part, stratum))
    return out


def ref(story: Story) -> dict[str, str]:
    return {"set": SET, "id": story.id}


def write(rows: Iterable[dict], path: Path) -> int:
    lines = [json.dumps(r, ensure_ascii=False) for r in rows]
    path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    return len(lines)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", type=Path, required=True, help="folder for the two candidate files")
    ap.add_argument("--shared", type=Path, default=SHARED)
    args = ap.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    stories = load_stories(args.shared)
    ents = {s.id: entities(s) for s in stories}
    sim = HeadlineSimilarity(stories)
    events = candidates(stories, ents, sim, (0, EVENT_DAYS), EVENT_SIZES, "event")
    follow = candidates(stories, ents, sim, FOLLOWUP_DAYS, FOLLOWUP_SIZES, "followup")
    n = write(
        ({"a": ref(a), "b": ref(b), "part": part, "stratum": s} for a, b, part, s in events),
        args.out / "event_candidates.jsonl",
    )
    m = write(
        ({"earlier": ref(a), "later": ref(b), "part": part, "stratum": s} for a, b, part, s in follow),
        args.out / "followup_candidates.jsonl",
    )
    counts = Counter((part, s) for _, _, part, s in events)
    fcounts = Counter((part, s) for _, _, part, s in follow)
    print(f"{n} event pairs {dict(counts)}; {m} follow-up pairs {dict(fcounts)} -> {args.out}")


if __name__ == "__main__":
    main()
