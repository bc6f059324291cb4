"""Dates in news text: find the expressions, resolve them against the publication date.

News rarely dates an attack absolutely: "on Tuesday", "late on Friday", "overnight", "earlier this
week". Every resolution here is relative to the article's publication *day* (in the publication's own
offset, see :func:`parse_published`) and never lands after it: an attack is reported after it happens.

Conventions:
- a weekday means the most recent such day on or before publication ("on Tuesday" in a Tuesday
  article is that day); "last Tuesday" is strictly before;
- an explicit date without a year takes the year that puts it on or before publication;
- an explicit date with a year after publication is not an event date: ``None``;
- "overnight" and "last night" are the day before publication (the night that ended it);
- WEEK and MONTH precision dates are the middle of the range meant ("earlier this week" in a
  Thursday article covers Monday-Wednesday: Tuesday).

Pure Python and regular expressions; no dateparser (too slow for the pipeline's volume).
"""

from __future__ import annotations

import email.utils
import re
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta

from proxywatch.models import DatePrecision

__all__ = ["find_date_expressions", "parse_published", "resolve_date"]

Resolved = tuple[date, DatePrecision]

_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4,
    "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9,
    "sept": 9, "sep": 9, "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}  # fmt: skip
_NUMBERS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10,
}  # fmt: skip

# Other languages the corpus carries (French, Spanish, Italian, Portuguese, German, Arabic, Indonesian):
# weekday and month names, used only in unambiguous shapes (a weekday; a day number next to a month name).
# Indonesian weekdays are common words or names too ("Minggu" is also "week", "Rabu" a name), so they
# count only after "pada"/"hari" or before a day number (see ``_INDONESIAN_WEEKDAY``).
_FOREIGN_WEEKDAYS = {
    0: ("lundi", "lunes", "lunedì", "lunedi", "segunda-feira", "montag", "الاثنين", "الإثنين"),
    1: ("mardi", "martes", "martedì", "martedi", "terça-feira", "dienstag", "الثلاثاء"),
    2: ("mercredi", "miércoles", "miercoles", "mercoledì", "mercoledi", "quarta-feira", "mittwoch",
        "الأربعاء", "الاربعاء"),
    3: ("jeudi", "jueves", "giovedì", "giovedi", "quinta-feira", "donnerstag", "الخميس"),
    4: ("vendredi", "viernes", "venerdì", "venerdi", "sexta-feira", "freitag", "الجمعة"),
    5: ("samedi", "sábado", "sabado", "sabato", "samstag", "السبت"),
    6: ("dimanche", "domingo", "domenica", "sonntag", "الأحد", "الاحد"),
}  # fmt: skip
_FOREIGN_MONTHS = {
    1: ("janvier", "enero", "gennaio", "janeiro", "januar", "januari", "يناير", "كانون الثاني"),
    2: ("février", "fevrier", "febrero", "febbraio", "fevereiro", "februar", "februari", "فبراير", "شباط"),
    3: ("mars", "marzo", "março", "marco", "märz", "maerz", "maret", "مارس", "آذار"),
    4: ("avril", "abril", "aprile", "أبريل", "ابريل", "نيسان"),
    5: ("mai", "mayo", "maggio", "maio", "mei", "مايو", "أيار"),
    6: ("juin", "junio", "giugno", "junho", "juni", "يونيو", "حزيران"),
    7: ("juillet", "julio", "luglio", "julho", "juli", "يوليو", "تموز"),
    8: ("août", "aout", "agosto", "agustus", "أغسطس", "اغسطس", "آب"),
    9: ("septembre", "septiembre", "settembre", "setembro", "سبتمبر", "أيلول"),
    10: ("octobre", "octubre", "ottobre", "outubro", "oktober", "أكتوبر", "اكتوبر", "تشرين الأول"),
    11: ("novembre", "noviembre", "novembro", "نوفمبر", "تشرين الثاني"),
    12: ("décembre", "decembre", "diciembre", "dicembre", "dezembro", "dezember", "desember", "ديسمبر",
         "كانون الأول"),
}  # fmt: skip
_INDONESIAN_WEEKDAYS = {
    0: ("senin",), 1: ("selasa",), 2: ("rabu",), 3: ("kamis",), 4: ("jumat", "jum'at", "jum’at"),
    5: ("sabtu",), 6: ("minggu", "ahad"),
}  # fmt: skip
_WEEKDAY_INDEX = {name: i for i, name in enumerate(_WEEKDAYS)} | {
    name: i
    for table in (_FOREIGN_WEEKDAYS, _INDONESIAN_WEEKDAYS)
    for i, names in table.items()
    for name in names
}
_MONTHS |= {name: month for month, names in _FOREIGN_MONTHS.items() for name in names}
_ARABIC_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")


