"""Timing of the escalation analytics, the actor network and the brief renderers on synthetic incidents.

    python bench/bench_analytics.py            # human-readable table
    python bench/bench_analytics.py --json     # the same as JSON

Incidents are generated in memory (seeded, no database, no network): a steady base rate per umbrella
with a doubling after a trigger day, the actors and umbrellas of the built-in registry, places drawn
from a fixed list. Each step runs ``--repeat`` times and the median wall time is reported, with the
machine's load average (other work on the machine inflates every figure).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from proxywatch.models import Article, Incident

START = date(2023, 1, 2)
TRIGGER = date(2024, 9, 27)
FRONTS = [
    ("kataib-hezbollah", "islamic-resistance-in-iraq", "IQ"),
    ("harakat-al-nujaba", "islamic-resistance-in-iraq", "IQ"),
    ("hezbollah", "hezbollah", "LB"),
    ("houthis", "houthis", "YE"),
    ("idf", "israel", "IL"),
]
PLACES = [
    ("gn:eilat", "Eilat", 29.56, 34.95),
    ("gn:golan", "Golan", 33.0, 35.8),
    ("gn:haifa", "Haifa", 32.8, 35.0),
]
PLACES += [
    ("gn:erbil", "Erbil", 36.19, 44.01),
    ("gn:tanf", "al-Tanf", 33.5, 38.6),
    ("gn:sanaa", "Sanaa", 15.35, 44.2),
]
WEAPONS = ["drone", "rocket", "cruise_missile", "ballistic_missile", "airstrike"]


def incidents(n: int, *, days: int, seed: int = 7) -> list[Incident]:
    rng = random.Random(seed)
    seen = datetime(2025, 1, 1, tzinfo=UTC)
    trigger_offset = min(days - 1, max(1, (TRIGGER - START).days)) if days > 400 else days // 2
    out = []
    for i in range(n):
        # Twice the rate after the trigger: a day after it is drawn twice as often as one before.
        day = rng.randrange(days + (days - trigger_offset))
        day = day if day < days else trigger_offset + (day - days)
        actor, umbrella, origin = FRONTS[i % len(FRONTS)]
        place = rng.choice(PLACES)
        out.append(
            Incident(
                id=f"inc{i:07d}",
                event_date=START + timedelta(days=day),
                event_type="Air/drone strike",
                weapon=rng.choice(WEAPONS),
                status="claimed",
                mention_ids=(f"m{i}",),
                article_ids=(f"a{i}",),
                n_sources=1 + rng.randrange(3),
                n_reports=1,
                first_seen=seen,
                last_updated=seen,
                actor_id=actor,
                actor_umbrella=umbrella,
                target_country="IL" if umbrella != "israel" else "LB",
                place_id=place[0],
                place_text=place[1],
                lat=place[2],
                lon=place[3],
                launch_country=origin,
            )
        )
    return out


def articles_for(items: list[Incident]) -> dict[str, Article]:
    seen = datetime(2025, 1, 1, tzinfo=UTC)
    return {
        f"a{i.id[3:].lstrip('0') or '0'}": Article(
            id=f"a{i.id[3:].lstrip('0') or '0'}",
            url=f"https://bench.invalid/{i.id}",
            outlet="Bench Wire",
            title=f"Report of {i.id}",
            text="",
            published_at=datetime.combine(i.event_date or START, datetime.min.time(), tzinfo=UTC),
            language="en",
            fetched_at=seen,
            content_hash=i.id,
        )
        for i in items
    }


def timed(fn: Callable[[], Any], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    from proxywatch.analyse.alerts import surge_alerts, weekly_counts
    from proxywatch.analyse.changepoint import change_points
    from proxywatch.analyse.network import build_network, summarise
    from proxywatch.analyse.trends import trends
    from proxywatch.report.brief import build_brief, write_formats
    from proxywatch.resolve.actors import ActorRegistry

    registry = ActorRegistry.builtin()
    rows: list[dict[str, Any]] = []

    def add(step: str, size: str, seconds: float) -> None:
        rows.append({"step": step, "size": size, "seconds": round(seconds, 4)})

    # Warm up: the first call imports ruptures and scipy, which is no part of the work measured.
    change_points([START + timedelta(days=i) for i in range(30)], [0] * 15 + [3] * 15)
    rng = random.Random(3)
    for n_days in (365, 1095, 3650):
        counts = [rng.randrange(3) for _ in range(n_days // 2)] + [
            rng.randrange(6) for _ in range(n_days - n_days // 2)
        ]
        days = [START + timedelta(days=i) for i in range(n_days)]
        add(
            "change_points (PELT, Poisson)",
            f"{n_days} days",
            timed(lambda d=days, c=counts: change_points(d, c), args.repeat),
        )

    for n in (10_000, 100_000):
        items = incidents(n, days=730)
        end = START + timedelta(days=729)
        add(
            "trends by umbrella, daily, trigger",
            f"{n} incidents, 730 days",
            timed(
                lambda i=items, e=end: trends(i, start=START, end=e, by="umbrella", trigger=TRIGGER),
                args.repeat,
            ),
        )
        add(
            "weekly_counts + surge_alerts by weapon",
            f"{n} incidents, 730 days",
            timed(
                lambda i=items, e=end: surge_alerts(weekly_counts(i, start=START, end=e, by="weapon")),
                args.repeat,
            ),
        )
        add(
            "build_network + summarise",
            f"{n} incidents",
            timed(lambda i=items: summarise(build_network(registry, i)), args.repeat),
        )

    small = incidents(2_000, days=90)
    arts = articles_for(small)
    mid = START + timedelta(days=45)
    brief_args = {"start": START, "end": START + timedelta(days=89), "trigger": mid, "registry": registry}
    add(
        "build_brief (with change point, network)",
        "2000 incidents, 90 days",
        timed(lambda: build_brief(small, [], arts, **brief_args), args.repeat),
    )
    brief = build_brief(small, [], arts, **brief_args)
    with tempfile.TemporaryDirectory() as tmp:
        for fmt in ("md", "html", "pdf"):
            add(
                f"write brief as {fmt} (figures drawn)",
                "2000 incidents, 90 days",
                timed(lambda fmt=fmt: write_formats(brief, Path(tmp), formats=(fmt,)), args.repeat),
            )

    machine = {
        "platform": platform.platform(),
        "python": platform.python_version(),
        "cpus": os.cpu_count(),
        "load_average_1m": round(os.getloadavg()[0], 2),
    }
    if args.json:
        print(json.dumps({"machine": machine, "results": rows}, indent=2))
        return
    print(f"machine: {machine}")
    width = max(len(r["step"]) for r in rows)
    for r in rows:
        print(f"{r['step']:<{width}}  {r['size']:<26} {r['seconds']:>9.3f} s")


if __name__ == "__main__":
    main()
