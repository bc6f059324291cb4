"""Named military posts and small towns: the target of an attack, though no gazetteer knows it.

Claims along a front name the outposts they hit ("the Raheb post", "the Matat barracks"); such posts are
too small for GeoNames and too many to curate, yet a name is what lets two reports of one attack meet. A
post's name is a run of capitalised words between "the" and a post word; names that are a known place
or actor ("the Israeli position", "the Meron base" of the gazetteer) are left to those finders. A town
named as one ("in the town of Jwaya") counts the same way.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from proxywatch.extract.frames import Frame
from proxywatch.extract.patterns import Match

_POST_WORD = r"(?:outpost|post|barracks|position|military\s+(?:post|position|site))"
_WORD = r"[A-Z][\w'’]*(?:-[A-Z][\w'’]*)?"
_PARTICLE = r"(?:al|el|ad|ash|as|at|az|ar|an)-"
_NAME = rf"{_WORD}(?:\s+(?:{_PARTICLE})?{_WORD}){{0,2}}"
_POST = re.compile(rf"\b[Tt]he\s+(?P<name>{_NAME})\s+{_POST_WORD}\b(?!\s+of\b)")
# "in the town of Jwaya": a small town named as one, when the gazetteer does not know it.
_TOWN = re.compile(rf"\b(?:town|village)\s+of\s+(?P<name>{_NAME})")
# Capitalised words that say whose or what kind of post it is, not which one.
_NOT_NAME = frozenset(
    """israeli lebanese syrian iraqi american us u.s. idf army enemy zionist israel lebanon syria iraq
    un unifil border military army's observation command artillery radar new old main first second
    northern southern eastern western north south east west upper lower""".split()
)


def post_names(text: str, *, not_names: Iterable[Match] = ()) -> list[Match]:
    """Every named post the article names, as ``(start, end, name)``: the span covers the name and its
    post word ("Raheb post"), the key is the name alone; a town's span is its name ("town of Jwaya")."""
    blocked = [(s, e) for s, e, _ in not_names]
    found: list[Match] = []
    for m in (*_POST.finditer(text), *_TOWN.finditer(text)):
        words = m.group("name").split()
        if any(w.lower().strip("'’") in _NOT_NAME for w in words):
            continue
        if any(s < m.end("name") and m.start("name") < e for s, e in blocked):
            continue
        found.append((m.start("name"), m.end(), m.group("name")))
    return sorted(found)


def assign_posts(frames: Sequence[Frame], posts: Sequence[Match]) -> None:
    """Give each sentence the named posts inside it."""
    for frame in frames:
        frame.posts = [p for p in posts if frame.span[0] <= p[0] and p[1] <= frame.span[1]]
