"""The versioned database schema: an ordered list of migrations both engines apply.

A migration is frozen once released: change the schema by appending a new one, never by editing an old
one, or databases created by an earlier release would differ from new ones at the same version.

Statements are written in the SQL DuckDB and PostgreSQL both accept. ``{json}`` stands for the JSON
column type (``VARCHAR`` in DuckDB, which needs no extension that way; ``JSONB`` in PostgreSQL, which
teams can query). ``at`` is reserved in DuckDB, so time columns say what happened at that time
(``rejected_at``, ``changed_at``, ...). A statement that must differ by engine is a mapping
``{dialect: sql}``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

DIALECTS = ("duckdb", "postgres")

_TYPES: dict[str, dict[str, str]] = {
    "duckdb": {"json": "VARCHAR"},
    "postgres": {"json": "JSONB"},
}

Statement = str | Mapping[str, str]


@dataclass(frozen=True, slots=True)
class Migration:
    version: int
    description: str
    statements: tuple[Statement, ...]

    def sql(self, dialect: str) -> list[str]:
        """The statements of this migration for ``dialect``, types filled in."""
        if dialect not in _TYPES:
            raise ValueError(f"unknown SQL dialect {dialect!r}")
        out: list[str] = []
        for statement in self.statements:
            text = statement if isinstance(statement, str) else statement.get(dialect)
            if text:  # a per-engine statement may be absent for an engine that needs nothing
                out.append(text.format(**_TYPES[dialect]))
        return out


VERSION_TABLE = """
CREATE TABLE IF NOT EXISTS schema_version (
    version INTEGER PRIMARY KEY,
    description VARCHAR NOT NULL,
    applied_at TIMESTAMP NOT NULL
)"""

_V1: tuple[Statement, ...] = (
    """
    CREATE TABLE runs (
        id VARCHAR PRIMARY KEY,
        command VARCHAR NOT NULL,
        started_at TIMESTAMP NOT NULL,
        finished_at TIMESTAMP,
        status VARCHAR NOT NULL,
        extractor_version VARCHAR NOT NULL,
        params {json},
        stats {json}
    )""",
    # seq keeps ingest order exact (timestamps tie within a batch); it is assigned by the store.
    """
    CREATE TABLE articles (
        id VARCHAR PRIMARY KEY,
        external_id VARCHAR,
        url VARCHAR,
        outlet VARCHAR NOT NULL,
        title VARCHAR NOT NULL,
        text VARCHAR NOT NULL,
        published_at TIMESTAMP,
        language VARCHAR,
        fetched_at TIMESTAMP NOT NULL,
        content_hash VARCHAR NOT NULL,
        source VARCHAR NOT NULL,
        metadata {json},
        run_id VARCHAR,
        ingested_at TIMESTAMP NOT NULL,
        seq BIGINT NOT NULL
    )""",
    "CREATE INDEX articles_seq ON articles (seq)",
    "CREATE INDEX articles_published ON articles (published_at)",
    """
    CREATE TABLE rejections (
        id VARCHAR PRIMARY KEY,
        source VARCHAR NOT NULL,
        item VARCHAR NOT NULL,
        reason VARCHAR NOT NULL,
        stage VARCHAR NOT NULL,
        rejected_at TIMESTAMP,
        run_id VARCHAR,
        seq BIGINT NOT NULL
    )""",
    """
    CREATE TABLE extractions (
        article_id VARCHAR NOT NULL,
        extractor_version VARCHAR NOT NULL,
        run_id VARCHAR,
        n_mentions INTEGER NOT NULL,
        extracted_at TIMESTAMP NOT NULL,
        PRIMARY KEY (article_id, extractor_version)
    )""",
    """
    CREATE TABLE mentions (
        id VARCHAR PRIMARY KEY,
        article_id VARCHAR NOT NULL,
        sentence_start INTEGER NOT NULL,
        sentence_end INTEGER NOT NULL,
        sentence VARCHAR NOT NULL,
        event_type VARCHAR NOT NULL,
        weapon VARCHAR NOT NULL,
        claim_status VARCHAR NOT NULL,
        extractor_version VARCHAR NOT NULL,
        n_attacks INTEGER,
        actor_text VARCHAR,
        actor_id VARCHAR,
        actor_umbrella VARCHAR,
        actor_backer VARCHAR,
        target_text VARCHAR,
        target_id VARCHAR,
        target_kind VARCHAR,
        target_country VARCHAR,
        origin_country VARCHAR,
        origin_inferred BOOLEAN NOT NULL,
        place_text VARCHAR,
        place_id VARCHAR,
        lat DOUBLE PRECISION,
        lon DOUBLE PRECISION,
        geo_precision VARCHAR,
        event_date DATE,
        date_precision VARCHAR,
        killed INTEGER,
        injured INTEGER,
        confidence DOUBLE PRECISION NOT NULL,
        evidence {json},
        run_id VARCHAR
    )""",
    "CREATE INDEX mentions_event_date ON mentions (event_date)",
    "CREATE INDEX mentions_article ON mentions (article_id)",
    """
    CREATE TABLE incidents (
        id VARCHAR PRIMARY KEY,
        event_date DATE,
        event_type VARCHAR NOT NULL,
        weapon VARCHAR NOT NULL,
        status VARCHAR NOT NULL,
        mention_ids {json} NOT NULL,
        article_ids {json} NOT NULL,
        n_sources INTEGER NOT NULL,
        n_reports INTEGER NOT NULL,
        first_seen TIMESTAMP NOT NULL,
        last_updated TIMESTAMP NOT NULL,
        actor_id VARCHAR,
        actor_umbrella VARCHAR,
        actor_text VARCHAR,
        target_text VARCHAR,
        target_country VARCHAR,
        target_kind VARCHAR,
        place_text VARCHAR,
        place_id VARCHAR,
        lat DOUBLE PRECISION,
        lon DOUBLE PRECISION,
        geo_precision VARCHAR,
        launch_country VARCHAR,
        n_attacks INTEGER,
        killed INTEGER,
        injured INTEGER,
        review_status VARCHAR NOT NULL
    )""",
    "CREATE INDEX incidents_event_date ON incidents (event_date)",
    """
    CREATE TABLE incident_history (
        incident_id VARCHAR NOT NULL,
        changed_at TIMESTAMP NOT NULL,
        action VARCHAR NOT NULL,
        details {json},
        seq BIGINT NOT NULL
    )""",
    "CREATE INDEX incident_history_incident ON incident_history (incident_id)",
    # Reserved for the dashboard's review workflow; no store method writes it yet.
    """
    CREATE TABLE review_log (
        incident_id VARCHAR NOT NULL,
        reviewed_at TIMESTAMP NOT NULL,
        action VARCHAR NOT NULL,
        comment VARCHAR,
        who VARCHAR
    )""",
)

# Which incident holds a mention. Re-extraction deletes and re-inserts an article's mentions, which clears
# this link, so the next clustering pass picks them up again; a run killed between extraction and
# clustering leaves the link empty and the next run finishes the job.
_V2: tuple[Statement, ...] = (
    "ALTER TABLE mentions ADD COLUMN incident_id VARCHAR",
    "CREATE INDEX mentions_incident ON mentions (incident_id)",
)

# Watch mode (``proxywatch watch``). ``sources`` keeps, per polled feed or page, the validators of its
# last good response (ETag, Last-Modified, body hash) and its health (consecutive failures, circuit
# breaker). ``notifications`` is an outbox: new incidents and surge alerts are written here first and
# marked delivered only after the webhook or JSON-lines file took them, so a watcher killed in between
# delivers them on its next poll instead of losing them.
_V3: tuple[Statement, ...] = (
    """
    CREATE TABLE sources (
        url VARCHAR PRIMARY KEY,
        etag VARCHAR,
        last_modified VARCHAR,
        body_hash VARCHAR,
        last_polled_at TIMESTAMP,
        last_ok_at TIMESTAMP,
        last_status VARCHAR NOT NULL,
        last_error VARCHAR,
        failures INTEGER NOT NULL,
        open_until TIMESTAMP,
        polls INTEGER NOT NULL,
        items INTEGER NOT NULL
    )""",
    """
    CREATE TABLE notifications (
        id VARCHAR PRIMARY KEY,
        kind VARCHAR NOT NULL,
        created_at TIMESTAMP NOT NULL,
        delivered_at TIMESTAMP,
        payload {json} NOT NULL,
        seq BIGINT NOT NULL
    )""",
    "CREATE INDEX notifications_delivered ON notifications (delivered_at)",
)

# Independent sources (cluster/sources.py): per incident the count of independent outlets and, per
# article behind it, whether it is a syndicated copy of another article and whether it comes from the
# attacker's own channel. Incidents saved before this version have NULL here until they next change.
# DuckDB turns an UPDATE of an indexed column into a delete and re-insert of every whole row, which made
# linking 100,000 mentions to their incidents take minutes; a scan of one column is fast there, so
# DuckDB drops the index on mentions.incident_id (PostgreSQL keeps it).
_V4: tuple[Statement, ...] = (
    "ALTER TABLE incidents ADD COLUMN n_independent INTEGER",
    "ALTER TABLE incidents ADD COLUMN sources {json}",
    {"duckdb": "DROP INDEX mentions_incident"},
)

MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, "runs, articles, rejections, extractions, mentions, incidents, history, review log", _V1),
    Migration(2, "mentions.incident_id: the incident that holds each mention", _V2),
    Migration(3, "watch mode: sources (validators, circuit breaker) and a notifications outbox", _V3),
    Migration(
        4, "incidents.n_independent and incidents.sources: syndicated copies, the attacker's channel", _V4
    ),
)

LATEST_VERSION = MIGRATIONS[-1].version
