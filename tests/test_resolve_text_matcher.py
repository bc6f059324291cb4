"""Text normalisation and the term matcher shared by the actor registry and the gazetteer."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from proxywatch.resolve.text import TermMatcher, normalize


@pytest.mark.parametrize(
    ("variant", "canonical"),
    [
        ("Kata'ib Hezbollah", "Kataib Hezbollah"),
        ("Kata\u2019ib  Hezbollah", "kataib hezbollah"),
        ("Kata\u02bcib\u00a0Hezbollah", "KATAIB HEZBOLLAH"),
        ("Harakat al-Nujaba", "Harakat al Nujaba"),
        ("Harakat el-Nujaba", "Harakat al Nujaba"),
        ("Harakat an-Nujaba", "Harakat al Nujaba"),
        ("Hashd ash-Sha'abi", "Hashd al Shaabi"),
        ("al\u2011Qassam", "al-Qassam"),
        ("Asa\u02bfib Ahl al-\u1e24aqq", "Asaib Ahl al Haqq"),
        ("Hezbollah's", "Hezbollah"),
        ("the Houthis'", "the Houthis"),
        ("U.S. forces", "US forces"),
        ("l\u2019Iran", "l Iran"),
        ("dell'Iraq", "dell Iraq"),
        (
            "\u0643\u062a\u0627\u0626\u0628 \u062d\u0632\u0628 \u0627\u0644\u0644\u0647",
            "\u0643\u062a\u0627\u064a\u0628 \u062d\u0632\u0628 \u0627\u0644\u0644\u0647",
        ),
        ("\u062d\u0632\u0628\u200c\u0627\u0644\u0644\u0647", "\u062d\u0632\u0628 \u0627\u0644\u0644\u0647"),
        ("\u05e6\u05d4\u05f4\u05dc", '\u05e6\u05d4"\u05dc'),
        (
            "\u0633\u067e\u0627\u0647 \u067e\u0627\u0633\u062f\u0627\u0631\u0627\u0646",
            "\u0633\u067e\u0627\u0647 \u067e\u0627\u0633\u062f\u0627\u0631\u0627\u0646",
        ),
        (
            "المقاومة الإسلامية",
            "المقاومه الاسلاميه",
        ),
    ],
)
def test_spelling_variants_normalise_alike(variant: str, canonical: str) -> None:
    assert normalize(variant) == normalize(canonical)


def test_different_names_stay_different() -> None:
    assert normalize("Kataib Hezbollah") != normalize("Kataib Sayyid al-Shuhada")
    assert normalize("Hamas") != normalize("Hama")


@given(st.text(max_size=60))
@settings(max_examples=300, deadline=None)
def test_normalize_is_idempotent(text: str) -> None:
    once = normalize(text)
    assert normalize(once) == once


def _matcher() -> TermMatcher:
    return TermMatcher(
        {
            "Islamic Resistance": "generic",
            "Islamic Resistance in Iraq": "iri",
            "Kataib Hezbollah": "kh",
            "Hezbollah": "hezbollah",
            "US forces": "us",
            "\u062d\u0632\u0628 \u0627\u0644\u0644\u0647": "hezbollah",
        },
        case_sensitive_terms={"KH": "kh"},
    )


def test_finds_terms_with_offsets_into_the_original_text() -> None:
    text = "Tuesday: the Islamic Resistance in Iraq said Kata\u2019ib  Hezbollah's unit (KH) hit U.S. forces."
    found = _matcher().find(text)
    assert [(text[s:e], key) for s, e, key in found] == [
        ("Islamic Resistance in Iraq", "iri"),
        ("Kata\u2019ib  Hezbollah", "kh"),
        ("KH", "kh"),
        ("U.S. forces", "us"),
    ]


def test_prefers_the_longest_match() -> None:
    text = "Islamic Resistance in Iraq, not the Islamic Resistance in Lebanon."
    found = _matcher().find(text)
    assert [(text[s:e], key) for s, e, key in found] == [
        ("Islamic Resistance in Iraq", "iri"),
        ("Islamic Resistance", "generic"),
    ]


def test_matches_only_whole_words() -> None:
    assert _matcher().find("Hezbollahstan and preHezbollah and KHALED") == []


def test_case_sensitive_terms_keep_case() -> None:
    matcher = _matcher()
    assert matcher.find("kh said") == []
    assert [key for _, _, key in matcher.find("KH said")] == ["kh"]


def test_finds_arabic_script_with_zwnj_variant() -> None:
    text = (
        "\u0642\u0627\u0644 \u062d\u0632\u0628\u200c\u0627\u0644\u0644\u0647 \u0627\u0644\u064a\u0648\u0645"
    )
    found = _matcher().find(text)
    assert len(found) == 1
    start, end, key = found[0]
    assert key == "hezbollah"
    assert text[start:end] == "\u062d\u0632\u0628\u200c\u0627\u0644\u0644\u0647"


def test_dotted_initialisms_are_reported_whole() -> None:
    matcher = TermMatcher({"US forces": "us-military"}, case_sensitive_terms={"US": "us", "UK": "uk"})
    text = "The U.K. and the U.S.-led coalition; U.S. forces left."
    found = [(text[s:e], k) for s, e, k in matcher.find(text)]
    assert found == [("U.K.", "uk"), ("U.S.", "us"), ("U.S. forces", "us-military")]


def test_elided_articles_do_not_hide_names() -> None:
    matcher = TermMatcher({"Iran": "iran", "Israel": "israel"})
    text = "l'Iran a attaqu\u00e9 d\u2019Isra\u00ebl"
    assert [(text[s:e], k) for s, e, k in matcher.find(text)] == [("Iran", "iran"), ("Isra\u00ebl", "israel")]


def test_joined_arabic_and_hebrew_proclitics_are_allowed() -> None:
    matcher = TermMatcher({"إيران": "iran", "ישראל": "israel"})
    # wa- (and) + Iran; be- (in) + Israel; but not a match inside a longer word.
    text = "وإيران " + "בישראל " + "مسإيران"
    found = matcher.find(text)
    assert [k for _, _, k in found] == ["iran", "israel"]
    assert [text[s:e] for s, e, _ in found] == ["إيران", "ישראל"]


def test_ignored_phrases_hide_the_terms_inside_them() -> None:
    matcher = TermMatcher({"American": "us", "Beirut": "beirut"}, ignore=["American University of Beirut"])
    text = "An American drone; patients at the American University of Beirut; Beirut."
    assert [(text[s:e], k) for s, e, k in matcher.find(text)] == [("American", "us"), ("Beirut", "beirut")]


def test_empty_matcher_finds_nothing() -> None:
    assert TermMatcher({}).find("anything at all") == []
    assert len(TermMatcher({})) == 0


@given(
    prefix=st.text(alphabet=st.sampled_from("abc .,;:'\u2019-\u00e9\u0627"), max_size=15),
    suffix=st.text(alphabet=st.sampled_from("xyz .,;:-\u00e9"), max_size=15),
)
@settings(max_examples=200, deadline=None)
def test_offsets_always_cover_the_term(prefix: str, suffix: str) -> None:
    text = f"{prefix} Kata'ib Hezbollah {suffix}"
    found = TermMatcher({"Kataib Hezbollah": "kh"}).find(text)
    assert [(normalize(text[s:e]), key) for s, e, key in found] == [("kataib hezbollah", "kh")]
