"""Self-contained HTML briefs: one file, figures inlined as data URIs, no script, no CDN, no web font.

Everything that came from a report (titles, outlets, names, places) is escaped with :func:`html.escape`;
links are written only for ``http(s)`` URLs. Every number carries a footnote link to the incidents and
reports behind it, numbered as in the Markdown brief.
"""

from __future__ import annotations

import base64
from collections.abc import Mapping
from datetime import date
from html import escape

from proxywatch.analyse.counts import Figure
from proxywatch.report.brief import (
    _SAFE_URL,
    Brief,
    Citation,
    Text,
    _plain,
    change_sentence,
    describe,
    sparkline,
)

CSS = """
body{font-family:Georgia,'Times New Roman',serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#222;
line-height:1.45}
h1{font-size:1.6rem}h2{font-size:1.2rem;border-bottom:1px solid #ccc;margin-top:2rem}
.headline{font-size:1.1rem;font-weight:bold;background:#fbeee6;padding:.8rem;border-left:4px solid #b03a2e}
table{border-collapse:collapse;margin:.5rem 0}td,th{border:1px solid #ddd;padding:.2rem .6rem}
td.n{text-align:right}img{max-width:100%;height:auto;border:1px solid #eee}
sup a{text-decoration:none;color:#b03a2e}.notes li{margin-bottom:.6rem}.notes ul{font-size:.9rem}
code{font-size:.85rem}.tables{display:flex;flex-wrap:wrap;gap:1.5rem}
"""


def e(text: object) -> str:
    """Escape report-supplied text for HTML body and attribute context."""
    return escape(str(text), quote=True)


class HtmlNotes:
    """Footnotes numbered by first use, one per distinct set of incidents (as in the Markdown brief)."""

    def __init__(self, brief: Brief) -> None:
        self.brief = brief
        self.numbers: dict[tuple[str, ...], int] = {}

    def ref(self, fig: Figure) -> str:
        number = self.numbers.setdefault(fig.incident_ids, len(self.numbers) + 1)
        return f'<sup><a href="#fn{number}" id="r{number}">[{number}]</a></sup>'

    def figure(self, fig: Figure) -> str:
        return f"{e(_plain(fig))}{self.ref(fig)}"

    def render(self) -> str:
        items = []
        for key, number in self.numbers.items():
            if not key:
                items.append(f'<li id="fn{number}">No incident matches, so there is no report to cite.</li>')
                continue
            noun = "incident" if len(key) == 1 else "incidents"
            body = "".join(self._incident(i) for i in sorted(key, key=self._order))
            items.append(f'<li id="fn{number}">{len(key)} {noun} behind this number:<ul>{body}</ul></li>')
        return '<ol class="notes">' + "".join(items) + "</ol>"

    def _order(self, incident_id: str) -> tuple[date, str]:
        incident = self.brief.incidents.get(incident_id)
        return (incident.event_date or date.max if incident else date.max, incident_id)

    def _incident(self, incident_id: str) -> str:
        incident = self.brief.incidents.get(incident_id)
        head = e(describe(incident, self.brief.names)) if incident else "not in this brief"
        reports = "".join(f"<li>{citation_html(c)}</li>" for c in self.brief.citations.get(incident_id, ()))
        return f"<li><code>{e(incident_id)}</code> {head}. Reports:<ul>{reports}</ul></li>"


def citation_html(c: Citation) -> str:
    outlet = e(c.outlet) if c.outlet else "unknown outlet"
    published = c.published.isoformat() if c.published else "undated"
    title = f"“{e(c.title)}”" if c.title else "untitled"
    if c.url and _SAFE_URL.fullmatch(c.url):
        where = f'<a href="{e(c.url)}" rel="noopener noreferrer nofollow">{e(c.url)}</a>'
    elif c.url or c.source:
        where = e(c.url or c.source)
    else:
        where = "no URL or source recorded"
    claim = f" ({e(c.claim)})" if c.claim else ""
    ident = f" (id {e(c.external_id)})" if c.external_id else ""
    return f"{outlet}, {published}, {title}, {where}{claim}{ident}"


def _text(parts: Text, notes: HtmlNotes) -> str:
    return "".join(notes.figure(p) if isinstance(p, Figure) else e(p) for p in parts)


def _img(images: Mapping[str, bytes], name: str, alt: str) -> str:
    data = images.get(name)
    if not data:
        return ""
    return f'<p><img alt="{e(alt)}" src="data:image/png;base64,{base64.b64encode(data).decode("ascii")}"></p>'


