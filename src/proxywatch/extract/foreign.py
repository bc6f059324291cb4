"""Sentence rules for reports outside English, from the per-language word material.

The English rules lean on word order and the parser; other languages get the same cautions from their
own wording: the toll ("مقتل ثلاثة جنود", "trois soldats tués"), the cause retold ("ردا على ...",
"ripostant à une frappe ... à Damas") which is another event, places that are not where the attack
landed (where the wounded were taken, the war a town is the theatre of) and, after a denial, the place
the denier names instead. The languages' words do not collide, so every table applies to every
non-English sentence and no language guess is needed. A language module carries only the tables its
reports have needed so far; a missing one contributes nothing.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from proxywatch.extract import (
    lexicon_ar,
    lexicon_de,
    lexicon_es,
    lexicon_fr,
    lexicon_hr,
    lexicon_id,
    lexicon_it,
    lexicon_pl,
    lexicon_pt,
)
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
    "member_named",
    "not_target",
    "struck",
]

_LANGUAGES = (
    lexicon_ar, lexicon_fr, lexicon_es, lexicon_pt, lexicon_it, lexicon_de, lexicon_hr, lexicon_pl,
    lexicon_id,
)  # fmt: skip


def _words(table: str) -> tuple[str, ...]:
    return tuple(w for lang in _LANGUAGES for w in getattr(lang, table, ()))


def _patterns(table: str) -> list[re.Pattern[str]]:
    """One pattern per language (``CAUSE``) or several (``KILLED``), from the languages that have it."""
    out: list[re.Pattern[str]] = []
    for lang in _LANGUAGES:
        value = getattr(lang, table, None)
        out += [value] if isinstance(value, re.Pattern) else list(value or ())
    return out


TRIGGERS: tuple[str, ...] = _words("TRIGGERS")
WEAPONS: dict[str, Weapon] = {w: k for lang in _LANGUAGES for w, k in getattr(lang, "WEAPONS", {}).items()}
CLAIMS: tuple[str, ...] = _words("CLAIMS")
DENIALS: tuple[str, ...] = _words("DENIALS")
OFFICIALS: tuple[str, ...] = _words("OFFICIALS")
INTERCEPTS: tuple[str, ...] = _words("INTERCEPTS")
SERIES: tuple[str, ...] = _words("SERIES")
_KILLED, _INJURED, _NO_CASUALTIES = _patterns("KILLED"), _patterns("INJURED"), _patterns("NO_CASUALTIES")
_CAUSE, _NOT_TARGET_BEFORE = _patterns("CAUSE"), _patterns("NOT_TARGET_BEFORE")
_COUNTER_CLAIM, _TOWARD = _patterns("COUNTER_CLAIM"), _patterns("TOWARD")
_OPENING, _STRUCK_AFTER = _patterns("OPENING"), _patterns("STRUCK_AFTER")
_MEMBER_BEFORE, _ORIGIN_BEFORE = _patterns("MEMBER_BEFORE"), _patterns("ORIGIN_BEFORE")

# "tirés par l'Iran", "من قبل إيران", "dilakukan Amerika Serikat": the author of a passive attack verb.
BY_BEFORE = re.compile(
    r"(?:\bpar\s+(?:l['’]|le\s+|la\s+|les\s+)?|من\s+قبل\s+|\bpor\s+(?:el\s+|la\s+|o\s+|a\s+)?"
    r"|\boleh\s+|\bdilakukan\s+(?:oleh\s+)?)$",
    re.I,
)

# "une frappe", "un ataque", "eine Rakete": an attack word with a singular article tells of one attack.
ONE_BEFORE = re.compile(r"\b(?:une?|una?|uma?|eine?[nm]?|sebuah)\s+(?:[\w'’-]+\s+)?$", re.I)

_NUMBERS = {w: n for lang in _LANGUAGES for w, n in getattr(lang, "NUMBER_WORDS", {}).items()}
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
    killed = _first(sentence, offset, _KILLED)
    injured = _first(sentence, offset, _INJURED)
    for pattern in _NO_CASUALTIES:
        none = pattern.search(sentence)
        if none:
            zero = (0, (offset + none.start(), offset + none.end()))
            killed, injured = killed or zero, injured or zero
    return killed, injured


def cause_span(text: str, start: int, end: int) -> tuple[int, int] | None:
    """The clause, in ``text[start:end]``, that tells what the attack answers ("ردا على ..."), up to the
    next comma or the end; ``None`` if there is none. A connective at ``start`` itself opens the clause
    being read, so the search begins after it."""
    found = [m for pattern in _CAUSE if (m := pattern.search(text, start + 1, end))]
    if not found:
        return None
    first = min(found, key=lambda m: m.start())
    comma = re.compile(r"[,،;؛]").search(text, first.end(), end)
    # The clause starts at its connective, after the comma before it: read on its own, it is not
    # found again at its start.
    opening = first.start() + len(first.group(0)) - len(first.group(0).lstrip(",، \t\n"))
    return opening, comma.start() if comma else end


def not_target(text: str, place: Match, sentence_start: int, deny: Span | None) -> bool:
    """Whether the words around a place say it is not where the attack landed: where the wounded were
    taken, a war's theatre, a speech's venue, where the attack came from, or (after a denial) the
    denier's own version."""
    before = text[max(sentence_start, place[0] - 60) : place[0]]
    if any(p.search(before) for p in (*_NOT_TARGET_BEFORE, *_ORIGIN_BEFORE)):
        return True
    if deny is not None and deny[1] <= place[0]:
        between = text[deny[1] : place[0]]
        return any(p.search(between) for p in _COUNTER_CLAIM)
    return False


def aimed_at(text: str, place: Match, sentence_start: int) -> bool:
    """Whether a preposition of direction leads to the place ("vers Israël", "على إسرائيل")."""
    before = text[max(sentence_start, place[0] - 30) : place[0]]
    return any(p.search(before) for p in _TOWARD)


def struck(text: str, place: Match, sentence_start: int) -> bool:
    """Whether the sentence's wording makes the place the scene of its attack wherever the attack word
    stands: a place that opens the sentence ("En Jordanie, une attaque ...", "Em Beirute, ...") or one a
    passive attack verb follows ("Tel Aviv fue alcanzada por un dron")."""
    before = text[sentence_start : place[0]]
    opening = any(p.search(before) for p in _OPENING) and re.match(r"[^,.;:]{0,40},", text[place[1] :])
    return bool(opening) or any(p.match(text[place[1] : place[1] + 80]) for p in _STRUCK_AFTER)


def member_named(text: str, actor: Match, sentence_start: int) -> bool:
    """Whether the group is named as someone's unit ("comandante militar do Hezbollah", "chef militaire du
    Hezbollah"): the person's side, often the one struck, not the attacker."""
    before = text[max(sentence_start, actor[0] - 60) : actor[0]]
    return any(p.search(before) for p in _MEMBER_BEFORE)
