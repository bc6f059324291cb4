"""Scores: incident detection, per-field accuracy, B³ article grouping, relevance, weekly counts.

Every score carries its support ``n`` (how many items it was computed over), so that a 1.0 on two
items is not mistaken for a 1.0 on two hundred. A score with ``n == 0`` is ``None``, never 0 or 1.
The definitions are in ``docs/quality.md``.
"""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from proxywatch.evaluate.gold import SEA, GoldIncident, GoldLabel, country_codes
from proxywatch.evaluate.match import LabelResolver, MatchResult, umbrellas_agree
from proxywatch.geo import distance_km
from proxywatch.models import Incident

PLACE_OK_KM = 25.0

# System weapon classes the gold vocabulary folds into "unknown" (devnews README, mapping rules).
_WEAPON_TO_UNKNOWN = frozenset({"missile", "atgm"})
_MISSILE_CLASSES = frozenset({"cruise_missile", "ballistic_missile"})
# "intercepted" means the target side reports the projectile: a confirmation in the gold's terms.
_STATUS_MAP = {"intercepted": "confirmed"}


def ratio(k: int, n: int) -> float | None:
    return k / n if n else None


def f1(p: float | None, r: float | None) -> float | None:
    if p is None or r is None:
        return None
    return 0.0 if p + r == 0 else 2 * p * r / (p + r)


@dataclass(frozen=True, slots=True)
class PRF:
    precision: float | None
    recall: float | None
    f1: float | None
    n_system: int  # support of precision
    n_gold: int  # support of recall
    tp: float = 0.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "precision": self.precision,
            "recall": self.recall,
            "f1": self.f1,
            "tp": self.tp,
            "n_system": self.n_system,
            "n_gold": self.n_gold,
        }


@dataclass(frozen=True, slots=True)
class FieldResult:
    """One field compared on one matched pair."""

    field: str
    gold_id: str
    system_id: str
    gold_value: Any
    system_value: Any
    correct: bool
    error_km: float | None = None


@dataclass(frozen=True, slots=True)
class FieldScore:
    accuracy: float | None
    n: int
    correct: int
    extra: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {"accuracy": self.accuracy, "n": self.n, "correct": self.correct, **self.extra}


@dataclass(frozen=True, slots=True)
class WeekCount:
    week: date  # Monday of the ISO week
    key: str
    system: int
    gold: int

    def to_dict(self) -> dict[str, Any]:
        return {"week": self.week.isoformat(), "key": self.key, "system": self.system, "gold": self.gold}


# --- incidents ------------------------------------------------------------------------------------


def incident_prf(match: MatchResult, *, n_system: int, n_gold: int) -> PRF:
    tp = len(match.pairs)
    p, r = ratio(tp, n_system), ratio(tp, n_gold)
    return PRF(precision=p, recall=r, f1=f1(p, r), n_system=n_system, n_gold=n_gold, tp=tp)


# --- fields ---------------------------------------------------------------------------------------


def map_weapon(system_weapon: str | None, gold_weapon: str) -> str:
    """The system's weapon class in the gold vocabulary, for comparison with ``gold_weapon``.

    ``missile`` and ``atgm`` -> ``unknown`` (the gold codes an unstated missile class and ATGMs so);
    ``anti_ship_missile`` -> the gold's class when the gold says cruise or ballistic missile, else
    ``unknown`` (an anti-ship missile of unstated class is a missile of unstated class); every other
    class is compared as is, so ``usv``, ``ied``, ``small_arms`` and ``artillery``, which the gold
    vocabulary lacks, never agree.
    """
    weapon = system_weapon or "unknown"
    if weapon in _WEAPON_TO_UNKNOWN:
        return "unknown"
    if weapon == "anti_ship_missile":
        return gold_weapon if gold_weapon in _MISSILE_CLASSES else "unknown"
    return weapon


def system_country(inc: Incident) -> str | None:
    if inc.target_country:
        code = inc.target_country.strip()
        return SEA if code.lower() == SEA else code.upper()
    if inc.geo_precision == "sea" or (inc.target_kind or "").lower() in {"ship", "vessel"}:
        return SEA
    return None


