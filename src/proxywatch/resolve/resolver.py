"""Turn an extracted mention's names into registry ids, coordinates and an absolute date."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from datetime import date

from proxywatch.models import Article, DatePrecision, EventType, Mention, Weapon
from proxywatch.resolve.actors import STATE_KINDS, ActorRegistry
from proxywatch.resolve.dates import resolve_date
from proxywatch.resolve.gazetteer import Gazetteer
from proxywatch.resolve.scope import Scope
from proxywatch.resolve.status import StatusReader

_STRIKE_WORDS = frozenset(
    {"strike", "strikes", "struck", "raid", "raids", "bombed", "bombing", "hit", "hits"}
)
# Words around a drone that make it a one-way attack drone launched from afar, not an armed UAV.
_ONE_WAY = re.compile(
    r"\b(?:one-way|suicide|kamikaze|explosive|explosives-laden|explosive-laden|attack\s+drones?|loitering|"
    r"shahed|barrage|swarms?)\b",
    re.I,
)
# "Iran sent dozens of drones": drones launched at a target are the object of the launch; "a drone
# launched two rockets" is an armed UAV firing.
_LAUNCHED_BEFORE = re.compile(
    r"\b(?:launched|launches|launching|sent|sends|sending|fired|fires|firing)\s+(?:[\w,-]+\s+){0,4}$", re.I
)


class Resolver:
    def __init__(self, actors: ActorRegistry, gazetteer: Gazetteer, *, scope: Scope | None = None) -> None:
        self.actors = actors
        self.gazetteer = gazetteer
        self.status = StatusReader(actors, gazetteer)
        self.scope = scope

    def resolve_article(self, mentions: Sequence[Mention], article: Article) -> list[Mention]:
        """Resolve each of a report's mentions, then read its claim status from the whole report, then
        mark the attacks outside the watched conflict (see :mod:`proxywatch.resolve.scope`)."""
        resolved = self.status.refine([self.resolve(m, article) for m in mentions], article)
        return [self.scope.mark(m) for m in resolved] if self.scope is not None else resolved

    def resolve(self, mention: Mention, article: Article) -> Mention:
        published = article.published_at.date() if article.published_at else None
        event_date, precision = self._date(mention, article, published)
        changes: dict[str, object] = {"event_date": event_date, "date_precision": precision}

        place = self.gazetteer.get(mention.place_id) if mention.place_id in self.gazetteer else None
        if place is not None:
            changes.update(
                lat=place.lat,
                lon=place.lon,
                geo_precision=str(place.precision),
                target_country=place.country,
                target_kind=mention.target_kind or place.kind,
            )

        actor = self.actors.get_or_none(mention.actor_id) if mention.actor_id else None
        if actor is not None:
            changes["actor_backer"] = self.actors.backer_of(actor.id, on=event_date)
        if actor is not None and actor.kind == "unspecified":
            # "Iraqi militias", "Iran-backed groups": a description, not an attribution. It names no
            # umbrella, so the report can join an incident whose attacker another report names.
            changes["actor_umbrella"] = None
        elif actor is not None:
            umbrella = self.actors.umbrella_of(actor.id, on=event_date)
            changes["actor_umbrella"] = umbrella
            state = actor.kind in STATE_KINDS or self._is_state(umbrella)
            if state and mention.weapon == Weapon.DRONE and not self._one_way(mention, article):
                changes["weapon"] = str(Weapon.AIRSTRIKE)  # a state's armed drones are airstrikes (ACLED)
            elif state and mention.weapon == Weapon.UNKNOWN and self._struck(mention, article):
                changes["weapon"] = str(Weapon.AIRSTRIKE)  # "the US military struck a facility"
            home = self.actors.home_country(actor.id)
            target_country = changes.get("target_country", mention.target_country)
            if mention.origin_country is None and home and target_country and home != target_country:
                if not self._is_state(umbrella) and actor.side == "axis":
                    changes.update(origin_country=home, origin_inferred=True)
        weapon = changes.get("weapon", mention.weapon)
        if mention.event_type != EventType.INTERCEPTION and weapon in (Weapon.DRONE, Weapon.AIRSTRIKE):
            changes["event_type"] = str(EventType.AIR_DRONE_STRIKE)  # whatever the source coded it as
        return replace(mention, **changes)  # type: ignore[arg-type]

    @staticmethod
    def _one_way(mention: Mention, article: Article) -> bool:
        """Whether the drones are one-way attack drones sent at a target ("Iran sent attack drones toward
        Israel"), which stay drones, rather than a state's armed UAVs striking, which are airstrikes."""
        span = mention.evidence.get("weapon")
        if span is None:
            return False
        text = article.text
        return bool(
            _ONE_WAY.search(text[max(0, span[0] - 30) : span[1]])
            or _LAUNCHED_BEFORE.search(text[max(0, span[0] - 40) : span[0]])
        )

    @staticmethod
    def _struck(mention: Mention, article: Article) -> bool:
        """Whether a state's attack with no weapon named is told as a strike or raid, which states carry
        out from the air (shelling and ground raids name their weapon or verb)."""
        span = mention.evidence.get("trigger")
        return span is not None and article.text[span[0] : span[1]].lower() in _STRIKE_WORDS

    def _is_state(self, actor_id: str | None) -> bool:
        actor = self.actors.get_or_none(actor_id) if actor_id else None
        return actor is not None and actor.kind in STATE_KINDS

    @staticmethod
    def _date(mention: Mention, article: Article, published: date | None) -> tuple[date | None, str | None]:
        if mention.event_date is not None:
            return mention.event_date, mention.date_precision
        span = mention.evidence.get("date")
        if span and published:
            resolved = resolve_date(article.text[span[0] : span[1]], published)
            if resolved is not None:
                return resolved[0], str(resolved[1])
        if published:
            return published, str(DatePrecision.REPORT)
        return None, None
