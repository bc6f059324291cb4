"""Source-cited briefs: headline judgement, counts, timeline, notable incidents, method and limits.

:func:`build_brief` computes a :class:`Brief`, a structured record whose every number is a
:class:`~proxywatch.analyse.counts.Figure` naming the incidents behind it, and keeps the reports of each
cited incident. :func:`render_markdown` turns it into Markdown where every number carries a footnote
listing those incidents and their reports; :func:`proxywatch.report.check.check_brief` recomputes it.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from proxywatch.analyse.counts import (
    FILTER_KEYS,
    UNKNOWN,
    Figure,
    count_by,
    count_figure,
    days_between,
    field_figure,
    filter_incidents,
    sum_figure,
)
from proxywatch.analyse.stats import BeforeAfter, before_after, rate_ratio_figure
from proxywatch.errors import ConfigError
from proxywatch.models import Article, Incident, Mention
from proxywatch.report.export import country_name

Text = tuple["str | Figure", ...]
"""Prose with figures inside: rendered by joining, each figure followed by its footnote marker."""

TABLE_KEYS = (("umbrella", "By umbrella / group"), ("actor", "By actor"))
TABLE_KEYS += (("target_country", "By target country"), ("weapon", "By weapon"))
TABLE_KEYS += (("launch_country", "By launch country"),)
MAX_NOTABLE = 5
DAILY_TABLE_MAX_DAYS = 92  # longer periods get a weekly table; the sparkline and chart stay daily


@dataclass(frozen=True, slots=True)
class Citation:
    """One report of an incident, as cited in a footnote."""

    article_id: str
    outlet: str
    published: date | None
    title: str
    url: str | None
    source: str
    external_id: str | None = None
    claim: str | None = None  # what this report says: claimed, confirmed, intercepted, ...


@dataclass(frozen=True, slots=True)
class FigureTable:
    key: str
    title: str
    rows: tuple[tuple[str, Figure], ...]  # (display label, figure)


@dataclass(frozen=True, slots=True)
class Brief:
    title: str
    start: date
    end: date
    scope: str  # "Attacks by X on Y"
    headline_parts: Text
    judgement: str
    total: Figure
    killed: Figure
    injured: Figure
    intercepted: Figure
    single_source: Figure
    tables: tuple[FigureTable, ...]
    timeline: tuple[Figure, ...]  # one count figure per day (or per week for long periods)
    daily: tuple[tuple[date, int], ...]  # zero-filled, for the sparkline and the chart
    most_sources: tuple[tuple[str, Figure], ...]  # (incident description, n_sources figure)
    most_casualties: tuple[tuple[str, Figure], ...]
    incidents: Mapping[str, Incident]  # every incident the brief cites
    citations: Mapping[str, tuple[Citation, ...]]  # incident id -> its reports
    method: tuple[str, ...]
    limits: tuple[Text, ...]
    trigger: date | None = None
    comparison: BeforeAfter | None = None
    before: Figure | None = None
    after: Figure | None = None
    ratio: Figure | None = None
    focus: Mapping[str, str] = field(default_factory=dict)
    names: Mapping[str, str] = field(default_factory=dict)
    chart: str | None = None  # file name of the timeline PNG, beside the Markdown file
    change: Any = None  # ChangePoint of the daily series (None: no change, or ruptures missing)
    change_note: str = ""  # why no change point was computed, when none could be
    claim_structure: tuple[tuple[str, tuple[tuple[str, Figure], ...]], ...] = ()  # umbrella -> factions
    ties: tuple[str, ...] = ()  # registry ties among the actors, each with its source
    network: Any = None  # networkx MultiDiGraph of the actors (None without a registry or networkx)
    images: Mapping[str, str] = field(default_factory=dict)  # figure name -> PNG file name beside the brief

    @property
    def headline(self) -> str:
        """The headline as plain text (numbers without footnote markers), for terminals and logs."""
        return "".join(_plain(p) if isinstance(p, Figure) else p for p in self.headline_parts)

    def figures(self) -> list[Figure]:
        """Every figure in the brief, for checking."""
        out = [self.total, self.killed, self.injured, self.intercepted, self.single_source]
        out += [f for f in (self.before, self.after, self.ratio) if f is not None]
        for table in self.tables:
            out += [fig for _, fig in table.rows]
        out += list(self.timeline)
        out += [fig for _, fig in self.most_sources + self.most_casualties]
        out += [fig for _, rows in self.claim_structure for _, fig in rows]
        return out

    def focused_ids(self) -> tuple[str, ...]:
        """Ids of the incidents in the brief's scope and period."""
        return self.total.incident_ids