def compare_fields(
    match: MatchResult,
    gold: Mapping[str, GoldIncident],
    system: Mapping[str, Incident],
    *,
    umbrella_of_label: LabelResolver,
    actor_of_label: LabelResolver,
) -> list[FieldResult]:
    """Every field comparison on every matched pair; fields the gold leaves empty are not compared."""
    out: list[FieldResult] = []
    for pair in match.pairs:
        g, s = gold[pair.gold_id], system[pair.system_id]

        def add(name: str, gv: Any, sv: Any, ok: bool, km: float | None = None) -> None:
            out.append(FieldResult(name, g.id, s.id, gv, sv, ok, km))  # noqa: B023 - used at once

        actor_ids = set(actor_of_label(g.attacker))
        if actor_ids:
            # Right at the gold's granularity: gold "Israel" vs system "idf" (umbrella israel) is
            # right; gold "Kataib Hezbollah" vs system "islamic-resistance-in-iraq" is not.
            ok = s.actor_id in actor_ids or s.actor_umbrella in actor_ids
            add("actor", g.attacker, s.actor_id, ok)
        umbrella_ids = set(umbrella_of_label(g.umbrella))
        if umbrella_ids:
            # The matching rule, field by field: an unattributed gold attack is right when the system
            # names no attacker either (see umbrellas_agree).
            add("umbrella", g.umbrella, s.actor_umbrella or s.actor_id, umbrellas_agree(umbrella_ids, s))
        mapped = map_weapon(s.weapon, g.weapon)
        add("weapon", g.weapon, s.weapon, mapped == g.weapon)
        add("date", g.date, s.event_date, s.event_date == g.date)
        if g.lat is not None and g.lon is not None and s.lat is not None and s.lon is not None:
            km = distance_km((g.lat, g.lon), (s.lat, s.lon))
            add("place", (g.lat, g.lon), (s.lat, s.lon), km <= PLACE_OK_KM, km)
        target_codes = country_codes(g.target_country)
        if target_codes:
            sys_country = system_country(s)
            add("target_country", g.target_country, sys_country, sys_country in target_codes)
        if g.launch_country:
            launch = s.launch_country.upper() if s.launch_country else None
            add("launch_country", g.launch_country, launch, launch in country_codes(g.launch_country))
        status = _STATUS_MAP.get(s.status, s.status)
        add("status", g.status, s.status, status == g.status)
        if g.killed is not None:
            add("killed", g.killed, s.killed, s.killed == g.killed)
        if g.injured is not None:
            add("injured", g.injured, s.injured, s.injured == g.injured)
    return out


FIELDS = (
    "actor",
    "umbrella",
    "weapon",
    "date",
    "place",
    "target_country",
    "launch_country",
    "status",
    "killed",
    "injured",
)


def field_scores(results: Iterable[FieldResult]) -> dict[str, FieldScore]:
    by_field: dict[str, list[FieldResult]] = {name: [] for name in FIELDS}
    for res in results:
        by_field.setdefault(res.field, []).append(res)
    scores: dict[str, FieldScore] = {}
    for name, items in by_field.items():
        correct = sum(1 for r in items if r.correct)
        extra: dict[str, Any] = {}
        if name == "place":
            kms = sorted(r.error_km for r in items if r.error_km is not None)
            extra = {
                "within_km": PLACE_OK_KM,
                "median_km": statistics.median(kms) if kms else None,
                "p90_km": _percentile(kms, 0.9),
            }
        scores[name] = FieldScore(
            accuracy=ratio(correct, len(items)), n=len(items), correct=correct, extra=extra
        )
    return scores


def _percentile(sorted_values: Sequence[float], q: float) -> float | None:
    """Linear-interpolated percentile (numpy's default method) of already sorted values."""
    if not sorted_values:
        return None
    pos = (len(sorted_values) - 1) * q
    lo = int(pos)
    hi = min(lo + 1, len(sorted_values) - 1)
    return sorted_values[lo] + (sorted_values[hi] - sorted_values[lo]) * (pos - lo)


