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
