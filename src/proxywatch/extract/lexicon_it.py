"""Italian word material for the rule extractor: the same facts as English reports, in Italian wording.

Data and patterns only; :mod:`proxywatch.extract.foreign` applies them. Matching is case-insensitive.
"""

from __future__ import annotations

import re

from proxywatch.models import Weapon

TRIGGERS: tuple[str, ...] = (
    "presa di mira", "preso di mira", "presi di mira", "colpita", "colpiti", "lanciati", "lanciate",
    "attaccata", "attaccato", "abbattuto", "abbattuti", "intercettato", "intercettati", "esplosione",
)  # fmt: skip
WEAPONS: dict[str, Weapon] = {
    "drone": Weapon.DRONE, "droni": Weapon.DRONE, "missile balistico": Weapon.BALLISTIC_MISSILE,
    "missili balistici": Weapon.BALLISTIC_MISSILE, "missile da crociera": Weapon.CRUISE_MISSILE,
    "missili da crociera": Weapon.CRUISE_MISSILE,
}  # fmt: skip
CLAIMS: tuple[str, ...] = ("ha rivendicato", "hanno rivendicato")
INTERCEPTS: tuple[str, ...] = ("abbattuto", "abbattuti", "intercettato", "intercettati")
# "in rappresaglia per ...": what the attack answers, another event.
CAUSE = re.compile(r"(?:,\s*)?\b(?:in\s+rappresaglia|per\s+rappresaglia|in\s+risposta|per\s+vendicare)", re.I)
SERIES: tuple[str, ...] = ("dal 7 ottobre", "da quando", "decine di")
# "lanciati dallo Yemen": where the attack came from, not its target.
ORIGIN_BEFORE = re.compile(r"\b(?:dallo|dalla|dal|da)\s+$", re.I)