def render_html(brief: Brief, *, images: Mapping[str, bytes] | None = None) -> str:
    """The brief as one self-contained HTML page; ``images`` (PNG bytes by figure name) default to the
    brief's own figures (none when matplotlib is missing: the text stands alone)."""
    from proxywatch.report.brief import figure_pngs

    pictures = figure_pngs(brief) if images is None else images
    notes = HtmlNotes(brief)
    out = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        # No script and no remote fetch at all: the page is safe to open from an email or a share.
        '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; img-src data:; '
        "style-src 'unsafe-inline'\">",
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{e(brief.title)}</title><style>{CSS}</style></head><body>",
        f"<h1>{e(brief.title)}</h1>",
        f'<p class="headline">{_text(brief.headline_parts, notes)}</p>',
        f"<p>Period {brief.start.isoformat()} to {brief.end.isoformat()}: "
        f"{notes.figure(brief.total)} incidents, "
        f"{notes.figure(brief.killed)} killed and {notes.figure(brief.injured)} injured as reported, "
        f"{notes.figure(brief.intercepted)} reported intercepted.</p>",
    ]
    cmp = brief.comparison
    if cmp is not None and brief.before and brief.after and brief.ratio:
        rate = cmp.rate
        rows = [
            (f"{cmp.before_start} to {cmp.before_end}", cmp.before_days, notes.figure(brief.before)),
            (f"{cmp.after_start} to {cmp.after_end}", cmp.after_days, notes.figure(brief.after)),
        ]
        body = "".join(
            f'<tr><td>{w}</td><td class="n">{d}</td><td class="n">{n}</td></tr>' for w, d, n in rows
        )
        ratio = notes.figure(brief.ratio)
        out.append(
            "<h2>Before and after the trigger</h2>"
            f"<table><tr><th>window</th><th>days</th><th>incidents</th></tr>{body}"
            f'<tr><td colspan="2">rate ratio, after/before</td><td class="n">{ratio}</td></tr></table>'
            f"<p>{round(rate.confidence * 100)} % interval {e(_fmt(rate.low))} to {e(_fmt(rate.high))}; "
            f"exact test of equal rates p = {rate.p_value:.3g}: {e(brief.judgement)}.</p>"
        )
    out.append('<h2>Counts</h2><div class="tables">')
    for table in brief.tables:
        rows = "".join(
            f'<tr><td>{e(label)}</td><td class="n">{notes.figure(fig)}</td></tr>' for label, fig in table.rows
        )
        out.append(
            f"<div><h3>{e(table.title)}</h3><table><tr><th>group</th><th>incidents</th></tr>{rows}</table></div>"
        )
    out.append("</div>")
    out.append(_img(pictures, "weapons", "Weapon mix"))

    out.append("<h2>Timeline</h2>")
    out.append(f"<p>Daily incidents: <code>{e(sparkline([n for _, n in brief.daily]))}</code></p>")
    out.append(_img(pictures, "timeline", "Daily incidents"))
    out.append(
        f"<p>{e(change_sentence(brief))}{notes.ref(brief.total) if brief.change is not None else ''}</p>"
    )
    period = "day" if len(brief.timeline) == len(brief.daily) else "week"
    rows = "".join(
        f'<tr><td>{e(fig.label)}{_trigger_mark(brief, fig)}</td><td class="n">{notes.figure(fig)}</td></tr>'
        for fig in brief.timeline
        if fig.value
    )
    out.append(f"<details><summary>{period}s with incidents</summary><table>{rows}</table></details>")

    out.append("<h2>Map</h2>")
    out.append(
        "<p>Impact places of the incidents counted above (geocoded town or site) and the countries they "
        "were launched from (shaded), drawn offline on Natural Earth outlines.</p>"
    )
    out.append(_img(pictures, "map", "Map of impact places and launch countries"))

    out.append("<h2>Actors and ties</h2>")
    if brief.claim_structure:
        items = "".join(
            f"<li>{e(umbrella)}: "
            + ", ".join(f"{e(label)} {notes.figure(fig)}" for label, fig in rows)
            + "</li>"
            for umbrella, rows in brief.claim_structure
        )
        out.append(f"<p>Who claimed under which umbrella:</p><ul>{items}</ul>")
    else:
        out.append("<p>No incident names a faction claiming under an umbrella.</p>")
    if brief.ties:
        out.append("<p>Ties among these actors in the actor registry:</p><ul>")
        out += [f"<li>{e(tie)}</li>" for tie in brief.ties]
        out.append("</ul>")
    out.append(_img(pictures, "network", "Actor network"))

    out.append("<h2>Notable incidents</h2>")
    if brief.most_sources:
        items = "".join(
            f"<li>{e(t)}: reported by {notes.figure(f)} outlets</li>" for t, f in brief.most_sources
        )
        out.append(f"<p>Most widely reported:</p><ul>{items}</ul>")
    if brief.most_casualties:
        items = "".join(f"<li>{e(t)}: {notes.figure(f)} killed</li>" for t, f in brief.most_casualties)
        out.append(f"<p>Deadliest (as reported):</p><ul>{items}</ul>")
    if not brief.most_sources and not brief.most_casualties:
        out.append("<p>No incident was reported by more than one outlet or with deaths.</p>")

    out.append("<h2>Method</h2><ul>" + "".join(f"<li>{e(line)}</li>" for line in brief.method) + "</ul>")
    out.append("<h2>Limits</h2><ul>" + "".join(f"<li>{_text(p, notes)}</li>" for p in brief.limits) + "</ul>")
    out.append("<h2>Sources</h2>" + notes.render())
    out.append("</body></html>")
    return "\n".join(part for part in out if part) + "\n"


def _trigger_mark(brief: Brief, fig: Figure) -> str:
    return " (trigger)" if brief.trigger and fig.params.get("start") == brief.trigger else ""


def _fmt(value: float) -> str:
    from proxywatch.report.brief import _ratio

    return _ratio(value)
