"""Places and attackers the clustering tests share: mention fields as ``make_mention(**PLACE, **ACTOR)``."""

TOWER_22 = dict(
    place_id="site:tower-22",
    place_text="Tower 22",
    lat=33.314,
    lon=38.703,
    geo_precision="site",
    target_country="JO",
)
TANF_COUNTRY = dict(
    place_id="country:SY",
    place_text="Syria",
    lat=35.0,
    lon=38.5,
    geo_precision="country",
    target_country="SY",
)
ERBIL = dict(
    place_id="site:erbil-air-base",
    place_text="Erbil Air Base",
    lat=36.237,
    lon=43.963,
    geo_precision="town",
    target_country="IQ",
)
EILAT = dict(
    place_id="site:eilat",
    place_text="Eilat",
    lat=29.557,
    lon=34.952,
    geo_precision="town",
    target_country="IL",
)
HAIFA = dict(
    place_id="gn:294801",
    place_text="Haifa",
    lat=32.815,
    lon=34.989,
    geo_precision="town",
    target_country="IL",
)
JORDAN = dict(
    place_id="country:JO",
    place_text="Jordan",
    lat=31.2,
    lon=36.5,
    geo_precision="country",
    target_country="JO",
)
IRI = dict(actor_id="islamic-resistance-in-iraq", actor_umbrella="islamic-resistance-in-iraq")
US = dict(actor_id="united-states", actor_umbrella="united-states")
AIN_AL_ASAD = dict(
    place_id="site:ain-al-asad",
    place_text="Ain al-Asad airbase",
    lat=33.786,
    lon=42.441,
    geo_precision="site",
    target_country="IQ",
)
KIRYAT_SHMONA = dict(
    place_id="gn:294487",
    place_text="Kiryat Shmona",
    lat=33.207,
    lon=35.570,
    geo_precision="town",
    target_country="IL",
)
SAFED = dict(
    place_id="gn:293100",
    place_text="Safed",
    lat=32.965,
    lon=35.496,
    geo_precision="town",
    target_country="IL",
)
IRAQ = dict(
    place_id="gn:99237", place_text="Iraq", lat=33.0, lon=44.0, geo_precision="country", target_country="IQ"
)
