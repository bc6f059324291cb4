"""One store shared by threads (as the HTTP server does) and several processes migrating at once."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest

from proxywatch.store import open_store
from proxywatch.store.schema import LATEST_VERSION


def test_threads_share_one_store(store, make_article) -> None:
    batches = [[make_article(id=f"t{t}-{i}") for i in range(30)] for t in range(4)]

    def work(batch):
        new = store.add_articles(batch)
        store.add_articles(batch)  # a repeat stores nothing
        return new, store.count_articles(), len(list(store.iter_articles(batch_size=7)))

    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(work, batches))
    assert [len(new) for new, _, _ in results] == [30] * 4
    assert store.count_articles() == 120
    assert sorted(a.id for a in store.iter_articles()) == sorted(a.id for b in batches for a in b)


@pytest.mark.postgres
def test_concurrent_first_opens_migrate_once(postgres_schema_url: str) -> None:
    def opener(_: int) -> int:
        with open_store(postgres_schema_url) as store:
            return store.schema_version()

    with ThreadPoolExecutor(max_workers=4) as pool:
        assert list(pool.map(opener, range(4))) == [LATEST_VERSION] * 4
    import psycopg

    with psycopg.connect(postgres_schema_url) as conn:
        assert conn.execute("SELECT COUNT(*) FROM schema_version").fetchone() == (LATEST_VERSION,)
