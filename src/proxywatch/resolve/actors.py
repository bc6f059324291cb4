"""The actor registry: who is who in the conflict, under which names, and how they are tied.

The data lives in a YAML file reviewed like code (``resolve/data/actors.yaml``); users add their own
file on top with :meth:`ActorRegistry.extend`. Every actor and every relation carries a source.

File format::

    not_actors: ["American University of Beirut"]   # contain an alias, name something else
    actors:
      - id: kataib-hezbollah            # slug, unique
        name: Kata'ib Hezbollah
        kind: militia                   # state, state_force, militia, umbrella, front_brand, ...
        country: IQ                     # ISO2 of the home country, or null
        side: axis                      # axis | opposing | other
        source: US State Dept FTO list
        aliases: [Kataib Hizballah, كتائب حزب الله]   # matched case-insensitively
        acronyms: [KH]                  # matched with case kept
        place_names: []                 # names that are also places ("Iraq"): looked up, never found
        relations:
          - {kind: member_of, target: islamic-resistance-in-iraq, source: "...", valid_from: 2023-10-18}

Relation kinds: ``member_of`` and ``front_for`` form the chain whose top is an actor's *umbrella*
(the label it claims or fights under); ``backed_by`` names a sponsor; ``allied_with``, ``rival_of``
and ``affiliated_with`` (a formal tie that is not the actor's label, such as a faction's PMF brigade
numbers) are kept for the network but never followed by :meth:`ActorRegistry.umbrella_of`.
When an actor has several chain relations valid on a date, the first one in the file wins.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import date
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from proxywatch.errors import RegistryError
from proxywatch.models import Actor, Relation
from proxywatch.resolve.text import TermMatcher, normalize

__all__ = ["ActorRegistry", "CHAIN_KINDS", "RELATION_KINDS", "SIDES", "STATE_KINDS"]

RELATION_KINDS = frozenset(
    {"member_of", "front_for", "backed_by", "allied_with", "rival_of", "affiliated_with"}
)
CHAIN_KINDS = ("member_of", "front_for")
SIDES = frozenset({"axis", "opposing", "other"})
# Kinds of state actors: their armed drones are airstrikes, their officials announce their own strikes.
STATE_KINDS = frozenset({"state", "state_force", "government", "international_coalition"})

_ACTOR_FIELDS = frozenset(
    {"id", "name", "kind", "country", "side", "source", "aliases", "acronyms", "place_names", "relations"}
)
_REQUIRED = ("id", "name", "kind", "source")
_RELATION_FIELDS = frozenset({"kind", "target", "source", "valid_from", "valid_to"})
_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_ISO2 = re.compile(r"^[A-Z]{2}$")

# "Iran-backed Kataib Hezbollah": the sponsor named in a modifier is not the actor.
_MODIFIER_AFTER = re.compile(
    r"\s*[\-\u2010\u2011\u2013]\s*(?:backed|aligned|allied|affiliated|linked|sponsored|supported|funded|"
    r"made|built|supplied|designed|controlled|held|run|based|leaning)\b",
    re.IGNORECASE,
)
# "pro-Iran fighters", "anti-Israel protest": the name qualifies someone else.
_MODIFIER_BEFORE = re.compile(r"(?:\b(?:pro|anti|non|ex|post)\s*[\-\u2010\u2011\u2013]\s*)$", re.IGNORECASE)
# In a free-text actor field, a country after "from"/"in" is where, not who: "drone from Lebanon".
_PLACE_BEFORE = re.compile(
    r"\b(?:from|in|into|inside|at|over|near|across|toward|towards|to|on|off|of|against|targeting|targeted)\s+(?:the\s+)?$",
    re.IGNORECASE,
)
_LIST_JOINER = re.compile(r"^\s*(?:,|;|/|&|\band\b|\bor\b|\bwith\b)\s*(?:the\s+)?$", re.IGNORECASE)
_LEADING_WORDS = ("the ", "a ", "an ")
# Words that news appends to a group's name without changing who is meant.
_TRAILING_WORDS = (
    " group",
    " groups",
    " movement",
    " militia",
    " militias",
    " fighters",
    " militants",
    " members",
    " organization",
    " organisation",
    " faction",
    " factions",
    " spokesman",
    " spokesperson",
    " statement",
    " official",
    " officials",
)
_FUZZY_MIN_LENGTH = 8
_LOOKUP_MEMO_SIZE = 50_000
_FUZZY_CUTOFF = 0.9


@dataclass(frozen=True, slots=True)
class _Entry:
    """An actor as read from one file, before the whole registry is checked."""

    actor: Actor
    acronyms: tuple[str, ...]
    place_names: tuple[str, ...]  # resolved by lookup, but not reported by the finder
    origin: str  # the file it came from, for error messages


class _ActorMatcher(TermMatcher):
    """A :class:`TermMatcher` that skips sponsor modifiers ("Iran-backed", "Houthi-controlled")."""

    def find(self, text: str) -> list[tuple[int, int, str]]:
        return [
            m
            for m in super().find(text)
            if not _MODIFIER_AFTER.match(text, m[1])
            and not _MODIFIER_BEFORE.search(text, max(0, m[0] - 8), m[0])
        ]


class ActorRegistry:
    """Actors by id, their aliases and their relations. Immutable: :meth:`extend` returns a new one."""

    def __init__(
        self, entries: Iterable[_Entry], *, origin: str = "<registry>", not_actors: Iterable[str] = ()
    ) -> None:
        self._entries: dict[str, _Entry] = {}
        for entry in entries:
            self._entries[entry.actor.id] = entry
        self._origin = origin
        self._not_actors = tuple(dict.fromkeys(not_actors))
        self._aliases, self._acronyms = _check(self._entries, origin=origin)
        # Built on first use: a registry that is only queried by id never pays for the automaton.
        self._matcher: TermMatcher | None = None
        self._lookups: dict[str, str | None] = {}

    # --- construction ----------------------------------------------------------------------------
    @classmethod
    def builtin(cls) -> ActorRegistry:
        """The registry shipped with proxywatch (loaded once per process)."""
        return _builtin()

    @classmethod
    def load(cls, path: str | Path) -> ActorRegistry:
        """A registry from one YAML file."""
        entries, not_actors = _read(Path(path))
        return cls(entries.values(), origin=str(path), not_actors=not_actors)

    def extend(self, path: str | Path) -> ActorRegistry:
        """A new registry with the actors of ``path`` added.

        An id already known keeps its aliases and relations and gains those of the file; the other
        fields the file gives (name, kind, country, side, source) replace the old ones.
        """
        merged = dict(self._entries)
        entries, not_actors = _read(Path(path), partial_ids=frozenset(self._entries))
        for actor_id, entry in entries.items():
            old = merged.get(actor_id)
            merged[actor_id] = entry if old is None else _merge(old, entry)
        return ActorRegistry(merged.values(), origin=str(path), not_actors=(*self._not_actors, *not_actors))

    # --- access ----------------------------------------------------------------------------------
    def __contains__(self, actor_id: object) -> bool:
        return actor_id in self._entries

    def __len__(self) -> int:
        return len(self._entries)

    def get(self, actor_id: str) -> Actor:
        entry = self._entries.get(actor_id)
        if entry is None:
            raise RegistryError(f"unknown actor id {actor_id!r}")
        return entry.actor

    def get_or_none(self, actor_id: str | None) -> Actor | None:
        entry = self._entries.get(actor_id) if actor_id else None
        return entry.actor if entry else None

    def actors(self) -> list[Actor]:
        """Every actor, by id."""
        return [self._entries[k].actor for k in sorted(self._entries)]

    def acronyms_of(self, actor_id: str) -> tuple[str, ...]:
        """The case-sensitive aliases of an actor (also included in ``Actor.aliases``)."""
        self.get(actor_id)
        return self._entries[actor_id].acronyms

    def place_names_of(self, actor_id: str) -> tuple[str, ...]:
        """Aliases that are also place names: :meth:`lookup` resolves them, :meth:`finder` skips them."""
        self.get(actor_id)
        return self._entries[actor_id].place_names

    def relations_of(self, actor_id: str) -> tuple[Relation, ...]:
        """The actor's own relations, in file order."""
        return self.get(actor_id).relations

    def relations_to(self, actor_id: str) -> list[tuple[str, Relation]]:
        """``(source actor id, relation)`` for every relation pointing at ``actor_id``."""
        self.get(actor_id)
        return [
            (other.actor.id, rel)
            for other in self._entries.values()
            for rel in other.actor.relations
            if rel.target == actor_id
        ]

    def members_of(self, actor_id: str, *, on: date | None = None) -> list[str]:
        """Ids of the actors whose chain link (member_of/front_for) on ``on`` is ``actor_id``."""
        self.get(actor_id)
        return sorted(a for a in self._entries if self._parent(a, on) == actor_id)

    def home_country(self, actor_id: str) -> str | None:
        """The actor's country, else the first country up its chain."""
        for link in self._chain(actor_id, None):
            country = self._entries[link].actor.country
            if country:
                return country
        return None

    # --- chains ----------------------------------------------------------------------------------
    def umbrella_of(self, actor_id: str, *, on: date | None = None) -> str:
        """The top of the member_of/front_for chain valid on ``on``; the actor itself when none.

        ``on=None`` means "now": only relations without an end date are followed.
        """
        return self._chain(actor_id, on)[-1]

    def backer_of(self, actor_id: str, *, on: date | None = None) -> str | None:
        """The nearest ``backed_by`` target along the actor's chain, or ``None``."""
        for link in self._chain(actor_id, on):
            for rel in self._entries[link].actor.relations:
                if rel.kind == "backed_by" and _valid(rel, on):
                    return rel.target
        return None

    def _parent(self, actor_id: str, on: date | None) -> str | None:
        for rel in self._entries[actor_id].actor.relations:
            if rel.kind in CHAIN_KINDS and _valid(rel, on):
                return rel.target
        return None

    def _chain(self, actor_id: str, on: date | None) -> list[str]:
        self.get(actor_id)
        chain = [actor_id]
        parent = self._parent(actor_id, on)
        while parent is not None and parent not in chain:  # load-time check forbids cycles; belt and braces
            chain.append(parent)
            parent = self._parent(parent, on)
        return chain

    # --- names -----------------------------------------------------------------------------------
    def finder(self) -> TermMatcher:
        """Finds alias mentions in text; the key of each match is the actor id."""
        if self._matcher is None:
            terms: dict[str, str] = {}
            cased: dict[str, str] = {}
            for actor_id in sorted(self._entries):
                entry = self._entries[actor_id]
                for alias in (entry.actor.name, *entry.actor.aliases):
                    # A country named in running text is far more often where than who.
                    if alias not in entry.acronyms and alias not in entry.place_names:
                        terms.setdefault(alias, actor_id)
                for acronym in entry.acronyms:
                    cased.setdefault(acronym, actor_id)
            self._matcher = _ActorMatcher(terms, case_sensitive_terms=cased, ignore=self._not_actors)
        return self._matcher

    def lookup(self, text: str) -> Actor | None:
        """The actor a name refers to, or ``None`` when unknown or ambiguous.

        Tries, in order: an id; an exact alias (after :func:`normalize`, which also drops possessive
        "'s"); the same without "the"/"a" and trailing words such as "militia" or "fighters"; the
        single longest alias found inside the text; a close misspelling of one alias.
        """
        key = text.strip()
        if key not in self._lookups:
            if len(self._lookups) >= _LOOKUP_MEMO_SIZE:
                self._lookups.clear()  # a long run sees endless one-off phrasings: bound the memo
            self._lookups[key] = self._lookup(key)
        found = self._lookups[key]
        return self._entries[found].actor if found else None

    def _lookup(self, text: str) -> str | None:
        if not text:
            return None
        if text in self._entries:
            return text
        cased = normalize(text, fold_case=False)
        if cased in self._acronyms:
            return self._acronyms[cased]
        norm = normalize(text)
        hit = self._aliases.get(norm) or self._aliases.get(_trim(norm))
        if hit:
            return hit
        spans = [
            (start, end, key)
            for start, end, key in self.finder().find(text)
            if not _PLACE_BEFORE.search(text, max(0, start - 16), start)
        ]
        if spans:
            # "Hezbollah and Hamas" names two actors: no single answer.
            for (_, end, key), (start, _, other) in zip(spans, spans[1:], strict=False):
                if key != other and _LIST_JOINER.match(text[end:start]):
                    return None
            longest = max(end - start for start, end, _ in spans)
            ids = {key for start, end, key in spans if end - start == longest}
            return ids.pop() if len(ids) == 1 else None
        return self._fuzzy(_trim(norm))

    def _fuzzy(self, norm: str) -> str | None:
        if len(norm) < _FUZZY_MIN_LENGTH:
            return None
        close = difflib.get_close_matches(norm, list(self._aliases), n=3, cutoff=_FUZZY_CUTOFF)
        ids = {self._aliases[c] for c in close}
        return ids.pop() if len(ids) == 1 else None

    def search(self, query: str, *, limit: int = 20) -> list[Actor]:
        """Actors whose id, name or an alias contains or resembles ``query``, best first."""
        q = normalize(query)
        if not q:
            return []
        scored: list[tuple[float, str]] = []
        for actor_id, entry in self._entries.items():
            best = 0.0
            for name in (actor_id.replace("-", " "), entry.actor.name, *entry.actor.aliases):
                form = normalize(name)
                if form == q:
                    score = 1.0
                elif q in form:
                    score = 0.9 if form.startswith(q) else 0.85
                else:
                    score = difflib.SequenceMatcher(None, q, form).ratio()
                best = max(best, score)
            if best >= 0.75:
                scored.append((best, actor_id))
        scored.sort(key=lambda s: (-s[0], s[1]))
        return [self._entries[a].actor for _, a in scored[:limit]]


