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
from tests.conftest import ROOT

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


def test_counterparts_are_foreign_and_named_without_the_verbs_before_them():
    """The words before an office title or a party leader's title, without the meeting verbs before them;
    none that holds a home body's name (also read through a longer phrase: a journal that publishes the home
    party's General Secretary).  A foreign party's leader is that party, so its visit's stories agree on it."""
    assert counterparts("甲某会见北岛劳动党中央总书记") == {"北岛劳动党"}
    assert counterparts("乙某同北岛劳动党中央委员会总书记通电话") == {"北岛劳动党"}
    assert counterparts("《北辰》杂志发表中共中央总书记重要文章") == frozenset()
    # an invitation's 应 is a verb; a second office the counterpart holds (王储兼首相) is no other counterpart
    assert counterparts("应西川副总统兼总理邀请，甲某抵达") == {"西川"}
    assert counterparts("乙某同西川王储兼首相举行会谈") == {"西川"}
    assert counterparts("甲某会见北岛最高元首") == {"北岛"}
    # a name ending in a connector's character is still the name (及 of a name, 和 of 共和国)
    assert counterparts("甲某会见东及总统") == {"东及"}
    assert counterparts("甲某同北方共和国总统通电话") == {"北方共和国"}
    assert counterparts("今天出版的《北辰》杂志发表中国共产党中央委员会总书记的文章") == frozenset()
    a = Report("甲某会见北岛劳动党中央总书记", "甲某今天在首都会见来访的北岛劳动党中央总书记巴洛。")
    b = Report("乙某同北岛劳动党中央总书记举行会谈", "乙某今天同来访的北岛劳动党中央总书记巴洛举行会谈。")
    c = Report("乙某会见南湖国总统", "乙某今天在首都会见来访的南湖国总统安德森。")
    assert groups_of(a, b, c) == [[0, 1], [2]]


def test_one_numbered_session_is_one_event_another_session_is_not():
    a = Report("代表们审议政府工作报告", "出席十五届全国人大三次会议的代表们今天继续分组审议政府工作报告。")
    b = Report("委员们讨论政府工作报告", "出席全国政协十五届三次会议的委员们今天继续分组讨论政府工作报告。")
    c = Report("委员们讨论常委会工作报告", "出席全国政协十五届四次会议的委员们今天继续分组讨论常委会工作报告。")
    assert occasions(a.lead) == occasions(b.lead) != occasions(c.lead)
    assert sorted(map(sorted, group_events([a, b], 0.25))) == [[0, 1]]
    assert sorted(map(sorted, group_events([a, c], 0.25))) == [[0], [1]]


def groups_of(*reports: Report) -> list[list[int]]:
    return sorted(map(sorted, group_events(reports, 0.25)))


def test_a_party_congress_or_plenum_named_up_front_is_one_event():
    """Reports of one congress (a delegation's discussion, the press centre) share no words worth a cosine:
    the congress they name in headline or first sentence makes them one event; a plenum likewise."""
    a = Report("甲某参加党的三十大北省代表团讨论", "甲某今天在北省代表团与代表们一起讨论大会报告。")
    b = Report("三十大新闻中心举行集体采访", "多个代表团的发言人介绍学习讨论情况，回答中外记者提问。")
    c = Report("丙某出席南省干部会议", "丙某强调，要认真学习宣传贯彻三十届二中全会精神，抓好各项工作落实。")
    d = Report("三十届二中全会精神引发热烈反响", "广大干部群众表示，要把全会精神落到实处，推动发展。")
    assert occasions(a.title) == occasions(b.title) == {"congress|三十"}
    assert groups_of(a, b) == [[0, 1]]
    assert groups_of(c, d) == [[0, 1]]
    # a count is no congress: ten results, the 19th category, fifty students, twenty projects big and small
    assert occasions("十大成果发布") == occasions("第十九大类商品") == frozenset()
    assert occasions("五十大学生参加活动") == occasions("二十大小项目开工") == frozenset()
    assert occasions("二十大会员企业签约") == occasions("三十大会展项目落地") == frozenset()  # members, expos
    assert occasions("学习三十大会议精神") == {"congress|三十"}  # the congress's own 会议 is the congress


def test_an_occasion_named_only_further_down_the_lead_is_background():
    """The occasion a story reports is named in its headline or first sentence; a letter that mentions the
    congress in its second sentence is not a report of the congress."""
    a = Report("三十大新闻中心举行集体采访", "多个代表团的发言人介绍学习讨论情况，回答中外记者提问。")
    b = Report("甲某回信勉励青年突击队队员", "甲某近日给青年突击队队员回信。信中说，三十大以来，你们攻坚克难。")
    assert groups_of(a, b) == [[0], [1]]


