"""Change points in daily incident counts: when did the pace of attacks change, and how sure is that date?

Segmentation uses ``ruptures`` (PELT, or binary segmentation) with a Poisson cost by default: a day's
count of attacks is a count, and on a sparse series (most days 0 or 1) the ``l2`` cost of a Gaussian
mean shift over-reacts to single busy days. The penalty is BIC-like (two parameters per extra segment:
its rate and where it starts), so a change is kept only when the likelihood gain pays for it.

The uncertainty of each change date comes from the likelihood profile: with the neighbouring change
points fixed, every candidate split day between them gets the Poisson log-likelihood of a two-rate model;
normalised under a flat prior this is the posterior over the change day (the classic single-change-point
posterior for Poisson counts), and the interval is its highest-probability set. It is exact for the
model, cheap (one pass of cumulative sums) and reproducible, unlike a bootstrap.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

import numpy as np

from proxywatch.errors import ConfigError

Method = Literal["pelt", "binseg"]
Cost = Literal["poisson", "l2"]


@dataclass(frozen=True, slots=True)
class ChangePoint:
    """The first day of a new regime, the rates on either side and a credible interval for that day."""

    day: date  # first day at the new rate
    index: int  # position of ``day`` in the series
    low: date  # credible interval for ``day``
    high: date
    before_rate: float  # incidents per day in the segment before
    after_rate: float  # incidents per day in the segment after
    before_count: int
    after_count: int
    before_days: int
    after_days: int
    gain: float  # log-likelihood gain of splitting the neighbouring segment here (>= 0)
    confidence: float = 0.95

    @property
    def direction(self) -> str:
        return "rise" if self.after_rate > self.before_rate else "fall"


def _segment_nll(total: float, length: int) -> float:
    """Poisson negative log-likelihood of a segment at its own MLE rate, without the log(y!) terms.

    The dropped terms are the same for every segmentation, so costs stay comparable.
    """
    if total <= 0 or length <= 0:
        return 0.0
    return total - total * math.log(total / length)


def _make_poisson_cost() -> Any:
    from ruptures.base import BaseCost

    class CostPoisson(BaseCost):  # type: ignore[misc]
        """Poisson segment cost for ruptures, O(1) per segment from cumulative sums."""

        model = "poisson"
        min_size = 1

        def fit(self, signal: np.ndarray) -> CostPoisson:
            # ruptures reads ``cost.signal`` for the series length.
            self.signal = np.asarray(signal, dtype=float).reshape(len(signal), -1)
            values = self.signal[:, 0]
            self.cumsum = np.concatenate([[0.0], np.cumsum(values)])
            return self

        def error(self, start: int, end: int) -> float:
            return _segment_nll(float(self.cumsum[end] - self.cumsum[start]), end - start)

    return CostPoisson()


def _algo(method: Method, cost: Cost, min_size: int) -> Any:
    try:
        import ruptures
    except ImportError as exc:
        raise ConfigError(
            "change-point detection needs the 'ruptures' package: pip install 'proxywatch[analytics]'"
        ) from exc
    kwargs: dict[str, Any] = {"min_size": min_size, "jump": 1}
    if cost == "poisson":
        kwargs["custom_cost"] = _make_poisson_cost()
    elif cost == "l2":
        kwargs["model"] = "l2"
    else:
        raise ConfigError(f"unknown change-point cost {cost!r}; use 'poisson' or 'l2'")
    if method == "pelt":
        return ruptures.Pelt(**kwargs)
    if method == "binseg":
        return ruptures.Binseg(**kwargs)
    raise ConfigError(f"unknown change-point method {method!r}; use 'pelt' or 'binseg'")


def default_penalty(counts: Sequence[int], cost: Cost = "poisson") -> float:
    """BIC penalty per extra segment: two parameters, ``log n`` each half (cost is -log L, not -2 log L).

    The ``l2`` cost is a sum of squares, so its penalty scales with the series' variance.
    """
    n = max(len(counts), 2)
    if cost == "l2":
        variance = float(np.var(np.asarray(counts, dtype=float))) or 1.0
        return 2.0 * variance * math.log(n)
    return math.log(n)


def profile(counts: Sequence[int], start: int, end: int) -> np.ndarray:
    """Log-likelihood of a single change at each ``k`` in ``(start, end)`` within ``counts[start:end]``.

    Entry ``i`` belongs to split day ``start + 1 + i``: the new rate starts that day. The value is the
    gain over no change, so it is >= 0 and the best split has the largest.
    """
    values = np.asarray(counts[start:end], dtype=float)
    n = len(values)
    if n < 2:
        return np.zeros(0)
    cum = np.cumsum(values)
    total = float(cum[-1])
    left = cum[:-1]
    right = total - left
    lengths = np.arange(1, n, dtype=float)
    return _segment_nll(total, n) - _nll_many(left, lengths) - _nll_many(right, n - lengths)


def _nll_many(totals: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    """:func:`_segment_nll` over arrays (0 where a segment holds no incident)."""
    safe = np.where(totals > 0, totals, 1.0)
    return np.where(totals > 0, totals - totals * np.log(safe / lengths), 0.0)


def interval(gains: np.ndarray, *, confidence: float) -> tuple[int, int]:
    """Offsets (into ``gains``) bounding the highest-posterior set of a flat-prior change day."""
    if len(gains) == 0:
        raise ConfigError("no candidate change day")
    weights = np.exp(gains - gains.max())
    posterior = weights / weights.sum()
    order = np.argsort(-posterior, kind="stable")
    kept = order[: int(np.searchsorted(np.cumsum(posterior[order]), confidence) + 1)]
    return int(kept.min()), int(kept.max())


def _change(
    days: Sequence[date],
    counts: Sequence[int],
    *,
    seg_start: int,
    split: int,
    seg_end: int,
    confidence: float,
) -> ChangePoint:
    gains = profile(counts, seg_start, seg_end)
    lo, hi = interval(gains, confidence=confidence)
    before = int(sum(counts[seg_start:split]))
    after = int(sum(counts[split:seg_end]))
    return ChangePoint(
        day=days[split],
        index=split,
        low=days[seg_start + 1 + lo],
        high=days[seg_start + 1 + hi],
        before_rate=before / (split - seg_start),
        after_rate=after / (seg_end - split),
        before_count=before,
        after_count=after,
        before_days=split - seg_start,
        after_days=seg_end - split,
        gain=float(gains[split - seg_start - 1]),
        confidence=confidence,
    )


def change_points(
    days: Sequence[date],
    counts: Sequence[int],
    *,
    method: Method = "pelt",
    cost: Cost = "poisson",
    penalty: float | None = None,
    min_size: int = 7,
    confidence: float = 0.95,
) -> list[ChangePoint]:
    """Change points of a zero-filled daily series, in date order, each with its credible interval.

    ``days`` and ``counts`` run in parallel (see :func:`proxywatch.analyse.counts.daily_series`).
    ``penalty`` defaults to :func:`default_penalty`; a larger one finds fewer changes. Segments are at
    least ``min_size`` days long: a week by default, so a burst of a few busy days reads as a burst in
    the chart, not as a change of pace. Raises :class:`ConfigError` when ``ruptures`` is not installed.
    """
    if len(days) != len(counts):
        raise ConfigError(f"change points: {len(days)} days but {len(counts)} counts")
    if any(c < 0 for c in counts):
        raise ConfigError("change points: counts must be >= 0")
    if not 0.0 < confidence < 1.0:
        raise ConfigError(f"confidence must lie in (0, 1), got {confidence}")
    if method not in ("pelt", "binseg"):
        raise ConfigError(f"unknown change-point method {method!r}; use 'pelt' or 'binseg'")
    if cost not in ("poisson", "l2"):
        raise ConfigError(f"unknown change-point cost {cost!r}; use 'poisson' or 'l2'")
    n = len(counts)
    if n < 2 * min_size or sum(counts) == 0:
        return []
    algo = _algo(method, cost, min_size)
    signal = np.asarray(counts, dtype=float).reshape(-1, 1)
    pen = default_penalty(counts, cost) if penalty is None else penalty
    breaks = [b for b in algo.fit(signal).predict(pen=pen) if 0 < b < n]
    bounds = [0, *breaks, n]
    return [
        _change(
            days,
            counts,
            seg_start=bounds[i - 1],
            split=bounds[i],
            seg_end=bounds[i + 1],
            confidence=confidence,
        )
        for i in range(1, len(bounds) - 1)
    ]


def main_change(
    days: Sequence[date],
    counts: Sequence[int],
    *,
    method: Method = "pelt",
    cost: Cost = "poisson",
    penalty: float | None = None,
    min_size: int = 7,
    confidence: float = 0.95,
) -> ChangePoint | None:
    """The change point with the largest likelihood gain, or ``None`` when the series has none."""
    found = change_points(
        days, counts, method=method, cost=cost, penalty=penalty, min_size=min_size, confidence=confidence
    )
    return max(found, key=lambda c: (c.gain, -c.index), default=None)
