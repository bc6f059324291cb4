"""Arabic word material for the rule extractor: the same facts as English reports, in Arabic wording.

Arabic writes "and", "with/by", "for" and "the" onto the word (و ب ل ال), and may carry short-vowel marks
("قُتل"), so the patterns here are written plainly and compiled with :func:`arabic` which lets them
through. Data and patterns only; :mod:`proxywatch.extract.foreign` applies them.
"""

from __future__ import annotations

import re

from proxywatch.models import Weapon

_MARKS = "[\u064b-\u0652\u0640]*"  # short vowels, shadda, sukun and the tatweel stretch
_PROCLITIC = "(?:[وف])?(?:[بل])?"


def arabic(pattern: str) -> re.Pattern[str]:
    """Compile ``pattern`` so that vowel marks may follow any Arabic letter ("قتل" finds "قُتل")."""
    out: list[str] = []
    in_class = escaped = False
    for c in pattern:
        out.append(c)
        if escaped:
            escaped = False
        elif c == "\\":
            escaped = True
        elif c == "[":
            in_class = True
        elif c == "]":
            in_class = False
        elif not in_class and "\u0621" <= c <= "\u064a":
            out.append(_MARKS)
    return re.compile("".join(out))


def forms(*words: str) -> tuple[str, ...]:
    """A word with the clitics it most often carries, for the whole-word keyword automaton."""
    out: list[str] = []
    for word in words:
        out += [word, "و" + word, "ف" + word, "ب" + word, "وب" + word]
        if not word.startswith("ال"):
            out += ["ال" + word, "وال" + word, "بال" + word]
    return tuple(out)


NUMBER_WORDS: dict[str, int] = {
    "واحد": 1, "اثنان": 2, "اثنين": 2, "اثنا": 2, "ثلاثة": 3, "ثلاث": 3, "أربعة": 4, "أربع": 4,
    "خمسة": 5, "خمس": 5, "ستة": 6, "ست": 6, "سبعة": 7, "سبع": 7, "ثمانية": 8, "ثماني": 8, "تسعة": 9,
    "تسع": 9, "عشرة": 10, "عشر": 10, "أحد عشر": 11, "إحدى عشرة": 11, "اثنا عشر": 12, "اثني عشر": 12,
    "عشرين": 20, "عشرون": 20, "ثلاثين": 30, "ثلاثون": 30,
}  # fmt: skip
_NUM = (
    r"(\d+|[٠-٩]+|"
    + "|".join(sorted((re.escape(w) for w in NUMBER_WORDS), key=len, reverse=True))
    + r")(?![\w\u064b-\u0652])"
)
_ABOUT = r"(?:(?:نحو|حوالي|قرابة|أكثر\s+من|ما\s+لا\s+يقل\s+عن|على\s+الأقل)\s+)?"
_WORDS = r"(?:[^\s\d.,،؛:]+\s+){0,3}?"

TRIGGERS: tuple[str, ...] = (
    *forms("أصاب", "أصابت", "سقط", "سقطت", "طال", "طالت", "شن", "شنت", "شنته", "نفذ", "نفذت", "نفذته",
           "يستهدف", "تستهدف", "استهدفنا", "ضرب", "ضربت", "إسقاط", "أسقط", "أسقطت", "هجوما", "هجومًا",
           "هجوماً", "الهجوم", "الضربة", "عملية", "عمليات", "رشقة", "رشقات"),
)  # fmt: skip

WEAPONS: dict[str, Weapon] = {
    **{w: Weapon.DRONE for w in forms("طائرة بدون طيار", "طائرات بدون طيار", "طائرة دون طيار",
                                      "طائرات دون طيار", "طائرة مسيرة", "مسيرة", "مسيّرة")},
    **{w: Weapon.ROCKET for w in forms("قذيفة صاروخية", "قذائف صاروخية", "صواريخ كاتيوشا", "كاتيوشا",
                                       "صاروخ كاتيوشا")},
    **{w: Weapon.BALLISTIC_MISSILE for w in forms("صواريخ بالستية", "صاروخ بالستي")},
}  # fmt: skip

