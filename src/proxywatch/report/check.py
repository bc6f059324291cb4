"""Check a brief against the database: every figure recomputed, every citation resolved.

A brief is signed by a person; this is what lets them trust it was not edited by hand, built from a
stale database, or left citing reports that no longer exist.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from datetime import date

from proxywatch.analyse.counts import Figure, days_between, filter_incidents
from proxywatch.analyse.stats import before_after, recompute
from proxywatch.errors import ConfigError
from proxywatch.models import Article, Incident
from proxywatch.report.brief import Brief


def _same(a: float, b: float) -> bool:
    if math.isnan(a) or math.isnan(b):
        return math.isnan(a) and math.isnan(b)
    if math.isinf(a) or math.isinf(b):
        return a == b
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9)


def _check_figure(fig: Figure, incidents: Sequence[Incident], known: set[str]) -> list[str]:
    problems = [
        f"figure {fig.label!r} cites unknown incident {i!r}" for i in fig.incident_ids if i not in known
    ]
    try:
        fresh = recompute(fig, incidents)
    except ConfigError as exc:
        return [*problems, f"figure {fig.label!r} cannot be recomputed: {exc}"]
    if not _same(float(fig.value), float(fresh.value)):
        problems.append(f"figure {fig.label!r} says {fig.value} but the incidents give {fresh.value}")
    if set(fig.incident_ids) != set(fresh.incident_ids):
        extra = sorted(set(fig.incident_ids) - set(fresh.incident_ids))
        missing = sorted(set(fresh.incident_ids) - set(fig.incident_ids))
        problems.append(f"figure {fig.label!r} cites the wrong incidents: extra {extra}, missing {missing}")
    return problems


def _check_comparison(brief: Brief, incidents: Sequence[Incident]) -> list[str]:
    old = brief.comparison
    if old is None or brief.trigger is None:
        return []
    try:
        new = before_after(
            incidents,
            trigger=old.trigger,
            days_before=old.before_days,
            days_after=old.after_days,
            confidence=old.rate.confidence,
            **old.filters,
        )
    except ConfigError as exc:
        return [f"before/after comparison cannot be recomputed: {exc}"]
    problems = []
    for name in ("before_count", "after_count", "before_ids", "after_ids"):
        if getattr(old, name) != getattr(new, name):
            problems.append(
                f"before/after {name}: brief says {getattr(old, name)}, incidents give {getattr(new, name)}"
            )
    for name in ("ratio", "low", "high", "p_value"):
        a, b = getattr(old.rate, name), getattr(new.rate, name)
        if not _same(a, b):
            problems.append(f"rate ratio {name}: brief says {a}, incidents give {b}")
    return problems


def _check_change(brief: Brief, incidents: Sequence[Incident]) -> list[str]:
    """Recompute the change point of the brief's daily series; the dates and rates must agree."""
    from proxywatch.report.brief import daily_change

    focused = filter_incidents(incidents, start=brief.start, end=brief.end, **brief.focus)
    per_day: dict[date, int] = {}
    for inc in focused:
        if inc.event_date is not None:
            per_day[inc.event_date] = per_day.get(inc.event_date, 0) + 1
    daily = [(d, per_day.get(d, 0)) for d in days_between(brief.start, brief.end)]
    if daily != list(brief.daily):
        return ["the daily series behind the timeline and the change point differs from the incidents"]
    new, note = daily_change(daily)
    old = brief.change
    if old is None and new is None:
        return []
    if note and old is not None:
        return [f"change point cannot be recomputed: {note}"]
    if old is None or new is None:
        return [f"change point: brief says {old and old.day}, incidents give {new and new.day}"]
    problems = []
    for name in ("day", "low", "high", "before_count", "after_count"):
        if getattr(old, name) != getattr(new, name):
            problems.append(
                f"change point {name}: brief says {getattr(old, name)}, incidents give {getattr(new, name)}"
            )
    return problems


def _check_citations(
    brief: Brief, known: Mapping[str, Incident], articles: Mapping[str, Article]
) -> list[str]:
    problems = []
    cited = {i for fig in brief.figures() for i in fig.incident_ids}
    for incident_id in sorted(cited):
        incident = known.get(incident_id)
        citations = brief.citations.get(incident_id, ())
        if not citations:
            problems.append(f"incident {incident_id!r} is cited with no report")
        if incident is not None and {c.article_id for c in citations} != set(incident.article_ids):
            problems.append(
                f"incident {incident_id!r}: the cited reports differ from the incident's articles"
            )
        for c in citations:
            art = articles.get(c.article_id)
            if art is None:
                problems.append(f"incident {incident_id!r} cites unknown article {c.article_id!r}")
                continue
            if not (art.url or art.source):
                problems.append(f"article {c.article_id!r} has neither a URL nor a source")
            if (c.url, c.outlet, c.title) != (art.url, art.outlet, art.title):
                problems.append(f"article {c.article_id!r}: the citation does not match the stored article")
    return problems


def check_brief(
    brief: Brief,
    incidents: Iterable[Incident],
    articles: Iterable[Article] | Mapping[str, Article],
) -> list[str]:
    """Problems found in ``brief`` against ``incidents`` and ``articles``; ``[]`` when all is well.

    Each figure is recomputed with its own recipe and compared (value and incidents), the before/after
    comparison and the change point of the daily series are redone, every cited incident must exist,
    and every cited report must be a stored article with a URL or a source that matches its citation.
    """
    items = list(incidents)
    known = {i.id: i for i in items}
    by_article = dict(articles) if isinstance(articles, Mapping) else {a.id: a for a in articles}
    problems: list[str] = []
    for fig in brief.figures():
        problems += _check_figure(fig, items, set(known))
    problems += _check_comparison(brief, items)
    problems += _check_change(brief, items)
    problems += _check_citations(brief, known, by_article)
    return problems
