"""The bundled sample corpus and its gold labels are consistent with each other and with the contracts.

The demo and ``proxywatch eval`` both read these files, so a broken link or an out-of-window date here
would silently skew every figure the demo shows.
"""

from __future__ import annotations

import csv
import json
import re
from collections import Counter
from datetime import date, timedelta
from pathlib import Path

import pytest

SAMPLE = Path(__file__).resolve().parents[1] / "src" / "proxywatch" / "data" / "sample"
DEVNEWS = Path(__file__).resolve().parents[2] / "shared" / "data" / "devnews"

ARTICLE_FIELDS = ["id", "url", "outlet", "published", "language", "title", "text", "sources", "basis"]
INCIDENT_COLUMNS = (
    "incident_id,date,attacker,attacker_umbrella,target,target_country,target_place,latitude,"
    "longitude,weapon,launch_country,killed,injured,status,article_ids,notes"
).split(",")
WINDOW = (date(2024, 9, 5), date(2024, 10, 20))
TRIGGER = date(2024, 9, 27)  # Israel killed Hassan Nasrallah in Beirut
AFTER_END = date(2024, 10, 16)
WEAPONS = {
    "drone",
    "cruise_missile",
    "ballistic_missile",
    "rocket",
    "mortar",
    "airstrike",
    "mixed",
    "unknown",
}
STATUSES = {"claimed", "confirmed", "claimed_and_confirmed", "reported"}
UMBRELLAS = {
    "IRI",
    "IRI (suspected)",
    "Hezbollah",
    "Hezbollah (suspected)",
    "Houthis",
    "Iran",
    "Israel",
    "US",
}
ISRAEL = {"Israel", "Israel-controlled Golan Heights"}


def _articles() -> list[dict]:
    with (SAMPLE / "articles.jsonl").open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def _csv(name: str) -> list[dict[str, str]]:
    with (SAMPLE / name).open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def _header(name: str) -> list[str]:
    with (SAMPLE / name).open(encoding="utf-8", newline="") as f:
        return next(csv.reader(f))


def test_articles_follow_the_input_contract() -> None:
    articles = _articles()
    assert len(articles) >= 70
    ids = [a["id"] for a in articles]
    assert len(set(ids)) == len(ids)
    assert len({a["url"] for a in articles}) == len(articles)
    for a in articles:
        assert list(a) == ARTICLE_FIELDS, a["id"]
        assert a["language"] == "en"
        assert a["title"].strip() and a["outlet"].strip(), a["id"]
        assert 80 <= len(a["text"].split()) <= 300, a["id"]
        published = date.fromisoformat(a["published"])
        assert WINDOW[0] <= published <= WINDOW[1], a["id"]
        assert isinstance(a["sources"], list) and a["sources"], a["id"]
        assert all(isinstance(s, str) and ", 2024-" in s for s in a["sources"]), a["id"]
        # Texts written to the tracker's pattern, not to one dated report, must not wear a real outlet's name.
        assert a["basis"] in ("anchored", "representative"), a["id"]
        if a["basis"] == "representative":
            assert a["outlet"].endswith("(illustrative sample)")
            assert ".illustrative-sample.invalid/" in a["url"]


def test_urls_use_the_reserved_invalid_domain() -> None:
    for a in _articles():
        host = a["url"].split("://", 1)[1].split("/", 1)[0]
        assert a["url"].startswith("https://") and host.endswith(".invalid"), a["url"]
        assert f"/{a['published'].replace('-', '/')}/" in a["url"], a["url"]


def test_incidents_use_devnews_columns_and_vocabularies() -> None:
    assert _header("incidents.csv") == INCIDENT_COLUMNS
    assert _header("article_labels.csv") == ["article_id", "kind", "incident_ids"]
    for row in _csv("incidents.csv"):
        day = date.fromisoformat(row["date"])
        assert WINDOW[0] <= day <= WINDOW[1], row["incident_id"]
        assert row["weapon"] in WEAPONS, row
        assert row["status"] in STATUSES, row
        assert row["attacker_umbrella"] in UMBRELLAS, row
        assert (row["latitude"] == "") == (row["longitude"] == ""), row["incident_id"]
        if row["latitude"]:
            assert -90 <= float(row["latitude"]) <= 90 and -180 <= float(row["longitude"]) <= 180
        for count in (row["killed"], row["injured"]):
            assert count == "" or int(count) >= 0


@pytest.mark.skipif(not DEVNEWS.is_dir(), reason="shared devnews data not available")
def test_same_header_as_devnews() -> None:
    for name in ("incidents.csv", "article_labels.csv"):
        with (DEVNEWS / name).open(encoding="utf-8", newline="") as f:
            assert next(csv.reader(f)) == _header(name)


