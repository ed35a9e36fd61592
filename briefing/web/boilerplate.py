"""Boilerplate lines of Chinese news pages: which lines of an extracted page are not the article.

An article extractor (trafilatura) keeps what sits in or right around the
article's container: a date/source line, "作者：" and 【责任编辑：…】 labels,
font and share switches, "点击进入专题" link lines, related and ranking lists,
ICP and copyright footers. This pass tells them by the CLASS of line, from two
kinds of evidence:

- vocabulary, written as data (:data:`LABELS`, :data:`SHARE_WORDS`,
  :data:`LIST_WORDS`, :data:`FOOTER_RES` ...): a line is furniture of a class
  when it is short, holds no sentence, and is (nearly) all made of that class's
  words: labels with their short values, dates and times, action words and
  platform names, list-heading words, licence and copyright marks;
- structure: the share of a line that is link text, a short heading over link
  lines, and position: furniture gathers at the start and the end of a body.

Classes that cannot be article text (a line of labels and values, an editor's
credit, a footer mark, a share bar, a "click here" line) are removed wherever
they stand. The weaker signals (mostly-link lines, rows of short words, list
headings, calls to subscribe) only count at the two ends of the body, so a
subhead or a sentence holding a link inside the article stays.

Every pattern is bounded (lines over :data:`MAX_LINE` characters are never
furniture, quantifiers are capped), so hostile text costs linear time.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from briefing.patterns import DATELINE_RE, H
from briefing.textnorm import bare, fold

MAX_LINE = 160  # a longer line is article text (or a list of furniture no pattern here is meant for)
SENTENCE_END_RE = re.compile(r"[。！？!?]")  # a line holding a sentence is not a label line
CLAUSE_RE = re.compile(r"[，,；;：:、]")
TAIL_AFTER_MIN = 4  # letters of text a paragraph holds before furniture glued to its end
RESIDUE_MAX = 6  # letters a label line may hold besides its labels, values and dates (a bare source name)
DATED_RESIDUE_MAX = 10  # ... when it holds a date or time too ("2020-07-26 16:56 某某日报客户端")


@dataclass(frozen=True)
class Line:
    """One line of an extracted body, with what its markup said about it."""

    text: str
    link_chars: int = 0  # letters of the line inside links
    heading: bool = False

    @property
    def letters(self) -> int:
        return len(bare(self.text))

    @property
    def link_share(self) -> float:
        return self.link_chars / self.letters if self.letters else 0.0


@dataclass(frozen=True)
class Cut:
    """A line the pass removed, and the class it was removed as."""

    text: str
    kind: str


# -- vocabulary (data) --------------------------------------------------------------------

# Labels of the lines around an article, by class; each is followed by a short value
# ("来源：新华网", "【责任编辑：王某】", "浏览次数：123", "字号 大 中 小").
LABELS: dict[str, tuple[str, ...]] = {
    "source": (
        "来源",
        "稿源",
        "出处",
        "本文来源",
        "文章来源",
        "稿件来源",
        "信息来源",
        "新闻来源",
        "消息来源",
        "转载自",
        "转自",
        "原标题",
    ),
    "author": (
        "作者",
        "记者",
        "本报记者",
        "通讯员",
        "撰文",
        "撰稿",
        "摄影",
        "摄像",
        "文图",
        "文/图",
        "文",
        "图",
        "口述",
        "整理",
        "编译",
        "翻译",
        "实习生",
    ),
    "editor": (
        "编辑",
        "责任编辑",
        "责编",
        "编审",
        "审核",
        "审校",
        "校对",
        "审稿",
        "审读",
        "核稿",
        "主编",
        "值班编辑",
        "本版编辑",
        "初审",
        "复审",
        "终审",
        "监制",
        "统筹",
        "策划",
    ),
    "dateline": (
        "时间",
        "日期",
        "发布时间",
        "发表时间",
        "发稿时间",
        "发布日期",
        "更新时间",
        "更新日期",
        "最后更新",
        "录入时间",
        "上传时间",
        "发布",
    ),
    "counter": (
        "浏览",
        "浏览次数",
        "浏览量",
        "阅读",
        "阅读量",
        "阅读数",
        "阅读次数",
        "点击",
        "点击数",
        "点击量",
        "访问量",
        "人气",
        "评论",
        "评论数",
        "点赞",
    ),
    "tools": (
        "字号",
        "字体",
        "分享到",
        "分享",
        "关键词",
        "关键字",
        "标签",
        "专题",
        "相关专题",
        "所属专题",
        "栏目",
        "所属栏目",
        "相关链接",
        "链接",
        "原文链接",
    ),
}
# Verbs that name a source with no colon: "转载自新华网", "摘自某某日报".
SOURCE_VERBS = ("转载自", "转自", "摘自", "选自", "来自", "出自", "引自", "来源于", "源自", "原载于", "原载", "刊于")
# Labels of a site's own footer (publisher, address, phone): furniture only at the body's end or start.
SITE_LABELS = (
    "主办",
    "主办单位",
    "承办",
    "承办单位",
    "协办",
    "技术支持",
    "联系电话",
    "电话",
    "传真",
    "邮箱",
    "邮编",
    "地址",
    "网站标识码",
)

# Words of share bars, print and font switches (and the platforms they name).
SHARE_WORDS = (
    "分享到",
    "分享",
    "转发到",
    "转发",
    "收藏本页",
    "收藏",
    "打印本页",
    "打印",
    "关闭窗口",
    "关闭",
    "我要纠错",
    "纠错",
    "复制链接",
    "复制网址",
    "扫一扫",
    "扫描二维码",
    "二维码",
    "返回顶部",
    "返回首页",
    "返回",
    "推荐给朋友",
    "发送给朋友",
    "参与互动",
    "我要评论",
    "发表评论",
    "评论",
    "点赞",
    "字号",
    "字体",
    "放大",
    "缩小",
    "默认",
    "大",
    "中",
    "小",
    "朋友圈",
    "新浪微博",
    "腾讯微博",
    "腾讯微信",
    "微信好友",
    "微信",
    "微博",
    "QQ空间",
    "QQ好友",
    "QQ",
    "豆瓣",
    "人人网",
    "抖音",
    "快手",
    "今日头条",
    "客户端",
    "Facebook",
    "Twitter",
    "LinkedIn",
    "WhatsApp",
    "Weibo",
    "WeChat",
    "E-mail",
    "Email",
    "邮件",
    "到",
)
SHARE_ACTIONS = (
    "分享",
    "转发",
    "收藏",
    "打印",
    "关闭",
    "纠错",
    "复制",
    "扫一扫",
    "二维码",
    "返回",
    "评论",
    "字号",
    "字体",
    "互动",
)

# Words of a related or ranking list's heading ("相关新闻", "24小时热文", "点击排行"): a heading holds a stem,
# and nothing but these words and numbers.
LIST_STEMS = (
    "相关",
    "推荐",
    "延伸",
    "拓展",
    "扩展",
    "更多",
    "热",
    "排行",
    "排名",
    "榜",
    "猜你",
    "大家都在看",
    "往期",
    "精彩",
)
LIST_WORDS = (
    *LIST_STEMS,
    *("热点", "热门", "热文", "热榜", "热读", "热搜", "最热", "排行榜", "榜单", "点击", "阅读", "猜你喜欢", "为你"),
    *("编辑", "往期回顾", "回顾", "最新", "今日", "本周", "一周", "每日", "头条", "新闻", "文章", "资讯", "报道"),
    *("链接", "专题", "视频", "图片", "内容", "小时", "评论"),
)

# Marks of a site footer: licence numbers, police records, copyright, report lines.
FOOTER_RES = (
    r"ICP\s{0,2}(?:备|证)\s{0,2}[:：]?\s{0,2}\d{4,}",
    r"公网安备\s{0,2}\d{6,}",
    r"(?:许可证|备案)(?:号|编号)?.{0,16}?\d{3,}",
    r"(?i:copyright|all rights reserved)|©|\(c\)\s{0,2}(?:19|20)\d\d|版权所有|版权声明",
    r"未经.{0,12}(?:授权|许可|同意).{0,12}(?:转载|复制|使用|镜像|建立镜像)",
    r"(?:违法和不良信息|不良信息|有害信息)举报|举报(?:电话|邮箱|中心|专区)",
    r"^\W{0,3}(?:本文|本稿|文章)?(?:转载|转发|引用)(?:请|须|需|务必|时请)注明",  # a reprint notice opens its line
)

# Calls to download, follow or subscribe (an ad's words), and a line marked as an ad.
AD_RES = (
    r"扫码|扫描二维码|二维码",
    r"下载.{0,6}(?:客户端|APP|App|app)",
    r"关注.{0,10}(?:公众号|微信号|官方微博|抖音号|视频号|官方账号)",
    r"订阅.{0,12}",
    r"随时随地",
)
_AD_WORD_RE = re.compile(r"广告|推广|赞助")
AD_MARK_RE = re.compile(r"^[【\[(（]?\s{0,2}(?:广告|推广|赞助)\s{0,2}(?:[】\])）]|$|\s)")

# "点击进入专题：…", "更多报道请点击…", "查看全文", "详见…": a line that sends the reader elsewhere.
JUMP_RE = re.compile(
    r"^.{0,10}?(?:(?:点击|点此|戳)(?:这里|此处|进入|查看|阅读|浏览|观看|收听|下载)"
    r"|进入.{0,10}专题|(?:查看|阅读|浏览)(?:全文|原文|详情|更多|专题)|了解更多|详见"
    r"|请(?:关注|点击|访问|登录|扫码|查看))"
    r"|^[【\[［]?(?:相关|更多)?专题|^更多.{0,12}?(?:报道|内容|资讯|新闻|信息|详情)"
)
# ">>更多报道", "进入专题 >>": a link line marked by arrows at its start or end
ARROWS_RE = re.compile(r"^\s{0,2}(?:[>»›→]|&gt;){2,}|(?:[>»›→]|&gt;){1,3}\s{0,2}$")
# "当前位置：首页 > 时政 > 正文", "首页 » 新闻中心 » 国内"
BREADCRUMB_RE = re.compile(
    r"^(?:.{0,6}?位置\s{0,2}[:：]"
    r"|(?:网站首页|首页|主页|Home)\s{0,3}(?:[>»›＞/]|&gt;))"
)
CRUMB_SPLIT_RE = re.compile(r"\s{0,3}(?:[>»›＞]|&gt;)+\s{0,3}")

DATE_TIME_RE = re.compile(
    r"(?:19|20)\d{2}\s{0,2}[-/.年]\s{0,2}\d{1,2}\s{0,2}[-/.月]\s{0,2}\d{1,2}\s{0,2}日?"
    r"|(?:19|20)\d{2}\s{1,3}\d{1,2}\s{0,2}/\s{0,2}\d{1,2}"
    r"|(?<!\d)(?:19|20)\d{2}(?:0[1-9]|1[0-2])(?:[0-2]\d|3[01])(?!\d)"
    r"|\d{1,2}月\d{1,2}日"
    r"|\d{1,2}[:：]\d{2}(?:[:：]\d{2})?"
    r"|\d{1,2}\s{0,2}时\s{0,2}\d{1,2}\s{0,2}分(?:\s{0,2}\d{1,2}\s{0,2}秒)?"
    r"|(?:星期|周|礼拜)[一二三四五六日天]"
)
_SEP = r"\s|｜/·•丨,，、;；\[\]【】()（）<>《》"


def _alternation(words: Iterable[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


_VALUE = rf"\s{{0,3}}[^{_SEP}:：|。！？!?]{{0,16}}"  # a label's value: a name, a number, a site (no sentence)


def _label_re(labels: Iterable[str]) -> re.Pattern[str]:
    """A label, maybe with a few characters before it ("本文编辑", "本报通讯员"), at a word boundary, with its
    separator (a colon, a slash, a bar or a space) and a short value."""
    words = _alternation(labels)
    return re.compile(rf"(?:^|(?<=[{_SEP}]))[{H}]{{0,4}}?(?:{words})\s{{0,2}}(?:[:：/｜|]|\s){_VALUE}")


_LABEL_RES = {kind: _label_re(words) for kind, words in LABELS.items()}
# A source named right after a verb ("转载自新华网", "本文摘自某报"), and any other "词：值" pair of a line that
# holds a known label or a date already ("文字：张三" beside "来源：…").
_SOURCE_VERB_RE = re.compile(rf"(?:^|(?<=[{_SEP}]))(?:本文|此文|文章)?(?:{_alternation(SOURCE_VERBS)}){_VALUE}")
_PAIR_RE = re.compile(rf"(?:^|(?<=[{_SEP}]))[{H}]{{1,6}}\s{{0,2}}[:：]{_VALUE}")
_SITE_LABEL_RE = _label_re(SITE_LABELS)
_SHARE_RE = re.compile(_alternation(SHARE_WORDS))
_FONT_SEP = r"(?:\s{1,3}|\s{0,2}[|｜/]\s{0,2}|\s{0,2}[】\]]\s{0,2}[【\[]\s{0,2})"
# The three sizes of a font switch ("大 中 小", "大｜中｜小"), or its buttons ("A+ A-", "Ａ＋ Ａ－", "放大 缩小").
FONT_SWITCH_RE = re.compile(
    rf"大{_FONT_SEP}中{_FONT_SEP}小|[AaＡ]\s{{0,2}}[+＋]\s{{0,3}}[AaＡ]?\s{{0,2}}[-－]|放大\s{{0,3}}缩小"
)
_BUTTON_RE = re.compile(r"[【\[［][^【】\[\]［］]{1,12}[】\]］]")
_LIST_RE = re.compile(_alternation(LIST_WORDS) + r"|\d{1,3}")
_FOOTER_RE = re.compile("|".join(f"(?:{r})" for r in FOOTER_RES))
_AD_RE = re.compile("|".join(f"(?:{r})" for r in AD_RES))
_CONTACT_RE = re.compile(  # an e-mail address, a web address, a phone number
    r"[\w.+-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63}){1,4}|https?://\S{1,200}|www\.\S{1,200}"
    r"|(?<!\d)(?:\d[\d -]{3,14}\d)(?!\d)"
)
_ROW_SPLIT_RE = re.compile(r"[\s|｜/·•丨]+")


# -- classes of one line ------------------------------------------------------------------


def _short(text: str, limit: int) -> bool:
    return len(text) <= limit and not SENTENCE_END_RE.search(text)


def label_line(text: str, site: bool = False) -> str | None:
    """The class of a line made of labels with short values and dates ("2020-07-26 16:56 来源：新华网",
    "【责任编辑：王某】", "作者：本网记者 张三", "浏览次数：123"); None when it holds more than that.

    The class named is the first label class found, in :data:`LABELS`' order; a line of dates and
    times alone is a dateline. ``site`` also reads the site's own labels (address, phone, publisher).
    """
    if not _short(text, MAX_LINE) or DATELINE_RE.match(text):  # "新华社北京7月26日电 题：…" is the article's
        return None
    rest, found = text, []
    rest, dates = DATE_TIME_RE.subn(" ", rest)
    for kind, pattern in (
        *_LABEL_RES.items(),
        ("source", _SOURCE_VERB_RE),
        *((("site", _SITE_LABEL_RE),) if site else ()),
    ):
        rest, n = pattern.subn(" ", rest)
        if n:
            found.append(kind)
    if not found and not dates:
        return None
    rest = _PAIR_RE.sub(" ", rest)
    limit = DATED_RESIDUE_MAX if dates else RESIDUE_MAX
    if len(bare(_SHARE_RE.sub(" ", rest))) > limit:  # a font switch or print link may share the line
        return None
    return found[0] if found else "dateline"


def share_line(text: str) -> bool:
    """A share bar, print or font switch: "分享到：微信 微博", "【打印】【关闭】", "字号：大 中 小", "A+ A-"; or
    a row of two or more short bracketed buttons ("【收藏】【纠错】")."""
    if not _short(text, 48):
        return False
    if FONT_SWITCH_RE.search(text) or _button_row(text):
        return True
    return any(a in text for a in SHARE_ACTIONS) and len(bare(_SHARE_RE.sub(" ", text))) <= 2


def _button_row(text: str) -> bool:
    """Two or more bracketed words of at most six letters, and nothing else."""
    buttons = _BUTTON_RE.findall(text)
    return len(buttons) >= 2 and all(len(bare(b)) <= 6 for b in buttons) and not bare(_BUTTON_RE.sub("", text))


def footer_line(text: str) -> bool:
    """An ICP or licence number, a police record, a copyright or report line."""
    return len(text) <= MAX_LINE and text.count("。") <= 1 and bool(_FOOTER_RE.search(text))


def jump_line(text: str) -> bool:
    """A line sending the reader elsewhere: "点击进入专题：…", "查看全文", "详见…", ">>更多报道"."""
    return _short(text, 48) and bool(JUMP_RE.match(text) or ARROWS_RE.search(text))


def breadcrumb_line(text: str) -> bool:
    """A breadcrumb trail: "当前位置：首页 > 时政 > 正文"."""
    if not _short(text, 80):
        return False
    if BREADCRUMB_RE.match(text):
        return True
    parts = [p for p in CRUMB_SPLIT_RE.split(text) if p.strip()]
    return len(parts) >= 3 and all(len(bare(p)) <= 8 for p in parts)


def list_heading(text: str) -> bool:
    """A related or ranking list's heading: "相关新闻", "24小时热文", "点击排行", "更多精彩"."""
    if not _short(text, 16) or not any(s in text for s in LIST_STEMS):
        return False
    return not bare(_LIST_RE.sub(" ", text))


