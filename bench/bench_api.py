"""Latency of the HTTP API's incidents list on 100,000 synthetic incidents (DuckDB), over loopback.

    python bench/bench_api.py [--incidents 100000] [--requests 300] [--db PATH]

Builds (or reuses) a DuckDB database of synthetic incidents, starts ``proxywatch.serve`` under uvicorn
in a child process on 127.0.0.1, and times a bounded number of ``GET /api/incidents`` requests per
scenario with one keep-alive client (after a few warm-up requests). Prints p50/p95/p99/max in
milliseconds as a Markdown table and writes them to ``bench/results/bench_api.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import socket
import statistics
import subprocess
import sys
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

UMBRELLAS = [
    ("islamic-resistance-in-iraq", "kataib-hezbollah", "IQ"),
    ("hezbollah", "hezbollah", "LB"),
    ("houthis", "houthis", "YE"),
    ("israel", "israeli-air-force", None),
    ("iran", "irgc", "IR"),
    ("united-states", "us-dod", None),
]
WEAPONS = ["drone", "rocket", "ballistic_missile", "cruise_missile", "airstrike", "mortar", "unknown"]
STATUSES = ["claimed", "reported", "confirmed", "claimed_and_confirmed", "intercepted"]
TARGETS = [("IL", 29.5, 33.3, 34.3, 35.9), ("SY", 32.3, 37.3, 35.7, 42.0), ("IQ", 29.1, 37.4, 38.8, 48.6),
           ("LB", 33.0, 34.7, 35.1, 36.6), ("YE", 12.6, 19.0, 42.5, 53.1)]  # fmt: skip

SCENARIOS: list[tuple[str, dict[str, Any]]] = [
    ("first page (50)", {}),
    ("page at offset 50,000", {"offset": 50_000}),
    ("date range (30 days)", {"start": "2024-09-15", "end": "2024-10-14"}),
    ("umbrella + target country", {"actor": "islamic-resistance-in-iraq", "target_country": "IL"}),
    ("weapon + status + min sources", {"weapon": "drone", "status": "claimed", "min_sources": 3}),
    ("map load (1,000 rows)", {"limit": 1000, "start": "2024-09-01", "end": "2024-10-31"}),
    ("bbox (Levant), 30 days", {"bbox": "34,29,37,34", "start": "2024-09-15", "end": "2024-10-14"}),
]


def build(db: Path, n: int, *, seed: int = 8) -> None:
    """Create ``db`` with ``n`` synthetic incidents (bulk insert; the store's schema and row codec)."""
    import duckdb
    import pyarrow as pa

    from proxywatch.models import Incident
    from proxywatch.store import open_store
    from proxywatch.store.rows import INCIDENT_COLUMNS, incident_row

    open_store(db).close()  # creates and migrates the schema
    rng = random.Random(seed)
    first = date(2023, 10, 7)
    now = datetime(2024, 11, 1, tzinfo=UTC)
    rows = []
    for i in range(n):
        umbrella, actor, launch = rng.choice(UMBRELLAS)
        country, lat0, lat1, lon0, lon1 = rng.choice(TARGETS)
        n_sources = min(1 + int(rng.expovariate(0.6)), 30)
        incident = Incident(
            id=f"inc-{i:07d}",
            event_date=first + timedelta(days=rng.randrange(420)),
            event_type="Air/drone strike",
            weapon=rng.choice(WEAPONS),
            status=rng.choice(STATUSES),
            mention_ids=tuple(f"m-{i}-{k}" for k in range(n_sources)),
            article_ids=tuple(f"a-{i}-{k}" for k in range(n_sources)),
            n_sources=n_sources,
            n_reports=n_sources + rng.randrange(3),
            first_seen=now,
            last_updated=now,
            actor_id=actor,
            actor_umbrella=umbrella,
            actor_text=actor,
            target_text=f"target {i}",
            target_country=country,
            place_text=f"place {i % 997}",
            lat=round(rng.uniform(lat0, lat1), 4),
            lon=round(rng.uniform(lon0, lon1), 4),
            geo_precision="town",
            launch_country=launch,
        )
        rows.append(incident_row(incident))
    kinds = {"str": pa.string(), "json": pa.string(), "int": pa.int64(), "float": pa.float64(),
             "date": pa.date32(), "ts": pa.timestamp("us")}  # fmt: skip
    columns = [name for name, _ in INCIDENT_COLUMNS]
    table = pa.Table.from_arrays(
        [pa.array([r[j] for r in rows], type=kinds[kind]) for j, (_, kind) in enumerate(INCIDENT_COLUMNS)],
        names=columns,
    )
    with duckdb.connect(str(db)) as conn:
        conn.register("synthetic", table)
        conn.execute(
            f"INSERT INTO incidents ({', '.join(columns)}) SELECT {', '.join(columns)} FROM synthetic"
        )


def serve(db: str, port: int) -> None:
    """Child process: the real app on 127.0.0.1 with the rate limit off (the bench is the only client)."""
    import uvicorn

    from proxywatch.serve import create_app
    from proxywatch.store import open_store

    store = open_store(db)
    uvicorn.run(create_app(lambda: store, rate_limit=0), host="127.0.0.1", port=port, log_level="warning")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))]


