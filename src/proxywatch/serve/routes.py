"""Read-only API routes: incidents, articles, actors, trends, network, brief, exports, meta.

Every filter goes to the store as a bound parameter (:class:`IncidentFilter`) or is applied to records
in Python; no request value is ever pasted into SQL.
"""

from __future__ import annotations

import io
import math
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, fields
from datetime import date, timedelta
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Path, Query
from fastapi.responses import PlainTextResponse, Response

from proxywatch.errors import ConfigError, InputError
from proxywatch.models import Incident
from proxywatch.serve import views
from proxywatch.serve.app import ServeState, state_of
from proxywatch.serve.schemas import (
    ActorDetail,
    ActorOut,
    ActorRef,
    ArticleOut,
    BeforeAfterOut,
    BriefOut,
    CountryOut,
    IncidentDetail,
    IncidentPage,
    MetaOut,
    NetworkEdge,
    NetworkNode,
    NetworkOut,
    RelationOut,
    TrendsOut,
)
from proxywatch.store.base import IncidentFilter

router = APIRouter()

State = Annotated[ServeState, Depends(state_of)]

MAX_LIMIT = 1000
MAX_OFFSET = 1_000_000
MAX_TREND_DAYS = 3660
REVIEW_STATUSES = ("unreviewed", "confirmed", "rejected", "merge_requested", "split_requested")
EXPORT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "json": "application/json",
    "parquet": "application/vnd.apache.parquet",
    "geojson": "application/geo+json",
}
_SCAN_MIN, _SCAN_MAX = 200, 8000  # incidents per store read when a filter must be applied in Python
_IdPath = Path(pattern=r"^[A-Za-z0-9_.:\-]{1,80}$")


@dataclass(frozen=True)
class Filters:
    """The incident filters every listing endpoint shares (query parameters)."""

    start: date | None = None
    end: date | None = None
    actor: str | None = None
    target_country: str | None = None
    weapon: str | None = None
    status: str | None = None
    review_status: str | None = None
    min_sources: int | None = None
    bbox: tuple[float, float, float, float] | None = None

    def store_filter(self, *, limit: int | None = None, offset: int = 0) -> IncidentFilter:
        values: dict[str, Any] = {
            "start": self.start,
            "end": self.end,
            "actor": self.actor,
            "target_country": self.target_country,
            "weapon": self.weapon,
            "status": self.status,
            "min_sources": self.min_sources,
            "limit": limit,
            "offset": offset,
        }
        if self.bbox is not None and _STORE_HAS_BBOX:
            values["bbox"] = self.bbox
        return IncidentFilter(**values)

    def in_python(self) -> Callable[[Incident], bool] | None:
        """The part of the filter the store cannot apply, as a predicate (``None``: nothing left)."""
        checks: list[Callable[[Incident], bool]] = []
        if self.review_status is not None:
            wanted = self.review_status
            checks.append(lambda inc: inc.review_status == wanted)
        if self.bbox is not None and not _STORE_HAS_BBOX:
            x0, y0, x1, y1 = self.bbox
            checks.append(
                lambda inc: (
                    inc.lat is not None
                    and inc.lon is not None
                    and x0 <= inc.lon <= x1
                    and y0 <= inc.lat <= y1
                )
            )
        if not checks:
            return None
        return lambda inc: all(check(inc) for check in checks)


# Bounding boxes move into SQL once the store's filter takes them; until then they filter in Python.
_STORE_HAS_BBOX = "bbox" in {f.name for f in fields(IncidentFilter)}


def _bbox(raw: str | None) -> tuple[float, float, float, float] | None:
    if raw is None or raw == "":
        return None
    try:
        x0, y0, x1, y1 = (float(part) for part in raw.split(","))
    except ValueError:
        raise HTTPException(422, "bbox must be min_lon,min_lat,max_lon,max_lat") from None
    if not all(math.isfinite(v) for v in (x0, y0, x1, y1)) or x0 > x1 or y0 > y1:
        raise HTTPException(422, "bbox must be min_lon,min_lat,max_lon,max_lat with min <= max")
    return x0, y0, x1, y1


def filters(
    start: Annotated[date | None, Query(description="First event date (inclusive)")] = None,
    end: Annotated[date | None, Query(description="Last event date (inclusive)")] = None,
    actor: Annotated[str | None, Query(max_length=80, description="Actor or umbrella id")] = None,
    umbrella: Annotated[str | None, Query(max_length=80, description="Same as actor")] = None,
    target_country: Annotated[str | None, Query(pattern=r"^[A-Za-z]{2}$")] = None,
    weapon: Annotated[str | None, Query(max_length=40)] = None,
    status: Annotated[str | None, Query(max_length=40, description="Claim status")] = None,
    review_status: Annotated[str | None, Query(max_length=40)] = None,
    min_sources: Annotated[int | None, Query(ge=1, le=10_000)] = None,
    bbox: Annotated[str | None, Query(max_length=120, description="min_lon,min_lat,max_lon,max_lat")] = None,
) -> Filters:
    if start and end and end < start:
        raise HTTPException(422, f"end {end} is before start {start}")
    return Filters(
        start=start,
        end=end,
        actor=actor or umbrella or None,
        target_country=target_country.upper() if target_country else None,
        weapon=weapon or None,
        status=status or None,
        review_status=review_status or None,
        min_sources=min_sources,
        bbox=_bbox(bbox),
    )


