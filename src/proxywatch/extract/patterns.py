"""The patterns the rule extractor reads sentences with: number words, casualty phrases, the words
around a name that give its role, and the words around a place that rule it out as a target.

Kept apart from :mod:`proxywatch.extract.rules` so the rules read as logic and the patterns as data.
"""

from __future__ import annotations

import re

from proxywatch.extract import foreign, lexicon
from proxywatch.models import Weapon

Match = tuple[int, int, str]


WEAPONS: dict[str, Weapon] = {**lexicon.OTHER_WEAPONS, **foreign.WEAPONS, **lexicon.WEAPON_TERMS}
COUNTRY_NAMES: dict[str, str] = {
    "iraq": "IQ", "syria": "SY", "lebanon": "LB", "yemen": "YE", "iran": "IR", "israel": "IL",
    "jordan": "JO", "gaza": "PS", "the gaza strip": "PS", "saudi arabia": "SA", "egypt": "EG",
    "the west bank": "PS", "kuwait": "KW", "bahrain": "BH", "qatar": "QA", "turkey": "TR",
}  # fmt: skip
_COUNTRY_RE = "|".join(sorted((re.escape(k) for k in COUNTRY_NAMES), key=len, reverse=True))
ORIGIN_RE = re.compile(
    rf"\b(?:launched|fired|coming|came|originat\w*|approach\w*|took off|flown|sent)?\s*from\s+"
    rf"(?:the\s+direction\s+of\s+|inside\s+|neighbouring\s+|neighboring\s+|southern\s+|northern\s+"
    rf"|eastern\s+|western\s+)?({_COUNTRY_RE})\b",
    re.IGNORECASE,
)
_NUM = r"(\d[\d,]*|" + "|".join(sorted(lexicon.NUMBER_WORDS, key=len, reverse=True)) + ")"
KILLED_RES = (
    re.compile(
        # "the deaths in Jordan last weekend of three soldiers": where and when may come before whose
        rf"\b(?:killing|killed|kills|(?:killing|deaths?)\s+(?:[\w-]+\s+){{0,4}}?of)\s+"
        rf"(?:at\s+least\s+|about\s+|some\s+|up\s+to\s+)?"
        rf"{_NUM}\b",
        re.I,
    ),
    re.compile(
        rf"\b{_NUM}\s+(?:[\w.'-]+\s+){{0,3}}(?:were\s+|have\s+been\s+|had\s+been\s+|was\s+)?"
        rf"(?:killed|dead|died|fatalities)\b",
        re.I,
    ),
    re.compile(rf"\bdeath toll\s+(?:\w+\s+){{0,3}}(?:to|at|of)\s+{_NUM}\b", re.I),
)
INJURED_RES = (
    re.compile(
        rf"\b(?:injuring|wounding|injured|wounded)\s+(?:at\s+least\s+|about\s+|some\s+)?{_NUM}\b", re.I
    ),
    re.compile(
        rf"\b{_NUM}\s+(?:[\w.'-]+\s+){{0,3}}(?:were\s+|have\s+been\s+|had\s+been\s+|was\s+)?"
        rf"(?:injured|wounded|hurt)\b",
        re.I,
    ),
)
NO_CASUALTIES_RE = re.compile(
    r"\bno\s+(?:immediate\s+)?(?:reports?\s+of\s+)?(?:casualties|injuries|deaths|one\s+was\s+(?:hurt|injured|killed))",
    re.I,
)
COUNT_BEFORE_RE = re.compile(rf"\b{_NUM}\s+(?:[a-z-]+\s+){{0,2}}$", re.I)
_TARGET_NOUNS = (
    r"bases?|forces|troops|soldiers|personnel|embassy|positions?|posts?|sites?|installations?|facilit(?:y|ies)|"
    r"warships?|destroyers?|vessels?|ships?|interests|outposts?|barracks|convoys?|garrisons?|air\s*bases?|"
    r"patrols?|occupation|military\s+bases?|targets?|settlements?|headquarters|camps?|compound|assets|"
    r"servicemembers|service\s+members|navy\s+ships?|aircraft\s+carriers?|outpost"
)
TARGET_NOUN_END = re.compile(rf"\b(?:{_TARGET_NOUNS})$", re.I)
TARGET_NOUN_AFTER = re.compile(rf"^[\s-]+(?:[\w-]+\s+)?(?:{_TARGET_NOUNS})\b", re.I)
# "American forces had carried out strikes against three facilities": forces named as the subject of
# an active strike verb are the attacker, though "US forces" is most often a target. Not "US forces
# struck by drones" nor "US troops hit in Syria" (a participle); a verb that takes an object does,
# in a headline's present tense too ("US and British forces conduct new strikes on the Houthis"), and
# so do their aircraft or ships ("US Navy helicopters sank three boats").
STRIKER_VERB_AFTER = re.compile(
    r"^(?:\s*,[^,]{1,80},)?(?:\s+(?:fighter\s+)?(?:helicopters|jets|warplanes|aircraft|warships))?"
    r"\s+(?:have\s+|has\s+|had\s+)?(?:also\s+|then\s+|later\s+)?"
    r"(?:carr(?:ied|y)\s+out|conduct(?:ed)?|launch(?:ed)?|str(?:uck|ike)|bomb(?:ed)?|fired?|hit|"
    r"target(?:ed)?|attack(?:ed)?|s[au]nk)"
    r"(?!\s+(?:by|in|on|at|near|with|during|overnight|again|early|late|last|this|from)\b)\s+[\w\"\u201c]",
    re.I,
)
_WHEN_WORDS = (
    r"monday|tuesday|wednesday|thursday|friday|saturday|sunday|january|february|march|april|may|june|july|"
    r"august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec|\d+\w*"
)
# "attacks on US forces", but not "On Wednesday Israel hit ...": a day is no target.
TARGET_PREP_BEFORE = re.compile(
    r"\b(?:on|against|at|targeting|targeted|target|toward|towards|hit|struck|attacked|attacking|into)\s+"
    rf"(?:the\s+|an?\s+)?(?:(?!(?:{_WHEN_WORDS})\b)[\w-]+\s+)?$",
    re.I,
)
AGENT_BEFORE = re.compile(
    r"(?:\b(?:by|from)\s+(?:(?:the|a|an)\s+)?(?:[\w'-]+\s+)?|\b(?:calling\s+itself|known\s+as|called)\s+(?:the\s+)?)$",
    re.I,
)
_ATTACK_VERBS = (
    r"launched|launches|launch|fired|fires|fire|targeted|targets|attacked|attacks|struck|strikes|hit|hits|"
    r"bombed|shelled|carried\s+out|carries\s+out|conducted|claimed|claims|announced|"
    r"(?:said|says)\s+(?:that\s+)?(?:(?:on|late|early|earlier)\s+\w+\s+)?(?:it|its|they)|"
    r"took\s+responsibility|sent|raided|killed|seized|hijacked"
)
ATTACK_VERB_AFTER = re.compile(
    rf"^\)?(?:\s*,[^,]{{1,80}},|\s+(?:in|from|of|based\s+in)\s+(?:the\s+)?[A-Z][\w-]+(?:\s+[A-Z][\w-]+)?)?\s+(?:has\s+|have\s+|had\s+|also\s+|then\s+|later\s+|on\s+\w+\s+)?(?:{_ATTACK_VERBS})\b",
    re.I,
)
# "ISIS militants struck an army post", "IS extremists had killed eight": the name modifies the group
# noun that is the subject. A bare "killed" after the noun is as often passive ("Hezbollah fighters killed
# in a strike"), so killing counts only with an auxiliary.
GROUP_SUBJECT_AFTER = re.compile(
    r"^\s+(?:militants|fighters|extremists|gunmen|jihadists|insurgents|terrorists|operatives)\s+"
    r"(?:(?:have|has|had)\s+(?:also\s+)?(?:killed|launched|fired|targeted|attacked|struck|stormed|ambushed|"
    r"bombed|shelled|raided|seized)|(?:also\s+|then\s+|later\s+)?(?:launched|fired|targeted|attacked|struck|"
    r"stormed|ambushed|bombed|shelled|raided|seized))\b",
    re.I,
)
ATTACK_NOUN_AFTER = re.compile(
    r"^(?:'s|’s)?[\s-]+(?:[\w-]+\s+)?(?:strikes?|airstrikes?|air\s+strikes?|raids?|warplanes|jets|"
    r"bombardment|attacks?|missiles?|rockets?|drones?|fighter\s+jets|shelling|fire|barrage|salvo)\b",
    re.I,
)
# A state's "drone" or "missile" is as often its own surveillance drone or interceptor as a strike; only
# strike nouns make it the attacker ("an Israeli strike", "US airstrikes").
STRIKE_NOUN_AFTER = re.compile(
    r"^(?:'s|’s)?[\s-]+(?:[\w-]+\s+)?(?:strikes?|airstrikes?|air\s+strikes?|raids?|warplanes|jets|"
    r"bombardment|bombing|drone\s+strikes?|fighter\s+jets|shelling|artillery)\b",
    re.I,
)
DEFENDER_AFTER = re.compile(
    r"^(?:\s*,[^,]{1,80},)?\s+(?:said\s+(?:on\s+\w+\s+)?(?:that\s+)?(?:it|its\s+[\w\s]{1,30}?)\s+)?"
    r"(?:has\s+|had\s+|have\s+|successfully\s+)?(?:intercepted|shot\s+down|downed|"
    r"repelled|thwarted|foiled)\b",
    re.I,
)
SAID_IT_ATTACKED = re.compile(
    r"(?:\b(?:said|says|say|stated|announced|declared|announcement|statement)\b[^.;]{0,40}?\b(?:it|its\s+\w+|they)|"
    r"\bthe\s+(?:group|militia|movement|organi[sz]ation)\s+(?:said|says|stated|announced)\b[^.;]{0,40}?)"
    r"\s+(?:had\s+|have\s+|has\s+)?"
    r"(?:targeted|attacked|launched|fired|struck|hit|carried\s+out|bombed|shelled|conducted|mounted|executed|used|"
    r"staged|(?:was|were)\s+responsible\s+for)\b",
    re.I,
)
# "the Houthis backed by Iran", "reports from Israel": "by"/"from" that name a patron or a source;
# "a contractor working for the US military": the target's employer. (Who holds the place hit, "a
# facility used by the IRGC", is HELD_BY_BEFORE's, which the role rules try first.)
NOT_AGENT_BEFORE = re.compile(
    r"\b(?:(?:backed|supported|funded|armed|sponsored|trained|equipped|financed|"
    r"(?:in\s+use|in\s+service)|employed|hired|contracted)\s+by|"
    r"(?:working|works|worked|contractors?|contracting)\s+(?:for|with)|"
    r"(?:reports?|sources?|officials?|statements?|media|footage|images?|accounts?)\s+(?:from|by|in))\s+"
    r"(?:the\s+)?$",
    re.I,
)
# "a base run by the US", "three facilities used by Kataib Hezbollah": who holds the place that was hit,
# not who hit it.
HELD_BY_BEFORE = re.compile(
    r"\b(?:run|operated|used|occupied|held|controlled|manned|staffed|hosted|housed|owned|frequented)\s+by\s+"
    r"(?:the\s+)?$",
    re.I,
)
# "three facilities in Iraq that Kataib Hezbollah and affiliated groups use": the same, said after the name.
HELD_BY_AFTER = re.compile(
    r"^(?:\s+and\s+(?:its\s+)?[\w-]+(?:\s+[\w-]+)?)?\s+(?:use|uses|used|run|runs|operate|operates|occupy|"
    r"occupies|control|controls|hold|holds)\b",
    re.I,
)
# "a port city under Houthi control": the same, said around the name.
UNDER_CONTROL = (re.compile(r"\bunder\s+(?:the\s+)?$", re.I), re.compile(r"^\s+(?:control|rule)\b", re.I))
DEFENDED_BY_BEFORE = re.compile(
    r"\b(?:intercepted|shot\s+down|downed|destroyed|thwarted|repelled|foiled|engaged)\s+by\s+(?:the\s+)?(?:[\w'-]+\s+)?$",
    re.I,
)
# "U.S. officials", "the Lebanese Health Ministry", "U.S. and Iraqi officials": a source, not a party.
SPEAKER_NOUN_AFTER = re.compile(
    r"^(?:\s+and\s+[\w-]+)?[\s-]+(?:[\w-]+\s+)?(?:official|officials|spokesman|spokesperson|source|sources|media|television|channel|outlet|"
    r"news|politician|lawmaker|envoy|ambassador|minister|ministry|government)\b",
    re.I,
)
# "Hezbollah, Lebanon's Iran-backed group, said ...": the second name only describes the first.
# "the Islamic Resistance in Iraq, which serves as an umbrella for Iraqi armed factions,": likewise.
APPOSITION_GAP = re.compile(r"^\s*,\s+(?:(?:[\w'’-]+\s+){0,3}|(?:which|who)\s+[^,.;]{1,60}\s)$")
# "they had also hit US bases": a pronoun as the attacker points back to the one named before.
PRONOUN_AGENT = re.compile(
    r"\b(?:they|it)\s+(?:had\s+|have\s+|has\s+)?(?:also\s+|then\s+|later\s+)?"
    r"(?:attacked|targeted|hit|struck|launched|fired|bombed|shelled|carried\s+out)\b",
    re.I,
)
POINTS_BACK = re.compile(r"^\W*(?:It|This|That|They|The\s+(?:base|site|target|facility))\b")
# "The attack", "Sunday's strike", "the drone": a sentence that refers back to the attack just told
# (the plural, "the attacks", as often means the campaign).
REFERS_BACK = re.compile(
    r"\b(?:the|this|that|[A-Z]\w+day['’]s)\s+(?:[\w-]+\s+)?(?:attack|strike|assault|raid|bombing|"
    r"incident|operation|explosion|blast|drone|missile|rocket)\b(?!-)",
    re.I,
)
SPEAKER_NAME_END = re.compile(
    r"\b(?:ministry|ministries|officials?|spokes(?:man|woman|person)|media|agency|office|government|"
    r"authorities|presidency)$",
    re.I,
)
# "for which the Houthis claimed responsibility": whoever claims the attack is its author, whatever the
# weapon's origin ("a strike by an Iranian drone").
CLAIMER_AFTER = re.compile(
    r"^\s+(?:have\s+|has\s+|had\s+|later\s+|quickly\s+)?(?:claimed|took|taken|assumed|accepted)\s+"
    r"(?:the\s+attack|responsibility|credit)\b",
    re.I,
)
CLAUSE_BREAK = re.compile(r"[;:()]|\b(?:since|after|amid|during|war|while|when|because|against)\b", re.I)
SPEAKER_AFTER = re.compile(
    r"^(?:\s+(?:said|says|stated|reported|confirmed|told|writes|wrote)\b(?!\s+(?:it|its|they)\b)|"
    r"[\s-]+(?:official|officials|spokesman|spokesperson|leader|leaders|commander|source|sources|media|"
    r"television|channel|outlet|news|politician|lawmaker|member|chief)\b)",
    re.I,
)
ATTACK_WORDS = frozenset(
    {w for t in (*lexicon.ATTACK_TRIGGERS, *lexicon.WEAPON_TERMS) for w in t.lower().split()}
    | {
        "rocket",
        "rockets",
        "missile",
        "missiles",
        "drone",
        "drones",
        "fell",
        "landed",
        "exploded",
        "shot",
        "killed",
        "wounded",
        "injured",
        # a toll tells where the attack landed: "the strike that left three troops dead in Jordan"
        "dead",
        "died",
        "deaths",
        "damaged",
        "destroyed",
        "sirens",
        "impact",
        "crashed",
        "intercepted",
        "sent",
    }
)
STRIKE_TRIGGERS = frozenset(
    {
        "struck",
        "strike",
        "strikes",
        "bombed",
        "raids",
        "airstrike",
        "airstrikes",
        "air strike",
        "air strikes",
        "hit",
        "attacked",
        "shelled",
        "assault",
    }
)
TARGET_PREPOSITIONS = frozenset({"on", "at", "against", "toward", "towards", "into", "over", "near", "in"})
SUBJECT_VERBS = frozenset(
    "launched launch fired fire targeted target attacked attack struck strike hit bombed shelled carried "
    "conducted claimed claim announced said says sent raided".split()
)

