"""Scores on hand-built gold and system records whose right answers are worked out by hand."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path

import pytest

from proxywatch.evaluate.gold import GoldIncident, GoldLabel, GoldSet
from proxywatch.evaluate.metrics import b_cubed, map_weapon, weekly_counts
from proxywatch.evaluate.runner import check_floors, label_resolvers, load_floors, score
from proxywatch.models import Article, Incident, Mention

_NAMES = {
    "islamic resistance in iraq": "iri",
    "houthis": "houthis",
    "hezbollah": "hezbollah",
    "united states": "united-states",
}
UMBRELLA_OF_LABEL, ACTOR_OF_LABEL = label_resolvers(lambda name: _NAMES.get(name.lower()))
NOW = datetime(2024, 3, 1)
AIN_AL_ASAD = (33.80, 42.44)
TANF = (33.49, 38.62)


def g(
    gid: str,
    day: date,
    umbrella: str,
    place: str,
    articles: str,
    *,
    coords: tuple[float, float] | None = None,
    weapon: str = "drone",
    killed: int | None = None,
    launch: str | None = None,
    country: str = "Iraq",
) -> GoldIncident:
    attacker = {"IRI": "Islamic Resistance in Iraq", "Houthis": "Houthis", "Hezbollah": "Hezbollah"}[umbrella]
    return GoldIncident(
        id=gid,
        date=day,
        attacker=attacker,
        umbrella=umbrella,
        target="target",
        target_country=country,
        target_place=place,
        lat=coords[0] if coords else None,
        lon=coords[1] if coords else None,
        weapon=weapon,
        launch_country=launch,
        killed=killed,
        injured=None,
        status="claimed",
        article_ids=tuple(articles.split()),
    )


def s(
    sid: str,
    day: date,
    actor: str,
    place: str,
    articles: str,
    *,
    coords: tuple[float, float] | None = None,
    weapon: str = "drone",
    killed: int | None = None,
    launch: str | None = None,
    country: str | None = "IQ",
    status: str = "claimed",
    umbrella: str | None = None,
) -> Incident:
    arts = tuple(f"a-{a}" for a in articles.split())  # store ids differ from the gold's external ids
    return Incident(
        id=sid,
        event_date=day,
        event_type="Air/drone strike",
        weapon=weapon,
        status=status,
        mention_ids=tuple(f"m-{a}" for a in arts),
        article_ids=arts,
        n_sources=len(arts),
        n_reports=len(arts),
        first_seen=NOW,
        last_updated=NOW,
        actor_id=actor,
        actor_umbrella=umbrella,
        place_text=place,
        lat=coords[0] if coords else None,
        lon=coords[1] if coords else None,
        target_country=country,
        launch_country=launch,
        killed=killed,
    )


def article(ext: str) -> Article:
    return Article(
        id=f"a-{ext}",
        url=None,
        outlet="Outlet",
        title="",
        text="text",
        published_at=NOW,
        language="en",
        fetched_at=NOW,
        content_hash=ext,
        external_id=ext,
    )


def mention(ext: str, sentence: str = "A drone hit the base.") -> Mention:
    return Mention(
        id=f"m-a-{ext}",
        article_id=f"a-{ext}",
        sentence_span=(0, len(sentence)),
        sentence=sentence,
        event_type="Air/drone strike",
        weapon="drone",
        claim_status="claimed",
        extractor_version="test",
    )


def labels(reports: str, others: str) -> tuple[GoldLabel, ...]:
    return tuple(GoldLabel(a, "report", ()) for a in reports.split()) + tuple(
        GoldLabel(a, "distractor", ()) for a in others.split()
    )


GOLD = (
    g("g1", date(2024, 1, 1), "IRI", "Ain al-Asad", "d1 d2", coords=AIN_AL_ASAD),
    g("g2", date(2024, 1, 5), "Houthis", "Eilat", "d3", country="Israel", launch="Yemen"),
    g("g3", date(2024, 1, 10), "Hezbollah", "Metula", "d4 d5", country="Israel"),
    g("g4", date(2024, 1, 11), "Hezbollah", "Kiryat Shmona", "d6", country="Israel"),
    g("g5", date(2024, 1, 15), "IRI", "al-Tanf", "d7 d8", coords=TANF, country="Syria"),
    g("g6", date(2024, 1, 20), "IRI", "Harir", "d9"),
)


def perfect_system() -> list[Incident]:
    out = []
    for gi in GOLD:
        actor = _NAMES[gi.attacker.lower()]
        country = {"Iraq": "IQ", "Israel": "IL", "Syria": "SY"}[gi.target_country]
        launch = "YE" if gi.launch_country else None
        coords = (gi.lat, gi.lon) if gi.lat is not None and gi.lon is not None else None
        out.append(
            s("s" + gi.id, gi.date, actor, gi.target_place, " ".join(gi.article_ids), coords=coords,
              country=country, launch=launch)
        )  # fmt: skip
    return out


ALL = "d1 d2 d3 d4 d5 d6 d7 d8 d9 d10 d11 d12"


def run(system: list[Incident], mentioned: str, gold_labels: tuple[GoldLabel, ...] = ()) -> dict:
    report = score(
        system,
        [mention(a) for a in mentioned.split()],
        [article(a) for a in ALL.split()],
        GoldSet(incidents=GOLD, labels=gold_labels),
        umbrella_of_label=UMBRELLA_OF_LABEL,
        actor_of_label=ACTOR_OF_LABEL,
    )
    return report.to_dict()


def test_perfect_system_scores_one_everywhere() -> None:
    result = run(perfect_system(), "d1 d2 d3 d4 d5 d6 d7 d8 d9", labels("d1 d2 d3 d4 d5 d6 d7 d8 d9", "d10"))
    for block in ("incidents", "b3", "relevance"):
        assert (result[block]["precision"], result[block]["recall"], result[block]["f1"]) == (1.0, 1.0, 1.0)
    assert result["incidents"]["n_gold"] == 6 and result["b3"]["n_gold"] == 9
    for name in (
        "actor",
        "umbrella",
        "weapon",
        "date",
        "place",
        "target_country",
        "launch_country",
        "status",
    ):
        assert result["fields"][name]["accuracy"] == 1.0, name
    assert result["fields"]["place"]["n"] == 2 and result["fields"]["place"]["median_km"] == 0.0
    assert result["fields"]["launch_country"]["n"] == 1
    assert result["fields"]["killed"] == {"accuracy": None, "n": 0, "correct": 0}  # no gold values
    assert result["weekly"]["by_umbrella"]["summary"]["abs_error"] == 0
    assert result["weekly"]["by_target_country"]["summary"]["abs_error"] == 0
    assert json.loads(json.dumps(result)) == result  # JSON-ready as is, no default= needed


def flawed_system() -> list[Incident]:
    """A miss (g6), a false alarm (s6), a merge (g3+g4 -> s3) and a split (g5 -> s4 + s5)."""
    return [
        s("s1", date(2024, 1, 1), "iri", "Ain al-Asad", "d1 d2", coords=AIN_AL_ASAD),
        s("s2", date(2024, 1, 5), "houthis", "Eilat", "d3", country="IL", launch="YE"),
        s("s3", date(2024, 1, 10), "hezbollah", "Metula", "d4 d5 d6", country="IL"),
        s("s4", date(2024, 1, 15), "iri", "al-Tanf", "d7", coords=TANF, country="SY"),
        s("s5", date(2024, 1, 16), "iri", "al-Tanf", "d8", coords=TANF, country="SY"),
        s("s6", date(2024, 2, 1), "iri", "Baghdad", "d10"),
    ]


def test_miss_false_alarm_merge_and_split() -> None:
    result = run(
        flawed_system(), "d1 d2 d3 d4 d5 d6 d7 d8 d10", labels("d1 d2 d3 d4 d5 d6 d7 d8 d9 d12", "d10 d11")
    )
    assert [(m["gold"], m["system"]) for m in result["matches"]] == [
        ("g1", "s1"),
        ("g2", "s2"),
        ("g3", "s3"),
        ("g5", "s4"),  # s4 wins the split: same day; s5 is one day off
    ]
    inc = result["incidents"]
    assert (inc["tp"], inc["n_system"], inc["n_gold"]) == (4, 6, 6)
    assert inc["precision"] == pytest.approx(4 / 6) and inc["recall"] == pytest.approx(4 / 6)
    assert inc["f1"] == pytest.approx(4 / 6)
    # B³ over d1..d9 (d10 is in no gold incident). Precision per article: d4, d5 = 2/3 and d6 = 1/3
    # (merged with g3's articles), the rest 1 -> 23/3 / 9. Recall: d7, d8 = 1/2 (split), the rest 1.
    b3 = result["b3"]
    assert b3["n_gold"] == 9
    assert b3["precision"] == pytest.approx(23 / 27)
    assert b3["recall"] == pytest.approx(8 / 9)
    assert b3["f1"] == pytest.approx(368 / 423)
    # Relevance: gold reports d1-d9, d12; system flagged d1-d8 and d10 (a distractor).
    rel = result["relevance"]
    assert (rel["tp"], rel["n_system"], rel["n_gold"]) == (8, 9, 10)
    assert rel["precision"] == pytest.approx(8 / 9) and rel["recall"] == pytest.approx(0.8)
    counts = result["counts"]
    assert (counts["matched"], counts["missed"], counts["false_alarms"]) == (4, 2, 2)


def test_errors_list_misses_false_alarms_and_mismatches() -> None:
    system = flawed_system()
    system[1] = s("s2", date(2024, 1, 5), "houthis", "Eilat", "d3", weapon="anti_ship_missile", country="IL")
    report = score(
        system,
        [mention("d10", "Rockets struck near Baghdad airport on Thursday.")],
        [article(a) for a in ALL.split()],
        GoldSet(incidents=GOLD),
        umbrella_of_label=UMBRELLA_OF_LABEL,
        actor_of_label=ACTOR_OF_LABEL,
    )
    lines = report.errors()
    misses = [x for x in lines if x.startswith("MISS ")]
    assert len(misses) == 2
    assert any(x.startswith("MISS g6 2024-01-20") and "articles=d9" in x for x in misses)
    assert any(x.startswith("MISS g4 2024-01-11") and "another place" in x for x in misses)
    alarms = [x for x in lines if x.startswith("FALSE ALARM")]
    assert len(alarms) == 2
    assert any("s6 2024-02-01" in x and "d10: 'Rockets struck near Baghdad airport" in x for x in alarms)
    mismatches = [x for x in lines if x.startswith("MISMATCH")]
    assert mismatches == [
        "MISMATCH g2 <-> s2 weapon: gold='drone' system='anti_ship_missile'",
        "MISMATCH g2 <-> s2 launch_country: gold='Yemen' system=None",
    ]
    assert report.relevance is None  # no labels file, no relevance score
    table = report.render_table()
    assert "incidents precision" in table and "0.667" in table and "B³ articles recall" in table


def test_field_scores_count_only_where_gold_has_a_value() -> None:
    system = perfect_system()
    system[0] = s("sg1", date(2024, 1, 1), "iri", "Ain al-Asad", "d1 d2", coords=(33.95, 42.44), killed=3)
    system[4] = s("sg5", date(2024, 1, 15), "iri", "al-Tanf", "d7 d8", coords=(33.85, 38.62), country="SY")
    gold = list(GOLD)
    gold[0] = g("g1", date(2024, 1, 1), "IRI", "Ain al-Asad", "d1 d2", coords=AIN_AL_ASAD, killed=0)
    result = score(
        system,
        [],
        [article(a) for a in ALL.split()],
        GoldSet(incidents=tuple(gold)),
        umbrella_of_label=UMBRELLA_OF_LABEL,
        actor_of_label=ACTOR_OF_LABEL,
    )
    report = result.to_dict()
    place = report["fields"]["place"]
    # About 16.7 km and 40.0 km off: one within 25 km.
    assert (place["n"], place["correct"]) == (2, 1)
    assert place["median_km"] == pytest.approx((16.68 + 40.03) / 2, abs=0.1)
    assert place["p90_km"] == pytest.approx(16.68 + 0.9 * (40.03 - 16.68), abs=0.1)
    assert report["fields"]["killed"] == {"accuracy": 0.0, "n": 1, "correct": 0}
    lines = result.errors()
    assert "MISMATCH g5 <-> sg5 place: gold=(33.490, 38.620) system=(33.850, 38.620) (40.0 km)" in lines
    assert "MISMATCH g1 <-> sg1 killed: gold=0 system=3" in lines


@pytest.mark.parametrize(
    ("gold_attacker", "system_actor", "system_umbrella", "right"),
    [
        ("Islamic Resistance in Iraq", "islamic-resistance-in-iraq", None, True),
        (
            "Islamic Resistance in Iraq",
            "kataib-hezbollah",
            "islamic-resistance-in-iraq",
            True,
        ),  # more specific
        ("Kataib Hezbollah", "islamic-resistance-in-iraq", None, False),  # less specific than the gold
        ("Kataib Hezbollah", "harakat-al-nujaba", "islamic-resistance-in-iraq", False),
    ],
)
def test_actor_is_judged_at_the_gold_granularity(
    gold_attacker: str, system_actor: str, system_umbrella: str | None, right: bool
) -> None:
    names = {
        "islamic resistance in iraq": "islamic-resistance-in-iraq",
        "kataib hezbollah": "kataib-hezbollah",
    }
    umbrellas = {"kataib-hezbollah": "islamic-resistance-in-iraq"}
    umbrella_of_label, actor_of_label = label_resolvers(
        lambda n: names.get(n.lower()), umbrella_of=umbrellas.get
    )
    gold_incident = replace(GOLD[0], attacker=gold_attacker)
    system = s(
        "s1", GOLD[0].date, system_actor, "Ain al-Asad", "d1 d2", coords=AIN_AL_ASAD, umbrella=system_umbrella
    )
    report = score(
        [system],
        [],
        [],
        GoldSet(incidents=(gold_incident,)),
        umbrella_of_label=umbrella_of_label,
        actor_of_label=actor_of_label,
    )
    assert len(report.match.pairs) == 1
    assert report.fields["actor"].n == 1 and report.fields["actor"].correct == int(right)


@pytest.mark.parametrize(
    ("system", "gold", "expected"),
    [
        ("missile", "unknown", "unknown"),
        ("atgm", "unknown", "unknown"),
        ("anti_ship_missile", "ballistic_missile", "ballistic_missile"),
        ("anti_ship_missile", "cruise_missile", "cruise_missile"),
        ("anti_ship_missile", "unknown", "unknown"),
        ("anti_ship_missile", "drone", "unknown"),
        ("drone", "drone", "drone"),
        ("usv", "unknown", "usv"),
        (None, "unknown", "unknown"),
    ],
)
def test_weapon_mapping(system: str | None, gold: str, expected: str) -> None:
    assert map_weapon(system, gold) == expected


def test_b_cubed_article_in_two_incidents_uses_the_union() -> None:
    # d2 is in both gold incidents: its gold cluster is {d1, d2, d3}.
    result = b_cubed([{"d1", "d2", "d3"}], [{"d1", "d2"}, {"d2", "d3"}])
    # Precision: d1 2/3, d2 1, d3 2/3. Recall: all 1.
    assert result.precision == pytest.approx((2 / 3 + 1 + 2 / 3) / 3)
    assert result.recall == 1.0


def test_weekly_counts_by_iso_week() -> None:
    rows = weekly_counts(
        GOLD, flawed_system(), gold_key=lambda x: x.umbrella, system_key=lambda x: (x.actor_id or "").upper()
    )
    cells = {(r.week.isoformat(), r.key): (r.system, r.gold) for r in rows}
    assert cells[("2024-01-08", "HEZBOLLAH")] == (1, 0) and cells[("2024-01-08", "Hezbollah")] == (0, 2)
    assert cells[("2024-01-15", "IRI")] == (2, 2)  # g5, g6 vs s4, s5; Monday 15 Jan starts the week
    assert cells[("2024-01-29", "IRI")] == (1, 0)


def test_check_floors(tmp_path: Path) -> None:
    report = run(flawed_system(), "d1")
    floors = {"incidents": {"f1": 0.6, "recall": 0.7}, "b3.precision": 0.8, "relevance.precision": 0.1}
    failures = check_floors(report, floors)
    assert failures == [
        "incidents.recall = 0.6667 is below its floor 0.7",
        "relevance.precision: missing from the report (floor 0.100)",
    ]
    path = tmp_path / "floors.json"
    path.write_text(json.dumps({"incidents.f1": 0.6}), encoding="utf-8")
    assert check_floors(report, load_floors(path)) == []
    toml = tmp_path / "floors.toml"
    toml.write_text('[fields.date]\naccuracy = 1.0\n"b3.recall" = 0.9\n', encoding="utf-8")
    assert check_floors(report, load_floors(toml)) == [
        "fields.date.b3.recall: missing from the report (floor 0.900)"
    ]