Filtered = Annotated[Filters, Depends(filters)]


def _scan(state: ServeState, filt: Filters, *, want: int | None = None) -> Iterator[Incident]:
    """Every incident matching ``filt``, read from the store in pages that grow from about ``want`` rows
    (a page of a list needs few rows when the Python-side filter keeps many, all of them when it is rare).
    """
    store = state.store()
    keep = filt.in_python()
    size = min(_SCAN_MAX, max(_SCAN_MIN, 2 * want)) if want else _SCAN_MAX
    offset = 0
    while True:
        batch = store.incidents(filt.store_filter(limit=size, offset=offset))
        yield from (inc for inc in batch if keep is None or keep(inc))
        if len(batch) < size:
            return
        offset += size
        size = min(_SCAN_MAX, size * 2)


def select(state: ServeState, filt: Filters, *, limit: int, offset: int) -> tuple[list[Incident], bool]:
    """One page of matching incidents and whether more follow (read one more than asked to know)."""
    if filt.in_python() is None:
        found = state.store().incidents(filt.store_filter(limit=limit + 1, offset=offset))
    else:
        found = []
        for i, inc in enumerate(_scan(state, filt, want=offset + limit + 1)):
            if i >= offset:
                found.append(inc)
            if len(found) > limit:
                break
    return found[:limit], len(found) > limit


def every(state: ServeState, filt: Filters) -> list[Incident]:
    if filt.in_python() is None:
        return state.store().incidents(filt.store_filter())
    return list(_scan(state, filt))


def _incident(state: ServeState, incident_id: str) -> Incident:
    found = state.store().get_incidents([incident_id])
    if not found:
        raise HTTPException(404, f"no incident {incident_id}")
    return found[0]


# --- incidents -----------------------------------------------------------------------------------


@router.get("/incidents", response_model=IncidentPage, summary="Incidents, filtered and paginated")
def list_incidents(
    state: State,
    filt: Filtered,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 50,
    offset: Annotated[int, Query(ge=0, le=MAX_OFFSET)] = 0,
) -> Response:
    page, more = select(state, filt, limit=limit, offset=offset)
    names = state.names()
    body = IncidentPage(
        items=[views.incident_out(inc, names) for inc in page], limit=limit, offset=offset, has_more=more
    )
    # Built from the model already, so FastAPI's second validation pass would only cost time (a third
    # of a 1,000-row map load).
    return Response(body.model_dump_json(), media_type="application/json")


@router.get("/incidents/{incident_id}", response_model=IncidentDetail, summary="An incident and its sources")
def get_incident(state: State, incident_id: Annotated[str, _IdPath]) -> IncidentDetail:
    store = state.store()
    inc = _incident(state, incident_id)
    mentions = store.get_mentions(list(inc.mention_ids))
    articles = {a.id: a for a in store.get_articles(list(inc.article_ids))}
    return IncidentDetail(
        incident=views.incident_out(inc, state.names()),
        sources=views.sources(mentions, articles, inc),
        reviews=[views.review_out(r) for r in store.reviews(inc.id, limit=50)],
        history=[views.history_out(h) for h in store.incident_history(inc.id, limit=200)],
    )


# --- articles ------------------------------------------------------------------------------------


@router.get("/articles/{article_id}", response_model=ArticleOut, summary="One stored article")
def get_article(state: State, article_id: Annotated[str, _IdPath]) -> ArticleOut:
    store = state.store()
    found = store.get_articles([article_id])
    if not found:
        raise HTTPException(404, f"no article {article_id}")
    article = found[0]
    dates = [m.event_date for m in store.mentions_of_articles([article.id]) if m.event_date is not None]
    holders: list[str] = []
    if dates:
        near = store.incidents_touching(min(dates) - timedelta(days=7), max(dates) + timedelta(days=7))
        holders = [inc.id for inc in near if article.id in inc.article_ids]
    return ArticleOut(
        id=article.id,
        external_id=article.external_id,
        outlet=article.outlet,
        title=article.title,
        url=views.safe_url(article.url),
        published_at=article.published_at,
        language=article.language,
        text=article.text,
        incident_ids=holders,
    )


# --- actors and network --------------------------------------------------------------------------


