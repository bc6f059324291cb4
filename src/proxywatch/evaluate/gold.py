"""Gold labels in the devnews format: ``incidents.csv`` and ``article_labels.csv``.

The format is described in ``../shared/data/devnews/README.md``; the bundled sample under
``proxywatch/data/sample/`` follows it too. Loading is strict: a row that breaks the format is an
:class:`~proxywatch.errors.InputError` naming the file and line, because a silently skipped gold row
would make every score wrong without anyone noticing.
"""

from __future__ import annotations

import csv
import math
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from proxywatch.errors import InputError

INCIDENT_COLUMNS = (
    "incident_id",
    "date",
    "attacker",
    "attacker_umbrella",
    "target",
    "target_country",
    "target_place",
    "latitude",
    "longitude",
    "weapon",
    "launch_country",
    "killed",
    "injured",
    "status",
    "article_ids",
)
LABEL_COLUMNS = ("article_id", "kind", "incident_ids")

GOLD_WEAPONS = frozenset(
    {"drone", "cruise_missile", "ballistic_missile", "rocket", "mortar", "airstrike", "mixed", "unknown"}
)
GOLD_STATUSES = frozenset({"claimed", "confirmed", "claimed_and_confirmed", "reported"})
LABEL_KINDS = frozenset({"report", "distractor", "analysis"})

# Gold country cells are English names; the system stores ISO2. Only the theatre's countries are
# needed, and a short explicit table is easier to review than a gazetteer lookup.
_COUNTRY_ISO2 = {
    "israel": "IL",
    "iraq": "IQ",
    "syria": "SY",
    "lebanon": "LB",
    "yemen": "YE",
    "jordan": "JO",
    "iran": "IR",
    "saudi arabia": "SA",
    "united arab emirates": "AE",
    "bahrain": "BH",
    "kuwait": "KW",
    "qatar": "QA",
    "oman": "OM",
    "egypt": "EG",
    "turkey": "TR",
    "cyprus": "CY",
    "palestine": "PS",
    "gaza": "PS",
    "djibouti": "DJ",
    "eritrea": "ER",
    "pakistan": "PK",
}
SEA = "sea"  # key used for targets at sea (ships), which have no country


@dataclass(frozen=True, slots=True)
class GoldIncident:
    """One row of ``incidents.csv``; empty cells are ``None`` (``killed == 0`` means "none died")."""

    id: str
    date: date
    attacker: str
    umbrella: str
    target: str
    target_country: str
    target_place: str
    lat: float | None
    lon: float | None
    weapon: str
    launch_country: str | None
    killed: int | None
    injured: int | None
    status: str
    article_ids: tuple[str, ...]
    notes: str = ""
    # Where the gold names a place but gives no coordinates: the place the system's gazetteer finds
    # for that name. Matching uses it; the place field is scored only on the gold's own coordinates.
    named_point: tuple[float, float] | None = None

    @property
    def has_coordinates(self) -> bool:
        return self.lat is not None and self.lon is not None


@dataclass(frozen=True, slots=True)
class GoldLabel:
    """One row of ``article_labels.csv``: the article's kind and its incidents, primary first."""

    article_id: str
    kind: str
    incident_ids: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class GoldSet:
    incidents: tuple[GoldIncident, ...]
    labels: tuple[GoldLabel, ...] = ()

    def incidents_of_article(self) -> dict[str, set[str]]:
        """Article id -> gold incident ids, from both files (they should agree; the union is safer)."""
        out: dict[str, set[str]] = {}
        for inc in self.incidents:
            for art in inc.article_ids:
                out.setdefault(art, set()).add(inc.id)
        for lab in self.labels:
            for inc_id in lab.incident_ids:
                out.setdefault(lab.article_id, set()).add(inc_id)
        return out

    def articles_of_incident(self) -> dict[str, set[str]]:
        out: dict[str, set[str]] = {inc.id: set() for inc in self.incidents}
        for art, incs in self.incidents_of_article().items():
            for inc_id in incs:
                out.setdefault(inc_id, set()).add(art)
        return out


