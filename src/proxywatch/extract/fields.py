"""One mention's weapon, claim status and event type from what its sentences say."""

from __future__ import annotations

from proxywatch.models import ClaimStatus, EventType, Weapon

_MISSILE_CLASSES = frozenset(
    {Weapon.CRUISE_MISSILE, Weapon.BALLISTIC_MISSILE, Weapon.ANTI_SHIP_MISSILE, Weapon.ATGM}
)


def combine_weapons(weapons: list[Weapon], *, mixed_if_several: bool = False) -> Weapon:
    """One weapon for a mention. Several kinds named for the target itself are ``mixed`` ("drones and
    ballistic missiles"); across the wider text the first-named dominates, since the others are often
    interceptors or background."""
    kinds = set(weapons)
    if kinds & _MISSILE_CLASSES:
        kinds.discard(Weapon.MISSILE)  # "missiles" next to "cruise missiles" names the same thing
    if not kinds:
        return Weapon.UNKNOWN
    if len(kinds) == 1:
        return next(iter(kinds))
    if mixed_if_several or len(kinds) > 2 or weapons[0] not in kinds:
        return Weapon.MIXED
    return weapons[0]


def combine_signals(signals: set[str], *, attacker_side: str | None) -> str:
    """One report's claim status from who speaks in it.

    A state's own officials announcing its strike is its claim (the devnews convention); officials of
    the other side, or an interception, confirm. A claim plus a confirmation in one report is both.
    """
    claimed = "claim" in signals or ("official" in signals and attacker_side == "opposing")
    confirmed = "intercept" in signals or ("official" in signals and attacker_side != "opposing")
    if claimed and confirmed:
        return str(ClaimStatus.CLAIMED_AND_CONFIRMED)
    if claimed:
        return str(ClaimStatus.CLAIMED)
    if "deny" in signals:
        return str(ClaimStatus.DENIED)
    if "intercept" in signals:
        return str(ClaimStatus.INTERCEPTED)
    if confirmed:
        return str(ClaimStatus.CONFIRMED)
    return str(ClaimStatus.REPORTED)


def event_type(weapon: Weapon, *, intercepted: bool) -> EventType:
    if intercepted:
        return EventType.INTERCEPTION
    if weapon in (Weapon.DRONE, Weapon.AIRSTRIKE):
        return EventType.AIR_DRONE_STRIKE
    if weapon == Weapon.IED:
        return EventType.REMOTE_EXPLOSIVE
    if weapon == Weapon.SMALL_ARMS:
        return EventType.ARMED_CLASH
    return EventType.SHELLING_MISSILE