def _actor_out(state: ServeState, actor_id: str) -> ActorOut:
    registry = state.registry()
    actor = registry.get(actor_id)
    names = state.names()
    umbrella = registry.umbrella_of(actor.id)
    return ActorOut(
        id=actor.id,
        name=actor.name,
        kind=actor.kind,
        country=actor.country,
        side=actor.side,
        aliases=list(actor.aliases),
        umbrella=umbrella if umbrella != actor.id else None,
        backer=registry.backer_of(actor.id),
        relations=[
            RelationOut(
                kind=r.kind,
                target=r.target,
                target_name=names.get(r.target),
                source=r.source,
                valid_from=r.valid_from,
                valid_to=r.valid_to,
            )
            for r in actor.relations
        ],
    )


@router.get("/actors", response_model=list[ActorOut], summary="The actor registry (or a search of it)")
def list_actors(state: State, q: Annotated[str | None, Query(max_length=80)] = None) -> list[ActorOut]:
    registry = state.registry()
    found = registry.search(q, limit=50) if q else registry.actors()
    return [_actor_out(state, actor.id) for actor in found]


@router.get("/actors/{actor_id}", response_model=ActorDetail, summary="An actor, its ties and its incidents")
def get_actor(
    state: State,
    actor_id: Annotated[str, _IdPath],
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 100,
) -> ActorDetail:
    registry = state.registry()
    if actor_id not in registry:
        raise HTTPException(404, f"no actor {actor_id}")
    incidents = state.store().incidents(IncidentFilter(actor=actor_id))
    names = state.names()
    return ActorDetail(
        actor=_actor_out(state, actor_id),
        members=[ActorRef(id=m, name=names.get(m, m)) for m in registry.members_of(actor_id)],
        n_incidents=len(incidents),
        incidents=[views.incident_out(inc, names) for inc in incidents[-limit:][::-1]],
    )


@router.get("/network", response_model=NetworkOut, summary="Actors in the incidents and their registry ties")
def network(state: State, filt: Filtered) -> NetworkOut:
    registry = state.registry()
    counts = Counter(inc.actor_id for inc in every(state, filt) if inc.actor_id)
    ids = {a for a in counts if a in registry}
    edges: list[NetworkEdge] = []
    for actor_id in sorted(ids):
        for rel in registry.get(actor_id).relations:
            if rel.target in registry:
                edges.append(NetworkEdge(source=actor_id, target=rel.target, kind=rel.kind))
                ids.add(rel.target)
    nodes = [
        NetworkNode(id=a, name=registry.get(a).name, kind=registry.get(a).kind, n_incidents=counts.get(a, 0))
        for a in sorted(ids)
    ]
    return NetworkOut(nodes=nodes, edges=edges)


# --- trends --------------------------------------------------------------------------------------


def _finite(value: float) -> float | None:
    return value if math.isfinite(value) else None


@router.get("/trends", response_model=TrendsOut, summary="Incidents per day by group, before/after a trigger")
def trends(
    state: State,
    filt: Filtered,
    group_by: Annotated[str, Query(description="umbrella, actor, weapon, target_country, ...")] = "umbrella",
    trigger: Annotated[date | None, Query(description="Trigger date for the before/after rate ratio")] = None,
) -> TrendsOut:
    from proxywatch.analyse.counts import GROUP_KEYS, daily_series
    from proxywatch.analyse.stats import before_after

    if group_by not in GROUP_KEYS:
        raise HTTPException(422, f"group_by must be one of {', '.join(GROUP_KEYS)}")
    incidents = every(state, filt)
    dated = [inc.event_date for inc in incidents if inc.event_date is not None]
    start = filt.start or (min(dated) if dated else date.today())
    end = filt.end or (max(dated) if dated else start)
    if (end - start).days > MAX_TREND_DAYS:
        raise HTTPException(422, f"at most {MAX_TREND_DAYS} days per trend; narrow start/end")
    series = daily_series(incidents, start=start, end=end, group_by=group_by)
    comparison = None
    if trigger is not None and start < trigger <= end:
        result = before_after(
            incidents,
            trigger=trigger,
            days_before=(trigger - start).days,
            days_after=(end - trigger).days + 1,
        )
        comparison = BeforeAfterOut(
            trigger=trigger,
            before_count=result.before_count,
            after_count=result.after_count,
            before_days=result.before_days,
            after_days=result.after_days,
            rate_ratio=_finite(result.rate.ratio),
            low=_finite(result.rate.low),
            high=_finite(result.rate.high),
            p_value=result.rate.p_value,
        )
    days = [d for d, _ in next(iter(series.values()))] if series else []
    names = state.names()
    return TrendsOut(
        start=start,
        end=end,
        group_by=group_by,
        days=days,
        series={g: [n for _, n in points] for g, points in series.items()},
        names={g: names[g] for g in series if g in names},
        before_after=comparison,
    )


