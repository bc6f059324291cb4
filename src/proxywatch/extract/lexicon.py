"""Word lists the rule extractor works from. Data, not logic: extend here, not in the rules.

Terms are matched case-insensitively on word boundaries unless said otherwise.
"""

from __future__ import annotations

from proxywatch.models import Weapon

# Words that make an article worth a closer look (the prefilter). Kept broad: the sentence rules are strict.
PREFILTER_TERMS: tuple[str, ...] = (
    "attack", "attacked", "attacks", "strike", "strikes", "struck", "airstrike", "air strike", "drone",
    "drones", "uav", "missile", "missiles", "rocket", "rockets", "mortar", "shelling", "shelled",
    "bombed", "bombing", "targeted", "targeting", "targets", "intercepted", "interception", "shot down",
    "explosion", "projectile", "projectiles", "killed", "launched", "fired", "raid", "raids", "hit",
    "ambush", "clash", "clashes", "ied", "roadside bomb",
)  # fmt: skip

# Weapon phrases, longest first wins (the matcher prefers the longest match).
WEAPON_TERMS: dict[str, Weapon] = {
    "drone": Weapon.DRONE, "drones": Weapon.DRONE, "uav": Weapon.DRONE, "uavs": Weapon.DRONE,
    "unmanned aerial vehicle": Weapon.DRONE, "unmanned aerial vehicles": Weapon.DRONE,
    "unmanned aircraft": Weapon.DRONE, "one-way attack drone": Weapon.DRONE,
    "one-way attack drones": Weapon.DRONE, "loitering munition": Weapon.DRONE,
    "loitering munitions": Weapon.DRONE, "kamikaze drone": Weapon.DRONE, "kamikaze drones": Weapon.DRONE,
    "suicide drone": Weapon.DRONE, "suicide drones": Weapon.DRONE, "attack drone": Weapon.DRONE,
    "attack drones": Weapon.DRONE, "shahed": Weapon.DRONE, "aerial vehicle": Weapon.DRONE,
    "aerial target": Weapon.DRONE, "aerial targets": Weapon.DRONE, "drone boat": Weapon.USV,
    "drone boats": Weapon.USV, "unmanned surface vessel": Weapon.USV, "unmanned surface vessels": Weapon.USV,
    "uncrewed surface vessel": Weapon.USV, "explosive boat": Weapon.USV, "explosive-laden boat": Weapon.USV,
    "cruise missile": Weapon.CRUISE_MISSILE, "cruise missiles": Weapon.CRUISE_MISSILE,
    "ballistic missile": Weapon.BALLISTIC_MISSILE, "ballistic missiles": Weapon.BALLISTIC_MISSILE,
    "hypersonic missile": Weapon.BALLISTIC_MISSILE, "surface-to-surface missile": Weapon.BALLISTIC_MISSILE,
    "surface-to-surface missiles": Weapon.BALLISTIC_MISSILE,
    "anti-ship missile": Weapon.ANTI_SHIP_MISSILE, "anti-ship missiles": Weapon.ANTI_SHIP_MISSILE,
    "anti-ship ballistic missile": Weapon.ANTI_SHIP_MISSILE,
    "anti-ship ballistic missiles": Weapon.ANTI_SHIP_MISSILE, "naval missile": Weapon.ANTI_SHIP_MISSILE,
    "naval missiles": Weapon.ANTI_SHIP_MISSILE,
    "missile": Weapon.MISSILE, "missiles": Weapon.MISSILE,
    "anti-tank missile": Weapon.ATGM, "anti-tank missiles": Weapon.ATGM, "guided missile": Weapon.ATGM,
    "guided missiles": Weapon.ATGM, "anti-tank guided missile": Weapon.ATGM, "atgm": Weapon.ATGM,
    "kornet": Weapon.ATGM,
    "rocket": Weapon.ROCKET, "rockets": Weapon.ROCKET, "katyusha": Weapon.ROCKET,
    "katyushas": Weapon.ROCKET, "katyusha rockets": Weapon.ROCKET, "grad rockets": Weapon.ROCKET,
    "burkan rockets": Weapon.ROCKET, "rocket fire": Weapon.ROCKET, "barrage": Weapon.ROCKET,
    "mortar": Weapon.MORTAR, "mortars": Weapon.MORTAR, "mortar shells": Weapon.MORTAR,
    "mortar rounds": Weapon.MORTAR, "artillery": Weapon.ARTILLERY, "shelling": Weapon.ARTILLERY,
    "artillery shells": Weapon.ARTILLERY,
    "airstrike": Weapon.AIRSTRIKE, "airstrikes": Weapon.AIRSTRIKE, "air strike": Weapon.AIRSTRIKE,
    "air strikes": Weapon.AIRSTRIKE, "air raid": Weapon.AIRSTRIKE, "air raids": Weapon.AIRSTRIKE,
    "warplanes": Weapon.AIRSTRIKE, "warplane": Weapon.AIRSTRIKE, "fighter jets": Weapon.AIRSTRIKE,
    "fighter jet": Weapon.AIRSTRIKE, "jets": Weapon.AIRSTRIKE,
    "bombers": Weapon.AIRSTRIKE, "b-1 bombers": Weapon.AIRSTRIKE, "helicopter": Weapon.AIRSTRIKE,
    "helicopters": Weapon.AIRSTRIKE, "drone strike": Weapon.DRONE, "drone strikes": Weapon.DRONE,
    "precision strike": Weapon.AIRSTRIKE, "precision strikes": Weapon.AIRSTRIKE,
    "ied": Weapon.IED, "roadside bomb": Weapon.IED, "roadside bombs": Weapon.IED,
    "explosive device": Weapon.IED, "car bomb": Weapon.IED,
    "gunfire": Weapon.SMALL_ARMS, "small arms": Weapon.SMALL_ARMS, "gunmen": Weapon.SMALL_ARMS,
}  # fmt: skip

