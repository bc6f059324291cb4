"""The pipeline on a Dask cluster: workers parse, extract and resolve; the driver stores and clusters.

``run_dask`` gives the same articles, mentions and incidents (same ids) as :func:`proxywatch.pipeline.run`
on the same inputs, because it runs the same stage functions and leaves every stateful step to the
driver, in input order:

1. The inputs are cut into partitions: a URL, a group of small files, or a byte slice of a large JSON
   Lines file (cut on line boundaries, with its first line number, so rejections name the same lines).
2. Each worker parses its partition and extracts and resolves the mentions of every article in it, with
   components built once per worker process (:func:`worker_components`), not once per task.
3. The driver stores each partition's articles and rejections as results arrive (in partition order, so
   ingest order is the same as in-process), then the mentions of the articles that were new, in one
   transaction per batch. Articles stored before but never extracted (a run killed half-way) are sent
   to the workers afterwards.
4. The driver clusters every unclustered mention, exactly as the in-process run does.

Sources are read on the workers: with a remote scheduler, file paths must be visible to every worker
(a shared file system) and URLs must be reachable from them.
"""

from __future__ import annotations

import os
import re
import threading
import time
from collections import deque
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

from proxywatch import plugins
from proxywatch.errors import ConfigError, ProxywatchError
from proxywatch.models import Article, Mention, Rejection
from proxywatch.settings import Settings
from proxywatch.store.base import Store

_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")
_SLICEABLE = (".jsonl", ".ndjson")
_MAX_FILES_PER_PARTITION = 256
DEFAULT_PARTITION_BYTES = 4 << 20


@dataclass(frozen=True, slots=True)
class Partition:
    """A unit of work: whole sources (files or URLs), or one byte slice of a JSON Lines file."""

    sources: tuple[str, ...]
    start: int = 0
    end: int | None = None  # None: the whole source; else the slice [start, end) of sources[0]
    first_line: int = 1


@dataclass(slots=True)
class PartitionResult:
    """What a worker sends back: every item read, and the resolved mentions of each article."""

    items: list[Article | Rejection] = field(default_factory=list)
    mentions: dict[str, list[Mention]] = field(default_factory=dict)


# --- worker side -------------------------------------------------------------------------------------

_BUILD_LOCK = threading.Lock()


@lru_cache(maxsize=4)
def _cached_components(settings: Settings) -> Any:
    from proxywatch.pipeline import build_components

    return build_components(settings)


def worker_components(settings: Settings) -> Any:
    """The heavy components (registry, gazetteer, extractor, resolver), built once per worker process.

    The lock keeps a multi-threaded worker from building them once per thread on its first tasks.
    """
    with _BUILD_LOCK:
        return _cached_components(settings)


def _mentions_of(components: Any, article: Article) -> list[Mention]:
    # The same two calls as proxywatch.pipeline.extract, so both runs give the same mentions.
    return components.resolver.resolve_article(components.extractor.extract(article), article)


def _slice_lines(
    path: Path, start: int, end: int, first_line: int, limit: int
) -> Iterator[tuple[int, bytes | None]]:
    """Numbered lines of ``path[start:end]``, with over-long lines as ``None`` (as the file reader does)."""
    with path.open("rb") as fh:
        fh.seek(start)
        data = fh.read(end - start)
    number, pos = first_line, 0
    while pos < len(data):
        newline = data.find(b"\n", pos)
        stop = len(data) if newline < 0 else newline + 1
        line = data[pos:stop]
        yield number, (None if len(line.rstrip(b"\n")) > limit else line)
        number, pos = number + 1, stop


def read_partition(part: Partition, settings: Settings) -> Iterator[Article | Rejection]:
    """The items of a partition, as :func:`proxywatch.ingest.load` gives them for its sources."""
    from proxywatch.ingest import load

    if part.end is not None:
        from proxywatch.ingest.files import _jsonl_items

        path = Path(part.sources[0]).expanduser()
        lines = _slice_lines(path, part.start, part.end, part.first_line, settings.http_max_bytes)
        yield from _jsonl_items(lines, str(path), settings, datetime.now(UTC))
        return
    for source in part.sources:
        try:
            yield from load(source, settings=settings)
        except ProxywatchError as exc:  # as in-process: one unreadable source is recorded, the rest goes on
            yield Rejection(source=source, item="source", reason=getattr(exc, "reason", str(exc)))


