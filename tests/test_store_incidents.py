"""save_incidents inserts, replaces and removes in one transaction and keeps a history."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from proxywatch.errors import StoreError


def _actions(store, incident_id: str) -> list[str]:
    return [h.action for h in store.incident_history(incident_id)]


def test_save_replace_and_remove(store, make_incident) -> None:
    a, b = make_incident(), make_incident()
    store.save_incidents([a, b])
    assert store.count_incidents() == 2
    assert store.get_incidents(["inc2", "nope", "inc1"]) == [b, a]

    a2 = replace(a, n_sources=3, n_reports=4, mention_ids=("men1", "men7", "men8"))
    store.save_incidents([a2], removed=["inc2"])
    assert store.get_incidents(["inc1", "inc2"]) == [a2]
    assert _actions(store, "inc1") == ["created", "updated"]
    assert store.incident_history("inc1")[1].details["changed"] == ["mention_ids", "n_sources", "n_reports"]
    assert _actions(store, "inc2") == ["created", "removed"]


def test_resaving_an_unchanged_incident_adds_no_history(store, make_incident) -> None:
    a = make_incident()
    store.save_incidents([a])
    store.save_incidents([a])
    store.save_incidents([], removed=["never-stored"])
    assert _actions(store, "inc1") == ["created"]
    assert store.incident_history("never-stored") == []


def test_merge_and_split_are_recorded(store, make_incident) -> None:
    a = make_incident(mention_ids=("m1", "m2"))
    b = make_incident(mention_ids=("m3",))
    store.save_incidents([a, b])
    # b's report turns out to describe a's attack: b merges into a
    store.save_incidents([replace(a, mention_ids=("m1", "m2", "m3"), n_reports=3)], removed=["inc2"])
    assert _actions(store, "inc2") == ["created", "merged"]
    assert store.incident_history("inc2")[-1].details == {"into": "inc1"}
    assert store.incident_history("inc1")[-1].details["from"] == ["inc2"]
    # then m3 is split off again into a new incident
    c = make_incident(id="inc3", mention_ids=("m3",))
    store.save_incidents([replace(a, mention_ids=("m1", "m2")), c])
    assert _actions(store, "inc1") == ["created", "updated", "split"]
    assert store.incident_history("inc1")[-1].details["into"] == ["inc3"]
    assert store.incident_history("inc3")[0].details == {"mention_ids": ["m3"], "from": ["inc1"]}
    # an incident removed with its mentions spread over two others was split
    store.save_incidents(
        [make_incident(id="x", mention_ids=("m1",)), make_incident(id="y", mention_ids=("m2",))],
        removed=["inc1"],
    )
    assert store.incident_history("inc1")[-1].action == "split"
    assert store.incident_history("inc1")[-1].details == {"into": ["x", "y"]}


def test_a_failing_save_changes_nothing(store, make_incident) -> None:
    a, b = make_incident(), make_incident()
    store.save_incidents([a, b])
    broken = make_incident(killed=2**40)  # does not fit the INTEGER column
    with pytest.raises(StoreError):
        store.save_incidents([replace(a, n_sources=9), broken], removed=["inc2"])
    assert store.get_incidents(["inc1", "inc2"]) == [a, b]
    assert _actions(store, "inc1") == ["created"]


def test_incidents_touching_has_inclusive_bounds(store, make_incident) -> None:
    days = [date(2024, 9, 29), date(2024, 10, 1), date(2024, 10, 2), date(2024, 10, 4), None]
    store.save_incidents([make_incident(id=f"i{n}", event_date=d) for n, d in enumerate(days)])
    found = store.incidents_touching(date(2024, 10, 1), date(2024, 10, 4))
    assert [i.id for i in found] == ["i1", "i2", "i3"]


def test_many_incidents_in_one_save(store, make_incident) -> None:
    batch = [make_incident() for _ in range(150)]
    store.save_incidents(batch)
    store.save_incidents([replace(i, n_sources=2) for i in batch[:100]], removed=[i.id for i in batch[100:]])
    assert store.count_incidents() == 100
    assert {i.n_sources for i in store.incidents()} == {2}
    actions = [h.action for h in store.incident_history(limit=1000)]
    assert (actions.count("created"), actions.count("updated"), actions.count("removed")) == (150, 100, 50)
    assert len(actions) == 300
