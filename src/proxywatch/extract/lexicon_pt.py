"""Portuguese word material for the rule extractor: the same facts as English reports, in Portuguese wording.

Data and patterns only; :mod:`proxywatch.extract.foreign` applies them. Matching is case-insensitive.
"""

from __future__ import annotations

import re

from proxywatch.models import Weapon

# "um"/"uma" count only where a toll cannot be a description ("uma pessoa morreu").
NUMBER_WORDS: dict[str, int] = {
    "um": 1, "uma": 1, "dois": 2, "duas": 2, "três": 3, "quatro": 4, "cinco": 5, "seis": 6, "sete": 7,
    "oito": 8, "nove": 9, "dez": 10, "onze": 11, "doze": 12, "quinze": 15, "vinte": 20, "trinta": 30,
}  # fmt: skip
_MANY = "|".join(sorted((w for w, n in NUMBER_WORDS.items() if n > 1), key=len, reverse=True))
_NUM = rf"(\d[\d.]{{0,6}}\d|\d|{_MANY})\b"
_ONE = rf"(\d+|uma?|{_MANY})\b"
_ABOUT = r"(?:(?:pelo\s+menos|ao\s+menos|cerca\s+de|mais\s+de)\s+)?"
_WORDS = r"(?:[\w'’-]+\s+){0,3}?"

TRIGGERS: tuple[str, ...] = (
    "atingiu", "atingida", "atingidos", "atingidas", "explosão", "explosões", "lançado", "lançados",
    "disparados", "dispararam", "bombardeio", "bombardeou", "abatido", "abatidos", "interceptado",
    "interceptados", "ofensiva",
)  # fmt: skip
WEAPONS: dict[str, Weapon] = {
    "míssil balístico": Weapon.BALLISTIC_MISSILE, "mísseis balísticos": Weapon.BALLISTIC_MISSILE,
    "míssil de cruzeiro": Weapon.CRUISE_MISSILE, "mísseis de cruzeiro": Weapon.CRUISE_MISSILE,
}  # fmt: skip
CLAIMS: tuple[str, ...] = ("assumiu a responsabilidade", "assumiram a responsabilidade", "assumem autoria",
                           "assumiu a autoria", "assumem a autoria")  # fmt: skip
OFFICIALS: tuple[str, ...] = (
    "exército de israel",
    "exército israelense",
    "forças de defesa de israel",
    "pentágono",
)
INTERCEPTS: tuple[str, ...] = ("interceptado", "interceptados", "interceptada", "abatido", "abatidos")

KILLED: tuple[re.Pattern[str], ...] = (
    re.compile(rf"\b(?:matou|matando|morte\s+de)\s+{_ABOUT}{_ONE}", re.I),
    re.compile(rf"\b{_ABOUT}{_ONE}\s+(?:pessoas?\s+)?(?:morreu|morreram|morto|mortos|morta|mortas)\b", re.I),
    re.compile(rf"\b{_ABOUT}{_NUM}\s+{_WORDS}(?:mortos|mortas|morreram|vítimas\s+fatais)\b", re.I),
)
INJURED: tuple[re.Pattern[str], ...] = (
    re.compile(rf"\b(?:ferindo|feriu)\s+{_ABOUT}{_ONE}", re.I),
    re.compile(rf"\b{_ABOUT}{_NUM}\s+{_WORDS}(?:feridos|feridas)\b", re.I),
)
# "em retaliação a ...": what the attack answers, another event.
CAUSE = re.compile(
    r"(?:,\s*)?\b(?:em\s+retaliação|em\s+represália|em\s+resposta|como\s+resposta|para\s+vingar)", re.I
)
SERIES: tuple[str, ...] = ("desde o", "desde que", "dezenas de")
TOWARD = re.compile(r"\b(?:contra|rumo\s+a|em\s+direção\s+(?:a|ao|à))\s*$", re.I)
# "Em Beirute, um ataque ...": a place that opens the sentence sets the scene of its attack.
OPENING = re.compile(r"^\s*(?:em|no|na)\s+$", re.I)
# "Tel Aviv foi atingida por um drone": the place a passive attack verb follows is what was hit.
STRUCK_AFTER = re.compile(r"^\s+(?:foi|foram)\s+(?:atingid|atacad|bombardead)[oa]s?\b", re.I)
# "principal comandante militar do Hezbollah": a group named as someone's unit is not the attacker.
MEMBER_BEFORE = re.compile(
    r"\b(?:comandante|chefe|líder|dirigente|membro|combatentes?)\s+(?:[\w'’-]+\s+){0,2}(?:do|da|dos|de)\s+$",
    re.I,
)
# "disparado a partir do Iêmen": where the attack came from, not its target.
ORIGIN_BEFORE = re.compile(r"\b(?:a\s+partir\s+d[eoa]|desde|vind[oa]\s+d[eoa])\s+(?:o\s+|a\s+)?$", re.I)