# Words around a place name that show it is not where an attack landed: a source ("according to
# Al-Mayadeen"), a cause ("support of Gaza", "the Gaza war"), a compound ("Iran-backed"), a dateline.
_NOT_TARGET_BEFORE = re.compile(
    r"(?:according\s+to|told|reported\s+by|war\s+(?:in|on)|support(?:ing)?\s+(?:of|for)|solidarity\s+with|"
    r"people\s+of|residents\s+of|citizens\s+of|sake\s+of|government\s+of|leaders?\s+of|capital\s+of|"
    r"ambassador\s+to|visit(?:ed|ing)?\s+(?:to\s+)?|envoy\s+to|embassy\s+in|talks\s+in|summit\s+in|"
    r"front\s+in|genocide\s+in|aggression\s+on|massacres?\s+in|protests?\s+in|rall(?:y|ies)\s+in|"
    r"demonstrations?\s+in|marches\s+in|funerals?\s+in|mourners\s+in|based\s+in|headquartered\s+in|"
    r"born\s+in|(?:speech|meeting|conference|session|briefing|ceremony)\s+(?:held\s+)?(?:in|at)|"
    r"(?:speaking|spoke|speaks)\s+(?:at|in|from)|held\s+at|borders?\s+with|stationed\s+in|deployed\s+(?:to|in)|"
    r"(?:kilomet(?:er|re)s?|km|miles)\s+(?:\w+\s+)?(?:of|from)|"
    # "sirens sounded in Safed and Meron": sirens warn a whole area, they do not say where a rocket fell
    r"sirens?\s+(?:(?:were|was|had|have)\s+)?(?:sounded|sounding|heard|wailed|wailing|blared|went\s+off|rang)"
    r"\s+(?:out\s+)?(?:in|across|throughout|over)|"
    # "With turmoil mounting in the Red Sea, a missile hit ...": the backdrop, not where it hit
    r"(?:turmoil|tensions?|unrest|instability|chaos|crisis)\s+(?:(?:mounting|rising|growing|flaring|"
    r"simmering|escalating|spreading)\s+)?(?:in|across|around))\s+(?:the\s+)?$",
    re.I,
)
# "at 6:30 p.m. Baghdad time": a place before "time" names the clock, not where the attack landed.
_NOT_TARGET_AFTER = re.compile(
    r"^(?:\s*(?:TV|television|channel|news|reported|said|says|correspondent|war|conflict|ceasefire|truce|"
    r"government|authorities|officials?|ministry|television|holds|blames|accuses|vowed|warned|insists)\b|"
    r"\s+(?:responsible|accountable)\b|\s+time\b|-[A-Za-z]|\s*\(\w+\)\s*[-–—]|['’]s\s+(?:consulate|embassy|government|leaders?|officials?|"
    r"foreign|decision|response|retaliation|war|allies|proxies|support))",
)
_NAMED_BEFORE = re.compile(r"\b(?:named|called|dubbed|code-?named)\s+[\"'‘“]?$", re.I)
HYPOTHETICAL = re.compile(
    r"\b(?:would|will|could|might|threaten(?:s|ed|ing)?\s+to|vow(?:s|ed|ing)?\s+to|warn(?:s|ed|ing)?\s+(?:that|of)|"
    r"pledg(?:e|es|ed|ing)\s+to|promis(?:e|es|ed|ing)\s+to|intend(?:s|ed)?\s+to|aim\s+(?:is|was)\s+to|"
    r"plan(?:s|ned)?\s+to|prepar(?:e|es|ed|ing)\s+to|ready\s+to|if|unless)\s+(?:\w+\s+){0,4}?"
    r"(?:strikes?|attacks?|target|hit|retaliate|respond|launch|fire|escalate)\b",
    re.I,
)
# Habits and tallies, not one attack: "has been targeting US bases since November", "often claims
# attacks on", "have attacked the base dozens of times".
HABITUAL = re.compile(
    r"\b(?:(?:has|have)\s+been\s+(?:\w+\s+)?\w+ing|often|frequently|routinely|regularly|repeatedly|"
    r"usually|typically|(?:dozens|scores|hundreds|several|many|multiple|numerous|\d+)\s+(?:of\s+)?(?:times|occasions))\b"
    r"|غالباً|غالبا",
    re.I,
)
YEAR = re.compile(r"\b(?:19[5-9]\d|20[0-4]\d)\b")
# "the October 7 attack", "Hamas's 7 October massacre": a day used as the attack's name, matched right
# after the date expression.
DAY_AS_NAME = re.compile(
    r"(?:st|nd|rd|th)?\s+(?:terror(?:ist)?\s+)?(?:attacks?|massacres?|assaults?|onslaught|raids?|strikes?|"
    r"bombings?|incursion|invasion)\b",
    re.I,
)
# "said on Monday that ...", "a statement Monday morning said": the day of the statement, not of the
# attack. The rule extractor still dates a sentence by its statement day when nothing better is known.
SPEECH_BEFORE = re.compile(
    r"\b(?:said|says|told(?:\s+\w+){0,2}|announced|stated|added|reported|confirmed|wrote|posted"
    r"|statement(?:\s+(?:released|issued|published|posted))?)\s+(?:on\s+)?$",
    re.I,
)
SPEECH_AFTER = re.compile(r"^\s*,?\s*(?:that)\b", re.I)
REFERENCE_EVENT = re.compile(
    r",?\s+(?:(?:hours|days|weeks|a\s+day|a\s+week|shortly|soon|just|only\s+days?)\s+(?:after|before)|following|"
    r"in\s+(?:response|retaliation)\s+(?:to|for)|a\s+day\s+after)\b",
    re.I,
)
# "struck a facility in eastern Syria": one thing hit, so one attack, even in a region without a date.
# The noun before the preposition must be singular and not a collective ("a campaign in the Red Sea").
ONE_TARGET_BEFORE = re.compile(
    r"\b(?:a|an|one)\s+(?:[\w'’-]+\s+){0,3}?(?!(?:campaign|series|wave|spate|string|war|conflict|"
    r"escalation|offensive|presence|role|front|region|area|zone)\b)[\w'’-]*[^\Ws]\s+"
    r"(?:in|near|at|outside|off)\s+(?:the\s+)?$",
    re.I,
)
# "carried out a major retaliatory assault": an attack noun with an indefinite article tells of one attack.
ONE_ATTACK_BEFORE = re.compile(
    r"\b(?:carried\s+out|launched|mounted|staged|conducted)\s+(?:a|an)\s+(?:[\w-]+\s+){0,3}$", re.I
)
# "since October 7", "after January 9", "following October 7, 2023": a date that opens or closes a period.
RANGE_BEFORE = re.compile(
    r"(?:\b(?:until|till|from|between|before|after|following|by)\s+|\bsince\b[^.;]{0,60})$", re.I
)
# A date expression that opens a period itself: "Since November, the group has been targeting ships".
RANGE_EXPRESSION = re.compile(r"^(?:since|until|till|from|between)\b", re.I)
# A sentence that opens with a period rather than a time: "To date, the group has struck US bases many
# times", "Over the past two months, ...": a tally, not one attack.
PERIOD_OPENING = re.compile(
    r"(?:to\s+date|so\s+far|thus\s+far|in\s+recent\s+(?:days|weeks|months)"
    r"|(?:over|in|during)\s+the\s+(?:past|last)\s+(?:[\w-]+\s+){0,2}(?:days|weeks|months|years))\s*,",
    re.I,
)
# Expressions that count from another event ("a day prior", "the previous day", "hours earlier"): they
# are resolved against that event's day when the sentence or the article gives one.
ANCHORED_DATE = re.compile(
    r"\b(?:the\s+(?:day|night|evening)\s+(?:before|prior)|the\s+(?:previous|preceding)\s+(?:day|night|evening)"
    r"|a\s+day\s+(?:earlier|before|prior)|(?:that|the\s+same)\s+day|(?:that|this|it)\s+(?:was|came)\s+(?:a|one)\s+day\s+after"
    r"|(?:a\s+few|several|\d{1,2}|two|three|four|five|six)\s+hours\s+(?:earlier|later))\b",
    re.I,
)
_DATELINE_DELIMITER = re.compile(r"[:(\[—–\n]|\s-\s|$")
_LOWER_WORD = re.compile(r"\b(?![A-Z])[^\W\d_]{4,}")  # a word that is not a name (or has no case)
_PREPOSITION_LEAD = re.compile(r"^(?:on|in|at|late|early|since|during|by|from|until)\b", re.I)


