"""Exact rate ratios (conditional binomial / Clopper-Pearson) and before/after windows around a trigger."""

from __future__ import annotations

import math
from datetime import date, datetime, timedelta

import pytest
from scipy.stats import binomtest

from proxywatch.analyse import before_after, rate_ratio, recompute
from proxywatch.analyse.stats import rate_ratio_figure
from proxywatch.errors import ConfigError
from proxywatch.models import Incident

SEEN = datetime(2024, 10, 20, 12, 0)


def test_five_versus_twenty_over_equal_windows() -> None:
    rr = rate_ratio(5, 19, 20, 19)
    assert rr.ratio == pytest.approx(4.0)
    assert rr.before_rate == pytest.approx(5 / 19)
    assert rr.after_rate == pytest.approx(20 / 19)
    # By hand: the after count given n = 25 is Binomial(25, p), p = RR / (RR + 1) for equal windows.
    ci = binomtest(20, 25, 0.5).proportion_ci(confidence_level=0.95, method="exact")
    assert rr.low == pytest.approx(ci.low / (1 - ci.low), rel=1e-9)
    assert rr.high == pytest.approx(ci.high / (1 - ci.high), rel=1e-9)
    assert rr.low == pytest.approx(1.4568, abs=1e-4)
    assert rr.high == pytest.approx(13.6388, abs=1e-4)
    # Exact two-sided test of equal rates: 2 * P(X >= 20 | n = 25, p = 1/2).
    tail = sum(math.comb(25, k) for k in range(20, 26)) / 2**25
    assert rr.p_value == pytest.approx(2 * tail, rel=1e-9)


def test_textbook_five_of_ten() -> None:
    # The textbook Clopper-Pearson interval for 5 successes in 10 trials is 0.187 to 0.813.
    rr = rate_ratio(5, 1, 5, 1)
    assert rr.ratio == 1.0
    assert rr.low == pytest.approx(0.18709 / (1 - 0.18709), rel=1e-4)
    assert rr.high == pytest.approx(0.81291 / (1 - 0.81291), rel=1e-4)
    assert rr.low * rr.high == pytest.approx(1.0)  # symmetric on the log scale
    assert rr.p_value == pytest.approx(1.0)


def test_unequal_windows_scale_the_interval() -> None:
    # 10 before in 40 days, 10 after in 10 days: the ratio is 4, and p = 10 RR / (10 RR + 40).
    rr = rate_ratio(10, 40, 10, 10)
    assert rr.ratio == pytest.approx(4.0)
    ci = binomtest(10, 20).proportion_ci(confidence_level=0.95, method="exact")
    assert rr.low == pytest.approx(ci.low * 40 / ((1 - ci.low) * 10), rel=1e-9)
    assert rr.high == pytest.approx(ci.high * 40 / ((1 - ci.high) * 10), rel=1e-9)
    assert rr.p_value == pytest.approx(binomtest(10, 20, 10 / 50).pvalue)


def test_zero_counts_give_one_sided_bounds() -> None:
    nothing_before = rate_ratio(0, 10, 3, 10)
    assert nothing_before.ratio == math.inf and nothing_before.high == math.inf
    low_p = 0.025 ** (1 / 3)  # Clopper-Pearson lower bound for 3 of 3
    assert nothing_before.low == pytest.approx(low_p / (1 - low_p))
    nothing_after = rate_ratio(3, 10, 0, 10)
    assert nothing_after.ratio == 0.0 and nothing_after.low == 0.0
    high_p = 1 - 0.025 ** (1 / 3)  # upper bound for 0 of 3
    assert nothing_after.high == pytest.approx(high_p / (1 - high_p))
    nothing = rate_ratio(0, 5, 0, 5)
    assert math.isnan(nothing.ratio) and (nothing.low, nothing.high, nothing.p_value) == (0.0, math.inf, 1.0)


def test_bad_arguments_raise_config_error() -> None:
    with pytest.raises(ConfigError):
        rate_ratio(1, 0, 1, 10)
    with pytest.raises(ConfigError):
        rate_ratio(-1, 10, 1, 10)
    with pytest.raises(ConfigError):
        rate_ratio(1, 10, 1, 10, confidence=1.5)


def _incident(iid: str, day: date, umbrella: str = "islamic-resistance-in-iraq") -> Incident:
    return Incident(
        id=iid,
        event_date=day,
        event_type="Air/drone strike",
        weapon="drone",
        status="claimed",
        mention_ids=(),
        article_ids=(),
        n_sources=1,
        n_reports=1,
        first_seen=SEEN,
        last_updated=SEEN,
        actor_id="kataib-hezbollah",
        actor_umbrella=umbrella,
        target_country="IL",
    )


TRIGGER = date(2024, 9, 27)


def _scenario() -> list[Incident]:
    before = [
        _incident(f"b{k}", TRIGGER - timedelta(days=1 + 3 * k)) for k in range(5)
    ]  # 26 Sep back to 14 Sep
    after = [_incident(f"a{k}", TRIGGER + timedelta(days=k % 19)) for k in range(20)]  # 27 Sep to 15 Oct
    outside = [
        _incident("old", TRIGGER - timedelta(days=40)),
        _incident("late", TRIGGER + timedelta(days=19)),
    ]
    other = [_incident("hz", TRIGGER + timedelta(days=2), umbrella="hezbollah")]
    return before + after + outside + other


def test_before_after_windows_and_ids() -> None:
    result = before_after(
        _scenario(), trigger=TRIGGER, days_before=19, days_after=19, umbrella="islamic-resistance-in-iraq"
    )
    assert (result.before_start, result.before_end) == (date(2024, 9, 8), date(2024, 9, 26))
    assert (result.after_start, result.after_end) == (TRIGGER, date(2024, 10, 15))
    assert (result.before_count, result.after_count) == (5, 20)
    assert result.before_ids == tuple(sorted(f"b{k}" for k in range(5)))
    assert "hz" not in result.after_ids and "late" not in result.after_ids and "old" not in result.before_ids
    assert result.rate.ratio == pytest.approx(4.0)
    assert result.rate.low == pytest.approx(rate_ratio(5, 19, 20, 19).low)


def test_open_windows_stretch_to_the_data() -> None:
    result = before_after(
        _scenario(), trigger=TRIGGER, days_before=None, days_after=None, umbrella="islamic-resistance-in-iraq"
    )
    assert result.before_days == 40 and result.before_start == TRIGGER - timedelta(days=40)
    assert result.after_days == 20 and result.after_end == TRIGGER + timedelta(days=19)
    assert (result.before_count, result.after_count) == (6, 21)


def test_rate_ratio_figure_recomputes_and_detects_change() -> None:
    incidents = _scenario()
    result = before_after(incidents, trigger=TRIGGER, days_before=19, days_after=19, umbrella="hezbollah")
    fig = rate_ratio_figure(result, "rate ratio")
    assert fig.value == math.inf and fig.incident_ids == ("hz",)
    assert recompute(fig, incidents) == fig
    fewer = [i for i in incidents if i.id != "hz"]
    assert math.isnan(recompute(fig, fewer).value)
    with pytest.raises(ConfigError):
        before_after(incidents, trigger=TRIGGER, days_before=0, days_after=5)
