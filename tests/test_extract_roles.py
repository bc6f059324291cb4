"""Who attacked whom: perpetrator, target, defender and speaker roles on real-style sentences."""

from datetime import date

from proxywatch.models import ClaimStatus, Weapon


def test_a_claim_names_the_group_as_attacker_and_the_base_as_target(extract_text) -> None:
    (m,) = extract_text(
        "The Islamic Resistance in Iraq said on Tuesday it had targeted US forces at Ain al-Asad air base "
        "with two drones."
    )
    assert m.actor_id == "islamic-resistance-in-iraq" and m.actor_umbrella == "islamic-resistance-in-iraq"
    assert m.place_id == "site:ain-al-asad" and m.target_country == "IQ"
    assert m.weapon == Weapon.DRONE and m.n_attacks == 2
    assert m.claim_status == ClaimStatus.CLAIMED


def test_a_faction_resolves_to_its_umbrella_at_the_time(extract_text) -> None:
    (m,) = extract_text("Kataib Hezbollah fired rockets at the al-Tanf garrison on Monday, a statement said.")
    assert m.actor_id == "kataib-hezbollah"
    assert m.actor_umbrella == "islamic-resistance-in-iraq"
    assert m.weapon == Weapon.ROCKET


def test_the_side_that_intercepts_is_not_the_attacker(extract_text) -> None:
    (m,) = extract_text(
        "The Israeli military said it intercepted a drone launched from Iraq toward Eilat overnight."
    )
    assert m.actor_id is None
    assert m.origin_country == "IQ" and not m.origin_inferred
    assert m.place_id == "site:eilat"
    assert m.claim_status in (ClaimStatus.INTERCEPTED, ClaimStatus.CONFIRMED)


def test_the_side_that_was_hit_is_not_the_attacker(extract_text) -> None:
    mentions = extract_text(
        "Three US soldiers were killed when a drone struck Tower 22 in Jordan on Sunday.",
        published=date(2024, 1, 29),
    )
    (m,) = mentions
    assert m.actor_id is None and m.killed == 3
    assert m.place_id == "site:tower-22"


def test_passive_voice_names_the_agent(extract_text) -> None:
    (m,) = extract_text(
        "On Christmas Day, the Erbil Air Base was attacked by Kataib Hezbollah with a drone.",
        published=date(2023, 12, 26),
    )
    assert m.actor_id == "kataib-hezbollah"


def test_a_states_strike_is_an_airstrike_and_its_own_statement_a_claim(extract_text) -> None:
    (m,) = extract_text(
        "The IDF said its fighter jets struck Hodeidah port in Yemen on Saturday.",
        published=date(2024, 7, 21),
    )
    assert m.actor_umbrella == "israel"
    assert m.weapon == Weapon.AIRSTRIKE
    assert m.claim_status == ClaimStatus.CLAIMED


def test_an_apposition_gives_its_role_to_the_name_it_describes(extract_text) -> None:
    (m,) = extract_text(
        "Hezbollah, Lebanon's Iran-backed group, said that on Saturday it fired drones at the Meron base.",
        published=date(2024, 8, 11),
    )
    assert m.actor_id == "hezbollah" and m.claim_status == ClaimStatus.CLAIMED
    (m,) = extract_text(
        "An umbrella of Iran-backed militias, the Islamic Resistance in Iraq, said it had targeted Eilat "
        "with drones on Friday."
    )
    assert m.actor_id == "islamic-resistance-in-iraq"
    (m,) = extract_text(
        "The Islamic Resistance in Iraq, which serves as an umbrella for Iraqi armed factions, said its "
        "fighters struck the al-Shaddadi base with drones on Thursday.",
        published=date(2023, 12, 15),
    )
    assert m.actor_id == "islamic-resistance-in-iraq"


def test_a_patron_or_a_source_is_not_the_attacker(extract_text) -> None:
    (m,) = extract_text("On Monday, a group backed by Iran sent drones at Eilat, hitting a school.")
    assert m.actor_id != "iran" and m.actor_umbrella is None and m.place_id == "site:eilat"
    (m,) = extract_text("According to reports from Israel, two rockets hit Kiryat Shmona on Monday.")
    assert m.actor_id is None


def test_a_state_that_reports_its_interception_is_the_defender(extract_text) -> None:
    mentions = extract_text(
        "On Tuesday, Israel's military said it had used the Arrow system for the first time, intercepting "
        "a surface-to-surface missile over the Red Sea that was fired toward Eilat.",
        published=date(2023, 11, 1),
    )
    assert all(m.actor_umbrella != "israel" for m in mentions)
    assert all(m.place_id != "sea:red-sea" for m in mentions)


def test_a_place_that_fires_is_the_attacker_not_the_target(extract_text) -> None:
    assert (
        extract_text(
            "The minister said the operation was over, after Tehran fired missiles on Tuesday night."
        )
        == []
    )