def country_codes(name: str | None) -> frozenset[str]:
    """ISO2 codes a gold country cell stands for; ``{"sea"}`` for ships and sea areas.

    "Iraq; Syria" -> {IQ, SY}; "Israel-controlled Golan Heights" -> {IL, SY} (either coding of the
    Golan is accepted); "Red Sea (ship)" -> {sea}; an unknown name -> empty.
    """
    if not name:
        return frozenset()
    codes: set[str] = set()
    for part in re.split(r"[;/]| and ", name):
        low = part.strip().lower()
        if not low:
            continue
        if "golan" in low:
            codes.update({"IL", "SY"})
        elif "sea" in low or "ship" in low or "gulf" in low or "strait" in low:
            codes.add(SEA)
        else:
            low = re.sub(r"\(.*?\)", "", low).strip()
            code = _COUNTRY_ISO2.get(low)
            if code is None and len(low) == 2 and low.isalpha():
                code = low.upper()  # already ISO2 (hand-made gold sets may use codes)
            if code is not None:
                codes.add(code)
    return frozenset(codes)


def country_key(name: str | None) -> str:
    """One key per gold country cell for counting: the first code in reading order, else 'unknown'."""
    if not name:
        return "unknown"
    low = name.lower()
    if "golan" in low:
        return "IL"  # Israel-controlled: counted with Israel, like the gold README's incident tally
    first = re.split(r"[;/]| and ", name)[0]
    codes = country_codes(first)
    return next(iter(sorted(codes))) if codes else "unknown"


_PAREN = re.compile(r"^(?P<outer>.*?)\s*\((?P<inner>.*)\)\s*$")
_PAIR = re.compile(r"^(?P<a>[A-Z]{2,4})-(?P<b>[A-Z]{2,4})$")
_UNKNOWN = re.compile(r"^(unknown|unidentified|unclear|n/?a)\b", re.IGNORECASE)
_SPLIT = re.compile(r"\s*(?:;|\s/\s|\bwith\b|\band\b|&)\s*")
_QUALIFIER = re.compile(r"(?:^|\s+)(?:suspected|per|according|attributed|widely|claimed)\b.*$", re.IGNORECASE)


def label_parts(label: str) -> tuple[list[str], list[str]]:
    """Split an attacker or umbrella cell into the names to look up: ``(primary, fallback)``.

    Primary names come from the text outside parentheses; the fallback names from inside, used
    only when no primary name resolves ("US-backed (SDF)" -> SDF; "Iran-backed militia (Kataib
    Hezbollah suspected by Pentagon)" -> Kataib Hezbollah). "X (suspected)" counts as X;
    "Houthis; IRI", "US-UK", "A with B", "A and B" give both; "unknown ..." gives nothing.
    """
    text = label.strip()
    if not text or _UNKNOWN.match(text):
        return [], []
    outer, inner = text, ""
    m = _PAREN.match(text)
    if m:
        outer, inner = m.group("outer").strip(), m.group("inner").strip()
    if re.search(r"-backed$", outer, re.IGNORECASE):
        outer = ""  # the backer is not the attacker: "US-backed (SDF)" means the SDF
    return _names(outer), _names(_QUALIFIER.sub("", inner.split(";")[0]))


# Descriptions, not names: "Iran-backed militia", "pro-Iran fighters", "armed Iraqi factions". A
# registry would resolve them to the backer (Iran), which is not who attacked.
_DESCRIPTION = re.compile(
    r"(^pro-|-backed\b|\baffiliated\b|\bfactions?\b|\bmilitants?\b|\bfighters\b|\bgroups?$)", re.IGNORECASE
)


def _names(text: str) -> list[str]:
    out: list[str] = []
    for part in _SPLIT.split(text):
        part = part.strip(" ,.")
        if not part or _UNKNOWN.match(part) or part.lower() == "suspected" or _DESCRIPTION.search(part):
            continue
        pair = _PAIR.match(part)
        out.extend([pair.group("a"), pair.group("b")] if pair else [part])
    return out


def load_gold(incidents_csv: Path | str, labels_csv: Path | str | None = None) -> GoldSet:
    """Read a gold set. Raises :class:`InputError` (file and line) on the first bad row."""
    incidents = tuple(_read_incidents(Path(incidents_csv)))
    seen: set[str] = set()
    for inc in incidents:
        if inc.id in seen:
            raise InputError(str(incidents_csv), f"duplicate incident_id {inc.id!r}")
        seen.add(inc.id)
    labels: tuple[GoldLabel, ...] = ()
    if labels_csv is not None:
        labels = tuple(_read_labels(Path(labels_csv), known=seen))
        dup = _first_duplicate(lab.article_id for lab in labels)
        if dup is not None:
            raise InputError(str(labels_csv), f"duplicate article_id {dup!r}")
    return GoldSet(incidents=incidents, labels=labels)


