"""Where it landed: one mention per distinct target, background and causes are not targets."""

from datetime import date

from proxywatch.models import Weapon


def test_one_statement_against_two_targets_gives_two_mentions(extract_text) -> None:
    mentions = extract_text(
        "The Islamic Resistance in Iraq said it attacked a target in Eilat with drones and a site in the "
        "occupied Golan Heights with a cruise missile."
    )
    places = {m.place_id: m for m in mentions}
    assert set(places) == {"site:eilat", "region:golan-heights"}
    assert places["site:eilat"].weapon == "drone"
    assert places["region:golan-heights"].weapon == "cruise_missile"
    assert all(m.actor_umbrella == "islamic-resistance-in-iraq" for m in mentions)


def test_a_place_that_only_locates_the_base_is_not_a_second_target(extract_text) -> None:
    mentions = extract_text(
        "Two drones targeted Ain al-Asad air base in Anbar province in western Iraq on Tuesday."
    )
    assert [m.place_id for m in mentions] == ["site:ain-al-asad"]


def test_causes_sources_and_protests_are_not_targets(extract_text) -> None:
    text = (
        "The group said the drone attack on Eilat was in support of Gaza, according to Al-Mayadeen. "
        "Protests followed in Amman, Beirut and Tehran."
    )
    assert {m.place_id for m in extract_text(text)} == {"site:eilat"}


def test_the_backdrop_of_unrest_is_not_where_the_attack_landed(extract_text) -> None:
    text = "With tensions rising in the Gulf of Aden, a Houthi drone struck a tanker in the Red Sea on Monday"
    assert [m.place_text for m in extract_text(text)] == ["the Red Sea"]


def test_where_sirens_sounded_is_not_where_the_rockets_fell(extract_text) -> None:
    text = "As the missile salvo hit, sirens sounded in Tiberias, Ramat David, and across the Jezreel Valley"
    assert extract_text(text) == []


def test_background_and_threats_make_no_mention(extract_text) -> None:
    text = (
        "Iraqi militias have attacked US bases more than 150 times since October 7. "
        "Kataib Hezbollah warned that it would strike Erbil airport if the US retaliated. "
        "A 2020 US air strike in Baghdad killed Qassem Soleimani."
    )
    assert extract_text(text) == []


def test_an_article_without_attack_words_is_skipped_by_the_prefilter(components) -> None:
    from datetime import datetime

    from proxywatch.models import Article

    article = Article(
        id="x",
        url=None,
        outlet="o",
        title="Oil prices",
        text="Oil prices rose in Baghdad on trade talks.",
        published_at=datetime(2024, 10, 1),
        language="en",
        fetched_at=datetime(2024, 10, 1),
        content_hash="h",
    )
    assert not components.extractor.is_candidate(article)
    assert components.extractor.extract(article) == []


def test_several_weapons_against_one_target_are_mixed(extract_text) -> None:
    (m,) = extract_text("The Houthis said they fired drones and ballistic missiles at Eilat on Tuesday.")
    assert m.weapon == "mixed"


def test_one_thing_hit_in_a_region_is_one_attack(extract_text) -> None:
    (m,) = extract_text(
        "According to a Pentagon statement, the US military struck from the air a facility in eastern "
        "Syria used by the IRGC.",
        published=date(2023, 11, 9),
    )
    assert m.place_id == "region:eastern-syria" and m.actor_umbrella == "united-states"
    assert m.weapon == Weapon.AIRSTRIKE  # a state's strike with no weapon named
    assert extract_text("The US military has struck facilities in eastern Syria used by the IRGC.") == []


def test_an_apposition_after_a_town_does_not_cut_it_from_the_strike(extract_text) -> None:
    (m,) = extract_text(
        "A car in Khiara, a town in the Western Bekaa area, was struck by an Israeli drone on Saturday.",
        published=date(2024, 6, 23),
    )
    assert m.place_id == "site:khiara" and m.actor_umbrella == "israel"
    assert m.weapon == Weapon.AIRSTRIKE and m.event_date == date(2024, 6, 22)


def test_intercepted_before_reaching_is_the_same_event(extract_text) -> None:
    (m,) = extract_text(
        "On Sunday, the military said a drone from the east had been intercepted before reaching Eilat.",
        published=date(2024, 10, 6),
    )
    assert m.place_id == "site:eilat" and m.weapon == Weapon.DRONE


def test_a_barrage_of_missiles_is_missiles_and_sirens_are_no_weapon(extract_text) -> None:
    (m,) = extract_text(
        "Iran fired a barrage of ballistic missiles at Israel on Tuesday evening, setting off air raid "
        "sirens across the country.",
        published=date(2024, 10, 2),
    )
    assert m.weapon == Weapon.BALLISTIC_MISSILE


def test_a_region_across_the_border_does_not_fold_into_a_town(extract_text) -> None:
    mentions = extract_text(
        "On Wednesday Israel hit southern Lebanon with a wave of air strikes, after a Hezbollah rocket "
        "strike on Safed killed a soldier on Wednesday morning.",
        published=date(2024, 2, 14),
    )
    by_place = {m.place_id: m for m in mentions}
    assert by_place["region:southern-lebanon"].actor_umbrella == "israel"
    assert by_place["region:southern-lebanon"].weapon == Weapon.AIRSTRIKE
    assert by_place["site:safed"].actor_id == "hezbollah"


