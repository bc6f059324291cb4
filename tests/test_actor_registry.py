"""The actor registry: the built-in data is complete and sourced; bad registry files are rejected."""

from __future__ import annotations

from pathlib import Path
from textwrap import dedent

import pytest

from proxywatch.errors import ConfigError, RegistryError
from proxywatch.resolve.actors import RELATION_KINDS, SIDES, ActorRegistry
from proxywatch.resolve.text import normalize

KNOWN_KINDS = {
    "state",
    "state_force",
    "intelligence_agency",
    "government",
    "militia",
    "militant_group",
    "umbrella",
    "front_brand",
    "political_party",
    "international_coalition",
    "peacekeeping_force",
    "unspecified",
    "alliance",
}

# Words that must never be an alias on their own: they would tag ordinary prose as an actor.
COMMON_WORDS = {
    "army",
    "forces",
    "military",
    "resistance",
    "islamic resistance",
    "guard",
    "guards",
    "navy",
    "police",
    "government",
    "coalition",
    "party",
    "movement",
    "brigade",
    "brigades",
    "militia",
    "militias",
    "group",
    "state",
    "hope",
    "dawn",
    "us",
    "is",
    "it",
    "amal",
    "badr",
    "qassam",
    "sepah",
    "washington",
    "tehran",
}


@pytest.fixture(scope="module")
def registry() -> ActorRegistry:
    return ActorRegistry.builtin()


def write(tmp_path: Path, body: str, name: str = "actors.yaml") -> Path:
    path = tmp_path / name
    path.write_text(dedent(body), encoding="utf-8")
    return path


# --- the built-in registry -----------------------------------------------------------------------


def test_builtin_loads_with_enough_actors(registry: ActorRegistry) -> None:
    assert len(registry.actors()) >= 120
    assert ActorRegistry.builtin() is registry  # loaded once per process


def test_every_actor_and_relation_has_a_source(registry: ActorRegistry) -> None:
    for actor in registry.actors():
        assert actor.source.strip(), actor.id
        for rel in actor.relations:
            assert rel.source.strip(), (actor.id, rel)
            assert rel.kind in RELATION_KINDS
            assert rel.target in registry


def test_fields_use_the_documented_vocabularies(registry: ActorRegistry) -> None:
    for actor in registry.actors():
        assert actor.kind in KNOWN_KINDS, (actor.id, actor.kind)
        assert actor.side in SIDES, (actor.id, actor.side)
        assert actor.name and actor.aliases, actor.id
        if actor.kind not in {"international_coalition", "militant_group", "unspecified", "alliance"}:
            assert actor.country and len(actor.country) == 2, actor.id


def test_tops_analysts_use_as_labels_exist(registry: ActorRegistry) -> None:
    labels = {
        "islamic-resistance-in-iraq": "IRI",
        "hezbollah": "Hezbollah",
        "houthis": "Houthis",
        "iran": "Iran",
        "israel": "Israel",
        "united-states": "US",
        "united-kingdom": "UK",
        "sdf": "SDF",
    }
    for actor_id, label in labels.items():
        assert label in registry.get(actor_id).aliases
        assert registry.umbrella_of(actor_id) == actor_id


def test_state_forces_roll_up_to_their_state(registry: ActorRegistry) -> None:
    assert registry.umbrella_of("idf") == "israel"
    assert registry.umbrella_of("israeli-air-force") == "israel"
    assert registry.umbrella_of("centcom") == "united-states"
    assert registry.umbrella_of("irgc") == "iran"
    assert registry.umbrella_of("irgc-quds-force") == "iran"
    assert registry.umbrella_of("irgc-aerospace-force") == "iran"
    assert registry.umbrella_of("raf") == "united-kingdom"


def test_no_alias_is_a_common_word(registry: ActorRegistry) -> None:
    for actor in registry.actors():
        for alias in actor.aliases:
            if alias in registry.acronyms_of(actor.id):
                continue
            assert normalize(alias) not in COMMON_WORDS, (actor.id, alias)


def test_short_acronyms_are_case_sensitive(registry: ActorRegistry) -> None:
    for actor_id, acronym in [
        ("kataib-hezbollah", "KH"),
        ("islamic-resistance-in-iraq", "IRI"),
        ("asaib-ahl-al-haq", "AAH"),
        ("pij", "PIJ"),
        ("idf", "IDF"),
        ("irgc", "IRGC"),
    ]:
        assert acronym in registry.acronyms_of(actor_id)
    assert registry.lookup("kh") is None
    assert registry.lookup("aah") is None
    assert registry.lookup("iri") is None


