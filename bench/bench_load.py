"""Bounded load test of the HTTP API on loopback while ingest runs, with a no-data-loss check.

    python bench/bench_load.py [--requests 2000] [--clients 8] [--copies 8] [--write-share 0.05]

A child process serves ``proxywatch.serve.create_app`` under uvicorn on 127.0.0.1 with a write token,
and, in a thread of the same process, ingests the bundled sample corpus copied ``--copies`` times
(varied ids and URLs) in batches through :func:`proxywatch.pipeline.run`: a DuckDB file has one writer
process, so the server and the ingest share it, as ``proxywatch serve`` plus a watcher would. The
parent sends a bounded number of requests from ``--clients`` threads (keep-alive clients): incident
lists (filters, pages), incident details, meta, trends, and review POSTs with the token. It reports
throughput, p50/p99 latency per kind, errors, and checks that nothing was lost: every review the API
acknowledged is in the review log, and every article the ingest read is stored exactly once.
Writes the figures to ``bench/results/bench_load.json``.
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
import threading
import time
from pathlib import Path
from typing import Any

TOKEN = "bench-load-token"
RESULTS = Path(__file__).resolve().parent / "results" / "bench_load.json"

SERVER = r"""
import json, sys, threading
from pathlib import Path
import uvicorn
from proxywatch.pipeline import build_components, run
from proxywatch.serve import create_app
from proxywatch.settings import load_settings
from proxywatch.store import open_store

db, port, token, batches = sys.argv[1], int(sys.argv[2]), sys.argv[3], json.loads(sys.argv[4])
settings = load_settings(db=db)
store = open_store(db)
components = build_components(settings)
run([batches[0]], store=store, settings=settings, components=components)  # incidents to read from the start
app = create_app(lambda: store, token=token, rate_limit=0)

def ingest():
    for batch in batches[1:]:
        run([batch], store=store, settings=settings, components=components)
    print("INGEST-DONE", store.count_articles(), flush=True)

