"""incidents() honours every IncidentFilter field, orders by date then id, and paginates."""

from __future__ import annotations

from datetime import date

import pytest

from proxywatch.errors import StoreError
from proxywatch.models import Weapon
from proxywatch.store import IncidentFilter


@pytest.fixture
def stocked(store, make_incident):
    store.save_incidents(
        [
            make_incident(id="e", event_date=date(2024, 10, 3), actor_id="kh", actor_umbrella="iri",
                          target_country="IL", weapon="drone", status="claimed", n_sources=3),
            make_incident(id="a", event_date=date(2024, 10, 1), actor_id="nujaba", actor_umbrella="iri",
                          target_country="IL", weapon="rocket", status="claimed", n_sources=1),
            make_incident(id="c", event_date=date(2024, 10, 1), actor_id="houthis", actor_umbrella=None,
                          target_country="IL", weapon="ballistic_missile", status="intercepted", n_sources=2),
            make_incident(id="b", event_date=date(2024, 10, 7), actor_id="idf", target_country="SY",
                          weapon="airstrike", status="confirmed", n_sources=5),
            make_incident(id="z", event_date=None, actor_id="iri", weapon="drone", status="reported"),
        ]
    )  # fmt: skip
    return store


def _ids(store, **kwargs) -> list[str]:
    return [i.id for i in store.incidents(IncidentFilter(**kwargs))]


def test_order_is_event_date_then_id_undated_last(stocked) -> None:
    assert _ids(stocked) == ["a", "c", "e", "b", "z"]
    assert [i.id for i in stocked.incidents()] == ["a", "c", "e", "b", "z"]


def test_date_bounds_are_inclusive(stocked) -> None:
    assert _ids(stocked, start=date(2024, 10, 1), end=date(2024, 10, 3)) == ["a", "c", "e"]
    assert _ids(stocked, start=date(2024, 10, 3)) == ["e", "b"]
    assert _ids(stocked, end=date(2024, 10, 1)) == ["a", "c"]


def test_actor_matches_the_actor_or_its_umbrella(stocked) -> None:
    assert _ids(stocked, actor="iri") == ["a", "e", "z"]
    assert _ids(stocked, actor="houthis") == ["c"]
    assert _ids(stocked, actor="nobody") == []


def test_field_filters(stocked) -> None:
    assert _ids(stocked, target_country="IL") == ["a", "c", "e"]
    assert _ids(stocked, weapon="drone") == ["e", "z"]
    assert _ids(stocked, weapon=Weapon.DRONE) == ["e", "z"]  # enum members work like their value
    assert _ids(stocked, status="intercepted") == ["c"]
    assert _ids(stocked, min_sources=3) == ["e", "b"]
    assert _ids(stocked, actor="iri", target_country="IL", min_sources=2) == ["e"]


def test_pagination(stocked) -> None:
    assert _ids(stocked, limit=2) == ["a", "c"]
    assert _ids(stocked, limit=2, offset=2) == ["e", "b"]
    assert _ids(stocked, offset=4) == ["z"]
    assert _ids(stocked, limit=0) == []
    assert _ids(stocked, target_country="IL", limit=1, offset=1) == ["c"]


def test_negative_pagination_is_refused(stocked) -> None:
    with pytest.raises(StoreError, match="negative"):
        stocked.incidents(IncidentFilter(offset=-1))