def test_anniversaries_quakes_and_typhoons_are_occasions_by_number_or_name():
    """Two celebrations of different anniversaries are two events, however alike their words; reports of
    one quake (by magnitude) or one typhoon (by name) are one."""
    a = Report("庆祝北方协会成立75周年大会举行", "庆祝北方协会成立75周年大会今天在首都隆重举行，甲某发表讲话。")
    b = Report(
        "南方协会党组学习成立70周年大会讲话精神",
        "南方协会党组今天举行会议，学习甲某在庆祝南方协会成立70周年大会上的讲话。",
    )
    c = Report("东部海域5.8级地震 各方全力救援", "东部海域昨夜发生5.8级地震，当地启动应急响应。")
    d = Report("援助物资运抵灾区", "5.8级地震发生后，首批援助物资今天运抵灾区，受灾群众得到安置。")
    e = Report("台风“海鸥”登陆 沿海多地停航", "今年第8号台风“海鸥”今天登陆，沿海多地停航停运。")
    f = Report("多地转移安置群众", "受台风“海鸥”影响，多地提前转移安置群众，学校停课。")
    assert groups_of(a, b) == [[0], [1]]
    assert occasions(a.title) == {"anniversary|成立75"}
    # an anniversary is keyed by what it marks as well as its number: a founding and a victory of the same
    # round number are two occasions, the same victory named twice is one
    g = Report("庆祝北方协会成立80周年招待会举行", "庆祝北方协会成立80周年招待会今天举行，各界代表出席。")
    h = Report("纪念抗洪斗争胜利80周年座谈会召开", "纪念抗洪斗争胜利80周年座谈会今天召开，老战士代表发言。")
    i = Report("抗洪斗争胜利80周年主题展开幕", "纪念抗洪斗争胜利80周年主题展今天开幕，展出实物三百余件。")
    assert groups_of(g, h) == [[0], [1]]
    assert groups_of(h, i) == [[0, 1]]
    assert groups_of(c, d) == [[0, 1]]
    assert groups_of(e, f) == [[0, 1]]


def test_sittings_of_the_annual_session_are_one_event():
    """A leader deliberating with a delegation and another discussing with advisory members share no
    words but the session they sit in: one event (its sittings are also keys, so they are compared)."""
    a = Report("甲某参加北省代表团审议", "甲某今天下午来到他所在的北省代表团，同代表们一起审议政府工作报告。")
    b = Report("乙某与经济界政协委员共商国是", "乙某参加了经济界委员联组会，听取委员发言。")
    c = Report("乙某出席全国科技工作会议", "乙某在会上强调，要加快推进科技自立自强。")
    assert groups_of(a, b) == [[0, 1]]
    assert groups_of(b, c) == [[0], [1]]
    # a sitting and a report naming the session by its numbers (a plenary) are one event
    d = Report(
        "三十届全国人大五次会议举行第二次全体会议", "三十届全国人大五次会议今天上午举行第二次全体会议，听取工作报告。"
    )
    assert groups_of(d, b) == [[0, 1]]
    # members are named outside the session too: two stories naming members only are two events (the
    # year's proposals, a member's profile), a member's story and a sitting are one
    proposals = Report("各部门采纳代表委员建议五千余条", "国务院各部门今年共办理代表委员建议五千余条。")
    profile = Report("政协委员丙某：守护非遗", "全国政协委员丙某长期关注非遗保护，多次提出建议。")
    assert groups_of(proposals, profile) == [[0], [1]]
    assert groups_of(a, profile) == [[0, 1]]
    # a column of members' profiles is a column, not a sitting: its stories are two events
    column = "【代表委员履职故事】"
    p1 = Report(
        f"{column}戊某：推动文旅融合 赋能乡村振兴", "全国人大代表戊某在履职期间，持续关注文旅融合赋能乡村振兴。"
    )
    p2 = Report(
        f"{column}己某：推动数字经济 赋能乡村振兴", "全国政协委员己某在履职期间，持续关注数字经济赋能乡村振兴。"
    )
    assert groups_of(p1, p2) == [[0], [1]]
    # a standing committee's numbered meeting is no annual session: its report and a sitting are two events
    f = Report("三十届全国人大常委会第九次会议在首都举行", "三十届全国人大常委会第九次会议今天上午举行第一次全体会议。")
    assert groups_of(f, b) == [[0], [1]]
    assert groups_of(c, d) == [[0], [1]]


