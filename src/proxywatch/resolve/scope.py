"""The scope of the watched conflict: which reported attacks may become incidents.

proxywatch watches one conflict, and its actor registry defines it: every actor carries a ``side``
(``axis``, ``opposing`` or ``other``; see ``resolve/data/actors.yaml``). The sides named in the
``scope_sides`` setting are the watched conflict, by default both of its sides. News of that conflict
also tells of other violence (an ISIS bombing, a jihadist ambush, a cartel raid); counting those as
incidents of the watched conflict would inflate its tallies.

A mention is *out of scope* when its attacker is a known actor on a side outside the scope and its
target names no watched force or group: "ISIS militants struck an army post" and "ISIS bombed a crowd
of Iranians" are out, "ISIS fighters attacked US troops" stays. A mention with no attacker, or an
attacker with no side, is not judged (nothing tells it apart).

A mention is also out of scope when it lands in a country of the ``scope_other_wars`` setting: a war
told in nearly every report of the watched one (as cause, grievance or toll) without being part of it.
By default that is the Gaza war (``PS``); clear the setting to count attacks there too.

Out-of-scope mentions are not dropped: they are stored with an ``out_of_scope`` evidence span (the
attacker's name, or the place), counted in the run summary, and left out of clustering, so they never
become incidents. Users move the boundary by giving actors another side in their own registry file (the
``actor_registry`` setting), by listing other sides in ``scope_sides``, or other countries in
``scope_other_wars``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from proxywatch.errors import ConfigError
from proxywatch.models import Mention
from proxywatch.resolve.actors import SIDES, ActorRegistry

__all__ = ["OUT_OF_SCOPE", "Scope", "in_scope", "parse_sides"]

OUT_OF_SCOPE = "out_of_scope"
"""The evidence key that marks a mention outside the watched conflict; its span is the attacker's name
(or the place, for an attack in another war's country)."""


def parse_sides(value: str | Iterable[str]) -> frozenset[str]:
    """The sides of a ``scope_sides`` setting ("axis,opposing"); an unknown side is an error."""
    names = value.split(",") if isinstance(value, str) else value
    sides = frozenset(n.strip() for n in names if n.strip())
    unknown = sides - SIDES
    if unknown:
        raise ConfigError(f"scope_sides: unknown sides {sorted(unknown)}: choose among {sorted(SIDES)}")
    return sides


def in_scope(mention: Mention) -> bool:
    """Whether a resolved mention may become (part of) an incident."""
    return OUT_OF_SCOPE not in mention.evidence


class Scope:
    """Judges whether a mention's attack belongs to the watched conflict (see the module docstring)."""

    def __init__(
        self, actors: ActorRegistry, *, sides: Iterable[str], other_wars: Iterable[str] = ()
    ) -> None:
        self.actors = actors
        self.sides = frozenset(sides)
        self.other_wars = frozenset(other_wars)

    def watched(self, actor_id: str | None) -> bool | None:
        """Whether the actor is on a watched side; ``None`` when unknown or without a side."""
        actor = self.actors.get_or_none(actor_id)
        if actor is None or not actor.side:
            return None
        return actor.side in self.sides

    def mark(self, mention: Mention) -> Mention:
        """The mention, with the ``out_of_scope`` evidence span when its attack is outside the scope."""
        if mention.target_country in self.other_wars:
            span = mention.evidence.get("place", mention.sentence_span)
        elif self.watched(mention.actor_id) is False and not self._target_watched(mention):
            span = mention.evidence.get("actor", mention.sentence_span)
        else:
            return mention
        return replace(mention, evidence={**mention.evidence, OUT_OF_SCOPE: span})

    def _target_watched(self, mention: Mention) -> bool:
        surface = _target_actor_text(mention)
        if not surface:
            return False
        found = self.actors.lookup(surface)
        ids = {found.id} if found else set()
        ids.update(key for _, _, key in self.actors.finder().find(surface))
        # A state named as the target ("Iranian", "Israel") is its land or people, not its forces: a
        # jihadist bombing of a crowd in Iran is not an attack of the watched conflict on Iran.
        return any(self.watched(i) and self.actors.get(i).kind != "state" for i in ids)


def _target_actor_text(mention: Mention) -> str | None:
    """The target actor's words ("US troops"), without the place or ship that the target text may add.

    The extractor writes the target as "<actor>, <place>" when a sentence names both, the place alone, a
    ship's name, or the actor alone."""
    text = mention.target_text
    if not text or mention.target_kind == "ship":
        return None
    if mention.place_text:
        suffix = ", " + mention.place_text
        return text[: -len(suffix)] if text.endswith(suffix) else None
    return text
