"""Trends: grouped series, before/after a trigger, the change point and alerts in one report."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

import pytest

from proxywatch.analyse.trends import format_trends, trends
from proxywatch.errors import ConfigError
from proxywatch.models import Incident

pytest.importorskip("ruptures", reason="change points need ruptures (pip install 'proxywatch[analytics]')")

TRIGGER = date(2024, 9, 27)
START = TRIGGER - timedelta(days=28)
END = TRIGGER + timedelta(days=20)
IRI = "islamic-resistance-in-iraq"


@pytest.fixture
def incidents(make_incident: Callable[..., Incident]) -> list[Incident]:
    """IRI: one attack every 4 days before the trigger, two a day from it; Houthis: one a week throughout."""
    out = []
    for d in range(0, 28, 4):
        out.append(
            make_incident(event_date=START + timedelta(days=d), actor_umbrella=IRI, target_country="IL")
        )
    for d in range(21):
        for _ in range(2):
            out.append(
                make_incident(event_date=TRIGGER + timedelta(days=d), actor_umbrella=IRI, target_country="IL")
            )
    for d in range(0, 49, 7):
        out.append(
            make_incident(event_date=START + timedelta(days=d), actor_umbrella="houthis", target_country="IL")
        )
    out.append(make_incident(event_date=None, actor_umbrella=IRI))  # undated: never in a series
    return out


def test_grouped_daily_series_with_before_after_and_change(incidents: list[Incident]) -> None:
    report = trends(incidents, start=START, end=END, by="umbrella", trigger=TRIGGER)
    assert [g.group for g in report.groups] == [IRI, "houthis"]
    iri = report.groups[0]
    assert len(iri.periods) == (END - START).days + 1 and iri.total == 7 + 42
    assert report.overall.total == 7 + 42 + 7
    assert iri.comparison is not None
    assert (iri.comparison.before_count, iri.comparison.after_count) == (7, 42)
    assert iri.comparison.rate.low > 1
    assert iri.change is not None and abs((iri.change.day - TRIGGER).days) <= 2
    houthis = report.groups[1]
    assert houthis.change is None  # a steady weekly pace has no change point
    assert houthis.comparison is not None and houthis.comparison.rate.low < 1 < houthis.comparison.rate.high


def test_weekly_display_keeps_daily_change_point(incidents: list[Incident]) -> None:
    report = trends(incidents, start=START, end=END, by="umbrella", trigger=TRIGGER, weekly=True)
    iri = report.groups[0]
    assert all(p.weekday() == 0 for p in iri.periods)
    assert sum(iri.counts) == iri.total
    assert iri.change is not None and abs((iri.change.day - TRIGGER).days) <= 2


def test_alerts_and_filters(incidents: list[Incident]) -> None:
    report = trends(incidents, start=START, end=END, by="umbrella", umbrella=IRI)
    assert [g.group for g in report.groups] == [IRI]
    assert report.alerts and all(a.group == IRI for a in report.alerts)
    first = report.alerts[0]
    assert first.week.start <= TRIGGER <= first.week.end


def test_normalised_alerts_need_volume_and_drop_news_spikes(incidents: list[Incident]) -> None:
    with pytest.raises(ConfigError):
        trends(incidents, start=START, end=END, normalise=True)
    # Reporting grows exactly as fast as the attacks: nothing stands out per article.
    volume = {
        START + timedelta(days=d): (20 if START + timedelta(days=d) >= TRIGGER else 2) for d in range(49)
    }
    report = trends(incidents, start=START, end=END, by="umbrella", articles_per_day=volume, normalise=True)
    assert not [a for a in report.alerts if a.group == IRI]


def test_period_defaults_to_the_data_and_text_output(incidents: list[Incident]) -> None:
    report = trends(incidents, by="umbrella", trigger=TRIGGER)
    assert (report.start, report.end) == (START, END)
    text = format_trends(report, names={IRI: "Islamic Resistance in Iraq"})
    assert "Islamic Resistance in Iraq" in text and "RR " in text and "rise on" in text
    assert f"{TRIGGER.isoformat()}*" in text


def test_bad_grouping(incidents: list[Incident]) -> None:
    with pytest.raises(ConfigError):
        trends(incidents, by="colour")


def test_trends_command_prints_table_change_and_alerts(incidents: list[Incident], tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from proxywatch.cli import app
    from proxywatch.store import open_store

    db = tmp_path / "t.duckdb"
    with open_store(db) as store:
        store.save_incidents(incidents)
    runner = CliRunner()
    args = ["trends", "--db", str(db), "--by", "umbrella", "--trigger", TRIGGER.isoformat(), "--weekly"]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    assert "Incidents per week" in result.stdout and "Islamic Resistance in Iraq" in result.stdout
    assert "7 in 28 d vs 42 in 21 d" in result.stdout
    # The change point is computed on daily counts even when rows are weekly: within 2 days of the trigger.
    found = re.search(r"Islamic Resistance in Iraq\s+rise on (\d{4}-\d{2}-\d{2})", result.stdout)
    assert found and abs((date.fromisoformat(found.group(1)) - TRIGGER).days) <= 2
    assert "week of" in result.stdout  # the surge alert
    bad = runner.invoke(app, ["trends", "--db", str(db), "--by", "colour"])
    assert bad.exit_code == 1 and "cannot group incidents by 'colour'" in bad.stderr