# --- loading -------------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _builtin() -> ActorRegistry:
    ref = resources.files("proxywatch.resolve").joinpath("data/actors.yaml")
    with resources.as_file(ref) as path:
        return ActorRegistry.load(path)


def _read(
    path: Path, *, partial_ids: frozenset[str] = frozenset()
) -> tuple[dict[str, _Entry], tuple[str, ...]]:
    """Parse and check one file on its own: its actors by id and its ``not_actors`` phrases.

    Ids in ``partial_ids`` may give only the fields they change.
    """
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise RegistryError(f"{path}: cannot read actor registry: {exc.strerror or exc}") from exc
    except (yaml.YAMLError, ValueError) as exc:  # ValueError: an impossible date such as 2020-13-01
        raise RegistryError(f"{path}: not valid YAML: {exc}") from exc
    if not isinstance(data, dict) or not isinstance(data.get("actors"), list):
        raise RegistryError(f"{path}: an actor registry is a mapping with an 'actors' list")
    unknown = set(data) - {"actors", "not_actors"}
    if unknown:
        raise RegistryError(
            f"{path}: unknown top-level key(s) {sorted(unknown)}; expected 'actors', 'not_actors'"
        )
    not_actors = _strings(data.get("not_actors"), where=f"{path}: not_actors")
    entries: dict[str, _Entry] = {}
    for number, raw in enumerate(data["actors"], start=1):
        entry = _parse_actor(raw, where=f"{path}: actor #{number}", partial_ids=partial_ids, origin=str(path))
        if entry.actor.id in entries:
            raise RegistryError(f"{path}: actor id {entry.actor.id!r} is defined twice")
        entries[entry.actor.id] = entry
    return entries, not_actors


