"""Names in Chinese news text: what they look like and where they stand.

What a name looks like: Chinese personal names (a common surname and a given
name), transliterations of foreign names (characters that spell foreign
sounds, parts joined by a dot), places with an administrative ending.  Where a
person's name stands: a role before it (部长, 村民), a speech verb, a title or
an act after it (说, 主席, 出席), a list of such names.

``mentions`` and ``candidates`` find the names of a segmented text as wholes:
jieba cuts transliterations, full names and place names into pieces, and a
dictionary entry that matches a piece names something else.  They ask a
``Lexicon`` (a dictionary and the segmenter's word list) what a word is.

Shared by the key-term glosses (``translators/keyterms.py``) and the keywords
(a word jieba's HMM invented counts as a name only when it looks like one).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Protocol

Token = tuple[str, str | None]  # a word and its tag in jieba's dictionary (None: a word jieba's HMM found)

# The most common Chinese surnames, single and compound.
SURNAMES = frozenset(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖萧田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆"
    "汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤翟单解仇朴查区葛骆倪常"
    "乔庞洪易鲁齐樊兰殷施温柳阎甘祝饶俞凌聂章耿邢费翁苗毕岳盛焦谷童蒙卫颜辛阮柴麦纪裴霍尤舒屈詹鲍冉邬滕岑艾"
)
COMPOUND_SURNAMES = frozenset(
    {"欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "令狐", "司徒", "慕容", "尉迟", "公孙", "长孙"}
)
# What follows a surname in place of a given name: an anonymised or addressed person (王某, 李先生).
NOT_GIVEN = frozenset({"某", "某某", "先生", "女士", "老师", "师傅", "同志", "总", "哥", "姐", "姨", "叔", "伯", "人"})

# Characters Chinese uses to spell foreign sounds (the frequent ones of jieba's
# dictionary of transliterated names, less those common in native words).
TRANSLITERATION = frozenset(
    "阿埃艾安奥巴拜邦贝本比彼毕波伯博布查达戴丹德登蒂迪丁杜顿多厄恩尔法菲费芬弗伏福盖甘戈格古圭哈汗豪赫亨胡霍"
    "基吉加迦贾杰捷金卡凯坎康柯科克肯库夸奎拉莱赖兰朗劳勒雷黎里利莉琳卢鲁伦罗洛马玛迈麦曼梅蒙米莫默姆穆"
    "纳奈瑙内尼妮涅纽努诺帕潘佩皮珀普齐奇契恰乔切琴萨塞桑瑟森沙莎舍什施斯苏索塔泰坦特提汀图托瓦威维韦温沃乌"
    "西希锡谢辛休雅亚耶伊因尤约扎泽兹佐娅娜琼孜彻罕撒逊翰尚茨"
    "夫丽林士史叶朱思佛列密得爱根热易汉茱略席代季宁京蓬宾柏赞冈贡芒门盛瑞典亥喀秘委危洪牙几裴鲍丘斐廷武"
)
# ... of which these almost never stand in a Chinese given name: a name "surname + these" is a
# transliteration that happens to start with a surname's character, read as spelt, not in pinyin.
FOREIGN_SOUNDS = frozenset("尔斯尼拉卡塔哈勒姆蒂弗茨塞帕库埃什迪赫穆耶戈默扎兹涅舍珀撒罕厄翰")
# ... of which these spell a syllable's end (-r, -f, -ts) and almost never begin a transliterated
# name (尔 begins 20 of jieba's 1,135 names it is in): a name that begins with one is the rest of a
# longer name whose first syllable jieba read as a word of its own.
SYLLABLE_ENDS = frozenset("尔夫茨")
NAME_DOTS = frozenset("·•‧・∙⋅･")  # the dot between the parts of a transliterated name
# A hyphen joins the parts of a double name (X-Y of a Spanish or an African name) -- between two
# parts that spell foreign sounds or are names of people, not between two countries (某国-某盟).
HYPHENS = frozenset("-‐‑－")
JOINERS = NAME_DOTS | HYPHENS

# Words that introduce what a person said right after their name (王明说, 王明表示).
SPEECH = frozenset(
    "说 表示 介绍 告诉 认为 指出 称 强调 坦言 透露 说道 谈到 提到 解释 建议 呼吁 感慨 回忆 表态 直言 补充 笑着说 "
    "谈及 坦承 感叹 分析 预计 提醒 希望 说明".split()
)
# Acts that follow a person's name (王明出席, 王明会见, 王明主持会议): what the person did.
PERSON_ACTS = frozenset(
    "出席 会见 会晤 会谈 主持 陪同 考察 视察 致信 致电 通电话 当选 签署 发表 宣布 "
    "出访 抵达 带领 讲话 看望 慰问 回信 寄语 接受 获得 夺得".split()
)
# Titles and acts that follow a person's name (王明主席, 王明出席, 王明会见).
AFTER_PERSON = PERSON_ACTS | frozenset(
    "主席 总书记 总理 副总理 委员长 同志 先生 女士 教授 院士 总统 副总统 首相 国王 外长 部长 大使 书记 主任 市长 省长 "
    "校长 院长 博士 老师 一行 夫妇 夫人".split()
)
# Roles that stand right before a person's name (部长王明, 村民王明, 选手王明).
ROLES = frozenset(
    "书记 主任 经理 总统 总理 主席 首相 大使 教授 委员 董事 总裁 院士 专家 干部 老师 负责人 发言人 记者 选手 "
    "学生 村民 市民 居民 农民 牧民 渔民 游客 乘客 旅客 导演 演员 医生 护士 律师 队长 船长 机长 厂长 店主 老人 "
    "外长 部长 博士 同学 主任医师 工程师 研究员 志愿者 航天员 运动员 教练 教练员 顾问 司令 总监 参赞 国王 女王 "
    "记者 学者 患者 作者 读者 长者 "
    "王储 亲王 埃米尔 总督".split()
)
ROLE_ENDINGS = (
    *"长员师手官使匠户生民客工",
    *"学家 专家 业家 术家 作家 画家 唱家 负责人 发言人 代表 委员 书记 主任 经理 总裁 董事 教授 院士 博士 老师".split(),
    *"首相 总统 总理 外长 部长 大使".split(),  # 某国首相: one word of a state and its office
)
NOT_ROLES = frozenset(
    "增长 成长 延长 擅长 特长 家长 动员 全员 发生 产生 诞生 民生 卫生 人员 或者 再者 前者 后者 两者 三者 笔者 "
    "代表 国民 人民 公民 农户 住户 用户 客户 门户 账户 窗户 落户 人工 员工 加工 施工 开工 复工 职工 手工 分工 出手 "
    "入手 着手 联手 携手 高手 对手 师生 学生会 大使馆 使用 致使 迫使 行使 即使 假使 官员".split()
)


def split_name(name: str) -> tuple[str, str] | None:
    """(surname, given name) of something shaped like a personal name, else None.

    A common surname and a given name of one or two characters: 李明, 欧阳修文.
    """
    if 3 <= len(name) <= 4 and name[:2] in COMPOUND_SURNAMES:
        return name[:2], name[2:]
    if 2 <= len(name) <= 3 and name[0] in SURNAMES:
        return name[:1], name[1:]
    return None


def chinese_name(name: str) -> tuple[str, str] | None:
    """(surname, given name) when ``name`` is shaped like a Chinese personal name
    whose given name is a name (not 某, 先生 or other address, no foreign sound), else None."""
    parts = split_name(name)
    if parts is None or parts[1] in NOT_GIVEN or "某" in parts[1] or FOREIGN_SOUNDS & set(parts[1]):
        return None
    return parts


def side(name: str) -> bool:
    """Whether a two-character "name" ending in 方 may be "the X side" of diplomatic news (中方, 美方)."""
    return len(name) == 2 and name.endswith("方")


def transliterated(word: str) -> bool:
    """Whether every character of ``word`` (the dots between parts aside) spells a foreign sound."""
    letters = [c for c in word if c not in JOINERS]
    return bool(letters) and all(c in TRANSLITERATION for c in letters)


def headless(name: str) -> bool:
    """Whether ``name`` is a transliteration without its first syllable: it begins with a character
    that ends syllables (尔德…): whatever gloss it has names something else than the whole."""
    return name[:1] in SYLLABLE_ENDS


def spelt_in_pieces(pieces: Sequence[Token]) -> bool:
    """Whether a name joined from the words ``pieces`` spells a foreign name though a character of it
    is not in ``TRANSLITERATION`` (a table of the frequent ones only): four characters or more, a
    piece jieba tags as a transliterated name (nrt), and every piece spelling foreign sounds or a
    name of jieba's dictionary (别克|捷|诺夫; not 某某|达里互, where the segmenter glued a verb on)."""
    tags = [tag for _, tag in pieces]
    letters = sum(len(word) for word, _ in pieces if word not in NAME_DOTS)
    spelt = all(transliterated(word) or tag in NAME_TAGS or word in NAME_DOTS for word, tag in pieces)
    return letters >= 4 and len(pieces) > 1 and "nrt" in tags and spelt


def is_role(word: str) -> bool:
    """Whether ``word`` names a role that may stand right before a person's name (a word in
    者 of three characters or more: 志愿者, 获得者; 为者 and 行者 of an idiom are none)."""
    if word in ROLES:
        return True
    if len(word) >= 3 and word.endswith("者"):
        return True
    return len(word) >= 2 and word not in NOT_ROLES and word.endswith(ROLE_ENDINGS)