def measure(base: str, requests: int, warmup: int = 10) -> list[dict[str, Any]]:
    import httpx

    results = []
    with httpx.Client(base_url=base, timeout=30) as client:
        for name, params in SCENARIOS:
            for _ in range(warmup):
                client.get("/api/incidents", params=params).raise_for_status()
            times = []
            rows = 0
            for _ in range(requests):
                started = time.perf_counter()
                response = client.get("/api/incidents", params=params)
                times.append((time.perf_counter() - started) * 1000)
                response.raise_for_status()
                rows = len(response.json()["items"])
            results.append(
                {
                    "scenario": name,
                    "params": params,
                    "rows": rows,
                    "requests": requests,
                    "p50_ms": round(statistics.median(times), 2),
                    "p95_ms": round(percentile(times, 0.95), 2),
                    "p99_ms": round(percentile(times, 0.99), 2),
                    "max_ms": round(max(times), 2),
                }
            )
    return results


def store_only(db: Path, requests: int) -> dict[str, float]:
    """p50 of the store's own ``incidents()`` call per scenario (no HTTP, no JSON): the API's floor."""
    from datetime import date as day

    from proxywatch.store import IncidentFilter, open_store

    out: dict[str, float] = {}
    with open_store(db, read_only=True) as store:
        for name, params in SCENARIOS:
            if "bbox" in params:
                continue  # applied by the serve layer, not a store filter (yet)
            kwargs: dict[str, Any] = {k: v for k, v in params.items() if k not in ("limit", "offset")}
            for key in ("start", "end"):
                if key in kwargs:
                    kwargs[key] = day.fromisoformat(kwargs[key])
            filt = IncidentFilter(**kwargs, limit=params.get("limit", 50) + 1, offset=params.get("offset", 0))
            times = []
            for _ in range(min(requests, 100)):
                started = time.perf_counter()
                store.incidents(filt)
                times.append((time.perf_counter() - started) * 1000)
            out[name] = round(statistics.median(times), 2)
    return out


def late_materialisation(db: Path, runs: int = 30) -> list[dict[str, Any]]:
    """The store's page query as it is, against sorting ``rowid`` alone and fetching only the page's
    rows: p50 ms of each, straight through DuckDB (the change this suggests belongs in store/sql.py)."""
    import duckdb

    from proxywatch.store.rows import INCIDENT_COLUMNS

    columns = ", ".join(name for name, _ in INCIDENT_COLUMNS)
    order = "ORDER BY event_date ASC NULLS LAST, id"
    as_is = f"SELECT {columns} FROM incidents {order} LIMIT ? OFFSET ?"
    late = (
        f"SELECT {columns} FROM incidents WHERE rowid IN "
        f"(SELECT rowid FROM incidents {order} LIMIT ? OFFSET ?) {order}"
    )
    out = []
    with duckdb.connect(str(db), read_only=True) as conn:
        for offset in (0, 50_000):
            row: dict[str, Any] = {"offset": offset}
            for name, sql in (("as_is_ms", as_is), ("rowid_ms", late)):
                conn.execute(sql, [51, offset]).fetchall()
                times = []
                for _ in range(runs):
                    started = time.perf_counter()
                    conn.execute(sql, [51, offset]).fetchall()
                    times.append((time.perf_counter() - started) * 1000)
                row[name] = round(statistics.median(times), 2)
            out.append(row)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--incidents", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=300, help="Timed requests per scenario.")
    parser.add_argument("--db", type=Path, default=Path("bench/results/bench_api.duckdb"))
    parser.add_argument("--serve", nargs=2, metavar=("DB", "PORT"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        serve(args.serve[0], int(args.serve[1]))
        return
    args.db.parent.mkdir(parents=True, exist_ok=True)
    if not args.db.exists():
        started = time.perf_counter()
        build(args.db, args.incidents)
        print(f"built {args.incidents} incidents in {time.perf_counter() - started:.1f}s -> {args.db}")
    port = free_port()
    child = subprocess.Popen([sys.executable, __file__, "--serve", str(args.db), str(port)])
    try:
        import httpx

        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(f"http://127.0.0.1:{port}/api/incidents?limit=1", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline or child.poll() is not None:
                raise SystemExit("the server did not start")
            time.sleep(0.2)
        results = measure(f"http://127.0.0.1:{port}", args.requests)
    finally:
        child.terminate()
        child.wait(timeout=10)
    floors = store_only(args.db, args.requests)
    for r in results:
        r["store_p50_ms"] = floors.get(r["scenario"])
    load = " ".join(Path("/proc/loadavg").read_text().split()[:3]) if Path("/proc/loadavg").exists() else "?"
    python = platform.python_version()
    machine = f"{platform.machine()}, {os.cpu_count()} cores, Python {python}, load average {load}"
    print(
        f"\n{args.incidents} incidents, {args.requests} requests per scenario, one keep-alive client; "
        f"{machine}\n"
    )
    print("| scenario | rows | p50 ms | p95 ms | p99 ms | max ms | store alone p50 ms |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for r in results:
        print(
            f"| {r['scenario']} | {r['rows']} | {r['p50_ms']} | {r['p95_ms']} | {r['p99_ms']} "
            f"| {r['max_ms']} | {r['store_p50_ms'] if r['store_p50_ms'] is not None else '—'} |"
        )
    plans = late_materialisation(args.db)
    print("\nstore page query, DuckDB direct, p50 ms: as it is vs sorting rowid alone")
    for row in plans:
        print(f"  offset {row['offset']:>6}: {row['as_is_ms']} vs {row['rowid_ms']}")
    summary = {
        "incidents": args.incidents,
        "machine": machine,
        "results": results,
        "late_materialisation": plans,
    }
    Path("bench/results/bench_api.json").write_text(json.dumps(summary, indent=2))


if __name__ == "__main__":
    main()
