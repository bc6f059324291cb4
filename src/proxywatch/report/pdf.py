"""PDF briefs drawn with matplotlib's PdfPages: pure PyPI, no system library, no network.

Pages: the headline with counts, before/after and the timeline; counts by group with the weapon mix;
the map; actors and their network; notable incidents, method and limits; then the sources. Numbers
carry ``[n]`` footnote markers, numbered as in the Markdown brief, and the sources pages list the
incidents and reports behind each.
"""

from __future__ import annotations

import io
import textwrap
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

from proxywatch.analyse.counts import Figure
from proxywatch.report.brief import (
    Brief,
    Citation,
    Text,
    _plain,
    _ratio,
    change_sentence,
    describe,
    figure_pngs,
)

A4 = (8.27, 11.69)
MARGIN = 0.07  # of the page width/height
LINE = 0.0165  # line height, fraction of the page height, for 9-point text
WIDTH_CHARS = 105


class PdfNotes:
    """``[n]`` footnote markers, one per distinct set of incidents, numbered by first use."""

    def __init__(self, brief: Brief) -> None:
        self.brief = brief
        self.numbers: dict[tuple[str, ...], int] = {}

    def ref(self, fig: Figure) -> str:
        return f"[{self.numbers.setdefault(fig.incident_ids, len(self.numbers) + 1)}]"

    def figure(self, fig: Figure) -> str:
        return f"{_plain(fig)}{self.ref(fig)}"

    def text(self, parts: Text) -> str:
        return "".join(self.figure(p) if isinstance(p, Figure) else p for p in parts)

    def footnotes(self) -> list[str]:
        """One paragraph per footnote: the incidents behind the number, by id (their reports follow)."""
        out = []
        for key, number in self.numbers.items():
            if not key:
                out.append(f"[{number}] No incident matches, so there is no report to cite.")
                continue
            noun = "incident" if len(key) == 1 else "incidents"
            out.append(f"[{number}] {len(key)} {noun}: " + ", ".join(sorted(key, key=self._order)))
        return out

    def incident_lines(self) -> list[str]:
        """Every cited incident once, by date, with each of its reports: what the footnotes point at.

        The Markdown and HTML briefs repeat the reports under each footnote; on paper that repetition
        grows with incidents times footnotes, so the PDF lists each incident's reports once.
        """
        cited = sorted({i for key in self.numbers for i in key}, key=self._order)
        out = []
        for incident_id in cited:
            incident = self.brief.incidents.get(incident_id)
            head = describe(incident, self.brief.names) if incident else "not in this brief"
            out.append(f"{incident_id}  {head}. Reports:")
            out += ["    - " + citation_text(c) for c in self.brief.citations.get(incident_id, ())]
        return out

    def _order(self, incident_id: str) -> tuple[date, str]:
        incident = self.brief.incidents.get(incident_id)
        return (incident.event_date or date.max if incident else date.max, incident_id)


def citation_text(c: Citation) -> str:
    published = c.published.isoformat() if c.published else "undated"
    where = c.url or c.source or "no URL or source recorded"
    claim = f" ({c.claim})" if c.claim else ""
    ident = f" (id {c.external_id})" if c.external_id else ""
    return f"{c.outlet or 'unknown outlet'}, {published}, “{c.title or 'untitled'}”, {where}{claim}{ident}"


