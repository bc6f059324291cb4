"""UCDP GED importer: a GED CSV (any release; ``.csv``, ``.csv.gz`` or zip) -> reference articles and
mentions, one incident per GED event.

Each event gives one reference article per source report (``source_office``/``source_date``/
``source_headline``, ``;``-separated; else the ``source_article`` citation) and one mention per report.
Mention ids are ``ucdp:<id>#<n>``: the part before ``#`` is the incident id, so the GED id is kept.
GED codes dyads, not who struck first: ``side_a`` becomes the actor and ``side_b`` the target, and the
weapon comes from the headline's words when it names one. Data: Uppsala Conflict Data Program (UCDP),
ucdp.uu.se, CC BY 4.0.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator, Sequence
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from proxywatch.ingest.gdelt import (
    decode,
    iso2_from_name,
    read_bytes,
    reference_article,
    to_float,
    to_int,
    weapon_from_words,
)
from proxywatch.models import (
    Article,
    ClaimStatus,
    DatePrecision,
    EventType,
    GeoPrecision,
    Mention,
    Rejection,
    Weapon,
)
from proxywatch.settings import Settings

Item = Article | Mention | Rejection

REQUIRED = ("id", "date_start", "type_of_violence", "country")
# where_prec: 1 exact place, 2 within 25 km, 3 ADM2, 4 ADM1, 5 line or area, 6 country, 7 sea/airspace.
_WHERE = {
    "1": GeoPrecision.TOWN,
    "2": GeoPrecision.TOWN,
    "3": GeoPrecision.DISTRICT,
    "4": GeoPrecision.REGION,
    "5": GeoPrecision.REGION,
    "6": GeoPrecision.COUNTRY,
    "7": GeoPrecision.SEA,
}
# date_prec: 1 day, 2 2-6 days, 3 a week, 4 a month, 5 a year.
_DATE = {"1": DatePrecision.DAY, "2": DatePrecision.WEEK, "3": DatePrecision.WEEK, "4": DatePrecision.MONTH}
_EVENT_OF_WEAPON = {
    Weapon.AIRSTRIKE: EventType.AIR_DRONE_STRIKE,
    Weapon.DRONE: EventType.AIR_DRONE_STRIKE,
    Weapon.ROCKET: EventType.SHELLING_MISSILE,
    Weapon.MISSILE: EventType.SHELLING_MISSILE,
    Weapon.BALLISTIC_MISSILE: EventType.SHELLING_MISSILE,
    Weapon.CRUISE_MISSILE: EventType.SHELLING_MISSILE,
    Weapon.ANTI_SHIP_MISSILE: EventType.SHELLING_MISSILE,
    Weapon.MORTAR: EventType.SHELLING_MISSILE,
    Weapon.ARTILLERY: EventType.SHELLING_MISSILE,
    Weapon.IED: EventType.REMOTE_EXPLOSIVE,
}


_CITATION = re.compile(r'^"*(?P<outlet>[^,"]+),\s*(?P<date>\d{4}-\d{2}-\d{2}),\s*(?P<headline>.+?)"*$', re.S)


def _date(value: str) -> date | None:
    try:
        return date.fromisoformat(value.strip()[:10])
    except ValueError:
        return None


def _sources(row: dict[str, str]) -> list[tuple[str, str, str]]:
    """``(outlet, report date, headline)`` for each source report of an event."""
    offices = [s.strip() for s in row.get("source_office", "").split(";")]
    dates = [s.strip() for s in row.get("source_date", "").split(";")]
    headlines = [s.strip() for s in row.get("source_headline", "").split(";")]
    if any(offices):
        n = len(offices)
        dates += [""] * (n - len(dates))
        headlines += [""] * (n - len(headlines))
        return [(offices[i] or "UCDP", dates[i], headlines[i]) for i in range(n)]
    citation = row.get("source_article", "").strip()
    cited = _CITATION.match(citation)  # "Reuters, 1994-03-19, ""Headline."""
    if cited:
        return [(cited["outlet"].strip(), cited["date"], cited["headline"].strip().strip('"').strip())]
    return [(citation.split(",", 1)[0].strip().strip('"') or "UCDP", "", citation.strip('"'))]