def generic_feature(word: str) -> bool:
    """Whether ``word`` is a size or age and a feature (新港, 老街, 小河): a common noun, unless a dictionary
    names a place so."""
    return len(word) == 2 and word[0] in _GENERIC_HEADS and word[1] in _FEATURES


class Lexicon(Protocol):
    """What a dictionary and the segmenter's word list say about a word."""

    def listed(self, word: str) -> bool:
        """The dictionary has an entry for ``word``."""
        ...

    def proper(self, word: str) -> bool:
        """... as a proper noun (one reading)."""
        ...

    def common(self, word: str) -> bool:
        """... as a common word only (多达 "up to", 顾客 "customer")."""
        ...

    def person(self, word: str) -> bool:
        """... as a person's name."""
        ...

    def place(self, word: str) -> bool:
        """... as a place's name (a proper noun)."""
        ...

    def one_person(self, word: str) -> bool:
        """... as one person (with life dates), not a name many people bear."""
        ...

    def verb(self, word: str) -> bool:
        """... with a verb's sense ("to ...") among its first ones."""
        ...

    def is_word(self, text: str) -> bool:
        """The segmenter's dictionary has ``text`` as a word."""
        ...

    def pair(self, word: str) -> bool:
        """... as two names abbreviated together (深港 "Shenzhen and Hong Kong")."""
        ...

    def abroad(self, word: str) -> bool:
        """... as a state or region outside the mainland's provinces (日本 "Japan"; not 湖南, 中国)."""
        ...

    def tag(self, word: str) -> str | None:
        """The segmenter's part-of-speech tag for ``word`` (None: not in its dictionary)."""
        ...


NAME_TAGS = frozenset({"nr", "nrfg", "nrt", "ns", "nt", "nz"})
BODY_TAG = "nt"  # the segmenter's tag of an organisation's name
# Tags of words that stand apart from a name next to them: prepositions, conjunctions,
# particles, adverbs, pronouns, locatives, numbers, measure and time words, verbs.
_APART = frozenset("p c u uj ul uz ud ug uv d df dg r rr rz rg f m mq q y e o x w t tg v vd vg".split())
# ... of which these never continue a transliteration (尤 and 什 can: d and r in jieba; 克 too: m or q).
_NEVER_SPELLS = frozenset("p c u uj ul uz ud ug uv y e o x w v vd vg".split())
# Numbers and measure words: at most a last syllable (索科洛夫斯|克), never a first (更多|巴基斯坦).
_COUNTS = frozenset("m mq q".split())
_PARTICLES = frozenset("p c u uj ul uz ud ug uv y e o x w".split())
# Tags of words that are no given name after a surname (王|说, 向|大家); adverbs can be (周|立新).
_FUNCTION_TAGS = frozenset("r rr rz rg p c u uj ul uz ud ug uv y e o".split())
_VERBS = frozenset("v vd vg".split())
_NOT_GIVEN_TAGS = _PARTICLES | _VERBS | frozenset("r rr rz rg m mq q f t tg".split())
# ... nor the last character of one jieba cut off (某贵|喜 may be a verb; 某某|就 is an adverb).
_NOT_LAST_GIVEN_TAGS = (_NOT_GIVEN_TAGS - _VERBS) | frozenset("d df dg".split())
# A two-character word of a size or age and a feature (新港, 老街, 小河) names the feature
# of the place before it: 翠屿湾新港 is one name, not a place and a person called 新港.
_GENERIC_HEADS = frozenset("大小新老")
_FEATURES = frozenset("桥港湾河江湖山岛道街路城村镇楼厦学院园场馆寺塔坝站区")
# A one-character noun jieba left right after a name belongs to it (a street, a team, a
# segmentation that went wrong): the name alone is not what the text names.
_DANGLING = frozenset({"n", "ng", "vn", "an"})
_AFTER_NAMES = frozenset("时家人们前后间内外处")  # ... except these, which follow names as words of their own
# A street's ending after a place's name: a direction or size and 路 or 街 (西路, 东大街); like 路 alone
# (a dangling noun above), it makes the place's name a street's, which names no place of that name.
_STREET_ENDS = frozenset("路街")
_STREET_HEADS = frozenset("东西南北中大")


def _street(word: str) -> bool:
    """Whether ``word`` is a street's ending that follows a place's name: 西路, 中街, 东大街."""
    return 2 <= len(word) <= 3 and word[-1] in _STREET_ENDS and all(c in _STREET_HEADS for c in word[:-1])


# One-character endings of an estate's, a compound's or a building's name (某地|邨, 某某|苑): a place's
# name right before one heads that name, which names no place of its own.
_ESTATE_ENDS = frozenset("邨苑坊阁庄园楼轩宅寨屯巷弄墅")
_LISTED = frozenset({"、", "和", "与", "及"})  # between the names of a list
_COLONS = frozenset({"：", ":"})
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]+")
PLACE_ENDINGS = frozenset("省市区县州镇乡村")  # one-character administrative endings: 苏州|市


def _cjk(word: str) -> bool:
    return bool(_CJK.fullmatch(word))


def _name_piece(token: Token, lex: Lexicon, right: bool = False) -> bool:
    """A word that is a name or part of one: tagged a name, or an unknown word the HMM found;
    not a role (顾问) nor a place or body the dictionary has only as a common word (城市);
    ``right``: it follows a name (else it may begin one)."""
    word, tag = token
    if not _cjk(word) or is_role(word) or (tag in ("ns", "nt", "nz") and lex.common(word)):
        return False
    return tag in NAME_TAGS or (tag is None and len(word) >= 2 and (right or not _glued_phrase(word, lex)))


def _glued_phrase(word: str, lex: Lexicon) -> bool:
    """Whether ``word`` (an unknown word that would begin a name) begins with a pronoun, preposition,
    conjunction or particle that is no surname and spells no foreign sound: the HMM glued a phrase
    (这是|X, 那些|X)."""
    first = word[0]
    return lex.tag(first) in _FUNCTION_TAGS and first not in TRANSLITERATION and first not in SURNAMES


def _continues(unit: str, token: Token, right: bool, lex: Lexicon, unknown: bool = False) -> bool:
    """Whether ``token``, standing right after (or before) ``unit``, is part of the same name;
    ``unknown``: the unit is one word jieba's HMM found."""
    word, tag = token
    if not _cjk(word) or is_role(word):
        return False
    spelt = transliterated(unit)
    if right and _cut_short(unit) and transliterated(word) and tag not in _NEVER_SPELLS and tag not in _COUNTS:
        return True  # 某某·隆|巴尔: a dotted name's last part jieba cut short runs on while it spells foreign sounds
    if len(unit) == 1:  # a one-character name piece is part of the next: 王|秀英
        return _name_piece(token, lex, right) or len(word) == 1
    if len(word) == 1:
        if tag in NAME_TAGS or tag is None:  # a piece jieba left alone: 萨米|尔, 卡|萨利|耶
            return True
        counts = tag in _COUNTS and (not right or lex.proper(unit))
        spells = spelt and transliterated(word) and tag not in _NEVER_SPELLS and tag != "j" and not counts
        if spells and not lex.common(unit):
            return True  # 坎|达|斯卡 (but not 多达|约, a common word and an adverb, nor 俄|某地, Russia's abbreviation)
        if right and (word in PLACE_ENDINGS or (tag in _DANGLING and word not in _AFTER_NAMES)):
            return True  # 苏州|市; a noun left over: X路, X队 (not X时, X家)
        if right and word in _ESTATE_ENDS and tag not in _PARTICLES:
            return True  # an estate or a building named after a place: 某地|邨
        if not right and word in _GENERIC_HEADS and spelt:
            return True  # a new or greater place of a foreign name (新|某某斯克, 大|某某斯特): one name
        if not right and word in SURNAMES and tag not in _APART and len(unit) <= 2:  # 马|建华
            return True
        pair = unit[-1] + word if right else word + unit[0]
        return tag not in _APART and lex.is_word(pair)  # cut either way: 抢收|割 or 抢|收割
    if right and _street(word):
        return True  # a street named after a place (某地|西路) names the street, not the place
    if right and spelt and transliterated(word) and lex.tag(word) is None and _known_whole(unit, lex):
        return False  # a country or place the dictionary knows before a name it does not (某国|某某基地)
    if tag is None:  # an unknown word beside a name is more of it: 塔赫|里姆 (not 这是|X)
        return right or not _glued_phrase(word, lex)
    if unknown and tag in NAME_TAGS:
        return True
    if right and tag in ("nt", "nz") and chinese_name(unit):  # a firm named like a person: X|控股集团
        return True
    if right and len(word) == 2 and word[0] in _GENERIC_HEADS and word[1] in _FEATURES and tag in NAME_TAGS:
        return True
    both_spelt = spelt and transliterated(word) and tag in NAME_TAGS
    if both_spelt and not (lex.proper(unit) and lex.proper(word)):
        return True
    if right and tag in NAME_TAGS and lex.proper(word) and spelt and not lex.listed(unit):
        return True  # a dictionary name right after a transliteration it does not know ends it (某某卡|南宫)
    # A transliteration jieba cut after a word of its dictionary (X|Y|<spelt nrt>): the pieces so far
    # are no name the dictionary knows and end in a spelt syllable, and jieba tags the rest as a
    # transliterated name.
    return right and tag == "nrt" and transliterated(word) and transliterated(unit[-1]) and not lex.proper(unit)