# Verbs and nouns that make a sentence describe an attack (trigger words).
ATTACK_TRIGGERS: tuple[str, ...] = (
    "attack", "attacks", "attacked", "attacking", "strike", "strikes", "struck", "striking", "hit", "hits",
    "hitting", "targeted", "targeting", "target", "targets", "launched", "launching", "fired", "firing",
    "bombed", "bombing", "shelled", "shelling", "raid", "raids", "airstrike", "airstrikes", "air strike",
    "air strikes", "assault", "operation", "operations", "explosion", "explosions", "blast", "exploded",
    "blew up", "detonated",
    "crashed", "slammed", "landed", "impact", "intercepted", "shot down", "downed", "downing",
    "intercept", "interception", "ambushed", "seized", "seizure", "hijacked", "hijacking", "taken over",
    "took over", "boarded", "sank", "sunk", "took place", "targeting",
)  # fmt: skip

INTERCEPT_TERMS: tuple[str, ...] = (
    "intercepted", "shot down", "downed", "interception", "intercept", "intercepts", "thwarted",
    "foiled", "repelled", "destroyed in the air", "brought down", "intercepting", "shooting down",
)  # fmt: skip

CLAIM_TERMS: tuple[str, ...] = (
    "claimed", "claims", "claim", "claiming", "took responsibility", "claimed responsibility",
    "claiming responsibility", "announced", "announces", "endorsed", "adopted", "took credit",
    "telegram", "military media", "taken responsibility", "take responsibility", "takes responsibility",
    "taking responsibility", "assumed responsibility", "taken credit",
)  # fmt: skip

DENY_TERMS: tuple[str, ...] = ("denied", "denies", "deny", "denying", "rejected responsibility")

# Target-side sources: their word makes an attack "confirmed" (or "intercepted").
OFFICIAL_SOURCE_TERMS: tuple[str, ...] = (
    "military said", "army said", "pentagon", "centcom", "central command", "officials said",
    "official said", "defense official", "defence official", "defense department", "idf said", "the idf",
    "israeli military", "israeli army", "the military", "us official", "u.s. official", "us officials",
    "u.s. officials", "american official", "american officials", "security source", "security sources",
    "confirmed", "acknowledged", "national security council", "white house", "the coalition said",
)  # fmt: skip

