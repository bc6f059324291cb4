"""Surge alerts on a constructed weekly series, raw and normalised by reporting volume."""

from __future__ import annotations

import math
from collections.abc import Callable
from datetime import date, timedelta

import pytest

from proxywatch.analyse.alerts import surge_alerts, weekly_counts
from proxywatch.analyse.stats import recompute
from proxywatch.errors import ConfigError
from proxywatch.models import Incident

MONDAY = date(2024, 8, 5)
# Incidents per week: a steady 2 a week for five weeks, then 6 (3x the trailing mean), then 3.
PER_WEEK = [2, 2, 2, 2, 2, 6, 3]


@pytest.fixture
def incidents(make_incident: Callable[..., Incident]) -> list[Incident]:
    out = []
    for w, n in enumerate(PER_WEEK):
        for k in range(n):
            day = MONDAY + timedelta(days=7 * w + k % 7)
            umbrella = "islamic-resistance-in-iraq" if k % 2 == 0 else "houthis"
            out.append(make_incident(event_date=day, actor_umbrella=umbrella, actor_id=umbrella))
    return out


def _last_day() -> date:
    return MONDAY + timedelta(days=7 * len(PER_WEEK) - 1)


def test_weekly_counts_zero_filled_and_citable(incidents: list[Incident]) -> None:
    weeks = weekly_counts(incidents, start=MONDAY + timedelta(days=3), end=_last_day() - timedelta(days=2))
    rows = weeks["all"]
    # Whole ISO weeks: the partial first and last weeks are widened to Monday..Sunday.
    assert [r.start for r in rows] == [MONDAY + timedelta(days=7 * w) for w in range(len(PER_WEEK))]
    assert [r.count for r in rows] == PER_WEEK
    for row in rows:
        assert recompute(row.figure, incidents).incident_ids == row.figure.incident_ids
        assert row.end - row.start == timedelta(days=6)


def test_week_of_three_times_the_mean_alerts(incidents: list[Incident]) -> None:
    weeks = weekly_counts(incidents, start=MONDAY, end=_last_day())
    alerts = surge_alerts(weeks)
    assert len(alerts) == 1
    alert = alerts[0]
    assert alert.week.start == MONDAY + timedelta(days=35)
    assert alert.baseline == 2.0 and alert.ratio == 3.0
    assert [h.start for h in alert.history] == [MONDAY + timedelta(days=7 * w) for w in range(1, 5)]
    assert "6 incidents" in alert.describe()


def test_thresholds_ratio_and_minimum_count(incidents: list[Incident]) -> None:
    weeks = weekly_counts(incidents, start=MONDAY, end=_last_day())
    assert surge_alerts(weeks, ratio=3.5) == []
    assert surge_alerts(weeks, min_count=7) == []
    # With a one-week history the 3 after the 6 is no surge, but 2 -> 6 is.
    assert [a.week.count for a in surge_alerts(weeks, trailing=1, min_history=1)] == [6]


def test_empty_history_gives_infinite_ratio(make_incident: Callable[..., Incident]) -> None:
    incs = [make_incident(event_date=MONDAY + timedelta(days=14 + k)) for k in range(4)]
    alerts = surge_alerts(weekly_counts(incs, start=MONDAY, end=MONDAY + timedelta(days=20)))
    assert len(alerts) == 1 and math.isinf(alerts[0].ratio)


def test_grouped_alerts_name_their_group(incidents: list[Incident]) -> None:
    weeks = weekly_counts(incidents, start=MONDAY, end=_last_day(), by="umbrella")
    assert set(weeks) == {"islamic-resistance-in-iraq", "houthis"}
    alerts = surge_alerts(weeks)
    # Each front goes from 1 a week to 3 in the surge week: both alert, the 2 -> 1 week after does not.
    assert [a.group for a in alerts] == ["houthis", "islamic-resistance-in-iraq"]
    assert {a.week.start for a in alerts} == {MONDAY + timedelta(days=35)}
    assert [a.week.figure.params["umbrella"] for a in alerts] == [a.group for a in alerts]
    assert surge_alerts(weeks, min_count=4) == []


def test_news_spike_is_not_read_as_attack_spike(incidents: list[Incident]) -> None:
    # Reporting volume triples in the surge week: per article published, attacks did not rise.
    volume = {MONDAY + timedelta(days=d): (30 if 35 <= d < 42 else 10) for d in range(7 * len(PER_WEEK))}
    weeks = weekly_counts(incidents, start=MONDAY, end=_last_day(), articles_per_day=volume)
    assert len(surge_alerts(weeks)) == 1
    assert surge_alerts(weeks, normalise=True) == []
    # Steady volume: the normalised alert stands, with the same ratio.
    steady = {d: 10 for d in volume}
    weeks = weekly_counts(incidents, start=MONDAY, end=_last_day(), articles_per_day=steady)
    (alert,) = surge_alerts(weeks, normalise=True)
    assert alert.normalised_ratio == pytest.approx(3.0)
    assert alert.week.per_100_articles == pytest.approx(100 * 6 / 70)


def test_bad_parameters(incidents: list[Incident]) -> None:
    weeks = weekly_counts(incidents, start=MONDAY, end=_last_day())
    with pytest.raises(ConfigError):
        surge_alerts(weeks, ratio=1.0)
    with pytest.raises(ConfigError):
        surge_alerts(weeks, trailing=2, min_history=3)
    with pytest.raises(ConfigError):
        weekly_counts(incidents, start=_last_day(), end=MONDAY)