def _parse_actor(raw: Any, *, where: str, partial_ids: frozenset[str], origin: str) -> _Entry:
    if not isinstance(raw, dict):
        raise RegistryError(f"{where}: expected a mapping, got {type(raw).__name__}")
    unknown = set(raw) - _ACTOR_FIELDS
    if unknown:
        raise RegistryError(f"{where}: unknown field(s) {sorted(unknown)}")
    actor_id = raw.get("id")
    if not isinstance(actor_id, str) or not _SLUG.match(actor_id):
        raise RegistryError(
            f"{where}: 'id' must be a lowercase slug such as 'kataib-hezbollah', got {actor_id!r}"
        )
    where = f"{where} ({actor_id})"
    if actor_id not in partial_ids:
        for name in _REQUIRED:
            if not _text(raw.get(name)):
                raise RegistryError(f"{where}: missing required field {name!r}")
    for name in ("name", "kind", "source"):
        if name in raw and not _text(raw[name]):
            raise RegistryError(f"{where}: {name!r} must be a non-empty string")
    country = raw.get("country")
    if country is not None and (not isinstance(country, str) or not _ISO2.match(country)):
        raise RegistryError(f"{where}: 'country' must be an ISO2 code such as 'IQ', got {country!r}")
    side = raw.get("side")
    if side is not None and side not in SIDES:
        raise RegistryError(f"{where}: 'side' must be one of {sorted(SIDES)}, got {side!r}")
    aliases = _strings(raw.get("aliases"), where=f"{where}: aliases")
    acronyms = _strings(raw.get("acronyms"), where=f"{where}: acronyms")
    place_names = _strings(raw.get("place_names"), where=f"{where}: place_names")
    for alias in (*aliases, *place_names):
        form = normalize(alias)
        if not form:
            raise RegistryError(f"{where}: alias {alias!r} is empty after normalisation")
        if form.isascii() and len(form.replace(" ", "")) <= 3:
            raise RegistryError(
                f"{where}: alias {alias!r} is too short to match case-insensitively; list it under 'acronyms'"
            )
    relations_raw = raw.get("relations") or []
    if not isinstance(relations_raw, list):
        raise RegistryError(f"{where}: 'relations' must be a list")
    relations = tuple(
        _parse_relation(r, where=f"{where}: relation #{i}", actor_id=actor_id)
        for i, r in enumerate(relations_raw, start=1)
    )
    actor = Actor(
        id=actor_id,
        name=str(raw.get("name") or ""),
        kind=str(raw.get("kind") or ""),
        country=country,
        aliases=tuple(dict.fromkeys((*aliases, *place_names, *acronyms))),
        relations=relations,
        side=side,
        source=str(raw.get("source") or ""),
    )
    return _Entry(actor=actor, acronyms=acronyms, place_names=place_names, origin=origin)