def ad_line(text: str) -> bool:
    """An ad's words: marked 广告/推广, or a call to download, follow or subscribe."""
    if not _short(text, 48):
        return False
    return bool(AD_MARK_RE.match(text)) or bool(_AD_RE.search(text))


ACTION_LINE_MAX = 12  # letters of a line that is only a short call to share, print or buy


def action_line(text: str) -> bool:
    """A very short line holding a share, print or ad word ("把这篇文章分享给朋友", "赞助内容", "喜欢吗？点个赞"):
    furniture at the body's ends, where such calls gather (inside, a short subhead may hold these words). A
    question or an exclamation may be part of the call; a full stop is a sentence."""
    if len(text) > 32 or "。" in text or len(bare(text)) > ACTION_LINE_MAX:
        return False
    return any(a in text for a in SHARE_ACTIONS) or bool(_AD_WORD_RE.search(text))


def nav_row(text: str) -> bool:
    """A row of three or more short words and no sentence: a menu ("关于我们 | 联系我们 | 网站地图")."""
    if not _short(text, 100) or re.search(r"[，,；;：:]", text):
        return False
    words = [w for w in _ROW_SPLIT_RE.split(text) if w]
    return len(words) >= 3 and all(len(bare(w)) <= 6 for w in words)


def ad_mark(text: str) -> bool:
    """A line marked as an ad: "【广告】", "推广"."""
    return _short(text, 48) and bool(AD_MARK_RE.match(text))


