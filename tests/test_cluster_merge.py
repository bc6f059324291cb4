"""Reports of one attack merge into one incident; different attacks stay apart; ids stay stable."""

from datetime import date, timedelta

import pytest
from cluster_support import EILAT, ERBIL, HAIFA, IRAQ, IRI, KIRYAT_SHMONA, US

from proxywatch.cluster.incidents import cluster_mentions
from proxywatch.settings import Settings


@pytest.fixture
def stored(store, make_article):
    """Store one article per outlet name and return a function that clusters and saves mentions."""

    def add(outlets: list[str]) -> list[str]:
        articles = [make_article(id=f"a-{o}", outlet=o, url=f"https://{o}.invalid/x") for o in outlets]
        store.add_articles(articles)
        return [a.id for a in articles]

    def cluster(mentions):
        for article_id in {m.article_id for m in mentions}:
            store.replace_mentions(
                article_id,
                [m for m in mentions if m.article_id == article_id],
                extractor_version="t",
                run_id=None,
            )
        result = cluster_mentions(store.unclustered_mentions(), store=store, settings=Settings())
        store.save_incidents(result.saved, removed=result.removed)
        return result

    return add, cluster


def test_a_claim_and_the_targets_confirmation_are_one_incident(store, stored, make_mention) -> None:
    add, cluster = stored
    claim_article, idf_article = add(["sabereen", "times-of-israel"])
    cluster(
        [
            make_mention(id="m1", article_id=claim_article, claim_status="claimed", **EILAT, **IRI),
            make_mention(id="m2", article_id=idf_article, claim_status="intercepted", **EILAT),
        ]
    )
    (incident,) = store.incidents()
    assert set(incident.mention_ids) == {"m1", "m2"}
    assert incident.status == "claimed_and_confirmed"
    assert incident.actor_umbrella == "islamic-resistance-in-iraq"
    assert incident.n_sources == 2 and incident.n_reports == 2


def test_daily_attacks_on_one_city_do_not_chain_into_one(store, stored, make_mention) -> None:
    add, cluster = stored
    articles = add([f"outlet{i}" for i in range(5)])
    start = date(2024, 10, 1)
    cluster(
        [
            make_mention(id=f"m{i}", article_id=a, event_date=start + timedelta(days=i), **EILAT, **IRI)
            for i, a in enumerate(articles)
        ]
    )
    # Each report may join one a day away (midnight), but never a chain across the five days.
    incidents = store.incidents()
    assert len(incidents) >= 3
    assert all(len(i.mention_ids) <= 2 for i in incidents)


def test_different_places_or_attackers_stay_apart(store, stored, make_mention) -> None:
    add, cluster = stored
    a1, a2, a3 = add(["o1", "o2", "o3"])
    cluster(
        [
            make_mention(id="m1", article_id=a1, **EILAT, **IRI),
            make_mention(id="m2", article_id=a2, **HAIFA, **IRI),
            make_mention(
                id="m3",
                article_id=a3,
                actor_id="houthis",
                actor_umbrella="houthis",
                sentence="Yemen's Houthis said their missile force fired at the port of Haifa.",
                **HAIFA,
            ),
        ]
    )
    assert len(store.incidents()) == 3


def test_a_country_level_report_does_not_open_its_incident_to_every_town(store, stored, make_mention) -> None:
    add, cluster = stored
    a1, a2, a3 = add(["o1", "o2", "o3"])
    israel = dict(place_id="country:IL", place_text="Israel", lat=31.5, lon=34.75, geo_precision="country",
                  target_country="IL")  # fmt: skip
    cluster(
        [
            make_mention(id="m1", article_id=a1, sentence="Drones hit Eilat.", **EILAT, **IRI),
            make_mention(id="m2", article_id=a2, sentence="A drone attack on Israel.", **israel, **IRI),
            # Haifa is 360 km from Eilat: the country-level report between them must not bridge them.
            make_mention(id="m3", article_id=a3, sentence="A drone struck Haifa port.", **HAIFA, **IRI),
        ]
    )
    (eilat,) = [i for i in store.incidents() if "m1" in i.mention_ids]
    assert "m3" not in eilat.mention_ids
    assert "m2" in eilat.mention_ids  # the country-level report still joins the incident in its country


def test_one_articles_two_targets_never_merge(store, stored, make_mention) -> None:
    add, cluster = stored
    (a1,) = add(["o1"])
    near = dict(EILAT, place_id="site:eilat-port", place_text="Eilat port", lat=29.545, lon=34.955)
    cluster(
        [
            make_mention(id="m1", article_id=a1, **EILAT, **IRI),
            make_mention(id="m2", article_id=a1, **near, **IRI),
        ]
    )
    assert len(store.incidents()) == 2


