"""What a sentence takes from the sentences around it: its attacker, its day, its place.

A report tells one attack over several sentences: "the group said" points back to the attacker named
before, a sentence without a date shares the day of the attack sentence just before it, and "It took
place at Erbil Air Base" gives the place of the sentence before. The rule extractor calls these once its
frames are read (:mod:`proxywatch.extract.rules`).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date

from proxywatch.extract.dating import date_frame, elaborates
from proxywatch.extract.frames import Frame, Knowledge, Match
from proxywatch.extract.patterns import POINTS_BACK, PRONOUN_AGENT, REFERS_BACK
from proxywatch.extract.prefilter import KeywordFilter
from proxywatch.models import DatePrecision, Span

__all__ = ["borrow_places", "fill_from_context"]

# "The attack that killed him took place in Jwaya": a sentence that opens with the attack it tells of.
_OPENS_WITH_THE_ATTACK = re.compile(r"\W*The\s+(?:[\w-]+\s+)?(?:attack|strike|raid|assault|bombing)\b(?!s)")


def borrow_places(text: str, frames: list[Frame], candidates: list[Frame]) -> None:
    """ "Three service members were wounded in an attack by X. It took place at Erbil Air Base.":
    a candidate that names no place takes the places of the next sentence when that one is not an
    attack sentence of its own."""
    chosen = {id(f) for f in candidates}
    for i, frame in enumerate(frames):
        if id(frame) not in chosen or frame.places or frame.ship or frame.posts:
            continue
        for follower in frames[i + 1 : i + 3]:
            if id(follower) in chosen or follower.span[0] - frame.span[1] > 300:
                break
            if follower.places:
                # "It took place at Erbil Air Base": only a sentence that points back to the attack
                # gives its places; "Nasrallah in Beirut should understand" does not.
                sentence = text[follower.span[0] : follower.span[1]]
                if REFERS_BACK.search(sentence) or POINTS_BACK.match(sentence):
                    frame.places = list(follower.places)
                break


def fill_from_context(
    text: str,
    frames: list[Frame],
    candidates: list[Frame],
    published: date | None,
    actors: list[Match],
    *,
    knowledge: Knowledge,
    anaphora: KeywordFilter,
    is_state: Callable[[Match], bool],
) -> None:
    """Fill each candidate's missing perpetrator and day from the sentences before it.

    A day comes from the sentence's own date expression, else from the previous candidate nearby
    (background sentences, "since October 7", are about other events), else the publication day.
    A perpetrator comes from an anaphor ("the group said") or claim language that points back.
    """
    last_perpetrator: Match | None = None
    last_group: Match | None = None  # "the group said it ..." points back to an armed group
    last_claim: Span | None = None  # the claim of the last attacker, if its sentence was one
    last_day: tuple[tuple[date, str], int] | None = None
    chosen = {id(f) for f in candidates}
    for i, frame in enumerate(frames):
        is_candidate = id(frame) in chosen
        if is_candidate and frame.perpetrator is None:
            sentence = text[frame.span[0] : frame.span[1]]
            first = next((a for a in actors if frame.span[0] <= a[0] < frame.span[1]), None)
            state_speaks = first is not None and is_state(first)
            if anaphora.matches(sentence) or ("claim" in frame.signals and not state_speaks):
                # Claim language points back to the last attacker, unless a state is the one who
                # speaks ("the US president affirmed that ... a drone attack"): then it confirms.
                frame.perpetrator = last_group or last_perpetrator
            elif (pronoun := PRONOUN_AGENT.search(sentence)) and not any(
                frame.span[0] <= a[0] < frame.span[0] + pronoun.start() for a in actors
            ):
                # "According to the IDF, it fired ...": a pronoun after a name in its own sentence
                # is that name (here a source, left out above), not the attacker told before.
                frame.perpetrator = last_perpetrator
            elif i and frames[i - 1].perpetrator and _OPENS_WITH_THE_ATTACK.match(sentence):
                # "Israel's army has killed a senior commander. The attack that killed him took place
                # in Jwaya": the attack the sentence opens with is the one its author was just named for.
                frame.perpetrator = frames[i - 1].perpetrator
            if frame.perpetrator is not None and last_claim is not None:
                # "The group said it hit al-Shaddadi. They had also hit al-Tanf": the claim goes on.
                frame.signals.setdefault("claim", last_claim)
        if frame.perpetrator:
            if frame.perpetrator != last_perpetrator:
                last_claim = None
            last_claim = frame.signals.get("claim", last_claim)
            last_perpetrator = frame.perpetrator
            if not is_state(frame.perpetrator) and not (
                last_group and knowledge.actor_kind(frame.perpetrator[2]) == "unspecified"
            ):
                # "groups backed by Iran" describes rather than names: "the same group" after it
                # still points back to the group last named.
                last_group = frame.perpetrator
        if not is_candidate or published is None:
            continue
        if frame.retold and frame.date is None:
            frame.day = (published, str(DatePrecision.RETOLD))  # before the report; leaves last_day be
            continue
        follower = frames[i + 1] if i + 1 < len(frames) else None
        if follower is not None and (id(follower) in chosen or not elaborates(frame, follower)):
            follower = None
        date_frame(text, frame, published, knowledge.resolve_date, last_day=last_day, follower=follower)
        if frame.retold:
            continue  # "after a commander was killed a day earlier": that day is not the next sentence's
        last_day = (
            (frame.day, frame.span[1]) if frame.own_day or last_day is None else (last_day[0], frame.span[1])
        )
