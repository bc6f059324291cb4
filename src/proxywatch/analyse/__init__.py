"""analyse stage: counts, series and before/after rate ratios over incidents.

Pure functions over :class:`proxywatch.models.Incident`; every number is a :class:`Figure` that names the
incidents behind it.
"""

from proxywatch.analyse.counts import (
    GROUP_KEYS,
    UNKNOWN,
    Figure,
    count_by,
    count_figure,
    daily_series,
    field_figure,
    filter_incidents,
    group_value,
    sum_figure,
)
from proxywatch.analyse.stats import BeforeAfter, RateRatio, before_after, rate_ratio, recompute

__all__ = [
    "GROUP_KEYS",
    "UNKNOWN",
    "BeforeAfter",
    "Figure",
    "RateRatio",
    "before_after",
    "count_by",
    "count_figure",
    "daily_series",
    "field_figure",
    "filter_incidents",
    "group_value",
    "rate_ratio",
    "recompute",
    "sum_figure",
]
