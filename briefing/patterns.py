"""General patterns of Chinese news print: datelines, bylines, credits, captions,
page furniture and continuation markers.

These are rules about how Chinese papers and agencies format a page, written
without any text from a particular sample.
"""

from __future__ import annotations

import re

from briefing.textnorm import bare

H = r"\u4e00-\u9fff"
NUM = r"0-9一二三四五六七八九十百零〇两"

TERMINAL_RE = re.compile(r"(?:[。！？!?；;…：:]|——|—)[”’」』\"'）)】]*$")
QUESTION_END_RE = re.compile(r"[？！?!][”’」』\"']*$")
CLAUSE_PUNCT_RE = re.compile(r"[，,、；;]")

# Spaces inside a marker are bounded ({0,3}): two unbounded runs side by side
# backtrack quadratically on a paragraph of thousands of (em) spaces.
CONTINUATION_START_RE = re.compile(
    rf"^[（(\[【]\s{{0,3}}(?:上接|接上|紧接|接|下转|转)\s{{0,3}}"
    rf"(?:第?\s{{0,3}}[{NUM}A-Za-z]{{1,8}}\s{{0,3}}(?:版|页|面)|本版|上页|前页|上期)\s{{0,3}}[^）)\]】]{{0,6}}[）)\]】]\s*"
)
CONTINUATION_END_RE = re.compile(
    rf"[（(\[【]\s{{0,3}}(?:下转|转|续)\s{{0,3}}"
    rf"(?:第?\s{{0,3}}[{NUM}A-Za-z]{{1,8}}\s{{0,3}}(?:版|页|面)|下页|次页)\s{{0,3}}[^）)\]】]{{0,6}}[）)\]】]$"
)

DATELINE_RE = re.compile(
    rf"^(?P<dl>(?:[{H}]{{2,12}}?(?:社|报|网|台|日报|晚报|消息|通讯))?[{H}]{{0,10}}?"
    rf"(?:\d{{1,4}}年)?\d{{1,2}}月\d{{1,2}}日(?:电|讯|消息)"  # any year: 0年 is no date, but a dateline
    r"(?:\s*[（(](?P<paren>[^）)]{0,40})[）)])?)\s*"
)
SOURCE_OPENER_RE = re.compile(
    rf"^(?P<dl>[{H}A-Za-z]{{2,10}}(?:消息|讯|电)(?:\s*[（(](?P<paren>[^）)]{{1,20}})[）)])?)\s*[：:]\s*"
)
BYLINE_RE = re.compile(
    rf"^(?:[{H}]{{0,10}}?)(?:特约|实习|首席)?(?:记者|通讯员|作者|撰文|撰稿|编译|文|图|文/图|文图)"
    rf"\s{{0,3}}[：:/]?\s{{0,3}}[{H}·]{{2,4}}"
    rf"(?:[\s、，,]{{1,3}}(?:(?:[{H}]{{0,6}}?(?:记者|通讯员|摄影|摄))\s{{0,3}}[：:]?\s{{0,3}})?[{H}·]{{2,4}})*$"
)
REPORTER_IN_PAREN_RE = re.compile(rf"(?:记者|通讯员)\s*[{H}·\s、]{{2,30}}")
CREDIT_RE = re.compile(
    rf"^(?:[（(]\s*(?:据|来源[：:]?|稿件来源[：:]?|转自|综合)\s*[^）)]{{2,30}}[）)]"
    rf"|(?:据|来源[：:]|稿件来源[：:]|转自)\s*[{H}A-Za-z]{{2,20}}(?:电|报道|消息)?"
    rf"|[{H}]{{2,8}}(?:社|网|报|台)(?:记者\s*[{H}·\s]{{2,12}})?\s*(?:发|摄|供图|制图)(?:\s*[（(][^）)]{{0,20}}[）)])?"
    rf"|[（(][^（）()]{{2,30}}(?:摄|供图|制图)[）)])$"
)
CAPTION_RE = re.compile(
    rf"^(?:这是.{{0,40}}?(?:拍摄|摄)的|图为|图[：:]|图片[：:]|(?:上|下|左|右)图[：:为]|新华社(?:记者)?[{H}]{{0,4}}摄)"
    rf"|[（(][^）)]{{0,30}}(?:摄|供图)[）)]$"
)
FURNITURE_RE = re.compile(
    rf"^(?:第?\s*[{NUM}]{{1,3}}\s*版(?:\s|$|[：:·|｜])"
    rf"|\d{{4}}\s*年\s*\d{{1,2}}\s*月\s*\d{{1,2}}\s*日\s*(?:星期|周)[一二三四五六日天]"
    rf"|\d{{4}}[-./]\d{{1,2}}[-./]\d{{1,2}}(?:\s*(?:星期|周)[一二三四五六日天])?$"
    rf"|(?:责任编辑|责编|编辑|版式设计|版式|美编|校对|审核|本版编辑|视觉设计|制图|排版|值班编辑|图片编辑)\s*[：:]"
    rf"|(?:更新时间|发布时间|时间戳|更新时间戳)\s*[：:]"
    r")"
)
MD_LINK_RE = re.compile(r"^\[([^\]]*)\]\((\S+?)\)$")
LIST_ITEM_RE = re.compile(rf"^(?:\d{{1,3}}[.．、]|[（(]\d{{1,3}}[）)]|[{NUM}]{{1,3}}、|[-*•·]\s)")
DASH_SUBTITLE_RE = re.compile(r"\S\s*(?:——|--|—)\s*\S")