def test_episodes_of_a_series_and_stories_of_one_column_are_different_events():
    """Two numbered episodes (第四场 / 第五场) are two events although their headlines are alike; two
    stories of one column are two events unless the column names an occasion or the headlines are alike."""
    a = Report("新闻中心举行第四场记者招待会", "新闻中心今天举行第四场记者招待会，介绍经济发展情况。")
    b = Report("新闻中心举行第五场记者招待会", "新闻中心今天举行第五场记者招待会，介绍经济发展情况。")
    column = "【奋进新征程 建功新时代——各地高质量发展纪实之一二三四五六七八】"  # longer than 30 characters
    c = Report(f"{column}北省：做强先进制造业", "北省坚持高质量发展，做强先进制造业，推动产业升级。")
    d = Report(f"{column}南省：做强现代农业", "南省坚持高质量发展，做强现代农业，推动产业升级。")
    games = "【第九届东方运动会】"
    e = Report(f"{games}志愿者准备就绪", "距离开幕还有三天，两万名志愿者已进入服务状态。")
    f = Report(f"{games}场馆绿色低碳", "绿色低碳是本届赛会的办赛理念，场馆建设融入节能技术。")
    assert groups_of(a, b) == [[0], [1]]
    # episodes of two kinds of series (a list's 第四批, a press conference's 第二场) say nothing of each other
    lists = Report("北方公布第四批纪念设施名录", "为纪念抗洪斗争胜利80周年，北方公布第四批纪念设施名录。")
    press = Report(
        "抗洪斗争胜利80周年纪念活动新闻中心举办第二场记者招待会", "纪念活动新闻中心今天举办第二场记者招待会。"
    )
    assert groups_of(lists, press) == [[0, 1]]
    assert groups_of(c, d) == [[0], [1]]
    assert events.event_text(c.title) == "北省：做强先进制造业"
    assert groups_of(e, f) == [[0, 1]]
    sitting = "【代表委员议国是】"  # a column of the annual session's sittings
    g = Report(f"{sitting}坚定信心向未来", "代表委员们表示，要坚定信心、真抓实干。")
    h = Report(f"{sitting}凝聚共识谋发展", "代表委员们认为，要凝聚共识、推动发展。")
    assert groups_of(g, h) == [[0, 1]]


def test_a_story_does_not_join_a_group_holding_a_report_of_another_event():
    """Grouping compares a story with group leads; a lead both episodes match must not collect both: the
    second is checked against the group's members and stays apart."""
    lead = Report("三十大新闻中心举行记者招待会", "三十大新闻中心今天举行记者招待会，介绍有关情况。")
    a = Report("三十大新闻中心举行第四场集体采访", "三十大新闻中心今天举行第四场集体采访。")
    b = Report("三十大新闻中心举行第五场集体采访", "三十大新闻中心今天举行第五场集体采访。")
    groups = groups_of(lead, a, b)
    assert [0, 1] in groups and [2] in groups


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


def test_reports_left_out_of_the_page_keep_their_event_in_the_json(tmp_path):
    """With room for two stories, the quake's lead and another event's are shown (distinct events come
    before an event's other reports); the quake's two other reports are cut, and the JSON still says which
    event each cut report belongs to."""
    config = tmp_path / "config.toml"
    config.write_text("[editorial]\nmax_stories = 2\n", "utf-8")
    rows = [story(t, lead, n=k) for k, (t, lead) in enumerate([*QUAKE, *OTHERS])]
    src = tmp_path / "in.jsonl"
    src.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), "utf-8")
    env = {"BRIEFING_HOME": str(tmp_path / "state"), "BRIEFING_CONFIG": str(config)}
    res = CliRunner(env=env).invoke(
        main, ["-q", "build", str(src), "--out", str(tmp_path / "out"), "--formats", "json"]
    )
    assert res.exit_code == 0, res.output
    items = json.loads(next((tmp_path / "out").glob("*.json")).read_text("utf-8"))["items"]
    quake = [i for i in items if i["title"] in {t for t, _ in QUAKE}]
    lead = next(i for i in quake if not i["_briefing"]["event_lead"])
    cut = [i for i in quake if i["_briefing"]["cut"]]
    assert len(cut) == 2 and {i["_briefing"]["cut_reason"] for i in cut} == {"cap"} and not lead["_briefing"]["cut"]
    assert {i["_briefing"]["event_lead"] for i in quake if i is not lead} == {lead["id"]}
    assert sorted(lead["_briefing"]["related_ids"]) == sorted(i["id"] for i in quake if i is not lead)


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


