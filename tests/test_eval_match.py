"""One-to-one matching of system incidents to gold: date, umbrella and place rules, preferences."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Any

import pytest

from proxywatch.evaluate.gold import GoldIncident, GoldSet
from proxywatch.evaluate.match import match_incidents, name_similarity
from proxywatch.evaluate.runner import label_resolvers, locate_named_places
from proxywatch.models import Incident
from proxywatch.resolve.gazetteer import Gazetteer

AIN_AL_ASAD = (33.80, 42.44)
BAGHDAD = (33.31, 44.37)  # about 180 km from Ain al-Asad


@dataclass(frozen=True)
class FakeActor:
    id: str


_NAMES = {
    "islamic resistance in iraq": "iri",
    "houthis": "houthis",
    "hezbollah": "hezbollah",
    "united states": "united-states",
    "united kingdom": "united-kingdom",
    "kataib hezbollah": "kataib-hezbollah",
}
_UMBRELLA = {"kataib-hezbollah": "iri"}


def lookup(name: str) -> Any:
    found = _NAMES.get(name.lower())
    return FakeActor(found) if found else None  # registries return Actor records, not ids


UMBRELLA_OF_LABEL, ACTOR_OF_LABEL = label_resolvers(lookup, umbrella_of=_UMBRELLA.get)


def gold(
    gid: str,
    day: date,
    *,
    umbrella: str = "IRI",
    place: str = "Ain al-Asad air base, Anbar",
    target: str = "US forces",
    coords: tuple[float, float] | None = AIN_AL_ASAD,
    articles: tuple[str, ...] = ("d1",),
) -> GoldIncident:
    return GoldIncident(
        id=gid,
        date=day,
        attacker="Islamic Resistance in Iraq",
        umbrella=umbrella,
        target=target,
        target_country="Iraq",
        target_place=place,
        lat=coords[0] if coords else None,
        lon=coords[1] if coords else None,
        weapon="drone",
        launch_country=None,
        killed=None,
        injured=None,
        status="claimed",
        article_ids=articles,
    )


def system(
    sid: str,
    day: date | None,
    *,
    actor: str | None = "iri",
    umbrella: str | None = None,
    coords: tuple[float, float] | None = AIN_AL_ASAD,
    place: str | None = None,
    target: str | None = None,
    articles: tuple[str, ...] = ("d1",),
) -> Incident:
    now = datetime(2024, 2, 1)
    return Incident(
        id=sid,
        event_date=day,
        event_type="Air/drone strike",
        weapon="drone",
        status="claimed",
        mention_ids=(f"m-{sid}",),
        article_ids=articles,
        n_sources=1,
        n_reports=len(articles),
        first_seen=now,
        last_updated=now,
        actor_id=actor,
        actor_umbrella=umbrella,
        place_text=place,
        target_text=target,
        lat=coords[0] if coords else None,
        lon=coords[1] if coords else None,
    )


def run(system_incidents: list[Incident], gold_incidents: list[GoldIncident]) -> list[tuple[str, str]]:
    result = match_incidents(system_incidents, gold_incidents, umbrella_of_label=UMBRELLA_OF_LABEL)
    return [(p.gold_id, p.system_id) for p in result.pairs]


D = date(2024, 1, 20)


def test_date_within_one_day_matches_two_days_does_not() -> None:
    assert run([system("s1", date(2024, 1, 21))], [gold("g1", D)]) == [("g1", "s1")]
    result = match_incidents(
        [system("s1", date(2024, 1, 22))], [gold("g1", D)], umbrella_of_label=UMBRELLA_OF_LABEL
    )
    assert result.pairs == () and result.missed == ("g1",) and result.false_alarms == ("s1",)
    assert run([system("s1", None)], [gold("g1", D)]) == []


@pytest.mark.parametrize(
    ("label", "actor", "umbrella", "matches"),
    [
        ("IRI (suspected)", "iri", None, True),
        ("IRI", "kataib-hezbollah", "iri", True),  # a faction claiming under the umbrella
        ("Houthis; IRI", "houthis", None, True),
        ("Houthis; IRI", "iri", None, True),
        ("US-UK", "united-kingdom", None, True),  # "UK" resolves through the gold abbreviations
        ("Hezbollah (suspected)", "iri", "iri", False),
        ("unknown", "iri", "iri", False),
        # No named attacker on either side: an unattributed gold attack meets an unattributed incident.
        ("unknown", None, None, True),
        ("IRI (suspected)", "unspecified-iraqi-militias", None, True),
        ("IRI", None, None, False),
    ],
)
def test_umbrella_agreement(label: str, actor: str | None, umbrella: str | None, matches: bool) -> None:
    pairs = run([system("s1", D, actor=actor, umbrella=umbrella)], [gold("g1", D, umbrella=label)])
    assert (pairs == [("g1", "s1")]) is matches


def test_place_by_coordinates_within_50_km() -> None:
    near = (AIN_AL_ASAD[0] + 0.3, AIN_AL_ASAD[1])  # about 33 km north
    assert run([system("s1", D, coords=near)], [gold("g1", D)]) == [("g1", "s1")]
    assert run([system("s1", D, coords=BAGHDAD)], [gold("g1", D)]) == []


def test_place_by_fuzzy_name_when_coordinates_are_missing_or_far() -> None:
    # The system geocoded nothing, but names the same base in another transliteration.
    assert run([system("s1", D, coords=None, place="Ain al-Assad")], [gold("g1", D)]) == [("g1", "s1")]
    # Coordinates far off, yet the same named target: the name rule admits it.
    assert run([system("s1", D, coords=BAGHDAD, place="Ain al-Assad airbase")], [gold("g1", D)]) == [
        ("g1", "s1")
    ]
    # Generic words alone ("US forces", "base") are not a named place.
    assert run([system("s1", D, coords=None, target="US forces base")], [gold("g1", D)]) == []
    assert run([system("s1", D, coords=None, place="Erbil")], [gold("g1", D)]) == []


def test_place_not_required_when_gold_has_neither_coordinates_nor_place() -> None:
    unplaced = gold("g1", D, coords=None, place="", target="Israel (intercepted)")
    assert run([system("s1", D, coords=BAGHDAD, place="Baghdad")], [unplaced]) == [("g1", "s1")]
    named = gold("g1", D, coords=None, place="Harir base, Erbil province")
    assert run([system("s1", D, coords=None, place=None)], [named]) == []


def test_place_by_the_gazetteers_point_for_a_gold_name_without_coordinates() -> None:
    # "Koniko gas field" and "Conoco field" are one site to the gazetteer, not to fuzzy names.
    conoco = (35.34, 40.29)
    g = replace(gold("g1", D, coords=None, place="Conoco field, Deir ez-Zor"), named_point=conoco)
    assert run([system("s1", D, coords=conoco, place="Koniko gas field")], [g]) == [("g1", "s1")]
    assert run([system("s1", D, coords=BAGHDAD, place="Koniko gas field")], [g]) == []


def test_gold_places_are_located_by_their_first_named_place() -> None:
    gazetteer = Gazetteer.builtin()
    located = locate_named_places(
        GoldSet(
            incidents=(
                gold("g1", D, coords=None, place="Harir base, Erbil province"),
                gold("g2", D, coords=None, place="55 nm south-west of Hodeidah"),  # only a bearing
                gold("g3", D, coords=None, place="border area"),
                gold("g4", D),
            )
        ),
        gazetteer,
    )
    points = {g.id: g.named_point for g in located.incidents}
    harir = gazetteer.lookup("Harir base")
    assert harir is not None and points["g1"] == (harir.lat, harir.lon)
    assert points["g2"] is None and points["g3"] is None
    assert points["g4"] is None  # the gold's own coordinates are enough


def test_prefers_shared_articles_then_closer_date() -> None:
    g = gold("g1", D, articles=("d1", "d2"))
    by_articles = [system("s1", D, articles=("d9",)), system("s2", date(2024, 1, 21), articles=("d2",))]
    assert run(by_articles, [g]) == [("g1", "s2")]
    by_date = [system("s1", date(2024, 1, 19), articles=("d1",)), system("s2", D, articles=("d2",))]
    assert run(by_date, [g]) == [("g1", "s2")]


def test_assignment_is_one_to_one_and_maximal() -> None:
    # s1 shares more articles with g1, but only s1 can reach g2: the matching must use both.
    g1 = gold("g1", D, articles=("d1", "d2", "d3"))
    g2 = gold("g2", date(2024, 1, 21), articles=("d4",))
    s1 = system("s1", date(2024, 1, 21), articles=("d1", "d2", "d3"))
    s2 = system("s2", date(2024, 1, 19), articles=("d5",))
    assert sorted(run([s1, s2], [g1, g2])) == [("g1", "s2"), ("g2", "s1")]


def test_articles_are_compared_in_the_gold_id_space() -> None:
    g = gold("g1", D, articles=("d1",))
    s1, s2 = system("s1", D, articles=("a-x",)), system("s2", D, articles=("a-y",))
    result = match_incidents([s1, s2], [g], umbrella_of_label=UMBRELLA_OF_LABEL, articles_of={"s2": {"d1"}})
    assert [(p.system_id, p.shared_articles) for p in result.pairs] == [("s2", 1)]


def test_name_similarity_ignores_accents_case_and_generic_words() -> None:
    assert name_similarity(["Ain al-Asad air base, Anbar"], ["AÏN AL ASAD"]) == 100
    assert name_similarity(["US forces, al-Tanf base"], ["US forces"]) == 0
    assert name_similarity([None, ""], ["Eilat"]) == 0
    assert name_similarity(["Safed"], ["Safad"]) == 100  # same consonants: a transliteration
    assert name_similarity(["Eilat"], ["Eilaboun"]) < 85
    assert name_similarity(["Haifa port"], ["Hofa"]) < 85  # two consonants are too few to trust
