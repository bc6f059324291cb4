"""Speed benchmark of issue 9: prefilter and full extraction against a plain spaCy baseline, side by side
in one run; peak memory for 1 M stored articles; aggregate queries on 1 M incidents.

    python bench/bench_speed.py            # all phases at the targets' sizes (about 45 min on 2 cores)
    python bench/bench_speed.py --n 20000 --store-articles 100000 --incidents 100000   # a quick look

Phases (the memory and aggregate phases run in child processes so each has its own peak RSS):

- ``speed``: a generated stream of ``--n`` articles (``bench/gen_articles.py``: ~30 % attack reports,
  the rest ordinary news). Times, in CPU seconds of this one process (so per core): parsing the file;
  the keyword prefilter alone on every article; extraction + resolution on an evenly spaced subsample
  of ``--extract-sample`` articles (with a profile of where the time goes); ``proxywatch.pipeline.run``
  end to end on the whole stream into a fresh DuckDB file; the baseline (``bench/baseline_spacy.py``:
  every spaCy component on every sentence) on ``--baseline-sample`` articles, extrapolated to the
  stream. With ``--dask local:N`` the end-to-end run is repeated on a Dask LocalCluster.
- ``store``: ``--store-articles`` articles written straight into a DuckDB store with
  ``Store.add_articles`` in batches (variants of a pool of generated articles: paragraphs shuffled,
  URL made unique), then, in another process, the store reopened and every article read back.
- ``aggregates``: ``--incidents`` synthetic incidents bulk-loaded into the incidents table, then
  counts by umbrella, by umbrella and ISO week, and a filtered weekly count, each the median of 5 runs.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import pstats
import random
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from statistics import median
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import baseline_spacy  # noqa: E402
import gen_articles  # noqa: E402
from bench_run import machine, peak_rss_mb  # noqa: E402

TARGETS = {
    "prefilter_articles_per_s_core": 2000,
    "end_to_end_vs_baseline": 20,
    "peak_rss_mb": 1024,
    "aggregate_ms": 100,
}


def _cpu(fn: Any) -> tuple[float, float, Any]:
    wall, cpu = time.perf_counter(), time.process_time()
    result = fn()
    return time.perf_counter() - wall, time.process_time() - cpu, result


def _top(profile: cProfile.Profile, n: int = 12) -> list[str]:
    out = io.StringIO()
    pstats.Stats(profile, stream=out).sort_stats("tottime").print_stats(n)
    lines = [line.rstrip() for line in out.getvalue().splitlines() if line.strip()]
    start = next((i for i, line in enumerate(lines) if line.lstrip().startswith("ncalls")), 0)
    return lines[start : start + n + 1]


# --- speed -------------------------------------------------------------------------------------------


def phase_speed(args: argparse.Namespace, workdir: Path) -> dict[str, Any]:
    from proxywatch.ingest import load
    from proxywatch.models import Article
    from proxywatch.pipeline import RunSummary, build_components, cluster, extract, ingest
    from proxywatch.settings import load_settings
    from proxywatch.store import open_store

    settings = load_settings()
    stream = workdir / f"stream-{args.n}-{args.seed}.jsonl"
    if not stream.exists():
        gen_articles.write(args.n, stream, seed=args.seed)
    result: dict[str, Any] = {
        "n": args.n,
        "stream": str(stream),
        "stream_mb": round(stream.stat().st_size / 2**20),
    }

    wall, cpu, items = _cpu(lambda: list(load(str(stream), settings=settings)))
    articles = [a for a in items if isinstance(a, Article)]
    result["parse"] = {"cpu_s": round(cpu, 2), "articles_per_s_core": round(len(articles) / cpu)}

    build_wall, _, components = _cpu(lambda: build_components(settings))
    extractor, resolver = components.extractor, components.resolver
    extractor.nlp("Warm up.")  # load spaCy now: start-up is reported apart
    result["startup_s"] = round(build_wall, 2)

    wall, cpu, candidates = _cpu(lambda: sum(1 for a in articles if extractor.is_candidate(a)))
    result["prefilter"] = {
        "cpu_s": round(cpu, 2),
        "articles_per_s_core": round(len(articles) / cpu),
        "candidates": candidates,
        "candidate_share": round(candidates / len(articles), 3),
    }

    sample = baseline_spacy.subsample(articles, args.extract_sample)
    profile = cProfile.Profile()

    def extract_all() -> int:
        return sum(len([resolver.resolve(m, a) for m in extractor.extract(a)]) for a in sample)

    wall, cpu, mentions = _cpu(lambda: profile.runcall(extract_all))
    _, plain_cpu, _ = _cpu(extract_all)  # the profiler's own cost would understate the rate
    result["extract_sample"] = {
        "articles": len(sample),
        "mentions": mentions,
        "cpu_s": round(plain_cpu, 2),
        "articles_per_s_core": round(len(sample) / plain_cpu, 1),
        "profile_top_by_own_time": _top(profile),
    }

    run_input, run_n = stream, args.n
    if (
        args.run_limit and args.run_limit < args.n
    ):  # a prefix: the stream is in publication order, kinds mixed
        run_input, run_n = (
            workdir / f"stream-{args.n}-{args.seed}-first{args.run_limit}.jsonl",
            args.run_limit,
        )
        with stream.open(encoding="utf-8") as src, run_input.open("w", encoding="utf-8") as dst:
            for _, line in zip(range(run_n), src, strict=False):
                dst.write(line)
    result["run_articles"] = run_n
    db = workdir / "speed.duckdb"
    db.unlink(missing_ok=True)
    with open_store(db) as store:
        summary = RunSummary()
        ingest_wall, ingest_cpu, _ = _cpu(
            lambda: ingest([str(run_input)], store=store, settings=settings, summary=summary)
        )
        wall, cpu, _ = _cpu(
            lambda: extract(
                store=store, components=components, settings=settings, run_id=None, summary=summary, bar=None
            )
        )
        result["end_to_end"] = {
            "wall_s": round(ingest_wall + wall, 1),
            "cpu_s": round(ingest_cpu + cpu, 1),
            "articles_per_s_core": round(run_n / (ingest_cpu + cpu), 1),
            "ingest_cpu_s": round(ingest_cpu, 1),
            "extract_cpu_s": round(cpu, 1),
            "mentions": summary.mentions,
            "note": "proxywatch.pipeline.run's stages up to clustering (read, store, prefilter, extract, "
            "resolve, store mentions), one process",
        }
        if run_n <= args.cluster_max:
            wall, cpu, _ = _cpu(
                lambda: cluster(store.unclustered_mentions(), store=store, settings=settings, summary=summary)
            )
            result["cluster"] = {
                "cpu_s": round(cpu, 1),
                "wall_s": round(wall, 1),
                "incidents": store.count_incidents(),
            }
        else:
            result["cluster"] = {
                "skipped": f"n > --cluster-max {args.cluster_max}: clustering grows faster than n"
            }

    base = baseline_spacy.run_baseline(baseline_spacy.subsample(articles, args.baseline_sample))
    base["extrapolated_cpu_s_for_stream"] = round(args.n / base["articles_per_cpu_s"], 1)
    result["baseline"] = base
    result["speedup_end_to_end_vs_baseline"] = round(
        result["end_to_end"]["articles_per_s_core"] / base["articles_per_cpu_s"], 1
    )
    result["speedup_extract_only_vs_baseline"] = round(
        result["extract_sample"]["articles_per_s_core"] / base["articles_per_cpu_s"], 1
    )

    if args.dask:
        from proxywatch.scale.dask_run import parse_scheduler, run_dask

        workers = parse_scheduler(args.dask)[1] or 1
        db = workdir / "speed-dask.duckdb"
        db.unlink(missing_ok=True)
        with open_store(db) as store:
            started = time.perf_counter()
            summary = run_dask([str(stream)], store=store, settings=settings, scheduler=args.dask)
            wall = time.perf_counter() - started
        result["dask"] = {
            "scheduler": args.dask,
            "wall_s": round(wall, 1),
            "articles_per_s": round(args.n / wall, 1),
            "articles_per_s_per_worker": round(args.n / wall / workers, 1),
            "mentions": summary.mentions,
            "note": "wall clock including cluster start and per-worker model loading",
        }
    return result


# --- memory for stored articles ---------------------------------------------------------------------


def _variants(pool: list[Any], total: int, seed: int) -> Any:
    from proxywatch.ingest.normalize import content_hash
    from proxywatch.models import stable_id

    rng = random.Random(seed)
    for k in range(total):
        base = pool[k % len(pool)]
        copy = k // len(pool)
        if copy == 0:
            yield base
            continue
        paragraphs = base.text.split("\n\n")
        rng.shuffle(paragraphs)
        text = "\n\n".join(paragraphs)
        url = f"{base.url}-v{copy}"
        yield replace(base, id=stable_id(url), url=url, text=text, content_hash=content_hash(text))


def _limit_memory(store: Any, limit: str) -> None:
    """DuckDB's buffer pool may grow to 80 % of RAM by default; the store has no setting for it yet."""
    if limit:
        store._conn.execute(f"SET memory_limit = '{limit}'")


