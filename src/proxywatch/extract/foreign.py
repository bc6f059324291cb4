"""Sentence rules for reports outside English, from the per-language word material.

The English rules lean on word order and the parser; other languages get the same cautions from their
own wording: the toll ("مقتل ثلاثة جنود", "trois soldats tués"), the cause retold ("ردا على ...",
"ripostant à une frappe ... à Damas") which is another event, places that are not where the attack
landed (where the wounded were taken, the war a town is the theatre of) and, after a denial, the place
the denier names instead. The languages' words do not collide, so every table applies to every
non-English sentence and no language guess is needed.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from proxywatch.extract import lexicon_ar, lexicon_fr
from proxywatch.models import Span, Weapon

__all__ = [
    "CLAIMS",
    "DENIALS",
    "INTERCEPTS",
    "OFFICIALS",
    "SERIES",
    "aimed_at",
    "TRIGGERS",
    "WEAPONS",
    "casualties",
    "cause_span",
    "not_target",
]

_LANGUAGES = (lexicon_ar, lexicon_fr)

TRIGGERS: tuple[str, ...] = (*lexicon_ar.TRIGGERS, *lexicon_fr.TRIGGERS)
WEAPONS: dict[str, Weapon] = {**lexicon_ar.WEAPONS, **lexicon_fr.WEAPONS}
CLAIMS: tuple[str, ...] = (*lexicon_ar.CLAIMS, *lexicon_fr.CLAIMS)
DENIALS: tuple[str, ...] = (*lexicon_ar.DENIALS, *lexicon_fr.DENIALS)
OFFICIALS: tuple[str, ...] = (*lexicon_ar.OFFICIALS, *lexicon_fr.OFFICIALS)
INTERCEPTS: tuple[str, ...] = (*lexicon_ar.INTERCEPTS, *lexicon_fr.INTERCEPTS)
SERIES: tuple[str, ...] = (*lexicon_ar.SERIES, *lexicon_fr.SERIES)

# "tirés par l'Iran", "من قبل إيران": the author of a passive attack verb.
BY_BEFORE = re.compile(
    r"(?:\bpar\s+(?:l['’]|le\s+|la\s+|les\s+)?|من\s+قبل\s+|\bpor\s+(?:el\s+|la\s+|o\s+|a\s+)?)$", re.I
)

_NUMBERS = {**lexicon_ar.NUMBER_WORDS, **lexicon_fr.NUMBER_WORDS}
_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩", "0123456789")

Toll = tuple[int, Span]
Match = tuple[int, int, str]  # as in extract.patterns, which imports this module


def _number(token: str) -> int | None:
    token = re.sub(r"\s", "", token.translate(_DIGITS).lower())
    if token.isdigit():
        value = int(token)
        return value if value < 100_000 else None
    return _NUMBERS.get(token)


def _first(sentence: str, offset: int, patterns: Sequence[re.Pattern[str]]) -> Toll | None:
    hits = []
    for pattern in patterns:
        for m in pattern.finditer(sentence):
            value = _number(m.group(1))
            if value is not None:
                hits.append((m.start(), value, (offset + m.start(), offset + m.end())))
    return min(hits)[1:] if hits else None


def casualties(sentence: str, offset: int) -> tuple[Toll | None, Toll | None]:
    """Killed and injured counts the sentence states, each with its span (``offset`` = sentence start);
    a statement that nobody was hurt gives 0 for both."""
    killed = _first(sentence, offset, [p for lang in _LANGUAGES for p in lang.KILLED])
    injured = _first(sentence, offset, [p for lang in _LANGUAGES for p in lang.INJURED])
    for lang in _LANGUAGES:
        none = lang.NO_CASUALTIES.search(sentence)
        if none:
            zero = (0, (offset + none.start(), offset + none.end()))
            killed, injured = killed or zero, injured or zero
    return killed, injured


def cause_span(text: str, start: int, end: int) -> tuple[int, int] | None:
    """The clause, in ``text[start:end]``, that tells what the attack answers ("ردا على ..."), up to the
    next comma or the end; ``None`` if there is none. A connective at ``start`` itself opens the clause
    being read, so the search begins after it."""
    found = [m for lang in _LANGUAGES if (m := lang.CAUSE.search(text, start + 1, end))]
    if not found:
        return None
    first = min(found, key=lambda m: m.start())
    comma = re.compile(r"[,،;؛]").search(text, first.end(), end)
    return first.start(), comma.start() if comma else end


def not_target(text: str, place: Match, sentence_start: int, deny: Span | None) -> bool:
    """Whether the words around a place say it is not where the attack landed: where the wounded were
    taken, a war's theatre, a speech's venue, or (after a denial) the denier's own version."""
    before = text[max(sentence_start, place[0] - 60) : place[0]]
    if any(lang.NOT_TARGET_BEFORE.search(before) for lang in _LANGUAGES):
        return True
    if deny is not None and deny[1] <= place[0]:
        between = text[deny[1] : place[0]]
        return any(lang.COUNTER_CLAIM.search(between) for lang in _LANGUAGES)
    return False


def aimed_at(text: str, place: Match, sentence_start: int) -> bool:
    """Whether a preposition of direction leads to the place ("vers Israël", "على إسرائيل")."""
    before = text[max(sentence_start, place[0] - 30) : place[0]]
    return any(lang.TOWARD.search(before) for lang in _LANGUAGES)
