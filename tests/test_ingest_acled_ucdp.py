"""ACLED exports and UCDP GED files become incidents that keep the dataset's ids and sources."""

from __future__ import annotations

from pathlib import Path

import pytest

from proxywatch.api import sample_paths
from proxywatch.ingest.acled import parse_date, read_acled
from proxywatch.ingest.ucdp import read_ucdp
from proxywatch.models import Mention, Rejection
from proxywatch.pipeline import run
from proxywatch.scale.importer import ResolveComponents, import_dataset, resolve_components
from proxywatch.settings import load_settings
from proxywatch.store import open_store

DATA = Path(__file__).parent / "data"
ACLED = DATA / "acled_synthetic_sample.csv"
UCDP = DATA / "ucdp_ged_synthetic_sample.csv"
SHARED_UCDP = (
    Path(__file__).resolve().parents[2] / "shared" / "data" / "ucdp" / "ucdp_ged231_sample_middle_east.csv"
)


@pytest.fixture(scope="module")
def components() -> ResolveComponents:
    return resolve_components(load_settings())


def test_acled_rows_map_to_mentions_per_outlet() -> None:
    items = list(read_acled(ACLED, settings=load_settings()))
    mentions = {m.id: m for m in items if isinstance(m, Mention)}
    rejections = [(r.item, r.reason) for r in items if isinstance(r, Rejection)]
    # SYN0004 is a protest: out of scope, skipped without a rejection.
    assert sorted(mentions) == ["acled:SYN0001#0", "acled:SYN0001#1", "acled:SYN0002#0", "acled:SYN0003#0",
                                "acled:SYN0005#0"]  # fmt: skip
    assert rejections == [("row 7", "unreadable event_date 'sometime in October'")]
    drone = mentions["acled:SYN0001#0"]
    assert (drone.event_type, drone.weapon, drone.target_country, drone.place_text) == (
        "Air/drone strike",
        "drone",
        "IL",
        "Eilat",
    )
    rockets = mentions["acled:SYN0002#0"]
    assert (str(rockets.event_date), rockets.date_precision, rockets.geo_precision, rockets.weapon) == (
        "2024-10-02",
        "week",
        "district",
        "rocket",
    )
    intercepted = mentions["acled:SYN0003#0"]
    assert (intercepted.event_type, intercepted.claim_status, intercepted.weapon) == (
        "Interception",
        "intercepted",
        "ballistic_missile",
    )
    assert mentions["acled:SYN0005#0"].killed == 3


def test_acled_date_formats() -> None:
    assert str(parse_date("2024-10-01")) == str(parse_date("01 October 2024")) == "2024-10-01"
    assert str(parse_date("1-Oct-24")) == "2024-10-01"
    assert parse_date("2024-13-01") is None and parse_date("") is None


def test_acled_import_keeps_ids_outlets_and_resolves_actors(
    tmp_path: Path, components: ResolveComponents
) -> None:
    settings = load_settings()
    with open_store(tmp_path / "a.duckdb") as store:
        summary = import_dataset("acled", str(ACLED), store=store, settings=settings, components=components)
        assert (summary.records, summary.incidents_created, summary.rejected) == (4, 4, 1)
        incidents = {i.id: i for i in store.incidents()}
        assert sorted(incidents) == ["acled:SYN0001", "acled:SYN0002", "acled:SYN0003", "acled:SYN0005"]
        eilat = incidents["acled:SYN0001"]
        assert (eilat.n_sources, eilat.n_reports) == (2, 2)  # Example Wire and Example Daily
        assert eilat.actor_umbrella == "islamic-resistance-in-iraq"
        assert incidents["acled:SYN0002"].actor_umbrella == "hezbollah"
        assert incidents["acled:SYN0005"].killed == 3
        first_seen = eilat.first_seen
        again = import_dataset("acled", str(ACLED), store=store, settings=settings, components=components)
        assert (again.incidents_created, again.incidents_updated) == (0, 4)
        assert store.count_incidents() == 4 and store.count_mentions() == 5
        assert store.get_incidents(["acled:SYN0001"])[0].first_seen == first_seen


