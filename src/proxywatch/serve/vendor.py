"""Rebuild the dashboard's vendored assets from npm packages: ``python -m proxywatch.serve.vendor``.

The dashboard must work with no internet, so every third-party asset is copied into ``static/vendor``
and committed, with its licence. This script is how they got there (and how to update them):

- ``swagger-ui-dist``: the API docs page (FastAPI's own ``/docs`` pulls it from a CDN);
- ``world-atlas``: Natural Earth country outlines (public domain) as TopoJSON, decoded here and clipped
  to the Middle East, so the map needs no tile server and the file stays small.

It runs ``npm pack`` (the npm registry is the only place it reads from) into a temporary directory.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import tarfile
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from proxywatch.errors import InputError

SWAGGER = "swagger-ui-dist@5.35.0"
WORLD_ATLAS = "world-atlas@2.0.2"
SWAGGER_FILES = ("swagger-ui-bundle.js", "swagger-ui.css", "LICENSE", "NOTICE")

# lon_min, lat_min, lon_max, lat_max: the Levant, Iraq, Iran, the Gulf, Yemen and the Red Sea.
REGION = (20.0, 5.0, 70.0, 45.0)

STATIC = Path(__file__).resolve().parent / "static" / "vendor"

Ring = list[tuple[float, float]]


def npm_pack(spec: str, workdir: Path) -> Path:
    """Download and unpack one npm package; return its ``package`` directory."""
    try:
        out = subprocess.run(
            ["npm", "pack", spec, "--silent"], cwd=workdir, check=True, capture_output=True, text=True
        )
    except (OSError, subprocess.CalledProcessError) as exc:
        raise InputError(spec, f"npm pack failed: {exc}") from exc
    tgz = workdir / out.stdout.strip().splitlines()[-1]
    target = workdir / tgz.stem
    with tarfile.open(tgz) as archive:
        archive.extractall(target, filter="data")
    return target / "package"


def decode_arcs(topology: dict[str, Any]) -> list[Ring]:
    """TopoJSON arcs are quantised and delta-encoded; return them as absolute lon/lat points."""
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs: list[Ring] = []
    for arc in topology["arcs"]:
        x = y = 0
        points: Ring = []
        for dx, dy in arc:
            x += dx
            y += dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def ring_points(indices: Sequence[int], arcs: Sequence[Ring]) -> Ring:
    """Join arcs into a ring; ``~i`` means arc ``i`` reversed; consecutive arcs share an end point."""
    points: Ring = []
    for index in indices:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        points.extend(arc[1:] if points else arc)
    return points


def _clip_edge(points: Ring, inside: Any, cross: Any) -> Ring:
    out: Ring = []
    for i, current in enumerate(points):
        previous = points[i - 1]
        if inside(current):
            if not inside(previous):
                out.append(cross(previous, current))
            out.append(current)
        elif inside(previous):
            out.append(cross(previous, current))
    return out


def clip_ring(points: Ring, box: tuple[float, float, float, float]) -> Ring:
    """Sutherland-Hodgman clipping of a polygon ring to a lon/lat rectangle."""
    x0, y0, x1, y1 = box

    def at_x(x: float) -> Any:
        return lambda a, b: (x, a[1] + (b[1] - a[1]) * (x - a[0]) / (b[0] - a[0]))

    def at_y(y: float) -> Any:
        return lambda a, b: (a[0] + (b[0] - a[0]) * (y - a[1]) / (b[1] - a[1]), y)

    for inside, cross in (
        (lambda p: p[0] >= x0, at_x(x0)),
        (lambda p: p[0] <= x1, at_x(x1)),
        (lambda p: p[1] >= y0, at_y(y0)),
        (lambda p: p[1] <= y1, at_y(y1)),
    ):
        if not points:
            break
        points = _clip_edge(points, inside, cross)
    return points


def region_outlines(topology: dict[str, Any], box: tuple[float, float, float, float]) -> dict[str, Any]:
    """Country outlines clipped to ``box`` as a GeoJSON FeatureCollection (2-decimal coordinates)."""
    arcs = decode_arcs(topology)
    features = []
    for geometry in topology["objects"]["countries"]["geometries"]:
        kind = geometry.get("type")
        polygons = (
            [geometry["arcs"]] if kind == "Polygon" else geometry["arcs"] if kind == "MultiPolygon" else []
        )
        clipped = []
        for polygon in polygons:
            rings = []
            for ring in polygon:
                points = clip_ring(ring_points(ring, arcs), box)
                rounded = [(round(x, 2), round(y, 2)) for x, y in points]
                # Drop repeated points the rounding made, then rings too small to draw.
                compact = [p for i, p in enumerate(rounded) if i == 0 or p != rounded[i - 1]]
                if len(compact) >= 3:
                    rings.append([list(p) for p in compact])
            if rings:
                clipped.append(rings)
        if clipped:
            features.append(
                {
                    "type": "Feature",
                    "id": geometry.get("id"),
                    "properties": {"name": geometry.get("properties", {}).get("name", "")},
                    "geometry": {"type": "MultiPolygon", "coordinates": clipped},
                }
            )
    return {"type": "FeatureCollection", "bbox": list(box), "features": features}


def build(target: Path = STATIC) -> list[Path]:
    """Fetch the packages and write the vendored files under ``target``; return the files written."""
    written: list[Path] = []
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        swagger = npm_pack(SWAGGER, work)
        out = target / "swagger-ui"
        out.mkdir(parents=True, exist_ok=True)
        for name in SWAGGER_FILES:
            shutil.copyfile(swagger / name, out / name)
            written.append(out / name)
        atlas = npm_pack(WORLD_ATLAS, work)
        out = target / "world-atlas"
        out.mkdir(parents=True, exist_ok=True)
        topology = json.loads((atlas / "countries-50m.json").read_text(encoding="utf-8"))
        outlines = region_outlines(topology, REGION)
        path = out / "mideast-countries.json"
        path.write_text(json.dumps(outlines, separators=(",", ":")), encoding="utf-8")
        shutil.copyfile(atlas / "LICENSE", out / "LICENSE")
        (out / "SOURCE.txt").write_text(
            f"{WORLD_ATLAS} countries-50m.json (Natural Earth 4.1.0, public domain), decoded and clipped to "
            f"lon/lat box {REGION} by proxywatch.serve.vendor.\n",
            encoding="utf-8",
        )
        written += [path, out / "LICENSE", out / "SOURCE.txt"]
    return written


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--target", type=Path, default=STATIC, help="Directory to write (static/vendor).")
    args = parser.parse_args(argv)
    for path in build(args.target):
        print(f"{path.stat().st_size:>9}  {path}")


if __name__ == "__main__":
    main()
