"""The ``proxywatch`` command: a thin adapter that parses options, calls the library, maps errors.

Every error of the library ends as one line on stderr and a non-zero exit code:
1 = a proxywatch error (bad input, store, config), 2 = usage error (typer), 3 = a quality floor missed.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from datetime import date
from functools import wraps
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer

from proxywatch import __version__
from proxywatch.errors import ProxywatchError
from proxywatch.settings import HELP, Settings, load_settings

app = typer.Typer(
    help="Watch a conflict through the news: source-cited, deduplicated attack events from news reports.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
export_app = typer.Typer(help="Export stored records.", no_args_is_help=True)
incidents_app = typer.Typer(help="List and inspect incidents.", no_args_is_help=True)
app.add_typer(export_app, name="export")
app.add_typer(incidents_app, name="incidents")

F = TypeVar("F", bound=Callable[..., Any])

DbOption = Annotated[str | None, typer.Option("--db", help=HELP["db"] + " [default: ./proxywatch.duckdb]")]
ConfigOption = Annotated[Path | None, typer.Option("--config", help="TOML file with settings.")]


def _fail(message: str, code: int = 1) -> None:
    typer.secho(f"error: {message}", err=True, fg=typer.colors.RED)
    raise typer.Exit(code)


def handle_errors(func: F) -> F:
    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except ProxywatchError as exc:
            _fail(str(exc))
        except KeyboardInterrupt:
            _fail("interrupted", 130)

    return wrapper  # type: ignore[return-value]


def _settings(db: str | None, config: Path | None, **overrides: Any) -> Settings:
    return load_settings(config, db=db, **overrides)


def _open(settings: Settings, *, read_only: bool = False) -> Any:
    from proxywatch.store import open_store

    return open_store(settings.db, read_only=read_only)


def _parse_date(value: str | None, name: str) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        _fail(f"{name}: {value!r} is not a date (use YYYY-MM-DD)", 2)
    return None


def _version(value: bool) -> None:
    if value:
        typer.echo(f"proxywatch {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit.")
    ] = False,
) -> None:
    """proxywatch command line."""


@app.command()
@handle_errors
def run(
    inputs: Annotated[list[str], typer.Argument(help="Files, folders, feed URLs or page URLs.")],
    db: DbOption = None,
    config: ConfigOption = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False,
    dask: Annotated[
        str | None,
        typer.Option(
            "--dask",
            help="Run ingest/extract on Dask: local, local:N (N worker processes) or a "
            "scheduler address (tcp://host:8786). Needs the dask extra.",
        ),
    ] = None,
) -> None:
    """Ingest INPUTS, extract attacks, resolve names and places, and merge reports into incidents."""
    from proxywatch.pipeline import run as run_pipeline

    settings = _settings(db, config)
    missing = [i for i in inputs if "://" not in i and not Path(i).exists()]
    if missing and len(missing) == len(inputs):  # nothing to read: fail before creating a database
        more = f" (and {len(missing) - 1} more inputs)" if len(missing) > 1 else ""
        _fail(f"{missing[0]}: no such file{more}")
    with _open(settings) as store:
        if dask is not None:
            from proxywatch.scale.dask_run import run_dask

            summary = run_dask(inputs, store=store, settings=settings, scheduler=dask, progress=not quiet)
        else:
            summary = run_pipeline(inputs, store=store, settings=settings, progress=not quiet)
    _print_summary(summary, settings.db)
    if summary.failed_sources:  # the rest went in; still say that something could not be read
        raise typer.Exit(1)


def _print_summary(summary: Any, db: str) -> None:
    typer.echo(
        f"{summary.articles_new} new of {summary.articles_seen} articles, {summary.rejected} rejected; "
        f"{summary.articles_extracted} extracted, {summary.mentions} mentions "
        f"({summary.out_of_scope} outside the watched conflict); "
        f"{summary.incidents_created} incidents created, {summary.incidents_updated} updated "
        f"in {summary.seconds:.1f}s -> {db}"
    )
    for rejection in summary.rejections[:20]:
        typer.echo(f"  rejected {rejection.source} [{rejection.item}]: {rejection.reason}", err=True)
    if len(summary.rejections) > 20:
        typer.echo(f"  ... and {len(summary.rejections) - 20} more (proxywatch status)", err=True)


@app.command()
@handle_errors
def status(db: DbOption = None, config: ConfigOption = None) -> None:
    """Counts of stored records, the latest runs and rejections."""
    settings = _settings(db, config)
    with _open(settings, read_only=True) as store:
        typer.echo(
            f"{settings.db}: schema v{store.schema_version()}, {store.count_articles()} articles, "
            f"{store.count_mentions()} mentions, {store.count_incidents()} incidents"
        )
        for record in store.runs(limit=5):
            typer.echo(
                f"  run {record.id} {record.command} {record.started_at:%Y-%m-%d %H:%M} {record.status} "
                f"({record.extractor_version}) {json.dumps(record.stats, default=str)[:160]}"
            )
        for rejection in store.rejections(limit=10):
            typer.echo(f"  rejected {rejection.source} [{rejection.item}]: {rejection.reason}")


@export_app.command("incidents")
@handle_errors
def export_incidents(
    db: DbOption = None,
    config: ConfigOption = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="csv, json, parquet or geojson.")] = "csv",
    output: Annotated[
        Path | None, typer.Option("-o", "--output", help="Output file (default: stdout).")
    ] = None,
    acled: Annotated[bool, typer.Option("--acled", help="ACLED-compatible column names.")] = False,
    start: Annotated[str | None, typer.Option("--from", help="First event date (YYYY-MM-DD).")] = None,
    end: Annotated[str | None, typer.Option("--to", help="Last event date (YYYY-MM-DD).")] = None,
) -> None:
    """Export incidents with their sources (article ids and URLs)."""
    from proxywatch import plugins
    from proxywatch.api import incident_table
    from proxywatch.store.base import IncidentFilter

    settings = _settings(db, config)
    writer = plugins.load("exporter", fmt)
    with _open(settings, read_only=True) as store:
        rows = incident_table(
            store,
            IncidentFilter(start=_parse_date(start, "--from"), end=_parse_date(end, "--to")),
            acled=acled,
        )
    if output is None and fmt in ("parquet",):
        _fail("parquet needs -o FILE", 2)
    writer(rows, output if output is not None else (sys.stdout.buffer if fmt == "parquet" else sys.stdout))
    if output is not None:
        typer.echo(f"{len(rows)} incidents -> {output}", err=True)


@incidents_app.command("list")
@handle_errors
def incidents_list(
    db: DbOption = None,
    config: ConfigOption = None,
    start: Annotated[str | None, typer.Option("--from")] = None,
    end: Annotated[str | None, typer.Option("--to")] = None,
    actor: Annotated[str | None, typer.Option("--actor", help="Actor or umbrella id.")] = None,
    limit: Annotated[int, typer.Option("--limit")] = 50,
) -> None:
    """One line per incident: id, date, actor, weapon, place, status, sources."""
    from proxywatch.store.base import IncidentFilter

    settings = _settings(db, config)
    with _open(settings, read_only=True) as store:
        filt = IncidentFilter(
            start=_parse_date(start, "--from"), end=_parse_date(end, "--to"), actor=actor, limit=limit
        )
        for inc in store.incidents(filt):
            typer.echo(
                f"{inc.id}  {inc.event_date}  {inc.actor_umbrella or '?':<28} {inc.weapon:<17} "
                f"{(inc.place_text or inc.target_text or '?')[:28]:<28} {inc.status:<21} {inc.n_sources} src"
            )


@incidents_app.command("show")
@handle_errors
def incidents_show(incident_id: str, db: DbOption = None, config: ConfigOption = None) -> None:
    """An incident with every report behind it and the evidence sentence from each."""
    from proxywatch.api import describe_incident

    settings = _settings(db, config)
    with _open(settings, read_only=True) as store:
        typer.echo(describe_incident(store, incident_id))


@app.command()
@handle_errors
def brief(
    db: DbOption = None,
    config: ConfigOption = None,
    start: Annotated[str, typer.Option("--from", help="First day of the period (YYYY-MM-DD).")] = ...,  # type: ignore[assignment]
    end: Annotated[str, typer.Option("--to", help="Last day of the period (YYYY-MM-DD).")] = ...,  # type: ignore[assignment]
    trigger: Annotated[str | None, typer.Option("--trigger", help="Trigger date for before/after.")] = None,
    umbrella: Annotated[str | None, typer.Option("--umbrella", help="Focus: attacker umbrella id.")] = None,
    target_country: Annotated[str | None, typer.Option("--target-country", help="Focus: ISO2.")] = None,
    output: Annotated[
        Path | None, typer.Option("-o", "--output", help="Markdown file (default: stdout).")
    ] = None,
    check: Annotated[
        bool, typer.Option("--check", help="Recompute every figure and citation; fail if any is off.")
    ] = False,
    fmt: Annotated[str, typer.Option("--format", "-f", help="md, html or pdf (pdf needs -o).")] = "md",
) -> None:
    """Write a source-cited brief (Markdown, HTML or PDF) for a period, with before/after a trigger date."""
    from proxywatch.api import make_brief

    if fmt not in ("md", "html", "pdf"):
        _fail(f"--format: {fmt!r} is not one of md, html, pdf", 2)
    if fmt == "pdf" and output is None:
        _fail("--format pdf needs -o FILE", 2)
    settings = _settings(db, config)
    with _open(settings, read_only=True) as store:
        result = make_brief(
            store,
            start=_parse_date(start, "--from"),  # type: ignore[arg-type]
            end=_parse_date(end, "--to"),  # type: ignore[arg-type]
            trigger=_parse_date(trigger, "--trigger"),
            umbrella=umbrella,
            target_country=target_country,
            output=output,
            fmt=fmt,
        )
    if output is None and fmt == "html":
        typer.echo(result.html)
    elif output is None:
        typer.echo(result.markdown)
    else:
        typer.echo(f"brief -> {output}", err=True)
    if check:
        if result.problems:
            for problem in result.problems:
                typer.echo(f"check: {problem}", err=True)
            raise typer.Exit(3)
        typer.echo("check: every figure and citation verified", err=True)


@app.command()
@handle_errors
def demo(
    workdir: Annotated[Path, typer.Option("--dir", help="Where to write the database and the brief.")] = Path(
        "proxywatch-demo"
    ),
    quiet: Annotated[bool, typer.Option("--quiet", "-q")] = False,
) -> None:
    """Run everything on the bundled sample corpus; print where the brief is and the headline."""
    from proxywatch.api import run_demo

    result = run_demo(workdir, progress=not quiet)
    typer.echo(f"database: {result.db}")
    typer.echo(f"brief:    {result.brief}")
    typer.echo(f"headline: {result.headline}")
    for fmt, path in sorted(result.paths.items()):
        if path != result.brief:
            typer.echo(f"also:     {path} ({fmt})")
    typer.echo(f"dashboard: proxywatch serve --db {result.db}  (then open http://127.0.0.1:8000)")


@app.command("eval")
@handle_errors
def evaluate(
    articles: Annotated[Path | None, typer.Option("--articles", help="Articles (.jsonl) to run.")] = None,
    gold: Annotated[Path | None, typer.Option("--gold", help="Gold incidents.csv.")] = None,
    labels: Annotated[Path | None, typer.Option("--labels", help="Gold article_labels.csv.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
    errors: Annotated[
        bool, typer.Option("--errors", help="List every miss, false alarm and field error.")
    ] = False,
    floors: Annotated[
        Path | None, typer.Option("--floors", help="JSON floors; exit 3 when one is missed.")
    ] = None,
    config: ConfigOption = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q")] = False,
) -> None:
    """Score extraction, geocoding and clustering against labelled data (default: the bundled gold set)."""
    from proxywatch.api import sample_paths
    from proxywatch.evaluate.runner import check_floors, load_floors, run_eval

    if articles is None and gold is None:
        articles, gold, labels = sample_paths()
    if articles is None or gold is None:
        _fail("--articles and --gold go together", 2)
    settings = load_settings(config)
    report = run_eval(articles, gold, labels, settings=settings, progress=not quiet)  # type: ignore[arg-type]
    data = report.to_dict()
    typer.echo(json.dumps(data, indent=2, default=str) if as_json else report.render_table())
    if errors:
        for line in report.errors():
            typer.echo(line)
    if floors is not None:
        failures = check_floors(data, load_floors(floors))
        for failure in failures:
            typer.echo(f"floor missed: {failure}", err=True)
        if failures:
            raise typer.Exit(3)


@app.command()
@handle_errors
def actors(
    query: Annotated[str | None, typer.Argument(help="Search names and aliases.")] = None,
    config: ConfigOption = None,
) -> None:
    """List or search the actor registry: id, kind, umbrella, backer, aliases."""
    from proxywatch.resolve.actors import ActorRegistry

    settings = load_settings(config)
    registry = ActorRegistry.builtin()
    if settings.actor_registry:
        registry = registry.extend(settings.actor_registry)
    found = registry.search(query) if query else registry.actors()
    for actor in found:
        umbrella = registry.umbrella_of(actor.id)
        backer = registry.backer_of(actor.id)
        typer.echo(
            f"{actor.id:<38} {actor.kind:<22} umbrella={umbrella:<28} backer={backer or '-':<20} "
            f"{', '.join(actor.aliases[:4])}"
        )


@app.command("plugins")
def list_plugins() -> None:
    """List the registered extractors, sources, gazetteers and exporters."""
    from proxywatch import plugins

    for kind in plugins.KINDS:
        typer.echo(f"{kind}: {', '.join(plugins.names(kind))}")


# --- commands added by later issues (append below; keep each command a thin adapter) ---


@app.command()
@handle_errors
def watch(
    feeds: Annotated[Path, typer.Argument(help="List file: one feed URL, page URL or path a line.")],
    db: DbOption = None,
    config: ConfigOption = None,
    every: Annotated[str, typer.Option("--every", help="Time between polls: 90s, 5m, 1h.")] = "5m",
    webhook: Annotated[str | None, typer.Option("--webhook", help="POST new incidents/surges here.")] = None,
    jsonl: Annotated[Path | None, typer.Option("--jsonl", help="Append new incidents/surges here.")] = None,
    once: Annotated[bool, typer.Option("--once", help="Poll once and exit.")] = False,
    host_delay: Annotated[str, typer.Option("--host-delay", help="Least time between hits on a host")] = "2s",
) -> None:
    """Poll feeds and pages for new reports, update incidents, and notify new incidents and surges."""
    import httpx

    from proxywatch.ingest import sources_from_list
    from proxywatch.watch import JsonLinesSink, Watcher, WatchPolicy, WebhookSink, parse_duration

    settings = _settings(db, config)
    sources = sources_from_list(feeds)
    if not sources:
        _fail(f"{feeds}: no sources listed", 2)
    policy = WatchPolicy(every_s=parse_duration(every), host_delay_s=parse_duration(host_delay))
    with _open(settings) as store, httpx.Client(timeout=settings.http_timeout_s) as hook_client:
        sinks: list[Any] = []
        if webhook:
            sinks.append(WebhookSink(webhook, hook_client, timeout_s=settings.http_timeout_s))
        if jsonl is not None:
            sinks.append(JsonLinesSink(jsonl))
        typer.echo(f"watching {len(sources)} sources every {every} -> {settings.db}", err=True)
        with Watcher(sources, store=store, settings=settings, policy=policy, sinks=sinks) as watcher:
            watcher.run(iterations=1 if once else None, on_poll=lambda report: typer.echo(report.line()))


@app.command()
@handle_errors
def trends(
    db: DbOption = None,
    config: ConfigOption = None,
    by: Annotated[
        str | None,
        typer.Option("--by", help="Group by actor, umbrella, target_country, weapon or launch_country."),
    ] = None,
    trigger: Annotated[str | None, typer.Option("--trigger", help="Trigger date for before/after.")] = None,
    start: Annotated[str | None, typer.Option("--from", help="First day (default: first incident).")] = None,
    end: Annotated[str | None, typer.Option("--to", help="Last day (default: last incident).")] = None,
    weekly: Annotated[bool, typer.Option("--weekly", help="Weekly rows instead of daily.")] = False,
    normalise: Annotated[
        bool, typer.Option("--normalise", help="Alerts per article published, not raw counts.")
    ] = False,
    umbrella: Annotated[
        str | None, typer.Option("--umbrella", help="Only this attacker umbrella id.")
    ] = None,
    target_country: Annotated[
        str | None, typer.Option("--target-country", help="Only this target (ISO2).")
    ] = None,
    top: Annotated[int, typer.Option("--top", help="Largest groups shown.")] = 6,
) -> None:
    """Series by group, before/after a trigger, the change point and surge alerts."""
    from proxywatch.analyse.trends import format_trends
    from proxywatch.analyse.trends import trends as compute_trends
    from proxywatch.api import actor_names

    settings = _settings(db, config)
    filters = {k: v for k, v in (("umbrella", umbrella), ("target_country", target_country)) if v}
    with _open(settings, read_only=True) as store:
        report = compute_trends(
            store.incidents(),
            start=_parse_date(start, "--from"),
            end=_parse_date(end, "--to"),
            by=by,
            trigger=_parse_date(trigger, "--trigger"),
            weekly=weekly,
            articles_per_day=store.articles_per_day() if normalise else None,
            normalise=normalise,
            top=top,
            **filters,
        )
    typer.echo(format_trends(report, names=actor_names()))


@app.command()
@handle_errors
def network(
    db: DbOption = None,
    config: ConfigOption = None,
    start: Annotated[
        str | None, typer.Option("--from", help="First event day of the incidents used.")
    ] = None,
    end: Annotated[str | None, typer.Option("--to", help="Last event day of the incidents used.")] = None,
    half_life: Annotated[
        float, typer.Option("--half-life", help="Days after which an incident's tie weight halves.")
    ] = 90.0,
    registry_scope: Annotated[
        bool, typer.Option("--all-actors", help="Every registry actor, not only those in the incidents.")
    ] = False,
    graphml: Annotated[Path | None, typer.Option("--graphml", help="Write the network as GraphML.")] = None,
    as_json: Annotated[
        Path | None, typer.Option("--json", help="Write the network and summary as JSON.")
    ] = None,
) -> None:
    """The actor network: who claims under which umbrella, who backs whom, central actors."""
    from proxywatch.analyse.network import build_network, format_network, summarise, write_graphml, write_json
    from proxywatch.api import actor_names
    from proxywatch.resolve.actors import ActorRegistry
    from proxywatch.store.base import IncidentFilter

    settings = _settings(db, config)
    registry = ActorRegistry.builtin()
    if settings.actor_registry:
        registry = registry.extend(settings.actor_registry)
    with _open(settings, read_only=True) as store:
        window = IncidentFilter(start=_parse_date(start, "--from"), end=_parse_date(end, "--to"))
        incidents = store.incidents(window)
        mentions = store.get_mentions([m for inc in incidents for m in inc.mention_ids])
    scope = "registry" if registry_scope else "involved"
    graph = build_network(registry, incidents, mentions, half_life_days=half_life, scope=scope)
    summary = summarise(graph)
    names = {a.id: a.name for a in registry.actors()}
    typer.echo(format_network(summary, names=names or actor_names()))
    if graphml is not None:
        typer.echo(f"graphml -> {write_graphml(graph, graphml)}", err=True)
    if as_json is not None:
        typer.echo(f"json -> {write_json(graph, as_json, summary)}", err=True)


@app.command("import")
@handle_errors
def import_dataset(
    dataset: Annotated[str, typer.Argument(help="gdelt (event or GKG file), acled or ucdp.")],
    source: Annotated[str, typer.Argument(help="The file or URL (CSV; zip or gzip accepted).")],
    db: DbOption = None,
    config: ConfigOption = None,
    countries: Annotated[
        str | None,
        typer.Option(
            "--countries",
            help="Keep events in these ISO2 countries (comma separated); "
            "GDELT defaults to IQ,SY,LB,IL,PS,YE,IR,JO, ACLED and UCDP to all.",
        ),
    ] = None,
    fetch: Annotated[
        bool, typer.Option("--fetch", help="Then fetch the source URLs and run them as articles.")
    ] = False,
) -> None:
    """Import GDELT 2.0 events/GKG, ACLED or UCDP GED records as incidents with their sources."""
    from proxywatch.scale.importer import import_dataset as run_import

    settings = _settings(db, config)
    scope = [c.strip().upper() for c in countries.split(",") if c.strip()] if countries is not None else None
    with _open(settings) as store:
        summary = run_import(
            dataset.lower(), source, store=store, settings=settings, countries=scope, fetch=fetch
        )
    typer.echo(
        f"{summary.records} {dataset} records, {summary.mentions} mentions, {summary.rejected} rejected; "
        f"{summary.incidents_created} incidents created, {summary.incidents_updated} updated; "
        f"{len(summary.urls)} source URLs in {summary.seconds:.1f}s -> {settings.db}"
    )
    for rejection in summary.rejections[:20]:
        typer.echo(f"  rejected {rejection.source} [{rejection.item}]: {rejection.reason}", err=True)
    if summary.fetched is not None:
        _print_summary(summary.fetched, settings.db)
    elif summary.urls:
        typer.echo("  (--fetch fetches the source URLs and extracts them as articles)", err=True)


@app.command()
@handle_errors
def serve(
    db: DbOption = None,
    config: ConfigOption = None,
    host: Annotated[
        str, typer.Option("--host", help="Address to bind; the default keeps the server on this machine.")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="TCP port.")] = 8000,
) -> None:
    """Serve the dashboard and the HTTP API. Reads are open; writes need PROXYWATCH_TOKEN."""
    import os

    try:
        import uvicorn

        from proxywatch.serve import create_app
    except ImportError as exc:
        _fail(f"serve needs the serve extra ({exc.name} is missing): pip install 'proxywatch[serve]'")
    settings = _settings(db, config)
    token = os.environ.get("PROXYWATCH_TOKEN") or None
    _open(settings, read_only=True).close()  # a missing database is an error, not a new empty one
    store = _open(settings)  # opened now, so a locked database fails here in one line
    web = create_app(lambda: store, token=token)
    if host not in ("127.0.0.1", "localhost", "::1"):
        typer.secho(f"warning: serving on {host}: other machines can read the data", err=True, fg="yellow")
    typer.echo(f"dashboard: http://{host}:{port}/   API docs: http://{host}:{port}/docs   db: {settings.db}")
    writes = "enabled with PROXYWATCH_TOKEN" if token else "disabled (set PROXYWATCH_TOKEN)"
    typer.echo(f"writes (reviews): {writes}")
    uvicorn.run(web, host=host, port=port, log_level="warning")