def _parse_relation(raw: Any, *, where: str, actor_id: str) -> Relation:
    if not isinstance(raw, dict):
        raise RegistryError(f"{where}: expected a mapping, got {type(raw).__name__}")
    unknown = set(raw) - _RELATION_FIELDS
    if unknown:
        raise RegistryError(f"{where}: unknown field(s) {sorted(unknown)}")
    kind = raw.get("kind")
    if kind not in RELATION_KINDS:
        raise RegistryError(
            f"{where}: unknown relation kind {kind!r}; kinds are {', '.join(sorted(RELATION_KINDS))}"
        )
    target = raw.get("target")
    if not _text(target):
        raise RegistryError(f"{where}: relation {kind} has no 'target'")
    if target == actor_id:
        raise RegistryError(f"{where}: relation {kind} points at the actor itself")
    if not _text(raw.get("source")):
        raise RegistryError(f"{where}: relation {kind} -> {target} has no 'source'")
    valid_from = _date(raw.get("valid_from"), where=f"{where}: valid_from")
    valid_to = _date(raw.get("valid_to"), where=f"{where}: valid_to")
    if valid_from and valid_to and valid_to < valid_from:
        raise RegistryError(f"{where}: valid_to {valid_to} is before valid_from {valid_from}")
    return Relation(
        kind=kind,
        target=str(target),
        source=str(raw["source"]).strip(),
        valid_from=valid_from,
        valid_to=valid_to,
    )


