"""The brief checker: a fresh brief passes; tampered figures, lost incidents and bad citations are caught."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

from proxywatch.models import Article, Incident
from proxywatch.report.brief import Brief, build_brief
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
