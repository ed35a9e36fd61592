"""A handful of keywords per article: jieba TF-IDF with a news stop list."""

from __future__ import annotations

import functools
import re

from briefing.records import Article

# Words every news article has that say nothing about this one.
STOP = frozenset(
    """记者 表示 认为 指出 介绍 强调 提出 要求 说 称 报道 新华社 本报 央视网 消息 日前 近日
    目前 今天 昨天 今年 去年 明年 一个 一些 这些 那些 这个 工作 进行 开展 推进 推动 加强
    提升 进一步 有关 相关 方面 问题 通过 实现 持续 不断 积极 重要 我们 他们 大家 其中
    以及 同时 此外 已经 正在 可以 能够 需要 据悉 了解 作为 发展 建设 全面 深入 坚持 情况
    地区 部门 单位 主要 有效 切实 充分 年 月 日""".split()
)
MAX_LEN = 24  # a longer "word" is a run of letters or digits with no spaces, not a keyword
_NUM = re.compile(r"^[\d.%％,，]+$")
# jieba segments each run of these characters as one block and builds its word
# graph for the whole block: a page without punctuation (one megabyte-long
# block) cost ~100x its size in memory.  Runs are broken every _RUN characters;
# real sentences are far shorter, so news text is segmented exactly as before.
_RUN = 500
# Keywords come from the first _TEXT_CHARS characters: a news article is far
# shorter, and segmenting megabytes of text only to rank six words took minutes.
_TEXT_CHARS = 50_000
_LONG_RUN = re.compile(rf"[\u4E00-\u9FD5a-zA-Z0-9+#&._%\-]{{{_RUN}}}")


@functools.cache
def _extractor():  # built once: jieba loads its dictionary lazily on first use
    import warnings

    with warnings.catch_warnings():  # jieba imports the deprecated pkg_resources
        warnings.simplefilter("ignore")
        import jieba
        import jieba.analyse

    jieba.setLogLevel(60)
    tfidf = jieba.analyse.TFIDF()
    tfidf.stop_words = set(tfidf.STOP_WORDS) | STOP
    return tfidf


@functools.lru_cache(maxsize=512)
def _ranked(text: str) -> tuple[str, ...]:
    """Every keyword candidate of ``text``, best first (memoized: the summary
    and the glossed key terms both ask for the same article)."""
    words = _extractor().extract_tags(_LONG_RUN.sub(r"\g<0>\n", text[:_TEXT_CHARS]), topK=None)
    return tuple(w for w in words if w not in STOP and not _NUM.match(w) and 1 < len(w) <= MAX_LEN)


def keywords(article: Article, k: int = 6) -> list[str]:
    """Top ``k`` TF-IDF keywords of title and body, without stop words."""
    if k <= 0:
        return []
    text = "\n".join([article.title if not article.title_derived else "", *article.paragraphs])
    return list(_ranked(text)[:k])
