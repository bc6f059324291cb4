"""A state's weapon in the gold's terms: armed UAVs and strikes are airstrikes, one-way drones stay drones."""

from datetime import date

from proxywatch.models import Weapon


def test_a_states_armed_drone_striking_is_an_airstrike(extract_text) -> None:
    (m,) = extract_text(
        "An Israeli drone struck a car in Sidon on Friday, killing a Hamas commander.",
        published=date(2024, 8, 10),
    )
    assert m.actor_umbrella == "israel" and m.weapon == Weapon.AIRSTRIKE


def test_a_drone_that_fires_rockets_is_an_armed_uav(extract_text) -> None:
    (m,) = extract_text(
        "In Baghdad on Thursday, a US drone launched two rockets at a militia headquarters.",
        published=date(2024, 1, 5),
    )
    assert m.actor_umbrella == "united-states" and m.weapon == Weapon.AIRSTRIKE


def test_one_way_drones_a_state_sends_stay_drones(extract_text) -> None:
    (m,) = extract_text(
        "On Saturday night, Iran sent dozens of attack drones toward Eilat.",
        published=date(2024, 4, 14),
    )
    assert m.actor_umbrella == "iran" and m.weapon == Weapon.DRONE


def test_a_states_attack_told_as_a_strike_is_an_airstrike(extract_text) -> None:
    (m,) = extract_text(
        "The Israeli army carried out an attack in Sidon on Friday, killing a Hamas commander. Witnesses "
        "said the strike killed two people in his car.",
        published=date(2024, 8, 10),
    )
    assert m.actor_umbrella == "israel" and m.weapon == Weapon.AIRSTRIKE
