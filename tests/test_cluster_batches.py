"""Clustering in one date sweep: batches saved as they finish give the same incidents as one pass."""

from __future__ import annotations

import random
from datetime import date, timedelta

from hypothesis import given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from proxywatch.cluster.incidents import _beyond_reach, _compatible, _Group, cluster_batches, cluster_mentions
from proxywatch.models import Mention
from proxywatch.settings import Settings
from proxywatch.store import open_store

START = date(2024, 9, 1)
PLACES = [(f"p{i}", "IL" if i % 2 else "IQ", 30 + i * 0.3, 35 + (i % 5) * 0.4) for i in range(12)]


def _reports(n: int, *, seed: int = 3) -> list[Mention]:
    """Attacks over two months, each reported 1-4 times on its day or the next."""
    rng = random.Random(seed)
    out: list[Mention] = []
    while len(out) < n:
        day = START + timedelta(days=rng.randrange(60))
        place, country, lat, lon = rng.choice(PLACES)
        umbrella = rng.choice(["islamic-resistance-in-iraq", "hezbollah", None])
        for _ in range(rng.randint(1, 4)):
            k = len(out)
            out.append(
                Mention(id=f"m{k:04d}", article_id=f"a{k:04d}", sentence_span=(0, 1), sentence="x",
                        event_type="Air/drone strike", weapon="drone", claim_status="reported",
                        extractor_version="t", actor_id=umbrella, actor_umbrella=umbrella, place_id=place,
                        lat=lat, lon=lon, geo_precision="town", target_country=country,
                        event_date=day + timedelta(days=rng.choice((0, 0, 1))), date_precision="day")
            )  # fmt: skip
    return out[:n]


def _load(store, mentions: list[Mention]) -> None:
    store.replace_mentions_batch([(m.article_id, [m]) for m in mentions], extractor_version="t", run_id=None)


def _partition(store) -> list[tuple[str, tuple[str, ...]]]:
    return sorted((i.id, i.mention_ids) for i in store.incidents())


def test_small_batches_saved_as_they_come_give_the_same_incidents(tmp_path) -> None:
    reports = _reports(400)
    with open_store(tmp_path / "one.duckdb") as one, open_store(tmp_path / "many.duckdb") as many:
        _load(one, reports)
        _load(many, reports)
        result = cluster_mentions(one.unclustered_mentions(), store=one, settings=Settings())
        one.save_incidents(result.saved, removed=result.removed)
        parts = 0
        for part in cluster_batches(
            many.unclustered_mentions(), store=many, settings=Settings(), batch_size=5
        ):
            many.save_incidents(part.saved, removed=part.removed)
            parts += 1
        assert parts > 10  # the sweep really handed its work over in pieces
        assert _partition(many) == _partition(one)
        assert len(_partition(one)) < len(reports)  # and reports did merge


def test_adding_the_second_half_later_keeps_the_first_halfs_ids(tmp_path) -> None:
    reports = _reports(300, seed=5)
    first = [m for m in reports if m.event_date < START + timedelta(days=30)]
    with open_store(tmp_path / "t.duckdb") as store:
        _load(store, first)
        for part in cluster_batches(
            store.unclustered_mentions(), store=store, settings=Settings(), batch_size=4
        ):
            store.save_incidents(part.saved, removed=part.removed)
        early = {i.id for i in store.incidents()}
        _load(store, [m for m in reports if m not in first])
        for part in cluster_batches(
            store.unclustered_mentions(), store=store, settings=Settings(), batch_size=4
        ):
            store.save_incidents(part.saved, removed=part.removed)
        assert early <= {i.id for i in store.incidents()}
        held = [m for i in store.incidents() for m in i.mention_ids]
        assert sorted(held) == sorted(m.id for m in reports)  # every report in exactly one incident


def test_finished_incidents_are_handed_over_before_the_sweep_ends(tmp_path) -> None:
    reports = _reports(200, seed=9)
    last_day = max(m.event_date for m in reports)
    with open_store(tmp_path / "t.duckdb") as store:
        _load(store, reports)
        first = next(
            cluster_batches(store.unclustered_mentions(), store=store, settings=Settings(), batch_size=3)
        )
        assert first.saved and all(i.event_date < last_day - timedelta(days=20) for i in first.saved)


_coord = st.tuples(st.floats(29, 34), st.floats(34, 36), st.sampled_from(["town", "site", None, "region"]))


@hsettings(max_examples=300, deadline=None)
@given(mine=_coord, others=st.lists(_coord, min_size=1, max_size=4), gap=st.integers(0, 1))
def test_the_latitude_precheck_never_refuses_what_scoring_accepts(mine, others, gap) -> None:
    def mention(i: int, lat: float, lon: float, precision: str | None, day: date) -> Mention:
        return Mention(id=f"m{i}", article_id=f"a{i}", sentence_span=(0, 1), sentence="x",
                       event_type="Air/drone strike", weapon="drone", claim_status="reported",
                       extractor_version="t",
                       lat=lat, lon=lon, geo_precision=precision, target_country="IL", event_date=day,
                       date_precision="day", actor_umbrella="hezbollah", place_id=f"p{i}")  # fmt: skip

    group = _Group(mentions=[mention(i, *c, START) for i, c in enumerate(others)])
    m = mention(99, *mine, START + timedelta(days=gap))
    for radius in (5.0, 60.0):
        if _beyond_reach(m, group, radius_km=radius):
            assert _compatible(m, group, window=1, radius_km=radius) is None
