"""Stored records as table rows: the column lists of every table and the record <-> row mapping.

Values are encoded by column kind (``str``, ``int``, ``float``, ``bool``, ``date``, ``ts``, ``json``);
datetimes are stored as naive UTC and come back UTC-aware (see :mod:`proxywatch.store.sql`).
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from proxywatch.models import Article, Incident, Mention, Rejection, Source, stable_id
from proxywatch.store.base import Notification

Row = tuple[Any, ...]
Columns = tuple[tuple[str, str], ...]  # (column name, kind): str, int, float, bool, date, ts, json

# --- value codecs ---------------------------------------------------------------------------------


def to_utc_naive(value: datetime | None) -> datetime | None:
    if value is None or value.tzinfo is None:
        return value
    return value.astimezone(UTC).replace(tzinfo=None)


def from_utc_naive(value: datetime | None) -> datetime | None:
    if value is None:
        return None
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def dump_json(value: Any) -> str:
    # default=str keeps params/stats with dates or paths storable instead of failing a whole run.
    return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)


def load_json(value: Any) -> Any:
    # DuckDB hands back the VARCHAR; psycopg has already decoded JSONB.
    return json.loads(value) if isinstance(value, str) else value


def as_str(value: Any) -> str | None:
    # StrEnum members become their plain value so every driver binds them the same way.
    return None if value is None else str(value)


# --- tables ---------------------------------------------------------------------------------------

ARTICLE_COLUMNS: Columns = (
    ("id", "str"),
    ("external_id", "str"),
    ("url", "str"),
    ("outlet", "str"),
    ("title", "str"),
    ("text", "str"),
    ("published_at", "ts"),
    ("language", "str"),
    ("fetched_at", "ts"),
    ("content_hash", "str"),
    ("source", "str"),
    ("metadata", "json"),
    ("run_id", "str"),
    ("ingested_at", "ts"),
    ("seq", "int"),
)

REJECTION_COLUMNS: Columns = (
    ("id", "str"),
    ("source", "str"),
    ("item", "str"),
    ("reason", "str"),
    ("stage", "str"),
    ("rejected_at", "ts"),
    ("run_id", "str"),
    ("seq", "int"),
)

MENTION_COLUMNS: Columns = (
    ("id", "str"),
    ("article_id", "str"),
    ("sentence_start", "int"),
    ("sentence_end", "int"),
    ("sentence", "str"),
    ("event_type", "str"),
    ("weapon", "str"),
    ("claim_status", "str"),
    ("extractor_version", "str"),
    ("n_attacks", "int"),
    ("actor_text", "str"),
    ("actor_id", "str"),
    ("actor_umbrella", "str"),
    ("actor_backer", "str"),
    ("target_text", "str"),
    ("target_id", "str"),
    ("target_kind", "str"),
    ("target_country", "str"),
    ("origin_country", "str"),
    ("origin_inferred", "bool"),
    ("place_text", "str"),
    ("place_id", "str"),
    ("lat", "float"),
    ("lon", "float"),
    ("geo_precision", "str"),
    ("event_date", "date"),
    ("date_precision", "str"),
    ("killed", "int"),
    ("injured", "int"),
    ("confidence", "float"),
    ("evidence", "json"),
    ("run_id", "str"),
)

INCIDENT_COLUMNS: Columns = (
    ("id", "str"),
    ("event_date", "date"),
    ("event_type", "str"),
    ("weapon", "str"),
    ("status", "str"),
    ("mention_ids", "json"),
    ("article_ids", "json"),
    ("n_sources", "int"),
    ("n_reports", "int"),
    ("first_seen", "ts"),
    ("last_updated", "ts"),
    ("actor_id", "str"),
    ("actor_umbrella", "str"),
    ("actor_text", "str"),
    ("target_text", "str"),
    ("target_country", "str"),
    ("target_kind", "str"),
    ("place_text", "str"),
    ("place_id", "str"),
    ("lat", "float"),
    ("lon", "float"),
    ("geo_precision", "str"),
    ("launch_country", "str"),
    ("n_attacks", "int"),
    ("killed", "int"),
    ("injured", "int"),
    ("review_status", "str"),
    ("n_independent", "int"),
    ("sources", "json"),
)

EXTRACTION_COLUMNS: Columns = (
    ("article_id", "str"),
    ("extractor_version", "str"),
    ("run_id", "str"),
    ("n_mentions", "int"),
    ("extracted_at", "ts"),
)

HISTORY_COLUMNS: Columns = (
    ("incident_id", "str"),
    ("changed_at", "ts"),
    ("action", "str"),
    ("details", "json"),
    ("seq", "int"),
)

SOURCE_COLUMNS: Columns = (
    ("url", "str"),
    ("etag", "str"),
    ("last_modified", "str"),
    ("body_hash", "str"),
    ("last_polled_at", "ts"),
    ("last_ok_at", "ts"),
    ("last_status", "str"),
    ("last_error", "str"),
    ("failures", "int"),
    ("open_until", "ts"),
    ("polls", "int"),
    ("items", "int"),
)

NOTIFICATION_COLUMNS: Columns = (
    ("id", "str"),
    ("kind", "str"),
    ("created_at", "ts"),
    ("delivered_at", "ts"),
    ("payload", "json"),
    ("seq", "int"),
)


def notification_from_row(row: Row) -> Notification:
    values = from_row(NOTIFICATION_COLUMNS, row)
    values.pop("seq")
    return Notification(**values)


# --- record <-> row -------------------------------------------------------------------------------


def _encode(kind: str, value: Any) -> Any:
    if value is None:
        return None
    if kind == "ts":
        return to_utc_naive(value)
    if kind == "json":
        return dump_json(value)
    if kind == "str":
        return str(value)  # StrEnum members become plain values, bound the same by every driver
    if kind == "bool":
        return bool(value)
    return value


def _decode(kind: str, value: Any) -> Any:
    if kind == "ts":
        return from_utc_naive(value)
    if kind == "json":
        return load_json(value)
    return value


def to_row(record: Any, columns: Columns, extra: dict[str, Any]) -> Row:
    """A row for ``columns``: values from ``extra`` first, else the record's attribute of that name."""
    return tuple(
        _encode(kind, extra[name] if name in extra else getattr(record, name)) for name, kind in columns
    )