# --- labels ----------------------------------------------------------------------------------------


def _actor_name(actor_id: str | None, names: Mapping[str, str]) -> str:
    if not actor_id or actor_id == UNKNOWN:
        return "unidentified actor"
    return names.get(actor_id, actor_id)


def group_label(key: str, value: str, names: Mapping[str, str]) -> str:
    """Display label of a group value for a grouping key."""
    if value == UNKNOWN:
        return "unknown"
    if key in ("actor", "umbrella"):
        return _actor_name(value, names)
    if key in ("target_country", "launch_country"):
        return country_name(value)
    if key == "weapon":
        return value.replace("_", " ")
    return value


def scope_label(focus: Mapping[str, str], names: Mapping[str, str]) -> str:
    """ "Attacks by X on Y with Z from W", from the focus filters."""
    text = "Attacks"
    who = focus.get("actor") or focus.get("umbrella")
    if who:
        text += f" by {_actor_name(who, names)}"
    if focus.get("target_country"):
        text += f" on {country_name(focus['target_country'])}"
    if focus.get("weapon"):
        text += f" with {group_label('weapon', focus['weapon'], names)}s"
    if focus.get("launch_country"):
        text += f" launched from {country_name(focus['launch_country'])}"
    if focus.get("event_type"):
        text += f" ({focus['event_type']})"
    if focus.get("status"):
        text += f" (status: {focus['status']})"
    return text


def describe(incident: Incident, names: Mapping[str, str]) -> str:
    """One line for an incident: date, weapon and type, actor, target and place."""
    when = incident.event_date.isoformat() if incident.event_date else "undated"
    actor = _actor_name(incident.actor_id, names) if incident.actor_id else incident.actor_text
    where = incident.target_text or incident.place_text
    country = country_name(incident.target_country)
    text = f"{when}: {incident.event_type} ({incident.weapon.replace('_', ' ')})"
    text += f" by {actor or 'unidentified actor'}"
    if where:
        text += f" on {where}"
    if country:
        text += f" ({country})"
    return text + f", {incident.status}"


def judge(comparison: BeforeAfter) -> str:
    """A plain-words reading of a rate ratio and its interval."""
    rate = comparison.rate
    if math.isnan(rate.ratio):
        return "no incidents on either side, so no comparison"
    if rate.low > 1:
        return "a sharp rise" if rate.ratio >= 3 else "a rise larger than chance would explain"
    if rate.high < 1:
        return "a sharp fall" if rate.ratio <= 1 / 3 else "a fall larger than chance would explain"
    return "no change beyond what chance would explain"


# --- building --------------------------------------------------------------------------------------


def _article_map(articles: Iterable[Article] | Mapping[str, Article]) -> dict[str, Article]:
    if isinstance(articles, Mapping):
        return dict(articles)
    return {a.id: a for a in articles}


def _citations(
    incident: Incident, articles: Mapping[str, Article], claims: Mapping[tuple[str, str], str]
) -> tuple[Citation, ...]:
    out = []
    for article_id in incident.article_ids:
        art = articles.get(article_id)
        if art is None:
            # Cited anyway so the checker reports the missing article instead of hiding it.
            out.append(Citation(article_id, "", None, "", None, ""))
            continue
        out.append(
            Citation(
                article_id=art.id,
                outlet=art.outlet,
                published=art.published_at.date() if art.published_at else None,
                title=art.title,
                url=art.url,
                source=art.source,
                external_id=art.external_id,
                claim=claims.get((incident.id, art.id)),
            )
        )
    out.sort(key=lambda c: (c.published or date.max, c.outlet, c.article_id))
    return tuple(out)