def test_a_follow_up_is_of_a_recent_day_a_repeat_of_any(tmp_path):
    """An event does not last months: the same quake's later report is a follow-up of a briefing six days
    before (``continuity_days`` = 7), and new when the earlier briefing is eight days old; the same story
    again is a repeat however old."""
    for gap, status in ((6, "follow-up"), (8, "new")):
        out = tmp_path / f"out-{gap}"
        build(tmp_path, [story(*QUAKE[0], date="2025-07-01", n=0), story(*FIRSTS[0], date="2025-07-01", n=1)],
              day="2025-07-01", out=out)  # fmt: skip
        day = f"2025-07-{1 + gap:02d}"
        later = build(tmp_path, [story(*QUAKE[2], date=day, n=10), story(*FIRSTS[0], date=day, n=1)],
                      day=day, out=out)  # fmt: skip
        assert later[QUAKE[2][0]]["_briefing"]["status"] == status, gap
        assert later[FIRSTS[0][0]]["_briefing"]["status"] == "repeat", gap


def test_a_follow_up_names_the_same_counterpart_not_one_within_its_name(tmp_path):
    """Across days a counterpart is compared by its exact name: a leader meeting 西北岛国's president the day
    after another met 北岛国's is new (one name inside another is two countries), 北岛国's again a follow-up."""
    out = tmp_path / "out"
    build(tmp_path, [story("甲某会见北岛国总统", "甲某今天在首都会见" + MEET.format(c="北岛国", n="安德森"), n=0),
                     story(*FIRSTS[0], n=1)], day="2025-07-08", out=out)  # fmt: skip
    later_rows = [
        ("乙某会见西北岛国总统", "乙某今天在首都会见" + MEET.format(c="西北岛国", n="巴洛")),
        ("丙某会见北岛国总统", "丙某上午在迎宾馆同北岛国总统安德森会面，宾主回顾了传统友谊。"),
    ]
    later = build(tmp_path, [story(*s, date="2025-07-09", n=10 + k) for k, s in enumerate(later_rows)],
                  day="2025-07-09", out=out)  # fmt: skip
    assert later["乙某会见西北岛国总统"]["_briefing"]["status"] == "new"
    assert later["丙某会见北岛国总统"]["_briefing"]["status"] == "follow-up"


ANNIVERSARY = [
    (
        "纪念建城成立80周年座谈会在东湖市举行",
        "纪念建城成立80周年座谈会今天在东湖市举行，各界代表回顾了城市发展历程。会议由市政府主办。",
    ),
    (
        "大型文艺晚会今晚上演",
        "庆祝东湖建城成立80周年大型文艺晚会今晚上演，演员们献上歌舞、戏曲等精彩节目。上千名观众观看演出。",
    ),
]


def test_an_anniversary_is_a_campaign_of_events_not_one_event_across_days(tmp_path):
    """On one day two stories naming one anniversary are one event; a later day's story naming it is not a
    follow-up on that alone (a rally, a gala, receptions: weeks of distinct events), unless its words are."""
    same_day = build(tmp_path, [story(*s, n=k) for k, s in enumerate([*ANNIVERSARY, *OTHERS])])
    assert group_of(same_day, ANNIVERSARY[0][0]) == group_of(same_day, ANNIVERSARY[1][0])
    out = tmp_path / "out2"

    def alone(title: str, lead: str, date: str, n: int) -> dict:  # without the filler sentence all stories share
        return {**story(title, lead, date=date, n=n), "text": lead}

    build(tmp_path, [alone(*ANNIVERSARY[0], "2025-07-08", 0), alone(*FIRSTS[0], "2025-07-08", 1)],
          day="2025-07-08", out=out)  # fmt: skip
    later = build(tmp_path, [alone(*ANNIVERSARY[1], "2025-07-10", 10), alone(*FIRSTS[1], "2025-07-10", 11)],
                  day="2025-07-10", out=out)  # fmt: skip
    assert later[ANNIVERSARY[1][0]]["_briefing"]["status"] == "new"


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
    assert "section_labels" in model["trained_on"]


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


OPENER = "在全省上下深入学习贯彻全会精神、奋力推进高质量发展的关键时期，"
UNRELATED = [
    ("夏粮收购进度过半", "全国夏粮收购进度已经过半，收购价格总体平稳。"),
    ("图书馆推出暑期活动", "各地图书馆推出暑期阅读活动，吸引众多家庭参与。"),
    ("职业技能标准发布", "人社部门发布新一批职业技能标准，涉及二十多个职业。"),
    ("老旧小区改造提速", "多地加快老旧小区改造，加装电梯、更新管网。"),
    ("青少年足球联赛开赛", "青少年足球联赛开赛，六十支球队参赛。"),
    ("新能源汽车下乡", "新能源汽车下乡活动启动，多家车企推出新车型。"),
    ("高校毕业生就业季", "高校毕业生就业服务活动密集开展，岗位信息持续发布。"),
    ("森林防火形势平稳", "各林区加强巡护，森林防火形势总体平稳。"),
    ("港口吞吐量增长", "沿海主要港口货物吞吐量同比增长，集装箱航线加密。"),
    ("中药材种植喜获丰收", "山区中药材种植喜获丰收，农户收入增加。"),
]


