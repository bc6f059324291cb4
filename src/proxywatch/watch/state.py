"""How watch mode treats each source over time: retry backoff, the circuit breaker, state transitions.

Pure functions over :class:`~proxywatch.store.base.SourceState` (kept in the database's ``sources``
table), so the policy is tested without a network and survives restarts: a source that has failed
``breaker_after`` polls in a row is left alone for ``breaker_cooldown_s``, doubling after each further
failure (up to ``breaker_max_s``); one good poll closes the breaker again.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from proxywatch.errors import ConfigError
from proxywatch.store.base import SourceState


@dataclass(frozen=True, slots=True)
class WatchPolicy:
    """Timing of watch mode. Request timeouts and size caps come from the settings."""

    every_s: float = 300.0  # between the starts of two polls
    host_delay_s: float = 2.0  # politeness: at least this long between two requests to one host
    retries: int = 2  # extra attempts after a network error, a timeout, HTTP 429 or 5xx
    backoff_s: float = 1.0  # first retry delay; doubles with each retry
    backoff_max_s: float = 60.0
    breaker_after: int = 3  # consecutive failed polls that open the circuit breaker
    breaker_cooldown_s: float = 900.0
    breaker_max_s: float = 86_400.0

    def __post_init__(self) -> None:
        if self.every_s <= 0 or self.host_delay_s < 0 or self.backoff_s < 0:
            raise ConfigError("watch: intervals must be positive")
        if self.retries < 0 or self.breaker_after < 1:
            raise ConfigError("watch: retries must be >= 0 and breaker_after >= 1")


_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)?\s*$", re.IGNORECASE)
_UNITS = {"ms": 0.001, "s": 1.0, "m": 60.0, "h": 3600.0, "d": 86400.0}


def parse_duration(text: str) -> float:
    """Seconds in ``"90"``, ``"30s"``, ``"5m"``, ``"1.5h"`` or ``"1d"``."""
    match = _DURATION.match(text)
    if not match:
        raise ConfigError(f"{text!r} is not a duration (use e.g. 30s, 5m, 1h)")
    seconds = float(match.group(1)) * _UNITS[(match.group(2) or "s").lower()]
    if seconds <= 0:
        raise ConfigError(f"{text!r}: a duration must be above zero")
    return seconds


def backoff_delay(attempt: int, policy: WatchPolicy, *, retry_after: float | None = None) -> float:
    """Seconds to wait before retry ``attempt`` (1, 2, ...): exponential, capped; a server's
    ``Retry-After`` is honoured up to the same cap."""
    delay = policy.backoff_s * 2 ** (attempt - 1)
    if retry_after is not None:
        delay = max(delay, retry_after)
    return min(delay, policy.backoff_max_s)


def retry_after_seconds(value: str | None) -> float | None:
    """A ``Retry-After`` header given in seconds (the HTTP-date form is ignored)."""
    if value and value.strip().isdigit():
        return float(value.strip())
    return None


def is_open(state: SourceState, now: datetime) -> bool:
    """True while the circuit breaker keeps the source from being polled."""
    return state.open_until is not None and now < state.open_until


def body_hash(body: bytes) -> str:
    return hashlib.sha256(body).hexdigest()


def after_success(
    state: SourceState,
    now: datetime,
    *,
    status: str,
    items: int = 0,
    etag: str | None = None,
    last_modified: str | None = None,
    digest: str | None = None,
) -> SourceState:
    """The state after a good poll: breaker closed; new validators kept (old ones when none came)."""
    return replace(
        state,
        etag=etag or state.etag,
        last_modified=last_modified or state.last_modified,
        body_hash=digest or state.body_hash,
        last_polled_at=now,
        last_ok_at=now,
        last_status=status,
        last_error=None,
        failures=0,
        open_until=None,
        polls=state.polls + 1,
        items=state.items + items,
    )


def after_failure(state: SourceState, now: datetime, error: str, policy: WatchPolicy) -> SourceState:
    """The state after a failed poll; the breaker opens at ``breaker_after`` failures in a row and
    each failure after that (a failed trial poll) doubles the time it stays open."""
    failures = state.failures + 1
    open_until = None
    if failures >= policy.breaker_after:
        cooldown = policy.breaker_cooldown_s * 2 ** (failures - policy.breaker_after)
        open_until = now + timedelta(seconds=min(cooldown, policy.breaker_max_s))
    return replace(
        state,
        last_polled_at=now,
        last_status="failed",
        last_error=error,
        failures=failures,
        open_until=open_until,
        polls=state.polls + 1,
    )


def after_skip(state: SourceState, now: datetime) -> SourceState:
    return replace(state, last_status="skipped")