def site_label_line(text: str) -> bool:
    """A line of the site's own labels (address, phone, publisher: "主办单位：…"), or of its contacts: an
    e-mail address, a web address or a phone number with a few words ("联系我们：news@example.com")."""
    if label_line(text, site=True) is not None:
        return True
    if not _short(text, 80):
        return False
    rest, n = _CONTACT_RE.subn(" ", text)
    return bool(n) and len(bare(_PAIR_RE.sub(" ", rest))) <= RESIDUE_MAX


# The classes, in the order they are tried (a footer's "举报电话：…" is a footer, not a label line).
ANYWHERE_CLASSES: tuple[tuple[str, Callable[[str], bool]], ...] = (
    ("share", share_line),
    ("jump", jump_line),
    ("breadcrumb", breadcrumb_line),
    ("ad", ad_mark),
)
EDGE_CLASSES: tuple[tuple[str, Callable[[str], bool]], ...] = (
    ("list", list_heading),
    ("site", site_label_line),
    ("ad", ad_line),
    ("share", action_line),
    ("nav", nav_row),
)


def _first_class(text: str, classes: tuple[tuple[str, Callable[[str], bool]], ...]) -> str | None:
    return next((kind for kind, test in classes if test(text)), None)


def anywhere_kind(text: str) -> str | None:
    """The class of a line that is furniture wherever it stands (None: maybe article text)."""
    if footer_line(text):
        return "footer"
    return label_line(text) or _first_class(text, ANYWHERE_CLASSES)