def from_row(columns: Columns, row: Row) -> dict[str, Any]:
    return {name: _decode(kind, value) for (name, kind), value in zip(columns, row, strict=False)}


def article_row(article: Article, *, run_id: str | None, ingested_at: datetime, seq: int) -> Row:
    return to_row(article, ARTICLE_COLUMNS, {"run_id": run_id, "ingested_at": ingested_at, "seq": seq})


def article_from_row(row: Row) -> Article:
    values = from_row(ARTICLE_COLUMNS, row)
    for name in ("run_id", "ingested_at", "seq"):
        values.pop(name)
    values["metadata"] = values["metadata"] or {}
    return Article(**values)


def mention_row(m: Mention, *, run_id: str | None) -> Row:
    extra = {
        "sentence_start": int(m.sentence_span[0]),
        "sentence_end": int(m.sentence_span[1]),
        "evidence": {key: [int(span[0]), int(span[1])] for key, span in m.evidence.items()},
        "confidence": float(m.confidence),
        "run_id": run_id,
    }
    return to_row(m, MENTION_COLUMNS, extra)


def mention_from_row(row: Row) -> Mention:
    values = from_row(MENTION_COLUMNS, row)
    values.pop("run_id")
    values["sentence_span"] = (values.pop("sentence_start"), values.pop("sentence_end"))
    values["evidence"] = {key: (span[0], span[1]) for key, span in (values["evidence"] or {}).items()}
    return Mention(**values)


def incident_row(i: Incident) -> Row:
    extra = {
        "mention_ids": list(i.mention_ids),
        "article_ids": list(i.article_ids),
        "sources": [_source_json(s) for s in i.sources],
    }
    return to_row(i, INCIDENT_COLUMNS, extra)


def incident_from_row(row: Row) -> Incident:
    values = from_row(INCIDENT_COLUMNS, row)
    values["mention_ids"] = tuple(values["mention_ids"])
    values["article_ids"] = tuple(values["article_ids"])
    values["sources"] = tuple(_source_from_json(s) for s in values["sources"] or ())
    return Incident(**values)


def _source_json(s: Source) -> dict[str, Any]:
    when = to_utc_naive(s.published_at)
    return {
        "article_id": s.article_id,
        "outlet": s.outlet,
        "published_at": when.isoformat() if when else None,
        "copy_of": s.copy_of,
        "own_channel": s.own_channel,
        "own_channel_reason": s.own_channel_reason,
    }


def _source_from_json(d: dict[str, Any]) -> Source:
    when = d.get("published_at")
    return Source(
        article_id=d["article_id"],
        outlet=d["outlet"],
        published_at=from_utc_naive(datetime.fromisoformat(when)) if when else None,
        copy_of=d.get("copy_of"),
        own_channel=bool(d.get("own_channel")),
        own_channel_reason=d.get("own_channel_reason"),
    )


def rejection_id(rejection: Rejection) -> str:
    return stable_id(rejection.source, rejection.item, rejection.reason, prefix="rej-")
