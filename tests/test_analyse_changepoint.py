"""Change points: a known break in a synthetic Poisson series is found within two days, with an interval."""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import pytest

pytest.importorskip("ruptures", reason="change points need ruptures (pip install 'proxywatch[analytics]')")

from proxywatch.analyse.changepoint import change_points, interval, main_change, profile  # noqa: E402
from proxywatch.errors import ConfigError  # noqa: E402

DAY0 = date(2024, 8, 19)
BREAK = 40  # the new rate starts on day 40 (2024-09-28)


def _days(n: int) -> list[date]:
    return [DAY0 + timedelta(days=i) for i in range(n)]


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("method", ["pelt", "binseg"])
def test_known_break_found_within_two_days(seed: int, method: str) -> None:
    rng = np.random.default_rng(seed)
    counts = [int(c) for c in rng.poisson(0.4, BREAK)] + [int(c) for c in rng.poisson(2.5, 30)]
    found = main_change(_days(70), counts, method=method)  # type: ignore[arg-type]
    assert found is not None
    truth = DAY0 + timedelta(days=BREAK)
    assert abs((found.day - truth).days) <= 2
    assert found.low <= found.day <= found.high
    assert found.direction == "rise"
    assert found.before_rate < 1.0 < 2.0 < found.after_rate
    assert found.before_count + found.after_count == sum(counts)


def test_l2_cost_also_finds_a_clear_break() -> None:
    counts = [0, 1, 0, 0, 1, 0, 0, 0, 1, 0] * 3 + [3, 4, 2, 3, 5, 3, 4, 2, 3, 4] * 2
    found = main_change(_days(len(counts)), counts, cost="l2")
    assert found is not None and found.day == DAY0 + timedelta(days=30)


def test_steady_series_has_no_change_point() -> None:
    hits = 0
    for seed in range(20):
        counts = [int(c) for c in np.random.default_rng(100 + seed).poisson(1.0, 60)]
        hits += bool(change_points(_days(60), counts))
    assert hits <= 2  # the BIC penalty keeps false alarms rare


def test_two_breaks_are_both_found_in_order() -> None:
    counts = [0] * 20 + [3] * 20 + [0] * 20
    found = change_points(_days(60), counts)
    assert [c.index for c in found] == [20, 40]
    assert [c.direction for c in found] == ["rise", "fall"]
    # A jump from 0 to 3 a day leaves little doubt: one zero day more or less is all that is uncertain.
    assert (found[0].day - found[0].low).days <= 1 and (found[0].high - found[0].day).days <= 1


def test_profile_matches_hand_computed_likelihood_gain() -> None:
    # Split [0, 0 | 2, 2]: whole-series NLL 4 - 4 log 1 = 4; halves 0 and 4 - 4 log 2 -> gain 4 log 2.
    gains = profile([0, 0, 2, 2], 0, 4)
    assert gains.argmax() == 1
    assert gains[1] == pytest.approx(4 * np.log(2))
    lo, hi = interval(gains, confidence=0.95)
    assert lo <= 1 <= hi


def test_interval_widens_when_the_evidence_is_weak() -> None:
    strong = main_change(_days(40), [0] * 20 + [4] * 20)
    weak = main_change(_days(40), [0, 1, 0, 0, 1] * 4 + [1, 2, 1, 1, 2] * 4, penalty=0.5)
    assert strong is not None and weak is not None
    assert (weak.high - weak.low) > (strong.high - strong.low)


def test_short_empty_and_bad_series() -> None:
    assert change_points(_days(4), [0, 0, 5, 5]) == []  # shorter than two minimum segments
    assert change_points(_days(30), [0] * 30) == []
    with pytest.raises(ConfigError):
        change_points(_days(3), [1, 2])
    with pytest.raises(ConfigError):
        change_points(_days(10), [1] * 10, method="nope")  # type: ignore[arg-type]
