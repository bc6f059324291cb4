"""Event days: relative words against the publication day; statement days and periods are not event days."""

from datetime import date


def test_a_weekday_is_the_last_such_day_up_to_publication(extract_text) -> None:
    (m,) = extract_text("Hezbollah fired rockets at Kiryat Shmona on Monday.", published=date(2024, 10, 2))
    assert m.event_date == date(2024, 9, 30) and m.date_precision == "day"


def test_the_day_a_statement_was_made_is_not_the_day_of_the_attack(extract_text) -> None:
    (m,) = extract_text(
        "A drone struck a school in Eilat overnight, the military said on Wednesday.",
        published=date(2024, 10, 3),
    )
    assert m.event_date == date(2024, 10, 2)


def test_without_a_date_word_the_publication_day_stands_in(extract_text) -> None:
    (m,) = extract_text("Two rockets hit the Conoco gas field base.", published=date(2024, 8, 5))
    assert m.event_date == date(2024, 8, 5) and m.date_precision == "report"


def test_an_earlier_attack_on_the_same_site_is_its_own_mention(extract_text) -> None:
    text = (
        "The Islamic Resistance in Iraq said it attacked al-Tanf with drones on Monday. "
        "On 19 October, three drones had flown over the al-Tanf base and struck it."
    )
    mentions = extract_text(text, published=date(2023, 10, 24))
    assert sorted(m.event_date for m in mentions) == [date(2023, 10, 19), date(2023, 10, 23)]


def test_a_dateline_dates_the_report_not_the_attack(extract_text) -> None:
    (m,) = extract_text(
        "DAMASCUS, Aug 14 (SANA) - Syrian television said the US base in the Conoco field came under "
        "rocket attack last night.",
        published=date(2024, 8, 14),
    )
    assert m.event_date == date(2024, 8, 13) and m.date_precision == "day"


def test_a_day_prior_counts_from_the_statement_day(extract_text) -> None:
    (m,) = extract_text(
        "The Houthis said on Sunday that a day prior they had launched drones at ships in Haifa port.",
        published=date(2024, 6, 24),  # a Monday
    )
    assert m.event_date == date(2024, 6, 22)


def test_the_previous_day_counts_from_the_event_just_told(extract_text) -> None:
    text = (
        "On Saturday, Israeli warplanes struck the port of Hodeidah. "
        "The strike answered a drone attack that hit Tel Aviv the previous day."
    )
    mentions = extract_text(text, published=date(2024, 7, 22))  # a Monday
    days = {m.place_text: m.event_date for m in mentions}
    assert days["Tel Aviv"] == date(2024, 7, 19)
    assert date(2024, 7, 20) in days.values()


def test_the_day_of_a_statement_gives_way_to_the_day_of_the_event_told_before(extract_text) -> None:
    text = (
        "Hezbollah fired a rocket barrage today at Safed. "
        "An IDF statement Monday morning said rockets had hit Safed and wounded several soldiers."
    )
    (m,) = extract_text(text, published=date(2024, 2, 14))  # a Wednesday
    assert m.event_date == date(2024, 2, 14)


def test_without_anything_better_the_statement_day_dates_the_claim(extract_text) -> None:
    (m,) = extract_text(
        "The Islamic Resistance in Iraq said on Sunday it had attacked Eilat with drones.",
        published=date(2024, 10, 1),  # a Tuesday
    )
    assert m.event_date == date(2024, 9, 29) and m.date_precision == "day"


def test_an_undated_sentence_takes_the_day_of_the_sentence_that_details_it(extract_text) -> None:
    text = (
        "The Houthis say they mounted an operation against four vessels at Haifa port. "
        "Their spokesman said on Sunday that a day prior the group had sent drones against the ships."
    )
    (m,) = extract_text(text, published=date(2024, 6, 24))
    assert m.event_date == date(2024, 6, 22)


def test_a_background_attack_with_a_vague_date_has_month_precision(extract_text) -> None:
    (m,) = extract_text(
        "Multiple rockets were fired at Ain al-Asad airbase in late July, with no damage reported.",
        published=date(2024, 8, 6),
    )
    assert m.date_precision == "month" and m.event_date == date(2024, 7, 26)


def test_periods_are_tallies_not_attacks(extract_text) -> None:
    assert (
        extract_text("To date, the Islamic Resistance in Iraq has struck US bases in Syria many times.") == []
    )
    assert (
        extract_text("Since November, the Houthis have been attacking ships in the Red Sea with drones.")
        == []
    )


def test_a_date_that_follows_following_is_where_a_period_starts(extract_text) -> None:
    assert (
        extract_text(
            "Following March 3, 2024, the rebels were ignored by Israel after they fired missiles at Eilat."
        )
        == []
    )


def test_that_was_a_day_after_dates_what_follows_the_day_before(extract_text) -> None:
    mentions = extract_text(
        "The Islamic Resistance in Iraq said it struck Eilat with a drone on Monday. That was a day after "
        "the group claimed it had targeted Haifa port with two drones.",
        published=date(2024, 4, 2),
    )
    assert {m.place_text: m.event_date for m in mentions} == {
        "Eilat": date(2024, 4, 1),
        "Haifa port": date(2024, 3, 31),
    }


def test_an_earlier_statement_day_is_not_overridden_by_a_later_attack_just_told(extract_text) -> None:
    mentions = extract_text(
        "On Tuesday, militants fired rockets at Erbil Air Base. Officials said on Sunday that a drone had "
        "struck Tower 22 in Jordan, killing three soldiers.",
        published=date(2024, 1, 30),
    )
    days = {m.place_text: m.event_date for m in mentions}
    # What the officials told on Sunday happened by Sunday, not on the Tuesday of the sentence before.
    assert days == {"Erbil Air Base": date(2024, 1, 30), "Tower 22": date(2024, 1, 28)}


def test_a_caption_dated_only_by_its_photo_is_no_report_of_the_attack(extract_text) -> None:
    text = (
        "Seen on March 3, 2024: a Syrian army depot burned out in a Hezbollah rocket attack near "
        "al-Qusayr. The ministers met on Friday to discuss the border."
    )
    assert extract_text(text, published=date(2024, 3, 9)) == []


def test_the_day_an_image_was_released_is_not_the_day_of_the_attack(extract_text) -> None:
    text = (
        "A handout picture that the group's media office released on Tuesday shows a Houthi boat "
        "approaching the tanker during the attack off Mokha."
    )
    assert extract_text(text, published=date(2024, 5, 9)) == []


def test_a_memorial_day_is_not_the_day_of_the_attack_it_mourns(extract_text) -> None:
    (m,) = extract_text(
        "On Tuesday, villagers take part in a memorial ceremony for the four farmers who died on Sunday "
        "when a rocket struck an orchard near Metula.",
        published=date(2024, 5, 8),
    )
    assert m.event_date == date(2024, 5, 5)


def test_that_was_a_day_after_tells_of_the_day_before_the_attack_just_told(extract_text) -> None:
    text = (
        "The Islamic Resistance in Iraq said it struck a target in Eilat with a drone on Tuesday. "
        "That was a day after the group claimed it had attacked Tiberias with a drone."
    )
    mentions = extract_text(text, published=date(2024, 5, 8))  # a Wednesday
    days = {m.place_text: m.event_date for m in mentions}
    assert days == {"Eilat": date(2024, 5, 7), "Tiberias": date(2024, 5, 6)}