def is_dateline(text: str, start: int, end: int) -> bool:
    """Whether the date expression ``text[start:end]`` is a dateline or time stamp, which dates the report.

    "DAMASCUS, Aug 14 (SANA) -", "Tel Aviv [Israel], October 31 :", "21:07 - Thursday 14 December 2023"
    on a line of its own: only names, numbers and punctuation around the date, up to a delimiter. "On
    Friday, the group said ..." and "Seen on June 26, 2024: ..." are not datelines.
    """
    if _PREPOSITION_LEAD.match(text[start:end]):
        return False
    line_start = text.rfind("\n", 0, start) + 1
    before = text[line_start:start]
    if len(before) > 80 or _LOWER_WORD.search(before):
        return False
    tail = text[end : end + 40]
    delimiter = _DATELINE_DELIMITER.search(tail)
    if delimiter is None or (delimiter.start() == len(tail) and end + len(tail) < len(text)):
        return False
    return not _LOWER_WORD.search(tail[: delimiter.start()])


_LIST_GLUE = re.compile(r"^(?:,\s*(?:and\s+|as\s+well\s+as\s+(?:on\s+|in\s+)?)?|\s+and\s+|\s+or\s+)$")
# "Eilat, a city in the south of Israel", "Majdal Shams, a village in the Golan": the second place only
# says where the first one is.
_LOCATOR_GAP = re.compile(
    r"^,\s+(?:an?|the)\s+(?:[\w-]+\s+){1,3}(?:in|of|on|near)\s+(?:the\s+)?(?:[\w-]+\s+(?:of|in)\s+(?:the\s+)?)?$",
    re.I,
)

