"""German word material for the rule extractor: the same facts as English reports, in German wording.

Data and patterns only; :mod:`proxywatch.extract.foreign` applies them. Matching is case-insensitive.
"""

from __future__ import annotations

import re

from proxywatch.models import Weapon

NUMBER_WORDS: dict[str, int] = {
    "zwei": 2, "drei": 3, "vier": 4, "fünf": 5, "sechs": 6, "sieben": 7, "acht": 8, "neun": 9, "zehn": 10,
    "elf": 11, "zwölf": 12, "zwanzig": 20, "dreißig": 30,
}  # fmt: skip
_NUM = r"(\d[\d.]{0,6}\d|\d|" + "|".join(sorted(NUMBER_WORDS, key=len, reverse=True)) + r")\b"
_ABOUT = r"(?:(?:mindestens|rund|etwa|mehr\s+als|über)\s+)?"
_WORDS = r"(?:[\w'’-]+\s+){0,3}?"

TRIGGERS: tuple[str, ...] = (
    "getroffen", "einschlug", "eingeschlagen", "abgefeuert", "angegriffen", "beschossen", "abgeschossen",
    "abgefangen", "raketenangriff", "drohnenangriff",
)  # fmt: skip
WEAPONS: dict[str, Weapon] = {
    "drohne": Weapon.DRONE, "drohnen": Weapon.DRONE, "drohnenangriff": Weapon.DRONE,
    "raketenangriff": Weapon.ROCKET, "marschflugkörper": Weapon.CRUISE_MISSILE,
    "ballistische rakete": Weapon.BALLISTIC_MISSILE, "ballistische raketen": Weapon.BALLISTIC_MISSILE,
    "luftangriffe": Weapon.AIRSTRIKE, "kampfjets": Weapon.AIRSTRIKE,
}  # fmt: skip
INTERCEPTS: tuple[str, ...] = ("abgefangen", "abgeschossen")

KILLED: tuple[re.Pattern[str], ...] = (
    re.compile(rf"\btötete\s+{_ABOUT}{_NUM}", re.I),
    re.compile(
        rf"\b{_ABOUT}{_NUM}\s+{_WORDS}(?:(?:wurden|sind)\s+)?(?:getötet|tote|toten|ums\s+leben)\b", re.I
    ),
)
INJURED: tuple[re.Pattern[str], ...] = (
    re.compile(
        rf"\b{_ABOUT}{_NUM}\s+{_WORDS}(?:(?:wurden|sind)\s+)?(?:verletzt|verletzte|verwundet)\b", re.I
    ),
)
# "als Vergeltung für ...": what the attack answers, another event.
CAUSE = re.compile(r"(?:,\s*)?\b(?:als\s+vergeltung|als\s+reaktion\s+auf|in\s+reaktion\s+auf)", re.I)
SERIES: tuple[str, ...] = ("seit dem", "seit beginn", "dutzende")
TOWARD = re.compile(r"\b(?:gegen|in\s+richtung)\s*$", re.I)
# "In Beirut wurde ... getroffen": a place that opens the sentence sets the scene of its attack.
OPENING = re.compile(r"^\s*(?:in|im)\s+$", re.I)
# "ein Kommandeur der Hisbollah": a group named as someone's unit is not the attacker.
MEMBER_BEFORE = re.compile(
    r"\b(?:kommandeur|anführer|chef|mitglied|kämpfer)\w*\s+(?:[\w'’-]+\s+){0,2}(?:der|des|von)\s+$", re.I
)
# "aus dem Libanon abgefeuert": where the attack came from, not its target.
ORIGIN_BEFORE = re.compile(r"\b(?:aus|vom)\s+(?:dem\s+|der\s+)?$", re.I)
