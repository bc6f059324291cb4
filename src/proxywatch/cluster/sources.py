"""Who backs an incident independently: syndicated copies folded, the attacker's own channel marked.

Twenty sites running one wire story are one source, not twenty. Within an incident, an article whose
text mostly repeats an earlier article's (word 5-gram shingles, containment of the smaller set in the
larger at least ``COPY_CONTAINMENT``) is a copy of that earlier article. Comparing only the articles
of one incident keeps this cheap: an incident has a handful of reports, never the whole store.

A report is the attacker's own channel when its outlet is the attacker's name, optionally followed
by a channel word ("Hezbollah Military Media", "IDF Spokesperson"), or when every mention it gives of
the incident is the attacker's claim and nothing else (a report quoting only the group's statement).
Neither adds independent evidence that the attack happened.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from datetime import datetime

from proxywatch.models import Article, ClaimStatus, Incident, Mention, Source

SHINGLE_WORDS = 5
COPY_CONTAINMENT = 0.8
MIN_SHINGLES = 8  # shorter texts are too short to call one a copy of another unless they are identical

_WORD = re.compile(r"\w+")
_CHANNEL_WORDS = frozenset(
    "media military war office information statement statements channel telegram spokesman spokesperson "
    "spokesmen press unit centre center official account bureau".split()
)


def shingles(text: str, *, size: int = SHINGLE_WORDS) -> frozenset[int]:
    """Hashes of the text's overlapping ``size``-word runs (lower-cased words; punctuation ignored)."""
    words = _WORD.findall(text.lower())
    if len(words) < size:
        return frozenset([zlib.crc32(" ".join(words).encode())]) if words else frozenset()
    return frozenset(zlib.crc32(" ".join(words[i : i + size]).encode()) for i in range(len(words) - size + 1))


def containment(a: frozenset[int], b: frozenset[int]) -> float:
    """The share of the smaller shingle set found in the larger one (1.0: one text contains the other)."""
    if not a or not b:
        return 0.0
    small, large = (a, b) if len(a) <= len(b) else (b, a)
    return len(small & large) / len(small)


def find_copies(articles: Sequence[Article]) -> dict[str, str]:
    """``{copy id: original id}`` among ``articles``: each copy points at the earliest article it repeats.

    Articles are taken in publication order (undated last, then by id); an article that repeats no
    earlier original is itself an original.
    """
    ordered = sorted(articles, key=_published_order)
    originals: list[tuple[str, frozenset[int]]] = []
    copies: dict[str, str] = {}
    for article in ordered:
        mine = shingles(article.text)
        original = next((key for key, theirs in originals if _same_text(mine, theirs)), None)
        if original is None:
            originals.append((article.id, mine))
        else:
            copies[article.id] = original
    return copies


def _same_text(a: frozenset[int], b: frozenset[int]) -> bool:
    if min(len(a), len(b)) < MIN_SHINGLES:
        return bool(a) and a == b
    return containment(a, b) >= COPY_CONTAINMENT


def _published_order(article: Article) -> tuple[bool, datetime, str]:
    when = article.published_at
    return (when is None, when.replace(tzinfo=None) if when else datetime.max, article.id)


def _words(text: str | None) -> tuple[str, ...]:
    words = _WORD.findall((text or "").lower().replace("-", " "))
    return tuple(words[1:] if words[:1] == ["the"] else words)


def own_channel(outlet: str, mentions: Sequence[Mention]) -> str | None:
    """Why the report of ``mentions`` by ``outlet`` comes from the attacker itself, or ``None``."""
    outlet_words = _words(outlet.split("(")[0])
    for m in mentions:
        for name in {_words(m.actor_text), _words(m.actor_id), _words(m.actor_umbrella)}:
            if (
                name
                and outlet_words[: len(name)] == name
                and set(outlet_words[len(name) :]) <= _CHANNEL_WORDS
            ):
                return "outlet"
    if mentions and all(m.claim_status == ClaimStatus.CLAIMED for m in mentions):
        return "claim only"
    return None


def with_sources(
    incident: Incident,
    mentions: Sequence[Mention],
    articles: Mapping[str, Article],
    *,
    outlet_key: Callable[[Article], str],
) -> Incident:
    """``incident`` with its per-article sources and its count of independent outlets filled in.

    ``n_independent`` counts distinct outlets (as ``outlet_key`` folds them) among the reports that are
    neither a copy of another report nor the attacker's own channel. An article not in ``articles`` counts
    as an original report from an outlet of its own.
    """
    known = [articles[a] for a in incident.article_ids if a in articles]
    copies = find_copies(known)
    by_article: dict[str, list[Mention]] = {}
    for m in mentions:
        by_article.setdefault(m.article_id, []).append(m)
    sources: list[Source] = []
    independent: set[str] = set()
    for article in sorted(known, key=_published_order):
        reason = own_channel(article.outlet, by_article.get(article.id, ()))
        copy_of = copies.get(article.id)
        sources.append(
            Source(
                article_id=article.id,
                outlet=article.outlet,
                published_at=article.published_at,
                copy_of=copy_of,
                own_channel=reason is not None,
                own_channel_reason=reason,
            )
        )
        if copy_of is None and reason is None:
            independent.add(outlet_key(article))
    missing = [a for a in incident.article_ids if a not in articles]
    sources += [Source(article_id=a, outlet=a) for a in missing]
    independent.update(missing)
    return replace(incident, n_independent=len(independent), sources=tuple(sources))