ATTACK_NOUNS: tuple[str, ...] = (
    "strike", "strikes", "airstrike", "airstrikes", "attack", "attacks", "raid", "raids", "drone",
    "drones", "missile", "missiles", "rocket", "rockets", "warplanes", "jets", "bombardment", "shelling",
    "forces", "military", "army", "navy", "fighter",
)  # fmt: skip

# Anaphora that point back to the last named perpetrator in the article.
GROUP_ANAPHORA: tuple[str, ...] = (
    "the group", "the groups", "the militia", "the militias", "the faction", "the factions",
    "the movement", "the umbrella group", "the coalition of militias", "the armed group", "the rebels",
    "the resistance", "its fighters", "its mujahideen", "the alliance", "the fighters", "the militants",
)  # fmt: skip

# Generic background phrases: sentences built on them talk about a series, not one attack.
SERIES_MARKERS: tuple[str, ...] = (
    "more than", "dozens of", "scores of", "hundreds of", "a series of", "since october", "since oct",
    "since the start", "since the beginning", "at least 1", "at least 2", "at least 3", "at least 4",
    "at least 5", "at least 6", "at least 7", "at least 8", "at least 9", "over 1", "over 2", "over 3",
    "over 4", "over 5", "over 6", "over 7", "over 8", "over 9", "times since", "attacks on us forces",
    "a string of", "wave of attacks", "almost daily", "nearly daily", "near-daily", "in recent weeks",
    "in recent days", "in recent months", "this month", "repeatedly", "regularly", "has claimed attacks",
    "have claimed attacks", "claimed attacks almost", "first targeted", "stepped up", "a number of attacks",
    "a number of strikes", "in one such", "one of these attacks", "one of those attacks",
)  # fmt: skip

NUMBER_WORDS: dict[str, int] = {
    "a": 1, "an": 1, "one": 1, "single": 1, "two": 2, "both": 2, "pair": 2, "three": 3, "four": 4,
    "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90, "hundred": 100, "dozen": 12, "a dozen": 12, "no": 0,
}  # fmt: skip

KILL_TERMS: tuple[str, ...] = (
    "killed",
    "killing",
    "kills",
    "dead",
    "died",
    "deaths",
    "fatalities",
    "lost their lives",
)
INJURE_TERMS: tuple[str, ...] = (
    "injured", "injuring", "injuries", "wounded", "wounding", "hurt", "casualties",
    "traumatic brain injuries", "minor injuries",
)  # fmt: skip

# Ship words: "the tanker Marlin Luanda", "the Galaxy Leader vessel" name a maritime target.
SHIP_WORDS: tuple[str, ...] = (
    "ship", "vessel", "tanker", "freighter", "carrier", "bulk carrier", "container ship", "cargo ship",
    "merchant ship", "destroyer", "warship", "aircraft carrier", "frigate", "boat", "boats",
)  # fmt: skip


# --- Other languages -------------------------------------------------------------------------------
# Reports in Arabic, French and other languages carry the same facts. Their attack and weapon words join
# the same automata (they never occur in English text); sentences outside English skip the English
# grammar rules and the parser. Arabic words are listed with the clitics they most often carry
# (و "and", ب "with/by", ال "the"), since the automaton matches whole words only.
def _arabic_forms(*words: str) -> tuple[str, ...]:
    forms: list[str] = []
    for word in words:
        forms += [word, "و" + word, "ب" + word, "وب" + word]
        if not word.startswith("ال"):
            forms += ["ال" + word, "وال" + word, "بال" + word]
    return tuple(forms)


