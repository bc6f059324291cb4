"""ACLED importer: a user's ACLED CSV export -> reference articles and mentions, one incident per event.

ACLED's terms require attribution and restrict redistribution of its rows: proxywatch reads the file a
user downloaded and never bundles ACLED data (the test file holds made-up rows).

Each political-violence event (``Explosions/Remote violence``, ``Battles``, ``Violence against
civilians``, and ``Disrupted weapons use``, ACLED's code for interceptions) gives one reference article
per outlet in its ``source`` field (``;``-separated), so the incident counts its outlets, and one
mention per outlet with the event's fields. Mention ids are ``acled:<event_id_cnty>#<n>``: the part
before ``#`` is the incident id, so ACLED's event id is kept. Other rows (demonstrations, strategic
developments) are skipped silently; a row without id or readable date gives a Rejection.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator, Sequence
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from proxywatch.ingest.gdelt import (
    decode,
    iso2_from_name,
    iso2_from_number,
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

COLUMNS = (
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type", "sub_event_type",
    "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2", "interaction",
    "civilian_targeting", "iso", "region", "country", "admin1", "admin2", "admin3", "location", "latitude",
    "longitude", "geo_precision", "source", "source_scale", "notes", "fatalities", "tags", "timestamp",
)  # fmt: skip
REQUIRED = ("event_id_cnty", "event_date", "event_type", "sub_event_type")
VIOLENT_TYPES = frozenset({"Explosions/Remote violence", "Battles", "Violence against civilians"})

_SUB_EVENTS = {str(e): e for e in EventType}
_SUB_EVENTS.update({"Disrupted weapons use": EventType.INTERCEPTION, "Attack": EventType.VIOLENCE_CIVILIANS})
# Weapon when the notes name none.
_DEFAULT_WEAPON = {
    EventType.AIR_DRONE_STRIKE: Weapon.AIRSTRIKE,
    EventType.SHELLING_MISSILE: Weapon.ARTILLERY,
    EventType.REMOTE_EXPLOSIVE: Weapon.IED,
    EventType.SUICIDE_BOMB: Weapon.IED,
    EventType.ARMED_CLASH: Weapon.SMALL_ARMS,
}
_TIME_PRECISION = {"1": DatePrecision.DAY, "2": DatePrecision.WEEK, "3": DatePrecision.MONTH}
_GEO_PRECISION = {"1": GeoPrecision.TOWN, "2": GeoPrecision.DISTRICT, "3": GeoPrecision.REGION}


def parse_date(value: str) -> date | None:
    """``2024-10-01`` (API and CSV exports) or ``01 October 2024`` / ``1-Oct-24`` (older exports)."""
    text = value.strip()
    for fmt in ("%Y-%m-%d", "%d %B %Y", "%d-%B-%Y", "%d-%b-%y", "%d %b %Y", "%m/%d/%Y"):
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None


def _sub_event(row: dict[str, str]) -> EventType | None:
    sub = row["sub_event_type"].strip()
    if sub == "Disrupted weapons use":
        return EventType.INTERCEPTION
    if row["event_type"].strip() not in VIOLENT_TYPES:
        return None
    return _SUB_EVENTS.get(
        sub, EventType.VIOLENCE_CIVILIANS if "civilian" in row["event_type"].lower() else None
    )


def acled_records(
    data: bytes, *, source: str, countries: Sequence[str] = (), fetched_at: datetime | None = None
) -> Iterator[Item]:
    """Reference articles and mentions for the violent events of an ACLED CSV export's bytes."""
    at = fetched_at or datetime.now(UTC)
    reader = csv.reader(io.StringIO(decode(data), newline=""))
    header = [h.strip().lower() for h in next(reader, [])]
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        yield Rejection(source, "header", f"not an ACLED export: no {', '.join(missing)} column", at=at)
        return
    wanted = {c.upper() for c in countries}
    for number, cells in enumerate(reader, start=2):
        if not any(c.strip() for c in cells):
            continue
        item = f"row {number}"
        if len(cells) != len(header):
            yield Rejection(source, item, f"{len(cells)} fields but the header has {len(header)}", at=at)
            continue
        row = {name: "" for name in COLUMNS} | dict(zip(header, cells, strict=True))
        event_type = _sub_event(row)
        if event_type is None:
            continue
        country = iso2_from_number(row["iso"]) or iso2_from_name(row["country"])
        if wanted and country not in wanted:
            continue
        event_id = row["event_id_cnty"].strip()
        day = parse_date(row["event_date"])
        if not event_id:
            yield Rejection(source, item, "empty event_id_cnty", at=at)
        elif day is None:
            yield Rejection(source, item, f"unreadable event_date {row['event_date'][:40]!r}", at=at)
        else:
            yield from _event_items(event_id, day, event_type, country, row, source=source, at=at)


def _event_items(
    event_id: str,
    day: date,
    event_type: EventType,
    country: str | None,
    row: dict[str, str],
    *,
    source: str,
    at: datetime,
) -> Iterator[Item]:
    notes = row["notes"].strip()
    weapon = weapon_from_words(notes, _DEFAULT_WEAPON.get(event_type, Weapon.UNKNOWN))
    lat, lon = to_float(row["latitude"]), to_float(row["longitude"])
    placed = lat is not None and lon is not None
    precision = _GEO_PRECISION.get(row["geo_precision"].strip(), GeoPrecision.TOWN)
    outlets = [s.strip() for s in row["source"].split(";") if s.strip()] or ["ACLED"]
    meta: dict[str, Any] = {
        "sub_event_type": row["sub_event_type"].strip(),
        "assoc_actor_1": row["assoc_actor_1"].strip(),
        "admin1": row["admin1"].strip(),
        "source_scale": row["source_scale"].strip(),
        "tags": row["tags"].strip(),
    }
    for n, outlet in enumerate(dict.fromkeys(outlets)):
        article = reference_article(
            "acled", event_id, source=source, outlet=outlet, key=outlet, metadata=meta, fetched_at=at
        )
        yield article
        yield Mention(
            id=f"acled:{event_id}#{n}",
            article_id=article.id,
            sentence_span=(0, 0),
            sentence=notes or f"ACLED event {event_id}",
            event_type=str(event_type),
            weapon=str(weapon),
            claim_status=str(
                ClaimStatus.INTERCEPTED if event_type == EventType.INTERCEPTION else ClaimStatus.REPORTED
            ),
            extractor_version="import-acled",
            actor_text=row["actor1"].strip() or None,
            target_text=row["actor2"].strip() or None,
            target_country=country,
            place_text=row["location"].strip() or None,
            lat=lat if placed else None,
            lon=lon if placed else None,
            geo_precision=str(precision) if placed else None,
            event_date=day,
            date_precision=str(_TIME_PRECISION.get(row["time_precision"].strip(), DatePrecision.DAY)),
            killed=to_int(row["fatalities"]),
            confidence=0.9,  # coded by hand from the reports
        )


def read_acled(
    source: str | Path, *, settings: Settings, countries: Sequence[str] = (), client: Any = None
) -> Iterator[Item]:
    """Reference articles and mentions from an ACLED CSV export (path or URL; zip, gzip or plain)."""
    text = str(source)
    yield from acled_records(
        read_bytes(text, settings=settings, client=client), source=text, countries=countries
    )


__all__ = ["COLUMNS", "acled_records", "parse_date", "read_acled"]