def _cut_short(unit: str) -> bool:
    """Whether ``unit`` is a name of parts joined by a dot or a hyphen whose last part is one character
    (某某·隆, 某某·斯, 某某-祖): a part of a transliterated name is a syllable or more, and one alone is what
    jieba cut off the syllables after it (which it may have read as a word of its own, 斯|洛克 "Locke")."""
    last = max((unit.rfind(joiner) for joiner in JOINERS), default=-1)
    return last >= 0 and len(unit) - last - 1 == 1


def _known_whole(unit: str, lex: Lexicon) -> bool:
    """Whether ``unit`` is a name of three characters or more that both the dictionary (as a proper
    noun, no person's) and the segmenter know whole: a country or place (卡塔尔), which a word neither
    knows right after it does not lengthen into one transliteration but follows as a name of its own
    (某国的某某基地 written without 的).  Two-character words (别克|捷诺夫) may still begin a longer one."""
    return len(unit) >= 3 and lex.proper(unit) and not lex.person(unit) and lex.tag(unit) is not None


def _bounds(tokens: Sequence[Token], i: int) -> bool:
    """Whether a name may end before token i: the text ends, or punctuation, a speech verb or title follows."""
    if i >= len(tokens):
        return True
    word = tokens[i][0]
    return not _cjk(word) or word in SPEECH or word in AFTER_PERSON or word in _LISTED


def _syllable(token: Token, dotted: bool) -> bool:
    """A one-character word that may be a syllable of a transliteration: a character that spells
    foreign sounds, or in a name with a dot (whose every part is spelt) any character but a particle."""
    word, tag = token
    if len(word) != 1 or not _cjk(word) or word in SPEECH:
        return False
    return transliterated(word) or (dotted and tag not in _PARTICLES)


def _last_syllable(tokens: Sequence[Token], end: int, dotted: bool, known: bool) -> bool:
    """Whether token ``end``, one character right after a transliterated name, is its last syllable: one
    that may spell a foreign sound before what bounds a name (某某|尔|。), or -- after a name the dictionary
    does not know (``known``: not 某某|来|表示 of a leader it has) -- a verb's character right before a speech
    verb (某某|歇|表示: no verb stands between a speaker's name and 表示, jieba took a syllable for one); in a
    name with a dot, any character before an organisation's ending (某·某某|万|医院: a body named after a
    person; the name is inside its name)."""
    if _syllable(tokens[end], dotted) and _bounds(tokens, end + 1):
        return True
    if dotted and _syllable(tokens[end], dotted) and end + 1 < len(tokens) and _ends_organisation(*tokens[end + 1]):
        return True  # 某·某某|万|医院: a body named after the person, whose last syllable jieba read as a word
    if known:
        return False
    word, tag = tokens[end]
    after = tokens[end + 1][0] if end + 1 < len(tokens) else ""
    return len(word) == 1 and _cjk(word) and tag in _VERBS and word not in SPEECH and after in SPEECH


def _sandwiched(tokens: Sequence[Token], end: int, text: str, lex: Lexicon) -> bool:
    """Whether token ``end`` is one spelt character between the transliterated name ``text`` and more of it."""
    if end + 1 >= len(tokens) or not transliterated(text) or not _syllable(tokens[end], False):
        return False
    after = tokens[end + 1]
    return _name_piece(after, lex, right=True) and transliterated(after[0])


def _given_name_end(tokens: Sequence[Token], end: int, text: str) -> bool:
    """Whether token ``end`` is the last character of a given name: one character after a
    surname and one more (李家|超), right before punctuation or the next name of a list, or
    -- a character no verb, place word or number -- right before a speech verb or a colon
    (李某|铮|告诉; not 对某某|来|说, 在贺信|中|指出)."""
    if len(text) != 2 or text[0] not in SURNAMES or end >= len(tokens) or not chinese_name(text):
        return False
    word, tag = tokens[end]
    if len(word) != 1 or not _cjk(word) or tag in _PARTICLES or tag in ("d", "r", "p") or word in SPEECH:
        return False
    after = tokens[end + 1][0] if end + 1 < len(tokens) else ""
    if after in SPEECH or after in _COLONS:
        return tag not in _NOT_GIVEN_TAGS
    if tag == "f" and word in _NAME_DIRECTIONS and _opens_act(after):
        return True  # 某国|中|出席会议: a direction that names people too, then what the person did
    if after in _LISTED and _cjk(after) and word not in _AFTER_NAMES:  # 李家|超|和|某某: a list goes on
        return end + 2 < len(tokens) and tokens[end + 2][1] in ("nr", "nrfg")
    return not _cjk(after) and after not in ("", "\n")


def given_name_apart(tokens: Sequence[Token], lex: Lexicon) -> list[Token]:
    """The last character of a given name that jieba took into the next word, whose other character begins
    what the person did with what follows (副主席|某升|民主|持晋: 民|主持晋, 主持 "preside"), cut off as a word
    of its own after a role and a surname with one character, so that the name grows over it as over any noun
    left over (某某|民); 某某|民主党派 and 某某|民主|生活 leave no act over and stay as they are."""
    out: list[Token] = []
    i = 0
    while i < len(tokens):
        out.append(tokens[i])
        name, taken = tokens[i][0], tokens[i + 1][0] if i + 1 < len(tokens) else ""
        rest = taken[1:] + (tokens[i + 2][0] if i + 2 < len(tokens) else "")
        titled = i >= 1 and is_role(tokens[i - 1][0]) and len(name) == 2 and name[0] in SURNAMES
        act = next((a for a in PERSON_ACTS if rest.startswith(a)), None) if titled and len(taken) == 2 else None
        if act is None or not _cjk(taken) or not chinese_name(name + taken[0]):
            i += 1
            continue
        out += [(taken[0], lex.tag(taken[0])), (rest, lex.tag(act))]  # (主持晋: the act leads the word)
        i += 3
    return out


# Directions that stand in given names as often as in places (某国中, 某向东): jieba tags them as place
# words (f) after a surname and one character, and a name before one is cut short.
_NAME_DIRECTIONS = frozenset("东西南北中")
_ACTS_LONGEST = tuple(sorted(SPEECH | AFTER_PERSON | {"参加"}, key=lambda word: (-len(word), word)))


def _opens_act(word: str) -> bool:
    """Whether ``word`` begins with a speech verb, a title or an act that follows a person's name (出席会议,
    会见, 表示): what a person did, which a name right before it ends on."""
    return word.startswith(_ACTS_LONGEST)


def _surname_before_place(tokens: Sequence[Token], start: int, end: int, text: str, lex: Lexicon) -> bool:
    """Whether the dictionary place ``text`` (tokens [start, end)) is the given name of a person whose
    surname is the one character before it: a role before the surname, a speech verb, a colon or an act
    right after (主席|某|卫东|指出, where jieba read the surname as a pronoun)."""
    if start < 2 or end >= len(tokens) or not lex.place(text):
        return False
    surname, role, after = tokens[start - 1][0], tokens[start - 2][0], tokens[end][0]
    if len(surname) != 1 or surname not in SURNAMES or not is_role(role) or not chinese_name(surname + text):
        return False
    return after in SPEECH or after in _COLONS or _opens_act(after)


def _begins_next(tokens: Sequence[Token], end: int, text: str, lex: Lexicon) -> bool:
    """Whether token ``end``, one character jieba tags as a name (or an unknown one) between the name
    ``text`` and another name, begins that one rather than ending ``text`` (某地|金|某山 of a resort):
    a surname's character before a name, after a name that spells no foreign sounds."""
    word, tag = tokens[end]
    if len(word) != 1 or word not in SURNAMES or not (tag in NAME_TAGS or tag is None) or transliterated(text):
        return False
    return end + 1 < len(tokens) and len(tokens[end + 1][0]) >= 2 and _name_piece(tokens[end + 1], lex, right=True)


def _edge_syllable(
    tokens: Sequence[Token],
    start: int,
    end: int,
    taken: int,
    m: tuple[str, bool],
    lex: Lexicon,
    opens: bool = False,
) -> bool:
    """Whether a one-character word at an edge of a transliterated name ``m`` (text, dotted) is its
    first or last syllable (加|兰特 right after a role, 在|托|雷茨克 right after a preposition or a
    conjunction, 北部|拜|特拉某某 right after a direction, 米卡|提 right before what they said); ``common``:
    the name so far is a common word (多达|约 is "as many as | about"); ``opens``: the word after it begins
    the next word (某某|本|月初)."""
    text, dotted = m
    common, known = lex.common(text), lex.listed(text)
    if common or not (dotted or transliterated(text)) or len(text) < 2:
        return False
    if end < len(tokens) and not opens and _last_syllable(tokens, end, dotted, known):
        return True
    if start - 1 < taken or not _syllable(tokens[start - 1], dotted):
        return False
    before, tag = tokens[start - 2] if start >= 2 else ("", None)
    return not _cjk(before) or is_role(before) or tag in ("p", "c", "f")  # (某地北部|拜|特拉某某: a direction)


