"""Every extracted field keeps the span of text that supports it."""

from datetime import date


def test_every_evidence_span_points_at_its_words(extract_text) -> None:
    text = (
        "BAGHDAD, Oct 1 (Reuters) - The Islamic Resistance in Iraq "
        "said on Tuesday it had launched two drones "
        "at Eilat. The Israeli military said both were intercepted and no one was hurt."
    )
    (m,) = extract_text(text, published=date(2024, 10, 1))
    words = {field: text[start:end] for field, (start, end) in m.evidence.items()}
    assert words["actor"] == "Islamic Resistance in Iraq"
    assert words["place"] == "Eilat" and m.place_text == "Eilat"
    assert words["weapon"] == "drones"
    assert "two drones" in words["n_attacks"]
    assert words["date"] == "on Tuesday"  # the dateline dates the report; the claim's day dates the event
    assert m.sentence == text[m.sentence_span[0] : m.sentence_span[1]]
    assert m.event_date == date(2024, 10, 1) and m.date_precision == "day"
    assert m.killed == 0 and m.injured == 0
