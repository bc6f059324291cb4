"""Clauses about another event, threats and names: what a sentence tells of besides its own attack."""

from datetime import date

from proxywatch.models import Weapon


def test_the_event_an_attack_answers_is_not_its_target_or_attacker(extract_text) -> None:
    mentions = extract_text(
        "CNN reported that on Saturday the Israeli Air Force hit Hodeidah Port in Yemen, after a drone "
        "attack by the Houthis on Tel Aviv on Thursday.",
        published=date(2024, 7, 21),
    )
    by_place = {m.place_text: m for m in mentions}
    assert by_place["Hodeidah Port"].actor_umbrella == "israel"
    # The retold attack keeps its own attacker and day instead of taking the strike's.
    tel_aviv = by_place["Tel Aviv"]
    assert tel_aviv.actor_id == "houthis" and tel_aviv.weapon == Weapon.DRONE
    assert tel_aviv.event_date == date(2024, 7, 18)


def test_a_grievance_without_time_or_toll_gives_no_mention(extract_text) -> None:
    (m,) = extract_text(
        "On Sunday, Hezbollah fired rockets at Kiryat Shmona in response to Israeli strikes in Beirut.",
        published=date(2024, 10, 14),
    )
    assert m.place_text == "Kiryat Shmona" and m.actor_id == "hezbollah"


def test_a_clause_that_is_the_event_itself_is_kept(extract_text) -> None:
    (m,) = extract_text(
        "Three US soldiers were killed after a drone struck Tower 22 in Jordan on Sunday.",
        published=date(2024, 1, 29),
    )
    assert m.place_id == "site:tower-22" and m.killed == 3 and m.weapon == Weapon.DRONE


def test_going_after_a_base_is_an_attack_not_a_time_clause(extract_text) -> None:
    mentions = extract_text(
        "The Hezbollah statement said its fighters had gone after the Meron air control base on Saturday, "
        "firing 62 missiles.",
        published=date(2024, 1, 7),
    )
    assert [m.place_id for m in mentions] == ["site:meron"]


def test_pledges_and_promises_are_not_attacks(extract_text) -> None:
    assert extract_text("In early December, the Houthis pledged to strike any vessel in the Red Sea.") == []
    assert extract_text("The group promised to attack US bases in Iraq and Syria.") == []


def test_a_weapon_name_is_not_a_place(extract_text) -> None:
    assert extract_text("According to the Houthis, they launched a drone named 'Yafa' on Friday.") == []


def test_a_state_targeted_by_name_is_the_country_hit(extract_text) -> None:
    (m,) = extract_text(
        "On Saturday night, Iran sent attack drones and missiles toward Israel.",
        published=date(2024, 4, 14),
    )
    assert m.actor_umbrella == "iran" and m.target_country == "IL"


def test_missiles_beside_drones_make_the_weapon_mixed(extract_text) -> None:
    (m,) = extract_text(
        "On Friday the Islamic Resistance in Iraq said it attacked Eilat with drones and missiles.",
        published=date(2024, 6, 8),
    )
    assert m.weapon == Weapon.MIXED


def test_an_attack_told_only_as_the_reason_for_a_decision_is_retold_not_dated_by_the_decision(
    extract_text,
) -> None:
    (m,) = extract_text(
        "On Tuesday, the president said he had settled on a response to the drone attack in Jordan that "
        "killed three soldiers.",
        published=date(2024, 1, 30),
    )
    # Tuesday is the decision's day: the attack happened before the report, on a day it does not give.
    assert m.date_precision == "retold" and m.event_date == date(2024, 1, 30)
    assert m.target_country == "JO" and m.weapon == Weapon.DRONE and m.killed == 3


def test_a_known_attack_named_after_following_is_retold(extract_text) -> None:
    (m,) = extract_text(
        "An adviser said the decision came after days of talks to head off escalation following the "
        "attack on Tower 22.",
        published=date(2024, 1, 30),
    )
    assert m.place_id == "site:tower-22" and m.date_precision == "retold"


def test_a_time_clause_that_tells_the_sentence_own_event_is_not_retold(extract_text) -> None:
    (m,) = extract_text(
        "After a direct rocket hit in Safed was reported on Wednesday, medics said seven people were "
        "wounded.",
        published=date(2024, 2, 14),
    )
    assert m.date_precision == "day" and m.event_date == date(2024, 2, 14)


def test_a_retold_attack_and_the_report_own_attack_at_one_place_are_two_mentions(extract_text) -> None:
    mentions = extract_text(
        "A drone launched from Iraq was intercepted over the Golan Heights on Tuesday. The army has been on "
        "alert since Friday's deadly attack on a base in the Golan, in which two soldiers were killed.",
        published=date(2024, 10, 8),
    )
    assert sorted(m.date_precision for m in mentions) == ["day", "retold"]
    assert len({m.id for m in mentions}) == 2


def test_the_killing_of_n_gives_the_toll_of_a_retold_attack(extract_text) -> None:
    (m,) = extract_text(
        "The decision follows by a few days the killing of three US troops in a drone strike in Jordan.",
        published=date(2024, 1, 30),
    )
    assert m.killed == 3 and m.target_country == "JO" and m.date_precision == "retold"


def test_a_retold_attack_without_a_target_lends_nothing_to_the_sentence_own_attack(extract_text) -> None:
    mentions = extract_text(
        "The strike on Beirut is seen as retaliation for the rocket attack by Hezbollah on the Golan "
        "Heights.",
        published=date(2024, 7, 31),
    )
    beirut = next(m for m in mentions if m.place_text == "Beirut")
    assert beirut.actor_id is None and beirut.weapon != Weapon.ROCKET


