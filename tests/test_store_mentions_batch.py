"""replace_mentions_batch: many articles' extraction results in one all-or-nothing transaction."""

from __future__ import annotations

import pytest

from proxywatch.errors import StoreError


def test_batch_replaces_and_marks_every_article(store, make_article, make_mention) -> None:
    store.add_articles([make_article() for _ in range(30)])
    store.replace_mentions("art1", [make_mention(id="stale")], extractor_version="v1", run_id=None)
    results = [
        (f"art{n}", [make_mention(id=f"m{n}-{k}", article_id=f"art{n}") for k in range(n % 3)])
        for n in range(1, 26)
    ]
    store.replace_mentions_batch(results, extractor_version="v2", run_id="run-b")
    assert store.articles_to_extract("v2") == [f"art{n}" for n in range(26, 31)]
    assert store.get_mentions(["stale"]) == []
    assert store.count_mentions() == sum(n % 3 for n in range(1, 26))
    assert [m.id for m in store.mentions_of_articles(["art2"])] == ["m2-0", "m2-1"]


def test_one_bad_article_fails_the_whole_batch(store, make_article, make_mention) -> None:
    store.add_articles([make_article(), make_article()])
    store.replace_mentions("art1", [make_mention(id="old")], extractor_version="v1", run_id=None)
    results = [
        ("art1", [make_mention(id="new")]),
        ("art2", [make_mention(id="huge", article_id="art2", killed=2**40)]),
    ]
    with pytest.raises(StoreError):
        store.replace_mentions_batch(results, extractor_version="v2", run_id=None)
    assert [m.id for m in store.mentions_of_articles(["art1", "art2"])] == ["old"]
    assert store.articles_to_extract("v2") == ["art1", "art2"]
