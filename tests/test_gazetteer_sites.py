"""The curated data files: every row sourced, coordinates plausible and checked against their source."""

from __future__ import annotations

import csv
import re
from importlib import resources
from pathlib import Path

import pytest

from proxywatch.models import GeoPrecision
from proxywatch.resolve.gazetteer import Gazetteer, distance_km
from proxywatch.resolve.text import normalize

DATA = Path(str(resources.files("proxywatch.resolve") / "data"))
SHARED = Path(__file__).resolve().parents[2] / "shared" / "data"

# (lat_min, lat_max, lon_min, lon_max), a little wider than each country.
BBOX = {
    "IQ": (29.0, 37.5, 38.7, 48.7),
    "SY": (32.3, 37.4, 35.6, 42.5),
    "IL": (29.4, 33.5, 34.2, 35.95),
    "PS": (31.2, 32.6, 34.2, 35.6),
    "LB": (33.0, 34.75, 35.0, 36.7),
    "JO": (29.1, 33.45, 34.9, 39.35),
    "YE": (12.0, 19.1, 42.5, 54.6),
    "IR": (25.0, 39.8, 44.0, 63.4),
    "SA": (16.3, 32.2, 34.5, 55.7),
    "QA": (24.4, 26.2, 50.7, 51.7),
    "KW": (28.5, 30.1, 46.5, 48.5),
    "AE": (22.6, 26.1, 51.5, 56.4),
    "BH": (25.5, 26.4, 50.3, 50.9),
    "OM": (16.6, 26.4, 51.9, 59.9),
    "EG": (22.0, 31.7, 24.7, 36.9),
    "TR": (35.8, 42.1, 25.6, 44.8),
    "CY": (34.5, 35.7, 32.2, 34.6),
}
SITE_KINDS = {
    "base", "airbase", "airport", "port", "naval_base", "oil_field", "gas_field", "border_crossing",
    "outpost", "city_district", "military_hq", "energy_plant", "nuclear_site", "camp", "town",
}  # fmt: skip
SOURCE_WORDS = ("GeoNames", "airportsdata (MIT)", "Wikipedia article", "OpenStreetMap")


