"""Run the pipeline on labelled articles and score it: the library behind ``proxywatch eval``.

:func:`score` is pure (records in, :class:`EvalReport` out) so it is testable without the pipeline;
:func:`run_eval` runs the pipeline into a throwaway DuckDB store and calls it. :func:`check_floors`
is the CI quality gate.
"""

from __future__ import annotations

import io
import json
import re
import tempfile
import tomllib
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from proxywatch.errors import ConfigError
from proxywatch.evaluate.gold import GoldIncident, GoldSet, country_key, label_parts, load_gold
from proxywatch.evaluate.match import (
    MAX_DAYS,
    UNATTRIBUTED,
    LabelResolver,
    MatchResult,
    match_incidents,
    place_agreement,
    umbrellas_agree,
)
from proxywatch.evaluate.metrics import (
    PRF,
    FieldResult,
    FieldScore,
    WeekCount,
    b_cubed,
    compare_fields,
    field_scores,
    incident_prf,
    relevance,
    system_country,
    weekly_counts,
    weekly_summary,
)
from proxywatch.models import Article, Incident, Mention
from proxywatch.resolve.gazetteer import Gazetteer
from proxywatch.settings import Settings

# Gold abbreviations a registry may not carry as aliases; tried only when the label itself fails.
_GOLD_ABBREVIATIONS = {
    "iri": "Islamic Resistance in Iraq",
    "us": "United States",
    "uk": "United Kingdom",
    "sdf": "Syrian Democratic Forces",
    "irgc": "Islamic Revolutionary Guard Corps",
}