def test_a_later_report_joins_and_the_id_stays(store, stored, make_mention) -> None:
    add, cluster = stored
    a1, a2 = add(["first", "second"])
    cluster([make_mention(id="m1", article_id=a1, **EILAT, **IRI)])
    (before,) = store.incidents()
    result = cluster(
        [make_mention(id="m2", article_id=a2, event_date=date(2024, 10, 2), date_precision="report", **EILAT)]
    )
    (after,) = store.incidents()
    assert after.id == before.id and result.created == 0 and result.updated == 1
    assert set(after.mention_ids) == {"m1", "m2"} and after.event_date == date(2024, 10, 1)
    assert after.first_seen == before.first_seen


def test_clustering_again_changes_nothing(store, stored, make_mention) -> None:
    add, cluster = stored
    a1, a2 = add(["first", "second"])
    cluster(
        [make_mention(id="m1", article_id=a1, **EILAT, **IRI), make_mention(id="m2", article_id=a2, **EILAT)]
    )
    before = store.incidents()
    result = cluster_mentions(store.unclustered_mentions(), store=store, settings=Settings())
    assert result.saved == [] and store.incidents() == before


def test_a_region_does_not_swallow_a_distant_town_of_the_same_country(store, stored, make_mention) -> None:
    add, cluster = stored
    a1, a2 = add(["o1", "o2"])
    golan = dict(place_id="region:golan-heights", place_text="the Golan", lat=33.0, lon=35.75,
                 geo_precision="region", target_country="IL")  # fmt: skip
    cluster(
        [
            make_mention(id="m1", article_id=a1, **golan, **IRI),
            make_mention(id="m2", article_id=a2, **EILAT, **IRI),
        ]
    )
    assert len(store.incidents()) == 2


def test_a_region_across_the_border_does_not_take_a_town_of_another_country(
    store, stored, make_mention
) -> None:
    # Strikes on "southern Lebanon" reach as far as Kiryat Shmona on the map; a rocket that hit the
    # Israeli town is another attack, whoever fired it.
    add, cluster = stored
    a1, a2 = add(["o1", "o2"])
    south_lebanon = dict(place_id="region:southern-lebanon", place_text="southern Lebanon", lat=33.27,
                         lon=35.4, geo_precision="region", target_country="LB")  # fmt: skip
    israel = dict(actor_id="israel", actor_umbrella="israel")
    cluster(
        [
            make_mention(
                id="m1",
                article_id=a1,
                sentence="Israeli jets struck Hezbollah posts across southern Lebanon.",
                **south_lebanon,
                **israel,
                weapon="airstrike",
            ),
            make_mention(
                id="m2",
                article_id=a2,
                sentence="A rocket hit a house in Kiryat Shmona, wounding two.",
                **KIRYAT_SHMONA,
                weapon="rocket",
            ),
        ]
    )
    assert len(store.incidents()) == 2


def test_the_incident_names_the_group_not_a_description(store, stored, make_mention) -> None:
    add, cluster = stored
    a1, a2, a3 = add(["o1", "o2", "o3"])
    vague = dict(actor_id="unspecified-iran-backed-groups", actor_umbrella=None)
    cluster(
        [
            make_mention(id="m1", article_id=a1, **EILAT, **vague),
            make_mention(id="m2", article_id=a2, **EILAT, **vague),
            make_mention(id="m3", article_id=a3, **EILAT, **IRI),
        ]
    )
    (incident,) = store.incidents()
    assert incident.actor_id == "islamic-resistance-in-iraq"
    assert incident.actor_umbrella == "islamic-resistance-in-iraq"


ADEN = dict(
    place_id="gn:415189", place_text="Aden", lat=12.78, lon=45.04, geo_precision="town", target_country="YE"
)
HOUTHIS = dict(actor_id="houthis", actor_umbrella="houthis")


def test_reports_of_one_named_ship_join_whatever_place_they_give(store, stored, make_mention) -> None:
    add, cluster = stored
    first, second, third = add(["wire", "maritime-daily", "gulf-news"])
    ship = dict(target_kind="ship", **HOUTHIS)
    cluster(
        [
            make_mention(id="m1", article_id=first, target_text="Northern Willow", **ship, **ADEN),
            make_mention(id="m2", article_id=second, target_text="MV Northern Willow", **ship),
            make_mention(id="m3", article_id=third, target_text="Amber Coast", **ship),
        ]
    )
    incidents = {frozenset(i.mention_ids) for i in store.incidents()}
    assert incidents == {frozenset({"m1", "m2"}), frozenset({"m3"})}


