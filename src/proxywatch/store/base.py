"""The store contract. Every backend (DuckDB now, PostgreSQL later) implements :class:`Store`.

Rules every backend keeps:
- writes are transactional: a method either stores all it was given or nothing;
- adding something already stored (same id) changes nothing and is not an error (idempotent re-ingest);
- reads return :mod:`proxywatch.models` records, never rows or dicts.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from proxywatch.models import Article, Incident, Mention, Rejection, RunRecord
from proxywatch.store.history import HistoryEntry


@dataclass(frozen=True, slots=True)
class IncidentFilter:
    """Filters shared by the CLI, the HTTP API and exports. ``None`` means no filter."""

    start: date | None = None
    end: date | None = None
    actor: str | None = None  # actor id or umbrella id
    target_country: str | None = None
    weapon: str | None = None
    status: str | None = None
    min_sources: int | None = None
    limit: int | None = None
    offset: int = 0


class Store(ABC):
    """A proxywatch database. Open one with :func:`proxywatch.store.open_store`."""

    url: str

    # --- lifecycle -------------------------------------------------------------------------------
    @abstractmethod
    def schema_version(self) -> int:
        """The schema version the database is at (after :meth:`migrate`)."""

    @abstractmethod
    def migrate(self) -> int:
        """Apply pending migrations in order, each in its own transaction; return the new version."""

    @abstractmethod
    def close(self) -> None: ...

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- run log ---------------------------------------------------------------------------------
    @abstractmethod
    def begin_run(self, command: str, *, extractor_version: str, params: dict[str, Any]) -> RunRecord: ...

    @abstractmethod
    def finish_run(self, run_id: str, *, status: str, stats: dict[str, Any]) -> None: ...

    @abstractmethod
    def runs(self, limit: int = 20) -> list[RunRecord]:
        """Most recent first."""

    # --- articles and rejections -----------------------------------------------------------------
    @abstractmethod
    def add_articles(self, articles: Iterable[Article], *, run_id: str | None = None) -> list[str]:
        """Store articles not yet stored (by id); return the ids that were new, in input order."""

    @abstractmethod
    def get_articles(self, ids: Sequence[str]) -> list[Article]:
        """The stored articles with these ids (missing ids are skipped), in the order given."""

    @abstractmethod
    def iter_articles(self, *, batch_size: int = 500) -> Iterable[Article]:
        """Every stored article, oldest ingest first."""

    @abstractmethod
    def count_articles(self) -> int: ...

    @abstractmethod
    def articles_per_day(self) -> dict[date, int]:
        """Articles by publication day: the reporting volume that normalises attack counts."""

    @abstractmethod
    def add_rejections(self, rejections: Iterable[Rejection], *, run_id: str | None = None) -> int:
        """Record rejections; the same (source, item, reason) is recorded once. Return how many were new."""

    @abstractmethod
    def rejections(self, limit: int = 100) -> list[Rejection]: ...

    # --- mentions --------------------------------------------------------------------------------
    @abstractmethod
    def articles_to_extract(self, extractor_version: str, *, limit: int | None = None) -> list[str]:
        """Ids of stored articles not yet processed by this extractor version.

        Articles without text (references stored by a dataset importer) are never listed.
        """

    @abstractmethod
    def replace_mentions(
        self, article_id: str, mentions: Sequence[Mention], *, extractor_version: str, run_id: str | None
    ) -> None:
        """Replace the article's mentions and mark it processed by ``extractor_version``, atomically.

        An article with no mentions is still marked processed.
        """

    @abstractmethod
    def replace_mentions_batch(
        self, results: Sequence[tuple[str, Sequence[Mention]]], *, extractor_version: str, run_id: str | None
    ) -> None:
        """:meth:`replace_mentions` for many ``(article_id, mentions)`` pairs in one transaction."""

    @abstractmethod
    def unclustered_mentions(self) -> list[Mention]:
        """Dated mentions that no incident holds yet: what the next clustering pass must place."""

    @abstractmethod
    def get_mentions(self, ids: Sequence[str]) -> list[Mention]: ...

    @abstractmethod
    def mentions_between(self, start: date, end: date) -> list[Mention]:
        """Mentions whose event date lies in ``[start, end]`` (inclusive)."""

    @abstractmethod
    def mentions_of_articles(self, article_ids: Sequence[str]) -> list[Mention]: ...

    @abstractmethod
    def count_mentions(self) -> int: ...

    # --- incidents -------------------------------------------------------------------------------
    @abstractmethod
    def save_incidents(self, incidents: Sequence[Incident], *, removed: Sequence[str] = ()) -> None:
        """Insert or replace ``incidents`` (by id) and delete the ``removed`` ids, in one transaction.

        Each saved incident becomes the holder of its ``mention_ids`` (see :meth:`unclustered_mentions`).
        """

    @abstractmethod
    def incidents(self, filt: IncidentFilter | None = None) -> list[Incident]:
        """Incidents matching the filter, by event date then id."""

    @abstractmethod
    def get_incidents(self, ids: Sequence[str]) -> list[Incident]: ...

    @abstractmethod
    def incidents_touching(self, start: date, end: date) -> list[Incident]:
        """Incidents with an event date in ``[start, end]``: the block the clusterer reconsiders."""

    @abstractmethod
    def count_incidents(self) -> int: ...

    @abstractmethod
    def incident_history(self, incident_id: str | None = None, *, limit: int = 1000) -> list[HistoryEntry]:
        """Recorded changes to one incident (or to all), oldest first: see ``store/history.py``."""

    # --- review audit log (the dashboard's confirm / reject / merge / split) ----------------------
    @abstractmethod
    def add_review(
        self,
        incident_id: str,
        action: str,
        *,
        review_status: str,
        comment: str | None = None,
        who: str | None = None,
    ) -> ReviewEntry:
        """Append a review to the audit log and set the incident's ``review_status``, in one transaction.

        Raises :class:`~proxywatch.errors.StoreError` when there is no such incident.
        """

    @abstractmethod
    def reviews(self, incident_id: str | None = None, *, limit: int = 100) -> list[ReviewEntry]:
        """Reviews of one incident (or of all), newest first."""

    # --- watch mode: polled sources and the notifications outbox ----------------------------------
    @abstractmethod
    def source_states(self) -> dict[str, SourceState]:
        """What watch mode remembers about each polled source, by URL."""

    @abstractmethod
    def save_source_states(self, states: Sequence[SourceState]) -> None:
        """Insert or replace these sources' states (by URL), in one transaction."""

    @abstractmethod
    def add_notifications(self, notes: Sequence[Notification]) -> list[str]:
        """Queue notifications not yet known (by id); return the ids that were new, in input order."""

    @abstractmethod
    def get_notifications(self, ids: Sequence[str]) -> list[Notification]:
        """The queued or delivered notifications with these ids (missing ids are skipped), in order."""

    @abstractmethod
    def pending_notifications(self, limit: int = 100) -> list[Notification]:
        """Queued notifications not yet delivered, oldest first."""

    @abstractmethod
    def mark_delivered(self, ids: Sequence[str], *, at: datetime | None = None) -> None:
        """Mark notifications delivered (now unless ``at``)."""

    @abstractmethod
    def unnotified_incidents(self, limit: int | None = None) -> list[Incident]:
        """Incidents no ``incident`` notification names yet, by event date then id."""