def _timeline(
    focused: Sequence[Incident], start: date, end: date, params: Mapping[str, Any], *, trigger: date | None
) -> tuple[Figure, ...]:
    step = 1 if (end - start).days + 1 <= DAILY_TABLE_MAX_DAYS else 7
    bounds: list[tuple[date, date]] = []
    first = start
    if step > 1 and trigger is not None and (trigger - start).days % step:
        # Weeks are anchored on the trigger day so that no row mixes days before and after it.
        first = start + timedelta(days=(trigger - start).days % step)
        bounds.append((start, first - timedelta(days=1)))
    while first <= end:
        last = min(first + timedelta(days=step - 1), end)
        bounds.append((first, last))
        first = last + timedelta(days=1)
    return tuple(
        count_figure(
            focused,
            a.isoformat() if step == 1 else f"{a.isoformat()} to {b.isoformat()}",
            **{**params, "start": a, "end": b},
        )
        for a, b in bounds
    )


def build_brief(
    incidents: Iterable[Incident],
    mentions: Iterable[Mention],
    articles: Iterable[Article] | Mapping[str, Article],
    *,
    start: date,
    end: date,
    trigger: date | None = None,
    title: str | None = None,
    focus: Mapping[str, str] | None = None,
    names: Mapping[str, str] | None = None,
    output_dir: str | Path | None = None,
    registry: Any = None,
) -> Brief:
    """A brief on the incidents in ``[start, end]`` matching ``focus``.

    ``focus`` holds filters of :func:`~proxywatch.analyse.counts.filter_incidents` (``umbrella``,
    ``actor``, ``target_country``, ``launch_country``, ``weapon``, ``event_type``, ``status``). With a
    ``trigger`` day inside the period, the headline compares the days before it with the days from it
    on. ``names`` maps actor ids to display names. With ``output_dir``, the timeline chart is drawn
    there (``timeline-<start>_<end>.png``) and :func:`render_markdown` embeds it. With an actor
    ``registry``, the brief carries the actor network of its incidents and the registry ties among them.
    The main change point of the daily series is computed when ``ruptures`` is installed.
    """
    if end < start:
        raise ConfigError(f"brief: end {end} is before start {start}")
    focus = {k: v for k, v in (focus or {}).items() if v}
    unknown = set(focus) - set(FILTER_KEYS)
    if unknown:
        raise ConfigError(f"brief: unknown focus keys {sorted(unknown)}; keys are {', '.join(FILTER_KEYS)}")
    if trigger is not None and not start < trigger <= end:
        raise ConfigError(f"brief: trigger {trigger} must lie after {start} and on or before {end}")
    names = dict(names or {})
    all_incidents = list(incidents)
    by_article = _article_map(articles)
    params: dict[str, Any] = {"start": start, "end": end, **focus}
    focused = filter_incidents(all_incidents, **params)
    scope = scope_label(focus, names)
    span = f"{start.isoformat()} to {end.isoformat()}"

    total = count_figure(focused, f"{scope}, {span}", **params)
    killed = sum_figure(focused, "killed (as reported)", field_name="killed", **params)
    injured = sum_figure(focused, "injured (as reported)", field_name="injured", **params)
    intercepted = count_figure(focused, "reported intercepted", **{**params, "status": "intercepted"})
    single_source = count_figure(focused, "incidents resting on one outlet", **params, max_sources=1)

    tables = []
    for key, heading in TABLE_KEYS:
        if key in focus:
            continue  # one row equal to the total says nothing
        rows = []
        for value in count_by(focused, key):
            label = group_label(key, value, names)
            rows.append((label, count_figure(focused, label, **{**params, key: value})))
        tables.append(FigureTable(key=key, title=heading, rows=tuple(rows)))

    timeline = _timeline(focused, start, end, params, trigger=trigger)
    day_counts: dict[date, int] = {}
    for inc in focused:
        if inc.event_date is not None:
            day_counts[inc.event_date] = day_counts.get(inc.event_date, 0) + 1
    daily = tuple((d, day_counts.get(d, 0)) for d in days_between(start, end))

    ranked = sorted(focused, key=lambda i: (-i.n_sources, -i.n_reports, i.event_date or date.max, i.id))
    most_sources = tuple(
        (describe(i, names), field_figure(i, "outlets reporting it", field_name="n_sources"))
        for i in ranked[:MAX_NOTABLE]
        if i.n_sources > 1
    )
    deadly = sorted(
        (i for i in focused if (i.killed or 0) > 0),
        key=lambda i: (-(i.killed or 0), i.event_date or date.max, i.id),
    )
    most_casualties = tuple(
        (describe(i, names), field_figure(i, "killed (as reported)", field_name="killed"))
        for i in deadly[:MAX_NOTABLE]
    )

    comparison = before_fig = after_fig = ratio_fig = None
    if trigger is not None:
        comparison = before_after(
            all_incidents,
            trigger=trigger,
            days_before=(trigger - start).days,
            days_after=(end - trigger).days + 1,
            **focus,
        )
        before_fig = count_figure(
            focused, "before", **{**params, "start": comparison.before_start, "end": comparison.before_end}
        )
        after_fig = count_figure(
            focused, "after", **{**params, "start": comparison.after_start, "end": comparison.after_end}
        )
        ratio_fig = rate_ratio_figure(comparison, "rate ratio, after/before")
        rate = comparison.rate
        judgement = judge(comparison)
        headline: Text = (
            f"{scope}: ",
            before_fig,
            f" in the {comparison.before_days} days before {trigger.isoformat()} vs ",
            after_fig,
            f" in the {comparison.after_days} days from {trigger.isoformat()} on (rate ratio ",
            ratio_fig,
            f", {round(rate.confidence * 100)} % CI {_ratio(rate.low)}–{_ratio(rate.high)}, "
            f"{_p(rate.p_value)}): {judgement}.",
        )
    else:
        # The earliest of equally busy periods: the start of a surge is what an analyst looks for.
        busiest = max(timeline, key=lambda f: f.value, default=None)
        judgement = ""
        headline = (f"{scope}: ", total, f" incidents from {start.isoformat()} to {end.isoformat()}")
        if busiest is not None and busiest.value > 0:
            headline += ("; busiest ", "day " if len(timeline) == len(daily) else "week ")
            headline += (f"{busiest.label} with ", busiest)
        headline += (".",)

    change, change_note = daily_change(daily)
    if change is not None:
        headline += (
            f" Change point: {change.direction} on {change.day.isoformat()} "
            f"({round(change.confidence * 100)} % interval {change.low.isoformat()} to "
            f"{change.high.isoformat()}).",
        )
    mention_list = list(mentions)
    claim_structure = _claim_structure(focused, params, names, registry)
    graph, ties = _network(registry, focused, mention_list, names)

    cited_ids: set[str] = set()
    figs: list[Figure] = [total, killed, injured, intercepted, single_source, *timeline]
    figs += [fig for _, rows in claim_structure for _, fig in rows]
    figs += [f for f in (before_fig, after_fig, ratio_fig) if f is not None]
    figs += [fig for table in tables for _, fig in table.rows]
    figs += [fig for _, fig in most_sources + most_casualties]
    for fig in figs:
        cited_ids.update(fig.incident_ids)
    by_id = {i.id: i for i in all_incidents}
    wanted_mentions = {m for i in cited_ids for m in by_id[i].mention_ids}
    claims: dict[tuple[str, str], str] = {}
    mention_to_incident = {m: i for i in cited_ids for m in by_id[i].mention_ids}
    for mention in mention_list:
        if mention.id in wanted_mentions:
            claims[(mention_to_incident[mention.id], mention.article_id)] = mention.claim_status

    brief = Brief(
        title=title or f"{scope}, {span}",
        start=start,
        end=end,
        scope=scope,
        headline_parts=headline,
        judgement=judgement,
        total=total,
        killed=killed,
        injured=injured,
        intercepted=intercepted,
        single_source=single_source,
        tables=tuple(tables),
        timeline=timeline,
        daily=daily,
        most_sources=most_sources,
        most_casualties=most_casualties,
        incidents={i: by_id[i] for i in sorted(cited_ids)},
        citations={i: _citations(by_id[i], by_article, claims) for i in sorted(cited_ids)},
        method=_method(trigger is not None),
        limits=(
            (
                "Counts follow what the news reported: coverage varies by outlet, language and period, "
                "so more reporting can look like more attacks.",
            ),
            (single_source, " of the ", total, " incidents rest on a single outlet; treat them as leads."),
            (
                "Casualty figures are as first reported (",
                killed,
                " killed, ",
                injured,
                " injured in total) and are often revised.",
            ),
            (
                "Claims are the perpetrators' own statements; ",
                intercepted,
                " incidents were reported intercepted.",
            ),
            ("Extraction is automatic: read the cited reports before relying on any single incident.",),
        ),
        trigger=trigger,
        comparison=comparison,
        before=before_fig,
        after=after_fig,
        ratio=ratio_fig,
        focus=focus,
        names=names,
        change=change,
        change_note=change_note,
        claim_structure=claim_structure,
        ties=ties,
        network=graph,
    )
    if output_dir is None:
        return brief
    folder = Path(output_dir)
    folder.mkdir(parents=True, exist_ok=True)
    chart = plot_timeline(brief, folder / f"timeline-{start.isoformat()}_{end.isoformat()}.png")
    return replace(brief, chart=chart.name)


