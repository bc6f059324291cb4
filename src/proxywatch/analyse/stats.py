"""Before/after comparisons: the rate ratio of attacks around a trigger event, with its exact interval.

Counts of attacks are modelled as Poisson with a rate per day on each side of the trigger. Given the total
``n = before + after``, the after count is Binomial(n, p) with ``p = t_a*RR / (t_a*RR + t_b)``; an exact
(Clopper-Pearson) interval on ``p`` maps back to an exact interval on the rate ratio ``RR``. This is the
standard conditional method for comparing two Poisson rates and stays valid for the small counts a
weekly militia tracker sees.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from proxywatch.analyse.counts import Figure, filter_incidents, filter_params
from proxywatch.errors import ConfigError
from proxywatch.models import Incident


@dataclass(frozen=True, slots=True)
class RateRatio:
    """After-rate over before-rate with an exact two-sided interval and the exact test of ratio 1."""

    ratio: float  # inf when nothing happened before, nan when nothing happened at all
    low: float
    high: float
    before_rate: float  # per day
    after_rate: float
    p_value: float
    confidence: float = 0.95


@dataclass(frozen=True, slots=True)
class BeforeAfter:
    """Incidents in the windows before and after a trigger day (the trigger day counts as *after*)."""

    trigger: date
    before_start: date
    before_end: date
    after_start: date
    after_end: date
    before_count: int
    after_count: int
    before_days: int
    after_days: int
    rate: RateRatio
    before_ids: tuple[str, ...]
    after_ids: tuple[str, ...]
    filters: Mapping[str, Any]


def _p_to_ratio(p: float, before_days: float, after_days: float) -> float:
    if p >= 1.0:
        return math.inf
    return p * before_days / ((1.0 - p) * after_days)


def rate_ratio(
    before_count: int,
    before_days: float,
    after_count: int,
    after_days: float,
    *,
    confidence: float = 0.95,
) -> RateRatio:
    """The rate ratio (after/before) with an exact conditional-binomial interval.

    Zero counts keep the interval honest instead of failing: nothing after gives ratio 0 and lower bound
    0; nothing before gives ratio and upper bound ``inf``; the other bound is the exact Clopper-Pearson
    one (at level ``(1-confidence)/2``, as the two-sided interval has it). Nothing on either side gives a
    ratio of ``nan`` and the interval ``[0, inf]``.
    """
    if before_days <= 0 or after_days <= 0:
        raise ConfigError(f"rate ratio needs positive windows, got {before_days} and {after_days} days")
    if before_count < 0 or after_count < 0:
        raise ConfigError(f"rate ratio needs counts >= 0, got {before_count} and {after_count}")
    if not 0.0 < confidence < 1.0:
        raise ConfigError(f"confidence must lie in (0, 1), got {confidence}")
    # scipy.stats is heavy to import: load it only when a ratio is actually computed.
    from scipy.stats import beta, binomtest

    before_rate = before_count / before_days
    after_rate = after_count / after_days
    n = before_count + after_count
    if n == 0:
        return RateRatio(math.nan, 0.0, math.inf, 0.0, 0.0, 1.0, confidence)
    alpha = 1.0 - confidence
    k = after_count
    p_low = 0.0 if k == 0 else float(beta.ppf(alpha / 2, k, n - k + 1))
    p_high = 1.0 if k == n else float(beta.ppf(1 - alpha / 2, k + 1, n - k))
    ratio = math.inf if before_count == 0 else after_rate / before_rate
    p0 = after_days / (after_days + before_days)
    p_value = float(binomtest(k, n, p0, alternative="two-sided").pvalue)
    return RateRatio(
        ratio=ratio,
        low=_p_to_ratio(p_low, before_days, after_days),
        high=_p_to_ratio(p_high, before_days, after_days),
        before_rate=before_rate,
        after_rate=after_rate,
        p_value=p_value,
        confidence=confidence,
    )


def before_after(
    incidents: Iterable[Incident],
    *,
    trigger: date,
    days_before: int | None,
    days_after: int | None,
    confidence: float = 0.95,
    **filters: Any,
) -> BeforeAfter:
    """Compare the incident rate in the ``days_before`` days before ``trigger`` with the ``days_after``
    days from ``trigger`` on (the trigger day is the first *after* day: an attack that day may already
    answer it, and the split must be fixed before looking at the data).

    ``None`` for a window stretches it to the earliest (latest) dated incident that matches ``filters``
    (the keyword filters of :func:`proxywatch.analyse.counts.filter_incidents`, without dates).
    """
    if "start" in filters or "end" in filters:
        raise ConfigError("before_after takes windows (days_before/days_after), not start/end")
    matched = filter_incidents(incidents, **filters)
    dated = [inc for inc in matched if inc.event_date is not None]
    if days_before is None:
        earliest = min((inc.event_date for inc in dated if inc.event_date < trigger), default=None)  # type: ignore[operator]
        days_before = (trigger - earliest).days if earliest is not None else 1
    if days_after is None:
        latest = max((inc.event_date for inc in dated if inc.event_date >= trigger), default=None)  # type: ignore[operator]
        days_after = (latest - trigger).days + 1 if latest is not None else 1
    if days_before <= 0 or days_after <= 0:
        raise ConfigError(f"windows must be at least one day, got {days_before} and {days_after}")
    before_start = trigger - timedelta(days=days_before)
    before_end = trigger - timedelta(days=1)
    after_end = trigger + timedelta(days=days_after - 1)
    before = filter_incidents(dated, start=before_start, end=before_end)
    after = filter_incidents(dated, start=trigger, end=after_end)
    return BeforeAfter(
        trigger=trigger,
        before_start=before_start,
        before_end=before_end,
        after_start=trigger,
        after_end=after_end,
        before_count=len(before),
        after_count=len(after),
        before_days=days_before,
        after_days=days_after,
        rate=rate_ratio(len(before), days_before, len(after), days_after, confidence=confidence),
        before_ids=tuple(sorted(inc.id for inc in before)),
        after_ids=tuple(sorted(inc.id for inc in after)),
        filters={k: v for k, v in filters.items() if v is not None},
    )


def rate_ratio_figure(result: BeforeAfter, label: str) -> Figure:
    """The rate ratio of a before/after comparison as a citable figure."""
    return Figure(
        value=result.rate.ratio,
        label=label,
        incident_ids=tuple(sorted(result.before_ids + result.after_ids)),
        kind="rate_ratio",
        params={
            "trigger": result.trigger,
            "days_before": result.before_days,
            "days_after": result.after_days,
            "confidence": result.rate.confidence,
            **result.filters,
        },
    )


def recompute(figure: Figure, incidents: Sequence[Incident]) -> Figure:
    """The figure computed afresh from ``incidents`` with the figure's own recipe.

    Raises :class:`ConfigError` for a recipe it does not know (an unknown kind or a missing parameter).
    """
    params = dict(figure.params)
    if figure.kind == "count":
        matched = filter_incidents(incidents, **filter_params(params))
        return Figure(len(matched), figure.label, tuple(sorted(i.id for i in matched)), "count", params)
    if figure.kind == "sum":
        name = params.get("field")
        if name not in ("killed", "injured", "n_attacks", "n_sources", "n_reports"):
            raise ConfigError(f"figure {figure.label!r}: cannot sum field {name!r}")
        matched = filter_incidents(incidents, **filter_params(params))
        counted = [i for i in matched if getattr(i, name) is not None]
        total = sum(getattr(i, name) for i in counted)
        return Figure(total, figure.label, tuple(sorted(i.id for i in counted)), "sum", params)
    if figure.kind == "field":
        name = params.get("field")
        wanted = params.get("incident_id")
        found = [i for i in incidents if i.id == wanted]
        if not found or not isinstance(name, str) or not hasattr(found[0], name):
            raise ConfigError(f"figure {figure.label!r}: no incident {wanted!r} with field {name!r}")
        value = getattr(found[0], name)
        return Figure(value if value is not None else 0, figure.label, (found[0].id,), "field", params)
    if figure.kind == "rate_ratio":
        trigger = params.pop("trigger", None)
        if isinstance(trigger, str):
            trigger = date.fromisoformat(trigger)
        if not isinstance(trigger, date):
            raise ConfigError(f"figure {figure.label!r}: rate ratio without a trigger date")
        result = before_after(
            incidents,
            trigger=trigger,
            days_before=params.pop("days_before", None),
            days_after=params.pop("days_after", None),
            confidence=params.pop("confidence", 0.95),
            **filter_params(params),
        )
        return rate_ratio_figure(result, figure.label)
    raise ConfigError(f"figure {figure.label!r}: unknown kind {figure.kind!r}")
