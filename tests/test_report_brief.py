"""Briefs: headline judgement, counts with footnotes citing every report, timeline, chart, escaping."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from proxywatch.errors import ConfigError
from proxywatch.models import Article, Incident, Mention
from proxywatch.report.brief import build_brief, render_markdown, sparkline, write_brief

SEEN = datetime(2024, 10, 20, tzinfo=UTC)
TRIGGER = date(2024, 9, 27)
START, END = TRIGGER - timedelta(days=19), TRIGGER + timedelta(days=18)
IRI = "islamic-resistance-in-iraq"
NAMES = {IRI: "Islamic Resistance in Iraq", "kataib-hezbollah": "Kata'ib Hezbollah", "houthis": "Houthis"}


def _world() -> tuple[list[Incident], list[Mention], dict[str, Article]]:
    """5 IRI attacks on Israel in the 19 days before the trigger, 20 in the 19 days from it, plus others."""
    incidents: list[Incident] = []
    mentions: list[Mention] = []
    articles: dict[str, Article] = {}
    days = [TRIGGER - timedelta(days=2 + 3 * k) for k in range(5)]
    days += [TRIGGER + timedelta(days=k % 19) for k in range(20)]
    for n, day in enumerate(days):
        iid = f"inc{n:02d}"
        outlets = 3 if n == 7 else 1
        arts = []
        for k in range(outlets):
            aid = f"art{n:02d}{k}"
            articles[aid] = Article(
                id=aid,
                url=f"https://news{k}.invalid/{aid}",
                outlet=f"Outlet {k}",
                title=f"Drone attack report {n}-{k}",
                text="",
                published_at=datetime.combine(day, datetime.min.time(), tzinfo=UTC),
                language="en",
                fetched_at=SEEN,
                content_hash=aid,
                external_id=f"d{n:02d}{k}",
            )
            mentions.append(
                Mention(
                    id=f"m{aid}",
                    article_id=aid,
                    sentence_span=(0, 1),
                    sentence="",
                    event_type="Air/drone strike",
                    weapon="drone",
                    claim_status="confirmed" if k else "claimed",
                    extractor_version="test",
                )
            )
            arts.append(aid)
        incidents.append(
            Incident(
                id=iid,
                event_date=day,
                event_type="Air/drone strike",
                weapon="cruise_missile" if n % 5 == 0 else "drone",
                status="claimed",
                mention_ids=tuple(f"m{a}" for a in arts),
                article_ids=tuple(arts),
                n_sources=outlets,
                n_reports=outlets,
                first_seen=SEEN,
                last_updated=SEEN,
                actor_id="kataib-hezbollah",
                actor_umbrella=IRI,
                target_country="IL",
                place_text="Eilat",
                launch_country="IQ",
                killed=4 if n == 12 else None,
            )
        )
    houthi = replace(
        incidents[10], id="houthi1", actor_id="houthis", actor_umbrella=None, launch_country="YE"
    )
    lebanon = replace(incidents[11], id="usbase", target_country="SY")
    return [*incidents, houthi, lebanon], mentions, articles


def _footnotes(markdown: str) -> dict[str, str]:
    """Footnote label -> its body (definition line plus indented continuation lines)."""
    notes: dict[str, str] = {}
    current = None
    for line in markdown.splitlines():
        found = re.match(r"\[\^(\d+)\]: (.*)", line)
        if found:
            current = found.group(1)
            notes[current] = found.group(2)
        elif current and (line.startswith("    ") or not line):
            notes[current] += "\n" + line
        else:
            current = None
    return notes


def test_headline_compares_before_and_after() -> None:
    incidents, mentions, articles = _world()
    brief = build_brief(
        incidents, mentions, articles, start=START, end=END, trigger=TRIGGER,
        focus={"umbrella": IRI, "target_country": "IL"}, names=NAMES,
    )  # fmt: skip
    assert brief.comparison is not None
    assert (brief.comparison.before_count, brief.comparison.after_count) == (5, 20)
    assert (brief.comparison.before_days, brief.comparison.after_days) == (19, 19)
    assert brief.ratio is not None and brief.ratio.value == pytest.approx(4.0)
    assert brief.total.value == 25 and "houthi1" not in brief.total.incident_ids
    assert brief.judgement == "a sharp rise"
    assert brief.headline.startswith("Attacks by Islamic Resistance in Iraq on Israel: 5 in the 19 days")
    assert "vs 20 in the 19 days from 2024-09-27 on (rate ratio 4.00, 95 % CI 1.46–13.6" in brief.headline
    text = render_markdown(brief)
    headline = text.splitlines()[2]
    assert headline.startswith("**Attacks by Islamic Resistance in Iraq on Israel: 5[^")
    assert re.search(
        r"vs 20\[\^\d+\] in the 19 days from 2024-09-27 on \(rate ratio 4\.00\[\^\d+\], 95 % CI 1\.46–13\.6",
        headline,
    )
    notes = _footnotes(text)
    before_label = re.search(r": 5\[\^(\d+)\]", headline).group(1)  # type: ignore[union-attr]
    assert notes[before_label].startswith("5 incidents behind this number")
    for iid in brief.comparison.before_ids:
        assert f"`{iid}`" in notes[before_label]


def test_every_count_carries_a_footnote_with_its_reports() -> None:
    incidents, mentions, articles = _world()
    brief = build_brief(
        incidents, mentions, articles, start=START, end=END, focus={"umbrella": IRI}, names=NAMES
    )
    text = render_markdown(brief)
    body, _, _ = text.partition("## Sources")
    notes = _footnotes(text)
    refs = re.findall(r"\[\^(\d+)\]", body)
    assert refs and set(refs) == set(notes)  # every marker is defined, every definition is used
    # Every table cell number is followed by a footnote marker.
    for line in body.splitlines():
        if line.startswith("| ") and not line.startswith("| group") and not line.startswith("| day"):
            assert re.search(r"\| \d+\[\^\d+\] \|$", line), line
    # The total's footnote lists every incident with every report: outlet, date, title and URL.
    total_label = re.search(r": 26\[\^(\d+)\] incidents from", body)
    assert total_label is not None
    total_note = notes[total_label.group(1)]
    for inc in incidents:
        if inc.id.startswith("inc"):
            assert f"`{inc.id}`" in total_note
            for aid in inc.article_ids:
                art = articles[aid]
                assert (
                    f"{art.outlet}, {art.published_at.date().isoformat()}, “{art.title}”, <{art.url}>"
                    in total_note
                )  # type: ignore[union-attr]
    assert "(confirmed)" in total_note  # what each report said, from the mentions
    assert "houthi1" not in total_note


def test_tables_notables_and_structure() -> None:
    incidents, mentions, articles = _world()
    brief = build_brief(incidents, mentions, articles, start=START, end=END, names=NAMES)
    tables = {t.key: {label: fig.value for label, fig in t.rows} for t in brief.tables}
    assert tables["umbrella"] == {"Islamic Resistance in Iraq": 26, "Houthis": 1}
    assert tables["target_country"] == {"Israel": 26, "Syria": 1}
    assert tables["weapon"] == {"drone": 21, "cruise missile": 6}
    assert tables["launch_country"] == {"Iraq": 26, "Yemen": 1}
    assert [fig.incident_ids for _, fig in brief.most_sources] == [("inc07",)]
    assert [(fig.value, fig.incident_ids) for _, fig in brief.most_casualties] == [(4, ("inc12",))]
    assert brief.killed.value == 4 and brief.single_source.value == 26
    assert len(brief.daily) == (END - START).days + 1 and sum(n for _, n in brief.daily) == 27
    assert brief.headline[-1] == "."  # no trigger: the busiest day instead of a comparison
    text = render_markdown(brief)
    assert "busiest day 2024-09-27 with 2[^" in text
    assert set(brief.citations) == set(brief.incidents)


def test_report_text_is_escaped() -> None:
    incidents, mentions, articles = _world()
    bad = articles["art000"]
    articles["art000"] = replace(
        bad,
        title="Click [here](javascript:alert(1)) <script>x</script>\n| broken",
        url="javascript:alert(1)",
        outlet="*Outlet*",
    )
    brief = build_brief(incidents, mentions, articles, start=START, end=END, names=NAMES)
    text = render_markdown(brief)
    assert "<script>" not in text and "<javascript:" not in text
    assert not re.search(r"(?<!\\)\]\(", text)  # no unescaped "](": no link can form
    assert "\\[here\\]" in text and "&lt;script>x&lt;/script>" in text and "\\*Outlet\\*" in text
    assert "\n| broken" not in text


def test_write_brief_writes_markdown_and_chart(tmp_path: Path) -> None:
    incidents, mentions, articles = _world()
    brief = build_brief(
        incidents,
        mentions,
        articles,
        start=START,
        end=END,
        trigger=TRIGGER,
        title="IRI on Israel",
        names=NAMES,
    )
    path = write_brief(brief, tmp_path / "out")
    chart = tmp_path / "out" / "brief-timeline.png"
    assert path.read_text(encoding="utf-8").startswith("# IRI on Israel\n")
    assert "![Daily incidents](brief-timeline.png)" in path.read_text(encoding="utf-8")
    assert chart.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and chart.stat().st_size > 2000
    # The library route the CLI takes: the chart drawn while building, embedded when rendering.
    drawn = build_brief(incidents, mentions, articles, start=START, end=END, output_dir=tmp_path / "cli")
    assert drawn.chart == "timeline-2024-09-08_2024-10-15.png"
    assert (tmp_path / "cli" / drawn.chart).read_bytes()[:4] == b"\x89PNG"
    assert f"![Daily incidents]({drawn.chart})" in render_markdown(drawn)


def test_long_periods_get_a_weekly_table_and_bad_periods_fail() -> None:
    incidents, mentions, articles = _world()
    brief = build_brief(incidents, mentions, articles, start=date(2024, 6, 1), end=date(2024, 12, 31))
    assert len(brief.daily) == 214 and len(brief.timeline) == 31
    assert sum(f.value for f in brief.timeline) == 27
    assert "| week | incidents |" in render_markdown(brief)
    anchored = build_brief(
        incidents, mentions, articles, start=date(2024, 6, 1), end=date(2024, 12, 31), trigger=TRIGGER
    )
    starts = [f.params["start"] for f in anchored.timeline]
    assert TRIGGER in starts and starts[:2] == [date(2024, 6, 1), date(2024, 6, 7)]  # weeks anchored on it
    assert sum(f.value for f in anchored.timeline) == 27
    assert f"| {TRIGGER.isoformat()} to 2024-10-03 (trigger) |" in render_markdown(anchored)
    with pytest.raises(ConfigError):
        build_brief(incidents, mentions, articles, start=START, end=END, trigger=END + timedelta(days=1))
    with pytest.raises(ConfigError):
        build_brief(incidents, mentions, articles, start=END, end=START)
    with pytest.raises(ConfigError):
        build_brief(incidents, mentions, articles, start=START, end=END, focus={"colour": "red"})


def test_sparkline() -> None:
    assert sparkline([0, 1, 2, 4]) == "▁▃▅█"  # 0 stays lowest; 4 of 4 is full, 2 of 4 is 3.5 of 7 steps
    assert sparkline([0, 0]) == "▁▁"
