"""French word material for the rule extractor: the same facts as English reports, in French wording.

Data and patterns only; :mod:`proxywatch.extract.foreign` applies them. Matching is case-insensitive.
"""

from __future__ import annotations

import re

from proxywatch.models import Weapon

# "un"/"une" are left out, as "a"/"an" are in English: "un soldat tué" counts, "un chef de milice" is
# too often a description to be a toll.
NUMBER_WORDS: dict[str, int] = {
    "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "six": 6, "sept": 7, "huit": 8, "neuf": 9, "dix": 10,
    "onze": 11, "douze": 12, "treize": 13, "quatorze": 14, "quinze": 15, "seize": 16, "vingt": 20,
    "trente": 30, "quarante": 40, "cinquante": 50, "cent": 100,
}  # fmt: skip
_NUM = r"(\d[\d\s]{0,6}\d|\d|" + "|".join(sorted(NUMBER_WORDS, key=len, reverse=True)) + r")\b"
_ABOUT = r"(?:(?:au\s+moins|environ|près\s+de|plus\s+de|quelque)\s+)?"
_WORDS = r"(?:[\w'’-]+\s+){0,3}?"

TRIGGERS: tuple[str, ...] = (
    "touché", "touchée", "touchés", "visait", "visés", "visées", "ciblés", "ciblées", "lancés", "lancées",
    "tirés", "tirées", "a tiré", "abattus", "abattue", "interceptés", "interceptées", "offensive",
    "frappée", "frappés", "s'est écrasé", "s’est écrasé", "est tombée", "est tombé", "raid", "raids",
    "attentat", "explosé", "détruit", "détruite", "a déclenché", "ont déclenché",
)  # fmt: skip

WEAPONS: dict[str, Weapon] = {
    "drones armés": Weapon.DRONE, "drone kamikaze": Weapon.DRONE, "drones kamikazes": Weapon.DRONE,
    "drones explosifs": Weapon.DRONE, "roquette": Weapon.ROCKET, "roquettes": Weapon.ROCKET,
    "tirs de roquettes": Weapon.ROCKET, "obus de mortier": Weapon.MORTAR, "mortiers": Weapon.MORTAR,
    "missile antichar": Weapon.ATGM, "missiles antichars": Weapon.ATGM, "avions de chasse": Weapon.AIRSTRIKE,
    "avions de combat": Weapon.AIRSTRIKE, "frappes israéliennes": Weapon.AIRSTRIKE,
}  # fmt: skip

CLAIMS: tuple[str, ...] = ("a revendiqué", "ont revendiqué", "revendiquant", "dit avoir", "affirme avoir",
                           "a affirmé avoir", "affirmé avoir")  # fmt: skip
DENIALS: tuple[str, ...] = ("dément", "démenti", "a démenti", "nie", "a nié", "niant", "démentant")
OFFICIALS: tuple[str, ...] = (
    "armée israélienne", "le pentagone", "du pentagone", "commandement central", "porte-parole militaire",
    "a confirmé", "ont confirmé", "responsables américains", "responsable américain", "la maison blanche",
    "l'idf", "de l’idf", "de l'idf",
)  # fmt: skip
INTERCEPTS: tuple[str, ...] = ("intercepté", "interceptés", "interceptées", "interception", "interceptions",
                               "abattu", "abattus", "mise en échec", "mis en échec")  # fmt: skip

KILLED: tuple[re.Pattern[str], ...] = (
    re.compile(rf"\b(?:tuant|tué|coûté\s+la\s+vie\s+à)\s+{_ABOUT}{_NUM}", re.I),
    re.compile(
        rf"\b{_ABOUT}{_NUM}\s+{_WORDS}(?:(?:ont|avaient|ont\s+été|avaient\s+été|sont|été)\s+)?"
        r"(?:tués|tuées|morts|mortes|péri|perdu\s+la\s+vie|décédés|victimes)\b",
        re.I,
    ),
    re.compile(rf"\bbilan\s+{_WORDS}(?:à|de)\s+{_NUM}\s+(?:morts|tués)", re.I),
)
INJURED: tuple[re.Pattern[str], ...] = (
    re.compile(rf"\bblessant\s+{_ABOUT}{_NUM}", re.I),
    re.compile(
        rf"\b{_ABOUT}{_NUM}\s+{_WORDS}(?:(?:ont|avaient|ont\s+été|avaient\s+été|sont|été)\s+)?"
        r"(?:blessés|blessées|blessé)\b",
        re.I,
    ),
)
NO_CASUALTIES = re.compile(
    r"\b(?:sans\s+faire\s+de\s+(?:victimes?|blessés)|aucune\s+victime|pas\s+de\s+(?:victimes?|blessés))", re.I
)

# "ripostant à une frappe contre son consulat à Damas": the rest of the clause is what the attack
# answers, another event.
CAUSE = re.compile(
    r"(?:,\s*)?\b(?:ripostant|riposte|répliquant|réplique|représailles|en\s+réponse|pour\s+venger"
    r"|(?:quelques|des|deux|trois|plusieurs)\s+(?:heures|jours|semaines)\s+après|un\s+jour\s+après"
    r"|au\s+lendemain\s+d)",
    re.I,
)
NOT_TARGET_BEFORE = re.compile(
    r"\b(?:hôpita(?:l|ux)|transportée?s?|évacuée?s?|hospitalisée?s?|guerre|conflit|discours)\s+"
    r"(?:[\w'’-]+\s+){0,3}$|\boffensive\s+(?:de\s+|d['’])$",
    re.I,
)
COUNTER_CLAIM = re.compile(r"\b(?:affirmant|assurant|ajoutant|précisant)\s+(?:qu|que)\b", re.I)
SERIES: tuple[str, ...] = ("depuis le", "depuis que", "depuis la", "depuis l'", "depuis l’", "des dizaines")
# "lancé vers Israël", "une offensive visant Israël": a country named right after these is where the
# attack was aimed, though the same name also stands for the state.
TOWARD = re.compile(
    r"\b(?:vers|contre|visant|sur|en\s+direction\s+(?:de\s+l['’]|de\s+|d['’])|à\s+l['’]encontre\s+d['’]?)\s*$",
    re.I,
)
# "le chef militaire du Hezbollah": a group named as someone's unit is not the attacker.
MEMBER_BEFORE = re.compile(
    r"\b(?:chef|commandant|dirigeant|responsable|membre|combattants?)\s+(?:[\w'’-]+\s+){0,2}"
    r"(?:du|des|de\s+la|de\s+l['’]|d['’]|de)\s*$",
    re.I,
)
# "tirées à partir de Gaza", "menée depuis l'Iran": where the attack came from, not its target.
ORIGIN_BEFORE = re.compile(r"\b(?:à\s+partir\s+(?:de|du|d['’])|depuis)\s+(?:l['’]|le\s+|la\s+)?$", re.I)
