"""How dates decide merges: a report dated only to a week or a month ("in late July"), or an attack retold
without its day, joins the incident it retells and starts none; two towns each dated to its own day are two
attacks."""

from datetime import date

from cluster_support import AIN_AL_ASAD, IRAQ, JORDAN, KIRYAT_SHMONA, SAFED, TOWER_22

from proxywatch.cluster.incidents import cluster_mentions
from proxywatch.settings import Settings

# A second base in Jordan, far from Tower 22.
AZRAQ = dict(
    place_id="site:muwaffaq-salti",
    place_text="Muwaffaq Salti Air Base",
    lat=31.827,
    lon=36.782,
    geo_precision="site",
    target_country="JO",
)


def _cluster(store, make_article, mentions):
    for article_id in sorted({m.article_id for m in mentions}):
        store.add_articles(
            [make_article(id=article_id, outlet=article_id, url=f"https://{article_id}.invalid/")]
        )
        store.replace_mentions(
            article_id,
            [m for m in mentions if m.article_id == article_id],
            extractor_version="t",
            run_id=None,
        )
    result = cluster_mentions(store.unclustered_mentions(), store=store, settings=Settings())
    store.save_incidents(result.saved, removed=result.removed)
    return result


def test_a_month_precision_report_alone_starts_no_incident(store, make_article, make_mention) -> None:
    late_july = make_mention(
        article_id="a1", event_date=date(2024, 7, 26), date_precision="month", **AIN_AL_ASAD
    )
    result = _cluster(store, make_article, [late_july])
    assert result.saved == [] and store.incidents() == []
    assert [m.id for m in store.unclustered_mentions()] == [late_july.id]  # kept, and tried again next run


def test_a_month_precision_report_joins_the_attack_it_retells(store, make_article, make_mention) -> None:
    attack = make_mention(article_id="a1", event_date=date(2024, 7, 30), **AIN_AL_ASAD)
    retold = make_mention(
        article_id="a2", event_date=date(2024, 7, 26), date_precision="month", **AIN_AL_ASAD
    )
    _cluster(store, make_article, [attack, retold])
    (incident,) = store.incidents()
    assert set(incident.mention_ids) == {attack.id, retold.id}
    assert incident.event_date == date(2024, 7, 30)  # the day-precision report dates the incident


def test_a_later_run_attaches_a_waiting_vague_report(store, make_article, make_mention) -> None:
    retold = make_mention(article_id="a2", event_date=date(2024, 8, 1), date_precision="week", **AIN_AL_ASAD)
    _cluster(store, make_article, [retold])
    attack = make_mention(article_id="a1", event_date=date(2024, 7, 30), **AIN_AL_ASAD)
    _cluster(store, make_article, [attack])
    (incident,) = store.incidents()
    assert set(incident.mention_ids) == {attack.id, retold.id}


def test_a_vague_report_outside_its_range_or_only_placed_in_a_country_joins_nothing(
    store, make_article, make_mention
) -> None:
    attack = make_mention(article_id="a1", event_date=date(2024, 7, 30), **AIN_AL_ASAD)
    week_before = make_mention(
        article_id="a2", event_date=date(2024, 7, 22), date_precision="week", **AIN_AL_ASAD
    )
    in_iraq = make_mention(article_id="a3", event_date=date(2024, 7, 16), date_precision="month", **IRAQ)
    _cluster(store, make_article, [attack, week_before, in_iraq])
    (incident,) = store.incidents()
    assert incident.mention_ids == (attack.id,)


def test_two_towns_a_day_apart_are_two_attacks_but_one_town_a_day_apart_is_one(
    store, make_article, make_mention
) -> None:
    kiryat_shmona = make_mention(article_id="a1", event_date=date(2024, 2, 13), **KIRYAT_SHMONA)
    safed = make_mention(article_id="a2", event_date=date(2024, 2, 14), **SAFED)
    safed_next_day = make_mention(
        article_id="a3", event_date=date(2024, 2, 15), **SAFED
    )  # a report past midnight
    _cluster(store, make_article, [kiryat_shmona, safed, safed_next_day])
    groups = sorted(sorted(i.mention_ids) for i in store.incidents())
    assert groups == sorted([[kiryat_shmona.id], sorted([safed.id, safed_next_day.id])])


def _tower_22_attack(make_mention):
    return make_mention(
        article_id="a1",
        event_date=date(2024, 1, 28),
        killed=3,
        sentence="A drone killed three soldiers at Tower 22.",
        **TOWER_22,
    )


