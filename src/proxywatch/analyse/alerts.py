"""Surge alerts: a week with at least ``ratio`` times the mean of the weeks before it.

Alerts are computed on deduplicated incidents (one attack reported by ten outlets counts once) and can
be normalised by reporting volume, the articles ingested per publication day, so a week in which the
news simply covered the region more is not read as a week with more attacks.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta

from proxywatch.analyse.counts import GROUP_KEYS, Figure, filter_incidents, group_value, period_start
from proxywatch.errors import ConfigError
from proxywatch.models import Incident


@dataclass(frozen=True, slots=True)
class WeekCount:
    """One week of one group: its incidents and, when known, the articles published that week."""

    group: str
    start: date  # Monday
    end: date  # Sunday
    figure: Figure  # the incidents of the week, citable and recomputable
    articles: int | None = None

    @property
    def count(self) -> int:
        return int(self.figure.value)

    @property
    def per_100_articles(self) -> float | None:
        if not self.articles:
            return None
        return 100.0 * self.count / self.articles


@dataclass(frozen=True, slots=True)
class Alert:
    """A surge: ``week`` against the mean of the ``history`` weeks before it."""

    week: WeekCount
    history: tuple[WeekCount, ...]
    baseline: float  # mean incidents per week over the history
    ratio: float  # week count / baseline (inf when the baseline is 0)
    normalised_baseline: float | None = None  # mean incidents per 100 articles over the history
    normalised_ratio: float | None = None

    @property
    def group(self) -> str:
        return self.week.group

    def describe(self) -> str:
        text = (
            f"{self.group}: week of {self.week.start.isoformat()} had {self.week.count} incidents, "
            f"{_times(self.ratio)} the mean of {self.baseline:.1f} over the {len(self.history)} weeks before"
        )
        if self.normalised_ratio is not None:
            text += f"; {_times(self.normalised_ratio)} per article published"
        return text


def _times(value: float) -> str:
    return "∞×" if math.isinf(value) else f"{value:.1f}×"


def weekly_counts(
    incidents: Iterable[Incident],
    *,
    start: date,
    end: date,
    by: str | None = None,
    articles_per_day: Mapping[date, int] | None = None,
    **filters: str,
) -> dict[str, list[WeekCount]]:
    """Zero-filled ISO-week counts (Monday to Sunday) covering ``[start, end]``, per group of ``by``.

    The first and last weeks are whole weeks, so they may reach outside ``[start, end]``: a partial
    week would look like a fall. ``filters`` are those of
    :func:`~proxywatch.analyse.counts.filter_incidents` (without dates).
    """
    if end < start:
        raise ConfigError(f"weekly counts: end {end} is before start {start}")
    if by is not None and by not in GROUP_KEYS:
        raise ConfigError(f"cannot group incidents by {by!r}; keys are {', '.join(GROUP_KEYS)}")
    first = period_start(start, "week")
    last = period_start(end, "week") + timedelta(days=6)
    weeks = [first + timedelta(days=7 * i) for i in range(((last - first).days + 1) // 7)]
    matched = filter_incidents(incidents, start=first, end=last, **filters)
    groups: dict[str, dict[date, list[str]]] = {}
    for inc in matched:
        group = "all" if by is None else group_value(inc, by)
        assert inc.event_date is not None  # dated by the filter's window
        groups.setdefault(group, {}).setdefault(period_start(inc.event_date, "week"), []).append(inc.id)
    if by is None:
        groups.setdefault("all", {})
    volume = {w: sum((articles_per_day or {}).get(w + timedelta(days=i), 0) for i in range(7)) for w in weeks}
    out: dict[str, list[WeekCount]] = {}
    for group in sorted(groups, key=lambda g: (-sum(len(v) for v in groups[g].values()), g)):
        rows = []
        for week in weeks:
            ids = tuple(sorted(groups[group].get(week, [])))
            params: dict[str, object] = {**filters, "start": week, "end": week + timedelta(days=6)}
            if by is not None:
                params[by] = group
            fig = Figure(len(ids), f"{group}, week of {week.isoformat()}", ids, "count", params)
            rows.append(
                WeekCount(
                    group, week, week + timedelta(days=6), fig, volume[week] if articles_per_day else None
                )
            )
        out[group] = rows
    return out


def surge_alerts(
    weeks: Mapping[str, list[WeekCount]],
    *,
    ratio: float = 2.0,
    trailing: int = 4,
    min_history: int = 2,
    min_count: int = 3,
    normalise: bool = False,
) -> list[Alert]:
    """Weeks with at least ``min_count`` incidents and ``ratio`` times the mean of the trailing weeks.

    The baseline is the mean of up to ``trailing`` weeks before, and needs at least ``min_history`` of
    them (the first weeks of a series have no baseline and raise no alert). With ``normalise``, the
    week must also stand ``ratio`` times above the baseline in incidents per article published; weeks
    with no article count cannot be normalised and raise no alert.
    """
    if ratio <= 1.0:
        raise ConfigError(f"surge ratio must be above 1, got {ratio}")
    if not 1 <= min_history <= trailing:
        raise ConfigError(f"need 1 <= min_history <= trailing, got {min_history} and {trailing}")
    alerts: list[Alert] = []
    for rows in weeks.values():
        for i, week in enumerate(rows):
            history = tuple(rows[max(0, i - trailing) : i])
            if len(history) < min_history or week.count < min_count:
                continue
            baseline = sum(h.count for h in history) / len(history)
            raw = math.inf if baseline == 0 else week.count / baseline
            if raw < ratio:
                continue
            norm_base = norm_ratio = None
            if normalise:
                rates = [h.per_100_articles for h in history]
                current = week.per_100_articles
                if current is None or any(r is None for r in rates):
                    continue
                norm_base = sum(r for r in rates if r is not None) / len(rates)
                norm_ratio = math.inf if norm_base == 0 else current / norm_base
                if norm_ratio < ratio:
                    continue
            alerts.append(Alert(week, history, baseline, raw, norm_base, norm_ratio))
    alerts.sort(key=lambda a: (a.week.start, a.group))
    return alerts
