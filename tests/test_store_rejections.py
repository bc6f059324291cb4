"""Rejections are recorded once per (source, item, reason), newest first."""

from __future__ import annotations

from datetime import UTC, datetime

from proxywatch.models import Rejection


def test_same_rejection_is_recorded_once(store) -> None:
    r = Rejection(source="feed.xml", item="entry 3", reason="no text", at=datetime(2024, 10, 1, tzinfo=UTC))
    other = Rejection(source="feed.xml", item="entry 4", reason="no text")
    assert store.add_rejections([r, other, r]) == 2
    assert [x.item for x in store.rejections()] == ["entry 4", "entry 3"]
    assert store.add_rejections([r]) == 0
    assert store.add_rejections([Rejection(source="feed.xml", item="entry 3", reason="bad date")]) == 1
    assert len(store.rejections()) == 3


def test_rejections_come_back_newest_first_with_fields(store) -> None:
    at = datetime(2024, 10, 1, 9, 30, 15, 123456, tzinfo=UTC)
    first = Rejection(source="a.jsonl", item="line 1", reason="empty text", stage="ingest", at=at)
    store.add_rejections([first])
    later = Rejection(source="a.jsonl", item="line 9", reason="impossible date", stage="resolve")
    store.add_rejections([later])
    newest, oldest = store.rejections()
    assert (newest.item, newest.stage, newest.reason) == ("line 9", "resolve", "impossible date")
    assert newest.at is not None and newest.at.tzinfo is not None  # stamped when recorded
    assert oldest == first
    assert [r.item for r in store.rejections(limit=1)] == ["line 9"]


def test_many_rejections_in_one_call(store) -> None:
    batch = [Rejection(source="big.csv", item=f"row {i}", reason="no url") for i in range(120)]
    assert store.add_rejections(batch + batch) == 120
    assert store.rejections(limit=1)[0].item == "row 119"
