"""replace_mentions swaps an article's mentions atomically and marks it processed per version."""

from __future__ import annotations

from datetime import date

import pytest

from proxywatch.errors import StoreError


def test_replace_marks_processed_for_that_version_only(store, make_article, make_mention) -> None:
    store.add_articles([make_article(), make_article(), make_article()])
    assert store.articles_to_extract("rules-1") == ["art1", "art2", "art3"]
    store.replace_mentions("art1", [make_mention()], extractor_version="rules-1", run_id=None)
    store.replace_mentions("art2", [], extractor_version="rules-1", run_id=None)  # nothing found: done too
    assert store.articles_to_extract("rules-1") == ["art3"]
    assert store.articles_to_extract("rules-1", limit=0) == []
    assert store.articles_to_extract("rules-2") == ["art1", "art2", "art3"]
    assert store.articles_to_extract("rules-2", limit=2) == ["art1", "art2"]


def test_replace_swaps_the_previous_mentions(store, make_article, make_mention) -> None:
    store.add_articles([make_article(), make_article()])
    other = make_mention(id="keep", article_id="art2")
    store.replace_mentions("art2", [other], extractor_version="rules-1", run_id=None)
    old = [make_mention(id="old1"), make_mention(id="old2")]
    store.replace_mentions("art1", old, extractor_version="rules-1", run_id=None)
    new = [make_mention(id="old1", weapon="rocket"), make_mention(id="new3")]
    store.replace_mentions("art1", new, extractor_version="rules-2", run_id="run-x")
    assert [m.id for m in store.mentions_of_articles(["art1"])] == ["new3", "old1"]
    assert store.get_mentions(["old1"])[0].weapon == "rocket"
    assert store.get_mentions(["old2"]) == []
    assert store.count_mentions() == 3
    assert store.articles_to_extract("rules-2") == ["art2"]


def test_a_failing_replace_keeps_the_old_mentions(store, make_article, make_mention) -> None:
    store.add_articles([make_article()])
    store.replace_mentions("art1", [make_mention(id="m-old")], extractor_version="rules-1", run_id=None)
    overflow = make_mention(id="m-bad", n_attacks=2**40)  # does not fit the INTEGER column
    with pytest.raises(StoreError):
        store.replace_mentions(
            "art1", [make_mention(id="m-new"), overflow], extractor_version="rules-2", run_id=None
        )
    assert [m.id for m in store.mentions_of_articles(["art1"])] == ["m-old"]
    assert store.articles_to_extract("rules-2") == ["art1"]


def test_mentions_of_another_article_are_refused(store, make_mention) -> None:
    with pytest.raises(StoreError, match="do not belong"):
        store.replace_mentions("art1", [make_mention(article_id="art9")], extractor_version="v", run_id=None)


def test_mentions_between_has_inclusive_bounds(store, make_mention) -> None:
    days = [date(2024, 9, 30), date(2024, 10, 1), date(2024, 10, 3), date(2024, 10, 5), None]
    mentions = [make_mention(id=f"m{i}", event_date=d) for i, d in enumerate(days)]
    store.replace_mentions("art1", mentions, extractor_version="v", run_id=None)
    found = store.mentions_between(date(2024, 10, 1), date(2024, 10, 5))
    assert [m.id for m in found] == ["m1", "m2", "m3"]
    assert [m.id for m in store.mentions_between(date(2024, 10, 3), date(2024, 10, 3))] == ["m2"]
    assert store.mentions_between(date(2024, 10, 6), date(2024, 10, 9)) == []


def test_mentions_of_articles_follow_article_then_sentence_order(store, make_mention) -> None:
    b = [make_mention(id="b2", article_id="b", sentence_span=(50, 80))]
    store.replace_mentions("b", b, extractor_version="v", run_id=None)
    a = [
        make_mention(id="a-late", article_id="a", sentence_span=(100, 140)),
        make_mention(id="a-early", article_id="a", sentence_span=(0, 40)),
    ]
    store.replace_mentions("a", a, extractor_version="v", run_id=None)
    assert [m.id for m in store.mentions_of_articles(["b", "a"])] == ["b2", "a-early", "a-late"]
    assert store.mentions_of_articles(["zz"]) == []


def test_many_mentions_in_one_replace(store, make_mention) -> None:
    mentions = [make_mention(id=f"m{i:03d}", sentence_span=(i, i + 10)) for i in range(120)]
    store.replace_mentions("art1", mentions, extractor_version="v", run_id=None)
    assert store.count_mentions() == 120
    assert store.get_mentions(["m119", "m000"])[0] == mentions[119]
