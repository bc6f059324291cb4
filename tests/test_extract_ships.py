"""Named ships: the ship is the target, whatever port or sea the report places it near."""

from datetime import date

from proxywatch.extract.ships import same_ship, ship_names


def test_ship_names_are_found_by_the_words_that_introduce_them() -> None:
    text = (
        "The Panama-flagged Northern Willow was struck on Monday. Later the tanker Amber Coast reported "
        "a blast, and the owner of the Silver Heron said the Silver Heron's crew were safe. "
        "The Blue Kestrel, a bulk carrier of 60,000 tonnes, was boarded too."
    )
    assert sorted({name for _, _, name in ship_names(text)}) == [
        "Amber Coast",
        "Blue Kestrel",
        "Northern Willow",
        "Silver Heron",
    ]


def test_ordinary_capitalised_words_are_not_ship_names() -> None:
    text = (
        "The Houthi vessel fled. On Tuesday the Greek-owned ship was hit. The British vessel sailed on. "
        "Helicopters from the aircraft carrier Dwight Eisenhower answered the call."
    )
    assert ship_names(text) == []


def test_an_owned_broadcaster_is_not_a_ship() -> None:
    text = "The Qatar-owned Sahel News reported that two drones were shot down near the port."
    assert ship_names(text) == []


def test_a_ship_is_one_name_in_its_longest_form() -> None:
    text = "The container ship Maple Harbour was attacked. The Harbour's crew and the Maple vessel were safe."
    assert {name for _, _, name in ship_names(text)} == {"Maple Harbour"}
    assert same_ship("Harbour", "MV Maple Harbour")
    assert not same_ship("Maple Harbour", "Maple Star")


def test_a_named_ship_is_the_target_not_the_port_it_was_near(extract_text) -> None:
    mentions = extract_text(
        "The Houthis said on Monday they had fired a ballistic missile at the bulk carrier Northern "
        "Willow near Aden. The missile hit the vessel 50 nautical miles south-west of Aden."
    )
    (mention,) = mentions
    assert mention.target_kind == "ship"
    assert mention.target_text == "Northern Willow"
    assert mention.actor_umbrella == "houthis"
    assert mention.place_id is None


def test_a_ships_sinking_is_dated_by_its_attack(extract_text) -> None:
    mentions = extract_text(
        "The cargo ship Amber Coast sank in the Red Sea on Saturday, officials said. "
        "The Amber Coast had been hit on September 14 by a missile fired by the Houthis.",
        published=date(2024, 10, 2),
    )
    (mention,) = mentions
    assert mention.target_text == "Amber Coast"
    assert mention.event_date == date(2024, 9, 14)


def test_the_defenders_strike_is_not_an_attack_on_the_ship(extract_text) -> None:
    mentions = extract_text(
        "Three small boats that Houthi militants had sent against the container ship Maple Harbour in the "
        "southern Red Sea were sunk by US Navy helicopters on Sunday. The Maple Harbour reported a blast."
    )
    by_kind = {m.target_kind: m for m in mentions}
    assert by_kind["sea"].actor_umbrella == "united-states"
    assert by_kind["ship"].target_text == "Maple Harbour"
    assert by_kind["ship"].actor_umbrella != "united-states"
