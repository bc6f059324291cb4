"""How well does each text similarity tell reports of one attack from reports of another?

    python bench/bench_similarity.py [--data ../shared/data/devnews] [--json]

Runs the pipeline over devnews into a temporary DuckDB store, gives each mention the gold incident of
its article whose date is nearest the mention's (within two days; other mentions are left out), and
takes every pair of mentions from different articles that could meet in a clustering block: event
dates at most two days apart and the same, a neighbouring or an unknown target country. A pair is
positive when both mentions belong to the same gold incident. For each similarity and each text
(the evidence sentence, or the article title plus the sentence) it prints the ROC AUC, the best F1
over thresholds (with that threshold) and the encoding speed in texts per second.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

from proxywatch import pipeline
from proxywatch.cluster.similarity import (
    EmbeddingSimilarity,
    NgramSimilarity,
    TextSimilarity,
    minilm_available,
    neighbours,
)
from proxywatch.models import Mention
from proxywatch.settings import Settings
from proxywatch.store import open_store


def _gold(data: Path) -> tuple[dict[str, date], dict[str, list[str]]]:
    dates = {
        r["incident_id"]: date.fromisoformat(r["date"]) for r in csv.DictReader(open(data / "incidents.csv"))
    }
    labels = {
        r["article_id"]: r["incident_ids"].split() for r in csv.DictReader(open(data / "article_labels.csv"))
    }
    return dates, labels


def _assign(m: Mention, external: str, dates: dict[str, date], labels: dict[str, list[str]]) -> str | None:
    if m.event_date is None:
        return None
    near = [(abs((dates[g] - m.event_date).days), k, g) for k, g in enumerate(labels.get(external, []))]
    near = [x for x in near if x[0] <= 2]
    return min(near)[2] if near else None


def _can_meet(a: Mention, b: Mention) -> bool:
    if abs((a.event_date - b.event_date).days) > 2:  # type: ignore[operator]
        return False
    ca, cb = a.target_country, b.target_country
    return not ca or not cb or ca == cb or cb in neighbours(ca)


def _auc(scores: list[tuple[float, bool]]) -> float:
    """Probability that a random positive pair scores above a random negative one (ties count half)."""
    ranked = sorted(scores, key=lambda s: s[0])
    pos = sum(1 for _, y in ranked if y)
    neg = len(ranked) - pos
    rank_sum, i = 0.0, 0
    while i < len(ranked):
        j = i
        while j < len(ranked) and ranked[j][0] == ranked[i][0]:
            j += 1
        mid = (i + j + 1) / 2  # average 1-based rank of the tie block
        rank_sum += mid * sum(1 for _, y in ranked[i:j] if y)
        i = j
    return (rank_sum - pos * (pos + 1) / 2) / (pos * neg)


def _best_f1(scores: list[tuple[float, bool]]) -> tuple[float, float]:
    ranked = sorted(scores, key=lambda s: -s[0])
    pos = sum(1 for _, y in ranked if y)
    tp = 0
    best = (0.0, 1.0)
    for k, (score, y) in enumerate(ranked, start=1):
        tp += y
        if k < len(ranked) and ranked[k][0] == score:
            continue
        p, r = tp / k, tp / pos
        if p + r and 2 * p * r / (p + r) > best[0]:
            best = (2 * p * r / (p + r), score)
    return best


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--data", type=Path, default=Path(__file__).resolve().parents[1] / "../shared/data/devnews"
    )
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    data = args.data.resolve()
    dates, labels = _gold(data)
    with tempfile.TemporaryDirectory() as tmp, open_store(str(Path(tmp) / "bench.duckdb")) as store:
        pipeline.run(
            [str(data / "articles.jsonl")], store=store, settings=Settings(db=str(Path(tmp) / "b.duckdb"))
        )
        articles = {a.id: a for a in store.iter_articles()}
        mentions = store.mentions_of_articles(list(articles))
    gold_of = {}
    for m in mentions:
        g = _assign(m, articles[m.article_id].external_id or "", dates, labels)
        if g:
            gold_of[m.id] = g
    kept = [m for m in mentions if m.id in gold_of]
    pairs = [
        (a, b)
        for i, a in enumerate(kept)
        for b in kept[i + 1 :]
        if a.article_id != b.article_id and _can_meet(a, b)
    ]
    texts = {
        "sentence": {m.id: m.sentence for m in kept},
        "title+sentence": {m.id: f"{articles[m.article_id].title}. {m.sentence}" for m in kept},
    }
    makers: dict[str, object] = {"ngram": NgramSimilarity}
    if minilm_available():
        from proxywatch.cluster.similarity import _minilm

        started = time.perf_counter()
        model = _minilm()
        model.encode(["warm up"] * 8)  # the first call pays one-off set-up costs
        print(f"minilm loaded in {time.perf_counter() - started:.1f} s", file=sys.stderr)
        makers["minilm"] = lambda: EmbeddingSimilarity(model)
    rows = []
    for name, make in makers.items():
        for text_kind, corpus in texts.items():
            sim: TextSimilarity = make()  # type: ignore[operator]
            started = time.perf_counter()
            sim.add(corpus)
            for m in kept[:1]:
                sim.similarity(m.id, m.id)  # ngram builds its vectors lazily: count that too
            for a, b in pairs[:1]:
                sim.similarity(a.id, b.id)
            elapsed = time.perf_counter() - started
            scores = [(sim.similarity(a.id, b.id) or 0.0, gold_of[a.id] == gold_of[b.id]) for a, b in pairs]
            f1, threshold = _best_f1(scores)
            at = {}
            for t in (0.2, 0.3, 0.4, 0.5, 0.6, 0.7):
                above = [y for s, y in scores if s >= t]
                n_pos = sum(y for _, y in scores)
                at[t] = (round(sum(above) / len(above), 3) if above else None, round(sum(above) / n_pos, 3))
            rows.append(
                {
                    "similarity": name,
                    "text": text_kind,
                    "auc": round(_auc(scores), 3),
                    "best_f1": round(f1, 3),
                    "threshold": round(threshold, 3),
                    "texts_per_s": round(len(corpus) / elapsed),
                    "precision_recall_at": at,
                }
            )
    n_pos = sum(1 for a, b in pairs if gold_of[a.id] == gold_of[b.id])
    if args.json:
        print(
            json.dumps(
                {"mentions": len(kept), "pairs": len(pairs), "positive": n_pos, "rows": rows}, indent=2
            )
        )
    else:
        print(f"{len(kept)} mentions, {len(pairs)} block pairs ({n_pos} same incident)")
        print(f"{'similarity':10} {'text':15} {'AUC':>6} {'bestF1':>7} {'thr':>6} {'texts/s':>8}")
        for r in rows:
            print(
                f"{r['similarity']:10} {r['text']:15} {r['auc']:6.3f} {r['best_f1']:7.3f} "
                f"{r['threshold']:6.3f} {r['texts_per_s']:8d}"
            )
        print("precision / recall of 'same incident' at a similarity threshold:")
        for r in rows:
            cells = "  ".join(f"{t}: {p}/{rc}" for t, (p, rc) in r["precision_recall_at"].items())
            print(f"{r['similarity']:10} {r['text']:15} {cells}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