@dataclass(frozen=True, slots=True)
class ReviewEntry:
    """One analyst decision on an incident, as kept in the review audit log."""

    incident_id: str
    at: datetime
    action: str  # confirm, reject, merge, split
    comment: str | None = None
    who: str | None = None


@dataclass(frozen=True, slots=True)
class SourceState:
    """What watch mode remembers about one polled feed or page (see ``proxywatch.watch``)."""

    url: str
    etag: str | None = None  # validators of the last good response, sent back as conditional headers
    last_modified: str | None = None
    body_hash: str | None = None  # sha256 of the last body: unchanged bodies are not parsed again
    last_polled_at: datetime | None = None
    last_ok_at: datetime | None = None
    last_status: str = "new"  # new, ok, not_modified, unchanged, failed, skipped (circuit open)
    last_error: str | None = None
    failures: int = 0  # consecutive failed polls
    open_until: datetime | None = None  # circuit breaker: not polled before this time
    polls: int = 0
    items: int = 0  # articles and rejections read from it, over all polls


@dataclass(frozen=True, slots=True)
class Notification:
    """A new incident or surge alert, queued for the webhook / JSON-lines output of watch mode."""

    id: str  # "incident:<incident id>" or "surge:<group>:<week start>"
    kind: str  # incident, surge
    created_at: datetime
    payload: dict[str, Any]
    delivered_at: datetime | None = None
