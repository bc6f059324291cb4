"""Croatian word material for the rule extractor: the same facts as English reports, in Croatian wording.

Croatian declines nouns, so attack words are listed in the cases reports use ("napad", "u napadu",
"mjesto napada"). Data and patterns only; :mod:`proxywatch.extract.foreign` applies them.
"""

from __future__ import annotations

import re

from proxywatch.models import Weapon

# The collective numerals ("devetero ljudi") are how tolls of people are most often given.
NUMBER_WORDS: dict[str, int] = {
    "dva": 2, "dvije": 2, "dvoje": 2, "tri": 3, "troje": 3, "četiri": 4, "četvero": 4, "četvoro": 4,
    "pet": 5, "petero": 5, "petoro": 5, "šest": 6, "šestero": 6, "šestoro": 6, "sedam": 7, "sedmero": 7,
    "sedmoro": 7, "osam": 8, "osmero": 8, "osmoro": 8, "devet": 9, "devetero": 9, "devetoro": 9,
    "deset": 10, "desetero": 10, "desetoro": 10, "jedanaest": 11, "dvanaest": 12,
}  # fmt: skip
_NUM = r"(\d[\d.]{0,6}\d|\d|" + "|".join(sorted(NUMBER_WORDS, key=len, reverse=True)) + r")\b"
_ABOUT = r"(?:(?:najmanje|barem|oko|više\s+od)\s+)?"
# "devetoro ljudi, među njima i djeca, izgubilo je život": the toll's verb may come after an aside.
_WORDS = r"(?:[\w'’-]+,?\s+){0,6}?"

TRIGGERS: tuple[str, ...] = (
    "napad", "napada", "napadu", "napadi", "napadom", "pala", "pao", "pogodila", "pogodio", "pogođen",
    "pogođena", "ispaljena", "ispaljeno", "ispaljene", "oborena", "oboren", "eksplozija",
)  # fmt: skip
WEAPONS: dict[str, Weapon] = {
    "raketa": Weapon.ROCKET, "raketom": Weapon.ROCKET, "dronovi": Weapon.DRONE, "dronom": Weapon.DRONE,
    "bespilotna letjelica": Weapon.DRONE, "zračni napad": Weapon.AIRSTRIKE,
    "zračnom napadu": Weapon.AIRSTRIKE, "zračni napadi": Weapon.AIRSTRIKE,
}  # fmt: skip

KILLED: tuple[re.Pattern[str], ...] = (
    re.compile(
        rf"\b{_ABOUT}{_NUM}\s+{_WORDS}(?:je\s+)?(?:poginulih|poginulo|poginula|poginuli|mrtvih|ubijenih|ubijeno"
        r"|izgubilo\s+(?:je\s+)?život|izgubila\s+(?:je\s+)?život|izgubili\s+(?:su\s+)?život)\b",
        re.I,
    ),
)
INJURED: tuple[re.Pattern[str], ...] = (
    re.compile(
        rf"\b{_ABOUT}{_NUM}\s+{_WORDS}(?:ranjenih|ranjeno|ranjena|ranjeni|ozlijeđenih|ozlijeđeno|ozlijeđena)\b",
        re.I,
    ),
)
# "kao odgovor na ...": what the attack answers, another event.
CAUSE = re.compile(r"(?:,\s*)?\b(?:kao\s+odgovor\s+na|u\s+znak\s+odmazde|kao\s+odmazdu)", re.I)
# "U Bejrutu je ...": a place that opens the sentence sets the scene of its attack.
OPENING = re.compile(r"^\s*u\s+$", re.I)
# "zapovjednik Hezbollaha": a group named as someone's unit is not the attacker.
MEMBER_BEFORE = re.compile(r"\b(?:zapovjedni\w*|vođ\w*|čelni\w*|pripadni\w*)\s+(?:[\w'’-]+\s+){0,2}$", re.I)
# "raketa iz Libanona": where the attack came from, not its target.
ORIGIN_BEFORE = re.compile(r"\biz\s+$", re.I)
