"""What the rule extractor knows and finds: the world knowledge passed in, and one sentence's frame."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Protocol

from proxywatch.extract.patterns import Match
from proxywatch.models import Place, Span


class NameFinder(Protocol):
    def find(self, text: str) -> list[Match]: ...


@dataclass(frozen=True)
class Knowledge:
    """What the extractor needs to know about the world, passed in so extract never imports resolve."""

    actors: NameFinder  # key = actor id
    places: NameFinder  # key = place id
    dates: Callable[[str], list[Match]]  # date expressions
    resolve_date: Callable[[str, date], tuple[date, str] | None]  # expression + publication day -> day
    actor_side: Callable[[str], str | None]  # "axis" / "opposing" / None
    actor_kind: Callable[[str], str | None]  # "state", "state_force", "militia", "umbrella", ...
    place_of: Callable[[str], Place | None]

    def is_state(self, actor_id: str) -> bool:
        """Whether the actor is a state or its forces: the side that strikes with aircraft, speaks through
        officials, and is a source rather than a party when it only reports."""
        return self.actor_kind(actor_id) in ("state", "state_force")


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
    said_date: Match | None = None  # "X said on Sunday": the statement's day, a fallback for the event's
    killed: tuple[int, Span] | None = None
    injured: tuple[int, Span] | None = None
    signals: dict[str, Span] = field(default_factory=dict)  # claim / official / intercept / deny -> span
    ship: Match | None = None
    posts: list[Match] = field(default_factory=list)  # named military posts no gazetteer knows
    series: bool = False
    hypothetical: bool = False  # threats and conditionals: "would strike", "vowed to attack"
    historical: bool = False  # names an earlier year: background, not this report's event
    day: tuple[date, str] | None = None  # resolved event day and its precision
    own_day: bool = False  # the day comes from this sentence's own date expression
    one_target: set[int] = field(default_factory=set)  # starts of places of one thing hit ("a base in")
    context_only: bool = False  # joined a target's group without naming it or pointing back to it
    # Tells an earlier attack again, in a clause of reason or time ("a response to the drone attack in
    # Jordan"): a mention of its own; without a day of its own it is dated RETOLD and may only join an
    # incident reported elsewhere.
    retold: bool = False
    pictured: bool = False  # a caption or ceremony dated only by itself: the attack it shows is undated