CLAIMS: tuple[str, ...] = forms("تبنت", "تبنى", "أعلنت مسؤوليتها", "أعلن مسؤوليته")
DENIALS: tuple[str, ...] = forms("نفى", "نفت", "ينفي", "تنفي", "تنصل", "يتنصل", "يتبرأ", "التبرؤ", "تتبرأ")
OFFICIALS: tuple[str, ...] = forms(
    "البنتاغون",
    "البنتاجون",
    "القيادة المركزية",
    "مسؤولون أمريكيون",
    "مسؤول أمريكي",
    "الجيش الإسرائيلي",
    "جيش الاحتلال",
    "البيت الأبيض",
)
INTERCEPTS: tuple[str, ...] = forms("اعتراض", "اعترض", "اعترضت", "تصدت", "أسقطت", "إسقاط")

KILLED: tuple[re.Pattern[str], ...] = (
    arabic(rf"{_PROCLITIC}(?:مقتل|قتل|استشهاد)\s+{_ABOUT}{_NUM}"),
    arabic(rf"{_NUM}\s+{_WORDS}(?:قتلى|قتيل|قتيلا|قتيلًا|قتيلاً|قتلوا|لقوا\s+(?:حتفهم|مصرعهم)|شهداء|شهيدا)"),
    arabic(rf"(?:حصيلة\s+القتلى|عدد\s+القتلى)\s+{_WORDS}(?:إلى|الى)\s+{_NUM}"),
)
INJURED: tuple[re.Pattern[str], ...] = (
    arabic(rf"{_PROCLITIC}(?:إصابة|اصابة|أصيب|اصيب|جرح|إصابات)\s+{_ABOUT}{_NUM}"),
    arabic(rf"{_NUM}\s+{_WORDS}(?:جريحا|جريحًا|جريحاً|جرحى|مصابا|مصابين|مصابًا|أصيبوا|جرحوا)"),
)
NO_CASUALTIES = arabic(
    r"(?:لم\s+(?:يسفر|تسفر|يؤد|تؤد)\w*\s+(?:عن\s+)?(?:أي|وقوع)\s+(?:قتلى|إصابات|خسائر)"
    r"|دون\s+(?:وقوع\s+)?(?:إصابات|خسائر\s+بشرية))"
)

# "ردا على ...": the rest of the clause tells what the attack answers, another event.
CAUSE = arabic(r"(?<!\w)(?:رد(?:ا)?\s+على|انتقام(?:ا)?\s+ل|ثأر(?:ا)?\s+ل)")
# Where the wounded were taken, or the war a place is the theatre of: not where the attack landed.
NOT_TARGET_BEFORE = arabic(
    r"(?:مستشفى|مستشفيات|المستشفى|مراكز\s+طبية|مركز\s+طبي|نقل\w*\s+(?:\S+\s+){0,3}إلى|الحرب\s+(?:على|في)"
    r"|حرب\s+(?:على|في)|العدوان\s+(?:على|في)|أهالي|كلمة\s+(?:\S+\s+){0,2}في)\s+(?:\S+\s+){0,2}(?:و)?$"
)
# "المستهدف كان قاعدة التنف": after a denial, the place the denier names instead is their version.
COUNTER_CLAIM = arabic(r"(?:مؤكد|مضيف|موضح)(?:ا|ة)?\s+أن")
SERIES: tuple[str, ...] = ("منذ",)
# "هجوم على إسرائيل", "أطلقت صواريخ باتجاه إسرائيل": a country named right after these is where the
# attack was aimed, though the same name also stands for the state.
TOWARD = arabic(r"(?<!\w)(?:على|نحو|باتجاه|صوب|ضد|تجاه|في)\s*$")
