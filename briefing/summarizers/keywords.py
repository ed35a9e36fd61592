"""A handful of keywords per article, as whole terms (国务院办公厅, 高校毕业生),
not the fragments a word segmenter cuts them into (国务院 / 办公厅).

jieba segments the title and body; adjacent content words that recur together
in the article (a collocation: the run appears at least twice, or in the title
and the body) are merged into one term.  Terms are ranked by TF-IDF (jieba's
IDF table; a merged term counts the IDF of its parts), names and places (by
jieba's part-of-speech tags) and terms of the title first among equals; a
fragment is dropped when a longer term that contains it explains its uses.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Callable

from briefing import segmenter
from briefing.names import split_name
from briefing.records import Article

# Words every news article has that say nothing about this one.
STOP = frozenset(
    """记者 表示 认为 指出 介绍 强调 提出 要求 说 称 报道 新华社 本报 央视网 消息 日前 近日
    目前 今天 昨天 今年 去年 明年 一个 一些 这些 那些 这个 工作 进行 开展 推进 推动 加强
    提升 进一步 有关 相关 方面 问题 通过 实现 持续 不断 积极 重要 我们 他们 大家 其中
    以及 同时 此外 已经 正在 可以 能够 需要 据悉 了解 作为 发展 建设 全面 深入 坚持 情况
    地区 部门 单位 主要 有效 切实 充分 年 月 日 新闻联播 联播 印发 发布 举行 召开""".split()
)
MAX_LEN = 24  # a longer "word" is a run of letters or digits with no spaces, not a keyword
MAX_PARTS = 4  # words merged into one term at most
_NUM = re.compile(r"^[\d.%％,，]+$")
# jieba segments each run of these characters as one block and builds its word
# graph for the whole block: a page without punctuation (one megabyte-long
# block) cost ~100x its size in memory.  Runs are broken every _RUN characters;
# real sentences are far shorter, so news text is segmented exactly as before.
_RUN = 500
_LONG_RUN = re.compile(rf"[\u4E00-\u9FD5a-zA-Z0-9+#&._%\-]{{{_RUN}}}")
# Terms come from the first _TEXT_CHARS characters: a news article is far
# shorter, and segmenting megabytes of text only to rank six terms took minutes.
_TEXT_CHARS = 50_000
_FUNCTION_CHARS = set("为是在的了将和与及等对把被从向于也都就还又并而或应称有即说")
_NUMERAL = re.compile(r"[0-9一二三四五六七八九十百千万亿零两]")
_ORDINAL = re.compile(r"^(?:[一二三四五六七八九十]是|第[一二三四五六七八九十]+)$")
_WORD = re.compile(r"^[\u4e00-\u9fffA-Za-z0-9·]+$")
# Parts of speech of words that are never part of a term: prepositions, particles,
# conjunctions, adverbs, pronouns, locatives, interjections, punctuation.
_BREAK_POS = ("p", "u", "c", "d", "r", "f", "y", "e", "o", "x", "w", "zg", "uj", "ul")
_ALONE_POS = ("n", "vn", "eng", "j", "l", "i")  # may be a keyword by itself
_NAME_POS = ("nr", "ns", "nt", "nz")
MAX_RUN = 12


def segmentable(text: str) -> str:
    """The part of ``text`` worth segmenting: its first _TEXT_CHARS characters, long runs broken every _RUN."""
    return _LONG_RUN.sub(r"\g<0>\n", text[:_TEXT_CHARS])


# A word the dictionary does not know was found by jieba's HMM.  It is a name
# when it is shaped like one (a common surname and one or two characters, or a
# place or body ending), and a new term when the article uses it again (油源);
# otherwise it is most often a word glued to its neighbour (炒香后, 以丙类).
_UNKNOWN = "nz"
_NAME_ENDS = (
    *"省市县区镇乡村州岛湾港河湖江山峰路街站馆院所局署厅委会社团队厂园",
    *"公司 集团 大学 学院 医院 银行 中心 协会 基地".split(),
)
_LATIN = re.compile(r"[A-Za-z]")


def _guess_pos(word: str, uses: Callable[[str], int]) -> str:
    """The part of speech of a word jieba's HMM found: a number, a name, English, or nothing (x)."""
    if _NUMERAL.search(word):
        return "m"
    if _LATIN.search(word):  # an acronym or a product name; not glued to Chinese (总统发表SONA)
        return _UNKNOWN if word.isascii() else "x"
    if len(word) < 2 or word[-1] in _FUNCTION_CHARS or word[0] in _FUNCTION_CHARS:
        return "x"
    shaped = split_name(word) is not None or (3 <= len(word) <= 8 and word.endswith(_NAME_ENDS))
    return _UNKNOWN if shaped or uses(word) >= 2 else "x"


