"""Which date expression dates a sentence's attack, and the day of a sentence that has none.

The rule extractor calls these on its frames (one per sentence). Among the expressions inside a sentence,
a dateline ("DAMASCUS, Aug 14 (SANA) -") dates the report and a statement day ("said on Sunday") dates the
statement, so neither is the event's; "since November" or an opening "To date," describes a period.
Words that count from another event ("a day prior", "the previous day") are resolved against that
event's day, passed to ``resolve`` in place of the publication day.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from proxywatch.extract.captions import picture_dates
from proxywatch.extract.frames import Frame, Match
from proxywatch.extract.patterns import (
    ANCHORED_DATE,
    PERIOD_OPENING,
    RANGE_BEFORE,
    RANGE_EXPRESSION,
    SPEECH_AFTER,
    SPEECH_BEFORE,
    is_dateline,
)
from proxywatch.models import DatePrecision

__all__ = ["choose_date", "date_frame", "elaborates"]

Day = tuple[date, str]
Resolve = Callable[[str, date], Day | None]

NEARBY_CHARS = 600  # a sentence this close after an attack sentence, with no date of its own, shares its day
DETAIL_CHARS = 300  # the sentence right after, when it details the same attack


def choose_date(text: str, frame: Frame, sentence_dates: list[Match]) -> None:
    """Set ``frame.date`` (the expression that dates the event) and ``frame.said_date`` (the statement's
    day, a fallback) from the expressions inside the sentence; mark a period as a series."""
    start = frame.span[0]
    sentence_dates = [d for d in sentence_dates if not is_dateline(text, d[0], d[1])]
    pictures = picture_dates(text, frame.span, sentence_dates, frame.trigger)
    if pictures:
        sentence_dates = [d for d in sentence_dates if d not in pictures]
        frame.pictured = not sentence_dates
    said = [
        d
        for d in sentence_dates
        if SPEECH_BEFORE.search(text[max(start, d[0] - 25) : d[0]])
        or SPEECH_AFTER.match(text[d[1] : d[1] + 12])
    ]
    sentence_dates = [d for d in sentence_dates if d not in said]
    ranges = [
        d
        for d in sentence_dates
        if RANGE_BEFORE.search(text[max(start, d[0] - 70) : d[0]]) or RANGE_EXPRESSION.match(d[2])
    ]
    sentence_dates = [d for d in sentence_dates if d not in ranges]
    if not sentence_dates and (ranges or PERIOD_OPENING.match(text, start)):
        frame.series = True  # "since October 7", "to date": a period, not one attack
    frame.date = sentence_dates[0] if sentence_dates else None
    frame.said_date = said[0] if said else None


def elaborates(frame: Frame, follower: Frame) -> bool:
    """Whether ``follower``, the sentence right after ``frame`` and not an attack sentence of its own,
    tells the same attack in detail: close by, about an attack or weapons, and dated by itself."""
    return (
        follower.span[0] - frame.span[1] < DETAIL_CHARS
        and bool(follower.trigger or follower.weapons)
        and follower.date is not None
        and not (follower.hypothetical or follower.historical or follower.series)
    )


def own_day(
    text: str, frame: Frame, published: date, resolve: Resolve, *, reference: date | None
) -> Day | None:
    """The day the frame's own expression means. "A day prior", "the previous day" count from the
    sentence's statement day ("said on Sunday that a day prior ..."), else from ``reference`` (the event
    just told), else from publication."""
    if frame.date is None:
        return None
    expression = text[frame.date[0] : frame.date[1]]
    if not ANCHORED_DATE.search(expression):
        return resolve(expression, published)
    said = frame.said_date and resolve(text[frame.said_date[0] : frame.said_date[1]], published)
    return resolve(expression, said[0] if said else reference or published)


def date_frame(
    text: str,
    frame: Frame,
    published: date,
    resolve: Resolve,
    *,
    last_day: tuple[Day, int] | None,
    follower: Frame | None = None,
) -> None:
    """Set ``frame.day``: its own expression; else the day of the attack sentence just before it
    (``last_day``: that day and where that sentence ends); else that of the sentence after it when it
    details the same attack ("The Houthis say they struck four ships at Haifa. Their spokesman said on
    Sunday that a day prior they had sent drones ..."); else its statement day; else the publication day.
    The day before is not taken when it is later than the statement day: what officials said on Sunday
    had happened by Sunday."""
    nearby = last_day is not None and frame.span[0] - last_day[1] < NEARBY_CHARS
    said = frame.said_date and resolve(text[frame.said_date[0] : frame.said_date[1]], published)
    if nearby and said and last_day is not None and last_day[0][0] > said[0]:
        nearby = False  # "Officials said on Sunday that ...": nothing told on Sunday happened on Tuesday
    frame.day = own_day(
        text, frame, published, resolve, reference=last_day[0][0] if last_day and nearby else None
    )
    frame.own_day = frame.day is not None
    if frame.day is None and last_day is not None and nearby and last_day[0][1] != DatePrecision.REPORT:
        frame.day, frame.date = last_day[0], None
    if frame.day is None and follower is not None:
        frame.day = own_day(text, follower, published, resolve, reference=None)
        frame.date = follower.date if frame.day else None
    if frame.day is None and said:
        frame.day, frame.date = said, frame.said_date
    if frame.day is None and last_day is not None and nearby:
        frame.day, frame.date = last_day[0], None
    if frame.day is None:
        frame.day = (published, str(DatePrecision.REPORT))
