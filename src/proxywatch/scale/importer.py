"""Import event datasets (GDELT, ACLED, UCDP) into a store, and optionally fetch their source URLs.

The readers in :mod:`proxywatch.ingest` map each dataset record to reference articles and mentions;
this module resolves the mentions (actor registry, umbrella, backer) and stores them:

- ACLED and UCDP events are already one row per real event: each becomes one incident whose id is the
  dataset's (``acled:<event_id_cnty>``, ``ucdp:<id>``). Re-importing a file changes nothing; a news
  report of the same attack, run later, joins that incident through the clusterer.
- GDELT codes one attack many times, so its mentions go through the clusterer like extracted ones.

A reference article is marked as processed by the current extractor, so the extractor never replaces
its mentions. With ``fetch``, the source URLs are then run through the pipeline as articles.
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import Any

from proxywatch import EXTRACTOR_VERSION
from proxywatch.errors import ConfigError
from proxywatch.models import Article, Incident, Mention, Rejection
from proxywatch.settings import Settings
from proxywatch.store.base import Store

DATASETS = ("gdelt", "acled", "ucdp")
_BATCH = 2_000


@dataclass
class ImportSummary:
    dataset: str
    source: str
    records: int = 0  # dataset events (or GKG articles) imported
    mentions: int = 0
    rejected: int = 0
    incidents_created: int = 0
    incidents_updated: int = 0
    urls: list[str] = field(default_factory=list)  # source URLs, to fetch as articles
    fetched: Any = None  # the RunSummary of the fetch run, when asked
    seconds: float = 0.0
    rejections: list[Rejection] = field(default_factory=list)


def read_records(
    dataset: str,
    source: str,
    *,
    settings: Settings,
    countries: Sequence[str] | None = None,
    client: Any = None,
) -> Iterator[Article | Mention | Rejection]:
    """The reader's items for ``dataset``; ``countries=None`` is the reader's default scope."""
    from proxywatch.ingest import acled, gdelt, ucdp

    readers = {"gdelt": gdelt.read_gdelt, "acled": acled.read_acled, "ucdp": ucdp.read_ucdp}
    if dataset not in readers:
        raise ConfigError(f"unknown dataset {dataset!r}; known: {', '.join(DATASETS)}")
    kwargs: dict[str, Any] = {"settings": settings, "client": client}
    if countries is not None:
        kwargs["countries"] = tuple(countries)
    return readers[dataset](source, **kwargs)


def incident_key(mention_id: str) -> str:
    """``acled:123#2`` -> ``acled:123``: mentions of one dataset record share one incident."""
    return mention_id.split("#", 1)[0]


@dataclass(frozen=True)
class ResolveComponents:
    """What resolving imported records needs: no extractor and no name finders (slow to build)."""

    actors: Any
    resolver: Any


def resolve_components(settings: Settings) -> ResolveComponents:
    from proxywatch import plugins
    from proxywatch.resolve.actors import ActorRegistry
    from proxywatch.resolve.resolver import Resolver

    actors = ActorRegistry.builtin()
    if settings.actor_registry:
        actors = actors.extend(settings.actor_registry)
    gazetteer = plugins.load("gazetteer", settings.gazetteer)()
    return ResolveComponents(actors=actors, resolver=Resolver(actors, gazetteer))


def _resolved(mention: Mention, article: Article, components: Any) -> Mention:
    if mention.actor_text and not mention.actor_id:
        actor = components.actors.lookup(mention.actor_text)
        if actor is not None:
            mention = replace(mention, actor_id=actor.id)
    return components.resolver.resolve(mention, article)


def _batches(items: Iterable[Article | Mention | Rejection], size: int) -> Iterator[list[Any]]:
    """Batches that never split a record: a batch ends only before an article of a new record."""
    batch: list[Any] = []
    for item in items:
        if len(batch) >= size and isinstance(item, Article) and _record(item) != _record(batch[-1]):
            yield batch
            batch = []
        batch.append(item)
    if batch:
        yield batch


def _record(item: Any) -> str:
    if isinstance(item, Article):
        return f"{item.metadata.get('dataset')}:{item.metadata.get('record_id')}"
    if isinstance(item, Mention):
        return incident_key(item.id)
    return ""


