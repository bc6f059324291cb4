"""Counts of incidents by actor, target, weapon, origin and period.

Every number leaves this module as a :class:`Figure` that carries the ids of the incidents behind it and
the recipe (``kind`` + ``params``) that produced it, so a brief can cite its sources and a checker can
recompute it from the database later.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any, Literal, overload

from proxywatch.errors import ConfigError
from proxywatch.models import Incident

UNKNOWN = "unknown"
"""Group label for incidents whose grouping field is empty: kept visible, never silently dropped."""

GROUP_KEYS = ("actor", "umbrella", "target_country", "weapon", "launch_country", "event_type", "status")
FILTER_KEYS = GROUP_KEYS  # every grouping key is also a filter, with the same meaning

Period = Literal["day", "week"]


@dataclass(frozen=True, slots=True)
class Figure:
    """One number in a brief, with the incidents it counts and how to recompute it.

    ``kind`` is ``"count"`` (incidents matching ``params``), ``"sum"`` (``params["field"]`` summed over
    them), ``"field"`` (one incident's ``params["field"]``) or ``"rate_ratio"`` (see
    :func:`proxywatch.analyse.stats.before_after`). ``params`` holds the filters of
    :func:`filter_incidents` (``start``, ``end`` and the :data:`FILTER_KEYS`).
    """

    value: float
    label: str
    incident_ids: tuple[str, ...]
    kind: str = "count"
    params: Mapping[str, Any] = field(default_factory=dict)


def group_value(incident: Incident, key: str) -> str:
    """The group an incident falls in for ``key``; the one definition used by counts and filters alike."""
    if key == "actor":
        value = incident.actor_id
    elif key == "umbrella":
        # A group that claims in its own name (Hezbollah, the Houthis) is its own umbrella.
        value = incident.actor_umbrella or incident.actor_id
    elif key in ("target_country", "weapon", "launch_country", "event_type", "status"):
        value = getattr(incident, key)
    else:
        raise ConfigError(f"cannot group incidents by {key!r}; keys are {', '.join(GROUP_KEYS)}")
    return value or UNKNOWN


def period_start(day: date, period: Period) -> date:
    """The first day of the period holding ``day`` (weeks start on Monday, as ISO weeks do)."""
    if period == "day":
        return day
    if period == "week":
        return day - timedelta(days=day.weekday())
    raise ConfigError(f"unknown period {period!r}; use 'day' or 'week'")


def filter_incidents(
    incidents: Iterable[Incident],
    *,
    start: date | None = None,
    end: date | None = None,
    umbrella: str | None = None,
    actor: str | None = None,
    target_country: str | None = None,
    launch_country: str | None = None,
    weapon: str | None = None,
    event_type: str | None = None,
    status: str | None = None,
    min_sources: int | None = None,
    max_sources: int | None = None,
) -> list[Incident]:
    """Incidents matching every given filter, in input order; ``None`` means no filter.

    ``start``/``end`` are inclusive; once either is given, incidents without an event date are left out
    (they cannot be placed in the window). A filter value of ``"unknown"`` selects incidents whose field
    is empty, mirroring the groups of :func:`count_by`. ``min_sources``/``max_sources`` bound the
    number of distinct outlets reporting an incident.
    """
    wanted = {
        "umbrella": umbrella,
        "actor": actor,
        "target_country": target_country,
        "launch_country": launch_country,
        "weapon": weapon,
        "event_type": event_type,
        "status": status,
    }
    wanted = {k: v for k, v in wanted.items() if v is not None}
    out: list[Incident] = []
    for inc in incidents:
        if start is not None or end is not None:
            if inc.event_date is None:
                continue
            if start is not None and inc.event_date < start:
                continue
            if end is not None and inc.event_date > end:
                continue
        if min_sources is not None and inc.n_sources < min_sources:
            continue
        if max_sources is not None and inc.n_sources > max_sources:
            continue
        if all(group_value(inc, k) == v for k, v in wanted.items()):
            out.append(inc)
    return out


def filter_params(params: Mapping[str, Any]) -> dict[str, Any]:
    """The subset of ``params`` that :func:`filter_incidents` understands (dates parsed if strings)."""
    out: dict[str, Any] = {}
    for key in ("start", "end"):
        value = params.get(key)
        if isinstance(value, str):
            value = date.fromisoformat(value)
        if value is not None:
            out[key] = value
    for key in (*FILTER_KEYS, "min_sources", "max_sources"):
        if params.get(key) is not None:
            out[key] = params[key]
    return out


def _ids(incidents: Iterable[Incident]) -> tuple[str, ...]:
    return tuple(sorted(inc.id for inc in incidents))


def count_figure(incidents: Sequence[Incident], label: str, **params: Any) -> Figure:
    """A ``count`` figure: how many incidents match ``params``."""
    matched = filter_incidents(incidents, **filter_params(params))
    clean = {k: v for k, v in params.items() if v is not None}
    return Figure(value=len(matched), label=label, incident_ids=_ids(matched), kind="count", params=clean)


def sum_figure(incidents: Sequence[Incident], label: str, *, field_name: str, **params: Any) -> Figure:
    """A ``sum`` figure: ``field_name`` (killed, injured, n_attacks) summed over the matching incidents.

    Only incidents that report the field are cited: the others add nothing to the sum.
    """
    matched = filter_incidents(incidents, **filter_params(params))
    counted = [inc for inc in matched if getattr(inc, field_name) is not None]
    clean = {k: v for k, v in params.items() if v is not None}
    clean["field"] = field_name
    total = sum(getattr(inc, field_name) for inc in counted)
    return Figure(value=total, label=label, incident_ids=_ids(counted), kind="sum", params=clean)


def field_figure(incident: Incident, label: str, *, field_name: str) -> Figure:
    """A ``field`` figure: one incident's own number (its sources, its dead)."""
    value = getattr(incident, field_name)
    return Figure(
        value=value if value is not None else 0,
        label=label,
        incident_ids=(incident.id,),
        kind="field",
        params={"field": field_name, "incident_id": incident.id},
    )


