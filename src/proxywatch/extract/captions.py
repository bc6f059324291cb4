"""Dates of pictures and ceremonies, which are not the dates of the attacks they show or mourn.

News pages carry photo captions and picture descriptions in their text: "Seen on June 26: a position
damaged in an attack on ...", "A handout image released on Nov 21 shows the ship during its seizure",
"On Monday, mourners take part in a memorial for the children who died when a rocket struck ...". The
date in such a sentence is when the photo was taken or released, or when the ceremony was held: the
attack came before, on a day the sentence may tell elsewhere ("over the weekend") or not at all.
"""

from __future__ import annotations

import re

from proxywatch.extract.patterns import Match

__all__ = ["picture_dates"]

# "Seen on June 26, 2024: ...", "Pictured on Monday, ...": a caption that opens with the photo's day.
_SEEN_BEFORE = re.compile(
    r"^\W*(?:(?:photo|image|picture|file\s+photo)\s*[:|\-–—]\s*)?"
    r"(?:seen|pictured|photographed|shown|filmed)\s+(?:(?:on|in)\s+)?$",
    re.I,
)
_CAPTION_AFTER = re.compile(r"\s*[:|\-–—]")
# "An image that X released on Nov 21 shows ...", "a photo taken on Monday": the picture's day.
_PICTURE_BEFORE = re.compile(
    r"\b(?:images?|photos?|photographs?|pictures?|footage|videos?|screenshots?|screengrabs?|stills?)\b"
    r"[^.;:]{0,80}?\b(?:released|taken|published|posted|shared|shot|captured|filmed|distributed|"
    r"obtained|made\s+available)\s+(?:(?:on|in)\s+)?$",
    re.I,
)
# "On Monday, mourners take part in a memorial ceremony honouring those who died when ...": the
# ceremony's day, when the ceremony is told between the date and the attack.
_CEREMONY = re.compile(
    r"\b(?:memorial|funerals?|ceremony|ceremonies|vigils?|burials?|buried|mourn(?:ers|ing|ed|s)?|"
    r"commemorat\w+|pay(?:ing|s)?\s+(?:their\s+)?(?:last\s+)?respects)\b",
    re.I,
)


def picture_dates(text: str, span: tuple[int, int], dates: list[Match], trigger: Match | None) -> list[Match]:
    """The date expressions of a sentence that date a picture or a ceremony, not the attack."""
    start = span[0]
    found: list[Match] = []
    for d in dates:
        before = text[start : d[0]]
        if _SEEN_BEFORE.match(before) and _CAPTION_AFTER.match(text, d[1]):
            found.append(d)
        elif _PICTURE_BEFORE.search(text[max(start, d[0] - 120) : d[0]]):
            found.append(d)
        elif trigger is not None and d[1] <= trigger[0] and _CEREMONY.search(text, d[1], trigger[0]):
            found.append(d)
    return found