def _joined(left: str, joiner: str, right: str, lex: Lexicon, after: Token = ("", None)) -> bool:
    """Whether ``left`` and ``right`` are two parts of one name between ``joiner``: any two after a
    name's dot, two that spell foreign sounds or name people after a hyphen (某某-某某, not 某国-某盟),
    or after a hyphen one character that jieba cut off the spelt syllables ``after`` it (某某-祖|特尔)."""
    if not _cjk("".join(c for c in left + right if c not in JOINERS)):
        return False
    if joiner in NAME_DOTS:
        return True
    if joiner not in HYPHENS or not _double_name_part(left, lex):
        return False
    cut = len(right) == 1 and after[1] in NAME_TAGS and transliterated(after[0])
    return cut or _double_name_part(right, lex)


def _double_name_part(part: str, lex: Lexicon) -> bool:
    """A part of a double name: a person's name of the dictionary, or a spelt name it has as nothing
    else (not 某某-某某峰会 of two peoples or faiths the dictionary knows)."""
    return lex.person(part) or (transliterated(part) and not lex.proper(part))


def hyphenated(name: str) -> bool:
    """Whether ``name`` is two names joined by a hyphen: a person's double name, or two places (某地-某地
    方向) that no one gloss names."""
    return any(c in HYPHENS for c in name)


@dataclass
class Mention:
    """One place in the text where a name stands: tokens [start, end) joined."""

    text: str
    start: int
    end: int
    tags: tuple[str | None, ...]
    dotted: bool = False


# The longest a name grows to (the longest in the labelled sets has 12 characters; a royal's full name with
# titles some 25): every step of growth reads the name so far, so a chain of dotted pieces in a hostile text
# (20,000 characters of 某∙某∙…) took seconds, growing without end, 200,000 characters 38 s.
MAX_NAME_CHARS = 40


def mentions(tokens: Sequence[Token], lex: Lexicon) -> list[Mention]:
    """Every name of the text as a whole: name pieces grown over the words they continue, up to
    MAX_NAME_CHARS characters."""
    out: list[Mention] = []
    taken = 0  # tokens before this index belong to earlier mentions
    for i, token in enumerate(tokens):
        if i < taken or not _name_piece(token, lex):
            continue
        start, end, text, dotted, suffixed = i, i + 1, token[0], False, False
        while len(text) < MAX_NAME_CHARS:
            alone = end - start == 1 and tokens[start][1] is None  # one word the HMM found
            opens = opens_word(tokens, end, lex)  # 某某|本|月初: the character begins the next word
            beyond = tokens[end + 2] if end + 2 < len(tokens) else ("", None)
            if end + 1 < len(tokens) and _joined(text, tokens[end][0], tokens[end + 1][0], lex, beyond):
                text, end, dotted = text + tokens[end][0] + tokens[end + 1][0], end + 2, True
            elif start - 2 >= taken and _joined(tokens[start - 2][0], tokens[start - 1][0], text, lex):
                text, start, dotted = tokens[start - 2][0] + tokens[start - 1][0] + text, start - 2, True
            elif (
                not suffixed
                and end < len(tokens)
                and not opens
                and not _begins_next(tokens, end, text, lex)
                and _continues(text, tokens[end], True, lex, alone)
            ):
                text, end = text + tokens[end][0], end + 1
                suffixed = tokens[end - 1][0] in PLACE_ENDINGS
            elif start - 1 >= taken and _continues(text, tokens[start - 1], False, lex, alone):
                text, start = tokens[start - 1][0] + text, start - 1
            elif start - 1 >= taken and _surname_before_place(tokens, start, end, text, lex):
                text, start = tokens[start - 1][0] + text, start - 1  # 主席|某|卫东|指出: a person, not a place
            elif not opens and (_sandwiched(tokens, end, text, lex) or _given_name_end(tokens, end, text)):
                text, end = text + tokens[end][0], end + 1  # 代尔|拜|拉赫 (a syllable taken for a verb), 李家|超、
            elif _edge_syllable(tokens, start, end, taken, (text, dotted), lex, opens):
                if end < len(tokens) and not opens and _last_syllable(tokens, end, dotted, lex.listed(text)):
                    text, end = text + tokens[end][0], end + 1
                else:
                    text, start = tokens[start - 1][0] + text, start - 1
            else:
                break
        out.append(Mention(text, start, end, tuple(t for _, t in tokens[start:end]), dotted))
        taken = end
    return out


def _surname_given(tokens: Sequence[Token], taken: set[int]) -> Iterator[Mention]:
    """A surname and a given name jieba cut as two common words (李|朝霞): people only, checked by context."""
    for i in range(len(tokens) - 1):
        (first, first_tag), (second, tag) = tokens[i], tokens[i + 1]
        if i in taken or i + 1 in taken or not (first in SURNAMES or first in COMPOUND_SURNAMES):
            continue
        if first_tag in _APART or not _cjk(second) or len(second) > 2 or tag in _NOT_GIVEN_TAGS or is_role(second):
            continue  # 向|大家: a preposition, not a surname
        if chinese_name(first + second):
            yield Mention(first + second, i, i + 2, (None, tag))


def _loose_end(tokens: Sequence[Token], m: Mention, lex: Lexicon) -> bool:
    """Whether ``m``, a surname and one character that the dictionary has as no place, stands
    right before one more character that may be the last of the given name (某贵|喜|的, 某祯|如|所在):
    no particle, pronoun, adverb, preposition, place word, number or time, nor a speech verb, title
    or act.  The name may be three characters long: its first two are no name to gloss."""
    if m.end >= len(tokens):
        return False
    word, tag = tokens[m.end]
    if len(word) != 1 or not _cjk(word) or word in SPEECH or word in AFTER_PERSON or word in _AFTER_NAMES:
        return False
    if _spelt_unknown(m.text, lex):  # a transliteration before a last syllable jieba read as a word (某某|明)
        return tag not in _NOT_LAST_GIVEN_TAGS and tag not in _VERBS
    if len(m.text) != 2 or not chinese_name(m.text) or lex.place(m.text):
        return False  # (a place's name: 某岭|站 is a station named after it)
    return tag not in _NOT_LAST_GIVEN_TAGS


def _spelt_unknown(name: str, lex: Lexicon) -> bool:
    """A transliterated name of two characters or more that the dictionary does not know."""
    return len(name) >= 2 and transliterated(name) and not lex.listed(name)


def _speaks(tokens: Sequence[Token], m: Mention) -> bool:
    after = tokens[m.end][0] if m.end < len(tokens) else ""
    return after in SPEECH or after in _COLONS


def _titled(tokens: Sequence[Token], m: Mention) -> bool:
    """The strongest evidence of a person: a role right before the name (部长王明, 外长某某)."""
    return m.start > 0 and is_role(tokens[m.start - 1][0])


# Offices no one holds on the mainland (its head of state is 主席): a name right before or after one (某某|总统,
# 某某|首相) is a foreign leader's where the text names a state abroad.
FOREIGN_OFFICES = frozenset("总统 副总统 首相 国王 女王 王储 亲王 总督 埃米尔".split())


def _foreign_office(tokens: Sequence[Token], m: Mention, abroad_named: bool) -> bool:
    """Whether the name stands right before or after an office only states abroad have (某某|总统 of 某国总统
    某某 or 某某主席同某某总统), in a text that names a state abroad: the name is a foreign leader's."""
    before = tokens[m.start - 1][0] if m.start > 0 else ""
    after = tokens[m.end][0] if m.end < len(tokens) else ""
    return abroad_named and (before in FOREIGN_OFFICES or after in FOREIGN_OFFICES)


def _among_bodies(tokens: Sequence[Token], m: Mention) -> bool:
    """Whether the name stands in a list (、, 和 …) beside a body's name or abbreviation (tagged nt or j)
    that ends with the same character (东盟、X盟: a list of one kind), and beside no place: it
    abbreviates a body too, whatever place the same characters abbreviate."""
    beside = []
    if m.start >= 2 and tokens[m.start - 1][0] in _LISTED:
        beside.append(tokens[m.start - 2])
    if m.end + 1 < len(tokens) and tokens[m.end][0] in _LISTED:
        beside.append(tokens[m.end + 1])
    same_kind = any(tag in ("nt", "j") and word[-1:] == m.text[-1:] for word, tag in beside)
    return same_kind and all(tag != "ns" for _, tag in beside)


# One-character marks of a rank that the segmenter cuts off the role after them (副|总理, 前|总统).
_RANK_MARKS = frozenset("副前")


def _from_abroad(tokens: Sequence[Token], m: Mention, lex: Lexicon) -> bool:
    """Whether a role right before the name is one of a state or region abroad (某国|总统|某某, 某国某大学|
    教授|某某), not of an envoy there (驻|某国|大使|某某): the person's name is no Chinese one to read in pinyin."""
    if not _titled(tokens, m):
        return False
    role = tokens[m.start - 1][0]  # 某国首相 may be one word
    before = tokens[m.start - 2][0] if m.start >= 2 else ""
    envoy = "驻" in role or "驻" in before or (m.start >= 3 and tokens[m.start - 3][0] == "驻")
    # The body the role is of may run over more words: 某国共产党|中央|总书记|某某 (a party, then its organ).
    body = [before]
    if m.start >= 3 and tokens[m.start - 2][1] == "n" and tokens[m.start - 3][1] in ("nt", "ns"):
        body.append(tokens[m.start - 3][0])
    if m.start >= 3 and before in _RANK_MARKS:  # 某国|副|总理|某某: a deputy's role is the state's as well
        body.append(tokens[m.start - 3][0])
    return not envoy and any(_heads(word, lex.abroad) for word in (role, *body))