OTHER_TRIGGERS: tuple[str, ...] = (
    *_arabic_forms("هجوم", "هجمات", "هجوما", "استهداف", "استهدفت", "استهدف", "قصف", "غارة", "غارات", "ضربة",
                   "ضربات", "اعتراض", "اعترض", "أطلق", "أطلقت", "إطلاق", "سقوط", "انفجار"),
    # French
    "attaque", "attaques", "attaqué", "attaquée", "frappe", "frappes", "frappé", "ciblé", "ciblée", "ciblant",
    "visé", "visée", "visant", "bombardement", "bombardements", "intercepté", "interceptés", "abattu", "tir",
    "tirs", "tiré", "lancé", "revendiqué", "explosion",
    # Spanish, Italian, Portuguese
    "ataque", "ataques", "atacó", "atacado", "bombardeo", "attacco", "attacchi", "colpito", "bombardamento",
    "lanciato", "atacou", "atingido",
    # German, Indonesian, Polish, Croatian
    "angriff", "angriffe", "beschuss", "serangan", "menyerang", "atak", "ataku", "atakował", "napad",
    "napadu",
)  # fmt: skip

OTHER_WEAPONS: dict[str, Weapon] = {
    **{w: Weapon.DRONE for w in _arabic_forms("مسيرة", "مسيّرة", "مسيرات", "مسيّرات", "طائرة مسيرة",
                                              "طائرات مسيرة", "طائرة مسيّرة", "طائرات مسيّرة", "درون")},
    **{w: Weapon.MISSILE for w in _arabic_forms("صاروخ", "صواريخ")},
    **{w: Weapon.CRUISE_MISSILE
       for w in _arabic_forms("صاروخ كروز", "صواريخ كروز", "صاروخ مجنح", "صواريخ مجنحة")},
    **{w: Weapon.BALLISTIC_MISSILE for w in _arabic_forms("صاروخ باليستي", "صواريخ باليستية")},
    **{w: Weapon.MORTAR for w in _arabic_forms("قذائف هاون", "هاون")},
    **{w: Weapon.AIRSTRIKE for w in _arabic_forms("غارة جوية", "غارات جوية", "الطيران الحربي")},
    # French / Spanish / Italian / Portuguese / German / Indonesian / Polish / Croatian
    "drones": Weapon.DRONE, "drone armé": Weapon.DRONE, "dron": Weapon.DRONE, "drones armés": Weapon.DRONE,
    "roquette": Weapon.ROCKET, "roquettes": Weapon.ROCKET, "cohete": Weapon.ROCKET, "cohetes": Weapon.ROCKET,
    "razzo": Weapon.ROCKET, "razzi": Weapon.ROCKET, "foguete": Weapon.ROCKET, "foguetes": Weapon.ROCKET,
    "rakete": Weapon.ROCKET, "raketen": Weapon.ROCKET, "roket": Weapon.ROCKET, "rakieta": Weapon.ROCKET,
    "rakiety": Weapon.ROCKET, "missile de croisière": Weapon.CRUISE_MISSILE,
    "missiles de croisière": Weapon.CRUISE_MISSILE, "missile balistique": Weapon.BALLISTIC_MISSILE,
    "missiles balistiques": Weapon.BALLISTIC_MISSILE, "misil": Weapon.MISSILE, "misiles": Weapon.MISSILE,
    "missili": Weapon.MISSILE, "míssil": Weapon.MISSILE, "mísseis": Weapon.MISSILE, "rudal": Weapon.MISSILE,
    "frappe aérienne": Weapon.AIRSTRIKE, "frappes aériennes": Weapon.AIRSTRIKE,
    "raid aérien": Weapon.AIRSTRIKE, "bombardement aérien": Weapon.AIRSTRIKE, "luftangriff": Weapon.AIRSTRIKE,
    "serangan udara": Weapon.AIRSTRIKE,
    "ataque aéreo": Weapon.AIRSTRIKE, "ataques aéreos": Weapon.AIRSTRIKE, "raid aereo": Weapon.AIRSTRIKE,
    "pesawat nirawak": Weapon.DRONE, "drona": Weapon.DRONE, "dronem": Weapon.DRONE, "dronom": Weapon.DRONE,
}  # fmt: skip

OTHER_CLAIMS: tuple[str, ...] = (
    *_arabic_forms("أعلنت", "أعلن", "تبنت", "تبنى", "بيان"),
    "revendiqué", "revendique", "revendication", "a affirmé", "reivindicó", "rivendicato", "reivindicou",
    "bekannte sich", "mengklaim",
)  # fmt: skip
