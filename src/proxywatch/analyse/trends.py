"""Escalation analytics in one call: series by group, before/after a trigger, change point, surge alerts.

:func:`trends` is what ``proxywatch trends`` and the briefs use; the parts live in
:mod:`~proxywatch.analyse.counts`, :mod:`~proxywatch.analyse.stats`,
:mod:`~proxywatch.analyse.changepoint` and :mod:`~proxywatch.analyse.alerts`.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from proxywatch.analyse.alerts import Alert, WeekCount, surge_alerts, weekly_counts
from proxywatch.analyse.changepoint import ChangePoint, Cost, Method, main_change
from proxywatch.analyse.counts import GROUP_KEYS, Figure, daily_series, filter_incidents
from proxywatch.analyse.stats import BeforeAfter, before_after
from proxywatch.errors import ConfigError
from proxywatch.models import Incident


@dataclass(frozen=True, slots=True)
class GroupTrend:
    """One group's series over the period, its before/after comparison and its main change point."""

    group: str
    total: int
    periods: tuple[date, ...]  # day or week starts
    counts: tuple[int, ...]
    comparison: BeforeAfter | None
    change: ChangePoint | None


@dataclass(frozen=True, slots=True)
class TrendReport:
    start: date
    end: date
    by: str | None
    period: str  # "day" or "week"
    trigger: date | None
    groups: tuple[GroupTrend, ...]  # largest first
    overall: GroupTrend  # every matching incident together
    alerts: tuple[Alert, ...]
    weeks: Mapping[str, Sequence[WeekCount]]
    normalised: bool
    change_note: str = ""  # why no change point was computed, when none could be


def _window(incidents: Sequence[Incident], start: date | None, end: date | None) -> tuple[date, date]:
    dated = [i.event_date for i in incidents if i.event_date is not None]
    if not dated and (start is None or end is None):
        raise ConfigError("trends: no dated incident, give --from and --to")
    return start or min(dated), end or max(dated)  # type: ignore[type-var]


def _group_trend(
    group: str,
    series: list[tuple[date, int]],
    incidents: Sequence[Incident],
    *,
    period: str,
    trigger: date | None,
    start: date,
    end: date,
    filters: Mapping[str, Any],
    change_kwargs: Mapping[str, Any],
) -> tuple[GroupTrend, str]:
    days = [d for d, _ in series]
    daily = [n for _, n in series]
    note = ""
    change = None
    try:
        change = main_change(days, daily, **change_kwargs)
    except ConfigError as exc:
        note = str(exc)
    comparison = None
    if trigger is not None and start < trigger <= end:
        comparison = before_after(
            incidents,
            trigger=trigger,
            days_before=(trigger - start).days,
            days_after=(end - trigger).days + 1,
            **filters,
        )
    if period == "week":
        weeks: dict[date, int] = {}
        for d, n in series:
            monday = d - timedelta(days=d.weekday())
            weeks[monday] = weeks.get(monday, 0) + n
        periods, counts = tuple(weeks), tuple(weeks.values())
    else:
        periods, counts = tuple(days), tuple(daily)
    return GroupTrend(group, sum(daily), periods, counts, comparison, change), note


def trends(
    incidents: Iterable[Incident],
    *,
    start: date | None = None,
    end: date | None = None,
    by: str | None = None,
    trigger: date | None = None,
    weekly: bool = False,
    articles_per_day: Mapping[date, int] | None = None,
    normalise: bool = False,
    top: int = 8,
    method: Method = "pelt",
    cost: Cost = "poisson",
    penalty: float | None = None,
    min_size: int = 7,
    surge_ratio: float = 2.0,
    surge_min_count: int = 3,
    **filters: str,
) -> TrendReport:
    """Series by ``by`` (a grouping key, or ``None`` for all incidents) over ``[start, end]``.

    Without dates the period is that of the dated matching incidents. Each of the ``top`` largest
    groups, and all incidents together, gets a zero-filled daily (or weekly) series, a before/after
    comparison around ``trigger`` and its main change point (computed on the daily series whatever the
    display period). Surge alerts run on weekly counts, normalised by ``articles_per_day`` when
    ``normalise`` is set. ``filters`` narrow the incidents first (those of
    :func:`~proxywatch.analyse.counts.filter_incidents`, without dates).
    """
    if by is not None and by not in GROUP_KEYS:
        raise ConfigError(f"cannot group incidents by {by!r}; keys are {', '.join(GROUP_KEYS)}")
    if normalise and not articles_per_day:
        raise ConfigError("normalising by reporting volume needs the articles published per day")
    if "start" in filters or "end" in filters:
        raise ConfigError("trends takes start/end as its own arguments")
    items = filter_incidents(incidents, **filters)
    start, end = _window(items, start, end)
    if end < start:
        raise ConfigError(f"trends: end {end} is before start {start}")
    period = "week" if weekly else "day"
    change_kwargs = {"method": method, "cost": cost, "penalty": penalty, "min_size": min_size}
    notes: list[str] = []
    common = {
        "period": period,
        "trigger": trigger,
        "start": start,
        "end": end,
        "change_kwargs": change_kwargs,
    }

    overall_series = daily_series(items, start=start, end=end)["all"]
    overall, note = _group_trend("all", overall_series, items, filters=filters, **common)
    notes.append(note)
    groups: list[GroupTrend] = []
    if by is not None:
        per_group = daily_series(items, start=start, end=end, group_by=by)
        for group in list(per_group)[:top]:
            trend, note = _group_trend(
                group, per_group[group], items, filters={**filters, by: group}, **common
            )
            groups.append(trend)
            notes.append(note)

    weeks = weekly_counts(items, start=start, end=end, by=by, articles_per_day=articles_per_day)
    if by is not None:
        shown = {g.group for g in groups}
        weeks = {g: rows for g, rows in weeks.items() if g in shown}
    alerts = surge_alerts(weeks, ratio=surge_ratio, min_count=surge_min_count, normalise=normalise)
    return TrendReport(
        start=start,
        end=end,
        by=by,
        period=period,
        trigger=trigger,
        groups=tuple(groups),
        overall=overall,
        alerts=tuple(alerts),
        weeks=weeks,
        normalised=normalise,
        change_note=next((n for n in notes if n), ""),
    )


