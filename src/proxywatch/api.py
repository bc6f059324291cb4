"""High-level library functions shared by the CLI and the HTTP API: exports, incident detail, briefs, demo.

Each takes an open :class:`~proxywatch.store.base.Store` and returns plain values; adapters only format.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from importlib import resources
from pathlib import Path
from typing import Any

from proxywatch.errors import InputError
from proxywatch.models import Article, Incident, Source
from proxywatch.resolve.actors import ActorRegistry
from proxywatch.store.base import IncidentFilter, Store
from proxywatch.store.history import describe as describe_change


def actor_names(registry: ActorRegistry | None = None) -> dict[str, str]:
    registry = registry or ActorRegistry.builtin()
    return {actor.id: actor.name for actor in registry.actors()}


def _articles_of(store: Store, incidents: list[Incident]) -> dict[str, Article]:
    ids = sorted({a for inc in incidents for a in inc.article_ids})
    return {a.id: a for a in store.get_articles(ids)}


def incident_table(
    store: Store, filt: IncidentFilter | None = None, *, acled: bool = False
) -> list[dict[str, Any]]:
    """Rows of the incident export contract (see DESIGN.md), one per incident."""
    from proxywatch.report.export import incident_rows

    incidents = store.incidents(filt)
    return incident_rows(incidents, _articles_of(store, incidents), names=actor_names(), acled=acled)


def describe_incident(store: Store, incident_id: str) -> str:
    """A readable account of an incident: canonical fields, then every report with its evidence."""
    found = store.get_incidents([incident_id])
    if not found:
        raise InputError(incident_id, "no such incident")
    inc = found[0]
    mentions = store.get_mentions(list(inc.mention_ids))
    articles = _articles_of(store, [inc])
    lines = [
        f"incident {inc.id}  {inc.event_date}  {inc.event_type}",
        f"  attacker: {inc.actor_text or inc.actor_id or 'unknown'} (umbrella {inc.actor_umbrella or '?'})",
        f"  target:   {inc.target_text or '?'}  place: {inc.place_text or '?'} "
        f"({inc.lat}, {inc.lon}, {inc.geo_precision or '?'})  country: {inc.target_country or '?'}",
        f"  weapon:   {inc.weapon}  attacks/projectiles: {inc.n_attacks or '?'}  launched from: "
        f"{inc.launch_country or '?'}",
        f"  killed: {inc.killed if inc.killed is not None else '?'}  injured: "
        f"{inc.injured if inc.injured is not None else '?'}  status: {inc.status}",
        f"  {inc.n_reports} reports from {inc.n_sources} outlets, "
        f"{'?' if inc.n_independent is None else inc.n_independent} independent; "
        f"first seen {inc.first_seen:%Y-%m-%d %H:%M}",
        "",
        "sources (and why they were merged):",
    ]
    marks = {s.article_id: s for s in inc.sources}
    for m in sorted(mentions, key=lambda m: (m.event_date or date.min, m.id)):
        a = articles.get(m.article_id)
        outlet = a.outlet if a else "?"
        published = a.published_at.date() if a and a.published_at else "?"
        lines.append(
            f"- {outlet}, {published}: {a.title if a else ''}{_source_marks(marks.get(m.article_id))}"
        )
        lines.append(f"  {a.url if a and a.url else (a.source if a else '')}")
        lines.append(f'  "{m.sentence}"')
        fields = ", ".join(f"{k}={a.text[s:e]!r}" for k, (s, e) in m.evidence.items() if a) if a else ""
        lines.append(f"  evidence: {fields}")
        lines.append(
            f"  merged on: date {m.event_date} ({m.date_precision}), place {m.place_text or '?'}, "
            f"attacker {m.actor_umbrella or 'unnamed'}, claim {m.claim_status}"
        )
    changes = store.incident_history(inc.id)
    if changes:
        lines += ["", "history (merges, splits and reports joining or leaving):"]
        lines += [f"- {describe_change(h)}" for h in changes]
    return "\n".join(lines)


def _source_marks(source: Source | None) -> str:
    """How much a source counts: ``[copy of ART]`` for syndicated text, ``[attacker's own ...]``."""
    if source is None:
        return ""
    marks = []
    if source.copy_of:
        marks.append(f"copy of {source.copy_of}")
    if source.own_channel:
        marks.append(f"attacker's own channel: {source.own_channel_reason}")
    return f"  [{'; '.join(marks)}]" if marks else ""


@dataclass(frozen=True)
class BriefResult:
    markdown: str
    headline: str
    problems: list[str]
    paths: dict[str, Path] = field(default_factory=dict)  # format -> file written
    html: str = ""  # the HTML page, when HTML was asked for without an output file


def make_brief(
    store: Store,
    *,
    start: date,
    end: date,
    trigger: date | None = None,
    umbrella: str | None = None,
    target_country: str | None = None,
    output: Path | None = None,
    fmt: str | Sequence[str] = "md",
) -> BriefResult:
    """Build, render, check and (when ``output`` is given) write a brief for a period.

    ``fmt`` is ``"md"``, ``"html"`` or ``"pdf"``, or several of them: the first is written to
    ``output`` exactly, the others beside it with their own suffix. Markdown links its charts as PNG
    files beside it (``<stem>-timeline.png``, ``-map``, ``-network``, ``-weapons``).
    """
    from proxywatch.report.brief import FORMATS, build_brief, render_markdown, write_formats
    from proxywatch.report.check import check_brief

    if end < start:
        raise InputError("--to", f"{end} is before {start}")
    formats = (fmt,) if isinstance(fmt, str) else tuple(fmt)
    if not formats or set(formats) - set(FORMATS):
        raise InputError("--format", f"{', '.join(formats) or 'nothing'}: formats are {', '.join(FORMATS)}")
    incidents = store.incidents(IncidentFilter(start=start - timedelta(days=1), end=end + timedelta(days=1)))
    articles = _articles_of(store, incidents)
    mentions = store.get_mentions([m for inc in incidents for m in inc.mention_ids])
    focus = {k: v for k, v in (("umbrella", umbrella), ("target_country", target_country)) if v}
    brief = build_brief(
        incidents,
        mentions,
        list(articles.values()),
        start=start,
        end=end,
        trigger=trigger,
        focus=focus or None,
        names=actor_names(),
        registry=ActorRegistry.builtin(),
    )
    paths: dict[str, Path] = {}
    if output is not None:
        written = write_formats(brief, output.parent, stem=output.stem, formats=formats)
        first = written[formats[0]]
        if first != output:
            first.replace(output)  # the user's file name wins, whatever its suffix
            written[formats[0]] = output
        paths = written
        markdown = written["md"].read_text(encoding="utf-8") if "md" in written else render_markdown(brief)
    else:
        markdown = render_markdown(brief)
    html = ""
    if output is None and "html" in formats:
        from proxywatch.report.html import render_html

        html = render_html(brief)
    problems = check_brief(brief, incidents, articles)
    return BriefResult(markdown=markdown, headline=brief.headline, problems=problems, paths=paths, html=html)


def sample_paths() -> tuple[Path, Path, Path]:
    """The bundled sample corpus: articles, gold incidents, gold article labels."""
    base = Path(str(resources.files("proxywatch") / "data" / "sample"))
    return base / "articles.jsonl", base / "incidents.csv", base / "article_labels.csv"


@dataclass(frozen=True)
class DemoResult:
    db: Path
    brief: Path
    headline: str
    problems: list[str]
    paths: dict[str, Path] = field(default_factory=dict)  # brief.md, brief.html, brief.pdf by format


DEMO_TRIGGER = date(2024, 9, 27)  # Israel killed Hezbollah's leader Hassan Nasrallah in Beirut


def run_demo(workdir: Path, *, progress: bool = False) -> DemoResult:
    """Run the whole pipeline on the bundled corpus and write the brief: the README's first command."""
    from proxywatch.pipeline import run
    from proxywatch.settings import load_settings
    from proxywatch.store import open_store

    workdir.mkdir(parents=True, exist_ok=True)
    db = workdir / "demo.duckdb"
    settings = load_settings(db=str(db))
    articles, _, _ = sample_paths()
    brief_path = workdir / "brief.md"
    with open_store(db) as store:
        run([str(articles)], store=store, settings=settings, progress=progress, command="demo")
        result = make_brief(
            store,
            start=DEMO_TRIGGER - timedelta(days=19),
            end=DEMO_TRIGGER + timedelta(days=19),
            trigger=DEMO_TRIGGER,
            umbrella="islamic-resistance-in-iraq",
            target_country="IL",
            output=brief_path,
            fmt=("md", "html", "pdf"),
        )
    return DemoResult(
        db=db, brief=brief_path, headline=result.headline, problems=result.problems, paths=result.paths
    )