def test_an_attack_retold_without_its_day_joins_the_earlier_attack_it_singles_out(
    store, make_article, make_mention
) -> None:
    attack = _tower_22_attack(make_mention)
    other = make_mention(
        article_id="a2",
        event_date=date(2024, 1, 29),
        killed=1,
        sentence="A rocket hit the air base at Azraq.",
        **AZRAQ,
    )
    # "a response to the drone attack in Jordan that killed three soldiers", two days later
    retold = make_mention(
        article_id="a3",
        event_date=date(2024, 1, 30),
        date_precision="retold",
        killed=3,
        sentence="The president settled on a response to the attack in Jordan.",
        **JORDAN,
    )
    _cluster(store, make_article, [attack, other, retold])
    by_mentions = {frozenset(i.mention_ids) for i in store.incidents()}
    assert by_mentions == {frozenset({attack.id, retold.id}), frozenset({other.id})}


def test_a_retold_attack_starts_nothing_and_joins_nothing_it_does_not_single_out(
    store, make_article, make_mention
) -> None:
    attack = _tower_22_attack(make_mention)
    no_toll = make_mention(
        article_id="a2",
        event_date=date(2024, 1, 30),
        date_precision="retold",
        sentence="Talks on Jordan.",
        **JORDAN,
    )
    after = make_mention(
        article_id="a3",
        event_date=date(2024, 1, 26),
        date_precision="retold",
        killed=3,
        sentence="Before it.",
        **JORDAN,
    )
    alone = make_mention(
        article_id="a4",
        event_date=date(2024, 1, 30),
        date_precision="retold",
        killed=2,
        sentence="Elsewhere.",
        **IRAQ,
    )
    _cluster(store, make_article, [attack, no_toll, after, alone])
    (incident,) = store.incidents()
    assert incident.mention_ids == (attack.id,)  # the report before the attack cannot retell it
    assert {m.id for m in store.unclustered_mentions()} == {no_toll.id, after.id, alone.id}


def test_a_month_precision_report_joins_an_attack_anywhere_in_its_range(
    store, make_article, make_mention
) -> None:
    attack = make_mention(
        article_id="a1", event_date=date(2024, 4, 1), sentence="A drone hit a house in Safed.", **SAFED
    )
    # told on 14 April: its middle day is 7 April
    retold = make_mention(
        article_id="a2",
        event_date=date(2024, 4, 7),
        date_precision="month",
        weapon="unknown",
        sentence="The army answered an assault earlier this month on Safed.",
        **SAFED,
    )
    _cluster(store, make_article, [attack, retold])
    (incident,) = store.incidents()
    assert set(incident.mention_ids) == {attack.id, retold.id}


def test_a_month_precision_report_of_a_named_ship_joins_that_ships_attack(
    store, make_article, make_mention
) -> None:
    attack = make_mention(
        article_id="a1",
        event_date=date(2024, 3, 19),
        target_kind="ship",
        target_text="Amber Coast",
        actor_id="houthis",
        actor_umbrella="houthis",
        sentence="Houthi fighters seized the Amber Coast off Hodeidah on Tuesday.",
    )
    # "in March they hijacked the MV Amber Coast", told weeks later: no day, no place, no attacker
    retold = make_mention(
        article_id="a2",
        event_date=date(2024, 3, 15),
        date_precision="month",
        weapon="unknown",
        target_kind="ship",
        target_text="MV Amber Coast",
        sentence="Crews have been held for months since the hijacking of the MV Amber Coast.",
    )
    _cluster(store, make_article, [attack, retold])
    (incident,) = store.incidents()
    assert set(incident.mention_ids) == {attack.id, retold.id}


def test_a_report_without_its_own_day_joins_the_attack_of_days_before_that_gave_its_toll(
    store, make_article, make_mention
) -> None:
    golan = dict(place_id="region:golan-heights", place_text="Golan Heights", lat=33.0, lon=35.75,
                 geo_precision="region", target_country="IL")  # fmt: skip
    strike = dict(event_date=date(2024, 7, 27), date_precision="day", killed=12, **golan)
    _cluster(
        store,
        make_article,
        [
            make_mention(article_id="a1", sentence="A rocket hit a football pitch, killing 12.", **strike),
            # Two days later, a headline dated only by its publication: "the strike that killed 12".
            make_mention(
                article_id="a2",
                sentence="Clues surface from the Golan strike that killed 12 children",
                event_date=date(2024, 7, 29),
                date_precision="report",
                killed=12,
                **golan,
            ),
            # Another toll, the same days: another attack.
            make_mention(
                article_id="a3",
                sentence="A drone killed two farmers near the fence.",
                event_date=date(2024, 7, 29),
                date_precision="report",
                killed=2,
                **golan,
            ),
        ],
    )
    assert sorted(sorted(i.article_ids) for i in store.incidents()) == [["a1", "a2"], ["a3"]]
