"""Actor network: typed edges from a small registry and incidents, recency weights, centrality, exports."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

nx = pytest.importorskip("networkx", reason="the actor network needs networkx")

from proxywatch.analyse.network import (  # noqa: E402
    build_network,
    decay,
    format_network,
    summarise,
    write_graphml,
    write_json,
)
from proxywatch.models import Incident, Mention  # noqa: E402
from proxywatch.resolve.actors import ActorRegistry  # noqa: E402

REGISTRY = """
actors:
  - {id: patron, name: Patron State, kind: state, country: IR, side: axis, source: ref}
  - {id: front, name: The Front, kind: umbrella, country: IQ, side: axis, source: ref,
     relations: [{kind: backed_by, target: patron, source: "ref A"}]}
  - {id: faction-a, name: Faction A, kind: militia, country: IQ, side: axis, source: ref,
     relations: [{kind: member_of, target: front, source: "ref B"}]}
  - {id: faction-b, name: Faction B, kind: militia, country: IQ, side: axis, source: ref,
     relations: [{kind: member_of, target: front, source: "ref C"}]}
  - {id: yemen-group, name: Yemen Group, kind: militia, country: YE, side: axis, source: ref,
     relations: [{kind: backed_by, target: patron, source: "ref D"},
                 {kind: allied_with, target: front, source: "ref E"}]}
  - {id: defender, name: Defender Army, kind: state_force, country: IL, side: opposing, source: ref,
     relations: [{kind: rival_of, target: front, source: "ref F"}]}
  - {id: bystander, name: Bystander, kind: militia, country: SY, side: axis, source: ref,
     relations: [{kind: member_of, target: front, source: "old ref", valid_to: 2020-01-01}]}
