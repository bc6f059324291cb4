"""Print floors for `proxywatch eval --floors` from an eval JSON report: each pinned metric minus a margin.

    proxywatch eval --json -q ... > report.json && python quality/make_floors.py report.json > floors.json

A floor only rises: compare with the committed file and keep the higher value of each (this script
refuses to lower one that exists in --current).
"""

from __future__ import annotations

import argparse
import json
import math
from pathlib import Path

PINNED = (
    "incidents.precision", "incidents.recall", "incidents.f1", "b3.precision", "b3.recall", "b3.f1",
    "relevance.precision", "relevance.recall", "fields.umbrella.accuracy", "fields.actor.accuracy",
    "fields.weapon.accuracy", "fields.date.accuracy", "fields.place.accuracy", "fields.status.accuracy",
)  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("report", type=Path)
    parser.add_argument("--margin", type=float, default=0.02)
    parser.add_argument("--current", type=Path, help="committed floors: no floor may go down")
    args = parser.parse_args()
    text = args.report.read_text(encoding="utf-8")
    report = json.loads(text[: text.index("\n}\n") + 2] if "\n}\n" in text else text)
    current = json.loads(args.current.read_text(encoding="utf-8")) if args.current else {}
    floors = {}
    for path in PINNED:
        value = report
        for part in path.split("."):
            value = value.get(part) if isinstance(value, dict) else None
        if isinstance(value, int | float):
            floor = math.floor((value - args.margin) * 100) / 100
            floors[path] = max(floor, current.get(path, 0.0))
    print(json.dumps(floors, indent=2))


if __name__ == "__main__":
    main()
