"""The store stage: records <-> a DuckDB file (default) or a PostgreSQL database (by URL).

Open one with :func:`open_store`; the contract every backend keeps is :class:`Store` in ``base``.
"""

from __future__ import annotations

from pathlib import Path

from proxywatch.errors import StoreError
from proxywatch.store.base import IncidentFilter, Store
from proxywatch.store.history import HistoryEntry

__all__ = ["HistoryEntry", "IncidentFilter", "Store", "open_store"]

_POSTGRES_SCHEMES = ("postgresql://", "postgres://")
_DUCKDB_SCHEME = "duckdb://"


def open_store(target: str | Path, *, read_only: bool = False) -> Store:
    """Open the database at ``target`` and bring its schema up to date (unless ``read_only``).

    ``target`` is a file path, ``duckdb:///abs/path``, ``:memory:``, or a ``postgresql://`` URL.
    Raises :class:`StoreError` (one line naming the target) when it cannot be opened or migrated.
    """
    text = str(target)
    if text.startswith(_POSTGRES_SCHEMES):
        from proxywatch.store.postgres_store import open_postgres

        return open_postgres(text, read_only=read_only)
    if text.startswith(_DUCKDB_SCHEME):
        text = text[len(_DUCKDB_SCHEME) :]
        if not text:
            raise StoreError(f"{target}: no database path after duckdb://")
    elif "://" in text:
        scheme = text.split("://", 1)[0]
        raise StoreError(f"{target}: unknown database scheme {scheme!r}; use a path or postgresql://")
    from proxywatch.store.duckdb_store import open_duckdb

    return open_duckdb(text, read_only=read_only)