# "the occupied area of Jaffa, which is known as 'Tel Aviv'": the writer glosses a name with the one
# readers know; both name one place.
_ALIAS_GAP = re.compile(r"^\s*,?\s*(?:which\s+is\s+|also\s+)*(?:known|referred\s+to)\s+as\s+[\"'‘“]?$", re.I)


def target_places(text: str, places: list[Match]) -> list[Match]:
    """Places that could be where an attack landed; list members share their list head's verdict."""
    kept: list[Match] = []
    verdict = False
    previous: Match | None = None
    for place in places:
        if previous is not None and _LOCATOR_GAP.match(text[previous[1] : place[0]]):
            previous = place
            continue  # "Eilat, a city in the south of Israel": where Eilat is, not a second target
        if previous is not None and _ALIAS_GAP.match(text[previous[1] : place[0]]):
            if kept and kept[-1] == previous:
                # "Jaffa, which is known as 'Tel Aviv'": one place, where the first name stands in the
                # sentence, by the name readers know
                kept[-1] = (previous[0], previous[1], place[2])
            previous = place
            continue
        if previous is not None and _LIST_GLUE.match(text[previous[1] : place[0]]):
            pass  # "protests in Amman, Tunis and Beirut": the verdict of "Amman" stands
        else:
            verdict = _could_be_target(text, place)
        if verdict:
            kept.append(place)
        previous = place
    return kept


def _could_be_target(text: str, place: Match) -> bool:
    start, end = place[0], place[1]
    if _NOT_TARGET_BEFORE.search(text[max(0, start - 30) : start]):
        return False
    if _NAMED_BEFORE.search(text[max(0, start - 20) : start]):
        return False  # "a drone named 'Yafa'": the name of a weapon, not a place
    if _NOT_TARGET_AFTER.match(text[end : end + 30]):
        return False
    surface = text[start:end]
    line_start = text.rfind("\n", 0, start) + 1
    if surface.isupper() and len(surface) > 3 and not text[line_start:start].strip():
        return False  # a dateline ("ERBIL, Iraq -") names where the report was filed
    return True