def test_links_between_articles_incidents_and_labels_agree() -> None:
    articles = {a["id"]: a for a in _articles()}
    incidents = {r["incident_id"]: r for r in _csv("incidents.csv")}
    labels = {r["article_id"]: r for r in _csv("article_labels.csv")}
    assert set(labels) == set(articles)
    linked_from_labels: dict[str, set[str]] = {i: set() for i in incidents}
    for article_id, row in labels.items():
        assert row["kind"] in {"report", "distractor", "analysis"}
        ids = row["incident_ids"].split()
        assert len(ids) == len(set(ids)), article_id
        if row["kind"] == "report":
            assert ids, f"{article_id} is a report without incidents"
        for incident_id in ids:
            assert incident_id in incidents, (article_id, incident_id)
            linked_from_labels[incident_id].add(article_id)
    for incident_id, row in incidents.items():
        article_ids = row["article_ids"].split()
        assert article_ids, incident_id
        assert all(a in articles for a in article_ids), incident_id
        assert set(article_ids) == linked_from_labels[incident_id], incident_id
        # An article cannot describe an attack that happened after it was published.
        for a in article_ids:
            assert date.fromisoformat(articles[a]["published"]) >= date.fromisoformat(row["date"]), (
                a,
                incident_id,
            )


def test_mix_of_reports_and_distractors() -> None:
    kinds = Counter(r["kind"] for r in _csv("article_labels.csv"))
    assert kinds["distractor"] + kinds["analysis"] >= 12
    iri_articles = {
        a for r in _csv("incidents.csv") if r["attacker_umbrella"] == "IRI" for a in r["article_ids"].split()
    }
    assert len(iri_articles) >= 35
    multi = [r for r in _csv("article_labels.csv") if len(r["incident_ids"].split()) >= 2]
    assert len(multi) >= 10  # several attacks in one text: the extractor must split them
    outlets = Counter(a["outlet"] for a in _articles())
    assert len(outlets) >= 10


def test_iri_attacks_on_israel_rise_after_nasrallah_killing() -> None:
    days = [
        date.fromisoformat(r["date"])
        for r in _csv("incidents.csv")
        if r["attacker_umbrella"] == "IRI" and r["target_country"] in ISRAEL
    ]
    before = sum(TRIGGER - timedelta(days=19) <= d < TRIGGER for d in days)
    after = sum(TRIGGER <= d <= AFTER_END for d in days)
    assert before >= 3, "the corpus must show a (lower) pace before the trigger, not nothing"
    assert after >= 2 * before, (before, after)


def test_the_golan_base_attack_is_one_multi_outlet_incident() -> None:
    articles = {a["id"]: a for a in _articles()}
    rows = [
        r
        for r in _csv("incidents.csv")
        if r["date"] == "2024-10-04" and r["killed"] == "2" and r["launch_country"] == "Iraq"
    ]
    assert len(rows) == 1
    linked = rows[0]["article_ids"].split()
    assert len({articles[a]["outlet"] for a in linked}) >= 4
    assert len({articles[a]["published"] for a in linked}) >= 3  # follow-ups on later days


def _place_words(row: dict[str, str]) -> set[str]:
    words = set(re.findall(r"[A-Z][\w'-]{3,}", f"{row['target_place']} {row['target']}"))
    if "Eilat" in words:
        words.add("Umm al-Rashrash")  # the name Iraqi and pan-Arab outlets use
    return words


def test_every_linked_article_names_the_incident_place() -> None:
    """A label is only as good as its text: each linked article must name the place or target."""
    texts = {a["id"]: a["text"] for a in _articles()}
    for row in _csv("incidents.csv"):
        words = _place_words(row)
        for article_id in row["article_ids"].split():
            assert any(w in texts[article_id] for w in words), (row["incident_id"], article_id, words)


def _shingles(text: str, n: int = 8) -> set[tuple[str, ...]]:
    words = re.findall(r"\w+", text.lower())
    return {tuple(words[i : i + n]) for i in range(len(words) - n + 1)}


@pytest.mark.skipif(not DEVNEWS.is_dir(), reason="shared devnews data not available")
def test_texts_are_not_copied_from_devnews() -> None:
    seen: set[tuple[str, ...]] = set()
    with (DEVNEWS / "articles.jsonl").open(encoding="utf-8") as f:
        for line in f:
            seen |= _shingles(json.loads(line)["text"])
    for a in _articles():
        shared = _shingles(a["text"]) & seen
        assert len(shared) <= 2, (a["id"], sorted(" ".join(s) for s in shared)[:3])  # stock phrases only
