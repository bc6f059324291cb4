"""Records come back field for field: spans, None values, dates, time zones, text in any script."""

from __future__ import annotations

from dataclasses import fields, replace
from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from proxywatch.models import Article, ClaimStatus, EventType, Incident, Mention, Weapon
from proxywatch.store.rows import ARTICLE_COLUMNS, INCIDENT_COLUMNS, MENTION_COLUMNS

BEIRUT = timezone(timedelta(hours=3))


def _assert_same(got, want) -> None:
    for f in fields(want):
        assert getattr(got, f.name) == getattr(want, f.name), f.name
    assert got == want


def full_mention(make_mention, **overrides) -> Mention:
    values = dict(
        id="m-full",
        sentence_span=(120, 310),
        sentence="المقاومة الإسلامية في العراق: four drones hit Eilat.",
        event_type=EventType.AIR_DRONE_STRIKE,
        weapon=Weapon.DRONE,
        claim_status=ClaimStatus.CLAIMED,
        extractor_version="rules-1.2",
        n_attacks=4,
        actor_text="Islamic Resistance in Iraq",
        actor_id="iri",
        actor_umbrella="iri",
        actor_backer="irgc_qf",
        target_text="Eilat port",
        target_id="site:eilat-port",
        target_kind="port",
        target_country="IL",
        origin_country="IQ",
        origin_inferred=True,
        place_text="Eilat",
        place_id="gn:295277",
        lat=29.55805,
        lon=34.94821,
        geo_precision="site",
        event_date=date(2024, 10, 4),
        date_precision="day",
        killed=2,
        injured=0,
        confidence=0.8125,
        evidence={"weapon": (140, 151), "actor": (120, 139), "n_attacks": (135, 139), "date": (0, 0)},
    )
    return make_mention(**{**values, **overrides})


def test_mention_with_every_field_set(store, make_mention) -> None:
    mention = full_mention(make_mention)
    store.replace_mentions("art1", [mention], extractor_version="rules-1.2", run_id="run-1")
    [got] = store.get_mentions(["m-full"])
    _assert_same(got, mention)
    assert isinstance(got.evidence["weapon"], tuple) and isinstance(got.sentence_span, tuple)


def test_mention_with_every_optional_field_empty(store) -> None:
    bare = Mention(
        id="m-bare",
        article_id="art1",
        sentence_span=(0, 0),
        sentence="",
        event_type="Interception",
        weapon="unknown",
        claim_status="reported",
        extractor_version="v",
    )
    store.replace_mentions("art1", [bare], extractor_version="v", run_id=None)
    _assert_same(store.get_mentions(["m-bare"])[0], bare)


def test_mentions_through_the_bulk_path(store, make_mention) -> None:
    many = [full_mention(make_mention, id=f"m{i}") if i % 2 else make_mention(id=f"m{i}") for i in range(40)]
    many[5] = replace(many[5], lat=33, lon=None)  # an int where a float is expected
    store.replace_mentions("art1", many, extractor_version="v", run_id=None)
    got = store.get_mentions([m.id for m in many])
    for g, m in zip(got, many, strict=True):
        _assert_same(g, m)


def test_article_fields_and_time_zones(store, make_article) -> None:
    article = make_article(
        id="a-full",
        url=None,
        title="Rockets on Kiryat Shmona",
        text="Line one.\nسطر عربي\n\ttabbed — dash “quotes” 🚀",
        published_at=datetime(2024, 10, 1, 23, 30, 5, 250000, tzinfo=BEIRUT),
        language=None,
        fetched_at=datetime(2024, 10, 2, 6, 0, 0, 1, tzinfo=UTC),
        external_id="gold-17",
        source="/data/sample.jsonl",
        metadata={"section": "world", "tags": ["iraq", "drones"], "nested": {"n": 1, "x": None}},
    )
    store.add_articles([article])
    [got] = store.get_articles(["a-full"])
    _assert_same(got, article)  # aware datetimes compare by instant
    assert got.published_at.tzinfo == UTC  # stored and returned as UTC
    assert got.published_at == datetime(2024, 10, 1, 20, 30, 5, 250000, tzinfo=UTC)


def test_article_with_no_publication_date_and_naive_times(store, make_article) -> None:
    naive = datetime(2024, 10, 1, 8, 15)
    article = make_article(id="a-naive", published_at=None, fetched_at=naive, metadata={})
    store.add_articles([article])
    [got] = store.get_articles(["a-naive"])
    assert got.published_at is None
    assert got.fetched_at == naive.replace(tzinfo=UTC)  # a naive time is taken as UTC
    _assert_same(got, replace(article, fetched_at=naive.replace(tzinfo=UTC)))


def test_articles_through_the_bulk_path(store, make_article) -> None:
    times = [None if i % 3 == 0 else datetime(2024, 10, 1, i, tzinfo=BEIRUT) for i in range(24)]
    batch = [make_article(published_at=t) for t in times]
    store.add_articles(batch)
    for got, want in zip(store.get_articles([a.id for a in batch]), batch, strict=True):
        _assert_same(got, want)


def test_incident_fields(store, make_incident) -> None:
    full = make_incident(
        id="i-full",
        event_date=date(2024, 10, 4),
        status=ClaimStatus.CLAIMED_AND_CONFIRMED,
        mention_ids=("m1", "m2", "m3"),
        article_ids=("a1", "a2"),
        n_sources=2,
        n_reports=2,
        first_seen=datetime(2024, 10, 4, 5, 0, tzinfo=BEIRUT),
        last_updated=datetime(2024, 10, 5, 7, 1, 2, 3, tzinfo=UTC),
        actor_id="kh",
        actor_umbrella="iri",
        actor_text="Kata'ib Hezbollah",
        target_text="Golan Heights",
        target_country="IL",
        target_kind="military position",
        place_text="Golan",
        place_id="gn:294564",
        lat=33.0,
        lon=35.75,
        geo_precision="region",
        launch_country="IQ",
        n_attacks=3,
        killed=0,
        injured=None,
        review_status="confirmed",
    )
    bare = make_incident(id="i-bare", event_date=None, mention_ids=(), article_ids=())
    store.save_incidents([full, bare])
    got_full, got_bare = store.get_incidents(["i-full", "i-bare"])
    _assert_same(got_full, full)
    _assert_same(got_bare, bare)
    assert isinstance(got_full.mention_ids, tuple)


@pytest.mark.parametrize(
    ("record", "columns", "derived"),
    [
        (Article, ARTICLE_COLUMNS, {"run_id", "ingested_at", "seq"}),
        (Mention, MENTION_COLUMNS, {"sentence_start", "sentence_end", "run_id"}),
        (Incident, INCIDENT_COLUMNS, set()),
    ],
)
def test_every_record_field_has_a_column(record, columns, derived) -> None:
    names = {name for name, _ in columns}
    expected = {f.name for f in fields(record)} - {"sentence_span"}
    assert names - derived == expected


def test_nul_characters_do_not_fail_a_batch(store, make_article) -> None:
    # Broken pages carry NULs; PostgreSQL cannot store them, so that backend drops them.
    article = make_article(id="nul", text="before\x00after", metadata={"raw": "x\x00y"})
    assert store.add_articles([article, make_article(id="fine")]) == ["nul", "fine"]
    [got] = store.get_articles(["nul"])
    assert got.text in ("before\x00after", "beforeafter")
    assert got.metadata["raw"] in ("x\x00y", "xy")