LINK_SHARE = 0.5  # a line mostly link text: a related item, a menu, a "click here"


def _is_link(line: Line) -> bool:
    """Mostly link text (a headline elsewhere may end like a sentence): a related item, a menu entry."""
    return line.link_share >= LINK_SHARE and len(line.text) <= MAX_LINE


def edge_kind(line: Line) -> str | None:
    """The class of a line that is furniture at the start or the end of a body."""
    if not bare(line.text):
        return "empty"
    links = "links" if _is_link(line) else None
    return anywhere_kind(line.text) or links or _first_class(line.text, EDGE_CLASSES)


# -- a whole body -----------------------------------------------------------------------------


HEADING_MAX = 10  # letters of a list's heading


def _heading_like(text: str) -> bool:
    """Short, no sentence, no clause: a heading whatever its words ("同类文章")."""
    return _short(text, 24) and 0 < len(bare(text)) <= HEADING_MAX and not CLAUSE_RE.search(text)


def _heads_links(lines: Sequence[Line], i: int) -> bool:
    """Whether the two lines after ``lines[i]`` are mostly links (``lines[i]`` heads a list of them)."""
    after = lines[i + 1 : i + 3]
    return len(after) == 2 and all(_is_link(x) for x in after)


def strip_boilerplate(lines: Sequence[Line], titles: Iterable[str] = ()) -> tuple[list[Line], list[Cut]]:
    """The article's lines and the furniture cut from them.

    From each end, lines are cut while they are furniture of any class, a heading over a list of
    links, or (at the start) a title repeated; inside, the lines of classes that cannot be article
    text, runs of two or more lines that are mostly links, and the heading over such a run.
    """
    keys = {fold(t) for t in titles if fold(t)}
    kinds: list[str | None] = [None] * len(lines)
    start, end = 0, len(lines)
    while start < end:
        line = lines[start]
        kind = "title" if fold(line.text) in keys else edge_kind(line)
        if kind is None and _heading_like(line.text) and _heads_links(lines, start):
            kind = "list"
        if kind is None:
            break
        kinds[start] = kind
        start += 1
    while end > start:
        line = lines[end - 1]
        kind = edge_kind(line)
        if kind is None and end < len(lines) and kinds[end] == "links" and _heading_like(line.text):
            kind = "list"
        if kind is None:
            break
        kinds[end - 1] = kind
        end -= 1
    for i in range(start, end):
        kinds[i] = "title" if fold(lines[i].text) in keys else anywhere_kind(lines[i].text)
    i = start
    while i < end:
        j = i
        while j < end and _is_link(lines[j]):
            j += 1
        if j - i >= 2:
            kinds[i:j] = ["links"] * (j - i)
            if i > start and kinds[i - 1] is None and _heading_like(lines[i - 1].text):
                kinds[i - 1] = "list"
        i = max(j, i + 1)
    kept = [line for line, kind in zip(lines, kinds, strict=True) if kind is None]
    cuts = [Cut(line.text, kind) for line, kind in zip(lines, kinds, strict=True) if kind is not None]
    if kept and (tail := glued_tail(kept[-1].text)):
        last = kept[-1]
        kept[-1] = Line(last.text[: -len(tail)].rstrip(), last.link_chars, last.heading)
        cuts.append(Cut(tail.strip(), "credit"))
    return kept, cuts


_TAIL_BOUNDARY_RE = re.compile(r"[。！？!?…—”’」』）)】\]]")


def glued_tail(text: str) -> str | None:
    """Furniture glued to the end of a paragraph after its last sentence ("…的利益。文章来源：中国新闻网",
    "…的作用。【责任编辑：丁敏】", "…去向——点击进入专题：…"): the part to cut, or None."""
    for m in _TAIL_BOUNDARY_RE.finditer(text, max(1, len(text) - 64)):
        rest = text[m.end() :]
        if not rest.strip() or _TAIL_BOUNDARY_RE.match(rest) or len(bare(text[: m.start()])) < TAIL_AFTER_MIN:
            continue
        if edge_kind(Line(rest.strip())) is not None:  # glued to the end, it is at the body's end
            return rest
    return None
