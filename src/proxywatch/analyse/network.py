"""The actor network: who backs whom, who claims under which umbrella, who strikes the same targets.

Typed edges come from two places. The actor registry gives ``backing`` (backer -> actor),
``membership`` (faction -> umbrella or parent: member_of, front_for, affiliated_with), ``alliance`` and
``rivalry``, each with its source. Incidents give ``claims_under`` (an actor claiming under an umbrella),
``joint_claim`` (two actors of one side claiming the same incident in different reports) and
``shared_target`` (two fronts of one side striking the same site or place). Incident edges are weighted
by recency: each incident counts ``0.5 ** (age / half_life)`` so last month's pattern outweighs last
year's.

Centrality and communities are computed on the undirected, weighted union of the cooperative ties
(everything but rivalry): rivalry says who is *not* on the same side.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from itertools import combinations
from pathlib import Path
from typing import TYPE_CHECKING, Any

from proxywatch.analyse.counts import group_value
from proxywatch.errors import ConfigError
from proxywatch.models import Incident, Mention, Relation

if TYPE_CHECKING:
    import networkx as nx

    from proxywatch.resolve.actors import ActorRegistry

REGISTRY_KINDS = {
    "backed_by": "backing",
    "member_of": "membership",
    "front_for": "membership",
    "affiliated_with": "membership",
    "allied_with": "alliance",
    "rival_of": "rivalry",
}
EDGE_KINDS = ("backing", "membership", "alliance", "rivalry", "claims_under", "joint_claim", "shared_target")
NON_COOPERATIVE = frozenset({"rivalry"})


def _nx() -> Any:
    try:
        import networkx
    except ImportError as exc:
        raise ConfigError("the actor network needs 'networkx': pip install 'proxywatch[analytics]'") from exc
    return networkx


@dataclass(frozen=True, slots=True)
class Tie:
    """One edge of the key structure, for printing and briefs."""

    source: str
    target: str
    kind: str
    weight: float
    incidents: int = 0  # how many incidents support it (incident edges only)
    citation: str = ""  # the registry's source (registry edges only)


@dataclass(frozen=True, slots=True)
class NetworkSummary:
    umbrellas: Mapping[str, tuple[tuple[str, int], ...]]  # umbrella -> (faction, incidents claimed)
    backing: tuple[Tie, ...]  # backer -> backed, among the actors in the graph
    alliances: tuple[Tie, ...]
    joint_claims: tuple[Tie, ...]
    shared_targets: tuple[Tie, ...]
    central: tuple[tuple[str, float, float], ...]  # (actor, weighted degree centrality, betweenness)
    communities: tuple[tuple[str, ...], ...]
    n_nodes: int
    n_edges: int


def decay(event_date: date | None, *, as_of: date, half_life_days: float) -> float:
    """Weight of an incident ``age`` days old: 1 today, 1/2 one half-life ago; undated counts 1/2."""
    if half_life_days <= 0:
        raise ConfigError(f"half-life must be positive, got {half_life_days}")
    if event_date is None:
        return 0.5
    age = max(0, (as_of - event_date).days)
    return float(0.5 ** (age / half_life_days))


def _valid_during(rel: Relation, start: date | None, end: date | None) -> bool:
    if start is not None and rel.valid_to is not None and rel.valid_to < start:
        return False
    return not (end is not None and rel.valid_from is not None and rel.valid_from > end)


def _target_key(inc: Incident) -> str | None:
    """A specific target (a site, a place), never only a country: sharing a country says little."""
    if inc.place_id:
        return inc.place_id
    if inc.target_text:
        return "text:" + " ".join(inc.target_text.lower().split())
    return None


def _same_side(graph: Any, a: str, b: str) -> bool:
    sides = {graph.nodes[a].get("side"), graph.nodes[b].get("side")} - {"", None}
    return len(sides) <= 1


def _add(graph: Any, u: str, v: str, kind: str, weight: float, **attrs: Any) -> None:
    """Add ``weight`` to the ``kind`` edge u->v (one edge per pair and kind)."""
    if graph.has_edge(u, v, key=kind):
        data = graph.edges[u, v, kind]
        data["weight"] += weight
        data["incidents"] = data.get("incidents", 0) + attrs.pop("incidents", 0)
        return
    graph.add_edge(u, v, key=kind, kind=kind, weight=weight, **attrs)


def build_network(
    registry: ActorRegistry,
    incidents: Iterable[Incident],
    mentions: Iterable[Mention] = (),
    *,
    as_of: date | None = None,
    half_life_days: float = 90.0,
    scope: str = "involved",
) -> nx.MultiDiGraph:
    """The typed actor network of ``incidents`` and the registry, as a networkx ``MultiDiGraph``.

    ``scope="involved"`` keeps the actors of the incidents and their direct registry ties (umbrella,
    backer, allies, parents up the chain); ``"registry"`` adds every registry actor. ``as_of`` (default:
    the latest event date) anchors the recency weights; registry relations that ended before the
    earliest incident are left out. Edges are keyed by kind: ``graph.edges[u, v, "backing"]``.
    """
    if scope not in ("involved", "registry"):
        raise ConfigError(f"network scope must be 'involved' or 'registry', got {scope!r}")
    nx = _nx()
    items = list(incidents)
    dates = [i.event_date for i in items if i.event_date is not None]
    as_of = as_of or max(dates, default=date.today())
    since = min(dates, default=None)
    graph = nx.MultiDiGraph(as_of=as_of.isoformat(), half_life_days=half_life_days)

    claimed: dict[str, float] = {}
    counts: dict[str, int] = {}
    for inc in items:
        w = decay(inc.event_date, as_of=as_of, half_life_days=half_life_days)
        for actor in {a for a in (inc.actor_id, inc.actor_umbrella) if a and a in registry}:
            claimed[actor] = claimed.get(actor, 0.0) + w
            counts[actor] = counts.get(actor, 0) + 1

    seeds = set(claimed) if scope == "involved" else {a.id for a in registry.actors()}
    # Walk the chain upwards (faction -> umbrella -> backer) so the structure above every claimant shows.
    wanted: set[str] = set()
    frontier = list(seeds)
    while frontier:
        actor_id = frontier.pop()
        if actor_id in wanted or actor_id not in registry:
            continue
        wanted.add(actor_id)
        for rel in registry.relations_of(actor_id):
            if rel.kind in ("member_of", "front_for", "backed_by") and _valid_during(rel, since, as_of):
                frontier.append(rel.target)
    for actor_id in sorted(wanted):
        actor = registry.get(actor_id)
        graph.add_node(
            actor_id,
            name=actor.name,
            kind=actor.kind,
            country=actor.country or "",
            side=actor.side or "",
            incidents=counts.get(actor_id, 0),
            weighted_incidents=round(claimed.get(actor_id, 0.0), 4),
        )
    for actor_id in sorted(wanted):
        for rel in registry.relations_of(actor_id):
            kind = REGISTRY_KINDS.get(rel.kind)
            if kind is None or rel.target not in wanted or not _valid_during(rel, since, as_of):
                continue
            u, v = (rel.target, actor_id) if kind == "backing" else (actor_id, rel.target)
            attrs = {"relation": rel.kind, "citation": rel.source}
            if rel.valid_from:
                attrs["valid_from"] = rel.valid_from.isoformat()
            if rel.valid_to:
                attrs["valid_to"] = rel.valid_to.isoformat()
            _add(graph, u, v, kind, 1.0, **attrs)

    by_target: dict[str, dict[str, float]] = {}
    for inc in items:
        w = decay(inc.event_date, as_of=as_of, half_life_days=half_life_days)
        actor, umbrella = inc.actor_id, inc.actor_umbrella
        if actor in graph and umbrella in graph and actor != umbrella and _same_side(graph, actor, umbrella):
            # A faction "claiming under" the other side's flag is a merge or attribution error upstream.
            _add(graph, actor, umbrella, "claims_under", w, incidents=1)  # type: ignore[arg-type]
        front = group_value(inc, "umbrella")
        key = _target_key(inc)
        if key is not None and front in graph:
            per = by_target.setdefault(key, {})
            per[front] = per.get(front, 0.0) + w
    for key, fronts in sorted(by_target.items()):
        for a, b in combinations(sorted(fronts), 2):
            if not _same_side(graph, a, b):
                continue  # opposing sides striking one place is an exchange of fire, not a shared target
            # The weaker side bounds how much the target is really shared.
            _add(graph, a, b, "shared_target", min(fronts[a], fronts[b]), incidents=1, targets=key)

    incident_of = {m: inc for inc in items for m in inc.mention_ids}
    claimants: dict[str, set[str]] = {}
    for m in mentions:
        inc = incident_of.get(m.id)
        # Only the perpetrators' own statements: reports that blame different actors are a dispute.
        if inc is not None and m.claim_status == "claimed" and m.actor_id and m.actor_id in graph:
            claimants.setdefault(inc.id, set()).add(m.actor_id)
    for inc_id, actors in sorted(claimants.items()):
        inc = next(i for i in items if i.id == inc_id)
        w = decay(inc.event_date, as_of=as_of, half_life_days=half_life_days)
        for a, b in combinations(sorted(actors), 2):
            if not _same_side(graph, a, b):
                continue
            if registry.umbrella_of(a) == b or registry.umbrella_of(b) == a:
                continue  # a faction and its own umbrella naming one attack is claims_under, not joint
            _add(graph, a, b, "joint_claim", w, incidents=1)
    return graph


def cooperative_graph(graph: Any) -> Any:
    """Undirected simple graph of the cooperative ties, edge weights summed over kinds."""
    nx = _nx()
    simple = nx.Graph()
    simple.add_nodes_from(graph.nodes(data=True))
    for u, v, data in graph.edges(data=True):
        if data["kind"] in NON_COOPERATIVE or u == v:
            continue
        old = simple.get_edge_data(u, v, default={"weight": 0.0})["weight"]
        simple.add_edge(u, v, weight=old + float(data["weight"]))
    return simple


def centrality(graph: Any) -> dict[str, tuple[float, float]]:
    """Actor -> (weighted degree centrality, betweenness) on the cooperative graph."""
    nx = _nx()
    simple = cooperative_graph(graph)
    if simple.number_of_nodes() == 0:
        return {}
    total = sum(w for _, _, w in simple.edges(data="weight")) or 1.0
    strength = {n: float(d) / total for n, d in simple.degree(weight="weight")}
    # Betweenness reads weights as distances: a strong tie is a short path.
    for _, _, data in simple.edges(data=True):
        data["distance"] = 1.0 / data["weight"] if data["weight"] > 0 else 1e9
    between = nx.betweenness_centrality(simple, weight="distance", normalized=True)
    return {n: (strength[n], float(between[n])) for n in simple.nodes}


def communities(graph: Any) -> list[tuple[str, ...]]:
    """Greedy-modularity communities of the cooperative graph, largest first (isolated actors left out)."""
    nx = _nx()
    simple = cooperative_graph(graph)
    simple.remove_nodes_from([n for n in list(simple.nodes) if simple.degree(n) == 0])
    if simple.number_of_edges() == 0:
        return []
    found = nx.algorithms.community.greedy_modularity_communities(simple, weight="weight")
    return sorted((tuple(sorted(c)) for c in found), key=lambda c: (-len(c), c))


def _ties(graph: Any, kind: str) -> tuple[Tie, ...]:
    out = [
        Tie(u, v, kind, round(float(d["weight"]), 4), int(d.get("incidents", 0)), str(d.get("citation", "")))
        for u, v, k, d in graph.edges(keys=True, data=True)
        if k == kind
    ]
    return tuple(sorted(out, key=lambda t: (-t.weight, t.source, t.target)))


def summarise(graph: Any, *, top: int = 10) -> NetworkSummary:
    """The key structure: factions under each umbrella, backing, alliances, central actors, communities."""
    umbrellas: dict[str, list[tuple[str, int]]] = {}
    for tie in _ties(graph, "claims_under"):
        umbrellas.setdefault(tie.target, []).append((tie.source, tie.incidents))
    for rows in umbrellas.values():
        rows.sort(key=lambda r: (-r[1], r[0]))
    scores = centrality(graph)
    ranked = sorted(scores.items(), key=lambda kv: (-kv[1][0], -kv[1][1], kv[0]))[:top]
    return NetworkSummary(
        umbrellas={
            u: tuple(r) for u, r in sorted(umbrellas.items(), key=lambda kv: -sum(n for _, n in kv[1]))
        },
        backing=_ties(graph, "backing"),
        alliances=_ties(graph, "alliance"),
        joint_claims=_ties(graph, "joint_claim"),
        shared_targets=_ties(graph, "shared_target"),
        central=tuple((a, round(s, 4), round(b, 4)) for a, (s, b) in ranked),
        communities=tuple(communities(graph)),
        n_nodes=graph.number_of_nodes(),
        n_edges=graph.number_of_edges(),
    )


def format_network(summary: NetworkSummary, *, names: Mapping[str, str] | None = None) -> str:
    """The summary as plain text for the terminal."""
    names = names or {}

    def n(actor_id: str) -> str:
        return names.get(actor_id, actor_id)

    lines = [f"Actor network: {summary.n_nodes} actors, {summary.n_edges} typed ties", ""]
    lines.append("Who claims under which umbrella (incidents):")
    if not summary.umbrellas:
        lines.append("  no faction claimed under an umbrella")
    for umbrella, rows in summary.umbrellas.items():
        lines.append(f"  {n(umbrella)}: " + ", ".join(f"{n(a)} ({k})" for a, k in rows))
    lines += ["", "Who backs whom (registry):"]
    backers: dict[str, list[str]] = {}
    for tie in summary.backing:
        backers.setdefault(tie.source, []).append(n(tie.target))
    lines += [f"  {n(b)} -> {', '.join(sorted(t))}" for b, t in sorted(backers.items())] or ["  none"]
    if summary.alliances:
        lines += ["", "Alliances (registry):"]
        lines += [f"  {n(t.source)} -- {n(t.target)}" for t in summary.alliances]
    if summary.joint_claims:
        lines += ["", "Joint claims (incidents):"]
        lines += [f"  {n(t.source)} + {n(t.target)}: {t.incidents}" for t in summary.joint_claims]
    if summary.shared_targets:
        lines += ["", "Shared targets (fronts striking the same place; recency-weighted):"]
        lines += [
            f"  {n(t.source)} & {n(t.target)}: {t.incidents} targets, weight {t.weight:.2f}"
            for t in summary.shared_targets[:10]
        ]
    lines += ["", "Most central actors (weighted degree share, betweenness):"]
    lines += [f"  {n(a)}: {s:.3f}, {b:.3f}" for a, s, b in summary.central] or ["  none"]
    if summary.communities:
        lines += ["", "Communities (greedy modularity):"]
        lines += [f"  {i + 1}. " + ", ".join(n(a) for a in c) for i, c in enumerate(summary.communities)]
    return "\n".join(lines)


def _clean(attrs: Mapping[str, Any]) -> dict[str, Any]:
    # GraphML has no null: an absent attribute is how it says "unknown".
    return {k: v for k, v in attrs.items() if v is not None}


def write_graphml(graph: Any, path: str | Path) -> Path:
    """The network as GraphML (Gephi, Cytoscape, yEd), one edge per pair and kind."""
    nx = _nx()
    out = nx.MultiDiGraph(**{k: str(v) for k, v in graph.graph.items()})
    out.add_nodes_from((n, _clean(d)) for n, d in graph.nodes(data=True))
    out.add_edges_from((u, v, k, _clean(d)) for u, v, k, d in graph.edges(keys=True, data=True))
    target = Path(path)
    nx.write_graphml(out, target)
    return target


def network_json(graph: Any, summary: NetworkSummary | None = None) -> dict[str, Any]:
    """Nodes, typed edges and (optionally) the summary as JSON-ready data."""
    data: dict[str, Any] = {
        "graph": dict(graph.graph),
        "nodes": [{"id": n, **d} for n, d in sorted(graph.nodes(data=True))],
        "edges": [
            {"source": u, "target": v, **d}
            for u, v, _, d in sorted(graph.edges(keys=True, data=True), key=lambda e: (e[2], e[0], e[1]))
        ],
    }
    if summary is not None:
        data["summary"] = {
            "umbrellas": {u: [list(r) for r in rows] for u, rows in summary.umbrellas.items()},
            "central": [list(c) for c in summary.central],
            "communities": [list(c) for c in summary.communities],
        }
    return data


def write_json(graph: Any, path: str | Path, summary: NetworkSummary | None = None) -> Path:
    target = Path(path)
    target.write_text(json.dumps(network_json(graph, summary), indent=2, default=str), encoding="utf-8")
    return target


def neighbours(graph: Any, actor_id: str, kinds: Sequence[str] = EDGE_KINDS) -> list[tuple[str, str]]:
    """``(other actor, kind)`` for every tie of ``actor_id`` of the given kinds, either direction."""
    out = [(v, k) for _, v, k in graph.out_edges(actor_id, keys=True) if k in kinds]
    out += [(u, k) for u, _, k in graph.in_edges(actor_id, keys=True) if k in kinds]
    return sorted(set(out))
