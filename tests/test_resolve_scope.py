"""The watched conflict's scope: attacks by actors outside it are stored, flagged and never incidents."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from proxywatch.errors import ConfigError
from proxywatch.extract.sentences import split_sentences
from proxywatch.pipeline import build_components, run
from proxywatch.resolve.scope import OUT_OF_SCOPE, in_scope, parse_sides
from proxywatch.settings import load_settings
from proxywatch.store import open_store

OUTSIDE = (
    "Jihadist militants struck a police checkpoint near Mosul on Tuesday, security sources said. "
    "ISIS militants struck an army post in a village north of Kirkuk on Tuesday, killing two soldiers."
)


def test_a_jihadist_attack_on_a_local_army_is_outside_the_conflict(extract_text) -> None:
    mentions = extract_text(OUTSIDE, published=date(2024, 5, 15))
    isis = [m for m in mentions if m.actor_id == "isis"]
    assert isis, "the group before 'militants struck' is the attacker"
    assert all(not in_scope(m) for m in isis)
    (m, *_) = isis
    start, end = m.evidence[OUT_OF_SCOPE]
    assert m.sentence.find("ISIS") >= 0 and (end - start) == len("ISIS")


def test_a_group_noun_with_an_auxiliary_names_the_killer(extract_text) -> None:
    (m,) = extract_text(
        "A monitor said on Thursday that ISIS extremists had killed six people when they ambushed a convoy "
        "near Palmyra.",
        published=date(2024, 7, 5),
    )
    assert m.actor_id == "isis" and not in_scope(m)


def test_an_attack_on_a_watched_force_stays_in_scope_whoever_the_attacker(extract_text) -> None:
    (m,) = extract_text(
        "ISIS fighters attacked US troops at the al-Tanf garrison on Monday, the Pentagon said.",
        published=date(2024, 3, 5),
    )
    assert m.actor_id == "isis" and in_scope(m)


def test_a_bombing_of_a_watched_states_people_is_not_its_war(extract_text) -> None:
    (m,) = extract_text(
        "ISIS militants attacked Iranian pilgrims in Kerman on Wednesday, killing 40.",
        published=date(2024, 1, 4),
    )
    assert m.actor_id == "isis" and not in_scope(m)


def test_the_watched_sides_attacks_stay_in_scope(extract_text) -> None:
    for text in (
        "Kataib Hezbollah fired rockets at the al-Tanf garrison on Monday, a statement said.",
        "The IDF said its fighter jets struck Hodeidah port in Yemen on Saturday.",
    ):
        (m,) = extract_text(text, published=date(2024, 7, 21))
        assert in_scope(m), text


def test_the_scope_setting_reads_registry_sides() -> None:
    assert parse_sides("axis, opposing") == {"axis", "opposing"}
    assert parse_sides(["other"]) == {"other"}
    with pytest.raises(ConfigError, match="martians"):
        parse_sides("axis,martians")


def test_watching_every_side_keeps_every_attack() -> None:
    components = build_components(load_settings(scope_sides="axis,opposing,other"))
    mention = next(
        m for m in _extract(components, OUTSIDE, published=date(2024, 5, 15)) if m.actor_id == "isis"
    )
    assert in_scope(mention)


def test_a_run_stores_and_counts_what_is_out_of_scope_but_makes_no_incident_of_it(
    tmp_path: Path, components
) -> None:
    source = tmp_path / "news.jsonl"
    rows = [
        {"url": "https://a.test/1", "outlet": "A", "published": "2024-05-15", "title": "", "text": OUTSIDE},
        {
            "url": "https://b.test/2",
            "outlet": "B",
            "published": "2024-05-15",
            "title": "",
            "text": "Kataib Hezbollah fired rockets at the al-Tanf garrison on Tuesday, a statement said.",
        },
    ]
    source.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    db = tmp_path / "t.duckdb"
    with open_store(db) as store:
        summary = run([str(source)], store=store, settings=load_settings(db=str(db)), components=components)
        assert summary.out_of_scope >= 1 and summary.mentions > summary.out_of_scope
        incidents = store.incidents()
        in_incidents = {m for inc in incidents for m in inc.mention_ids}
        outside = [m for m in store.unclustered_mentions() if not in_scope(m)]
        assert outside and not in_incidents & {m.id for m in outside}
        assert "kataib-hezbollah" in {inc.actor_id for inc in incidents}
        assert "isis" not in {inc.actor_id for inc in incidents}


def test_a_wrapped_line_does_not_end_a_sentence() -> None:
    text = "The group said it\ncarried out the blasts in the city.\nPolice Chief Says\nNo one was hurt."
    sentences = [text[s:e] for s, e in split_sentences(text)]
    assert sentences[0] == "The group said it\ncarried out the blasts in the city."
    assert "Police Chief Says" in sentences


def _extract(components, text: str, *, published: date):
    from datetime import UTC, datetime

    from proxywatch.models import Article, stable_id

    article = Article(
        id=stable_id(text),
        url=None,
        outlet="Test Wire",
        title="",
        text=text,
        published_at=datetime(published.year, published.month, published.day, 12, 0),
        language="en",
        fetched_at=datetime(2024, 10, 2, tzinfo=UTC),
        content_hash=stable_id(text),
    )
    return components.resolver.resolve_article(components.extractor.extract(article), article)


def test_an_attack_in_another_wars_country_is_out_of_scope_unless_watched(components) -> None:
    text = "An Israeli airstrike hit a school in Khan Younis on Tuesday, killing 12 people."
    (m,) = _extract(components, text, published=date(2024, 3, 6))
    assert m.target_country == "PS" and not in_scope(m)
    watching = build_components(load_settings(scope_other_wars=""))
    (m,) = _extract(watching, text, published=date(2024, 3, 6))
    assert in_scope(m)