def _opens(word: str, pos: str) -> bool:
    """Whether a word may open a term (not a number, measure word or time word)."""
    return not (pos.startswith(("m", "q", "t")) or pos == "v") and (len(word) > 1 or pos.startswith("n"))


def _closes(word: str, pos: str) -> bool:
    """Whether a word may close a term: a noun, a name, a verbal noun, an abbreviation, English."""
    return pos.startswith(("n", "vn", "eng", "j", "l", "i"))


@functools.lru_cache(maxsize=512)
def _ranked(title: str, body: str) -> tuple[str, ...]:
    """Every term of the article, best first (memoized: the summary and the
    glossed key terms both ask for the same article)."""
    tags = segmenter.tags()
    idf, median = segmenter.idf()
    cut = segmenter.cut
    both = f"{title}\n{body}"
    # each distinct word is looked at once: its part of speech when it may be part of a term, else ""
    pos_of: dict[str, str] = {}
    # every sub-run of a run of words that may form a term, counted as each run ends (a list of all
    # of a long text's sub-runs would hold ~100 bytes per character), the title's first
    counts: Counter[tuple[str, ...]] = Counter()
    in_title: set[tuple[str, ...]] = set()
    for part, text in enumerate((title, body)):
        run: list[str] = []
        for word in cut(text):
            pos = pos_of.get(word)
            if pos is None:
                pos = tags.get(word) or _guess_pos(word, both.count)
                if not _WORD.match(word) or pos.startswith(_BREAK_POS) or word in STOP:
                    pos = ""
                pos_of[word] = pos
            if pos and len(run) < MAX_RUN:
                run.append(word)
            elif run:
                counts.update(_sub_runs(run))
                run = []
        counts.update(_sub_runs(run))
        if part == 0:
            in_title = set(counts)
    valid = {}
    for gram, n in counts.items():
        if len(gram) == 1:
            word = gram[0]
            pos = pos_of[word]
            # a word alone must be specific: a name, or rarer than the median word (not 服务, 意见)
            ok = len(word) > 1 and pos.startswith(_ALONE_POS) and not _NUM.match(word)
            specific = ok and (pos.startswith(_NAME_POS) or idf.get(word, median) >= median or gram in in_title)
            ok = specific and not _ORDINAL.match(word)
        else:
            # words belong together when they recur together: twice or more, in the title or the body
            ok = n >= 2 and _opens(gram[0], pos_of[gram[0]]) and _closes(gram[-1], pos_of[gram[-1]])
        if ok and len("".join(gram)) <= MAX_LEN:
            valid[gram] = n
    # a term used (almost) only inside a longer term is that term's fragment, not a keyword
    absorbed = set()
    for gram, n in valid.items():
        if len(gram) < 2:
            continue
        for i in range(len(gram)):
            for j in range(i + 1, len(gram) + 1):
                sub = gram[i:j]
                if sub != gram and sub in valid and 2 * n >= valid[sub]:
                    absorbed.add(sub)
    scores = {}
    for gram, n in valid.items():
        if gram in absorbed:
            continue
        weight = sum(idf.get(w, median) for w in gram)
        name = any(pos_of[w].startswith(_NAME_POS) for w in gram)
        scores["".join(gram)] = n * weight * (1.5 if name else 1.0) * (1.3 if gram in in_title else 1.0)
    out: list[str] = []
    for term in sorted(scores, key=lambda t: (-scores[t], -len(t), t)):
        inside = [i for i, t in enumerate(out) if t in term]
        if inside and not any(term in t for t in out):
            out[inside[0]] = term  # the whole term in its fragment's place: 政务服务, not 政务
            out = [t for i, t in enumerate(out) if i not in inside[1:]]
        elif not inside and not any(term in t for t in out):
            out.append(term)
    return tuple(out)


def _sub_runs(run: list[str]) -> list[tuple[str, ...]]:
    """Every sub-run of up to MAX_PARTS words of ``run``."""
    n = len(run)
    return [tuple(run[i:j]) for i in range(n) for j in range(i + 1, min(i + MAX_PARTS, n) + 1)]


def keywords(article: Article, k: int = 6) -> list[str]:
    """Top ``k`` terms of title and body, whole terms before their fragments."""
    if k <= 0:
        return []
    title = article.title if not article.title_derived else ""
    body = segmentable("\n".join(article.paragraphs))
    return list(_ranked(title[:_TEXT_CHARS], body)[:k])