threading.Thread(target=ingest, daemon=True).start()
print("READY", flush=True)
uvicorn.run(app, host="127.0.0.1", port=port, log_level="warning")
"""


def corpus(workdir: Path, copies: int, batch: int) -> tuple[list[str], int]:
    """The sample corpus copied ``copies`` times, split into JSONL files of ``batch`` articles."""
    from proxywatch.api import sample_paths

    lines = sample_paths()[0].read_text(encoding="utf-8").splitlines()
    records = []
    for copy in range(copies):
        for line in lines:
            record = json.loads(line)
            record["id"] = f"{record['id']}-load{copy}"
            if record.get("url"):
                record["url"] = record["url"].replace(".invalid/", f".invalid/load{copy}/", 1)
            records.append(json.dumps(record, ensure_ascii=False))
    files = []
    for start in range(0, len(records), batch):
        path = workdir / f"batch{start // batch:03d}.jsonl"
        path.write_text("\n".join(records[start : start + batch]) + "\n", encoding="utf-8")
        files.append(str(path))
    return files, len(records)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] if ordered else float("nan")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--copies", type=int, default=8)
    parser.add_argument("--batch", type=int, default=50, help="articles per ingest batch")
    parser.add_argument("--write-share", type=float, default=0.05, help="share of requests that are reviews")
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/proxywatch-bench-load"))
    parser.add_argument("--seed", type=int, default=10)
    args = parser.parse_args()

    import httpx

    args.workdir.mkdir(parents=True, exist_ok=True)
    db = args.workdir / "load.duckdb"
    for stale in (db, db.with_suffix(".duckdb.wal")):
        stale.unlink(missing_ok=True)
    batches, n_articles = corpus(args.workdir, args.copies, args.batch)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [sys.executable, "-c", SERVER, str(db), str(port), TOKEN, json.dumps(batches)],
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PROXYWATCH_ALLOW_PRIVATE_URLS": "false"},
    )
    assert server.stdout is not None
    if server.stdout.readline().strip() != "READY":
        raise SystemExit("server did not start")
    ingest_done: dict[str, Any] = {}

    def watch_stdout() -> None:
        assert server.stdout is not None
        for line in server.stdout:
            if line.startswith("INGEST-DONE"):
                ingest_done["articles"] = int(line.split()[1])
                ingest_done["at"] = time.monotonic()

    threading.Thread(target=watch_stdout, daemon=True).start()
    for _ in range(100):  # wait for uvicorn to accept connections
        try:
            httpx.get(base + "/api/meta", timeout=1.0)
            break
        except httpx.HTTPError:
            time.sleep(0.1)

    rng = random.Random(args.seed)
    reads = ["list", "list_filtered", "detail", "meta", "trends"]
    plan = ["review" if rng.random() < args.write_share else rng.choice(reads) for _ in range(args.requests)]
    lock = threading.Lock()
    latencies: dict[str, list[float]] = {}
    errors: dict[str, int] = {}
    acknowledged: list[str] = []
    next_index = iter(range(len(plan)))
    known_ids: list[str] = []

    def client(worker: int) -> None:
        local = random.Random(args.seed + worker)
        with httpx.Client(base_url=base, timeout=30.0) as http:
            while True:
                with lock:
                    i = next(next_index, None)
                if i is None:
                    return
                kind = plan[i]
                ids = known_ids[:]
                started = time.perf_counter()
                try:
                    if kind == "list":
                        r = http.get(
                            "/api/incidents", params={"limit": 50, "offset": local.choice([0, 50, 100])}
                        )
                        if r.status_code == 200:
                            with lock:
                                known_ids[:] = [x["id"] for x in r.json()["items"]][:200] or known_ids
                    elif kind == "list_filtered":
                        period = {"start": "2024-09-27", "end": "2024-10-16"}
                        r = http.get(
                            "/api/incidents", params={**period, "actor": "islamic-resistance-in-iraq"}
                        )
                    elif kind == "detail" and ids:
                        r = http.get(f"/api/incidents/{local.choice(ids)}")
                    elif kind == "review" and ids:
                        target = local.choice(ids)
                        body = {"action": "confirm", "who": "bench", "comment": f"load {i}"}
                        auth = {"Authorization": f"Bearer {TOKEN}"}
                        r = http.post(f"/api/incidents/{target}/review", json=body, headers=auth)
                        if r.status_code == 200:
                            with lock:
                                acknowledged.append(f"load {i}")
                    elif kind == "trends":
                        r = http.get("/api/trends")
                    else:
                        kind = "meta"
                        r = http.get("/api/meta")
                    ok = r.status_code < 400
                except httpx.HTTPError:
                    ok = False
                elapsed = (time.perf_counter() - started) * 1000
                with lock:
                    latencies.setdefault(kind, []).append(elapsed)
                    if not ok:
                        errors[kind] = errors.get(kind, 0) + 1

    started = time.monotonic()
    threads = [threading.Thread(target=client, args=(w,)) for w in range(args.clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    seconds = time.monotonic() - started
    overlapped = "at" not in ingest_done or ingest_done["at"] > started
    deadline = time.monotonic() + 600
    while "articles" not in ingest_done and time.monotonic() < deadline:
        time.sleep(0.5)
    reviews = httpx.get(base + "/api/reviews", params={"limit": 1000}, timeout=30).json()
    meta = httpx.get(base + "/api/meta", timeout=30).json()
    server.terminate()
    server.wait(timeout=30)

    logged = {r.get("comment") for r in reviews}
    lost_reviews = [c for c in acknowledged if c not in logged]
    all_ms = [v for values in latencies.values() for v in values]
    result = {
        "requests": len(all_ms),
        "clients": args.clients,
        "seconds": round(seconds, 2),
        "throughput_rps": round(len(all_ms) / seconds, 1),
        "p50_ms": round(statistics.median(all_ms), 1),
        "p99_ms": round(percentile(all_ms, 0.99), 1),
        "by_kind": {
            k: {
                "n": len(v),
                "p50_ms": round(statistics.median(v), 1),
                "p99_ms": round(percentile(v, 0.99), 1),
            }
            for k, v in sorted(latencies.items())
        },  # fmt: skip
        "errors": errors,
        "ingest_overlapped_load": overlapped,
        "ingest_done_after_load_start_s": round(ingest_done.get("at", started) - started, 2),
        "load_average_1m_at_end": round(os.getloadavg()[0], 2),
        "articles_expected": n_articles,
        "articles_stored": ingest_done.get("articles"),
        "reviews_acknowledged": len(acknowledged),
        "reviews_lost": len(lost_reviews),
        "meta": {k: meta.get(k) for k in ("articles", "incidents", "mentions") if k in meta},
        "machine": f"{platform.machine()} {os.cpu_count()} cpus, Python {platform.python_version()}",
        "command": "python " + " ".join(sys.argv),
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(result, indent=2))
    if lost_reviews or result["articles_stored"] != n_articles:
        raise SystemExit("DATA LOSS: see reviews_lost / articles_stored")


if __name__ == "__main__":
    main()
