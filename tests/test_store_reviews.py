"""Store: the review audit log (add_review / reviews) on every backend."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from proxywatch.errors import StoreError
from proxywatch.models import Incident
from proxywatch.store import Store


def test_add_review_logs_and_sets_status_atomically(
    store: Store, make_incident: Callable[..., Incident]
) -> None:
    store.save_incidents([make_incident(), make_incident()])
    entry = store.add_review("inc1", "reject", review_status="rejected", comment="not an attack", who="ana")
    assert (entry.incident_id, entry.action, entry.comment, entry.who) == (
        "inc1",
        "reject",
        "not an attack",
        "ana",
    )
    assert entry.at.tzinfo is not None
    assert store.get_incidents(["inc1"])[0].review_status == "rejected"
    assert store.get_incidents(["inc2"])[0].review_status == "unreviewed"
    assert store.reviews("inc1") == [entry]
    assert store.reviews("inc2") == []


def test_review_of_unknown_incident_changes_nothing(
    store: Store, make_incident: Callable[..., Incident]
) -> None:
    store.save_incidents([make_incident()])
    with pytest.raises(StoreError, match="no incident"):
        store.add_review("nope", "confirm", review_status="confirmed")
    assert store.reviews() == []


def test_reviews_newest_first_with_limit(store: Store, make_incident: Callable[..., Incident]) -> None:
    store.save_incidents([make_incident(), make_incident()])
    store.add_review("inc1", "confirm", review_status="confirmed")
    store.add_review("inc2", "split", review_status="split_requested")
    store.add_review("inc1", "reject", review_status="rejected")
    assert [(r.incident_id, r.action) for r in store.reviews()] == [
        ("inc1", "reject"),
        ("inc2", "split"),
        ("inc1", "confirm"),
    ]
    assert len(store.reviews(limit=2)) == 2
    assert [r.action for r in store.reviews("inc1")] == ["reject", "confirm"]