def _merge(old: _Entry, new: _Entry) -> _Entry:
    """``new`` (from an extending file) over ``old``: scalars replace, aliases and relations add up."""
    fields: dict[str, Any] = {}
    for name in ("name", "kind", "country", "side", "source"):
        value = getattr(new.actor, name)
        if value:
            fields[name] = value
    fields["aliases"] = tuple(dict.fromkeys((*old.actor.aliases, *new.actor.aliases)))
    known = set(old.actor.relations)
    fields["relations"] = old.actor.relations + tuple(r for r in new.actor.relations if r not in known)
    acronyms = tuple(dict.fromkeys((*old.acronyms, *new.acronyms)))
    place_names = tuple(dict.fromkeys((*old.place_names, *new.place_names)))
    return _Entry(
        actor=replace(old.actor, **fields), acronyms=acronyms, place_names=place_names, origin=new.origin
    )


def _check(entries: Mapping[str, _Entry], *, origin: str) -> tuple[dict[str, str], dict[str, str]]:
    """Whole-registry checks; returns the folded alias table and the case-kept acronym table."""
    aliases: dict[str, str] = {}
    acronyms: dict[str, str] = {}
    for actor_id, entry in entries.items():
        where = entry.origin if entry.origin else origin
        for rel in entry.actor.relations:
            if rel.target not in entries:
                raise RegistryError(
                    f"{where}: actor {actor_id!r} has a {rel.kind} relation to unknown actor {rel.target!r}"
                )
        names = (entry.actor.name, *(a for a in entry.actor.aliases if a not in entry.acronyms))
        for table, forms in (
            (aliases, {normalize(n): n for n in names}),
            (acronyms, {normalize(a, fold_case=False): a for a in entry.acronyms}),
        ):
            for form, alias in forms.items():
                other = table.setdefault(form, actor_id)
                if other != actor_id:
                    raise RegistryError(
                        f"{where}: alias {alias!r} of {actor_id!r} is already an alias of {other!r} "
                        f"(both read as {form!r})"
                    )
    _check_cycles(entries, origin=origin)
    return aliases, acronyms


