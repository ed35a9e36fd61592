"""Events, follow-ups, sections and ranking (issue #21) through the CLI on written days, and the grouping's
cost at scale (issue #17).  The labelled sets and how the product scores on them: ``benchmarks/bench_events.py``.

Headlines here are written for these tests (no text of the research sets).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

import briefing.events as events
from briefing.cli import main
from briefing.events import Report, counterparts, group_events, lead_text, occasions
from tests.conftest import ROOT, needs_shared

FILLER = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"


def story(title: str, lead: str, source: str = "晚间新闻", date: str = "2025-07-08", n: int = 0) -> dict:
    """A JSONL story; its second paragraph differs from every other story's (no two are copies)."""
    other = "".join(FILLER[(n * 7 + k * 3) % len(FILLER)] for k in range(12))
    return {"id": f"{source}-{date}-{n}", "title": title, "text": f"{lead}有关方面表示将继续跟进。\n（{other}）",
            "date": date, "source": source}  # fmt: skip


def build(tmp_path: Path, rows: list[dict], day: str = "2025-07-08", out: Path | None = None) -> dict[str, dict]:
    """Build ``rows`` as one JSONL input with the CLI; the day's JSON items by title."""
    src = tmp_path / f"in-{day}-{len(rows)}.jsonl"
    src.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), "utf-8")
    out = out or tmp_path / "out"
    res = CliRunner(env={"BRIEFING_HOME": str(tmp_path / "state")}).invoke(
        main, ["-q", "build", str(src), "--out", str(out), "--date", day, "--formats", "json"]
    )
    assert res.exit_code == 0, res.output
    items = json.loads((out / f"{day}.json").read_text("utf-8"))["items"]
    return {i["title"]: i for i in items}


def group_of(items: dict[str, dict], title: str) -> str:
    return items[title]["_briefing"]["event_lead"] or items[title]["id"]


# --- event grouping ------------------------------------------------------------------------------------------

QUAKE = [
    (
        "西南山区发生6.1级地震 救援力量连夜赶赴震区",
        "今天凌晨，西南山区发生6.1级地震，震源深度10公里，救援力量连夜赶赴震区。",
    ),
    (
        "西南山区6.1级地震救援持续 受灾群众得到妥善安置",
        "西南山区6.1级地震发生后，救援工作持续进行，受灾群众得到妥善安置。",
    ),
    (
        "西南山区6.1级地震已致12人遇难 搜救工作全力进行",
        "截至今天下午，西南山区6.1级地震已造成12人遇难，搜救工作全力进行。",
    ),
]
OTHERS = [
    ("全国夏粮收购进度过半", "国家粮食和物资储备局介绍，全国夏粮收购进度已经过半，收购价格总体平稳。"),
    ("暑期文化活动丰富多彩", "暑期到来，各地图书馆、博物馆推出丰富多彩的文化活动，吸引众多家庭参与。"),
]


def test_a_large_event_on_a_small_day_is_one_group(tmp_path):
    """Three reports of one event among five stories are one group (the old pruning called every n-gram of
    three headlines in five "common" and grouped nothing); the others stay apart."""
    rows = [story(t, lead, n=k) for k, (t, lead) in enumerate([QUAKE[0], OTHERS[0], QUAKE[1], OTHERS[1], QUAKE[2]])]
    items = build(tmp_path, rows)
    assert len({group_of(items, t) for t, _ in QUAKE}) == 1
    assert len({group_of(items, t) for t, _ in [QUAKE[0], *OTHERS]}) == 3


def test_identical_headlines_among_five_are_one_event(tmp_path):
    rows = [story(QUAKE[0][0], f"{QUAKE[0][1]}（第{k}次播发）", source=f"台{k}", n=k) for k in range(3)]
    rows += [story(t, lead, n=9 + k) for k, (t, lead) in enumerate(OTHERS)]
    src = tmp_path / "same.jsonl"
    src.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), "utf-8")
    reports = [Report(r["title"], lead_text(r["text"].split("\n")), r["date"], r["id"]) for r in rows]
    groups = group_events(reports, 0.25)
    assert sorted(map(sorted, groups)) == [[0, 1, 2], [3], [4]]


MEET = "来访的{c}总统{n}，双方就双边关系深入交换意见。"


def test_one_visitor_met_by_two_leaders_is_one_event_two_visitors_are_two(tmp_path):
    """The counterpart decides: the same visiting president met by two leaders is one event; one leader
    meeting two presidents is two, although those headlines share almost every character."""
    rows = [
        story("甲某会见北岛国总统", "甲某今天在首都会见" + MEET.format(c="北岛国", n="安德森"), n=0),
        story("乙某会见北岛国总统", "乙某上午在迎宾馆同北岛国总统安德森会面，宾主回顾了传统友谊。", n=1),
        story("甲某会见南湖国总统", "甲某今天在首都会见" + MEET.format(c="南湖国", n="巴洛"), n=2),
    ]
    items = build(tmp_path, rows)
    assert group_of(items, "甲某会见北岛国总统") == group_of(items, "乙某会见北岛国总统")
    assert group_of(items, "甲某会见北岛国总统") != group_of(items, "甲某会见南湖国总统")
    assert counterparts("甲某会见北岛国总统") == {"北岛国"}
    assert counterparts("中共中央总书记甲某出席会议") == frozenset()  # the home country's leaders are actors


