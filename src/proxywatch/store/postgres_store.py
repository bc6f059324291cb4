"""The team backend: a PostgreSQL database by URL (needs the ``postgres`` extra: psycopg 3)."""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from proxywatch.errors import StoreError
from proxywatch.models import stable_id
from proxywatch.store.rows import Row
from proxywatch.store.sql import SQLStore

_CONNECT_TIMEOUT_S = 5


def masked(url: str) -> str:
    """The URL with its password hidden, fit for messages and ``Store.url``."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    host = parts.hostname or ""
    if parts.port:
        host += f":{parts.port}"
    return urlunsplit(parts._replace(netloc=f"{parts.username or ''}:***@{host}"))


@lru_cache(maxsize=256)
def _pyformat(sql: str) -> str:
    # The shared SQL never holds a literal "?" or "%", so the swap is safe (checked here to stay so).
    if "%" in sql:
        raise StoreError(f"SQL with a literal '%' cannot be bound by psycopg: {sql[:60]}")
    return sql.replace("?", "%s")


def _clean(value: Any) -> Any:
    # PostgreSQL text refuses NUL characters and jsonb their \u0000 escape, both of which DuckDB
    # stores; drop them instead of failing a whole batch over one broken page.
    if isinstance(value, str) and ("\x00" in value or "\\u0000" in value):
        return value.replace("\x00", "").replace("\\u0000", "")
    return value


class PostgresStore(SQLStore):
    dialect = "postgres"

    def __init__(self, connection: Any, *, url: str, read_only: bool = False) -> None:
        super().__init__(url, read_only=read_only)
        self._conn = connection
        import psycopg

        self._errors: tuple[type[Exception], ...] = (psycopg.Error,)

    def _run(self, sql: str, params: Sequence[Any] = ()) -> list[Row]:
        cursor = self._conn.execute(_pyformat(sql), [_clean(p) for p in params])
        return cursor.fetchall() if cursor.description else []

    def _run_many(self, sql: str, rows: Sequence[Row]) -> None:
        with self._conn.cursor() as cursor:
            cursor.executemany(_pyformat(sql), [[_clean(v) for v in row] for row in rows])

    def _engine_errors(self) -> tuple[type[Exception], ...]:
        return self._errors

    def _close(self) -> None:
        self._conn.close()

    def _lock(self, name: str) -> None:
        # Transaction-scoped advisory lock: concurrent writers (two CLI runs, the server) take turns
        # on migrations and on the seq counters, and the lock ends with the transaction.
        key = int(stable_id("proxywatch", name, length=15), 16)
        self._run("SELECT pg_advisory_xact_lock(?)", [key])


def open_postgres(url: str, *, read_only: bool = False) -> PostgresStore:
    """Connect to ``url`` and bring its schema up to date (unless ``read_only``)."""
    shown = masked(url)
    try:
        import psycopg
    except ImportError as exc:
        raise StoreError(f"{shown}: PostgreSQL needs psycopg: pip install 'proxywatch[postgres]'") from exc
    try:
        connection = psycopg.connect(url, autocommit=True, connect_timeout=_CONNECT_TIMEOUT_S)
    except psycopg.Error as exc:
        reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise StoreError(f"{shown}: cannot connect: {reason}") from exc
    store = PostgresStore(connection, url=shown, read_only=read_only)
    try:
        # TIMESTAMP columns hold UTC; the session zone only matters to casts, keep it UTC too.
        store._run("SET TIME ZONE 'UTC'")
        if read_only:
            store._run("SET default_transaction_read_only = on")
            store.check_version(require_current=True)
        else:
            store.migrate()
    except psycopg.Error as exc:
        connection.close()
        raise StoreError(f"{shown}: cannot prepare the database: {str(exc).strip().splitlines()[0]}") from exc
    except BaseException:
        connection.close()
        raise
    return store