def _alternation(names: object) -> str:
    flat = sorted({n for group in names for n in group}, key=len, reverse=True)  # type: ignore[attr-defined]
    return "|".join(re.escape(n) for n in flat)


# Month names are matched capitalised only: "may" is a verb, "mar" and "dec" are fragments.
_MONTH = (
    r"(?P<month>January|February|March|April|May|June|July|August|September|October|November|December"
    r"|Sept|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Oct|Nov|Dec)\.?"
)
_WEEKDAY = r"(?P<weekday>(?i:monday|tuesday|wednesday|thursday|friday|saturday|sunday))"
_WEEKDAY_LEAD = (
    r"(?:(?i:(?:late|early)\s+(?:on\s+)?|on\s+))?"
    r"(?:(?i:monday|tuesday|wednesday|thursday|friday|saturday|sunday),?\s+)?"
)
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
_PART_OF_DAY = r"(?:\s+(?:morning|afternoon|evening|night))?"
_COUNT = r"(?P<count>\d{1,2}|a|an|one|two|three|four|five|six|seven|eight|nine|ten)"


def _ci(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE)


def _midpoint(start: date, end: date) -> date:
    return start + (end - start) // 2


def _monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def _explicit(month: int, day: int, year: int | None, published: date) -> Resolved | None:
    if year is not None:
        try:
            found = date(year, month, day)
        except ValueError:
            return None
        return (found, DatePrecision.DAY) if found <= published else None
    # No year: the latest such date on or before publication (Feb 29 may be years back).
    for candidate_year in range(published.year, published.year - 9, -1):
        try:
            found = date(candidate_year, month, day)
        except ValueError:
            continue
        if found <= published:
            return found, DatePrecision.DAY
    return None


def _month_of(match: re.Match[str]) -> int:
    return _MONTHS[" ".join(match.group("month").lower().rstrip(".").split())]


def _year_of(match: re.Match[str]) -> int | None:
    year = match.group("year")
    return int(year.translate(_ARABIC_DIGITS)) if year else None


def _day_of(match: re.Match[str]) -> int:
    return int(match.group("day").translate(_ARABIC_DIGITS))


def _r_iso(m: re.Match[str], published: date) -> Resolved | None:
    return _explicit(int(m.group("m")), int(m.group("d")), int(m.group("y")), published)


def _r_month_day(m: re.Match[str], published: date) -> Resolved | None:
    return _explicit(_month_of(m), _day_of(m), _year_of(m), published)


_PART_OF_MONTH = re.compile(r"\b(early|mid|middle|late)\b", re.IGNORECASE)
# "early/mid/late July": the first, second or last third of the month.
_THIRDS = {"early": (1, 10), "mid": (11, 20), "middle": (11, 20), "late": (21, 31)}


def _r_month_only(m: re.Match[str], published: date) -> Resolved | None:
    month, year = _month_of(m), _year_of(m)
    if year is None:
        year = published.year if month <= published.month else published.year - 1
    first = date(year, month, 1)
    if first > published:
        return None
    last = date(year + (month == 12), month % 12 + 1, 1) - timedelta(days=1)
    part = _PART_OF_MONTH.search(m.group(0)[: m.start("month") - m.start()])
    if part:
        low, high = _THIRDS[part.group(1).lower()]
        first, last = first.replace(day=low), last.replace(day=min(high, last.day))
        if first > published:
            return None
    return _midpoint(first, min(last, published)), DatePrecision.MONTH


def _r_today(m: re.Match[str], published: date) -> Resolved | None:
    return published, DatePrecision.DAY


def _r_yesterday(m: re.Match[str], published: date) -> Resolved | None:
    return published - timedelta(days=1), DatePrecision.DAY


def _r_two_days(m: re.Match[str], published: date) -> Resolved | None:
    return published - timedelta(days=2), DatePrecision.DAY


