"""Clauses of a parsed sentence that tell of another event than the sentence's own.

"The Israeli Air Force hit Hodeidah, after a drone attack by the Houthis on Tel Aviv": the attack after
"after" is the reason for the strike, not the strike. Its attacker, target, weapon and casualties belong
to that other event, so the rule extractor leaves them out of the sentence's frame. The clauses are
found on the dependency parse, so they work whatever words fill them:

- a preposition or subordinator of time or cause ("after", "following", "since", "amid", "in the wake
  of") with what it governs;
- a reason noun or adjective ("in response to", "as retaliation for", "responsible for", "payback for",
  "being behind") or verb ("retaliating for", "responding to", "avenging") with what it governs;
- the object of a verb that orders two events ("the strikes follow attacks on ...").
"""

from __future__ import annotations

from typing import Any

from proxywatch.extract.patterns import ATTACK_WORDS, REFERS_BACK
from proxywatch.models import Span

# Prepositions and subordinators that place the sentence's event relative to another one.
_RELATIVE_TO = frozenset({"after", "following", "since", "amid", "amidst", "before"})
# Words whose complement is the cause or the author of another event.
_REASON_WORDS = frozenset(
    {
        "response",
        "retaliation",
        "revenge",
        "reprisal",
        "payback",
        "reply",
        "wake",
        "responsible",
        "retaliating",
        "responding",
        "respond",
        "responds",
        "responded",
        "answer",
        "answering",
        "answered",
        "avenge",
        "avenging",
        "retaliate",
    }
)
# Verbs whose object is an earlier event: "the strikes follow attacks on ...", "X came weeks after ...".
_ORDERING_VERBS = frozenset({"follow", "follows", "followed", "avenged", "avenges"})
_GO_VERBS = frozenset({"go", "goes", "going", "gone", "went"})
_TARGETING = frozenset({"on", "against", "at"})
# "being behind the strike on ..." says who authored another event, as "responsible for" does.
_BE_VERBS = frozenset({"be", "being", "been", "is", "are", "was", "were"})


def reference_spans(doc: Any, offset: int, *, merged: bool = True) -> list[Span]:
    """Character spans (offsets into the article, ``offset`` being the sentence start) of the clauses of
    ``doc`` that describe another event than the sentence's own; with ``merged=False`` a clause inside
    another ("since X struck ..., in response to troops being killed in Jordan") is listed on its own."""
    spans: list[Span] = []
    for token in doc:
        word = token.lower_
        head: Any = None
        if word in _RELATIVE_TO and token.dep_ == "prep" and token.head.lower_ in _GO_VERBS:
            continue  # "the group had gone after the base": a phrasal verb of attack, not a time clause
        if word in _RELATIVE_TO and token.dep_ == "prep" and _subjectless_gerund(token):
            continue  # "a drone was intercepted before reaching Eilat": the same event, further on
        if word in _RELATIVE_TO and token.dep_ == "prep":
            head = token
        elif word in _RELATIVE_TO and token.dep_ == "mark" and token.head is not token:
            head = token.head  # "after Hezbollah fired rockets": the clause the subordinator opens
        elif word in _REASON_WORDS:
            head = token
        elif word == "behind" and token.head.lower_ in _BE_VERBS:
            head = token.head  # with what the verb says of that event ("... on Saturday")
        elif word in _ORDERING_VERBS:
            objects = [c for c in token.children if c.dep_ in ("dobj", "obj")]
            head = objects[0] if objects else None
        if head is None:
            continue
        start = min(t.idx for t in head.subtree)
        if word in _REASON_WORDS or word == "behind":
            start = token.idx  # the reason word and what follows it, not "its" before "response"
        last = max(head.subtree, key=lambda t: t.idx)
        if word in _REASON_WORDS:
            last = _target_hung_outside(doc, head, last)
        spans.append((offset + start, offset + last.idx + len(last.text)))
    return _merged(spans) if merged else sorted(set(spans))


def _target_hung_outside(doc: Any, clause: Any, last: Any) -> Any:
    """The last token of a reason clause, with the target phrase that follows it when the parser hung
    that phrase on the main verb: in "Iran attacked as a response to an Israeli assault earlier this month
    on its consulate in Damascus", "on its consulate" is where the assault landed, next to it (a time
    phrase between), not what Iran attacked."""
    if not any(t.lower_ in ATTACK_WORDS and t.tag_ in ("NN", "NNS") for t in clause.subtree):
        return last
    i = last.i + 1
    while i < len(doc) and doc[i].dep_ in ("advmod", "det", "npadvmod") and doc[i].head.dep_ == "npadvmod":
        i += 1  # "earlier this month", "last week": a time phrase of that attack
    if i < len(doc) and doc[i].dep_ == "npadvmod":
        i += 1
    if i >= len(doc) or doc[i].lower_ not in _TARGETING or doc[i].dep_ != "prep":
        return last
    if doc[i].head.i > last.i:
        return last  # hung on a later word: not the main verb's
    return max(doc[i].subtree, key=lambda t: t.idx)


def tells_of_known_attack(text: str, span: Span) -> bool:
    """Whether a clause names its event as one already known: any clause of reason ("a response to a
    drone attack in Jordan"); a clause of time only when it names the attack as known ("... following
    the attack on Tower 22"), since "after a direct hit in Safed was reported" tells the sentence's own
    event."""
    clause = text[span[0] : span[1]]
    first = clause.split(None, 1)[0].lower() if clause.strip() else ""
    return first not in _RELATIVE_TO or bool(REFERS_BACK.search(clause))


def _subjectless_gerund(prep: Any) -> bool:
    return any(c.dep_ == "pcomp" and c.tag_ == "VBG" and not _has_subject(c) for c in prep.children)


def _has_subject(verb: Any) -> bool:
    return any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children)


def inside(spans: list[Span], start: int, end: int) -> bool:
    return any(s <= start and end <= e for s, e in spans)


def _merged(spans: list[Span]) -> list[Span]:
    out: list[Span] = []
    for s, e in sorted(spans):
        if out and s <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], e))
        else:
            out.append((s, e))
    return out