class _Writer:
    """Flows styled text lines and images onto A4 pages."""

    STYLES = {"title": (15, "bold"), "h2": (11.5, "bold"), "bold": (9, "bold"), "body": (9, "normal")}
    STYLES["small"] = (7.5, "normal")
    STYLES["headline"] = (10.5, "bold")

    def __init__(self, pdf: Any, mpl_figure: Any, footer: str) -> None:
        self.pdf = pdf
        self.mpl_figure = mpl_figure
        self.footer = footer
        self.page = 0
        self.fig: Any = None
        self.y = 0.0

    def _new_page(self) -> None:
        self.flush()
        self.fig = self.mpl_figure(figsize=A4)
        self.page += 1
        self.y = 1 - MARGIN
        self.fig.text(
            0.5, MARGIN / 2, f"{self.footer} — page {self.page}", ha="center", fontsize=7, color="#777"
        )

    def flush(self) -> None:
        if self.fig is not None:
            self.pdf.savefig(self.fig)
            self.fig = None

    def need(self, height: float) -> None:
        if self.fig is None or self.y - height < MARGIN:
            self._new_page()

    def text(self, content: str | Sequence[str], style: str = "body", *, indent: int = 0) -> None:
        """Draw a paragraph (or several lines, each wrapped) in ``style``."""
        size, weight = self.STYLES[style]
        if style == "h2":
            self.need(LINE * 6)  # a heading never ends a page alone
        width = int(WIDTH_CHARS * 9 / size) - indent
        paragraphs = [content] if isinstance(content, str) else list(content)
        wrapped = [
            line
            for para in paragraphs
            for line in (textwrap.wrap(para, width=width, subsequent_indent="      ") or [""])
        ]
        step = LINE * size / 9 * 1.05
        # One text artist per paragraph and page, not per line: drawing text dominates the PDF's cost.
        spacing = step * A4[1] * 72 / size
        while wrapped:
            self.need(step)
            fit = max(1, int((self.y - MARGIN) / step))
            chunk, wrapped = wrapped[:fit], wrapped[fit:]
            self.fig.text(
                MARGIN + indent * 0.006,
                self.y,
                "\n".join(chunk),
                fontsize=size,
                fontweight=weight,
                va="top",
                linespacing=spacing,
            )
            self.y -= step * len(chunk)
        if style in ("title", "h2", "headline"):
            self.y -= step * 0.4

    def gap(self, lines: float = 0.6) -> None:
        self.y -= LINE * lines

    def image(self, png: bytes | None, *, height: float) -> None:
        if not png:
            return
        import matplotlib.image as mpimg

        picture = mpimg.imread(io.BytesIO(png), format="png")
        h, w = picture.shape[:2]
        # Fit the picture in the text column at its own aspect ratio, at most ``height`` tall.
        width_frac = 1 - 2 * MARGIN
        height_frac = min(height, width_frac * (h / w) * A4[0] / A4[1])
        width_frac = height_frac * (w / h) * A4[1] / A4[0]
        self.need(height_frac + LINE)
        left = (1 - width_frac) / 2
        ax = self.fig.add_axes((left, self.y - height_frac, width_frac, height_frac))
        ax.imshow(picture, interpolation="antialiased")
        ax.set_axis_off()
        self.y -= height_frac + LINE


def write_pdf(brief: Brief, path: str | Path, *, images: dict[str, bytes] | None = None) -> Path:
    """Write the brief as a PDF; ``images`` (PNG bytes by figure name) default to the brief's figures."""
    from proxywatch.report.figures import _mpl

    mpl_figure = _mpl()
    from matplotlib.backends.backend_pdf import PdfPages

    pictures = figure_pngs(brief, dpi=160) if images is None else images
    notes = PdfNotes(brief)
    out = Path(path)
    out.parent.mkdir(parents=True, exist_ok=True)
    with PdfPages(out, metadata={"Title": brief.title, "Creator": "proxywatch"}) as pdf:
        w = _Writer(pdf, mpl_figure, footer=textwrap.shorten(brief.title, 70))
        _first_page(w, brief, notes, pictures)
        _counts_page(w, brief, notes, pictures)
        _map_and_actors(w, brief, notes, pictures)
        _notable_method_limits(w, brief, notes)
        _sources(w, notes)
        w.flush()
    return out