def _check_cycles(entries: Mapping[str, _Entry], *, origin: str) -> None:
    # Dates are ignored on purpose: a chain that loops in any period is a data error worth fixing.
    state: dict[str, int] = {}  # 1 = on the current path, 2 = done

    def visit(actor_id: str, path: list[str]) -> None:
        state[actor_id] = 1
        path.append(actor_id)
        for rel in entries[actor_id].actor.relations:
            if rel.kind not in CHAIN_KINDS:
                continue
            if state.get(rel.target) == 1:
                loop = path[path.index(rel.target) :] + [rel.target]
                where = entries[actor_id].origin or origin
                raise RegistryError(f"{where}: cycle in member_of/front_for: {' -> '.join(loop)}")
            if rel.target not in state:
                visit(rel.target, path)
        path.pop()
        state[actor_id] = 2

    for actor_id in sorted(entries):
        if actor_id not in state:
            visit(actor_id, [])


# --- small helpers -------------------------------------------------------------------------------


def _valid(rel: Relation, on: date | None) -> bool:
    """Whether a relation held on ``on`` (both ends inclusive); ``None`` means it still holds."""
    if on is None:
        return rel.valid_to is None
    return (rel.valid_from is None or rel.valid_from <= on) and (rel.valid_to is None or on <= rel.valid_to)


def _trim(norm: str) -> str:
    """Drop a leading article and trailing generic words: "the houthi movement" -> "houthi"."""
    changed = True
    while changed:
        changed = False
        for word in _LEADING_WORDS:
            if norm.startswith(word):
                norm, changed = norm[len(word) :], True
        for word in _TRAILING_WORDS:
            if norm.endswith(word) and len(norm) > len(word):
                norm, changed = norm[: -len(word)], True
    return norm.strip()


def _text(value: Any) -> bool:
    return isinstance(value, str) and bool(value.strip())


def _strings(value: Any, *, where: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(_text(v) for v in value):
        raise RegistryError(f"{where}: expected a list of non-empty strings")
    return tuple(str(v).strip() for v in value)


def _date(value: Any, *, where: str) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError as exc:
        raise RegistryError(f"{where}: expected a date YYYY-MM-DD, got {value!r}") from exc
