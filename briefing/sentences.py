"""Chinese sentence splitting that respects quotes and brackets.

A sentence ends at 。！？!?… (and at ；/; when asked), together with any closing
quotes or brackets that follow, so “……。” stays one sentence.  Inside quotes
or brackets a full stop does not end the sentence, unless the quoted span runs
on for so long that it must be a quoted paragraph rather than a phrase.
"""

from __future__ import annotations

import re

ENDERS = set("。！？!?")
SOFT_ENDERS = set("；;")
OPENERS = {"“": "”", "‘": "’", "「": "」", "『": "』", "《": "》", "（": "）", "(": ")", "【": "】", '"': '"'}
CLOSERS = {v: k for k, v in OPENERS.items()}
MAX_QUOTED = 160  # chars inside an open quote after which its full stops count again
# the characters the scan acts on (every other one it passes by), without and with the soft enders
_MARKS = "".join(sorted({*ENDERS, *OPENERS, *CLOSERS, "…"}))
_SPECIAL = {
    False: re.compile(f"[{re.escape(_MARKS)}]"),
    True: re.compile(f"[{re.escape(_MARKS + ''.join(sorted(SOFT_ENDERS)))}]"),
}


def split_sentences(text: str, soft: bool = False, max_len: int = 0) -> list[str]:
    """Split ``text`` into sentences; ``soft`` also ends them at semicolons.

    ``max_len`` > 0 cuts longer sentences further at commas, then hard, so that
    no piece is longer (used for translation models trained on sentences).
    """
    out: list[str] = []
    stack: list[str] = []
    opened_at = 0
    start = 0
    i = 0
    n = len(text)
    enders = ENDERS | SOFT_ENDERS if soft else ENDERS
    special = _SPECIAL[soft]
    while i < n:
        mark = special.search(text, i)
        if mark is None:
            break
        i = mark.start()
        c = text[i]
        if c == '"':
            if stack and stack[-1] == '"':
                stack.pop()
            else:
                stack.append('"')
                opened_at = i
        elif c in OPENERS:
            stack.append(c)
            opened_at = i
        elif c in CLOSERS and stack and stack[-1] == CLOSERS[c]:
            stack.pop()
        # an ellipsis ends what came before it, never a sentence of its own (……据了解 is one sentence)
        is_end = c in enders or (
            c == "…" and i + 1 < n and text[i + 1] not in "…" and not _nothing_before(text, start, i)
        )
        if is_end and (not stack or i - opened_at > MAX_QUOTED):
            j = i + 1
            while j < n and (text[j] in enders or text[j] == "…"):
                j += 1
            while j < n and (text[j] in CLOSERS or text[j] in "”’」』"):
                if stack and text[j] == OPENERS.get(stack[-1]):
                    stack.pop()
                j += 1
            piece = text[start:j].strip()
            if piece:
                out.append(piece)
            start = i = j
            if not any(s in "“‘「『" for s in stack):
                stack = []
            continue
        i += 1
    tail = text[start:].strip()
    if tail:
        out.append(tail)
    if max_len > 0:
        out = [p for s in out for p in _cut(s, max_len)]
    return out


def _nothing_before(text: str, start: int, i: int) -> bool:
    """Whether the piece from ``start`` holds only ellipses and spaces before ``i``."""
    return not text[start:i].strip("… ")


def _cut(sentence: str, max_len: int) -> list[str]:
    """Cut an over-long sentence at commas, then hard at ``max_len``."""
    if len(sentence) <= max_len:
        return [sentence]
    pieces: list[str] = []
    current = ""
    for part in re.split(r"(?<=[，,、；;：:])", sentence):
        if current and len(current) + len(part) > max_len:
            pieces.append(current)
            current = ""
        while len(part) > max_len:
            pieces.append(part[:max_len])
            part = part[max_len:]
        current += part
    if current:
        pieces.append(current)
    return pieces
