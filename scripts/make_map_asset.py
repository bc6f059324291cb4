"""Build ``src/proxywatch/report/assets/countries.json``: simplified country outlines for offline maps.

Source: the Natural Earth 1:110m "admin 0 countries" layer (public domain, naturalearthdata.com) as
bundled in the geopandas 0.14 wheel on PyPI (``geopandas/datasets/naturalearth_lowres``). Run once by a
maintainer, not at install time:

    pip download geopandas==0.14.4 --no-deps -d /tmp/gpd
    pip install pyshp
    python scripts/make_map_asset.py /tmp/gpd/geopandas-0.14.4-py3-none-any.whl

Only countries that reach into the window below are kept, with coordinates rounded to 0.01 degree,
so the asset stays small and the brief's map needs no tile server.
"""

from __future__ import annotations

import io
import json
import sys
import zipfile
from pathlib import Path

# Egypt and Turkey to Iran, the Caucasus to the Gulf of Aden: the theatres proxywatch covers.
WINDOW = (20.0, 5.0, 68.0, 45.0)  # lon_min, lat_min, lon_max, lat_max
OUT = Path(__file__).resolve().parents[1] / "src" / "proxywatch" / "report" / "assets" / "countries.json"
LAYER = "geopandas/datasets/naturalearth_lowres/naturalearth_lowres"


def _rings(shape: object) -> list[list[tuple[float, float]]]:
    points = shape.points  # type: ignore[attr-defined]
    parts = [*shape.parts, len(points)]  # type: ignore[attr-defined]
    return [points[parts[i] : parts[i + 1]] for i in range(len(parts) - 1)]


def _touches(ring: list[tuple[float, float]]) -> bool:
    lon0, lat0, lon1, lat1 = WINDOW
    xs = [p[0] for p in ring]
    ys = [p[1] for p in ring]
    return max(xs) >= lon0 and min(xs) <= lon1 and max(ys) >= lat0 and min(ys) <= lat1


def main(wheel: str) -> None:
    import shapefile  # pyshp: a maintainer's tool, not a proxywatch dependency

    with zipfile.ZipFile(wheel) as z:
        reader = shapefile.Reader(
            shp=io.BytesIO(z.read(LAYER + ".shp")),
            shx=io.BytesIO(z.read(LAYER + ".shx")),
            dbf=io.BytesIO(z.read(LAYER + ".dbf")),
            encoding="latin-1",  # the layer's .cpg says so
        )
        countries = []
        for record, shape in zip(reader.records(), reader.shapes(), strict=True):
            rings = [r for r in _rings(shape) if _touches(r)]
            if not rings:
                continue
            countries.append(
                {
                    "name": record["name"],
                    "iso_a3": record["iso_a3"],
                    "rings": [[[round(x, 2), round(y, 2)] for x, y in ring] for ring in rings],
                }
            )
    countries.sort(key=lambda c: c["name"])
    data = {
        "source": "Natural Earth 1:110m admin 0 countries (public domain), via the geopandas 0.14 wheel",
        "licence": "public domain (https://www.naturalearthdata.com/about/terms-of-use/)",
        "window": WINDOW,
        "countries": countries,
    }
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(data, separators=(",", ":")), encoding="utf-8")
    print(f"{len(countries)} countries -> {OUT} ({OUT.stat().st_size} bytes)")


if __name__ == "__main__":
    main(sys.argv[1])
