"""Which stories report the same event: what tells one event from another of the same actors.

Reports of one event rarely share sentences (an agency story and an
explainer about it, two broadcasts a day apart), and stories of *different*
events often share their actor and most of their words ("X会见A国总统" /
"X会见B国总统").  So two stories are one event on evidence, chosen on the
labelled pairs of ``tests/data/event_pairs_natural.jsonl`` and
``event_pairs.jsonl`` (``benchmarks/bench_events.py`` measures the shipped
product):

0. **What sets them apart.**  Two headlines naming different counterparts
   (below), different numbered episodes of one kind of series (第四场 /
   第五场; a 第四批 list says nothing of a 第二场 press conference), or two
   stories of one column (the same 【kicker】, unless the kicker names an
   occasion or a sitting, or the headlines are nearly the same) are different
   events, whatever else they share.
1. **The counterpart.**  When a headline names a foreign counterpart (a
   country or organisation before an office title such as 总统, 总理, 首相,
   秘书长, or a visit "对X进行国事访问"), the other story must name the same
   one: the same visitor met by two leaders is one event, two visitors met by
   one leader are two.  What a story is timed to (在…之际: a programme aired
   on the occasion of a visit) is its background: it names no counterpart or
   occasion of the story, and its words are not compared.
2. **The occasion.**  When both name occasions in headline or first sentence
   of the lead (a numbered session or gathering: N届…M次会议, 第N届…论坛;
   a party congress or plenum: N大, N届M中全会; an anniversary by what
   it marks and its number; a quake by its magnitude; a typhoon by its name),
   they are one event if they share one and two events if not.  An occasion
   named further down is background (a letter "since the congress").
3. **The sitting.**  Two sittings of an annual session (delegations
   deliberating, advisory members discussing state affairs, the press
   "passages"), or a sitting and a report naming a session by its numbers
   up front (N届某人大M次会议举行第二次全体会议), are one event: the session.
   Members named alone (代表委员, 政协委员) make a sitting only beside a story
   named as a sitting or naming the session: they are named outside it too.
4. **The words.**  Otherwise, a name both headlines quote (“…” or 《…》, five
   characters or more: a document and its explainer) makes them one event, or
   the TF-IDF cosine of character 2–3-grams of the headline (without a
   【column】 kicker) and the lead (the first two sentences) must reach
   ``editorial.event_threshold``, or the headlines alone be nearly the same
   (cosine ≥ HEADLINES_ALIKE).  A lead's opening clause that opens another
   lead compared (a date and time, a slogan) is left out of the words.
5. **The holiday** (stories of one day only).  Two stories celebrating one
   named holiday (春节 or 新春, 中秋, 元宵 ...: the holiday and 庆, 贺, 喜迎 in
   headline or lead) are one running story (at home, at embassies, abroad),
   unless a headline names another of the holiday's themes (travel, spending,
   programmes, workers on duty) or a person's act (attending, greetings):
   those are stories of their own.  Across days it is no evidence: a later
   day's celebrations are no follow-up of an earlier day's.
6. **The trip** (stories of one day only).  Two stories of one day whose
   leads open with a foreign place's time (当地时间) and name, after a home
   office, the official their headlines open with are stops of one trip
   (a banquet, a performance, a visit to a memorial), when neither headline
   names a counterpart (those decide by rule 1) nor a meeting or a message
   (a summit's sideline meetings stay apart).

Stories dated more than ``event_days`` apart are never one event.

Grouping is near-linear: stories are taken in rank order and each is compared
only with group leads that share one of its rarest headline n-grams, its
counterpart, its occasion, its sitting, its holiday or its traveller, and with other reports of a group
that share its counterpart, occasion or sitting (``KEYS`` keys per story,
``POSTINGS`` stories per key, ``CANDIDATES`` scored); it joins the strongest
group that holds no story set apart from it (rule 0, ``MEMBERS`` checked), so a day
of tens of thousands of look-alike headlines costs about what unrelated ones
cost, in bounded memory.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections import Counter, OrderedDict, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import NamedTuple

from briefing.config import EditorialOptions
from briefing.patterns import DATELINE_RE, SOURCE_OPENER_RE
from briefing.textnorm import bare

NGRAMS = (2, 3)
# A day's few dozen stories are too few to estimate IDF: they are weighed as if among this many documents,
# in which their n-grams are otherwise absent (so three reports of one event on a small day stay alike).
BACKGROUND_DOCS = 1000
LEAD_CHARS = 150  # the lead: the first two sentences, at most this many characters
HEAD_CHARS = 200  # a headline is compared on its first 200 characters (a real one is far shorter)
KEYS = 8  # rarest headline n-grams a story is looked up by
POSTINGS = 32  # group leads kept per key
CANDIDATES = 8  # leads scored per story, most shared keys first
MEMBERS = 16  # members of a group a story joining it is checked against (``EventSpace.conflict``)
MIN_SHARED = 2  # weight of the keys a lead must share to be scored: a headline n-gram, or two of the lead's
HEADLINES_ALIKE = 0.6  # headline cosine from which leads do not matter
RUNNING_DAYS = 2  # across days, headlines alike (leads not) are one running story at most this many days apart
VECTORS = 4096  # vectors kept at once (recomputed when needed again)

_KICKER = re.compile(r"^\s*[【\[][^】\]]{1,60}[】\]]\s*")
_SENTENCE_END = re.compile(r"(?<=[。！？!?])")
_OCCASION_OF = re.compile(r"在[^，。；]{2,60}?之际")  # "on the occasion of …"
# The lead's opening clause: what comes before its first comma, colon or sentence end.
_OPENING = re.compile(r"[^，,：:；;。！？!?]{1,60}[，,：:；;]")
# Offices whose holder is a counterpart of the home country's leaders.
_TITLES = (
    "副总统|总统|副总理|总理|首相|国王|女王|王储|王后|亲王|埃米尔|议长|国会主席|国家主席|委员会主席"
    "|秘书长|总干事|外交部长|外长|最高元首"
)
_TITLE = re.compile(_TITLES)
# What ends the words before a counterpart's title: verbs and prepositions of meetings, 的, list marks.
# (A connector with fewer than two characters after it is a name's own: 埃及, 共和国.)
_BEFORE = re.compile(r".*(?:会见|会谈|会晤|通电话|致电|致函|接见|分别|出席|同|与|和|向|为|的|及|在|应)(?=..)")
_PARTY_LEADER = re.compile(r"中央(?:委员会)?总书记")
_VISIT = re.compile(r"对([\u4e00-\u9fff]{2,8}?)进行[\u4e00-\u9fff]{0,4}访问|在([\u4e00-\u9fff]{2,8}?)媒体发表")
# The home country's own bodies are actors, not counterparts.
HOME_BODIES = ("中共", "中国", "全国", "国家", "国务院", "中央", "人大", "政协")
_NUMERAL = re.compile(r"[一二三四五六七八九十百零两\d]")
_SEGMENT = re.compile(r"[，。、\s：:；—》《“”「」（）()]")
QUOTED = 5  # a quoted name this long names one thing (a slogan of four characters names many)
_QUOTED = re.compile(rf"[“《「]([^“”《》「」]{{{QUOTED},40}})[”》」]")
# A numbered session: N届某人大M次会议, 某政协N届M次会议, N届某人大常委会第K次会议.
_OCCASION = re.compile(
    r"([一二三四五六七八九十]+)届[\u4e00-\u9fff]{0,10}?([一二三四五六七八九十]+)次(?:全体)?会议"
    r"|第([一二三四五六七八九十百\d]+)届([\u4e00-\u9fff“”]{2,14}?)(?:论坛|博览会|运动会|峰会|大会)"
)
# An annual session of a legislature or advisory body, the one its sittings belong to: counted without 第 and
# not a standing committee's (常委会第N次会议).
_ANNUAL_SESSION = re.compile(
    r"[一二三四五六七八九十]+届(?:(?![第常])[\u4e00-\u9fff]){0,10}?[一二三四五六七八九十]+次会议"
)
_DIGITS = "一二三四五六七八九"
# Other named occasions, each a key of its kind: a party congress (党的N大, N大会议; not a count: 十大成果,
# N大会员企业), a plenum (N届M中全会), an anniversary by what it marks and its number (成立N周年 is not
# 胜利N周年), a quake by its magnitude, a typhoon by its name.
_NAMED_OCCASIONS = (
    (
        "congress",
        re.compile(rf"(?<![{_DIGITS}十第])([{_DIGITS[1:]}]十[{_DIGITS}]?|十[{_DIGITS}])大(?![学小]|会(?!议))"),
    ),
    ("plenum", re.compile(r"([一二三四五六七八九十]+届[一二三四五六七八九])中全会")),
    ("anniversary", re.compile(r"(成立|胜利|诞辰|建交)([一二三四五六七八九十百\d]+)周年")),
    ("quake", re.compile(r"(\d{1,2}(?:\.\d)?)级(?:强烈)?地震")),
    ("typhoon", re.compile(r"台风[“\"]?([\u4e00-\u9fff]{2,4}?)[”\"]")),
)
# What only the sittings of a national legislature's or advisory body's annual session are called: its
# delegations' deliberations, its "passages" for the press, its members' discussions of state affairs; and
# its members, who are named outside the session too (a member's profile before it, the year's proposals).
_SITTING_ITSELF = r"代表团(?:审议|讨论|全体会议|开放)|开放团组|共商国是|议国是|(?:代表|委员|部长)通道"
_SITTING = re.compile(rf"{_SITTING_ITSELF}|代表委员|政协委员|人大代表")
_SITTING_ITSELF_RE = re.compile(_SITTING_ITSELF)
# A day's report of a running conflict: a headline setting two sides' claims side by side (甲方称…… 乙方称……),
# or a lead counting the hours, days or weeks of the fighting (过去24小时, 进入第N天, 连续第N晚, 持续N周).
_CLAIMS = re.compile(r"^[^\s，。]{1,12}称\S+\s+[^\s，。]{1,12}称")
_N = r"[一二三四五六七八九十百两\d]+"
_RUNNING = re.compile(rf"过去(?:{_N}|一)(?:小时|天|日|周)|进入第{_N}[天日周]|连续第{_N}[天晚日周]|(?:持续|超过){_N}周")
# How a counterpart is met: in person (会见, 会谈) or by a message (a letter, a telegram, a call).
_ACTS = (
    ("meeting", re.compile(r"会见|会谈|会晤|接见")),
    ("message", re.compile(r"贺信|贺电|致电|致函|致信|复信|回信|口信|通电话")),
)
_DAY_OF_MONTH = re.compile(r"(?<!\d)(\d{1,2})日")
# What a visitor came for: 来华出席…的 (a summit), 来华进行…访问 (a state visit).
_PURPOSE = re.compile(r"来华(?:出席|参加|进行)([^，。；]{2,40}?)(?:的|并)")
# A body's numbered national congress (某协会第十一次全国代表会议, 某党第十六次全国代表大会): the body (its last
# characters) and the number.
_CONGRESS = re.compile(r"([\u4e00-\u9fff]{2,6})第([一二三四五六七八九十百\d]+)次全国代表(?:大会|会议)")
# An episode of a series by its number (第四场 press conference, 第三期 programme, 第二批 list) or as the first
# (首场), and the gathering it is of, if any: the words after the unit up to a gathering's 会 (read ahead, not
# taken: ``episodes`` says which episodes it hides).
_EPISODE = re.compile(
    r"(?:第([一二三四五六七八九十百零\d]+)|首)(场|期|批|轮|集|季)(?=(?:([\u4e00-\u9fff]{0,5}?会)(?!议))?)"
)
# The calendar's holidays by the names stories call them (新春, 除夕 and a zodiac year's 新年 are the Spring
# Festival), each with its key.
_HOLIDAYS = (
    ("spring", re.compile(r"春节|新春|除夕|中国年|[鼠牛虎兔龙蛇马羊猴鸡狗猪]年(?:新年|春节|新春)")),
    ("lantern", re.compile(r"元宵")),
    ("dragonboat", re.compile(r"端午")),
    ("midautumn", re.compile(r"中秋")),
    ("national", re.compile(r"国庆")),
    ("newyear", re.compile(r"元旦")),
    ("qingming", re.compile(r"清明")),
    ("labour", re.compile(r"五一|劳动节")),
    ("doubleninth", re.compile(r"重阳")),
    ("qixi", re.compile(r"七夕")),
)
# Celebrating (庆, 贺, 喜迎, 过大年), read with the holidays' names left out (国庆 is no celebration word).
_CELEBRATE = re.compile(r"庆|贺|喜迎|过大年")
# A holiday's other themes, each a story of its own (the annotators' rule): travel, spending and markets, the
# broadcaster's programmes, workers on duty; and a person's act timed to it (a leader attending a gathering,
# hosting it, speaking, sending greetings), which is that person's event.
_HOLIDAY_SECTOR = re.compile(
    r"客流|出行|返程|返乡|春运|旅客|出游|旅游|消费|市场|年货|购物|晚会|节目|坚守|岗位|值守"
    r"|出席|主持|讲话|致辞|祝贺|座谈|会见|慰问|看望"
)


def event_text(title: str) -> str:
    """The headline two stories are compared on: without a leading column kicker (【…】).

    Stories of one column (【某某专栏】…) share the kicker, not the event.  At most HEAD_CHARS characters.
    """
    return (_KICKER.sub("", title).strip() or title.strip())[:HEAD_CHARS]


def lead_text(paragraphs: Sequence[str]) -> str:
    """The lead: the first two sentences of the text without a dispatch opener or dateline (某某网消息：,
    某社某市7月8日电), at most LEAD_CHARS characters."""
    text = "".join(paragraphs[:3])[: LEAD_CHARS * 3]
    text = DATELINE_RE.sub("", SOURCE_OPENER_RE.sub("", text, count=1), count=1)
    return "".join(s for s in _SENTENCE_END.split(text)[:2])[:LEAD_CHARS]


def counterparts(text: str) -> frozenset[str]:
    """Foreign counterparts a text names: the words before an office title (某国 of 某国总统), or the
    country of a visit (对X进行国事访问); the home country's bodies (also read through a longer phrase: a
    journal publishing the home party's leader) and numbered things are not counterparts.
    Only the first HEAD_CHARS + LEAD_CHARS characters are read."""
    out = set()
    for seg in _SEGMENT.split(text[: HEAD_CHARS + LEAD_CHARS]):
        for m in _TITLE.finditer(seg):
            # the words before the title, without a verb before them or another title they follow (某国 of
            # 某国王储兼首相)
            before = _TITLE.split(_BEFORE.sub("", seg[: m.start()]))[0][-8:]
            if len(before) >= 2 and not _NUMERAL.search(before):
                out.add(before)
        for m in _PARTY_LEADER.finditer(seg):  # 某共中央总书记: the party's name (某共)
            out.add(_BEFORE.sub("", seg[: m.start()])[-8:])
        for m in _VISIT.finditer(seg):
            out.add(m.group(1) or m.group(2))
    # one that holds a home body's name is the home side, also when read through a longer phrase (a journal
    # that "publishes the Central Committee's General Secretary's" article), not a foreign counterpart
    return frozenset(c for c in out if len(c) >= 2 and not any(home in c for home in HOME_BODIES))


def occasions(text: str) -> frozenset[str]:
    """Numbered sessions and gatherings and other named occasions a text names, as keys (the NPC's and CPPCC's
    session of one year share theirs: their term and session numbers; a congress, a plenum, a quake's
    magnitude, a typhoon's name); only the first HEAD_CHARS + LEAD_CHARS characters."""
    text = text[: HEAD_CHARS + LEAD_CHARS]
    keys = set()
    for m in _OCCASION.finditer(text):
        keys.add(f"{m.group(1)}|{m.group(2)}" if m.group(1) else f"{m.group(3)}|{m.group(4)}")
    for kind, pattern in _NAMED_OCCASIONS:
        keys.update(f"{kind}|{''.join(g for g in m.groups() if g)}" for m in pattern.finditer(text))
    return frozenset(keys)


def sitting(text: str, itself: bool = False) -> bool:
    """Does the text report a sitting of an annual legislative or advisory session (delegations deliberating,
    members discussing state affairs, the press passages; unless ``itself``, its members named)?  Only the first
    HEAD_CHARS + LEAD_CHARS characters."""
    return bool((_SITTING_ITSELF_RE if itself else _SITTING).search(text[: HEAD_CHARS + LEAD_CHARS]))


def daily_report(head: str, lead: str) -> bool:
    """Is the story a day's report of a running conflict (the two sides' claims in the headline, or the lead
    counting the hours, days or weeks of the fighting)?  Only the first HEAD_CHARS + LEAD_CHARS characters."""
    return bool(_CLAIMS.search(head[:HEAD_CHARS]) or _RUNNING.search(lead[:LEAD_CHARS]))


@dataclass(frozen=True)
class Episodes:
    """The episodes of a series a headline names, in the two views the two questions compare them in.

    One day's grouping tells episodes apart by number and unit only (第四场 / 第五场).  Follow-ups across days
    also read 首场 as the first and a numbered gathering as of its kind (第二场记者招待会 is not
    第二场记者见面会): false follow-ups of a news centre's press conferences and media meetings needed it
    (eb07875), and one day's grouping, tuned without it, was left as it was.  ``apart`` is the one check."""

    numbered: frozenset[tuple[str, str]]  # 第N episodes as (number, unit): (四, 场) of 第四场
    units: frozenset[str]  # the units of ``numbered``
    told: frozenset[tuple[str, str, str]]  # with 首 and the gathering: (一, 场, 记者见面会) of 首场记者见面会
    told_units: frozenset[str]  # the units of ``told``

    def apart(self, other: Episodes, across_days: bool) -> bool:
        """Do the two headlines name different episodes of one unit (场 and 场, not 场 and 批)?  ``across_days``:
        in either view."""
        if any(not {e for e in self.numbered if e[1] == unit} & other.numbered for unit in self.units & other.units):
            return True
        return across_days and any(
            not any(_same_episode(x, y) for x in self.told for y in other.told if x[1] == unit)
            for unit in self.told_units & other.told_units
        )


def episodes(head: str) -> Episodes:
    """The episodes a headline names (``Episodes``), read in one pass: each episode by number, and each with its
    gathering ("" when none follows the unit) unless it stands inside the gathering of the one before it
    (首场第二场发布会 is one gathering's words)."""
    numbered, told = set(), set()
    end = 0  # where the last told episode's gathering ends
    for m in _EPISODE.finditer(head[:HEAD_CHARS]):
        number, unit, gathering = m.group(1), m.group(2), m.group(3) or ""
        if number:
            numbered.add((number, unit))
        if m.start() >= end:
            told.add((number or "一", unit, gathering))
            end = m.end() + len(gathering)
    return Episodes(
        frozenset(numbered), frozenset(u for _, u in numbered), frozenset(told), frozenset(u for _, u, _ in told)
    )


def congresses(text: str) -> frozenset[tuple[str, str]]:
    """The bodies' numbered national congresses a text names, as (body, number); only the first HEAD_CHARS +
    LEAD_CHARS characters."""
    return frozenset((m.group(1), m.group(2)) for m in _CONGRESS.finditer(text[: HEAD_CHARS + LEAD_CHARS]))


def _same_congress(a: tuple[str, str], b: tuple[str, str]) -> bool:
    """One body's congress of one number: the bodies' names end alike (中国某党 and 某党)."""
    return a[1] == b[1] and (a[0].endswith(b[0]) or b[0].endswith(a[0]))


def _same_episode(a: tuple[str, str, str], b: tuple[str, str, str]) -> bool:
    """One episode: the same number of the same unit, of one gathering when both name theirs."""
    return a[:2] == b[:2] and (not a[2] or not b[2] or a[2] == b[2])


def purposes(sentence: str) -> frozenset[str]:
    """What the visitors a sentence names came for (出席…峰会, 进行国事访问), bare (its characters only)."""
    return frozenset(bare(m.group(1)) for m in _PURPOSE.finditer(sentence[:LEAD_CHARS]))


def dated_days(sentence: str) -> frozenset[str]:
    """The days of the month a sentence dates (17 of 4月17日 or 17日; not of 2025年 or 24小时)."""
    return frozenset(m.group(1) for m in _DAY_OF_MONTH.finditer(sentence[:LEAD_CHARS]))


def celebrations(head: str, lead: str) -> frozenset[str]:
    """The holidays whose celebrations a story reports: a holiday named in the headline or lead and a celebration
    word (庆, 贺, 喜迎) beside it, the headline naming none of a holiday's other themes (travel, spending,
    programmes, workers on duty) nor a person's act (attending, speaking, a message: that person's event); as
    keys ("spring": 春节, 新春).  Only the first HEAD_CHARS + LEAD_CHARS characters."""
    head, text = head[:HEAD_CHARS], f"{head[:HEAD_CHARS]}。{lead[:LEAD_CHARS]}"
    if _HOLIDAY_SECTOR.search(head) or act(head):
        return frozenset()
    named = frozenset(key for key, pattern in _HOLIDAYS if pattern.search(text))
    rest = text
    for _, pattern in _HOLIDAYS:
        rest = pattern.sub("。", rest)
    return named if named and _CELEBRATE.search(rest) else frozenset()


# A home office before its holder's name (国家主席甲某, 总理、乙某): what names the home side's traveller.
_HOME_OFFICE = r"(?:主席|副主席|总理|副总理|委员长|书记|部长|外长)、?"


def traveller(head: str, first: str) -> str:
    """The home official a story reports abroad, by the first two characters of the name the headline opens with
    (a name has two or three; what follows it may be 和, 出席 ...), when the lead's first sentence opens with
    当地时间 (the time of a foreign place) and names that official after an office (国家主席…), and the headline
    meets or messages nobody (a meeting on a summit's sidelines is its own event, ``act``); else ""."""
    name = head[:2]
    if len(name) < 2 or not first.startswith("当地时间") or act(head):
        return ""
    return name if re.search(_HOME_OFFICE + re.escape(name), first[:LEAD_CHARS]) else ""


def act(head: str) -> str:
    """How the headline meets its counterpart: "meeting" (in person), "message" (a letter, a telegram, a call), or
    "" (neither, or both)."""
    found = [kind for kind, pattern in _ACTS if pattern.search(head[:HEAD_CHARS])]
    return found[0] if len(found) == 1 else ""


def quoted_names(text: str) -> frozenset[str]:
    """Names in quotation marks or title marks (“某某行动计划”, 《…意见》) of at least QUOTED characters."""
    return frozenset(m.group(1) for m in _QUOTED.finditer(text[: HEAD_CHARS + LEAD_CHARS]))


def same_counterpart(a: frozenset[str], b: frozenset[str], exact: bool = False) -> bool:
    """Do two sets of counterparts share one: one name within the other (a short and a long form of one name),
    or (``exact``) the same name (a country's name can sit inside another's)."""
    if exact:
        return bool(a & b)
    return any(x in y or y in x for x in a for y in b)


CAMPAIGN_KINDS = ("anniversary|",)  # occasions that last weeks of distinct events (``EventSpace.named``)


@dataclass(frozen=True)
class Report:
    """What event grouping reads of one story."""

    title: str
    lead: str = ""
    date: str | None = None
    key: str = ""  # stories with one key (one article id) are never grouped together


@dataclass
class _Doc:
    head: str
    text: str  # headline and lead: the words compared
    parties: frozenset[str]  # counterparts named in the headline
    lead_parties: frozenset[str]  # counterparts named in the lead's first sentence
    occasions: frozenset[str]
    single_occasions: frozenset[str]  # its occasions less campaigns of weeks (anniversaries): what follow-ups compare
    names: frozenset[str]  # names quoted in the headline (“…”, 《…》)
    kicker: str  # the headline's 【column】, if any
    kicker_names: bool  # the kicker names an occasion (【第N届…运动会】): its stories are one event
    sitting: bool  # a sitting of an annual session (``sitting``)
    sitting_itself: bool  # named as a sitting, not only by its members (``sitting(text, itself=True)``)
    session: bool  # it names an annual session up front (N届某人大M次会议): the sittings' own occasion
    episodes: Episodes  # the series episodes the headline names (``episodes``)
    head_lead: tuple[str, str]  # the headline and the lead as compared, before any shared opening is dropped
    daily: bool  # a day's report of a running conflict (``daily_report``)
    act: str  # how the headline's counterpart is met: in person or by a message (``act``)
    date: str | None  # the story's day (``Report.date``)
    ordinal: int | None  # ... as a day number (``day_number``): pairs compare numbers, not parse dates
    congresses: frozenset[tuple[str, str]]  # a body's numbered national congress named up front (``congresses``)
    purposes: frozenset[str]  # what a visitor came for, as the lead's first sentence says (``purposes``)
    days: frozenset[str]  # the days of the month the lead's first sentence dates (17 of 4月17日, ``dated_days``)
    holidays: frozenset[str]  # the holidays whose celebrations it reports (``celebrations``)
    abroad: str  # the home official it reports abroad (``traveller``)


def _grams(text: str) -> Counter[str]:
    s = bare(text)
    out: Counter[str] = Counter()
    for n in NGRAMS:
        out.update(s[i : i + n] for i in range(len(s) - n + 1))
    return out


def _doc(report: Report) -> _Doc:
    # what a story is timed to (在…之际: a visit, an anniversary) is its background, not its event: neither
    # what it names nor its words count
    head, lead = event_text(report.title), _OCCASION_OF.sub("", report.lead[:LEAD_CHARS], count=1)
    first = _SENTENCE_END.split(lead, maxsplit=1)[0]
    text = f"{head}。{lead}" if lead else head
    title = report.title[:HEAD_CHARS]
    kicker = _KICKER.match(title)
    # the occasion a story reports is named up front (a column kicker can name it: 【第N届…运动会】); one
    # mentioned further down is background (a letter "after the congress")
    named = occasions(f"{title}。{first}")
    whole = f"{title}。{lead}"
    column = kicker.group(0).strip() if kicker else ""
    return _Doc(
        head, text, counterparts(head), counterparts(first), named,
        frozenset(o for o in named if not o.startswith(CAMPAIGN_KINDS)), quoted_names(head),
        column, bool(occasions(column)) or sitting(column, itself=True), sitting(whole), sitting(whole, itself=True),
        bool(_ANNUAL_SESSION.search(f"{title}。{first}"[: HEAD_CHARS + LEAD_CHARS])),
        episodes(head),
        (head, lead), daily_report(head, lead), act(head), report.date, day_number(report.date),
        congresses(f"{title}。{first}"), purposes(first), dated_days(first), celebrations(head, lead),
        traveller(head, first),
    )  # fmt: skip


def opening(lead: str) -> str:
    """The lead's opening clause (bare: its characters only), when more follows it; else ""."""
    m = _OPENING.match(lead)
    return bare(m.group(0)) if m and m.end() < len(lead) else ""


class StoryKeys(NamedTuple):
    """The keys of one story (``EventSpace.keys``) with their weights."""

    lookup: dict[str, int]  # what it is looked up by
    filed: dict[str, int]  # what it is filed under


class EventSpace:
    """TF-IDF vectors of headline and lead over the stories compared (and any background ones), kept for a
    bounded number of stories at once, and the question asked of them, set once: one day's grouping, or
    (``across_days``) is a story of today a follow-up of an earlier day's?  The rules that differ between the two
    questions say so in the docstrings of ``keys``, ``conflict``, ``named``, ``evidence`` and ``words_agree``."""

    def __init__(self, reports: Sequence[Report], background: Sequence[Report] = (), across_days: bool = False) -> None:
        self.across_days = across_days
        self.docs = [_doc(r) for r in reports]
        docs = [*self.docs, *(_doc(r) for r in background)]
        # an opening clause that opens two or more leads is a formula (a date and time, "this year", a
        # slogan): no evidence of one event, so it is left out of the words compared
        openings = Counter(opening(d.head_lead[1]) for d in docs)
        self.df: Counter[str] = Counter()
        for d in docs:
            head, lead = d.head_lead
            if (first := opening(lead)) and openings[first] > 1:
                d.text = f"{head}。{_OPENING.sub('', lead, count=1)}"
            self.df.update(_grams(d.text).keys())
        self.idf_docs = max(len(reports) + len(background), BACKGROUND_DOCS)
        self._vectors: OrderedDict[tuple[int, bool], dict[str, float]] = OrderedDict()

    def weigh(self, counts: Counter[str]) -> dict[str, float]:
        n = self.idf_docs
        vec = {g: (1 + math.log(tf)) * (math.log((1 + n) / (1 + self.df.get(g, 0))) + 1) for g, tf in counts.items()}
        norm = math.sqrt(sum(w * w for w in vec.values())) or 1.0
        return {g: w / norm for g, w in vec.items()}

    def vector(self, i: int, head: bool = False) -> dict[str, float]:
        """Story ``i``'s vector: of its headline and lead, or (``head``) of its headline alone."""
        vec = self._vectors.get((i, head))
        if vec is None:
            doc = self.docs[i]
            vec = self._vectors[(i, head)] = self.weigh(_grams(doc.head if head else doc.text))
            if len(self._vectors) > VECTORS:
                self._vectors.popitem(last=False)
        else:
            self._vectors.move_to_end((i, head))
        return vec

    def keys(self, i: int) -> StoryKeys:
        """The keys story ``i`` is looked up by and filed under, each with its weight: its counterparts and
        occasions (2), its headline's n-grams (2; looking up: the KEYS rarest) and the rarest of its lead's
        (1; 2·KEYS filed, KEYS looked up by); in one day's grouping (not ``across_days``): the holidays whose
        celebrations it reports and the home official it reports abroad (2).  N-grams no other story has are never
        keys; a lead shares a key with another story's lead only.  Both from one reading of its n-grams."""
        d = self.docs[i]
        same_day = not self.across_days
        head = _grams(d.head)

        def rarest(grams: Iterable[str]) -> list[str]:
            return sorted((g for g in grams if self.df.get(g, 0) > 1), key=lambda g: (self.df[g], g))

        rare = rarest(head)
        lead = rarest(g for g in _grams(d.text) if g not in head)
        named = [
            *(f"\x00c{p}" for p in sorted(d.parties)),  # sorted: a set's order is the hash seed's, and the
            *(f"\x00o{o}" for o in sorted(d.occasions)),  # keys' order breaks ties among candidates
            *(f"\x00n{n}" for n in sorted(d.names)),
            *(["\x00s"] if d.sitting or d.session else []),
            *(f"\x00h{h}" for h in sorted(d.holidays) if same_day),
            *([f"\x00v{d.abroad}"] if d.abroad and same_day else []),
        ]

        def weighed(heads: list[str], leads: list[str]) -> dict[str, int]:
            out = dict.fromkeys([*heads, *named], 2)
            out.update((f"\x00l{g}", 1) for g in leads)
            return out

        return StoryKeys(weighed(rare[:KEYS], lead[:KEYS]), weighed(rare, lead[: 2 * KEYS]))

    def headlines_alike(self, i: int, j: int) -> bool:
        """Headlines so alike (cosine ≥ HEADLINES_ALIKE) that they report one event whatever their leads say."""
        return cosine(self.vector(i, head=True), self.vector(j, head=True)) >= HEADLINES_ALIKE

    def days_apart(self, i: int, j: int) -> int:
        """Days between the dates of stories ``i`` and ``j`` (0 when either is unknown)."""
        return _apart(self.docs[i].ordinal, self.docs[j].ordinal)

    def similarity(self, i: int, j: int) -> float:
        return cosine(self.vector(i), self.vector(j))

    def conflict(self, i: int, j: int) -> bool:
        """Do stories ``i`` and ``j`` report different events whatever else they share: their headlines name
        different counterparts, or different episodes of one kind (第四场 / 第五场), or they are two stories of
        one column (the same 【kicker】, naming no occasion) whose headlines are not nearly the same?
        ``across_days`` (a follow-up): counterparts are compared by their exact names, 首场 is the first episode,
        numbered gatherings of two kinds (第二场记者招待会 / 第二场记者见面会) and two bodies' numbered national
        congresses are different events."""
        a, b, across_days = self.docs[i], self.docs[j], self.across_days
        if a.parties and b.parties and not same_counterpart(a.parties, b.parties, across_days):
            return True
        if a.episodes.apart(b.episodes, across_days):
            return True
        if (  # two bodies' numbered national congresses
            across_days
            and a.congresses
            and b.congresses
            and not any(_same_congress(x, y) for x in a.congresses for y in b.congresses)
        ):
            return True
        return bool(a.kicker) and a.kicker == b.kicker and not a.kicker_names and not self.headlines_alike(i, j)

    def named(self, i: int, j: int) -> bool | None:
        """What the things stories ``i`` and ``j`` name say (rules 1–3 of the module's docstring): one event
        (True), two (False), or nothing (None: their words decide).

        ``across_days`` (is ``j``, of an earlier day, the event ``i`` follows up?): counterparts are compared by
        their exact names, a counterpart met in person and one sent a message (a letter, a telegram, a call) are two
        events, so are visitors of one country come for two occasions (来华出席 a summit / a commemoration), and an
        anniversary is a campaign of weeks of distinct events (press conferences,
        a rally, receptions, meetings), not one event: it is not compared."""
        a, b, across_days = self.docs[i], self.docs[j], self.across_days
        if a.parties and b.parties:
            if across_days and a.purposes and b.purposes and not same_counterpart(a.purposes, b.purposes):
                return False  # one country's visitors come for two occasions (a summit, a commemoration)
            if across_days and a.act and b.act and a.act != b.act:
                return False  # a letter to a counterpart and a meeting with it days later are two acts
            return same_counterpart(a.parties, b.parties, across_days)
        if a.parties or b.parties:
            return same_counterpart(a.parties | a.lead_parties, b.parties | b.lead_parties, across_days)
        occ_a, occ_b = (a.single_occasions, b.single_occasions) if across_days else (a.occasions, b.occasions)
        if occ_a and occ_b:  # two named occasions: the same one, or two events
            return bool(occ_a & occ_b)
        sittings = (a.sitting or a.session) and (b.sitting or b.session) and (a.sitting or b.sitting)
        if sittings and (a.sitting_itself or b.sitting_itself or a.session or b.session):
            # two sittings of the annual session, or a sitting and its session named; one of them named as a
            # sitting or a session, not only by its members (two members' profiles may be two stories); days
            # apart are bounded by the caller
            return True
        return None

    def evidence(self, i: int, j: int, threshold: float) -> float:
        """How strongly stories ``i`` and ``j`` are one event (0: they are not): the rules of the module's
        docstring, scored by their words' similarity (a shared counterpart or occasion counts at least
        ``threshold``); ``across_days``: is ``j``, of an earlier day, the event ``i`` follows up (``named``)?  A day's
        report of a running conflict (``daily_report``) is then the next day's report of the war, not a later
        development of an earlier one: what both name may make it a follow-up, their words never do; and headlines
        alike whose leads are not are a running story only from one day to the next (at most RUNNING_DAYS apart),
        further apart the same kind of event again (another rainstorm, another month's roundup), and so are
        headlines alike further apart whose leads date their acts on other days (a weekly meeting)."""
        if self.conflict(i, j):
            return 0.0
        sim = self.similarity(i, j)
        agree = self.named(i, j)
        if agree is None:
            a, b = self.docs[i], self.docs[j]
            same_day = not self.across_days and a.date == b.date  # rules 5 and 6: stories of one day
            agree = (
                bool(a.names & b.names)
                or (same_day and bool(a.holidays & b.holidays))
                or (same_day and bool(a.abroad) and a.abroad == b.abroad)
                or self.words_agree(i, j, sim, threshold)
            )
        return max(sim, threshold) if agree else 0.0

    def words_agree(self, i: int, j: int, sim: float, threshold: float) -> bool:
        """Do the words of stories ``i`` and ``j`` (similarity ``sim``) make them one event: their headlines and
        leads alike (``threshold``), or their headlines nearly the same?  ``across_days`` (the rules of
        ``evidence``): not for a day's report of a running conflict; headlines alike (the same kind of act) more
        than RUNNING_DAYS apart, not when the leads are not alike or each dates its act on another day (a weekly
        meeting: 7月3日主持召开… / 7月10日主持召开…)."""
        alike = self.headlines_alike(i, j)
        if not self.across_days:
            return sim >= threshold or alike
        a, b = self.docs[i], self.docs[j]
        far = self.days_apart(i, j) > RUNNING_DAYS
        if a.daily or (alike and far and a.days and b.days and not a.days & b.days):
            return False
        return sim >= threshold or (alike and not far)


# the keys of a counterpart, an occasion, a sitting, a holiday's celebrations (``EventSpace.keys``)
NAMED_KEYS = ("\x00c", "\x00o", "\x00s", "\x00h", "\x00v")


def cosine(a: dict[str, float], b: dict[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(w * b.get(g, 0.0) for g, w in a.items())


def day_number(date: str | None) -> int | None:
    """An ISO date's day number (None when it is unknown or no date)."""
    if not date:
        return None
    try:
        return dt.date.fromisoformat(date).toordinal()
    except ValueError:
        return None


def _apart(a: int | None, b: int | None) -> int:
    return 0 if a is None or b is None else abs(a - b)


def days_apart(a: str | None, b: str | None) -> int:
    """Days between two ISO dates (0 when either is unknown)."""
    return _apart(day_number(a), day_number(b))


def group_events(
    reports: Sequence[Report], threshold: float, max_days: int = EditorialOptions.event_days
) -> list[list[int]]:
    """Group reports (already in rank order) into events: each joins the earlier lead it is most strongly
    one event with, or leads a group of its own.

    A report is compared with group leads, so a chain of loosely similar
    stories does not snowball into one group, and with the other reports of a
    group by what they name (a counterpart, an occasion, a sitting: never by
    their words); only with those that share one of its keys
    (``EventSpace.keys``), at most CANDIDATES of them.
    Reports with one ``key`` are never grouped together; reports dated more
    than ``max_days`` apart are never one event.
    """
    space = EventSpace(reports)
    postings: dict[str, list[int]] = defaultdict(list)
    groups: dict[int, list[int]] = {}
    lead_of: dict[int, int] = {}  # a report grouped under another: that lead
    for i, report in enumerate(reports):
        shared: Counter[int] = Counter()
        keys = space.keys(i)
        for k, weight in keys.lookup.items():
            for j in postings.get(k, ()):
                shared[j] += weight
        best_of: dict[int, float] = {}  # lead -> the strongest evidence for its group
        for j, weight in shared.most_common(CANDIDATES):
            if weight < MIN_SHARED:
                break
            lead = lead_of.get(j, j)
            if (report.key and report.key in (reports[j].key, reports[lead].key)) or space.days_apart(i, j) > max_days:
                continue
            score = space.evidence(i, j, threshold)  # a lead, or a report found by what it names (below)
            if score > best_of.get(lead, 0.0):
                best_of[lead] = score
        scored = sorted((-score, j) for j, score in best_of.items())
        # the strongest lead whose group holds no report of another event (MEMBERS checked)
        best = next((j for _, j in scored if not any(space.conflict(i, m) for m in groups[j][1:MEMBERS])), -1)
        if best >= 0:
            groups[best].append(i)
            lead_of[i] = best
            for k in keys.filed:  # found by what it names, not by its words (those are its lead's)
                if k.startswith(NAMED_KEYS) and len(postings[k]) < POSTINGS:
                    postings[k].append(i)
            continue
        groups[i] = [i]
        for k in keys.filed:
            if len(postings[k]) < POSTINGS:
                postings[k].append(i)
    return list(groups.values())
