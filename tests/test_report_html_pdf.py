"""HTML and PDF briefs: self-contained, hostile report text escaped, every number footnoted, valid PDF."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

for _module in ("matplotlib", "networkx", "ruptures"):
    pytest.importorskip(_module, reason=f"brief figures need {_module} (pip install 'proxywatch[analytics]')")

from proxywatch.models import Article, Incident, Mention  # noqa: E402
from proxywatch.report.brief import build_brief, render_markdown, write_formats  # noqa: E402
from proxywatch.report.check import check_brief  # noqa: E402
from proxywatch.report.html import render_html  # noqa: E402
from proxywatch.report.pdf import write_pdf  # noqa: E402
from proxywatch.resolve.actors import ActorRegistry  # noqa: E402

SEEN = datetime(2024, 10, 20, tzinfo=UTC)
TRIGGER = date(2024, 9, 27)
START, END = TRIGGER - timedelta(days=14), TRIGGER + timedelta(days=13)
IRI = "islamic-resistance-in-iraq"
HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)>'


def _world() -> tuple[list[Incident], list[Mention], dict[str, Article]]:
    """IRI factions strike Israel: 3 attacks before the trigger, 14 after; one report has a hostile title."""
    incidents, mentions, articles = [], [], {}
    days = [TRIGGER - timedelta(days=d) for d in (3, 7, 12)] + [
        TRIGGER + timedelta(days=d % 13) for d in range(14)
    ]
    for n, day in enumerate(days):
        aid = f"art{n:02d}"
        articles[aid] = Article(
            id=aid,
            url="javascript:alert(1)" if n == 0 else f"https://news.invalid/{aid}",
            outlet=HOSTILE if n == 0 else "Wire",
            title=HOSTILE if n == 0 else f"Drone attack on Eilat {n}",
            text="",
            published_at=datetime.combine(day, datetime.min.time(), tzinfo=UTC),
            language="en",
            fetched_at=SEEN,
            content_hash=aid,
        )
        actor = "kataib-hezbollah" if n % 2 else "harakat-al-nujaba"
        mentions.append(
            Mention(
                id=f"m{aid}",
                article_id=aid,
                sentence_span=(0, 1),
                sentence="",
                event_type="Air/drone strike",
                weapon="drone",
                claim_status="claimed",
                extractor_version="test",
                actor_id=actor,
            )
        )
        incidents.append(
            Incident(
                id=f"inc{n:02d}",
                event_date=day,
                event_type="Air/drone strike",
                weapon="drone" if n % 3 else "cruise_missile",
                status="claimed",
                mention_ids=(f"m{aid}",),
                article_ids=(aid,),
                n_sources=1,
                n_reports=1,
                first_seen=SEEN,
                last_updated=SEEN,
                actor_id=actor,
                actor_umbrella=IRI,
                target_country="IL",
                place_text=HOSTILE if n == 0 else "Eilat",
                lat=29.56,
                lon=34.95,
                launch_country="IQ",
                killed=2 if n == 5 else None,
            )
        )
    return incidents, mentions, articles


@pytest.fixture(scope="module")
def world() -> tuple[list[Incident], list[Mention], dict[str, Article]]:
    return _world()


@pytest.fixture(scope="module")
def brief(world: tuple) -> object:
    incidents, mentions, articles = world
    return build_brief(
        incidents,
        mentions,
        articles,
        start=START,
        end=END,
        trigger=TRIGGER,
        focus={"umbrella": IRI},
        names={IRI: "Islamic Resistance in Iraq"},
        registry=ActorRegistry.builtin(),
    )


@pytest.fixture(scope="module")
def html(brief: object) -> str:
    return render_html(brief)  # type: ignore[arg-type]


def test_html_escapes_hostile_report_text(html: str) -> None:
    assert "<script" not in html.lower()
    assert "onerror=" not in html.replace("onerror=alert", "")  # only inside escaped text
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html
    assert "<img src=x" not in html
    assert 'href="javascript' not in html and "javascript:alert(1)" in html  # shown as text, never a link


def test_html_is_self_contained(html: str) -> None:
    assert html.startswith("<!DOCTYPE html>")
    assert "default-src 'none'" in html
    # Nothing to fetch: every image is a data URI and the only links point at cited reports.
    assert not re.search(r'src="(?!data:image/png;base64,)', html)
    assert "<link" not in html and "@import" not in html and "url(" not in html
    hrefs = re.findall(r'href="([^"]+)"', html)
    assert hrefs and all(h.startswith(("#fn", "https://news.invalid/")) for h in hrefs)
    images = re.findall(r'<img alt="([^"]+)" src="data:image/png;base64,', html)
    assert {
        "Daily incidents",
        "Map of impact places and launch countries",
        "Actor network",
        "Weapon mix",
    } <= set(images)
    assert 'href="https://news.invalid/art01"' in html


def test_every_html_number_is_footnoted(html: str, brief: object) -> None:
    refs = set(re.findall(r'<sup><a href="#fn(\d+)"', html))
    notes = set(re.findall(r'<li id="fn(\d+)">', html))
    assert refs and refs == notes
    # The headline carries the before/after counts and the rate ratio, each with its footnote.
    headline = re.search(r'<p class="headline">(.*?)</p>', html, flags=re.S)
    assert headline and headline.group(1).count("<sup>") == 3
    assert "Kata" in html and "claimed under which umbrella" in html
    assert "Change point: a rise on" in html


def test_pdf_is_valid_with_several_pages(brief: object, tmp_path: Path) -> None:
    path = write_pdf(brief, tmp_path / "brief.pdf")  # type: ignore[arg-type]
    data = path.read_bytes()
    assert data.startswith(b"%PDF-") and data.rstrip().endswith(b"%%EOF")
    pages = len(re.findall(rb"/Type\s*/Page\b(?!s)", data))
    assert pages >= 2
    assert b"/Image" in data or b"/XObject" in data  # the charts are on the pages


def test_all_formats_written_and_brief_checks(brief: object, world: tuple, tmp_path: Path) -> None:
    incidents, _, articles = world
    # The PDF route of write_formats is covered by the brief command test below.
    paths = write_formats(brief, tmp_path, stem="b", formats=("md", "html"))  # type: ignore[arg-type]
    assert {k: p.name for k, p in paths.items()} == {"md": "b.md", "html": "b.html"}
    markdown = paths["md"].read_text(encoding="utf-8")
    for image in re.findall(r"!\[[^\]]*\]\(([^)]+)\)", markdown):
        assert (tmp_path / image).read_bytes()[:4] == b"\x89PNG"
    assert {"b-timeline.png", "b-map.png", "b-network.png", "b-weapons.png"} <= {
        p.name for p in tmp_path.iterdir()
    }
    assert "## Actors and ties" in markdown and "## Map" in markdown
    assert check_brief(brief, incidents, articles) == []  # type: ignore[arg-type]
    assert render_markdown(brief).count("[^") > 10  # type: ignore[arg-type]


def test_checker_catches_a_tampered_change_point(brief: object, world: tuple) -> None:
    from dataclasses import replace

    incidents, _, articles = world
    assert brief.change is not None  # type: ignore[attr-defined]
    moved = replace(brief.change, day=brief.change.day - timedelta(days=5))  # type: ignore[attr-defined]
    problems = check_brief(replace(brief, change=moved), incidents, articles)  # type: ignore[type-var]
    assert any("change point day" in p for p in problems)
    # A faction count edited by hand is caught like any other figure.
    umbrella, rows = brief.claim_structure[0]  # type: ignore[attr-defined]
    label, fig = rows[0]
    forged = replace(brief, claim_structure=((umbrella, ((label, replace(fig, value=fig.value + 1)),)),))
    assert any("says" in p for p in check_brief(forged, incidents, articles))  # type: ignore[type-var]


def test_brief_command_writes_html_and_pdf_and_checks(world: tuple, tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from proxywatch.cli import app
    from proxywatch.store import open_store

    incidents, mentions, articles = world
    db = tmp_path / "b.duckdb"
    with open_store(db) as store:
        store.add_articles(articles.values())
        store.save_incidents(incidents)
    runner = CliRunner()
    args = ["brief", "--db", str(db), "--from", START.isoformat(), "--to", END.isoformat()]
    args += ["--trigger", TRIGGER.isoformat(), "--umbrella", IRI, "--check"]
    html = runner.invoke(app, [*args, "--format", "html", "-o", str(tmp_path / "out" / "brief.html")])
    assert html.exit_code == 0, html.output
    assert "check: every figure and citation verified" in html.stderr
    page = (tmp_path / "out" / "brief.html").read_text(encoding="utf-8")
    assert "data:image/png;base64," in page and "<script" not in page
    pdf = runner.invoke(app, [*args, "-f", "pdf", "-o", str(tmp_path / "out" / "brief.pdf")])
    assert pdf.exit_code == 0, pdf.output
    assert (tmp_path / "out" / "brief.pdf").read_bytes().startswith(b"%PDF-")
    # A PDF cannot go to stdout.
    refused = runner.invoke(app, [*args, "--format", "pdf"])
    assert refused.exit_code == 2 and "pdf needs -o" in refused.stderr
    wrong = runner.invoke(app, [*args, "--format", "docx", "-o", str(tmp_path / "x.docx")])
    assert wrong.exit_code == 2