def _heads(word: str, test: Callable[[str], bool]) -> bool:
    """Whether ``test`` holds for a head of ``word`` of two to six characters (某国 of 某国首相, 某国国会)."""
    return _cjk(word) and any(test(word[:k]) for k in range(2, min(len(word), 6) + 1))


def _introduced(tokens: Sequence[Token], m: Mention) -> bool:
    """Strong evidence of a person: a role right before, a colon or a gender mark right after
    (a colon also follows a place in a headline: 某省：...)."""
    after = tokens[m.end][0] if m.end < len(tokens) else ""
    gender = after in ("（", "(") and m.end + 1 < len(tokens) and tokens[m.end + 1][0] in ("女", "男")
    return _titled(tokens, m) or after in _COLONS or gender


def _acts(tokens: Sequence[Token], m: Mention) -> bool:
    """Weak evidence of a person: a speech verb, a title or an act right after (王明说, 王明主席,
    王明出席) -- which also follow countries and bodies (法国总统, 联合国称)."""
    after = tokens[m.end][0] if m.end < len(tokens) else ""
    return after in SPEECH or after in AFTER_PERSON


@dataclass
class Candidate:
    """A name of the article: its first mention, its uses, and what its mentions say about it."""

    text: str
    first: int
    tags: tuple[str | None, ...]
    dotted: bool
    count: int = 0
    titled: bool = False  # a role before it, at least once
    introduced: bool = False  # a role before it, a colon or a gender mark after it, at least once
    acts: int = 0  # uses with a speech verb, a title or an act after it
    quoted: bool = False  # followed by what the person said, at least once
    abroad: bool = False  # a role of a state abroad before it, at least once (某国|总统|某某)
    inside: int = 0  # uses inside a longer name: a body's (国务院|海洋渔业委员会), a monarch's (某某|三世)
    loose: int = 0  # uses of a surname and one character before one more character that may end the name
    straddling: int = 0  # uses cut across two words of the text (赴|美的 of 赴美|的)
    among_bodies: int = 0  # uses in a list of bodies and no place (某盟、X、某盟): an abbreviation of a body
    ranked: int = 0  # uses of a size and a feature after a number (第一|大港, "the largest port"): no name
    counted: int = 0  # uses counted as many things (84个|内湖, 某河|等|五河): a common word, no place
    in_title: int = 0  # uses inside a work's title in book-title marks, with more words of it (《某某关于…》)
    doctrine: int = 0  # uses right before a doctrine's word (某地|精神)
    glued: int = 0  # uses with one character of another word right beside them (某|某某|同时): a mis-cut
    possible_person_only: bool = True  # every mention was a surname and a common word (李|朝霞)
    neighbours: set[str] = field(default_factory=set)  # names beside it in a list
    pieces: tuple[Token, ...] = ()  # the words of its first mention

    def never_whole(self) -> bool:
        """Whether no use of the name is the name alone: each is inside a longer name, or, where some use
        heads an organisation's name, the others head a doctrine's (某地|合作|组织 ... “某地|精神”: the
        organisation's spirit, named after it, not the place's)."""
        return self.inside == self.count or (self.inside > 0 and self.inside + self.doctrine >= self.count)


# What the name of an organisation, a doctrine or a building ends with (委员会, 集团, 研究院, 思想, 大厦): a
# name before one heads a longer name (国务院海洋渔业委员会), which is what the text names.
ORGANISATION_ENDINGS = tuple(
    "委员会 常委会 办公室 办公厅 新闻办 卫队 部队 集团 公司 中心 协会 学会 联合会 基金会 银行 法院 检察院 "
    "大学 学院 学校 医院 组织 联盟 同盟 阵线 运动 工作组 小组 理事会 博物馆 图书馆 纪念馆 电视台 通讯社 "
    "议会 思想 大厦 大楼 礼堂 会堂 战区 军区 舰队 大队 支队 中队".split()
)
# Words of a trade after a firm's or brand's name that make the name of another company, its subsidiary
# (某某|期货, 某某|证券): a name right before one heads that company's name.  Not a generic designation
# (集团, 公司), which the guideline reads as a word of its own after the whole name.
FIRM_UNITS = frozenset("期货 证券 基金 资管".split())
# Games named after the place right before them (某洲|运动会, 某城|奥运会); not after a verb (来|某城|看|奥运会).
_GAMES = frozenset("运动会 奥运会".split())
# Directions that stand inside a command's or a region's body name, right before its ending (东部|战区).
_DIRECTIONS = frozenset("东部 西部 南部 北部 中部 东方 西方 南方 北方".split())
_ORGANISATION_TAILS = tuple("院所局部委办署队党社台行馆")  # ... of longer words (研究院, 交易所, 统计局)
_NOT_ORGANISATIONS = frozenset({"市中心", "城市中心"})
_ORDINAL = re.compile(r"第[一二三四五六七八九十百零〇\d]+[届次]")
# Words between a name and its organisation's ending, the ending included (某某|合作|组织|成员国|新闻|
# 联盟: the longest names run to six); a personal name heads only a short one (某某|法治思想, 某某|控股集团):
# four words after a person's name are what the person did (某某|代表|某党|第十届|中央|常务委员会).
MAX_ORGANISATION_WORDS = 6
MAX_AFTER_PERSON = 4
# The endings of a branch's name after its parent body and a place (某某银行|某省|分行, 某某院|某地|分院):
# jieba tags some as verbs (分行), so they end a name only there, after a body's name and a place.
_BRANCH_ENDINGS = tuple("分行 支行 分公司 子公司 分院 分局 分会 分社 分所 分校 分部 分中心 分署 分店".split())
# Endings of a standing conference or assembly of a body (某组织|贸发|会议, 某组织|气候变化|大会): after a
# body's name and one word naming its topic they end a longer name; right after the body (某组织|会议) or
# after a session's number (某委员会|第七次|会议, a session of the body) they do not.
_BODY_MEETINGS = frozenset({"会议", "大会"})
# ... and a standing conference's short name, one character after a two-character topic (某组织|贸发|会):
# elsewhere 会 is "will" (某组织|会|发布), and a longer topic before it is no abbreviation.
_SHORT_MEETING = "会"
_MEETING_TOPIC_TAGS = frozenset({"n", "vn", "v"})  # ... what the conference is about: a noun or an activity
_CONJUNCTIONS = frozenset("和与及暨")  # ... between two words of the organisation's name (党史|和|文献|研究院)
_DEPARTMENT_TAILS = tuple("部局厅署委办")  # the endings of a government department's name
# Tags of a word that may begin a department's longer name: a noun or a modifier (公共, 城乡), not a
# name (the country or body the department belongs to), a verb, a particle or a pronoun.
_MODIFIER_TAGS = frozenset({"n", "b", "vn", "an"})
# Endings jieba tags as verbs (组织 "organise") that end a name the dictionary knows whole (某地|合作|组织);
# elsewhere they may be the verb or a generic noun (某国|武装|组织 "armed groups of ..."), which heads no name.
_VERB_ORGANISATION = "组织"
_VERB_ENDINGS = frozenset({_VERB_ORGANISATION})
_TITLE_STOPS = frozenset("\n。！？")  # ... where a title that has not closed is no title
# The word of a doctrine named after a body or a place (某地精神): it heads no name on its own (延安精神 may
# name the place's), so it counts only beside uses inside an organisation's name (``Candidate.never_whole``).
_DOCTRINES = frozenset({"精神"})


def _ends_organisation(word: str, tag: str | None) -> bool:
    """Whether ``word`` ends an organisation's name (委员会, 研究院, 战区; not 组织 "organise")."""
    return (
        tag not in ("v", "vd")
        and word not in _NOT_ORGANISATIONS
        and (word.endswith(ORGANISATION_ENDINGS) or (len(word) >= 3 and word.endswith(_ORGANISATION_TAILS)))
    )


def _names_meeting(token: Token) -> bool:
    """Whether ``token`` between a body and 会议/大会 names the conference (贸发, 气候变化), not a session's
    number or time (第七次, 年度) nor another name."""
    word, tag = token
    return _cjk(word) and tag in _MEETING_TOPIC_TAGS and not _ORDINAL.fullmatch(word)


def _ends_conference(topic: Sequence[Token], word: str) -> bool:
    """Whether ``word`` after a body and the words ``topic`` ends the name of the body's standing conference:
    会议 or 大会 after one topic or two joined by a conjunction (某组织|贸易|与|发展|会议), or 会 after one
    topic of two characters (某组织|贸发|会)."""
    if len(topic) == 1:
        short = word == _SHORT_MEETING and len(topic[0][0]) == 2
        return (word in _BODY_MEETINGS or short) and _names_meeting(topic[0])
    joined = len(topic) == 3 and topic[1][0] in _CONJUNCTIONS
    return joined and word in _BODY_MEETINGS and _names_meeting(topic[0]) and _names_meeting(topic[2])


