"""The SQL backend shared by DuckDB and PostgreSQL: its queries (rows and columns: :mod:`.rows`).

Engines differ only in how they connect, bind parameters, bulk insert, lock and report errors; those
are the ``_``-prefixed hooks a subclass fills in. SQL here uses ``?`` placeholders; an engine that
binds differently rewrites them in its :meth:`SQLStore._run`.

Datetimes are stored as UTC in ``TIMESTAMP`` columns (no time zone type, so DuckDB needs no ICU) and
come back as UTC-aware datetimes; a naive datetime given to the store is taken to be UTC already.
"""

from __future__ import annotations

import threading
import uuid
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, date, datetime
from typing import Any, ClassVar

from proxywatch.errors import StoreError
from proxywatch.models import Article, Incident, Mention, Rejection, RunRecord
from proxywatch.store.base import IncidentFilter, Notification, ReviewEntry, SourceState, Store
from proxywatch.store.history import HistoryEntry, history
from proxywatch.store.rows import (
    ARTICLE_COLUMNS,
    EXTRACTION_COLUMNS,
    HISTORY_COLUMNS,
    INCIDENT_COLUMNS,
    MENTION_COLUMNS,
    NOTIFICATION_COLUMNS,
    REJECTION_COLUMNS,
    SOURCE_COLUMNS,
    Columns,
    Row,
    article_from_row,
    article_row,
    as_str,
    dump_json,
    from_row,
    from_utc_naive,
    incident_from_row,
    incident_row,
    load_json,
    mention_from_row,
    mention_row,
    notification_from_row,
    rejection_id,
    to_row,
    to_utc_naive,
)
from proxywatch.store.schema import LATEST_VERSION, MIGRATIONS, VERSION_TABLE

_CHUNK = 1000  # ids per IN (...) list: far below every engine's parameter limit


