"""Serve views: evidence passages cut into highlighted segments, and the URL guard."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

pytest.importorskip("pydantic")

from proxywatch.serve.views import passage_window, safe_url, segments  # noqa: E402


def test_segments_mark_each_span_and_merge_equal_neighbours() -> None:
    text = "Drones hit Eilat on Friday."
    out = segments(text, (0, len(text)), {"weapon": (0, 6), "place": (11, 16), "target": (11, 16)})
    assert [(s.text, s.fields) for s in out] == [
        ("Drones", ["weapon"]),
        (" hit ", []),
        ("Eilat", ["place", "target"]),
        (" on Friday.", []),
    ]


def test_segments_clip_spans_to_the_window_and_skip_bad_ones() -> None:
    text = "aaa bbb ccc ddd"
    out = segments(text, (4, 11), {"x": (0, 6), "y": (9, 40), "empty": (5, 5), "outside": (12, 15)})
    assert [(s.text, s.fields) for s in out] == [("bb", ["x"]), ("b c", []), ("cc", ["y"])]


@given(
    text=st.text(max_size=60),
    window=st.tuples(st.integers(-5, 70), st.integers(-5, 70)),
    spans=st.dictionaries(
        st.sampled_from(["a", "b", "c"]), st.tuples(st.integers(-5, 70), st.integers(-5, 70))
    ),
)
def test_segments_always_rebuild_the_window_text(
    text: str, window: tuple[int, int], spans: dict[str, tuple[int, int]]
) -> None:
    out = segments(text, window, spans)
    start = min(max(0, window[0]), len(text))
    end = min(max(start, window[1]), len(text))
    assert "".join(s.text for s in out) == text[start:end]
    assert all(s.text for s in out)


def test_passage_takes_in_near_evidence_only(make_mention) -> None:  # type: ignore[no-untyped-def]
    mention = make_mention(sentence_span=(400, 460), evidence={"date": (380, 386), "actor": (2000, 2010)})
    assert passage_window(mention, 5000) == (380, 460)


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://news.invalid/a?b=1", "https://news.invalid/a?b=1"),
        ("http://news.invalid/", "http://news.invalid/"),
        ("javascript:alert(1)", None),
        ("JaVaScRiPt:alert(1)", None),
        (" javascript:alert(1)", None),
        ("java\nscript:alert(1)", None),
        ("data:text/html,<script>alert(1)</script>", None),
        ("vbscript:msgbox", None),
        ("//news.invalid/x", None),
        ("https://", None),
        ("", None),
        (None, None),
        ("https://news.invalid/a b", None),
    ],
)
def test_safe_url_lets_only_http_through(url: str | None, expected: str | None) -> None:
    assert safe_url(url) == expected
