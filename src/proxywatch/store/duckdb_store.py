"""The default backend: one DuckDB file, no server."""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import duckdb

from proxywatch.errors import StoreError
from proxywatch.store.rows import Columns, Row
from proxywatch.store.sql import SQLStore

# Arrow types for the bulk insert path, by column kind (see ``sql.Columns``).
_ARROW_KINDS = {
    "str": "string",
    "json": "string",
    "int": "int64",
    "float": "float64",
    "bool": "bool_",
    "date": "date32",
}

# DuckDB's executemany runs one statement per row (about 600 rows/s measured); a registered Arrow
# table inserts thousands of rows in one statement. Below this size a multi-row VALUES is faster.
_BULK_FROM = 20


class DuckDBStore(SQLStore):
    dialect = "duckdb"

    def __init__(self, connection: duckdb.DuckDBPyConnection, *, url: str, read_only: bool = False) -> None:
        super().__init__(url, read_only=read_only)
        self._conn = connection
        self._names = itertools.count()

    def _run(self, sql: str, params: Sequence[Any] = ()) -> list[Row]:
        result = self._conn.execute(sql, list(params))
        return result.fetchall() if result.description else []

    def _run_many(self, sql: str, rows: Sequence[Row]) -> None:
        self._conn.executemany(sql, [list(r) for r in rows])

    def _engine_errors(self) -> tuple[type[Exception], ...]:
        return (duckdb.Error,)

    def _close(self) -> None:
        self._conn.close()

    def _insert(self, table: str, columns: Columns, rows: Sequence[Row], *, suffix: str = "") -> None:
        if not rows:
            return
        listed = ", ".join(name for name, _ in columns)
        if len(rows) < _BULK_FROM:
            # One multi-row statement: executemany would run (and re-plan) one statement per row.
            one = "(" + ", ".join("?" * len(columns)) + ")"
            values = ", ".join([one] * len(rows))
            params = [v for r in rows for v in r]
            self._run(f"INSERT INTO {table} ({listed}) VALUES {values} {suffix}", params)
            return
        import pyarrow as pa  # only bulk writes need it

        arrays = []
        for position, (_, kind) in enumerate(columns):
            values = [row[position] for row in rows]
            arrow_type = pa.timestamp("us") if kind == "ts" else getattr(pa, _ARROW_KINDS[kind])()
            arrays.append(pa.array(values, type=arrow_type))
        names = [name for name, _ in columns]
        view = f"_pw_rows_{next(self._names)}"
        self._conn.register(view, pa.Table.from_arrays(arrays, names=names))
        # No try/finally: unregistering inside an aborted transaction fails and would hide the real
        # cause (a constraint, a type). A failed insert leaves its uniquely named view behind.
        self._conn.execute(f"INSERT INTO {table} ({listed}) SELECT {listed} FROM {view} {suffix}")
        self._conn.unregister(view)


def _first_line(exc: Exception) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def open_duckdb(path: str | Path, *, read_only: bool = False) -> DuckDBStore:
    """Open (creating and migrating when writable) the DuckDB database at ``path`` or ``:memory:``."""
    memory = str(path) == ":memory:"
    if memory:
        if read_only:
            raise StoreError(":memory:: an in-memory database cannot be opened read-only")
        target, url = ":memory:", ":memory:"
    else:
        file = Path(path).expanduser().resolve()
        target, url = str(file), f"duckdb://{file}"
        if read_only and not file.exists():
            raise StoreError(f"{file}: no such database")
        if not read_only:
            try:
                file.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise StoreError(f"{file}: cannot create its directory: {exc.strerror or exc}") from exc
    # Never let DuckDB fetch an extension from the network behind our back.
    config = {"autoinstall_known_extensions": False, "autoload_known_extensions": False}
    try:
        connection = duckdb.connect(target, read_only=read_only, config=config)
    except duckdb.Error as exc:
        raise StoreError(f"{target}: cannot open the database: {_first_line(exc)}") from exc
    store = DuckDBStore(connection, url=url, read_only=read_only)
    try:
        store.check_version(require_current=True) if read_only else store.migrate()
    except BaseException:
        connection.close()
        raise
    return store
