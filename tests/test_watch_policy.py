"""Watch mode's per-source policy: durations, backoff, and the circuit breaker's transitions."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from proxywatch.errors import ConfigError
from proxywatch.store.base import SourceState
from proxywatch.watch.state import (
    WatchPolicy,
    after_failure,
    after_success,
    backoff_delay,
    is_open,
    parse_duration,
    retry_after_seconds,
)

T0 = datetime(2024, 10, 1, tzinfo=UTC)


@pytest.mark.parametrize(
    "text, seconds", [("90", 90), ("30s", 30), ("5m", 300), ("1.5h", 5400), ("1d", 86400), ("250ms", 0.25)]
)
def test_durations(text: str, seconds: float) -> None:
    assert parse_duration(text) == seconds


@pytest.mark.parametrize("text", ["", "5 minutes", "-1m", "0s", "m5", "1e3"])
def test_bad_durations_are_config_errors(text: str) -> None:
    with pytest.raises(ConfigError):
        parse_duration(text)


def test_backoff_doubles_up_to_the_cap_and_honours_retry_after() -> None:
    policy = WatchPolicy(backoff_s=1.0, backoff_max_s=5.0)
    assert [backoff_delay(n, policy) for n in range(1, 6)] == [1.0, 2.0, 4.0, 5.0, 5.0]
    assert backoff_delay(1, policy, retry_after=3.0) == 3.0
    assert backoff_delay(1, policy, retry_after=3600.0) == 5.0  # a server cannot park us for an hour
    assert retry_after_seconds("7") == 7.0 and retry_after_seconds("Wed, 21 Oct 2015 07:28:00 GMT") is None


@given(st.lists(st.booleans(), max_size=30))
def test_breaker_is_open_exactly_after_enough_failures_in_a_row(outcomes: list[bool]) -> None:
    policy = WatchPolicy(breaker_after=3, breaker_cooldown_s=60, breaker_max_s=600)
    state, now, streak = SourceState(url="https://feeds.invalid/x"), T0, 0
    for ok in outcomes:
        now += timedelta(hours=1)  # always past any open period
        state = (
            after_success(state, now, status="ok", items=1) if ok else after_failure(state, now, "x", policy)
        )
        streak = 0 if ok else streak + 1
        assert state.failures == streak
        assert is_open(state, now) == (streak >= 3)
        if streak >= 3:
            assert state.open_until == now + timedelta(seconds=min(60 * 2 ** (streak - 3), 600))
            assert not is_open(state, state.open_until)
    assert state.polls == len(outcomes) and state.items == sum(outcomes)


def test_success_keeps_known_validators_when_the_server_sends_none() -> None:
    state = SourceState(
        url="https://feeds.invalid/x", etag='"a"', last_modified="Mon, 30 Sep 2024 00:00:00 GMT"
    )
    kept = after_success(state, T0, status="not_modified")
    assert kept.etag == '"a"' and kept.last_modified == state.last_modified
    assert after_success(state, T0, status="ok", etag='"b"').etag == '"b"'
