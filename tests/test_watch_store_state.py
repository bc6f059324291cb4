"""The store keeps watch mode's source states and notifications outbox (both backends)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime, timedelta

from proxywatch.models import Incident
from proxywatch.store import Store
from proxywatch.store.base import Notification, SourceState

T0 = datetime(2024, 10, 1, 12, 0, tzinfo=UTC)


def test_source_states_round_trip_and_upsert(store: Store) -> None:
    first = SourceState(
        url="https://feeds.invalid/a.xml", etag='"v1"', last_modified="Tue, 01 Oct 2024 10:00:00 GMT",
        body_hash="ab" * 32, last_polled_at=T0, last_ok_at=T0, last_status="ok", polls=1, items=5,
    )  # fmt: skip
    other = SourceState(url="https://feeds.invalid/b.xml", failures=3, open_until=T0 + timedelta(hours=1),
                        last_status="failed", last_error="HTTP 503")  # fmt: skip
    store.save_source_states([first, other])
    assert store.source_states() == {first.url: first, other.url: other}
    later = replace(first, etag='"v2"', polls=2, last_polled_at=T0 + timedelta(minutes=5))
    store.save_source_states([later, replace(later, items=99), later])  # the last state of a URL wins
    assert store.source_states()[first.url] == later
    assert len(store.source_states()) == 2


def test_notifications_are_queued_once_and_delivered_in_order(
    store: Store, make_incident: Callable[..., Incident]
) -> None:
    notes = [
        Notification(id=f"incident:inc{n}", kind="incident", created_at=T0, payload={"n": n, "text": "é ✓"})
        for n in range(3)
    ]
    assert store.add_notifications(notes + [notes[0]]) == ["incident:inc0", "incident:inc1", "incident:inc2"]
    assert store.add_notifications([replace(notes[1], payload={"changed": True})]) == []
    pending = store.pending_notifications()
    assert [n.id for n in pending] == ["incident:inc0", "incident:inc1", "incident:inc2"]
    assert pending[1].payload == {"n": 1, "text": "é ✓"}
    store.mark_delivered(["incident:inc0", "incident:inc1"], at=T0)
    assert [n.id for n in store.pending_notifications()] == ["incident:inc2"]
    store.mark_delivered(["incident:inc0"], at=T0 + timedelta(days=1))  # already delivered: unchanged
    done = Notification(id="surge:x:2024-09-30", kind="surge", created_at=T0, payload={}, delivered_at=T0)
    store.add_notifications([done])
    assert [n.id for n in store.pending_notifications()] == ["incident:inc2"]
    got = store.get_notifications(["surge:x:2024-09-30", "nope", "incident:inc0"])
    assert [(n.id, n.delivered_at) for n in got] == [("surge:x:2024-09-30", T0), ("incident:inc0", T0)]

    store.save_incidents([make_incident(id="inc0"), make_incident(id="inc7"), make_incident(id="inc9")])
    assert [i.id for i in store.unnotified_incidents()] == ["inc7", "inc9"]
    assert [i.id for i in store.unnotified_incidents(limit=1)] == ["inc7"]
