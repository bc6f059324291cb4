"""Claim status read from who speaks anywhere near the attack in a report, not from one sentence."""

from proxywatch.models import ClaimStatus


def _only(mentions):
    assert len(mentions) == 1, [m.place_text for m in mentions]
    return mentions[0]


def test_a_claim_in_a_later_sentence_makes_the_report_a_claim(extract_text) -> None:
    text = (
        "Two drones of the Islamic Resistance in Iraq struck Ain al-Asad air base in western Iraq on "
        "Tuesday. No one was hurt. Flights were suspended for an hour. The Islamic Resistance in Iraq, "
        "an umbrella of armed factions, said in a statement that its fighters carried out the operation."
    )
    m = _only(extract_text(text))
    assert m.actor_id == "islamic-resistance-in-iraq"
    assert m.claim_status == ClaimStatus.CLAIMED
    start, end = m.evidence["claim"]  # the evidence points at the statement, three sentences on
    assert text[start:end].startswith("The Islamic Resistance in Iraq") or "said" in text[start:end]
    assert start > text.index("Flights")


def test_the_attackers_claim_and_the_target_sides_word_make_both(extract_text) -> None:
    m = _only(
        extract_text(
            "The Islamic Resistance in Iraq said it attacked Ain al-Asad air base with drones on Tuesday. "
            "US officials said the drones were shot down and caused no damage."
        )
    )
    assert m.claim_status == ClaimStatus.CLAIMED_AND_CONFIRMED


def test_a_rescuers_word_confirms_a_strike_nobody_claimed(extract_text) -> None:
    m = _only(
        extract_text(
            "A drone strike hit a car near Tyre in southern Lebanon on Tuesday, killing two people. "
            "Civil defence said rescuers recovered two bodies from the car."
        )
    )
    assert m.claim_status == ClaimStatus.CONFIRMED


def test_a_denial_by_the_named_attacker_is_kept(extract_text) -> None:
    m = _only(
        extract_text(
            "A rocket attributed to Hezbollah hit a football pitch in Majdal Shams on Saturday, killing 12 "
            "children. Hezbollah denied any role in the attack."
        )
    )
    assert m.actor_id == "hezbollah"
    assert m.claim_status == ClaimStatus.DENIED


def test_a_source_about_another_event_far_away_does_not_confirm(extract_text) -> None:
    mentions = extract_text(
        "The Islamic Resistance in Iraq said on Tuesday it had targeted a site in Eilat with drones. "
        "The statement gave no further details. The group has claimed dozens of such attacks. "
        "Its fighters have been active since last year. Separately, Israeli jets bombed southern Lebanon "
        "overnight, and the Lebanese health ministry said three people were killed there."
    )
    eilat = next(m for m in mentions if m.place_id == "site:eilat")
    assert eilat.claim_status == ClaimStatus.CLAIMED


def test_a_report_without_speakers_stays_reported(extract_text) -> None:
    m = _only(extract_text("A drone struck Ain al-Asad air base in western Iraq on Tuesday."))
    assert m.claim_status == ClaimStatus.REPORTED
