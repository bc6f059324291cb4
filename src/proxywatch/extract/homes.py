"""Places that say where the attacker is from, not where its attack landed.

"Yemen's Iran-backed Houthis fired drones at Eilat" and "rockets launched by Hezbollah in Lebanon killed a
soldier" name the attacker's home next to its name; the attack landed elsewhere. A place that only
qualifies the attacker's name is no target. After an attack noun ("a drone attack by militants in
Jordan") the place tells where the attack was, and stays.
"""

from __future__ import annotations

import re

from proxywatch.extract.patterns import Match

__all__ = ["home_of_actor", "home_of_perpetrator"]

# "Yemen's Houthis", "Lebanon's Iran-backed Hezbollah": the country owns the name that follows.
_POSSESSIVE_BEFORE_NAME = re.compile(r"['’]s\s+(?:[\w-]+\s+){0,2}$")
# "Hezbollah in Lebanon", "the Houthis based in Yemen": where the group is.
_WHERE_AFTER_NAME = re.compile(r"\s+(?:in|based\s+in|inside)\s+(?:the\s+)?$", re.I)
# "a drone attack by militants in Jordan": after an attack noun, the place is where the attack was.
_ATTACK_BY_BEFORE = re.compile(
    r"\b(?:attacks?|strikes?|airstrikes?|raids?|assaults?|bombings?|ambush(?:es)?)\s+(?:[\w-]+\s+){0,3}?by\s+"
    r"(?:the\s+)?(?:[\w-]+\s+){0,2}$",
    re.I,
)


def home_of_actor(text: str, place: Match, actors: list[Match]) -> bool:
    """Whether the place is a possessive in front of an actor's name ("Yemen's Houthis")."""
    return any(
        0 <= a[0] - place[1] <= 40 and _POSSESSIVE_BEFORE_NAME.fullmatch(text[place[1] : a[0]])
        for a in actors
    )


def home_of_perpetrator(text: str, place: Match, perpetrator: Match | None) -> bool:
    """Whether the place right after the attacker's name says where the attacker is ("by Hezbollah in
    Lebanon"); after a target's name it would say where the target is, so only the attacker's counts."""
    return (
        perpetrator is not None
        and 0 <= place[0] - perpetrator[1] <= 20
        and bool(_WHERE_AFTER_NAME.fullmatch(text[perpetrator[1] : place[0]]))
        and not _ATTACK_BY_BEFORE.search(text, max(0, perpetrator[0] - 60), perpetrator[0])
    )