def test_iri_factions_join_the_umbrella_from_its_first_claims(registry: ActorRegistry) -> None:
    factions = registry.members_of("islamic-resistance-in-iraq", on=registry_date(2024, 10, 1))
    assert {"kataib-hezbollah", "harakat-al-nujaba", "kataib-sayyid-al-shuhada"} <= set(factions)
    for faction in factions:
        (rel,) = [r for r in registry.relations_of(faction) if r.target == "islamic-resistance-in-iraq"]
        assert rel.kind == "member_of" and str(rel.valid_from) == "2023-10-18"


def registry_date(year: int, month: int, day: int):  # noqa: ANN201 - tiny local helper
    from datetime import date

    return date(year, month, day)


# --- rejected files ------------------------------------------------------------------------------

GOOD = """
actors:
  - id: alpha
    name: Alpha Brigades
    kind: militia
    country: IQ
    side: axis
    source: "test fixture"
    aliases: ["Alpha Brigades", "Alfa Brigades"]
    acronyms: ["AB"]
"""


def test_a_valid_file_loads(tmp_path: Path) -> None:
    registry = ActorRegistry.load(write(tmp_path, GOOD))
    assert registry.get("alpha").aliases == ("Alpha Brigades", "Alfa Brigades", "AB")


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (
            GOOD + '    relations:\n      - {kind: member_of, target: nobody, source: "x"}\n',
            "unknown actor 'nobody'",
        ),
        (
            GOOD
            + '  - id: beta\n    name: Beta\n    kind: militia\n    source: "y"\n'
            + '    aliases: ["alfa  brigades"]\n',
            "already an alias of 'alpha'",
        ),
        (
            GOOD + '  - id: beta\n    name: Beta\n    kind: militia\n    source: "y"\n    acronyms: ["AB"]\n',
            "already an alias of 'alpha'",
        ),
        (GOOD.replace('    source: "test fixture"\n', ""), "missing required field 'source'"),
        (GOOD.replace("    kind: militia\n", ""), "missing required field 'kind'"),
        (
            GOOD
            + "  - id: beta\n    name: Beta\n    kind: militia\n    source: y\n"
            + "    relations:\n      - {kind: member_of, target: alpha}\n",
            "has no 'source'",
        ),
        (
            GOOD + '    relations:\n      - {kind: sponsors, target: alpha, source: "x"}\n',
            "unknown relation kind 'sponsors'",
        ),
        (
            GOOD
            + '    relations:\n      - {kind: member_of, target: beta, source: "x"}\n'
            + '  - id: beta\n    name: Beta\n    kind: militia\n    source: "y"\n'
            + '    relations:\n      - {kind: front_for, target: alpha, source: "x"}\n',
            "cycle in member_of/front_for",
        ),
        (GOOD.replace('["Alpha Brigades", "Alfa Brigades"]', '["Alpha Brigades", "AB"]'), "too short"),
        (GOOD.replace("side: axis", "side: good"), "'side' must be one of"),
        (GOOD.replace("country: IQ", "country: Iraq"), "ISO2"),
        (GOOD.replace("id: alpha", "id: Alpha Brigades"), "lowercase slug"),
        (GOOD + "    colour: red\n", "unknown field(s) ['colour']"),
        (
            GOOD
            + "    relations:\n      - {kind: member_of, target: beta, source: x, valid_from: 2020-13-01}\n",
            "not valid YAML",
        ),
        (
            GOOD + "    relations:\n      - {kind: member_of, target: beta, source: x, valid_from: soon}\n",
            "expected a date",
        ),
        (
            GOOD + '    relations:\n      - {kind: member_of, target: alpha, source: "x"}\n',
            "the actor itself",
        ),
        (GOOD + GOOD.replace("actors:\n", ""), "defined twice"),
        ("actors: {alpha: 1}\n", "'actors' list"),
        ("actors: [\n", "not valid YAML"),
    ],
)
def test_bad_files_are_rejected_with_the_file_and_the_reason(tmp_path: Path, body: str, message: str) -> None:
    path = write(tmp_path, body)
    with pytest.raises(RegistryError) as info:
        ActorRegistry.load(path)
    assert str(path) in str(info.value)
    assert message in str(info.value)
    assert isinstance(info.value, ConfigError)  # the CLI maps it to a config exit code


def test_relation_dates_must_be_ordered(tmp_path: Path) -> None:
    body = GOOD + (
        '  - id: beta\n    name: Beta\n    kind: militia\n    source: "y"\n'
        '    relations:\n      - {kind: member_of, target: alpha, source: "x", '
        "valid_from: 2024-02-01, valid_to: 2024-01-01}\n"
    )
    with pytest.raises(RegistryError, match="before valid_from"):
        ActorRegistry.load(write(tmp_path, body))


