"""From frames to mentions: sentences grouped by the target they name, each group one mention.

A sentence that names no target joins the group before it; a lead naming none joins the first target
named next; coarse places fold into the fine ones inside them. Every field keeps its evidence span.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from proxywatch.extract.fields import combine_signals, combine_weapons
from proxywatch.extract.fields import event_type as event_type_of
from proxywatch.extract.frames import Frame, Knowledge, Match
from proxywatch.extract.patterns import REFERS_BACK, STRIKE_TRIGGERS, WEAPONS
from proxywatch.geo import distance_km
from proxywatch.models import Article, DatePrecision, Mention, Place, Span, Weapon, stable_id


class MentionAssembler:
    """Turns one article's candidate frames into its mentions."""

    def __init__(self, knowledge: Knowledge, *, version: str) -> None:
        self.knowledge = knowledge
        self.version = version

    def mentions(self, article: Article, frames: list[Frame]) -> list[Mention]:
        """One mention per distinct target place (or named ship) and day.

        A sentence that names no target enriches the group just before it (same day, close by). A
        sentence with a day of its own that differs from its place's group by more than a day starts a
        new group: "On 19 October, drones hit al-Tanf" in a report of a 23 October attack there.
        """
        groups: dict[tuple[str, date | None], list[Frame]] = {}
        last_key: tuple[str, date | None] | None = None
        lead: list[Frame] = []  # sentences before the first target named, waiting for it
        for frame in frames:
            day = frame.day[0] if frame.day else None
            # "A string of drone and missile attacks on Israel on Saturday": one day's salvo, one attack.
            one_day = frame.own_day and frame.day is not None and frame.day[1] == DatePrecision.DAY
            places = [] if frame.series and not (frame.killed or one_day) else self._target_keys(frame)
            if not places:
                if frame.series or frame.retold:
                    continue  # "since October 7, when Hamas attacked Israel" describes no one attack
                if last_key is None:
                    if not frame.places:  # a lead whose own place was ruled out tells of elsewhere
                        lead.append(frame)
                elif frame.span[0] - groups[last_key][-1].span[1] < 400:
                    if not (frame.own_day and day and last_key[1] and abs((day - last_key[1]).days) > 1):
                        sentence = article.text[frame.span[0] : frame.span[1]]
                        frame.context_only = not _points_back(sentence, frame)
                        groups[last_key].append(frame)
                continue
            if frame.retold:
                # An earlier attack told again is a mention of its own: the sentences around it tell of
                # the report's events, so it takes no lead and the next sentences do not join it.
                for place in places:
                    groups.setdefault((place, None), []).append(frame)
                lead = []  # what led up to it told of that earlier attack, or of nothing named
                continue
            if last_key is None and lead:
                # "Hezbollah said it fired drones at an army base. ... It said fighters targeted the
                # Michve Alon base near Safed": a lead naming no place tells of the first target named
                # next, when close by and not dated otherwise.
                lead = [
                    f
                    for f in lead
                    if 0 <= frame.span[0] - f.span[1] < 400
                    and not (f.own_day and frame.own_day and day and f.day and abs((day - f.day[0]).days) > 1)
                ]
            for place in places:
                key = next(
                    (
                        k
                        for k in groups
                        if k[0] == place
                        and (day is None or k[1] is None or abs((day - k[1]).days) <= 1 or not frame.own_day)
                    ),
                    (place, day),
                )
                groups.setdefault(key, []).extend([frame, *lead])
                last_key = key
            lead = []
        self._fold_coarse_into_fine(groups)
        _fold_ship_days(groups)
        return [m for key, group in groups.items() if (m := self._mention(article, key, group)) is not None]

    def _fold_coarse_into_fine(self, groups: dict[tuple[str, date | None], list[Frame]]) -> None:
        """ "A drone hit Tower 22 in Jordan" and "the attack in Jordan": one target, said twice.

        A country or region group folds into a same-day group of a precise place inside it.
        """
        info = {key: self._place_of_key(key[0]) for key in groups}
        fine = [k for k, p in info.items() if p is not None and p.precision in ("site", "town", "district")]
        for key, place in list(info.items()):
            if place is None or place.precision not in ("country", "region", "sea") or key not in groups:
                continue
            for other in fine:
                inner = info[other]
                assert inner is not None
                same_day = key[1] is None or other[1] is None or abs((key[1] - other[1]).days) <= 1
                inside = (
                    inner.country == place.country
                    if place.precision == "country"
                    else inner.country == place.country
                    and distance_km(inner, place) <= max(place.radius_km, 25.0)
                )
                if same_day and inside and not self._opposing(groups[key], groups[other]):
                    groups[other].extend(groups.pop(key))
                    groups[other].sort(key=lambda f: f.span[0])
                    break

    def _opposing(self, coarse: list[Frame], fine: list[Frame]) -> bool:
        """ "Kataib Hezbollah attacked Erbil Air Base ... US forces carried out strikes against three
        facilities in Iraq": an attacker of the other side names another attack, its answer, even when
        the country it struck contains the first target."""
        sides = [
            {self.knowledge.actor_side(f.perpetrator[2]) for f in group if f.perpetrator} - {None}
            for group in (coarse, fine)
        ]
        return bool(sides[0] and sides[1] and not sides[0] & sides[1])

    def _place_of_key(self, key: str) -> Place | None:
        return self.knowledge.place_of(key.removeprefix("place:")) if key.startswith("place:") else None

    def _target_keys(self, frame: Frame) -> list[str]:
        """Distinct targets of a sentence: its places, minus those that only locate a more precise one.

        "Ain al-Asad air base near Haditha in Anbar" is one target (the base); "Eilat and the Golan
        Heights" are two. A country counts only when the sentence names nothing finer and clearly
        describes an attack (a weapon and an attacker or casualties).
        """
        defender = frame.perpetrator and self.knowledge.actor_side(frame.perpetrator[2]) == "opposing"
        if frame.ship and not defender:
            # A named ship is the target; the port or sea the sentence places it near only locates it.
            # Not so when the ship's defenders strike ("US helicopters sank the boats attacking the
            # Maersk Hangzhou"): their target is the attackers.
            return [f"ship:{frame.ship[2].lower()}"]
        places = [(p, self.knowledge.place_of(p[2])) for p in frame.places]
        located = sorted(
            ((p, i) for p, i in places if i is not None and i.precision != "country"),
            key=lambda pi: (_PRECISION_RANK[pi[1].precision], pi[0][0]),
        )
        kept: list[tuple[Match, Place]] = []
        for p, info in located:
            covers_kept = any(
                _PRECISION_RANK[k.precision] < _PRECISION_RANK[info.precision]
                and distance_km(info, k) <= max(40.0, info.radius_km)
                for _, k in kept
            )
            if not covers_kept:
                kept.append((p, info))
        # A region or a sea ("attacks in the Red Sea") locates one attack only when the sentence pins it
        # down: its own date, casualties, a count or a named ship. Otherwise it describes a campaign.
        specific = frame.own_day or frame.killed or frame.injured or frame.count or frame.ship
        kept = [
            (p, i)
            for p, i in kept
            if i.precision not in ("region", "sea")
            or specific
            or (p[0] in frame.one_target and not frame.series)
        ]
        if frame.posts and not any(i.precision in ("site", "town", "district") for _, i in kept):
            # "its attack at the Raheb post": a named post is the target; a region only locates it.
            return [f"post:{p[2]}" for p in frame.posts]
        if kept:
            return [f"place:{p[2]}" for p, _ in sorted(kept, key=lambda pi: pi[0][0])]
        countries = [p for p, i in places if i is not None and i.precision == "country"]
        strike_verb = frame.trigger is not None and frame.trigger[2] in STRIKE_TRIGGERS
        # "... behind a string of attacks, among them a Jan. 28 strike that killed three service members
        # in Jordan": an earlier attack retold with a day and a toll of its own is one attack, whatever
        # word first tells of it.
        dated_toll = frame.retold and frame.own_day and frame.killed
        if countries and (frame.weapons or strike_verb or dated_toll) and (frame.perpetrator or frame.killed):
            return [f"place:{countries[0][2]}"]
        return []

    @staticmethod
    def _weapons_of_target(key: str, frames: list[Frame]) -> list[Match]:
        """The weapons named for this target in its own sentence: "Eilat with drones and the Golan with a
        cruise missile" gives Eilat the drones. The words after the place up to the next place count,
        else those before it."""
        place_id = key.removeprefix("place:")
        for frame in frames:
            ordered = sorted(frame.places)
            here = next((i for i, p in enumerate(ordered) if p[2] == place_id), None)
            if here is None:
                continue
            start = ordered[here][0]
            after_end = ordered[here + 1][0] if here + 1 < len(ordered) else frame.span[1]
            before_start = ordered[here - 1][1] if here > 0 else frame.span[0]
            after = [w for w in frame.weapons if start <= w[0] < after_end]
            before = [w for w in frame.weapons if before_start <= w[0] < start]
            return after or before
        return []

    def _mention(
        self, article: Article, group_key: tuple[str, date | None], frames: list[Frame]
    ) -> Mention | None:
        key, _ = group_key
        text = article.text
        main = frames[0]
        evidence: dict[str, Span] = {}

        def first(attr: str) -> Any:
            for f in frames:
                value = getattr(f, attr)
                if value:
                    return value
            return None

        # A sentence of context after the target's own ("Hamas attacked Israel on October 7") may add
        # details but not the attacker; one that points back ("the attack", a claim) may.
        named = [f.perpetrator for f in frames if f.perpetrator and not f.context_only]
        perpetrator = next(iter(named), None)
        if perpetrator and self.knowledge.actor_kind(perpetrator[2]) == "unspecified":
            # "Iran-backed militias fired missiles at the base ... The Islamic Resistance in Iraq said it
            # was responsible": the group's name, on the same side, says more than the description.
            side = self.knowledge.actor_side(perpetrator[2])
            perpetrator = next(
                (
                    p
                    for p in named
                    if self.knowledge.actor_kind(p[2]) != "unspecified"
                    and self.knowledge.actor_side(p[2]) == side
                ),
                perpetrator,
            )
        if perpetrator and perpetrator[2]:
            evidence["actor"] = perpetrator[:2]
        own = self._weapons_of_target(key, frames)
        weapons = own or [w for f in frames for w in f.weapons]
        if not own and perpetrator and not self.knowledge.is_state(perpetrator[2]):
            # An armed group flies no warplanes: jets or helicopters in the sentences around its attack
            # are the other side's answer ("its helicopters and artillery were hitting the sources").
            weapons = [w for w in weapons if WEAPONS[w[2]] != Weapon.AIRSTRIKE] or weapons
        weapon = combine_weapons([WEAPONS[w[2]] for w in weapons[:6]], mixed_if_several=bool(own))
        if weapons:
            evidence["weapon"] = weapons[0][:2]
        target_actor = first("target_actor")
        place_match = None
        if key.startswith("place:"):
            place_id = key.removeprefix("place:")
            place_match = next(p for f in frames for p in f.places if p[2] == place_id)
            evidence["place"] = place_match[:2]
            evidence["target"] = place_match[:2]
        post = None
        if key.startswith("post:"):
            name = key.removeprefix("post:")
            post = next(p for f in frames for p in f.posts if p[2] == name)
            evidence["place"] = evidence["target"] = post[:2]
        ship = first("ship") if key.startswith("ship:") else None
        if ship:
            evidence["target"] = ship[:2]
        if target_actor:
            evidence.setdefault("target", target_actor[:2])
        own_days = [f for f in frames if f.own_day and f.day]
        if key.startswith("ship:") and own_days:
            # A ship's fate (sunk, towed, freed) is told after its attack: its first day is the attack's.
            dated = min(own_days, key=lambda f: f.day[0])  # type: ignore[index]
        else:
            dated = own_days[0] if own_days else next((f for f in frames if not f.retold), frames[0])
        if dated.date:
            evidence["date"] = dated.date[:2]
        day = dated.day
        retold = day is not None and day[1] == DatePrecision.RETOLD
        killed, injured, count = first("killed"), first("injured"), first("count")
        origin = first("origin")
        for name, value in (
            ("killed", killed),
            ("injured", injured),
            ("n_attacks", count),
            ("origin", origin),
        ):
            if value:
                evidence[name] = value[1]
        signals: dict[str, Span] = {}
        for f in frames:
            for name, span in f.signals.items():
                signals.setdefault(name, span)
        side = self.knowledge.actor_side(perpetrator[2]) if perpetrator else None
        status = combine_signals(set(signals), attacker_side=side)
        if signals:
            evidence["claim"] = min(signals.values())
        trigger = main.trigger
        if not weapons:  # no weapon named: "an Israeli strike hit a car" is the best clue of how
            strikes = (f.trigger for f in frames if f.trigger and f.trigger[2] in STRIKE_TRIGGERS)
            trigger = next(strikes, trigger)
        if trigger:
            evidence["trigger"] = trigger[:2]
        intercepted = "intercept" in signals
        event_type = event_type_of(weapon, intercepted=intercepted and not (killed and killed[0]))
        target_text = None
        # A post is named like a place, though no gazetteer id stands for it.
        target_site = place_match or post
        if target_actor and target_site:
            target_text = (
                f"{text[target_actor[0] : target_actor[1]]}, {text[target_site[0] : target_site[1]]}"
            )
        elif target_site:
            target_text = text[target_site[0] : target_site[1]]
        elif ship:
            target_text = ship[2]
        elif target_actor:
            target_text = text[target_actor[0] : target_actor[1]]
        confidence = (
            0.3
            + 0.2 * bool(perpetrator)
            + 0.2 * bool(weapons)
            + 0.2 * bool(target_site)
            + 0.1 * dated.own_day
        )
        span = (frames[0].span[0], frames[0].span[1])
        return Mention(
            # A retold attack is dated by the report, as the report's own attack there may be: apart.
            id=stable_id(
                article.id, key, day[0] if day else None, *([day[1]] if retold else []), prefix="m-"
            ),
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
            place_text=text[target_site[0] : target_site[1]] if target_site else None,
            place_id=place_match[2] if place_match else None,
            event_date=day[0] if day else None,
            date_precision=day[1] if day else None,
            killed=killed[0] if killed else None,
            injured=injured[0] if injured else None,
            confidence=round(min(confidence, 1.0), 2),
            evidence=evidence,
        )


def _fold_ship_days(groups: dict[tuple[str, date | None], list[Frame]]) -> None:
    """One article, one named ship, one attack: "hit on 18 February ... the ship sank on Saturday".

    Groups of one ship on several days fold into its earliest day's group (a ship's sinking, towing or
    release follows its attack; the attack is dated by its own day, see ``_mention``).
    """
    ships: dict[str, list[tuple[str, date | None]]] = {}
    for key in groups:
        if key[0].startswith("ship:"):
            ships.setdefault(key[0], []).append(key)
    for keys in ships.values():
        if len(keys) < 2:
            continue
        first, *rest = sorted(keys, key=lambda k: (k[1] is None, k[1] or date.min))
        for key in rest:
            groups[first].extend(groups.pop(key))
        groups[first].sort(key=lambda f: f.span[0])


_PRECISION_RANK = {"site": 0, "town": 1, "district": 2, "region": 3, "sea": 4, "country": 5}


def _points_back(sentence: str, frame: Frame) -> bool:
    """Whether a sentence is about the attack told before it: it refers back to it or claims it."""
    return bool(REFERS_BACK.search(sentence)) or "claim" in frame.signals