def test_a_day_after_on_is_not_a_target(extract_text) -> None:
    (m,) = extract_text(
        "On Wednesday Israel struck a Hezbollah depot in Nabatieh.", published=date(2024, 2, 15)
    )
    assert m.actor_umbrella == "israel"


def test_a_ministry_that_counts_the_dead_is_a_source(extract_text) -> None:
    (m,) = extract_text(
        "The Lebanese Health Ministry said three people were killed when a strike hit Haret Hreik on "
        "Tuesday.",
        published=date(2024, 7, 31),
    )
    assert m.actor_id != "lebanese-government" and m.killed == 3


def test_whoever_claims_the_attack_is_its_author(extract_text) -> None:
    (m,) = extract_text(
        "On Friday a strike by an Iranian drone, for which the Houthis claimed responsibility, hit central "
        "Tel Aviv, killing one person.",
        published=date(2024, 7, 20),
    )
    assert m.actor_id == "houthis"


def test_the_venue_of_a_meeting_is_not_a_target(extract_text) -> None:
    (m,) = extract_text(
        "Speaking at a cabinet meeting held at the Kirya on Monday, the prime minister discussed the strike "
        "that Israel launched against Hezbollah in Tyre.",
        published=date(2024, 3, 6),
    )
    assert m.place_text == "Tyre" and m.actor_id == "israel"


def test_the_side_a_strike_is_blamed_on_is_its_attacker_not_the_group_that_blames(extract_text) -> None:
    mentions = extract_text(
        "Hezbollah fired rockets at Metula on Monday. The group urged protests in condemnation of a strike "
        "on a school in Khan Younis on Tuesday, which it blamed on Israel.",
        published=date(2024, 3, 6),
    )
    actors = {m.place_text: m.actor_id for m in mentions}
    assert actors == {"Metula": "hezbollah", "Khan Younis": "israel"}


def test_the_user_or_employer_of_what_was_hit_is_not_the_attacker(extract_text) -> None:
    (m,) = extract_text(
        "US jets struck a depot near Abu Kamal used by the IRGC on Friday.", published=date(2024, 3, 6)
    )
    assert m.actor_umbrella == "united-states"
    (m,) = extract_text(
        "A rocket struck Ain al-Asad air base on Friday, wounding a contractor working for the US military.",
        published=date(2024, 3, 6),
    )
    assert m.actor_id is None


def test_a_tally_of_attacks_or_one_of_them_undated_is_no_report(extract_text) -> None:
    assert (
        extract_text(
            "After carrying out a number of attacks on US bases in Syria, Kataib Hezbollah said on Monday it "
            "would stop.",
            published=date(2024, 3, 6),
        )
        == []
    )
    assert (
        extract_text(
            "Several drones hit the base in recent weeks. In one such attack, a contractor working for "
            "the US Army was hurt at Ain al-Asad.",
            published=date(2024, 3, 6),
        )
        == []
    )


def test_forces_that_carry_out_strikes_are_the_attacker(extract_text) -> None:
    mentions = extract_text(
        "Late on Tuesday, the minister said US forces had carried out precision strikes against two "
        "depots in Syria that the Fatemiyoun Brigade uses.",
        published=date(2024, 3, 6),
    )
    (m,) = mentions
    assert m.actor_umbrella == "united-states"
    assert m.target_text and "Fatemiyoun" in m.target_text


def test_the_group_that_uses_a_struck_facility_is_its_target(extract_text) -> None:
    (m,) = extract_text(
        "On Monday American jets struck a warehouse in Syria used by Kataib Hezbollah.",
        published=date(2024, 3, 5),
    )
    assert m.actor_umbrella == "united-states"
    assert m.actor_id != "kataib-hezbollah"


def test_the_group_that_controls_a_struck_place_is_not_its_attacker(extract_text) -> None:
    (m,) = extract_text(
        "Hodeidah, a port city under Houthi control, was struck in several attacks on Saturday.",
        published=date(2024, 7, 21),
    )
    assert m.actor_id is None and m.place_text == "Hodeidah"


def test_the_group_that_claims_names_the_militias_described_before(extract_text) -> None:
    text = (
        "On Sunday Iran-backed militias fired a salvo of rockets at the Harir air base. "
        "The Islamic Resistance in Iraq said it was responsible for the attack."
    )
    (m,) = extract_text(text, published=date(2024, 3, 11))
    assert m.actor_id == "islamic-resistance-in-iraq"


def test_forces_that_conduct_strikes_in_a_headline_are_the_attacker(extract_text) -> None:
    (m,) = extract_text(
        "French and British forces conduct fresh airstrikes against militia positions in Syria",
        published=date(2024, 3, 6),
    )
    assert m.actor_umbrella == "united-kingdom"


def test_a_states_aircraft_that_sank_boats_make_it_the_attacker(extract_text) -> None:
    (m,) = extract_text(
        "On Sunday, US Navy helicopters sank three small boats in the southern Red Sea.",
        published=date(2023, 12, 31),
    )
    assert m.actor_umbrella == "united-states"
