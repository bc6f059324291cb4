"""Sentences around a target: which of them may add the attacker, the place or the claim."""

from datetime import UTC, date, datetime

from proxywatch.models import Article, ClaimStatus, Weapon


def test_a_background_sentence_does_not_lend_its_attacker(extract_text) -> None:
    (m,) = extract_text(
        "A drone struck the Tower 22 outpost in Jordan on Sunday, killing three US soldiers. "
        "Hamas fighters had launched the war months earlier.",
        published=date(2024, 1, 29),
    )
    assert m.place_id == "site:tower-22" and m.killed == 3
    assert m.actor_id is None


def test_a_sentence_that_points_back_to_the_attack_names_its_author(extract_text) -> None:
    (m,) = extract_text(
        "A drone struck the Tower 22 outpost in Jordan on Sunday, killing three US soldiers. "
        "Washington blamed Kataib Hezbollah for the attack.",
        published=date(2024, 1, 29),
    )
    assert m.place_id == "site:tower-22" and m.actor_id == "kataib-hezbollah"


def test_a_lead_without_a_place_joins_the_first_target_named(extract_text) -> None:
    (m,) = extract_text(
        "Hezbollah said that on Saturday it fired explosive drones at an army base in the north. "
        "In its statement, the group said its fighters targeted the Meron air control base.",
        published=date(2024, 8, 11),
    )
    assert m.place_id == "site:meron" and m.actor_id == "hezbollah"
    assert m.event_date == date(2024, 8, 10) and m.claim_status == ClaimStatus.CLAIMED


def test_a_pronoun_attacker_continues_the_claim_before_it(extract_text) -> None:
    mentions = extract_text(
        "The Islamic Resistance in Iraq said its fighters hit the al-Shaddadi base with drones on Thursday. "
        "A few hours earlier, they had also hit a US base at al-Tanf.",
        published=date(2023, 12, 14),
    )
    tanf = next(m for m in mentions if m.place_id == "site:al-tanf")
    assert tanf.actor_id == "islamic-resistance-in-iraq"
    assert tanf.claim_status == ClaimStatus.CLAIMED


def test_a_pronoun_after_a_name_in_its_own_sentence_is_not_the_attacker_before(extract_text) -> None:
    mentions = extract_text(
        "An Israeli drone struck a car in Nabatieh on Saturday. On Sunday morning a drone launched from "
        "Lebanon struck the Metula area. According to the IDF, it fired an interceptor missile but could "
        "not stop the drone.",
        published=date(2024, 6, 24),
    )
    metula = [m for m in mentions if m.place_text == "Metula"]
    assert len(metula) == 1 and metula[0].actor_id is None


def test_the_group_points_back_past_a_generic_description_to_the_group_named(extract_text) -> None:
    mentions = extract_text(
        "The Islamic Resistance in Iraq said it struck Eilat with a drone on Monday. Striking Eilat from "
        "Iraq is a new escalation by groups backed by Iran. On Sunday the group claimed it had targeted "
        "Haifa port with two drones.",
        published=date(2024, 4, 2),
    )
    haifa = next(m for m in mentions if m.place_text == "Haifa port")
    assert haifa.actor_id == "islamic-resistance-in-iraq"


def test_a_place_from_the_next_sentence_only_when_it_points_back(extract_text) -> None:
    (m,) = extract_text(
        "Two soldiers were wounded in a rocket attack on Tuesday. It took place at Erbil air base.",
        published=date(2024, 1, 10),
    )
    assert m.place_id == "site:erbil-airport" and m.injured == 2
    assert (
        extract_text(
            "The army shot down every drone the group sent on Sunday. Nasrallah in Beirut and Khamenei in "
            "Tehran should take note, the prime minister said.",
            published=date(2024, 8, 26),
        )
        == []
    )


def test_habits_and_tallies_are_not_one_attack(extract_text) -> None:
    assert extract_text("The group has been targeting US bases in Syria since November.") == []
    assert extract_text("The militia often claims drone attacks on Eilat and the Golan.") == []
    assert extract_text("Fighters have attacked the Conoco base dozens of times.") == []


def test_one_day_of_a_string_of_attacks_is_one_attack(extract_text) -> None:
    (m,) = extract_text(
        "Iran carried out a string of drone and missile attacks on Israel on Saturday, April 13, 2024.",
        published=date(2024, 4, 14),
    )
    assert m.target_country == "IL" and m.actor_id == "iran"
    assert m.weapon == Weapon.MIXED and m.event_date == date(2024, 4, 13)


def test_a_state_affirming_an_attack_does_not_hand_it_to_the_last_group_named(components) -> None:
    # "a affirmé" is claim language in French; said by a state's president it confirms, and must not
    # give the attack to the group named in the sentence before (Hamas, of another event).
    text = (
        "Dimanche 28 janvier, un drone a frappé la base américaine Tower 22 en Jordanie, tuant trois "
        "militaires américains. Jamais depuis l'attaque menée par le Hamas contre Israël des soldats "
        "américains n'avaient péri dans la région. Dans un communiqué, le président américain a affirmé "
        "que trois militaires avaient perdu la vie lors d'une attaque de drone visant les forces "
        "américaines en Jordanie."
    )
    article = Article(
        id="fr-tower22",
        url=None,
        outlet="Test",
        title="",
        text=text,
        published_at=datetime(2024, 1, 29, 9, 0),
        language="fr",
        fetched_at=datetime(2024, 1, 29, tzinfo=UTC),
        content_hash="fr-tower22",
    )
    mentions = components.resolver.resolve_article(components.extractor.extract(article), article)
    assert mentions
    assert all(m.actor_id != "hamas" for m in mentions if m.event_date and m.event_date.year == 2024)


def test_the_other_sides_warplanes_in_the_lead_are_not_the_groups_weapon(extract_text) -> None:
    text = (
        "The army said its helicopters were hitting the sources of the rocket fire from Lebanon. "
        "Hezbollah said it had targeted soldiers at the Zaatar post."
    )
    (m,) = extract_text(text, published=date(2024, 2, 10))
    assert m.actor_id == "hezbollah" and m.weapon == Weapon.ROCKET


def test_the_attack_a_sentence_opens_with_is_the_one_its_author_was_just_named_for(extract_text) -> None:
    text = (
        "Israel's army has killed a senior Hezbollah commander. "
        "The strike that killed him took place in the village of Kfar Zaatar on Monday."
    )
    (m,) = extract_text(text, published=date(2024, 6, 12))
    assert m.actor_umbrella == "israel" and m.place_text == "Kfar Zaatar"
