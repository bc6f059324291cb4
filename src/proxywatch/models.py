"""Typed records passed between stages. Every stage takes and returns these, never loose dicts.

Records are frozen: a stage that refines a record (resolve fills ids into a mention) returns a new
one with :func:`dataclasses.replace`.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from typing import Any

Span = tuple[int, int]
"""Character offsets ``(start, end)`` into ``Article.text`` (end exclusive)."""


def stable_id(*parts: object, prefix: str = "", length: int = 16) -> str:
    """A short, deterministic id from the given parts (same parts -> same id, on every machine)."""
    digest = hashlib.sha256("\x1f".join("" if p is None else str(p) for p in parts).encode("utf-8"))
    return prefix + digest.hexdigest()[:length]


class EventType(StrEnum):
    """ACLED sub-event types we code, plus interceptions."""

    AIR_DRONE_STRIKE = "Air/drone strike"
    SHELLING_MISSILE = "Shelling/artillery/missile attack"
    REMOTE_EXPLOSIVE = "Remote explosive/landmine/IED"
    SUICIDE_BOMB = "Suicide bomb"
    GRENADE = "Grenade"
    ARMED_CLASH = "Armed clash"
    VIOLENCE_CIVILIANS = "Violence against civilians"
    INTERCEPTION = "Interception"


class Weapon(StrEnum):
    DRONE = "drone"
    CRUISE_MISSILE = "cruise_missile"
    BALLISTIC_MISSILE = "ballistic_missile"
    ANTI_SHIP_MISSILE = "anti_ship_missile"
    MISSILE = "missile"  # a missile of unstated class
    ROCKET = "rocket"
    MORTAR = "mortar"
    ARTILLERY = "artillery"
    AIRSTRIKE = "airstrike"  # manned aircraft or armed UAV of a state air force
    IED = "ied"
    USV = "usv"  # uncrewed surface vessel
    SMALL_ARMS = "small_arms"
    ATGM = "atgm"
    MIXED = "mixed"
    UNKNOWN = "unknown"


class ClaimStatus(StrEnum):
    """Who says the attack happened. On an incident the statuses of its sources combine."""

    CLAIMED = "claimed"  # by the perpetrator
    REPORTED = "reported"  # by media or witnesses
    CONFIRMED = "confirmed"  # by the target's authorities
    DENIED = "denied"
    INTERCEPTED = "intercepted"  # target side says the projectile was downed
    CLAIMED_AND_CONFIRMED = "claimed_and_confirmed"  # incident level only


class GeoPrecision(StrEnum):
    SITE = "site"  # a named base, airport, port, ship position
    TOWN = "town"
    DISTRICT = "district"
    REGION = "region"
    COUNTRY = "country"
    SEA = "sea"  # a sea area (Red Sea, Gulf of Aden)


class DatePrecision(StrEnum):
    DAY = "day"
    WEEK = "week"  # "earlier this week"
    MONTH = "month"
    REPORT = "report"  # no date in the text: the publication date stands in
    # An earlier attack told again without its day ("after the drone attack in Jordan"): it happened
    # before the report, which is the date given; such a report only joins an incident reported elsewhere.
    RETOLD = "retold"


@dataclass(frozen=True, slots=True)
class Article:
    """One news report as ingested. ``id`` is the hash of the canonical URL, else of the text."""

    id: str
    url: str | None
    outlet: str
    title: str
    text: str
    published_at: datetime | None  # the outlet's local wall-clock time; its day anchors relative dates
    language: str | None
    fetched_at: datetime
    content_hash: str
    external_id: str | None = None  # the input's own ``id`` field, echoed in exports
    source: str = ""  # where it came from: file path, feed URL, page URL
    metadata: dict[str, Any] = field(default_factory=dict)  # unknown input fields, kept verbatim


@dataclass(frozen=True, slots=True)
class Rejection:
    """An input item that could not be used, with the reason. Stored and counted, never silent."""

    source: str  # file path or URL
    item: str  # line number, entry link, ... : where in the source
    reason: str
    stage: str = "ingest"
    at: datetime | None = None


@dataclass(frozen=True, slots=True)
class Mention:
    """One reported attack, strike or interception in one article.

    ``evidence`` maps a field name (``"weapon"``, ``"actor"``, ``"target"``, ``"place"``, ``"date"``,
    ``"killed"``, ``"injured"``, ``"n_attacks"``, ``"claim"``, ``"origin"``, ``"trigger"``) to the
    character span in the article text that supports it.
    """

    id: str
    article_id: str
    sentence_span: Span
    sentence: str
    event_type: str
    weapon: str
    claim_status: str
    extractor_version: str
    n_attacks: int | None = None
    actor_text: str | None = None
    actor_id: str | None = None
    actor_umbrella: str | None = None  # registry id of the umbrella/front the actor claims under
    actor_backer: str | None = None
    target_text: str | None = None
    target_id: str | None = None  # gazetteer id when the target is a known site
    target_kind: str | None = None  # base, ship, city, military position, ...
    target_country: str | None = None  # ISO2
    origin_country: str | None = None  # ISO2, where it was launched from
    origin_inferred: bool = False  # True when inferred from the actor's theatre, not stated
    place_text: str | None = None
    place_id: str | None = None
    lat: float | None = None
    lon: float | None = None
    geo_precision: str | None = None
    event_date: date | None = None
    date_precision: str | None = None
    killed: int | None = None
    injured: int | None = None
    confidence: float = 0.5
    evidence: dict[str, Span] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Incident:
    """One real-world attack: the merge of every mention that reports it."""

    id: str
    event_date: date | None
    event_type: str
    weapon: str
    status: str
    mention_ids: tuple[str, ...]
    article_ids: tuple[str, ...]
    n_sources: int  # distinct outlets
    n_reports: int  # articles
    first_seen: datetime
    last_updated: datetime
    actor_id: str | None = None
    actor_umbrella: str | None = None
    actor_text: str | None = None
    target_text: str | None = None
    target_country: str | None = None
    target_kind: str | None = None
    place_text: str | None = None
    place_id: str | None = None
    lat: float | None = None
    lon: float | None = None
    geo_precision: str | None = None
    launch_country: str | None = None
    n_attacks: int | None = None
    killed: int | None = None
    injured: int | None = None
    review_status: str = "unreviewed"
    n_independent: int | None = None  # distinct outlets of original reports, not the attacker's own
    sources: tuple[Source, ...] = ()  # one per article, in publication order


@dataclass(frozen=True, slots=True)
class Source:
    """One article behind an incident, and how much independent weight it carries.

    ``copy_of`` names the earlier article whose text this one republishes (a syndicated wire story);
    ``own_channel`` is set when the report comes from the attacker itself, ``own_channel_reason`` says how
    that was decided (``"outlet"``: the outlet is the attacker's media; ``"claim only"``: the report
    carries nothing but the attacker's claim).
    """

    article_id: str
    outlet: str
    published_at: datetime | None = None
    copy_of: str | None = None
    own_channel: bool = False
    own_channel_reason: str | None = None


@dataclass(frozen=True, slots=True)
class Relation:
    """A typed tie between two actors, with the source that supports it and when it held."""

    kind: str  # member_of, front_for, backed_by, allied_with, rival_of
    target: str  # actor id
    source: str  # citation: outlet/report and date, or a reference work
    valid_from: date | None = None
    valid_to: date | None = None


@dataclass(frozen=True, slots=True)
class Actor:
    id: str
    name: str
    kind: str  # state_force, militia, umbrella, political_party, government, ...
    country: str | None  # ISO2 of the home country
    aliases: tuple[str, ...] = ()
    relations: tuple[Relation, ...] = ()
    side: str | None = None  # "axis" or "opposing": which side of the conflict, for scoping
    source: str = ""


@dataclass(frozen=True, slots=True)
class Place:
    id: str  # "gn:<geonameid>" for GeoNames, "site:<slug>" for curated sites
    name: str
    lat: float
    lon: float
    country: str  # ISO2
    admin1: str | None = None
    kind: str = "town"  # town, city, base, airport, port, oil_field, border_crossing, region, country, sea
    precision: str = GeoPrecision.TOWN
    radius_km: float = 5.0  # uncertainty radius of the coordinates
    aliases: tuple[str, ...] = ()
    source: str = ""


@dataclass(frozen=True, slots=True)
class RunRecord:
    id: str
    command: str
    started_at: datetime
    extractor_version: str
    finished_at: datetime | None = None
    status: str = "running"  # running, ok, failed
    params: dict[str, Any] = field(default_factory=dict)
    stats: dict[str, Any] = field(default_factory=dict)