def test_a_late_report_of_a_ships_sinking_joins_its_attack(store, stored, make_mention) -> None:
    add, cluster = stored
    attack, sinking, other = add(["wire", "maritime-daily", "gulf-news"])
    day = date(2024, 9, 14)
    ship = dict(target_kind="ship", **HOUTHIS)
    cluster(
        [
            make_mention(id="m1", article_id=attack, event_date=day, target_text="Amber Coast", **ship),
            make_mention(
                id="m2",
                article_id=sinking,
                event_date=day + timedelta(days=6),
                target_text="Amber Coast",
                **ship,
            ),
            make_mention(id="m3", article_id=other, event_date=day + timedelta(days=6), **ADEN, **HOUTHIS),
        ]
    )
    incidents = {frozenset(i.mention_ids): i for i in store.incidents()}
    assert set(incidents) == {frozenset({"m1", "m2"}), frozenset({"m3"})}
    assert incidents[frozenset({"m1", "m2"})].event_date == day


def test_a_states_strike_does_not_merge_with_the_attack_it_answers(store, stored, make_mention) -> None:
    add, cluster = stored
    a1, a2, a3 = add(["o1", "o2", "o3"])
    kh = dict(actor_id="kataib-hezbollah", actor_umbrella="islamic-resistance-in-iraq")
    described = dict(actor_id="unspecified-iran-backed-groups", actor_umbrella=None)
    story = "Militants struck Erbil Air Base; the US answered with strikes on three sites in Iraq."
    cluster(
        [
            make_mention(id="m1", article_id=a1, sentence=story, **ERBIL, **kh),
            make_mention(id="m2", article_id=a2, sentence=story, **ERBIL, **described),
            make_mention(id="m3", article_id=a3, sentence=story, **IRAQ, **US),
        ]
    )
    (strike,) = [i for i in store.incidents() if "m3" in i.mention_ids]
    assert strike.mention_ids == ("m3",)
    assert strike.actor_umbrella == "united-states"


def test_a_report_in_part_of_a_sea_joins_one_in_the_whole_sea(store, stored, make_mention) -> None:
    # The centres of "the Red Sea" and "the southern Red Sea" lie 600 km apart; the Gulf of Aden is
    # another sea.
    add, cluster = stored
    a1, a2, a3 = add(["o1", "o2", "o3"])
    red_sea = dict(place_id="sea:red-sea", place_text="the Red Sea", lat=20.0, lon=38.5,
                   geo_precision="sea")  # fmt: skip
    south = dict(place_id="sea:southern-red-sea", place_text="southern Red Sea", lat=15.0, lon=41.5,
                 geo_precision="sea")  # fmt: skip
    aden = dict(place_id="sea:gulf-of-aden", place_text="Gulf of Aden", lat=12.5, lon=47.5,
                geo_precision="sea")  # fmt: skip
    cluster(
        [
            make_mention(
                id="m1", article_id=a1, sentence="Navy helicopters sank three boats.", **red_sea, **US
            ),
            make_mention(
                id="m2", article_id=a2, sentence="Three boats were sunk by US helicopters.", **south, **US
            ),
            make_mention(id="m3", article_id=a3, sentence="A US destroyer downed two drones.", **aden, **US),
        ]
    )
    assert sorted(sorted(i.mention_ids) for i in store.incidents()) == [["m1", "m2"], ["m3"]]


@pytest.mark.parametrize(("toll", "incidents"), [(3, 1), (1, 2)])
def test_a_named_ship_and_a_vessel_at_sea_in_one_article_are_one_attack_unless_tolls_differ(
    store, stored, make_mention, toll, incidents
) -> None:
    add, cluster = stored
    (a1,) = add(["o1"])
    houthis = dict(actor_id="houthis", actor_umbrella="houthis")
    aden = dict(place_id="sea:gulf-of-aden", place_text="the Gulf of Aden", lat=12.5, lon=47.5,
                geo_precision="sea")  # fmt: skip
    cluster(
        [
            make_mention(
                id="m1",
                article_id=a1,
                sentence="A missile hit a vessel in the Gulf of Aden, leaving three sailors dead.",
                date_precision="report",
                killed=3,
                **aden,
                **houthis,
            ),
            make_mention(
                id="m2",
                article_id=a1,
                sentence="The missile struck the True Confidence, killing three of its crew.",
                target_kind="ship",
                target_text="True Confidence",
                killed=toll,
                **houthis,
            ),
        ]
    )
    assert len(store.incidents()) == incidents
