"""Articles are stored once by id; reads come back in the documented order."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from proxywatch.errors import StoreError


def test_adding_the_same_articles_twice_stores_them_once(store, make_article) -> None:
    batch = [make_article() for _ in range(3)]
    assert store.add_articles(batch) == ["art1", "art2", "art3"]
    assert store.add_articles(batch) == []
    assert store.count_articles() == 3


def test_only_new_ids_are_returned_in_input_order(store, make_article) -> None:
    store.add_articles([make_article(id="b"), make_article(id="d")])
    mixed = [make_article(id=i) for i in ("e", "b", "a", "d", "c")]
    assert store.add_articles(mixed) == ["e", "a", "c"]
    assert store.count_articles() == 5


def test_duplicates_inside_one_batch_keep_the_first(store, make_article) -> None:
    first = make_article(id="x", title="first")
    batch = [first, make_article(id="y"), make_article(id="x", title="second"), make_article(id="z")]
    assert store.add_articles(batch) == ["x", "y", "z"]
    assert store.get_articles(["x"])[0].title == "first"
    assert [a.id for a in store.iter_articles()] == ["x", "y", "z"]


def test_get_articles_follows_the_given_order_and_skips_missing(store, make_article) -> None:
    store.add_articles([make_article(id=i) for i in ("a", "b", "c")])
    assert [a.id for a in store.get_articles(["c", "zz", "a"])] == ["c", "a"]
    assert store.get_articles([]) == []


def test_iter_articles_is_oldest_ingest_first_across_batches(store, make_article) -> None:
    ids = [f"n{i:02d}" for i in range(25)]
    for start in range(0, 25, 7):  # several calls, several transactions
        store.add_articles([make_article(id=i) for i in reversed(ids[start : start + 7])])
    expected = [i for start in range(0, 25, 7) for i in reversed(ids[start : start + 7])]
    assert [a.id for a in store.iter_articles(batch_size=4)] == expected


def test_a_bad_article_stores_nothing_of_its_batch(store, make_article) -> None:
    store.add_articles([make_article(id="kept")])
    bad = make_article(id="bad", outlet=None)  # NOT NULL column
    with pytest.raises(StoreError):
        store.add_articles([make_article(id="good"), bad])
    assert store.count_articles() == 1
    assert store.add_articles([make_article(id="good")]) == ["good"]


def test_articles_per_day_counts_utc_publication_days(store, make_article) -> None:
    base = datetime(2024, 10, 1, 12, tzinfo=UTC)
    # 23:30 at UTC+3 is 20:30 UTC: still 1 October.
    evening_beirut = datetime(2024, 10, 1, 23, 30, tzinfo=timezone(timedelta(hours=3)))
    night_utc = datetime(2024, 10, 2, 1, 30, tzinfo=UTC)
    store.add_articles(
        [
            make_article(published_at=base),
            make_article(published_at=base + timedelta(hours=3)),
            make_article(published_at=evening_beirut),
            make_article(published_at=night_utc),
            make_article(published_at=None),
        ]
    )
    assert store.articles_per_day() == {date(2024, 10, 1): 3, date(2024, 10, 2): 1}


def test_a_large_batch_uses_the_bulk_path_and_still_dedupes(store, make_article) -> None:
    batch = [make_article() for _ in range(300)]
    assert len(store.add_articles(batch[:150])) == 150
    assert store.add_articles(batch) == [a.id for a in batch[150:]]
    assert store.count_articles() == 300
    assert [a.id for a in store.iter_articles()] == [a.id for a in batch]


def test_a_failed_bulk_insert_reports_its_real_cause(tmp_path) -> None:
    from dataclasses import replace as _replace
    from datetime import datetime

    import pytest as _pytest

    from proxywatch.errors import StoreError
    from proxywatch.models import Article
    from proxywatch.store import open_store

    good = Article(id="x0", url=None, outlet="o", title="", text="t", published_at=None, language="en",
                   fetched_at=datetime(2024, 1, 1), content_hash="h")  # fmt: skip
    broken = [_replace(good, id=f"x{i}", fetched_at=None) for i in range(50)]  # NOT NULL column, bulk path
    with open_store(tmp_path / "s.duckdb") as store:
        with _pytest.raises(StoreError, match="(?i)not null"):
            store.add_articles(broken)
        assert store.add_articles([good]) == ["x0"]  # the store is usable after the rollback