def phase_store(args: argparse.Namespace, workdir: Path) -> dict[str, Any]:
    from proxywatch.ingest.files import article_from_record
    from proxywatch.store import open_store

    at = datetime.now(UTC)
    pool = [
        article_from_record(r, source="bench", item=str(i), fetched_at=at)
        for i, r in enumerate(gen_articles.generate(args.pool, seed=args.seed))
    ]
    db = workdir / "articles.duckdb"
    db.unlink(missing_ok=True)
    rss_before = peak_rss_mb()
    started = time.perf_counter()
    batch: list[Any] = []
    with open_store(db) as store:
        _limit_memory(store, args.duckdb_memory_limit)
        for article in _variants(pool, args.store_articles, args.seed):
            batch.append(article)
            if len(batch) >= args.store_batch:
                store.add_articles(batch)
                batch.clear()
        store.add_articles(batch)
        count = store.count_articles()
    seconds = time.perf_counter() - started
    return {
        "articles": count,
        "duckdb_memory_limit": args.duckdb_memory_limit or "DuckDB default (80 % of RAM)",
        "batch": args.store_batch,
        "seconds": round(seconds, 1),
        "articles_per_s": round(count / seconds),
        "db_mb": round(db.stat().st_size / 2**20),
        "peak_rss_mb": round(peak_rss_mb()),
        "rss_before_store_mb": round(rss_before),
    }