def test_a_shared_opening_clause_is_no_evidence_of_one_event():
    """Ten unrelated stories whose leads open with the same formula (a slogan, a date and time) share that
    clause and nothing else: ten events.  Two reports of one event still group when they share the
    formula too (they share more)."""
    reports = [Report(t, OPENER + lead) for t, lead in UNRELATED]
    assert groups_of(*reports) == [[k] for k in range(len(UNRELATED))]
    quake = [Report(t, OPENER + lead) for t, lead in QUAKE[:2]]
    assert groups_of(*quake, *reports[:3]) == [[0, 1], [2], [3], [4]]
    assert events.opening(OPENER + UNRELATED[0][1]) == events.bare(OPENER[:-1])
    assert events.opening(OPENER) == ""  # a lead that is one clause has no opening of its own


def test_what_a_story_is_timed_to_is_not_its_event():
    """A programme aired "on the occasion of" a visit (在…之际) is not the visit, though its lead names the
    host; the visiting leader's own article in the host's press, timed the same way, is part of the visit
    (its headline names the host)."""
    arrival = Report(
        "甲某抵达西川开始对西川进行国事访问", "当地时间8日晚，国家主席甲某乘专机抵达，对西川进行国事访问。"
    )
    article = Report(
        "甲某在西川媒体发表署名文章", "8日，在赴西川进行国事访问之际，国家主席甲某在西川《日报》发表署名文章。"
    )
    programme = Report(
        "《甲某的故事》在西川主流媒体播出",
        "在国家主席甲某对西川进行国事访问之际，由广播电视总台制作的《甲某的故事》8日起在多家主流媒体播出。",
    )
    assert groups_of(arrival, article, programme) == [[0, 1], [2]]
    # nor do the clause's words count: they repeat the summit the programme is timed to
    summit = Report(
        "甲某抵达东城出席第二届东西峰会", "当地时间16日中午，国家主席甲某乘专机抵达东城，出席第二届东西峰会。"
    )
    launch = Report(
        "《甲某的故事》在东西五国主流媒体播出",
        "在国家主席甲某赴东城出席第二届东西峰会之际，16日，《甲某的故事》启播活动在东城举行。",
    )
    assert groups_of(summit, launch) == [[0], [1]]


def test_a_report_joins_the_group_of_a_report_naming_the_same_occasion():
    """Grouping compares a story with group leads, and with the other reports of a group by what they name:
    the games' closing names the games as a report of the group does, though its lead (a message of
    congratulations naming no games) shares no words with it.  A report found by its words alone does not
    pull a story into its group."""
    lead = Report("中央致北方代表团的贺电", "中央致电北方代表团，祝贺代表团在运动会上取得优异成绩。")
    result = Report(
        "第9届东方运动会 北方代表团金牌榜居首", "第9届东方运动会比赛全部结束，金牌榜揭晓，北方代表团取得优异成绩。"
    )
    closing = Report("第9届东方运动会闭幕", "第9届东方运动会今晚闭幕，下届将在南城举行。")
    chess = Report(
        "围棋赛金牌榜居首 比赛全部结束", "围棋赛比赛全部结束，金牌榜揭晓，冠军今晚产生。"
    )  # alike the result only
    assert groups_of(lead, result, closing) == [[0, 1, 2]]
    assert groups_of(lead, result, chess) == [[0, 1], [2]]


# A war's reports on two days: alike in their words, each the report of its own day.
WAR_DAYS = [
    (
        "东陆国称控制两处村庄 西陆国称击退多次进攻",
        "东陆国国防部3日称，过去24小时，东陆国军队在北部前线控制两处村庄。西陆国军方称击退了东陆国军队的多次进攻。",
    ),
    (
        "东陆国称打击西陆国军事设施 西陆国称击落多架无人机",
        "东陆国国防部5日称，过去24小时，东陆国军队在北部前线打击西陆国军事设施。西陆国军方称击落了东陆国军队的多架无人机。",
    ),
]


