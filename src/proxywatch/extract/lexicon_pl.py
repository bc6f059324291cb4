"""Polish word material for the rule extractor: the same facts as English reports, in Polish wording.

Data and patterns only; :mod:`proxywatch.extract.foreign` applies them. Matching is case-insensitive.
"""

from __future__ import annotations

import re

from proxywatch.models import Weapon

TRIGGERS: tuple[str, ...] = ("uderzenie", "uderzenia", "uderzeniu", "uderzył", "uderzyła", "nalot", "nalotu",
                             "ostrzał", "ostrzelał", "zestrzelony", "zestrzelone")  # fmt: skip
WEAPONS: dict[str, Weapon] = {"drony": Weapon.DRONE, "rakietą": Weapon.ROCKET, "rakiet": Weapon.ROCKET}
# "jeden z dowódców libańskiego ruchu Hezbollah": a group named as someone's unit is not the attacker.
MEMBER_BEFORE = re.compile(r"\b(?:dowódc\w*|przywódc\w*|członk\w*|bojownik\w*)\s+(?:[\w'’-]+\s+){0,3}$", re.I)
# "odpowiedzialnego za uderzenie na ...": what the strike answers, another event.
CAUSE = re.compile(r"(?:,\s*)?\b(?:odpowiedzialn\w*\s+za|w\s+odwecie\s+za|w\s+odpowiedzi\s+na)", re.I)
