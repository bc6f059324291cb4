"""One-to-one matching of system incidents to gold incidents.

A pair is *admissible* when the event dates are within ``max_days``, the attacker umbrellas agree
and the places agree (see :func:`place_agreement`). Among admissible pairs the Hungarian algorithm
(:func:`scipy.optimize.linear_sum_assignment`) picks the assignment with the most matches, then the
most shared articles, then the closest dates and places. The matcher knows nothing about the actor
registry: label -> id resolution comes in as a callable.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import timedelta

from rapidfuzz import fuzz

from proxywatch.evaluate.gold import GoldIncident
from proxywatch.geo import distance_km
from proxywatch.models import Incident

LabelResolver = Callable[[str], set[str]]

MAX_DAYS = 1
MATCH_RADIUS_KM = 50.0
NAME_THRESHOLD = 85.0

# Weights: any match beats none (so the matching has the most pairs), then shared articles, then
# date, then place. Far apart so that a lower criterion never outweighs a higher one.
_W_MATCH = 1_000_000.0
_W_ARTICLE = 1_000.0
_W_DATE = 10.0
_W_PLACE = 1.0

# Words that say what kind of place it is, not which one: "US forces" or "air base" alone must not
# make two targets "the same named target".
_GENERIC = frozenset(
    """a al an and area across at ad airbase air american army base bases border by central coalition
    district east eastern el forces force from governorate in incl international intercepted
    military multiple named near north northern not of off on over per position positions province
    region s site sites soldiers south southern the target targets troops u us usa vessel ship ships
    west western nm km ibn bin field gas oil village town city camp post launch launcher launchers
    cell hq command headquarters barracks division claimed used homes school vital navy naval
    idf israeli iranian iraqi syrian lebanese yemeni hezbollah houthi houthis
    israel lebanon iraq syria yemen jordan iran""".split()
)
# Country names are generic too: "Israel" in a target cell says which side, not which place, and
# would otherwise let any attack on Israel that day match any other.


@dataclass(frozen=True, slots=True)
class Pair:
    """A matched (gold, system) pair and why it was admissible."""

    gold_id: str
    system_id: str
    shared_articles: int
    date_diff_days: int
    place_rule: str  # "coordinates", "named_point", "name" or "not_required"
    distance_km: float | None  # when both sides have coordinates
    score: float


@dataclass(frozen=True, slots=True)
class MatchResult:
    pairs: tuple[Pair, ...]
    missed: tuple[str, ...]  # gold incident ids with no system incident
    false_alarms: tuple[str, ...]  # system incident ids with no gold incident

    def system_of_gold(self) -> dict[str, str]:
        return {p.gold_id: p.system_id for p in self.pairs}


def name_tokens(text: str | None) -> str:
    """Lower-case, accent-free, punctuation-free, without generic words; tokens joined by spaces.

    Doubled letters are collapsed because transliterations disagree on them (Assad/Asad).
    """
    if not text:
        return ""
    folded = unicodedata.normalize("NFKD", text)
    folded = "".join(ch for ch in folded if not unicodedata.combining(ch)).lower()
    folded = folded.replace("'", "").replace("\u2019", "")  # Kata'ib == Kataib
    tokens = [t for t in re.split(r"[^a-z0-9]+", folded) if t and not t.isdigit() and t not in _GENERIC]
    return " ".join(re.sub(r"(.)\1+", r"\1", t) for t in tokens)


def _skeleton(token: str) -> str:
    return re.sub(r"[aeiouy]", "", token)


def _token_similarity(t: str, u: str) -> float:
    # Arabic and Hebrew names are written without short vowels, so transliterations disagree on
    # them (Safed/Safad, Eilat/Elat): the same consonants in a long enough name count as the same.
    skeleton = _skeleton(t)
    if len(skeleton) >= 3 and skeleton == _skeleton(u):
        return 100.0
    if min(len(t), len(u)) < 5:
        return 100.0 if t == u else 0.0  # one letter off in a short word is another word (gen/gren)
    return fuzz.ratio(t, u)


def _similarity(a: str, b: str) -> float:
    """Whole-name similarity, or the mean best token match of the shorter name (typo-tolerant)."""
    short, long = sorted((a.split(), b.split()), key=len)
    aligned = sum(max(_token_similarity(t, u) for u in long) for t in short) / len(short)
    return max(fuzz.token_set_ratio(a, b), aligned)


def name_similarity(gold_names: Sequence[str | None], system_names: Sequence[str | None]) -> float:
    """Best fuzzy similarity (0-100) between any gold name and any system name; 0 if none usable.

    A name contained in the other ("Ain al-Asad" in "Ain al-Asad air base, Anbar") scores 100, which
    is what a system that names the site and not its province should get.
    """
    best = 0.0
    gold = [g for g in (name_tokens(n) for n in gold_names) if g]
    system = [s for s in (name_tokens(n) for n in system_names) if s]
    for g in gold:
        for s in system:
            best = max(best, _similarity(g, s))
    return best


def place_agreement(
    gold: GoldIncident,
    system: Incident,
    *,
    radius_km: float = MATCH_RADIUS_KM,
    name_threshold: float = NAME_THRESHOLD,
) -> tuple[str, float | None, float] | None:
    """``(rule, distance_km, closeness 0..1)`` when the places agree, else ``None``.

    Both with coordinates (the gold's own, else its ``named_point``) within ``radius_km``, or the
    same named target by fuzzy name (gold ``target_place``/``target`` vs system ``place_text``/
    ``target_text``). A gold row with neither coordinates nor a named target place (after dropping
    generic words and country names) does not constrain the place.
    """
    distance: float | None = None
    point = (gold.lat, gold.lon) if gold.lat is not None and gold.lon is not None else gold.named_point
    if point is not None and system.lat is not None and system.lon is not None:
        distance = distance_km(point, (system.lat, system.lon))
        if distance <= radius_km:
            rule = "coordinates" if gold.has_coordinates else "named_point"
            return rule, distance, 1.0 - distance / radius_km
    similarity = name_similarity((gold.target_place, gold.target), (system.place_text, system.target_text))
    if similarity >= name_threshold:
        return "name", distance, similarity / 100.0
    # A gold place made only of generic words ("Israel (multiple)", "border area") names no place.
    if not gold.has_coordinates and not name_tokens(gold.target_place):
        return "not_required", distance, 0.0
    return None


UNATTRIBUTED = "<unattributed>"
"""Stands for "no named attacker" on both sides: a gold "X (suspected)" or "unknown" attacker, and a
system incident with no umbrella (no attacker named, or only a description such as "Iran-backed
militias"). Both say the same thing: nobody claimed it and no group was named."""


def umbrellas_agree(gold_ids: Collection[str], system: Incident) -> bool:
    """The gold umbrella's ids meet the system's actor or umbrella id (an empty gold set meets nothing)."""
    system_ids = {i for i in (system.actor_umbrella, system.actor_id) if i}
    if system.actor_umbrella is None:
        system_ids.add(UNATTRIBUTED)
    return bool(system_ids.intersection(gold_ids))


def match_incidents(
    system: Sequence[Incident],
    gold: Sequence[GoldIncident],
    *,
    umbrella_of_label: LabelResolver,
    articles_of: Mapping[str, Collection[str]] | None = None,
    max_days: int = MAX_DAYS,
    radius_km: float = MATCH_RADIUS_KM,
    name_threshold: float = NAME_THRESHOLD,
) -> MatchResult:
    """Match system incidents to gold incidents one-to-one.

    ``articles_of`` maps a system incident id to its articles in the gold's id space (the input's
    external ids); by default ``Incident.article_ids`` is used as is.
    """
    umbrella_cache: dict[str, set[str]] = {}
    by_day: dict[object, list[int]] = {}
    for j, inc in enumerate(system):
        if inc.event_date is not None:
            by_day.setdefault(inc.event_date, []).append(j)

    candidates: dict[tuple[int, int], Pair] = {}
    for i, g in enumerate(gold):
        if g.umbrella not in umbrella_cache:
            umbrella_cache[g.umbrella] = set(umbrella_of_label(g.umbrella))
        gold_ids = umbrella_cache[g.umbrella]
        if not gold_ids:
            continue
        gold_articles = set(g.article_ids)
        for delta in range(-max_days, max_days + 1):
            for j in by_day.get(g.date + timedelta(days=delta), ()):
                s = system[j]
                if not umbrellas_agree(gold_ids, s):
                    continue
                place = place_agreement(g, s, radius_km=radius_km, name_threshold=name_threshold)
                if place is None:
                    continue
                rule, distance, closeness = place
                arts = articles_of.get(s.id, ()) if articles_of is not None else s.article_ids
                shared = len(gold_articles.intersection(arts))
                score = (
                    _W_MATCH
                    + _W_ARTICLE * shared
                    + _W_DATE * (1.0 - abs(delta) / (max_days + 1))
                    + _W_PLACE * closeness
                )
                candidates[(i, j)] = Pair(
                    gold_id=g.id,
                    system_id=s.id,
                    shared_articles=shared,
                    date_diff_days=abs(delta),
                    place_rule=rule,
                    distance_km=distance,
                    score=score,
                )

    pairs: list[Pair] = []
    if candidates:
        # Imported here: scipy.optimize costs about half a second, which every CLI start would pay.
        import numpy as np
        from scipy.optimize import linear_sum_assignment

        # Only incidents with some admissible pair enter the matrix: a whole store of system
        # incidents against a large gold set would not fit densely.
        row_ids = sorted({i for i, _ in candidates})
        col_ids = sorted({j for _, j in candidates})
        row_at = {i: k for k, i in enumerate(row_ids)}
        col_at = {j: k for k, j in enumerate(col_ids)}
        weights = np.zeros((len(row_ids), len(col_ids)))
        for (i, j), pair in candidates.items():
            weights[row_at[i], col_at[j]] = pair.score
        rows, cols = linear_sum_assignment(weights, maximize=True)
        # The solver assigns every row it can; zero-weight (inadmissible) assignments are dropped.
        chosen = ((row_ids[r], col_ids[c]) for r, c in zip(rows, cols, strict=True))
        pairs = [candidates[key] for key in chosen if key in candidates]
    matched_gold = {p.gold_id for p in pairs}
    matched_system = {p.system_id for p in pairs}
    pairs.sort(key=lambda p: p.gold_id)
    return MatchResult(
        pairs=tuple(pairs),
        missed=tuple(g.id for g in gold if g.id not in matched_gold),
        false_alarms=tuple(s.id for s in system if s.id not in matched_system),
    )