def test_one_numbered_session_is_one_event_another_session_is_not():
    a = Report("代表们审议政府工作报告", "出席十五届全国人大三次会议的代表们今天继续分组审议政府工作报告。")
    b = Report("委员们讨论政府工作报告", "出席全国政协十五届三次会议的委员们今天继续分组讨论政府工作报告。")
    c = Report("委员们讨论常委会工作报告", "出席全国政协十五届四次会议的委员们今天继续分组讨论常委会工作报告。")
    assert occasions(a.lead) == occasions(b.lead) != occasions(c.lead)
    assert sorted(map(sorted, group_events([a, b], 0.25))) == [[0, 1]]
    assert sorted(map(sorted, group_events([a, c], 0.25))) == [[0], [1]]


def test_stories_far_apart_in_time_are_never_one_event():
    a = Report(QUAKE[0][0], QUAKE[0][1], "2025-07-08")
    b = Report(QUAKE[0][0], QUAKE[0][1], "2025-08-20")
    assert sorted(map(sorted, group_events([a, b], 0.25, max_days=3))) == [[0], [1]]
    assert sorted(map(sorted, group_events([a, b], 0.25, max_days=60))) == [[0, 1]]


def test_grouping_scores_a_bounded_number_of_leads_per_story(monkeypatch):
    """Near-linear: however alike 5,000 headlines are, each story is scored against at most CANDIDATES
    leads (the quadratic version scored every pair sharing an n-gram), and look-alikes still group."""
    calls = 0
    evidence = events.EventSpace.evidence

    def counted(self, i, j, threshold):
        nonlocal calls
        calls += 1
        return evidence(self, i, j, threshold)

    monkeypatch.setattr(events.EventSpace, "evidence", counted)
    topics = ["经济", "教育", "科技", "文化", "农业"]
    reports = [
        Report(f"召开常务会议研究部署{topics[k % 5]}工作第{k}项", f"会议研究部署{topics[k % 5]}工作。")
        for k in range(5000)
    ]
    groups = group_events(reports, 0.25)
    assert calls <= events.CANDIDATES * len(reports)
    assert len(groups) < 1000


# --- follow-ups ------------------------------------------------------------------------------------------------


def test_follow_up_is_the_same_event_not_the_same_actor(tmp_path):
    """A later day's report of the same quake, or of the same visitor, is a follow-up; the same leader
    meeting another visitor the next day is new, though the headlines differ in two characters."""
    out = tmp_path / "out"
    earlier = [
        ("甲某会见北岛国总统", "甲某今天在首都会见" + MEET.format(c="北岛国", n="安德森")),
        QUAKE[0],
        FIRSTS[0],
    ]
    build(tmp_path, [story(*s, n=k) for k, s in enumerate(earlier)], day="2025-07-08", out=out)
    later_rows = [
        ("甲某会见南湖国总统", "甲某今天在首都会见" + MEET.format(c="南湖国", n="巴洛")),
        ("乙某会见北岛国总统", "乙某上午在迎宾馆同北岛国总统安德森会面，宾主回顾了传统友谊。"),
        QUAKE[2],
        FIRSTS[1],
    ]
    later = build(tmp_path, [story(*s, date="2025-07-09", n=10 + k) for k, s in enumerate(later_rows)],
                  day="2025-07-09", out=out)  # fmt: skip
    mark = {t: later[t]["_briefing"] for t, _ in later_rows}
    assert mark[QUAKE[2][0]]["status"] == "follow-up" and mark[QUAKE[2][0]]["follows"]["title"] == QUAKE[0][0]
    assert mark["乙某会见北岛国总统"]["status"] == "follow-up"
    assert mark["乙某会见北岛国总统"]["follows"]["title"] == "甲某会见北岛国总统"
    assert mark["甲某会见南湖国总统"]["status"] == "new"
    assert mark[FIRSTS[1][0]]["status"] == "new"


# --- ranking -------------------------------------------------------------------------------------------------


FIRSTS = [
    ("全国夏粮收购进度过半", "国家粮食和物资储备局介绍，全国夏粮收购进度已经过半，收购价格总体平稳。"),
    ("暑期文化活动丰富多彩", "暑期到来，各地图书馆、博物馆推出丰富多彩的文化活动，吸引众多家庭参与。"),
    ("新一批职业技能标准发布", "人力资源社会保障部今天发布新一批国家职业技能标准，涉及二十多个职业。"),
]