def test_a_later_run_keeps_the_imported_incidents(tmp_path: Path, components: ResolveComponents) -> None:
    """Reference articles count as extracted: a news run neither re-extracts nor drops their mentions."""
    settings = load_settings()
    with open_store(tmp_path / "a.duckdb") as store:
        import_dataset("acled", str(ACLED), store=store, settings=settings, components=components)
        before = {i.id: set(i.mention_ids) for i in store.incidents() if i.id.startswith("acled:")}
        run([str(sample_paths()[0])], store=store, settings=settings)
        after = {i.id: set(i.mention_ids) for i in store.incidents() if i.id.startswith("acled:")}
        assert set(after) == set(before)
        assert all(before[k] <= after[k] for k in before)
        assert len(store.get_mentions(sorted(set().union(*before.values())))) == 5


def test_ucdp_rows_map_to_one_incident_per_event(tmp_path: Path, components: ResolveComponents) -> None:
    items = list(read_ucdp(UCDP, settings=load_settings()))
    mentions = {m.id: m for m in items if isinstance(m, Mention)}
    assert sorted(mentions) == ["ucdp:990001#0", "ucdp:990001#1", "ucdp:990002#0", "ucdp:990003#0"]
    assert [(r.item, r.reason) for r in items if isinstance(r, Rejection)] == [
        ("row 5", "unreadable date_start 'not a date'")
    ]
    strike = mentions["ucdp:990001#0"]
    assert (strike.event_type, strike.weapon, strike.target_country, strike.killed) == (
        "Air/drone strike",
        "airstrike",
        "LB",
        2,
    )
    bomb = mentions["ucdp:990002#0"]
    expected = ("Remote explosive/landmine/IED", "week", "district")
    assert (bomb.event_type, bomb.date_precision, bomb.geo_precision) == expected
    assert (mentions["ucdp:990003#0"].target_country, mentions["ucdp:990003#0"].geo_precision) == (
        "YE",
        "country",
    )
    with open_store(tmp_path / "u.duckdb") as store:
        summary = import_dataset(
            "ucdp", str(UCDP), store=store, settings=load_settings(), components=components
        )
        assert summary.incidents_created == 3
        strike_incident = store.get_incidents(["ucdp:990001"])[0]
        assert strike_incident.n_sources == 2 and strike_incident.actor_umbrella == "israel"


def test_a_file_of_another_format_is_one_rejection() -> None:
    settings = load_settings()
    for reader, name in ((read_acled, "ACLED export"), (read_ucdp, "UCDP GED file")):
        items = list(reader(DATA / "gdelt_20241001134500.gkg.csv", settings=settings))
        assert len(items) == 1 and isinstance(items[0], Rejection) and name in items[0].reason


@pytest.mark.shared
@pytest.mark.skipif(not SHARED_UCDP.exists(), reason="../shared/data/ucdp is absent")
def test_real_ged_sample_imports_every_event(tmp_path: Path, components: ResolveComponents) -> None:
    with open_store(tmp_path / "u.duckdb") as store:
        summary = import_dataset(
            "ucdp", str(SHARED_UCDP), store=store, settings=load_settings(), components=components
        )
        assert summary.rejected == 0 and summary.records == summary.incidents_created == 317
        incidents = store.incidents()
        assert all(i.id.startswith("ucdp:") and i.event_date is not None for i in incidents)
        assert {i.target_country for i in incidents} == {"SY", "IQ", "YE", "IL", "LB", "IR"}
        assert all(i.lat is not None for i in incidents)


def test_a_new_extractor_version_leaves_imported_events_alone(tmp_path) -> None:
    """Reference articles (no text) are never re-extracted, so their imported mentions survive."""
    from datetime import datetime

    from proxywatch.models import Article
    from proxywatch.store import open_store

    with open_store(tmp_path / "r.duckdb") as store:
        reference = Article(
            id="ref",
            url="https://acled.invalid/e1",
            outlet="ACLED",
            title="",
            text="",
            published_at=None,
            language=None,
            fetched_at=datetime(2024, 1, 1),
            content_hash="h0",
            metadata={"reference": True},
        )
        report = Article(
            id="rep",
            url=None,
            outlet="o",
            title="",
            text="Drones struck Erbil.",
            published_at=None,
            language="en",
            fetched_at=datetime(2024, 1, 1),
            content_hash="h1",
        )
        store.add_articles([reference, report])
        assert store.articles_to_extract("rules-new") == ["rep"]
