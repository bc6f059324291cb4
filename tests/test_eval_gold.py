"""Loading gold labels in the devnews format: typed records, clear errors, label splitting."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from proxywatch.errors import InputError
from proxywatch.evaluate.gold import country_codes, country_key, label_parts, load_gold

DEVNEWS = Path(__file__).resolve().parents[2] / "shared" / "data" / "devnews"
SAMPLE = Path(__file__).resolve().parents[1] / "src" / "proxywatch" / "data" / "sample"

HEADER = (
    "incident_id,date,attacker,attacker_umbrella,target,target_country,target_place,latitude,longitude,"
    "weapon,launch_country,killed,injured,status,article_ids,notes\n"
)
ROW_1 = (
    'i001,2024-01-20,Islamic Resistance in Iraq,IRI,"US forces, Ain al-Asad",Iraq,'
    '"Ain al-Asad air base, Anbar",'
    "33.8,42.44,ballistic_missile,,0,4,claimed_and_confirmed,d001 d002,\n"
)
ROW_2 = 'i002,2024-01-21,unknown,IRI (suspected),US base,Syria,,,,unknown,,,,reported,d003,"a note, quoted"\n'


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_rows_become_typed_records(tmp_path: Path) -> None:
    inc = write(tmp_path, "incidents.csv", HEADER + ROW_1 + ROW_2)
    lab = write(
        tmp_path,
        "labels.csv",
        "article_id,kind,incident_ids\nd001,report,i001\nd002,report,i001\nd003,report,i002\nd004,distractor,\n",
    )
    gold = load_gold(inc, lab)
    first, second = gold.incidents
    assert first.id == "i001" and first.date == date(2024, 1, 20)
    assert (first.lat, first.lon) == (33.8, 42.44) and first.has_coordinates
    assert first.killed == 0 and first.injured == 4  # 0 means "none", kept apart from empty
    assert first.article_ids == ("d001", "d002")
    assert first.launch_country is None and first.weapon == "ballistic_missile"
    assert second.lat is None and second.killed is None and not second.has_coordinates
    assert second.notes == "a note, quoted"
    assert [(lb.article_id, lb.kind, lb.incident_ids) for lb in gold.labels][-1] == ("d004", "distractor", ())
    assert gold.articles_of_incident() == {"i001": {"d001", "d002"}, "i002": {"d003"}}


@pytest.mark.parametrize(
    ("row", "needle"),
    [
        (ROW_2.replace("2024-01-21", "2024-02-30"), "date '2024-02-30'"),
        (ROW_2.replace(",,,,unknown", ",,12.5,,unknown"), "latitude and longitude"),
        (ROW_2.replace("unknown,,,,reported", "laser,,,,reported"), "weapon 'laser'"),
        (ROW_2.replace("reported", "rumoured"), "status 'rumoured'"),
        (ROW_2.replace(",,,,reported", ",,-1,,reported"), "killed '-1'"),
        (ROW_2.replace(",d003,", ",,"), "no article_ids"),
        (ROW_1.replace("i001", "i002"), "duplicate incident_id"),
    ],
)
def test_bad_incident_row_names_file_and_line(tmp_path: Path, row: str, needle: str) -> None:
    inc = write(tmp_path, "incidents.csv", HEADER + ROW_2 + row)
    with pytest.raises(InputError) as err:
        load_gold(inc)
    message = str(err.value)
    assert "incidents.csv" in message and needle in message
    if "duplicate" not in needle:
        assert "incidents.csv:3" in message


def test_missing_column_and_missing_file(tmp_path: Path) -> None:
    inc = write(tmp_path, "incidents.csv", HEADER.replace("status,", "") + "x\n")
    with pytest.raises(InputError, match=r"incidents\.csv:1: missing columns status"):
        load_gold(inc)
    with pytest.raises(InputError, match="nope.csv"):
        load_gold(tmp_path / "nope.csv")


def test_label_pointing_to_unknown_incident(tmp_path: Path) -> None:
    inc = write(tmp_path, "incidents.csv", HEADER + ROW_1)
    lab = write(tmp_path, "labels.csv", "article_id,kind,incident_ids\nd001,report,i001 i009\n")
    with pytest.raises(InputError, match=r"labels\.csv:2: unknown incident ids i009"):
        load_gold(inc, lab)
    bad_kind = write(tmp_path, "kinds.csv", "article_id,kind,incident_ids\nd001,opinion,\n")
    with pytest.raises(InputError, match="kind 'opinion'"):
        load_gold(inc, bad_kind)


@pytest.mark.parametrize(
    ("label", "primary", "fallback"),
    [
        ("IRI (suspected)", ["IRI"], []),
        ("Houthis; IRI", ["Houthis", "IRI"], []),
        ("US-UK", ["US", "UK"], []),
        ("US-backed (SDF)", [], ["SDF"]),
        ("United States and United Kingdom", ["United States", "United Kingdom"], []),
        ("Houthis with Islamic Resistance in Iraq", ["Houthis", "Islamic Resistance in Iraq"], []),
        ("Iran-backed militia (Kataib Hezbollah suspected by Pentagon)", [], ["Kataib Hezbollah"]),
        ("Kataib Hezbollah and affiliated groups", ["Kataib Hezbollah"], []),
        ("pro-Iran fighters (per SOHR)", [], []),
        ("armed Iraqi factions", [], []),
        ("Hezbollah (attributed by Israel/US; Hezbollah denied)", ["Hezbollah"], []),
        ("unknown", [], []),
        ("unknown (drone from Lebanon)", [], []),
    ],
)
def test_label_parts(label: str, primary: list[str], fallback: list[str]) -> None:
    assert label_parts(label) == (primary, fallback)


def test_country_cells_map_to_iso2() -> None:
    assert country_codes("Iraq") == {"IQ"}
    assert country_codes("Iraq; Syria") == {"IQ", "SY"}
    assert country_codes("Israel-controlled Golan Heights") == {"IL", "SY"}
    assert country_codes("Red Sea (ship)") == {"sea"}
    assert country_codes("") == frozenset() and country_codes("Atlantis") == frozenset()
    assert country_key("Iraq; Syria") == "IQ" and country_key("Israel-controlled Golan Heights") == "IL"


@pytest.mark.skipif(not DEVNEWS.is_dir(), reason="../shared/data/devnews not present")
def test_real_devnews_gold_loads() -> None:
    gold = load_gold(DEVNEWS / "incidents.csv", DEVNEWS / "article_labels.csv")
    assert len(gold.incidents) == 112
    assert len(gold.labels) == 237
    assert sum(1 for lb in gold.labels if lb.kind == "report") == 180
    assert sum(1 for g in gold.incidents if g.has_coordinates) == 43
    # Every gold country cell maps to a key, so weekly counts by country have no "unknown" gold rows.
    assert all(country_key(g.target_country) != "unknown" for g in gold.incidents)


@pytest.mark.skipif(not (SAMPLE / "incidents.csv").is_file(), reason="bundled sample not built yet")
def test_bundled_sample_gold_loads_and_is_consistent() -> None:
    gold = load_gold(SAMPLE / "incidents.csv", SAMPLE / "article_labels.csv")
    assert gold.incidents and gold.labels
    labelled = {lb.article_id for lb in gold.labels}
    # Every article a gold incident cites has a label row, so relevance and B³ see the same articles.
    assert {a for inc in gold.incidents for a in inc.article_ids} <= labelled