def test_a_days_report_of_a_war_is_no_follow_up_of_an_earlier_days_on_its_words(tmp_path):
    """Two days' reports of one war (the two sides' claims side by side, the lead counting the last 24 hours)
    share most of their words: the later is the next day's report, new, not a follow-up.  The same words
    without the day's count or the two sides' claims make a follow-up, and so does a named operation both
    quote."""

    def later_status(pair: list[tuple[str, str]], name: str) -> str:
        out = tmp_path / name
        build(tmp_path, [story(*pair[0], date="2025-07-03", n=0), story(*FIRSTS[0], date="2025-07-03", n=1)],
              day="2025-07-03", out=out)  # fmt: skip
        later = build(tmp_path, [story(*pair[1], date="2025-07-05", n=10), story(*FIRSTS[1], date="2025-07-05", n=11)],
                      day="2025-07-05", out=out)  # fmt: skip
        return later[pair[1][0]]["_briefing"]["status"]

    def plain_title(t: str) -> str:
        return t.replace(" ", "，").replace("称", "说", 1)

    assert later_status(WAR_DAYS, "war") == "new"
    claims = [(t, lead.replace("过去24小时，", "")) for t, lead in WAR_DAYS]  # the two sides' claims alone
    assert later_status(claims, "claims") == "new"
    counted = [(plain_title(t), lead) for t, lead in WAR_DAYS]  # the day's count alone
    assert later_status(counted, "counted") == "new"
    plain = [(plain_title(t), lead.replace("过去24小时，", "")) for t, lead in WAR_DAYS]
    assert later_status(plain, "plain") == "follow-up"
    named = [(t.replace("称", "称“北方铁锤二号”行动", 1), lead) for t, lead in WAR_DAYS]
    assert later_status(named, "named") == "follow-up"


def _pair_status(tmp_path: Path, name: str, first: tuple[str, str], second: tuple[str, str], gap: int) -> str:
    """The later story's status when ``first`` is briefed on 2025-07-03 and ``second`` ``gap`` days later
    (each beside an unrelated story; a text is its lead alone, without the sentence all test stories share)."""
    out, day = tmp_path / name, f"2025-07-{3 + gap:02d}"

    def alone(title: str, lead: str, date: str, n: int) -> dict:
        return {**story(title, lead, date=date, n=n), "text": lead}

    build(tmp_path, [alone(*first, "2025-07-03", 0), alone(*FIRSTS[0], "2025-07-03", 1)], day="2025-07-03", out=out)
    later = build(tmp_path, [alone(*second, day, 10), alone(*FIRSTS[1], day, 11)], day=day, out=out)
    return later[second[0]]["_briefing"]["status"]


def test_a_message_to_a_counterpart_and_a_meeting_with_it_are_two_events(tmp_path):
    """A congratulatory telegram to a counterpart and a leader meeting that counterpart days later are two acts,
    not one event; a meeting after a meeting with the same counterpart (one visit) stays a follow-up."""
    telegram = ("甲某同北岛国总统互致贺电", "甲某今天同北岛国总统安德森互致贺电，庆祝两国建交30周年。")
    meeting = ("甲某会见北岛国总统", "甲某今天在首都会见" + MEET.format(c="北岛国", n="安德森"))
    again = ("乙某会见北岛国总统", "乙某上午在迎宾馆同北岛国总统安德森会面，宾主回顾了传统友谊。")
    assert _pair_status(tmp_path, "telegram", telegram, meeting, 3) == "new"
    assert _pair_status(tmp_path, "visit", meeting, again, 3) == "follow-up"


# Two roundups of one kind under one headline, their leads about other places and other rain.
RAIN = [
    ("多地积极应对强降雨天气", "受冷空气影响，东川、西岭等地出现大到暴雨，当地转移群众、排查隐患。"),
    ("多地积极应对强降雨天气", "连日来，北原、南湾部分地区遭遇特大暴雨，山洪冲毁道路，救援队伍连夜抢通。"),
]


def test_headlines_alike_with_leads_not_are_one_running_story_only_from_day_to_day(tmp_path):
    """Two roundups under one headline whose leads report other places: two days apart they are one running
    story (a follow-up), four days apart the same kind of event again (new)."""
    assert _pair_status(tmp_path, "next", *RAIN, 2) == "follow-up"
    assert _pair_status(tmp_path, "later", *RAIN, 4) == "new"


def test_across_days_a_numbered_gathering_is_told_by_its_number_and_kind(tmp_path):
    """Across days 首场 is the first: a news centre's first press conference and its second are two events,
    and so are its first press conference and its first media meeting; the first (第一场) press conference
    named again (what it announced, done) is a follow-up."""
    first = (
        "东湖纪念活动新闻中心举办首场记者招待会",
        "东湖纪念活动新闻中心今天举办首场记者招待会，介绍纪念活动筹备进展。",
    )
    second = (
        "东湖纪念活动新闻中心举办第二场记者招待会",
        "东湖纪念活动新闻中心今天举办第二场记者招待会，介绍纪念活动筹备进展。",
    )
    meeting = (
        "东湖纪念活动新闻中心举办首场记者见面会",
        "东湖纪念活动新闻中心今天举办首场记者见面会，介绍纪念活动筹备进展。",
    )
    done = (
        "东湖纪念活动新闻中心第一场记者招待会介绍的筹备工作完成",
        "东湖纪念活动新闻中心第一场记者招待会介绍的纪念活动筹备工作今天全部完成。",
    )
    assert _pair_status(tmp_path, "second", first, second, 2) == "new"
    assert _pair_status(tmp_path, "meeting", first, meeting, 2) == "new"
    assert _pair_status(tmp_path, "done", first, done, 2) == "follow-up"