def read(name: str) -> list[dict[str, str]]:
    with (DATA / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


SITES = read("sites.csv")
REGIONS = read("regions.csv")


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return Gazetteer.builtin()


def test_enough_sites_with_unique_ids() -> None:
    assert len(SITES) >= 80
    ids = [r["id"] for r in SITES + REGIONS]
    assert len(ids) == len(set(ids))
    assert all(re.fullmatch(r"site:[a-z0-9-]+", r["id"]) for r in SITES)
    assert all(re.fullmatch(r"(country:[A-Z]{2}|region:[a-z0-9-]+|sea:[a-z0-9-]+)", r["id"]) for r in REGIONS)


@pytest.mark.parametrize("row", SITES, ids=[r["id"] for r in SITES])
def test_site_row_is_sourced_and_inside_its_country(row: dict[str, str]) -> None:
    assert row["name"].strip() and row["kind"] in SITE_KINDS
    assert any(word in row["source"] for word in SOURCE_WORDS), row["source"]
    lat, lon, radius = float(row["lat"]), float(row["lon"]), float(row["radius_km"])
    lat_min, lat_max, lon_min, lon_max = BBOX[row["country"]]
    assert lat_min <= lat <= lat_max and lon_min <= lon <= lon_max, (lat, lon)
    assert 1 <= radius <= 100
    if row["source"].startswith("approximate"):
        assert radius >= 3  # an approximate position never claims a tight radius
    # Never more precision than the source has: at most 5 decimals (GeoNames), 2 when from memory.
    for value in (row["lat"], row["lon"]):
        decimals = len(value.partition(".")[2])
        assert decimals <= (2 if "Wikipedia" in row["source"] else 5), value


@pytest.mark.parametrize("row", REGIONS, ids=[r["id"] for r in REGIONS])
def test_region_row(row: dict[str, str]) -> None:
    assert row["precision"] in {GeoPrecision.REGION, GeoPrecision.COUNTRY, GeoPrecision.SEA}
    assert row["source"].strip()
    lat, lon, radius = float(row["lat"]), float(row["lon"]), float(row["radius_km"])
    assert -90 <= lat <= 90 and -180 <= lon <= 180 and radius >= 10
    if row["precision"] == GeoPrecision.SEA:
        assert row["country"] == ""
    else:
        lat_min, lat_max, lon_min, lon_max = BBOX[row["country"]]
        assert lat_min <= lat <= lat_max and lon_min <= lon <= lon_max, (lat, lon)
    if row["precision"] == GeoPrecision.COUNTRY:
        assert row["id"] == f"country:{row['country']}"


def test_no_alias_names_two_curated_places() -> None:
    owner: dict[str, str] = {}
    clashes = []
    for row in SITES + REGIONS:
        for name in {row["name"], *row["aliases"].split("|")}:
            key = normalize(name)
            if key in owner and owner[key] != row["id"]:
                clashes.append((name, owner[key], row["id"]))
            owner.setdefault(key, row["id"])
    assert clashes == []


def test_sites_citing_a_geonames_town_sit_on_it(gaz: Gazetteer) -> None:
    checked = 0
    for row in SITES:
        match = re.search(r"GeoNames[^;]*?\((\d+)\)", row["source"])
        if not match:
            continue
        town = gaz.get(f"gn:{match.group(1)}")
        assert distance_km((float(row["lat"]), float(row["lon"])), town) < 0.5, row["id"]
        checked += 1
    assert checked >= 25


@pytest.mark.shared
def test_sites_citing_airportsdata_match_it() -> None:
    path = SHARED / "gazetteer" / "airfields_middle_east_airportsdata.csv"
    if not path.is_file():
        pytest.skip("../shared/data is absent")
    with path.open(encoding="utf-8", newline="") as handle:
        airfields = {r["icao"]: r for r in csv.DictReader(handle)}
    checked = 0
    for row in SITES:
        match = re.search(r"airportsdata \(MIT\).*\(([A-Z0-9]{4})\)", row["source"])
        if not match or match.group(1) not in airfields:
            continue
        field = airfields[match.group(1)]
        assert row["country"] == field["country"], row["id"]
        here, there = (float(row["lat"]), float(row["lon"])), (float(field["lat"]), float(field["lon"]))
        assert distance_km(here, there) < 0.5, row["id"]
        checked += 1
    assert checked >= 30


REQUIRED = [
    "Ain al-Asad", "al-Tanf", "Tower 22", "Erbil air base", "Harir base", "Baghdad airport",
    "Victory Base", "Union III", "al-Shaddadi", "Conoco gas field", "al-Omar oil field", "Green Village",
    "Rumeilan", "Rmelan", "Kharab al-Jir", "Mission Support Site Euphrates", "Rukban", "Malikiyah",
    "Tell Baydar", "Qasrak", "Eilat port", "Eilat", "Port of Haifa", "Bazan", "Haifa Bay", "Nevatim",
    "Ramat David", "Ramon airbase", "Hatzerim", "Meron air control base", "Ben Gurion Airport", "Tel Nof",
    "Palmachim", "Dimona", "Golan Heights", "Katzrin", "Majdal Shams", "Tiberias", "Kiryat Shmona",
    "Safed", "Metula", "Nahariya", "Ashkelon", "Beersheba", "Hodeidah port", "Ras Isa", "Sanaa airport",
    "Bab el-Mandeb", "Mezzeh airbase", "Damascus airport", "Aleppo airport", "T4", "Tiyas", "Shayrat",
    "Abu Kamal", "Albukamal", "Mayadin", "Deir ez-Zor airport", "Dahiyeh", "Beirut airport",
    "Jurf al-Sakhar", "Jurf al-Nasr", "al-Qaim", "Akashat",
]  # fmt: skip


@pytest.mark.parametrize("name", REQUIRED)
def test_required_places_are_curated(gaz: Gazetteer, name: str) -> None:
    place = gaz.lookup(name)
    assert place is not None, name
    assert gaz.is_curated(place.id), (name, place.id)


@pytest.mark.parametrize(
    ("sentence", "place_id"),
    [
        ("Two drones hit a position near Beit Hillel on Monday.", "site:beit-hillel"),
        ("A tank was struck near Kibbutz Yiftah.", "site:yiftah"),
        ("A drone fell in Eilaboun in the Galilee.", "site:eilabun"),
        ("A drone struck a car in Khiyara in the western Bekaa.", "site:khiara"),
        ("They attacked a US base on the Koniko gas field.", "site:conoco"),
    ],
)
def test_small_border_villages_and_spellings_are_found(gaz: Gazetteer, sentence: str, place_id: str) -> None:
    # Villages under GeoNames' population floor for the finder, and a transliteration of a site.
    assert place_id in {key for _, _, key in gaz.finder().find(sentence)}