def _r_days_ago(m: re.Match[str], published: date) -> Resolved | None:
    raw = m.group("count").lower()
    days = _NUMBERS.get(raw) or int(raw)
    if m.group("unit").lower().startswith("week"):
        return published - timedelta(weeks=days), DatePrecision.WEEK
    return published - timedelta(days=days), DatePrecision.DAY


def _r_weekday(m: re.Match[str], published: date) -> Resolved | None:
    target = _WEEKDAY_INDEX[m.group("weekday").lower()]
    back = (published.weekday() - target) % 7
    if back == 0 and (m.group("last") or "").strip().lower() not in ("", "this"):
        back = 7  # "last Tuesday" in a Tuesday article is a week ago; "this Tuesday" is that day
    return published - timedelta(days=back), DatePrecision.DAY


def _r_earlier_this_week(m: re.Match[str], published: date) -> Resolved | None:
    start = _monday(published)
    end = published - timedelta(days=1)
    if end < start:
        return published, DatePrecision.WEEK
    return _midpoint(start, end), DatePrecision.WEEK


def _r_this_week(m: re.Match[str], published: date) -> Resolved | None:
    return _midpoint(_monday(published), published), DatePrecision.WEEK


def _r_last_week(m: re.Match[str], published: date) -> Resolved | None:
    start = _monday(published) - timedelta(days=7)
    return _midpoint(start, start + timedelta(days=6)), DatePrecision.WEEK


def _r_weekend(m: re.Match[str], published: date) -> Resolved | None:
    back = (published.weekday() - 5) % 7  # to the latest Saturday
    if (m.group("last") or "").strip() and back <= 1:
        back += 7
    return published - timedelta(days=back), DatePrecision.WEEK


def _r_earlier_this_month(m: re.Match[str], published: date) -> Resolved | None:
    first = published.replace(day=1)
    return _midpoint(first, max(first, published - timedelta(days=1))), DatePrecision.MONTH


def _r_last_month(m: re.Match[str], published: date) -> Resolved | None:
    last_of_previous = published.replace(day=1) - timedelta(days=1)
    return _midpoint(last_of_previous.replace(day=1), last_of_previous), DatePrecision.MONTH