def test_missing_file_is_a_registry_error(tmp_path: Path) -> None:
    with pytest.raises(RegistryError, match="cannot read"):
        ActorRegistry.load(tmp_path / "absent.yaml")


# --- extend --------------------------------------------------------------------------------------


def test_extend_adds_a_user_actor_linked_to_builtin_ones(tmp_path: Path, registry: ActorRegistry) -> None:
    path = write(
        tmp_path,
        """
        actors:
          - id: liwa-example
            name: Liwa Example
            kind: front_brand
            country: IQ
            side: axis
            source: "analyst note, 2024-10-02"
            aliases: ["Liwa Example", "Example Brigade"]
            relations:
              - {kind: front_for, target: kataib-hezbollah, source: "analyst note, 2024-10-02"}
        """,
    )
    extended = registry.extend(path)
    assert "liwa-example" not in registry  # the original is untouched
    assert extended.lookup("the Example Brigade").id == "liwa-example"
    assert extended.umbrella_of("liwa-example", on=registry_date(2024, 10, 5)) == "islamic-resistance-in-iraq"
    assert extended.backer_of("liwa-example", on=registry_date(2024, 10, 5)) == "irgc-quds-force"
    text = "A statement by Liwa Example claimed the attack."
    assert [(text[s:e], k) for s, e, k in extended.finder().find(text)] == [("Liwa Example", "liwa-example")]
    assert len(extended.actors()) == len(registry.actors()) + 1


def test_extend_same_id_adds_aliases_and_overrides_fields(tmp_path: Path, registry: ActorRegistry) -> None:
    path = write(
        tmp_path,
        """
        actors:
          - id: kataib-hezbollah
            name: Kataib Hezbollah (KH)
            aliases: ["Kata'ib Hizb Allah al-Iraq"]
        """,
    )
    extended = registry.extend(path)
    kh = extended.get("kataib-hezbollah")
    assert kh.name == "Kataib Hezbollah (KH)"
    assert kh.kind == "militia" and kh.source  # fields not given are kept
    assert extended.lookup("Kataib Hizb Allah al-Iraq").id == "kataib-hezbollah"
    assert extended.lookup("Kataib Hizballah").id == "kataib-hezbollah"  # old aliases kept
    assert extended.relations_of("kataib-hezbollah") == registry.relations_of("kataib-hezbollah")


def test_extend_rejects_an_alias_taken_by_a_builtin_actor(tmp_path: Path, registry: ActorRegistry) -> None:
    path = write(
        tmp_path,
        """
        actors:
          - id: my-group
            name: My Group
            kind: militia
            source: "note"
            aliases: ["Kataib Hizballah"]
        """,
    )
    with pytest.raises(RegistryError, match=r"already an alias of 'kataib-hezbollah'") as info:
        registry.extend(path)
    assert str(path) in str(info.value)


def test_place_names_are_aliases_the_finder_skips(tmp_path: Path) -> None:
    path = write(tmp_path, GOOD + '    place_names: ["Alphaland"]\n')
    registry = ActorRegistry.load(path)
    assert registry.lookup("Alphaland").id == "alpha"
    assert "Alphaland" in registry.get("alpha").aliases
    assert [k for _, _, k in registry.finder().find("Alpha Brigades in Alphaland")] == ["alpha"]


def test_not_actors_are_dropped_by_the_finder(tmp_path: Path, registry: ActorRegistry) -> None:
    text = "The Times of Israel said Israel's Army Radio and US forces reported it."
    assert [k for _, _, k in registry.finder().find(text)] == ["us-military"]
    extended = registry.extend(write(tmp_path, 'not_actors: ["US forces radio"]\nactors: []\n'))
    assert extended.finder().find("on US forces radio") == []
    assert [k for _, _, k in extended.finder().find("the Times of Israel")] == []  # built-in list kept


def test_unknown_top_level_keys_are_rejected(tmp_path: Path) -> None:
    with pytest.raises(RegistryError, match="unknown top-level key"):
        ActorRegistry.load(write(tmp_path, GOOD + "version: 2\n"))


def test_extend_requires_full_fields_for_new_ids(tmp_path: Path, registry: ActorRegistry) -> None:
    path = write(tmp_path, 'actors:\n  - id: brand-new\n    aliases: ["Brand New Brigade"]\n')
    with pytest.raises(RegistryError, match="missing required field 'name'"):
        registry.extend(path)