def ucdp_records(
    data: bytes, *, source: str, countries: Sequence[str] = (), fetched_at: datetime | None = None
) -> Iterator[Item]:
    """Reference articles and mentions for the events of a UCDP GED CSV's bytes."""
    at = fetched_at or datetime.now(UTC)
    csv.field_size_limit(max(csv.field_size_limit(), 10_000_000))  # source_article cells can be long
    reader = csv.reader(io.StringIO(decode(data), newline=""))
    header = [h.strip().lower() for h in next(reader, [])]
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        yield Rejection(source, "header", f"not a UCDP GED file: no {', '.join(missing)} column", at=at)
        return
    wanted = {c.upper() for c in countries}
    for number, cells in enumerate(reader, start=2):
        if not any(c.strip() for c in cells):
            continue
        item = f"row {number}"
        if len(cells) != len(header):
            yield Rejection(source, item, f"{len(cells)} fields but the header has {len(header)}", at=at)
            continue
        row = dict(zip(header, cells, strict=True))
        country = iso2_from_name(row["country"])
        if wanted and country not in wanted:
            continue
        event_id = row["id"].strip()
        day = _date(row["date_start"])
        if not event_id:
            yield Rejection(source, item, "empty id", at=at)
        elif day is None:
            yield Rejection(source, item, f"unreadable date_start {row['date_start'][:40]!r}", at=at)
        else:
            yield from _event_items(event_id, day, country, row, source=source, at=at)


def _event_items(
    event_id: str, day: date, country: str | None, row: dict[str, str], *, source: str, at: datetime
) -> Iterator[Item]:
    reports = list(dict.fromkeys(_sources(row)))
    words = " ".join(h for _, _, h in reports) + " " + row.get("where_description", "")
    weapon = weapon_from_words(words)
    violence = row["type_of_violence"].strip()
    default_type = EventType.VIOLENCE_CIVILIANS if violence == "3" else EventType.ARMED_CLASH
    event_type = _EVENT_OF_WEAPON.get(weapon, default_type)
    lat, lon = to_float(row.get("latitude", "")), to_float(row.get("longitude", ""))
    placed = lat is not None and lon is not None
    meta: dict[str, Any] = {
        "type_of_violence": violence,
        "dyad_name": row.get("dyad_name", "").strip(),
        "date_end": row.get("date_end", "").strip(),
        "deaths_low": to_int(row.get("low", "")),
        "deaths_high": to_int(row.get("high", "")),
        "where_description": row.get("where_description", "").strip(),
    }
    for n, (outlet, reported, headline) in enumerate(reports):
        report_day = _date(reported)
        article = reference_article(
            "ucdp",
            event_id,
            source=source,
            outlet=outlet,
            title=headline,
            published_at=datetime(report_day.year, report_day.month, report_day.day) if report_day else None,
            key=f"{outlet}|{reported}|{headline}",
            metadata=meta,
            fetched_at=at,
        )
        yield article
        yield Mention(
            id=f"ucdp:{event_id}#{n}",
            article_id=article.id,
            sentence_span=(0, 0),
            sentence=headline or f"UCDP GED event {event_id}: {meta['dyad_name']}",
            event_type=str(event_type),
            weapon=str(weapon),
            claim_status=str(ClaimStatus.REPORTED),
            extractor_version="import-ucdp",
            actor_text=row.get("side_a", "").strip() or None,
            target_text=row.get("side_b", "").strip() or None,
            target_country=country,
            place_text=row.get("where_coordinates", "").strip() or None,
            lat=lat if placed else None,
            lon=lon if placed else None,
            geo_precision=str(_WHERE.get(row.get("where_prec", "").strip(), GeoPrecision.TOWN))
            if placed
            else None,
            event_date=day,
            date_precision=str(_DATE.get(row.get("date_prec", "").strip(), DatePrecision.MONTH)),
            killed=to_int(row.get("best", "")),
            confidence=0.9,  # coded by hand from the reports
        )


def read_ucdp(
    source: str | Path, *, settings: Settings, countries: Sequence[str] = (), client: Any = None
) -> Iterator[Item]:
    """Reference articles and mentions from a UCDP GED CSV (path or URL; zip, gzip or plain)."""
    text = str(source)
    yield from ucdp_records(
        read_bytes(text, settings=settings, client=client), source=text, countries=countries
    )


__all__ = ["read_ucdp", "ucdp_records"]
