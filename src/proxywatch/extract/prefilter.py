"""The cheap first pass: a keyword automaton over the whole article.

Only articles (and then sentences) that contain an attack or weapon word go on to the costly NLP, which is
what makes a GDELT-sized stream affordable.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import ahocorasick

_WORD = str.isalnum


class KeywordFilter:
    """Case-insensitive whole-word keyword search with one Aho-Corasick automaton."""

    def __init__(self, terms: Iterable[str]) -> None:
        self._automaton = ahocorasick.Automaton()
        for term in {t.lower() for t in terms}:
            self._automaton.add_word(term, term)
        self._automaton.make_automaton()

    def _whole_words(self, text: str) -> Iterator[tuple[int, int, str]]:
        lowered = text.lower()
        for end_index, term in self._automaton.iter(lowered):
            start, end = end_index - len(term) + 1, end_index + 1
            if (start == 0 or not _WORD(lowered[start - 1])) and (
                end == len(lowered) or not _WORD(lowered[end])
            ):
                yield start, end, term

    def spans(self, text: str) -> list[tuple[int, int, str]]:
        """Whole-word matches as ``(start, end, term)``, possibly overlapping."""
        return list(self._whole_words(text))

    def matches(self, text: str) -> bool:
        return next(self._whole_words(text), None) is not None