def is_terminal(text: str) -> bool:
    """Whether a paragraph ends where a sentence may end (looks at its end only:
    a search through a megabyte paragraph, once per rejoined line, was quadratic)."""
    return bool(TERMINAL_RE.search(text, max(0, len(text) - 32)))


def is_furniture(text: str) -> bool:
    """Page furniture: edition headers, page dates, editor credits, timestamps."""
    if len(text) > 60:
        return False
    if FURNITURE_RE.match(text):
        return True
    stripped = bare(text)
    if not stripped:
        return True  # only punctuation or rules
    digits = len(_DIGITS_RE.findall(stripped))
    han = len(_HAN_RE.findall(stripped))
    return digits >= 8 and han <= 6 and not re.search("[A-Za-z]{3,}", stripped)


_DIGITS_RE = re.compile(r"\d")
_HAN_RE = re.compile(f"[{H}]")


def derive_title(paragraphs: list[str], limit: int = 24) -> str:
    """A title from the lead sentence, for an article printed without one."""
    for para in paragraphs:
        text = CONTINUATION_START_RE.sub("", para).strip()
        if not text:
            continue
        sentence = re.split(r"[。！？!?；;]", text, maxsplit=1)[0]
        clause = re.split(r"[，,：:]", sentence, maxsplit=1)[0]
        if len(clause) >= 6:
            sentence = clause
        sentence = _unquoted(sentence)
        return sentence if len(sentence) <= limit else sentence[: limit - 1] + "…"
    return "（无标题）"


_PAIRS = {"“": "”", '"': '"', "'": "'"}  # opening quote mark -> its closing one
_OPENS = {v: k for k, v in _PAIRS.items()}  # closing -> opening


def _unquoted(title: str) -> str:
    """``title`` without the quote marks at its ends that the cut left unpaired (“...), or that wrap all
    of it ("..."); a pair inside it stays (“北斗”系统建成 keeps both of its marks)."""
    title = title.strip(" ")
    while title and (
        (title[0] in _PAIRS and _PAIRS[title[0]] not in title[1:]) or (title[0] in _OPENS and title[0] not in _PAIRS)
    ):
        title = title[1:].lstrip(" ")
    while title and (
        (title[-1] in _OPENS and _OPENS[title[-1]] not in title[:-1])
        or (title[-1] in _PAIRS and title[-1] not in _OPENS)
    ):
        title = title[:-1].rstrip(" ")
    opener = title[:1]
    if len(title) >= 2 and opener in _PAIRS and title[-1] == _PAIRS[opener] and _PAIRS[opener] not in title[1:-1]:
        title = title[1:-1].strip(" ")
    return title