def _cooperation(words: Sequence[Token], k: int) -> bool:
    """Whether word ``k`` is 组织 (tagged a verb) right after 合作: a cooperation organisation's name
    (某某|合作|组织), which the words before head even where the dictionary does not know it whole."""
    return k > 0 and words[k][0] == _VERB_ORGANISATION and words[k - 1][0] == "合作"


def heads_organisation(tokens: Sequence[Token], end: int, reach: int = MAX_ORGANISATION_WORDS) -> bool:
    """Whether the words from token ``end`` on finish an organisation's name that a name right
    before them begins: 国务院|海洋|渔业|委员会, 中国共产党|第九届|中央委员会, 某某|历史|和|档案|研究院
    (a conjunction between two of its words), 某军|东部|战区 (a direction before its ending),
    某某院|青海|盐湖研究所 (a body's branch in a place), not 国务院|总理 nor 国务院|和|某某委员会."""
    words = tokens[end : end + reach]
    body = end > 0 and tokens[end - 1][1] == "nt"  # the name before is a body's
    for k, (word, tag) in enumerate(words):
        after = words[k + 1] if k + 1 < len(words) else ("", None)
        joins = k > 0 and word in _CONJUNCTIONS and after[0] != "" and after[1] not in NAME_TAGS
        direction = word in _DIRECTIONS and _ends_organisation(*after)
        inside = tag in ("v", "vn") or _ORDINAL.fullmatch(word) or joins or direction  # 气象|探测|中心
        if not _cjk(word) or (tag in _APART and not inside):
            return False  # a particle, a pronoun, punctuation: no organisation follows
        if (
            _ends_organisation(word, tag)
            or (k == 0 and (word in FIRM_UNITS or word in _GAMES))
            or _cooperation(words, k)
        ):
            return True  # (某某|期货: another company, which the name heads; 某城|奥运会: the games named after it)
        if body and k > 0 and _ends_conference(words[:k], word):
            return True  # a body's conference or assembly named after it: 某组织|贸发|会议 (not 某组织|会议 alone)
        if body and k > 0 and word in _BRANCH_ENDINGS and any(t == "ns" for _, t in words[:k]):
            return True  # a body's branch in a place: 某某银行|某省|分行
        if tag == "ns" and body:
            continue  # a body's place before its branch's ending: 某某院|昆明|植物所
        if tag in ("nr", "nrfg", "nrt", "ns"):
            return False  # another name (俄罗斯|莫斯科|市中心)
    return False


# Classifiers that count things (84个|内湖, 两座|古塔), and a number of more than one before one.
_CLASSIFIERS = frozenset("个座条处片所只块")
_MANY = re.compile(r"\d*[02-9]|\d{2,}|[两二三四五六七八九十百千万几多数]+")
_NUMBER_CHARS = frozenset("两二三四五六七八九十百千")
_COUNTED_BEFORE = ("v", "d")  # what may follow the things counted (84个|内湖|陆续), where no noun is counted
_SUMS_UP = "等"  # 某江、某河|等|五河: the list summed up as a number of things
_STATES = "国"  # ... and a number of states right after their names (某某|三国 "the three countries")


def counted(tokens: Sequence[Token], end: int, start: int, text: str) -> bool:
    """Whether the name ``text`` at tokens [start, end) is counted as many things (84个|内湖|陆续, 两座|古塔。)
    or sums up a list as a number of them (某江、某河|等|五河 "the five rivers", 某某|三国 "the three states"
    right after their names): a place's name names one
    place, so the text means the common word that the dictionary also has as a place.  Only before an end,
    a verb or an adverb: a noun after it, or a list, is what is counted (两家|某国|企业, 33个|某地|和|某地|国家)."""
    if start == 0:
        return False
    word = tokens[start - 1][0]
    if word == _SUMS_UP:
        return text[:1] in _NUMBER_CHARS
    if text[-1:] == _STATES and _MANY.fullmatch(text[:-1]) and tokens[start - 1][1] in NAME_TAGS | {"j"}:
        return True  # 某某|三国: the states just named, counted (a list of their one-character abbreviations)
    after, tag = tokens[end] if end < len(tokens) else ("", None)
    if word[-1:] not in _CLASSIFIERS or (_cjk(after) and not (tag or "").startswith(_COUNTED_BEFORE)):
        return False
    number = word[:-1] or (tokens[start - 2][0] if start >= 2 else "")
    return bool(_MANY.fullmatch(number))


def whole_organisations(tokens: Sequence[Token], found: Sequence[Mention], lex: Lexicon) -> list[Mention]:
    """The organisations a name heads that the dictionary knows whole (某地|合作|组织 as one proper noun):
    the text's word is the organisation's name, which is glossed, not the name at its head."""
    out = []
    for m in found:
        for end in range(min(len(tokens), m.end + MAX_ORGANISATION_WORDS), m.end, -1):
            word, tag = tokens[end - 1]
            text = "".join(w for w, _ in tokens[m.start : end])
            ending = _ends_organisation(word, tag) or word in _VERB_ENDINGS
            if ending and len(text) <= MAX_NAME_CHARS and lex.proper(text):
                out.append(Mention(text, m.start, end, tuple(t for _, t in tokens[m.start : end])))
                break
    return out


def in_chain(tokens: Sequence[Token], start: int, end: int, lex: Lexicon) -> bool:
    """Whether tokens [start, end), one word abbreviating two names together (深港), stand in a longer
    chain of such abbreviations: one character of its own right before or after it (某|深港 of a rail
    link through three cities), not a word of the sentence (与, 在) nor punctuation."""
    if end - start != 1 or not lex.pair(tokens[start][0]):
        return False
    beside = [tokens[i] for i in (start - 1, end) if 0 <= i < len(tokens)]
    return any(len(w) == 1 and _cjk(w) and tag not in _APART for w, tag in beside)


_REGION_HEADS = frozenset("东西南北")
# What a feature's or an event's name ends with: a river, a lake, a hill (溪, 湖, 山), games or a show (会, 赛, 节).
_NAMED_ENDS = _FEATURES | frozenset("溪泉潭峰岭湖洲滩林会赛节展")


def after_own_character(tokens: Sequence[Token], start: int, end: int) -> bool:
    """Whether tokens [start, end), one name of a feature or an event (兰溪, 特奥会), stand right after one
    character of their own (某|兰溪 of a river, 残|特奥会 of games): jieba cut the longer name the text
    uses, which the shorter one does not name (not after a particle, a preposition, a verb, a number or
    punctuation: 在|某溪, 游|某湖, 一|某会)."""
    if end - start != 1 or start == 0 or tokens[start][0][-1:] not in _NAMED_ENDS:
        return False
    before, tag = tokens[start - 1]
    return len(before) == 1 and _cjk(before) and tag not in _APART


# A river's or a lake's character and a part of its water (江口 "river mouth", 湖畔 "lakeside"): a place word so
# spelt right after another name (某地|江口) is that name's river or lake and a part of it, one feature's name.
_WATERS = frozenset("江河湖溪")
_WATER_PARTS = frozenset("口畔岸源")


def _water_part(token: Token) -> bool:
    word, tag = token
    return len(word) == 2 and tag == "ns" and word[0] in _WATERS and word[1] in _WATER_PARTS


def in_water_feature(tokens: Sequence[Token], start: int, end: int) -> bool:
    """Whether tokens [start, end), one word, are a piece of a river's or lake's part named without a break:
    a name right before such a place word (某地|江口 of 某地江口, the mouth of the 某地 river), or that
    place word right after a name of two characters or more (not 某地|江口|县, a county's name)."""
    if end - start != 1:
        return False
    after = tokens[end] if end < len(tokens) else ("", None)
    beyond = tokens[end + 1][0] if end + 1 < len(tokens) else ""
    if _water_part(after) and beyond not in PLACE_ENDINGS and len(tokens[start][0]) >= 2 and _cjk(tokens[start][0]):
        return True
    before = tokens[start - 1] if start > 0 else ("", None)
    named = len(before[0]) >= 2 and _cjk(before[0]) and (before[1] in NAME_TAGS or before[1] is None)
    return named and _water_part(tokens[start]) and after[0] not in PLACE_ENDINGS


def after_direction(tokens: Sequence[Token], start: int, end: int) -> bool:
    """Whether tokens [start, end), one place word that begins with a direction (北美, 东欧, 南亚), stand
    right after one more direction of their own (中|北美 of Central and North America, 中|东欧): the
    place is a piece of a longer region's name, which it does not name."""
    if end - start != 1 or start == 0 or tokens[start][1] != "ns" or tokens[start][0][:1] not in _REGION_HEADS:
        return False
    before, tag = tokens[start - 1]
    return before in _NAME_DIRECTIONS and tag in ("f", "ns", None)


_REGNAL = re.compile(r"[一二三四五六七八九十]{1,3}世")


def before_ordinal(tokens: Sequence[Token], end: int) -> bool:
    """Whether a regnal ordinal follows token ``end`` - 1 (某某|三世, 某某|十四|世): the name is a
    monarch's or a pope's, of which it is only a part."""
    word = tokens[end][0] if end < len(tokens) else ""
    after = tokens[end + 1][0] if end + 1 < len(tokens) else ""
    return bool(_REGNAL.fullmatch(word) or (_REGNAL.fullmatch(word + after) and after == "世"))