SECONDS = [
    ("城市老旧小区改造加快推进", "今年以来，多地加快推进城市老旧小区改造，加装电梯、更新管网。"),
    ("青少年足球联赛开赛", "全国青少年足球联赛今天开赛，来自各地的六十支球队参赛。"),
    ("新能源汽车下乡活动启动", "新能源汽车下乡活动今天启动，多家车企推出适合农村使用的车型。"),
]


def test_an_event_carried_by_several_sources_outranks_a_single_source_lead(tmp_path):
    """Coverage counts: the quake, reported third on three sources' pages, is the top story above each
    source's own first story; score_parts explain it."""
    rows = []
    for k, src in enumerate(["甲台", "乙台", "丙台"]):
        rows.append(story(*FIRSTS[k], source=src, n=10 * k))
        rows.append(story(*SECONDS[k], source=src, n=10 * k + 1))
        rows.append(story(*QUAKE[k], source=src, n=10 * k + 2))
    items = build(tmp_path, rows)
    leads = [i for i in items.values() if not i["_briefing"]["event_lead"]]
    ranked = sorted(leads, key=lambda i: -i["_briefing"]["score"])
    top = ranked[0]["_briefing"]
    assert ranked[0]["title"] in {t for t, _ in QUAKE} and len(top["related_ids"]) == 2 and top["top"]
    assert {"coverage", "reports", "position", "length", "recency"} <= set(top["score_parts"])
    first = items[FIRSTS[0][0]]["_briefing"]["score_parts"]
    assert (
        first["coverage"] == 0 < top["score_parts"]["coverage"] and first["position"] > top["score_parts"]["position"]
    )


def test_recency_ranks_the_newest_day_first(tmp_path):
    rows = [story(OTHERS[0][0], OTHERS[0][1], date="2025-07-07", n=0), story(OTHERS[1][0], OTHERS[1][1], n=1)]
    items = build(tmp_path, rows)
    old, new = items[OTHERS[0][0]]["_briefing"], items[OTHERS[1][0]]["_briefing"]
    assert new["score_parts"]["recency"] > old["score_parts"]["recency"] and new["score"] > old["score"]


# --- sections ------------------------------------------------------------------------------------------------


def test_sections_by_rule_and_by_model(tmp_path):
    rows = [
        story("甲某会见北岛国总统", "甲某今天在首都会见" + MEET.format(c="北岛国", n="安德森"), n=0),
        story(
            "中共中央 国务院印发《关于加强基层治理的意见》",
            "中共中央、国务院印发《关于加强基层治理的意见》，并发出通知。",
            n=1,
        ),
        story("全国夏粮收购进度过半 收购价格总体平稳", OTHERS[0][1], n=2),
    ]
    items = build(tmp_path, rows)
    got = {t: i["_briefing"]["section"] for t, i in items.items()}
    assert got == {rows[0]["title"]: "world", rows[1]["title"]: "politics", rows[2]["title"]: "economy"}


def test_section_model_holds_counts_not_text():
    model = json.loads((ROOT / "briefing" / "sections.json").read_text("utf-8"))
    assert set(model["counts"]) == {"politics", "economy", "society", "science", "world"}
    assert all(len(g) == 2 for counts in model["counts"].values() for g in counts)
    assert "tune" in model["trained_on"]


@pytest.mark.shared
def test_section_model_on_the_held_out_labels():
    """The test part of the section labels (never trained on): accuracy as measured (bench_events builds the
    days through the CLI and reads the same; this reads the stories directly)."""
    from benchmarks.event_sets import load_section_labels
    from briefing.records import Article
    from briefing.sections import section_of
    from briefing.textnorm import normalize

    data = needs_shared("data", "xwlb_headline_train") / "data.jsonl"
    labels = {
        x.id: x for x in load_section_labels(ROOT / "tests" / "data" / "section_labels.jsonl") if x.part == "test"
    }
    right = n = 0
    for line in data.read_text("utf-8").splitlines():
        row = json.loads(line)
        if row["id"] in labels:
            paragraphs = [normalize(p) for p in row["article"].splitlines() if p.strip()]
            right += section_of(Article(normalize(row["summary"]), paragraphs)) == labels[row["id"]].section
            n += 1
    assert n == len(labels) == 216
    assert right / n >= 0.8, right / n


@pytest.mark.timeout(30)
def test_huge_or_pathological_texts_cost_what_their_first_characters_cost():
    """Headlines, leads and earlier days' summaries come from outside: a megabyte of one character, of
    numerals or of meeting verbs is read within HEAD_CHARS + LEAD_CHARS (the regular expressions never see
    more), in well under a second each."""
    import time

    from briefing.records import Article
    from briefing.sections import section_of

    texts = ["会见" * 500_000 + "总统", "一二三四五六七八九十" * 100_000 + "届", "同" * 1_000_000]
    for text in texts:
        start = time.perf_counter()
        group_events([Report(text, text, None, "a"), Report(text, text, None, "b")], 0.25)
        counterparts(text), occasions(text), section_of(Article(text, [text]))
        assert time.perf_counter() - start < 2.0