"""
AS_OF = date(2024, 10, 10)


@pytest.fixture
def registry(tmp_path: Path) -> ActorRegistry:
    path = tmp_path / "actors.yaml"
    path.write_text(REGISTRY, encoding="utf-8")
    return ActorRegistry.load(path)


@pytest.fixture
def world(
    make_incident: Callable[..., Incident], make_mention: Callable[..., Mention]
) -> tuple[list[Incident], list[Mention]]:
    def inc(actor: str, umbrella: str | None, day: date, place: str, **kw: object) -> Incident:
        return make_incident(actor_id=actor, actor_umbrella=umbrella, event_date=day, place_id=place, **kw)

    incidents = [
        inc("faction-a", "front", date(2024, 10, 10), "gn:eilat"),
        inc("faction-a", "front", date(2024, 7, 12), "gn:golan"),  # 90 days old: half weight
        inc("faction-b", "front", date(2024, 10, 10), "gn:golan"),
        inc("yemen-group", None, date(2024, 10, 10), "gn:eilat"),
        inc("defender", None, date(2024, 10, 10), "gn:eilat"),  # the other side, same place
    ]
    # Incident 1 is claimed by faction A and, in another report, by the Yemen group: a joint claim.
    first = incidents[0]
    mentions = [
        make_mention(id="ma", article_id="a1", actor_id="faction-a", claim_status="claimed"),
        make_mention(id="mb", article_id="a2", actor_id="yemen-group", claim_status="claimed"),
        make_mention(id="mc", article_id="a3", actor_id="defender", claim_status="reported"),
    ]
    incidents[0] = type(first)(**{**_fields(first), "mention_ids": ("ma", "mb", "mc")})
    return incidents, mentions


def _fields(record: object) -> dict[str, object]:
    return {name: getattr(record, name) for name in record.__slots__}  # type: ignore[attr-defined]


def test_registry_edges_are_typed_and_cited(registry: ActorRegistry, world: tuple) -> None:
    graph = build_network(registry, world[0], world[1])
    assert graph.edges["patron", "front", "backing"]["citation"] == "ref A"
    assert graph.has_edge("patron", "yemen-group", key="backing")  # backer -> backed
    assert graph.has_edge("faction-a", "front", key="membership")
    assert graph.has_edge("yemen-group", "front", key="alliance")
    assert graph.has_edge("defender", "front", key="rivalry")
    # The patron never attacked but backs a claimant, so it is in; the bystander is not involved.
    assert "patron" in graph and "bystander" not in graph
    assert graph.nodes["faction-a"]["incidents"] == 2 and graph.nodes["front"]["incidents"] == 3


def test_incident_edges_claims_joint_claims_shared_targets(registry: ActorRegistry, world: tuple) -> None:
    graph = build_network(registry, world[0], world[1], as_of=AS_OF, half_life_days=90)
    claims = graph.edges["faction-a", "front", "claims_under"]
    assert claims["incidents"] == 2
    assert claims["weight"] == pytest.approx(1.0 + 0.5)  # today's counts 1, 90 days ago 1/2
    assert graph.edges["faction-a", "yemen-group", "joint_claim"]["incidents"] == 1
    # The defender's report blames nobody on its side and is not a claim: no joint claim with it.
    assert not any(k == "joint_claim" for *_, k in graph.edges("defender", keys=True))
    # The front and the Yemen group both struck Eilat; the defender struck there too but is the other side.
    assert graph.edges["front", "yemen-group", "shared_target"]["weight"] == pytest.approx(1.0)
    assert not any(k == "shared_target" for *_, k in graph.edges("defender", keys=True))
    assert not graph.has_edge("defender", "front", key="shared_target")


def test_decay_halves_per_half_life() -> None:
    assert decay(AS_OF, as_of=AS_OF, half_life_days=30) == 1.0
    assert decay(date(2024, 9, 10), as_of=AS_OF, half_life_days=30) == pytest.approx(0.5)
    assert decay(date(2024, 8, 11), as_of=AS_OF, half_life_days=30) == pytest.approx(0.25)


def test_summary_centrality_and_communities(registry: ActorRegistry, world: tuple) -> None:
    summary = summarise(build_network(registry, world[0], world[1]))
    assert summary.umbrellas["front"] == (("faction-a", 2), ("faction-b", 1))
    assert {(t.source, t.target) for t in summary.backing} == {("patron", "front"), ("patron", "yemen-group")}
    # The front holds the structure together: most ties and most shortest paths.
    assert summary.central[0][0] == "front"
    assert summary.central[0][2] == max(b for _, _, b in summary.central)
    # Rivalry is not cooperation: the defender has no cooperative tie, so it joins no community.
    members = {a for c in summary.communities for a in c}
    assert "defender" not in members and {"front", "faction-a"} <= members
    text = format_network(summary, names={"front": "The Front"})
    assert "The Front: faction-a (2), faction-b (1)" in text
    assert "patron -> The Front, yemen-group" in text


def test_graphml_and_json_round_trip(registry: ActorRegistry, world: tuple, tmp_path: Path) -> None:
    graph = build_network(registry, world[0], world[1])
    summary = summarise(graph)
    back = nx.read_graphml(write_graphml(graph, tmp_path / "net.graphml"), force_multigraph=True)
    assert set(back.nodes) == set(graph.nodes)
    assert back.number_of_edges() == graph.number_of_edges()
    assert back.nodes["front"]["name"] == "The Front"
    kinds = {d["kind"] for *_, d in back.edges(data=True)}
    assert kinds == {
        "backing",
        "membership",
        "alliance",
        "rivalry",
        "claims_under",
        "joint_claim",
        "shared_target",
    }
    data = json.loads(write_json(graph, tmp_path / "net.json", summary).read_text(encoding="utf-8"))
    assert {n["id"] for n in data["nodes"]} == set(graph.nodes)
    assert len(data["edges"]) == graph.number_of_edges()
    assert data["summary"]["umbrellas"]["front"] == [["faction-a", 2], ["faction-b", 1]]


def test_registry_scope_keeps_every_actor_but_not_ended_relations(
    registry: ActorRegistry, world: tuple
) -> None:
    graph = build_network(registry, world[0], world[1], scope="registry")
    assert "bystander" in graph
    assert not graph.has_edge("bystander", "front", key="membership")  # ended in 2020


def test_network_command_prints_structure_and_writes_files(
    make_incident: Callable[..., Incident], tmp_path: Path
) -> None:
    from typer.testing import CliRunner

    from proxywatch.cli import app
    from proxywatch.store import open_store

    db = tmp_path / "n.duckdb"
    incidents = [
        make_incident(
            actor_id="kataib-hezbollah", actor_umbrella="islamic-resistance-in-iraq", place_id="gn:1"
        ),
        make_incident(
            actor_id="harakat-al-nujaba", actor_umbrella="islamic-resistance-in-iraq", place_id="gn:1"
        ),
        make_incident(actor_id="houthis", place_id="gn:1"),
    ]
    with open_store(db) as store:
        store.save_incidents(incidents)
    out_graphml, out_json = tmp_path / "net.graphml", tmp_path / "net.json"
    result = CliRunner().invoke(
        app, ["network", "--db", str(db), "--graphml", str(out_graphml), "--json", str(out_json)]
    )
    assert result.exit_code == 0, result.output
    assert "Islamic Resistance in Iraq: " in result.stdout
    assert "Kata'ib Hezbollah (1)" in result.stdout
    assert "IRGC Quds Force ->" in result.stdout  # the backer is drawn in from the registry
    assert "Houthis (Ansar Allah) & Islamic Resistance in Iraq" in result.stdout  # shared target gn:1
    assert nx.read_graphml(out_graphml).number_of_nodes() >= 4
    assert json.loads(out_json.read_text(encoding="utf-8"))["summary"]["umbrellas"]
