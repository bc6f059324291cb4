"""Indonesian word material for the rule extractor: the same facts as English reports, in Indonesian wording.

Data and patterns only; :mod:`proxywatch.extract.foreign` applies them.
"""

from __future__ import annotations

import re

from proxywatch.models import Weapon

NUMBER_WORDS: dict[str, int] = {
    "dua": 2, "tiga": 3, "empat": 4, "lima": 5, "enam": 6, "tujuh": 7, "delapan": 8, "sembilan": 9,
    "sepuluh": 10, "sebelas": 11, "dua belas": 12, "dua puluh": 20, "tiga puluh": 30,
}  # fmt: skip
_NUM = r"(\d[\d.]{0,6}\d|\d|" + "|".join(sorted(NUMBER_WORDS, key=len, reverse=True)) + r")\b"
_ABOUT = r"(?:(?:sedikitnya|setidaknya|sekitar|lebih\s+dari)\s+)?"
_WORDS = r"(?:[\w'’-]+\s+){0,3}?"

TRIGGERS: tuple[str, ...] = (
    "menggempur", "gempuran", "menghantam", "ditembakkan", "menembakkan", "meluncurkan", "diluncurkan",
    "menyasar", "dicegat", "ledakan",
)  # fmt: skip
WEAPONS: dict[str, Weapon] = {
    "drone peledak": Weapon.DRONE, "drone kamikaze": Weapon.DRONE, "pesawat tak berawak": Weapon.DRONE,
    "rudal balistik": Weapon.BALLISTIC_MISSILE, "rudal jelajah": Weapon.CRUISE_MISSILE,
}  # fmt: skip
CLAIMS: tuple[str, ...] = ("mengaku bertanggung jawab", "menyatakan bertanggung jawab")
INTERCEPTS: tuple[str, ...] = ("dicegat", "mencegat", "ditembak jatuh")

KILLED: tuple[re.Pattern[str], ...] = (
    re.compile(rf"\bmenewaskan\s+{_ABOUT}{_NUM}", re.I),
    re.compile(rf"\b{_ABOUT}{_NUM}\s+{_WORDS}(?:tewas|terbunuh|meninggal)\b", re.I),
)
INJURED: tuple[re.Pattern[str], ...] = (
    re.compile(rf"\bmelukai\s+{_ABOUT}{_NUM}", re.I),
    re.compile(rf"\b{_ABOUT}{_NUM}\s+{_WORDS}(?:terluka|luka-luka|cedera)\b", re.I),
)
# "merupakan balasan atas terbunuhnya ...": what the attack answers, another event.
CAUSE = re.compile(
    r"(?:,\s*)?\b(?:merupakan\s+balasan|sebagai\s+balasan|balasan\s+atas|sebagai\s+pembalasan)", re.I
)
SERIES: tuple[str, ...] = ("sejak", "puluhan")
TOWARD = re.compile(r"\b(?:ke\s+arah|terhadap)\s*$", re.I)
# "komandan senior Hizbullah", "yang memimpin milisi Nujaba": a group named as someone's unit (or the
# one they lead) is not the attacker.
MEMBER_BEFORE = re.compile(r"\b(?:komandan|pemimpin|memimpin|anggota|petinggi)\s+(?:[\w'’-]+\s+){0,2}$", re.I)
# "ditembakkan dari Lebanon selatan": where the attack came from, not its target.
ORIGIN_BEFORE = re.compile(r"\b(?:dari|dari\s+arah)\s+$", re.I)