def daily_change(daily: Sequence[tuple[date, int]]) -> tuple[Any, str]:
    """The main change point of a daily series and, when it cannot be computed, why not."""
    from proxywatch.analyse.changepoint import main_change

    try:
        return main_change([d for d, _ in daily], [n for _, n in daily]), ""
    except ConfigError as exc:
        return None, str(exc)


def _claim_structure(
    focused: Sequence[Incident], params: Mapping[str, Any], names: Mapping[str, str], registry: Any = None
) -> tuple[tuple[str, tuple[tuple[str, Figure], ...]], ...]:
    """Which factions claimed under which umbrella, each count a citable figure.

    With a registry, pairs from opposite sides (an Iran-backed group "under" Israel) are left out: they
    are attribution errors upstream, and the incidents stay counted in the tables.
    """
    out = []
    for umbrella, _ in count_by(focused, "umbrella").items():
        if umbrella == UNKNOWN:
            continue
        members = filter_incidents(focused, umbrella=umbrella)
        rows = []
        for actor in count_by(members, "actor"):
            if actor in (umbrella, UNKNOWN) or not _same_side(registry, actor, umbrella):
                continue
            label = _actor_name(actor, names)
            rows.append(
                (label, count_figure(focused, label, **{**params, "umbrella": umbrella, "actor": actor}))
            )
        if rows:
            out.append((_actor_name(umbrella, names), tuple(rows)))
    return tuple(out)