def _first_duplicate(items: Iterator[str]) -> str | None:
    seen: set[str] = set()
    for item in items:
        if item in seen:
            return item
        seen.add(item)
    return None


def _rows(path: Path, required: tuple[str, ...]) -> Iterator[tuple[int, dict[str, str]]]:
    try:
        handle = path.open(encoding="utf-8-sig", newline="")
    except OSError as exc:
        raise InputError(str(path), f"cannot open: {exc.strerror or exc}") from exc
    with handle:
        reader = csv.DictReader(handle)
        try:
            header = reader.fieldnames or []
            missing = [c for c in required if c not in header]
            if missing:
                raise InputError(f"{path}:1", f"missing columns {', '.join(missing)}")
            for row in reader:
                if None in row or any(v is None for v in row.values()):
                    raise InputError(f"{path}:{reader.line_num}", "wrong number of fields")
                yield reader.line_num, {k: (v or "").strip() for k, v in row.items()}
        except (csv.Error, UnicodeDecodeError) as exc:
            raise InputError(f"{path}:{reader.line_num}", f"unreadable CSV: {exc}") from exc


def _read_incidents(path: Path) -> Iterator[GoldIncident]:
    for line, row in _rows(path, INCIDENT_COLUMNS):
        where = f"{path}:{line}"
        inc_id = row["incident_id"]
        if not inc_id:
            raise InputError(where, "empty incident_id")
        try:
            day = date.fromisoformat(row["date"])
        except ValueError as exc:
            raise InputError(where, f"{inc_id}: date {row['date']!r} is not YYYY-MM-DD") from exc
        lat = _float(row["latitude"], where, "latitude", 90.0)
        lon = _float(row["longitude"], where, "longitude", 180.0)
        if (lat is None) != (lon is None):
            raise InputError(where, f"{inc_id}: latitude and longitude must both be set or both empty")
        weapon = row["weapon"] or "unknown"
        if weapon not in GOLD_WEAPONS:
            raise InputError(where, f"{inc_id}: weapon {weapon!r} not in {sorted(GOLD_WEAPONS)}")
        status = row["status"]
        if status not in GOLD_STATUSES:
            raise InputError(where, f"{inc_id}: status {status!r} not in {sorted(GOLD_STATUSES)}")
        if not row["attacker_umbrella"]:
            raise InputError(where, f"{inc_id}: empty attacker_umbrella (use 'unknown')")
        articles = tuple(row["article_ids"].split())
        if not articles:
            raise InputError(where, f"{inc_id}: no article_ids")
        yield GoldIncident(
            id=inc_id,
            date=day,
            attacker=row["attacker"] or "unknown",
            umbrella=row["attacker_umbrella"],
            target=row["target"],
            target_country=row["target_country"],
            target_place=row["target_place"],
            lat=lat,
            lon=lon,
            weapon=weapon,
            launch_country=row["launch_country"] or None,
            killed=_count(row["killed"], where, "killed"),
            injured=_count(row["injured"], where, "injured"),
            status=status,
            article_ids=articles,
            notes=row.get("notes", ""),
        )


def _read_labels(path: Path, *, known: set[str]) -> Iterator[GoldLabel]:
    for line, row in _rows(path, LABEL_COLUMNS):
        where = f"{path}:{line}"
        if not row["article_id"]:
            raise InputError(where, "empty article_id")
        if row["kind"] not in LABEL_KINDS:
            raise InputError(where, f"kind {row['kind']!r} not in {sorted(LABEL_KINDS)}")
        ids = tuple(row["incident_ids"].split())
        unknown = [i for i in ids if i not in known]
        if unknown:
            raise InputError(where, f"unknown incident ids {', '.join(unknown)}")
        yield GoldLabel(article_id=row["article_id"], kind=row["kind"], incident_ids=ids)


def _float(raw: str, where: str, name: str, bound: float) -> float | None:
    if not raw:
        return None
    try:
        value = float(raw)
    except ValueError as exc:
        raise InputError(where, f"{name} {raw!r} is not a number") from exc
    if not math.isfinite(value) or abs(value) > bound:
        raise InputError(where, f"{name} {raw!r} out of range")
    return value


def _count(raw: str, where: str, name: str) -> int | None:
    if not raw:
        return None
    try:
        value = int(raw)
    except ValueError as exc:
        raise InputError(where, f"{name} {raw!r} is not a whole number") from exc
    if value < 0:
        raise InputError(where, f"{name} {raw!r} is negative")
    return value
