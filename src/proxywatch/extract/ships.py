"""Named merchant ships: the target of an attack at sea, whatever port or sea a report places it near.

A ship's name is a run of capitalised words that the text introduces as a ship: after a ship word ("the
tanker Marlin Luanda", "MV Galaxy Leader"), after its flag ("the Belize-flagged Rubymar"), before a ship
word ("the Galaxy Leader vessel") or in apposition ("the Tutor, a bulk carrier"). Once introduced, every
other occurrence of the name in the article is the ship too ("the Rubymar sank"), and so is "the vessel"
when the article names one ship only. Warships are left out: in these reports a named warship is most
often the one that answered the attack ("helicopters from USS Eisenhower"), not the one attacked.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from proxywatch.extract.frames import Frame
from proxywatch.extract.patterns import Match

# Merchant ship words; "carrier" only when not an aircraft carrier.
_SHIP_WORD = (
    r"(?:bulk\s+carrier|car\s+carrier|coal\s+carrier|(?<!aircraft\s)carrier|container\s+(?:ship|vessel)|"
    r"cargo\s+(?:ship|vessel)|merchant\s+(?:ship|vessel)|commercial\s+(?:ship|vessel)|oil\s+tanker|"
    r"chemical\s+tanker|ship|vessel|tanker|freighter|bulker)"
)
# The same words in the other languages reports come in (Italian, French, Spanish, Portuguese, German,
# Indonesian, Polish, Croatian), case-sensitive as the names after them must be capitalised.
_FOREIGN_SHIP_WORD = (
    r"nave|navi|navire|navires|pétrolier|vraquier|buque|carguero|petrolero|navio|petroleiro|Schiff|"
    r"Frachter|kapal|statek|frachtowiec|brod"
)
# What only a ship has: "the Tutor's crew", "the owner of the Rubymar".
_SHIP_PART = r"operators?|owners?|managers?|crew|captain|master|distress\s+calls?|hull|stern|engine\s+room"
_WORD = r"[A-Z][\w'’-]*"
_NAME = rf"{_WORD}(?:\s+(?:{_WORD}|[IVX]+\b|\d+\b)){{0,2}}"
_QUOTE = r"['\"‘’“”]?"
_INTRODUCERS = (
    # "the tanker Marlin Luanda", "the vessel 'Maersk Hangzhou'", "MV Galaxy Leader"
    re.compile(rf"\b(?:{_SHIP_WORD}|M/?[VT])\s+{_QUOTE}(?P<name>{_NAME})"),
    # "the Belize-flagged Rubymar", "the Greek-owned coal carrier Tutor" (covered above), "UK-owned Rubymar"
    re.compile(rf"\b[\w-]+-(?:flagged|owned|operated|registered)\s+{_QUOTE}(?P<name>{_NAME})"),
    # "the Galaxy Leader commercial vessel", "The Tutor bulk carrier's crew"
    re.compile(rf"\b[Tt]he\s+{_QUOTE}(?P<name>{_NAME}){_QUOTE}\s+{_SHIP_WORD}\b"),
    # "The Rubymar, a cargo vessel", "the Tutor, a bulker of 82,357 dwt", "'Marlin Luanda,' a tanker"
    re.compile(
        rf"(?:\b[Tt]he\s+|{_QUOTE})(?P<name>{_NAME})(?:,{_QUOTE}|{_QUOTE},)\s+an?\s+(?:[\w-]+\s+){{0,3}}?{_SHIP_WORD}\b"
    ),
    # "the Marlin Luanda's operator", "the Maersk Hangzhou's distress calls", "the owner of the Tutor"
    re.compile(rf"\b[Tt]he\s+(?P<name>{_NAME})['’]s\s+(?:{_SHIP_PART})"),
    re.compile(rf"\b(?:{_SHIP_PART})\s+of\s+the\s+(?P<name>{_NAME})"),
    # "seized the Galaxy Leader", "boarded and seized the X": what is boarded or hijacked is a ship
    re.compile(rf"\b(?:hijack|board)(?:ed|ing)?\s+(?:and\s+\w+\s+)?the\s+(?P<name>{_NAME})"),
    # Other languages: "la nave Rubymar", "le navire Tutor"; "La Rubymar, nave presa di mira ..."
    re.compile(rf"\b(?:{_FOREIGN_SHIP_WORD})\s+{_QUOTE}(?P<name>{_NAME})"),
    re.compile(
        rf"(?:^|(?<=\s))(?:(?:[Ll][ae]|[Ee]l|[Oo]|[Aa]|[Dd]ie)\s+)?(?P<name>{_NAME}),\s+(?:{_FOREIGN_SHIP_WORD})\b"
    ),
)
# Capitalised words that open a sentence or describe a ship rather than name it.
_NOT_NAME = frozenset(
    """a an the this that it its his her their our one two three four five six seven eight nine ten
    on in at off near of to from by for with and or but as after before while when since during
    monday tuesday wednesday thursday friday saturday sunday january february march april may june july
    august september october november december jan feb mar apr jun jul aug sep sept oct nov dec
    us u.s. uk navy houthi houthis yemeni israeli american british greek iranian liberian panamanian
    which who was were is are had has have been said says also earlier later then there
    red sea gulf aden strait ship vessel tanker carrier""".split()
)
# Last words of a broadcaster's or paper's name: "the Saudi-owned Al-Arabiya TV" is an outlet, not a ship.
_MEDIA_WORD = frozenset("tv television channel radio news newspaper daily agency network broadcaster".split())
_MERCHANT_WORD = re.compile(rf"\b(?:the|a|an|this)\s+(?:[\w-]+\s+){{0,2}}?{_SHIP_WORD}\b(?!s)", re.I)
_PREFIX = re.compile(r"^(?:M/?[VT]|[VT])\s+")


def ship_names(text: str, *, not_names: Iterable[Match] = ()) -> list[Match]:
    """Every occurrence of a ship name the article introduces, as ``(start, end, name)``.

    ``name`` is the longest form the article uses ("Maersk Hangzhou" for a later "the Hangzhou"), so
    all occurrences of one ship carry one name. A name that is a known place or actor (``not_names``:
    "the Houthi vessel" is not named Houthi) is not a ship.
    """
    blocked = [(s, e) for s, e, _ in not_names]
    names: set[str] = set()
    for pattern in _INTRODUCERS:
        for m in pattern.finditer(text):
            name = _clean(m.group("name"))
            start = m.start("name")
            first_word = start + len(name.split()[0]) if name else start
            if name and not any(s <= start and first_word <= e for s, e in blocked):
                names.add(name)
    if not names:
        return []
    # In one article the operator's name alone is the ship too ("the Maersk ship" of the Maersk Hangzhou).
    canonical = {n: max((o for o in names if same_ship(n, o) or _starts(o, n)), key=len) for n in names}
    found: list[Match] = []
    for name in sorted(names, key=len, reverse=True):
        for m in re.finditer(rf"(?<![\w-]){re.escape(name)}(?![\w-])", text):
            if not any(s < m.end() and m.start() < e for s, e, _ in found):
                found.append((m.start(), m.end(), canonical[name]))
    return sorted(found)


def _clean(name: str) -> str | None:
    """The name without a trailing possessive or ordinary word; ``None`` when nothing of a name is left."""
    words = name.replace("’", "'").removesuffix("'s").strip("'").split()
    while len(words) > 1 and _PREFIX.match(words[0] + " "):
        words.pop(0)  # "MV Galaxy Leader" is the Galaxy Leader
    if any(re.search(r"-[a-z]", w) for w in words):
        return None  # "the Belize-flagged vessel", "a Greek-owned ship": a description, not a name
    while words and words[-1].lower() in _NOT_NAME:
        words.pop()
    if not words or words[0].lower() in _NOT_NAME or all(w.lower() in _NOT_NAME for w in words):
        return None
    if words[-1].lower() in _MEDIA_WORD:
        return None
    if len(words) == 1 and len(words[0]) < 3:
        return None
    return " ".join(words)


def same_ship(a: str, b: str) -> bool:
    """Two names of one ship: equal, or one a final part of the other ("Hangzhou", "Maersk Hangzhou")."""
    x, y = (_PREFIX.sub("", n).lower().split() for n in (a, b))
    short, long = sorted((x, y), key=len)
    return bool(short) and long[len(long) - len(short) :] == short


def _starts(name: str, part: str) -> bool:
    return name.split()[: len(part.split())] == part.split()


def assign_ships(text: str, frames: Sequence[Frame], ships: Sequence[Match]) -> None:
    """Give each sentence the ship it names; "the vessel" is the ship when the article names only one."""
    only = {s[2] for s in ships}
    for frame in frames:
        start, end = frame.span
        inside = [s for s in ships if start <= s[0] and s[1] <= end]
        if inside:
            frame.ship = inside[0]
        elif len(only) == 1:
            word = _MERCHANT_WORD.search(text, start, end)
            if word is not None:
                frame.ship = (word.start(), word.end(), ships[0][2])
