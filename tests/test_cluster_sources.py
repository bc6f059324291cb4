"""Independent sources: syndicated copies fold into their original; the attacker's own channel is marked."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from proxywatch.api import describe_incident
from proxywatch.cluster.incidents import cluster_mentions
from proxywatch.cluster.sources import containment, find_copies, own_channel, shingles
from proxywatch.settings import Settings

WIRE = (
    "Drones launched from Iraq struck a military site near the port city of Eilat early on Friday, the "
    "Israeli military said, adding that air defences intercepted two of the three aircraft before they "
    "reached the coast and that nobody was hurt in the attack on the southern city."
)
OTHER = (
    "Our correspondent in Eilat heard two explosions over the bay before dawn; residents said sirens "
    "sounded across the southern city and that a building near the marina had its windows broken."
)
PLACE = dict(place_id="site:eilat", place_text="Eilat", lat=29.557, lon=34.952, geo_precision="town",
             target_country="IL")  # fmt: skip
IRI = dict(actor_id="islamic-resistance-in-iraq", actor_umbrella="islamic-resistance-in-iraq",
           actor_text="the Islamic Resistance in Iraq")  # fmt: skip


def test_a_republished_wire_story_is_a_copy_of_the_earliest_and_other_text_is_not(make_article) -> None:
    original = make_article(id="wire", text=WIRE)
    later = original.published_at + timedelta(hours=2)
    copy = make_article(id="copy", outlet="Daily Site", text="UPDATED: " + WIRE + " Read more news here.",
                        published_at=later)  # fmt: skip
    own = make_article(id="own", outlet="Local Desk", text=OTHER, published_at=later)
    assert containment(shingles(WIRE), shingles(copy.text)) == 1.0
    assert containment(shingles(WIRE), shingles(OTHER)) == 0.0
    # given in any order, the copy points at the article published first
    assert find_copies([copy, own, original]) == {"copy": "wire"}


def test_short_texts_are_copies_only_when_identical(make_article) -> None:
    a = make_article(id="a", text="Drones hit Eilat.")
    b = make_article(id="b", text="Drones hit Eilat!")
    c = make_article(id="c", text="Drones hit Haifa.")
    assert find_copies([a, b, c]) == {"b": "a"}


def test_the_attackers_own_channel(make_mention) -> None:
    claim = make_mention(claim_status="claimed", **IRI)
    seen = make_mention(claim_status="reported", **IRI)
    hezbollah = make_mention(claim_status="reported", actor_id="hezbollah", actor_umbrella="hezbollah")
    israel = make_mention(claim_status="reported", actor_id="israel-defense-forces", actor_umbrella="israel",
                          actor_text="IDF")  # fmt: skip
    assert own_channel("Islamic Resistance in Iraq (Telegram)", [seen]) == "outlet"
    assert own_channel("Hezbollah Military Media", [hezbollah]) == "outlet"
    assert own_channel("IDF Spokesperson", [israel]) == "outlet"
    # an outlet that merely carries a country's or group's name in its title is not the attacker's own
    assert own_channel("The Times of Israel", [israel]) is None
    assert own_channel("Hezbollah Watch Weekly", [hezbollah]) is None
    # a report carrying nothing but the attacker's claim adds no independent evidence
    assert own_channel("Example Wire", [claim]) == "claim only"
    assert own_channel("Example Wire", [claim, seen]) is None


def test_an_incident_counts_outlets_and_independent_sources(store, make_article, make_mention) -> None:
    wire = make_article(id="wire", outlet="Example Wire", text=WIRE)
    later = wire.published_at + timedelta(hours=1)
    articles = [
        wire,
        make_article(id="copy", outlet="Daily Site", text=WIRE + " More soon.", published_at=later),
        make_article(id="local", outlet="Local Desk", text=OTHER, published_at=later),
        make_article(
            id="tg", outlet="Islamic Resistance in Iraq", text="We struck Eilat.", published_at=later
        ),
    ]
    store.add_articles(articles)
    for n, article in enumerate(articles):
        status = "claimed" if article.id == "tg" else "reported"
        m = make_mention(id=f"m{n}", article_id=article.id, claim_status=status, **PLACE, **IRI)
        store.replace_mentions(article.id, [m], extractor_version="t", run_id=None)
    result = cluster_mentions(store.unclustered_mentions(), store=store, settings=Settings())
    store.save_incidents(result.saved, removed=result.removed)
    (incident,) = store.incidents()
    assert (incident.n_reports, incident.n_sources, incident.n_independent) == (4, 4, 2)
    marks = {s.article_id: (s.copy_of, s.own_channel_reason) for s in incident.sources}
    assert marks == {
        "wire": (None, None),
        "copy": ("wire", None),
        "local": (None, None),
        "tg": (None, "outlet"),
    }
    assert incident.sources[0].article_id == "wire"  # publication order
    shown = describe_incident(store, incident.id)
    assert "4 outlets, 2 independent" in shown
    assert "[copy of wire]" in shown and "[attacker's own channel: outlet]" in shown
    assert "history" in shown and "created" in shown


def test_sources_survive_the_store_and_a_change_of_sources_is_history(store, make_incident) -> None:
    from proxywatch.models import Source

    a = make_incident(n_independent=1, sources=(Source(article_id="art1", outlet="Example Wire"),))
    store.save_incidents([a])
    assert store.get_incidents([a.id]) == [a]
    b = replace(a, mention_ids=("men1", "men9"), article_ids=("art1", "art9"), n_reports=2, n_independent=1,
                sources=(*a.sources, Source(article_id="art9", outlet="Daily", copy_of="art1")))  # fmt: skip
    store.save_incidents([b])
    assert store.get_incidents([a.id]) == [b]
    change = store.incident_history(a.id)[-1]
    assert change.action == "updated" and change.details["added"] == ["men9"]
    assert "sources" in change.details["changed"]
