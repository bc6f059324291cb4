"""The orchestrator: it names the cascade ingest -> extract -> resolve -> cluster and nothing else.

This is the Python API the CLI, the HTTP server and the evaluation call::

    from proxywatch.pipeline import run
    from proxywatch.settings import load_settings
    from proxywatch.store import open_store

    with open_store("news.duckdb") as store:
        summary = run(["articles.jsonl"], store=store, settings=load_settings())

Articles are stored before anything else runs; each article's mentions are stored with the mark that it
was processed, in one transaction; mentions not yet in an incident are clustered at the end of every run,
so a run killed half-way resumes where it stopped without losing or duplicating anything.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

from proxywatch import EXTRACTOR_VERSION, plugins
from proxywatch.cluster.incidents import cluster_batches
from proxywatch.errors import ProxywatchError
from proxywatch.extract.rules import Knowledge
from proxywatch.ingest import load
from proxywatch.models import Article, Mention, Rejection
from proxywatch.resolve.actors import ActorRegistry
from proxywatch.resolve.dates import find_date_expressions, resolve_date
from proxywatch.resolve.gazetteer import Gazetteer
from proxywatch.resolve.resolver import Resolver
from proxywatch.resolve.scope import Scope, in_scope, parse_sides
from proxywatch.settings import Settings
from proxywatch.store.base import Store


@dataclass
class RunSummary:
    run_id: str = ""
    sources: int = 0
    articles_seen: int = 0
    articles_new: int = 0
    rejected: int = 0
    articles_extracted: int = 0
    mentions: int = 0
    out_of_scope: int = 0  # mentions of attacks outside the watched conflict: stored, never clustered
    incidents_created: int = 0
    incidents_updated: int = 0
    seconds: float = 0.0
    rejections: list[Rejection] = field(default_factory=list)

    @property
    def failed_sources(self) -> list[str]:
        """Inputs that could not be read at all (as opposed to single bad items inside them)."""
        return [r.source for r in self.rejections if r.item == "source"]

    def stats(self) -> dict[str, Any]:
        data = asdict(self)
        data.pop("rejections")
        return data


@dataclass(frozen=True)
class Components:
    """The heavy parts of a run, built once by :func:`build_components` and reusable across runs."""

    actors: ActorRegistry
    gazetteer: Gazetteer
    extractor: Any
    resolver: Resolver


def build_components(settings: Settings) -> Components:
    actors = ActorRegistry.builtin()
    if settings.actor_registry:
        actors = actors.extend(settings.actor_registry)
    gazetteer = plugins.load("gazetteer", settings.gazetteer)()
    knowledge = Knowledge(
        actors=actors.finder(),
        places=gazetteer.finder(),
        dates=find_date_expressions,
        resolve_date=_resolve_day,
        actor_side=lambda actor_id: _attr(actors, actor_id, "side"),
        actor_kind=lambda actor_id: _attr(actors, actor_id, "kind"),
        place_of=lambda place_id: gazetteer.get(place_id) if place_id in gazetteer else None,
    )
    extractor = plugins.load("extractor", settings.extractor)(knowledge)
    other_wars = [c.strip().upper() for c in settings.scope_other_wars.split(",") if c.strip()]
    scope = Scope(actors, sides=parse_sides(settings.scope_sides), other_wars=other_wars)
    return Components(
        actors=actors,
        gazetteer=gazetteer,
        extractor=extractor,
        resolver=Resolver(actors, gazetteer, scope=scope),
    )


def _resolve_day(expression: str, published: date) -> tuple[date, str] | None:
    resolved = resolve_date(expression, published)
    return (resolved[0], str(resolved[1])) if resolved else None


def _attr(actors: ActorRegistry, actor_id: str, name: str) -> str | None:
    actor = actors.get_or_none(actor_id)
    return getattr(actor, name) if actor else None


@contextmanager
def _progress(enabled: bool) -> Iterator[Any]:
    if not enabled:
        yield None
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        transient=False,
    ) as bar:
        yield bar


def ingest(
    inputs: Sequence[str], *, store: Store, settings: Settings, run_id: str | None = None, summary: RunSummary
) -> list[str]:
    """Store every readable article (before anything else runs) and record every rejection."""
    new_ids: list[str] = []
    batch: list[Article] = []
    rejections: list[Rejection] = []

    def flush() -> None:
        new_ids.extend(store.add_articles(batch, run_id=run_id))
        batch.clear()
        if rejections:
            store.add_rejections(rejections, run_id=run_id)
            summary.rejections.extend(rejections)
            rejections.clear()

    for source in inputs:
        summary.sources += 1
        try:
            for item in load(source, settings=settings):
                if isinstance(item, Rejection):
                    summary.rejected += 1
                    rejections.append(item)
                else:
                    summary.articles_seen += 1
                    batch.append(item)
                if len(batch) >= settings.batch_size:
                    flush()
        except ProxywatchError as exc:  # one unreadable source must not stop the batch: record it, go on
            summary.rejected += 1
            rejections.append(
                Rejection(source=source, item="source", reason=getattr(exc, "reason", str(exc)))
            )
    flush()
    summary.articles_new += len(new_ids)
    return new_ids


def extract(
    *,
    store: Store,
    components: Components,
    settings: Settings,
    run_id: str | None,
    summary: RunSummary,
    bar: Any,
) -> list[Mention]:
    """Extract and resolve mentions of every article this extractor version has not processed yet."""
    extractor, resolver = components.extractor, components.resolver
    pending = store.articles_to_extract(extractor.version)
    task = bar.add_task("extract", total=len(pending)) if bar is not None else None
    found: list[Mention] = []
    for i in range(0, len(pending), settings.batch_size):
        results = []
        for article in store.get_articles(pending[i : i + settings.batch_size]):
            mentions = resolver.resolve_article(extractor.extract(article), article)
            results.append((article.id, mentions))
            found.extend(mentions)
        # One transaction per batch: the mentions and the "processed" marks land together or not at all.
        store.replace_mentions_batch(results, extractor_version=extractor.version, run_id=run_id)
        summary.articles_extracted += len(results)
        if task is not None:
            bar.advance(task, len(results))
    count_mentions(found, summary)
    return found


def count_mentions(mentions: Sequence[Mention], summary: RunSummary) -> None:
    """Add newly extracted mentions to the summary, with those outside the watched conflict apart."""
    summary.mentions += len(mentions)
    summary.out_of_scope += sum(not in_scope(m) for m in mentions)


def cluster(mentions: Iterable[Mention], *, store: Store, settings: Settings, summary: RunSummary) -> None:
    # Attacks outside the watched conflict stay stored as mentions but never become incidents.
    # Each finished batch is saved before the sweep goes on, so memory holds a few weeks of incidents.
    kept = [m for m in mentions if in_scope(m)]
    for result in cluster_batches(kept, store=store, settings=settings):
        store.save_incidents(result.saved, removed=result.removed)
        summary.incidents_created += result.created
        summary.incidents_updated += result.updated


def run(
    inputs: Sequence[str],
    *,
    store: Store,
    settings: Settings,
    progress: bool = False,
    components: Components | None = None,
    command: str = "run",
) -> RunSummary:
    """Ingest ``inputs`` (paths, folders, feed or page URLs), then extract, resolve and cluster."""
    started = time.perf_counter()
    components = components or build_components(settings)
    record = store.begin_run(
        command, extractor_version=components.extractor.version, params={"inputs": list(inputs)}
    )
    summary = RunSummary(run_id=record.id)
    try:
        ingest(inputs, store=store, settings=settings, run_id=record.id, summary=summary)
        with _progress(progress) as bar:
            extract(
                store=store,
                components=components,
                settings=settings,
                run_id=record.id,
                summary=summary,
                bar=bar,
            )
        cluster(store.unclustered_mentions(), store=store, settings=settings, summary=summary)
    except BaseException:
        summary.seconds = time.perf_counter() - started
        store.finish_run(record.id, status="failed", stats=summary.stats())
        raise
    summary.seconds = time.perf_counter() - started
    store.finish_run(record.id, status="ok", stats=summary.stats())
    return summary


__all__ = [
    "Components",
    "RunSummary",
    "build_components",
    "cluster",
    "count_mentions",
    "extract",
    "ingest",
    "run",
    "EXTRACTOR_VERSION",
]