def in_parallel_phrase(tokens: Sequence[Token], end: int, text: str, lex: Lexicon) -> bool:
    """Whether the name ``text`` ending before token ``end`` is the first half of a parallel phrase: a word of
    its length right after it that ends in the same character and names nothing the dictionary lists (某山|某山,
    "mountains of gold and silver"): the two halves are one set phrase, not a place and another word."""
    if end >= len(tokens) or len(text) < 2:
        return False
    after = tokens[end][0]
    return len(after) == len(text) and after[-1] == text[-1] and after != text and _cjk(after) and not lex.listed(after)


# Tags of a word that qualifies the games after it as another event (某类人|运动会, 特殊|奥林匹克运动会): a
# noun or an adjective, not a time (夏季), a number, a place or a verb, which leave the games' own name.
_EVENT_QUALIFIER_TAGS = frozenset({"n", "a", "an", "b", "vn"})


def qualified_event(tokens: Sequence[Token], start: int, end: int) -> bool:
    """Whether the games' name tokens [start, end) (…运动会, …奥运会) follow a word that qualifies them: the
    event is another one, whose name includes that word (残疾人|奥林匹克运动会 is the Paralympics)."""
    name = "".join(word for word, _ in tokens[start:end])
    if start == 0 or not name.endswith(tuple(_GAMES)):
        return False
    before, tag = tokens[start - 1]
    return tag in _EVENT_QUALIFIER_TAGS and _cjk(before) and not is_role(before)


def tails_organisation(tokens: Sequence[Token], start: int, end: int, lex: Lexicon) -> bool:
    """Whether tokens [start, end), one word naming a department (ending in 部, 局, 委 ...), end a
    longer name that a word of its own right before it begins: 公共|卫生部 is a ministry of public
    health, 城乡|建设部 a ministry of urban and rural construction (not 某国|卫生部, 据|卫生部, nor
    after one character or a word the dictionary has as a verb: 经|某部, 会同|卫生部 "jointly with")."""
    if start == 0 or end - start != 1 or not tokens[start][0].endswith(_DEPARTMENT_TAILS):
        return False
    before, tag = tokens[start - 1]
    return tag in _MODIFIER_TAGS and len(before) >= 2 and _cjk(before) and not lex.verb(before)


# Function words (pronouns, adverbs, particles ...): one that jieba's HMM glued onto the end of a name
# although it begins the next word (某某|默本|月初) is cut off.
_FUNCTION_WORD_TAGS = _PARTICLES | frozenset("d r rr rz p c".split())


def _word_beside(word: str, lex: Lexicon) -> bool:
    """Whether ``word`` (two characters or more, one of them a name's edge and the others the text's
    beside it) is a word of the segmenter's dictionary that names nothing (赴美 "go to the US", 本月)."""
    tag = lex.tag(word)
    return len(word) >= 2 and lex.is_word(word) and tag is not None and tag not in NAME_TAGS


def straddles(tokens: Sequence[Token], start: int, end: int, lex: Lexicon) -> bool:
    """Whether the one word tokens [start, end) is a cut across two words of the text: its first
    character closes a word with the word before it and the rest is a particle, a preposition or a
    conjunction (赴|美的 read as 赴美|的, "to the US" and a particle), or its last character opens a
    word with the word after it and the rest is one (和田|径 of 和|田径).  A competing segmentation
    through the context reads the text as common words and a particle, which no name ends or begins
    with: the name is no word of the text, whatever jieba's dictionary weighed (not 同|日本, whose 本
    is no particle)."""
    if end - start != 1:
        return False
    word = tokens[start][0]
    if len(word) < 2 or not _cjk(word):
        return False
    before = tokens[start - 1][0] if start > 0 else ""
    after = tokens[end][0] if end < len(tokens) else ""
    if _cjk(before) and _word_beside(before[-1] + word[0], lex) and lex.tag(word[1:]) in _PARTICLES:
        return True
    if _cjk(after) and _opens_place(word, after, lex):
        return True
    return _cjk(after) and _word_beside(word[-1] + after[0], lex) and lex.tag(word[:-1]) in _PARTICLES


# One-character words that stand beside a name as words of their own: particles, prepositions, conjunctions,
# copulas and adverbs (的 在 和 是 也 ...), by the segmenter's tag or, where it tags them otherwise, by character.
_FUNCTION_CHARS = frozenset("的在和与及同是为对向从到由把被将于等了也都就并而或又还再曾已跟给让以自至")
_STANDS_APART = _APART - _VERBS  # (a verb's one character is a content word's)
# ... and on one side only: before a name, verbs whose object is a place, a body or a person (赴 访 驻 做),
# a complement's 好 (讲好|某国|故事), 今 ("present-day"), 新 ("new", a word of the sentence before a name
# that spells no foreign sounds; 新|某某斯克 is one name, ``_continues``) and the ends of a place's or a
# role's word (某国|某地, 委员|长); after it, a deputy's mark before a role (某国|副|总统), a facility or a
# trip of the place (某地|站, 某地|港, 某国|行).  A state's one-character abbreviation (俄|某州) stands before
# a place as a place.
_APART_BEFORE = frozenset("赴去来回往驻访抵离经受应跨见找祝请叫随沿朝近开唱筑走过入出进做好牢今新国方长市县省区")
_APART_AFTER = frozenset("副站港行近非")
_STATE_TAGS = frozenset({"j", "ns"})


def _apart(token: Token, name: str, before: bool) -> bool:
    """Whether ``token``, right ``before`` the name (or after it), leaves the name's edge whole: anything but
    one character of a content word (a verb's, a noun's, a name's), the typical glue of a mis-cut (某|某某
    of 赋某|某).  After a name a verb's character is what the name does (某某|致|贺信), unless it spells a
    foreign sound after a spelt name (部长|某克|维|举行: the name's last syllable)."""
    word, tag = token
    if len(word) != 1 or not _cjk(word):
        return True
    if word in (_APART_BEFORE if before else _APART_AFTER) or (before and tag in _STATE_TAGS):
        return True
    if not before and tag in _VERBS | {"vn"}:
        return not (transliterated(name) and transliterated(word))
    return word in _FUNCTION_CHARS or word in SPEECH or word in _AFTER_NAMES or tag in _STANDS_APART


def glued(tokens: Sequence[Token], start: int, end: int, lex: Lexicon) -> bool:
    """Whether the use tokens [start, end) has one character of a content word right before or after it:
    the segmenter may have cut the name out of longer words (文化为城市赋|某的|同时, 部长|某克|维|举行), so a
    name with no other use is no word of the text (``Candidate.glued``).  A surname's character that begins
    the next name (某地|金|某山) leaves the name before it whole."""
    before = tokens[start - 1] if start > 0 else ("", None)
    after = tokens[end] if end < len(tokens) else ("", None)
    name = "".join(word for word, _ in tokens[start:end])
    right = _apart(after, name, False) or (end < len(tokens) and _begins_next(tokens, end, name, lex))
    return not (_apart(before, name, True) and right)


_SIDE = "方"  # 某方: "the side of" a state, after its one-character abbreviation (中方, 某方)


def _opens_place(word: str, after: str, lex: Lexicon) -> bool:
    """Whether ``word`` begins with a preposition or a conjunction and its rest, with the word ``after`` it,
    spells a place the dictionary knows (同|某国 cut as 同某|国) or a state's side (愿同|某方 cut as 同某|方):
    the rest opens the next word, and the name the two characters spell is no word of the text."""
    rest = word[1:]
    if lex.tag(word[0]) not in ("p", "c") or word[0] in SURNAMES:
        return False
    side = after.startswith(_SIDE) and len(rest) == 1 and lex.tag(rest) in ("ns", "j")
    return side or any(lex.place(rest + after[:k]) for k in range(1, len(after) + 1))


def opens_word(tokens: Sequence[Token], i: int, lex: Lexicon) -> bool:
    """Whether token ``i``, one character, begins a word of the dictionary with the word after it (本|月初:
    本月, "this month"; 本|人): it is no last syllable of the name before it (某某|本 of 某某本月初)."""
    if i + 1 >= len(tokens) or len(tokens[i][0]) != 1:
        return False
    char, after = tokens[i][0], tokens[i + 1][0]
    if _opens_act(after):
        return False  # a speech verb or an act bounds the name before it (某某|特|称, 某某|中|出席会议)
    return _cjk(after) and any(_word_beside(char + after[:k], lex) for k in range(len(after), 0, -1))


def place_uses(tokens: Sequence[Token]) -> Counter[str]:
    """How often the text uses each word tagged a place or a transliterated name (two Chinese characters or
    more): counted once per article, what ``two_states`` asks of every name."""
    return Counter(w for w, tag in tokens if len(w) >= 2 and tag in ("ns", "nrt") and _cjk(w))


def two_states(name: str, uses: Counter[str], lex: Lexicon) -> bool:
    """Whether the two-character ``name`` abbreviates two places the text names (``uses``: ``place_uses``), each
    by its first character, one of them a state abroad (某|中 of 某国 and 中国 in 某中关系, 中|某 of a state
    beginning with 某): the two countries, not the place of the dictionary that the two characters also spell."""
    if len(name) != 2:
        return False
    places = {w for w in uses if name not in w and lex.proper(w)}
    first = [w for w in places if w[0] == name[0]]
    second = [w for w in places if w[0] == name[1]]

    def subject(state: str) -> bool:  # a state abroad the text is about (named twice or more), not a passing one
        return lex.abroad(state) and uses[state] >= 2

    return any(subject(a) or subject(b) for a in first for b in second)