def _first_page(w: _Writer, brief: Brief, notes: PdfNotes, pictures: dict[str, bytes]) -> None:
    w.text(brief.title, "title")
    w.text(notes.text(brief.headline_parts), "headline")
    w.text(
        f"Period {brief.start.isoformat()} to {brief.end.isoformat()}: "
        f"{notes.figure(brief.total)} incidents, "
        f"{notes.figure(brief.killed)} killed and {notes.figure(brief.injured)} injured as reported, "
        f"{notes.figure(brief.intercepted)} reported intercepted."
    )
    cmp = brief.comparison
    if cmp is not None and brief.before and brief.after and brief.ratio:
        w.gap()
        w.text("Before and after the trigger", "h2")
        w.text(
            f"{cmp.before_start} to {cmp.before_end} ({cmp.before_days} days): "
            f"{notes.figure(brief.before)} incidents"
        )
        w.text(
            f"{cmp.after_start} to {cmp.after_end} ({cmp.after_days} days): "
            f"{notes.figure(brief.after)} incidents"
        )
        rate = cmp.rate
        w.text(
            f"Rate ratio after/before {notes.figure(brief.ratio)}, {round(rate.confidence * 100)} % interval "
            f"{_ratio(rate.low)} to {_ratio(rate.high)}, exact test p = {rate.p_value:.3g}: "
            f"{brief.judgement}."
        )
    w.gap()
    w.text("Timeline", "h2")
    w.text(change_sentence(brief) + (notes.ref(brief.total) if brief.change is not None else ""))
    w.image(pictures.get("timeline"), height=0.3)


def _counts_page(w: _Writer, brief: Brief, notes: PdfNotes, pictures: dict[str, bytes]) -> None:
    w.gap()
    w.text("Counts by group", "h2")
    for table in brief.tables:
        w.text(table.title, "bold")
        for label, fig in table.rows[:12]:
            w.text(f"{label}: {notes.figure(fig)}", indent=4)
        if len(table.rows) > 12:
            w.text(
                f"... and {len(table.rows) - 12} more groups (see the Markdown or HTML brief)",
                "small",
                indent=4,
            )
        if table.key == "weapon":
            w.image(pictures.get("weapons"), height=0.22)
        w.gap(0.4)


def _map_and_actors(w: _Writer, brief: Brief, notes: PdfNotes, pictures: dict[str, bytes]) -> None:
    w._new_page()
    w.text("Map of impact places and launch countries", "h2")
    w.text(
        "Impact places of the incidents counted above (geocoded town or site) and the countries they were "
        "launched from (shaded), drawn offline on Natural Earth outlines."
    )
    w.image(pictures.get("map"), height=0.55)
    w.text("Actors and ties", "h2")
    if brief.claim_structure:
        w.text("Who claimed under which umbrella:", "bold")
        for umbrella, rows in brief.claim_structure:
            w.text(
                f"{umbrella}: " + ", ".join(f"{label} {notes.figure(fig)}" for label, fig in rows), indent=4
            )
    else:
        w.text("No incident names a faction claiming under an umbrella.")
    if brief.ties:
        w.text("Ties among these actors in the actor registry:", "bold")
        for tie in brief.ties:
            w.text(tie, "small", indent=4)
    if pictures.get("network"):
        w._new_page()
        w.text("Actor network", "h2")
        w.image(pictures.get("network"), height=0.6)


def _notable_method_limits(w: _Writer, brief: Brief, notes: PdfNotes) -> None:
    w.gap()
    w.text("Notable incidents", "h2")
    if brief.most_sources:
        w.text("Most widely reported:", "bold")
        for text, fig in brief.most_sources:
            w.text(f"- {text}: reported by {notes.figure(fig)} outlets", indent=2)
    if brief.most_casualties:
        w.text("Deadliest (as reported):", "bold")
        for text, fig in brief.most_casualties:
            w.text(f"- {text}: {notes.figure(fig)} killed", indent=2)
    if not brief.most_sources and not brief.most_casualties:
        w.text("No incident was reported by more than one outlet or with deaths.")
    w.gap()
    w.text("Method", "h2")
    for line in brief.method:
        w.text(f"- {line}", indent=2)
    w.gap()
    w.text("Limits", "h2")
    for parts in brief.limits:
        w.text(f"- {notes.text(parts)}", indent=2)


def _sources(w: _Writer, notes: PdfNotes) -> None:
    w._new_page()
    w.text("Sources", "h2")
    w.text("Each footnote lists the incidents behind its number; the reports of each incident follow.")
    w.gap()
    w.text(notes.footnotes(), "small")
    w.gap()
    w.text("Incidents cited and their reports", "h2")
    w.text(notes.incident_lines(), "small")