# --- article grouping -----------------------------------------------------------------------------


def b_cubed(system_groups: Iterable[Collection[str]], gold_groups: Iterable[Collection[str]]) -> PRF:
    """B³ precision/recall of article grouping, over the articles that are in some gold incident.

    For each such article ``a``: ``G(a)`` is the union of the gold incidents that contain ``a``;
    ``S(a)`` is ``a`` plus the union of the system incidents that contain ``a``, cut down to the
    articles in some gold incident. Precision averages ``|G∩S|/|S|``, recall ``|G∩S|/|G|``.
    An article the system put in no incident is its own singleton (precision 1, recall 1/|G|).
    """
    gold_of: dict[str, set[str]] = {}
    for group in gold_groups:
        members = set(group)
        for a in members:
            gold_of.setdefault(a, set()).update(members)
    items = set(gold_of)
    sys_of: dict[str, set[str]] = {}
    for group in system_groups:
        members = set(group) & items
        for a in members:
            sys_of.setdefault(a, set()).update(members)
    if not items:
        return PRF(precision=None, recall=None, f1=None, n_system=0, n_gold=0)
    p_sum = r_sum = 0.0
    for a in items:
        g = gold_of[a]
        s = sys_of.get(a, set()) | {a}
        both = len(g & s)
        p_sum += both / len(s)
        r_sum += both / len(g)
    p, r = p_sum / len(items), r_sum / len(items)
    return PRF(precision=p, recall=r, f1=f1(p, r), n_system=len(items), n_gold=len(items), tp=len(items))


# --- relevance ------------------------------------------------------------------------------------


def relevance(labels: Sequence[GoldLabel], system_positive: Collection[str]) -> PRF:
    """Article relevance: gold ``kind == report`` vs the system gave the article at least one mention.

    Only labelled articles count; support ``n_system`` is how many of them the system flagged.
    """
    labelled = {lab.article_id for lab in labels}
    gold_pos = {lab.article_id for lab in labels if lab.kind == "report"}
    sys_pos = labelled & set(system_positive)
    tp = len(gold_pos & sys_pos)
    p, r = ratio(tp, len(sys_pos)), ratio(tp, len(gold_pos))
    return PRF(precision=p, recall=r, f1=f1(p, r), n_system=len(sys_pos), n_gold=len(gold_pos), tp=tp)


# --- weekly counts --------------------------------------------------------------------------------


def week_start(day: date) -> date:
    return day - timedelta(days=day.weekday())


def weekly_counts(
    gold: Iterable[GoldIncident],
    system: Iterable[Incident],
    *,
    gold_key: Callable[[GoldIncident], str],
    system_key: Callable[[Incident], str],
) -> list[WeekCount]:
    """Incidents per (ISO week, key), system vs gold; system incidents without a date are left out."""
    g_counts = Counter((week_start(g.date), gold_key(g)) for g in gold)
    s_counts = Counter((week_start(s.event_date), system_key(s)) for s in system if s.event_date is not None)
    cells = sorted(set(g_counts) | set(s_counts))
    return [WeekCount(week=w, key=k, system=s_counts[(w, k)], gold=g_counts[(w, k)]) for w, k in cells]


def weekly_summary(rows: Sequence[WeekCount]) -> dict[str, Any]:
    """Absolute count error over the cells, and over the weeks of the gold period only."""
    if not rows:
        return {"cells": 0, "abs_error": 0, "mean_abs_error": None, "abs_error_in_gold_period": 0}
    gold_weeks = [r.week for r in rows if r.gold]
    first, last = (min(gold_weeks), max(gold_weeks)) if gold_weeks else (None, None)
    in_period = [r for r in rows if first is not None and last is not None and first <= r.week <= last]
    err = sum(abs(r.system - r.gold) for r in rows)
    return {
        "cells": len(rows),
        "abs_error": err,
        "mean_abs_error": err / len(rows),
        "abs_error_in_gold_period": sum(abs(r.system - r.gold) for r in in_period),
        "system_total": sum(r.system for r in rows),
        "gold_total": sum(r.gold for r in rows),
    }