_SPEECH_LONGEST = sorted(SPEECH, key=lambda verb: (-len(verb), verb))  # 笑着说 before 说


def speech_apart(tokens: Sequence[Token], lex: Lexicon) -> list[Token]:
    """The words with a speech verb that jieba's HMM glued onto the end of an unknown word (某某|曼说)
    cut off as a word of its own: what a person said is no syllable of their name."""
    out: list[Token] = []
    for word, tag in tokens:
        verb = next((v for v in _SPEECH_LONGEST if word.endswith(v)), None) if tag is None else None
        if verb is None or len(word) == len(verb):
            out.append((word, tag))
        else:
            out += [(word[: -len(verb)], None), (verb, lex.tag(verb))]
    return out


def opening_apart(tokens: Sequence[Token], lex: Lexicon) -> list[Token]:
    """The words with a last character, a function word (a pronoun, an adverb ...), that jieba's HMM glued
    onto an unknown word although it begins the next word (某某|默本|月初: 本月 "this month") cut off as a
    word of its own: no name ends on it."""
    out: list[Token] = []
    for i, (word, tag) in enumerate(tokens):
        last = word[-1:]
        glued = tag is None and len(word) >= 2 and _cjk(word) and lex.tag(last) in _FUNCTION_WORD_TAGS
        split = glued and opens_word([(last, None), *tokens[i + 1 : i + 2]], 0, lex)
        out += [(word[:-1], lex.tag(word[:-1])), (last, lex.tag(last))] if split else [(word, tag)]
    return out


def title_words(tokens: Sequence[Token]) -> list[bool]:
    """Per word: whether it stands between book-title marks (《…》), in a title of more than one word."""
    out = [False] * len(tokens)
    opened: int | None = None
    for i, (word, _) in enumerate(tokens):
        if word == "《":
            opened = i
        elif word == "》" and opened is not None:
            if i - opened > 2:  # the title has more than one word
                out[opened + 1 : i] = [True] * (i - opened - 1)
            opened = None
        elif word in _TITLE_STOPS:
            opened = None  # an unclosed mark: no title
    return out


def candidates(text: str, tokens: Sequence[Token], lex: Lexicon) -> dict[str, Candidate]:
    """The article's names with their context; a name that the text only ever uses inside a
    longer name (卡萨利耶 cut as 卡|萨利耶 once) is that name's fragment and left out."""
    tokens = given_name_apart(opening_apart(speech_apart(tokens, lex), lex), lex)
    found = mentions(tokens, lex)
    whole = whole_organisations(tokens, found, lex)
    found += whole
    organisation_ends = {m.start: m.end for m in whole}  # 某地|合作|组织: the name at its head is inside it
    taken = {i for m in found if len(m.text) > 1 for i in range(m.start, m.end)}  # a lone surname is free
    contextual = [m for m in _surname_given(tokens, taken) if _introduced(tokens, m) or _acts(tokens, m)]
    ordered = sorted([*((m, False) for m in found), *((m, True) for m in contextual)], key=lambda x: x[0].start)
    abroad_named = any(_heads(word, lex.abroad) for word, _ in tokens)  # (某国国会 is one word)
    titled = title_words(tokens)
    out: dict[str, Candidate] = {}
    at: dict[int, str] = {}  # token index where a mention starts / ends -> its text
    ends: dict[int, str] = {}
    for m, from_pieces in ordered:
        c = out.setdefault(m.text, Candidate(m.text, m.start, m.tags, m.dotted, pieces=tuple(tokens[m.start : m.end])))
        c.count += 1
        c.titled = c.titled or _titled(tokens, m)
        c.abroad = c.abroad or _from_abroad(tokens, m, lex) or _foreign_office(tokens, m, abroad_named)
        c.introduced = c.introduced or _introduced(tokens, m)
        c.acts += _acts(tokens, m)
        c.quoted = c.quoted or _speaks(tokens, m)
        reach = MAX_AFTER_PERSON if chinese_name(m.text) else MAX_ORGANISATION_WORDS
        inside = heads_organisation(tokens, m.end, reach) or tails_organisation(tokens, m.start, m.end, lex)
        inside = inside or organisation_ends.get(m.start, m.end) > m.end
        chained = in_chain(tokens, m.start, m.end, lex) or after_direction(tokens, m.start, m.end)
        chained = chained or after_own_character(tokens, m.start, m.end) or in_water_feature(tokens, m.start, m.end)
        qualified = qualified_event(tokens, m.start, m.end) or in_parallel_phrase(tokens, m.end, m.text, lex)
        c.inside += inside or before_ordinal(tokens, m.end) or chained or qualified
        c.doctrine += m.end < len(tokens) and tokens[m.end][0] in _DOCTRINES
        c.loose += _loose_end(tokens, m, lex)
        c.straddling += straddles(tokens, m.start, m.end, lex)
        c.glued += glued(tokens, m.start, m.end, lex)
        c.among_bodies += _among_bodies(tokens, m)
        c.in_title += all(titled[m.start : m.end])
        c.ranked += m.start > 0 and tokens[m.start - 1][1] in _COUNTS and generic_feature(m.text)
        c.counted += counted(tokens, m.end, m.start, m.text)
        c.possible_person_only = c.possible_person_only and from_pieces
        at[m.start], ends[m.end] = m.text, m.text
    for end, name in ends.items():
        if end < len(tokens) and tokens[end][0] in _LISTED and end + 1 in at:
            out[name].neighbours.add(at[end + 1])
            out[at[end + 1]].neighbours.add(name)
    offices = _unnamed_foreign_offices(tokens, set(at), lex)
    # 某某|同|某国|总统: the one who meets the office's holder is the other side
    hosts = {ends.get(i - 1) for i in offices if i > 0 and tokens[i - 1][0] in _MEETS}
    for c in out.values() if offices else ():  # 某国|总统|会谈 ... 某某表示: the office's holder, named apart
        c.abroad = c.abroad or (not c.titled and c.text not in hosts and bool(chinese_name(c.text)) and c.acts > 0)
    return {name: c for name, c in out.items() if not _only_inside(name, out, text)}


# Words between a host and the state whose leader they meet (某某|同|某国|总统, 某某|会见|某国|首相).
_MEETS = frozenset("同 与 会见 会晤 致电".split())


def _unnamed_foreign_offices(tokens: Sequence[Token], starts: set[int], lex: Lexicon) -> list[int]:
    """Where the text names a state abroad before an office only states abroad have and no name after it
    (某国|总统|会谈): the token index of the state.  The office's holder is named elsewhere, with no role."""
    return [
        i - 1
        for i, (word, _) in enumerate(tokens)
        if word in FOREIGN_OFFICES and i > 0 and lex.abroad(tokens[i - 1][0]) and i + 1 not in starts
    ]


def _only_inside(name: str, names: dict[str, Candidate], text: str) -> bool:
    """Whether every use of ``name`` in the text is inside a use of a longer name."""
    inside = 0
    for other in names:
        if len(other) > len(name) and name in other:
            inside += text.count(other) * other.count(name)
    return inside >= text.count(name) > 0


def people(names: dict[str, Candidate], lex: Lexicon) -> set[str]:
    """The names that are people.

    The dictionary's entry for one person (with life dates) makes one.  A name the
    dictionary has as a place or body is a person only after a role (外长某某, not 某国总统
    or 联合国称); a common word only with a role or colon and a speech verb (主任高峰表示,
    not 顾客说 or 主席贺信).  Any other name is one after a role, before a colon or gender
    mark, or before a speech verb, title or act -- not "the X side" (X方), and a name
    ending like a place (某村) only after most of its uses (来到某村考察 is a visit).  Names listed
    beside a person are people, and so are three or more listed names shaped like Chinese
    personal names that the dictionary does not know.
    """
    found = set()
    for name, c in names.items():
        if lex.one_person(name) and len(c.tags) == 1 and (c.tags[0] or "nr").startswith("nr"):
            found.add(name)  # one person the dictionary knows (life dates), not a name (卡尔 "Karl (name)")
        elif lex.common(name) or (lex.listed(name) and not lex.proper(name) and not lex.person(name)):
            # a common word, or one with a common reading: 主任高峰表示, not 主席贺信 or 老人安康
            if c.introduced and c.acts:
                found.add(name)
        elif lex.listed(name) and not lex.person(name):  # a place's or a body's name: 外长某某, not 某国总统
            if c.titled:
                found.add(name)
        elif c.introduced or (c.acts and not side(name) and (name[-1] not in PLACE_ENDINGS or 2 * c.acts >= c.count)):
            found.add(name)  # (某村 needs acts after most uses: 来到某村考察 is a visit)
    unknown = {n for n in names if chinese_name(n) and not lex.listed(n)}
    for name in unknown:
        if len(names[name].neighbours & unknown) >= 2:  # 王明、李华、张强
            found.add(name)
    shaped = unknown | {n for n in names if lex.person(n)}
    grown = set(found)
    while grown:  # a list of people: 王明、李华和张强 (bounded: each name joins once)
        grown = {n for p in grown for n in names[p].neighbours if n in shaped and n not in found}
        found |= grown
    return found
