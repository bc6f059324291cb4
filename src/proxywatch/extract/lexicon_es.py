"""Spanish word material for the rule extractor: the same facts as English reports, in Spanish wording.

Data and patterns only; :mod:`proxywatch.extract.foreign` applies them. Matching is case-insensitive.
"""

from __future__ import annotations

import re

from proxywatch.models import Weapon

# "un"/"una" count only where a toll cannot be a description ("la muerte de una persona").
NUMBER_WORDS: dict[str, int] = {
    "un": 1, "una": 1, "dos": 2, "tres": 3, "cuatro": 4, "cinco": 5, "seis": 6, "siete": 7, "ocho": 8,
    "nueve": 9, "diez": 10, "once": 11, "doce": 12, "quince": 15, "veinte": 20, "treinta": 30,
}  # fmt: skip
_MANY = "|".join(sorted((w for w, n in NUMBER_WORDS.items() if n > 1), key=len, reverse=True))
_NUM = rf"(\d[\d.]{{0,6}}\d|\d|{_MANY})\b"
_ONE = rf"(\d+|una?|{_MANY})\b"
_ABOUT = r"(?:(?:al\s+menos|por\s+lo\s+menos|unos|unas|más\s+de|cerca\s+de)\s+)?"
_WORDS = r"(?:[\w'’-]+\s+){0,3}?"

TRIGGERS: tuple[str, ...] = (
    "alcanzada", "alcanzado", "alcanzó", "impactó", "lanzado", "lanzados", "lanzó", "lanzaron", "atacaron",
    "explosión", "derribado", "derribados", "interceptado", "interceptados", "bombardeó", "ofensiva",
)  # fmt: skip
WEAPONS: dict[str, Weapon] = {
    "misil balístico": Weapon.BALLISTIC_MISSILE, "misiles balísticos": Weapon.BALLISTIC_MISSILE,
    "misil de crucero": Weapon.CRUISE_MISSILE, "misiles de crucero": Weapon.CRUISE_MISSILE,
    "dron kamikaze": Weapon.DRONE, "drones kamikaze": Weapon.DRONE,
}  # fmt: skip
CLAIMS: tuple[str, ...] = ("se atribuyó", "se atribuyeron", "asumió la responsabilidad", "se adjudicó")
INTERCEPTS: tuple[str, ...] = ("interceptado", "interceptados", "interceptada", "derribado", "derribados")

KILLED: tuple[re.Pattern[str], ...] = (
    re.compile(rf"\b(?:la\s+muerte\s+de|mató\s+a|matando\s+a)\s+{_ABOUT}{_ONE}", re.I),
    re.compile(
        rf"\b{_ABOUT}{_NUM}\s+{_WORDS}(?:muertos|muertas|fallecidos|murieron|víctimas\s+mortales)\b", re.I
    ),
)
INJURED: tuple[re.Pattern[str], ...] = (
    re.compile(rf"\b(?:heridas\s+a|hiriendo\s+a|hirió\s+a)\s+{_ABOUT}{_ONE}", re.I),
    re.compile(rf"\b{_ABOUT}{_NUM}\s+{_WORDS}(?:(?:resultaron|quedaron)\s+)?(?:heridos|heridas)\b", re.I),
)
# "en represalia por ...": what the attack answers, another event.
CAUSE = re.compile(r"(?:,\s*)?\b(?:en\s+represalia|como\s+represalia|en\s+respuesta|para\s+vengar)", re.I)
SERIES: tuple[str, ...] = ("desde el", "desde que", "decenas de")
TOWARD = re.compile(r"\b(?:contra|hacia|en\s+dirección\s+a)\s*$", re.I)
# "En Beirut, un ataque ...": a place that opens the sentence sets the scene of its attack.
OPENING = re.compile(r"^\s*en\s+$", re.I)
# "Tel Aviv fue alcanzada por un dron": the place a passive attack verb follows is what was hit.
STRUCK_AFTER = re.compile(
    r"^\s+(?:fue|fueron|ha\s+sido|han\s+sido)\s+(?:alcanzad|atacad|golpead|bombardead|impactad)[oa]s?\b", re.I
)
# "el comandante militar de Hezbolá": a group named as someone's unit is not the attacker.
MEMBER_BEFORE = re.compile(
    r"\b(?:comandante|jefe|líder|dirigente|miembro|combatientes?)\s+(?:[\w'’-]+\s+){0,2}(?:del|de\s+la|de)\s+$",
    re.I,
)
# "lanzado desde Yemen": where the attack came from, not its target.
ORIGIN_BEFORE = re.compile(r"\b(?:desde|procedente\s+de)\s+(?:el\s+|la\s+)?$", re.I)