def _same_side(registry: Any, a: str, b: str) -> bool:
    if registry is None:
        return True
    sides = {getattr(registry.get_or_none(x), "side", None) for x in (a, b)} - {None, ""}
    return len(sides) <= 1


def _network(
    registry: Any, focused: Sequence[Incident], mentions: Sequence[Mention], names: Mapping[str, str]
) -> tuple[Any, tuple[str, ...]]:
    if registry is None:
        return None, ()
    from proxywatch.analyse.network import build_network

    try:
        graph = build_network(registry, focused, mentions)
    except ConfigError:
        return None, ()  # networkx missing: the brief goes without its network, the rest stands
    ties = []
    for u, v, kind, data in sorted(graph.edges(keys=True, data=True)):
        if kind not in ("backing", "membership", "alliance"):
            continue
        verb = {"backing": "backs", "membership": "is part of", "alliance": "is allied with"}[kind]
        ties.append(
            f"{_actor_name(u, names)} {verb} {_actor_name(v, names)} (source: {data.get('citation') or '?'})"
        )
    return graph, tuple(ties)


def _method(with_trigger: bool) -> tuple[str, ...]:
    lines = [
        "Unit: an incident is one attack. Reports of the same attack by several outlets, and a claim "
        "together with its confirmation, are merged and counted once.",
        "Dates are event dates as reported (relative dates resolved against the publication date); "
        "incidents without an event date are left out of the counts for the period.",
        "Groups: the umbrella is the front an actor claims under (e.g. the Islamic Resistance in Iraq), or "
        "the actor itself when it claims in its own name.",
    ]
    if with_trigger:
        lines.append(
            "Rate ratio: incidents per day from the trigger day on, over incidents per day before it. "
            "The interval is exact (conditional binomial, Clopper-Pearson); the p-value is the exact test "
            "of equal rates. Windows are fixed by the period asked for, not chosen from the data."
        )
    lines.append(
        "Change point: Poisson PELT segmentation (ruptures) of the daily counts with a BIC penalty; "
        "the interval is the 95 % highest-probability set of the change day under a flat prior "
        "(likelihood profile with the neighbouring segments fixed)."
    )
    lines.append(
        "Actor ties (backing, membership, alliance) come from the actor registry with its sources; "
        "the map places each incident at its geocoded place (town or site), not the exact impact point."
    )
    return tuple(lines)


