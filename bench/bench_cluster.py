"""Time incident clustering on N synthetic mentions stored in DuckDB, and report peak memory.

    python bench/bench_cluster.py --n 100000

Mentions spread over a year, 400 places in 8 countries and 6 attacker umbrellas, with 1-6 reports per
attack on the same or the next day, so about a third of the mentions merge into existing incidents.
"""

from __future__ import annotations

import argparse
import random
import resource
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path

from proxywatch.cluster.incidents import cluster_batches
from proxywatch.models import Article, Mention, stable_id
from proxywatch.settings import Settings
from proxywatch.store import open_store

COUNTRIES = ["IQ", "SY", "IL", "LB", "YE", "JO", "IR", "PS"]
UMBRELLAS = ["islamic-resistance-in-iraq", "hezbollah", "houthis", "israel", "united-states", None]


def make(n: int, seed: int = 7) -> tuple[list[Article], list[Mention]]:
    rng = random.Random(seed)
    places = [(f"p{i}", rng.choice(COUNTRIES), 29 + rng.random() * 9, 34 + rng.random() * 14) for i in range(400)]
    start = date(2024, 1, 1)
    articles: list[Article] = []
    mentions: list[Mention] = []
    while len(mentions) < n:
        day = start + timedelta(days=rng.randrange(365))
        pid, country, lat, lon = rng.choice(places)
        umbrella = rng.choice(UMBRELLAS)
        for _ in range(rng.randint(1, 6)):
            aid = stable_id("a", len(articles))
            articles.append(
                Article(id=aid, url=None, outlet=f"outlet{rng.randrange(50)}", title="", text="x",
                        published_at=None, language="en", fetched_at=datetime(2024, 1, 1), content_hash=aid)
            )
            mentions.append(
                Mention(
                    id=stable_id("m", len(mentions)), article_id=aid, sentence_span=(0, 1), sentence="x",
                    event_type="Air/drone strike", weapon="drone", claim_status="reported", extractor_version="b",
                    actor_umbrella=umbrella, actor_id=umbrella, place_id=pid, lat=lat, lon=lon, geo_precision="town",
                    target_country=country, event_date=day + timedelta(days=rng.choice((0, 0, 0, 1))),
                    date_precision="day",
                )
            )
    return articles, mentions[:n]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--n", type=int, default=100_000)
    args = parser.parse_args()
    articles, mentions = make(args.n)
    with tempfile.TemporaryDirectory() as tmp, open_store(Path(tmp) / "b.duckdb") as store:
        store.add_articles(articles)
        by_article: dict[str, list[Mention]] = {}
        for m in mentions:
            by_article.setdefault(m.article_id, []).append(m)
        store.replace_mentions_batch(list(by_article.items()), extractor_version="b", run_id=None)
        before_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        started = time.perf_counter()
        clustered = saved = 0.0
        created = 0
        # As the pipeline does it: save each finished batch before the sweep goes on.
        batches = cluster_batches(store.unclustered_mentions(), store=store, settings=Settings())
        while True:
            tick = time.perf_counter()
            result = next(batches, None)
            clustered += time.perf_counter() - tick
            if result is None:
                break
            tick = time.perf_counter()
            store.save_incidents(result.saved, removed=result.removed)
            saved += time.perf_counter() - tick
            created += result.created
        total = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"{args.n} mentions -> {created} incidents in {total:.1f}s: clustering {clustered:.1f}s "
        f"({args.n / clustered:,.0f} mentions/s), saving {saved:.1f}s; peak RSS {peak_mb:,.0f} MB "
        f"({before_mb:,.0f} MB before clustering: the test data and the store)"
    )


if __name__ == "__main__":
    main()