def phase_read(args: argparse.Namespace, workdir: Path) -> dict[str, Any]:
    from proxywatch.store import open_store

    db = workdir / "articles.duckdb"
    started = time.perf_counter()
    with open_store(db, read_only=True) as store:
        _limit_memory(store, args.duckdb_memory_limit)
        count = store.count_articles()
        days = len(store.articles_per_day())
        chars = sum(len(a.text) for a in store.iter_articles(batch_size=500))
    return {
        "articles": count,
        "days": days,
        "chars_read": chars,
        "seconds": round(time.perf_counter() - started, 1),
        "peak_rss_mb": round(peak_rss_mb()),
    }


# --- aggregates on incidents ------------------------------------------------------------------------


def phase_aggregates(args: argparse.Namespace, workdir: Path) -> dict[str, Any]:
    import duckdb
    import pandas as pd

    from proxywatch.models import EventType, Incident, Weapon
    from proxywatch.resolve.actors import ActorRegistry
    from proxywatch.store import open_store
    from proxywatch.store.rows import INCIDENT_COLUMNS, incident_row

    db = workdir / "incidents.duckdb"
    db.unlink(missing_ok=True)
    with open_store(db):
        pass  # creates the schema at the current version
    rng = random.Random(args.seed)
    umbrellas = sorted({ActorRegistry.builtin().umbrella_of(a.id) for a in ActorRegistry.builtin().actors()})
    countries = ["IL", "IQ", "SY", "LB", "YE", "JO", "IR", "PS"]
    event_types, weapons = [str(e) for e in EventType], [str(w) for w in Weapon]
    names = [name for name, _ in INCIDENT_COLUMNS]
    now = datetime(2025, 1, 1)
    started = time.perf_counter()
    con = duckdb.connect(str(db))
    for offset in range(0, args.incidents, 100_000):
        rows = []
        for k in range(offset, min(args.incidents, offset + 100_000)):
            day = date(2023, 1, 1) + timedelta(days=rng.randrange(730))
            incident = Incident(
                id=f"inc-bench-{k:08d}", event_date=day, event_type=rng.choice(event_types),
                weapon=rng.choice(weapons), status="reported", mention_ids=(f"m{k}",), article_ids=(f"a{k}",),
                n_sources=1, n_reports=1, first_seen=now, last_updated=now, actor_id=None,
                actor_umbrella=rng.choice(umbrellas), target_country=rng.choice(countries),
                lat=30 + rng.random() * 8, lon=34 + rng.random() * 10, geo_precision="town",
            )  # fmt: skip
            rows.append(incident_row(incident))
        frame = pd.DataFrame(rows, columns=names)
        con.register("batch", frame)
        con.execute(f"INSERT INTO incidents ({', '.join(names)}) SELECT {', '.join(names)} FROM batch")
        con.unregister("batch")
    con.close()
    load_s = time.perf_counter() - started

    queries = {
        "count_by_umbrella": "SELECT actor_umbrella, COUNT(*) FROM incidents GROUP BY 1",
        "count_by_umbrella_week": (
            "SELECT actor_umbrella, date_trunc('week', event_date) AS week, COUNT(*) "
            "FROM incidents GROUP BY 1, 2"
        ),
        "weekly_one_country_one_quarter": (
            "SELECT actor_umbrella, date_trunc('week', event_date) AS week, COUNT(*), SUM(killed) "
            "FROM incidents WHERE target_country = 'IL' "
            "AND event_date BETWEEN DATE '2024-07-01' AND DATE '2024-09-30' GROUP BY 1, 2"
        ),
    }
    timings: dict[str, Any] = {}
    con = duckdb.connect(str(db), read_only=True)
    for name, sql in queries.items():
        con.execute(sql).fetchall()  # warm: first touch reads the column segments
        runs = []
        for _ in range(5):
            t = time.perf_counter()
            out = con.execute(sql).fetchall()
            runs.append((time.perf_counter() - t) * 1000)
        timings[name] = {
            "median_ms": round(median(runs), 1),
            "max_ms": round(max(runs), 1),
            "groups": len(out),
        }
    con.close()
    from proxywatch.store.base import IncidentFilter

    with open_store(db, read_only=True) as store:
        runs = []
        for _ in range(3):
            t = time.perf_counter()
            got = store.incidents(IncidentFilter(start=date(2024, 9, 27), end=date(2024, 10, 16)))
            runs.append((time.perf_counter() - t) * 1000)
        timings["store_incidents_three_weeks"] = {"median_ms": round(median(runs), 1), "rows": len(got)}
        t = time.perf_counter()
        store.count_incidents()
        timings["store_count_incidents"] = {"median_ms": round((time.perf_counter() - t) * 1000, 1)}
    return {"incidents": args.incidents, "load_s": round(load_s, 1), "queries": timings,
            "peak_rss_mb": round(peak_rss_mb())}  # fmt: skip