# --- rendering -------------------------------------------------------------------------------------

# Only what can start markup mid-line: brackets (links, footnotes), emphasis, code, tables, strikeout.
_MD_SPECIAL = re.compile(r"([\\`*_\[\]|~])")
_ENTITY = re.compile(r"&(?=#?[A-Za-z0-9]+;)")
_TAG_OPEN = re.compile(r"<(?=[A-Za-z/!?])")
_SAFE_URL = re.compile(r"https?://[^\s<>\"'`]+")
_SPARK = "▁▂▃▄▅▆▇█"


def md(text: str) -> str:
    """Escape report-supplied text (titles, outlets, names) so it renders as text, never as markup."""
    text = re.sub(r"\s+", " ", str(text))  # a newline in a title must not end a table row or list item
    # "<" opens markup only before a letter, "/", "!" or "?" (a tag or an autolink), "&" only as an
    # entity: escaping just those keeps "p < 0.001" and "AT&T" readable in the raw Markdown.
    text = _ENTITY.sub("&amp;", text)
    text = _TAG_OPEN.sub("&lt;", text)
    return _MD_SPECIAL.sub(r"\\\1", text)


def _num(value: float) -> str:
    if math.isinf(value):
        return "∞"
    if math.isnan(value):
        return "n/a"
    if float(value).is_integer() and abs(value) < 1e15:
        return str(int(value))
    return f"{value:.2f}" if abs(value) < 10 else f"{value:.1f}"


def _ratio(value: float) -> str:
    if math.isinf(value) or math.isnan(value):
        return _num(value)
    return f"{value:.2f}" if value < 10 else f"{value:.1f}"


def _plain(fig: Figure) -> str:
    return _ratio(fig.value) if fig.kind == "rate_ratio" else _num(fig.value)


def _p(value: float) -> str:
    return "p < 0.001" if value < 0.001 else f"p = {value:.3f}"


def sparkline(values: Sequence[int]) -> str:
    """Text sparkline: a blank-looking lowest bar for zero, the tallest for the maximum."""
    top = max(values, default=0)
    if top <= 0:
        return _SPARK[0] * len(values)
    return "".join(
        _SPARK[0] if v == 0 else _SPARK[max(1, round(v / top * (len(_SPARK) - 1)))] for v in values
    )


class _Notes:
    """Footnote numbering: one footnote per distinct set of incidents, numbered by first use."""

    def __init__(self, brief: Brief) -> None:
        self.brief = brief
        self.numbers: dict[tuple[str, ...], int] = {}

    def ref(self, fig: Figure) -> str:
        key = fig.incident_ids
        if key not in self.numbers:
            self.numbers[key] = len(self.numbers) + 1
        return f"[^{self.numbers[key]}]"

    def figure(self, fig: Figure) -> str:
        return f"{_plain(fig)}{self.ref(fig)}"

    def render(self) -> list[str]:
        lines: list[str] = []
        for key, number in self.numbers.items():
            if not key:
                lines.append(f"[^{number}]: No incident matches, so there is no report to cite.")
                lines.append("")
                continue
            noun = "incident" if len(key) == 1 else "incidents"
            lines.append(f"[^{number}]: {len(key)} {noun} behind this number:")
            lines.append("")
            for incident_id in sorted(key, key=self._order):
                lines.extend(self._incident(incident_id))
            lines.append("")
        return lines

    def _order(self, incident_id: str) -> tuple[date, str]:
        incident = self.brief.incidents.get(incident_id)
        return (incident.event_date or date.max if incident else date.max, incident_id)

    def _incident(self, incident_id: str) -> list[str]:
        incident = self.brief.incidents.get(incident_id)
        head = md(describe(incident, self.brief.names)) if incident else "not in this brief"
        out = [f"    - `{incident_id}` {head}. Reports:"]
        for c in self.brief.citations.get(incident_id, ()):
            out.append(f"        - {_citation(c)}")
        return out


