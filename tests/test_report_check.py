"""The brief checker: a fresh brief passes; tampered figures, lost incidents and bad citations are caught."""

from __future__ import annotations

import csv
import json
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from proxywatch.models import Article, Incident
from proxywatch.report.brief import Brief, build_brief, render_markdown
from proxywatch.report.check import check_brief

SEEN = datetime(2024, 10, 20, tzinfo=UTC)
TRIGGER = date(2024, 9, 27)
START, END = date(2024, 9, 17), date(2024, 10, 6)


def _world() -> tuple[list[Incident], dict[str, Article]]:
    incidents, articles = [], {}
    days = [date(2024, 9, 20), date(2024, 9, 24)] + [TRIGGER + timedelta(days=k) for k in range(6)]
    for n, day in enumerate(days):
        aid = f"a{n}"
        articles[aid] = Article(
            id=aid,
            url=f"https://news.invalid/{aid}",
            outlet="Outlet",
            title=f"Report {n}",
            text="",
            published_at=datetime.combine(day, datetime.min.time(), tzinfo=UTC),
            language="en",
            fetched_at=SEEN,
            content_hash=aid,
        )
        incidents.append(
            Incident(
                id=f"i{n}",
                event_date=day,
                event_type="Shelling/artillery/missile attack",
                weapon="rocket" if n % 2 else "drone",
                status="claimed",
                mention_ids=(),
                article_ids=(aid,),
                n_sources=1,
                n_reports=1,
                first_seen=SEEN,
                last_updated=SEEN,
                actor_id="hezbollah",
                target_country="IL",
                killed=2 if n == 3 else None,
            )
        )
    return incidents, articles


def _brief(incidents: list[Incident], articles: dict[str, Article]) -> Brief:
    return build_brief(
        incidents, [], articles, start=START, end=END, trigger=TRIGGER, focus={"umbrella": "hezbollah"}
    )


def test_fresh_brief_passes() -> None:
    incidents, articles = _world()
    assert check_brief(_brief(incidents, articles), incidents, articles) == []
    assert check_brief(_brief(incidents, articles), incidents, list(articles.values())) == []


def test_tampered_figure_is_caught() -> None:
    incidents, articles = _world()
    brief = _brief(incidents, articles)
    tampered = replace(brief, total=replace(brief.total, value=brief.total.value + 5))
    problems = check_brief(tampered, incidents, articles)
    assert len(problems) == 1 and "says 13 but the incidents give 8" in problems[0]
    weapon_table = next(t for t in brief.tables if t.key == "weapon")
    label, fig = weapon_table.rows[0]
    wrong_ids = replace(fig, incident_ids=fig.incident_ids[:-1])
    tables = tuple(
        replace(t, rows=((label, wrong_ids), *t.rows[1:])) if t.key == "weapon" else t for t in brief.tables
    )
    problems = check_brief(replace(brief, tables=tables), incidents, articles)
    assert any("cites the wrong incidents" in p for p in problems)


def test_tampered_rate_ratio_is_caught() -> None:
    incidents, articles = _world()
    brief = _brief(incidents, articles)
    assert brief.comparison is not None and brief.ratio is not None
    rate = replace(brief.comparison.rate, low=brief.comparison.rate.low * 2)
    problems = check_brief(
        replace(brief, comparison=replace(brief.comparison, rate=rate)), incidents, articles
    )
    assert problems and all(p.startswith("rate ratio low") for p in problems)


def test_changed_database_is_caught() -> None:
    incidents, articles = _world()
    brief = _brief(incidents, articles)
    fewer = [i for i in incidents if i.id != "i5"]
    problems = check_brief(brief, fewer, articles)
    assert any("cites unknown incident 'i5'" in p for p in problems)
    assert any("before/after after_count" in p for p in problems)
    assert any("says 8 but the incidents give 7" in p for p in problems)