def process_partition(part: Partition, settings: Settings) -> PartitionResult:
    """Worker task: read a partition, extract and resolve the mentions of each article in it."""
    components = worker_components(settings)
    result = PartitionResult()
    for item in read_partition(part, settings):
        result.items.append(item)
        if isinstance(item, Article) and item.id not in result.mentions:  # the store keeps the first copy
            result.mentions[item.id] = _mentions_of(components, item)
    return result


def extract_articles(articles: Sequence[Article], settings: Settings) -> list[tuple[str, list[Mention]]]:
    """Worker task: the resolved mentions of already stored articles."""
    components = worker_components(settings)
    return [(a.id, _mentions_of(components, a)) for a in articles]


def _warm(settings: Settings) -> str:
    """Build the components (and the spaCy model) on a worker before the first task arrives."""
    components = worker_components(settings)
    nlp = getattr(components.extractor, "nlp", None)
    return type(nlp).__name__


# --- planning ----------------------------------------------------------------------------------------


def _slices(path: Path, partition_bytes: int) -> list[Partition]:
    """Byte slices of ``path`` of about ``partition_bytes``, cut after a newline, with first line numbers."""
    size = path.stat().st_size
    parts: list[Partition] = []
    start, line = 0, 1
    with path.open("rb") as fh:
        while start < size:
            fh.seek(min(size, start + partition_bytes))
            fh.readline()  # move on to the end of the line the target offset falls in
            end = min(size, fh.tell()) if start + partition_bytes < size else size
            fh.seek(start)
            newlines = fh.read(end - start).count(b"\n")
            parts.append(Partition(sources=(str(path),), start=start, end=end, first_line=line))
            start, line = end, line + newlines
    return parts


def _can_slice(path: Path, partition_bytes: int) -> bool:
    from proxywatch.ingest.normalize import binary_reason

    if path.suffix.lower() not in _SLICEABLE or path.stat().st_size <= partition_bytes:
        return False
    with path.open("rb") as fh:
        head = fh.read(65536)
    return head.strip() != b"" and binary_reason(head) is None


def plan_partitions(
    inputs: Sequence[str], *, partition_bytes: int = DEFAULT_PARTITION_BYTES
) -> list[Partition]:
    """Partitions in input order: large JSON Lines files sliced, small files grouped, URLs alone.

    A folder is expanded here with the ingest walker, so its files spread over the workers.
    """
    from proxywatch.ingest.files import walk

    parts: list[Partition] = []
    group: list[str] = []
    group_bytes = 0

    def flush() -> None:
        nonlocal group_bytes
        if group:
            parts.append(Partition(sources=tuple(group)))
            group.clear()
            group_bytes = 0

    for source in inputs:
        text = str(source).strip()
        path = Path(text).expanduser()
        if _SCHEME.match(text) or not path.exists():
            flush()
            parts.append(Partition(sources=(text,)))  # the worker fetches it, or reports it missing
            continue
        files = [str(f) for f in walk(path)] if path.is_dir() else [text]
        for file in files:
            file_path = Path(file).expanduser()
            if _can_slice(file_path, partition_bytes):
                flush()
                parts.extend(_slices(file_path, partition_bytes))
                continue
            group.append(file)
            group_bytes += file_path.stat().st_size
            if group_bytes >= partition_bytes or len(group) >= _MAX_FILES_PER_PARTITION:
                flush()
    flush()
    return parts


# --- driver side -------------------------------------------------------------------------------------


def parse_scheduler(spec: str) -> tuple[str, int | None]:
    """``"local"`` / ``"local:N"`` -> ``("local", N or None)``; anything else is a scheduler address."""
    spec = spec.strip()
    if spec == "local":
        return "local", None
    if spec.startswith("local:"):
        count = spec.partition(":")[2]
        if not count.isdigit() or int(count) < 1:
            raise ConfigError(f"--dask {spec!r}: expected local:N with N >= 1 workers")
        return "local", int(count)
    if not spec:
        raise ConfigError("--dask: empty scheduler (use local, local:N or a scheduler address)")
    return spec, None


def connect(spec: str) -> tuple[Any, Any]:
    """A Dask client for ``spec`` and the cluster it started (``None`` for a remote scheduler).

    Local workers are processes with one thread each: extraction is pure Python and holds the GIL.
    """
    try:
        from dask.distributed import Client, LocalCluster
    except ImportError as exc:
        raise ConfigError("Dask execution needs the dask extra: pip install 'proxywatch[dask]'") from exc
    address, workers = parse_scheduler(spec)
    if address == "local":
        cluster = LocalCluster(
            n_workers=workers or os.cpu_count() or 1,
            threads_per_worker=1,
            processes=True,
            dashboard_address=None,
        )
        return Client(cluster), cluster
    try:
        return Client(address, timeout=30), None
    except (OSError, TimeoutError, ValueError) as exc:
        raise ConfigError(f"cannot reach the Dask scheduler at {address!r}: {exc}") from exc