def _ratio_text(comparison: BeforeAfter) -> str:
    rate = comparison.rate
    if math.isnan(rate.ratio):
        return "no incidents either side"

    def num(v: float) -> str:
        return "∞" if math.isinf(v) else f"{v:.2f}"

    return (
        f"{comparison.before_count} in {comparison.before_days} d vs {comparison.after_count} in "
        f"{comparison.after_days} d, RR {num(rate.ratio)} ({round(rate.confidence * 100)} % CI "
        f"{num(rate.low)}–{num(rate.high)}, p={rate.p_value:.3g})"
    )


def change_text(change: ChangePoint | None) -> str:
    """One line for a change point: day, interval, rates either side."""
    if change is None:
        return "no change point"
    return (
        f"{change.direction} on {change.day.isoformat()} ({round(change.confidence * 100)} % interval "
        f"{change.low.isoformat()} to {change.high.isoformat()}): {change.before_rate:.2f}/day "
        f"-> {change.after_rate:.2f}/day"
    )


def format_trends(report: TrendReport, *, names: Mapping[str, str] | None = None) -> str:
    """The report as plain text: a table of the series, then comparisons, change points and alerts."""
    names = names or {}
    rows = [report.overall, *report.groups] if report.groups else [report.overall]
    labels = [names.get(g.group, g.group) for g in rows]
    width = max(len(label) for label in labels)
    lines = [
        f"Incidents per {report.period}, {report.start.isoformat()} to {report.end.isoformat()}"
        + (f", by {report.by}" if report.by else "")
        + (
            " (rows are ISO weeks from Monday; the first and last count only days in the period)"
            if report.period == "week"
            else ""
        ),
        "",
    ]
    header = f"{'period':<10} " + " ".join(f"{label[:14]:>14}" for label in labels)
    lines.append(header)
    for i, when in enumerate(rows[0].periods):
        mark = (
            "*"
            if report.trigger is not None
            and when <= report.trigger < when + timedelta(days=7 if report.period == "week" else 1)
            else " "
        )
        lines.append(f"{when.isoformat()}{mark}" + " ".join(f"{g.counts[i]:>14}" for g in rows))
    lines.append(f"{'total':<10} " + " ".join(f"{g.total:>14}" for g in rows))
    if report.trigger is not None and report.overall.comparison is None:
        lines += [
            "",
            f"trigger {report.trigger.isoformat()} lies outside the period: no before/after comparison",
        ]
    elif report.trigger is not None:
        lines += ["", f"* trigger {report.trigger.isoformat()}; before/after (trigger day counts as after):"]
        for label, g in zip(labels, rows, strict=True):
            if g.comparison is not None:
                lines.append(f"  {label:<{width}}  {_ratio_text(g.comparison)}")
    lines += ["", "Change points (Poisson PELT on daily counts, likelihood-profile interval):"]
    if report.change_note:
        lines.append(f"  not computed: {report.change_note}")
    else:
        for label, g in zip(labels, rows, strict=True):
            lines.append(f"  {label:<{width}}  {change_text(g.change)}")
    basis = " per article published" if report.normalised else ""
    lines += ["", f"Surge alerts (week >= 2x the trailing 4-week mean{basis}, at least 3 incidents):"]
    if not report.alerts:
        lines.append("  none")
    for alert in report.alerts:
        text = alert.describe()
        lines.append("  " + text.replace(alert.group, names.get(alert.group, alert.group), 1))
    return "\n".join(lines)


def figures_of(report: TrendReport) -> list[Figure]:
    """The weekly count figures behind the alerts, for citation."""
    return [a.week.figure for a in report.alerts]