@dataclass(frozen=True, slots=True)
class EvalReport:
    """Every score with its support, plus the material for ``--errors``."""

    incidents: PRF
    fields: dict[str, FieldScore]
    b3: PRF
    relevance: PRF | None  # None without an article-labels file
    weekly_by_umbrella: tuple[WeekCount, ...]
    weekly_by_country: tuple[WeekCount, ...]
    match: MatchResult
    field_results: tuple[FieldResult, ...]
    error_lines: tuple[str, ...]
    n_articles: int
    n_mentions: int

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready: every metric with its support; keys are the paths floors refer to."""
        return {
            "incidents": self.incidents.to_dict(),
            "fields": {name: score.to_dict() for name, score in self.fields.items()},
            "b3": self.b3.to_dict(),
            "relevance": self.relevance.to_dict() if self.relevance is not None else None,
            "weekly": {
                "by_umbrella": {
                    "summary": weekly_summary(self.weekly_by_umbrella),
                    "rows": [r.to_dict() for r in self.weekly_by_umbrella],
                },
                "by_target_country": {
                    "summary": weekly_summary(self.weekly_by_country),
                    "rows": [r.to_dict() for r in self.weekly_by_country],
                },
            },
            "counts": {
                "articles": self.n_articles,
                "mentions": self.n_mentions,
                "system_incidents": self.incidents.n_system,
                "gold_incidents": self.incidents.n_gold,
                "matched": len(self.match.pairs),
                "missed": len(self.match.missed),
                "false_alarms": len(self.match.false_alarms),
            },
            "matches": [
                {
                    "gold": p.gold_id,
                    "system": p.system_id,
                    "shared_articles": p.shared_articles,
                    "date_diff_days": p.date_diff_days,
                    "place_rule": p.place_rule,
                    "distance_km": p.distance_km,
                }
                for p in self.match.pairs
            ],
        }

    def errors(self) -> list[str]:
        """Every miss, false alarm and field mismatch, one readable line each."""
        return list(self.error_lines)

    def render_table(self) -> str:
        from rich.console import Console
        from rich.table import Table

        table = Table(title="proxywatch eval")
        for col, justify in (("metric", "left"), ("value", "right"), ("n", "right")):
            table.add_column(col, justify=justify)  # type: ignore[arg-type]

        def prf(name: str, s: PRF | None) -> None:
            if s is None:
                table.add_row(f"{name}", "-", "no labels")
                return
            table.add_row(f"{name} precision", _fmt(s.precision), str(s.n_system))
            table.add_row(f"{name} recall", _fmt(s.recall), str(s.n_gold))
            table.add_row(f"{name} F1", _fmt(s.f1), "")

        prf("incidents", self.incidents)
        for name, fs in self.fields.items():
            table.add_row(f"field {name}", _fmt(fs.accuracy), str(fs.n))
            if name == "place" and fs.n:
                table.add_row("  place median error km", _fmt(fs.extra.get("median_km"), 1), str(fs.n))
                table.add_row("  place p90 error km", _fmt(fs.extra.get("p90_km"), 1), str(fs.n))
        prf("B³ articles", self.b3)
        prf("relevance", self.relevance)
        for label, rows in (
            ("umbrella", self.weekly_by_umbrella),
            ("target country", self.weekly_by_country),
        ):
            summary = weekly_summary(rows)
            table.add_row(
                f"weekly counts by {label}: |system-gold|",
                str(summary["abs_error"]),
                f"{summary['cells']} cells",
            )
        buffer = io.StringIO()
        Console(file=buffer, width=100, color_system=None, force_terminal=False).print(table)
        return buffer.getvalue()


def _fmt(value: float | None, digits: int = 3) -> str:
    return "-" if value is None else f"{value:.{digits}f}"


def score(
    system_incidents: Sequence[Incident],
    system_mentions: Sequence[Mention],
    articles: Sequence[Article],
    gold: GoldSet,
    *,
    umbrella_of_label: LabelResolver,
    actor_of_label: LabelResolver,
) -> EvalReport:
    """Score system records against a gold set. Articles are matched by ``external_id`` (else id)."""
    ext = {a.id: a.external_id or a.id for a in articles}
    articles_of = {inc.id: {ext.get(a, a) for a in inc.article_ids} for inc in system_incidents}
    umbrella_cache = _Cached(umbrella_of_label)
    actor_cache = _Cached(actor_of_label)
    match = match_incidents(
        system_incidents, gold.incidents, umbrella_of_label=umbrella_cache, articles_of=articles_of
    )
    gold_by_id = {g.id: g for g in gold.incidents}
    sys_by_id = {s.id: s for s in system_incidents}
    results = compare_fields(
        match, gold_by_id, sys_by_id, umbrella_of_label=umbrella_cache, actor_of_label=actor_cache
    )
    gold_groups = [set(arts) for arts in gold.articles_of_incident().values()]
    rel = None
    if gold.labels:
        rel = relevance(gold.labels, {ext.get(m.article_id, m.article_id) for m in system_mentions})

    def gold_umbrella_key(g: GoldIncident) -> str:
        ids = umbrella_cache(g.umbrella)
        return "+".join(sorted(ids)) if ids else "unknown"

    weekly_umbrella = weekly_counts(
        gold.incidents,
        system_incidents,
        gold_key=gold_umbrella_key,
        system_key=lambda s: s.actor_umbrella or s.actor_id or "unknown",
    )
    weekly_country = weekly_counts(
        gold.incidents,
        system_incidents,
        gold_key=lambda g: country_key(g.target_country),
        system_key=lambda s: system_country(s) or "unknown",
    )
    lines = _error_lines(
        match,
        gold_by_id,
        sys_by_id,
        results,
        mentions={m.id: m for m in system_mentions},
        ext=ext,
        articles_of=articles_of,
        umbrella_of_label=umbrella_cache,
    )
    return EvalReport(
        incidents=incident_prf(match, n_system=len(system_incidents), n_gold=len(gold.incidents)),
        fields=field_scores(results),
        b3=b_cubed(articles_of.values(), gold_groups),
        relevance=rel,
        weekly_by_umbrella=tuple(weekly_umbrella),
        weekly_by_country=tuple(weekly_country),
        match=match,
        field_results=tuple(results),
        error_lines=tuple(lines),
        n_articles=len(articles),
        n_mentions=len(system_mentions),
    )


class _Cached:
    """Memoise a label resolver: registry look-ups are not free and labels repeat."""

    def __init__(self, fn: LabelResolver) -> None:
        self._fn = fn
        self._memo: dict[str, set[str]] = {}

    def __call__(self, label: str) -> set[str]:
        if label not in self._memo:
            self._memo[label] = set(self._fn(label))
        return self._memo[label]


def _error_lines(
    match: MatchResult,
    gold: Mapping[str, GoldIncident],
    system: Mapping[str, Incident],
    results: Iterable[FieldResult],
    *,
    mentions: Mapping[str, Mention],
    ext: Mapping[str, str],
    articles_of: Mapping[str, set[str]],
    umbrella_of_label: LabelResolver,
) -> list[str]:
    lines: list[str] = []
    by_day: dict[Any, list[Incident]] = {}
    for s in system.values():
        if s.event_date is not None:
            by_day.setdefault(s.event_date, []).append(s)
    for gid in match.missed:
        g = gold[gid]
        why = _why_missed(g, by_day, umbrella_of_label)
        lines.append(
            f"MISS {g.id} {g.date} umbrella={g.umbrella!r} attacker={g.attacker!r} target={g.target!r} "
            f"place={g.target_place!r} articles={' '.join(g.article_ids)} [{why}]"
        )
    for sid in match.false_alarms:
        s = system[sid]
        where = s.place_text or s.target_text or "?"
        evidence = ""
        first = mentions.get(s.mention_ids[0]) if s.mention_ids else None
        if first is not None:
            sentence = " ".join(first.sentence.split())
            evidence = f" | {ext.get(first.article_id, first.article_id)}: {sentence[:300]!r}"
        lines.append(
            f"FALSE ALARM {s.id} {s.event_date} actor={s.actor_id or s.actor_text!r} "
            f"umbrella={s.actor_umbrella} place={where!r} weapon={s.weapon} "
            f"articles={' '.join(sorted(articles_of.get(s.id, ())))}{evidence}"
        )
    for r in results:
        if not r.correct:
            km = f" ({r.error_km:.1f} km)" if r.error_km is not None else ""
            lines.append(
                f"MISMATCH {r.gold_id} <-> {r.system_id} {r.field}: gold={_show(r.gold_value)} "
                f"system={_show(r.system_value)}{km}"
            )
    return lines


def _show(value: Any) -> str:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, tuple):
        return "(" + ", ".join(f"{v:.3f}" if isinstance(v, float) else repr(v) for v in value) + ")"
    return repr(value)


def _why_missed(
    g: GoldIncident, by_day: Mapping[Any, list[Incident]], umbrella_of_label: LabelResolver
) -> str:
    """Why no system incident matched: how far the nearest candidates got through the rules."""

    ids = umbrella_of_label(g.umbrella)
    if not ids:
        return f"gold umbrella {g.umbrella!r} resolves to no actor id"
    near = [s for d in range(-MAX_DAYS, MAX_DAYS + 1) for s in by_day.get(g.date + timedelta(days=d), ())]
    if not near:
        return f"no system incident within {MAX_DAYS} day"
    same_umbrella = [s for s in near if umbrellas_agree(ids, s)]
    if not same_umbrella:
        return f"{len(near)} system incident(s) within {MAX_DAYS} day, none with umbrella {sorted(ids)}"
    placed = [s for s in same_umbrella if place_agreement(g, s) is not None]
    if not placed:
        names = ", ".join(sorted({repr(s.place_text or s.target_text) for s in same_umbrella})[:5])
        return f"{len(same_umbrella)} candidate(s) with the umbrella but another place ({names})"
    return f"{len(placed)} admissible candidate(s) taken by other gold incidents"


# --- label resolution through the actor registry -------------------------------------------------


def _ids_of(found: Any) -> set[str]:
    """Ids in whatever a registry look-up returned: None, an id, an Actor, or a collection of them."""
    if found is None:
        return set()
    if isinstance(found, str):
        return {found}
    actor_id = getattr(found, "id", None)
    if isinstance(actor_id, str):
        return {actor_id}
    if isinstance(found, Iterable):
        out: set[str] = set()
        for item in found:
            out |= _ids_of(item)
        return out
    return set()


_UNATTRIBUTED_LABEL = re.compile(r"\(suspected\)|^\s*unknown\b", re.IGNORECASE)


def label_resolvers(
    lookup: Callable[[str], Any], *, umbrella_of: Callable[[str], Any] | None = None
) -> tuple[LabelResolver, LabelResolver]:
    """``(umbrella_of_label, actor_of_label)`` built on a registry's ``lookup`` (and ``umbrella_of``).

    Labels are split by :func:`proxywatch.evaluate.gold.label_parts`; each name is looked up as is,
    then through the gold's abbreviations (IRI, US, UK, SDF). The umbrella resolver adds each id's
    umbrella, so an IRI label meets a system incident coded to a faction claiming under IRI.
    """

    def resolve_names(names: list[str]) -> set[str]:
        ids: set[str] = set()
        for name in names:
            found = _ids_of(lookup(name))
            if not found and name.lower() in _GOLD_ABBREVIATIONS:
                found = _ids_of(lookup(_GOLD_ABBREVIATIONS[name.lower()]))
            ids |= found
        return ids

    def actor_of_label(label: str) -> set[str]:
        primary, fallback = label_parts(label)
        return resolve_names(primary) or resolve_names(fallback)

    def umbrella_of_label(label: str) -> set[str]:
        ids = actor_of_label(label)
        if umbrella_of is not None:
            for actor_id in list(ids):
                ids |= _ids_of(umbrella_of(actor_id))
        if _UNATTRIBUTED_LABEL.search(label) or not label_parts(label)[0]:
            ids.add(UNATTRIBUTED)  # "IRI (suspected)", "unknown": also met by an incident naming no one
        return ids

    return umbrella_of_label, actor_of_label


# "55 nm south-west of Hodeidah", "across the border from Aita al-Shaab": a place named only to
# say where the target lies from it is not the target's place.
_RELATIVE_TO = re.compile(r"\b(?:of|from)\s*$", re.IGNORECASE)


def locate_named_places(gold: GoldSet, gazetteer: Gazetteer) -> GoldSet:
    """Give each gold incident that names its place without coordinates the ``named_point`` of the
    first place the gazetteer finds in that name ("Conoco field, Deir ez-Zor": the Conoco field), so
    that spellings the gazetteer knows as one place ("Koniko gas field") match by distance."""
    finder = gazetteer.finder()
    located = []
    for g in gold.incidents:
        if not g.has_coordinates and g.target_place:
            found = finder.find(g.target_place)
            if found and not _RELATIVE_TO.search(g.target_place[: found[0][0]]):
                place = gazetteer.get(found[0][2])
                g = replace(g, named_point=(place.lat, place.lon))
        located.append(g)
    return replace(gold, incidents=tuple(located))


def run_eval(
    articles: Path,
    gold: Path,
    labels: Path | None,
    *,
    settings: Settings,
    workdir: Path | None = None,
    progress: bool = False,
) -> EvalReport:
    """Run the pipeline on ``articles`` in a throwaway store and score it against the gold files."""
    from proxywatch import pipeline
    from proxywatch.store import open_store

    gold_set = load_gold(gold, labels)  # fail on bad gold before spending minutes on the pipeline
    # The pipeline's own registry (built-in plus settings.actor_registry) resolves the gold labels,
    # so that gold and system speak the same ids; its gazetteer places the gold's bare place names.
    components = pipeline.build_components(settings)
    gold_set = locate_named_places(gold_set, components.gazetteer)
    registry = components.actors
    umbrella_of_label, actor_of_label = label_resolvers(registry.lookup, umbrella_of=registry.umbrella_of)
    tmp: tempfile.TemporaryDirectory[str] | None = None
    if workdir is None:
        tmp = tempfile.TemporaryDirectory(prefix="proxywatch-eval-", ignore_cleanup_errors=True)
        workdir = Path(tmp.name)
    try:
        workdir.mkdir(parents=True, exist_ok=True)
        db = workdir / "eval.duckdb"
        for stale in (db, db.with_name(db.name + ".wal")):
            if stale.exists():  # a store left by an earlier eval would mix old results in
                stale.unlink()
        store = open_store(str(db))
        try:
            pipeline.run(
                [str(articles)], store=store, settings=settings, progress=progress, components=components
            )
            incidents = store.incidents()
            stored = list(store.iter_articles())
            mentions = store.mentions_of_articles([a.id for a in stored])
        finally:
            store.close()
    finally:
        if tmp is not None:
            tmp.cleanup()
    return score(
        incidents,
        mentions,
        stored,
        gold_set,
        umbrella_of_label=umbrella_of_label,
        actor_of_label=actor_of_label,
    )


# --- quality gate ---------------------------------------------------------------------------------


def load_floors(path: Path) -> dict[str, Any]:
    """A floors file: JSON or TOML, flat (``"incidents.f1" = 0.5``) or nested tables."""
    try:
        text = Path(path).read_text(encoding="utf-8")
        data = tomllib.loads(text) if Path(path).suffix.lower() == ".toml" else json.loads(text)
    except (OSError, ValueError) as exc:
        raise ConfigError(f"{path}: cannot read floors: {exc}") from exc
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: floors must be a mapping of metric path -> minimum")
    return data


def _flatten(floors: Mapping[str, Any], prefix: str = "") -> dict[str, Any]:
    flat: dict[str, Any] = {}
    for key, value in floors.items():
        path = f"{prefix}{key}"
        if isinstance(value, Mapping):
            flat.update(_flatten(value, path + "."))
        else:
            flat[path] = value
    return flat


def check_floors(report: Mapping[str, Any], floors: Mapping[str, Any]) -> list[str]:
    """Failures of ``report`` (``EvalReport.to_dict()``) against ``floors``; empty when all pass.

    A metric that is missing or has no support (``None``) fails: a gate that silently passes when
    the metric vanished would not guard anything.
    """
    failures: list[str] = []
    for path, minimum in sorted(_flatten(floors).items()):
        if isinstance(minimum, bool) or not isinstance(minimum, int | float):
            failures.append(f"{path}: floor {minimum!r} is not a number")
            continue
        value: Any = report
        for part in path.split("."):
            value = value.get(part) if isinstance(value, Mapping) else None
        if value is None:
            failures.append(f"{path}: missing from the report (floor {minimum:.3f})")
        elif isinstance(value, bool) or not isinstance(value, int | float):
            failures.append(f"{path}: {value!r} is not a number (floor {minimum:.3f})")
        elif value < minimum:
            failures.append(f"{path} = {value:.4f} is below its floor {minimum}")
    return failures