_ISO = r"\b(?P<y>(?:19|20)\d\d)-(?P<m>[01]\d)-(?P<d>[0-3]\d)\b"
_MONTH_DAY = rf"\b{_WEEKDAY_LEAD}{_MONTH}\s+{_DAY}\b(?:,?\s+{_YEAR}\b)?"
_DAY_MONTH = rf"\b{_WEEKDAY_LEAD}(?:(?i:the)\s+)?{_DAY}\s+(?:(?i:of)\s+)?{_MONTH}(?:,?\s+{_YEAR}\b)?"
_IN_MONTH = (
    r"\b(?i:(?:in|during|since|by)\s+(?:the\s+)?(?:(?:early|late|mid|middle)(?:-|\s+)(?:of\s+)?)?"
    r"|(?:early|late|mid|middle)(?:-|\s+)(?:in\s+|of\s+)?|earlier\s+in\s+)"
    rf"{_MONTH}(?:\s+{_YEAR})?\b(?!\.?\s*\d)"
)
_MONTH_YEAR = rf"\b{_MONTH}\s+{_YEAR}\b"
_YESTERDAY = (
    r"\b(?:yesterday(?:\s+(?:morning|afternoon|evening))?|last\s+night|overnight"
    r"|the\s+(?:day|night|evening)\s+(?:before|prior)|the\s+(?:previous|preceding)\s+(?:day|night|evening)"
    r"|a\s+day\s+(?:earlier|before|prior)"
    # "That was a day after the group claimed ...": what follows happened the day before the event told
    r"|(?:that|this|it)\s+(?:was|came)\s+(?:a|one)\s+day\s+after)\b"
)
_TODAY = (
    r"\b(?:(?:earlier|later)\s+)?today\b|\bthis\s+(?:morning|afternoon|evening)\b|\btonight\b"
    r"|\b(?:(?:a\s+few|several|\d{1,2}|two|three|four|five|six)\s+)?(?:hours?|minutes?)\s+ago\b"
    r"|\b(?:earlier|later)\s+in\s+the\s+day\b"
    # Counted from the event the sentence is about: resolved against that event's day when the caller
    # knows it (the rule extractor passes it as the reference day), else against publication.
    r"|\b(?:(?:earlier|later)\s+)?(?:that|the\s+same)\s+day\b"
    r"|\b(?:a\s+few|several|\d{1,2}|two|three|four|five|six)\s+hours\s+(?:earlier|later)\b"
)
_ON_WEEKDAY = (
    r"\b(?:(?i:in\s+the\s+early\s+hours\s+of|late\s+on|early\s+on|late|early|on)\s+)?"
    rf"(?P<last>(?i:last|this\s+past|past|this)\s+)?{_WEEKDAY}(?:'s)?(?i:{_PART_OF_DAY})\b"
)
_FOREIGN_WEEKDAY = rf"(?P<weekday>{_alternation(_FOREIGN_WEEKDAYS.values())})"
_FOREIGN_DAY_MONTH = (
    rf"(?<!\w)(?:{_FOREIGN_WEEKDAY},?\s+)?(?:(?:le|el|il|am|في)\s+)?"
    r"(?P<day>[0-3]?[0-9]|[٠-٣]?[٠-٩])(?:er|º|°|\.)?\s+(?:de\s+|di\s+)?"
    rf"(?P<month>{_alternation(_FOREIGN_MONTHS.values())})(?!\w)"
    r"(?:,?\s+(?:de\s+|del\s+)?(?P<year>(?:19|20)\d\d|[١٢][٠٩][٠-٩][٠-٩]))?"
)
_FOREIGN_ON_WEEKDAY = (
    r"(?<!\w)(?:(?:le|el|il|am|(?:يوم|مساء|صباح|فجر|ليلة|ليل|ظهر|عصر)(?:\s+(?:يوم))?)\s+)?"
    rf"(?P<last>(?:dernier|pasado|scorso|passado|letzten)\s+)?{_FOREIGN_WEEKDAY}(?!\w)"
)
_FOREIGN_YESTERDAY = (
    r"(?<!\w)(?:hier|ayer|anoche|ieri|stanotte|ontem|gestern|cette\s+nuit|la\s+veille|la\s+nuit\s+dernière"
    r"|kemarin|tadi\s+malam|أمس|البارحة|الليلة\s+الماضية)(?!\w)"
)
_FOREIGN_TODAY = r"(?<!\w)(?:aujourd['’]hui|hoy|oggi|hoje|heute|hari\s+ini)(?!\w)"
_INDONESIAN_WEEKDAY = (
    r"(?<!\w)(?:(?:pada|hari|sejak)\s+)+"
    rf"(?P<weekday>{_alternation(_INDONESIAN_WEEKDAYS.values())})(?:\s+(?:pagi|siang|sore|malam))?"
    r"(?P<last>\s+lalu)?(?!\w)"
)

# Days named by a fixed-date holiday ("on Christmas Day"): the latest such day on or before publication.
_HOLIDAYS = {
    "christmas eve": (12, 24), "christmas day": (12, 25), "new year's eve": (12, 31),
    "new year’s eve": (12, 31), "new year's day": (1, 1), "new year’s day": (1, 1),
}  # fmt: skip
_HOLIDAY = r"\b(?:(?:on|late\s+on|early\s+on)\s+)?(?P<holiday>" + _alternation([_HOLIDAYS]) + r")\b"


def _r_holiday(m: re.Match[str], published: date) -> Resolved | None:
    month, day = _HOLIDAYS[m.group("holiday").lower()]
    return _explicit(month, day, None, published)