def _citation(c: Citation) -> str:
    outlet = md(c.outlet) or "unknown outlet"
    published = c.published.isoformat() if c.published else "undated"
    title = f"“{md(c.title)}”" if c.title else "untitled"
    if c.url and _SAFE_URL.fullmatch(c.url):
        where = f"<{c.url}>"
    elif c.url or c.source:
        where = md(c.url or c.source)
    else:
        where = "no URL or source recorded"
    claim = f" ({md(c.claim)})" if c.claim else ""
    ident = f" (id {md(c.external_id)})" if c.external_id else ""
    return f"{outlet}, {published}, {title}, {where}{claim}{ident}"


def _text(parts: Text, notes: _Notes) -> str:
    return "".join(notes.figure(p) if isinstance(p, Figure) else md(p) for p in parts)


def render_markdown(brief: Brief, *, chart: str | None = None) -> str:
    """The brief as Markdown; ``chart`` (default: ``brief.chart``) is the relative path of an image."""
    notes = _Notes(brief)
    chart = chart or brief.chart
    lines = [f"# {md(brief.title)}", ""]
    lines += [f"**{_text(brief.headline_parts, notes)}**", ""]
    lines += [
        f"Period {brief.start.isoformat()} to {brief.end.isoformat()}: "
        f"{notes.figure(brief.total)} incidents, "
        f"{notes.figure(brief.killed)} killed and {notes.figure(brief.injured)} injured as reported, "
        f"{notes.figure(brief.intercepted)} reported intercepted.",
        "",
    ]
    for table in brief.tables:
        lines += [f"## {md(table.title)}", "", "| group | incidents |", "|---|---:|"]
        lines += [f"| {md(label)} | {notes.figure(fig)} |" for label, fig in table.rows]
        lines.append("")
        if table.key == "weapon" and brief.images.get("weapons"):
            lines += [f"![Weapon mix]({brief.images['weapons']})", ""]

    lines += ["## Map", ""]
    lines += [
        "Impact places of the incidents counted above (geocoded town or site) and the countries they were "
        "launched from (shaded), drawn offline on Natural Earth outlines.",
        "",
    ]
    if brief.images.get("map"):
        lines += [f"![Map of impact places and launch countries]({brief.images['map']})", ""]

    lines += ["## Actors and ties", ""]
    if brief.claim_structure:
        lines += ["Who claimed under which umbrella:", ""]
        for umbrella, rows in brief.claim_structure:
            parts = ", ".join(f"{md(label)} {notes.figure(fig)}" for label, fig in rows)
            lines.append(f"- {md(umbrella)}: {parts}")
        lines.append("")
    else:
        lines += ["No incident names a faction claiming under an umbrella.", ""]
    if brief.ties:
        lines += ["Ties among these actors in the actor registry:", ""]
        lines += [f"- {md(tie)}" for tie in brief.ties]
        lines.append("")
    if brief.images.get("network"):
        lines += [f"![Actor network]({brief.images['network']})", ""]

    lines += ["## Timeline", ""]
    counts = [n for _, n in brief.daily]
    lines += [f"Daily incidents, {brief.start.isoformat()} to {brief.end.isoformat()}:", ""]
    lines += [f"`{sparkline(counts)}`", ""]
    if chart:
        lines += [f"![Daily incidents]({chart})", ""]
    lines += [change_sentence(brief) + (notes.ref(brief.total) if brief.change is not None else ""), ""]
    period = "day" if len(brief.timeline) == len(brief.daily) else "week"
    lines += [f"| {period} | incidents |", "|---|---:|"]
    for fig in brief.timeline:
        marker = ""
        if brief.trigger is not None and fig.params.get("start") == brief.trigger:
            # Anchoring makes the trigger the first day of its row, daily or weekly.
            marker = " (trigger)"
        lines.append(f"| {md(fig.label)}{marker} | {notes.figure(fig)} |")
    lines.append("")

    lines += ["## Notable incidents", ""]
    if brief.most_sources:
        lines += ["Most widely reported:", ""]
        lines += [
            f"- {md(text)}: reported by {notes.figure(fig)} outlets" for text, fig in brief.most_sources
        ]
        lines.append("")
    if brief.most_casualties:
        lines += ["Deadliest (as reported):", ""]
        lines += [f"- {md(text)}: {notes.figure(fig)} killed" for text, fig in brief.most_casualties]
        lines.append("")
    if not brief.most_sources and not brief.most_casualties:
        lines += ["No incident was reported by more than one outlet or with deaths.", ""]

    lines += ["## Method", ""]
    lines += [f"- {md(line)}" for line in brief.method]
    lines += ["", "## Limits", ""]
    lines += [f"- {_text(parts, notes)}" for parts in brief.limits]
    lines += ["", "## Sources", ""]
    lines += notes.render()
    return "\n".join(lines).rstrip() + "\n"