def _batches(items: Sequence[Any], size: int) -> Iterator[Sequence[Any]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


def _store_partition(
    result: PartitionResult, *, store: Store, settings: Settings, version: str, run_id: str, summary: Any
) -> None:
    from proxywatch.pipeline import count_mentions

    articles = [i for i in result.items if isinstance(i, Article)]
    rejections = [i for i in result.items if isinstance(i, Rejection)]
    summary.articles_seen += len(articles)
    summary.rejected += len(rejections)
    if rejections:
        store.add_rejections(rejections, run_id=run_id)
        summary.rejections.extend(rejections)
    for batch in _batches(articles, settings.batch_size):
        new_ids = store.add_articles(batch, run_id=run_id)
        summary.articles_new += len(new_ids)
        # Only a newly stored article is surely the one this worker read: an id stored earlier may hold
        # another copy of the text, and the leftover pass extracts it from the store as in-process does.
        done = [(a, result.mentions[a]) for a in new_ids]
        store.replace_mentions_batch(done, extractor_version=version, run_id=run_id)
        summary.articles_extracted += len(done)
        count_mentions([m for _, ms in done for m in ms], summary)


def run_dask(
    inputs: Sequence[str],
    *,
    store: Store,
    settings: Settings,
    scheduler: str = "local",
    client: Any = None,
    progress: bool = False,
    partition_bytes: int = DEFAULT_PARTITION_BYTES,
    command: str = "run",
) -> Any:
    """:func:`proxywatch.pipeline.run` with parsing, extraction and resolution on a Dask cluster.

    ``scheduler`` is ``local``, ``local:N`` (a LocalCluster of N worker processes, started and stopped
    here) or a scheduler address such as ``tcp://10.0.0.5:8786``; pass ``client`` to reuse a connected
    ``distributed.Client`` instead. Returns a :class:`proxywatch.pipeline.RunSummary`.
    """
    from proxywatch.pipeline import RunSummary, _progress, cluster, count_mentions

    started = time.perf_counter()
    version = str(plugins.load("extractor", settings.extractor).version)
    cluster_obj = None
    if client is None:
        client, cluster_obj = connect(scheduler)
        owned = True
    else:
        owned = False
    record = store.begin_run(
        command, extractor_version=version, params={"inputs": list(inputs), "dask": scheduler}
    )
    summary = RunSummary(run_id=record.id, sources=len(inputs))
    try:
        client.run(_warm, settings)
        parts = plan_partitions(inputs, partition_bytes=partition_bytes)
        window = max(2, 2 * len(client.scheduler_info().get("workers", {})))
        with _progress(progress) as bar:
            task = bar.add_task("ingest+extract", total=len(parts)) if bar is not None else None
            pending: deque[Any] = deque()
            queue = deque(parts)
            while queue or pending:
                while queue and len(pending) < window:  # bounded: results wait in worker memory
                    pending.append(client.submit(process_partition, queue.popleft(), settings, pure=False))
                future = pending.popleft()
                result = future.result()
                future.release()
                _store_partition(result, store=store, settings=settings, version=version, run_id=record.id,
                                 summary=summary)  # fmt: skip
                if task is not None:
                    bar.advance(task)
            leftover = store.articles_to_extract(version)
            if leftover:
                chunks = [store.get_articles(ids) for ids in _batches(leftover, settings.batch_size)]
                futures = client.map(extract_articles, chunks, settings=settings, pure=False)
                for future in futures:
                    done = future.result()
                    store.replace_mentions_batch(done, extractor_version=version, run_id=record.id)
                    summary.articles_extracted += len(done)
                    count_mentions([m for _, ms in done for m in ms], summary)
        cluster(store.unclustered_mentions(), store=store, settings=settings, summary=summary)
    except BaseException:
        summary.seconds = time.perf_counter() - started
        store.finish_run(record.id, status="failed", stats=summary.stats())
        raise
    finally:
        if owned:
            client.close()
            if cluster_obj is not None:
                cluster_obj.close()
    summary.seconds = time.perf_counter() - started
    store.finish_run(record.id, status="ok", stats=summary.stats())
    return summary


__all__ = [
    "DEFAULT_PARTITION_BYTES",
    "Partition",
    "PartitionResult",
    "connect",
    "extract_articles",
    "parse_scheduler",
    "plan_partitions",
    "process_partition",
    "read_partition",
    "run_dask",
    "worker_components",
]
