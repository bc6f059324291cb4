"""Watch mode: poll feeds and pages for days, run the pipeline on what is new, notify.

:class:`Watcher` (in :mod:`.poller`) does the polling; :mod:`.state` holds the per-source policy
(backoff, circuit breaker) over the ``sources`` table of the store.
"""

from __future__ import annotations

from proxywatch.watch.poller import JsonLinesSink, PollReport, SourceResult, Watcher, WebhookSink
from proxywatch.watch.state import WatchPolicy, parse_duration

__all__ = [
    "JsonLinesSink",
    "PollReport",
    "SourceResult",
    "WatchPolicy",
    "Watcher",
    "WebhookSink",
    "parse_duration",
]
