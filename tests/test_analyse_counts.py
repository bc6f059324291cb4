"""Counts by key and period, zero-filled daily series and filters over incidents."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from proxywatch.analyse import count_by, daily_series, filter_incidents
from proxywatch.errors import ConfigError
from proxywatch.models import Incident

SEEN = datetime(2024, 10, 20, 12, 0)


def incident(
    iid: str,
    day: date | None,
    *,
    actor: str | None = "kataib-hezbollah",
    umbrella: str | None = "islamic-resistance-in-iraq",
    target: str | None = "IL",
    weapon: str = "drone",
    launch: str | None = "IQ",
    status: str = "claimed",
    sources: int = 1,
) -> Incident:
    return Incident(
        id=iid,
        event_date=day,
        event_type="Air/drone strike",
        weapon=weapon,
        status=status,
        mention_ids=(f"m-{iid}",),
        article_ids=(f"a-{iid}",),
        n_sources=sources,
        n_reports=sources,
        first_seen=SEEN,
        last_updated=SEEN,
        actor_id=actor,
        actor_umbrella=umbrella,
        target_country=target,
        launch_country=launch,
    )


INCIDENTS = [
    incident("i1", date(2024, 9, 30)),
    incident("i2", date(2024, 10, 1), weapon="cruise_missile"),
    incident("i3", date(2024, 10, 1), actor="nujaba"),
    incident("i4", date(2024, 10, 3), actor="hezbollah", umbrella=None, launch="LB", weapon="rocket"),
    incident("i5", date(2024, 10, 7), actor="houthis", umbrella=None, launch="YE", target=None, sources=3),
    incident("i6", None, actor=None, umbrella=None, target="US"),
]


def test_count_by_groups_carry_their_incidents() -> None:
    counts = count_by(INCIDENTS, "umbrella")
    assert {g: f.value for g, f in counts.items()} == {
        "islamic-resistance-in-iraq": 3,
        "hezbollah": 1,
        "houthis": 1,
        "unknown": 1,
    }
    assert list(counts)[0] == "islamic-resistance-in-iraq"  # largest group first
    assert counts["islamic-resistance-in-iraq"].incident_ids == ("i1", "i2", "i3")
    assert counts["unknown"].incident_ids == ("i6",)


def test_count_by_each_key() -> None:
    assert count_by(INCIDENTS, "actor")["kataib-hezbollah"].value == 2
    assert count_by(INCIDENTS, "target_country")["unknown"].incident_ids == ("i5",)
    assert count_by(INCIDENTS, "weapon")["drone"].value == 4
    assert count_by(INCIDENTS, "launch_country")["IQ"].value == 4
    assert count_by(INCIDENTS, "event_type")["Air/drone strike"].value == 6
    assert count_by(INCIDENTS, "status")["claimed"].value == 6
    with pytest.raises(ConfigError):
        count_by(INCIDENTS, "colour")


def test_count_by_week_starts_on_monday_and_skips_undated() -> None:
    weekly = count_by(INCIDENTS, "umbrella", period="week")
    iri = weekly["islamic-resistance-in-iraq"]
    assert list(iri) == [date(2024, 9, 30)]  # 30 Sep 2024 is a Monday; 1 Oct falls in the same week
    assert iri[date(2024, 9, 30)].value == 3
    assert weekly["houthis"][date(2024, 10, 7)].incident_ids == ("i5",)
    assert weekly["unknown"] == {}
    daily = count_by(INCIDENTS, "weapon", period="day")
    assert daily["drone"][date(2024, 10, 1)].incident_ids == ("i3",)


def test_daily_series_is_zero_filled() -> None:
    series = daily_series(INCIDENTS, start=date(2024, 9, 29), end=date(2024, 10, 4))
    assert series == {
        "all": [
            (date(2024, 9, 29), 0),
            (date(2024, 9, 30), 1),
            (date(2024, 10, 1), 2),
            (date(2024, 10, 2), 0),
            (date(2024, 10, 3), 1),
            (date(2024, 10, 4), 0),
        ]
    }
    grouped = daily_series(
        INCIDENTS, start=date(2024, 10, 1), end=date(2024, 10, 3), group_by="launch_country"
    )
    assert grouped == {
        "IQ": [(date(2024, 10, 1), 2), (date(2024, 10, 2), 0), (date(2024, 10, 3), 0)],
        "LB": [(date(2024, 10, 1), 0), (date(2024, 10, 2), 0), (date(2024, 10, 3), 1)],
    }
    empty = daily_series([], start=date(2024, 1, 1), end=date(2024, 1, 2))
    assert empty == {"all": [(date(2024, 1, 1), 0), (date(2024, 1, 2), 0)]}
    with pytest.raises(ConfigError):
        daily_series(INCIDENTS, start=date(2024, 2, 1), end=date(2024, 1, 1))


def test_filter_incidents() -> None:
    def ids(**kw: object) -> list[str]:
        return [i.id for i in filter_incidents(INCIDENTS, **kw)]  # type: ignore[arg-type]

    assert ids() == ["i1", "i2", "i3", "i4", "i5", "i6"]
    assert ids(start=date(2024, 10, 1), end=date(2024, 10, 3)) == ["i2", "i3", "i4"]  # inclusive, undated out
    assert ids(start=date(2024, 10, 3)) == ["i4", "i5"]
    assert ids(umbrella="islamic-resistance-in-iraq", weapon="drone") == ["i1", "i3"]
    assert ids(umbrella="hezbollah") == ["i4"]  # an actor claiming in its own name is its own umbrella
    assert ids(actor="nujaba") == ["i3"]
    assert ids(target_country="unknown") == ["i5"]
    assert ids(launch_country="YE", min_sources=2) == ["i5"]
    assert ids(max_sources=1, target_country="US") == ["i6"]