# In priority order: when one expression holds several ("late on Friday, October 4"), the first wins.
_RULES: tuple[tuple[re.Pattern[str], Callable[[re.Match[str], date], Resolved | None]], ...] = (
    (re.compile(_ISO), _r_iso),
    (re.compile(_MONTH_DAY), _r_month_day),
    (re.compile(_DAY_MONTH), _r_month_day),
    (_ci(_FOREIGN_DAY_MONTH), _r_month_day),
    (re.compile(_IN_MONTH), _r_month_only),
    (re.compile(_MONTH_YEAR), _r_month_only),
    (_ci(r"\bthe\s+day\s+before\s+yesterday\b"), _r_two_days),
    (_ci(rf"\b{_COUNT}\s+(?P<unit>days?|weeks?)\s+(?:ago|earlier)\b"), _r_days_ago),
    (_ci(_YESTERDAY), _r_yesterday),
    (_ci(_TODAY), _r_today),
    (re.compile(_ON_WEEKDAY), _r_weekday),
    (_ci(_HOLIDAY), _r_holiday),
    (_ci(_FOREIGN_YESTERDAY), _r_yesterday),
    (_ci(_FOREIGN_TODAY), _r_today),
    (_ci(_FOREIGN_ON_WEEKDAY), _r_weekday),
    (_ci(_INDONESIAN_WEEKDAY), _r_weekday),
    (_ci(r"\bearlier\s+(?:this|in\s+the)\s+week\b"), _r_earlier_this_week),
    (_ci(r"\b(?:last|the\s+previous|the\s+past)\s+week\b"), _r_last_week),
    (_ci(r"\bthis\s+week\b"), _r_this_week),
    (_ci(r"\b(?:(?P<last>last)|over\s+the|at\s+the|during\s+the|this)\s+weekend\b"), _r_weekend),
    (_ci(r"\bearlier\s+this\s+month\b|\bthis\s+month\b"), _r_earlier_this_month),
    (_ci(r"\b(?:last|the\s+previous|the\s+past)\s+month\b"), _r_last_month),
)

# "next Tuesday", "the coming week": plans, not event dates.
_FUTURE = _ci(r"\b(?:next|coming|tomorrow)\b")
_FUTURE_BEFORE = _ci(r"\b(?:next|coming|until|by)\s+$")


def _as_day(published: date) -> date:
    return published.date() if isinstance(published, datetime) else published


def find_date_expressions(text: str) -> list[tuple[int, int, str]]:
    """``(start, end, expression)`` for each date expression in ``text``: longest first, no overlaps."""
    found: list[tuple[int, int, int]] = []
    for rank, (pattern, _) in enumerate(_RULES):
        for match in pattern.finditer(text):
            start, end = match.span()
            if end > start and not _FUTURE_BEFORE.search(text[max(0, start - 12) : start]):
                found.append((start, end, rank))
    found.sort(key=lambda f: (f[0] - f[1], f[2], f[0]))
    taken = bytearray(len(text) + 1)
    chosen: list[tuple[int, int, str]] = []
    for start, end, _ in found:
        if any(taken[start:end]):
            continue
        taken[start:end] = b"\x01" * (end - start)
        chosen.append((start, end, text[start:end].strip()))
    return sorted(chosen)


def resolve_date(expression: str, published: date) -> tuple[date, DatePrecision] | None:
    """The date an expression means in an article published on ``published``, with its precision.

    ``None`` when the expression is not a date expression, names an impossible date, points after
    publication, or points to the future ("next Tuesday").
    """
    day = _as_day(published)
    text = " ".join(expression.split())
    if not text or _FUTURE.search(text):
        return None
    for pattern, resolver in _RULES:
        match = pattern.search(text)
        if match:
            return resolver(match, day)
    return None


_EPOCH = re.compile(r"^\d{9,10}(?:\.\d+)?$")
_LOOSE_DATE = (
    re.compile(rf"^{_WEEKDAY_LEAD}{_MONTH}\s+{_DAY},?\s+{_YEAR}\b"),
    re.compile(rf"^{_WEEKDAY_LEAD}{_DAY}\s+{_MONTH},?\s+{_YEAR}\b"),
)


def parse_published(value: str) -> datetime | None:
    """A publication timestamp from ISO 8601 (date or datetime), RFC 822 or "October 4, 2024".

    The result is timezone-aware: in the offset the value gives, else UTC. ``None`` when the value
    is not a date or lies outside 1990-2100.
    """
    text = (value or "").strip()
    if not text:
        return None
    parsed: datetime | None = None
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        parsed = None
    if parsed is None and _EPOCH.match(text):
        parsed = datetime.fromtimestamp(float(text), tz=UTC)
    if parsed is None:
        try:
            parsed = email.utils.parsedate_to_datetime(text)
        except (TypeError, ValueError, IndexError):
            parsed = None
    if parsed is None:
        for pattern in _LOOSE_DATE:
            match = pattern.match(text)
            if match:
                try:
                    parsed = datetime(int(match.group("year")), _month_of(match), int(match.group("day")))
                except ValueError:
                    return None
                break
    if parsed is None or not 1990 <= parsed.year <= 2100:
        return None
    return parsed if parsed.tzinfo is not None else parsed.replace(tzinfo=UTC)