def test_bad_citations_are_caught() -> None:
    incidents, articles = _world()
    brief = _brief(incidents, articles)
    missing = {k: v for k, v in articles.items() if k != "a2"}
    assert any("cites unknown article 'a2'" in p for p in check_brief(brief, incidents, missing))
    no_locator = {**articles, "a3": replace(articles["a3"], url=None, source="")}
    problems = check_brief(brief, incidents, no_locator)
    assert any("'a3' has neither a URL nor a source" in p for p in problems)
    moved = {**articles, "a4": replace(articles["a4"], url="https://elsewhere.invalid/x")}
    assert any("'a4': the citation does not match" in p for p in check_brief(brief, incidents, moved))


# --- on the labelled development set -------------------------------------------------------------

SHARED = Path(__file__).resolve().parents[2] / "shared" / "data" / "devnews"
UMBRELLAS = {
    "IRI": "islamic-resistance-in-iraq",
    "IRI (suspected)": "islamic-resistance-in-iraq",
    "Hezbollah": "hezbollah",
    "Hezbollah (suspected)": "hezbollah",
    "Houthis": "houthis",
}
COUNTRIES = {"Israel": "IL", "Iraq": "IQ", "Syria": "SY", "Lebanon": "LB", "Yemen": "YE", "Jordan": "JO"}


def _gold() -> tuple[list[Incident], dict[str, Article]]:
    """Gold incidents and their articles as pipeline records (read in place, never copied)."""
    articles: dict[str, Article] = {}
    with (SHARED / "articles.jsonl").open(encoding="utf-8") as fh:
        for line in fh:
            raw = json.loads(line)
            published = datetime.fromisoformat(raw["published"]).replace(tzinfo=UTC)
            articles[raw["id"]] = Article(
                id=raw["id"],
                url=raw["url"],
                outlet=raw["outlet"],
                title=raw["title"],
                text="",
                published_at=published,
                language=raw.get("language"),
                fetched_at=SEEN,
                content_hash=raw["id"],
                external_id=raw["id"],
            )
    incidents = []
    with (SHARED / "incidents.csv").open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            ids = tuple(row["article_ids"].split())
            incidents.append(
                Incident(
                    id=row["incident_id"],
                    event_date=date.fromisoformat(row["date"]),
                    event_type="Air/drone strike" if row["weapon"] in ("drone", "airstrike") else "Shelling",
                    weapon=row["weapon"],
                    status=row["status"],
                    mention_ids=(),
                    article_ids=ids,
                    n_sources=len({articles[a].outlet for a in ids}),
                    n_reports=len(ids),
                    first_seen=SEEN,
                    last_updated=SEEN,
                    actor_umbrella=UMBRELLAS.get(row["attacker_umbrella"]),
                    actor_id=UMBRELLAS.get(row["attacker_umbrella"]),
                    target_country=COUNTRIES.get(row["target_country"]),
                    killed=int(row["killed"]) if row["killed"] else None,
                )
            )
    return incidents, articles


@pytest.mark.shared
@pytest.mark.skipif(not SHARED.is_dir(), reason="needs ../shared/data/devnews")
def test_brief_on_labelled_data_checks_clean() -> None:
    incidents, articles = _gold()
    # Kata'ib Hezbollah announced a halt to attacks on US forces on 30 January 2024.
    brief = build_brief(
        incidents,
        [],
        articles,
        start=date(2023, 10, 17),
        end=date(2024, 4, 30),
        trigger=date(2024, 1, 30),
        focus={"umbrella": "islamic-resistance-in-iraq"},
    )
    assert check_brief(brief, incidents, articles) == []
    assert brief.comparison is not None and brief.comparison.rate.high < 1  # a clear fall
    assert brief.total.value == brief.comparison.before_count + brief.comparison.after_count
    text = render_markdown(brief)
    cited = {a for iid in brief.total.incident_ids for a in brief.incidents[iid].article_ids}
    assert all(articles[a].url in text for a in cited if articles[a].url)
