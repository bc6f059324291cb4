"""A fast rule-based sentence splitter that keeps character offsets into the article text.

spaCy's parser would split better but costs far more; we only need sentence bounds to choose which
sentences get the costly analysis.
"""

from __future__ import annotations

import re

# Abbreviations after which a period does not end a sentence.
_ABBREVIATIONS = frozenset(
    "u.s u.k u.n mr mrs ms dr gen lt col maj capt sgt adm cmdr st no jan feb mar apr jun jul aug sep sept "
    "oct nov dec vs etc inc corp co jr sr gov sen rep pres approx est fig al e.g i.e a.m p.m".split()
)
_BOUNDARY = re.compile(r"[.!?][\"'”’)\]]*\s+|\n\s*")


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans ``(start, end)``; whitespace around sentences is excluded."""
    spans: list[tuple[int, int]] = []
    start = 0
    for match in _BOUNDARY.finditer(text):
        if _wrapped(text, match):
            continue
        cut = match.start() + 1 if text[match.start()] in ".!?" else match.start()
        if text[match.start()] == ".":
            word = re.search(r"([\w.]+)$", text[start : match.start()])
            nxt = text[match.end() : match.end() + 1]
            if word and (word.group(1).lower() in _ABBREVIATIONS or len(word.group(1)) == 1):
                continue
            if nxt and nxt.islower():
                continue
        if text[match.start()] in ".!?":
            cut = match.end() - len(match.group(0)) + len(match.group(0).rstrip())
        _add(spans, text, start, cut)
        start = match.end()
    _add(spans, text, start, len(text))
    return spans


def _wrapped(text: str, match: re.Match[str]) -> bool:
    """Whether a line break only wraps a line ("the group said it\ncarried out the attack"): a single
    newline with a lower-case word after it goes on with the sentence; a blank line, a capital or
    a digit after it may start a new one (a headline, a dateline, a list item)."""
    gap = match.group(0)
    nxt = text[match.end() : match.end() + 1]
    return gap[0] == "\n" and gap.count("\n") == 1 and nxt.isalpha() and nxt.islower()


def _add(spans: list[tuple[int, int]], text: str, start: int, end: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        spans.append((start, end))