def test_a_drone_that_blew_up_over_a_city_is_an_attack_there(extract_text) -> None:
    (m,) = extract_text(
        "Around 3 a.m. on Friday, a UAV blew up in downtown Tel Aviv, close to a consulate.",
        published=date(2024, 7, 19),
    )
    assert m.place_text == "Tel Aviv" and m.weapon == Weapon.DRONE and m.event_date == date(2024, 7, 19)


def test_a_place_in_apposition_only_locates_the_place_before_it(extract_text) -> None:
    mentions = extract_text(
        "The Islamic Resistance in Iraq claimed a drone attack on Monday against Eilat, a city in the south "
        "of Israel.",
        published=date(2024, 3, 6),
    )
    assert [m.place_text for m in mentions] == ["Eilat"]


def test_a_border_named_to_locate_a_base_is_no_target(extract_text) -> None:
    mentions = extract_text(
        "Smoke rises after a Hezbollah missile attack targeting an Israeli radar base by the border with "
        "Lebanon on March 4, 2024.",
        published=date(2024, 3, 6),
    )
    assert "LB" not in {m.target_country for m in mentions}


def test_the_attackers_home_beside_its_name_is_no_target(extract_text) -> None:
    for text in (
        "A Houthi official said that Yemen's Iran-backed Houthis had launched drones at Israel on Monday.",
        "On Monday, rockets launched by Hezbollah in Lebanon killed a soldier and injured eight people.",
    ):
        mentions = extract_text(text, published=date(2024, 3, 6))
        assert not {m.target_country for m in mentions} & {"YE", "LB"}, text


def test_after_an_attack_noun_the_place_beside_the_attacker_is_where_it_struck(extract_text) -> None:
    (m,) = extract_text(
        "Three US service members were killed on Sunday in a drone attack by Iran-backed militants in "
        "Jordan.",
        published=date(2024, 1, 29),
    )
    assert m.target_country == "JO"


def test_a_group_named_before_a_bracketed_acronym_is_the_subject(extract_text) -> None:
    (m,) = extract_text(
        "The monitor said the Syrian Democratic Forces (SDF), which the U.S. backs, shelled militants in "
        "Deir al-Zour on Monday.",
        published=date(2024, 3, 6),
    )
    assert m.actor_id == "sdf"


def test_the_side_held_responsible_is_no_target(extract_text) -> None:
    (m,) = extract_text(
        "That strike, for which Tehran holds Tel Aviv responsible, killed 16 people in Damascus on Monday.",
        published=date(2024, 4, 2),
    )
    assert m.place_text == "Damascus"


def test_a_place_that_names_the_clock_is_no_target(extract_text) -> None:
    text = (
        "Iran-backed militias fired rockets at Erbil air base on Sunday. "
        "The rockets were launched at about 9:15 p.m. Baghdad time, officials said."
    )
    assert {m.place_text for m in extract_text(text, published=date(2024, 3, 11))} == {"Erbil air base"}


def test_a_named_post_no_gazetteer_knows_is_the_target(extract_text) -> None:
    text = (
        "On Friday Hezbollah said it had struck soldiers at the Tamar barracks with rockets, and that its "
        "attack on the Zaatar post had wounded three Israeli soldiers."
    )
    mentions = extract_text(text, published=date(2024, 2, 10))
    assert sorted(m.place_text for m in mentions) == ["Tamar barracks", "Zaatar post"]
    assert {m.actor_id for m in mentions} == {"hezbollah"} and {m.place_id for m in mentions} == {None}


def test_a_post_named_by_its_owner_is_no_named_post(extract_text) -> None:
    assert extract_text("Hezbollah said it had struck the Israeli position with rockets.") == []


def test_a_town_named_as_one_is_the_target_when_no_gazetteer_knows_it(extract_text) -> None:
    (m,) = extract_text(
        "Israeli warplanes struck a house in the village of Kfar Zaatar on Monday, killing two people.",
        published=date(2024, 6, 12),
    )
    assert m.place_text == "Kfar Zaatar" and m.place_id is None and m.killed == 2


def test_a_place_glossed_with_its_common_name_is_that_place(extract_text) -> None:
    (m,) = extract_text(
        "On Friday the Houthis fired a drone at the port of Jaffa, which is known as 'Tel Aviv', the group "
        "said.",
        published=date(2024, 7, 19),
    )
    (tel_aviv,) = extract_text("A drone hit Tel Aviv on Friday.", published=date(2024, 7, 19))
    assert m.place_id == tel_aviv.place_id


def test_the_kind_of_place_before_its_name_keeps_it_the_target(extract_text) -> None:
    (m,) = extract_text(
        "On Tuesday an area close to the northern town of Metula was hit by two rockets.",
        published=date(2024, 5, 14),
    )
    assert m.place_text == "Metula" and m.weapon == Weapon.ROCKET
