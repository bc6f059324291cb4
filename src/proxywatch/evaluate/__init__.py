"""Scoring against gold labels: the library behind ``proxywatch eval``.

``load_gold`` reads a gold set, ``score`` compares system records with it, ``run_eval`` runs the
pipeline on the labelled articles first, ``check_floors`` is the CI quality gate. See
``docs/quality.md`` for what every metric means.
"""

from proxywatch.evaluate.gold import GoldIncident, GoldLabel, GoldSet, load_gold
from proxywatch.evaluate.match import MatchResult, Pair, match_incidents
from proxywatch.evaluate.metrics import map_weapon
from proxywatch.evaluate.runner import (
    EvalReport,
    check_floors,
    label_resolvers,
    load_floors,
    run_eval,
    score,
)

__all__ = [
    "EvalReport",
    "GoldIncident",
    "GoldLabel",
    "GoldSet",
    "MatchResult",
    "Pair",
    "check_floors",
    "label_resolvers",
    "load_floors",
    "load_gold",
    "map_weapon",
    "match_incidents",
    "run_eval",
    "score",
]
