"""Text normalisation and a fast multi-term matcher shared by the actor registry and the gazetteer.

News spells the same name many ways (Kata'ib Hezbollah, Kataib Hizballah, ``Hashd ash-Sha'abi``), in
Latin, Arabic, Persian and Hebrew script. :func:`normalize` folds those differences away so that one
alias table catches them, and :class:`TermMatcher` finds the aliases in running text while reporting
offsets into the *original* text, which is what evidence spans need.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from functools import lru_cache

import ahocorasick

__all__ = ["TermMatcher", "normalize"]

# Transliteration marks (ayn, hamza) and apostrophe look-alikes: writers use them inconsistently, so
# "Kata'ib", "Kata`ib" and "Kataib" must all become one form.
_APOSTROPHES = "'\u2019\u2018`\u02bc\u02bb\u02be\u02bf\u2032\u00b4\u02b9\u0621"
_HYPHENS = "-\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u05be\ufe63\uff0d"
_ZERO_WIDTH = "\u200b\u200d\u200e\u200f\u2060\ufeff\u00ad\u0640"  # incl. Arabic tatweel
_SPACES = "\u200c"  # Persian ZWNJ separates parts of a word that others write with a space

# Script variants that different writers (Arabic vs Persian keyboards) use for the same letter.
_LETTER_MAP = {
    "\u0629": "\u0647",  # ta marbuta -> ha
    "\u0649": "\u064a",  # alef maqsura -> ya
    "\u06cc": "\u064a",  # Persian ye -> Arabic ya
    "\u06a9": "\u0643",  # Persian keheh -> Arabic kaf
    "\u0671": "\u0627",  # alef wasla -> alef
    "\u05f3": "",  # Hebrew geresh (acronym mark)
    "\u05f4": "",  # Hebrew gershayim: צה״ל and צהל are one word
}

# A possessive "'s" would otherwise glue onto the name ("Hezbollah's" -> "hezbollahs") and hide it.
_POSSESSIVE = re.compile(r"(?<=[^\W\d_])['\u2019\u02bc]s(?![^\W_])")
# French/Italian elision ("l'Iran", "d'Israel", "dell'Iraq") separates two words; dropping the
# apostrophe like a transliteration mark would glue them together ("liran").
_ELISION = re.compile(
    r"(?<![^\W_])(?:[cdjlmnst]|qu|jusqu|lorsqu|puisqu|quoiqu|dell|all|dall|nell|sull|coll|quell|un)"
    r"(['\u2019\u02bc])(?=[^\W\d_])",
    re.IGNORECASE,
)
# One-letter Arabic and Hebrew proclitics (and, by, to, the, from, ...) are written joined to the
# next word: "وحزب الله", "בישראל". A term may start right after them.
_ARABIC_PROCLITICS = frozenset({"و", "ف", "ب", "ل", "ك", "وب", "ول", "فب", "فل", "وك", "فك"})
_HEBREW_PROCLITIC = re.compile(r"^[ובלמשהכ]{1,3}$")
# Sun-letter assimilation of the Arabic article: ash-Shaabi, an-Nujaba, ad-Dawla are "al-" words.
_SUN_ARTICLE = re.compile(
    r"(?<![^\W_])[aeAE](dh|sh|th|d|n|r|s|t|z)[" + re.escape(_HYPHENS) + r"](?=\1)", re.IGNORECASE
)
# Dotted initialisms: "U.S." is written "US" just as often.
_INITIALISM = re.compile(r"(?<![^\W_])(?:[^\W\d_]\.){2,}")
# A straight quote between Hebrew letters is a typed gershayim (צה"ל).
_HEBREW_QUOTE = re.compile(r'(?<=[\u05d0-\u05ea])"(?=[\u05d0-\u05ea])')
# "el-"/"ul-"/"il-" and "al " are the same article; after hyphen folding they are words of their own.
_ARTICLE = re.compile(r"(?<![^\W_])(?:el|ul|il|El|Ul|Il|EL|UL|IL) ")
_MULTISPACE = re.compile(r" {2,}")
_IGNORED = "\x00ignored"  # key of an ignored phrase; no real key starts with NUL


@lru_cache(maxsize=8192)
def _fold_char(char: str, fold_case: bool) -> str:
    if char in _LETTER_MAP:
        return _LETTER_MAP[char]
    # Decompose before and after casefolding: compatibility forms (fullwidth, math letters) only
    # reach their plain letter, hyphen or apostrophe once decomposed.
    decomposed = unicodedata.normalize("NFKD", char)
    if fold_case:
        decomposed = unicodedata.normalize("NFKD", decomposed.casefold())
    out = []
    for part in decomposed:
        if unicodedata.category(part) == "Mn":  # diacritics, harakat, niqqud
            continue
        if part in _APOSTROPHES or part in _ZERO_WIDTH:
            continue
        if part in _HYPHENS:
            out.append("-")
        elif part.isspace() or part in _SPACES:
            out.append(" ")
        else:
            out.append(_LETTER_MAP.get(part, part))
    return "".join(out)


def _align(source: str, replacement: str) -> list[int]:
    """For each char of ``replacement``, its offset in ``source``.

    A replacement that only deletes ("U.S." -> "US") maps each kept char to where it was; any
    other keeps positions in order, clipped to the source.
    """
    offsets: list[int] = []
    at = 0
    for char in replacement:
        found = source.find(char, at)
        if found < 0:
            last = max(len(source) - 1, 0)
            return [min(k, last) for k in range(len(replacement))]
        offsets.append(found)
        at = found + 1
    return offsets


def _rewrite(
    text: str,
    index: list[int],
    pattern: re.Pattern[str],
    repl: Callable[[re.Match[str]], str],
    *,
    keep_end: bool = False,
) -> tuple[str, list[int]]:
    """Apply a regex substitution while keeping, for every output char, its source position."""
    parts: list[str] = []
    new_index: list[int] = []
    pos = 0
    for match in pattern.finditer(text):
        start, end = match.span()
        parts.append(text[pos:start])
        new_index.extend(index[pos:start])
        replacement = repl(match)
        parts.append(replacement)
        offsets = _align(match.group(0), replacement)
        if keep_end and offsets:
            offsets[-1] = end - start - 1  # a match ending here covers the deleted tail ("U.S.")
        new_index.extend(index[start + k] for k in offsets)
        pos = end
    if pos == 0:
        return text, index
    parts.append(text[pos:])
    new_index.extend(index[pos:])
    return "".join(parts), new_index


def _normalize_mapped(text: str, *, fold_case: bool = True) -> tuple[str, list[int]]:
    """The normalised text and, for each of its characters, the index of its source character."""
    text, index = _rewrite(text, list(range(len(text))), _POSSESSIVE, lambda m: "")
    text, index = _rewrite(text, index, _ELISION, lambda m: m.group(0)[:-1] + " ")
    table = {char: _fold_char(char, fold_case) for char in set(text)}
    chars = [table[char] for char in text]
    if all(len(table[char]) == 1 for char in table):
        out_index = index  # one char in, one char out: positions are unchanged
    else:
        out_index = [at for at, part in zip(index, chars, strict=True) for _ in part]
    norm = "".join(chars)
    norm, out_index = _rewrite(norm, out_index, _HEBREW_QUOTE, lambda m: "")
    norm, out_index = _rewrite(
        norm, out_index, _INITIALISM, lambda m: m.group(0).replace(".", ""), keep_end=True
    )
    norm, out_index = _rewrite(norm, out_index, _SUN_ARTICLE, lambda m: "al-")
    norm = norm.replace("-", " ")
    norm, out_index = _rewrite(norm, out_index, _ARTICLE, lambda m: "al ")
    norm, out_index = _rewrite(norm, out_index, _MULTISPACE, lambda m: " ")
    return norm, out_index


def normalize(text: str, *, fold_case: bool = True) -> str:
    """Fold a name or a text into its matching form.

    Casefolds; strips diacritics, Arabic harakat, Hebrew niqqud, tatweel and apostrophe/ayn/hamza
    marks; unifies Arabic/Persian letter variants, hyphens and spaces; drops possessive "'s";
    writes the Arabic article as "al " whatever its spelling (al-, el-, ash-, an-, ...); joins
    dotted initialisms (U.S. -> us). Normalising is idempotent. ``fold_case=False`` keeps case (the
    form :class:`TermMatcher` uses for case-sensitive terms such as acronyms).
    """
    return _normalize_mapped(text, fold_case=fold_case)[0].strip()


def _is_word_char(char: str) -> bool:
    return char.isalnum()


def _starts_word(norm: str, first: int) -> bool:
    """Whether a match starting at ``first`` starts a word, allowing a joined Arabic/Hebrew proclitic."""
    if first == 0 or not _is_word_char(norm[first - 1]):
        return True
    head = norm[first]
    if not ("\u0600" <= head <= "\u06ff" or "\u05d0" <= head <= "\u05ea"):
        return False
    begin = first
    while begin > 0 and _is_word_char(norm[begin - 1]) and first - begin < 4:
        begin -= 1
    if begin > 0 and _is_word_char(norm[begin - 1]):
        return False
    prefix = norm[begin:first]
    return prefix in _ARABIC_PROCLITICS or bool(_HEBREW_PROCLITIC.match(prefix))


class TermMatcher:
    """Find known terms in text: non-overlapping leftmost-longest matches on word boundaries.

    ``terms`` maps a surface form to a key (registry id, gazetteer id) and is matched after
    :func:`normalize`; ``case_sensitive_terms`` are matched with case kept (diacritics still folded),
    which is how short acronyms such as "KH" avoid matching ordinary words. When two terms
    normalise to the same form with different keys, the first one given wins.
    """

    def __init__(
        self,
        terms: Mapping[str, str],
        *,
        case_sensitive_terms: Mapping[str, str] = {},
        ignore: Iterable[str] = (),
    ) -> None:
        # ``ignore``: phrases that contain a term but name something else ("American University of
        # Beirut"). They take part in the longest-match choice, so they hide the term, and are dropped.
        folded = {**{phrase: _IGNORED for phrase in ignore}, **terms}
        self._folded = self._build(folded, fold_case=True)
        self._cased = self._build(case_sensitive_terms, fold_case=False)

    @staticmethod
    def _build(terms: Mapping[str, str], *, fold_case: bool) -> ahocorasick.Automaton | None:
        automaton = ahocorasick.Automaton()
        for term, key in terms.items():
            form = _normalize_mapped(term, fold_case=fold_case)[0].strip()
            if form and not automaton.exists(form):
                automaton.add_word(form, (len(form), key))
        if len(automaton) == 0:
            return None
        automaton.make_automaton()
        return automaton

    def __len__(self) -> int:
        return sum(len(a) for a in (self._folded, self._cased) if a is not None)

    def find(self, text: str) -> list[tuple[int, int, str]]:
        """``(start, end, key)`` for each match, offsets into ``text`` (end exclusive), by start."""
        candidates: list[tuple[int, int, str]] = []
        for automaton, fold_case in ((self._folded, True), (self._cased, False)):
            if automaton is None:
                continue
            norm, index = _normalize_mapped(text, fold_case=fold_case)
            for last, (length, key) in automaton.iter(norm):
                first = last - length + 1
                if not _starts_word(norm, first):
                    continue
                if last + 1 < len(norm) and _is_word_char(norm[last + 1]):
                    continue
                candidates.append((index[first], index[last] + 1, key))
        # Leftmost-longest: "Islamic Resistance in Iraq" beats "Islamic Resistance", and in
        # "Kata'ib Hezbollah's fighters" the name that starts first is kept whole.
        candidates.sort(key=lambda c: (c[0], c[0] - c[1]))
        chosen: list[tuple[int, int, str]] = []
        last_end = 0
        for start, end, key in candidates:
            if start >= last_end:
                chosen.append((start, end, key))
                last_end = end
        return [c for c in chosen if c[2] != _IGNORED]