def test_across_days_two_bodies_numbered_congresses_are_two_events(tmp_path):
    """One body's eleventh national congress opening and closing are one event across days; another body's
    eleventh national congress days later is another."""
    opening = ("北湖协会第十一次全国代表会议开幕", "北湖协会第十一次全国代表会议今天在京开幕，甲某代表中央致贺词。")
    closing = ("北湖协会第十一次全国代表会议闭幕", "北湖协会第十一次全国代表会议今天在京闭幕，选举产生新一届领导机构。")
    other = ("南山协会第十一次全国代表会议开幕", "南山协会第十一次全国代表会议今天在京开幕，乙某代表中央致贺词。")
    assert _pair_status(tmp_path, "closing", opening, closing, 2) == "follow-up"
    assert _pair_status(tmp_path, "other", opening, other, 2) == "new"


def test_the_same_act_dated_on_another_day_a_week_later_is_the_next_occurrence(tmp_path):
    """A weekly meeting under one headline, each lead dating its meeting: a week later it is the next meeting
    (new); two days later, or a week later when the leads date nothing, the words still make a follow-up."""

    def meeting(day: str, topic: str) -> tuple[str, str]:
        return ("甲某主持召开北湖委员会例会", f"北湖委员会主任甲某{day}主持召开委员会例会，听取{topic}工作汇报。")

    assert _pair_status(tmp_path, "week", meeting("7月3日", "水利"), meeting("7月10日", "教育"), 7) == "new"
    assert _pair_status(tmp_path, "two", meeting("7月3日", "水利"), meeting("7月5日", "教育"), 2) == "follow-up"
    assert _pair_status(tmp_path, "undated", meeting("", "水利"), meeting("", "教育"), 7) == "follow-up"


def test_one_countrys_visitors_come_for_two_occasions_are_two_visits(tmp_path):
    """A country's prime minister come for a summit and its president come for a commemoration days later
    are two visits, not one event; the prime minister met again for the same summit is a follow-up."""
    summit = ("甲某会见北岛国总理", "甲某今天在首都会见来华出席东海峰会的北岛国总理安德森，双方就双边关系交换意见。")
    parade = ("乙某会见北岛国总统", "乙某今天在首都会见来华出席纪念大会的北岛国总统巴洛，双方就双边关系交换意见。")
    again = ("乙某会见北岛国总理", "乙某今天在首都会见来华出席第二届东海峰会的北岛国总理安德森，双方回顾了传统友谊。")
    assert _pair_status(tmp_path, "parade", summit, parade, 3) == "new"
    assert _pair_status(tmp_path, "again", summit, again, 3) == "follow-up"


# One holiday's celebrations on one day (at home, at embassies, abroad): one running story (the labelling guide's
# decision 6), though they share few words.
LANTERN = [
    ("灯会点亮古城 北方多地欢度元宵", "元宵节到来，北方多地举办灯会和民俗表演，市民们喜气洋洋庆团圆。"),
    ("我驻外使馆举办招待会同庆元宵", "连日来，驻外使馆邀请当地友好人士猜灯谜、品汤圆，共叙友谊。"),
    ("多国民众共庆元宵 体验传统文化", "海外多个城市近日举办游园会，当地民众踊跃参加。"),
]
# Near misses: the holiday's travel (another theme), foreign leaders' greetings (their own event), another
# holiday's celebrations, the holiday named with no celebration.
LANTERN_APART = [
    ("元宵假期客流平稳有序", "元宵节期间，铁路部门加开列车，喜迎返乡旅客。"),
    ("多国政要祝贺元宵佳节", "多国领导人发表视频讲话，祝贺中国人民节日快乐。"),
    ("南方龙舟竞渡迎端午", "端午节前夕，南方多地举行龙舟赛，群众欢庆节日。"),
    ("元宵节当天多地有降雪", "气象部门预计，元宵节当天华北、东北有小到中雪。"),
]


def test_one_holidays_celebrations_on_one_day_are_one_event(tmp_path):
    """Celebrations of one holiday at home, at embassies and abroad on one day are one event; the holiday's
    travel, leaders' greetings, another holiday's celebrations and a forecast naming the holiday stay apart."""
    rows = [story(t, lead, n=k) for k, (t, lead) in enumerate([*LANTERN, *LANTERN_APART])]
    items = build(tmp_path, rows)
    assert len({group_of(items, t) for t, _ in LANTERN}) == 1
    assert len({group_of(items, t) for t, _ in [LANTERN[0], *LANTERN_APART]}) == 1 + len(LANTERN_APART)
    assert [events.celebrations(t, lead) for t, lead in LANTERN_APART] == [frozenset()] * 2 + [
        frozenset({"dragonboat"}),
        frozenset(),
    ]


