"""Response and request bodies of the HTTP API: the OpenAPI schema is generated from these."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Literal

from pydantic import BaseModel, Field


class IncidentOut(BaseModel):
    id: str
    event_date: date | None
    event_type: str
    weapon: str
    status: str
    review_status: str
    actor_id: str | None
    actor_name: str | None
    actor_umbrella: str | None = Field(
        description="Umbrella id; a group that claims in its own name is its own"
    )
    umbrella_name: str | None
    actor_text: str | None
    target_text: str | None
    target_country: str | None
    target_kind: str | None
    place_text: str | None
    lat: float | None
    lon: float | None
    geo_precision: str | None
    launch_country: str | None
    n_attacks: int | None
    killed: int | None
    injured: int | None
    n_sources: int = Field(description="Distinct outlets")
    n_independent: int | None = Field(
        default=None,
        description="Distinct outlets of original reports: syndicated copies and the attacker's own channel "
        "not counted (null for an incident saved before this was kept)",
    )
    n_reports: int = Field(description="Articles")
    first_seen: datetime
    last_updated: datetime


class IncidentPage(BaseModel):
    items: list[IncidentOut]
    limit: int
    offset: int
    has_more: bool = Field(description="True when another page follows (the next offset is offset + limit)")


class Segment(BaseModel):
    """A piece of a passage; ``fields`` names the evidence spans that cover it (empty: plain text)."""

    text: str
    fields: list[str]


class SourceOut(BaseModel):
    """One report of an incident: the article, and the mention that was read from it."""

    mention_id: str
    article_id: str
    outlet: str
    title: str
    url: str | None = Field(description="Only http(s) URLs; anything else is withheld")
    published_at: datetime | None
    claim_status: str
    event_date: date | None
    date_precision: str | None
    actor_text: str | None
    place_text: str | None
    passage: list[Segment] = Field(description="The mention's sentence (and nearby evidence), split by span")
    evidence: dict[str, str] = Field(description="Field -> the exact text that supports it")
    copy_of: str | None = Field(default=None, description="The earlier article this one republishes")
    own_channel: bool = Field(default=False, description="The report comes from the attacker itself")
    own_channel_reason: str | None = Field(
        default=None, description="'outlet' (the attacker's media) or 'claim only' (nothing but its claim)"
    )


class HistoryOut(BaseModel):
    """One recorded change to an incident; ``details`` names the mentions and incidents involved."""

    at: datetime
    action: str = Field(description="created, updated, merged, split or removed")
    details: dict[str, Any]


class ReviewOut(BaseModel):
    incident_id: str
    at: datetime
    action: str
    comment: str | None
    who: str | None


class IncidentDetail(BaseModel):
    incident: IncidentOut
    sources: list[SourceOut]
    reviews: list[ReviewOut]
    history: list[HistoryOut] = Field(default_factory=list, description="Oldest first")


class ArticleOut(BaseModel):
    id: str
    external_id: str | None
    outlet: str
    title: str
    url: str | None
    published_at: datetime | None
    language: str | None
    text: str
    incident_ids: list[str]


class RelationOut(BaseModel):
    kind: str
    target: str
    target_name: str | None
    source: str
    valid_from: date | None
    valid_to: date | None


class ActorOut(BaseModel):
    id: str
    name: str
    kind: str
    country: str | None
    side: str | None
    aliases: list[str]
    umbrella: str | None
    backer: str | None
    relations: list[RelationOut]


class ActorRef(BaseModel):
    id: str
    name: str


class ActorDetail(BaseModel):
    actor: ActorOut
    members: list[ActorRef]
    n_incidents: int
    incidents: list[IncidentOut]


class BeforeAfterOut(BaseModel):
    trigger: date
    before_count: int
    after_count: int
    before_days: int
    after_days: int
    rate_ratio: float | None = Field(description="None when nothing happened before the trigger")
    low: float | None
    high: float | None
    p_value: float


class TrendsOut(BaseModel):
    start: date
    end: date
    group_by: str
    days: list[date]
    series: dict[str, list[int]] = Field(description="Group -> incidents per day, aligned with days")
    names: dict[str, str]
    before_after: BeforeAfterOut | None


class NetworkNode(BaseModel):
    id: str
    name: str
    kind: str
    n_incidents: int


class NetworkEdge(BaseModel):
    source: str
    target: str
    kind: str = Field(description="member_of, front_for, backed_by, allied_with, rival_of, shared_target")
    weight: int = 1


class NetworkOut(BaseModel):
    nodes: list[NetworkNode]
    edges: list[NetworkEdge]


class BriefOut(BaseModel):
    headline: str
    markdown: str
    problems: list[str]


class CountryOut(BaseModel):
    iso2: str
    name: str
    numeric: int | None


class MetaOut(BaseModel):
    incidents: int
    articles: int
    first_date: date | None
    last_date: date | None
    trigger: date | None
    umbrellas: dict[str, str] = Field(description="Umbrella id -> name, for the umbrellas in the data")
    weapons: list[str]
    statuses: list[str]
    review_statuses: list[str]
    countries: list[CountryOut]
    writes_enabled: bool


class ReviewIn(BaseModel):
    action: Literal["confirm", "reject", "merge", "split"]
    comment: str | None = Field(default=None, max_length=2000)
    other_id: str | None = Field(
        default=None, max_length=64, description="For merge: the incident this one duplicates"
    )
    who: str | None = Field(default=None, max_length=80)


class ReviewResult(BaseModel):
    review: ReviewOut
    incident: IncidentOut
