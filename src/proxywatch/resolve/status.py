"""Who vouches for an attack: a report's claim status read from who speaks in it, not from one sentence.

The sentence that names the attack is often not the one that says who vouches for it: "A drone hit the
base on Sunday. [...] The Islamic Resistance in Iraq said in a statement that its fighters targeted it.
[...] The Pentagon said no one was hurt." This module finds the *speech acts* of a report (a speaker
resolved to a registry actor, or an official or independent source, and what it did: speak, claim,
deny) and combines those about the attack into the mention's status:

- ``claimed``: the attacker speaks (or its umbrella, a member faction, or for a state's strike its own
  officials);
- ``confirmed``: someone else with standing speaks: the target side, a government, a monitor;
- ``claimed_and_confirmed``: both; ``denied``: the named attacker denies and nobody claims;
- otherwise the status the extractor gave stays (``reported`` or ``intercepted``).

A speech act is about the attack when it lies in one of the mention's sentences or next to one; when a
report names only one attacker, anywhere in it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date

from proxywatch.extract.sentences import split_sentences
from proxywatch.geo import distance_km
from proxywatch.models import Article, ClaimStatus, Mention, Span
from proxywatch.resolve.actors import STATE_KINDS, ActorRegistry
from proxywatch.resolve.gazetteer import Gazetteer

# A speech or claim verb right after the speaker ("X said", "X, which ..., claimed", "X a affirmé").
_VERBS_AFTER = (
    r"said|says|claimed|announced|stated|declared|took\s+(?:responsibility|credit)|"
    r"takes\s+(?:responsibility|credit)|reported|confirmed|acknowledged|admitted|added|told|wrote|"
    r"posted|denied|denies|rejected|"
    r"a\s+(?:affirmé|revendiqué|annoncé|déclaré|indiqué|confirmé|démenti|nié)|revendique|affirme|annonce|"
    r"dément|ha\s+(?:rivendicato|affermato|annunciato|dichiarato|smentito)|reivindicó|afirmó|anunció|"
    r"negó|reivindicou|afirmou|disse|negou|menyebutkan|mengatakan|mengklaim|menyatakan|erklärte|"
    r"bekannte|dementierte"
)
_SPEECH_AFTER = re.compile(
    # "X said", "X's spokesman Yahya Saree said", "X, an umbrella of armed factions, said"
    rf"(?:'s)?(?:\s*,[^,.;!?\n]{{1,90}},)?(?:\s+[\w'-]+){{0,4}}?\s+(?:{_VERBS_AFTER})\b",
    re.I,
)
# A speaker after its verb or source phrase ("according to X", "said X", Arabic "أعلنت X", "selon X").
_SPEECH_BEFORE = re.compile(
    r"(?:(?:\baccording\s+to|\bstatement\s+(?:from|by|of)|\bannouncement\s+(?:came\s+)?from|\bclaimed\s+by|"
    r"\bclaim\s+(?:from|by)|\bselon|\bsecondo|\bsegún|\bsegundo|\bmenurut|\blaut)"
    r"(?:\s+(?:a|an|the|its|their|his|her|statement|post|posts|announcement|report|from|by|of|in|on|"
    r"spokes(?:man|woman|person)|officials?|sources?|le|la|les|du|de|des|el|los|il|lo|i))*"
    r"|[,\"”]\s*(?:said|says)|قال|قالت|أعلن|أعلنت|أكد|أكدت|تبنى|تبنت|ذكر|ذكرت|أفاد|أفادت|نفى|نفت|بحسب|وفق)"
    r"\s*(?:the\s+)?[\"«“]?$",
    re.I,
)
_DENIAL = re.compile(
    r"\b(?:denied|denies|deny|denying|rejected\s+responsibility|démenti|dément|nié|smentito|negó|negou|"
    r"dementierte)\b|نفى|نفت",
    re.I,
)
# Unnamed sources. Officials and militaries may be either side's; the others confirm an attack they did
# not carry out (monitors, rescuers, a ship's operator, a health ministry).
_VERB = r"(?:\s+(?:said|says|confirmed|reported|announced|stated|told|acknowledged|added))"
_OFFICIALS = re.compile(
    rf"\b(?:officials?|pentagon|white\s+house|military|army|armed\s+forces|navy|government|authorities){_VERB}",
    re.I,
)
_WITNESSES = re.compile(
    r"\b(?:(?:health\s+|interior\s+)?ministry|coast\s+guard|police|security\s+(?:sources?|forces|services)|"
    r"ukmto|ambrey|(?:war\s+)?monitor|observatory|civil\s+defen[cs]e|medics|paramedics|rescuers|governor|"
    rf"mayor|(?:ship|vessel|tanker)(?:'s)?\s+(?:operator|owner|manager)s?){_VERB}",
    re.I,
)
# "According to the group", "the militia said": the attacker itself, named earlier.
_GROUP_SPEAKS = re.compile(
    r"\b(?:according\s+to\s+the\s+(?:group|militia|movement|rebels|faction)|the\s+(?:group|militia|movement|"
    rf"rebels|faction)(?:'s\s+(?:statement|spokes(?:man|woman|person)))?{_VERB})",
    re.I,
)
_OFFICIAL = "<officials>"  # either side's
_WITNESS = "<witness>"  # not the attacker's
_GROUP = "<the group>"  # the attacker's own word, named earlier


@dataclass(frozen=True, slots=True)
class SpeechAct:
    """Someone saying something in a report: who (a registry id, or one of the unnamed kinds below)."""

    span: Span  # the speaker's words and verb
    speaker: str
    denial: bool
    places: frozenset[str] = frozenset()  # place ids named in the act's sentence


class StatusReader:
    """Reads the speech acts of a report and sets the claim status of each of its mentions."""

    def __init__(self, actors: ActorRegistry, gazetteer: Gazetteer) -> None:
        self.actors = actors
        self.gazetteer = gazetteer
        self._finder = actors.finder()
        self._places = gazetteer.finder()

    def refine(self, mentions: Sequence[Mention], article: Article) -> list[Mention]:
        if not mentions:
            return list(mentions)
        text = article.text
        acts = self.speech_acts(text)
        if not acts:
            return list(mentions)
        sentences = split_sentences(text)
        places = self._places.find(text)
        acts = [replace(a, places=_places_in_sentence(a.span, sentences, places)) for a in acts]
        attackers = {m.actor_umbrella or m.actor_id for m in mentions if m.actor_id}
        whole_report = len(attackers) <= 1
        return [self._refine_one(m, acts, sentences, whole_report=whole_report) for m in mentions]

    def speech_acts(self, text: str) -> list[SpeechAct]:
        """Who speaks in ``text``: registry actors and unnamed sources next to a speech verb."""
        acts: list[SpeechAct] = []
        for start, end, actor_id in self._finder.find(text):
            after = _SPEECH_AFTER.match(text, end)
            before = _SPEECH_BEFORE.search(text[max(0, start - 60) : start])
            if after is not None:
                span = (start, after.end())
            elif before is not None:
                span = (start - len(before.group(0)), end)
            else:
                continue
            acts.append(SpeechAct(span, actor_id, denial=bool(_DENIAL.search(text, *span))))
        named = [a.span for a in acts]
        for finder, who in ((_OFFICIALS, _OFFICIAL), (_WITNESSES, _WITNESS), (_GROUP_SPEAKS, _GROUP)):
            for found in finder.finditer(text):
                if any(s <= found.start() < e for s, e in named):
                    continue  # "the Israeli military said" is read with its registry actor
                acts.append(SpeechAct(found.span(), who, denial=False))
        return sorted(acts, key=lambda a: a.span)

    def _refine_one(
        self,
        mention: Mention,
        acts: list[SpeechAct],
        sentences: Sequence[Span],
        *,
        whole_report: bool,
    ) -> Mention:
        # The attacker's own word anywhere in a report about one attacker is its claim; others' words
        # confirm only next to the mention's sentence (a report retells other attacks too).
        near = [a for a in acts if _near(a.span, mention.sentence_span, sentences)]
        if whole_report:
            near += [
                a
                for a in acts
                if a not in near and self._is_own(a.speaker, mention.actor_id, mention.event_date)
            ]
        if not near:
            return mention
        attacker = mention.actor_id
        on = mention.event_date
        claim: SpeechAct | None = None
        confirm: SpeechAct | None = None
        denial: SpeechAct | None = None
        for act in near:
            own = self._is_own(act.speaker, attacker, on)
            if own and act.denial:
                denial = denial or act
            elif own:
                claim = claim or act
            elif own is False and not act.denial and self._vouches(act, mention):
                confirm = confirm or act
        status = _combine(mention.claim_status, claim=claim is not None, confirm=confirm is not None)
        if denial is not None and claim is None and status in (ClaimStatus.REPORTED, ClaimStatus.CONFIRMED):
            status = str(ClaimStatus.DENIED)
        if status == mention.claim_status:
            return mention
        used = claim or confirm or denial
        evidence = dict(mention.evidence)
        if used is not None:
            evidence["claim"] = used.span
        return replace(mention, claim_status=status, evidence=evidence)

    def _is_own(self, speaker: str, attacker: str | None, on: date | None) -> bool | None:
        """Whether ``speaker`` speaks for ``attacker``; ``None`` when that cannot be told."""
        if speaker == _WITNESS:
            return False
        if attacker is None:
            return None if speaker == _GROUP else False
        if speaker == _GROUP:
            return not self._is_state(attacker, on)
        if speaker == _OFFICIAL:
            # A state's officials announce its strikes; for a group's attack, officials are the other side.
            return None if self._is_state(attacker, on) else False
        if speaker == attacker or self.actors.umbrella_of(attacker, on=on) == self.actors.umbrella_of(
            speaker, on=on
        ):
            return True
        both_states = self._is_state(attacker, on) and self._is_state(speaker, on)
        return both_states and self.actors.home_country(speaker) == self.actors.home_country(attacker)

    def _vouches(self, act: SpeechAct, mention: Mention) -> bool:
        """A speaker not of the attacker's side confirms when it speaks of this target (or of no named
        place) and can know: the other side of the conflict, the country hit, or an unnamed source."""
        if act.places and not any(self._same_place(p, mention) for p in act.places):
            return False  # "... Eilat. The Israeli military said it intercepted a drone over the Golan."
        speaker = act.speaker
        if speaker.startswith("<") or mention.actor_id is None:
            return True
        theirs = self.actors.get_or_none(speaker)
        ours = self.actors.get_or_none(mention.actor_id)
        opposite = {theirs.side if theirs else None, ours.side if ours else None} == {"axis", "opposing"}
        return opposite or self.actors.home_country(speaker) == mention.target_country

    def _same_place(self, place_id: str, mention: Mention) -> bool:
        if place_id == mention.place_id:
            return True
        place = self.gazetteer.get(place_id) if place_id in self.gazetteer else None
        if place is None or mention.lat is None or mention.lon is None:
            return False
        if place.precision == "country":
            return place.country == mention.target_country
        return distance_km((place.lat, place.lon), (mention.lat, mention.lon)) <= max(30.0, place.radius_km)

    def _is_state(self, actor_id: str, on: date | None) -> bool:
        actor = self.actors.get_or_none(self.actors.umbrella_of(actor_id, on=on))
        return actor is not None and actor.kind in STATE_KINDS


def _near(span: Span, sentence: Span, sentences: Sequence[Span]) -> bool:
    """``span`` lies in the mention's sentence or in the sentence before or after it."""
    index = next((i for i, s in enumerate(sentences) if s[0] <= sentence[0] < s[1]), None)
    if index is None:
        return sentence[0] <= span[0] < sentence[1]
    lo = sentences[max(0, index - 1)][0]
    hi = sentences[min(len(sentences) - 1, index + 1)][1]
    return lo <= span[0] < hi


def _places_in_sentence(
    span: Span, sentences: Sequence[Span], places: Sequence[tuple[int, int, str]]
) -> frozenset[str]:
    sentence = next((s for s in sentences if s[0] <= span[0] < s[1]), span)
    return frozenset(key for start, _, key in places if sentence[0] <= start < sentence[1])


def _combine(status: str, *, claim: bool, confirm: bool) -> str:
    claimed = claim or status in (ClaimStatus.CLAIMED, ClaimStatus.CLAIMED_AND_CONFIRMED)
    confirmed = confirm or status in (
        ClaimStatus.CONFIRMED,
        ClaimStatus.INTERCEPTED,
        ClaimStatus.CLAIMED_AND_CONFIRMED,
    )
    if claimed and confirmed:
        return str(ClaimStatus.CLAIMED_AND_CONFIRMED)
    if claimed:
        return str(ClaimStatus.CLAIMED)
    if confirm and status == ClaimStatus.REPORTED:
        return str(ClaimStatus.CONFIRMED)
    return status
