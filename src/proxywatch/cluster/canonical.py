"""An incident's canonical fields, each chosen from the mentions that support it best.

Reports of one attack disagree: on the day (midnight, a statement's day), the toll (early and late
figures), the attacker (the side that was hit, read as the one that fired) and the weapon (another
event's, told in the same sentence). :func:`build_incident` settles each field by a rule said where it
is applied; every value stays traceable to the mentions behind it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from functools import lru_cache

from proxywatch.models import ClaimStatus, GeoPrecision, Incident, Mention, Weapon
from proxywatch.resolve.gazetteer import country_of_name

_PRECISION_RANK = {
    GeoPrecision.SITE: 0,
    GeoPrecision.TOWN: 1,
    GeoPrecision.DISTRICT: 2,
    GeoPrecision.REGION: 3,
    GeoPrecision.SEA: 4,
    GeoPrecision.COUNTRY: 5,
    None: 6,
}


def attacker_of(m: Mention) -> str | None:
    """The mention's attacker umbrella, unless it is the state of the country that was hit.

    A state does not bomb its own territory in these reports: "Israel" as the attacker of a strike in
    Israel is the side that was hit, read as the attacker (an army's statement about the attack). Such
    a mention counts as naming no attacker, for the merge and for the incident's attacker alike.
    """
    umbrella = m.actor_umbrella
    if umbrella and m.target_country and country_of_actor(umbrella) == m.target_country:
        return None
    return umbrella


@lru_cache(maxsize=4096)
def country_of_actor(actor_id: str) -> str | None:
    """The country an actor id names, if it is a state's ("israel" -> IL)."""
    return country_of_name(actor_id.replace("-", " "))


def _fullest_target(chosen: Mention, ordered: Sequence[Mention]) -> str | None:
    """Of the reports of the incident's place, the target told most fully: "Kataib Hezbollah, Iraq"
    (whose facilities were struck) says more than "Iraq"."""
    same = [m for m in ordered if m.place_id == chosen.place_id and m.target_text]
    return max(same, key=lambda m: len(m.target_text or "")).target_text if same else chosen.target_text


def mode(values: Iterable[object]) -> object | None:
    """The most frequent value, ``None`` ignored (the first seen on a tie)."""
    counts = Counter(v for v in values if v is not None)
    return counts.most_common(1)[0][0] if counts else None


def _status(statuses: set[str]) -> str:
    both = ClaimStatus.CLAIMED_AND_CONFIRMED in statuses
    claimed = both or ClaimStatus.CLAIMED in statuses
    confirmed = both or bool(statuses & {ClaimStatus.CONFIRMED, ClaimStatus.INTERCEPTED})
    if claimed and confirmed:
        return str(ClaimStatus.CLAIMED_AND_CONFIRMED)
    if claimed:
        return str(ClaimStatus.CLAIMED)
    if confirmed:
        return str(ClaimStatus.CONFIRMED)
    if statuses == {ClaimStatus.DENIED}:
        return str(ClaimStatus.DENIED)
    return str(ClaimStatus.REPORTED)


def _figure(values: Sequence[int]) -> int | None:
    """The casualty figure most reports give (the larger on a tie): a merged incident gathers reports
    that retell other attacks' tolls too, so the largest single figure is often another event's."""
    if not values:
        return None
    counts = Counter(values)
    return max(counts, key=lambda v: (counts[v], v))


def _weapon(mentions: Sequence[Mention]) -> str:
    specific = [m.weapon for m in mentions if m.weapon not in (Weapon.UNKNOWN, Weapon.MISSILE)]
    if specific:
        return str(mode(specific))
    return str(mode(m.weapon for m in mentions) or Weapon.UNKNOWN)


def build_incident(
    group_id: str,
    mentions: Sequence[Mention],
    outlets: Mapping[str, str],
    *,
    first_seen: datetime,
    now: datetime,
    review_status: str = "unreviewed",
) -> Incident:
    """The canonical view of an incident: each field from the mentions that support it best."""
    ordered = sorted(mentions, key=lambda m: (_PRECISION_RANK.get(m.geo_precision, 6), -m.confidence, m.id))
    placed = next((m for m in ordered if m.lat is not None), None)
    day_dates = [m.event_date for m in mentions if m.event_date and m.date_precision == "day"]
    event_date = mode(day_dates) or mode(m.event_date for m in mentions)
    # The most specific named attacker: a faction over its umbrella, a named group over a description
    # ("Iran-backed militias", which carries no umbrella).
    # Reports that name another weapon than the incident's often tell another event in the same
    # sentence (the retaliation for it, "the US hit back with airstrikes"): their attacker votes only
    # when no report with a fitting weapon names one.
    weapon = _weapon(mentions)
    fitting = [m for m in mentions if m.weapon in (weapon, Weapon.UNKNOWN, Weapon.MISSILE)]
    voters = [m for m in fitting if attacker_of(m)]
    if not voters and not any(m.actor_id for m in fitting):
        voters = [m for m in mentions if attacker_of(m)]  # only when fitting reports describe no attacker
    named = [m for m in voters if m.actor_id and m.actor_umbrella]
    actor_id = (
        mode(m.actor_id for m in named if m.actor_id != m.actor_umbrella)
        or mode(m.actor_id for m in named)
        or mode(m.actor_id for m in mentions if attacker_of(m) or not m.actor_umbrella)
    )
    actor_text = next((m.actor_text for m in mentions if m.actor_id == actor_id), None)
    article_ids = tuple(sorted({m.article_id for m in mentions}))
    killed = [m.killed for m in mentions if m.killed is not None]
    injured = [m.injured for m in mentions if m.injured is not None]
    counts = [m.n_attacks for m in mentions if m.n_attacks]
    return Incident(
        id=group_id,
        event_date=event_date,  # type: ignore[arg-type]
        event_type=str(
            mode(m.event_type for m in mentions if m.event_type != "Interception") or mentions[0].event_type
        ),
        weapon=weapon,
        status=_status({m.claim_status for m in mentions}),
        mention_ids=tuple(sorted(m.id for m in mentions)),
        article_ids=article_ids,
        n_sources=len({outlets.get(a, a) for a in article_ids}),
        n_reports=len(article_ids),
        first_seen=first_seen,
        last_updated=now,
        actor_id=actor_id,  # type: ignore[arg-type]
        actor_umbrella=mode(m.actor_umbrella for m in voters),  # type: ignore[arg-type]
        actor_text=actor_text,
        target_text=_fullest_target(placed or ordered[0], ordered),
        target_country=mode(m.target_country for m in mentions),  # type: ignore[arg-type]
        target_kind=(placed or ordered[0]).target_kind,
        place_text=placed.place_text if placed else None,
        place_id=placed.place_id if placed else None,
        lat=placed.lat if placed else None,
        lon=placed.lon if placed else None,
        geo_precision=placed.geo_precision if placed else None,
        launch_country=mode(m.origin_country for m in mentions if not m.origin_inferred)
        or mode(m.origin_country for m in mentions),  # type: ignore[arg-type]
        n_attacks=max(counts) if counts else None,
        killed=_figure(killed),
        injured=_figure(injured),
        review_status=review_status,
    )
