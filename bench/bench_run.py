"""Throughput of ``proxywatch run``: ``python bench/bench_run.py --n 10000``.

Generates a reproducible mixed stream (``bench/gen_articles.py``), then runs the pipeline in-process on a
fresh DuckDB file, stage by stage exactly as :func:`proxywatch.pipeline.run` chains them, and prints
articles per second overall and per stage (ingest, extract+resolve, cluster), the one-off start-up
(registry, gazetteer, extractor), the counts produced and the peak resident memory. ``--profile FILE``
also writes a cProfile of the whole run and prints its top functions.
"""

from __future__ import annotations

import argparse
import cProfile
import json
import os
import platform
import pstats
import resource
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from gen_articles import write  # noqa: E402 - a sibling script, not a package

from proxywatch.pipeline import RunSummary, build_components, cluster, extract, ingest  # noqa: E402
from proxywatch.settings import load_settings  # noqa: E402
from proxywatch.store import open_store  # noqa: E402


def peak_rss_mb() -> float:
    # ru_maxrss is in kilobytes on Linux, bytes on macOS
    scale = 1 if sys.platform == "darwin" else 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * scale / 2**20


def machine() -> dict[str, Any]:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    ram_gb = None
    try:
        ram_gb = round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30, 1)
    except (ValueError, OSError, AttributeError):
        pass
    return {
        "nproc": os.cpu_count(),
        "cpu": cpu,
        "ram_gb": ram_gb,
        "python": platform.python_version(),
        "platform": platform.platform(),
    }


CPU: dict[str, float] = {}  # stage -> CPU seconds of this process; wall time alone misleads on a busy machine


def timed(fn: Callable[[], Any], stage: str = "") -> tuple[float, Any]:
    started, cpu = time.perf_counter(), time.process_time()
    result = fn()
    if stage:
        CPU[stage] = time.process_time() - cpu
    return time.perf_counter() - started, result


def bench(n: int, *, seed: int, workdir: Path, batch_size: int | None) -> dict[str, Any]:
    source = workdir / f"articles-{n}-seed{seed}.jsonl"
    gen_s, _ = timed(lambda: write(n, source, seed=seed))
    db = workdir / "bench.duckdb"
    for stale in (db, db.with_suffix(".duckdb.wal")):
        stale.unlink(missing_ok=True)
    settings = load_settings(db=str(db), batch_size=batch_size)
    stages: dict[str, float] = {}
    rss: dict[str, float] = {}
    stages["startup"], components = timed(lambda: build_components(settings), "startup")
    rss["startup"] = peak_rss_mb()
    with open_store(db) as store:
        record = store.begin_run("bench", extractor_version=components.extractor.version, params={"n": n})
        summary = RunSummary(run_id=record.id)
        stages["ingest"], _ = timed(
            lambda: ingest([str(source)], store=store, settings=settings, run_id=record.id, summary=summary),
            "ingest",
        )
        rss["ingest"] = peak_rss_mb()
        stages["extract_resolve"], _ = timed(
            lambda: extract(
                store=store,
                components=components,
                settings=settings,
                run_id=record.id,
                summary=summary,
                bar=None,
            ),
            "extract_resolve",
        )
        rss["extract_resolve"] = peak_rss_mb()
        stages["cluster"], _ = timed(
            lambda: cluster(store.unclustered_mentions(), store=store, settings=settings, summary=summary),
            "cluster",
        )
        rss["cluster"] = peak_rss_mb()
        store.finish_run(record.id, status="ok", stats=summary.stats())
        counts = {
            "articles": store.count_articles(),
            "rejected": summary.rejected,
            "mentions": store.count_mentions(),
            "incidents": store.count_incidents(),
        }
    pipeline_s = stages["ingest"] + stages["extract_resolve"] + stages["cluster"]
    return {
        "n": n,
        "seed": seed,
        "batch_size": settings.batch_size,
        "input_mb": round(source.stat().st_size / 2**20, 1),
        "generate_s": round(gen_s, 2),
        "seconds": {k: round(v, 2) for k, v in stages.items()} | {"pipeline": round(pipeline_s, 2)},
        "articles_per_s": {
            "overall": round(n / pipeline_s, 1),
            "overall_with_startup": round(n / (pipeline_s + stages["startup"]), 1),
            "ingest": round(n / stages["ingest"], 1),
            "extract_resolve": round(n / stages["extract_resolve"], 1),
            "cluster": round(n / stages["cluster"], 1) if stages["cluster"] > 0 else None,
        },
        "cpu_seconds": {k: round(v, 2) for k, v in CPU.items()},
        "load_average_1m": round(os.getloadavg()[0], 2),
        "peak_rss_mb": {k: round(v) for k, v in rss.items()},
        "counts": counts,
        "machine": machine(),
    }


def render(result: dict[str, Any]) -> str:
    s, cpu, rate, rss, counts, m = (
        result["seconds"],
        result["cpu_seconds"],
        result["articles_per_s"],
        result["peak_rss_mb"],
        result["counts"],
        result["machine"],
    )
    lines = [
        f"proxywatch run on {result['n']} generated articles (seed {result['seed']}, "
        f"{result['input_mb']} MB, batch {result['batch_size']})",
        f"machine: {m['nproc']} CPUs, {m['cpu']}, {m['ram_gb']} GB RAM, Python {m['python']}",
        f"  startup (registry, gazetteer, extractor): {s['startup']:.2f} s",
        "  stage             wall s   articles/s   CPU s",
        *(
            f"  {label:<16} {s[key]:8.2f}  {rate[key] or float('inf'):11.1f}  {cpu[key]:6.2f}"
            for label, key in (
                ("ingest", "ingest"),
                ("extract+resolve", "extract_resolve"),
                ("cluster", "cluster"),
            )
        ),
        f"  {'pipeline':<16} {s['pipeline']:8.2f}  {rate['overall']:11.1f}  "
        f"({rate['overall_with_startup']} articles/s with startup; load average at the end "
        f"{result['load_average_1m']})",
        f"  peak RSS: {rss['cluster']} MB (after startup {rss['startup']}, ingest {rss['ingest']}, "
        f"extract {rss['extract_resolve']})",
        f"  produced: {counts['articles']} articles, {counts['rejected']} rejected, "
        f"{counts['mentions']} mentions, {counts['incidents']} incidents",
    ]
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=10_000, help="number of generated articles")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--workdir", type=Path, default=None, help="keep the input and database here")
    parser.add_argument("--batch-size", type=int, default=None, help="override the batch_size setting")
    parser.add_argument("--json", action="store_true", help="print the result as JSON")
    parser.add_argument("--profile", type=Path, default=None, help="write a cProfile of the run to this file")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="pw-bench-") as tmp:
        workdir = args.workdir or Path(tmp)
        workdir.mkdir(parents=True, exist_ok=True)
        profiler = cProfile.Profile() if args.profile else None
        if profiler:
            profiler.enable()
        result = bench(args.n, seed=args.seed, workdir=workdir, batch_size=args.batch_size)
        if profiler:
            profiler.disable()
            profiler.dump_stats(args.profile)
    print(json.dumps(result, indent=2) if args.json else render(result))
    if args.profile:
        print(f"\nprofile -> {args.profile}; top functions by own time:")
        pstats.Stats(str(args.profile)).sort_stats("tottime").print_stats(25)


if __name__ == "__main__":
    main()