# --- driver ------------------------------------------------------------------------------------------

PHASES = {"speed": phase_speed, "store": phase_store, "read": phase_read, "aggregates": phase_aggregates}


def _child(phase: str, argv: list[str]) -> dict[str, Any]:
    done = subprocess.run(
        [sys.executable, __file__, "--phase", phase, *argv], check=True, capture_output=True, text=True
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=100_000, help="articles in the speed stream")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--extract-sample", type=int, default=10_000, help="articles for the profiled extract"
    )
    parser.add_argument("--baseline-sample", type=int, default=1_500, help="articles for the spaCy baseline")
    parser.add_argument(
        "--run-limit", type=int, default=0, help="run the stages on the first N articles only"
    )
    parser.add_argument(
        "--cluster-max", type=int, default=20_000, help="cluster only streams up to this size"
    )
    parser.add_argument("--dask", default=None, help="also run end to end on Dask, e.g. local:2")
    parser.add_argument("--store-articles", type=int, default=1_000_000)
    parser.add_argument("--store-batch", type=int, default=2_000)
    parser.add_argument("--duckdb-memory-limit", default="", help="e.g. 512MB (default: DuckDB's own)")
    parser.add_argument(
        "--pool", type=int, default=20_000, help="generated articles varied to fill the store"
    )
    parser.add_argument("--incidents", type=int, default=1_000_000)
    parser.add_argument("--workdir", type=Path, default=None, help="keep the stream and databases here")
    parser.add_argument("--skip", action="append", default=[], choices=["speed", "store", "aggregates"])
    parser.add_argument("--out", type=Path, default=None, help="also write the JSON result here")
    parser.add_argument("--phase", choices=sorted(PHASES), default=None, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="pw-bench-"))
    workdir.mkdir(parents=True, exist_ok=True)
    if args.phase:
        print(json.dumps(PHASES[args.phase](args, workdir), default=str))
        return
    raw = sys.argv[1:] if argv is None else argv
    child_args = [*raw, "--workdir", str(workdir)] if args.workdir is None else raw
    result: dict[str, Any] = {"machine": machine(), "command": "python bench/bench_speed.py " + " ".join(raw),
                              "targets": TARGETS}  # fmt: skip
    if "speed" not in args.skip:
        result["speed"] = _child("speed", child_args)
    if "store" not in args.skip:
        result["store"] = _child("store", child_args)
        result["read"] = _child("read", child_args)
    if "aggregates" not in args.skip:
        result["aggregates"] = _child("aggregates", child_args)
    text = json.dumps(result, indent=2, default=str)
    if args.out:
        args.out.write_text(text + "\n", encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