def test_one_holidays_celebrations_are_one_event_on_one_day_only():
    """The holiday rule is for stories of one day: a next day's celebrations grouped with them (a build of two
    days) or followed up across days are not one event by it (follow-ups are unchanged by it)."""
    reports = [
        Report(*LANTERN[2], date="2025-02-12"), Report(*LANTERN[0], date="2025-02-12"),
        Report(*LANTERN[1], date="2025-02-13"),
    ]  # fmt: skip
    space, follow_ups = events.EventSpace(reports), events.EventSpace(reports, across_days=True)
    assert space.evidence(1, 0, 0.25) > 0
    assert space.evidence(2, 0, 0.25) == 0.0
    assert follow_ups.evidence(2, 0, 0.25) == 0.0


# One home official's stops abroad on one day (the leads open with the foreign place's time and name the official
# after a home office): one trip, though their words differ.
TRIP = [
    ("甲某出席北岛国领导人举行的欢迎宴会", "当地时间5月8日晚，国家主席甲某在北港出席北岛国领导人举行的欢迎宴会。"),
    ("甲某参观海洋博物馆", "当地时间9日上午，中央总书记、国家主席甲某前往坐落于海滨的博物馆参观。"),
    ("甲某和夫人观看专场文艺演出", "当地时间9日晚，国家主席甲某和夫人同各界群众一道观看演出。"),
]
# Near misses: another official abroad that day, the same official at home, a sideline meeting with a named
# counterpart (rule 1 decides it).
TRIP_APART = [
    ("乙某出席东海论坛开幕式", "当地时间9日，国务院总理乙某在南城出席东海论坛开幕式并致辞。"),
    ("甲某向科技大会致贺信", "国家主席甲某9日向科技大会致贺信，对大会召开表示热烈祝贺。"),
    ("甲某会见南岛国总理", "当地时间9日下午，国家主席甲某在北港会见南岛国总理。"),
]


def test_one_officials_stops_abroad_on_one_day_are_one_trip(tmp_path):
    """Stories of one day whose leads report the same home official abroad (当地时间) are one trip; another
    official abroad, the same official at home and a meeting with a named counterpart stay apart."""
    rows = [story(t, lead, n=k) for k, (t, lead) in enumerate([*TRIP, *TRIP_APART])]
    items = build(tmp_path, rows)
    assert len({group_of(items, t) for t, _ in TRIP}) == 1
    assert len({group_of(items, t) for t, _ in [TRIP[0], *TRIP_APART]}) == 1 + len(TRIP_APART)
    assert [events.traveller(t, lead) for t, lead in [*TRIP[:1], *TRIP_APART[:2]]] == ["甲某", "乙某", ""]


def test_one_officials_stops_abroad_are_one_trip_on_one_day_only():
    """The trip rule is for stories of one day: the same official abroad on another day, grouped in a build of two
    days or followed up across days, is not one trip by it."""
    reports = [
        Report(*TRIP[1], date="2025-05-09"), Report(*TRIP[2], date="2025-05-09"),
        Report(*TRIP[0], date="2025-05-08"),
    ]  # fmt: skip
    space, follow_ups = events.EventSpace(reports), events.EventSpace(reports, across_days=True)
    assert space.evidence(1, 0, 0.25) > 0
    assert space.evidence(2, 0, 0.25) == 0.0
    assert follow_ups.evidence(2, 0, 0.25) == 0.0


def test_a_storys_keys_come_in_one_order_whatever_the_hash_seed():
    """The keys a story is filed under decide, in their order, which candidates tie in a big day's grouping;
    counterparts, occasions and names are sets, whose order is the hash seed's, so two runs of one build grouped
    2,000 stories into 1,687 and 1,686 events.  Read under three seeds, the keys come in one order."""
    import os
    import subprocess
    import sys

    script = (
        "from briefing.events import EventSpace, Report, lead_text\n"
        "head = '国家主席会见甲国总统、乙国总理、丙国外长和丁国议长'\n"
        "rs = [Report(head, lead_text([head + '。']), '2024-01-02', k) for k in 'ab']\n"
        "print([*EventSpace(rs).keys(0).lookup])\n"
    )
    seen = set()
    for seed in ("1", "2", "3"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        out = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=120)
        assert out.returncode == 0, out.stderr
        seen.add(out.stdout)
    assert len(seen) == 1, seen
