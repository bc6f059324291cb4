"""What one save did to each incident, as history entries (the ``incident_history`` table).

Actions: ``created``, ``updated``, ``merged``, ``split`` and ``removed``. Details name the ids
involved: the mentions an incident gained (``added``) and lost (``lost``), the incidents they came
``from`` or went ``into``, and the canonical fields that ``changed``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from proxywatch.models import Incident


@dataclass(frozen=True, slots=True)
class HistoryEntry:
    """One change to an incident: ``created``, ``updated``, ``merged``, ``split`` or ``removed``."""

    incident_id: str
    at: datetime
    action: str
    details: dict[str, Any]


# Fields whose change is worth a history entry; last_updated alone changes on every save.
_NOT_COMPARED = ("id", "last_updated")


def history(
    incidents: Sequence[Incident],
    removed: Sequence[str],
    old: dict[str, Incident],
    *,
    compared: Sequence[str],
) -> list[tuple[str, str, dict[str, Any]]]:
    """History entries for one save: ``(incident_id, action, details)``, given the stored ``old`` versions.

    A removed incident whose mentions all went to one saved incident was ``merged`` into it; one whose
    mentions went to several was ``split``; otherwise it was ``removed``. A kept incident that gave
    mentions to newly created ones was ``split`` too. Re-saving an unchanged incident adds nothing.
    One pass over the mentions of the incidents involved: no comparison of every pair of incidents.
    """
    holder_after = {m: inc.id for inc in incidents for m in inc.mention_ids}
    holder_before = {m: o.id for o in old.values() for m in o.mention_ids}
    created = {inc.id for inc in incidents if inc.id not in old}
    entries: list[tuple[str, str, dict[str, Any]]] = []
    for inc in incidents:
        previous = old.get(inc.id)
        sources = sorted({holder_before[m] for m in inc.mention_ids if m in holder_before} - {inc.id})
        if previous is None:
            details: dict[str, Any] = {"mention_ids": list(inc.mention_ids)}
            if sources:
                details["from"] = sources
            entries.append((inc.id, "created", details))
            continue
        changed = [name for name in compared if getattr(previous, name) != getattr(inc, name)]
        given_to = sorted(
            {holder_after[m] for m in previous.mention_ids if holder_after.get(m) in created} - {inc.id}
        )
        gained = sorted(set(inc.mention_ids) - set(previous.mention_ids))
        lost = sorted(set(previous.mention_ids) - set(inc.mention_ids))
        if given_to:
            details = {"into": given_to, "changed": changed}
        elif changed:
            details = {"changed": changed}
            if sources:
                details["from"] = sources
        else:
            continue
        if gained:
            details["added"] = gained
        if lost:
            details["lost"] = lost
        entries.append((inc.id, "split" if given_to else "updated", details))
    for key in dict.fromkeys(removed):
        if key not in old:
            continue
        into = sorted({holder_after[m] for m in old[key].mention_ids if m in holder_after})
        if len(into) == 1:
            entries.append((key, "merged", {"into": into[0]}))
        elif into:
            entries.append((key, "split", {"into": into}))
        else:
            entries.append((key, "removed", {"mention_ids": list(old[key].mention_ids)}))
    return entries


def describe(entry: HistoryEntry) -> str:
    """One line for ``incidents show``: when, what, and the ids involved."""
    d = entry.details
    parts = [f"{entry.at:%Y-%m-%d %H:%M}", entry.action]
    for key, label in (
        ("from", "from"),
        ("into", "into"),
        ("added", "mentions added"),
        ("lost", "mentions lost"),
    ):
        if d.get(key):
            value = d[key]
            parts.append(f"{label} {', '.join(value) if isinstance(value, list) else value}")
    if entry.action == "created" and d.get("mention_ids"):
        parts.append(f"with {len(d['mention_ids'])} mentions")
    if d.get("changed"):
        parts.append(f"changed {', '.join(d['changed'])}")
    return "  ".join(parts)