def change_sentence(brief: Brief) -> str:
    """The change point of the daily series in words (dates only: no count to footnote)."""
    change = brief.change
    if change is None:
        why = f" ({brief.change_note})" if brief.change_note else ""
        return f"Change point: none found in the daily series{why}."
    return (
        f"Change point: a {change.direction} on {change.day.isoformat()} "
        f"({round(change.confidence * 100)} % interval {change.low.isoformat()} to "
        f"{change.high.isoformat()}), "
        f"from {change.before_rate:.2f} incidents a day over the {change.before_days} days before to "
        f"{change.after_rate:.2f} over the {change.after_days} days from it (segments found by the "
        "segmentation, so a short busy segment is a burst rather than a lasting change)."
    )


def plot_timeline(brief: Brief, path: str | Path) -> Path:
    """A PNG bar chart of daily incidents (trigger day and change point marked), drawn offline."""
    from proxywatch.report.figures import png_bytes, timeline_figure

    fig = timeline_figure(brief.daily, title=brief.scope, trigger=brief.trigger, change=brief.change)
    out = Path(path)
    out.write_bytes(png_bytes(fig, dpi=100))
    return out


FORMATS = ("md", "html", "pdf")


def figure_pngs(brief: Brief, *, dpi: int = 130) -> dict[str, bytes]:
    """The brief's figures as PNG bytes by name; empty when matplotlib is not installed."""
    from proxywatch.report.figures import brief_figures, png_bytes

    try:
        return {name: png_bytes(fig, dpi=dpi) for name, fig in brief_figures(brief).items()}
    except ConfigError:
        return {}


def draw_images(brief: Brief, folder: Path, *, stem: str, pngs: Mapping[str, bytes] | None = None) -> Brief:
    """Write the brief's PNG figures into ``folder`` and return the brief that names them."""
    images = {}
    for name, data in (figure_pngs(brief) if pngs is None else pngs).items():
        path = folder / f"{stem}-{name}.png"
        path.write_bytes(data)
        images[name] = path.name
    return replace(brief, images=images, chart=images.get("timeline", brief.chart))


def write_formats(
    brief: Brief, directory: str | Path, *, stem: str = "brief", formats: Sequence[str] = ("md",)
) -> dict[str, Path]:
    """Write the brief as ``<stem>.md`` / ``.html`` / ``.pdf`` into ``directory``; return the paths.

    The figures are drawn once: Markdown links them as PNG files beside it, HTML inlines them as data
    URIs, PDF places them on its pages.
    """
    unknown = set(formats) - set(FORMATS)
    if unknown:
        raise ConfigError(f"unknown brief format(s) {sorted(unknown)}; formats are {', '.join(FORMATS)}")
    folder = Path(directory)
    folder.mkdir(parents=True, exist_ok=True)
    pngs = figure_pngs(brief)
    out: dict[str, Path] = {}
    if "md" in formats:
        drawn = draw_images(brief, folder, stem=stem, pngs=pngs)
        out["md"] = folder / f"{stem}.md"
        out["md"].write_text(render_markdown(drawn), encoding="utf-8")
    if "html" in formats:
        from proxywatch.report.html import render_html

        out["html"] = folder / f"{stem}.html"
        out["html"].write_text(render_html(brief, images=pngs), encoding="utf-8")
    if "pdf" in formats:
        from proxywatch.report.pdf import write_pdf

        out["pdf"] = write_pdf(brief, folder / f"{stem}.pdf", images=pngs)
    return out


def write_brief(brief: Brief, directory: str | Path, *, stem: str = "brief") -> Path:
    """Write ``<stem>.md`` and its charts (``<stem>-timeline.png``, map, network, ...) into ``directory``."""
    return write_formats(brief, directory, stem=stem, formats=("md",))["md"]