def _save_record_incidents(
    store: Store, by_incident: dict[str, list[Mention]], outlets: dict[str, str], summary: ImportSummary
) -> None:
    from proxywatch.cluster.canonical import build_incident

    now = datetime.now(UTC).replace(tzinfo=None)
    existing = {i.id: i for i in store.get_incidents(list(by_incident))}
    # Keep what joined an incident since the last import (news reports), and its review status.
    extra_ids = sorted({m for i in existing.values() for m in i.mention_ids} - {
        m.id for ms in by_incident.values() for m in ms
    })  # fmt: skip
    extra = {m.id: m for m in store.get_mentions(extra_ids)}
    more = {a.id: a.outlet for a in store.get_articles(sorted({m.article_id for m in extra.values()}))}
    incidents: list[Incident] = []
    for key, mentions in by_incident.items():
        old = existing.get(key)
        members = list(mentions) + [extra[m] for m in (old.mention_ids if old else ()) if m in extra]
        incidents.append(
            build_incident(
                key,
                members,
                {**outlets, **more},
                first_seen=old.first_seen if old else now,
                now=now,
                review_status=old.review_status if old else "unreviewed",
            )
        )
        summary.incidents_updated += old is not None
        summary.incidents_created += old is None
    store.save_incidents(incidents)


def import_dataset(
    dataset: str,
    source: str,
    *,
    store: Store,
    settings: Settings,
    countries: Sequence[str] | None = None,
    fetch: bool = False,
    components: Any = None,
    client: Any = None,
) -> ImportSummary:
    """Import a GDELT (event or GKG), ACLED or UCDP file or URL into ``store``.

    ``components`` may be :func:`resolve_components` or the pipeline's (reused to fetch); ``client`` is
    an ``httpx.Client`` for URL sources.

    Raises InputError/SourceError when the source cannot be read at all; bad rows are rejections.
    """
    from proxywatch.pipeline import cluster, run

    started = time.perf_counter()
    resolving = components or resolve_components(settings)
    summary = ImportSummary(dataset=dataset, source=source)
    record = store.begin_run(
        f"import {dataset}", extractor_version=EXTRACTOR_VERSION, params={"source": source}
    )
    per_record = dataset in ("acled", "ucdp")
    try:
        items = read_records(dataset, source, settings=settings, countries=countries, client=client)
        for batch in _batches(items, _BATCH):
            articles = {i.id: i for i in batch if isinstance(i, Article)}
            rejections = [i for i in batch if isinstance(i, Rejection)]
            by_article: dict[str, list[Mention]] = {a: [] for a in articles}
            for item in batch:
                if isinstance(item, Mention):
                    by_article[item.article_id].append(_resolved(item, articles[item.article_id], resolving))
            if rejections:
                store.add_rejections(rejections, run_id=record.id)
                summary.rejected += len(rejections)
                summary.rejections.extend(rejections)
            new_ids = set(store.add_articles(articles.values(), run_id=record.id))
            if not per_record:
                # GDELT never revises an event: what is stored stays, so re-importing a file is a no-op.
                by_article = {a: ms for a, ms in by_article.items() if a in new_ids}
            # Marked as processed by the current extractor: a run never re-extracts (and so never drops)
            # the dataset's mentions of a reference article.
            store.replace_mentions_batch(list(by_article.items()), extractor_version=EXTRACTOR_VERSION,
                                         run_id=record.id)  # fmt: skip
            summary.records += len({_record(a) for a in articles.values()})
            summary.mentions += sum(len(m) for m in by_article.values())
            summary.urls.extend(a.url for a in articles.values() if a.url)
            if per_record:
                by_incident: dict[str, list[Mention]] = defaultdict(list)
                for mentions in by_article.values():
                    for m in mentions:
                        by_incident[incident_key(m.id)].append(m)
                outlets = {a.id: a.outlet for a in articles.values()}
                _save_record_incidents(store, dict(by_incident), outlets, summary)
        if not per_record:
            from proxywatch.pipeline import RunSummary

            clustered = RunSummary()
            cluster(store.unclustered_mentions(), store=store, settings=settings, summary=clustered)
            summary.incidents_created += clustered.incidents_created
            summary.incidents_updated += clustered.incidents_updated
    except BaseException:
        store.finish_run(record.id, status="failed", stats={"records": summary.records})
        raise
    summary.urls = list(dict.fromkeys(summary.urls))
    stats = {
        "records": summary.records,
        "mentions": summary.mentions,
        "rejected": summary.rejected,
        "incidents_created": summary.incidents_created,
        "incidents_updated": summary.incidents_updated,
    }
    store.finish_run(record.id, status="ok", stats=stats)
    if fetch and summary.urls:
        full = components if hasattr(components, "extractor") else None  # else the run builds them
        summary.fetched = run(summary.urls, store=store, settings=settings, components=full, command="fetch")
    summary.seconds = time.perf_counter() - started
    return summary


__all__ = ["DATASETS", "ImportSummary", "import_dataset", "incident_key", "read_records"]