@overload
def count_by(incidents: Iterable[Incident], key: str, *, period: None = None) -> dict[str, Figure]: ...


@overload
def count_by(incidents: Iterable[Incident], key: str, *, period: Period) -> dict[str, dict[date, Figure]]: ...


def count_by(
    incidents: Iterable[Incident], key: str, *, period: Period | None = None
) -> dict[str, Figure] | dict[str, dict[date, Figure]]:
    """Incidents counted by ``key`` (one of :data:`GROUP_KEYS`), largest group first.

    Without ``period``: ``{group: Figure}``. With ``period="day"`` or ``"week"``:
    ``{group: {period_start: Figure}}`` holding only periods with incidents (see :func:`daily_series`
    for zero-filled series); incidents without an event date are left out of per-period counts.
    """
    if key not in GROUP_KEYS:
        raise ConfigError(f"cannot group incidents by {key!r}; keys are {', '.join(GROUP_KEYS)}")
    items = list(incidents)
    groups: dict[str, list[Incident]] = {}
    for inc in items:
        groups.setdefault(group_value(inc, key), []).append(inc)
    order = sorted(groups, key=lambda g: (-len(groups[g]), g))
    if period is None:
        return {
            g: Figure(
                value=len(groups[g]),
                label=f"{key} = {g}",
                incident_ids=_ids(groups[g]),
                params={key: g},
            )
            for g in order
        }
    out: dict[str, dict[date, Figure]] = {}
    for g in order:
        by_period: dict[date, list[Incident]] = {}
        for inc in groups[g]:
            if inc.event_date is not None:
                by_period.setdefault(period_start(inc.event_date, period), []).append(inc)
        length = 1 if period == "day" else 7
        out[g] = {
            p: Figure(
                value=len(by_period[p]),
                label=f"{key} = {g}, {period} of {p.isoformat()}",
                incident_ids=_ids(by_period[p]),
                params={key: g, "start": p, "end": p + timedelta(days=length - 1)},
            )
            for p in sorted(by_period)
        }
    return out


def days_between(start: date, end: date) -> list[date]:
    """Every day from ``start`` to ``end`` inclusive."""
    return [start + timedelta(days=i) for i in range((end - start).days + 1)]


def daily_series(
    incidents: Iterable[Incident], *, start: date, end: date, group_by: str | None = None
) -> dict[str, list[tuple[date, int]]]:
    """Zero-filled daily counts in ``[start, end]``, per group of ``group_by`` (or one group ``"all"``)."""
    if end < start:
        raise ConfigError(f"daily series: end {end} is before start {start}")
    if group_by is not None and group_by not in GROUP_KEYS:
        raise ConfigError(f"cannot group incidents by {group_by!r}; keys are {', '.join(GROUP_KEYS)}")
    counts: dict[str, dict[date, int]] = {}
    for inc in filter_incidents(incidents, start=start, end=end):
        group = "all" if group_by is None else group_value(inc, group_by)
        assert inc.event_date is not None  # filter_incidents drops undated incidents when dates are given
        per_day = counts.setdefault(group, {})
        per_day[inc.event_date] = per_day.get(inc.event_date, 0) + 1
    if group_by is None:
        counts.setdefault("all", {})
    days = days_between(start, end)
    order = sorted(counts, key=lambda g: (-sum(counts[g].values()), g))
    return {g: [(d, counts[g].get(d, 0)) for d in days] for g in order}