def _chunks(items: Sequence[str], size: int = _CHUNK) -> Iterator[Sequence[str]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


def _marks(n: int) -> str:
    return ", ".join("?" * n)


# Scratch tables of one save (temporary: private to the connection, never in the schema).
_LINKS_TABLE = "CREATE TEMPORARY TABLE IF NOT EXISTS pw_links (mention_id VARCHAR, incident_id VARCHAR)"
_TOUCHED_TABLE = "CREATE TEMPORARY TABLE IF NOT EXISTS pw_touched (incident_id VARCHAR)"
_IDS_TABLE = "CREATE TEMPORARY TABLE IF NOT EXISTS pw_ids (id VARCHAR)"

# Fields whose change is worth a history entry; last_updated alone changes on every save.
_INCIDENT_COMPARED = tuple(name for name, _ in INCIDENT_COLUMNS if name not in ("id", "last_updated"))


def _names(columns: Columns) -> str:
    return ", ".join(name for name, _ in columns)


def _upsert_suffix(columns: Columns, *keys: str) -> str:
    updates = ", ".join(f"{name} = EXCLUDED.{name}" for name, _ in columns if name not in keys)
    return f"ON CONFLICT ({', '.join(keys)}) DO UPDATE SET {updates}"


# --- the backend ----------------------------------------------------------------------------------


class SQLStore(Store):
    """A :class:`Store` over a DB-API-like connection. Subclasses supply the engine hooks."""

    dialect: ClassVar[str]

    def __init__(self, url: str, *, read_only: bool = False) -> None:
        self.url = url
        self.read_only = read_only
        # One connection serves every thread (the HTTP server uses a pool); statements must not interleave.
        self._mutex = threading.RLock()

    # --- engine hooks ----------------------------------------------------------------------------
    def _run(self, sql: str, params: Sequence[Any] = ()) -> list[Row]:
        """Execute one statement with ``?`` placeholders; return its rows ([] when it has none)."""
        raise NotImplementedError

    def _run_many(self, sql: str, rows: Sequence[Row]) -> None:
        raise NotImplementedError

    def _engine_errors(self) -> tuple[type[Exception], ...]:
        raise NotImplementedError

    def _close(self) -> None:
        raise NotImplementedError

    def _lock(self, name: str) -> None:
        """Serialise writers of ``name`` until the transaction ends (no-op for single-writer engines)."""

    def _insert(self, table: str, columns: Columns, rows: Sequence[Row], *, suffix: str = "") -> None:
        """Insert many rows; ``suffix`` is the ``ON CONFLICT`` clause."""
        if rows:
            sql = f"INSERT INTO {table} ({_names(columns)}) VALUES ({_marks(len(columns))}) {suffix}"
            self._run_many(sql, rows)

    # --- plumbing --------------------------------------------------------------------------------
    def _fail(self, what: str, exc: Exception) -> StoreError:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        return StoreError(f"{self.url}: {what}: {first}")

    @contextmanager
    def _tx(self, what: str) -> Iterator[None]:
        if self.read_only:
            raise StoreError(f"{self.url}: cannot {what}: the store is open read-only")
        with self._mutex:
            try:
                self._run("BEGIN")
            except self._engine_errors() as exc:
                raise self._fail(what, exc) from exc
            try:
                yield
                self._run("COMMIT")
            except self._engine_errors() as exc:
                self._rollback_quietly()
                raise self._fail(what, exc) from exc
            except BaseException:
                self._rollback_quietly()
                raise

    def _rollback_quietly(self) -> None:
        try:
            self._run("ROLLBACK")
        except self._engine_errors():
            pass  # the transaction is already gone (failed COMMIT); the original error matters

    def _query(self, what: str, sql: str, params: Sequence[Any] = ()) -> list[Row]:
        with self._mutex:
            try:
                return self._run(sql, params)
            except self._engine_errors() as exc:
                raise self._fail(what, exc) from exc

    def _select_in(self, what: str, sql: str, ids: Sequence[str]) -> list[Row]:
        """Run ``sql`` (with one ``{ids}`` slot) over ``ids`` in chunks."""
        rows: list[Row] = []
        unique = list(dict.fromkeys(ids))
        if len(unique) > _CHUNK and not self.read_only:
            # Many ids: one bulk insert into a scratch table and one semi-join beat a thousand-item
            # IN list per chunk, which the engine plans and probes afresh each time.
            with self._mutex:
                try:
                    self._run(_IDS_TABLE)
                    self._run("DELETE FROM pw_ids")
                    self._insert("pw_ids", (("id", "str"),), [(key,) for key in unique])
                    return self._run(sql.format(ids="SELECT id FROM pw_ids"))
                except self._engine_errors() as exc:
                    raise self._fail(what, exc) from exc
        for chunk in _chunks(unique):
            rows.extend(self._query(what, sql.format(ids=_marks(len(chunk))), chunk))
        return rows

    def _next_seq(self, table: str) -> int:
        return int(self._run(f"SELECT COALESCE(MAX(seq), 0) FROM {table}")[0][0]) + 1

    # --- lifecycle -------------------------------------------------------------------------------
    def _has_version_table(self) -> bool:
        rows = self._query(
            "read schema version",
            "SELECT COUNT(*) FROM information_schema.tables "
            "WHERE table_name = 'schema_version' AND table_schema = current_schema()",
        )
        return bool(rows[0][0])

    def schema_version(self) -> int:
        if not self._has_version_table():
            return 0
        rows = self._query("read schema version", "SELECT MAX(version) FROM schema_version")
        return int(rows[0][0] or 0)

    def check_version(self, *, require_current: bool = False) -> int:
        """The database version; :class:`StoreError` if it is newer than this code knows (or, with
        ``require_current``, older: a read-only store cannot migrate)."""
        version = self.schema_version()
        if version > LATEST_VERSION:
            raise StoreError(
                f"{self.url}: database schema version {version} is newer than this proxywatch supports "
                f"({LATEST_VERSION}); upgrade proxywatch"
            )
        if require_current and version < LATEST_VERSION:
            raise StoreError(
                f"{self.url}: database schema version {version} is older than {LATEST_VERSION}; "
                "open it once for writing to migrate it"
            )
        return version

    def migrate(self) -> int:
        version = self.check_version()
        if version == LATEST_VERSION:
            return version
        with self._tx("create the schema version table"):
            self._lock("migrate")
            self._run(VERSION_TABLE)
        for migration in MIGRATIONS:
            if migration.version <= version:
                continue
            with self._tx(f"apply migration {migration.version}"):
                self._lock("migrate")
                # Another process may have applied it while we waited for the lock.
                done = self._run("SELECT COUNT(*) FROM schema_version WHERE version = ?", [migration.version])
                if done[0][0]:
                    continue
                for statement in migration.sql(self.dialect):
                    self._run(statement)
                self._run(
                    "INSERT INTO schema_version (version, description, applied_at) VALUES (?, ?, ?)",
                    [migration.version, migration.description, to_utc_naive(datetime.now(UTC))],
                )
        return self.check_version()

    def close(self) -> None:
        with self._mutex:
            self._close()

    # --- run log ---------------------------------------------------------------------------------
    _RUN_COLUMNS = "id, command, started_at, finished_at, status, extractor_version, params, stats"

    def begin_run(self, command: str, *, extractor_version: str, params: dict[str, Any]) -> RunRecord:
        run = RunRecord(
            id="run-" + uuid.uuid4().hex[:16],
            command=command,
            started_at=datetime.now(UTC),
            extractor_version=extractor_version,
            params=dict(params),
        )
        with self._tx("begin a run"):
            self._run(
                f"INSERT INTO runs ({self._RUN_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                [run.id, run.command, to_utc_naive(run.started_at), None, run.status, run.extractor_version,
                 dump_json(run.params), dump_json({})],
            )  # fmt: skip
        return run

    def finish_run(self, run_id: str, *, status: str, stats: dict[str, Any]) -> None:
        with self._tx("finish a run"):
            if not self._run("SELECT COUNT(*) FROM runs WHERE id = ?", [run_id])[0][0]:
                raise StoreError(f"{self.url}: no run {run_id!r}")
            self._run(
                "UPDATE runs SET finished_at = ?, status = ?, stats = ? WHERE id = ?",
                [to_utc_naive(datetime.now(UTC)), status, dump_json(stats), run_id],
            )

    def runs(self, limit: int = 20) -> list[RunRecord]:
        rows = self._query(
            "read runs",
            f"SELECT {self._RUN_COLUMNS} FROM runs ORDER BY started_at DESC, id DESC LIMIT ?",
            [limit],
        )
        return [
            RunRecord(
                id=r[0],
                command=r[1],
                started_at=from_utc_naive(r[2]),  # type: ignore[arg-type]
                finished_at=from_utc_naive(r[3]),
                status=r[4],
                extractor_version=r[5],
                params=load_json(r[6]) or {},
                stats=load_json(r[7]) or {},
            )
            for r in rows
        ]

    # --- articles and rejections -----------------------------------------------------------------
    def add_articles(self, articles: Iterable[Article], *, run_id: str | None = None) -> list[str]:
        first: dict[str, Article] = {}
        for article in articles:
            first.setdefault(article.id, article)  # the first copy of an id wins, as if added one by one
        batch = list(first.values())
        if not batch:
            return []
        with self._tx("add articles"):
            self._lock("articles")
            ids = [a.id for a in batch]
            known = set()
            for chunk in _chunks(ids):
                rows = self._run(f"SELECT id FROM articles WHERE id IN ({_marks(len(chunk))})", chunk)
                known.update(r[0] for r in rows)
            new = [a for a in batch if a.id not in known]
            seq = self._next_seq("articles")
            now = datetime.now(UTC)
            rows_out = [
                article_row(a, run_id=run_id, ingested_at=now, seq=seq + i) for i, a in enumerate(new)
            ]
            self._insert("articles", ARTICLE_COLUMNS, rows_out, suffix="ON CONFLICT DO NOTHING")
        return [a.id for a in new]

    def get_articles(self, ids: Sequence[str]) -> list[Article]:
        rows = self._select_in(
            "read articles", f"SELECT {_names(ARTICLE_COLUMNS)} FROM articles WHERE id IN ({{ids}})", ids
        )
        found = {r[0]: article_from_row(r) for r in rows}
        return [found[i] for i in ids if i in found]

    def iter_articles(self, *, batch_size: int = 500) -> Iterator[Article]:
        # Keyset pages instead of an open cursor: the connection stays free for writes between pages.
        last = 0
        while True:
            rows = self._query(
                "read articles",
                f"SELECT {_names(ARTICLE_COLUMNS)} FROM articles WHERE seq > ? ORDER BY seq LIMIT ?",
                [last, batch_size],
            )
            if not rows:
                return
            yield from (article_from_row(r) for r in rows)
            last = rows[-1][-1]

    def count_articles(self) -> int:
        return int(self._query("count articles", "SELECT COUNT(*) FROM articles")[0][0])

    def articles_per_day(self) -> dict[date, int]:
        rows = self._query(
            "count articles per day",
            "SELECT CAST(published_at AS DATE) AS day, COUNT(*) FROM articles "
            "WHERE published_at IS NOT NULL GROUP BY day ORDER BY day",
        )
        return {r[0]: int(r[1]) for r in rows}

    def add_rejections(self, rejections: Iterable[Rejection], *, run_id: str | None = None) -> int:
        batch: dict[str, Rejection] = {}
        for rejection in rejections:
            batch.setdefault(rejection_id(rejection), rejection)
        if not batch:
            return 0
        ordered = list(batch.items())
        with self._tx("add rejections"):
            self._lock("rejections")
            known: set[str] = set()
            keys = [k for k, _ in ordered]
            for chunk in _chunks(keys):
                rows = self._run(f"SELECT id FROM rejections WHERE id IN ({_marks(len(chunk))})", chunk)
                known.update(r[0] for r in rows)
            seq = self._next_seq("rejections")
            now = datetime.now(UTC)
            new = [(k, r) for k, r in ordered if k not in known]
            rows_out = [
                (k, r.source, r.item, r.reason, r.stage, to_utc_naive(r.at or now), run_id, seq + i)
                for i, (k, r) in enumerate(new)
            ]
            self._insert("rejections", REJECTION_COLUMNS, rows_out, suffix="ON CONFLICT DO NOTHING")
        return len(new)

    def rejections(self, limit: int = 100) -> list[Rejection]:
        rows = self._query(
            "read rejections",
            "SELECT source, item, reason, stage, rejected_at FROM rejections ORDER BY seq DESC LIMIT ?",
            [limit],
        )
        return [
            Rejection(source=r[0], item=r[1], reason=r[2], stage=r[3], at=from_utc_naive(r[4])) for r in rows
        ]

    def count_rejections(self) -> int:
        return int(self._query("count rejections", "SELECT COUNT(*) FROM rejections")[0][0])

    # --- mentions --------------------------------------------------------------------------------
    def articles_to_extract(self, extractor_version: str, *, limit: int | None = None) -> list[str]:
        rows = self._query(
            "list articles to extract",
            # Articles without text are references an importer stored (an ACLED event's sources): their
            # mentions come from the dataset, and re-extracting them would delete those.
            "SELECT a.id FROM articles a WHERE a.text <> '' AND NOT EXISTS (SELECT 1 FROM extractions e "
            "WHERE e.article_id = a.id AND e.extractor_version = ?) ORDER BY a.seq LIMIT ?",
            [extractor_version, limit],
        )
        return [r[0] for r in rows]

    def replace_mentions(
        self, article_id: str, mentions: Sequence[Mention], *, extractor_version: str, run_id: str | None
    ) -> None:
        self.replace_mentions_batch(
            [(article_id, mentions)], extractor_version=extractor_version, run_id=run_id
        )

    def replace_mentions_batch(
        self,
        results: Sequence[tuple[str, Sequence[Mention]]],
        *,
        extractor_version: str,
        run_id: str | None,
    ) -> None:
        """:meth:`replace_mentions` for many articles in one transaction (all or nothing).

        One transaction per article costs a commit each; extraction calls this once per batch.
        """
        latest = dict(results)  # an article given twice keeps its last result
        for article_id, mentions in latest.items():
            strays = sorted({m.id for m in mentions if m.article_id != article_id})
            if strays:
                raise StoreError(f"{self.url}: mentions {strays[:3]} do not belong to article {article_id!r}")
        if not latest:
            return
        unique = {m.id: m for mentions in latest.values() for m in mentions}
        now = to_utc_naive(datetime.now(UTC))
        done = [
            (article_id, extractor_version, run_id, len({m.id for m in mentions}), now)
            for article_id, mentions in latest.items()
        ]
        what = f"replace the mentions of article {next(iter(latest))}" + (
            f" and {len(latest) - 1} more" if len(latest) > 1 else ""
        )
        with self._tx(what):
            for chunk in _chunks(list(latest)):
                self._run(f"DELETE FROM mentions WHERE article_id IN ({_marks(len(chunk))})", chunk)
            self._insert(
                "mentions",
                MENTION_COLUMNS,
                [mention_row(m, run_id=run_id) for m in unique.values()],
                suffix=_upsert_suffix(MENTION_COLUMNS, "id"),
            )
            self._insert(
                "extractions",
                EXTRACTION_COLUMNS,
                done,
                suffix=_upsert_suffix(EXTRACTION_COLUMNS, "article_id", "extractor_version"),
            )

    _MENTION_SELECT = f"SELECT {_names(MENTION_COLUMNS)} FROM mentions"

    def get_mentions(self, ids: Sequence[str]) -> list[Mention]:
        rows = self._select_in("read mentions", self._MENTION_SELECT + " WHERE id IN ({ids})", ids)
        found = {r[0]: mention_from_row(r) for r in rows}
        return [found[i] for i in ids if i in found]

    def mentions_between(self, start: date, end: date) -> list[Mention]:
        rows = self._query(
            "read mentions",
            self._MENTION_SELECT + " WHERE event_date >= ? AND event_date <= ? ORDER BY event_date, id",
            [start, end],
        )
        return [mention_from_row(r) for r in rows]

    def mentions_of_articles(self, article_ids: Sequence[str]) -> list[Mention]:
        rows = self._select_in(
            "read mentions", self._MENTION_SELECT + " WHERE article_id IN ({ids})", article_ids
        )
        order = {a: i for i, a in enumerate(dict.fromkeys(article_ids))}
        mentions = [mention_from_row(r) for r in rows]
        return sorted(mentions, key=lambda m: (order[m.article_id], m.sentence_span[0], m.id))

    def unclustered_mentions(self) -> list[Mention]:
        rows = self._query(
            "read unclustered mentions",
            self._MENTION_SELECT
            + " WHERE incident_id IS NULL AND event_date IS NOT NULL ORDER BY event_date, id",
        )
        return [mention_from_row(r) for r in rows]

    def count_mentions(self) -> int:
        return int(self._query("count mentions", "SELECT COUNT(*) FROM mentions")[0][0])

    # --- incidents -------------------------------------------------------------------------------
    _INCIDENT_SELECT = f"SELECT {_names(INCIDENT_COLUMNS)} FROM incidents"
    _INCIDENT_ORDER = " ORDER BY event_date ASC NULLS LAST, id"

    def save_incidents(self, incidents: Sequence[Incident], *, removed: Sequence[str] = ()) -> None:
        batch = list({i.id: i for i in incidents}.values())
        saved_ids = {i.id for i in batch}
        to_remove = [r for r in dict.fromkeys(removed) if r not in saved_ids]
        if not batch and not to_remove:
            return
        with self._tx("save incidents"):
            self._lock("incidents")
            before: dict[str, Row] = {}
            for chunk in _chunks([*saved_ids, *to_remove]):
                for row in self._run(f"{self._INCIDENT_SELECT} WHERE id IN ({_marks(len(chunk))})", chunk):
                    before[row[0]] = row
            old = {key: incident_from_row(row) for key, row in before.items()}
            entries = history(batch, to_remove, old, compared=_INCIDENT_COMPARED)
            for chunk in _chunks(to_remove):
                self._run(f"DELETE FROM incidents WHERE id IN ({_marks(len(chunk))})", chunk)
            self._insert(
                "incidents",
                INCIDENT_COLUMNS,
                [incident_row(i) for i in batch],
                suffix=_upsert_suffix(INCIDENT_COLUMNS, "id"),
            )
            self._link_mentions([*to_remove, *(i.id for i in batch)], batch)
            seq = self._next_seq("incident_history")
            at = to_utc_naive(datetime.now(UTC))
            self._insert(
                "incident_history",
                HISTORY_COLUMNS,
                [(key, at, action, dump_json(details), seq + n) for n, (key, action, details) in
                 enumerate(entries)],
            )  # fmt: skip

    def _link_mentions(self, touched: Sequence[str], batch: Sequence[Incident]) -> None:
        """Make each saved incident the holder of its mentions, and no touched incident of any other.

        The ids go into a temporary table in one bulk insert, then two set-based updates do the work:
        one UPDATE per few hundred ids rescanned the mentions table each time (quadratic in a big save).
        """
        self._run(_LINKS_TABLE)
        self._run(_TOUCHED_TABLE)
        self._run("DELETE FROM pw_links")
        self._run("DELETE FROM pw_touched")
        self._insert("pw_touched", (("incident_id", "str"),), [(key,) for key in dict.fromkeys(touched)])
        links = {m: i.id for i in batch for m in i.mention_ids}
        self._insert("pw_links", (("mention_id", "str"), ("incident_id", "str")), list(links.items()))
        self._run(
            "UPDATE mentions SET incident_id = NULL WHERE incident_id IN (SELECT incident_id FROM pw_touched)"
        )
        self._run(
            "UPDATE mentions SET incident_id = pw_links.incident_id FROM pw_links "
            "WHERE mentions.id = pw_links.mention_id"
        )

    def incidents(self, filt: IncidentFilter | None = None) -> list[Incident]:
        f = filt or IncidentFilter()
        if (f.limit is not None and f.limit < 0) or f.offset < 0:
            raise StoreError(f"{self.url}: limit and offset must not be negative")
        where: list[str] = []
        params: list[Any] = []
        for clause, value in (
            ("event_date >= ?", f.start),
            ("event_date <= ?", f.end),
            ("target_country = ?", f.target_country),
            ("weapon = ?", as_str(f.weapon)),
            ("status = ?", as_str(f.status)),
            ("n_sources >= ?", f.min_sources),
        ):
            if value is not None:
                where.append(clause)
                params.append(value)
        if f.actor is not None:
            where.append("(actor_id = ? OR actor_umbrella = ?)")
            params += [f.actor, f.actor]
        # Page over the sort keys alone, then read whole rows for that page only: sorting every full
        # row before skipping the offset made deep pages slow on large stores.
        page = "SELECT id FROM incidents"
        if where:
            page += " WHERE " + " AND ".join(where)
        page += self._INCIDENT_ORDER + " LIMIT ? OFFSET ?"
        sql = f"{self._INCIDENT_SELECT} WHERE id IN ({page}){self._INCIDENT_ORDER}"
        rows = self._query("read incidents", sql, [*params, f.limit, f.offset])
        return [incident_from_row(r) for r in rows]

    def get_incidents(self, ids: Sequence[str]) -> list[Incident]:
        rows = self._select_in("read incidents", self._INCIDENT_SELECT + " WHERE id IN ({ids})", ids)
        found = {r[0]: incident_from_row(r) for r in rows}
        return [found[i] for i in ids if i in found]

    def incidents_touching(self, start: date, end: date) -> list[Incident]:
        rows = self._query(
            "read incidents",
            self._INCIDENT_SELECT + " WHERE event_date >= ? AND event_date <= ?" + self._INCIDENT_ORDER,
            [start, end],
        )
        return [incident_from_row(r) for r in rows]

    def count_incidents(self) -> int:
        return int(self._query("count incidents", "SELECT COUNT(*) FROM incidents")[0][0])

    def incident_history(self, incident_id: str | None = None, *, limit: int = 1000) -> list[HistoryEntry]:
        """Changes to one incident (or to all), oldest first."""
        sql = "SELECT incident_id, changed_at, action, details FROM incident_history"
        params: list[Any] = []
        if incident_id is not None:
            sql += " WHERE incident_id = ?"
            params.append(incident_id)
        rows = self._query("read incident history", sql + " ORDER BY seq LIMIT ?", [*params, limit])
        return [
            HistoryEntry(
                incident_id=r[0], at=from_utc_naive(r[1]), action=r[2], details=load_json(r[3]) or {}
            )  # type: ignore[arg-type]
            for r in rows
        ]

    # --- review audit log ------------------------------------------------------------------------
    def add_review(
        self,
        incident_id: str,
        action: str,
        *,
        review_status: str,
        comment: str | None = None,
        who: str | None = None,
    ) -> ReviewEntry:
        at = datetime.now(UTC)
        with self._tx(f"review incident {incident_id}"):
            self._lock("incidents")
            if not self._run("SELECT COUNT(*) FROM incidents WHERE id = ?", [incident_id])[0][0]:
                raise StoreError(f"{self.url}: no incident {incident_id!r}")
            self._run(
                "INSERT INTO review_log (incident_id, reviewed_at, action, comment, who) "
                "VALUES (?, ?, ?, ?, ?)",
                [incident_id, to_utc_naive(at), action, comment, who],
            )
            self._run("UPDATE incidents SET review_status = ? WHERE id = ?", [review_status, incident_id])
        return ReviewEntry(incident_id=incident_id, at=at, action=action, comment=comment, who=who)

    def reviews(self, incident_id: str | None = None, *, limit: int = 100) -> list[ReviewEntry]:
        sql = "SELECT incident_id, reviewed_at, action, comment, who FROM review_log"
        params: list[Any] = []
        if incident_id is not None:
            sql += " WHERE incident_id = ?"
            params.append(incident_id)
        rows = self._query("read reviews", sql + " ORDER BY reviewed_at DESC LIMIT ?", [*params, limit])
        return [
            ReviewEntry(incident_id=r[0], at=from_utc_naive(r[1]), action=r[2], comment=r[3], who=r[4])  # type: ignore[arg-type]
            for r in rows
        ]

    # --- watch mode: polled sources and the notifications outbox ----------------------------------
    def source_states(self) -> dict[str, SourceState]:
        rows = self._query("read source states", f"SELECT {_names(SOURCE_COLUMNS)} FROM sources ORDER BY url")
        return {r[0]: SourceState(**from_row(SOURCE_COLUMNS, r)) for r in rows}

    def save_source_states(self, states: Sequence[SourceState]) -> None:
        latest = {s.url: s for s in states}  # a source given twice keeps its last state
        if not latest:
            return
        with self._tx("save source states"):
            self._insert(
                "sources",
                SOURCE_COLUMNS,
                [to_row(s, SOURCE_COLUMNS, {}) for s in latest.values()],
                suffix=_upsert_suffix(SOURCE_COLUMNS, "url"),
            )

    def add_notifications(self, notes: Sequence[Notification]) -> list[str]:
        first: dict[str, Notification] = {}
        for note in notes:
            first.setdefault(note.id, note)  # the first copy of an id wins, as if added one by one
        batch = list(first.values())
        if not batch:
            return []
        with self._tx("queue notifications"):
            self._lock("notifications")
            known: set[str] = set()
            ids = [n.id for n in batch]
            for chunk in _chunks(ids):
                rows = self._run(f"SELECT id FROM notifications WHERE id IN ({_marks(len(chunk))})", chunk)
                known.update(r[0] for r in rows)
            new = [n for n in batch if n.id not in known]
            seq = self._next_seq("notifications")
            self._insert(
                "notifications",
                NOTIFICATION_COLUMNS,
                [to_row(n, NOTIFICATION_COLUMNS, {"seq": seq + i}) for i, n in enumerate(new)],
                suffix="ON CONFLICT DO NOTHING",
            )
        return [n.id for n in new]

    def get_notifications(self, ids: Sequence[str]) -> list[Notification]:
        rows = self._select_in(
            "read notifications",
            f"SELECT {_names(NOTIFICATION_COLUMNS)} FROM notifications WHERE id IN ({{ids}})",
            ids,
        )
        found = {r[0]: notification_from_row(r) for r in rows}
        return [found[i] for i in ids if i in found]

    def pending_notifications(self, limit: int = 100) -> list[Notification]:
        rows = self._query(
            "read notifications",
            f"SELECT {_names(NOTIFICATION_COLUMNS)} FROM notifications WHERE delivered_at IS NULL "
            "ORDER BY seq LIMIT ?",
            [limit],
        )
        return [notification_from_row(r) for r in rows]

    def mark_delivered(self, ids: Sequence[str], *, at: datetime | None = None) -> None:
        when = to_utc_naive(at or datetime.now(UTC))
        unique = list(dict.fromkeys(ids))
        if not unique:
            return
        with self._tx("mark notifications delivered"):
            for chunk in _chunks(unique):
                self._run(
                    f"UPDATE notifications SET delivered_at = ? WHERE id IN ({_marks(len(chunk))}) "
                    "AND delivered_at IS NULL",
                    [when, *chunk],
                )

    def unnotified_incidents(self, limit: int | None = None) -> list[Incident]:
        rows = self._query(
            "read incidents without a notification",
            self._INCIDENT_SELECT + " i WHERE NOT EXISTS (SELECT 1 FROM notifications n "
            "WHERE n.id = 'incident:' || i.id)" + self._INCIDENT_ORDER + " LIMIT ?",
            [limit],
        )
        return [incident_from_row(r) for r in rows]