def test_a_toll_places_a_retold_attack(extract_text) -> None:
    (m,) = extract_text(
        "That raid was retaliation for the missile strike in early March that left two US troops dead in "
        "Syria.",
        published=date(2024, 3, 4),
    )
    assert m.target_country == "SY" and m.killed == 2 and m.date_precision == "retold"


def test_an_attack_someone_is_accused_of_being_behind_keeps_its_own_day(extract_text) -> None:
    mentions = extract_text(
        "On Monday, Israeli jets struck a house in Tyre and killed a commander whom Israel accused of being "
        "behind the rocket attack on Nahariya on Friday.",
        published=date(2024, 8, 13),
    )
    by_place = {m.place_text: m for m in mentions}
    assert by_place["Tyre"].event_date == date(2024, 8, 12) and by_place["Tyre"].weapon == Weapon.AIRSTRIKE
    nahariya = by_place["Nahariya"]
    assert nahariya.event_date == date(2024, 8, 9) and nahariya.actor_umbrella != "israel"


def test_an_attack_retold_with_its_own_day_and_toll_is_kept_whatever_word_tells_of_it(extract_text) -> None:
    (m,) = extract_text(
        "Reports say a leader of a militia backed by Iran, which was behind a string of attacks made against "
        "American troops across the region, among them a Feb. 2 strike that killed two service members in "
        "Syria, was killed by a U.S. drone strike.",
        published=date(2024, 2, 20),
    )
    assert m.target_country == "SY" and m.killed == 2 and m.event_date == date(2024, 2, 2)
    assert m.actor_id is None  # the drone strike is the report's own event, not the retold one


def test_a_target_hung_beside_the_strike_it_was_hit_by_is_its_place(extract_text) -> None:
    (m,) = extract_text(
        "The assault is retaliation for an American strike on March 3 against a militia headquarters "
        "located in Baghdad, Iraq.",
        published=date(2024, 3, 10),
    )
    assert m.place_text == "Baghdad" and m.event_date == date(2024, 3, 3)
    assert m.actor_umbrella == "united-states"


def test_a_reason_inside_a_time_clause_is_an_attack_of_its_own(extract_text) -> None:
    mentions = extract_text(
        "The raid is the first such action since Washington struck 40 targets across Yemen last week in "
        "response to a drone attack that killed two American soldiers in Iraq in early March.",
        published=date(2024, 3, 20),
    )
    iraq = next(m for m in mentions if m.target_country == "IQ")
    assert iraq.killed == 2 and iraq.weapon == Weapon.DRONE and iraq.date_precision == "month"


def test_a_target_after_a_reason_clause_is_where_the_answered_attack_landed(extract_text) -> None:
    (m,) = extract_text(
        "Hezbollah fired rockets in retaliation for an Israeli strike on Tuesday on a house in Nabatieh.",
        published=date(2024, 4, 11),
    )
    # The parser hangs "on a house" on "fired"; it is the place of the strike answered.
    assert m.place_text == "Nabatieh" and m.actor_umbrella == "israel" and m.event_date == date(2024, 4, 9)


def test_an_attack_dated_earlier_this_month_is_one_attack_not_a_tally(extract_text) -> None:
    (m,) = extract_text(
        "The group fired rockets in answer to an Israeli strike earlier this month on a house in Nabatieh.",
        published=date(2024, 4, 20),
    )
    assert m.place_text == "Nabatieh" and m.date_precision == "month" and m.actor_umbrella == "israel"


def test_the_day_of_a_retold_attack_does_not_date_the_next_sentence(extract_text) -> None:
    mentions = extract_text(
        "The group said its fighters fired drones at Kiryat Shmona in response to an Israeli strike on "
        "Nabatieh on Thursday. Fighters also targeted the Metula post with rockets.",
        published=date(2024, 8, 10),
    )
    by_place = {m.place_text: m for m in mentions}
    assert by_place["Nabatieh"].event_date == date(2024, 8, 8)
    assert by_place["Metula"].event_date == date(2024, 8, 10)  # the report's own events, not Thursday's


def test_a_killing_answered_is_a_retold_attack(extract_text) -> None:
    mentions = extract_text(
        "Militants fired rockets at Safed in what they called a first response to a senior commander being "
        "killed in Tyre on Tuesday.",
        published=date(2024, 3, 14),
    )
    tyre = next(m for m in mentions if m.place_text == "Tyre")
    assert tyre.event_date == date(2024, 3, 12) and tyre.weapon != Weapon.ROCKET


def test_deaths_blamed_on_someone_are_a_retold_attack_with_their_toll(extract_text) -> None:
    mentions = extract_text(
        "After militias were blamed for the deaths in Syria last week of two American soldiers, the Pentagon "
        "struck 30 targets across Iraq.",
        published=date(2024, 3, 11),
    )
    syria = next(m for m in mentions if m.target_country == "SY")
    assert syria.killed == 2 and syria.date_precision == "week"


def test_a_date_after_following_opens_a_period_and_dates_no_attack(extract_text) -> None:
    mentions = extract_text(
        "Following October 7, 2023, the rebels were ignored by Israel after they fired missiles and drones "
        "at Eilat.",
        published=date(2024, 5, 20),
    )
    assert all(m.event_date != date(2023, 10, 7) for m in mentions)


def test_an_attack_named_by_a_day_weeks_old_is_background(extract_text) -> None:
    sentence = "The militia recalled how, in the March 3 raids, dozens of drones were flown at Eilat."
    assert extract_text(sentence, published=date(2024, 5, 20)) == []
    # Days later the same wording still reports that attack.
    (m,) = extract_text(sentence, published=date(2024, 3, 5))
    assert m.place_text == "Eilat" and m.event_date == date(2024, 3, 3)