# --- brief and exports ---------------------------------------------------------------------------


def _brief(
    state: ServeState, start: date, end: date, trigger: date | None, umbrella: str | None, country: str | None
) -> Any:
    from proxywatch.api import make_brief

    if (end - start).days > MAX_TREND_DAYS:
        raise HTTPException(422, f"at most {MAX_TREND_DAYS} days per brief")
    try:
        return make_brief(
            state.store(), start=start, end=end, trigger=trigger, umbrella=umbrella, target_country=country
        )
    except (InputError, ConfigError) as exc:
        raise HTTPException(422, str(exc)) from exc


@router.get("/brief", response_model=BriefOut, summary="A source-cited brief for a period (Markdown inside)")
def brief(
    state: State,
    start: date,
    end: date,
    trigger: date | None = None,
    umbrella: Annotated[str | None, Query(max_length=80)] = None,
    target_country: Annotated[str | None, Query(pattern=r"^[A-Za-z]{2}$")] = None,
) -> BriefOut:
    result = _brief(state, start, end, trigger, umbrella, target_country.upper() if target_country else None)
    return BriefOut(headline=result.headline, markdown=result.markdown, problems=result.problems)


@router.get("/brief.md", response_class=PlainTextResponse, summary="The same brief as a Markdown file")
def brief_markdown(
    state: State,
    start: date,
    end: date,
    trigger: date | None = None,
    umbrella: Annotated[str | None, Query(max_length=80)] = None,
    target_country: Annotated[str | None, Query(pattern=r"^[A-Za-z]{2}$")] = None,
) -> PlainTextResponse:
    result = _brief(state, start, end, trigger, umbrella, target_country.upper() if target_country else None)
    return PlainTextResponse(result.markdown, media_type="text/markdown; charset=utf-8")


@router.get(
    "/export/incidents.{fmt}",
    summary="Download incidents as CSV, JSON, Parquet or GeoJSON",
    responses={200: {"content": {t: {} for t in EXPORT_TYPES.values()}}},
)
def export_incidents(
    state: State,
    filt: Filtered,
    fmt: Annotated[str, Path(description="csv, json, parquet or geojson")],
    acled: bool = False,
) -> Response:
    from proxywatch.api import actor_names
    from proxywatch.report.export import incident_rows, write_rows

    if fmt not in EXPORT_TYPES:
        raise HTTPException(404, f"no export format {fmt!r}; formats are {', '.join(EXPORT_TYPES)}")
    store = state.store()
    incidents = every(state, filt)
    articles = {
        a.id: a for a in store.get_articles(sorted({a for inc in incidents for a in inc.article_ids}))
    }
    rows = incident_rows(incidents, articles, names=actor_names(state.registry()), acled=acled)
    if fmt == "parquet":
        binary = io.BytesIO()
        write_rows(rows, binary, fmt=fmt)
        body = binary.getvalue()
    else:
        text = io.StringIO()
        write_rows(rows, text, fmt=fmt)
        body = text.getvalue().encode("utf-8")
    return Response(
        body,
        media_type=EXPORT_TYPES[fmt],
        headers={"content-disposition": f'attachment; filename="incidents.{fmt}"'},
    )


# --- meta ----------------------------------------------------------------------------------------


@router.get("/meta", response_model=MetaOut, summary="Counts, date range and filter choices")
def meta(state: State) -> MetaOut:
    store = state.store()
    # Reading every incident is the cost here; reuse the answer while the counts stay the same.
    key = ("meta", store.count_incidents(), store.count_articles())
    return state.cached(key, lambda: _meta(state))


def _meta(state: ServeState) -> MetaOut:
    store = state.store()
    incidents = store.incidents()
    names = state.names()
    dated = [inc.event_date for inc in incidents if inc.event_date is not None]
    umbrellas = Counter(
        inc.actor_umbrella or inc.actor_id for inc in incidents if inc.actor_umbrella or inc.actor_id
    )
    countries = sorted({c for inc in incidents for c in (inc.target_country, inc.launch_country) if c})
    country_rows = []
    for iso2 in countries:
        name, numeric = views.country(iso2)
        country_rows.append(CountryOut(iso2=iso2, name=name, numeric=numeric))
    return MetaOut(
        incidents=len(incidents),
        articles=store.count_articles(),
        first_date=min(dated) if dated else None,
        last_date=max(dated) if dated else None,
        trigger=state.trigger,
        umbrellas={u: names.get(u, u) for u, _ in umbrellas.most_common()},  # type: ignore[misc]
        weapons=sorted({inc.weapon for inc in incidents}),
        statuses=sorted({inc.status for inc in incidents}),
        review_statuses=list(REVIEW_STATUSES),
        countries=country_rows,
        writes_enabled=state.token is not None,
    )
